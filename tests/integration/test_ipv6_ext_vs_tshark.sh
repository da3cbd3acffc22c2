#!/usr/bin/env bash
# IPv6 extension headers against tshark 4.0, on tests/data/make_ipv6_ext.py's capture:
# the summary lines (hop-by-hop, destination options and routing headers in a row, in
# tunnels and in an ICMPv6 error's quote, headers the snap length cut or longer than the
# packet), -z io,phs and every filter of tests/data/filters_ipv6_ext.txt (ipv6.hopopts.*,
# ipv6.dstopts.*, ipv6.routing.*, ipv6.opt.*, their layers). No traffic: the capture is
# crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_ipv6_ext.py" "$WORK/ipv6_ext.pcap"
check "make_ipv6_ext.py writes a capture" test -s "$WORK/ipv6_ext.pcap"
check_lines_like_tshark "$WORK/ipv6_ext.pcap" "extension headers, tunnels, quotes, cut headers"
check_phs_like_tshark "$WORK/ipv6_ext.pcap"
check_filters_like_tshark "$WORK/ipv6_ext.pcap" "$DATA/filters_ipv6_ext.txt" 120
finish
