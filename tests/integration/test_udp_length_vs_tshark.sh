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

# Short payloads on UDP port 5000, where tshark's TAPA dissector throws on exactly 4 bytes
# (make_udp_tapa.py): data, malformed, nothing after udp when quoted, tapa when quoted.
python3 "$DATA/make_udp_tapa.py" "$WORK/udp_tapa.pcap"
check "make_udp_tapa.py writes a capture" test -s "$WORK/udp_tapa.pcap"
check_lines_like_tshark "$WORK/udp_tapa.pcap" "short payloads on TAPA's port"
check_phs_like_tshark "$WORK/udp_tapa.pcap"
check_filters_like_tshark "$WORK/udp_tapa.pcap" "$DATA/filters_udp_tapa.txt" 10
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/udp_tapa.pcap")
check "frame.protocols on TAPA's port equals tshark's" test $? -eq 0
echo "$out" | tail -3
finish
