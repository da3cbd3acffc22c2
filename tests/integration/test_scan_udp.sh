#!/usr/bin/env bash
# scan -sU against UDP listeners, closed UDP ports (ICMP port-unreachable), a DROP range
# (open|filtered) and an admin-prohibited range (filtered), over IPv4 and IPv6, and a host
# behind a router, over IPv4 and IPv6, that rejects some ports itself (a port-unreachable
# not from the target means filtered, and names the router as reason_ip; -sS too, with
# host-unreachable and admin-prohibited): ground truth and nmap, run on the same targets
# here, agree on every port's state, reason, reason_ttl and reason_ip. The TTLs differ by who answers (the target's kernel
# 55, its UDP services 99, the router 64, one less across the router), so a TTL taken
# from the wrong packet shows. Privileged scans read ICMP from raw sockets, unprivileged
# ones from the socket error queue (strace shows which): both give the same answers.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"
UNPRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2 2001:db8::1 2001:db8::2
# The target's ICMP rate limit would make closed ports look open|filtered to any
# scanner (nmap -sU waits it out for minutes); lift it in the namespace we own.
ip netns exec "$t" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 \
  net.ipv4.ip_default_ttl=55 net.ipv6.icmp.ratelimit=0 "net.ipv6.conf.$(veth_of "$t").hop_limit=55"
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen "" 53,123,161,5000,7777 --ttl 99
wait_for_file_line "$WORK/listen.out" '^listening' 5
for tables in iptables ip6tables; do
  reject=icmp-admin-prohibited
  [ $tables = ip6tables ] && reject=icmp6-adm-prohibited
  ip netns exec "$t" $tables -A INPUT -p udp --dport 6000:6009 -j DROP
  ip netns exec "$t" $tables -A INPUT -p udp --dport 6010:6019 -j REJECT --reject-with $reject
done
PORTS=50-60,123,161,4990-5010,5995-6025,7777

truth="53/udp open udp-response 99
123/udp open udp-response 99
161/udp open udp-response 99
5000/udp open udp-response 99
7777/udp open udp-response 99
50/udp closed port-unreach 55
5010/udp closed port-unreach 55
6000/udp open|filtered no-response 0
6009/udp open|filtered no-response 0
6010/udp filtered admin-prohibited 55
6019/udp filtered admin-prohibited 55
6020/udp closed port-unreach 55"

# compare LABEL TARGET PORTS [NMAP_FLAGS...]: our scan (privileged and not) against nmap's.
# nmap -d lists every port with its reason_ttl (no <extraports>); our -oJ has every port.
compare() {
  local label=$1 target=$2 ports=$3 start
  shift 3
  start=$(date +%s.%N)
  in_ns "$s" "$SOCKSCOPE" scan "$target" -sU -p "$ports" -oX "$WORK/$label.xml" \
    -oJ "$WORK/$label.json" >"$WORK/$label.txt"
  check_eq "$label: exit code" 0 "$?"
  echo "  sockscope -sU took $(echo "$(date +%s.%N) - $start" | bc)s"
  start=$(date +%s.%N)
  in_ns "$s" nmap "$@" -n -Pn -sU -d -p "$ports" --reason -oX "$WORK/$label-nmap.xml" "$target" \
    >/dev/null 2>&1
  echo "  nmap -sU took $(echo "$(date +%s.%N) - $start" | bc)s"
  python3 "$HELP" ports "$WORK/$label-nmap.xml" --ttl >"$WORK/$label-nmap.ports"
  python3 "$HELP" ports "$WORK/$label.json" --ttl >"$WORK/$label.ports"
  check_eq "$label: $(wc -l <"$WORK/$label.ports") ports, every state, reason and reason_ttl equal to nmap's" \
    "$(cat "$WORK/$label-nmap.ports")" "$(cat "$WORK/$label.ports")"
  # Our XML (closed ports collapsed into <extraports>): the same states and reasons, and
  # each listed port's reason_ttl as in the JSON.
  check_eq "$label: XML states and reasons equal to nmap's" \
    "$(python3 "$HELP" ports "$WORK/$label-nmap.xml")" "$(python3 "$HELP" ports "$WORK/$label.xml")"
  check_eq "$label: XML reason_ttl of each listed port as in the JSON" "" \
    "$(python3 "$HELP" ports "$WORK/$label.xml" --ttl | grep -v ' -$' | grep -vxFf "$WORK/$label.ports")"
  check "$label: XML validates against nmap.dtd" \
    xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/$label.xml"
  in_ns "$s" "${UNPRIV[@]}" "$SOCKSCOPE" scan "$target" -sU -p "$ports" -oJ - >"$WORK/$label-unpriv.json"
  check_eq "$label unprivileged (error queue): same states, reasons and TTLs" \
    "$(cat "$WORK/$label.ports")" "$(python3 "$HELP" ports "$WORK/$label-unpriv.json" --ttl)"
}

