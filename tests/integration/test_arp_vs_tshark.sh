#!/usr/bin/env bash
# ARP against tshark 4.0, on tests/data/make_arp.py's capture: the summary lines
# (announcements, gratuitous requests and replies, probes, cut packets), -z io,phs and
# every filter of tests/data/filters_arp.txt; then make_arp_spoof.py's duplicate
# addresses and other operations. No traffic: the captures are crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_arp.py" "$WORK/arp.pcap"
check "make_arp.py writes a capture" test -s "$WORK/arp.pcap"
check_lines_like_tshark "$WORK/arp.pcap" "announcement, gratuitous, probe"
check_phs_like_tshark "$WORK/arp.pcap"
check_filters_like_tshark "$WORK/arp.pcap" "$DATA/filters_arp.txt" 60
# ARP spoofing as tshark reports it (duplicate addresses), and ARP's other operations.
python3 "$DATA/make_arp_spoof.py" "$WORK/spoof.pcap"
check_lines_like_tshark "$WORK/spoof.pcap" "duplicate use, other operations"
check_phs_like_tshark "$WORK/spoof.pcap" "duplicate reports"
check_filters_like_tshark "$WORK/spoof.pcap" "$DATA/filters_arp_duplicates.txt" 60
finish
