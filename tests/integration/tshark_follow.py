#!/usr/bin/env python3
"""tshark's `-z follow` output for many streams and formats of one capture, from one
tshark run: `tshark_follow.py PCAP OUTDIR PROTO,FORMAT,STREAM...` writes OUTDIR/<spec>
holding exactly what `tshark -r PCAP -q -z follow,<spec>` prints alone.

Why: test_packets_capture compared 55 stream/format cases, each its own tshark run of
about 0.6 s (tshark's start-up, not the work). tshark runs every -z tap in one pass and
prints each tap's text as the lone run would, one after another (in an order of its own:
each section is found by its "Follow:" and "Filter:" lines, never by position). A spec
with no section, or two, or a section nobody asked for, fails the run (exit 1)."""
import os
import re
import subprocess
import sys


def main():
    pcap, outdir = sys.argv[1], sys.argv[2]
    specs = list(dict.fromkeys(sys.argv[3:]))  # each once: tshark would print it twice
    args = ["tshark", "-r", pcap, "-q"]
    for spec in specs:
        args += ["-z", "follow," + spec]
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120).stdout
    found = {}
    # Each tap's text starts with an empty line and a rule of 67 '='.
    for part in re.split(rb"(?=\n={67}\nFollow: )", out):
        if not part:
            continue
        m = re.match(rb"\n={67}\nFollow: (\w+),(\w+)\nFilter: \w+\.stream eq (\d+)\n", part)
        if not m:
            sys.exit("tshark_follow: unexpected text: %r" % part[:100])
        spec = ",".join(x.decode() for x in m.groups())
        if spec in found or spec not in specs:
            sys.exit("tshark_follow: section %s twice or not asked for" % spec)
        found[spec] = part
    missing = [s for s in specs if s not in found]
    if missing:
        sys.exit("tshark_follow: no section for %s" % " ".join(missing))
    os.makedirs(outdir, exist_ok=True)
    for spec, text in found.items():
        with open(os.path.join(outdir, spec), "wb") as f:
            f.write(text)


if __name__ == "__main__":
    main()
