#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# Service discovery against real servers from Debian packages, started by this test in a
# namespace of its own (discover_servers.sh): `sockscope banner` names each service,
# product and version; the misbehaving peers (silent, a byte a second, closing at once)
# end in bounded time; printers get no active probe; `probe --udp` decodes DNS, NTP and
# SNMP; banners.csv reads back with Python's csv module; `report` turns a real scan into
# Markdown and HTML; and `nmap -sV` on the same ports agrees on every service name.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/discover_servers.sh"

SRV_NS=$(make_ns srv)
CLI_NS=$(make_ns cli)
SRV_IP=192.0.2.1
make_link "$SRV_NS" "$SRV_IP" "$CLI_NS" 192.0.2.2
start_discover_servers || { echo "FAIL - servers did not start"; exit 1; }

banner() { in_ns "$CLI_NS" "$SOCKSCOPE" banner "$@"; }
field() { sed -n "s/^$1: //p" <<<"$2" | head -1; }

# openssl s_server serves one connection at a time: checked before nmap holds it.
out=$(banner "$SRV_IP" 4433)
check_eq "s_server: product" "OpenSSL s_server" "$(field Product "$out")"
check_eq "s_server: HTTP inside TLS" "ssl/http" "$(field Service "$out")"
echo "4433 $(field Service "$out")" >>"$WORK/ours.txt"

# nmap -sV runs in the background on the same ports while our checks run (it takes
# seconds per port by design); compared at the end.
# From an address of its own (-S), so that the --resume check below, which counts what
# 192.0.2.2 sends, never counts nmap's late probes.
# --script-timeout: -sV also runs NSE's version scripts after the service names are
# settled; against s_server (one connection at a time) hnap-info and http-trane-info
# hung for 20 s on 4433, the whole test's longest wait. The names compared below come
# from the probe phase, before any script runs.
NMAP_IP=192.0.2.3
ip -n "$CLI_NS" addr add "$NMAP_IP/24" dev "$(veth_of "$CLI_NS")"
nmap_sv() { start_bg "$CLI_NS" "$@" -S "$NMAP_IP" -e "$(veth_of "$CLI_NS")" --script-timeout 2s -Pn -n "$SRV_IP"; }
nmap_sv "$WORK/nmap_tcp.log" nmap -sV -p "$DISCOVER_TCP_PORTS" -oX "$WORK/nmap_tcp.xml"
NMAP_TCP=$LAST_PID
nmap_sv "$WORK/nmap_udp.log" nmap -sU -sV -p "$DISCOVER_UDP_PORTS" -oX "$WORK/nmap_udp.xml"
NMAP_UDP=$LAST_PID

# port  service  product  (version: checked non-empty where the greeting carries one)
while read -r port service product version; do
  out=$(banner "$SRV_IP" "$port" --csv "$WORK/banners.csv" 2>&1)
  rc=$?
  check_eq "banner $port exit 0" 0 "$rc"
  check_eq "banner $port service" "$service" "$(field Service "$out")"
  check_eq "banner $port product" "${product//_/ }" "$(field Product "$out")"
  if [ "$version" = "yes" ]; then
    check_match "banner $port version" '^[0-9][0-9A-Za-z.]*$' "$(field Version "$out")"
  fi
  echo "$port $(field Service "$out")" >>"$WORK/ours.txt"
done <<'TABLE'
21 ftp vsftpd yes
22 ssh OpenSSH yes
80 http nginx yes
110 pop3 Dovecot_pop3d no
143 imap Dovecot_imapd no
443 ssl/http nginx yes
2525 smtp Exim_smtpd yes
6379 redis Redis yes
8000 http SimpleHTTP yes
11211 memcached Memcached yes
TABLE

