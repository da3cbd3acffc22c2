#!/usr/bin/env bash
# ICMPv6 neighbour discovery against tshark 4.0, on tests/data/make_icmpv6_nd.py's
# capture: the summary lines (link-layer addresses of every option, EUI-64, Redirect, the
# codes of Time Exceeded and Parameter Problem, messages the snap length cut), -z io,phs
# and every filter of tests/data/filters_icmpv6_nd.txt (flags, timers, targets, options).
# No traffic: the capture is crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_icmpv6_nd.py" "$WORK/nd.pcap"
check "make_icmpv6_nd.py writes a capture" test -s "$WORK/nd.pcap"
check_lines_like_tshark "$WORK/nd.pcap" "from/is at, Redirect, error codes, cut messages"
check_phs_like_tshark "$WORK/nd.pcap" "_ws.short after a cut option"
check_filters_like_tshark "$WORK/nd.pcap" "$DATA/filters_icmpv6_nd.txt" 120
finish
