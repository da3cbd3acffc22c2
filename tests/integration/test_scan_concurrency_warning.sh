#!/usr/bin/env bash
# scan --min-rate with a --concurrency (or -T template) too small to carry it: one warning
# line on stderr naming both values, from the round trip measured (or the timeout when
# nothing answers); the scan and its exit code are unchanged. No warning when the
# concurrency is enough, or without --min-rate.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5
in_ns "$t" iptables -A INPUT -p tcp --dport 900:999 -j DROP  # no answers at all
cd "$WORK" || exit 1

# 1 probe in flight cannot carry a million a second at any round trip a veth link has.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-300 --concurrency 1 --min-rate 1000000 \
  -oJ a.json >a.out 2>a.err
check_eq "capped floor: exit 0 as without the warning (22 and 80 open)" 0 "$?"
cat a.err
check_eq "capped floor: exactly one warning line" 1 "$(grep -c 'warning' a.err)"
check_match "capped floor: names both values and the measured round trip" \
  "warning: --concurrency 1 caps --min-rate 1000000: at a measured round trip of [0-9.]+ ms, 1 probe in flight carries at most [0-9]+ probes/s" \
  "$(cat a.err)"
check "capped floor: the scan is whole" python3 -c "
import json; d=json.load(open('a.json')); assert len(d['hosts'][0]['results'])==300"

# Only silent ports: each probe holds its slot for the whole timeout (0.2 s): 5 per second.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 900-904 --timeout 0.2 --max-retries 0 \
  --concurrency 1 --min-rate 50 >b.out 2>b.err
check_eq "no answers: exit 1 as usual (nothing open)" 1 "$?"
check_match "no answers: judged from the timeout" \
  "warning: --concurrency 1 caps --min-rate 50: at a timeout \(no answers\) of 200\.000 ms, 1 probe in flight carries at most 5 probes/s" \
  "$(cat b.err)"

# Enough concurrency, or no floor: nothing said.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-300 --concurrency 64 --min-rate 100 >c.out 2>c.err
check_eq "enough concurrency: exit 0" 0 "$?"
check_eq "enough concurrency: no warning" "" "$(cat c.err)"
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-300 --concurrency 1 >d.out 2>d.err
check_eq "no --min-rate: no warning" "" "$(cat d.err)"

finish