out=$(banner "$SRV_IP" 443)
check_match "TLS: protocol and ALPN" '^TLS: TLSv1\.[23], cipher [A-Z0-9_-]+, ALPN http/1.1$' "$(grep '^TLS:' <<<"$out")"
check_match "TLS: certificate subject" 'CN=discover\.test' "$(field 'Certificate subject' "$out")"
check_eq "TLS: SANs" "DNS:discover.test, IP:$SRV_IP" "$(field 'Certificate SANs' "$out")"
check_match "TLS: the HTTP banner inside" '^Banner \(TLS probe, HTTP inside\):' "$(grep '^Banner' <<<"$out")"
out=$(banner "$SRV_IP" 2525)
check_eq "Exim: host name from the greeting" "mail.discover.test" "$(field 'Host name' "$out")"
check_match "lab's label for the HTTP probe" '^Banner \(HTTP probe\):$' "$(banner "$SRV_IP" 80 | head -1)"
check_match "--probe smtp" '^Banner \(SMTP probe\):' "$(banner --probe smtp "$SRV_IP" 2525 | grep '^Banner')"
check_match "--probe generic is the passive read" '^Banner \(passive read\):' \
  "$(banner --probe generic "$SRV_IP" 22 | grep '^Banner')"

# Misbehaving peers end in bounded time.
timed() {  # timed SECONDS NAME EXPECTED_RC ARGS...: the exit code, and within the bound
  local limit=$1 name=$2 want=$3 start end rc
  shift 3
  start=$(date +%s%N)
  banner "$@" >"$WORK/timed.out" 2>&1
  rc=$?
  end=$(date +%s%N)
  check_eq "$name: exit $want" "$want" "$rc"
  check "$name: ends within ${limit}s ($(((end - start) / 1000000)) ms)" test $(((end - start) / 1000000)) -lt $((limit * 1000))
}
timed 4 "never speaks" 1 "$SRV_IP" 7001
check_match "never speaks: says what was tried" 'sent no banner \(no reply to http, smtp, passive, tls\)' "$(cat "$WORK/timed.out")"
timed 4 "a byte a second" 0 "$SRV_IP" 7002
timed 2 "closes at once" 1 "$SRV_IP" 7003
timed 2 "refused" 1 "$SRV_IP" 9
check_match "refused: CLOSED" 'is CLOSED \(refused\)' "$(cat "$WORK/timed.out")"
timed 3 "--probe-timeout bounds the silent one" 1 --probe-timeout 0.2 "$SRV_IP" 7001
timed 3 "a flood of binary bytes" 0 "$SRV_IP" 7004
check "flood: no raw control byte reaches the terminal" \
  python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(any(b < 32 and b != 10 for b in d))' "$WORK/timed.out"
check "flood: the banner is cut at 1,000 characters" \
  test "$(sed -n '/^Banner/,/^Service/p' "$WORK/timed.out" | sed '1d;$d' | tr -d '\n' | wc -c)" -lt 4100

# A printer prints what it is sent: auto sends nothing and says so; --probe sends.
out=$(banner "$SRV_IP" 9100)
check_match "printer: the note says why" '^Note: port 9100 is a printer port' "$out"
check_eq "printer: nothing was sent" 0 "$(stat -c %s "$WORK/printed")"
banner --probe http "$SRV_IP" 9100 >/dev/null
check_match "printer: --probe http is sent when asked" '^GET / HTTP/1.0' "$(head -c 20 "$WORK/printed")"

# Bad input: one line, exit 2.
for args in "$SRV_IP 0" "$SRV_IP 22 --probe nosuch" "$SRV_IP 22 --fingerprints /nonexistent" \
  "$SRV_IP 22 --timeout 0" "$SRV_IP 22 --probe-timeout x"; do
  # shellcheck disable=SC2086
  err=$(banner $args 2>&1 >/dev/null)
  rc=$?
  check_eq "bad input '$args': exit 2" 2 "$rc"
  check_eq "bad input '$args': one line" 1 "$(wc -l <<<"$err")"
done
printf 'match x\n  pattern ^(a\n' >"$WORK/bad.fp"
check_match "bad fingerprint file names the line" "bad.fp:1: bad pattern" \
  "$(banner --fingerprints "$WORK/bad.fp" "$SRV_IP" 22 2>&1)"
printf 'match ssh House SSH\n  pattern ^SSH-2\\.0-OpenSSH_(\\S+)\n  version house-$1\n' >"$WORK/mine.fp"
out=$(banner --fingerprints "$WORK/mine.fp" "$SRV_IP" 22)
check_eq "--fingerprints entries come first" "House SSH" "$(field Product "$out")"
check_match "--fingerprints captures" '^house-9' "$(field Version "$out")"

