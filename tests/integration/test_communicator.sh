#!/usr/bin/env bash
# The communicator (menu on stdin) and `message send|receive` between two namespaces
# joined by a veth pair: the lab's texts, success, refusal, a firewalled timeout,
# misbehaving senders, end of input and Ctrl-C.
source "$(dirname "$0")/lib.sh"

a=$(make_ns a)   # sender, 192.0.2.1
b=$(make_ns b)   # receiver, 192.0.2.2
make_link "$a" 192.0.2.1 "$b" 192.0.2.2

menu='===The sockscope Communicator===
1) send message
2) receive message
0) exit'

# --- the menu's own texts -------------------------------------------------------------
out=$(printf 'exit\n0\n' | in_ns "$a" "$SOCKSCOPE" communicator); rc=$?
check_eq "menu: invalid option then exit" "$menu
Enter option: Error, invalid input
Enter option: 
Goodbye!" "$out"
check_eq "menu: exit code 0" 0 "$rc"

out=$(in_ns "$a" "$SOCKSCOPE" communicator </dev/null); rc=$?
check_match "menu: closed stdin says goodbye" 'Enter option: 

Goodbye!$' "$out"
check_eq "menu: closed stdin exit code 0" 0 "$rc"

long=$(head -c 4097 /dev/zero | tr '\0' x)
out=$(printf '1\n%s\nhello\n192.168.sam\n192.168.2\n' "$long" | in_ns "$a" "$SOCKSCOPE" communicator)
check_match "menu: too-long message asked again" \
  'Error, the message is longer than 4096 characters
Enter Message \(max 4096 characters\): Enter Recipient IP: ' "$out"
# The handout's two lines: a part that is not a number, then the wrong number of parts.
check_match "menu: bad IPs asked again, in the handout's words" 'Enter Recipient IP: Error not a valid IPv4 Address:
Enter Recipient IP: Error not a valid IPv4:
Enter Recipient IP: ' "$out"

# --- success: menu sender -> message receive ------------------------------------------
start_bg "$b" "$WORK/recv1.out" "$SOCKSCOPE" message receive --count 2 --wait 20
recv1=$LAST_PID
wait_for_file_line "$WORK/recv1.out" '^Waiting for message on port 65432$' 5
out=$(printf '1\nWould you like green eggs and ham?\n192.0.2.2\n0\n' | in_ns "$a" "$SOCKSCOPE" communicator)
check_match "menu: sent successfully" 'Enter Recipient IP: Sending.
Message sent successfully.

===The sockscope Communicator===' "$out"
out=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 "I do not like green eggs and ham."); rc=$?
check_eq "message send: lines" "Sending.
Message sent successfully." "$out"
check_eq "message send: exit 0" 0 "$rc"
wait "$recv1"; rc=$?
check_eq "message receive --count 2: exit 0" 0 "$rc"
check_eq "message receive: the lab's lines" "Waiting for message on port 65432
Connected by (192.0.2.1)
Message:
Would you like green eggs and ham?
End of message.
Connected by (192.0.2.1)
Message:
I do not like green eggs and ham.
End of message." "$(cat "$WORK/recv1.out")"

# --- menu receiver <- message send, on another port -----------------------------------
mkfifo "$WORK/keys"
ip netns exec "$b" "$SOCKSCOPE" communicator --port 40000 --wait 10 <"$WORK/keys" >"$WORK/menu_recv.out" 2>&1 &
menu_pid=$!; _PIDS+=("$menu_pid")
exec 7>"$WORK/keys"
printf '2\n' >&7
wait_for_file_line "$WORK/menu_recv.out" 'Waiting for message on port 40000$' 5
out=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 --port 40000 "héllo, wörld"); rc=$?
check_eq "message send to the menu: exit 0" 0 "$rc"
wait_for_file_line "$WORK/menu_recv.out" '^End of message\.$' 5
printf '0\n' >&7; exec 7>&-
wait "$menu_pid"
check_match "menu receive: the lab's lines" 'Waiting for message on port 40000
Connected by \(192\.0\.2\.1\)
Message:
héllo, wörld
End of message\.

===The sockscope Communicator===' "$(cat "$WORK/menu_recv.out")"

# --- failures ---------------------------------------------------------------------------
out=$(printf '1\nanyone there?\n192.0.2.2\n0\n' | in_ns "$a" "$SOCKSCOPE" communicator)
check_match "menu: refused" 'Sending.
Message sending error. Message not sent. \(connection refused\)' "$out"
out=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 x 2>&1); rc=$?
check_eq "message send refused: exit 1" 1 "$rc"

in_ns "$b" iptables -A INPUT -p tcp --dport 65432 -j DROP
start=$(date +%s%N)
out=$(printf '1\nhello?\n192.0.2.2\n0\n' | in_ns "$a" "$SOCKSCOPE" communicator --timeout 1)
took_ms=$((($(date +%s%N) - start) / 1000000))
check_match "menu: firewalled timeout, the handout's line" 'Sending.
Message sending error. Message not sent. \(After timeout of 1 second\.\)' "$out"
check "menu: timeout took about 1 s ($took_ms ms)" test "$took_ms" -ge 900 -a "$took_ms" -lt 5000
out=$(in_ns "$a" "$SOCKSCOPE" message send --timeout 0.5 --to 192.0.2.2 x 2>&1); rc=$?
check_eq "message send timeout: exit 1" 1 "$rc"
in_ns "$b" iptables -F INPUT

