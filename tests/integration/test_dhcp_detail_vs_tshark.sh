#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# `read -V`'s DHCP block against tshark 4.0's, on tests/data/dhcp_edge.pcap (crafted: every
# message type, cut and malformed messages, odd hardware types, options of wrong lengths,
# overloaded sname/file fields, bytes after End, TR-111, ...) and on it cut by snap lengths
# (editcap -s): frame by frame, the DHCP title, every line of the fixed fields, the flags'
# bit lines, each option's "Option: (N) Name" and "Length:" lines, and the expert items
# (length isn't N, End option missing, overloaded fields, little-endian seconds, client
# address not given, Mask width, length < 5) with tshark's "[Malformed Packet: DHCP/BOOTP]"
# item. (Vendor sub-option trees are not broken down: their lines are not compared.)
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
command -v editcap >/dev/null || { echo "editcap missing (wireshark-common)"; exit 1; }
EDGE="$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap"
R='^(Dynamic Host|\[Malformed Packet: DHCP|    [A-Z]|    \[Expert|        \[Expert|        [01.]{4} [01.]{4} |        Length: |        \[(Malformed|Severity|Group))'
blocks() { detail_lines '^(Dynamic Host Configuration Protocol|\[Malformed Packet: DHCP)' "$R"; }
for snap in 0 100 250 300 330; do
  pcap="$EDGE"
  if [ "$snap" -gt 0 ]; then
    pcap="$WORK/snap$snap.pcap"
    editcap -s "$snap" "$EDGE" "$pcap"
  fi
  tshark -r "$pcap" -V 2>/dev/null | blocks >"$WORK/t$snap.txt"
  "$SOCKSCOPE" read "$pcap" -V 2>/dev/null | blocks >"$WORK/o$snap.txt"
  check_same_file "snap $snap: -V DHCP lines equal tshark's ($(wc -l <"$WORK/t$snap.txt") lines, $(grep -c '^== frame' "$WORK/t$snap.txt") frames)" \
    "$WORK/t$snap.txt" "$WORK/o$snap.txt"
done
t="$WORK/t0.txt"
for m in 'Expert Info (Error/Protocol): length isn.t 4' 'Expert Info (Error/Protocol): End option missing' \
  'Expert Info (Note/Protocol): Client address not given' 'Server name option overloaded by DHCP' \
  'Expert Info (Error/Malformed): Malformed Packet' 'Seconds elapsed appears to be encoded as little-endian' \
  'Reserved flags: 0x0000' 'Client hardware address padding' 'Hardware type: InfiniBand' \
  'Dynamic Host Configuration Protocol (ACK) (NAK)' 'Server host name: B\\005tftp1' 'Padding: 350101' \
  'Mask width (33) > 32' 'length < 5'; do
  check "tshark's block has \"$m\" (so the comparison covers it)" grep -q -- "$m" "$t"
done
finish
