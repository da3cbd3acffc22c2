#!/usr/bin/env bash
# `sockscope lab` (make run) end to end. The lab makes its own network namespace; this
# test runs it as root, as an unprivileged user (user namespace), and where neither is
# allowed (exit 3). Nothing here touches the machine's network.
source "$(dirname "$0")/lib.sh"
export TMPDIR=$WORK  # the lab saves its capture there; lib.sh removes $WORK at exit

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
check_match "scan finds exactly the TCP server" 'scan     Not shown: 99 closed tcp ports \(reset\)
    scan     PORT +STATE SERVICE
    scan     [0-9]+/tcp +open ' "$out"
check_match "summary line" 'Lab complete: 11 of 11 steps passed' "$out"
check_match "communicator lines in the order they happened" 'sender   \| Sending\.
    receiver \| Connected by \(127\.0\.0\.1\)
    receiver \| Message:
    receiver \| Would you like green eggs and ham\?
    receiver \| End of message\.
    sender   \| Message sent successfully\.' "$out"
# The capture steps: a pcapng tshark reads as it is, the communicator's stream followed
# and explained.
pcap=$(sed -n 's/^ *\([0-9]*\) packets saved to \([^ ]*\) .*/\2/p' <<<"$out")
check "lab capture file exists" test -s "$pcap"
check_eq "lab capture: tshark counts the packets the lab reported" \
  "$(sed -n 's/^ *\([0-9]*\) packets saved to .*/\1/p' <<<"$out")" "$(tshark -r "$pcap" 2>/dev/null | wc -l)"
check "lab capture: no packet lost (100 probe SYNs + TCP client + communicator)" test \
  "$(tshark -r "$pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' 2>/dev/null | wc -l)" -ge 102
check "lab capture: the closed ports' RSTs are there (99 per sweep of the range)" test \
  "$(tshark -r "$pcap" -Y 'tcp.flags.reset == 1' 2>/dev/null | wc -l)" -ge 99
check_match "lab follows the communicator's stream" 'Node 1: 127\.0\.0\.1:65432
      34
      Would you like green eggs and ham\?' "$out"
check_match "lab explains the handshake" 'Ack [0-9]+ = client ISN [0-9]+ \+ 1' "$out"
rm -f "$pcap"

# The port range and ports come from --seed: the same seed, the same transcript ports.
one=$(timeout 30 "$SOCKSCOPE" lab --seed 42 | grep -E 'serverPort|somewhere in')
two=$(timeout 30 "$SOCKSCOPE" lab --seed 42 | grep -E 'serverPort|somewhere in')
check_eq "--seed repeats the ports" "$one" "$two"

# Without root: a user namespace (when the kernel allows it).
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
  [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ]; then
  out=$(TMPDIR=/tmp timeout -k 2 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$SOCKSCOPE" lab 2>&1); rc=$?
  check_eq "lab as nobody: exit 0" 0 "$rc"
  check_match "lab as nobody: user namespace" 'a new user and network namespace \(no root needed\)' "$out"
  check_match "lab as nobody: receipt" 'Message sent successfully\.' "$out"
  check_match "lab as nobody: captured in the user namespace" '[0-9]+ packets saved to' "$out"
  rm -f "$(sed -n 's/^ *[0-9]* packets saved to \([^ ]*\) .*/\1/p' <<<"$out")"
fi

# Neither root nor user namespaces: inside a user namespace of our own whose namespace
# limits are 0 (the limits apply to that namespace only), one line and exit 3.
out=$(unshare -U -r sh -c 'echo 0 > /proc/sys/user/max_net_namespaces &&
  echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" lab' "$SOCKSCOPE" 2>&1); rc=$?
check_eq "no namespace allowed: exit 3" 3 "$rc"
check_match "no namespace allowed: one line" '^sockscope: error: cannot create a private network namespace \([^)]*\): run as root, or allow unprivileged user namespaces [^
]*$' "$out"

finish
