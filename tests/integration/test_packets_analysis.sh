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
  for z in tcp udp ip; do
    tshark -r "$f" -q -z "conv,$z" 2>/dev/null | cmp -s - <("$SOCKSCOPE" stats "$f" --conv "$z") || bad+=("conv,$z")
  done
  tshark -r "$f" -q -z io,phs 2>/dev/null | cmp -s - <("$SOCKSCOPE" stats "$f" --protocols) || bad+=(phs)
  check_eq "stats $name: conversations and hierarchy equal tshark's" "" "${bad[*]}"

  # flow: the numbers on each arrow are tshark's, in order
  for mode in rel abs; do
    if [ $mode = rel ]; then opt=(); topt=(); else opt=(--absolute-seq); topt=(-o tcp.relative_sequence_numbers:FALSE); fi
    tshark -r "$f" "${topt[@]}" -Y tcp -T fields -e tcp.seq -e tcp.ack -e tcp.len -e tcp.flags.ack 2>/dev/null |
      awk -F'\t' '{ if ($4 == 1) print "Seq=" $1 " Ack=" $2 " Len=" $3; else print "Seq=" $1 " Len=" $3 }' >"$WORK/t.txt"
    "$SOCKSCOPE" flow "$f" "${opt[@]}" 2>/dev/null | grep -oE 'Seq=[0-9]+( Ack=[0-9]+)? Len=[0-9]+$' >"$WORK/o.txt"
    check "flow $name ($mode): Seq/Ack/Len of every arrow equal tshark's" cmp -s "$WORK/t.txt" "$WORK/o.txt"
  done
done

# The lab's filter on a flow graph, and the SVG picture.
"$SOCKSCOPE" flow "$WORK/lab.pcap" -Y "ip.addr == 192.0.2.1 && tcp.stream == 0" --absolute-seq --svg "$WORK/flow.svg" >"$WORK/flow.txt"
check "the SVG is well-formed XML" xmllint --noout "$WORK/flow.svg"
check_eq "one arrow per packet in the SVG" "$(tshark -r "$WORK/lab.pcap" -Y 'tcp.stream == 0' 2>/dev/null | wc -l)" \
  "$(grep -c 'marker-end' "$WORK/flow.svg")"
syn_raw=$(tshark -r "$WORK/lab.pcap" -Y 'tcp.stream == 0 && tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e tcp.seq_raw 2>/dev/null)
check_match "the absolute flow graph shows the raw ISN" "SYN +\|.*Seq=$syn_raw Len=0" "$(cat "$WORK/flow.txt")"
"$SOCKSCOPE" flow "$WORK/lab.pcap" -Y 'tcp.port == 1' >/dev/null 2>&1; rc=$?
check_eq "flow with nothing matching exits 1" 1 "$rc"

# explain: the lab questions, answered as tshark's fields say
for f in "$WORK/lab.pcap" "$DATA/tcp_anomalies.pcap"; do
  name=$(basename "$f")
  out=$("$SOCKSCOPE" explain "$f" --stream 0)
  read -r syn_frame syn_seq < <(tshark -r "$f" -Y 'tcp.stream == 0 && tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e frame.number -e tcp.seq_raw 2>/dev/null | head -1)
  read -r sa_frame sa_seq sa_ack < <(tshark -r "$f" -Y 'tcp.stream == 0 && tcp.flags.syn == 1 && tcp.flags.ack == 1' -T fields -e frame.number -e tcp.seq_raw -e tcp.ack_raw 2>/dev/null | head -1)
  check_match "explain $name: SYN frame and ISN" "1\. frame $syn_frame +SYN .*Seq=$syn_seq " "$out"
  check_match "explain $name: SYN-ACK seq and ack" "2\. frame $sa_frame +SYN, ACK .*Seq=$sa_seq .*Ack=$sa_ack" "$out"
  check_eq "explain $name: the SYN-ACK acknowledges ISN + 1" "$((syn_seq + 1))" "$sa_ack"
  first_data=$(tshark -r "$f" -Y 'tcp.stream == 0 && tcp.len > 0' -T fields -e frame.number 2>/dev/null | head -1)
  before=$(tshark -r "$f" -Y "tcp.stream == 0 && frame.number < $first_data" 2>/dev/null | wc -l)
  check_match "explain $name: packets before the first payload" "$before packets came before the first payload \(frame $first_data\)" "$out"
  fin=$(tshark -r "$f" -Y 'tcp.stream == 0 && tcp.flags.fin == 1' -T fields -e frame.number -e ip.src -e tcp.srcport 2>/dev/null | head -1)
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
