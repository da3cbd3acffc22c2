#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# `stats`, `flow` and `explain` against tshark on the same files: conversation tables and
# the protocol hierarchy byte for byte; every arrow of the flow graph carries tshark's
# Seq/Ack/Len (relative and absolute); explain's handshake numbers, "packets before the
# first payload" and close come out as tshark's fields say. Files: the crafted captures
# and a two-host capture (veth, 192.0.2.0/24) of a chat-like exchange this test makes.
source "$(dirname "$0")/lib.sh"
DATA="$SOCKSCOPE_SRC/tests/data"

a=$(make_ns a); b=$(make_ns b)
make_link "$a" 192.0.2.1 "$b" 192.0.2.2
start_bg "$b" "$WORK/tcpdump.txt" tcpdump -i any --immediate-mode -U -w "$WORK/lab.pcap" 'tcp or udp'
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
start_bg "$b" "$WORK/serve.txt" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/serve.txt" 'serverPort: ' 5
port=$(server_port "$WORK/serve.txt")
start_bg "$b" "$WORK/userve.txt" "$SOCKSCOPE" serve --proto udp --port 0
wait_for_file_line "$WORK/userve.txt" 'serverPort: ' 5
uport=$(server_port "$WORK/userve.txt")
in_ns "$a" "$SOCKSCOPE" send 192.0.2.2 "$port" "hello from client1" >/dev/null
in_ns "$a" "$SOCKSCOPE" send 192.0.2.2 "$port" "second connection" >/dev/null
in_ns "$a" "$SOCKSCOPE" send --proto udp 192.0.2.2 "$uport" "a datagram" >/dev/null
sleep 0.3
kill "${_PIDS[0]}"; wait "${_PIDS[0]}" 2>/dev/null
check "tcpdump captured the lab traffic" test "$(tshark -r "$WORK/lab.pcap" 2>/dev/null | wc -l)" -ge 10

