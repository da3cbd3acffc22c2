#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# Every filter of every corpus (tests/data/filters_*.txt) on every crafted capture of up to
# 300 frames, in one `read --filter-list` per capture: each filter gets its answer line and
# the reader ends cleanly. Its point is the sanitizer run (`make sanitize` lists it): the
# filters and the captures are outside input, and an answer that reads freed or foreign
# memory can still come out right (a stale view into an earlier packet's HTTP message was
# found so, by hand). The answers themselves are compared with tshark's elsewhere
# (test_filters_everywhere_vs_tshark, which reads the same answers from the release build):
# so the release build reads only the 12 smallest captures here, to keep the test itself
# tested, and the larger captures are left out because the sanitized build takes ~10 us
# per filter and frame.
# No traffic: the captures are the generators' and the committed ones.
source "$(dirname "$0")/lib.sh"
DATA="$SOCKSCOPE_SRC/tests/data"

crafted_captures
grep -hv '^\s*#' "$DATA"/filters_*.txt | sed -e 's/^!single //' -e 's/^!reject //' |
  grep -v '^\s*$' | sort -u >"$WORK/filters.txt"
filters=$(wc -l <"$WORK/filters.txt")
check "the corpora hold 3,000 filters or more" test "$filters" -ge 3000

# answer_all PCAP: prints "ok NAME" when every filter got its line and the reader ended as
# it should: exit 0, or 2 with an error line last (the corpora hold the filters tshark
# rejects; cut_short.pcap ends inside a packet), never a sanitizer's report.
answer_all() {
  local pcap=$1 name out rc
  name=$(basename "$pcap")
  out="$WORK/answers_$name.txt"
  timeout 300 "$SOCKSCOPE" read "$pcap" --filter-list "$WORK/filters.txt" >"$out" 2>"$out.err"
  rc=$?
  if { [ "$rc" -eq 0 ] || { [ "$rc" -eq 2 ] && tail -1 "$out.err" | grep -q '^sockscope: error: '; }; } &&
    [ "$(wc -l <"$out")" -eq "$filters" ] && ! grep -q 'Sanitizer\|runtime error' "$out.err"; then
    echo "ok $name"
  else
    echo "FAILED $name (exit $rc, $(wc -l <"$out") answer lines): $(grep -m3 -E 'ERROR|runtime error|Sanitizer' "$out.err" || tail -1 "$out.err")"
  fi
}
export -f answer_all
export WORK SOCKSCOPE filters

small=()
for pcap in "${CAPTURES[@]}"; do
  frames=$(capinfos -c -M "$pcap" 2>/dev/null | awk '/Number of packets/ {print $NF}')
  [ -n "$frames" ] && [ "$frames" -le 300 ] && small+=("$pcap")
done
check "40 captures or more have up to 300 frames" test "${#small[@]}" -ge 40
if [ "${SOCKSCOPE_SANITIZED:-0}" != 1 ]; then
  mapfile -t small < <(ls -S -r "${small[@]}" | head -12)
fi
# Two readers at a time: the test holds two slots.
printf '%s\0' "${small[@]}" | xargs -0 -n 1 -P 2 bash -c 'answer_all "$0"' >"$WORK/results.txt"
grep -v '^ok ' "$WORK/results.txt"
check_eq "every capture answered all $filters filters and exited cleanly" \
  "${#small[@]}" "$(grep -c '^ok ' "$WORK/results.txt")"
finish
