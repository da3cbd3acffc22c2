#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# VLAN tags, Linux cooked headers, BSD loopback and raw IP against tshark 4.0: every filter of
# tests/data/filters_link.txt (vlan.*, ieee8021ad.*, sll.*, eth.padding/.trailer/.fcs, eth.type before a tag, the
# layer operator over stacked tags, headers and tags cut short) selects the same frames
# on tests/data/make_link_headers.py's captures and on the cooked captures of
# tests/data; the summary lines, frame.protocols and -z io,phs agree too. No traffic:
# the captures are crafted. Also the length/type field (make_ieee8023.py: 802.3 lengths)
# 802.1ad stacks (make_qinq.py) and LLC (make_llc.py). Nothing here waits on a socket or a timer: the whole
# run is tshark, sockscope and Python working, hence cpu-bound.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"

python3 "$DATA/make_link_headers.py" "$WORK"
check "make_link_headers.py writes its captures" \
  test -s "$WORK/vlan.pcap" -a -s "$WORK/sll.pcap" -a -s "$WORK/sll2.pcap"
for pcap in vlan_summary sll_summary sll2; do
  check_lines_like_tshark "$WORK/$pcap.pcap" "$pcap"
  check_phs_like_tshark "$WORK/$pcap.pcap" "$pcap"
done
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" \
  "$WORK/vlan.pcap" "$WORK/sll.pcap" "$WORK/sll2.pcap")
check "frame.protocols: no string differs without a warning" test $? -eq 0
echo "$out" | tail -3
for pcap in "$WORK/vlan.pcap" "$WORK/sll.pcap" "$WORK/sll2.pcap" "$DATA/linux_sll.pcap" \
  "$DATA/linux_sll2.pcap" "$DATA/bsd_null.pcap" "$DATA/raw_ip.pcap" "$WORK/trailer.pcap"; do
  check_filters_like_tshark "$pcap" "$DATA/filters_link.txt" 120 "$(basename "$pcap")"
done
# 802.1ad stacks (make_qinq.py): a Q-in-Q pair is one layer; lines, hierarchy, filters.
python3 "$DATA/make_qinq.py" "$WORK/qinq.pcap"
check_lines_like_tshark "$WORK/qinq.pcap" "802.1ad stacks"
check_phs_like_tshark "$WORK/qinq.pcap" "802.1ad stacks"
check_filters_like_tshark "$WORK/qinq.pcap" "$DATA/filters_qinq.txt" 60 "802.1ad stacks"
# The length/type field: 802.3 lengths (LLC, raw IPX), invalid lengths/types, ethertypes 0
# and 1536 (make_ieee8023.py). sockscope does not dissect raw IPX: frame.protocols warns
# there, and so do filters naming protocols it does not dissect.
python3 "$DATA/make_ieee8023.py" "$WORK/ieee8023.pcap"
check_lines_like_tshark "$WORK/ieee8023.pcap" "802.3 lengths, raw IPX, XNS IDP"
check_filters_like_tshark "$WORK/ieee8023.pcap" "$DATA/filters_ieee8023.txt" 60 "802.3 lengths"
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/ieee8023.pcap")
check "frame.protocols of 802.3 frames: equal, or sockscope warns" test $? -eq 0
echo "$out" | tail -2
check_eq "read -Y ipx warns that raw IPX is not dissected" 1 \
  "$("$SOCKSCOPE" read "$WORK/ieee8023.pcap" -Y ipx 2>&1 >/dev/null | grep -c 'does not dissect')"
# IEEE 802.2 LLC and the spanning tree (make_llc.py): I, S and U frames, SNAP carrying
# IPv4/ARP/IPv6 and unknown protocol IDs, STP, RST and MST BPDUs, TCN, headers and BPDUs
# cut on the wire and by the snap length. Lines, hierarchy and filters equal tshark's. Its
# second capture hands LLC's payload to protocols sockscope does not dissect (NetBIOS,
# IPX, XID, GVRP, CDP, LLDP, ...): frame.protocols and `data` warn there.
python3 "$DATA/make_llc.py" "$WORK/llc.pcap" "$WORK/llc_others.pcap" "$WORK/llc_columns.pcap"
# The columns of those protocols where a few bytes decide them (llc_payload_columns.h):
# XID, GARP's applications, NetBIOS, IPX, LLDP, CDP and DDP.
check_lines_like_tshark "$WORK/llc_columns.pcap" "XID, GARP, NetBIOS, IPX, LLDP, CDP, DDP"
check_lines_like_tshark "$WORK/llc.pcap" "LLC, SNAP, STP"
check_phs_like_tshark "$WORK/llc.pcap" "LLC, SNAP, STP"
check_filters_like_tshark "$WORK/llc.pcap" "$DATA/filters_llc.txt" 120 "LLC, SNAP, STP"
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" \
  "$WORK/llc.pcap" "$WORK/llc_others.pcap")
check "frame.protocols of LLC frames: equal, or sockscope warns" test $? -eq 0
echo "$out" | tail -2
# read -V has an LLC block where tshark's tree has an llc item, an STP block per stp item
for block in "Logical-Link Control" "Spanning Tree Protocol"; do
  check_eq "read -V: a '$block' block per frame tshark -V has one" \
    "$(tshark -r "$WORK/llc.pcap" -V 2>/dev/null | grep -c "^$block")" \
    "$("$SOCKSCOPE" read "$WORK/llc.pcap" -V | grep -c "^$block")"
done
for f in data _ws.malformed cdp 'count(eth) == 1' eth.type data.data; do
  check_eq "read -Y $f warns where LLC's payload goes to a protocol sockscope does not dissect" 1 \
    "$("$SOCKSCOPE" read "$WORK/llc_others.pcap" -Y "$f" 2>&1 >/dev/null | grep -c 'does not dissect')"
done
check_eq "read -Y llc.dsap (LLC's own field) does not warn" "" \
  "$("$SOCKSCOPE" read "$WORK/llc_others.pcap" -Y llc.dsap 2>&1 >/dev/null)"
# ... and so does the protocol hierarchy, which tshark's fills with those protocols.
check_eq "stats --protocols warns from the first frame LLC hands to such a protocol" 1 \
  "$("$SOCKSCOPE" stats --protocols "$WORK/llc_others.pcap" 2>&1 >/dev/null |
    grep -c 'hierarchy may differ from tshark.s from frame 1 on')"
check_eq "stats --protocols does not warn where every layer is dissected" "" \
  "$("$SOCKSCOPE" stats --protocols "$WORK/llc.pcap" 2>&1 >/dev/null)"
finish
