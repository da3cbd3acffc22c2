#!/usr/bin/env bash
# scan: --max-rate honoured on the wire, retransmission under 5% loss, shards whose
# union is the whole scan, Ctrl-C leaving valid outputs and --resume finishing the job,
# -iL/--exclude/CIDR, IPv6, merge, and bad input (exit 2 naming the bad part).
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
tdev=$(veth_of "$t")
ip -n "$t" addr add 192.0.2.3/24 dev "$tdev"
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80,443,1500 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5

# --max-rate: count SYNs per second as they cross the wire.
start_bg "$t" "$WORK/syns.txt" tcpdump -l -n -tt -i "$tdev" 'tcp[tcpflags] == tcp-syn and tcp dst portrange 1-1999'
sleep 1
start=$(date +%s%N)
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1001-1250 --max-rate 100 >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
sleep 0.3
kill "$LAST_PID"; sleep 0.2
count=$(grep -c 'Flags \[S\]' "$WORK/syns.txt")
max=$(python3 "$HELP" max-per-second "$WORK/syns.txt")
echo "  250 probes at --max-rate 100: ${ms} ms, most SYNs in any second: $max"
check_eq "--max-rate: every probe on the wire" 250 "$count"
check "--max-rate 100: at most 100 SYNs in any second (saw $max)" test "$max" -le 100
check "--max-rate 100: 250 probes need about 2.5 s (took ${ms} ms)" test "$ms" -ge 2400

# 5% of SYNs dropped at the target: retransmission still gets every answer.
in_ns "$t" iptables -A INPUT -p tcp --syn -m statistic --mode random --probability 0.05 -j DROP
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1-2000 --max-retries 4 --stats -oD "$WORK/loss.ndjson" \
  >/dev/null 2>"$WORK/loss.err"
cat "$WORK/loss.err"
check_eq "5% loss: every port answered (no 'filtered')" 0 "$(grep -c filtered "$WORK/loss.ndjson")"
check_eq "5% loss: the four open ports" "22 80 443 1500" \
  "$(python3 -c "import json;print(*sorted(j['port'] for j in map(json.loads,open('$WORK/loss.ndjson')) if j['open']))")"
check_match "5% loss: retransmissions happened" "[1-9][0-9]* retransmitted" "$(cat "$WORK/loss.err")"
in_ns "$t" iptables -F INPUT

# Shards: three disjoint parts whose union is the unsharded scan of two hosts.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2-3 -sT -p 1-600 -oJ "$WORK/full.json" >/dev/null
for i in 1 2 3; do
  in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2-3 -sT -p 1-600 --shard $i/3 -oD "$WORK/shard$i.ndjson" >/dev/null
done
"$SOCKSCOPE" merge "$WORK"/shard{1,2,3}.ndjson -o "$WORK/merged.json"
check "shards: disjoint, and their union equals the unsharded scan" python3 -c "
import json
def pairs(d): return sorted((h['host'],r['port'],r['proto'],r['state'],r['reason']) for h in d['hosts'] for r in h['results'])
full=pairs(json.load(open('$WORK/full.json'))); merged=pairs(json.load(open('$WORK/merged.json')))
n=sum(1 for i in (1,2,3) for _ in open(f'$WORK/shard{i}.ndjson'))
assert len(full)==1200 and n==1200 and full==merged, (len(full), n, len(merged))"

# --open shards (-oD and -oJ mixed): merge keeps each host's unlisted pairs as the union
# of the shards' extraports, so the merged file holds the unsharded --open scan's pairs
# (listed + extraports, none twice: scan_results.py refuses duplicates), and --resume of
# it probes nothing.
RES="$SOCKSCOPE_SRC/tests/integration/scan_results.py"
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2-3 -sT -p 1-600 --open -oJ "$WORK/ofull.json" >/dev/null
oshards=()
for i in 1 2 3; do
  out="$WORK/oshard$i.ndjson"; flag=-oD
  [ "$i" = 2 ] && { out="$WORK/oshard$i.json"; flag=-oJ; }
  oshards+=("$out")
  in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2-3 -sT -p 1-600 --open --shard $i/3 "$flag" "$out" >/dev/null
done
"$SOCKSCOPE" merge "${oshards[@]}" -o "$WORK/omerged.json"
python3 "$RES" "$WORK/ofull.json" >"$WORK/ofull.txt"
nopen=$(grep -c ' open ' "$WORK/ofull.txt")
check "--open shards: the unsharded scan holds 1200 pairs ($nopen open)" \
  test "$(wc -l <"$WORK/ofull.txt")" = 1200 -a "$nopen" -gt 0
check "--open shards: merged listed + extraports pairs equal the unsharded scan's" \
  diff <(python3 "$RES" "$WORK/omerged.json") "$WORK/ofull.txt"
