#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# Display filters against tshark, frame for frame. A capture made here, inside private
# namespaces, of the traffic the filter issue is about (ICMP echo v4/v6, UDP, fragmented
# UDP v4/v6, ICMP/ICMPv6 errors quoting UDP, crafted IPv4-in-IPv4 and IPv6-in-IPv4
# packets and the ICMP errors they draw, HTTP requests sent in several TCP segments, ARP
# and neighbour discovery), then every filter of tests/data/filters_corpus.txt through
# `tshark -Y` and `sockscope read -Y`: the same set of frame numbers, or both reject it.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
HELPER="$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py"

a=$(make_ns a)
b=$(make_ns b)
make_link "$a" 192.0.2.1 "$b" 192.0.2.2 2001:db8::1 2001:db8::2
dev=$(veth_of "$b")
start_bg "$b" "$WORK/tcpdump.txt" tcpdump -i "$dev" --immediate-mode -U -w "$WORK/raw.pcap"
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
start_bg "$b" "$WORK/server.txt" python3 "$HELPER" server
wait_listening "$b" tcp 8080
wait_listening "$b" udp 7777
wait_listening "$b" udp 53
check "the traffic ran" in_ns "$a" python3 "$HELPER" client
sleep 0.3
kill "${_PIDS[0]}"; wait "${_PIDS[0]}" 2>/dev/null
python3 "$HELPER" retime "$WORK/raw.pcap" "$WORK/f.pcap"
check "tcpdump wrote a capture" test -s "$WORK/f.pcap"
[ -n "${KEEP_PCAP:-}" ] && cp "$WORK/f.pcap" "$KEEP_PCAP"  # for looking at a failure

# Every corpus below that this capture is checked against, in one comparison: one tshark
# pass and one `read --filter-list` for all five (tshark takes ~0.8 s just to start).
# $WORK/on_f/<corpus file> has what `compare` prints for that corpus alone; the checks
# further down read it. dhcp_edge.pcap is checked against two corpora, likewise.
D="$SOCKSCOPE_SRC/tests/data"
mkdir -p "$WORK/on_f" "$WORK/on_dhcp"
timeout 300 python3 "$HELPER" compare_each "$SOCKSCOPE" "$WORK/f.pcap" "$WORK/on_f" \
  "$D"/filters_{corpus,time,functions,literals,http}.txt
timeout 100 python3 "$HELPER" compare_each "$SOCKSCOPE" "$D/dhcp_edge.pcap" "$WORK/on_dhcp" \
  "$D"/filters_{functions,literals}.txt
# agreed FILE: compare_each's report FILE exists and ends with no filter differing
agreed() { tail -1 "$1" 2>/dev/null | grep -q '^[0-9]* filters, [0-9]* agree, 0 differ$'; }

cat "$WORK/on_f/filters_corpus.txt"
check "every corpus filter selects the same frames as tshark (or both reject it)" \
  agreed "$WORK/on_f/filters_corpus.txt"

# The comparisons run sockscope's side as one `read --filter-list` per capture; it must
# answer every filter as a `read -Y` of its own does (frames, refusal, warning). Checked
# on a quarter of the corpus and on every time and TCP-analysis filter (frame.time_delta_
# _displayed and the ACK analysis keep state per filter).
{ awk 'NR % 4 == 0' "$SOCKSCOPE_SRC/tests/data/filters_corpus.txt"
  cat "$SOCKSCOPE_SRC"/tests/data/filters_{time,tcp_analysis}.txt; } >"$WORK/batch.txt"
out=$(timeout 200 python3 "$HELPER" batch_vs_single "$SOCKSCOPE" "$WORK/f.pcap" "$WORK/batch.txt")
rc=$?
echo "$out" | tail -5
check "read --filter-list answers each filter as read -Y alone does" test "$rc" -eq 0

