#!/usr/bin/env bash
# A demanding user's review of the issue-2 commands: every bad value is one line naming
# it with exit 2, help says defaults and exit codes, Ctrl-C/SIGTERM in each blocking
# phase gives 130/143 without sending anything half-read, and the new flags
# (send --no-half-close, serve --idle-timeout) work against real peers.
source "$(dirname "$0")/lib.sh"

# Even the commands that should stop at their arguments run in a namespace of ours, so
# a regression cannot send anything anywhere.
ns=$(make_ns a)

# bad NAME REGEX CMD...: exit 2 and exactly one stderr line matching REGEX.
bad() {
  local name=$1 regex=$2 err rc; shift 2
  err=$(in_ns "$ns" "$SOCKSCOPE" "$@" 2>&1 </dev/null >/dev/null); rc=$?
  check_eq "$name: exit 2" 2 "$rc"
  check_match "$name: one line naming the value" "^sockscope: error: $regex\$" "$err"
}
bad "send tiny timeout" "bad --timeout '1e-300': expected seconds from 0\.001 to 86400" send -t 1e-300 192.0.2.1 1 x
bad "send empty host" "bad host '': expected a host name or an IP address" send "" 80 x
bad "probe host with a tab" "bad host 'a\\\\tb': .*" probe "$(printf 'a\tb')" 80
bad "serve empty bind" "bad bind address '': .*" serve --bind ""
bad "serve empty banner" "bad reply mode 'text:': the banner text is empty" serve --reply text:
bad "serve threads abc" "bad --threads 'abc': expected a whole number from 1 to 64" serve --threads abc
bad "serve idle-timeout 0" "bad --idle-timeout '0': .*" serve --idle-timeout 0
bad "serve idle-timeout nan" "bad --idle-timeout 'nan': .*" serve --idle-timeout nan
bad "serve idle-timeout with udp" "bad --idle-timeout with --proto udp: .*" serve --proto udp --idle-timeout 1
bad "receive empty --wait" "bad --wait '': .*" message receive --wait ""
bad "receive --count -1" "bad --count '-1': expected a whole number from 1 to 1000000" message receive --count -1
bad "communicator empty --wait" "bad --wait '': .*" communicator --wait ""
bad "lab empty --seed" "bad --seed '': .*" lab --seed ""
bad "send --no-half-close with udp" "bad --no-half-close with --proto udp: .*" send --proto udp --no-half-close 192.0.2.1 1 x
bad "send --quiet-gap -1" "bad --quiet-gap '-1': .*" send --quiet-gap -1 192.0.2.1 1 x
bad "udp message too long" "message of 70000 bytes is too long for one UDP datagram \(at most 65507\)" \
  send --proto udp 192.0.2.1 9 "$(head -c 70000 /dev/zero | tr '\0' a)"
bad "port with an escape" "bad port '\\\\x1b\[2J': expected a number 1-65535" send 192.0.2.1 "$(printf '\033[2J')" x
bad "unknown flag names the subcommand's help" "The following argument was not expected: --bogus \(see 'sockscope send --help'\)" send --bogus 192.0.2.1 1
bad "missing --to names message send" "--to is required \(see 'sockscope message send --help'\)" message send

# Issue 14 item 8: an unknown subcommand is named, with the nearest one when it is close.
bad "unknown subcommand" "unknown subcommand 'bogus' \(see 'sockscope --help'\)" bogus
bad "misspelt subcommand suggests the nearest" \
  "unknown subcommand 'scna'; did you mean 'scan'\? \(see 'sockscope --help'\)" scna 192.0.2.1 -p 80
bad "swapped letters suggest the nearest" "unknown subcommand 'flwo'; did you mean 'flow'\? .*" flwo x.pcap
bad "message's subcommands too" \
  "unknown subcommand 'sned'; did you mean 'send'\? \(see 'sockscope message --help'\)" message sned --to 192.0.2.1 hi
