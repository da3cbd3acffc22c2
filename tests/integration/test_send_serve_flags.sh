#!/usr/bin/env bash
# send --no-half-close against `ncat -l -c CMD` (which hangs up on a half-close before
# CMD answers), send --quiet-gap, and serve --idle-timeout closing silent TCP clients
# while talkative ones are served.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns a)

# check_early_reply NAME EXPECTED CMD...: CMD prints EXPECTED, exits 0, and returns well
# before its 5 s timeout (a quiet gap ended the reply, not the deadline).
check_early_reply() {
  local name=$1 expected=$2 start out rc ms; shift 2
  start=$(date +%s%N)
  out=$("$@"); rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  check_eq "$name: reply" "$expected" "$out"
  check_eq "$name: exit 0" 0 "$rc"
  check "$name: ends at the quiet gap, not the 5 s timeout (${ms} ms)" test "$ms" -lt 3000
}

# CMD answers one line, then keeps the connection open for 5 s.
cmd='read -r line; echo "$line" | tr a-z A-Z; sleep 5'
start_bg "$ns" "$WORK/ncat1.out" ncat -l 127.0.0.1 32001 -c "$cmd"
wait_listening "$ns" tcp 32001
check_early_reply "--no-half-close vs ncat -l -c" "HELLO NCAT" \
  in_ns "$ns" "$SOCKSCOPE" send --no-half-close -t 5 127.0.0.1 32001 $'hello ncat\n'

# The same server with the default half-close: ncat stops passing CMD's answer on once
# the client has half-closed, so nothing comes back (why --no-half-close exists).
start_bg "$ns" "$WORK/ncat2.out" ncat -l 127.0.0.1 32002 -c "$cmd"
wait_listening "$ns" tcp 32002
out=$(printf 'hello ncat\n' | in_ns "$ns" "$SOCKSCOPE" send -t 1 127.0.0.1 32002 2>/dev/null); rc=$?
check_eq "half-close vs ncat -l -c: exit 1" 1 "$rc"
check_eq "half-close vs ncat -l -c: no reply" "" "$out"

# --quiet-gap with half-close: a server that answers and keeps the connection open.
start_bg "$ns" "$WORK/py3.out" python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 32003)); s.listen()
c, _ = s.accept(); c.sendall(b"banner\n"); time.sleep(5)'
wait_listening "$ns" tcp 32003
check_early_reply "--quiet-gap" "banner" in_ns "$ns" "$SOCKSCOPE" send --quiet-gap 0.3 -t 5 127.0.0.1 32003 x

# --no-half-close against a silent server still ends at the timeout, exit 1.
start_bg "$ns" "$WORK/ncat4.out" ncat -l 127.0.0.1 32004 -c 'sleep 5'
wait_listening "$ns" tcp 32004
out=$(in_ns "$ns" "$SOCKSCOPE" send --no-half-close -t 0.5 127.0.0.1 32004 x 2>&1); rc=$?
check_eq "--no-half-close, silent server: exit 1" 1 "$rc"
check_eq "--no-half-close, silent server: message" "sockscope: error: timed out after 0.5 s" "$out"

# serve --idle-timeout: a silent client is closed after ~1 s; one that talks is not
# (--loop: the talker sends many messages on one connection).
start_bg "$ns" "$WORK/idle.out" "$SOCKSCOPE" serve --port 0 --idle-timeout 1 --loop
wait_for_file_line "$WORK/idle.out" '^serverPort: ' 5
port=$(server_port "$WORK/idle.out")
cat >"$WORK/clients.py" <<'PY'
import select, socket, sys, time
port = int(sys.argv[1])
silent = socket.create_connection(("127.0.0.1", port))
talker = socket.create_connection(("127.0.0.1", port))
talker.settimeout(1)
start = time.time()
closed_after = None
replies = 0
next_ping = start
# The talker speaks every 0.3 s for 2.5 s; the silent one is watched every 20 ms for EOF.
while time.time() - start < 2.5:
    if time.time() >= next_ping:
        talker.sendall(b"ping")
        if talker.recv(16) == b"PING":
            replies += 1
        next_ping += 0.3
    if closed_after is None and select.select([silent], [], [], 0.02)[0]:
        if silent.recv(16) == b"":
            closed_after = time.time() - start
    else:
        time.sleep(0.02)
print("silent_closed_after=%s talker_replies=%d" % (
    "none" if closed_after is None else "%.2f" % closed_after, replies))
PY
out=$(in_ns "$ns" python3 "$WORK/clients.py" "$port")
echo "  $out"
# Not before 1 s; the sweep runs every 0.25 s, so by 1.25 s plus scheduling slack.
check_match "--idle-timeout: silent client closed after 1 s, not long after" 'silent_closed_after=(0\.9[5-9]|1\.[0-6][0-9])' "$out"
check_match "--idle-timeout: talking client answered throughout" 'talker_replies=(8|9)$' "$out"
wait_for_file_line "$WORK/idle.out" 'Closed idle connection' 2
check_match "--idle-timeout: the server says so" \
  '\[\*\] Closed idle connection from 127\.0\.0\.1:[0-9]+ \(silent for 1 s\)' "$(cat "$WORK/idle.out")"
check_eq "--idle-timeout: exactly one client closed as idle" 1 "$(grep -c 'Closed idle' "$WORK/idle.out")"

# Without --idle-timeout a silent client stays (3 s of silence, still connected).
start_bg "$ns" "$WORK/noidle.out" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/noidle.out" '^serverPort: ' 5
port=$(server_port "$WORK/noidle.out")
out=$(in_ns "$ns" python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(1.5)
s.sendall(b"still here")
s.settimeout(2)
print(s.recv(64).decode())' "$port")
check_eq "no --idle-timeout: a silent client is kept" "STILL HERE" "$out"

finish
