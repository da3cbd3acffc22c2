#!/usr/bin/env bash
# Debian's /etc/hosts maps `localhost` to both 127.0.0.1 and ::1, and the resolver gives
# ::1 first. The clients (probe, send over TCP and UDP, http) must try each address in
# turn, as Python's create_connection() does, and reach a server on 127.0.0.1 only:
# first when ::1 refuses at once, then when ::1 is silent (a firewall drops it), where a
# client that gave the first address the whole timeout would time out.
# Runs in a private network namespace, each client in a private mount namespace
# (unshare -m) with a temporary hosts file bind-mounted over /etc/hosts.
# (`message send` takes only a dotted-quad IPv4 address: no name, nothing to try.)
source "$(dirname "$0")/lib.sh"

ns=$(make_ns a)
printf '::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\tlocalhost\n' >"$WORK/hosts"

# with_hosts CMD...: CMD in our namespace, seeing $WORK/hosts as /etc/hosts.
with_hosts() {
  in_ns "$ns" unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$WORK/hosts" "$@"
}

check_match "the resolver gives ::1 first" '^::1 ' \
  "$(with_hosts getent ahosts localhost | head -1)"

start_bg "$ns" "$WORK/tcp.out" "$SOCKSCOPE" serve --bind 127.0.0.1 --port 0 --quiet
wait_for_file_line "$WORK/tcp.out" '^serverPort: ' 5
tcp=$(server_port "$WORK/tcp.out")
start_bg "$ns" "$WORK/udp.out" "$SOCKSCOPE" serve --proto udp --bind 127.0.0.1 --port 0 --quiet
wait_for_file_line "$WORK/udp.out" '^serverPort: ' 5
udp=$(server_port "$WORK/udp.out")
start_bg "$ns" "$WORK/http.out" python3 "$SOCKSCOPE_SRC/tests/integration/peers/http_peer.py" \
  127.0.0.1 8080 "$WORK/http.log"
wait_listening "$ns" tcp 8080

clients() {  # $1: what ::1 does
  out=$(with_hosts "$SOCKSCOPE" probe localhost "$tcp"); rc=$?
  check_eq "probe, ::1 $1: a name prints as typed" "localhost:$tcp is OPEN" "$out"
  check_eq "probe, ::1 $1: exit 0" 0 "$rc"
  out=$(with_hosts "$SOCKSCOPE" send -t 4 localhost "$tcp" hello); rc=$?
  check_eq "send tcp, ::1 $1: the reply" "HELLO" "$out"
  check_eq "send tcp, ::1 $1: exit 0" 0 "$rc"
  out=$(with_hosts "$SOCKSCOPE" send -t 4 --proto udp localhost "$udp" hello); rc=$?
  check_eq "send udp, ::1 $1: the reply" "HELLO" "$out"
  check_eq "send udp, ::1 $1: exit 0" 0 "$rc"
  out=$(with_hosts "$SOCKSCOPE" http -t 4 http://localhost:8080/ua); rc=$?
  check_match "http, ::1 $1: the response" '^HTTP/1\.[01] 200' "$out"
  check_eq "http, ::1 $1: exit 0" 0 "$rc"
}

clients refuses

# ::1 silent: every packet to it dropped. Each address gets its share of the timeout.
in_ns "$ns" ip6tables -A INPUT -d ::1 -j DROP
start=$(date +%s%N)
clients "is silent"
took_ms=$((($(date +%s%N) - start) / 1000000))
# Four clients, each waiting half its timeout (probe 1.5 s, the others 2 s) on ::1: about
# 7.5 s in all, where giving ::1 the whole timeout takes 15 s.
check "silent ::1 costs each client its share, not the whole timeout ($took_ms ms)" \
  test "$took_ms" -lt 13500
out=$(with_hosts "$SOCKSCOPE" probe -t 1 localhost 1); rc=$?
check_eq "probe: every address failing reports the last failure" \
  "localhost:1 is CLOSED (refused)" "$out"
in_ns "$ns" ip6tables -F INPUT

finish
