#!/usr/bin/env bash
# scan and merge, as a newcomer and an attacker meet them: output flags whose file is
# missing or is the next flag, bad input refused before any probe, merge of directories
# and empty files, one merge rule whatever the order, --resume never writing through a
# planted symlink nor running a recorded command that writes where its owner could not,
# a name scanned at its first IPv4 address (Debian's /etc/hosts lists ::1 first) unless
# -6, and --lab-json read by the port-probing lab's own program's shape.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns a)
cd "$WORK" || exit 1

# A listener on 127.0.0.1 that prints a line per accepted connection (bounded: 60 s).
cat >"$WORK/accepts.py" <<'PY'
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); s.settimeout(0.2)
print("listening", flush=True)
end = time.time() + 60
while time.time() < end:
    try:
        c, _ = s.accept(); print("accepted", flush=True); c.close()
    except socket.timeout:
        pass
PY
start_bg "$ns" "$WORK/accepts.out" python3 "$WORK/accepts.py" 2222
wait_for_file_line "$WORK/accepts.out" '^listening' 5
ip netns exec "$ns" iptables -A INPUT -p tcp --dport 7 -j DROP

# bad NAME REGEX CMD...: exit 2 and one stderr line matching REGEX.
bad() {
  local name=$1 regex=$2 err rc; shift 2
  err=$(in_ns "$ns" "$SOCKSCOPE" "$@" 2>&1 </dev/null >/dev/null); rc=$?
  check_eq "$name: exit 2" 2 "$rc"
  check_match "$name: one line naming the value" "^sockscope: error: $regex\$" "$err"
}

# Output flags whose value is missing or is the next flag (issue 14 item 5).
mkdir -p "$WORK/o" && cd "$WORK/o" || exit 1
bad "-oJ -oX x.xml" "bad -oJ: its file name is missing \(next is '-oX'.*" \
  scan 127.0.0.1 -sT -p 2222 -oJ -oX x.xml
bad "--csv --no-progress" "bad --csv: its file name is missing \(next is '--no-progress'.*" \
  scan 127.0.0.1 -sT -p 2222 --csv --no-progress
bad "trailing -oJ" "bad -oJ: its file name is missing" scan 127.0.0.1 -sT -p 2222 -oJ
bad "trailing -oA" "bad -oA: its file name is missing" scan 127.0.0.1 -sT -p 2222 -oA
bad "bare -o" "bad -o: expected a letter and a file, as -oN FILE" scan 127.0.0.1 -sT -o -p 2222
bad "--lab-json then a flag" "bad --lab-json: its file name is missing .*" \
  scan 127.0.0.1 -sT --lab-json -p 2222
check_eq "no file named X, --no-progress or x.xml was made" "" "$(ls -A "$WORK/o")"
cd "$WORK" || exit 1

# Refused up front, before any probe (issue 14 item 10): the listener accepts nothing.
bad "-iL a directory" "bad -iL '/tmp': a directory, not a file" scan -iL /tmp -sT -p 2222
bad "-p ''" "bad port spec '': expected ports, .*" scan 127.0.0.1 -sT -p ''
echo "earlier" >"$WORK/kept.json"
bad "--log in a missing directory" "cannot append to log file '/nonexistent/x.log': .*" \
  scan 127.0.0.1 -sT -p 2222 -oJ "$WORK/kept.json" --log /nonexistent/x.log
check_eq "--log refused: the -oJ file is not truncated" "earlier" "$(cat "$WORK/kept.json")"
bad "-oN in a missing directory" "cannot write output file '/nonexistent/x.nmap': .*" \
  scan 127.0.0.1 -sT -p 2222 -oN /nonexistent/x.nmap
check_eq "no connection reached the listener" "listening" "$(cat "$WORK/accepts.out")"

# An output flag takes its letter and one file, nothing more: a target after it is a
# target (nmap's habit `-oX FILE HOST`), not a second word of -o.
# (Port 2223 is closed: exit 1, "no open port".)
out=$(in_ns "$ns" "$SOCKSCOPE" scan -sT -oJ "$WORK/after.json" -oX "$WORK/after.xml" 127.0.0.1 \
  -p 2223 2>&1 </dev/null); rc=$?
check_eq "-oJ FILE -oX FILE TARGET: exit 1 (no open port)" 1 "$rc"
check_match "-oJ FILE -oX FILE TARGET: the target was scanned" "2223/tcp +closed" "$out"
check_eq "-oJ FILE TARGET: the JSON names the target's port" "2223 closed" \
  "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["hosts"][0]["results"][0]; print(r["port"], r["state"])' "$WORK/after.json")"

