#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# `sockscope lab` (make run) end to end. The lab makes its own network namespace; this
# test runs it as root, as an unprivileged user (user namespace), and where neither is
# allowed (exit 3). Nothing here touches the machine's network.
source "$(dirname "$0")/lib.sh"
export TMPDIR=$WORK  # the lab saves its capture there; lib.sh removes $WORK at exit

start=$(date +%s%N)
out=$(timeout -k 2 30 "$SOCKSCOPE" lab --keep); rc=$?
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "lab as root: exit 0" 0 "$rc"
check "lab as root: under 10 s ($took_ms ms)" test "$took_ms" -lt 10000
check_match "private namespace" 'network: a new network namespace \(as root\)' "$out"
check_match "only loopback" 'interface lo 127\.0\.0\.1 up' "$out"
check_match "probing finds exactly the TCP server" 'probed 100 ports in [0-9.]+ s: 1 open, 99 closed \(refused\)' "$out"
check_match "TCP upper-case reply" 'client   got reply: HELLO FROM THE TCP CLIENT' "$out"
check_match "UDP upper-case reply" 'client   got reply: HELLO FROM THE UDP CLIENT' "$out"
check_match "communicator receipt" 'sender   \| Message sent successfully\.' "$out"
check_match "communicator receiver" 'receiver \| Connected by \(127\.0\.0\.1\)
    receiver \| Message:
    receiver \| Would you like green eggs and ham\?
    receiver \| End of message\.' "$out"
check_match "scan finds exactly the TCP server" 'scan     Not shown: 99 closed tcp ports \(reset\)
    scan     PORT +STATE SERVICE
    scan     [0-9]+/tcp +open ' "$out"
check_match "summary line" 'Lab complete: 21 of 21 steps passed' "$out"
check_match "communicator lines in the order they happened" 'sender   \| Sending\.
    receiver \| Connected by \(127\.0\.0\.1\)
    receiver \| Message:
    receiver \| Would you like green eggs and ham\?
    receiver \| End of message\.
    sender   \| Message sent successfully\.' "$out"
# The capture steps: a pcapng tshark reads as it is, the communicator's stream followed
# and explained.
pcap=$(sed -n 's/^ *\([0-9]*\) packets saved to \([^ ]*\) .*/\2/p' <<<"$out")
check "lab capture file exists" test -s "$pcap"
# tshark's answers about the capture from one run (each run is ~0.3 s of CPU before it
# reads a packet; these were eleven): the frames each display filter below lets through,
# by tshark's own filter engine (filters_in_one_pass.lua, a listener per filter), and the
# fields the checks read for every frame, as `-T fields -e` prints them. What
# `tshark -Y FILTER -T fields -e F...` printed is those frames' lines (tshark_rows).
lab_filters=(
  'frame'
  'tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'tcp.flags.reset == 1'
  'http.request'
  'ip.addr == 127.0.0.1 && tcp'
  'tcp.port == 65432 && tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'tcp.port == 65432 && tcp.flags.syn == 1 && tcp.flags.ack == 1'
  'tcp.dstport == 5000 && tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'tcp.flags.syn == 1 && tcp.flags.ack == 1'
  'udp.dstport == 5000'
)
lab_fields=(frame.number tcp.stream tcp.seq tcp.ack ip.src udp.srcport udp.length udp.checksum http.user_agent)
printf '%s\n' "${lab_filters[@]}" >"$WORK/lab_filters.txt"
FILTERS_FILE=$WORK/lab_filters.txt RESULT_FILE=$WORK/lab_hits.txt timeout 120 tshark -r "$pcap" \
  -X lua_script:"$SOCKSCOPE_SRC/tests/integration/filters_in_one_pass.lua" \
  -o tcp.relative_sequence_numbers:FALSE -T fields $(printf -- '-e %s ' "${lab_fields[@]}") \
  >"$WORK/lab_fields.txt" 2>/dev/null
check_eq "tshark answered every filter" "${#lab_filters[@]}" "$(grep -c '^A' "$WORK/lab_hits.txt")"
# tshark_count FILTER: how many frames `tshark -Y FILTER` shows.
tshark_count() {
  awk -v f="$1" 'NR == FNR { if ($0 == f) n = FNR; next } FNR == n { print NF - 1 }' \
    "$WORK/lab_filters.txt" "$WORK/lab_hits.txt"
}
# tshark_rows FILTER FIELD...: what `tshark -Y FILTER -T fields -e FIELD...` prints.
tshark_rows() {
  local filter=$1
  shift
  awk -v f="$filter" -v want="$*" -v names="${lab_fields[*]}" '
    BEGIN { FS = OFS = "\t"; for (i = split(names, name, " "); i > 0; i--) col[name[i]] = i
            m = split(want, w, " ") }
    FILENAME == ARGV[1] { if ($0 == f) n = FNR; next }
    FILENAME == ARGV[2] { if (FNR == n) for (i = split($0, h, " "); i > 1; i--) hit[h[i]] = 1; next }
    $1 in hit { line = $(col[w[1]]); for (i = 2; i <= m; i++) line = line OFS $(col[w[i]]); print line }' \
    "$WORK/lab_filters.txt" "$WORK/lab_hits.txt" "$WORK/lab_fields.txt"
}
check_eq "lab capture: tshark counts the packets the lab reported" \
  "$(sed -n 's/^ *\([0-9]*\) packets saved to .*/\1/p' <<<"$out")" "$(tshark_count 'frame')"
