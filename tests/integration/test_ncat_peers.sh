#!/usr/bin/env bash
# ncat as the peer of serve/send, both ways, TCP and UDP, in a private namespace.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns a)

# ncat -l as the server for `sockscope send`: ncat answers with its stdin and prints
# what it received. (Not `ncat -l -c CMD` for TCP: ncat drops the connection when the
# client half-closes, before CMD answers; `sockscope send` half-closes by design.)
printf 'REPLY FROM NCAT' >"$WORK/reply.txt"
ip netns exec "$ns" ncat -l 127.0.0.1 31001 <"$WORK/reply.txt" >"$WORK/ncat_tcp.out" 2>&1 &
_PIDS+=("$!")
wait_listening "$ns" tcp 31001
out=$(in_ns "$ns" "$SOCKSCOPE" send --timeout 3 127.0.0.1 31001 "hello ncat"); rc=$?
check_eq "send -> ncat -l (tcp): reply" "REPLY FROM NCAT" "$out"
check_eq "send -> ncat -l (tcp): exit 0" 0 "$rc"
wait_for_file_line "$WORK/ncat_tcp.out" 'hello ncat' 3
check_eq "send -> ncat -l (tcp): ncat got the message" "hello ncat" "$(cat "$WORK/ncat_tcp.out")"

ip netns exec "$ns" ncat -l 127.0.0.1 31002 </dev/null >"$WORK/ncat_tcp2.out" 2>&1 &
_PIDS+=("$!")
wait_listening "$ns" tcp 31002
out=$(in_ns "$ns" "$SOCKSCOPE" send --timeout 1 127.0.0.1 31002 "just data" 2>&1); rc=$?
check_eq "send -> ncat that answers nothing: exit 1" 1 "$rc"
check_eq "send -> ncat that answers nothing: message" "sockscope: error: no reply: the server closed without answering" "$out"

start_bg "$ns" "$WORK/ncat_udp.out" ncat -u -l 127.0.0.1 31003 -c 'head -c 14 | tr a-z A-Z'
wait_listening "$ns" udp 31003
out=$(in_ns "$ns" "$SOCKSCOPE" send --proto udp --timeout 3 127.0.0.1 31003 "hello udp ncat"); rc=$?
check_eq "send -> ncat -u -l (udp): reply" "HELLO UDP NCAT" "$out"
check_eq "send -> ncat -u -l (udp): exit 0" 0 "$rc"

# ncat as a client of `sockscope serve` (--loop: ncat's lines share one connection).
start_bg "$ns" "$WORK/serve_tcp.out" "$SOCKSCOPE" serve --port 0 --loop
wait_for_file_line "$WORK/serve_tcp.out" '^serverPort: ' 5
port=$(server_port "$WORK/serve_tcp.out")
out=$(printf 'from ncat\n' | in_ns "$ns" ncat -w 3 127.0.0.1 "$port")
check_eq "ncat -> serve (tcp)" "FROM NCAT" "$out"
wait_for_file_line "$WORK/serve_tcp.out" 'Received: from ncat' 2
check "serve logged ncat's line" grep -qF '[*] Received: from ncat\n' "$WORK/serve_tcp.out"

start_bg "$ns" "$WORK/serve_udp.out" "$SOCKSCOPE" serve --proto udp --port 0
wait_for_file_line "$WORK/serve_udp.out" '^serverPort: ' 5
port=$(server_port "$WORK/serve_udp.out")
# ncat exits at the end of stdin, so its stdin stays open until the reply is out (a gate,
# bounded at 10 s: a fixed 0.5 s ran out before the reply on a loaded machine).
(printf 'udp from ncat'
  for ((i = 0; i < 100; i++)); do [ -s "$WORK/udp_reply" ] && break; nap 0.1; done) |
  in_ns "$ns" ncat -u -w 2 127.0.0.1 "$port" >"$WORK/udp_reply"
out=$(cat "$WORK/udp_reply")
check_eq "ncat -u -> serve (udp)" "UDP FROM NCAT" "$out"

# ncat's chat-style traffic: several lines on one connection, each answered.
out=$(printf 'one\ntwo\nthree\n' | in_ns "$ns" ncat -w 3 127.0.0.1 "$(server_port "$WORK/serve_tcp.out")")
check_eq "ncat -> serve, three lines" "ONE
TWO
THREE" "$out"

finish
