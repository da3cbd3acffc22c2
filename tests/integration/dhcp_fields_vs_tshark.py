#!/usr/bin/env python3
"""Every dhcp.* field Debian 12's tshark knows (`tshark -G fields`), alone as a display
filter: sockscope must accept it and select the frames where tshark's dissection tree
holds it (read from tshark's PDML, which lists hidden fields and expert items too).
Fields sockscope does not compute must then be absent exactly where tshark has them
absent on these captures. Where sockscope warns that a field may differ (a message with
a DHCP option it does not dissect), that frame is left out, and the frames after it are
compared by reading the capture again from the next frame (editcap -r).
Usage: dhcp_fields_vs_tshark.py SOCKSCOPE PCAP...  Exit 1 on a difference."""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from filter_vs_tshark import sockscope_batch  # noqa: E402

sockscope, pcaps = sys.argv[1], sys.argv[2:]
fields = sorted({line.split("\t")[2] for line in subprocess.run(
    ["tshark", "-G", "fields"], capture_output=True, text=True).stdout.splitlines()
    if line.startswith("F\t") and line.split("\t")[2].startswith("dhcp.")})
bad = 0
for pcap in pcaps:
    pdml = subprocess.run(["tshark", "-r", pcap, "-T", "pdml"], capture_output=True,
                          text=True).stdout
    present = {}  # field -> frames
    packets = 0
    for n, packet in enumerate(ET.fromstring(pdml).iter("packet"), 1):
        packets = n
        for f in packet.iter("field"):
            name = f.get("name", "")
            if name.startswith("dhcp."):
                present.setdefault(name, set()).add(n)
    compared = warned = 0
    tmp = tempfile.mkdtemp()
    parts = {1: pcap}

    def part(start):
        if start not in parts:
            path = os.path.join(tmp, "from%d.pcap" % start)
            subprocess.run(["editcap", "-r", pcap, path, "%d-1000000" % start],
                           check=True, capture_output=True)
            parts[start] = path
        return parts[start]

    # Every field in one `read --filter-list` per round: a field whose answer warns from
    # frame K on is asked again, with the others that stopped at K, on the capture from
    # frame K + 1 (bounded: one round per warned frame).
    ours = {f: set() for f in fields}
    skipped = {f: set() for f in fields}
    start_of = {f: 1 for f in fields}
    refused = {}
    for _ in range(200):
        by_start = {}
        for f in fields:
            if start_of[f] is not None:
                by_start.setdefault(start_of[f], []).append(f)
        if not by_start:
            break
        for start, group in sorted(by_start.items()):
            answers = sockscope_batch(sockscope, part(start), group)
            for f in group:
                got, why = answers[f]
                if got is None:
                    refused[f], start_of[f] = why, None
                    continue
                got = {x + start - 1 for x in got}
                m = re.search(r"from frame (\d+) on", why)
                if not m:
                    ours[f] |= got
                    start_of[f] = None
                    continue
                cut = int(m.group(1)) + start - 1
                ours[f] |= {x for x in got if x < cut}
                skipped[f].add(cut)
                start_of[f] = cut + 1 if cut + 1 <= packets else None
    for f in fields:
        if f in refused:
            bad += 1
            print("%s: %s refused: %s" % (pcap, f, refused[f]))
            continue
        compared += 1
        warned += bool(skipped[f])
        theirs = present.get(f, set()) - skipped[f]
        if ours[f] != theirs:
            bad += 1
            print("%s: %s: tshark %s, sockscope %s" % (
                pcap.split("/")[-1], f, sorted(theirs)[:20], sorted(ours[f])[:20]))
    print("%s: %d dhcp fields compared (%d with frames left out after a may-differ "
          "warning), %d differ so far" % (pcap.split("/")[-1], compared, warned, bad))
sys.exit(1 if bad else 0)
