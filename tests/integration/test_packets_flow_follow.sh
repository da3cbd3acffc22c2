#!/usr/bin/env bash
# `flow` and `follow` at their edges: on a loopback capture (both ends 127.0.0.1) every
# arrow runs from the packet's source port to its destination port, as tshark's flow
# graph draws it (before, both ends shared one column: no arrow, the SYN's destination
# port first, SVG lines with x1 == x2); `flow --svg` refuses to overwrite the capture it
# reads; `follow --all -d a/b/c` creates the directories, and -d without --all is refused.
# Traffic only on the loopback of a namespace this test creates.
source "$(dirname "$0")/lib.sh"

ns=$(make_ns flow)
start_bg "$ns" "$WORK/tcpdump.txt" tcpdump -i lo --immediate-mode -U -w "$WORK/lo.pcap" tcp
wait_for_file_line "$WORK/tcpdump.txt" 'listening on' 5
start_bg "$ns" "$WORK/serve.txt" "$SOCKSCOPE" serve --port 0
wait_for_file_line "$WORK/serve.txt" 'serverPort: ' 5
port=$(server_port "$WORK/serve.txt")
in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$port" "hello" >/dev/null
in_ns "$ns" "$SOCKSCOPE" send 127.0.0.1 "$port" "again" >/dev/null
sleep 0.3
kill "${_PIDS[0]}"; wait "${_PIDS[0]}" 2>/dev/null
packets=$(tshark -r "$WORK/lo.pcap" 2>/dev/null | wc -l)
check "tcpdump captured the two exchanges" test "$packets" -ge 14

# Each arrow line of the text graph: "(SRC)|---->|(DST)" or "(DST)|<----|(SRC)"; read the
# source and destination ports it shows and compare with tshark's, packet by packet.
"$SOCKSCOPE" flow "$WORK/lo.pcap" >"$WORK/flow.txt"
tshark -r "$WORK/lo.pcap" -T fields -e tcp.srcport -e tcp.dstport 2>/dev/null | tr '\t' ' ' >"$WORK/t.txt"
grep -oE '\([0-9]+\)\|(-+>|<-+)\|\([0-9]+\)' "$WORK/flow.txt" |
  sed -E 's/^\(([0-9]+)\)\|-+>\|\(([0-9]+)\)$/\1 \2/; s/^\(([0-9]+)\)\|<-+\|\(([0-9]+)\)$/\2 \1/' >"$WORK/o.txt"
check "every arrow runs from tshark's source port to its destination port" cmp -s "$WORK/t.txt" "$WORK/o.txt"
cmp -s "$WORK/t.txt" "$WORK/o.txt" || { cat "$WORK/flow.txt"; diff "$WORK/t.txt" "$WORK/o.txt"; }
check_match "the client and the server each have a column" "Frame  Time +127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$port" "$(head -1 "$WORK/flow.txt")"
"$SOCKSCOPE" flow "$WORK/lo.pcap" --svg "$WORK/flow.svg" >/dev/null
check "the SVG is well-formed XML" xmllint --noout "$WORK/flow.svg"
check_eq "one arrow per packet in the SVG" "$packets" "$(grep -c 'marker-end' "$WORK/flow.svg")"
check_eq "no SVG arrow has x1 == x2" 0 \
  "$(grep 'marker-end' "$WORK/flow.svg" | sed -E 's/.*x1="([0-9]+)".*x2="([0-9]+)".*/\1 \2/' | awk '$1 == $2' | wc -l)"

# --svg onto the capture itself: refused, the capture untouched.
cp "$WORK/lo.pcap" "$WORK/keep.pcap"
out=$("$SOCKSCOPE" flow "$WORK/lo.pcap" --svg "$WORK/lo.pcap" 2>&1 >/dev/null); rc=$?
check_eq "flow --svg onto its own input exits 2" 2 "$rc"
check_match "it names the file" "--svg '$WORK/lo.pcap' is the capture being read" "$out"
check "the capture is unchanged" cmp -s "$WORK/lo.pcap" "$WORK/keep.pcap"
ln -s lo.pcap "$WORK/link.pcap"
"$SOCKSCOPE" flow "$WORK/lo.pcap" --svg "$WORK/link.pcap" >/dev/null 2>&1; rc=$?
check_eq "also through a symlink to it" "2 same" "$rc $(cmp -s "$WORK/lo.pcap" "$WORK/keep.pcap" && echo same)"

# follow: --all -d creates nested directories; -d without --all is refused.
"$SOCKSCOPE" follow "$WORK/lo.pcap" --all -d "$WORK/a/b/c" 2>/dev/null; rc=$?
check_eq "follow --all -d a/b/c exits 0" 0 "$rc"
check_eq "it created a/b/c with one file per stream" 2 "$(ls "$WORK/a/b/c" 2>/dev/null | wc -l)"
out=$("$SOCKSCOPE" follow "$WORK/lo.pcap" --tcp 0 -d "$WORK/x" 2>&1 >/dev/null); rc=$?
check_eq "-d without --all exits 2" 2 "$rc"
check_match "-d without --all says -d is for --all" "-d '$WORK/x' is for --all" "$out"
touch "$WORK/plain"
out=$("$SOCKSCOPE" follow "$WORK/lo.pcap" --all -d "$WORK/plain/sub" 2>&1); rc=$?
check_eq "-d under a plain file exits 2" 2 "$rc"
check_match "and names the directory" "bad directory '$WORK/plain/sub': cannot create it" "$out"
finish
