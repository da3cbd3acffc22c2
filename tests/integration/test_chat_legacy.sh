#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# sockscope chat --legacy: the lab's own wire protocol (handout 004). Our server with the
# lab's Python client (lab_chatclient.py), our client with the lab's Python server
# (lab_chatserver.py), the exact bytes on the wire, refusals, the login timeout and
# SIGTERM; all inside a private namespace, clients on 127.0.0.2, 127.0.0.3, ...
source "$(dirname "$0")/lib.sh"
HERE="$SOCKSCOPE_SRC/tests/integration"
ns=$(make_ns legacy)
cd "$WORK" || exit 1

# Bounds, not pauses: each peer ends as soon as its input does (gates below). They are
# wide because the sanitizer run shares two cores with test_chat's 50 Argon2id logins;
# there a 20 s gate once ran out before the lab client had joined.
ours() { # ours N USER [flags]: our legacy client bound to 127.0.0.N
  local n=$1 user=$2; shift 2
  timeout -k 2 90 ip netns exec "$ns" "$SOCKSCOPE" chat client 127.0.0.1 --legacy \
    --user "$user" --bind "127.0.0.$n" "$@"
}
labclient() { # labclient N PORT: the lab's Python client bound to 127.0.0.N
  timeout -k 2 90 ip netns exec "$ns" python3 -u "$HERE/lab_chatclient.py" 127.0.0.1 \
    "127.0.0.$1" "$2" 1
}

# === our server, the lab's client ===
start_bg "$ns" server.log "$SOCKSCOPE" chat server --legacy --bind 127.0.0.1 --port 5000 \
  --login-timeout 2
SERVER=$LAST_PID
wait_for_file_line server.log 'listening on' 5

(gate alice_said 60; echo 'hi from sockscope'; touch bob_said; sleep 0.5
 echo '@alice: direct from sockscope'; gate alice_done 60; sleep 1) \
  | ours 3 bob >bob.out 2>bob.err &
BOB=$!
wait_for_file_line bob.out 'logged in as bob' 10
start_bg "$ns" carol.raw python3 -u "$HERE/legacy_raw_peer.py" 127.0.0.1 5000 127.0.0.4 listen carol 8
wait_for_file_line bob.out 'carol joined' 10
# The next line only once the name is in: sent at once after it, the two would be read
# as one name (no framing: the lab's protocol cannot tell them apart).
(echo alice; gate alice_in 60; echo 'hello from python'; gate bob_said 60; sleep 0.5; echo '#ls'
 echo '@bob: direct from python'; sleep 1; echo 'caf'$'\xc3\xa9'' au lait'; sleep 1) \
  | labclient 2 5000 >alice.out 2>&1 &
ALICE=$!
wait_for_file_line bob.out 'alice joined' 15 && touch alice_in
wait_for_file_line bob.out 'alice: hello from python' 10 && touch alice_said
wait $ALICE
touch alice_done
wait $BOB
check_eq "our client exits 0 when stdin ends" 0 $?
check_match "ours: the lab's client joined" '\* alice joined' "$(cat bob.out)"
check_match "ours: its room message" 'alice: hello from python' "$(cat bob.out)"
check_match "ours: UTF-8 text" 'alice: café au lait' "$(cat bob.out)"
check_match "ours: its direct UDP message, named by IP" '\[direct\] alice: direct from python' "$(cat bob.out)"
check_match "ours: it left" '\* alice left' "$(cat bob.out)"
check_match "lab client: our room message with the lab's trailing space" \
  'incoming msg from chatserver \(bob: hi from sockscope \)' "$(cat alice.out)"
check_match "lab client: #ls is the presence dict" \
  "\{'bob': '127.0.0.3', 'carol': '127.0.0.4', 'alice': '127.0.0.2'\}" "$(cat alice.out)"
check_match "lab client: our direct message over UDP" \
  'Incoming msg \(P2P\) from bob: direct from sockscope' "$(cat alice.out)"
check_eq "lab client: no traceback" 0 "$(grep -c Traceback alice.out)"
wait_for_file_line carol.raw 'EOF|alice: hello' 10
expected=$(python3 -c 'import json; print(repr("!" + json.dumps({"bob": "127.0.0.3", "carol": "127.0.0.4", "alice": "127.0.0.2"})))')
check "wire: the presence list is '!' + Python's json.dumps, join order" grep -qF "$expected" carol.raw
check "wire: a relay is exactly 'name: msg '" grep -qF "'alice: hello from python '" carol.raw

# Names: one that would read as a presence list, or taken (below).
(echo '!sneaky'; sleep 1) | labclient 6 5000 >sneaky.out 2>&1
check_match "a name starting with '!' is refused" "incoming msg from chatserver \(server: a name does not start with '!' \)" "$(cat sneaky.out)"
usage_out=$(timeout 30 ip netns exec "$ns" "$SOCKSCOPE" chat client 127.0.0.1 --legacy --user x \
  --password-env HOME </dev/null 2>&1)
check_eq "--legacy with a password is bad usage" "2 1" "$? $(echo "$usage_out" | wc -l)"

