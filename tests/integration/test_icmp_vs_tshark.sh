#!/usr/bin/env bash
# ICMP (IPv4) against tshark 4.0, on tests/data/make_icmp.py's capture: the summary lines
# of every type and code (names, padding, id/seq of queries, malformed short queries),
# frame.protocols frame for frame, and every filter of tests/data/filters_icmp.txt
# (unused bytes, MTU, RFC 4884 lengths, pointer, gateway, mask, resp_in/no_resp).
# No traffic: the capture is crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_icmp.py" "$WORK/icmp.pcap"
check "make_icmp.py writes a capture" test -s "$WORK/icmp.pcap"
check_lines_like_tshark "$WORK/icmp.pcap" "every type and code"
# (a redirect with no quoted byte threw inside the error packet: left out of -z io,phs)
check_phs_like_tshark "$WORK/icmp.pcap" "redirects with an empty quote left out"
check "frame.protocols equals tshark's on every frame" \
  timeout 120 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/icmp.pcap"
check_filters_like_tshark "$WORK/icmp.pcap" "$DATA/filters_icmp.txt" 60

# A ping's send time in its data (icmp.data_time): where tshark finds one, and where data
# starts then (lines, protocol hierarchy, filters).
python3 "$DATA/make_icmp_data_time.py" "$WORK/data_time.pcap"
check_lines_like_tshark "$WORK/data_time.pcap" "pings with send times"
check_phs_like_tshark "$WORK/data_time.pcap" "pings with send times"
check_filters_like_tshark "$WORK/data_time.pcap" "$DATA/filters_icmp_data_time.txt" 30

# ICMP and ICMPv6 errors the snap length cut at every length of their quotes
# (tests/data/make_icmp_cut.py): "[Packet size limited during capture]" where the first
# failing read is past the capture, the quoted layer being read named in frame.protocols,
# the frame left out of -z io,phs (the exception inside the error packet skips the taps)
python3 "$DATA/make_icmp_cut.py" "$WORK/icmp_cut.pcap"
check "make_icmp_cut.py writes a capture" test -s "$WORK/icmp_cut.pcap"
check_lines_like_tshark "$WORK/icmp_cut.pcap" "quotes cut by the snap length"
check_phs_like_tshark "$WORK/icmp_cut.pcap" "frames whose quote threw left out"
check "frame.protocols equals tshark's on every cut frame" \
  timeout 120 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/icmp_cut.pcap"
check_filters_like_tshark "$WORK/icmp_cut.pcap" "$DATA/filters_icmp.txt" 60 "cut errors"
check_filters_like_tshark "$WORK/icmp_cut.pcap" "$DATA/filters_icmp_cut.txt" 180
# Whole captures cut as `tcpdump -s 60` / `-s 96` would: errors quoting UDP and DHCP
for s in 60 96; do
  editcap -s "$s" "$DATA/ipv6_icmp_arp.pcap" "$WORK/s$s-ipv6_icmp_arp.pcap"
  check_lines_like_tshark "$WORK/s$s-ipv6_icmp_arp.pcap" "snap length $s"
  editcap -s "$s" "$DATA/dhcp_edge.pcap" "$WORK/s$s-dhcp_edge.pcap"
  # (frames 36 and 37: DHCP itself cut, not quoted, where sockscope still differs)
  tshark -r "$WORK/s$s-dhcp_edge.pcap" -Y "icmp" >"$WORK/t_dhcp_icmp.txt" 2>/dev/null
  "$SOCKSCOPE" read -Y "icmp" "$WORK/s$s-dhcp_edge.pcap" >"$WORK/o_dhcp_icmp.txt"
  check_same_file "read: ICMP errors quoting DHCP at snap length $s" \
    "$WORK/t_dhcp_icmp.txt" "$WORK/o_dhcp_icmp.txt"
done
finish