compare ipv4 192.0.2.2 "$PORTS"
while read -r port state reason ttl; do
  check_eq "IPv4 ground truth $port" "$port $state $reason $ttl" "$(grep "^$port " "$WORK/ipv4.ports")"
done <<<"$truth"
check_match "-sU normal output: open|filtered listed" "6000/udp +open\|filtered" "$(cat "$WORK/ipv4.txt")"

compare ipv6 2001:db8::2 "$PORTS" -6
while read -r port state reason ttl; do
  check_eq "IPv6 ground truth $port" "$port $state $reason $ttl" "$(grep "^$port " "$WORK/ipv6.ports")"
done <<<"$truth"

# Which source read the ICMP errors: raw ICMP / ICMPv6 sockets when privileged (and no
# IP_RECVERR on the probe sockets), the error queue when not.
in_ns "$s" strace -f -qq -e trace=socket,setsockopt -o "$WORK/priv.trace" \
  "$SOCKSCOPE" scan 2001:db8::2 192.0.2.2 -sU -p 50-52 -oJ "$WORK/priv-trace.json" >/dev/null
check "privileged: raw ICMP and ICMPv6 sockets" bash -c \
  "grep -q 'SOCK_RAW.*IPPROTO_ICMP) = [0-9]' '$WORK/priv.trace' && grep -q 'SOCK_RAW.*IPPROTO_ICMPV6) = [0-9]' '$WORK/priv.trace'"
check "privileged: no error queue on the probe sockets" bash -c "! grep -q RECVERR '$WORK/priv.trace'"
in_ns "$s" strace -f -qq -e trace=socket,setsockopt -o "$WORK/unpriv.trace" "${UNPRIV[@]}" \
  "$SOCKSCOPE" scan 2001:db8::2 192.0.2.2 -sU -p 50-52 -oJ - >"$WORK/unpriv-trace.json"
check "unprivileged: no raw socket, IP_RECVERR and IPV6_RECVERR" bash -c \
  "grep -q 'IPPROTO_ICMP) = -1 EPERM' '$WORK/unpriv.trace' && grep -q 'IP_RECVERR' '$WORK/unpriv.trace' && grep -q 'IPV6_RECVERR' '$WORK/unpriv.trace'"
check_eq "traced scans: 6 closed ports either way" "6 6" \
  "$(grep -o '"closed"' "$WORK/priv-trace.json" | wc -l) $(grep -o '"closed"' "$WORK/unpriv-trace.json" | wc -l)"

