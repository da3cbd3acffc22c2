#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# DHCP/BOOTP against tshark 4.0: a capture made here, inside private namespaces, of dnsmasq
# serving 192.0.2.0/24 to a crafted client (DISCOVER/OFFER, REQUEST/ACK, INFORM/ACK, an
# INIT-REBOOT REQUEST drawing a NAK, DECLINE, RELEASE, a BOOTP request and dnsmasq's Boot
# Reply); then `sockscope read` summary lines against tshark's, byte for byte, and every
# filter of tests/data/filters_dhcp.txt through `tshark -Y` and `sockscope read -Y`, on
# that capture, on it cut by snap lengths (editcap -s) and on the crafted
# tests/data/dhcp_edge.pcap (cut and malformed options, the options beyond the message
# type, ICMP errors quoting DHCP); then every dhcp.* field tshark knows, alone as a
# filter, on the live capture (dhcp_fields_vs_tshark.py); and the -V block's option lines
# against tshark's.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
command -v editcap >/dev/null || { echo "editcap missing (wireshark-common)"; exit 1; }
command -v dnsmasq >/dev/null || { echo "dnsmasq missing (scripts/install-deps: dnsmasq-base)"; exit 1; }
HELPER="$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py"
CORPUS="$SOCKSCOPE_SRC/tests/data/filters_dhcp.txt"

a=$(make_ns a)
b=$(make_ns b)
make_link "$a" 192.0.2.1 "$b" 192.0.2.2
dev_a=$(veth_of "$a")
dev_b=$(veth_of "$b")
start_bg "$b" "$WORK/tcpdump.txt" tcpdump -i "$dev_b" --immediate-mode -U -w "$WORK/dhcp.pcap" udp port 67 or udp port 68
tcpdump_pid=$LAST_PID
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
start_bg "$b" "$WORK/dnsmasq.txt" dnsmasq --no-daemon --conf-file=/dev/null --port=0 \
  --user=root --interface="$dev_b" --bind-interfaces --no-ping --log-dhcp \
  --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,1h --dhcp-authoritative --bootp-dynamic \
  --dhcp-leasefile="$WORK/leases" --pid-file="$WORK/dnsmasq.pid"
wait_listening "$b" udp 67
check "the DHCP exchanges ran (OFFER, ACK, ACK, NAK, Boot Reply)" \
  in_ns "$a" python3 "$SOCKSCOPE_SRC/tests/integration/dhcp_client.py" "$dev_a" 192.0.2.1
sleep 0.3
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null
check "tcpdump wrote a capture" test -s "$WORK/dhcp.pcap"
[ -n "${KEEP_PCAP:-}" ] && cp "$WORK/dhcp.pcap" "$KEEP_PCAP"

# The same capture cut by a snap length (in the fixed part, in the options): tshark then
# falls back to the BOOTP line and says "[Packet size limited during capture]".
for snap in 100 290 330; do
  editcap -s "$snap" "$WORK/dhcp.pcap" "$WORK/snap$snap.pcap"
done

# Summary lines, byte for byte, on the live capture, its cuts and the crafted capture.
for pcap in "$WORK/dhcp.pcap" "$WORK"/snap*.pcap "$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap"; do
  name=$(basename "$pcap")
  tshark -r "$pcap" >"$WORK/t_$name.txt" 2>/dev/null
  "$SOCKSCOPE" read "$pcap" >"$WORK/o_$name.txt" 2>/dev/null
  check_same_file "$name: every summary line equals tshark's ($(wc -l <"$WORK/t_$name.txt") lines)" \
    "$WORK/t_$name.txt" "$WORK/o_$name.txt"
done
t="$WORK/t_dhcp.pcap.txt"
for m in 'DHCP Discover - Transaction ID 0x5c0c0001' 'DHCP Offer    - Transaction ID 0x5c0c0001' \
  'DHCP Request  - Transaction ID 0x5c0c0002' 'DHCP ACK      - Transaction ID 0x5c0c0002' \
  'DHCP Inform   - Transaction ID 0x5c0c0003' 'DHCP NAK      - Transaction ID 0x5c0c0004' \
  'DHCP Decline  - Transaction ID 0x5c0c0005' 'DHCP Release  - Transaction ID 0x5c0c0006' \
  'BOOTP .* Boot Request from ' 'BOOTP .* Boot Reply'; do
  check "the capture has \"$m\"" grep -q -- "$m" "$t"
done
check "the cut capture has size-limited BOOTP lines" grep -q "Boot Request from .*\[Packet size limited during capture\]" "$WORK/t_snap330.pcap.txt"

# (one tshark pass for the whole corpus: filter_vs_tshark.py)
for pcap in "$WORK/dhcp.pcap" "$WORK/snap330.pcap" "$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap"; do
  out=$(timeout 200 python3 "$HELPER" compare "$SOCKSCOPE" "$pcap" "$CORPUS")
  rc=$?
  echo "$out"
  check "$(basename "$pcap"): every filter of filters_dhcp.txt selects tshark's frames (or both reject it)" test "$rc" -eq 0
done

# Every dhcp.* field of tshark's list: accepted, and the same frames (where sockscope does
# not warn that it may differ); test_dhcp_fields_vs_tshark.sh does it on dhcp_edge.pcap.
for pcap in "$WORK/dhcp.pcap"; do
  out=$(timeout 250 python3 "$SOCKSCOPE_SRC/tests/integration/dhcp_fields_vs_tshark.py" "$SOCKSCOPE" "$pcap")
  rc=$?
  echo "$out" | tail -5
  check "$(basename "$pcap"): every dhcp.* field tshark knows parses and selects tshark's frames" test "$rc" -eq 0
done

# -V: the DHCP block's "Option: (N) Name" lines and the fixed fields' lines as tshark's.
for pcap in "$WORK/dhcp.pcap"; do
  tshark -r "$pcap" -V 2>/dev/null | grep -E '^    (Option: \(|Transaction ID|Client IP|Your \(client\)|Magic cookie)' >"$WORK/tv.txt"
  "$SOCKSCOPE" read "$pcap" -V | grep -E '^    (Option: \(|Transaction ID|Client IP|Your \(client\)|Magic cookie)' >"$WORK/ov.txt"
  check "$(basename "$pcap"): -V DHCP option and header lines equal tshark's ($(wc -l <"$WORK/tv.txt") lines)" \
    cmp -s "$WORK/tv.txt" "$WORK/ov.txt"
  diff "$WORK/tv.txt" "$WORK/ov.txt" | head -10
done
check "-T json has the DHCP options" sh -c "'$SOCKSCOPE' read '$WORK/dhcp.pcap' -T json -c 1 | grep -q '\"dhcp\":{.*\"options\":\\[{'"
finish
