#!/usr/bin/env bash
# cpu-bound: takes two of ctest's job slots (CMakeLists.txt, scripts/run-tests)
# Large captures stay fast: `explain` of one stream with 80,000 out-of-order segments
# finishes in seconds (it was quadratic: 18-25 s) and still pairs every segment with the
# ACK that covers it; `follow --all` writes 20,000 streams in one pass. Synthetic files
# (tests/integration/make_big_captures.py); no network traffic. Every run is bounded.
source "$(dirname "$0")/lib.sh"
GEN="$SOCKSCOPE_SRC/tests/integration/make_big_captures.py"

python3 "$GEN" out-of-order 80000 "$WORK/ooo.pcap"
start=$(date +%s%N)
timeout 60 "$SOCKSCOPE" explain "$WORK/ooo.pcap" >"$WORK/explain.txt"; rc=$?
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "explain of 80,000 out-of-order segments exits 0" 0 "$rc"
check "explain of 80,000 out-of-order segments in under 5 s ($took_ms ms)" test "$took_ms" -lt 5000
check_eq "every segment is acknowledged by the ACK after its pair" 80000 \
  "$(grep -cE '^  frame [0-9]+ .* 10 bytes, .*acknowledged by frame [0-9]+' "$WORK/explain.txt")"
# Segment k (frames 4,5 / 7,8 / ...) is acknowledged by the frame after its pair.
check "the last pair is acknowledged by frame 120003" grep -qE \
  "^  frame 120002 +192\.0\.2\.1:40000 -> 192\.0\.2\.2:80  10 bytes, Seq=799981 .*acknowledged by frame 120003" \
  "$WORK/explain.txt"
check "the close is explained" grep -q "FIN/ACK in both directions: an orderly close" "$WORK/explain.txt"

python3 "$GEN" many-streams 20000 "$WORK/many.pcap"
start=$(date +%s%N)
timeout 60 "$SOCKSCOPE" follow "$WORK/many.pcap" --all -d "$WORK/all" 2>/dev/null; rc=$?
took_ms=$((($(date +%s%N) - start) / 1000000))
check_eq "follow --all of 20,000 streams exits 0" 0 "$rc"
check "follow --all of 20,000 streams in under 20 s ($took_ms ms)" test "$took_ms" -lt 20000
check_eq "one file per stream" 20000 "$(ls "$WORK/all" | wc -l)"
tshark -r "$WORK/many.pcap" -q -z follow,tcp,ascii,19999 2>/dev/null | cmp -s - "$WORK/all/tcp-stream-19999.txt"
check "the last stream's file equals tshark -z follow" test $? -eq 0
finish
