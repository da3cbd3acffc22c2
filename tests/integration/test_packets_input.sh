#!/usr/bin/env bash
# Where `sockscope read` takes its bytes from: a pipe, "-" and /dev/stdin read like
# `tshark -r -` (the same lines as tshark on the file), a pipe is printed as it arrives
# (`tcpdump -w - | sockscope read -`), and a file that another program truncates while it
# is read ends with one line saying so and exit 2 (it was memory-mapped: SIGBUS, rc 135).
# Packet times near 2^63 / 2^64 print as tshark prints them.
# No network traffic: files only.
source "$(dirname "$0")/lib.sh"
DATA="$SOCKSCOPE_SRC/tests/data"

# --- pipes, "-" and /dev/stdin: the same lines as tshark -r on the file ---
for f in "$DATA/tcp_anomalies.pcap" "$DATA/ipv6_icmp_arp.pcapng"; do
  name=$(basename "$f")
  tshark -r "$f" >"$WORK/t.txt" 2>/dev/null
  "$SOCKSCOPE" read - <"$f" >"$WORK/o1.txt" 2>&1; rc1=$?
  cat "$f" | "$SOCKSCOPE" read /dev/stdin >"$WORK/o2.txt" 2>&1; rc2=$?
  "$SOCKSCOPE" read <(cat "$f") >"$WORK/o3.txt" 2>&1; rc3=$?
  check_eq "read - / /dev/stdin / <(cat $name) exit 0" "0 0 0" "$rc1 $rc2 $rc3"
  check "read - <$name equals tshark -r" cmp -s "$WORK/t.txt" "$WORK/o1.txt"
  check "cat $name | read /dev/stdin equals tshark -r" cmp -s "$WORK/t.txt" "$WORK/o2.txt"
  check "read <(cat $name) equals tshark -r" cmp -s "$WORK/t.txt" "$WORK/o3.txt"
done
tshark -r - -Y 'tcp.len > 0' -V <"$DATA/tcp_gap.pcap" 2>/dev/null | grep -c '^Frame ' >"$WORK/t.txt"
"$SOCKSCOPE" read - -Y 'tcp.len > 0' -V <"$DATA/tcp_gap.pcap" | grep -c '^Frame ' >"$WORK/o.txt"
check "read - -Y -V picks tshark's frames" cmp -s "$WORK/t.txt" "$WORK/o.txt"
out=$(head -c 100 "$DATA/tcp_gap.pcap" | "$SOCKSCOPE" read - 2>&1 >/dev/null); rc=$?
check_eq "a pipe cut short exits 2" 2 "$rc"
check_match "a pipe cut short names standard input and the packet" "'standard input': packet [0-9]+: .*cut short" "$out"
out=$("$SOCKSCOPE" read "$WORK" 2>&1); rc=$?
check_eq "a directory exits 2" 2 "$rc"
check_match "a directory is named" "cannot read '$WORK'" "$out"

# --- clocks at the ends of 64 bits (pcapng stamps near 2^63 / 2^64): tshark's times ---
for f in "$DATA"/extreme_timestamps_*.pcapng; do
  check "read $(basename "$f") prints tshark's times" cmp -s <(tshark -r "$f" 2>/dev/null) <("$SOCKSCOPE" read "$f")
done
f=$DATA/extreme_timestamps_ns.pcapng
check "stats --conv udp of $(basename "$f"): tshark's start and duration (earliest to latest)" \
  cmp -s <(tshark -r "$f" -q -z conv,udp 2>/dev/null) <("$SOCKSCOPE" stats "$f" --conv udp)

# --- a pipe is printed as it arrives: the writer keeps it open, the lines are out ---
# The writer holds the pipe open until the test has looked (a gate file, bounded: 20 s),
# not for a fixed 4 s: on a loaded machine tshark's start (0.5 s idle) ate those 4 s
# before the check, and the writer had gone. tshark's count is taken before it starts.
want=$(tshark -r "$DATA/tcp_gap.pcap" 2>/dev/null | wc -l)
mkfifo "$WORK/fifo"
python3 -c '
import os, sys, time
with open(sys.argv[1], "wb") as pipe:
    pipe.write(open(sys.argv[2], "rb").read()); pipe.flush()
    for _ in range(200):
        if os.path.exists(sys.argv[3]):
            break
        time.sleep(0.1)' "$WORK/fifo" "$DATA/tcp_gap.pcap" "$WORK/looked" &
writer=$!; _PIDS+=("$writer")
timeout 30 "$SOCKSCOPE" read "$WORK/fifo" >"$WORK/stream.txt" 2>&1 &
reader=$!; _PIDS+=("$reader")
wait_for_file_line "$WORK/stream.txt" "^ +$want " 10
check_eq "a pipe's packets are printed before the writer closes it" "$want running" \
  "$(wc -l <"$WORK/stream.txt") $(kill -0 "$writer" 2>/dev/null && echo running)"
touch "$WORK/looked"
wait "$reader"; rc=$?
check_eq "read of the pipe exits 0 when the writer closes it" 0 "$rc"

# --- truncated while read: one line, exit 2, no SIGBUS ---
python3 "$SOCKSCOPE_SRC/tests/integration/make_big_captures.py" udp-ticks 300000 "$WORK/big.pcap"
size=$(stat -c %s "$WORK/big.pcap")
# The reader blocks on a full stdout pipe (the consumer sleeps) a few MB into the 18 MB
# file; the file is cut to 100 kB meanwhile; then the consumer drains.
(timeout 20 "$SOCKSCOPE" read "$WORK/big.pcap" 2>"$WORK/trunc_err.txt"; echo $? >"$WORK/trunc_rc.txt") |
  (sleep 1; cat >/dev/null) &
pipeline=$!; _PIDS+=("$pipeline")
sleep 0.5
truncate -s 100000 "$WORK/big.pcap"
wait "$pipeline"
check_eq "read of a file truncated meanwhile exits 2 (not SIGBUS 135)" 2 "$(cat "$WORK/trunc_rc.txt")"
check_match "it says the file shrank, and by how much" \
  "big.pcap': packet [0-9]+: the file shrank while it was read \($size bytes when opened, 100000 now\)" \
  "$(cat "$WORK/trunc_err.txt")"
finish