# Receipt failed: the peer takes the message but answers something else.
printf 'nope' >"$WORK/nope.txt"
ip netns exec "$b" ncat -l 192.0.2.2 65432 <"$WORK/nope.txt" >"$WORK/ncat.out" 2>&1 &
_PIDS+=("$!")
for ((i = 0; i < 100; i++)); do
  ip netns exec "$b" ss -H -ltn "sport = :65432" | grep -q . && break
  sleep 0.05
done
out=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 --timeout 3 hello 2>&1); rc=$?
check_eq "receipt failed: exit 1" 1 "$rc"
check_match "receipt failed: line" 'Message receipt failed\.
sockscope: error: the reply did not contain the receipt' "$out"

# --- bad input: exit 2 ------------------------------------------------------------------
for bad in 192.168.sam 192.168.2 example.com; do
  err=$(in_ns "$a" "$SOCKSCOPE" message send --to "$bad" hi 2>&1); rc=$?
  check_eq "message send --to $bad: exit 2" 2 "$rc"
  check_match "message send --to $bad: names the value" "'$bad'" "$err"
done
err=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 "$long" 2>&1); rc=$?
check_eq "message send too long: exit 2" 2 "$rc"
err=$(in_ns "$a" "$SOCKSCOPE" message send --to 192.0.2.2 --port 0 hi 2>&1); rc=$?
check_eq "message send --port 0: exit 2" 2 "$rc"

# --- misbehaving senders never hang or crash the receiver --------------------------------
start_bg "$b" "$WORK/recv2.out" "$SOCKSCOPE" message receive --port 40001 --count 1 --wait 20 --timeout 1
recv2=$LAST_PID
wait_for_file_line "$WORK/recv2.out" 'Waiting for message' 5
# silent: connects, says nothing, closes after 3 s
in_ns "$a" python3 -c '
import socket, time
s = socket.create_connection(("192.0.2.2", 40001)); time.sleep(2); s.close()'
# reset: a few bytes then RST
in_ns "$a" python3 -c '
import socket, struct
s = socket.create_connection(("192.0.2.2", 40001))
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()'
# flood: 1 MB without stopping to read
in_ns "$a" python3 -c '
import socket
s = socket.create_connection(("192.0.2.2", 40001)); s.settimeout(5)
try:
    s.sendall(b"f" * 1000000)
except OSError:
    pass
s.close()'
wait_for_file_line "$WORK/recv2.out" 'cut at 4096 characters' 5
wait "$recv2"; rc=$?
check_eq "receiver survives silent, reset and flood: exit 0" 0 "$rc"
out=$(cat "$WORK/recv2.out")
check_match "silent sender reported" 'No message: the sender connected but sent nothing\.' "$out"
check_match "reset sender reported" 'The sender closed without a message\.' "$out"
check_eq "flood cut at 4096 characters" 4096 "$(grep -E '^f+$' "$WORK/recv2.out" | tr -d '\n' | wc -c)"

# --- Ctrl-C and --wait ------------------------------------------------------------------
start_bg "$b" "$WORK/int.out" "$SOCKSCOPE" message receive --port 40002
int_pid=$LAST_PID
wait_for_file_line "$WORK/int.out" 'Waiting for message' 5
kill -INT "$int_pid"; wait "$int_pid"; rc=$?
check_eq "message receive: Ctrl-C exits 130" 130 "$rc"
mkfifo "$WORK/keys2"
ip netns exec "$b" "$SOCKSCOPE" communicator --port 40003 <"$WORK/keys2" >"$WORK/menu_int.out" 2>&1 &
menu_pid=$!; _PIDS+=("$menu_pid")
exec 8>"$WORK/keys2"; printf '2\n' >&8
wait_for_file_line "$WORK/menu_int.out" 'Waiting for message on port 40003' 5
kill -INT "$menu_pid"; wait "$menu_pid"; rc=$?; exec 8>&-
check_eq "menu: Ctrl-C while waiting exits 0" 0 "$rc"
check_match "menu: Ctrl-C says goodbye" 'Goodbye!$' "$(cat "$WORK/menu_int.out")"
mkfifo "$WORK/keys3"
ip netns exec "$b" "$SOCKSCOPE" communicator <"$WORK/keys3" >"$WORK/menu_prompt.out" 2>&1 &
menu_pid=$!; _PIDS+=("$menu_pid")
exec 9>"$WORK/keys3"
wait_for_file_line "$WORK/menu_prompt.out" 'Enter option: ' 5
kill -INT "$menu_pid"; wait "$menu_pid"; rc=$?; exec 9>&-
check_eq "menu: Ctrl-C at the prompt exits 0" 0 "$rc"
check_match "menu: Ctrl-C at the prompt says goodbye" 'Enter option: 

Goodbye!$' "$(cat "$WORK/menu_prompt.out")"
out=$(in_ns "$b" "$SOCKSCOPE" message receive --port 40004 --wait 0.3 2>&1); rc=$?
check_eq "message receive --wait passes: exit 1" 1 "$rc"

finish