# banners.csv: the lab's header, one row a banner, read back by Python's csv module.
check_eq "banners.csv header" "host,port,service_hint,banner_snippet" "$(head -1 "$WORK/banners.csv" | tr -d '\r')"
check_eq "banners.csv rows" 10 "$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
ok = [r for r in rows if r["host"] == "192.0.2.1" and r["service_hint"] and r["banner_snippet"]]
print(len(ok))' "$WORK/banners.csv")"
check_eq "banners.csv: the SSH row" "SSH" "$(python3 -c '
import csv, sys
print([r["service_hint"] for r in csv.DictReader(open(sys.argv[1], newline="")) if r["port"] == "22"][0])' "$WORK/banners.csv")"

# UDP services decoded.
udp() { in_ns "$CLI_NS" "$SOCKSCOPE" probe --udp "$@"; }
check_match "DNS version.bind" '^DNS: version\.bind "dnsmasq-[0-9.]+"$' "$(udp "$SRV_IP" 53 | sed -n 2p)"
# The lab's way: a hand-made query as hex (discover.test A IN).
check_match "DNS A answer to --payload" '^DNS: response, 1 answer, A 192\.0\.2\.7$' \
  "$(udp "$SRV_IP" 53 --payload 00000100000100000000000008646973636f76657204746573740000010001 | sed -n 2p)"
check_match "NTP" '^NTP: v4 server, stratum 10' "$(udp "$SRV_IP" 123 | sed -n 2p)"
check_match "SNMP sysDescr" '^SNMP: sysDescr "sockscope discover test agent"$' "$(udp "$SRV_IP" 161 | sed -n 2p)"
json=$(udp --json "$SRV_IP" 123)
check_eq "--json has the lab's fields" "host port reply elapsed" "$(python3 -c '
import json, sys
j = json.loads(sys.argv[1])
print(" ".join(k for k in ("host", "port", "reply", "elapsed") if k in j and j[k] is not None))' "$json")"
out=$(udp "$SRV_IP" 9999)
check_eq "closed UDP port: exit 1" 1 "$?"
check_match "closed UDP port: port unreachable" 'CLOSED \(port unreachable\)' "$out"

# report: a real SYN scan of the servers, with its activity log.
in_ns "$CLI_NS" "$SOCKSCOPE" scan -sS -p "$DISCOVER_TCP_PORTS,9" -oJ "$WORK/scan.json" --log "$WORK/activity.log" "$SRV_IP" >/dev/null
in_ns "$CLI_NS" "$SOCKSCOPE" report "$WORK/scan.json" --log "$WORK/activity.log" -o "$WORK/report.md"
check_eq "report: exit 0" 0 "$?"
report=$(cat "$WORK/report.md")
check_match "report: the host with its open ports and a labelled OS guess" \
  "\| $SRV_IP \| 11 \| Linux-style stack \(a guess from TTL 64" "$report"
check_match "report: timings from the log" '\| syn \| 192\.0\.2\.1 \|' "$report"
in_ns "$CLI_NS" "$SOCKSCOPE" report "$WORK/scan.json" --html -o "$WORK/report.html"
check "report --html is well-formed XML-ish HTML" grep -q '<th>Port</th>' "$WORK/report.html"
echo '{"not":"a scan"}' >"$WORK/bad.json"
err=$("$SOCKSCOPE" report "$WORK/bad.json" 2>&1)
check_eq "report: not scan JSON: exit 2" 2 "$?"
check_match "report: names the file" 'bad.json: not a scan -oJ document' "$err"

