#!/usr/bin/env bash
# Real Python peers written the way the labs teach: the communicator's sender (sendall,
# then wait for #<<END>># without closing) and receiver (recv once, answer #<<END>>#)
# both ways, and the socket lab's UDP/TCP upper-case clients and servers against
# `sockscope serve` and `sockscope send`. Two namespaces, a veth pair.
source "$(dirname "$0")/lib.sh"
peers="$SOCKSCOPE_SRC/tests/integration/peers"

a=$(make_ns a)   # 192.0.2.1
b=$(make_ns b)   # 192.0.2.2
make_link "$a" 192.0.2.1 "$b" 192.0.2.2

# --- Python sender -> sockscope receiver ------------------------------------------------
start_bg "$b" "$WORK/recv.out" "$SOCKSCOPE" message receive --count 2 --wait 20
recv=$LAST_PID
wait_for_file_line "$WORK/recv.out" 'Waiting for message on port 65432' 5
start=$(date +%s%N)
out=$(in_ns "$a" python3 "$peers/comm_sender.py" 192.0.2.2 65432 "Would you like green eggs and ham?"); rc=$?
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "python sender gets its receipt" "Message sent successfully." "$out"
check_eq "python sender exit 0" 0 "$rc"
check "receipt after the quiet gap, not a timeout ($took_ms ms)" test "$took_ms" -lt 9000
msg4096=$(python3 -c 'print("é" * 4096)')
out=$(in_ns "$a" python3 "$peers/comm_sender.py" 192.0.2.2 65432 "$msg4096")
check_eq "python sender, 4096 two-byte characters" "Message sent successfully." "$out"
wait "$recv"; rc=$?
check_eq "sockscope receiver exit 0" 0 "$rc"
check_match "sockscope receiver shows the python message" 'Connected by \(192\.0\.2\.1\)
Message:
Would you like green eggs and ham\?
End of message\.' "$(cat "$WORK/recv.out")"
check_eq "4096 characters arrive whole" "$msg4096" "$(sed -n '8p' "$WORK/recv.out")"

# The gap is configurable: a longer one holds the receipt back that long.
start_bg "$b" "$WORK/recv_gap.out" "$SOCKSCOPE" message receive --port 40002 --quiet-gap 1.5 --wait 20
wait_for_file_line "$WORK/recv_gap.out" 'Waiting for message on port 40002' 5
start=$(date +%s%N)
out=$(in_ns "$a" python3 "$peers/comm_sender.py" 192.0.2.2 40002 "slow gap")
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "--quiet-gap 1.5: receipt" "Message sent successfully." "$out"
# (the bound tells the gap from comm_sender's 10 s receipt timeout; a loaded machine
# adds seconds of interpreter start-up to the time measured)
check "--quiet-gap 1.5: receipt not before 1.5 s ($took_ms ms)" test "$took_ms" -ge 1500 -a "$took_ms" -lt 9000

# --- sockscope sender -> Python receiver ------------------------------------------------
start_bg "$b" "$WORK/pyrecv.out" python3 "$peers/comm_receiver.py" 65432
wait_for_file_line "$WORK/pyrecv.out" 'Waiting for message' 5
out=$(printf '1\nI do not like green eggs and ham.\n192.0.2.2\n0\n' | in_ns "$a" "$SOCKSCOPE" communicator)
check_match "communicator menu -> python receiver: success" 'Sending.
Message sent successfully.' "$out"
wait_for_file_line "$WORK/pyrecv.out" 'End of message' 5
check_match "python receiver got the text" 'Connected by \(192\.0\.2\.1\)
Message:
I do not like green eggs and ham\.
End of message\.' "$(cat "$WORK/pyrecv.out")"

start_bg "$b" "$WORK/pyrecv2.out" python3 "$peers/comm_receiver.py" 40000
wait_for_file_line "$WORK/pyrecv2.out" 'Waiting for message' 5
out=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 --port 40000 "Sam I am"); rc=$?
check_eq "message send -> python receiver: exit 0" 0 "$rc"
check_match "message send -> python receiver: success" 'Message sent successfully\.' "$out"

# --- the socket lab's UDP/TCP scripts against sockscope ---------------------------------
start_bg "$b" "$WORK/udpserver.out" python3 "$peers/UDPServer.py" 0 1
wait_for_file_line "$WORK/udpserver.out" '^serverPort: ' 5
port=$(server_port "$WORK/udpserver.out")
check_eq "sockscope send -> UDPServer.py" "HELLO UDP" \
  "$(in_ns "$a" "$SOCKSCOPE" send --proto udp 192.0.2.2 "$port" "hello udp")"

start_bg "$b" "$WORK/tcpserver.out" python3 "$peers/TCPServer.py" 0 1
wait_for_file_line "$WORK/tcpserver.out" '^serverPort: ' 5
port=$(server_port "$WORK/tcpserver.out")
check_eq "sockscope send -> TCPServer.py" "HELLO TCP" \
  "$(in_ns "$a" "$SOCKSCOPE" send 192.0.2.2 "$port" "hello tcp")"

start_bg "$b" "$WORK/serve_udp.out" "$SOCKSCOPE" serve --proto udp --port 0
wait_for_file_line "$WORK/serve_udp.out" '^serverPort: ' 5
port=$(server_port "$WORK/serve_udp.out")
out=$(echo "lowercase over udp" | in_ns "$a" python3 "$peers/UDPClient.py" 192.0.2.2 "$port")
check_eq "UDPClient.py -> sockscope serve --proto udp" "Input lowercase sentence:LOWERCASE OVER UDP" "$out"

start_bg "$b" "$WORK/serve_tcp.out" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/serve_tcp.out" '^serverPort: ' 5
port=$(server_port "$WORK/serve_tcp.out")
out=$(echo "lowercase over tcp" | in_ns "$a" python3 "$peers/TCPClient.py" 192.0.2.2 "$port")
check_eq "TCPClient.py -> sockscope serve" "Input lowercase sentence:From Server: LOWERCASE OVER TCP" "$out"
wait_for_file_line "$WORK/serve_tcp.out" 'Received: lowercase over tcp' 2
check "sockscope serve logged the python client" grep -qE '^\[\*\] Accepted connection from 192\.0\.2\.1:[0-9]+$' "$WORK/serve_tcp.out"

finish