check "lab capture: no packet lost (100 probe SYNs + TCP client + communicator)" test \
  "$(tshark_count 'tcp.flags.syn == 1 && tcp.flags.ack == 0')" -ge 102
check "lab capture: the closed ports' RSTs are there (99 per sweep of the range)" test \
  "$(tshark_count 'tcp.flags.reset == 1')" -ge 99
check_match "lab follows the communicator's stream" 'Node 1: 127\.0\.0\.1:65432
      34
      Would you like green eggs and ham\?' "$out"
check_match "lab explains the handshake" 'Ack [0-9]+ = client ISN [0-9]+ \+ 1' "$out"

# The README's transcript (issue 14 item 16): its step numbers and names are a real run's.
readme_steps=$(sed -n '/^### `lab`/,/^### /p' "$SOCKSCOPE_SRC/README.md" | grep -E '^\[[0-9]+\] ')
check "README transcript shows steps" test "$(wc -l <<<"$readme_steps")" -ge 10
while IFS= read -r heading; do
  check "README step '$heading' is the run's" grep -qxF "$heading" <<<"$out"
done <<<"$readme_steps"
check_eq "README transcript: the run's step count" \
  "$(grep -oE 'Lab complete: [0-9]+ of [0-9]+' <<<"$out")" \
  "$(sed -n '/^### `lab`/,/^### /p' "$SOCKSCOPE_SRC/README.md" | grep -oE 'Lab complete: [0-9]+ of [0-9]+')"

# Every lab's question answered (issue 14): each step prints its answer.
# Lab 000 Q2: Follow > UDP Stream shows the message and the upper-case reply.
check_match "lab 000 Q2: the UDP stream followed" 'Follow: udp,ascii
      Filter: udp\.stream eq [0-9]+
      Node 0: 127\.0\.0\.1:[0-9]+
      Node 1: 127\.0\.0\.1:[0-9]+
      25
      hello from the udp client
      	25
      HELLO FROM THE UDP CLIENT' "$out"
udp_n=$(sed -n 's/.*sockscope follow lab\.pcapng --udp \([0-9]*\) .*/\1/p' <<<"$out")
check_match "lab 000 Q2: tshark follows the same UDP stream" 'hello from the udp client' \
  "$(tshark -r "$pcap" -q -z "follow,udp,ascii,$udp_n" 2>/dev/null)"
# Lab 001: the GET with the custom User-Agent, as the web server received it; the banner.
check_match "lab 001: the client sends the custom User-Agent" 'client > User-Agent: Mozilla/lm3nitro 1\.0 \(rv:130\.0\)' "$out"
check_match "lab 001: the web server's 200" 'client < HTTP/1\.1 200 OK' "$out"
check_match "lab 001: the server saw the User-Agent" 'server   \[\*\] Received: GET / HTTP/1\.1\\r\\nHost: 127\.0\.0\.1\\r\\nUser-Agent: Mozilla/lm3nitro 1\.0 \(rv:130\.0\)' "$out"
check_eq "lab 001: tshark sees the User-Agent on the wire" "Mozilla/lm3nitro 1.0 (rv:130.0)" \
  "$(tshark_rows 'http.request' http.user_agent)"
check_match "lab 001: the banner server answers its client" 'client   got reply: lm3nitro server over TCP is working' "$out"
# Lab 002: the filter `ip.addr == X && tcp`: as many packets as tshark's same filter.
matched=$(sed -n 's/^ *\([0-9]*\) of [0-9]* packets match: every TCP packet.*/\1/p' <<<"$out")
check_eq "lab 002: the filter matches what tshark's does" \
  "$(tshark_count 'ip.addr == 127.0.0.1 && tcp')" "$matched"
check_match "lab 002: the communicator's handshake among them" '65432 \[SYN\] Seq=0' "$out"
# Lab 003: the scan's JSON and CSV, read back, and the activity log, in the lab's directory.
dir=$(dirname "$pcap")
server_port=$(sed -n 's/^ *found the TCP server on port \([0-9]*\) .*/\1/p' <<<"$out")
check_match "lab 003: open ports from scan_results.json" "scan_results.json: 100 results; open ports: $server_port"$'\n' "$out"
check_eq "lab 003: scan_results.json holds the open port (python reads it)" "$server_port" \
  "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(str(r["port"]) for h in d["hosts"] for r in h["results"] if r["open"]))' "$dir/scan_results.json")"
