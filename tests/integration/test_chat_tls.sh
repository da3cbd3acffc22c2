#!/usr/bin/env bash
# sockscope chat over TLS: the server's TLS transport (net::TlsSession under
# net::Connection) with a self-signed certificate this test makes, our client with
# --tls (verified through SSL_CERT_FILE, and --insecure), `openssl s_client` as a real
# peer, hostile plain-text peers, a burst through TLS, and the client's warning about a
# password sent without TLS to a non-loopback address (two namespaces over veth).
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "openssl missing"; exit 1; }
ns=$(make_ns tls)
cd "$WORK" || exit 1

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem \
  -out cert.pem -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,IP:192.0.2.1 \
  2>/dev/null
check "the test made a self-signed certificate" test -s cert.pem

# --- bad usage: one line naming the value, exit 2 ---
"$SOCKSCOPE" chat server --auth off --tls 2>u1.err
check_eq "--tls without --cert/--key is bad usage" 2 $?
"$SOCKSCOPE" chat server --auth off --tls --cert nope.pem --key key.pem 2>u2.err
check_eq "a missing certificate file is bad usage" 2 $?
check_match "the line names the file" 'bad --cert nope.pem' "$(cat u2.err)"
"$SOCKSCOPE" chat server --auth off --tls --cert key.pem --key key.pem 2>u3.err
check_eq "a key given as the certificate is bad usage" 2 $?
"$SOCKSCOPE" chat server --auth off --cert cert.pem 2>u4.err
check_eq "--cert without --tls is bad usage" 2 $?
"$SOCKSCOPE" chat client 127.0.0.1 --user x --insecure </dev/null 2>u5.err
check_eq "--insecure without --tls is bad usage" 2 $?

start_bg "$ns" server.log "$SOCKSCOPE" chat server --bind 127.0.0.1 --port 5443 --auth off --rate 0 \
  --tls --cert cert.pem --key key.pem
SERVER=$LAST_PID
wait_for_file_line server.log 'listening on' 5

client() {  # client N USER [flags]: a TLS client bound to 127.0.0.N; stdin is the caller's
  local n=$1 user=$2; shift 2
  timeout -k 2 60 ip netns exec "$ns" "$SOCKSCOPE" chat client 127.0.0.1 --port 5443 \
    --user "$user" --bind "127.0.0.$n" --udp-port 0 "$@"
}

# --- our client, verified and --insecure ---
rm -f go
(gate go 20; sleep 1) | SSL_CERT_FILE=$WORK/cert.pem client 2 alice --tls >alice.out 2>alice.err &
ALICE=$!
wait_for_file_line alice.out 'logged in as alice' 10
(sleep 0.3; echo 'hello over tls'; gate go 20) | client 3 bob --tls --insecure >bob.out 2>&1 &
BOB=$!
wait_for_file_line alice.out 'bob: hello over tls' 10
check_match "a verified TLS client gets the room message" 'bob: hello over tls' "$(cat alice.out)"
touch go
wait $ALICE
check_eq "the verified TLS client leaves normally" 0 $?
wait $BOB
check_eq "the --insecure TLS client leaves normally" 0 $?
echo hi | client 4 carol --tls >carol.out 2>carol.err
check_eq "an unverifiable certificate ends the client with 1" 1 $?
check_match "and says why" 'certificate verify failed' "$(cat carol.err)"

# --- openssl s_client as a real peer ---
rm -f go2
(gate go2 20; sleep 1) | client 5 dave --tls --insecure >dave.out 2>&1 &
DAVE=$!
wait_for_file_line dave.out 'logged in as dave' 10
# (-quiet implies -ign_eof; -no_ign_eof lets s_client end with its input, not the timeout)
(printf '{"type":"login","user":"sc"}\n'; sleep 0.5; printf '{"type":"say","text":"from s_client"}\n'; sleep 1) |
  timeout 20 ip netns exec "$ns" openssl s_client -connect 127.0.0.1:5443 -quiet -no_ign_eof -CAfile cert.pem \
    -verify_return_error >sclient.out 2>sclient.err
