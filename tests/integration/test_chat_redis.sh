#!/usr/bin/env bash
# long-running: tens of seconds, mostly waiting (CMakeLists.txt starts it early)
# sockscope chat server --redis: two servers share one room through a real redis-server
# that this test starts inside its private namespace (port 6390, no persistence). Clients
# on each server see the other server's room messages and presence, in one order; a Redis
# that is killed or stopped never crashes or hangs a server, its local room keeps working,
# and the servers reconnect when Redis is back. Every client's stdin ends on its own.
source "$(dirname "$0")/lib.sh"
command -v redis-server >/dev/null || { echo "redis-server missing (scripts/install-deps)"; exit 1; }
ns=$(make_ns redis)
cd "$WORK" || exit 1
REDIS_PORT=6390

start_redis() {
  start_bg "$ns" "$WORK/redis.log" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' \
    --appendonly no
  REDIS=$LAST_PID
  wait_for_file_line "$WORK/redis.log" 'Ready to accept connections' 5
}

start_server() {  # start_server NAME PORT: sets LAST_PID
  start_bg "$ns" "$WORK/$1.log" "$SOCKSCOPE" chat server --bind 127.0.0.1 --port "$2" \
    --auth off --history 0 --redis "redis://127.0.0.1:$REDIS_PORT"
  wait_for_file_line "$WORK/$1.log" 'listening on' 5
}

# client PORT N USER: a client of the server on PORT, bound to 127.0.0.N; stdin is the caller's.
client() {
  timeout -k 2 60 ip netns exec "$ns" "$SOCKSCOPE" chat client 127.0.0.1 --port "$1" \
    --user "$3" --bind "127.0.0.$2" --udp-port 0
}

# Bad usage first: one line naming the value, exit 2.
"$SOCKSCOPE" chat server --auth off --redis http://x 2>bad.err
check_eq "a URL that is not redis:// is bad usage" 2 $?
check_match "the line names the value" 'bad --redis http://x' "$(cat bad.err)"
"$SOCKSCOPE" chat server --auth off --redis redis://127.0.0.1:99999 2>bad2.err
check_eq "a bad Redis port is bad usage" 2 $?

start_redis
start_server a 5001
A=$LAST_PID
start_server b 5002
B=$LAST_PID
wait_for_file_line a.log 'redis 127.0.0.1:6390 up' 5
wait_for_file_line b.log 'redis 127.0.0.1:6390 up' 5
check_match "server A joined the channel" 'redis 127.0.0.1:6390 up' "$(cat a.log)"

# --- a message and presence across servers ---
rm -f go
# bob stays (bounded) until he saw alice leave and had his own #ls answered: its input
# used to end 3 s after the gate, whatever had happened by then.
(gate go 20; wait_for_file_line bob.out 'alice left' 20 >&2; echo '#ls'
  wait_for_file_line bob.out '^online \(' 10 >&2) | client 5002 3 bob >bob.out 2>bob.err &
BOB=$!
wait_for_file_line bob.out 'logged in as bob' 10
(sleep 0.5; echo '#ls'; echo 'hello from A'; gate go 20) | client 5001 2 alice >alice.out 2>&1 &
ALICE=$!
wait_for_file_line bob.out 'alice: hello from A' 10
check_match "bob on B sees alice on A join" '\* alice joined' "$(cat bob.out)"
check_match "bob on B gets alice's room message" 'alice: hello from A' "$(cat bob.out)"
check_match "alice's #ls lists bob on the other server" 'online \(2\): .*bob@127\.0\.0\.3' "$(cat alice.out)"
touch go
wait $ALICE
wait_for_file_line bob.out 'alice left' 10
check_match "bob sees alice leave" '\* alice left' "$(cat bob.out)"
wait $BOB
check_eq "bob leaves normally" 0 $?
check_eq "alice got no copy of her own message" 0 "$(grep -c '^alice: ' alice.out)"

# --- one order for the room: two senders on each server, watchers on both ---
# Gates, not fixed lifetimes: the senders stay until both watchers have all 100 messages
# (gate all_in), the watchers until the senders are gone (gate senders_gone).
rm -f go2 all_in senders_gone
(gate go2 20; gate senders_gone 40) | client 5001 10 wa >wa.out 2>&1 &
WA=$!
(gate go2 20; gate senders_gone 40) | client 5002 11 wb >wb.out 2>&1 &
WB=$!
wait_for_file_line wa.out 'logged in' 10
wait_for_file_line wb.out 'logged in' 10
senders=()
for s in 1 2 3 4; do
  port=$((5001 + s % 2))
  (gate go2 20; for k in $(seq 1 25); do echo "m$k from s$s"; done; gate all_in 30) \
    | client "$port" $((20 + s)) "s$s" >"s$s.out" 2>&1 &
  senders+=($!)