check_eq "lab 003: scan_results.csv has the open row" "127.0.0.1,$server_port,tcp,open" \
  "$(grep ',open,' "$dir/scan_results.csv" | cut -d, -f1-4)"
check_match "lab 003: the activity log records the command and what it found" \
  "^[0-9T:-]+Z	sockscope scan 127\.0\.0\.1 -s[ST] -p [0-9]+-[0-9]+ -oJ scan_results\.json --csv scan_results\.csv	[0-9.]+ s	1 open \($server_port\), 100 results\$" \
  "$(cat "$dir/lab4-2_activity.log")"
# Lab 003's banner step: service detection on the lab's servers (the HTTP server, the
# banner server, a communicator receiver), banners.csv read back by Python's csv module,
# and the Markdown report, in the lab's directory.
web_port=$(python3 - "$dir/scan_banners.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(",".join(f"{r['port']}:{r['service']}:{r.get('product', '')}" for h in d["hosts"] for r in h["results"]))
PY
)
check_match "banners: the lab's web server named from its Server: header" '(^|,)80:http:sockscope-lab(,|$)' "$web_port"
check_match "banners: the communicator named from its receipt" '(^|,)65432:communicator:' "$web_port"
check_eq "banners.csv: a row per server, banners as the lab writes them" \
  "80 HTTP HTTP/1.1 200 OK|9999  lm3nitro server over TCP is working|65432 COMMUNICATOR #<<END>>#" \
  "$(python3 - "$dir/banners.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
cut = lambda r: r["banner_snippet"][:15] if r["port"] == "80" else r["banner_snippet"]
print("|".join(f"{r['port']} {r['service_hint']} {cut(r)}" for r in rows))
PY
)"
check_match "banners: the transcript shows banners.csv" 'banners.csv: 127\.0\.0\.1,9999,,lm3nitro server over TCP is working' "$out"
check_match "banners: the VERSION column" 'scan     PORT +STATE SERVICE +VERSION' "$out"
check_match "banners: report.md lists the ports and what the banners leak" '\| 80/tcp \|' "$(cat "$dir/report.md")"
check_match "banners: the transcript says where the report is" "report.md \([0-9]+ bytes\) in $dir" "$out"
# Lab 004: absolute sequence numbers of the SYN and SYN-ACK, as tshark reads them.
syn=$(tshark_rows 'tcp.port == 65432 && tcp.flags.syn == 1 && tcp.flags.ack == 0' tcp.seq)
synack=$(tshark_rows 'tcp.port == 65432 && tcp.flags.syn == 1 && tcp.flags.ack == 1' tcp.seq tcp.ack)
check_match "lab 004: the SYN's sequence number" "SYN sequence number: $syn"$'\n' "$out"
check_match "lab 004: the SYN-ACK's sequence number" "SYN-ACK sequence number: ${synack%%$'\t'*} " "$out"
check_match "lab 004: the SYN-ACK's acknowledgement" "SYN-ACK acknowledgement number: ${synack##*$'\t'} = $syn \+ 1" "$out"
# Lab 004, the chat lab: two clients with accounts, the room, a direct UDP message, a
# failed login; 4.1 for the first chat connection and 4.2 from the captured datagram,
# both checked against tshark's reading of the same capture.
check_match "chat lab: bob got alice's room message" 'bob     \| alice: hello room from alice' "$out"
check_match "chat lab: bob got the direct UDP message" 'bob     \| \[direct\] alice: hello bob, straight over UDP' "$out"
check_match "chat lab: the wrong password is refused" 'mallory \| sockscope: login refused: wrong user name or password \(login_failed\)' "$out"
first=$(tshark_rows 'tcp.dstport == 5000 && tcp.flags.syn == 1 && tcp.flags.ack == 0' tcp.stream tcp.seq ip.src | head -1)
read -r chat_stream chat_syn chat_src <<<"$first"
# (tshark -Y "tcp.stream == $chat_stream && ...": a frame one of whose tcp.stream values is it)
chat_synack=$(tshark_rows 'tcp.flags.syn == 1 && tcp.flags.ack == 1' tcp.stream tcp.seq tcp.ack |
  awk -F'\t' -v s="$chat_stream" '{ n = split($1, v, ","); for (i = 1; i <= n; i++) if (v[i] == s) { print $2 "\t" $3; next } }')
