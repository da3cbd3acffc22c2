#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# scan --resume: a run interrupted by Ctrl-C (or kill -9) continues from its -oD NDJSON,
# -oJ JSON or -oX XML file; no pair is probed twice (checked on the wire), and every
# output of the resumed run holds the earlier results too, equal to an uninterrupted
# scan's. --resume FILE alone re-uses the arguments -oJ/-oX recorded. Bad, torn or
# foreign resume files: exit 2 naming the file.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"
RES="$SOCKSCOPE_SRC/tests/integration/scan_results.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
tdev=$(veth_of "$t")
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80,443,1500 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5
in_ns "$t" iptables -A INPUT -p tcp --dport 1900:1919 -j DROP  # 20 filtered ports
ip -n "$t" addr add 192.0.2.3/24 dev "$tdev"                    # a second host

ARGS=(192.0.2.2 -sT -p 1-2000 --timeout 0.4 --max-retries 1)
cd "$WORK" || exit 1

# The reference: one uninterrupted scan.
in_ns "$s" "$SOCKSCOPE" scan "${ARGS[@]}" -oJ full.json -oX full.xml -oG full.gnmap >/dev/null
python3 "$RES" full.json >full.txt
check_eq "reference scan: 2000 results" 2000 "$(wc -l <full.txt)"
check_eq "reference scan: 4 open, 20 filtered" "4 20" \
  "$(grep -c ' open ' full.txt) $(grep -c ' filtered no-response' full.txt)"

# interrupt PREFIX SIGNAL LINES OUTPUT-ARGS...: the slow scan (ARGS at --max-rate 1000,
# or RATE), writing PREFIX.ndjson too, signalled once that holds LINES results (bounded
# wait: 10 s). `ip netns exec` execs the scanner, so $! is the scanner itself.
# 1000/s leaves the poll 1.7 s between 300 results and the end of the 2000; the rate is
# recorded, so each `--resume FILE` alone runs at it too (at 500/s, 4 s each).
interrupt() {
  local prefix=$1 sig=$2 lines=$3 i; shift 3
  ip netns exec "$s" "$SOCKSCOPE" scan "${ARGS[@]}" --max-rate "${RATE:-1000}" -oD "$prefix.ndjson" "$@" \
    >/dev/null 2>"$prefix.err" &
  local pid=$!
  _PIDS+=("$pid")
  for ((i = 0; i < 200; i++)); do
    [ "$({ wc -l <"$prefix.ndjson"; } 2>/dev/null || echo 0)" -ge "$lines" ] && break
    nap 0.05
  done
  kill "-$sig" "$pid"
  wait "$pid"
}

# resumed PREFIX CMD...: runs the resumed scan with a capture of the SYNs it sends; the
# "host port" pairs probed go to PREFIX.wire.
# The capture ends once it has seen a marker datagram sent after the scan (the link
# keeps order, so every SYN before it was seen): a fixed pause waited on every run and
# could still be short on a loaded machine. The marker is UDP: not a line of .wire.
resumed() {
  local prefix=$1; shift
  start_bg "$t" "$prefix.cap" tcpdump -l -n -i "$tdev" 'tcp[tcpflags] == tcp-syn or udp dst port 9'
  local cap=$LAST_PID
  wait_for_file_line "$prefix.cap" 'listening on' 5
  in_ns "$s" "$SOCKSCOPE" scan "$@" >"$prefix.out" 2>"$prefix.err"
  echo $? >"$prefix.rc"
  in_ns "$s" bash -c 'echo resume-marker >/dev/udp/192.0.2.2/9'
  wait_for_file_line "$prefix.cap" ' > 192\.0\.2\.2\.9: UDP' 10
  kill "$cap"
  wait "$cap" 2>/dev/null
  sed -n 's/.* > \(192\.0\.2\.[0-9]*\)\.\([0-9]*\): Flags \[S\].*/\1 \2/p' "$prefix.cap" | sort -u >"$prefix.wire"
}

# never_probed_again BEFORE.txt PREFIX: the pairs of the earlier results are not on the wire.
never_probed_again() {
  comm -12 <(awk '{split($2, p, "/"); print $1, p[1]}' "$1" | sort -u) "$2.wire" | wc -l
}

