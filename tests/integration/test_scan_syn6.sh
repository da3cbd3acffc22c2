#!/usr/bin/env bash
# scan -sS over IPv6: a target namespace with listeners, an ip6tables DROP range
# (filtered no-response) and REJECT ranges (ICMPv6 admin-prohibited, port-unreachable,
# address-unreachable, no-route; TCP reset), on 2001:db8::/64 over a veth link. Every
# port's state and reason checked against ground truth AND against nmap -6 -sS on the same
# target; XML validated against nmap.dtd. Also ::1 on the namespace's own loopback, a
# mixed IPv4 + IPv6 run, retransmission under 5% loss, and the default scan type for
# IPv6 as root.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2 2001:db8::1 2001:db8::2  # IPv6 on the same link
# ICMP(v6) errors unthrottled, so every REJECTed probe gets its answer (for nmap too).
ip netns exec "$t" sysctl -qw net.ipv6.icmp.ratelimit=0 net.ipv4.icmp_ratelimit=0 \
  net.ipv4.icmp_msgs_per_sec=100000
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80,443,3005,8080 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5
check "target listens on IPv6" wait_listening "$t" tcp 8080
check_match "the IPv6 listeners are up" '\[::\]:8080' "$(ip netns exec "$t" ss -Hltn)"
ip6t() { ip netns exec "$t" ip6tables "$@"; }
ip6t -A INPUT -p tcp --dport 3000:3019 -j DROP
ip6t -A INPUT -p tcp --dport 4000:4009 -j REJECT --reject-with icmp6-port-unreachable
ip6t -A INPUT -p tcp --dport 4010:4019 -j REJECT --reject-with tcp-reset
ip6t -A INPUT -p tcp --dport 4020:4029 -j REJECT --reject-with icmp6-adm-prohibited
ip6t -A INPUT -p tcp --dport 4030:4039 -j REJECT --reject-with icmp6-addr-unreachable
ip6t -A INPUT -p tcp --dport 4040:4049 -j REJECT --reject-with icmp6-no-route
PORTS=1-100,443,2995-3025,3995-4055,8080

truth="22/tcp open syn-ack
80/tcp open syn-ack
443/tcp open syn-ack
8080/tcp open syn-ack
1/tcp closed reset
4015/tcp closed reset
4050/tcp closed reset
3000/tcp filtered no-response
3005/tcp filtered no-response
3019/tcp filtered no-response
4005/tcp filtered port-unreach
4025/tcp filtered admin-prohibited
4035/tcp filtered host-unreach
4045/tcp filtered no-route"

start=$(date +%s.%N)
in_ns "$s" "$SOCKSCOPE" scan 2001:db8::2 -sS -p "$PORTS" -oX "$WORK/ours.xml" -oD "$WORK/ours.ndjson" \
  --reason >"$WORK/ours.txt"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
check_eq "-sS IPv6 exit code (open ports found)" 0 "$rc"
echo "  -sS IPv6 took ${elapsed}s"
in_ns "$s" nmap -6 -n -Pn -sS -p "$PORTS" --reason -oX "$WORK/nmap.xml" 2001:db8::2 >/dev/null
python3 "$HELP" ports "$WORK/ours.xml" >"$WORK/ours.ports"
python3 "$HELP" ports "$WORK/nmap.xml" >"$WORK/nmap.ports"
check_eq "-sS IPv6: $(wc -l <"$WORK/ours.ports") ports, every state and reason equal to nmap's" \
  "$(cat "$WORK/nmap.ports")" "$(cat "$WORK/ours.ports")"
while read -r port state reason; do
  check_eq "-sS IPv6 ground truth $port" "$port $state $reason" "$(grep "^$port " "$WORK/ours.ports")"
done <<<"$truth"
check "-sS IPv6 XML validates against nmap.dtd" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/ours.xml"
check_match "-sS IPv6 XML: address type ipv6, scan type syn" \
  '<address addr="2001:db8::2" addrtype="ipv6"/>' "$(cat "$WORK/ours.xml")"
check_match "-sS IPv6 XML: scaninfo syn" '<scaninfo type="syn"' "$(cat "$WORK/ours.xml")"
check_match "-sS IPv6 normal output: open row with reason" $'\n22/tcp +open +ssh +syn-ack' "$(cat "$WORK/ours.txt")"
# Hop limit and window of the SYN-ACK, from the IPV6_HOPLIMIT cmsg and the TCP header.
check_match "-sS IPv6 records the hop limit of the SYN-ACK" '"ttl":64' "$(grep '"port":22,' "$WORK/ours.ndjson")"
check_match "-sS IPv6 records the hop limit of an ICMPv6 answer" '"ttl":64' "$(grep '"port":4025,' "$WORK/ours.ndjson")"