# merge: directories and empty inputs (issue 13 item 15, issue 14 item 10).
: >"$WORK/empty.json"
for input in . /tmp "$WORK/empty.json" /dev/null; do
  err=$("$SOCKSCOPE" merge "$input" 2>&1 >/dev/null); rc=$?
  check_eq "merge $input: exit 2" 2 "$rc"
  check_match "merge $input: naming it" "^sockscope: error: bad scan output '$input': [a-z]" "$err"
  check_eq "merge $input: one line" 1 "$(printf '%s\n' "$err" | wc -l)"
done

# merge: two scans that disagree on a port; the result is the same in either order.
in_ns "$ns" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 2222,2223 -oJ "$WORK/m1.json" >/dev/null
in_ns "$ns" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 2222 -oD "$WORK/m2.ndjson" >/dev/null
sed -i 's/"open":true,"state":"open","reason":"syn-ack"/"open":false,"state":"filtered","reason":"no-response"/' "$WORK/m2.ndjson"
"$SOCKSCOPE" merge "$WORK/m1.json" "$WORK/m2.ndjson" -o "$WORK/m12.json"
"$SOCKSCOPE" merge "$WORK/m2.ndjson" "$WORK/m1.json" -o "$WORK/m21.json"
check "merge: the argument order does not change the result" cmp -s "$WORK/m12.json" "$WORK/m21.json"
check "merge: open (an answer) beats filtered" python3 -c "
import json; d=json.load(open('$WORK/m21.json'))
r=[r for h in d['hosts'] for r in h['results'] if r['port']==2222]
assert len(r)==1 and r[0]['state']=='open', r"

# --resume never writes through a planted symlink (issue 13 item 12).
mkdir -p "$WORK/r" && cd "$WORK/r" || exit 1
in_ns "$ns" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 2220-2224 -oJ x.json >/dev/null
python3 -c "
import json; d=json.load(open('x.json')); d['hosts'][0]['results']=d['hosts'][0]['results'][:2]
d['interrupted']=True; json.dump(d, open('x.json','w'))"
echo "victim" >victim
ln -s victim x.json.resume-part
in_ns "$ns" "$SOCKSCOPE" scan --resume x.json >/dev/null 2>"$WORK/r.err"
check_eq "--resume: the symlink's target is untouched" "victim" "$(cat victim)"
check "--resume: x.json is still a regular file" test -f x.json -a ! -L x.json
check "--resume: x.json holds all 5 ports" python3 -c "
import json; d=json.load(open('x.json')); assert len(d['hosts'][0]['results'])==5, d"
check "--resume: no temporary file is left" test -z "$(ls x.json.resume-part.* 2>/dev/null)"
ln -s x.json y.json
bad "--resume through a symlinked document" "refusing output file 'y.json': it is a symbolic link, .*" \
  scan 127.0.0.1 --resume y.json -sT -p 2220-2224 -oJ y.json
cd "$WORK" || exit 1

# --resume FILE alone prints what it re-runs, and refuses outputs the file's owner could
# not have written (issue 13 item 13): a file owned by nobody that records --log into
# root's private directory.
mkdir -p "$WORK/q" && chmod 755 "$WORK/q"
echo "root's log" >"$WORK/rootlog"
in_ns "$ns" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 2220-2224 -oJ "$WORK/q/x.json" --log "$WORK/rootlog" >/dev/null
echo "root's log" >"$WORK/rootlog"
python3 -c "
import json; p='$WORK/q/x.json'; d=json.load(open(p)); d['hosts'][0]['results']=d['hosts'][0]['results'][:2]
json.dump(d, open(p,'w'))"
chmod 700 "$WORK"
chown 65534 "$WORK/q/x.json"
err=$(in_ns "$ns" "$SOCKSCOPE" scan --resume "$WORK/q/x.json" 2>&1 >/dev/null); rc=$?
check_eq "--resume alone, a foreign file: exit 2" 2 "$rc"
check_match "--resume alone: prints the recorded command" "re-runs: sockscope scan 127\.0\.0\.1 -sT -p 2220-2224 -oJ [^ ]*/q/x\.json --log [^ ]*/rootlog" "$err"
check_match "--resume alone: names the refused path" "error: refusing the recorded --log '[^']*/rootlog': the owner of the resume file \(uid 65534\) may not write it" "$err"
check_eq "--resume alone: root's log untouched" "root's log" "$(cat "$WORK/rootlog")"
# ... nor one that records -iL of a file only root may read (it would be read, and its
# words looked up as names).
printf '127.0.0.1\n' >"$WORK/targets" && chmod 600 "$WORK/targets"
in_ns "$ns" "$SOCKSCOPE" scan -iL "$WORK/targets" -sT -p 2220-2224 -oJ "$WORK/q/i.json" >/dev/null
python3 -c "
import json; p='$WORK/q/i.json'; d=json.load(open(p)); d['hosts'][0]['results']=d['hosts'][0]['results'][:2]
json.dump(d, open(p,'w'))"
chown 65534 "$WORK/q/i.json"
: >"$WORK/accepts.out.before"; cp "$WORK/accepts.out" "$WORK/accepts.out.before"
err=$(in_ns "$ns" "$SOCKSCOPE" scan --resume "$WORK/q/i.json" 2>&1 >/dev/null); rc=$?
check_eq "--resume alone, a foreign file reading root's -iL: exit 2" 2 "$rc"
check_match "--resume alone: names the refused -iL" "error: refusing the recorded -iL '[^']*/targets': the owner of the resume file \(uid 65534\) may not read it" "$err"
check "--resume alone, refused: no connection reached the listener" cmp -s "$WORK/accepts.out" "$WORK/accepts.out.before"
chown 0 "$WORK/q/x.json"
err=$(in_ns "$ns" "$SOCKSCOPE" scan --resume "$WORK/q/x.json" 2>&1 >/dev/null); rc=$?
check_eq "--resume alone, our own file: runs (exit 0, 2222 open)" 0 "$rc"
check_match "--resume alone, our own file: prints the recorded command first" "^sockscope: --resume [^ ]*/q/x\.json re-runs: sockscope scan 127\.0\.0\.1" "$err"
check_eq "--resume alone, our own file: the log got its line" 2 "$(wc -l <"$WORK/rootlog")"

