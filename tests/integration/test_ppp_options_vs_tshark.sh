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
tshark -r "$WORK/opts.pcap" >"$WORK/t_lines.txt" 2>/dev/null
"$SOCKSCOPE" read "$WORK/opts.pcap" >"$WORK/o_lines.txt"
check_same_file "read: every summary line equals tshark's ($(wc -l <"$WORK/t_lines.txt") lines)" \
  "$WORK/t_lines.txt" "$WORK/o_lines.txt"
check "... some of them malformed" grep -q 'Malformed Packet' "$WORK/t_lines.txt"
tshark -r "$WORK/opts.pcap" -q -z io,phs >"$WORK/t_phs.txt" 2>/dev/null
"$SOCKSCOPE" stats "$WORK/opts.pcap" --protocols >"$WORK/o_phs.txt"
check_same_file "stats --protocols equals tshark -z io,phs" "$WORK/t_phs.txt" "$WORK/o_phs.txt"
out=$(timeout 120 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare \
  "$SOCKSCOPE" "$WORK/opts.pcap" "$DATA/filters_ppp_options.txt")
rc=$?
echo "$out" | tail -12
check "every filter of filters_ppp_options.txt selects tshark's frames" test "$rc" -eq 0
finish
