#!/usr/bin/env bash
# `read -V`'s DNS block against tshark 4.0's, on the DNS test captures (tests/data/
# make_dns_odd.py: crafted and random messages, odd names, cut and malformed ones;
# make_dns_transactions.py: retransmissions, unsolicited responses, ICMP quotes;
# make_dns_tcp.py: several messages a segment, PDUs over segments) and on them cut by
# snap lengths (editcap -s): frame by frame, the title, ID, flags, counts (an UPDATE's
# Zones/Prerequisites/Updates), each section's subtree where tshark adds it, every question
# and record summary ("name: type A, class IN, addr ..."; names past 239 bytes
# "[truncated]"), each record's TTL and data length, and the links one pass makes
# ([Request In], [Time], retransmissions, [Unsolicited]). The per-field lines under
# them (Name:, Type: ...) and the flags' bit lines are not compared. And `-T json`'s
# "dns" object on the same frames. No traffic: the captures are crafted.
source "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "tshark missing"; exit 1; }
command -v editcap >/dev/null || { echo "editcap missing (wireshark-common)"; exit 1; }
DATA="$SOCKSCOPE_SRC/tests/data"
R='^(Domain Name System|    (Transaction ID|Flags|Questions|Answer RRs|Authority RRs|Additional RRs|Zones|Prerequisites|Updates): |    (Queries|Answers|Authoritative nameservers|Additional records|Zone|Prerequisites|Updates)$|        [^ .01[]|         \[truncated\]|            (Time to live|Data length): |    \[(Request In|Time|Retransmitted|Retransmission|Unsolicited)[: ])'
# (tshark's "Extraneous Data Bytes" after a record is not modelled)
blocks() { detail_lines '^Domain Name System' "$R" | grep -av '^        Extraneous Data Bytes: '; }
for g in odd transactions tcp; do
  python3 "$DATA/make_dns_$g.py" "$WORK/$g.pcap" >/dev/null
  for snap in 0 60 96; do
    pcap="$WORK/$g.pcap"
    if [ "$snap" -gt 0 ]; then
      pcap="$WORK/s$snap-$g.pcap"
      editcap -s "$snap" "$WORK/$g.pcap" "$pcap"
    fi
    tshark -r "$pcap" -V 2>/dev/null | blocks >"$WORK/t.txt"
    "$SOCKSCOPE" read "$pcap" -V 2>/dev/null | blocks >"$WORK/o.txt"
    check_same_file "$g, snap $snap: -V DNS lines equal tshark's ($(wc -l <"$WORK/t.txt") lines)" \
      "$WORK/t.txt" "$WORK/o.txt"
  done
done
# (what the comparison covers: each of these appears in tshark's blocks)
{ tshark -r "$WORK/odd.pcap" -V; tshark -r "$WORK/transactions.pcap" -V; } 2>/dev/null | blocks >"$WORK/all.txt"
for m in 'Zones: ' '    Updates$' ' \[truncated\]' ', mname ' ', ns ' '\[Request In: ' \
  '\[Retransmitted response. Original response in: ' '\[Unsolicited: True\]' ', class CH' \
  'Unknown operation response, Unknown error$'; do
  check "tshark's blocks have \"$m\"" grep -qE -- "$m" "$WORK/all.txt"
done
# -T json: the same message as an object (a query and its answer, linked)
"$SOCKSCOPE" read "$WORK/transactions.pcap" -T json >"$WORK/tx.json"
check "-T json: each DNS frame has its dns object, a response its link and time" python3 - "$WORK/tx.json" <<'PY'
import json, subprocess, sys
frames = json.load(open(sys.argv[1]))
want = {}
for line in subprocess.run(["tshark", "-r", sys.argv[1].replace("tx.json", "transactions.pcap"), "-T", "fields",
                            "-e", "frame.number", "-e", "dns.id", "-e", "dns.response_to", "-e", "dns.qry.name"],
                           capture_output=True, text=True).stdout.splitlines():
    n, ident, to, name = (line.split("\t") + ["", "", ""])[:4]
    if ident:
        want[int(n)] = (int(ident.split(",")[0], 16), to.split(",")[0], name.split(",")[0])
got = {}
for f in frames:
    d = f.get("dns")
    if isinstance(d, list):
        d = d[0]
    if d:
        q = d.get("questions") or [{}]
        got[f["number"]] = (d["id"], str(d.get("response_to", "")), q[0].get("name", ""))
bad = {n: (want[n], got.get(n)) for n in want if got.get(n) != want[n]}
print(len(want), "frames with DNS;", len(bad), "differ:", list(bad.items())[:5])
sys.exit(1 if bad or not want else 0)
PY
finish
