#!/usr/bin/env bash
# Every dhcp.* field Debian 12's tshark knows (`tshark -G fields`, 564 names), alone as a
# display filter on tests/data/dhcp_edge.pcap (crafted: client identifier shapes, option
# overload, relay agent sub-options, vendor information, FQDN, basic options of right and
# wrong lengths, chaddr shapes, ICMP errors quoting DHCP): sockscope accepts it and selects
# the frames whose tshark tree (PDML) holds it. A field sockscope does not compute must be
# absent where tshark has it absent; on a frame where `read -Y` warns that it may differ,
# that frame is left out (dhcp_fields_vs_tshark.py). test_dhcp_vs_tshark.sh does the same
# on its live dnsmasq capture.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
command -v editcap >/dev/null || { echo "editcap missing (wireshark-common)"; exit 1; }
out=$(timeout 580 python3 "$SOCKSCOPE_SRC/tests/integration/dhcp_fields_vs_tshark.py" "$SOCKSCOPE" \
  "$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap")
rc=$?
echo "$out" | tail -8
check "dhcp_edge.pcap: every dhcp.* field tshark knows parses and selects tshark's frames" test "$rc" -eq 0
n=$(tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && $3 ~ /^dhcp\./ {print $3}' | sort -u | wc -l)
check "all $n of tshark's dhcp.* fields were compared" grep -q "^dhcp_edge.pcap: $n dhcp fields compared" <<<"$out"
finish
