#!/usr/bin/env bash
# pcapng packet options against tshark 4.0, on tests/data/make_pcapng_options.py's
# capture: comments (none, one, two, empty, non-ASCII), the flags word's direction,
# reception type, FCS length and error bits, the packet ID and drop count, as
# frame.comment, frame.packet_flags*, frame.p2p_dir, frame.packet_id, frame.drop_count
# (tests/data/filters_pcapng_options.txt); and the same filters on a pcap file, where
# none of them is present. No traffic: the captures are crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_pcapng_options.py" "$WORK/options.pcapng"
check "make_pcapng_options.py writes a capture" test -s "$WORK/options.pcapng"
check_lines_like_tshark "$WORK/options.pcapng" "packets with options"
check_phs_like_tshark "$WORK/options.pcapng"
check_filters_like_tshark "$WORK/options.pcapng" "$DATA/filters_pcapng_options.txt" 120
check_filters_like_tshark "$DATA/ipv6_icmp_arp.pcap" "$DATA/filters_pcapng_options.txt" 120 "a pcap file"
# editcap's pcapng of a pcap file: an interface with neither name nor description, which
# Wireshark calls "unknown"
editcap "$DATA/ipv6_icmp_arp.pcap" "$WORK/unnamed.pcapng"
check_filters_like_tshark "$WORK/unnamed.pcapng" "$DATA/filters_pcapng_options.txt" 120 "an unnamed interface"
finish
