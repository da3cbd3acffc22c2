#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# Wireshark's TCP ACK analysis against tshark 4.0, value for value: tcp.analysis.acks_frame,
# ack_rtt, initial_rtt, bytes_in_flight, push_bytes_sent, rto, rto_frame and the duplicate
# ACK numbers, frame by frame (`tshark -T fields` against `read -T json`), `-Y tcp.analysis`,
# tshark's `-V` lines for them, and tests/data/filters_tcp_analysis.txt through `tshark -Y`
# and `read -Y` (same frames, or both reject), TCP Fast Open's flags on tests/data/tcp_tfo.pcap. On a capture made here, in a private
# namespace whose loopback drops some segments (iptables) and segments like a real link
# (offloads off): a bulk transfer with losses (SACK, duplicate ACKs, fast retransmissions),
# a slow reader (window full, zero window), small requests and replies, a stalled reader
# and an idle connection with keep-alives; and on the crafted TCP captures of tests/data
# (make_tcp_no_synack.py: SYN-ACKs not captured, as in a capture that misses packets).
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"
HELPER="$SOCKSCOPE_SRC/tests/integration/tcp_analysis_vs_tshark.py"
CORPUS="$DATA/filters_tcp_analysis.txt"

ns=$(make_ns tcpan)
in_ns "$ns" ip link set lo mtu 1500
# The servers listen on 47001-47004, inside the default ephemeral range: a client socket
# of an earlier step once held 47003 and the last server could not bind it. This
# namespace's clients take ports from 50000 on (a per-namespace setting).
in_ns "$ns" sysctl -qw net.ipv4.ip_local_port_range="50000 60999"
in_ns "$ns" ethtool -K lo tso off gso off gro off >/dev/null
in_ns "$ns" iptables -A INPUT -i lo -p tcp --dport 47001 -m length --length 1000:65535 -m statistic --mode random --probability 0.08 -j DROP
in_ns "$ns" iptables -A INPUT -i lo -p tcp --dport 47002 -m length --length 1000:65535 -m statistic --mode nth --every 9 --packet 3 -j DROP
start_bg "$ns" "$WORK/tcpdump.txt" tcpdump -i lo --immediate-mode -U -w "$WORK/tcp.pcap" tcp
# Up to 30 s, and checked: with 5 s unchecked, a tcpdump slow to start on a loaded machine
# could miss the start of the traffic, and its capture begin mid-stream (which the
# comparisons below must, and now do, survive, but it is not the capture meant here).
check "tcpdump listens before the traffic starts" wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 30
check "the traffic ran" in_ns "$ns" python3 "$HELPER" traffic 47001
sleep 0.3
kill "${_PIDS[0]}"; wait "${_PIDS[0]}" 2>/dev/null
cat "$WORK/tcpdump.txt"  # its counts: packets captured, received, dropped by the kernel
check "the capture has retransmissions and duplicate ACKs" \
  test "$(tshark -r "$WORK/tcp.pcap" -Y 'tcp.analysis.retransmission || tcp.analysis.duplicate_ack' 2>/dev/null | wc -l)" -ge 3
[ -n "${KEEP_PCAP:-}" ] && cp "$WORK/tcp.pcap" "$KEEP_PCAP"  # for looking at a failure

# Connections whose SYN-ACK was not captured (tests/data/make_tcp_no_synack.py): the side
# that sent it starts with a pure ACK. A live capture that misses packets looks like this.
python3 "$DATA/make_tcp_no_synack.py" "$WORK/no_synack.pcap"
check_lines_like_tshark "$WORK/no_synack.pcap" "SYN-ACKs not captured"

analysis_lines() {
  grep -E '^ +\[(SEQ/ACK analysis|This is an ACK to the segment in frame|The RTT to ACK the segment was|iRTT|Bytes in flight|Bytes sent since last PSH flag)'
}
for f in "$WORK/tcp.pcap" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_gap.pcap" "$DATA/tcp_midstream_reuse.pcap" "$DATA/truncated_packets.pcap" \
  "$WORK/no_synack.pcap"; do
  name=$(basename "$f")
  out=$(timeout 120 python3 "$HELPER" values "$SOCKSCOPE" "$f"); rc=$?
  echo "$out"
  check "$name: every frame's ACK analysis values equal tshark's" test "$rc" -eq 0
  tshark -r "$f" -V 2>/dev/null | analysis_lines >"$WORK/t_v.txt"
  "$SOCKSCOPE" read "$f" -V | analysis_lines >"$WORK/o_v.txt"
  check "$name: read -V prints tshark's analysis lines ($(wc -l <"$WORK/t_v.txt") lines)" cmp -s "$WORK/t_v.txt" "$WORK/o_v.txt"
  diff "$WORK/t_v.txt" "$WORK/o_v.txt" | head -6
