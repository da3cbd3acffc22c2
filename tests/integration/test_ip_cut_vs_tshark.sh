#!/usr/bin/env bash
# IPv4 and IPv6 headers cut by the snap length, against tshark 4.0: every filter of
# tests/data/filters_ip_cut.txt selects the same frames on tests/data/make_ip_cut.py's
# capture (the fields a cut header has up to where it was cut, `ip` itself, len(ip), the
# bogus version, header length and total length that stop the fields, whole or cut), the
# summary lines and -z io,phs. No traffic: the capture is crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_ip_cut.py" "$WORK/ip_cut.pcap"
check "make_ip_cut.py writes a capture" test -s "$WORK/ip_cut.pcap"
tshark -r "$WORK/ip_cut.pcap" >"$WORK/t_lines.txt" 2>/dev/null
"$SOCKSCOPE" read "$WORK/ip_cut.pcap" >"$WORK/o_lines.txt"
check_same_file "read: every summary line equals tshark's (source columns, Bogus ... Info)" \
  "$WORK/t_lines.txt" "$WORK/o_lines.txt"
tshark -r "$WORK/ip_cut.pcap" -q -z io,phs >"$WORK/t_phs.txt" 2>/dev/null
"$SOCKSCOPE" stats "$WORK/ip_cut.pcap" --protocols >"$WORK/o_phs.txt"
check_same_file "stats --protocols equals tshark -z io,phs (_ws.short, not for a bogus header)" \
  "$WORK/t_phs.txt" "$WORK/o_phs.txt"
out=$(timeout 120 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare \
  "$SOCKSCOPE" "$WORK/ip_cut.pcap" "$DATA/filters_ip_cut.txt")
rc=$?
echo "$out" | tail -12
check "every filter of filters_ip_cut.txt selects tshark's frames" test "$rc" -eq 0
finish
