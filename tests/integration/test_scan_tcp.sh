#!/usr/bin/env bash
# scan -sT and -sS against a target namespace with listeners, a DROP range (filtered),
# REJECT ranges (ICMP port-unreachable, TCP reset, ICMP admin-prohibited): every port's
# state and reason checked against ground truth AND against nmap on the same target.
source "$(dirname "$0")/lib.sh"
HELP="$SOCKSCOPE_SRC/tests/integration/scan_helpers.py"

s=$(make_ns s)
t=$(make_ns t)
make_link "$s" 192.0.2.1 "$t" 192.0.2.2
ip netns exec "$t" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000
start_bg "$t" "$WORK/listen.out" python3 "$HELP" listen 22,80,443,3005,8080 ""
wait_for_file_line "$WORK/listen.out" '^listening' 5
ipt() { ip netns exec "$t" iptables "$@"; }
ipt -A INPUT -p tcp --dport 3000:3019 -j DROP
ipt -A INPUT -p tcp --dport 4000:4009 -j REJECT --reject-with icmp-port-unreachable
ipt -A INPUT -p tcp --dport 4010:4019 -j REJECT --reject-with tcp-reset
ipt -A INPUT -p tcp --dport 4020:4029 -j REJECT --reject-with icmp-admin-prohibited
PORTS=1-100,443,2995-3025,3995-4035,8080

# Ground truth for a sample of ports, per scan type: port/proto state reason.
truth_common="22/tcp open syn-ack
80/tcp open syn-ack
443/tcp open syn-ack
8080/tcp open syn-ack
3000/tcp filtered no-response
3005/tcp filtered no-response
3019/tcp filtered no-response
4025/tcp filtered ADMIN
1/tcp closed CLOSED
4015/tcp closed CLOSED
4030/tcp closed CLOSED"

for mode in T S; do
  closed_reason=$([ $mode = T ] && echo conn-refused || echo reset)
  start=$(date +%s.%N)
  in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -s$mode -p "$PORTS" -oX "$WORK/ours-$mode.xml" -oJ "$WORK/ours-$mode.json" \
    -oG "$WORK/ours-$mode.gnmap" -oD "$WORK/ours-$mode.ndjson" --csv "$WORK/ours-$mode.csv" >"$WORK/ours-$mode.txt"
  rc=$?
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  check_eq "-s$mode exit code (open ports found)" 0 "$rc"
  echo "  -s$mode took ${elapsed}s"
  in_ns "$s" nmap -n -Pn -s$mode -p "$PORTS" --reason -oX "$WORK/nmap-$mode.xml" 192.0.2.2 >/dev/null
  python3 "$HELP" ports "$WORK/ours-$mode.xml" >"$WORK/ours-$mode.ports"
  python3 "$HELP" ports "$WORK/nmap-$mode.xml" >"$WORK/nmap-$mode.ports"
  check_eq "-s$mode: $(wc -l <"$WORK/ours-$mode.ports") ports, every state and reason equal to nmap's" \
    "$(cat "$WORK/nmap-$mode.ports")" "$(cat "$WORK/ours-$mode.ports")"
  while read -r port state reason; do
    [ "$reason" = CLOSED ] && reason=$closed_reason
    # icmp-admin-prohibited: connect() sees EHOSTUNREACH, the raw scan sees the ICMP code.
    [ "$reason" = ADMIN ] && reason=$([ $mode = T ] && echo host-unreach || echo admin-prohibited)
    want="$port $state $reason"
    check_eq "-s$mode ground truth $port" "$want" "$(grep "^$port " "$WORK/ours-$mode.ports")"
  done <<<"$truth_common"
  # ICMP port-unreachable for TCP: the kernel reports it to connect() as ECONNREFUSED,
  # while a raw SYN scan sees the ICMP itself (nmap agrees on both).
  if [ $mode = T ]; then want="4005/tcp closed conn-refused"; else want="4005/tcp filtered port-unreach"; fi
  check_eq "-s$mode ground truth 4005 (icmp-port-unreachable)" "$want" "$(grep '^4005/' "$WORK/ours-$mode.ports")"
  check "-s$mode XML validates against nmap.dtd" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/ours-$mode.xml"
  check "-s$mode JSON is one valid document" python3 -c "