# scan --banners (-sV): one SYN + UDP scan of the servers, banners grabbed in parallel
# after it, in every output format (4433 is left to nmap: s_server serves one at a time).
SV_TCP="21,22,80,110,143,443,2525,6379,8000,11211,7001,9100"
printed_before=$(stat -c %s "$WORK/printed")
start=$(date +%s%N)
in_ns "$CLI_NS" "$SOCKSCOPE" scan -sS -sU -sV -p "T:$SV_TCP,U:$DISCOVER_UDP_PORTS" -oA "$WORK/sv" \
  -oJ "$WORK/sv.json" --csv "$WORK/sv.csv" --banners-csv "$WORK/sv_banners.csv" "$SRV_IP" >"$WORK/sv.out" 2>&1
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
check_eq "scan -sV: exit 0" 0 "$rc"
check "scan -sV: 15 ports scanned and identified in under 6 s ($took ms)" test "$took" -lt 6000
sv_field() {  # sv_field PORT FIELD: a result's field in the -oJ document
  # One Python run reads the document into a file per port and field (again if the
  # document changes): twenty-five runs, one a field, cost seconds on a loaded machine.
  local d=$WORK/sv_fields
  if [ ! -e "$d/.read" ] || [ "$WORK/sv.json" -nt "$d/.read" ]; then
    rm -rf "$d" && mkdir -p "$d" && touch "$d/.read"
    python3 -c '
import json, os, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for r in h["results"]:
        for k, v in r.items():
            with open(os.path.join(sys.argv[2], "%s.%s" % (r["port"], k)), "a") as f:
                print(v, file=f)' "$WORK/sv.json" "$d"
  fi
  cat "$d/$1.$2" 2>/dev/null
}
while read -r port service; do
  [ "$port" = 4433 ] && continue
  check_eq "scan -sV: port $port named as banner names it" "$service" "$(sv_field "$port" service)"
  echo "$port $(sv_field "$port" service)" >>"$WORK/sv_names.txt"
done <"$WORK/ours.txt"
check_eq "scan -sV: the SSH product" "OpenSSH" "$(sv_field 22 product)"
check_match "scan -sV: the SSH version" '^[0-9][0-9A-Za-z.]*$' "$(sv_field 22 version)"
check_match "scan -sV: the SSH banner" '^SSH-2\.0-OpenSSH_' "$(sv_field 22 banner)"
check_eq "scan -sV: a fingerprint named it" "probed" "$(sv_field 22 service_method)"
check_match "scan -sV: the OS hint, labelled a guess" '^Linux-style stack \(a guess from TTL 64' "$(sv_field 22 os_hint)"
check_match "scan -sV: the printer got no active probe, and the output says why" \
  'port 9100 is a printer port' "$(sv_field 9100 service_note)"
check_eq "scan -sV: nothing was printed" "$printed_before" "$(stat -c %s "$WORK/printed")"
check_match "scan -sV: the silent port says what was tried" 'no reply to http, smtp, passive, tls' "$(sv_field 7001 service_note)"
check_eq "scan -sV: UDP 53 named" "domain" "$(sv_field 53 service)"
check_match "scan -sV: UDP 53's decoded reply is its banner" '^DNS: ' "$(sv_field 53 banner)"
check_match "scan -sV: UDP 161's decoded reply" '^SNMP: sysDescr "sockscope discover test agent"' "$(sv_field 161 banner)"
normal=$(cat "$WORK/sv.nmap")
check_match "scan -sV normal: nmap's VERSION column" 'PORT +STATE +SERVICE +VERSION' "$normal"
check_match "scan -sV normal: the SSH row" '22/tcp +open +ssh +OpenSSH [0-9]' "$normal"
check_match "scan -sV normal: the banner under it" '\|_banner: SSH-2\.0-OpenSSH_' "$normal"
check_match "scan -sV normal: the OS hint" 'OS hint: Linux-style stack \(a guess' "$normal"
check_eq "scan -sV: stdout is the same normal text" "$(grep -v '^Starting\|done:' "$WORK/sv.nmap")" \
  "$(grep -v '^Starting\|done:' "$WORK/sv.out")"
