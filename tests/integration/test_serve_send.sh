#!/usr/bin/env bash
# serve <-> send over TCP and UDP inside a private namespace, both reply modes, errors.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns a)

start_bg "$ns" "$WORK/tcp.out" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/tcp.out" '^serverPort: ' 5
tcp_port=$(server_port "$WORK/tcp.out")

out=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port" "hello lab")
check_eq "tcp upper-case reply" "HELLO LAB" "$out"
out=$(echo -n "from stdin" | in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port")
check_eq "tcp message from stdin" "FROM STDIN" "$out"
wait_for_file_line "$WORK/tcp.out" '^\[\*\] Received: hello lab$' 2
out=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port" "$(printf 'caf\xc3\xa9 \033[2J')")
# As the lab's TCPServer.py (str.upper()): é is upper-cased too, control bytes pass.
check_eq "utf-8 upper-cased as Python's str.upper()" "$(printf 'CAF\xc3\x89 \033[2J')" "$out"
wait_for_file_line "$WORK/tcp.out" 'Received: caf' 2
check "server shows UTF-8 as text, escapes control bytes" grep -qF "$(printf '[*] Received: caf\xc3\xa9 \\x1b[2J')" "$WORK/tcp.out"
check "server prints accepted line" grep -qE '^\[\*\] Accepted connection from 127\.0\.0\.1:[0-9]+$' "$WORK/tcp.out"

# The reply ends its line, like the lab's print(): a loop prints one reply a line, and
# a reply that already ends with a newline gets no second one.
for i in 1 2 3; do in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port" "hi$i"; done >"$WORK/loop.txt"
check_eq "a loop of sends prints one reply a line" "$(printf 'HI1\nHI2\nHI3\n' | od -c)" "$(od -c <"$WORK/loop.txt")"
in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port" "$(printf 'line\n.')" >"$WORK/nl.txt"
check_eq "newline added after a reply without one" "$(printf 'LINE\n.\n' | od -c)" "$(od -c <"$WORK/nl.txt")"
printf 'ends\n' | in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$tcp_port" >"$WORK/nl2.txt"
check_eq "no second newline after a reply that has one" "$(printf 'ENDS\n' | od -c)" "$(od -c <"$WORK/nl2.txt")"

start_bg "$ns" "$WORK/udp.out" "$SOCKSCOPE" serve --proto udp --port 0
wait_for_file_line "$WORK/udp.out" '^serverPort: ' 5
udp_port=$(server_port "$WORK/udp.out")
out=$(in_ns "$ns" "$SOCKSCOPE" send --proto udp 127.0.0.1 "$udp_port" "udp message")
check_eq "udp upper-case reply" "UDP MESSAGE" "$out"

start_bg "$ns" "$WORK/banner.out" "$SOCKSCOPE" serve --port 0 --reply "text:lab server over TCP is working"
wait_for_file_line "$WORK/banner.out" '^serverPort: ' 5
banner_port=$(server_port "$WORK/banner.out")
out=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$banner_port" "GET / HTTP/1.0")
check_eq "fixed banner reply" "lab server over TCP is working" "$out"

# IPv6 dual-stack bind answers both families.
start_bg "$ns" "$WORK/v6.out" "$SOCKSCOPE" serve --bind :: --port 0 --reply echo
wait_for_file_line "$WORK/v6.out" '^serverPort: ' 5
v6_port=$(server_port "$WORK/v6.out")
check_eq "ipv6 echo" "six" "$(in_ns "$ns" "$SOCKSCOPE" send ::1 "$v6_port" six)"
check_eq "ipv4 to dual-stack" "four" "$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$v6_port" four)"

# Failures: the documented one-line errors and exit codes.
err=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 1 x 2>&1); rc=$?
check_eq "refused exit code" 1 "$rc"
check_eq "refused message" "sockscope: error: connection refused" "$err"
err=$(in_ns "$ns" "$SOCKSCOPE" send --proto udp --timeout 0.5 127.0.0.1 9 x 2>&1); rc=$?
check_eq "udp closed port exit code" 1 "$rc"
err=$(in_ns "$ns" "$SOCKSCOPE" send nosuchhost.invalid 80 x 2>&1); rc=$?
check_eq "unknown host exit code" 1 "$rc"
check_eq "unknown host message" "sockscope: error: unknown host nosuchhost.invalid" "$err"
err=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 70000 x 2>&1); rc=$?
check_eq "bad port exit code" 2 "$rc"
check_match "bad port names the value" "70000" "$err"

# A silent UDP server: timeout message names the timeout.
start_bg "$ns" "$WORK/silent.out" "$SOCKSCOPE" serve --proto udp --port 0 --reply discard
wait_for_file_line "$WORK/silent.out" '^serverPort: ' 5
err=$(in_ns "$ns" "$SOCKSCOPE" send --proto udp --timeout 0.3 127.0.0.1 "$(server_port "$WORK/silent.out")" x 2>&1); rc=$?
check_eq "udp timeout exit code" 1 "$rc"
check_eq "udp timeout message" "sockscope: error: timed out after 0.3 s" "$err"

finish