# A host behind a router (192.0.2.64/26 and 192.0.2.128/26, more specific than the first
# link's /24; 2001:db8:1::/64 and 2001:db8:2::/64) that rejects 7000-7004 itself with
# port-unreachable: filtered (the answer is not the target's), with the router's TTL and
# its address as reason_ip (nmap's "port-unreach from 192.0.2.66"); the target's own
# answers arrive with one hop less and name no reason_ip.
r=$(make_ns r)
h=$(make_ns h)
ip link add "sr$$" netns "$s" type veth peer name "rs$$" netns "$r"
ip link add "rh$$" netns "$r" type veth peer name "hr$$" netns "$h"
ip -n "$s" addr add 192.0.2.65/26 dev "sr$$"
ip -n "$r" addr add 192.0.2.66/26 dev "rs$$"
ip -n "$r" addr add 192.0.2.129/26 dev "rh$$"
ip -n "$h" addr add 192.0.2.130/26 dev "hr$$"
ip -n "$s" addr add 2001:db8:1::1/64 dev "sr$$" nodad
ip -n "$r" addr add 2001:db8:1::2/64 dev "rs$$" nodad
ip -n "$r" addr add 2001:db8:2::1/64 dev "rh$$" nodad
ip -n "$h" addr add 2001:db8:2::2/64 dev "hr$$" nodad
for dev in "$s sr$$" "$r rs$$" "$r rh$$" "$h hr$$"; do ip -n ${dev% *} link set ${dev#* } up; done
ip -n "$s" route add 192.0.2.128/26 via 192.0.2.66
ip -n "$h" route add default via 192.0.2.129
ip -n "$s" -6 route add 2001:db8:2::/64 via 2001:db8:1::2
ip -n "$h" -6 route add default via 2001:db8:2::1
ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 \
  net.ipv6.conf.all.forwarding=1 net.ipv6.icmp.ratelimit=0
ip netns exec "$h" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.ip_default_ttl=55 \
  net.ipv6.icmp.ratelimit=0 "net.ipv6.conf.hr$$.hop_limit=55"
ip netns exec "$r" iptables -A FORWARD -p udp --dport 7000:7004 -j REJECT --reject-with icmp-port-unreachable
ip netns exec "$r" ip6tables -A FORWARD -p udp --dport 7000:7004 -j REJECT --reject-with icmp6-port-unreachable
ip netns exec "$r" iptables -A FORWARD -p tcp --dport 7000:7004 -j REJECT --reject-with icmp-host-unreachable
ip netns exec "$r" ip6tables -A FORWARD -p tcp --dport 7000:7004 -j REJECT --reject-with icmp6-adm-prohibited
start_bg "$h" "$WORK/listen-h.out" python3 "$HELP" listen "" 53 --ttl 99
wait_for_file_line "$WORK/listen-h.out" '^listening' 5
# Both paths answer before the scans start: for a second or two after the links come
# up, the target's IPv6 answers are lost on the way back (no such loss once it works),
# longer than a scan of 11 ports takes. Wait (at most 5 s) for the listener's echo.
for addr in 192.0.2.130 2001:db8:2::2; do
  check "the host behind the router answers $addr" in_ns "$s" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.1)
for _ in range(50):
    s.sendto(b"ready?", (sys.argv[1], 53))
    try:
        s.recv(64)
        sys.exit(0)
    except socket.timeout:
        pass
sys.exit(1)' "$addr"
done
compare routed 192.0.2.130 53,7000-7009
check_eq "routed ground truth" "53/udp open udp-response 98
7000/udp filtered port-unreach 64
7004/udp filtered port-unreach 64
7005/udp closed port-unreach 54
7009/udp closed port-unreach 54" "$(grep -E '^(53|7000|7004|7005|7009)/' "$WORK/routed.ports")"
compare routed6 2001:db8:2::2 53,7000-7009 -6
check_eq "routed IPv6 ground truth" "53/udp open udp-response 98
7000/udp filtered port-unreach 64
7004/udp filtered port-unreach 64
7005/udp closed port-unreach 54
7009/udp closed port-unreach 54" "$(grep -E '^(53|7000|7004|7005|7009)/' "$WORK/routed6.ports")"
# reason_ip: nmap's XML against our JSON (raw ICMP and error queue) and XML, per port.
for label in routed routed6; do
  python3 "$HELP" ports "$WORK/$label-nmap.xml" --ip >"$WORK/$label-nmap.ip"
  check_eq "$label: reason_ip of every port equal to nmap's (-oJ)" \
    "$(cat "$WORK/$label-nmap.ip")" "$(python3 "$HELP" ports "$WORK/$label.json" --ip)"
  check_eq "$label: reason_ip of every port equal to nmap's (-oX)" \
    "$(cat "$WORK/$label-nmap.ip")" "$(python3 "$HELP" ports "$WORK/$label.xml" --ip)"
  check_eq "$label unprivileged (error queue): reason_ip equal to nmap's" \
    "$(cat "$WORK/$label-nmap.ip")" "$(python3 "$HELP" ports "$WORK/$label-unpriv.json" --ip)"
