#!/usr/bin/env bash
# DNS summary lines against tshark 4.0 on datagrams to and from port 53 that are not the
# DNS messages the port promises (tests/data/make_dns_odd.py: crafted messages and 600
# pseudo-random ones): record type 0 "Unused", every record section in the summary,
# extended and bitstring labels, pointer loops, names too long, escaped bytes, counts
# larger than the message and where "[Malformed Packet]" starts. Also the protocol
# hierarchy (dns, _ws.malformed) of the same file, and display filters on its DNS fields
# (tests/data/filters_dns.txt).
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"
PCAP="$DATA/dns_odd.pcap"

python3 "$DATA/make_dns_odd.py" "$WORK/dns_odd.pcap"
check "make_dns_odd.py writes the committed tests/data/dns_odd.pcap" cmp -s "$PCAP" "$WORK/dns_odd.pcap"

tshark -r "$PCAP" >"$WORK/t.txt" 2>/dev/null
"$SOCKSCOPE" read "$PCAP" >"$WORK/o.txt"
check "read: every summary line equals tshark's ($(wc -l <"$WORK/t.txt") lines)" cmp -s "$WORK/t.txt" "$WORK/o.txt"
diff -a "$WORK/t.txt" "$WORK/o.txt" | head -10
check "... $(grep -ac 'Malformed Packet' "$WORK/t.txt") of them malformed, $(grep -ac ' Unused ' "$WORK/t.txt") with type Unused" \
  test "$(grep -ac 'Malformed Packet' "$WORK/t.txt")" -ge 100 -a "$(grep -ac ' Unused ' "$WORK/t.txt")" -ge 5
for what in 'A www.example.com A 192.0.2.80 NS ns.example.com OPT$' '<Unknown extended label>' \
  '<Name contains a pointer that loops>' '<Name too long>' '\\\[x' '\\u200B' 'SOA ns.example.com' \
  'SRV [0-9]+ [0-9]+ [0-9]+ '; do
  check "... tshark's lines include /$what/" grep -aqE "$what" "$WORK/t.txt"
done

tshark -r "$PCAP" -q -z io,phs >"$WORK/t_phs.txt" 2>/dev/null
"$SOCKSCOPE" stats "$PCAP" --protocols >"$WORK/o_phs.txt"
check "stats --protocols equals tshark -z io,phs" cmp -s "$WORK/t_phs.txt" "$WORK/o_phs.txt"
diff "$WORK/t_phs.txt" "$WORK/o_phs.txt" | head -6
out=$(timeout 200 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare "$SOCKSCOPE" \
  "$PCAP" "$DATA/filters_dns.txt")
rc=$?
echo "$out" | tail -12
check "every filter of filters_dns.txt selects tshark's frames (dns.qry.name of odd names)" test "$rc" -eq 0
finish
