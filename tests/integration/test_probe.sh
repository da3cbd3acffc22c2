#!/usr/bin/env bash
# `sockscope probe HOST PORT`: open, refused, filtered (iptables DROP), unreachable and
# unknown host, the exact lines, exit codes and --verbose's elapsed time.
source "$(dirname "$0")/lib.sh"

a=$(make_ns a)   # the prober, 192.0.2.1
b=$(make_ns b)   # the target, 192.0.2.2
make_link "$a" 192.0.2.1 "$b" 192.0.2.2

start_bg "$b" "$WORK/serve.out" "$SOCKSCOPE" serve --port 0 --quiet
wait_for_file_line "$WORK/serve.out" '^serverPort: ' 5
port=$(server_port "$WORK/serve.out")

out=$(in_ns "$a" "$SOCKSCOPE" probe 192.0.2.2 "$port"); rc=$?
check_eq "open: line" "192.0.2.2:$port is OPEN" "$out"
check_eq "open: exit 0" 0 "$rc"

out=$(in_ns "$a" "$SOCKSCOPE" probe 192.0.2.2 1); rc=$?
check_eq "refused: line" "192.0.2.2:1 is CLOSED (refused)" "$out"
check_eq "refused: exit 1" 1 "$rc"

in_ns "$b" iptables -A INPUT -p tcp --dport 2000 -j DROP
out=$(in_ns "$a" "$SOCKSCOPE" probe --timeout 0.5 --verbose 192.0.2.2 2000); rc=$?
check_match "filtered: line" '^192\.0\.2\.2:2000 is CLOSED \(timeout\)
Elapsed: 0\.[5-9][0-9]s$' "$out"
check_eq "filtered: exit 1" 1 "$rc"
# The same port without the rule is refused: the rule made the difference.
in_ns "$b" iptables -F INPUT
check_eq "unfiltered again: refused" "192.0.2.2:2000 is CLOSED (refused)" "$(in_ns "$a" "$SOCKSCOPE" probe 192.0.2.2 2000)"

# REJECT answers for the host, with a reset or an ICMP port-unreachable: "refused".
in_ns "$b" iptables -A INPUT -p tcp --dport 2001 -j REJECT --reject-with tcp-reset
in_ns "$b" iptables -A INPUT -p tcp --dport 2002 -j REJECT --reject-with icmp-port-unreachable
check_eq "REJECT tcp-reset: refused" "192.0.2.2:2001 is CLOSED (refused)" "$(in_ns "$a" "$SOCKSCOPE" probe 192.0.2.2 2001)"
check_eq "REJECT icmp-port-unreachable: refused" "192.0.2.2:2002 is CLOSED (refused)" "$(in_ns "$a" "$SOCKSCOPE" probe 192.0.2.2 2002)"
in_ns "$b" iptables -F INPUT

out=$(in_ns "$a" "$SOCKSCOPE" probe 198.51.100.7 80); rc=$?
check_eq "no route: unreachable" "198.51.100.7:80 is CLOSED (unreachable)" "$out"
check_eq "no route: exit 1" 1 "$rc"

out=$(in_ns "$a" "$SOCKSCOPE" probe --timeout 2 nosuchhost.invalid 80); rc=$?
check_eq "unknown host: name_error" "nosuchhost.invalid:80 is CLOSED (name_error)" "$out"
check_eq "unknown host: exit 1" 1 "$rc"

out=$(in_ns "$a" "$SOCKSCOPE" probe -v 192.0.2.2 "$port")
check_match "verbose open: Elapsed line" "^192\.0\.2\.2:$port is OPEN
Elapsed: [0-9]+\.[0-9]{2}s$" "$out"

# The host is printed as typed, a name too (localhost from /etc/hosts, inside ns a).
start_bg "$a" "$WORK/local.out" "$SOCKSCOPE" serve --bind 127.0.0.1 --port 0 --quiet
wait_for_file_line "$WORK/local.out" '^serverPort: ' 5
lport=$(server_port "$WORK/local.out")
check_eq "a name prints as typed" "localhost:$lport is OPEN" "$(in_ns "$a" "$SOCKSCOPE" probe localhost "$lport")"

for bad in "192.0.2.2 0" "192.0.2.2 65536" "192.0.2.2 http" "192.0.2.2 22 --timeout -1"; do
  # shellcheck disable=SC2086
  err=$(in_ns "$a" "$SOCKSCOPE" probe $bad 2>&1); rc=$?
  check_eq "bad input '$bad': exit 2" 2 "$rc"
done

finish
