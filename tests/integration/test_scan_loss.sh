#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# scan under loss: random loss must not slow the scan down, congestion must.
# (a) The target drops 30% of its incoming TCP packets at random (iptables statistic
#     match): scan -sS and -sT of 600 ports get every port's state right (ground truth:
#     the listeners open, the rest closed), agree with nmap -sS on the same target, and
#     take at most nmap's time + 2 s (measured here, same link, same loss). nmap runs
#     with its defaults but --max-scan-delay 20ms: uncapped, its send delay grows under
#     this loss until 600 ports take from 15 s to over 5 minutes (bench/scan_loss).
# (b) The target drops SYNs above 300 per second (hashlimit): the scan slows down to
#     about that rate instead of losing most probes, counted per second on the wire.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"
OPEN="22,80,443,631,993"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
tdev=$(veth_of "$t")
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen "$OPEN" "" --seconds 300
wait_for_file_line "$WORK/listen.out" '^listening' 5
cd "$WORK" || exit 1

# states FILE: "port state" per port, from our JSON or nmap's XML.
states() { python3 "$HELP" ports "$1" | awk '{split($1, a, "/"); print a[1], $2}' | sort -n; }
python3 -c "
opened = {$OPEN}
for p in range(1, 601): print(p, 'open' if p in opened else 'closed')" | sort -n >truth

# ms CMD...: runs CMD, prints its wall time in milliseconds.
ms() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null
  echo $((($(date +%s%N) - start) / 1000000))
}

# (a) 30% random loss.
in_ns "$t" iptables -A INPUT -p tcp -m statistic --mode random --probability 0.3 -j DROP
nmap_ms=$(STEP_TIMEOUT=120 ms in_ns "$s" nmap -n -Pn -sS --max-scan-delay 20ms -p 1-600 -oX nmap.xml 192.0.2.2)
syn_ms=$(ms in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1-600 --stats -oJ syn.json 2>syn.err)
cat syn.err
con_ms=$(ms in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-600 --stats -oJ con.json 2>con.err)
cat con.err
states nmap.xml >nmap.states
states syn.json >syn.states
states con.json >con.states
nmap_wrong=$(diff truth nmap.states | grep -c '^>')
echo "  30% loss, 600 ports: nmap -sS ${nmap_ms} ms ($nmap_wrong ports wrong), scan -sS ${syn_ms} ms, -sT ${con_ms} ms"
check_eq "30% loss -sS: every port's state right" "" "$(diff truth syn.states)"
check_eq "30% loss -sT: every port's state right" "" "$(diff truth con.states)"
# Where nmap got an answer, it agrees with us (nmap itself may give up on a port: shown).
check_eq "30% loss: -sS agrees with nmap -sS on every port nmap answered" "" \
  "$(paste -d' ' nmap.states syn.states | awk '$1 != $3 || ($2 != "filtered" && $2 != $4)')"
check "30% loss: -sS within nmap's time + 2 s (${syn_ms} vs ${nmap_ms} ms)" \
  test "$syn_ms" -le $((nmap_ms + 2000))
check "30% loss: -sT within nmap's time + 2 s (${con_ms} vs ${nmap_ms} ms)" \
  test "$con_ms" -le $((nmap_ms + 2000))
in_ns "$t" iptables -F INPUT

# (b) Congestion: SYNs above 300/s dropped. Without the slowdown the scan would put all
# 1,500 SYNs on the wire within a fraction of a second.
in_ns "$t" iptables -A INPUT -p tcp --syn -m hashlimit --hashlimit-above 300/sec \
  --hashlimit-burst 30 --hashlimit-mode dstip --hashlimit-name sscongest -j DROP
start_bg "$t" syns.txt tcpdump -l -n -tt -i "$tdev" 'tcp[tcpflags] == tcp-syn'
cap=$LAST_PID
wait_for_file_line syns.txt 'listening on' 5
lim_ms=$(ms in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 1-1500 --stats -oJ lim.json 2>lim.err)
cat lim.err
sleep 0.3
kill "$cap"
wait "$cap" 2>/dev/null
read -r later total < <(python3 - <<'EOF'
import re
times = sorted(float(m.group(1)) for m in map(re.compile(r"(\d+\.\d+) IP .*Flags \[S\]").match, open("syns.txt")) if m)
t0 = times[0]
counts = [0] * (int(times[-1] - t0) + 1)
for t in times: counts[int(t - t0)] += 1
print(" ".join(map(str, counts)), file=__import__("sys").stderr)
# The most SYNs in any whole second after the first two (the overshoot before the first
# round of answers shows the loss).
print(max(counts[2:-1], default=0), len(times))
EOF
)
echo "  SYNs above 300/s dropped: 1500 ports in ${lim_ms} ms, $total SYNs, at most $later in a second after the first two"
check "congestion: the scan slowed down (took ${lim_ms} ms for 1500 ports at ~300/s)" \
  test "$lim_ms" -ge 3500
check "congestion: at most 900 SYNs in any second after the first two (saw $later)" \
  test "$later" -le 900
check "congestion: slowdowns kept, not undone" python3 -c "
import re; m = re.search(r'\((\d+) slowdowns, (\d+) undone', open('lim.err').read())
cuts, undone = map(int, m.groups()); assert cuts >= 2 and undone * 2 < cuts, (cuts, undone)"
check "congestion: nearly every port right (at most 1% filtered)" python3 -c "
import json; r = json.load(open('lim.json'))['hosts'][0]['results']
bad = [x['port'] for x in r if x['state'] == 'filtered']
assert len(r) == 1500 and len(bad) <= 15, bad
assert sorted(x['port'] for x in r if x['open']) == [$OPEN], [x['port'] for x in r if x['open']]"

finish
