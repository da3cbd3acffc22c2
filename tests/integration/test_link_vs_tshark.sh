#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# VLAN tags, Linux cooked headers, BSD loopback and raw IP against tshark 4.0: every filter of
# tests/data/filters_link.txt (vlan.*, ieee8021ad.*, sll.*, eth.padding/.trailer/.fcs, eth.type before a tag, the
# layer operator over stacked tags, headers and tags cut short) selects the same frames
# on tests/data/make_link_headers.py's captures and on the cooked captures of
# tests/data; the summary lines, frame.protocols and -z io,phs agree too. No traffic:
# the captures are crafted. Also the length/type field (make_ieee8023.py: 802.3 lengths)
# and 802.1ad stacks (make_qinq.py). Nothing here waits on a socket or a timer: the whole
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
# and 1536 (make_ieee8023.py). sockscope does not dissect LLC: frame.protocols warns there,
# and so do filters naming LLC's protocols (stp, llc): those are not compared here.
python3 "$DATA/make_ieee8023.py" "$WORK/ieee8023.pcap"
check_filters_like_tshark "$WORK/ieee8023.pcap" "$DATA/filters_ieee8023.txt" 60 "802.3 lengths"
out=$(python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" protocols "$SOCKSCOPE" "$WORK/ieee8023.pcap")
check "frame.protocols of 802.3 frames: equal, or sockscope warns" test $? -eq 0
echo "$out" | tail -2
check_eq "read -Y stp warns that LLC's payload is not dissected" 1 \
  "$("$SOCKSCOPE" read "$WORK/ieee8023.pcap" -Y stp 2>&1 >/dev/null | grep -c 'does not dissect')"
finish