files=("$WORK/lab.pcap" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_gap.pcap" "$DATA/tcp_midstream_reuse.pcap" "$DATA/ipv6_icmp_arp.pcap" "$DATA/linux_sll2.pcap")
for f in "${files[@]}"; do
  name=$(basename "$f")
  bad=()
  # The four tables from one tshark run (tshark takes ~0.8 s just to start): it prints
  # them last -z first, each exactly as a run of its own would, each opened and closed by
  # a line of '='. Cut apart at the closing lines: $WORK/t.1 conv,tcp .. $WORK/t.4 io,phs.
  rm -f "$WORK"/t.[0-9]*
  tshark -r "$f" -q -z io,phs -z conv,ip -z conv,udp -z conv,tcp 2>/dev/null |
    awk -v out="$WORK/t" 'BEGIN { k = 1 }
      /^=+$/ { print > (out "." k); if (open) { open = 0; close(out "." k); k++ } else open = 1; next }
      { print > (out "." k) }'
  i=1
  for z in tcp udp ip; do
    "$SOCKSCOPE" stats "$f" --conv "$z" | cmp -s "$WORK/t.$i" - || bad+=("conv,$z")
    i=$((i + 1))
  done
  "$SOCKSCOPE" stats "$f" --protocols | cmp -s "$WORK/t.4" - || bad+=(phs)
  check_eq "stats $name: conversations and hierarchy equal tshark's" "" "${bad[*]}"

  # flow: the numbers on each arrow are tshark's, in order. Relative and absolute from one
  # tshark run: tcp.seq_raw/tcp.ack_raw are what tcp.seq/tcp.ack are with
  # tcp.relative_sequence_numbers:FALSE (the same on every capture of tests/data).
  tshark -r "$f" -Y tcp -T fields -e tcp.seq -e tcp.ack -e tcp.len -e tcp.flags.ack \
    -e tcp.seq_raw -e tcp.ack_raw 2>/dev/null >"$WORK/t_seq.txt"
  for mode in rel abs; do
    if [ $mode = rel ]; then opt=(); col=(1 2); else opt=(--absolute-seq); col=(5 6); fi
    awk -F'\t' -v s="${col[0]}" -v a="${col[1]}" '{ if ($4 == 1) print "Seq=" $s " Ack=" $a " Len=" $3; else print "Seq=" $s " Len=" $3 }' \
      "$WORK/t_seq.txt" >"$WORK/t.txt"
    "$SOCKSCOPE" flow "$f" "${opt[@]}" 2>/dev/null | grep -oE 'Seq=[0-9]+( Ack=[0-9]+)? Len=[0-9]+$' >"$WORK/o.txt"
    check "flow $name ($mode): Seq/Ack/Len of every arrow equal tshark's" cmp -s "$WORK/t.txt" "$WORK/o.txt"
  done
done

# Stream 0 of a capture, a frame a line, from one tshark run (the questions below asked
# tshark -Y one at a time, 0.8 s each): number, SYN, ACK, payload length, FIN, raw seq and
# ack, source address and port. Every frame of it must have one TCP header (a quoted one
# would make two values of a field, which one -Y per question would read otherwise).
stream0() {
  tshark -r "$1" -Y 'tcp.stream == 0' -T fields -e frame.number -e tcp.flags.syn -e tcp.flags.ack \
    -e tcp.len -e tcp.flags.fin -e tcp.seq_raw -e tcp.ack_raw -e ip.src -e tcp.srcport 2>/dev/null >"$2"
  check "$(basename "$1"): one TCP header in every frame of stream 0" test "$(grep -c , "$2")" -eq 0
}
stream0 "$WORK/lab.pcap" "$WORK/lab0.txt"

# The lab's filter on a flow graph, and the SVG picture.
"$SOCKSCOPE" flow "$WORK/lab.pcap" -Y "ip.addr == 192.0.2.1 && tcp.stream == 0" --absolute-seq --svg "$WORK/flow.svg" >"$WORK/flow.txt"
check "the SVG is well-formed XML" xmllint --noout "$WORK/flow.svg"
check_eq "one arrow per packet in the SVG" "$(wc -l <"$WORK/lab0.txt")" \
  "$(grep -c 'marker-end' "$WORK/flow.svg")"
syn_raw=$(awk -F'\t' '$2 == 1 && $3 == 0 { print $6 }' "$WORK/lab0.txt")
check_match "the absolute flow graph shows the raw ISN" "SYN +\|.*Seq=$syn_raw Len=0" "$(cat "$WORK/flow.txt")"
"$SOCKSCOPE" flow "$WORK/lab.pcap" -Y 'tcp.port == 1' >/dev/null 2>&1; rc=$?
check_eq "flow with nothing matching exits 1" 1 "$rc"

# explain: the lab questions, answered as tshark's fields say
stream0 "$DATA/tcp_anomalies.pcap" "$WORK/anomalies0.txt"
for f in "$WORK/lab.pcap" "$DATA/tcp_anomalies.pcap"; do
  name=$(basename "$f")
  t0="$WORK/lab0.txt"
  [ "$name" = tcp_anomalies.pcap ] && t0="$WORK/anomalies0.txt"
  out=$("$SOCKSCOPE" explain "$f" --stream 0)
  read -r syn_frame syn_seq < <(awk -F'\t' '$2 == 1 && $3 == 0 { print $1, $6; exit }' "$t0")
  read -r sa_frame sa_seq sa_ack < <(awk -F'\t' '$2 == 1 && $3 == 1 { print $1, $6, $7; exit }' "$t0")
  check_match "explain $name: SYN frame and ISN" "1\. frame $syn_frame +SYN .*Seq=$syn_seq " "$out"
  check_match "explain $name: SYN-ACK seq and ack" "2\. frame $sa_frame +SYN, ACK .*Seq=$sa_seq .*Ack=$sa_ack" "$out"
  check_eq "explain $name: the SYN-ACK acknowledges ISN + 1" "$((syn_seq + 1))" "$sa_ack"
  first_data=$(awk -F'\t' '$4 > 0 { print $1; exit }' "$t0")
  before=$(awk -F'\t' -v first="$first_data" '$1 < first' "$t0" | wc -l)
  check_match "explain $name: packets before the first payload" "$before packets came before the first payload \(frame $first_data\)" "$out"
  fin=$(awk -F'\t' '$5 == 1 { print $1 "\t" $8 "\t" $9; exit }' "$t0")
  read -r fin_frame fin_ip fin_port <<<"$fin"
  check_match "explain $name: who closed first" "$fin_ip:$fin_port closed first: FIN in frame $fin_frame" "$out"
done
out=$("$SOCKSCOPE" explain "$DATA/tcp_midstream_reuse.pcap" --stream 1)
check_match "explain names an RST close" "reset the connection \(RST\) in frame 8" "$out"
out=$("$SOCKSCOPE" explain "$WORK/lab.pcap" --udp 0)
ulen=$(tshark -r "$WORK/lab.pcap" -Y 'udp.stream == 0' -T fields -e udp.length 2>/dev/null | head -1)
check_match "explain --udp shows the four header fields" "Source Port: [0-9]+  Destination Port: $uport  Length: $ulen \(8 header \+ $((ulen - 8)) data\)  Checksum: 0x" "$out"
"$SOCKSCOPE" explain "$DATA/tcp_gap.pcap" --stream 7 >/dev/null; rc=$?
check_eq "explain of a missing stream exits 1" 1 "$rc"
finish
