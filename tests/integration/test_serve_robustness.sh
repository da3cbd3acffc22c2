#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# serve under misbehaving clients: a 64 MiB flood that never reads, a 10 MB flood that
# reads back, resets (also with replies queued), idle connections and a half frame,
# while a well-behaved client still gets correct replies promptly. Then SIGTERM and
# SIGINT stop the server with exit code 0 within a bound, clients still connected.
source "$(dirname "$0")/lib.sh"
PEERS="$SOCKSCOPE_SRC/tests/integration/serve_peers.py"
peer() { in_ns "$ns" python3 "$PEERS" "$@"; }

ns=$(make_ns a)

start_bg "$ns" "$WORK/srv.out" "$SOCKSCOPE" serve --port 0 --quiet --loop
srv=$LAST_PID
wait_for_file_line "$WORK/srv.out" '^serverPort: ' 5
port=$(server_port "$WORK/srv.out")

# Background troublemakers, all bounded in time, and a well-behaved client among them.
ip netns exec "$ns" timeout 30 python3 "$PEERS" flood "$port" 64 10 >"$WORK/flood.out" 2>&1 &
flood_pid=$!
ip netns exec "$ns" timeout 60 python3 "$PEERS" flood-read "$port" 10 >"$WORK/flood_read.out" 2>&1 &
flood_read_pid=$!
ip netns exec "$ns" timeout 60 python3 "$PEERS" good "$port" 2000 >"$WORK/good.out" 2>&1 &
good_pid=$!
ip netns exec "$ns" timeout 30 python3 "$PEERS" idle "$port" 1000 12 >"$WORK/idle.out" 2>&1 &
idle_pid=$!

# While they run: resets, a half frame.
check_eq "client reset" "reset" "$(peer reset "$port")"
check_eq "client reset with replies queued" "reset" "$(peer reset-pending "$port")"
check_eq "half frame is answered, connection kept" "HALF A FRAME" "$(peer half "$port")"
wait_for_file_line "$WORK/idle.out" '^idle 1000$' 15

wait "$good_pid"
out=$(cat "$WORK/good.out")
check_match "well-behaved client among floods: 2000 correct round trips" '^ok 2000 [0-9]+$' "$out"
worst_ms=${out##* }
check "well-behaved client: slowest round trip ${worst_ms:-?} ms < 1000 ms" test "${worst_ms:-99999}" -lt 1000

wait "$flood_read_pid"
check_eq "10 MB flood read back intact" "ok 10485760" "$(cat "$WORK/flood_read.out")"
# The unread flood offers 64 MiB; the server queues at most 4 MiB of replies for it and
# then stops reading it, so neither its memory nor the flood's progress is unbounded.
# The flood reports once the server has stopped taking its bytes for 3 s.
wait_for_file_line "$WORK/flood.out" '^sent ' 20
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$srv/status")
if [ "${SOCKSCOPE_SANITIZED:-0}" = 1 ]; then
  echo "  server RSS ${rss} KiB: not compared under AddressSanitizer (its shadow memory and quarantine)"
else
  check "server RSS ${rss} KiB < 40 MiB with a 64 MiB unread flood open" test "$rss" -lt 40960
fi
sent=$(sed -n 's/^sent //p' "$WORK/flood.out")
check "unread flood was back-pressured: ${sent:-nothing} of 67108864 bytes taken" test "${sent:-67108864}" -lt 67108864
check_match "still answering after all that" '^ok 20 ' "$(peer good "$port" 20)"

# The idle clients and the unread flood were there for the checks above; they would hold
# on for the rest of their 12 s and 10 s (bounds, should the server be slow), so they go
# now (their timeout process passes the TERM on).
kill "$idle_pid" "$flood_pid" 2>/dev/null
wait "$idle_pid" "$flood_pid"

# UDP: each datagram's reply goes to its own sender.
start_bg "$ns" "$WORK/udp.out" "$SOCKSCOPE" serve --proto udp --port 0 --quiet
wait_for_file_line "$WORK/udp.out" '^serverPort: ' 5
check_eq "udp replies go to each sender" "FROM A AGAIN A FROM B" "$(peer udp "$(server_port "$WORK/udp.out")")"

# Out of descriptors (a 32-descriptor limit): clients past the limit are turned away,
# not left spinning the loop; once they leave, the server answers again.
start_bg "$ns" "$WORK/emfile.out" bash -c 'ulimit -n 32 && exec "$0" serve --port 0 --quiet --loop' "$SOCKSCOPE"
emfile_srv=$LAST_PID
wait_for_file_line "$WORK/emfile.out" '^serverPort: ' 5
emfile_port=$(server_port "$WORK/emfile.out")
check_eq "50 clients connect to a server with 32 descriptors" "idle 50" "$(peer idle "$emfile_port" 50 2)"
check "clients past the descriptor limit are turned away" \
  grep -q 'turned away .*out of file descriptors' "$WORK/emfile.out"
check "the loop does not spin while full" test "$(sed 's/^.*) //' "/proc/$emfile_srv/stat" | awk '{print $12 + $13}')" -lt 100
check_match "answers again once they have gone" '^ok 20 ' "$(peer good "$emfile_port" 20)"

# Clean stop on SIGTERM and SIGINT, with clients still connected: exit 0 within 3 s.
stops=0
stop_with() {  # stop_with SIG [serve options...]
  local sig=$1 pid rc i label
  shift
  label="serve${*:+ $*}"
  ((++stops)); sig_out="$WORK/stop.$stops"
  start_bg "$ns" "$sig_out.out" "$SOCKSCOPE" serve --port 0 --quiet --loop "$@"
  pid=$LAST_PID
  wait_for_file_line "$sig_out.out" '^serverPort: ' 5
  local p
  p=$(server_port "$sig_out.out")
  ip netns exec "$ns" timeout 20 python3 "$PEERS" idle "$p" 50 10 >"$sig_out.idle" 2>&1 &
  local holder=$!
  wait_for_file_line "$sig_out.idle" '^idle 50$' 10
  check_match "$label answers while 50 clients idle" '^ok 20 ' "$(peer good "$p" 20)"
  kill -"$sig" "$pid"
  for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    check "SIG$sig stops $label within 3 s" false
  else
    wait "$pid"; rc=$?
    check_eq "SIG$sig stops $label with exit code 0" 0 "$rc"
  fi
  kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
}
stop_with TERM
stop_with INT
stop_with TERM --threads 2

finish
