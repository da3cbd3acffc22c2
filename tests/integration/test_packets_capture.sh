#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# `sockscope capture` and `sockscope follow`, against tcpdump and tshark, on traffic this
# test makes inside its own namespace (with loss from iptables' statistic match, so TCP
# really retransmits): our pcapng and pcap files must be read by tshark without a
# warning and by libpcap (tcpdump) with byte-identical packets to a tcpdump capture taken
# at the same time; Ctrl-C must leave a complete file; BPF filters and their errors come
# from libpcap; no privilege means exit 3. Follow output must equal tshark's byte for
# byte, per stream and format, and --all must write the same text for every stream.
source "$(dirname "$0")/lib.sh"
DATA="$SOCKSCOPE_SRC/tests/data"

ns=$(make_ns cap)
in_ns "$ns" iptables -A INPUT -i lo -p tcp -m length --length 900:65535 -m statistic --mode nth --every 3 --packet 1 -j DROP
start_bg "$ns" "$WORK/ours.txt" "$SOCKSCOPE" capture -i lo -w "$WORK/ours.pcapng" -q
ours_pid=$LAST_PID
start_bg "$ns" "$WORK/pcap.txt" "$SOCKSCOPE" capture -i lo -w "$WORK/ours.pcap" -f udp -q
pcap_pid=$LAST_PID
start_bg "$ns" "$WORK/tcpdump.txt" tcpdump -i lo -B 32768 -U -w "$WORK/ref.pcap"
wait_for_file_line "$WORK/ours.txt" "Capturing on 'lo'" 5
wait_for_file_line "$WORK/pcap.txt" "Capturing on 'lo'" 5
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
# (all three print their line after pcap_activate and the BPF filter: they capture now)
start_bg "$ns" "$WORK/serve.txt" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/serve.txt" 'serverPort: ' 5
port=$(server_port "$WORK/serve.txt")
for i in 1 2 3 4; do
  in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$port" "message number $i with some text" >/dev/null
done
in_ns "$ns" python3 - <<'PY'
import socket, threading
# a bulk transfer with loss: retransmissions, out-of-order arrivals, SACK
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
port = srv.getsockname()[1]
def sink():
    c, _ = srv.accept()
    total = 0
    while True:
        d = c.recv(65536)
        if not d: break
        total += len(d)
    c.sendall(b"got %d bytes\n" % total); c.close()
