#!/usr/bin/env bash
# How `sockscope capture` stops: killed with SIGKILL after the traffic stopped, the -w file
# already holds every packet (it is flushed when the link goes quiet; before, the last
# packets of a burst sat in the stdio buffer); Ctrl-C and SIGTERM close the file and exit
# 130 / 143 as documented; -Y with -w is refused as tshark refuses it. All traffic is UDP
# on the loopback of a namespace this test creates.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns stop)
burst() {  # five datagrams 10 ms apart to a bound socket: five packets on lo, no ICMP
  in_ns "$ns" python3 -c '
import socket, time
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r.bind(("127.0.0.1", 0))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5):
    s.sendto(b"burst %d" % i, r.getsockname()); time.sleep(0.01)'
}

# --- SIGKILL after the link went quiet: nothing lost (printing mode and -q block mode) ---
for mode in print quiet; do
  opt=(); [ $mode = quiet ] && opt=(-q)
  start_bg "$ns" "$WORK/kill-$mode.txt" "$SOCKSCOPE" capture -i lo -f udp -w "$WORK/kill-$mode.pcapng" "${opt[@]}"
  pid=$LAST_PID
  wait_for_file_line "$WORK/kill-$mode.txt" "Capturing on 'lo'" 5
  sleep 0.3
  burst
  sleep 1.2  # quiet link: the capture has had a second to put everything on disk
  kill -KILL "$pid"; wait "$pid" 2>/dev/null
  n=$(tshark -r "$WORK/kill-$mode.pcapng" 2>/dev/null | wc -l)
  check_eq "SIGKILL 1 s after a 5-packet burst ($mode): the file holds all 5" 5 "$n"
done

# --- Ctrl-C and SIGTERM: exit 130 / 143, the file complete ---
for sig in INT TERM; do
  start_bg "$ns" "$WORK/sig-$sig.txt" "$SOCKSCOPE" capture -i lo -f udp -w "$WORK/sig-$sig.pcap"
  pid=$LAST_PID
  wait_for_file_line "$WORK/sig-$sig.txt" "Capturing on 'lo'" 5
  sleep 0.3
  burst
  kill -"$sig" "$pid"; wait "$pid"; rc=$?
  want=130; [ $sig = TERM ] && want=143
  check_eq "SIG$sig: exit $want" "$want" "$rc"
  check_eq "SIG$sig: the file holds the 5 packets" 5 "$(tshark -r "$WORK/sig-$sig.pcap" 2>/dev/null | wc -l)"
  check_match "SIG$sig: the count is reported" "5 packets captured" "$(cat "$WORK/sig-$sig.txt")"
done

# --- -Y with -w: refused before capturing, as tshark refuses it ---
out=$(in_ns "$ns" "$SOCKSCOPE" capture -i lo -Y udp -w "$WORK/y.pcapng" -c 1 2>&1); rc=$?
check_eq "-Y with -w exits 2" 2 "$rc"
check_match "-Y with -w names the filter and says why" "-Y 'udp' with -w: display filters are not applied to the file" "$out"
check "-Y with -w writes no file" test ! -e "$WORK/y.pcapng"
finish
