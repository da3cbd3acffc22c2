# Sourced by every integration test. Gives each test private network namespaces of its
# own (never the machine's shared loopback), bounded waits, checks that count, and a
# cleanup that kills what the test started, by process id, and deletes its namespaces.
#
#   source "$(dirname "$0")/lib.sh"
#   ns=$(make_ns a)                       # a fresh namespace with lo up
#   make_link "$ns_a" 192.0.2.1 "$ns_b" 192.0.2.2   # veth pair between two of ours
#   start_bg "$ns" out.txt "$SOCKSCOPE" serve --port 0    # background, killed at exit
#   wait_for_file_line out.txt 'serverPort: ' 5
#   check "name" test "$a" = "$b"
#   finish                                 # prints "N passed, N failed", sets the exit code
set -uo pipefail

SOCKSCOPE=${SOCKSCOPE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/sockscope}
SOCKSCOPE_SRC=${SOCKSCOPE_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "/tmp/sockscope-${TEST_NAME}.XXXXXX")
# python3 from the directory of the interpreter it resolves to. Behind a version manager's
# shim (pyenv's is a chain of bash scripts), each call cost 0.5 s on a loaded 2-core VM,
# and a test calls python3 up to thirty times. `pyenv exec` itself runs the chosen version
# with its bin directory first on PATH; this does the same, once. With no shim (Debian's
# /usr/bin/python3) PATH is left as it is.
_PY_BIN=$(python3 -c 'import os, sys; print(os.path.dirname(sys.executable))' 2>/dev/null)
if [ -n "$_PY_BIN" ] && [ "$_PY_BIN" != "$(dirname "$(command -v python3)")" ]; then
  PATH="$_PY_BIN:$PATH"
fi
_NAMESPACES=()
_PIDS=()
_PASSED=0
_FAILED=0

_cleanup() {
  local pid ns
  for pid in "${_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.1
  for pid in "${_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  # By name prefix too: `ns=$(make_ns a)` runs make_ns in a subshell, whose _NAMESPACES
  # never reaches this shell ($$ is still ours there, so the prefix matches).
  for ns in $(ip netns list 2>/dev/null | awk -v p="ss-${TEST_NAME:0:12}-$$-" 'index($1, p) == 1 {print $1}' | sort -u) "${_NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap _cleanup EXIT

# make_ns SUFFIX: creates namespace "ss-<test>-<pid>-SUFFIX" with loopback up; prints its name.
make_ns() {
  local ns="ss-${TEST_NAME:0:12}-$$-$1"
  ip netns add "$ns" || { echo "cannot create namespace $ns (need root)" >&2; exit 1; }
  _NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  echo "$ns"
}

# make_link NS_A ADDR_A NS_B ADDR_B [ADDR6_A ADDR6_B]: a veth pair between two namespaces
# of this test, IPv4 /24, and IPv6 /64 when given (nodad: usable at once, no duplicate
# address detection wait).
make_link() {
  local a="v$$a${#_NAMESPACES[@]}" b="v$$b${#_NAMESPACES[@]}"
  a=${a:0:15}; b=${b:0:15}
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$3"
  ip -n "$1" addr add "$2/24" dev "$a"
  ip -n "$3" addr add "$4/24" dev "$b"
  if [ -n "${5:-}" ]; then
    ip -n "$1" addr add "$5/64" dev "$a" nodad
    ip -n "$3" addr add "$6/64" dev "$b" nodad
  fi
  ip -n "$1" link set "$a" up
  ip -n "$3" link set "$b" up
}

# veth_of NS: the name of NS's (first) veth device, as make_link made it.
veth_of() { ip -n "$1" -o link show type veth | awk -F'[ :@]+' '{print $2}' | head -1; }

# in_ns NS CMD...: runs CMD inside NS, bounded by $STEP_TIMEOUT seconds (default 60).
in_ns() {
  local ns=$1; shift
  timeout -k 2 "${STEP_TIMEOUT:-60}" ip netns exec "$ns" "$@"
}

# start_bg NS OUTFILE CMD...: runs CMD inside NS in the background, stdout+stderr to
# OUTFILE; the pid is remembered and killed at exit. Sets LAST_PID.
start_bg() {
  local ns=$1 out=$2; shift 2
  # Emptied here, not only by the child's redirection (which runs later, in the child): a
  # caller that waits for a line of a reused OUTFILE must not find the last run's line.
  : >"$out"
  ip netns exec "$ns" "$@" >>"$out" 2>&1 &
  LAST_PID=$!
  _PIDS+=("$LAST_PID")
}

# nap SECONDS: sleeps inside bash, starting no process. Loops that poll several times a
# second use it: fifty clients' gates each forking `sleep` ten times a second took both
# cores of a small VM (a fork and exec cost 5 ms there), and the logins they waited for
# timed out. (read times out on a pipe that never has data: this shell holds its only
# write end.)
exec {_NAP_FD}<> <(:)
nap() { read -rt "$1" -u "$_NAP_FD" _; return 0; }

# gate FILE SECONDS: waits (bounded) until FILE exists; used in client stdin pipelines.
gate() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do [ -f "$1" ] && return 0; nap 0.1; done
}

