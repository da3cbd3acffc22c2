#!/usr/bin/env bash
# scan -sS and -sU against ICMP errors forged by icmp_forger.py on the target: an error
# quoting our probe as it left counts (filtered admin-prohibited for TCP, closed
# port-unreach for UDP), one quoting the same probe with another source address (someone
# else's probe to the same address and port) does not (the port stays unanswered:
# filtered / open|filtered no-response), and over IPv6 a quote with hop-by-hop,
# destination options and fragment headers before the TCP/UDP header counts. The
# target's kernel never answers those ports itself (DROP); the forger sees the probes on
# its interface before that firewall.
source "$(dirname "$0")/lib.sh"
FORGER="$SOCKSCOPE_SRC/tests/integration/icmp_forger.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2 2001:db8::1 2001:db8::2
for tables in iptables ip6tables; do
  ip netns exec "$t" $tables -A INPUT -p tcp --dport 6100:6119 -j DROP
  ip netns exec "$t" $tables -A INPUT -p udp --dport 6100:6119 -j DROP
done
start_bg "$t" "$WORK/forger.out" python3 "$FORGER" "$(veth_of "$t")" \
  tcp:6100-6104:faithful tcp:6105-6109:other-source tcp:6110-6114:ext-headers \
  udp:6100-6104:faithful udp:6105-6109:other-source udp:6110-6114:ext-headers --seconds 120
wait_for_file_line "$WORK/forger.out" '^ready' 5
# The IPv6 path works both ways before the scans (fresh links can lose the first second
# of answers): a closed port's port-unreachable comes back. At most 5 s.
check "the target answers over IPv6" in_ns "$s" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.connect(("2001:db8::2", 9))
s.settimeout(0.1)
for _ in range(50):
    s.send(b"ready?")
    try:
        s.recv(64)
    except ConnectionRefusedError:
        sys.exit(0)
    except socket.timeout:
        pass
sys.exit(1)'

# states LABEL TARGET FLAGS...: "port/proto state reason" of ports 6100, 6105, 6110, 6115
# (one of each rule, and one the forger leaves alone).
states() {
  local label=$1 target=$2
  shift 2
  in_ns "$s" "$SOCKSCOPE" scan "$target" "$@" -p 6100-6119 --max-retries 1 -oJ "$WORK/$label.json" \
    >/dev/null
  python3 - "$WORK/$label.json" <<'PY'
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for r in h["results"]:
        if r["port"] % 5 == 0:
            print(f"{r['port']}/{r['proto']} {r['state']} {r['reason']}")
PY
}

check_eq "-sS IPv4: our quote counts, another source's does not" \
  "6100/tcp filtered admin-prohibited
6105/tcp filtered no-response
6110/tcp filtered no-response
6115/tcp filtered no-response" "$(states syn4 192.0.2.2 -sS)"
check_eq "-sS IPv6: our quote counts (with extension headers too), another source's does not" \
  "6100/tcp filtered admin-prohibited
6105/tcp filtered no-response
6110/tcp filtered admin-prohibited
6115/tcp filtered no-response" "$(states syn6 2001:db8::2 -sS)"
check_eq "-sU IPv4 (raw ICMP): our quote counts, another source's does not" \
  "6100/udp closed port-unreach
6105/udp open|filtered no-response
6110/udp open|filtered no-response
6115/udp open|filtered no-response" "$(states udp4 192.0.2.2 -sU)"
check_eq "-sU IPv6 (raw ICMPv6): our quote counts (with extension headers too), another source's does not" \
  "6100/udp closed port-unreach
6105/udp open|filtered no-response
6110/udp closed port-unreach
6115/udp open|filtered no-response" "$(states udp6 2001:db8::2 -sU)"
# Every rule fired: the "no-response" ports above were answered, and ignored.
for rule in "faithful tcp" "other-source tcp" "ext-headers tcp" "faithful udp" "other-source udp" "ext-headers udp"; do
  check "the forger answered with $rule" grep -q "forged [0-9]* ${rule% *} ${rule#* }/" "$WORK/forger.out"
done

finish
