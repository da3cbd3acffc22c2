#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# GRE's gaps against tshark 4.0, on tests/data/gre_ppp.pcap (tests/data/make_gre_ppp.py):
# PPP inside PPTP's GRE (LCP, IPCP, PAP, CHAP, IPv4/IPv6 inside, address/control and
# protocol compression, frames cut short), ARP bridged over GRE, GRE nested in IP in GRE;
# and GRE checksums (tests/data/make_gre_checksum.py, filters_gre_checksum.txt).
# `read`'s summary lines byte for byte, frame.protocols frame for frame, and every filter of
# tests/data/filters_gre_ppp.txt through `tshark -Y` and `read -Y` (same frames, or both
# reject). No traffic: the capture is crafted (this kernel may have no GRE or PPTP module).
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"
HELPER="$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py"
PCAP="$DATA/gre_ppp.pcap"

python3 "$DATA/make_gre_ppp.py" "$WORK/gre_ppp.pcap"
check "make_gre_ppp.py writes the committed gre_ppp.pcap" cmp -s "$WORK/gre_ppp.pcap" "$PCAP"

tshark -r "$PCAP" >"$WORK/t_lines.txt" 2>/dev/null
"$SOCKSCOPE" read "$PCAP" >"$WORK/o_lines.txt" 2>"$WORK/o_err.txt"
check_same_file "read: every summary line equals tshark's ($(wc -l <"$WORK/t_lines.txt") lines)" \
  "$WORK/t_lines.txt" "$WORK/o_lines.txt"
check_eq "read prints no warning (frame.protocols is tshark's on every frame)" "" "$(cat "$WORK/o_err.txt")"
check "the capture has LCP, IPCP, PAP and CHAP lines" \
  grep -q "PPP LCP .* Configuration Request" "$WORK/t_lines.txt"
check "... and a PAP request with its peer and password" \
  grep -q "PPP PAP .* Authenticate-Request (Peer-ID='alice', Password='secret')" "$WORK/t_lines.txt"
check "... and ARP over GRE with the bridged MACs as its columns" \
  grep -q "02:00:00:00:00:01 → Broadcast    ARP" "$WORK/t_lines.txt"
check "... and GRE in IPv6 in GRE" \
  test "$(tshark -r "$PCAP" -Y 'count(gre) == 2 && ipv6' 2>/dev/null | wc -l)" -eq 1

out=$(timeout 120 python3 "$HELPER" protocols "$SOCKSCOPE" "$PCAP"); rc=$?
echo "$out" | tail -4
check "frame.protocols equals tshark's on every frame" test "$rc" -eq 0
check "... with no frame left to a warning" \
  test "$(echo "$out" | awk '/^frame.protocols:/ {print $(NF-3)}')" -eq 0

check_filters_like_tshark "$PCAP" "$DATA/filters_gre_ppp.txt" 250 "or both reject it"

# The capture cut as `tcpdump -s N` would (editcap -s): a PPP control packet read past
# the capture is short, past the frame malformed; an IP header cut inside GRE shows the
# source it read (behind bridged Ethernet, the bridged MACs). Each cut drops the one
# frame where a few bytes of UDP payload on no dissector's port may be claimed by
# tshark's heuristics (a warned difference): 47 at 80, 52 at 96, 65 at 110; at 60,
# frame 64, whose nested GRE header is cut inside its key (not modelled yet).
for cut in 60:64 80:47 96:52 110:65; do
  n=${cut%%:*}
  editcap -s "$n" "$PCAP" "$WORK/s$n.pcap" "${cut##*:}"
  check_lines_like_tshark "$WORK/s$n.pcap" "snap length $n"
  check_phs_like_tshark "$WORK/s$n.pcap" "snap length $n"
  check_filters_like_tshark "$WORK/s$n.pcap" "$DATA/filters_gre_ppp.txt" 250 "snap length $n"
done
tshark -r "$WORK/s60.pcap" >"$WORK/t_s60.txt" 2>/dev/null
check "... where tshark calls the LCP request cut at 60 short, not malformed" \
  grep -q "PPP LCP 79 Configuration Request\[Packet size limited during capture\]" "$WORK/t_s60.txt"

# GRE checksums: verified over the whole packet, unverified when cut or routing-only.
# (io,phs is not compared here: on the cut frame tshark counts the UDP payload as no
# data, which sockscope does not model yet.)
python3 "$DATA/make_gre_checksum.py" "$WORK/gre_checksum.pcap"
check_lines_like_tshark "$WORK/gre_checksum.pcap" "GRE checksums"
check_filters_like_tshark "$WORK/gre_checksum.pcap" "$DATA/filters_gre_checksum.txt" 60
finish