# 1. Ctrl-C, then resume from -oD with the same arguments; -oD is appended to, every
#    other output (here all of them) is whole.
interrupt a INT 300
check_eq "Ctrl-C: exit 130" 130 "$?"
check_match "Ctrl-C: names the file to resume from" "continue with the same command plus --resume a\.ndjson" "$(cat a.err)"
python3 "$RES" a.ndjson >a.before
n=$(wc -l <a.before)
check "Ctrl-C: part of the scan done ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 2000
resumed a "${ARGS[@]}" --resume a.ndjson -oJ a.json -oX a.xml -oG a.gnmap -oN a.nmap --csv a.csv --stats
check_eq "resume from -oD: exit 0 (open ports found)" 0 "$(cat a.rc)"
check_match "resume from -oD: --stats counts the skipped pairs" "2000 pairs \($n from --resume\)" "$(cat a.err)"
check_eq "resume from -oD: no earlier pair probed again" 0 "$(never_probed_again a.before a)"
check_eq "resume from -oD: every other pair probed" "$((2000 - n))" "$(wc -l <a.wire)"
for f in a.ndjson a.json a.xml a.csv; do
  check "resume from -oD: $f equals the uninterrupted scan" diff <(python3 "$RES" $f) full.txt
done
check "resume from -oD: XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd a.xml
check "resume from -oD: -oG equals the uninterrupted one" diff <(python3 "$RES" a.gnmap) <(python3 "$RES" full.gnmap)
check_match "resume from -oD: -oN lists the open ports" "22/tcp +open.*80/tcp +open.*443/tcp +open.*1500/tcp +open" "$(tr '\n' ' ' <a.nmap)"
check_match "resume from -oD: -oN counts every closed port" "Not shown: 1976 closed tcp ports" "$(cat a.nmap)"

# 2. Ctrl-C, then `--resume b.json` alone: the recorded arguments are re-used, b.json is
#    replaced by the whole scan, the other outputs rewritten whole.
interrupt b INT 300 -oJ b.json -oX b.xml
check_match "Ctrl-C with -oJ: names the JSON to resume from" "continue with: sockscope scan --resume b\.json" "$(cat b.err)"
python3 "$RES" b.json >b.before
n=$(wc -l <b.before)
b_times=$(python3 -c "import json; d=json.load(open('b.json')); print(d['start'], d['elapsed'])")
check "Ctrl-C with -oJ: part of the scan in the JSON ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 2000
resumed b --resume b.json --stats
check_eq "resume from -oJ alone: exit 0" 0 "$(cat b.rc)"
check_match "resume from -oJ alone: --stats counts the skipped pairs" "2000 pairs \($n from --resume\)" "$(cat b.err)"
check_eq "resume from -oJ alone: no earlier pair probed again" 0 "$(never_probed_again b.before b)"
check_eq "resume from -oJ alone: every other pair probed" "$((2000 - n))" "$(wc -l <b.wire)"
for f in b.json b.ndjson b.xml; do
  check "resume from -oJ alone: $f equals the uninterrupted scan" diff <(python3 "$RES" $f) full.txt
done
check "resume from -oJ alone: XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd b.xml
check "resume from -oJ alone: JSON not interrupted, same arguments" python3 -c "
import json; d=json.load(open('b.json')); assert d['interrupted'] is False
assert d['argv'][:3]==['192.0.2.2','-sT','-p'] and '--max-rate' in d['argv'], d['argv']"
check "resume from -oJ alone: no temporary file left" test -z "$(ls -A | grep -F b.json.resume-part)"
check "resume from -oJ alone: the first run's start, the time of both runs ($b_times)" python3 -c "
import json; d=json.load(open('b.json')); start, earlier = '$b_times'.split()
assert d['start'] == int(start) and d['resumed']['run_start'] >= d['start'], d
assert d['resumed']['earlier_elapsed'] == float(earlier) and d['resumed']['from'] == 'b.json', d
assert abs(d['elapsed'] - float(earlier) - d['run_elapsed']) < 1e-6 and d['run_elapsed'] > 0, d"

