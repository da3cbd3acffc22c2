#!/usr/bin/env bash
# The type of every dhcp.* field (564 names in Debian 12's tshark 4.0, `tshark -G fields`):
# sockscope must accept exactly the literals tshark accepts for it. Each field is probed
# with literals that tell the types apart (a fraction, a negative number, a number too
# wide for 24 bits, a byte string, a quoted string, a GUID, an ordering); every probe goes
# through tshark (one pass) and `sockscope read -Y` (filter_vs_tshark.py compare), on a
# capture without DHCP, so only acceptance is compared (the values are compared by
# test_dhcp_fields_vs_tshark.sh).
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && $3 ~ /^dhcp\./ {print $3}' | sort -u >"$WORK/fields"
n=$(wc -l <"$WORK/fields")
check "tshark lists the dhcp fields ($n)" test "$n" -gt 500
while read -r f; do
  for probe in '== 1.5' '== -1' '== 0x1000000' '== 01:02' '== "a"' \
    '== 00000000-0000-0000-0000-000000000000' '> 0' '& 1'; do
    echo "$f $probe"
  done
done <"$WORK/fields" >"$WORK/probes.txt"
# Known differences, each a type sockscope's filters do not have: FT_GUID (a GUID literal
# only; sockscope reads bytes), FT_ABSOLUTE_TIME (a date string; sockscope reads a number),
# FT_UINT64 (read as FT_BOOLEAN: both are 64 bits wide in sockscope's field table).
cat >"$WORK/known.txt" <<'KNOWN'
dhcp.client_id.uuid == 1.5
dhcp.client_id.uuid == 01:02
dhcp.client_id.uuid == "a"
dhcp.client_id.uuid > 0
dhcp.client_id.uuid & 1
dhcp.option.dhcp_authentication.rdm_replay_detection == -1
dhcp.option.dhcp_authentication.rdm_replay_detection & 1
KNOWN
for f in base_time query_end_time query_start_time; do
  for probe in '== 1.5' '== -1' '== 0x1000000' '> 0'; do
    echo "dhcp.option.bulk_lease.$f $probe"
  done
done >>"$WORK/known.txt"
timeout 580 python3 "$SOCKSCOPE_SRC/tests/integration/filter_vs_tshark.py" compare \
  "$SOCKSCOPE" "$SOCKSCOPE_SRC/tests/data/raw_ip.pcap" "$WORK/probes.txt" >"$WORK/out.txt"
tail -1 "$WORK/out.txt"
check "the comparison ran ($(wc -l <"$WORK/probes.txt") probes)" grep -q "^$(wc -l <"$WORK/probes.txt") filters" "$WORK/out.txt"
# (filter_vs_tshark.py pads the filter to 50 columns: strip it back to the filter alone)
grep '^DIFF ' "$WORK/out.txt" | sed -E 's/^DIFF (.*[^ ]) +tshark (rejects|selects).*/\1/' >"$WORK/diffs.txt"
grep -vxF -f "$WORK/known.txt" "$WORK/diffs.txt" >"$WORK/new.txt"
grep -F -f "$WORK/new.txt" "$WORK/out.txt" | head -40
check "every probe of every dhcp field is accepted or refused as tshark does, but the $(wc -l <"$WORK/known.txt") known ones" \
  test ! -s "$WORK/new.txt"
check_eq "... and each known one still differs" "$(sort "$WORK/known.txt")" "$(sort "$WORK/diffs.txt")"
check "the time offset is a signed integer as in tshark (1.5 refused, -3600 accepted)" \
  sh -c "! '$SOCKSCOPE' read '$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap' -Y 'dhcp.option.time_offset == 1.5' >/dev/null 2>&1 && '$SOCKSCOPE' read '$SOCKSCOPE_SRC/tests/data/dhcp_edge.pcap' -Y 'dhcp.option.time_offset == -3600' | grep -q ."
finish