check_eq "chat lab 4.1: the first chat connection is alice's (127.0.0.2)" 127.0.0.2 "$chat_src"
check_match "chat lab 4.1: SYN_sequence_number as tshark reads it" "SYN_sequence_number = $chat_syn"$'\n' "$out"
check_match "chat lab 4.1: SYNACK_sequence_number" "SYNACK_sequence_number = ${chat_synack%%$'\t'*}"$'\n' "$out"
check_match "chat lab 4.1: SYNACK_ACKnowledgement_number = SYN + 1" "SYNACK_ACKnowledgement_number = $((chat_syn + 1))"$'\n' "$out"
check_eq "chat lab 4.1: tshark agrees on the acknowledgement" "$((chat_syn + 1))" "${chat_synack##*$'\t'}"
udp=$(tshark_rows 'udp.dstport == 5000' udp.srcport udp.length udp.checksum | head -1)
read -r u_sport u_len u_sum <<<"$udp"
check_match "chat lab 4.2: the source port as tshark reads it" "Source Port: $u_sport"$'\n' "$out"
check_match "chat lab 4.2: the length field (8 + payload)" "Length: $u_len \(8 header bytes \+ $((u_len - 8)) payload bytes\)" "$out"
check_match "chat lab 4.2: the checksum" "Checksum: $u_sum"$'\n' "$out"
check_match "chat lab 4.2: the handout's answers" 'number_of_fields_in_UDP_header = 4 .*
    length_of_header_field = 2 .*
    maximum_number_of_bytes_in_UDP_payload = 65507 .*
    largest_possible_source_port_number = 65535 .*
    protocol_number_for_UDP = 17 ' "$out"

# The lab's files (issue 13 item 11): a private directory, mode 0700, files 0600; with
# --keep it stays and the lab says where.
check_eq "lab files: the directory is private" "700 root" "$(stat -c '%a %U' "$dir")"
check_eq "lab files: each file 0600" "600 600 600 600 600 600 600" \
  "$(stat -c '%a' "$dir/lab.pcapng" "$dir/scan_results.json" "$dir/scan_results.csv" "$dir/lab4-2_activity.log" "$dir/scan_banners.json" "$dir/banners.csv" "$dir/report.md" | xargs)"
check_match "lab files: --keep says where" "The lab's files are kept in $dir"$'\n' "$out"
rm -rf "$dir"
# Without --keep, the directory is removed at the end. (Seeded: this run is also the
# first of the two --seed runs below; a lab run is ~2 s.)
out=$(timeout -k 2 30 "$SOCKSCOPE" lab --seed 42); rc=$?
seeded=$(grep -E 'serverPort|somewhere in' <<<"$out")
check_eq "lab without --keep: exit 0" 0 "$rc"
dir=$(sed -n "s/^The lab's files in \(.*\) were removed (--keep keeps them)\$/\1/p" <<<"$out")
check "lab without --keep: names its directory" test -n "$dir"
check "lab without --keep: the directory is gone" test ! -e "${dir:-/nonexistent}"
# A symlink planted at the old predictable name (TMPDIR/sockscope-lab-PID.pcapng) must
# not make root write through it: the victim stays as it was.
echo "precious" >"$WORK/victim"
timeout -k 2 30 bash -c 'ln -s "$1" "$TMPDIR/sockscope-lab-$$.pcapng"; exec "$0" lab >/dev/null' \
  "$SOCKSCOPE" "$WORK/victim"
check_eq "planted symlink: the victim is unchanged" "precious" "$(cat "$WORK/victim")"

# The port range and ports come from --seed: the same seed, the same transcript ports.
again=$(timeout 30 "$SOCKSCOPE" lab --seed 42 | grep -E 'serverPort|somewhere in')
check_eq "--seed repeats the ports" "$seeded" "$again"

# Without root: a user namespace (when the kernel allows it).
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
  [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ]; then
  out=$(TMPDIR=/tmp timeout -k 2 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKSCOPE" lab 2>&1); rc=$?
  check_eq "lab as nobody: exit 0" 0 "$rc"
  check_match "lab as nobody: user namespace" 'a new user and network namespace \(no root needed\)' "$out"
  check_match "lab as nobody: receipt" 'Message sent successfully\.' "$out"
  check_match "lab as nobody: captured in the user namespace" '[0-9]+ packets saved to' "$out"
  check_match "lab as nobody: every step" 'Lab complete: 21 of 21 steps passed' "$out"
fi

# Neither root nor user namespaces: inside a user namespace of our own whose namespace
# limits are 0 (the limits apply to that namespace only), one line and exit 3.
out=$(unshare -U -r sh -c 'echo 0 > /proc/sys/user/max_net_namespaces &&
  echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" lab' "$SOCKSCOPE" 2>&1); rc=$?
check_eq "no namespace allowed: exit 3" 3 "$rc"
check_match "no namespace allowed: one line" '^sockscope: error: cannot create a private network namespace \([^)]*\): run as root, or allow unprivileged user namespaces [^
]*$' "$out"

finish
