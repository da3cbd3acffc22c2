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
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

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
    parts_lock = threading.Lock()

    def part(start):
        with parts_lock:
            if start not in parts:
                path = os.path.join(tmp, "from%d.pcap" % start)
                subprocess.run(["editcap", "-r", pcap, path, "%d-1000000" % start],
                               check=True, capture_output=True)
                parts[start] = path
            return parts[start]

    def compare(field):
        """(problem line or None, whether compared, whether frames were left out)"""
        ours, skipped, start = set(), set(), 1
        for _ in range(200):  # bounded: one round per warned frame
            r = subprocess.run([sockscope, "read", part(start), "-Y", field],
                               capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                return "%s: %s refused: %s" % (pcap, field, r.stderr.strip()), False, False
            got = {int(line.split()[0]) + start - 1 for line in r.stdout.splitlines()
                   if line.strip()}
            m = re.search(r"from frame (\d+) on", r.stderr)
            if not m:
                ours |= got
                break
            cut = int(m.group(1)) + start - 1
            ours |= {x for x in got if x < cut}
            skipped.add(cut)
            start = cut + 1
            if start > packets:
                break
        theirs = present.get(field, set()) - skipped
        problem = None
        if ours != theirs:
            problem = "%s: %s: tshark %s, sockscope %s" % (
                pcap.split("/")[-1], field, sorted(theirs)[:20], sorted(ours)[:20])
        return problem, True, bool(skipped)

    # Two at a time: the test takes two of ctest's slots (# cpu-bound), and one process
    # per field and per warned frame is most of its time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for problem, was_compared, left_out in pool.map(compare, fields):
            compared += was_compared
            warned += left_out
            if problem:
                bad += 1
                print(problem)
    print("%s: %d dhcp fields compared (%d with frames left out after a may-differ "
          "warning), %d differ so far" % (pcap.split("/")[-1], compared, warned, bad))
sys.exit(1 if bad else 0)
