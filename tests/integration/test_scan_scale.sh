#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# scan at scale and on a terminal: memory grows with what is in flight, not with
# targets x ports (a /16 x 1,000 ports, 65 million pairs, stays small while results
# stream out), and the progress line appears on a terminal and only there.
# The big scan runs in a namespace with nothing but lo, so no route leads anywhere: every
# probe is answered at once by the kernel (net-unreach) and no packet leaves.
source "$(dirname "$0")/lib.sh"

e=$(make_ns empty)

# /16 x 1,000: sample peak memory twice while results stream out, then Ctrl-C.
start_bg "$e" "$WORK/big.err" "$SOCKSCOPE" scan 198.18.0.0/16 -sT -p 1-1000 -oD "$WORK/big.ndjson" \
  -oN /dev/null
pid=$LAST_PID
sleep 1.5
peak_early=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
lines_early=$(wc -l <"$WORK/big.ndjson")
sleep 2
peak_late=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
lines_late=$(wc -l <"$WORK/big.ndjson")
kill -INT "$pid" 2>/dev/null
for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "/16 x 1,000: the scan stopped on Ctrl-C within 5 s" bash -c "! kill -0 $pid 2>/dev/null"
echo "  results streamed: $lines_early after 1.5 s, $lines_late after 3.5 s; peak RSS $peak_early KiB then $peak_late KiB"
check "/16 x 1,000: results stream out as they are final ($lines_early, then $lines_late)" \
  test "$lines_late" -gt $((lines_early + 1000))
check "/16 x 1,000: peak memory stays under 64 MiB ($peak_late KiB)" test "$peak_late" -gt 0 -a "$peak_late" -lt 65536
check "/16 x 1,000: memory does not grow with results ($peak_early -> $peak_late KiB)" \
  test "$peak_late" -le $((peak_early + 8192))
check "/16 x 1,000: the streamed lines are valid results" python3 -c "
import itertools, json
n = 0
for line in itertools.islice(open('$WORK/big.ndjson'), 100000):
    r = json.loads(line); n += 1
    assert r['state'] == 'filtered' and r['reason'] == 'net-unreach', r
assert n > 0"

# Progress: on a terminal (script gives the scan a pty) there is a progress line with
# percent, rate, ETA and found; with stderr redirected to a file there is none.
in_ns "$e" script -qec "$SOCKSCOPE scan 127.0.0.1 -sT -p 1-1000 --max-rate 2000 -oN /dev/null" /dev/null \
  >"$WORK/tty.out" 2>&1
check_match "progress line on a terminal" "connect: +[0-9.]+% done, [0-9]+ probes/s, ETA [0-9]+:[0-9]{2}, found=[0-9]+" \
  "$(tr '\r' '\n' <"$WORK/tty.out")"
in_ns "$e" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 1-1000 --max-rate 2000 -oN /dev/null 2>"$WORK/notty.err" >/dev/null
check_eq "no progress line when stderr is not a terminal" 0 "$(grep -c 'ETA' "$WORK/notty.err")"
in_ns "$e" script -qec "$SOCKSCOPE scan 127.0.0.1 -sT -p 1-1000 --max-rate 2000 -oN /dev/null --no-progress" /dev/null \
  >"$WORK/noprog.out" 2>&1
check_eq "--no-progress: none on a terminal either" 0 "$(grep -c 'ETA' "$WORK/noprog.out")"

finish