check "--open shards: the merged file lists open results only, the rest as extraports" python3 -c "
import json; d=json.load(open('$WORK/omerged.json'))
assert all(r['state']=='open' for h in d['hosts'] for r in h['results'])
assert sum(g['count'] for h in d['hosts'] for g in h.get('extraports', []))==1200-$nopen"
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2-3 -sT -p 1-600 --open --resume "$WORK/omerged.json" --stats \
  -oJ "$WORK/oresumed.json" >/dev/null 2>"$WORK/oresumed.err"
cat "$WORK/oresumed.err"
check_match "--open shards: --resume of the merged file probes nothing" \
  "1200 pairs \(1200 from --resume\), 0 probes" "$(cat "$WORK/oresumed.err")"
check "--open shards: the resumed output equals the unsharded scan" \
  diff <(python3 "$RES" "$WORK/oresumed.json") "$WORK/ofull.txt"

# Ctrl-C: every output file valid up to that point; --resume finishes without repeats.
# (ip netns exec execs the scanner, so $! is the scanner itself.)
ip netns exec "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-3000 --max-rate 1000 -oD "$WORK/run.ndjson" -oJ "$WORK/run.json" \
  -oX "$WORK/run.xml" >/dev/null 2>"$WORK/run.err" &
pid=$!
_PIDS+=("$pid")
sleep 1.2
kill -INT "$pid"
wait "$pid"
check_eq "Ctrl-C: exit 130 (128 + SIGINT)" 130 "$?"
check_match "Ctrl-C: says how to continue" "interrupted.*--resume" "$(cat "$WORK/run.err")"
check "Ctrl-C: JSON is valid and marked interrupted" python3 -c "
import json; d=json.load(open('$WORK/run.json')); assert d['interrupted'] is True
assert 0 < len(d['hosts'][0]['results']) < 3000, len(d['hosts'][0]['results'])"
check "Ctrl-C: XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/run.xml"
before=$(wc -l <"$WORK/run.ndjson")
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-3000 --resume "$WORK/run.ndjson" >/dev/null
check "--resume: every pair exactly once after the second run ($before before)" python3 -c "
import json; rows=[json.loads(l) for l in open('$WORK/run.ndjson')]
ports=[r['port'] for r in rows]; assert len(ports)==3000 and sorted(ports)==list(range(1,3001)), len(ports)
assert sorted(r['port'] for r in rows if r['open'])==[22,80,443,1500]"

# -iL with comments, --exclude, and a CIDR block.
printf '192.0.2.2 # the target\n192.0.2.3\n' >"$WORK/targets.txt"
out=$(in_ns "$s" "$SOCKSCOPE" scan -iL "$WORK/targets.txt" --exclude 192.0.2.3 -sT -p 22 -oG -)
check_match "-iL + --exclude: only 192.0.2.2" "^# sockscope.*
Host: 192\.0\.2\.2 \(\)	Status: Up
Host: 192\.0\.2\.2 \(\)	Ports: 22/open/tcp//ssh///
# sockscope done at .* 1 IP address \(1 host up\)" "$out"
out=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.0/30 -sT -p 22 --open -oG - --timeout 0.3)
check_eq "CIDR /30: two hosts answer" 2 "$(grep -c 'Ports: 22/open' <<<"$out")"

# IPv6 on the scanner's own loopback (inside its namespace), connect scan.
start_bg "$s" "$WORK/v6.out" "$SOCKSCOPE" serve --bind :: --port 0 --quiet
wait_for_file_line "$WORK/v6.out" '^serverPort: ' 5
v6port=$(server_port "$WORK/v6.out")
out=$(in_ns "$s" "$SOCKSCOPE" scan ::1 -sT -p "$((v6port - 1))-$((v6port + 1))")
check_match "IPv6 connect scan" "$v6port/tcp +open" "$out"

# -oA writes the three nmap formats.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 80 -oA "$WORK/all" >/dev/null
check "-oA: .nmap .xml .gnmap" test -s "$WORK/all.nmap" -a -s "$WORK/all.xml" -a -s "$WORK/all.gnmap"

# Bad input: exit 2 and a message naming the bad part.
for spec in 0 70000 5-1 abc 22,x7; do
  err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -p "$spec" 2>&1); rc=$?
  bad=${spec#22,}
  check_eq "bad -p '$spec': exit 2" 2 "$rc"
  check_match "bad -p '$spec': names '$bad'" "bad port spec '$bad'" "$err"
done
for target in 192.0.2.300 192.0.2.0/40 192.0.2.9-1; do
  err=$(in_ns "$s" "$SOCKSCOPE" scan "$target" -p 80 2>&1); rc=$?
  check_eq "bad target '$target': exit 2" 2 "$rc"
  check_match "bad target '$target': named" "bad target '$target'" "$err"
done
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -p 80 --shard 4/3 2>&1)
check_eq "bad --shard: exit 2" 2 "$?"

finish
