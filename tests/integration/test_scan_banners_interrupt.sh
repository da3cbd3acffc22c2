#!/usr/bin/env bash
# scan -sV and Ctrl-C: a banner grab waiting on a silent service stops as promptly as the
# port scan does (the signal lands on one thread, the probes wait on others), prints the
# open port it has, marks the outputs interrupted, and exits 130.
source "$(dirname "$0")/lib.sh"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
# 7001 accepts and never speaks; `timeout` bounds the peers' life if cleanup never runs.
start_bg "$t" "$WORK/peers.out" timeout 60 python3 "$SOCKSCOPE_SRC/tests/integration/discover_peers.py" \
  192.0.2.2 "$WORK/printed"
wait_listening "$t" tcp 7001 || exit 1

# --probe-timeout 10: without the fix, the grab's reads outlive the signal by seconds.
ip netns exec "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -sV -p 7001 --probe-timeout 10 \
  -oJ "$WORK/run.json" >"$WORK/run.out" 2>"$WORK/run.err" &
pid=$!
_PIDS+=("$pid")
# The port scan takes milliseconds; the grab's connections mean detection is waiting.
wait_connected "$s" 7001 || exit 1
nap 0.5
sent=$(date +%s%N)
kill -INT "$pid"
# Bounded: wait(1) returns at exit, or the watchdog kills the scanner after 15 s.
( nap 15; kill -9 "$pid" 2>/dev/null ) &
watchdog=$!
wait "$pid"
rc=$?
ms=$((($(date +%s%N) - sent) / 1000000))
kill "$watchdog" 2>/dev/null
wait "$watchdog" 2>/dev/null
echo "  exit ${ms} ms after SIGINT"
cat "$WORK/run.out" "$WORK/run.err"

check "Ctrl-C during -sV: exit within 1 s of the signal (took ${ms} ms)" test "$ms" -lt 1000
check_eq "Ctrl-C during -sV: exit 130 (128 + SIGINT)" 130 "$rc"
check_match "Ctrl-C during -sV: the open port is printed" "7001/tcp +open" "$(cat "$WORK/run.out")"
check_match "Ctrl-C during -sV: says the scan was interrupted" "scan interrupted" "$(cat "$WORK/run.err")"
check "Ctrl-C during -sV: JSON marked interrupted, the port open without service facts" python3 -c "
import json; d=json.load(open('$WORK/run.json')); assert d['interrupted'] is True
r=d['hosts'][0]['results']; assert [x['port'] for x in r if x['state']=='open']==[7001], r
assert 'service_method' not in r[0], r[0]"
finish
