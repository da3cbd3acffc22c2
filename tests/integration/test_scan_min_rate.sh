#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# scan --min-rate: a floor under congestion control. Against a target that drops SYNs
# above 300 per second (iptables hashlimit: congestion), the scan slows down on its own
# (random loss alone no longer does: test_scan_loss.sh). Against one that drops 15% of
# the port range (no answers) and 30% of the other SYNs at random (iptables statistic
# match), with --min-rate it still sends at least that many probes in every second while
# it has new pairs, and --max-rate stays the ceiling. SYNs are counted per second from
# a capture on the scanner's side of the link.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
sdev=$(veth_of "$s")
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80,443,1500 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5
in_ns "$t" iptables -A INPUT -p tcp --dport 1701:2000 -j DROP
in_ns "$t" iptables -A INPUT -p tcp --syn -m statistic --mode random --probability 0.3 -j DROP
cd "$WORK" || exit 1

# capture PREFIX CMD...: runs CMD in the scanner's namespace while tcpdump writes the
# timestamps of the SYNs to PREFIX.syns. It listens on the scanner's side of the link,
# where a packet is stamped as the send call hands it over: on the target's side the
# stamp comes from the receive path, which a busy machine can delay by milliseconds,
# enough to fit a couple more SYNs into one second when the scan runs at --max-rate.
capture() {
  local prefix=$1; shift
  start_bg "$s" "$prefix.syns" tcpdump -l -n -tt -i "$sdev" 'tcp[tcpflags] == tcp-syn'
  local cap=$LAST_PID
  wait_for_file_line "$prefix.syns" 'listening on' 5
  "$@"
  sleep 0.3
  kill "$cap"
  wait "$cap" 2>/dev/null
}

# per_second FILE [all]: SYNs in each whole second from the first SYN, up to the second
# in which the last new port was first probed (after that only retransmissions are left,
# and a floor cannot apply without work), or with `all` up to the last SYN; prints
# "min max" (and every count on stderr).
per_second() {
  python3 - "$@" <<'EOF'
import re, sys
times, first = [], {}
for line in open(sys.argv[1]):
    m = re.match(r"(\d+\.\d+) IP \S+ > 192\.0\.2\.2\.(\d+): Flags \[S\]", line)
    if m:
        t = float(m.group(1)); times.append(t); first.setdefault(m.group(2), t)
t0 = times[0]
end = times[-1] if sys.argv[2:] == ["all"] else max(first.values())
counts = [0] * int(end - t0)
for t in times:
    k = int(t - t0)
    if k < len(counts): counts[k] += 1
print(*counts, file=sys.stderr)
print(min(counts, default=-1), max(counts, default=-1))
EOF
}

# Without --min-rate: congestion slows the scan down (stopped with Ctrl-C after 4 s).
run_plain() {
  ip netns exec "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1-30000 --max-retries 3 --stats \
    >/dev/null 2>plain.err &
  local pid=$!
  _PIDS+=("$pid")
  sleep 4
  kill -INT "$pid"
  wait "$pid"
}
in_ns "$t" iptables -I INPUT 1 -p tcp --syn -m hashlimit --hashlimit-above 300/sec \
  --hashlimit-burst 30 --hashlimit-mode dstip --hashlimit-name ssminrate -j DROP
capture plain run_plain
in_ns "$t" iptables -D INPUT 1
cat plain.err
read -r plain_min plain_max < <(per_second plain.syns all)
echo "  without --min-rate: fewest SYNs in a whole second $plain_min, most $plain_max"
check "without --min-rate: congestion slows the scan below 400 SYNs/s (fewest in a second: $plain_min)" \
  test "$plain_min" -ge 0 -a "$plain_min" -lt 400

# With --min-rate 400 --max-rate 600.
capture floor in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1-2000 --max-retries 6 --min-rate 400 \
  --max-rate 600 --stats -oJ floor.json
read -r floor_min floor_max < <(per_second floor.syns)
most=$(python3 "$HELP" max-per-second floor.syns)
echo "  --min-rate 400 --max-rate 600: fewest SYNs in a whole second $floor_min, most in any 1 s window $most"
check "--min-rate 400: at least 400 SYNs in every second with work left (fewest: $floor_min)" \
  test "$floor_min" -ge 400
check "--max-rate 600: never more than 600 SYNs in any second (most: $most)" test "$most" -le 600
check "--min-rate: the scan is still accurate (four open, the dropped range filtered)" python3 -c "
import json; r=json.load(open('floor.json'))['hosts'][0]['results']
assert sorted(x['port'] for x in r if x['open'])==[22,80,443,1500], [x['port'] for x in r if x['open']]
assert sum(1 for x in r if x['state']=='filtered' and x['port']>1700)==300
assert len(r)==2000"

# --max-retries is a ceiling even when loss is seen (the engine raises its own default
# retries then, never the user's number): no dropped port gets more than 1 + 2 SYNs.
capture capped in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1601-2000 --max-retries 2 --stats \
  -oN /dev/null 2>capped.err
cat capped.err
most_syns=$(python3 -c "
import collections, re
c = collections.Counter(m.group(1) for m in map(re.compile(r'\S+ IP \S+ > 192\.0\.2\.2\.(\d+): Flags \[S\]').match, open('capped.syns')) if m)
print(max(c[str(p)] for p in range(1701, 2001)))")
check_eq "--max-retries 2 under loss: a dropped port gets 3 SYNs at most, and 3 (most: $most_syns)" 3 "$most_syns"

# Bad combinations: exit 2 naming both values.
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -p 80 --min-rate 500 --max-rate 100 2>&1)
check_eq "--min-rate above --max-rate: exit 2" 2 "$?"
check_match "--min-rate above --max-rate: names both" "bad --min-rate '500': above --max-rate '100'" "$err"
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -p 80 --min-rate 5 -T2 2>&1)
check_eq "--min-rate above -T2's rate: exit 2" 2 "$?"
check_match "--min-rate above -T2's rate: names both" "bad --min-rate '5': above --max-rate of -T2" "$err"
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -p 80 --min-rate abc 2>&1)
check_eq "bad --min-rate: exit 2" 2 "$?"

finish