done
for pair in "routed 192.0.2.66" "routed6 2001:db8:1::2"; do
  label=${pair% *}
  check_eq "$label ground truth: the router's rejects name it, the target's own answers nothing" \
    "53/udp open udp-response -
7000/udp filtered port-unreach ${pair#* }
7005/udp closed port-unreach -" "$(python3 "$HELP" ports "$WORK/$label.json" --ip | grep -E '^(53|7000|7005)/')"
done
# -sS behind the router: its ICMP errors are filtered with its address as reason_ip, the
# target's resets are closed without one; equal to nmap -sS port by port.
for pair in "routed-syn 192.0.2.130 192.0.2.66 host-unreach" "routed-syn6 2001:db8:2::2 2001:db8:1::2 admin-prohibited"; do
  read -r label target router reason <<<"$pair"
  in_ns "$s" "$SOCKSCOPE" scan "$target" -sS -p 7000-7009 -oJ "$WORK/$label.json" -oX "$WORK/$label.xml" >/dev/null
  six=""
  [[ $target == *:* ]] && six=-6
  in_ns "$s" nmap $six -n -Pn -sS -d -p 7000-7009 --reason -oX "$WORK/$label-nmap.xml" "$target" >/dev/null 2>&1
  check_eq "$label: every state, reason, reason_ttl and reason_ip equal to nmap's" \
    "$(python3 "$HELP" ports "$WORK/$label-nmap.xml" --ttl --ip)" "$(python3 "$HELP" ports "$WORK/$label.json" --ttl --ip)"
  check_eq "$label ground truth" "7000/tcp filtered $reason 64 $router
7005/tcp closed reset 54 -" "$(python3 "$HELP" ports "$WORK/$label.json" --ttl --ip | grep -E '^700[05]/')"
  check "$label: XML with reason_ip validates against nmap.dtd" \
    xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/$label.xml"
done
# --reason's normal output says it as nmap's does: "port-unreach from 192.0.2.66 ttl 64".
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.130 -sU -p 7000,7005 --reason >"$WORK/reason.txt"
in_ns "$s" nmap -n -Pn -sU -p 7000,7005 --reason 192.0.2.130 >"$WORK/reason-nmap.txt" 2>&1
check_eq "--reason normal output: the same port lines as nmap's" \
  "$(grep -E '^700[05]/udp' "$WORK/reason-nmap.txt" | tr -s ' ')" "$(grep -E '^700[05]/udp' "$WORK/reason.txt" | tr -s ' ')"
check_match "--reason: the router named" "7000/udp +filtered +[a-z0-9-]+ +port-unreach from 192\.0\.2\.66 ttl 64" \
  "$(cat "$WORK/reason.txt")"

# TCP and UDP in one run: one host report holding both protocols.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -sU -p T:1-10,U:53,50 -oJ "$WORK/both.json" >/dev/null
check "-sT -sU: one host with tcp and udp results" python3 -c "
import json; d=json.load(open('$WORK/both.json')); assert len(d['hosts'])==1, d
r=d['hosts'][0]['results']; assert sorted({x['proto'] for x in r})==['tcp','udp']; assert len(r)==12, len(r)"

finish