wait_for_file_line dave.out 'sc: from s_client' 10
check_match "s_client (verifying our certificate) is answered ok" '"type":"ok"' "$(cat sclient.out)"
check_match "s_client's message reached a TLS client" 'sc: from s_client' "$(cat dave.out)"
touch go2
wait $DAVE

# --- hostile peers: plain text and silence on the TLS port, then a burst through TLS ---
out=$(printf '{"type":"login","user":"plain"}\n' | timeout 10 ip netns exec "$ns" ncat 127.0.0.1 5443 2>&1 | head -c 200)
check "a plain-text peer gets no chat frame" test -z "$(grep -o '"type"' <<<"$out")"
check_match "the plain-text peer is cut off" 'reset|closed' "$out"
check_eq "clients that just close are an ordinary leave, not a TLS error" 0 "$(grep -c 'unexpected eof' server.log)"
check "the server still runs" kill -0 "$SERVER"
rm -f go3
(gate go3 30; sleep 2) | client 6 eve --tls --insecure >eve.out 2>&1 &
EVE=$!
wait_for_file_line eve.out 'logged in as eve' 10
(sleep 0.3; for k in $(seq 1 2000); do echo "burst $k"; done; gate go3 30) |
  client 7 frank --tls --insecure >/dev/null 2>&1 &
FRANK=$!
for ((t = 0; t < 200; t++)); do
  [ "$(grep -c '^frank: burst' eve.out)" -ge 2000 ] && break
  nap 0.1
done
check_eq "2000 messages through TLS, each once" 2000 "$(grep '^frank: burst' eve.out | sort -u | wc -l)"
check_match "in order" 'burst 1 .*burst 1000 .*burst 2000 ' "$(grep '^frank: burst' eve.out | tr '\n' ' ') "
touch go3
wait $EVE $FRANK

kill -TERM "$SERVER"
wait "$SERVER"
check_eq "the TLS server exits 0 on SIGTERM" 0 $?

# --- the password warning: non-loopback address, with and without TLS ---
nsa=$(make_ns srv)
nsb=$(make_ns cli)
make_link "$nsa" 192.0.2.1 "$nsb" 192.0.2.2
start_bg "$nsa" tlsacc.log "$SOCKSCOPE" chat server --port 5444 --db "$WORK/acc.db" --tls \
  --cert cert.pem --key key.pem
wait_for_file_line tlsacc.log 'listening on' 5
start_bg "$nsa" plainacc.log "$SOCKSCOPE" chat server --port 5445 --db "$WORK/acc2.db"
wait_for_file_line plainacc.log 'listening on' 5
PW=secret-password timeout 30 ip netns exec "$nsb" "$SOCKSCOPE" chat client 192.0.2.1 --port 5444 \
  --user gina --register --password-env PW --tls --udp-port 0 </dev/null >w1.out 2>w1.err
check_eq "without the CA, --tls refuses the self-signed certificate (exit 1)" 1 $?
SSL_CERT_FILE=$WORK/cert.pem PW=secret-password timeout 30 ip netns exec "$nsb" "$SOCKSCOPE" chat client \
  192.0.2.1 --port 5444 --user gina --register --password-env PW --tls --udp-port 0 </dev/null >w2.out 2>w2.err
check_eq "register over verified TLS to 192.0.2.1 exits 0" 0 $?
check_eq "no password warning over TLS" 0 "$(grep -c 'without TLS' w2.err)"
PW=secret-password timeout 30 ip netns exec "$nsb" "$SOCKSCOPE" chat client 192.0.2.1 --port 5445 \
  --user gina --register --password-env PW --udp-port 0 </dev/null >w3.out 2>w3.err
check_eq "register in the clear exits 0" 0 $?
check_eq "one warning about the password in the clear" 1 "$(grep -c 'sending the password without TLS to 192.0.2.1' w3.err)"

finish
