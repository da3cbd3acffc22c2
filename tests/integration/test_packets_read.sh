#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# `sockscope read` and display filters against tshark, on the same files, in the same
# run: the crafted captures under tests/data/ (reordering, overlap, retransmission, loss,
# truncation, other link types, IPv6/ICMP/ARP) and a capture tcpdump makes here of
# traffic this test generates inside its own namespace. Whole summary lines must be
# byte-identical (relative and absolute sequence numbers), and each display filter in the
# table must select exactly the frames tshark selects.
source "$(dirname "$0")/lib.sh"
DATA="$SOCKSCOPE_SRC/tests/data"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }

# --- a live capture of our own traffic, made by tcpdump in a private namespace ---
ns=$(make_ns live)
start_bg "$ns" "$WORK/tcpdump.txt" tcpdump -i lo --immediate-mode -U -w "$WORK/live.pcap" 'tcp or udp or icmp'
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
start_bg "$ns" "$WORK/serve.txt" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/serve.txt" 'serverPort: ' 5
port=$(server_port "$WORK/serve.txt")
for msg in hello world "a longer line of text"; do
  in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$port" "$msg" >/dev/null
done
in_ns "$ns" python3 - <<'PY'
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.bind(("127.0.0.1", 0))
for i in range(3):
    u.sendto(b"ping %d" % i, v.getsockname())
    d, a = v.recvfrom(100)
    v.sendto(d.upper(), a)
    u.recv(100)
u.sendto(b"nobody home", ("127.0.0.1", 9))  # ICMP port unreachable
PY
sleep 0.3
kill "${_PIDS[0]}"; wait "${_PIDS[0]}" 2>/dev/null
check "tcpdump wrote a capture" test -s "$WORK/live.pcap"