# wait_for_file_line FILE REGEX SECONDS: waits (bounded) until FILE has a line matching REGEX.
wait_for_file_line() {
  local file=$1 regex=$2 limit=${3:-5} i
  for ((i = 0; i < limit * 20; i++)); do
    grep -qE "$regex" "$file" 2>/dev/null && return 0
    nap 0.05
  done
  echo "timed out waiting for /$regex/ in $file:" >&2
  cat "$file" >&2 2>/dev/null
  return 1
}

# wait_listening NS PROTO PORT: bounded wait (5 s) until something in NS listens on
# PROTO (tcp|udp) PORT: for peers that print nothing when ready (ncat, Python scripts).
wait_listening() {
  local flag=-ltn i
  [ "$2" = udp ] && flag=-lun
  for ((i = 0; i < 100; i++)); do
    ip netns exec "$1" ss -H $flag "sport = :$3" | grep -q . && return 0
    nap 0.05
  done
  echo "nothing listens on $2 port $3 in $1" >&2
  return 1
}

# wait_connected NS PORT: bounded wait (5 s) until NS has an established TCP connection to
# PORT: for peers that print nothing once connected (a fixed pause loses to a slow start).
wait_connected() {
  local i
  for ((i = 0; i < 100; i++)); do
    ip netns exec "$1" ss -Htn state established "dport = :$2" | grep -q . && return 0
    nap 0.05
  done
  echo "no connection to port $2 in $1" >&2
  return 1
}

# wait_signal_ready PID SIGNUM: bounded wait (10 s) until process PID catches or blocks
# SIGNUM (a handler or a signalfd), so a signal sent next is the program's to handle. A
# background job of a script ignores SIGINT until then: a fixed pause loses to a slow start.
wait_signal_ready() {
  local bit i caught blocked
  bit=$((1 << ($2 - 1)))
  for ((i = 0; i < 200; i++)); do
    caught=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null)
    blocked=$(awk '/^SigBlk:/ {print $2}' "/proc/$1/status" 2>/dev/null)
    [ -z "$caught" ] && return 1
    if (((0x$caught | 0x$blocked) & bit)); then return 0; fi
    nap 0.05
  done
  echo "process $1 never took signal $2" >&2
  return 1
}

# server_port FILE: the port a `sockscope serve` printed.
server_port() { sed -n 's/^serverPort: //p' "$1" | head -1; }

# check NAME CMD...: runs CMD; counts a pass when it succeeds.
check() {
  local name=$1; shift
  if "$@"; then
    _PASSED=$((_PASSED + 1)); echo "ok   - $name"
  else
    _FAILED=$((_FAILED + 1)); echo "FAIL - $name"
  fi
}

# detail_lines ITEM_RE KEEP_RE: of `read -V` or `tshark -V` output on stdin, the lines of
# each frame's items whose first line matches ITEM_RE (up to the next top-level line) that
# match KEEP_RE (extended), each frame opened by "== frame"; no hex dump, no blank line.
detail_lines() {
  awk -v item="$1" '$0 ~ item {p=1} /^Frame / {p=0; print "== frame"} /^[A-Z[]/ && $0 !~ item {p=0} p' |
    grep -avE '^[0-9a-f]{4}  ' | grep -av '^$' | grep -aE "$2|^== frame"
}

# check_same_file NAME EXPECTED ACTUAL: the two files are byte for byte the same (a tool's
# output against the reference tool's); when not, the start of their diff follows.
check_same_file() {
  check "$1" cmp -s "$2" "$3"
  cmp -s "$2" "$3" || diff -a "$2" "$3" | head -20
}