# 3. SIGTERM, then `--resume c.xml` alone (nmap XML; c.ndjson is rewritten whole).
interrupt c TERM 300 -oX c.xml
check_eq "SIGTERM: exit 143" 143 "$?"
check_match "SIGTERM with -oX: names the XML to resume from" "continue with: sockscope scan --resume c\.xml" "$(cat c.err)"
python3 "$RES" c.xml >c.before
n=$(wc -l <c.before)
c_times=$(python3 -c "
import xml.etree.ElementTree as ET; r=ET.parse('c.xml').getroot()
print(r.get('start'), r.find('runstats/finished').get('elapsed'))")
check "SIGTERM: part of the scan in the XML ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 2000
resumed c --resume c.xml
check_eq "resume from -oX alone: no earlier pair probed again" 0 "$(never_probed_again c.before c)"
check_eq "resume from -oX alone: every other pair probed" "$((2000 - n))" "$(wc -l <c.wire)"
for f in c.xml c.ndjson; do
  check "resume from -oX alone: $f equals the uninterrupted scan" diff <(python3 "$RES" $f) full.txt
done
check "resume from -oX alone: XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd c.xml
check "resume from -oX alone: the first run's start, the time of both runs ($c_times)" python3 -c "
import xml.etree.ElementTree as ET; r=ET.parse('c.xml').getroot(); start, earlier = '$c_times'.split()
assert r.get('start') == start, r.get('start')
begin, end = r.find('taskbegin'), r.find('taskend')
assert begin.get('task') == 'Resumed scan' and int(begin.get('time')) >= int(start)
assert begin.get('extrainfo') == 'from c.xml; earlier runs scanned for %s seconds' % earlier, begin.attrib
run = float(end.get('extrainfo').split()[-2])
total = float(r.find('runstats/finished').get('elapsed'))
assert abs(total - float(earlier) - run) < 0.011, (total, earlier, run)"
check_match "resume from -oX alone: -oN says so too" "Scan resumed from c\.xml at .* after [0-9.]+ s of earlier scanning" "$(cat c.out)"
check_match "resume from -oX alone: -oN gives both times" "scanned in [0-9.]+ seconds \([0-9.]+ s in this run\)" "$(cat c.out)"

# The recorded command is shell-quoted (args="... -oX 'q dir/it'\''s.xml'"), so words
# with spaces and quotes come back exactly: --resume re-writes that very file.
mkdir -p "q dir"
interrupt q INT 300 -oX "q dir/it's.xml"
check_eq "quoted args: Ctrl-C: exit 130" 130 "$?"
check_match "quoted args: the hint quotes the file for the shell" \
  "continue with: sockscope scan --resume 'q dir/it'\\\\''s\.xml'" "$(cat q.err)"
check "quoted args: the XML's args split by Python's shlex give the words typed" python3 -c "
import shlex, xml.etree.ElementTree as ET
args = ET.parse(\"q dir/it's.xml\").getroot().get('args')
assert shlex.split(args)[-4:] == ['-oD', 'q.ndjson', '-oX', \"q dir/it's.xml\"], args"
python3 "$RES" "q dir/it's.xml" >q.before
n=$(wc -l <q.before)
check "quoted args: part of the scan in the XML ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 2000
resumed q --resume "q dir/it's.xml"
check_eq "quoted args: resume from -oX alone: exit 0" 0 "$(cat q.rc)"
check_eq "quoted args: no earlier pair probed again" 0 "$(never_probed_again q.before q)"
check "quoted args: the same XML file now holds the whole scan" \
  diff <(python3 "$RES" "q dir/it's.xml") full.txt
check "quoted args: no stray file from split words" test ! -e q -a ! -e "dir/it's.xml"

# nmap's own XML: an nmap -sT run of part of the range; the rest is scanned by us.
in_ns "$s" nmap -n -Pn -sT -p 1-1000 --max-retries 1 192.0.2.2 -oX nmap.xml >/dev/null
resumed n "${ARGS[@]}" --resume nmap.xml -oJ n.json
check_eq "resume from nmap's XML: exit 0" 0 "$(cat n.rc)"
check_eq "resume from nmap's XML: its 1000 ports not probed again" 0 \
  "$(awk '$2 <= 1000' n.wire | wc -l)"
check "resume from nmap's XML: n.json equals the uninterrupted scan" diff <(python3 "$RES" n.json) full.txt

# --open: the outputs list only the open ports and keep the rest as extraports port
#    ranges (-oJ host field, -oD host record, -oX as nmap), so a resumed --open scan does
#    not probe the pairs the earlier run finished, open or not, and ends equal to a scan
#    never interrupted. Ctrl-C once the first three open ports are in the -oD file.
interrupt o INT 3 --open -oJ o.json -oX o.xml
check_eq "--open, Ctrl-C: exit 130" 130 "$?"
python3 "$RES" o.json >o.before
n=$(wc -l <o.before)
check "--open, Ctrl-C: the JSON holds closed pairs too ($n of 2000, 3 open)" \
  test "$n" -gt 3 -a "$n" -lt 2000 -a "$(grep -c ' open ' o.before)" -ge 3
check "--open, Ctrl-C: the JSON lists open results only" python3 -c "
import json; d=json.load(open('o.json'))
assert all(r['state']=='open' for h in d['hosts'] for r in h['results'])
assert any('extraports' in h for h in d['hosts'])"
check "--open, Ctrl-C: -oD, -oJ, -oX hold the same pairs" bash -c \
  "diff <(python3 '$RES' o.ndjson) o.before && diff <(python3 '$RES' o.xml) o.before"
resumed o --resume o.json --stats
check_eq "--open, resume from -oJ alone: exit 0" 0 "$(cat o.rc)"
check_match "--open, resume from -oJ alone: --stats counts the skipped pairs" "2000 pairs \($n from --resume\)" "$(cat o.err)"
check_eq "--open, resume from -oJ alone: no earlier pair probed again" 0 "$(never_probed_again o.before o)"
check_eq "--open, resume from -oJ alone: every other pair probed" "$((2000 - n))" "$(wc -l <o.wire)"
for f in o.json o.xml; do
  check "--open, resume from -oJ alone: $f equals the uninterrupted scan" diff <(python3 "$RES" $f) full.txt
done
check "--open, resume from -oJ alone: XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd o.xml
# From the appended -oD file: same arguments plus --resume; no pair is listed twice.
interrupt p INT 3 --open
check_eq "--open, Ctrl-C (-oD only): exit 130" 130 "$?"
python3 "$RES" p.ndjson >p.before
n=$(wc -l <p.before)
check "--open, Ctrl-C (-oD only): part of the scan in the file ($n of 2000)" test "$n" -gt 0 -a "$n" -lt 2000
resumed p "${ARGS[@]}" --open --resume p.ndjson -oN p.nmap
check_eq "--open, resume from -oD: no earlier pair probed again" 0 "$(never_probed_again p.before p)"
check_eq "--open, resume from -oD: every other pair probed ($n done)" "$((2000 - n))" "$(wc -l <p.wire)"
check "--open, resume from -oD: whole scan, each pair once" diff <(python3 "$RES" p.ndjson) full.txt
check_match "--open, resume from -oD: -oN counts every closed port" "Not shown: 1976 closed tcp ports" "$(cat p.nmap)"

# 4. kill -9 in a scan of two hosts: a torn last NDJSON line is dropped; the JSON
#    document, never closed, holds the first host and is repaired.
ARGS=(192.0.2.2-3 -sT -p 1-1000 --timeout 0.4 --max-retries 1)
in_ns "$s" "$SOCKSCOPE" scan "${ARGS[@]}" -oJ full2.json >/dev/null
python3 "$RES" full2.json >full2.txt
RATE=1000 interrupt d KILL 1100 -oJ d.json
python3 "$RES" d.ndjson >d.before
n=$(wc -l <d.before)
check "kill -9: part of the scan done ($n of 2000)" test "$n" -gt 1000 -a "$n" -lt 2000
check "kill -9: the JSON is left unclosed" bash -c "! python3 -m json.tool d.json >/dev/null 2>&1"
cp d.json d2.json
sed -i 's/d\.json/d2.json/g' d2.json                            # its own -oJ file
printf '{"host":"192.0.2.3","port":19' >>d.ndjson                # a write cut short
resumed d "${ARGS[@]}" --resume d.ndjson
check_eq "kill -9, resume from -oD: exit 0" 0 "$(cat d.rc)"
check_eq "kill -9, resume from -oD: no earlier pair probed again" 0 "$(never_probed_again d.before d)"
check "kill -9, resume from -oD: torn line dropped, whole scan, once each" \
  diff <(python3 "$RES" d.ndjson) full2.txt
check_eq "kill -9, resume from -oD: one line per result" 2000 "$(wc -l <d.ndjson)"
resumed d2 --resume d2.json
check_eq "kill -9, resume from the unclosed -oJ alone: exit 0" 0 "$(cat d2.rc)"
check "kill -9, resume from the unclosed -oJ: the first host not probed again" \
  bash -c "! grep -q '^192.0.2.2 ' d2.wire"
check_eq "kill -9, resume from the unclosed -oJ: the second host probed" 1000 "$(wc -l <d2.wire)"
check "kill -9, resume from the unclosed -oJ: whole scan" diff <(python3 "$RES" d2.json) full2.txt

# 5. At scale: resuming 255,500 results of a /24 x 1,000 ports stays small (the results
#    are kept compact and stream back out host by host). In a namespace with only lo,
#    every probe is answered at once by the kernel (net-unreach) and no packet leaves.
e=$(make_ns empty)
python3 - <<'PYEOF'
with open("big.ndjson", "w") as f:
    for h in range(256):
        for p in range(1, 1001):
            if h == 255 and p > 500:
                break
            f.write('{"host":"198.18.0.%d","port":%d,"proto":"tcp","open":false,"state":"filtered",'
                    '"reason":"net-unreach","service":"unknown","ttl":null}\n' % (h, p))
PYEOF
in_ns "$e" /usr/bin/time -f "%M" -o big.rss "$SOCKSCOPE" scan 198.18.0.0/24 -sT -p 1-1000 \
  --resume big.ndjson -oJ big.json --stats >/dev/null 2>big.err
rss=$(tail -1 big.rss)
cat big.err
echo "  resuming 255,500 results: peak RSS $rss KiB"
check_match "at scale: only the 500 pairs left are probed" "256000 pairs \(255500 from --resume\), 500 probes" "$(cat big.err)"
check "at scale: peak memory under 48 MiB ($rss KiB)" test "$rss" -gt 0 -a "$rss" -lt 49152
check "at scale: the JSON holds all 256,000 results once" python3 -c "
import json; d=json.load(open('big.json')); n=[len(h['results']) for h in d['hosts']]
assert len(n)==256 and set(n)=={1000}, (len(n), set(n))"

# 6. Bad resume files: exit 2, naming the file.
err=$(in_ns "$s" "$SOCKSCOPE" scan "${ARGS[@]}" --resume missing.ndjson 2>&1)
check_eq "missing resume file: exit 2" 2 "$?"
check_match "missing resume file: named" "cannot read resume file 'missing.ndjson'" "$err"
printf 'hello\nworld\n' >garbage.txt
err=$(in_ns "$s" "$SOCKSCOPE" scan "${ARGS[@]}" --resume garbage.txt 2>&1)
check_eq "garbage resume file: exit 2" 2 "$?"
check_match "garbage resume file: named" "bad resume file 'garbage.txt'" "$err"
head -c 30 full.json >torn.json
err=$(in_ns "$s" "$SOCKSCOPE" scan --resume torn.json 2>&1)
check_eq "JSON torn beyond repair: exit 2" 2 "$?"
check_match "JSON torn beyond repair: said" "torn beyond repair" "$err"
ARGS=(192.0.2.2 -sT -p 1-2000 --timeout 0.4 --max-retries 1)
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-100 --resume full.json 2>&1)
check_eq "resume file of another scan (ports): exit 2" 2 "$?"
check_match "resume file of another scan: says so" "'full.json' is from a different scan: 192\.0\.2\.2 101/tcp" "$err"
err=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sU -p 1-2000 --resume full.json 2>&1)
check_eq "resume file of another scan type: exit 2" 2 "$?"
check_match "resume file of another scan type: names both" "scan type connect is not this scan's udp" "$err"
err=$(in_ns "$s" "$SOCKSCOPE" scan --resume a.ndjson 2>&1)
check_eq "--resume NDJSON alone: exit 2" 2 "$?"
check_match "--resume NDJSON alone: asks for the arguments" "does not record the arguments of a sockscope scan" "$err"
err=$(in_ns "$s" "$SOCKSCOPE" scan --resume nmap.xml 2>&1)
check_eq "--resume nmap's XML alone: exit 2 (nmap's arguments are not ours)" 2 "$?"
# (--max-rate and --min-rate only pace the scan and may change: test_scan_resume_rate.sh)
err=$(in_ns "$s" "$SOCKSCOPE" scan --resume full.json --timeout 1 2>&1)
check_eq "--resume FILE alone plus a scan flag: exit 2" 2 "$?"
check_match "--resume FILE alone plus a scan flag: named" "bad option '--timeout'" "$err"

finish
