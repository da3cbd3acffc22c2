#!/usr/bin/env bash
# scan -sU against UDP listeners, closed UDP ports (ICMP port-unreachable), a DROP range
# (open|filtered) and an admin-prohibited range (filtered), over IPv4 and IPv6, and a host
# behind a router that rejects some ports itself (a port-unreachable not from the target
# means filtered): ground truth and nmap, run on the same targets here, agree on every
# port's state, reason and reason_ttl. The TTLs differ by who answers (the target's kernel
# 55, its UDP services 99, the router 64, one less across the router), so a TTL taken
# from the wrong packet shows. Privileged scans read ICMP from raw sockets, unprivileged
# ones from the socket error queue (strace shows which): both give the same answers.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"
UNPRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
veth_of() { ip -n "$1" -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1 | head -1; }
ip -n "$s" addr add 2001:db8::1/64 dev "$(veth_of "$s")" nodad
ip -n "$t" addr add 2001:db8::2/64 dev "$(veth_of "$t")" nodad
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
# link's /24) that rejects 7000-7004 itself with port-unreachable: filtered (the
# answer is not the target's), with the router's TTL; the target's own answers arrive
# with one hop less.
r=$(make_ns r)
h=$(make_ns h)
ip link add "sr$$" netns "$s" type veth peer name "rs$$" netns "$r"
ip link add "rh$$" netns "$r" type veth peer name "hr$$" netns "$h"
ip -n "$s" addr add 192.0.2.65/26 dev "sr$$"
ip -n "$r" addr add 192.0.2.66/26 dev "rs$$"
ip -n "$r" addr add 192.0.2.129/26 dev "rh$$"
ip -n "$h" addr add 192.0.2.130/26 dev "hr$$"
for dev in "$s sr$$" "$r rs$$" "$r rh$$" "$h hr$$"; do ip -n ${dev% *} link set ${dev#* } up; done
ip -n "$s" route add 192.0.2.128/26 via 192.0.2.66
ip -n "$h" route add default via 192.0.2.129
ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000
ip netns exec "$h" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.ip_default_ttl=55
ip netns exec "$r" iptables -A FORWARD -p udp --dport 7000:7004 -j REJECT --reject-with icmp-port-unreachable
start_bg "$h" "$WORK/listen-h.out" python3 "$HELP" listen "" 53 --ttl 99
wait_for_file_line "$WORK/listen-h.out" '^listening' 5
compare routed 192.0.2.130 53,7000-7009
check_eq "routed ground truth" "53/udp open udp-response 98
7000/udp filtered port-unreach 64
7004/udp filtered port-unreach 64
7005/udp closed port-unreach 54
7009/udp closed port-unreach 54" "$(grep -E '^(53|7000|7004|7005|7009)/' "$WORK/routed.ports")"

# TCP and UDP in one run: one host report holding both protocols.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -sU -p T:1-10,U:53,50 -oJ "$WORK/both.json" >/dev/null
check "-sT -sU: one host with tcp and udp results" python3 -c "
import json; d=json.load(open('$WORK/both.json')); assert len(d['hosts'])==1, d
r=d['hosts'][0]['results']; assert sorted({x['proto'] for x in r})==['tcp','udp']; assert len(r)==12, len(r)"

finish
