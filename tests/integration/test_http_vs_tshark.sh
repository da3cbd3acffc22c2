#!/usr/bin/env bash
# HTTP/1.x against tshark 4.0, on tests/data/make_http.py's capture: the summary lines,
# -z io,phs and every filter of tests/data/filters_http.txt (repeated headers, blanks
# around values, header lines, request/response links on a keep-alive connection), and
# the filters on truncated_packets.pcap's request cut by the snap length and on the
# capture cut by snap lengths. No traffic: the capture is crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_http.py" "$WORK/http.pcap"
check "make_http.py writes a capture" test -s "$WORK/http.pcap"
check_lines_like_tshark "$WORK/http.pcap" "requests and responses"
check_phs_like_tshark "$WORK/http.pcap"
check_filters_like_tshark "$WORK/http.pcap" "$DATA/filters_http.txt" 60
check_filters_like_tshark "$DATA/truncated_packets.pcap" "$DATA/filters_http.txt" 60 "a cut request"
# The capture cut as `tcpdump -s N` would (editcap -s): request lines cut (60), header
# lines cut in their value or before their colon (96), where HTTP keeps what it read,
# throws at a header line with no colon, and links requests and responses without the
# messages it threw in.
command -v editcap >/dev/null || { echo "editcap missing (wireshark-common)"; exit 1; }
for snap in 60 96; do
  editcap -s "$snap" "$WORK/http.pcap" "$WORK/s$snap.pcap"
  check_filters_like_tshark "$WORK/s$snap.pcap" "$DATA/filters_http.txt" 60 "cut at $snap bytes"
done
finish