# A name is scanned at its first IPv4 address unless -6, with Debian's /etc/hosts
# (::1 listed first) in a mount namespace of ours (issue 14 item 0).
printf '::1\tlocalhost ip6-localhost\n127.0.0.1\tlocalhost\n' >"$WORK/hosts"
cat >"$WORK/names.sh" <<SH
mount --bind "$WORK/hosts" /etc/hosts || exit 99
ip link set lo up
python3 "$WORK/accepts.py" 2333 >"$WORK/names-listener.out" &
pid=\$!
for i in \$(seq 50); do grep -q listening "$WORK/names-listener.out" && break; sleep 0.05; done
"$SOCKSCOPE" scan localhost -sT -p 2333 -oJ "$WORK/v4.json" >/dev/null
"$SOCKSCOPE" scan localhost -6 -sT -p 2333 -oJ "$WORK/v6.json" >/dev/null
kill \$pid
SH
timeout -k 2 60 unshare -m -n bash "$WORK/names.sh"
check "localhost: resolver order is ::1 first here" grep -q '^::1' "$WORK/hosts"
check "scan localhost: 127.0.0.1, open" python3 -c "
import json; h=json.load(open('$WORK/v4.json'))['hosts'][0]
assert h['host']=='127.0.0.1' and h['name']=='localhost' and h['results'][0]['state']=='open', h"
check "scan -6 localhost: ::1, closed" python3 -c "
import json; h=json.load(open('$WORK/v6.json'))['hosts'][0]
assert h['host']=='::1' and h['results'][0]['state']=='closed', h"

# --lab-json: the lab's own lab4-2_scan.py and sockscope scan the same ports; the files
# agree but for the elapsed time, and the lab's way of reading them finds the same.
in_ns "$ns" python3 "$SOCKSCOPE_SRC/tests/integration/peers/lab4-2_scan.py" --host 127.0.0.1 \
  --ports 2222,7,9,2221 --timeout 1.0 --out "$WORK/lab.json" >/dev/null
in_ns "$ns" "$SOCKSCOPE" scan 127.0.0.1 -sT -p 2222,7,9,2221 --timeout 1 --lab-json "$WORK/ours.json" >/dev/null
check "--lab-json: the lab's scan_results.json, but for elapsed" python3 -c "
import json
lab=json.load(open('$WORK/lab.json')); ours=json.load(open('$WORK/ours.json'))
assert list(ours)==['host','elapsed','results'], list(ours)
assert isinstance(ours['elapsed'], float)
del lab['elapsed'], ours['elapsed']
assert lab==ours, (lab, ours)
assert [r['reason'] for r in ours['results']]==['timeout', 'refused', 'refused', None], ours"
check_eq "--lab-json: read as the lab reads it, port 2222 open" "[2222]" "$(python3 -c "
import json
with open('$WORK/ours.json') as fh:
    data = json.load(fh)
print([r['port'] for r in data['results'] if r['open']])")"
check_match "--lab-json is in scan --help" "--lab-json" "$("$SOCKSCOPE" scan --help)"
bad "--lab-json with two hosts" "bad --lab-json with 2 targets: .*" \
  scan 127.0.0.1 127.0.0.2 -sT -p 2222 --lab-json "$WORK/two.json"

finish
