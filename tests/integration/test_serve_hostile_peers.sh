#!/usr/bin/env bash
# serve against peers that would hurt everyone else (issue 13, items 6, 7, 8, 10):
# a stdout nobody reads must not freeze the server or its Ctrl-C; one client's flood of
# bytes must not flood the log; clients that never read their replies hold a bounded
# queue and are disconnected; a UDP reply is never much larger than its request.
source "$(dirname "$0")/lib.sh"
PEERS="$SOCKSCOPE_SRC/tests/integration/serve_peers.py"
ns=$(make_ns a)
peer() { in_ns "$ns" python3 "$PEERS" "$@"; }

stop_within() {  # stop_within LABEL PID SIG SECONDS: the server ends with rc 0 in time
  local label=$1 pid=$2 sig=$3 limit=$4 i rc
  kill -"$sig" "$pid"
  for ((i = 0; i < limit * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    check "$label: SIG$sig stops it within $limit s" false
    kill -9 "$pid" 2>/dev/null
  else
    wait "$pid"; rc=$?
    check_eq "$label: SIG$sig stops it with exit code 0" 0 "$rc"
  fi
}

# --- 6. stdout is a pipe that nobody reads ---------------------------------------------
mkfifo "$WORK/stuck"
exec {holder}<>"$WORK/stuck"  # keeps the pipe open; this shell never reads it
ip netns exec "$ns" "$SOCKSCOPE" serve --port 12000 --reply echo >"$WORK/stuck" 2>&1 &
srv=$!
_PIDS+=("$srv")
wait_listening "$ns" tcp 12000
# 2,000 logged messages of 200 bytes: several times what the pipe holds.
check_eq "stdout unread: a chatty client is answered throughout" "ok 2000" \
  "$(STEP_TIMEOUT=40 peer lines 12000 2000 2>&1)"
check_eq "stdout unread: another client is answered too" "ok 20" \
  "$(STEP_TIMEOUT=10 peer lines 12000 20 2>&1)"
# The log's writer may wait 1 s for the reader before the process leaves without it.
stop_within "stdout unread" "$srv" INT 5
exec {holder}<&-

# --- 7. a flood of random bytes and the log ---------------------------------------------
start_bg "$ns" "$WORK/flood_log.out" "$SOCKSCOPE" serve --port 12001 --reply discard
srv=$LAST_PID
wait_for_file_line "$WORK/flood_log.out" '^serverPort: ' 5
STEP_TIMEOUT=10 peer random 12001 2 >/dev/null
stop_within "flooded log" "$srv" TERM 3
bytes=$(stat -c %s "$WORK/flood_log.out")
echo "  log of a 2 s random flood: $bytes bytes"
# 64 KiB a second after a 256 KiB burst, plus the lines saying what was left out.
check "log of a 2 s flood stays under 600 KB ($bytes bytes)" test "$bytes" -lt 600000
check "a long message is logged as its start and a count" \
  grep -qE '^\[\*\] Received: .* \(… [0-9]+ more bytes\)$' "$WORK/flood_log.out"
grep -qE '^\[\*\] Received: .* \(… [0-9]+ more bytes\)$' "$WORK/flood_log.out" ||
  { grep -ac 'Received' "$WORK/flood_log.out"; head -c 3000 "$WORK/flood_log.out" | cut -c1-150 | cat -v; }
check "the log says how many lines it left out" \
  grep -qE '^\[\*\] \([0-9]+ lines not shown: over the log limit of 65536 bytes a second\)$' \
  "$WORK/flood_log.out"

# --- 8. clients that send and never read their replies ---------------------------------
start_bg "$ns" "$WORK/unread.out" "$SOCKSCOPE" serve --port 12002 --reply echo
srv=$LAST_PID
wait_for_file_line "$WORK/unread.out" '^serverPort: ' 5
rss_before=$(awk '/^VmRSS:/ {print $2}' "/proc/$srv/status")
clients=()
for i in $(seq 1 10); do
  ip netns exec "$ns" timeout 30 python3 "$PEERS" hold-unread 12002 15 >"$WORK/hold.$i" 2>&1 &
  clients+=($!)
done
for i in $(seq 1 10); do wait_for_file_line "$WORK/hold.$i" '^sent ' 10; done
rss_after=$(awk '/^VmRSS:/ {print $2}' "/proc/$srv/status")
per_client=$(((rss_after - rss_before) / 10))
echo "  RSS per client that does not read: $per_client KiB"
if [ "${SOCKSCOPE_SANITIZED:-0}" = 1 ]; then
  echo "  RSS not compared under AddressSanitizer (its shadow memory and quarantine)"
else
  check "a client that does not read costs < 1 MiB of RSS ($per_client KiB)" test "$per_client" -lt 1024
fi
wait "${clients[@]}"
# Each peer starts its clock 2 s after the server stopped reading it (its send timeout),
# so "5 s full, then closed" shows as 3 s, plus up to 1 s of sweep and some slack; on a
# loaded machine (ctest at twice the cores, a compiler beside it) the peer's send timeout
# can fire late, which shortens what it measures by as much.
closed=$(cat "$WORK"/hold.* | grep -cE '^closed after [1-6]\.[0-9]$')
check_eq "all 10 are disconnected about 5 s after their queue filled" 10 "$closed"
[ "$closed" = 10 ] || cat "$WORK"/hold.*
check_eq "the server says why, once per client" 10 \
  "$(grep -c 'its replies are not read (output queue full for 5 s)' "$WORK/unread.out")"
check_eq "and still answers others" "ok 20" "$(STEP_TIMEOUT=5 peer lines 12002 20 2>&1)"

# --- 10. UDP replies are no amplifier ---------------------------------------------------
banner="text:$(head -c 8000 /dev/zero | tr '\0' 'b')"
start_bg "$ns" "$WORK/udp.out" "$SOCKSCOPE" serve --proto udp --port 12003 --reply "$banner" --quiet
wait_for_file_line "$WORK/udp.out" '^serverPort: ' 5
check_eq "UDP banner: replies of at most 3x the request (0, 1, 100 bytes in)" "0 3 300" \
  "$(peer udp-sizes 12003)"
start_bg "$ns" "$WORK/udpfull.out" "$SOCKSCOPE" serve --proto udp --port 12004 --reply "$banner" \
  --quiet --udp-full-replies
wait_for_file_line "$WORK/udpfull.out" '^serverPort: ' 5
check_eq "UDP banner with --udp-full-replies: the whole banner" "8000 8000 8000" \
  "$(peer udp-sizes 12004)"

finish
