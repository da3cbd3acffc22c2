#!/usr/bin/env bash
# UDP length fields against tshark 4.0, on tests/data/make_udp_length.py's capture:
# "[BAD UDP LENGTH 4 < 8]" (Wireshark stops after the ports), "[BAD UDP LENGTH 20 > IP
# PAYLOAD LENGTH]" (it goes on), jumbograms, lengths shorter than the payload and
# traceroute's ports, in the summary lines, -z io,phs and the filters of
# tests/data/filters_udp_length.txt (udp.length.bad, udp.possible_traceroute,
# udp.payload, data.len, udp.stream, _ws.malformed). No traffic: the capture is crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_udp_length.py" "$WORK/udp_length.pcap"
check "make_udp_length.py writes a capture" test -s "$WORK/udp_length.pcap"
check_lines_like_tshark "$WORK/udp_length.pcap" "bad lengths, jumbograms, traceroute ports"
check_phs_like_tshark "$WORK/udp_length.pcap"
check_filters_like_tshark "$WORK/udp_length.pcap" "$DATA/filters_udp_length.txt" 90
finish
