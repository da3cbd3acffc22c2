#!/usr/bin/env bash
# IPv4 and IPv6 headers and transport payloads cut by the snap length, against tshark 4.0: every filter of
# tests/data/filters_ip_cut.txt selects the same frames on tests/data/make_ip_cut.py's
# capture (the fields a cut header has up to where it was cut, `ip` itself, len(ip), the
# bogus version, header length and total length that stop the fields, whole or cut), the
# summary lines and -z io,phs. Then IP protocol numbers no tshark dissector takes
# (tests/data/make_ip_protocols.py): their Info ("GGP (3)", "Unknown IP Protocol: ..."),
# their payload as data, and no silent frame.protocols difference for the numbers tshark
# dissects and sockscope does not. No traffic: the captures are crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_ip_cut.py" "$WORK/ip_cut.pcap"
check "make_ip_cut.py writes a capture" test -s "$WORK/ip_cut.pcap"
check_lines_like_tshark "$WORK/ip_cut.pcap" "source columns, Bogus ... Info"
check_phs_like_tshark "$WORK/ip_cut.pcap" "_ws.short, not for a bogus header"
check_filters_like_tshark "$WORK/ip_cut.pcap" "$DATA/filters_ip_cut.txt" 120
check_filters_like_tshark "$WORK/ip_cut.pcap" "$DATA/filters_functions.txt" 120 "len() of cut headers"
# UDP and TCP headers and an HTTP request cut by the snap length
check_filters_like_tshark "$DATA/truncated_packets.pcap" "$DATA/filters_ip_cut.txt" 120 "cut transports"
check_phs_like_tshark "$DATA/truncated_packets.pcap" "http of a cut request"
# Frames shorter on the wire than their headers (malformed, not short), beside the same
# places cut by the snap length (tests/data/make_short_frames.py)
python3 "$DATA/make_short_frames.py" "$WORK/short_frames.pcap"
check "make_short_frames.py writes a capture" test -s "$WORK/short_frames.pcap"
check_lines_like_tshark "$WORK/short_frames.pcap" "[Malformed Packet] where the frame ends early"
check_phs_like_tshark "$WORK/short_frames.pcap" "_ws.malformed and _ws.short"
check_filters_like_tshark "$WORK/short_frames.pcap" "$DATA/filters_short_frames.txt" 120
# Payloads the snap length cut behind whole headers (tests/data/make_snap_payload.py): no
# error for TCP with no byte or part of its payload, data as captured, HTTP/DNS/DHCP short
python3 "$DATA/make_snap_payload.py" "$WORK/snap_payload.pcap"
check "make_snap_payload.py writes a capture" test -s "$WORK/snap_payload.pcap"
check_lines_like_tshark "$WORK/snap_payload.pcap" "[Packet size limited during capture] where a dissector read past the cut"
check_phs_like_tshark "$WORK/snap_payload.pcap" "data and _ws.short of cut payloads"
check_filters_like_tshark "$WORK/snap_payload.pcap" "$DATA/filters_snap_payload.txt" 120
check_filters_like_tshark "$WORK/snap_payload.pcap" "$DATA/filters_dns_tcp.txt" 120 "DNS over TCP cut"
# Whole captures cut as `tcpdump -s 60` would (editcap -s): SYN options cut (the analysis
# runs, its findings are not shown, no window scaling verdict), malformed DNS messages cut
for f in tcp_anomalies tcp_tfo tcp_gap; do
  editcap -s 60 "$DATA/$f.pcap" "$WORK/s60-$f.pcap"
  check_filters_like_tshark "$WORK/s60-$f.pcap" "$DATA/filters_tcp_analysis.txt" 120 "$f at snap length 60"
done
check_lines_like_tshark "$WORK/s60-tcp_anomalies.pcap" "snap length 60"
editcap -s 96 "$DATA/tcp_tfo.pcap" "$WORK/s96-tcp_tfo.pcap"
check_lines_like_tshark "$WORK/s96-tcp_tfo.pcap" "snap length 96"
editcap -s 60 "$DATA/dns_odd.pcap" "$WORK/s60-dns_odd.pcap"
check_filters_like_tshark "$WORK/s60-dns_odd.pcap" "$DATA/filters_dns.txt" 120 "dns_odd at snap length 60"
# (frame 499: a name whose compression pointer points at itself, where tshark's first
# failed read is past the message and sockscope's past the capture)
tshark -r "$WORK/s60-dns_odd.pcap" -Y "frame.number != 499" >"$WORK/t_dns60.txt" 2>/dev/null
"$SOCKSCOPE" read -Y "frame.number != 499" "$WORK/s60-dns_odd.pcap" >"$WORK/o_dns60.txt"
check_same_file "read: DNS cut at snap length 60 is malformed or short as tshark says, not both" \
  "$WORK/t_dns60.txt" "$WORK/o_dns60.txt"
# Which exception a cut frame ends in (tests/data/filters_snap_cut.txt): a TCP or ICMPv6
# header cut within a segment shorter than the header (short), an MLDv2 report's records,
# a DHCP message's fixed fields and the Info column's chaddr, the FCS tshark assumes in a
# frame of 64 bytes or more (make_link_headers.py's trailer.pcap); in short_frames, option
# values a short segment holds part of, whose first failed read ends within the segment
# (short) or past it (malformed).
python3 "$DATA/make_icmpv6_nd.py" "$WORK/nd.pcap"
python3 "$DATA/make_link_headers.py" "$WORK"
for s in 60 96; do
  for f in "$WORK/short_frames.pcap" "$WORK/nd.pcap" "$WORK/trailer.pcap" "$DATA/dhcp_edge.pcap"; do
    editcap -s "$s" "$f" "$WORK/cut$s-$(basename "$f")"
    check_filters_like_tshark "$WORK/cut$s-$(basename "$f")" "$DATA/filters_snap_cut.txt" 120 \
      "$(basename "$f") at snap length $s"
    check_phs_like_tshark "$WORK/cut$s-$(basename "$f")" "$(basename "$f") at snap length $s"
  done
done
# IP protocols without a dissector: every number over IPv4, a spread over IPv6, behind
# extension headers, in tunnels, fragmented, cut, quoted by ICMP errors; and the numbers
# tshark dissects
python3 "$DATA/make_ip_protocols.py" "$WORK/ip_protocols.pcap" "$WORK/ip_dissected.pcap"
check "make_ip_protocols.py writes its captures" test -s "$WORK/ip_dissected.pcap"
check_lines_like_tshark "$WORK/ip_protocols.pcap" "GGP (3), Unknown IP Protocol: ..."
check_phs_like_tshark "$WORK/ip_protocols.pcap" "data after ip and ipv6"
check_filters_like_tshark "$WORK/ip_protocols.pcap" "$DATA/filters_ip_protocols.txt" 120
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" \
  "$WORK/ip_protocols.pcap" "$WORK/ip_dissected.pcap")
rc=$?
echo "$out" | grep -v '^WARNED' | tail -8
check "frame.protocols equals tshark's, or sockscope warns (a protocol tshark dissects)" \
  test "$rc" -eq 0
check "no frame.protocols warning where tshark has no dissector" \
  bash -c '! "$1" read "$2" -Y "frame.protocols" 2>&1 >/dev/null | grep -q .' _ "$SOCKSCOPE" \
  "$WORK/ip_protocols.pcap"
finish
