#!/usr/bin/env bash
# DNS summary lines against tshark 4.0 on datagrams to and from port 53 that are not the
# DNS messages the port promises (tests/data/make_dns_odd.py: crafted messages and 600
# pseudo-random ones): record type 0 "Unused", every record section in the summary,
# extended and bitstring labels, pointer loops, names too long, escaped bytes, counts
# larger than the message and where "[Malformed Packet]" starts. Also the protocol
# hierarchy (dns, _ws.malformed) of the same file, and display filters on its DNS fields
# (tests/data/filters_dns.txt). Then queries matched to responses and retransmissions
# (tests/data/make_dns_transactions.py, filters_dns_transactions.txt): the same lines,
# hierarchy and frames. Then DNS over TCP (tests/data/make_dns_tcp.py, filters_dns_tcp.txt):
# several messages in a segment, messages split over segments, frame.protocols too.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"
PCAP="$DATA/dns_odd.pcap"

python3 "$DATA/make_dns_odd.py" "$WORK/dns_odd.pcap"
check "make_dns_odd.py writes the committed tests/data/dns_odd.pcap" cmp -s "$PCAP" "$WORK/dns_odd.pcap"

check_lines_like_tshark "$PCAP"
check "... $(grep -ac 'Malformed Packet' "$WORK/t_lines.txt") of them malformed, $(grep -ac ' Unused ' "$WORK/t_lines.txt") with type Unused" \
  test "$(grep -ac 'Malformed Packet' "$WORK/t_lines.txt")" -ge 100 -a "$(grep -ac ' Unused ' "$WORK/t_lines.txt")" -ge 5
for what in 'A www.example.com A 192.0.2.80 NS ns.example.com OPT$' '<Unknown extended label>' \
  '<Name contains a pointer that loops>' '<Name too long>' '\\\[x' '\\u200B' 'SOA ns.example.com' \
  'SRV [0-9]+ [0-9]+ [0-9]+ '; do
  check "... tshark's lines include /$what/" grep -aqE "$what" "$WORK/t_lines.txt"
done

check_phs_like_tshark "$PCAP"
check_filters_like_tshark "$PCAP" "$DATA/filters_dns.txt" 200 "dns.qry.name of odd names"

python3 "$DATA/make_dns_transactions.py" "$WORK/dns_tx.pcap"
check "make_dns_transactions.py writes a capture" test -s "$WORK/dns_tx.pcap"
check_lines_like_tshark "$WORK/dns_tx.pcap" "retransmissions, short messages"
check_phs_like_tshark "$WORK/dns_tx.pcap"
check_filters_like_tshark "$WORK/dns_tx.pcap" "$DATA/filters_dns_transactions.txt" 120 \
  "dns.response_to, dns.time, dns.retransmission"

python3 "$DATA/make_dns_tcp.py" "$WORK/dns_tcp.pcap"
check "make_dns_tcp.py writes a capture" test -s "$WORK/dns_tcp.pcap"
check_lines_like_tshark "$WORK/dns_tcp.pcap" "DNS over TCP"
check "... tshark's lines include a reassembled PDU and two messages in one Info" \
  grep -aq 'example.comStandard query 0x4005' "$WORK/t_lines.txt"
check_phs_like_tshark "$WORK/dns_tcp.pcap" "DNS over TCP"
check "frame.protocols equals tshark's (DNS over TCP)" \
  python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/dns_tcp.pcap"
check_filters_like_tshark "$WORK/dns_tcp.pcap" "$DATA/filters_dns_tcp.txt" 120 "DNS over TCP"
finish
