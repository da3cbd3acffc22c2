#!/usr/bin/env bash
# scan -sU against UDP listeners, closed UDP ports (ICMP port-unreachable), a DROP range
# (open|filtered) and an admin-prohibited range (filtered): ground truth and nmap agree.
# Also the unprivileged path (same answers without CAP_NET_RAW).
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
# The target's ICMP rate limit would make closed ports look open|filtered to any
# scanner (nmap -sU waits it out for minutes); lift it in the namespace we own.
ip netns exec "$t" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen "" 53,123,161,5000,7777
wait_for_file_line "$WORK/listen.out" '^listening' 5
ip netns exec "$t" iptables -A INPUT -p udp --dport 6000:6009 -j DROP
ip netns exec "$t" iptables -A INPUT -p udp --dport 6010:6019 -j REJECT --reject-with icmp-admin-prohibited
PORTS=50-60,123,161,4990-5010,5995-6025,7777

truth="53/udp open udp-response
123/udp open udp-response
161/udp open udp-response
5000/udp open udp-response
7777/udp open udp-response
50/udp closed port-unreach
5010/udp closed port-unreach
6000/udp open|filtered no-response
6009/udp open|filtered no-response
6010/udp filtered admin-prohibited
6019/udp filtered admin-prohibited
6020/udp closed port-unreach"

start=$(date +%s.%N)
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sU -p "$PORTS" -oX "$WORK/ours.xml" -oJ "$WORK/ours.json" >"$WORK/ours.txt"
check_eq "-sU exit code" 0 "$?"
echo "  sockscope -sU took $(echo "$(date +%s.%N) - $start" | bc)s"
start=$(date +%s.%N)
in_ns "$s" nmap -n -Pn -sU -p "$PORTS" --reason -oX "$WORK/nmap.xml" 192.0.2.2 >/dev/null
echo "  nmap -sU took $(echo "$(date +%s.%N) - $start" | bc)s"
python3 "$HELP" ports "$WORK/ours.xml" >"$WORK/ours.ports"
python3 "$HELP" ports "$WORK/nmap.xml" >"$WORK/nmap.ports"
check_eq "-sU: $(wc -l <"$WORK/ours.ports") ports, every state and reason equal to nmap's" \
  "$(cat "$WORK/nmap.ports")" "$(cat "$WORK/ours.ports")"
while read -r port state reason; do
  check_eq "-sU ground truth $port" "$port $state $reason" "$(grep "^$port " "$WORK/ours.ports")"
done <<<"$truth"
check "-sU XML validates against nmap.dtd" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/ours.xml"
check_match "-sU normal output: open|filtered listed" "6000/udp +open\|filtered" "$(cat "$WORK/ours.txt")"

# Unprivileged: the same answers (ICMP errors come from the socket's error queue).
in_ns "$s" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
  "$SOCKSCOPE" scan 192.0.2.2 -sU -p "$PORTS" -oX - >"$WORK/unpriv.xml"
python3 "$HELP" ports "$WORK/unpriv.xml" >"$WORK/unpriv.ports"
check_eq "-sU unprivileged: same states and reasons" "$(cat "$WORK/ours.ports")" "$(cat "$WORK/unpriv.ports")"

# TCP and UDP in one run: one host report holding both protocols.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -sU -p T:1-10,U:53,50 -oJ "$WORK/both.json" >/dev/null
check "-sT -sU: one host with tcp and udp results" python3 -c "
import json; d=json.load(open('$WORK/both.json')); assert len(d['hosts'])==1, d
r=d['hosts'][0]['results']; assert sorted({x['proto'] for x in r})==['tcp','udp']; assert len(r)==12, len(r)"

finish
