#!/usr/bin/env bash
# sockscope http against Python's http.server on a second namespace (veth, 192.0.2.0/24):
# the User-Agent and Host arrive as given, HEAD, extra headers, chunked bodies, HTTPS
# with verification on by default (self-signed: refused; trusted via SSL_CERT_FILE:
# accepted; another host's certificate: refused; --insecure: accepted), and the
# network-no and bad-input cases.
source "$(dirname "$0")/lib.sh"

client=$(make_ns c)
server=$(make_ns s)
make_link "$client" 192.0.2.1 "$server" 192.0.2.2
peer="$SOCKSCOPE_SRC/tests/integration/peers/http_peer.py"

start_bg "$server" "$WORK/http.out" python3 "$peer" 192.0.2.2 8080 "$WORK/requests.log"
wait_for_file_line "$WORK/http.out" '^listening' 5

last_request() { tail -1 "$WORK/requests.log"; }
field() { python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$(last_request)" "$1"; }

out=$(in_ns "$client" "$SOCKSCOPE" http --user-agent 'Mozilla/lm3nitro 1.0rv:130.0)' http://192.0.2.2:8080/ua); rc=$?
check_eq "custom User-Agent: exit 0" 0 "$rc"
check_match "custom User-Agent: status line printed" '^HTTP/1\.1 200 OK' "$out"
check_match "custom User-Agent: body after a blank line" $'\n\nUA=Mozilla/lm3nitro 1\\.0rv:130\\.0\\)$' "$out"
check_eq "the server got our User-Agent" 'Mozilla/lm3nitro 1.0rv:130.0)' "$(field 'r["headers"]["User-Agent"]')"
check_eq "Host names the non-default port" '192.0.2.2:8080' "$(field 'r["headers"]["Host"]')"
check_eq "Connection: close" 'close' "$(field 'r["headers"]["Connection"]')"
check_eq "HTTP/1.1 GET of the path" 'GET /ua HTTP/1.1' "$(field 'r["method"]+" "+r["path"]+" "+r["version"]')"

in_ns "$client" "$SOCKSCOPE" http http://192.0.2.2:8080/ua >/dev/null
check_match "default User-Agent is sockscope/VERSION" '^sockscope/[0-9]+\.[0-9]+\.[0-9]+$' "$(field 'r["headers"]["User-Agent"]')"

out=$(in_ns "$client" "$SOCKSCOPE" http -I http://192.0.2.2:8080/); rc=$?
check_eq "HEAD: exit 0" 0 "$rc"
check_eq "HEAD: method" 'HEAD' "$(field 'r["method"]')"
check_match "HEAD: head only, no body" 'Content-Length: 9$' "$out"

in_ns "$client" "$SOCKSCOPE" http -H 'X-Lab: four' -H 'Host: lab.example' http://192.0.2.2:8080/x >/dev/null
check_eq "--header arrives" 'four' "$(field 'r["headers"]["X-Lab"]')"
check_eq "--header Host replaces ours" 'lab.example' "$(field 'r["headers"]["Host"]')"

out=$(in_ns "$client" "$SOCKSCOPE" http http://192.0.2.2:8080/chunked); rc=$?
check_eq "chunked: exit 0" 0 "$rc"
check_match "chunked: body decoded" $'\n\nfirst part, second part$' "$out"

# Not HTTP: an upper-case echo server answers our request upper-cased... as text.
start_bg "$server" "$WORK/upper.out" "$SOCKSCOPE" serve --port 8081 --reply 'text:SSH-2.0-OpenSSH_9.2'
wait_for_file_line "$WORK/upper.out" '^serverPort: ' 5
err=$(in_ns "$client" "$SOCKSCOPE" http -t 2 http://192.0.2.2:8081/ 2>&1); rc=$?
check_eq "not HTTP: exit 1" 1 "$rc"
check_eq "not HTTP: says so" "sockscope: error: bad response: not an HTTP response: 'SSH-2.0-OpenSSH_9.2'" "$err"

err=$(in_ns "$client" "$SOCKSCOPE" http http://192.0.2.2:9/ 2>&1); rc=$?
check_eq "refused: exit 1" 1 "$rc"
check_eq "refused: message" "sockscope: error: connection refused" "$err"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8082 -j DROP
err=$(in_ns "$client" "$SOCKSCOPE" http -t 0.5 http://192.0.2.2:8082/ 2>&1); rc=$?
check_eq "filtered: exit 1" 1 "$rc"
check_eq "filtered: message" "sockscope: error: timed out after 0.5 s" "$err"
ip netns exec "$client" "$SOCKSCOPE" http -t 30 http://192.0.2.2:8082/ >/dev/null 2>&1 &
pid=$!; _PIDS+=("$pid")
sleep 0.3; kill -INT "$pid"
for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"; rc=$?
check_eq "Ctrl-C while connecting: exit 130" 130 "$rc"
err=$(in_ns "$client" "$SOCKSCOPE" http http://nosuchhost.invalid/ 2>&1); rc=$?
check_eq "unknown host: exit 1" 1 "$rc"
for url in ftp://192.0.2.2/ "http://" "http://192.0.2.2:0/" "http://192.0.2.2:99999/" "http://[::1/" "http://a b/" ""; do
  err=$(in_ns "$client" "$SOCKSCOPE" http "$url" 2>&1); rc=$?
  check_eq "bad URL '$url': exit 2" 2 "$rc"
done
err=$(in_ns "$client" "$SOCKSCOPE" http -A "$(printf 'a\r\nX-Injected: 1')" http://192.0.2.2/ 2>&1); rc=$?
check_eq "User-Agent with a line break: exit 2" 2 "$rc"
err=$(in_ns "$client" "$SOCKSCOPE" http -H 'NoColon' http://192.0.2.2/ 2>&1); rc=$?
check_eq "header without a colon: exit 2" 2 "$rc"

# HTTPS: a self-signed certificate for 192.0.2.2, and one for another address.
for name in good:192.0.2.2 other:192.0.2.99; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=${name#*:}" \
    -addext "subjectAltName=IP:${name#*:}" -keyout "$WORK/${name%%:*}.key" \
    -out "$WORK/${name%%:*}.pem" 2>/dev/null
done
start_bg "$server" "$WORK/tls.out" python3 "$peer" 192.0.2.2 8443 "$WORK/requests.log" "$WORK/good.pem" "$WORK/good.key"
start_bg "$server" "$WORK/tls2.out" python3 "$peer" 192.0.2.2 8444 "$WORK/requests.log" "$WORK/other.pem" "$WORK/other.key"
wait_for_file_line "$WORK/tls.out" '^listening' 5
wait_for_file_line "$WORK/tls2.out" '^listening' 5
err=$(in_ns "$client" "$SOCKSCOPE" http -t 3 https://192.0.2.2:8443/ua 2>&1); rc=$?
check_eq "https, untrusted certificate: exit 1" 1 "$rc"
check_match "https, untrusted certificate: says why" '^sockscope: error: TLS: certificate verify failed: self.signed certificate' "$err"
out=$(in_ns "$client" "$SOCKSCOPE" http -t 3 --insecure -A tls-agent https://192.0.2.2:8443/ua); rc=$?
check_eq "https --insecure: exit 0" 0 "$rc"
check_match "https --insecure: the User-Agent arrives" 'UA=tls-agent$' "$out"
out=$(SSL_CERT_FILE="$WORK/good.pem" in_ns "$client" env SSL_CERT_FILE="$WORK/good.pem" "$SOCKSCOPE" http -t 3 https://192.0.2.2:8443/ua); rc=$?
check_eq "https, trusted certificate: exit 0" 0 "$rc"
err=$(in_ns "$client" env SSL_CERT_FILE="$WORK/other.pem" "$SOCKSCOPE" http -t 3 https://192.0.2.2:8444/ 2>&1); rc=$?
check_eq "https, certificate of another address: exit 1" 1 "$rc"
check_match "https, certificate of another address: says why" 'IP address mismatch' "$err"
err=$(in_ns "$client" "$SOCKSCOPE" http -t 3 https://192.0.2.2:8080/ 2>&1); rc=$?
check_eq "https to a plain HTTP port: exit 1" 1 "$rc"

finish
