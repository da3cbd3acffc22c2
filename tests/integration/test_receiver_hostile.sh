#!/usr/bin/env bash
# `message receive` against hostile Python senders (issue: one sender held the receiver):
# a sender that dribbles a byte every 0.4 s must neither hold the receiver past its own
# whole-message deadline nor keep a genuine sender waiting; 100 senders that never close
# are all answered at once; a message is printed if and only if its receipt was sent.
# One private namespace; every peer bounded in time. Prints the receiver time held.
source "$(dirname "$0")/lib.sh"
peers="$SOCKSCOPE_SRC/tests/integration/peers"
ns=$(make_ns a)
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- a dribbler does not hold a genuine sender -----------------------------------------
start_bg "$ns" "$WORK/r1.out" "$SOCKSCOPE" message receive --port 40001 --count 1 --wait 20
recv1=$LAST_PID
wait_for_file_line "$WORK/r1.out" 'Waiting for message on port 40001' 5
ip netns exec "$ns" timeout 20 python3 "$peers/hostile_senders.py" dribble 127.0.0.1 40001 8 \
  >"$WORK/dribble1.json" 2>&1 &
dribbler=$!; _PIDS+=("$dribbler")
wait_connected "$ns" 40001  # the dribbler is connected (and dribbling) before the sender
nap 0.3
start=$(date +%s%N)
out=$(in_ns "$ns" "$SOCKSCOPE" message send --to 127.0.0.1 --port 40001 --timeout 5 "genuine" 2>&1); rc=$?
held=$(ms_since "$start")
echo "# genuine sender beside a dribbler: receipt after $held ms"
check_eq "genuine sender beside a dribbler: delivered" $'Sending.\nMessage sent successfully.' "$out"
check "genuine sender beside a dribbler: not held ($held ms)" test "$held" -lt 2000
wait "$recv1"; rc=$?
check_eq "receiver: exit 0 after its one message" 0 "$rc"
check_match "receiver printed the genuine message" $'Message:\ngenuine\nEnd of message\\.' "$(cat "$WORK/r1.out")"
wait "$dribbler"
check_match "the dribbler got no receipt" '"receipt": false' "$(cat "$WORK/dribble1.json")"
check "the dribbler's bytes were not printed" bash -c "! grep -q '^d' '$WORK/r1.out'"

# --- the same in the communicator's menu (2 = receive) ------------------------------------
printf '2\n0\n' >"$WORK/keys"
ip netns exec "$ns" "$SOCKSCOPE" communicator --port 40005 --wait 15 <"$WORK/keys" >"$WORK/menu.out" 2>&1 &
menu=$!; _PIDS+=("$menu")
wait_for_file_line "$WORK/menu.out" 'Waiting for message on port 40005' 5
ip netns exec "$ns" timeout 20 python3 "$peers/hostile_senders.py" dribble 127.0.0.1 40005 8 \
  >"$WORK/dribble_menu.json" 2>&1 &
dribbler=$!; _PIDS+=("$dribbler")
wait_connected "$ns" 40005
nap 0.3
start=$(date +%s%N)
out=$(in_ns "$ns" "$SOCKSCOPE" message send --to 127.0.0.1 --port 40005 --timeout 5 "to the menu" 2>&1)
held=$(ms_since "$start")
check_eq "menu receive beside a dribbler: delivered ($held ms)" $'Sending.\nMessage sent successfully.' "$out"
wait "$menu"
check_match "menu receive: the genuine message, then the menu again" $'Message:\nto the menu\nEnd of message\.\n\n===The sockscope Communicator===' "$(cat "$WORK/menu.out")"
wait "$dribbler"

# --- the whole-message deadline: a dribbler alone is cut off at --timeout ---------------
start_bg "$ns" "$WORK/r2.out" "$SOCKSCOPE" message receive --port 40002 --timeout 2 --count 1 --wait 12
recv2=$LAST_PID
wait_for_file_line "$WORK/r2.out" 'Waiting for message on port 40002' 5
start=$(date +%s%N)
out=$(in_ns "$ns" python3 "$peers/hostile_senders.py" dribble 127.0.0.1 40002 8)
wait_for_file_line "$WORK/r2.out" 'No message' 10
held=$(ms_since "$start")
echo "# a lone dribbler (a byte every 0.4 s for up to 8 s) held its slot $held ms (--timeout 2)"
check_match "dribbler cut off: said so" 'No message: the sender did not finish it in time' "$(cat "$WORK/r2.out")"
check_match "dribbler cut off: no receipt" '"receipt": false' "$out"
# (the time includes the Python peer's start-up, seconds on a loaded VM; the dribble
# itself would last 8 s)
check "dribbler cut off near 2 s, not when it stopped (held $held ms)" test "$held" -lt 6500
kill "$recv2" 2>/dev/null

# --- 100 senders that never close: all answered, each printed iff its receipt went out --
start_bg "$ns" "$WORK/r3.out" "$SOCKSCOPE" message receive --port 40003 --count 100 --wait 30
recv3=$LAST_PID
wait_for_file_line "$WORK/r3.out" 'Waiting for message on port 40003' 5
start=$(date +%s%N)
out=$(in_ns "$ns" python3 "$peers/hostile_senders.py" many 127.0.0.1 40003 100)
took=$(ms_since "$start")
echo "# 100 senders that never close: $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["count"])' "$out") receipts in $took ms"
check_match "100 never-closing senders: every one got its receipt" '"count": 100' "$out"
check "100 never-closing senders: answered together ($took ms)" test "$took" -lt 8000
wait "$recv3"; rc=$?
check_eq "receiver: exit 0 after 100 messages" 0 "$rc"
check_eq "100 messages printed" 100 "$(grep -c '^message [0-9]* from a sender that never closes$' "$WORK/r3.out")"

# --- a sender that vanishes before its receipt: not printed ------------------------------
start_bg "$ns" "$WORK/r4.out" "$SOCKSCOPE" message receive --port 40004 --count 1 --wait 10
recv4=$LAST_PID
wait_for_file_line "$WORK/r4.out" 'Waiting for message on port 40004' 5
in_ns "$ns" python3 "$peers/hostile_senders.py" vanish 127.0.0.1 40004 >/dev/null
wait_for_file_line "$WORK/r4.out" 'Connected by' 5
out=$(in_ns "$ns" "$SOCKSCOPE" message send --to 127.0.0.1 --port 40004 --timeout 5 "after the vanished one")
check_eq "a genuine sender after the vanished one: delivered" $'Sending.\nMessage sent successfully.' "$out"
wait "$recv4"
check "a message whose receipt could not be sent is not printed" \
  bash -c "! grep -q 'whose sender vanishes' '$WORK/r4.out'"
check_eq "the receiver printed exactly one message" 1 "$(grep -c '^Message:$' "$WORK/r4.out")"

finish