done
# Window scaling in its variety (tests/data/make_tcp_wscale.py): a shift above 14, a SYN
# not captured, mid-stream; the summary lines' Win= and the scaling factor in -V.
python3 "$DATA/make_tcp_wscale.py" "$WORK/wscale.pcap"
check_lines_like_tshark "$WORK/wscale.pcap" "window scaling"
tshark -r "$WORK/wscale.pcap" -V 2>/dev/null | grep -E 'scaling factor|multiply by' | sed 's/^ *//' >"$WORK/t_ws.txt"
"$SOCKSCOPE" read "$WORK/wscale.pcap" -V | grep -E 'scaling factor|multiply by' | sed 's/^ *//; s/^Option: /TCP Option - /' >"$WORK/o_ws.txt"
check "wscale.pcap: read -V prints tshark's scaling factors ($(wc -l <"$WORK/t_ws.txt") lines)" \
  cmp -s "$WORK/t_ws.txt" "$WORK/o_ws.txt"
diff "$WORK/t_ws.txt" "$WORK/o_ws.txt" | head -6
for f in "$WORK/tcp.pcap" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_gap.pcap" "$DATA/tcp_tfo.pcap" \
  "$WORK/wscale.pcap" "$WORK/no_synack.pcap"; do
  out=$(timeout 200 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare "$SOCKSCOPE" "$f" "$CORPUS"); rc=$?
  echo "$out" | tail -8
  check "$(basename "$f"): every filter of filters_tcp_analysis.txt selects tshark's frames" test "$rc" -eq 0
done

# TCP Fast Open (tests/data/make_tcp_tfo.py): the frames of each flag are tshark's. The
# frames with any of the three, and which, from one tshark run (they took four, ~0.8 s
# each just to start): a flag's column is 1 where the frame has it.
TFO_ANY='tcp.analysis.tfo_syn || tcp.analysis.tfo_ack || tcp.analysis.tfo_ignored'
tshark -r "$DATA/tcp_tfo.pcap" -Y "$TFO_ANY" -T fields -e frame.number -e tcp.analysis.tfo_syn \
  -e tcp.analysis.tfo_ack -e tcp.analysis.tfo_ignored 2>/dev/null >"$WORK/t_tfo_flags.txt"
column=2
for flag in tfo_syn tfo_ack tfo_ignored; do
  t=$(awk -F'\t' -v c=$column '$c != "" { print $1 }' "$WORK/t_tfo_flags.txt" | tr '\n' ' ')
  column=$((column + 1))
  o=$("$SOCKSCOPE" read "$DATA/tcp_tfo.pcap" -Y "tcp.analysis.$flag" | awk '{print $1}' | tr '\n' ' ')
  check_eq "tcp_tfo.pcap: tcp.analysis.$flag selects tshark's frames ($t)" "$t" "$o"
done
# -V: the Fast Open option (cookie or request) and tshark's expert items for the three flags,
# frame by frame, in tshark's words and order (indentation aside: our tree is flatter).
tfo_lines() {
  awk '/^Frame [0-9]+:/ { print $1, $2; next }
       /Fast Open Cookie( Request|: [0-9a-f]+)$/ { sub(/.*Fast Open Cookie/, "Fast Open Cookie"); print; next }
       /^ +\[(Expert Info \(Note\/Sequence\): )?TCP SYN(-ACK)? [a-z ]*TFO [A-Za-z]+\]$/ { sub(/^ +/, ""); print; x = 2; next }
       x > 0 { x--; sub(/^ +/, ""); print }'
}
tshark -r "$DATA/tcp_tfo.pcap" -V 2>/dev/null | tfo_lines >"$WORK/t_tfo.txt"
"$SOCKSCOPE" read "$DATA/tcp_tfo.pcap" -V | tfo_lines >"$WORK/o_tfo.txt"
check "tcp_tfo.pcap: read -V prints tshark's Fast Open options and expert items ($(grep -c Expert "$WORK/t_tfo.txt") items)" \
  cmp -s "$WORK/t_tfo.txt" "$WORK/o_tfo.txt"
diff "$WORK/t_tfo.txt" "$WORK/o_tfo.txt" | head -10
check_eq "... tshark's items are of all three kinds" "3" "$(grep -oE 'Expert.*(with TFO Cookie|accepting TFO|ignoring TFO)' "$WORK/t_tfo.txt" | sort -u | wc -l)"
check "tcp_tfo.pcap: tshark flags some of each" test "$(wc -l <"$WORK/t_tfo_flags.txt")" -ge 10
# A failure on live traffic cannot be run again: its capture and both outputs are kept
# (the work directory is deleted at exit), and their place is in the log.
if [ "$_FAILED" -gt 0 ]; then
  kept=$(mktemp -d "/tmp/sockscope-${TEST_NAME}-failed.XXXXXX")
  cp -r "$WORK"/. "$kept"/
  echo "kept the capture and outputs of this failure in $kept (tcp.pcap is the live capture)"
fi
finish