# crafted_captures: CAPTURES=(every capture of tests/data, every generator's output in
# $WORK, and copies of each cut by the snap length to 60 and 96 bytes in $WORK/cut), one
# per name (a generator that remakes a committed capture gives way to it). The cut copies
# are where a header or a message ends inside a field: where "short" and "malformed", and
# what a field still holds, are decided. A copy the cut did not change is left out.
crafted_captures() {
  local data="$SOCKSCOPE_SRC/tests/data" gen name pcap snap out failed=() cut=()
  for gen in "$data"/make_*.py; do
    name=$(basename "$gen" .py)
    name=${name#make_}
    case $name in
    pcaps) ;;                               # a library of frame builders
    link_headers) python3 "$gen" "$WORK" ;; # writes six captures
    llc) python3 "$gen" "$WORK/llc.pcap" "$WORK/llc_others.pcap" ;;
    # 4,566 copies of one frame at the times frame.time literals need (its own test,
    # test_filter_vs_tshark, reads them all): where the other corpora meet it, one frame in
    # eight serves as well and takes a fifth of the work away.
    time_literals) python3 "$gen" "$WORK/$name.pcap" 8 ;;
    *) python3 "$gen" "$WORK/$name.pcap" ;;
    esac || failed+=("$name")
  done
  check_eq "every generator writes its captures" "" "${failed[*]}"
  CAPTURES=("$data"/*.pcap "$data"/*.pcapng)
  for pcap in "$WORK"/*.pcap; do
    [ -e "$data/$(basename "$pcap")" ] || CAPTURES+=("$pcap")
  done
  check "the generators and tests/data give 40 captures or more" test "${#CAPTURES[@]}" -ge 40
  mkdir -p "$WORK/cut"
  for pcap in "${CAPTURES[@]}"; do
    # icmp_cut.pcap holds each of its errors cut after every length already: a copy cut to
    # 60 or 96 bytes would only repeat its frames (3,682 of them, a fifth of the work).
    [ "$(basename "$pcap")" = icmp_cut.pcap ] && continue
    editcap "$pcap" "$WORK/cut/plain" 2>/dev/null
    for snap in 60 96; do
      out="$WORK/cut/s${snap}_$(basename "$pcap")"
      editcap -s "$snap" "$pcap" "$out" 2>/dev/null
      if cmp -s "$out" "$WORK/cut/plain"; then rm "$out"; else cut+=("$out"); fi
    done
  done
  rm -f "$WORK/cut/plain"
  check "editcap cut 40 captures or more to 60 or 96 bytes" test "${#cut[@]}" -ge 40
  CAPTURES+=("${cut[@]}")
}

# check_lines_like_tshark PCAP [NOTE]: `read` prints tshark's summary lines, byte for byte.
check_lines_like_tshark() {
  tshark -r "$1" >"$WORK/t_lines.txt" 2>/dev/null
  "$SOCKSCOPE" read "$1" >"$WORK/o_lines.txt"
  check_same_file "read: every summary line equals tshark's ($(wc -l <"$WORK/t_lines.txt") lines${2:+, $2})" \
    "$WORK/t_lines.txt" "$WORK/o_lines.txt"
}

# check_phs_like_tshark PCAP [NOTE]: `stats --protocols` prints tshark's -z io,phs.
check_phs_like_tshark() {
  tshark -r "$1" -q -z io,phs >"$WORK/t_phs.txt" 2>/dev/null
  "$SOCKSCOPE" stats "$1" --protocols >"$WORK/o_phs.txt"
  check_same_file "stats --protocols equals tshark -z io,phs${2:+ ($2)}" "$WORK/t_phs.txt" "$WORK/o_phs.txt"
}

# check_filters_like_tshark PCAP CORPUS SECONDS [NOTE]: every filter of CORPUS selects the
# frames tshark selects on PCAP, or both reject it (filter_vs_tshark.py compare).
check_filters_like_tshark() {
  local out rc
  out=$(timeout "$3" python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare \
    "$SOCKSCOPE" "$1" "$2")
  rc=$?
  echo "$out" | tail -12
  check "every filter of $(basename "$2") selects tshark's frames${4:+ ($4)}" test "$rc" -eq 0
}

# check_eq NAME EXPECTED ACTUAL (returns 1 on a failure, for `check_eq ... || explain`)
check_eq() {
  if [ "$2" == "$3" ]; then
    _PASSED=$((_PASSED + 1)); echo "ok   - $1"
  else
    _FAILED=$((_FAILED + 1)); echo "FAIL - $1"; echo "  expected: $(printf '%q' "$2")"; echo "  actual:   $(printf '%q' "$3")"
    return 1
  fi
}

# check_match NAME REGEX TEXT
check_match() {
  if [[ "$3" =~ $2 ]]; then
    _PASSED=$((_PASSED + 1)); echo "ok   - $1"
  else
    _FAILED=$((_FAILED + 1)); echo "FAIL - $1"; echo "  wanted /$2/ in: $(printf '%q' "$3")"
  fi
}

finish() {
  echo "$_PASSED passed, $_FAILED failed"
  [ "$_FAILED" -eq 0 ]
}
