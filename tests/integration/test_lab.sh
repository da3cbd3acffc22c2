#!/usr/bin/env bash
# `sockscope lab` (make run) end to end. The lab makes its own network namespace; this
# test runs it as root, as an unprivileged user (user namespace), and where neither is
# allowed (exit 3). Nothing here touches the machine's network.
source "$(dirname "$0")/lib.sh"

start=$(date +%s%N)
out=$(timeout -k 2 30 "$SOCKSCOPE" lab); rc=$?
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "lab as root: exit 0" 0 "$rc"
check "lab as root: well under 10 s ($took_ms ms)" test "$took_ms" -lt 5000
check_match "private namespace" 'network: a new network namespace \(as root\)' "$out"
check_match "only loopback" 'interface lo 127\.0\.0\.1 up' "$out"
check_match "probing finds exactly the TCP server" 'probed 100 ports in [0-9.]+ s: 1 open, 99 closed \(refused\)' "$out"
check_match "TCP upper-case reply" 'client   got reply: HELLO FROM THE TCP CLIENT' "$out"
check_match "UDP upper-case reply" 'client   got reply: HELLO FROM THE UDP CLIENT' "$out"
check_match "communicator receipt" 'sender   \| Message sent successfully\.' "$out"
check_match "communicator receiver" 'receiver \| Connected by \(127\.0\.0\.1\)
    receiver \| Message:
    receiver \| Would you like green eggs and ham\?
    receiver \| End of message\.' "$out"
check_match "summary line" 'Lab complete: 6 of 6 steps passed' "$out"

# The port range and ports come from --seed: the same seed, the same transcript ports.
one=$(timeout 30 "$SOCKSCOPE" lab --seed 42 | grep -E 'serverPort|somewhere in')
two=$(timeout 30 "$SOCKSCOPE" lab --seed 42 | grep -E 'serverPort|somewhere in')
check_eq "--seed repeats the ports" "$one" "$two"

# Without root: a user namespace (when the kernel allows it).
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
  [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ]; then
  out=$(timeout -k 2 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKSCOPE" lab 2>&1); rc=$?
  check_eq "lab as nobody: exit 0" 0 "$rc"
  check_match "lab as nobody: user namespace" 'a new user and network namespace \(no root needed\)' "$out"
  check_match "lab as nobody: receipt" 'Message sent successfully\.' "$out"
fi

# Neither root nor user namespaces: inside a user namespace of our own whose namespace
# limits are 0 (the limits apply to that namespace only), one line and exit 3.
out=$(unshare -U -r sh -c 'echo 0 > /proc/sys/user/max_net_namespaces &&
  echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" lab' "$SOCKSCOPE" 2>&1); rc=$?
check_eq "no namespace allowed: exit 3" 3 "$rc"
check_match "no namespace allowed: one line" '^sockscope: error: cannot create a private network namespace \([^)]*\): run as root, or allow unprivileged user namespaces [^
]*$' "$out"

finish
