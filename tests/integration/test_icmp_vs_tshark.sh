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
check "frame.protocols equals tshark's on every frame" \
  timeout 120 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/icmp.pcap"
check_filters_like_tshark "$WORK/icmp.pcap" "$DATA/filters_icmp.txt" 60

# A ping's send time in its data (icmp.data_time): where tshark finds one, and where data
# starts then (lines, protocol hierarchy, filters).
python3 "$DATA/make_icmp_data_time.py" "$WORK/data_time.pcap"
check_lines_like_tshark "$WORK/data_time.pcap" "pings with send times"
check_phs_like_tshark "$WORK/data_time.pcap" "pings with send times"
check_filters_like_tshark "$WORK/data_time.pcap" "$DATA/filters_icmp_data_time.txt" 30
finish
