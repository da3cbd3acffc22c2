#!/usr/bin/env bash
# scan --resume FILE --max-rate N: a run interrupted at the recorded 1000 probes/s goes on
# at the new rate (said on stderr, recorded in the outputs, and the remaining probes take
# as long as that rate makes them), the other recorded options as they were. Flags that
# would change the scan itself are still refused alongside --resume FILE alone, and a
# bad rate is exit 2 with one line, before anything runs.
source "$(dirname "$0")/lib.sh"
RES="$SOCKSCOPE_SRC/tests/integration/scan_results.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
cd "$WORK" || exit 1

# Nothing listens on 192.0.2.2: every port answers at once with a reset, so the rate
# alone sets how long the scan takes.
ARGS=(192.0.2.2 -sT -p 1-2000 --timeout 0.4 --max-retries 1)
ip netns exec "$s" "$SOCKSCOPE" scan "${ARGS[@]}" --max-rate 1000 -oJ a.json -oD a.ndjson \
  >/dev/null 2>a.err &
pid=$!
_PIDS+=("$pid")
for ((i = 0; i < 200; i++)); do
  [ "$({ wc -l <a.ndjson; } 2>/dev/null || echo 0)" -ge 300 ] && break
  nap 0.05
done
kill -INT "$pid"
wait "$pid"
check_eq "Ctrl-C: exit 130" 130 "$?"
python3 "$RES" a.json >a.before
n=$(wc -l <a.before)
left=$((2000 - n))
check "part of the scan done ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 1700

# Bad values and refused flags: exit 2, one line, and a.json untouched.
bad() { in_ns "$s" "$SOCKSCOPE" scan --resume a.json "$@" </dev/null >/dev/null 2>bad.err; }
sum=$(md5sum <a.json)
bad --max-rate 0
check_eq "--max-rate 0: exit 2, one line" "2 1" "$? $(wc -l <bad.err)"
check_match "--max-rate 0: names the value" "bad --max-rate '0'" "$(cat bad.err)"
bad --max-rate fast
check_eq "--max-rate fast: exit 2, one line" "2 1" "$? $(wc -l <bad.err)"
check_match "--max-rate fast: names the value" "bad --max-rate 'fast'" "$(cat bad.err)"
bad --max-rate ''
check_eq "--max-rate '': exit 2, one line" "2 1" "$? $(wc -l <bad.err)"
bad --max-rate 100 --min-rate 500
check_eq "--min-rate above the new --max-rate: exit 2, one line" "2 1" "$? $(wc -l <bad.err)"
check_match "--min-rate above --max-rate: says so" "bad --min-rate '500': above --max-rate '100'" "$(cat bad.err)"
bad --max-retries 5
check_eq "--max-retries (changes what is probed): still refused, exit 2, one line" "2 1" "$? $(wc -l <bad.err)"
check_match "--max-retries: named" "bad option '--max-retries' with --resume FILE alone" "$(cat bad.err)"
bad -p 1-10 --max-rate 400
check_eq "-p beside --max-rate: still refused, exit 2" 2 "$?"
check_eq "nothing ran: a.json unchanged" "$sum" "$(md5sum <a.json)"

# At 400/s the rest takes at least left/400 - 1 s (never more than 400 probes in any 1 s
# window); at the recorded 1000/s it would take about left/1000 s. A lower bound only, so
# a slow machine cannot break it.
in_ns "$s" "$SOCKSCOPE" scan --resume a.json --max-rate 400 --stats >/dev/null 2>b.err
check_eq "resume with --max-rate 400: exit 1 (no port open)" 1 "$?"
check_match "stderr says the new rate and the recorded one" \
  "sockscope: --resume a\.json: --max-rate 400 \(recorded 1000\)" "$(cat b.err)"
check_match "the re-run command has the new rate" "re-runs: sockscope scan 192\.0\.2\.2 .*--max-rate 400 " "$(cat b.err)"
check_match "--stats counts the skipped pairs" "2000 pairs \($n from --resume\)" "$(cat b.err)"
check "the outputs record the new rate, every other argument as it was" python3 -c "
import json; d = json.load(open('a.json')); argv = d['argv']
assert argv == ['192.0.2.2', '-sT', '-p', '1-2000', '--timeout', '0.4', '--max-retries', '1',
                '--max-rate', '400', '-oJ', 'a.json', '-oD', 'a.ndjson'], argv"
run=$(python3 -c "import json; print(json.load(open('a.json'))['run_elapsed'])")
floor=$(python3 -c "print(round(max(0.0, $left / 400 - 1), 2))")
check "the $left pairs left took >= ${floor} s at 400/s (took ${run} s)" \
  python3 -c "import sys; sys.exit(0 if $run >= $floor else 1)"
check "the whole scan is there, each pair once" bash -c \
  "test \"\$(python3 '$RES' a.json | wc -l)\" = 2000 -a \"\$(python3 '$RES' a.ndjson | sort -u | wc -l)\" = 2000"

# A run that recorded no rate (here a whole one: nothing is left to probe): the new
# rate goes in first, and the outputs record it for the next --resume.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-200 -oX c.xml >/dev/null 2>&1
in_ns "$s" "$SOCKSCOPE" scan --resume c.xml --max-rate 4000 >/dev/null 2>c.err
check_eq "resume of a run without --max-rate: exit 1 (no port open)" 1 "$?"
check_match "stderr says none was recorded" "--max-rate 4000 \(none recorded\)" "$(cat c.err)"
check_match "the XML records the rate" 'args="sockscope scan --max-rate 4000 192\.0\.2\.2 -sT -p 1-200 -oX c\.xml"' "$(cat c.xml)"
finish
