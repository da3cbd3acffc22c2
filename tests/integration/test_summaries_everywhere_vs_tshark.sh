#!/usr/bin/env bash
# Summary lines (`read`, one line a frame) of every crafted capture and of its copies cut by
# the snap length, against tshark 4.0's, byte for byte. Each capture's own test compares it
# whole; the cut copies are compared nowhere else: a cut in a header or a message changes
# what tshark says (a field cut in its value, "[Packet size limited during capture]",
# "[Malformed Packet]"), and the first run found 150 lines different on 20 copies.
# The lines left different must be exactly tests/data/known_summary_differences.txt (a new
# one fails the test, and so does a listed one that went away). No traffic: files only.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
KNOWN="$SOCKSCOPE_SRC/tests/data/known_summary_differences.txt"

crafted_captures
: >"$WORK/now.txt"
lines=0
for pcap in "${CAPTURES[@]}"; do
  name=$(basename "$pcap")
  tshark -r "$pcap" >"$WORK/tshark.txt" 2>/dev/null
  "$SOCKSCOPE" read "$pcap" >"$WORK/ours.txt" 2>/dev/null
  lines=$((lines + $(wc -l <"$WORK/tshark.txt")))
  # Line N is frame N on both sides; a line only one side prints differs too.
  awk -v name="$name" 'NR == FNR { t[FNR] = $0; nt = FNR; next }
    { o[FNR] = $0; no = FNR }
    END { n = nt > no ? nt : no
          for (i = 1; i <= n; i++) if (t[i] != o[i]) printf "%s\t%d\t%s\t%s\n", name, i, t[i], o[i] }' \
    "$WORK/tshark.txt" "$WORK/ours.txt" >>"$WORK/now.txt"
done
cut -f1,2 "$WORK/now.txt" | sort >"$WORK/now_keys.txt"
grep -v '^#' "$KNOWN" | grep . | sort >"$WORK/known_keys.txt"
new=$(comm -23 "$WORK/now_keys.txt" "$WORK/known_keys.txt")
gone=$(comm -13 "$WORK/now_keys.txt" "$WORK/known_keys.txt")
echo "${#CAPTURES[@]} captures, $lines summary lines: $(wc -l <"$WORK/now_keys.txt") differ from tshark's"
if [ -n "$new" ]; then
  echo "new differences (tshark's line, then ours):"
  grep -F -f <(echo "$new" | awk -F'\t' '{print $1 "\t" $2 "\t"}') "$WORK/now.txt" | head -40 |
    awk -F'\t' '{print $1 " frame " $2 ":\n  tshark: " $3 "\n  ours:   " $4}'
fi
[ -n "$gone" ] && echo "gone:" && echo "$gone"
if [ -n "$new$gone" ]; then
  { grep '^#' "$KNOWN"; cat "$WORK/now_keys.txt"; } >/tmp/known_summary_differences.txt.now
  echo "the list as it is now: /tmp/known_summary_differences.txt.now"
fi
check "summary lines different from tshark's are exactly the known ones" test -z "$new$gone"
finish