done
for ((t = 0; t < 100; t++)); do
  [ "$(grep -c 'joined' wa.out)" -ge 5 ] && [ "$(grep -c 'joined' wb.out)" -ge 5 ] && break
  nap 0.1
done
touch go2
for ((t = 0; t < 300; t++)); do  # bounded: 30 s
  [ "$(grep -c '^s[0-9]: m' wa.out)" -ge 100 ] && [ "$(grep -c '^s[0-9]: m' wb.out)" -ge 100 ] && break
  nap 0.1
done
touch all_in
wait "${senders[@]}"
touch senders_gone
wait "$WA" "$WB"
grep '^s[0-9]: m' wa.out >order_a.txt
grep '^s[0-9]: m' wb.out >order_b.txt
check_eq "watcher on A got all 100 messages" 100 "$(wc -l <order_a.txt)"
check_eq "watcher on B got all 100 messages" 100 "$(wc -l <order_b.txt)"
check "both servers delivered one order" cmp -s order_a.txt order_b.txt
check_match "a sender's messages keep their order" 's3: m1 from s3.*s3: m2 from s3.*s3: m25 from s3' "$(tr '\n' ' ' <wa.out)"

# --- Redis killed: no crash, the local room works, reconnect when it is back ---
kill -9 "$REDIS"
wait "$REDIS" 2>/dev/null
wait_for_file_line a.log 'redis (connection lost|closed the connection)' 5
check_match "A logs that Redis went away" 'redis (connection lost|closed the connection)' "$(cat a.log)"
check "A is still running" kill -0 "$A"
check "B is still running" kill -0 "$B"
rm -f go3
(gate go3 20) | client 5001 30 la >la.out 2>&1 &
LA=$!
wait_for_file_line la.out 'logged in' 10
(sleep 0.3; echo 'local while redis is gone'; gate go3 20) | client 5001 31 lb >lb.out 2>&1 &
LB=$!
wait_for_file_line la.out 'lb: local while redis is gone' 10
check_match "A's local room works without Redis" 'lb: local while redis is gone' "$(cat la.out)"
touch go3
wait $LA $LB
start_redis
wait_for_file_line a.log 'up, channel.*' 10
for ((t = 0; t < 100; t++)); do
  [ "$(grep -c ' up, channel' a.log)" -ge 2 ] && [ "$(grep -c ' up, channel' b.log)" -ge 2 ] && break
  nap 0.1
done
check_eq "A reconnected to Redis" 2 "$(grep -c ' up, channel' a.log)"
check_eq "B reconnected to Redis" 2 "$(grep -c ' up, channel' b.log)"
rm -f go4
(gate go4 20) | client 5002 32 rb >rb.out 2>&1 &
RB=$!
wait_for_file_line rb.out 'logged in' 10
(sleep 0.3; echo 'after the reconnect'; gate go4 20) | client 5001 33 ra >ra.out 2>&1 &
RA=$!
wait_for_file_line rb.out 'ra: after the reconnect' 10
check_match "messages cross servers again after the reconnect" 'ra: after the reconnect' "$(cat rb.out)"
touch go4
wait $RA $RB

# --- Redis stopped (SIGSTOP): no hang; unanswered messages are delivered locally ---
# The presence a late client gets when it logs in includes users already on the other server.
rm -f go6
(gate go6 40) | client 5002 40 early >early.out 2>&1 &
EARLY=$!
wait_for_file_line early.out 'logged in' 10
kill -STOP "$REDIS"
rm -f go5
(gate go5 20) | client 5001 41 sa >sa.out 2>&1 &
SA=$!
wait_for_file_line sa.out 'logged in' 10
(sleep 0.3; echo 'while redis sleeps'; gate go5 20) | client 5001 42 sb >sb.out 2>&1 &
SB=$!
wait_for_file_line sa.out 'sb: while redis sleeps' 10
check_match "a message sent while Redis hangs still reaches the local room" 'sb: while redis sleeps' "$(cat sa.out)"
check_match "A logs the unanswered Redis" 'unanswered' "$(cat a.log)"
touch go5
wait $SA $SB
kill -CONT "$REDIS"
for ((t = 0; t < 100; t++)); do
  [ "$(grep -c ' up, channel' a.log)" -ge 3 ] && break
  nap 0.1