# Item 9: the option parser's range errors are one short line naming the value.
bad "capture -c 0" "bad --count '0': expected a whole number of at least 1" capture -c 0
bad "read -c abc" "bad --count 'abc': expected a whole number of at least 1" read -c abc x.pcap
bad "follow --tcp -1" "bad --tcp '-1': expected a whole number of at least 0" follow --tcp -1 x.pcap
bad "explain --stream -1" "bad --stream '-1': expected a whole number of at least 0" explain --stream -1 x.pcap
bad "capture --duration 0" "bad --duration '0': expected seconds from 0\.001 to 31536000" capture --duration 0
bad "capture -s 10" "bad --snaplen '10': expected a whole number from 64 to 262144" capture -s 10
# Item 15: one rule for host names (RFC 1035 lengths), refused before any lookup, alike in
# every command that takes a name.
long_host=$(head -c 300 /dev/zero | tr '\0' a).com
long_label=$(head -c 64 /dev/zero | tr '\0' b).example
bad "send: a 300-character host" "bad host '$long_host': longer than 253 characters" send "$long_host" 80 x
bad "probe: a 300-character host" "bad host '$long_host': longer than 253 characters" probe "$long_host" 80
bad "scan: a 300-character host" "bad host '$long_host': longer than 253 characters" scan "$long_host" -p 80
bad "send: a 64-character label" "bad host '$long_label': a label longer than 63 characters" send "$long_label" 80 x
# ... and one error prefix: the network's "no" carries the same "sockscope: error:".
err=$(in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 9 x 2>&1 >/dev/null); rc=$?
check_eq "send refused: exit 1" 1 "$rc"
check_eq "send refused: the one error prefix" "sockscope: error: connection refused" "$err"
err=$(in_ns "$ns" "$SOCKSCOPE" http http://127.0.0.1:9/ 2>&1 >/dev/null)
check_eq "http refused: the one error prefix" "sockscope: error: connection refused" "$err"
err=$(in_ns "$ns" "$SOCKSCOPE" message send -t 1 --to 127.0.0.1 --port 9 hi 2>&1 >/dev/null)
check_match "message send refused: the one error prefix" '^sockscope: error: ' "$err"

# Item 16: the examples of message, flow and explain work when pasted (flow and explain
# from the source tree; message's two lines in two "terminals", the receiver first).
for cmd in flow explain; do
  example=$("$SOCKSCOPE" $cmd --help | grep -E "^ *(Example \(in the source tree\): )?sockscope $cmd " |
    sed -E "s/^ *(Example \(in the source tree\): )?sockscope //")
  check "$cmd --help: has an example" test -n "$example"
  out=$(cd "$SOCKSCOPE_SRC" && eval "in_ns \"\$ns\" \"\$SOCKSCOPE\" $example" 2>&1); rc=$?
  check_eq "$cmd --help: its example works when pasted" 0 "$rc"
done
mapfile -t example < <("$SOCKSCOPE" message --help | sed -n 's/^  sockscope //p')
check_eq "message --help: a receiver line and a sender line" 2 "${#example[@]}"
if [ "${#example[@]}" -eq 2 ]; then
  eval "start_bg \"\$ns\" \"\$WORK/example-receiver.out\" \"\$SOCKSCOPE\" ${example[0]}"
  wait_listening "$ns" tcp 65432
  out=$(eval "in_ns \"\$ns\" \"\$SOCKSCOPE\" ${example[1]}" 2>&1); rc=$?
  check_eq "message --help: its example sends" 0 "$rc"
  check_match "message --help: its example is received" 'Would you like green eggs and ham\?' \
    "$(wait_for_file_line "$WORK/example-receiver.out" 'End of message' 5; cat "$WORK/example-receiver.out")"
fi
global=$("$SOCKSCOPE" --help | sed -n 's/^  sockscope //p')
check_match "top-level help: the example's server comes first, on its own line" $'^serve --port 12000\nsend 127\.0\.0\.1 12000 hello$' "$global"

# Help: defaults, exit codes and an example in each.
for cmd in serve send probe http communicator "message send" "message receive" lab; do
  # shellcheck disable=SC2086
  help=$("$SOCKSCOPE" $cmd --help); rc=$?
  check_eq "$cmd --help: exit 0" 0 "$rc"
  check_match "$cmd --help: exit codes" "[Ee]xit" "$help"
  check_match "$cmd --help: an example" "Example" "$help"
done
check_match "top-level help lists exit codes" "Exit codes: 0 success; 1 the network said no" "$("$SOCKSCOPE" --help)"
check_match "send help shows the default timeout" "--timeout S=5" "$("$SOCKSCOPE" send --help)"

ip netns exec "$ns" iptables -A INPUT -p tcp --dport 7 -j DROP

# A peer that accepts and never answers or reads.
cat >"$WORK/mute.py" <<'PY'
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
held = []
end = time.time() + 60
while time.time() < end:
    c, _ = s.accept(); held.append(c)
PY
start_bg "$ns" "$WORK/mute.out" python3 "$WORK/mute.py" 5555
wait_listening "$ns" tcp 5555

# signal_case NAME SIGNAL EXPECTED_RC STDIN CMD...: the command is stopped while blocked.
signal_case() {
  local name=$1 sig=$2 want=$3 input=$4 pid rc i; shift 4
  if [ "$input" = open ]; then
    rm -f "$WORK/fifo"; mkfifo "$WORK/fifo"
    ip netns exec "$ns" "$SOCKSCOPE" "$@" <"$WORK/fifo" >"$WORK/sig.out" 2>&1 &
    pid=$!; exec 7>"$WORK/fifo"; printf 'partial' >&7
  else
    ip netns exec "$ns" "$SOCKSCOPE" "$@" </dev/null >"$WORK/sig.out" 2>&1 &
    pid=$!
  fi
  _PIDS+=("$pid")
  wait_signal_ready "$pid" "$(kill -l "$sig")"
  nap 0.2  # into the wait the case names (connecting, reading); the signal is handled anywhere
  kill -"$sig" "$pid"
  for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then check "$name: stops within 3 s" false; return; fi
  wait "$pid"; rc=$?
  [ "$input" = open ] && exec 7>&-
  check_eq "$name: exit $want" "$want" "$rc"
}
signal_case "send while connecting, Ctrl-C" INT 130 null send -t 30 127.0.0.1 7 x
signal_case "send waiting for the reply, SIGTERM" TERM 143 null send -t 30 127.0.0.1 5555 x
signal_case "send reading stdin, Ctrl-C" INT 130 open send -t 30 127.0.0.1 5555
check_eq "send reading stdin, Ctrl-C: nothing sent, no error line" "" "$(cat "$WORK/sig.out")"
signal_case "probe while connecting, Ctrl-C" INT 130 null probe -t 30 127.0.0.1 7
check_eq "probe interrupted prints no verdict" "" "$(cat "$WORK/sig.out")"
signal_case "message send reading stdin, Ctrl-C" INT 130 open message send -t 30 --to 127.0.0.1 --port 5555
check_eq "message send reading stdin: nothing sent" "" "$(cat "$WORK/sig.out")"
signal_case "message send waiting for the receipt, SIGTERM" TERM 143 null message send -t 30 --to 127.0.0.1 --port 5555 hi
signal_case "serve, SIGTERM" TERM 0 null serve --port 0

# The menu's send, stopped while connecting to a filtered port: one line says so.
rm -f "$WORK/keys"; mkfifo "$WORK/keys"
ip netns exec "$ns" "$SOCKSCOPE" communicator --port 7 <"$WORK/keys" >"$WORK/menu.out" 2>&1 &
pid=$!; _PIDS+=("$pid"); exec 8>"$WORK/keys"; printf '1\nhello\n127.0.0.1\n' >&8
wait_for_file_line "$WORK/menu.out" 'Sending\.$' 5
sleep 0.2; kill -INT "$pid"; wait "$pid"; rc=$?; exec 8>&-
check_eq "communicator send, Ctrl-C: exit 0" 0 "$rc"
check_match "communicator send, Ctrl-C: one line, then Goodbye" $'Sending\.\nInterrupted\. Message not sent\.\n\nGoodbye!$' "$(cat "$WORK/menu.out")"
signal_case "communicator at the prompt, SIGTERM" TERM 0 open communicator

finish