import json,sys; d=json.load(open('$WORK/ours-$mode.json'))
r=d['hosts'][0]['results']; assert d['hosts'][0]['host']=='192.0.2.2'
assert len(r)==$(wc -l <"$WORK/ours-$mode.ports"), len(r)
o=[x for x in r if x['open']]; assert sorted(x['port'] for x in o)==[22,80,443,8080], o
assert all(set(x)>={'port','proto','open','state','reason','service','ttl'} for x in r)"
  check "-s$mode NDJSON: one valid object per port" python3 -c "
import json; n=[json.loads(l) for l in open('$WORK/ours-$mode.ndjson')]; assert len(n)==$(wc -l <"$WORK/ours-$mode.ports")"
  check_eq "-s$mode CSV header" "host,port,proto,state,reason,service,ttl" "$(head -1 "$WORK/ours-$mode.csv")"
  check_match "-s$mode CSV open row" "192\.0\.2\.2,22,tcp,open,syn-ack,ssh," "$(cat "$WORK/ours-$mode.csv")"
  check_match "-s$mode grepable" "Ports: 22/open/tcp//ssh///" "$(cat "$WORK/ours-$mode.gnmap")"
  check_match "-s$mode normal table" "PORT +STATE +SERVICE" "$(cat "$WORK/ours-$mode.txt")"
  check_match "-s$mode normal: open row" $'\n22/tcp +open +ssh' "$(cat "$WORK/ours-$mode.txt")"
done
check_match "-sS records TTL of the SYN-ACK" '"ttl":64' "$(grep '"port":22,' "$WORK/ours-S.ndjson")"

# -sS SYNs on the wire: IPv4 ones leave through a TCP raw socket (the kernel writes the
# IP header): our address, TTL 64, no DF bit, a correct TCP checksum, window 1024.
start_bg "$t" "$WORK/syn-wire.txt" tcpdump -i any -n -v -l --immediate-mode 'tcp[13] == 2'
wait_for_file_line "$WORK/syn-wire.txt" 'listening on' 5
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sS -p 20-25 >/dev/null
sleep 0.3
syns=$(grep -A1 'proto TCP' "$WORK/syn-wire.txt")
check_eq "-sS: six SYNs seen on the wire" 6 "$(grep -c 'Flags \[S\]' <<<"$syns")"
check_eq "-sS SYNs: TTL 64, no DF bit" 6 "$(grep -c 'ttl 64, .*flags \[none\]' <<<"$syns")"
check_eq "-sS SYNs: from 192.0.2.1, checksum correct, window 1024" 6 \
  "$(grep -cE '192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.2[0-5]: Flags \[S\], cksum 0x[0-9a-f]+ \(correct\), seq [0-9]+, win 1024' <<<"$syns")"

# --open: only open ports listed; the lab's 100-port hunt.
out=$(in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-100 --open)
check_match "--open lists the open ports" $'22/tcp +open +ssh\n80/tcp +open +http' "$out"
check "--open hides closed ports" bash -c "! grep -q 'closed  ' <<<\"\$1\"" _ "$out"

# Nothing open: exit 1 (the network said no).
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 1-10 >/dev/null; rc=$?
check_eq "no open port: exit 1" 1 "$rc"

# --log appends one line per run.
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 20-25 --log "$WORK/activity.log" >/dev/null
in_ns "$s" "$SOCKSCOPE" scan 192.0.2.2 -sT -p 80 --log "$WORK/activity.log" >/dev/null
check_eq "--log: two lines for two runs" 2 "$(wc -l <"$WORK/activity.log")"
check_match "--log line fields" $'targets=192\.0\.2\.2\tports=20-25\tmode=connect\tduration=[0-9.]+s\topen=1' \
  "$(head -1 "$WORK/activity.log")"

# -sS without privilege: exit 3 with the -sT hint.
err=$(in_ns "$s" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$SOCKSCOPE" scan 192.0.2.2 -sS -p 80 2>&1)
rc=$?
check_eq "-sS unprivileged: exit 3" 3 "$rc"
check_match "-sS unprivileged: hint" "use -sT" "$err"
out=$(in_ns "$s" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$SOCKSCOPE" scan 192.0.2.2 -p 80,81)
check_match "unprivileged default is a connect scan" $'80/tcp +open +http' "$out"

finish