check "scan -sV XML validates against nmap.dtd" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/sv.xml"
check_match "scan -sV XML: the service element" '<service name="ssh" product="OpenSSH" version="[^"]+" extrainfo="[^"]*" method="probed" conf="10"/>' "$(cat "$WORK/sv.xml")"
check_match "scan -sV XML: HTTP inside TLS" '<port protocol="tcp" portid="443">.*<service name="http" product="nginx" version="[^"]+" tunnel="ssl" method="probed"' "$(cat "$WORK/sv.xml")"
check_match "scan -sV grepable: the version field" '22/open/tcp//ssh//OpenSSH [0-9][^/]*/' "$(cat "$WORK/sv.gnmap")"
check_eq "scan -sV CSV: the columns" "host,port,proto,state,reason,service,ttl,product,version,banner,os_hint" "$(head -1 "$WORK/sv.csv")"
check_eq "scan -sV CSV: the SSH row read by Python" "ssh OpenSSH SSH-2.0-OpenSSH_" "$(python3 -c '
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["port"] == "22"][0]
print(r["service"], r["product"], r["banner"][:len("SSH-2.0-OpenSSH_")])' "$WORK/sv.csv")"
check_eq "--banners-csv: the lab's header" "host,port,service_hint,banner_snippet" "$(head -1 "$WORK/sv_banners.csv" | tr -d '\r')"
check_eq "--banners-csv: a row per open TCP port, read by Python" "21:FTP 22:SSH 80:HTTP 110:POP3 143:IMAP 443:SSL/HTTP 2525:SMTP 6379:REDIS 7001: 8000:HTTP 9100: 11211:MEMCACHED" \
  "$(python3 -c '
import csv, sys
print(" ".join(r["port"] + ":" + r["service_hint"] for r in csv.DictReader(open(sys.argv[1], newline=""))))' "$WORK/sv_banners.csv")"
# The facts round-trip: --resume from the -oJ keeps them without grabbing again, and
# merge keeps them. "Nothing again" is read off the server's link, not off a clock (a
# sanitizer build is slow, not wrong): the client sends nothing but a marker datagram,
# sent after the resumed run so the capture is known to have seen everything before it.
start_bg "$SRV_NS" "$WORK/resume_wire.txt" "$SOCKSCOPE" capture -i "$(veth_of "$SRV_NS")" \
  -f 'src host 192.0.2.2 and (tcp or udp)'
WIRE=$LAST_PID
wait_for_file_line "$WORK/resume_wire.txt" 'Capturing on' 5
in_ns "$CLI_NS" "$SOCKSCOPE" scan -sS -sU -sV -p "T:$SV_TCP,U:$DISCOVER_UDP_PORTS" "$SRV_IP" \
  --resume "$WORK/sv.json" -oJ "$WORK/sv2.json" >/dev/null 2>&1
in_ns "$CLI_NS" python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"resume-marker", ("192.0.2.1", 9))'
wait_for_file_line "$WORK/resume_wire.txt" '→ 9 .*Len=13' 10
kill -INT "$WIRE"
wait "$WIRE" 2>/dev/null
check_eq "--resume keeps every port's facts" "$(python3 -c '
import json, sys
print(sorted((r["port"], r.get("product"), r.get("banner")) for h in json.load(open(sys.argv[1]))["hosts"] for r in h["results"]))' "$WORK/sv.json")" \
  "$(python3 -c '
import json, sys
print(sorted((r["port"], r.get("product"), r.get("banner")) for h in json.load(open(sys.argv[1]))["hosts"] for r in h["results"]))' "$WORK/sv2.json")"
# What counts as sending again is a probe: a SYN or a datagram. The link may still carry
# the end of the first run's connections (a RST answering the server's late segment, a
# retransmitted FIN) under a slow sanitizer build; those are not probes.
check_eq "--resume sends nothing again (only the marker on the wire)" "resume-marker" \
  "$(grep '192\.0\.2\.2 → ' "$WORK/resume_wire.txt" | grep -v -E ' TCP [0-9]+ [0-9]+ → [0-9]+ \[(ACK|RST|FIN|PSH)' \
    | sed -E 's/.*→ 9 .*Len=13.*/resume-marker/')"
"$SOCKSCOPE" merge "$WORK/sv.json" -o "$WORK/merged.json"
check_eq "merge keeps the facts" "OpenSSH" "$(python3 -c '
import json, sys
print([r.get("product") for h in json.load(open(sys.argv[1]))["hosts"] for r in h["results"] if r["port"] == 22][0])' "$WORK/merged.json")"
# Ctrl-C while the banners are grabbed (22 answers at once, 7001 is silent for its four
# probes of 2 s each: a window that the gate below cannot miss on a loaded machine):
# exit 130, every output complete, the port cut short without facts, so --resume grabs
# it again and only it.
ip netns exec "$CLI_NS" "$SOCKSCOPE" scan -sT -sV --probe-timeout 2 -p 22,7001 "$SRV_IP" -oX "$WORK/int.xml" \
  -oJ "$WORK/int.json" >/dev/null 2>&1 &