t = threading.Thread(target=sink); t.start()
c = socket.create_connection(("127.0.0.1", port))
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1000)
blob = bytes((i * 7 + i // 251) % 256 for i in range(200000))
c.sendall(blob); c.shutdown(socket.SHUT_WR); c.recv(100); c.close(); t.join()
for p in range(20000, 20200):  # a burst like a port scan: 400 packets in a few ms
    s = socket.socket()
    try: s.connect(("127.0.0.1", p))
    except OSError: pass
    s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v.bind(("127.0.0.1", 0))
for i in range(5):
    u.sendto(b"datagram %d\x00\x01" % i, v.getsockname()); d, a = v.recvfrom(100); v.sendto(d.upper(), a); u.recv(100)
PY
# tcpdump hands ring blocks over after its 1 s timeout and writes them in order: it has
# written everything once the last packet, the reply to datagram 4, is in its file. (Ours
# drain their rings when stopped.) Bounded: 100 looks, ~5 s.
for ((i = 0; i < 100; i++)); do
  tcpdump -r "$WORK/ref.pcap" -nn -A udp 2>/dev/null | grep -q 'DATAGRAM 4' && break
  nap 0.05
done
kill -INT "$ours_pid" "$pcap_pid"; wait "$ours_pid"; rc=$?; wait "$pcap_pid"
kill "${_PIDS[2]}"; wait "${_PIDS[2]}" 2>/dev/null
check_eq "capture exits 130 after Ctrl-C, as documented" 130 "$rc"
check_match "capture reports its count on stderr" "[0-9]+ packets captured" "$(cat "$WORK/ours.txt")"

# tshark opens both files with no warning, and sees what tcpdump saw. (ours.pcapng's
# summary lines are kept for the comparison with `read` below: one tshark run fewer.)
tshark -r "$WORK/ours.pcapng" >"$WORK/t.txt" 2>"$WORK/t.err"
check_eq "tshark reads ours.pcapng without a warning" "" "$(grep -v 'Running as user "root"' "$WORK/t.err")"
err=$(tshark -r "$WORK/ours.pcap" 2>&1 >/dev/null | grep -v 'Running as user "root"')
check_eq "tshark reads ours.pcap without a warning" "" "$err"
check_match "pcapng records the interface name and nanoseconds" "Interface #0 info:.*Name = lo.*Time precision = nanoseconds" \
  "$(capinfos "$WORK/ours.pcapng" | tr '\n' ' ')"
ref_bytes=$(tcpdump -r "$WORK/ref.pcap" -nn -xx 2>/dev/null | grep -v '^[0-9][0-9]:')
our_bytes=$(tcpdump -r "$WORK/ours.pcapng" -nn -xx 2>/dev/null | grep -v '^[0-9][0-9]:')
check "libpcap reads our pcapng with the same packet bytes as tcpdump captured" test "$ref_bytes" == "$our_bytes"
[ "$ref_bytes" == "$our_bytes" ] || { cat "$WORK/ours.txt" "$WORK/tcpdump.txt"; tcpdump -r "$WORK/ref.pcap" 2>/dev/null | wc -l; tcpdump -r "$WORK/ours.pcapng" 2>/dev/null | wc -l; }
check "the capture is not trivial (retransmissions happened)" test "$(tshark -r "$WORK/ours.pcapng" -Y tcp.analysis.retransmission 2>/dev/null | wc -l)" -gt 0
ref_udp=$(tcpdump -r "$WORK/ref.pcap" -nn -xx udp 2>/dev/null | grep -v '^[0-9][0-9]:')
our_udp=$(tcpdump -r "$WORK/ours.pcap" -nn -xx 2>/dev/null | grep -v '^[0-9][0-9]:')
check "-f udp -w x.pcap kept exactly the UDP packets" test "$ref_udp" == "$our_udp"
"$SOCKSCOPE" read "$WORK/ours.pcapng" >"$WORK/o.txt"
check "read of our lossy capture equals tshark -r" cmp -s "$WORK/t.txt" "$WORK/o.txt"
cmp -s "$WORK/t.txt" "$WORK/o.txt" || { diff "$WORK/t.txt" "$WORK/o.txt" | head -10; cp "$WORK/ours.pcapng" /tmp/mismatch.pcapng; }

# printing while capturing: -c stops, lines look like tshark's
start_bg "$ns" "$WORK/live.txt" "$SOCKSCOPE" capture -i lo -c 3 -f 'tcp'
wait_for_file_line "$WORK/live.txt" "Capturing on 'lo'" 5
in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$port" "one more" >/dev/null
wait "$LAST_PID"; rc=$?
check_eq "-c 3 exits 0 by itself" 0 "$rc"
check_match "live lines are tshark summary lines" "1 0\.000000000 +127\.0\.0\.1 → 127\.0\.0\.1 +TCP 74 [0-9]+ → $port \[SYN\] Seq=0" "$(cat "$WORK/live.txt")"

out=$(in_ns "$ns" "$SOCKSCOPE" capture -i lo -f 'tcp port' -c 1 2>&1); rc=$?
check_eq "bad BPF exits 2" 2 "$rc"
check_match "bad BPF shows libpcap's text" "bad capture filter 'tcp port': .*syntax error" "$out"
out=$(in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKSCOPE" capture -i lo -c 1 2>&1); rc=$?
check_eq "no privilege exits 3" 3 "$rc"
check_match "no privilege says what to do" "run as root" "$out"

# --- follow vs tshark -z follow ---
# tshark's side: every stream and format of a file from one tshark run (tshark_follow.py;
# one run per case was 55 runs of 0.6 s each), each case still compared on its own.
FOLLOW="$SOCKSCOPE_SRC/tests/integration/tshark_follow.py"
files=("$WORK/ours.pcapng" "$DATA/tcp_anomalies.pcap" "$DATA/tcp_gap.pcap" "$DATA/tcp_midstream_reuse.pcap" "$DATA/ipv6_icmp_arp.pcap")
bad=()
n=0
for f in "${files[@]}"; do
  # every stream that carries data, plus stream 0 and one past the last (no such stream),
  # from one tshark run: the streams of frames where `-Y 'tcp.len > 0'` holds (any of the
  # frame's tcp.len values above 0)
  tshark -r "$f" -T fields -e tcp.stream -e tcp.len 2>/dev/null >"$WORK/streams.txt"
  last=$(cut -f1 "$WORK/streams.txt" | sort -un | tail -1)
  with_data=$(awk -F'\t' '{ n = split($2, v, ","); for (i = 1; i <= n; i++) if (v[i] > 0) { print $1; next } }' "$WORK/streams.txt")
  [ "$f" == "$WORK/ours.pcapng" ] && ours_with_data=$with_data
  streams=$( (echo 0; echo $((${last:-0} + 1)); echo "$with_data") | sort -un)
  specs=()
  for s in $streams; do for fmt in ascii hex raw; do specs+=("tcp,$fmt,$s"); done; done
  specs+=(udp,ascii,0 udp,ascii,1)
  t="$WORK/tshark-follow/$(basename "$f")"
  python3 "$FOLLOW" "$f" "$t" "${specs[@]}" || bad+=("$(basename "$f"):tshark_follow.py")
  for s in $streams; do
    for fmt in ascii hex raw; do
      "$SOCKSCOPE" follow "$f" --tcp "$s" --format "$fmt" >"$WORK/o.txt" 2>/dev/null
      cmp -s "$t/tcp,$fmt,$s" "$WORK/o.txt" || bad+=("$(basename "$f"):tcp:$s:$fmt")
      n=$((n + 1))
    done
  done
  for s in 0 1; do
    "$SOCKSCOPE" follow "$f" --udp "$s" >"$WORK/o.txt" 2>/dev/null
    cmp -s "$t/udp,ascii,$s" "$WORK/o.txt" || bad+=("$(basename "$f"):udp:$s")
    n=$((n + 1))
  done
done
check_eq "follow output equals tshark's in all $n stream/format cases" "" "${bad[*]}"
check "the lossy bulk stream was reassembled to 200000 bytes" grep -q "^200000$" <(
  "$SOCKSCOPE" follow "$WORK/ours.pcapng" --tcp 4 --format ascii | python3 -c '
import sys
lines = sys.stdin.buffer.read().split(b"\n")
total = sum(int(l) for l in lines[6:] if l.isdigit() and not l.startswith(b"\t"))
print(total)')
out=$("$SOCKSCOPE" follow "$DATA/tcp_gap.pcap" --tcp 0 2>&1 >/dev/null)
check_match "a gap is reported" "node 0: 6 bytes were never captured" "$out"
"$SOCKSCOPE" follow "$DATA/tcp_gap.pcap" --tcp 9 >/dev/null 2>&1; rc=$?
check_eq "a stream that does not exist exits 1" 1 "$rc"

"$SOCKSCOPE" follow "$WORK/ours.pcapng" --all -d "$WORK/all" --format hex 2>/dev/null
bad=()
all_files=("$WORK"/all/udp-*.txt "$WORK"/all/tcp-stream-0.txt $(for s in $(sort -un <<<"$ours_with_data"); do echo "$WORK/all/tcp-stream-$s.txt"; done))
specs=()
for file in "${all_files[@]}"; do
  name=$(basename "$file" .txt); specs+=("${name%%-*},hex,${name##*-}")
done
python3 "$FOLLOW" "$WORK/ours.pcapng" "$WORK/tshark-all" "${specs[@]}" || bad+=("tshark_follow.py")
for file in "${all_files[@]}"; do
  name=$(basename "$file" .txt); proto=${name%%-*}; s=${name##*-}
  cmp -s "$WORK/tshark-all/$proto,hex,$s" "$file" || bad+=("$name")
done
check "--all wrote one file per stream" test "$(ls "$WORK/all" | wc -l)" -ge 6
check_eq "--all files equal tshark's per-stream output" "" "${bad[*]}"
finish