files=("$WORK/live.pcap" "$DATA"/*.pcap "$DATA"/*.pcapng)

# --- summary lines, byte for byte ---
# tshark's lines first, for every file, relative and absolute: 36 runs of ~0.8 s (mostly
# tshark's start), two at a time, as the test has two of ctest's slots. File number i:
# $WORK/t/i.rel (and i.rc, tshark's exit status), $WORK/t/i.abs.
mkdir -p "$WORK/t"
for i in "${!files[@]}"; do printf '%s\0%s\0' "${files[$i]}" "$WORK/t/$i"; done |
  timeout 300 xargs -0 -n 2 -P 2 sh -c 'tshark -r "$0" >"$1.rel" 2>/dev/null; echo $? >"$1.rc"
    tshark -o tcp.relative_sequence_numbers:FALSE -r "$0" >"$1.abs" 2>/dev/null'
for i in "${!files[@]}"; do
  f=${files[$i]}
  name=$(basename "$f")
  trc=$(cat "$WORK/t/$i.rc")
  "$SOCKSCOPE" read "$f" >"$WORK/o.txt" 2>"$WORK/err.txt"; orc=$?
  check "read $name: same lines as tshark -r" cmp -s "$WORK/t/$i.rel" "$WORK/o.txt"
  diff "$WORK/t/$i.rel" "$WORK/o.txt" | head -6
  check_eq "read $name: same exit status as tshark ($trc)" "$([ "$trc" -eq 0 ] && echo 0 || echo 2)" "$orc"
  "$SOCKSCOPE" read --absolute-seq "$f" >"$WORK/o.txt" 2>/dev/null
  check "read --absolute-seq $name: same as tshark without relative seq" cmp -s "$WORK/t/$i.abs" "$WORK/o.txt"
done
out=$("$SOCKSCOPE" read "$DATA/cut_short.pcap" 2>&1 >/dev/null)
check_match "a cut-short file names the packet" "packet 4: .*cut short" "$out"
lines=$(wc -l <"$WORK/o.txt")

# --- fields: stream numbers and raw/relative seq/ack, as tshark -T fields prints them ---
for f in "$WORK/live.pcap" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_midstream_reuse.pcap"; do
  tshark -r "$f" -T fields -e frame.number -e tcp.stream -e udp.stream -e tcp.seq -e tcp.ack \
    -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e frame.len 2>/dev/null >"$WORK/t.txt"
  "$SOCKSCOPE" read "$f" -T json | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    t, u = p.get("tcp"), p.get("udp")
    ustream = u["stream"] if u else p.get("icmp", {}).get("udp_stream", "")
    row = [p["number"], t["stream"] if t else "", ustream,
           t["seq"] if t else "", t["ack"] if t else "", t["seq_raw"] if t else "", t["ack_raw"] if t else "",
           t["len"] if t else "", p["length"]]
    print("\t".join(str(x) for x in row))' >"$WORK/o.txt"
  check "fields of $(basename "$f") (streams, seq/ack, lengths) equal tshark's" cmp -s "$WORK/t.txt" "$WORK/o.txt"
done

# --- display filters: the same frame numbers as tshark -Y, for every filter ---
filters=(
  'tcp' 'udp' 'icmp' 'arp' 'ip' 'ipv6' 'icmpv6' '!tcp' 'not udp'
  'ip.addr == 127.0.0.1' 'ip.addr == 192.0.2.0/24' 'ip.src == 192.0.2.1 && tcp' 'ip.dst eq 192.0.2.3'
  '(ip.addr == 192.0.2.2 || ip.addr == 192.0.2.3) && tcp' 'ipv6.addr == 2001:db8::2'
  'tcp.port == 65432' 'tcp.srcport == 40001' 'tcp.dstport >= 40000' 'udp.port == 9' 'udp.port != 9'
  'tcp.port != 65432' 'tcp.flags.syn == 1' 'tcp.flags.syn == 1 and tcp.flags.ack == 0'
  'tcp.flags.fin == 1 || tcp.flags.reset == 1' 'tcp.flags.push == 1' 'tcp.len > 0' 'tcp.len >= 6 and tcp.len <= 9'
  'tcp.seq == 1' 'tcp.ack == 1' 'tcp.stream == 1' 'udp.stream == 0' 'tcp.window_size > 65535'
  'frame.len > 60' 'frame.number <= 5' 'frame.time_relative > 0.5' 'tcp contains "again"'
  'tcp contains "HELLO"' 'udp contains "ping"' 'frame contains "welcome"' 'tcp matches "^[a-z]+ "'
  'tcp.analysis.retransmission' 'tcp.analysis.duplicate_ack' 'tcp.analysis.lost_segment'
  'tcp.analysis.flags' 'tcp.port in {2121, 47000}' 'tcp.port in {2121 .. 2200}' 'tcp.srcport in {40000..40200}' 'icmp.type == 3' 'arp.opcode == 1' 'eth.dst == ff:ff:ff:ff:ff:ff'
  'tcp.seq_raw == 1000' 'ip.ttl lt 65' 'tcp.stream eq 0 and tcp.len gt 0'
)
# tshark takes ~0.4 s to start, so (as in test_filter_vs_tshark) all the filters run in one
# tshark pass over each file (filter_vs_tshark.py).
HELPER="$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py"
printf '%s\n' "${filters[@]}" >"$WORK/filters.txt"
for f in "$WORK/live.pcap" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_midstream_reuse.pcap" "$DATA/ipv6_icmp_arp.pcap"; do
  out=$(timeout 120 python3 "$HELPER" compare "$SOCKSCOPE" "$f" "$WORK/filters.txt")
  echo "$out" | grep DIFF
  check_eq "display filters on $(basename "$f"): ${#filters[@]} filters select what tshark selects" \
    "0 ${#filters[@]}" \
    "$(echo "$out" | grep -c DIFF) $(echo "$out" | awk '/filters, .* agree/ {print $3}')"
done

# --- bad filters: a caret under the fault, exit 2 ---
out=$("$SOCKSCOPE" read "$DATA/raw_ip.pcap" -Y 'tcp.port == ' 2>&1); rc=$?
check_eq "bad filter exits 2" 2 "$rc"
check_match "bad filter shows a caret" $'tcp.port == \n +\\^' "$out"
out=$("$SOCKSCOPE" read "$DATA/raw_ip.pcap" -Y 'ip.addr == 192.0.2.300' 2>&1); rc=$?
check_match "a bad address is named" "'192.0.2.300' is not a valid IPv4 address" "$out"
out=$("$SOCKSCOPE" read "$DATA/raw_ip.pcap" -Y 'tcp.prot == 80' 2>&1)
check_match "an unknown field is named" "'tcp.prot' is neither a field" "$out"
out=$("$SOCKSCOPE" read "$DATA/make_pcaps.py" 2>&1); rc=$?
check_eq "not a capture file exits 2" 2 "$rc"
check_match "not a capture file says so" "not a pcap or pcapng file" "$out"
# --- --filter-list: many filters in one pass, a line each; a refused one is named, exit 2 ---
printf '# answers\ntcp.flags.syn == 1\n\nip.src == 192.0.2.300\nframe.number <= 3\n' >"$WORK/list.txt"
out=$("$SOCKSCOPE" read "$DATA/tcp_anomalies.pcap" --filter-list "$WORK/list.txt" 2>"$WORK/list.err"); rc=$?
check_eq "--filter-list: a line per filter, exit 2 as one is refused" "3 2" "$(echo "$out" | wc -l) $rc"
syn=$("$SOCKSCOPE" read "$DATA/tcp_anomalies.pcap" -Y 'tcp.flags.syn == 1' | awk '{printf "%s%s", s, $1; s=" "}')
check_eq "--filter-list: the frames -Y selects, counted" \
  "$(echo "$syn" | wc -w)"$'\t'"$syn"$'\t\ttcp.flags.syn == 1' "$(sed -n 1p <<<"$out")"
check_match "--filter-list: the refused filter and why" \
  $'^refused\t.*\'192.0.2.300\' is not a valid IPv4 address\t\tip.src == 192.0.2.300$' "$(sed -n 2p <<<"$out")"
check_eq "--filter-list: frame.number <= 3" $'3\t1 2 3\t\tframe.number <= 3' "$(sed -n 3p <<<"$out")"
check_match "--filter-list: the caret on stderr, then the count" \
  $'ip.src == 192.0.2.300\n +\\^.*1 of 3 filters' "$(cat "$WORK/list.err")"
out=$("$SOCKSCOPE" read "$DATA/raw_ip.pcap" --filter-list "$WORK/no-such-list" 2>&1); rc=$?
check_eq "--filter-list: a missing list is one line, exit 2" "2 1" "$rc $(echo "$out" | wc -l)"
check_match "... naming it" "cannot read filter list '.*no-such-list'" "$out"
"$SOCKSCOPE" read "$DATA/raw_ip.pcap" --filter-list "$WORK/list.txt" -Y tcp >/dev/null 2>&1
check_eq "--filter-list with -Y is bad usage" 2 $?
check "-c stops after N" test "$("$SOCKSCOPE" read "$DATA/tcp_anomalies.pcap" -c 3 | wc -l)" -eq 3
check_match "-V shows layers and a hex dump" "Transmission Control Protocol, Src Port: 40001.*0000  02 00 00 00 00 02" \
  "$("$SOCKSCOPE" read "$DATA/tcp_anomalies.pcap" -c 1 -V | tr '\n' ' ')"
: "$lines"
finish