done
check_eq "A is back on Redis after it woke" 3 "$(grep -c ' up, channel' a.log)"
# B too: it saw the stop only if its own ping went unanswered, and its back-off may end
# later than A's; presence crosses only when both are up (its last link line says "up").
b_up() { grep -E 'chat: .*(up, channel|retrying)' b.log | tail -1 | grep -q 'up, channel'; }
for ((t = 0; t < 150; t++)); do b_up && break; nap 0.1; done
check "B is on Redis after it woke" b_up
echo '#ls' | client 5001 43 late >late.out 2>&1
check_match "a late client on A sees early on B (roster)" 'online \(2\): .*early@127\.0\.0\.40' "$(cat late.out)"
touch go6
wait $EARLY

# --- SIGTERM with Redis: exits 0, the other server drops its users ---
# stay logs in first, so going's arrival is a join line rather than part of stay's list;
# both stay until the checks are done (fixed lifetimes ran out on a loaded machine).
rm -f go7
(gate go7 40) | client 5001 50 stay >stay.out 2>&1 &
STAY=$!
wait_for_file_line stay.out 'logged in as stay' 10
(gate go7 40) | client 5002 51 going >going.out 2>&1 &
GOING=$!
wait_for_file_line stay.out 'going joined' 15 ||
  { echo "--- a.log"; tail -15 a.log; echo "--- b.log"; tail -15 b.log; }
check_match "A's clients see B's users join" '\* going joined' "$(cat stay.out)"
kill -TERM "$B"
wait "$B"
check_eq "B exits 0 on SIGTERM" 0 $?
wait_for_file_line stay.out 'going left' 10
check_match "A's clients see B's users leave when B stops" '\* going left' "$(cat stay.out)"
touch go7
wait $STAY $GOING
kill -TERM "$A"
wait "$A"
check_eq "A exits 0 on SIGTERM" 0 $?

# --- a Redis with a password (requirepass): URL password, $REDISCLI_AUTH, wrong, none ---
start_bg "$ns" "$WORK/redis2.log" redis-server --bind 127.0.0.1 --port 6391 --save '' \
  --appendonly no --requirepass 's3cret@x'
wait_for_file_line redis2.log 'Ready to accept connections' 5
pw_server() {  # pw_server NAME PORT URL: sets LAST_PID
  start_bg "$ns" "$WORK/$1.log" "$SOCKSCOPE" chat server --bind 127.0.0.1 --port "$2" \
    --auth off --history 0 --redis "$3"
}
pw_server pa 5011 'redis://:s3cret%40x@127.0.0.1:6391/0'
PA=$LAST_PID
REDISCLI_AUTH='s3cret@x' pw_server pb 5012 'redis://127.0.0.1:6391'
PB=$LAST_PID
pw_server pc 5013 'redis://:wrong-pass@127.0.0.1:6391'
PC=$LAST_PID
pw_server pd 5014 'redis://127.0.0.1:6391'
PD=$LAST_PID
wait_for_file_line pa.log 'redis 127.0.0.1:6391 up' 5
wait_for_file_line pb.log 'redis 127.0.0.1:6391 up' 5
check_match "the URL's password logs in" 'redis 127.0.0.1:6391 up' "$(cat pa.log)"
check_match "\$REDISCLI_AUTH logs in" 'redis 127.0.0.1:6391 up' "$(cat pb.log)"
wait_for_file_line pc.log 'refused the login' 5
check_match "a wrong password is said so" 'redis refused the login: WRONGPASS' "$(cat pc.log)"
check "the password is never logged" bash -c "! grep -q wrong-pass '$WORK/pc.log'"
wait_for_file_line pd.log 'NOAUTH' 5
check_match "no password for a Redis that wants one is said so" 'redis .*NOAUTH' "$(cat pd.log)"
rm -f go8
(gate go8 20) | client 5012 60 pwb >pwb.out 2>&1 &
PWB=$!
wait_for_file_line pwb.out 'logged in as pwb' 10
(echo 'through a password'; wait_for_file_line pwb.out 'pwa: through a password' 10 >&2) |
  client 5011 61 pwa >pwa.out 2>&1
wait_for_file_line pwb.out 'pwa: through a password' 10
check_match "room messages cross servers on a password-protected Redis" 'pwa: through a password' \
  "$(cat pwb.out)"
(echo 'local only'; wait_for_file_line pwc.out 'logged in as pwc' 10 >&2) | client 5013 62 pwc >pwc.out 2>&1
check_match "a server refused by Redis keeps its local room" 'logged in as pwc' "$(cat pwc.out)"
touch go8
wait $PWB
for p in $PA $PB $PC $PD; do kill -TERM "$p"; wait "$p"; done

finish