# frame.protocols frame for frame, on this capture and every capture of tests/data: the
# same string as tshark's, or sockscope's warning that it may differ (an HTTP body of a
# media type it does not know, a payload cut by the snap length).
out=$(timeout 200 python3 "$HELPER" protocols "$SOCKSCOPE" "$WORK/f.pcap" \
  "$SOCKSCOPE_SRC"/tests/data/*.pcap "$SOCKSCOPE_SRC"/tests/data/*.pcapng)
rc=$?
echo "$out"
check "frame.protocols equals tshark's on every frame (or sockscope warns)" test "$rc" -eq 0
check "... on more than 200 frames" test "$(echo "$out" | awk '/^frame.protocols:/ {print $2}')" -gt 200

# frame.time (absolute times) and time offsets on this capture, on a capture of 2023, on
# timestamps at the ends of what pcapng can say and on UDP conversations made for
# udp.time_* (make_udp_times.py).
bad=()
python3 "$SOCKSCOPE_SRC/tests/data/make_udp_times.py" "$WORK/udp_times.pcap"
agreed "$WORK/on_f/filters_time.txt" || { bad+=(f.pcap); tail -8 "$WORK/on_f/filters_time.txt"; }
for f in "$SOCKSCOPE_SRC"/tests/data/{tcp_gap.pcap,extreme_timestamps_ns.pcapng,extreme_timestamps_us.pcapng} "$WORK/udp_times.pcap"; do
  out=$(timeout 100 python3 "$HELPER" compare "$SOCKSCOPE" "$f" "$SOCKSCOPE_SRC/tests/data/filters_time.txt") ||
    { bad+=("$(basename "$f")"); echo "$out" | tail -8; }
done
check_eq "every filter of filters_time.txt selects tshark's frames" "" "${bad[*]}"
# How tshark reads a frame.time literal (filters_time_literals.txt), in a time zone half
# an hour off the hour, so that local time, UTC and offsets all give other values.
python3 "$SOCKSCOPE_SRC/tests/data/make_time_literals.py" "$WORK/time_literals.pcap"
out=$(TZ=America/St_Johns timeout 100 python3 "$HELPER" compare "$SOCKSCOPE" "$WORK/time_literals.pcap" \
  "$SOCKSCOPE_SRC/tests/data/filters_time_literals.txt")
check "every filter of filters_time_literals.txt selects tshark's frames" test $? -eq 0
echo "$out" | grep -v '^ok' | tail -8

# len() and count() of protocols that occur several times and of chosen layers
# (filters_functions.txt): tunnels and ICMP quotes on this capture, ICMP errors quoting
# UDP, GRE with bridged Ethernet and PPP, DHCP quoted in ICMP errors.
bad=()
agreed "$WORK/on_f/filters_functions.txt" || { bad+=(f.pcap); tail -8 "$WORK/on_f/filters_functions.txt"; }
for f in "$SOCKSCOPE_SRC"/tests/data/{ipv6_icmp_arp.pcap,gre_ppp.pcap}; do
  out=$(timeout 100 python3 "$HELPER" compare "$SOCKSCOPE" "$f" "$SOCKSCOPE_SRC/tests/data/filters_functions.txt") ||
    { bad+=("$(basename "$f")"); echo "$out" | tail -8; }
done
agreed "$WORK/on_dhcp/filters_functions.txt" ||
  { bad+=(dhcp_edge.pcap); tail -8 "$WORK/on_dhcp/filters_functions.txt"; }
check_eq "every filter of filters_functions.txt selects tshark's frames" "" "${bad[*]}"

# Literals (filters_literals.txt): integer prefixes, string escapes, raw strings,
# contains "", on this capture and on DNS/DHCP of tests/data.
bad=()
agreed "$WORK/on_f/filters_literals.txt" || { bad+=(f.pcap); tail -8 "$WORK/on_f/filters_literals.txt"; }
out=$(timeout 100 python3 "$HELPER" compare "$SOCKSCOPE" "$SOCKSCOPE_SRC/tests/data/dns_odd.pcap" \
  "$SOCKSCOPE_SRC/tests/data/filters_literals.txt") || { bad+=(dns_odd.pcap); echo "$out" | tail -8; }
agreed "$WORK/on_dhcp/filters_literals.txt" ||
  { bad+=(dhcp_edge.pcap); tail -8 "$WORK/on_dhcp/filters_literals.txt"; }
check_eq "every filter of filters_literals.txt selects tshark's frames" "" "${bad[*]}"

# HTTP's headers and request/response links on this capture's HTTP (several segments).
tail -12 "$WORK/on_f/filters_http.txt"
check "every filter of filters_http.txt selects tshark's frames (live HTTP)" agreed "$WORK/on_f/filters_http.txt"

# stats --protocols against tshark -q -z io,phs, byte for byte, on this capture (DNS, HTTP
# reassembled from several segments, GRE, tunnels, ICMP errors, a malformed DNS message) and
# on every capture of tests/data (DHCP, malformed and cut-short frames).
# tshark's hierarchies first, two at a time (0.8 s each, mostly tshark's start; the test has
# two of ctest's slots), each kept for the checks below: capture number i in $WORK/phs/i.
bad=()
phs_files=("$WORK/f.pcap" "$SOCKSCOPE_SRC"/tests/data/*.pcap "$SOCKSCOPE_SRC"/tests/data/*.pcapng)
mkdir -p "$WORK/phs"
for i in "${!phs_files[@]}"; do printf '%s\0%s\0' "${phs_files[$i]}" "$WORK/phs/$i"; done |
  timeout 300 xargs -0 -n 2 -P 2 sh -c 'tshark -r "$0" -q -z io,phs 2>/dev/null >"$1"'
for i in "${!phs_files[@]}"; do
  f=${phs_files[$i]}
  "$SOCKSCOPE" stats "$f" --protocols 2>/dev/null >"$WORK/o_phs.txt"
  cmp -s "$WORK/phs/$i" "$WORK/o_phs.txt" || { bad+=("$(basename "$f")"); diff "$WORK/phs/$i" "$WORK/o_phs.txt" | head -8; }
  [ "$f" = "$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap" ] && cp "$WORK/phs/$i" "$WORK/t_phs_dhcp.txt"
done
check_eq "stats --protocols equals tshark -z io,phs on every capture" "" "${bad[*]}"
for layer in dns http tcp.segments gre _ws.malformed; do
  check "... tshark's hierarchy of the capture has $layer" grep -q "^ *$layer " "$WORK/phs/0"
done
check "... and dhcp_edge.pcap's has dhcp with malformed messages" grep -q "^ *_ws.malformed " "$WORK/t_phs_dhcp.txt"

# The summary lines of the same capture, byte for byte: DNS queries and responses,
# Neighbor Solicitation `from MAC`, Advertisement `(sol, ovr) is at MAC`, Router
# Solicitation, ICMPv6 Destination Unreachable (Port unreachable), tunnels, HTTP.
tshark -r "$WORK/f.pcap" >"$WORK/t_lines.txt" 2>/dev/null
"$SOCKSCOPE" read "$WORK/f.pcap" >"$WORK/o_lines.txt" 2>/dev/null
check "read: every summary line equals tshark's ($(wc -l <"$WORK/t_lines.txt") lines)" \
  cmp -s "$WORK/t_lines.txt" "$WORK/o_lines.txt"
diff "$WORK/t_lines.txt" "$WORK/o_lines.txt" | head -20
check "the capture has the lines this is about" grep -q "Standard query response 0x.* A 192.0.2.80" "$WORK/t_lines.txt"
check "... and a Neighbor Advertisement with its MAC" grep -q "Neighbor Advertisement .* is at " "$WORK/t_lines.txt"

# `matches` on a long repeating payload: bounded, reported once, no crash or hang.
python3 - "$WORK/big.pcap" <<'PY'
import struct, sys
eth = bytes.fromhex("020000000001020000000002") + b"\x08\x00"
def frame(payload):
    udp = struct.pack("!HHHH", 1234, 5678, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    return eth + ip + udp
frames = [frame(b"z" * 50000), frame(b"ab\n" * 15000 + b"green")]
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    for i, x in enumerate(frames):
        f.write(struct.pack("<IIII", 1000 + i, 0, len(x), len(x)) + x)
PY
for re in 'z+' '.*green' '(.|\n)*' '(.*)*$'; do
  want=$(tshark -n -r "$WORK/big.pcap" -Y "frame matches \"$re\"" -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
  got=$(timeout 20 "$SOCKSCOPE" read "$WORK/big.pcap" -Y "frame matches \"$re\"" 2>"$WORK/err.txt" | awk '{printf "%s ", $1}')
  rc=$?
  check_eq "frame matches \"$re\" on 50 KB payloads: tshark's frames, no crash" "$want" "$got"
  if [ "$re" = '(.*)*$' ]; then
    check_eq "the backtracking limit is reported once" 1 "$(grep -c 'limit' "$WORK/err.txt")"
  fi
done
finish