# ::1 on the scanner namespace's own loopback.
start_bg "$s" "$WORK/lo.out" python3 "$HELP" listen 7001,7003 ""
wait_for_file_line "$WORK/lo.out" '^listening' 5
out=$(in_ns "$s" "$SOCKSCOPE" scan ::1 -sS -p 7000-7004 -oX "$WORK/lo.xml")
rc=$?
check_eq "-sS ::1 exit code" 0 "$rc"
in_ns "$s" nmap -6 -n -Pn -sS -p 7000-7004 --reason -oX "$WORK/nmap-lo.xml" ::1 >/dev/null
python3 "$HELP" ports "$WORK/lo.xml" >"$WORK/lo.ports"
python3 "$HELP" ports "$WORK/nmap-lo.xml" >"$WORK/nmap-lo.ports"
check_eq "-sS ::1 ground truth" "7000/tcp closed reset
7001/tcp open syn-ack
7002/tcp closed reset
7003/tcp open syn-ack
7004/tcp closed reset" "$(cat "$WORK/lo.ports")"
check_eq "-sS ::1 equal to nmap's" "$(cat "$WORK/nmap-lo.ports")" "$(cat "$WORK/lo.ports")"

# Mixed IPv4 + IPv6 targets in one -sS run: each host as in its own run (the IPv4 side
# has no firewall rules, so its 3000-4055 are closed).
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 2001:db8::2 -sS -p 20-25,80,3000-3002,4005,4025 \
  -oX "$WORK/mixed.xml" -oJ "$WORK/mixed.json" >/dev/null
rc=$?
check_eq "mixed -sS exit code" 0 "$rc"
check "mixed -sS XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/mixed.xml"
check "mixed -sS: each family's answers" python3 -c "
import json; d=json.load(open('$WORK/mixed.json'))
h={x['host']:{(r['port']):(r['state'],r['reason']) for r in x['results']} for x in d['hosts']}
assert set(h)=={'192.0.2.2','2001:db8::2'}, set(h)
v4,v6=h['192.0.2.2'],h['2001:db8::2']
assert len(v4)==len(v6)==12, (len(v4),len(v6))
assert v4[22]==v6[22]==('open','syn-ack') and v4[80]==v6[80]==('open','syn-ack'), (v4,v6)
assert v4[21]==v6[21]==('closed','reset'), (v4[21],v6[21])
assert all(v4[p]==('closed','reset') for p in (3000,3001,3002,4005,4025)), v4
assert all(v6[p]==('filtered','no-response') for p in (3000,3001,3002)), v6
assert v6[4005]==('filtered','port-unreach') and v6[4025]==('filtered','admin-prohibited'), v6
"

# 5% of SYNs lost on the way in: unanswered IPv6 probes are retransmitted until answered.
ip6t -I INPUT 1 -p tcp --syn -m statistic --mode random --probability 0.05 -j DROP
in_ns "$s" "$SOCKSCOPE" scan 2001:db8::2 -sS -p 1-2000,8080 --max-retries 4 --stats -oD "$WORK/loss.ndjson" \
  >/dev/null 2>"$WORK/loss.err"
check_eq "IPv6 5% loss: every port answered (no 'filtered')" 0 "$(grep -c filtered "$WORK/loss.ndjson")"
check_eq "IPv6 5% loss: the four open ports" "22 80 443 8080" \
  "$(python3 -c "import json;print(*sorted(j['port'] for j in map(json.loads,open('$WORK/loss.ndjson')) if j['open']))")"
check_match "IPv6 5% loss: retransmissions happened" "[1-9][0-9]* retransmitted" "$(cat "$WORK/loss.err")"
ip6t -D INPUT 1

# No route to the target (nmap gives up on such a host): filtered no-route, exit 1.
out=$(in_ns "$s" "$SOCKSCOPE" scan 2001:db8:1::1 -sS -p 80 -oD -); rc=$?
check_eq "IPv6 without a route: exit 1" 1 "$rc"
check_match "IPv6 without a route: filtered no-route" '"state":"filtered","reason":"no-route"' "$out"

# As root with no scan type: SYN, IPv6 included (like nmap).
in_ns "$s" "$SOCKSCOPE" scan 2001:db8::2 -p 22,23 -oX "$WORK/default.xml" >/dev/null
check_match "default scan type for IPv6 as root is syn" '<scaninfo type="syn"' "$(cat "$WORK/default.xml")"
check_eq "default-type IPv6 scan: states" "22/tcp open syn-ack
23/tcp closed reset" "$(python3 "$HELP" ports "$WORK/default.xml")"

finish