# Invalid UTF-8 is relayed as U+FFFD, so the lab's peers (which decode) keep going.
start_bg "$ns" watch.raw python3 -u "$HERE/legacy_raw_peer.py" 127.0.0.1 5000 127.0.0.8 listen watch 15
wait_for_file_line server.log 'watch joined' 10
in_ns "$ns" python3 "$HERE/legacy_raw_peer.py" 127.0.0.1 5000 127.0.0.9 send sender "$(printf 'bad \xff byte' | od -An -tx1 | tr -d ' \n')"
wait_for_file_line watch.raw 'EOF|sender: bad' 10
# No leading quote: a loaded watcher may read the presence list and the relay in one recv().
check "invalid UTF-8 arrives as U+FFFD" grep -qF "sender: bad "$'\xef\xbf\xbd'" byte '" watch.raw

# Login timeout: a connection that never sends its name is closed (--login-timeout 2).
out=$(in_ns "$ns" python3 "$HERE/legacy_raw_peer.py" 127.0.0.1 5000 127.0.0.7 silent 6)
check_match "legacy: a silent connection is closed after the login timeout" '^closed after [23]\.[0-9] s$' "$out"

# SIGTERM: the server half-closes every client and exits 0. The first bob's input stays
# open until the server has gone (a gate, not a sleep: a slow sanitizer build once let it
# end first, freeing the name before the second bob tried it).
(gate term_done 40) | ours 3 bob >term.out 2>term.err &
TERMC=$!
wait_for_file_line term.out 'logged in' 10
(sleep 1) | ours 5 bob >taken.out 2>taken.err
check_eq "a taken name: our client exits 1" 1 $?
check_match "a taken name: the server says so" 'the name is in use' "$(cat taken.err)"
kill -TERM "$SERVER"
wait "$SERVER"
check_eq "legacy SIGTERM: the server exits 0" 0 $?
# The client's own message first; then its input may end (`wait` on a pipeline's last
# process waits for the whole pipeline, gate included).
wait_for_file_line term.err 'server closed the connection' 10
touch term_done
wait $TERMC
check_eq "legacy SIGTERM: the client sees the close (exit 1)" 1 $?
check_match "legacy SIGTERM: and says so" 'server closed the connection' "$(cat term.err)"

# === the lab's server, our clients (and one lab client) ===
start_bg "$ns" pyserver.log python3 -u "$HERE/lab_chatserver.py" 127.0.0.1 5001
wait_listening "$ns" tcp 5001
# Each peer's input stays open until what it should receive has arrived (gates, not
# pauses: under a sanitizer build a fixed 2 s once ended the lab client too early).
(gate go 60; sleep 0.3; echo 'hi all'; sleep 0.5; echo '@alice2: psst'; gate lab_done 80) \
  | ours 17 bob2 --port 5001 >bob2.out 2>bob2.err &
BOB2=$!
wait_for_file_line bob2.out 'logged in as bob2' 30
(gate go 60; sleep 1.5; echo '#ls'; echo 'hello bob2'; echo '@carol: over udp'; gate lab_done 80) \
  | ours 16 alice2 --port 5001 >alice2.out 2>alice2.err &
ALICE2=$!
wait_for_file_line bob2.out 'alice2 joined' 30
(echo carol; gate go 60; sleep 1; echo 'hello from the lab client'; sleep 0.5
 echo '@bob2: p2p from lab'; gate carol_heard 60) | labclient 18 5001 >carol2.out 2>&1 &
CAROL=$!
# Everyone talks once the lab's server has listed all three (Python may start slowly).
wait_for_file_line bob2.out 'carol joined' 30
wait_for_file_line alice2.out 'carol joined' 30
touch go
wait_for_file_line carol2.out 'from chatserver \(bob2: hi all' 30
wait_for_file_line carol2.out 'P2P\) from alice2: over udp' 30
wait_for_file_line bob2.out 'carol: p2p from lab' 30
wait_for_file_line bob2.out 'carol: hello from the lab client' 30
wait_for_file_line bob2.out 'alice2: hello bob2' 30
wait_for_file_line alice2.out 'bob2: psst' 30
wait_for_file_line alice2.out 'online \(3\)' 30
touch carol_heard
wait $CAROL
wait_for_file_line bob2.out '\* carol left' 30
touch lab_done
wait $BOB2
check_eq "ours against the lab's server: exit 0" 0 $?
wait $ALICE2
check_match "lab server: our client saw our other client join" '\* alice2 joined' "$(cat bob2.out)"
check_match "lab server: our client got the lab client's room message" 'carol: hello from the lab client' "$(cat bob2.out)"
check_match "lab server: our client got our other client's message" 'alice2: hello bob2' "$(cat bob2.out)"
check_match "lab server: direct UDP from the lab client" '\[direct\] carol: p2p from lab' "$(cat bob2.out)"
check_match "lab server: direct UDP between our clients" '\[direct\] bob2: psst' "$(cat alice2.out)"
check_match "lab server: #ls from the lab's presence list" 'online \(3\): bob2@127\.0\.0\.17 alice2@127\.0\.0\.16 carol@127\.0\.0\.18' "$(cat alice2.out)"
check_match "lab client: our message relayed by the lab's server" 'incoming msg from chatserver \(bob2: hi all \)' "$(cat carol2.out)"
check_match "lab client: our direct UDP message" 'Incoming msg \(P2P\) from alice2: over udp' "$(cat carol2.out)"
check_match "lab server: the leave is seen" '\* carol left' "$(cat bob2.out)"
check_eq "lab client and server: no traceback" 0 "$(cat carol2.out pyserver.log | grep -c Traceback)"
finish