pid=$!
# The gate: a connection to 7001 that stays open 0.2 s is detection waiting on the silent
# port (the port scan's own connect closes at once); 22's banner came long before. A
# fixed pause was sometimes past the end of a quick run, or before it under load.
for _ in $(seq 1 250); do
  if ip netns exec "$CLI_NS" ss -Htn state established '( dport = :7001 )' | grep -q .; then
    sleep 0.2
    ip netns exec "$CLI_NS" ss -Htn state established '( dport = :7001 )' | grep -q . && break
  fi
  sleep 0.02
done
kill -INT "$pid"
wait "$pid"
check_eq "Ctrl-C during detection: exit 130" 130 "$?"
check "Ctrl-C during detection: the XML validates" xmllint --noout --dtdvalid /usr/share/nmap/nmap.dtd "$WORK/int.xml"
facts() {  # facts FILE: "port:method:product:note" per result
  python3 - "$1" <<'PY' | paste -sd' '
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for r in h["results"]:
        print(":".join([str(r["port"]), r.get("service_method", "-"), r.get("product", ""), r.get("service_note", "")]))
PY
}
check_eq "Ctrl-C during detection: 22 identified, 7001 cut short without facts" \
  "22:probed:OpenSSH: 7001:-::" "$(facts "$WORK/int.json")"
in_ns "$CLI_NS" "$SOCKSCOPE" scan --resume "$WORK/int.json" >/dev/null 2>&1
check_eq "--resume after Ctrl-C grabs 7001 again" \
  "22:probed:OpenSSH: 7001:table::no reply to http, smtp, passive, tls" "$(facts "$WORK/int.json")"

# Bad input before any probe: one line, exit 2.
for args in "--fingerprints $WORK/bad.fp -sV" "--probe-timeout x -sV" "--allports" "--banners-csv /nonexistent/dir/x.csv"; do
  # shellcheck disable=SC2086
  err=$(in_ns "$CLI_NS" "$SOCKSCOPE" scan -p 22 $args "$SRV_IP" 2>&1 >/dev/null)
  rc=$?
  check_eq "scan bad input '$args': exit 2" 2 "$rc"
  check_eq "scan bad input '$args': one line" 1 "$(wc -l <<<"$err")"
done

# nmap -sV on the same ports: every service name agrees.
for pid in $NMAP_TCP $NMAP_UDP; do
  for ((i = 0; i < 600 && $(kill -0 "$pid" 2>/dev/null && echo 1 || echo 0); i++)); do sleep 0.1; done
done
python3 - "$WORK/nmap_tcp.xml" "$WORK/nmap_udp.xml" >"$WORK/nmap.txt" <<'PY'
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    for port in ET.parse(path).iter("port"):
        s = port.find("service")
        if s is None:
            continue
        name = s.get("name", "")
        if s.get("tunnel") == "ssl":
            name = "ssl/" + name
        print(port.get("portid"), name)
PY
for p in 53 123 161; do
  case $p in 53) s=domain ;; 123) s=ntp ;; 161) s=snmp ;; esac
  json=$(udp --json "$SRV_IP" "$p")
  echo "$p $(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("service", ""))' "$json")" >>"$WORK/ours.txt"
done
while read -r port ours; do
  theirs=$(awk -v p="$port" '$1 == p {print $2}' "$WORK/nmap.txt")
  check_eq "nmap -sV agrees on port $port" "$theirs" "$ours"
done <"$WORK/ours.txt"
# scan -sV's names too (the UDP ones from its decoded replies).
for p in 53 123 161; do echo "$p $(sv_field "$p" service)" >>"$WORK/sv_names.txt"; done
while read -r port ours; do
  theirs=$(awk -v p="$port" '$1 == p {print $2}' "$WORK/nmap.txt")
  check_eq "nmap -sV agrees with scan -sV on port $port" "$theirs" "$ours"
done <"$WORK/sv_names.txt"

finish
