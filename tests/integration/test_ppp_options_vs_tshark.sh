#!/usr/bin/env bash
# PPP configuration options against tshark 4.0, on tests/data/make_ppp_options.py's sweep
# (every LCP, IPCP, CCP and IPV6CP option type at every length from 2 to 11 bytes, each
# followed by one Wireshark always reads): the summary lines byte for byte (which options
# make the packet malformed), -z io,phs, and tests/data/filters_ppp_options.txt frame for
# frame (which options add their fields, where the walk stops). No traffic: crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_ppp_options.py" "$WORK/opts.pcap"
check_lines_like_tshark "$WORK/opts.pcap"
check "... some of them malformed" grep -q 'Malformed Packet' "$WORK/t_lines.txt"
check_phs_like_tshark "$WORK/opts.pcap"
check_filters_like_tshark "$WORK/opts.pcap" "$DATA/filters_ppp_options.txt" 120
# The sweep cut as `tcpdump -s N` would (editcap -s): options cut by the capture are the
# snap length's cut, checked whole up to the length before any option is read, so an
# option that would throw after the cut does not make the packet malformed.
for n in 56 62 66 68 72; do
  editcap -s "$n" "$WORK/opts.pcap" "$WORK/opts$n.pcap"
  check_lines_like_tshark "$WORK/opts$n.pcap" "snap length $n"
  check_phs_like_tshark "$WORK/opts$n.pcap" "snap length $n"
  check_filters_like_tshark "$WORK/opts$n.pcap" "$DATA/filters_ppp_options.txt" 120 "snap length $n"
done
finish
