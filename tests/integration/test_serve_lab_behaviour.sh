#!/usr/bin/env bash
# serve as the socket lab's servers behave (issue 14): over TCP, --reply upper answers
# one message and closes like TCPServer.py, so the lab's client that waits for the close
# finishes at once (--loop keeps the ncat-like loop); upper-casing is str.upper()'s
# ('héllo straße' -> 'HÉLLO STRASSE') over TCP and UDP; a second server on a port that
# is taken exits 1, for UDP and for --threads too.
source "$(dirname "$0")/lib.sh"
peers="$SOCKSCOPE_SRC/tests/integration/peers"

a=$(make_ns a)   # 192.0.2.1, the clients
b=$(make_ns b)   # 192.0.2.2, the servers
make_link "$a" 192.0.2.1 "$b" 192.0.2.2

start_bg "$b" "$WORK/tcp.out" "$SOCKSCOPE" serve --port 12000
wait_for_file_line "$WORK/tcp.out" '^serverPort: ' 5
out=$(echo "héllo straße" | in_ns "$a" python3 "$peers/TCPClientUntilClose.py" 192.0.2.2 12000)
check_eq "lab TCP client: str.upper()'s reply" "From Server: HÉLLO STRASSE" "$(head -1 <<<"$out")"
check_match "lab TCP client: the server closes after its answer, no 5 s wait" \
  '^closed after 0\.[0-9] s$' "$(tail -1 <<<"$out")"
wait_for_file_line "$WORK/tcp.out" 'Received: héllo' 2
check "the server logs the text as sent" grep -qxF '[*] Received: héllo straße' "$WORK/tcp.out"

# UDP: UDPServer.py upper-cases with str.upper() too.
start_bg "$b" "$WORK/udp.out" "$SOCKSCOPE" serve --proto udp --port 12000
wait_for_file_line "$WORK/udp.out" '^serverPort: ' 5
out=$(echo "héllo straße" | in_ns "$a" python3 "$peers/UDPClient.py" 192.0.2.2 12000)
check_eq "lab UDP client: str.upper()'s reply" "Input lowercase sentence:HÉLLO STRASSE" "$out"

# --loop: every message on the connection is answered, the connection stays.
start_bg "$b" "$WORK/loop.out" "$SOCKSCOPE" serve --port 12001 --loop
wait_for_file_line "$WORK/loop.out" '^serverPort: ' 5
out=$(in_ns "$a" python3 -c '
import socket, sys
s = socket.create_connection(("192.0.2.2", 12001), timeout=3)
for word in ("one", "two", "three"):
    s.sendall(word.encode())
    print(s.recv(64).decode(), end=" ")
' 2>&1)
check_eq "--loop: three messages, three answers on one connection" "ONE TWO THREE " "$out"

# A port that is taken: exit 1 naming it, for UDP and for --threads groups alike.
in_use() {  # in_use LABEL PROTO PORT [options]: a second server on a taken port
  local label=$1 proto=$2 port=$3 rc
  shift 3
  out=$(in_ns "$b" timeout 3 "$SOCKSCOPE" serve --proto "$proto" --port "$port" "$@" 2>&1); rc=$?
  check_eq "$label: the second server exits 1" 1 "$rc"
  check_match "$label: says the port is in use" "cannot bind 0\.0\.0\.0:$port: Address already in use" "$out"
}
in_use "udp twice" udp 12000
in_use "udp, then udp --threads 2" udp 12000 --threads 2
start_bg "$b" "$WORK/tcp2.out" "$SOCKSCOPE" serve --port 12002 --threads 2
wait_for_file_line "$WORK/tcp2.out" '^serverPort: ' 5
in_use "tcp --threads 2 twice" tcp 12002 --threads 2
in_use "tcp --threads 2, then tcp" tcp 12002
start_bg "$b" "$WORK/udp2.out" "$SOCKSCOPE" serve --proto udp --port 12003 --threads 2
wait_for_file_line "$WORK/udp2.out" '^serverPort: ' 5
in_use "udp --threads 2 twice" udp 12003 --threads 2
# The first --threads 2 server still answers (its group was not joined).
out=$(echo "still mine" | in_ns "$a" python3 "$peers/TCPClientUntilClose.py" 192.0.2.2 12002)
check_eq "the first --threads server still answers" "From Server: STILL MINE" "$(head -1 <<<"$out")"

finish
