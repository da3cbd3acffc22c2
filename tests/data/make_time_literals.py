#!/usr/bin/env python3
"""Writes a capture for frame.time literals (usage: OUT.pcap [EVERY]).

For tests/integration/test_filter_vs_tshark.sh (tests/data/filters_time_literals.txt):
the literals name times near 1970-01-12 13:46:45 UTC, and `frame.time >= "..."` tells
the value tshark gave a literal by the first frame it selects. So the frames lie where
the rules move a value: every second for two minutes either side, every minute for 36
hours either side (time zones, offsets), and fractions of the middle second (how many
digits a fraction has). With EVERY, only one frame in EVERY (the cross-corpus tests, where
these copies of one frame meet the other corpora, need the times, not all of them).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

BASE = 1000005  # 1970-01-12 13:46:45 UTC
FRAME = (bytes.fromhex("020000000002020000000001") + b"\x08\x00"
         + bytes.fromhex("4500001c000040004011f6c9c0000201c0000202")  # 192.0.2.1 -> .2
         + bytes.fromhex("30390035000800 00".replace(" ", "")))


def main():
    times = {(BASE + s, 0) for s in range(-120, 121)}
    times |= {(BASE + m * 60, 0) for m in range(-36 * 60, 36 * 60 + 1)}
    times |= {(BASE, ns) for ns in (1, 1234567, 12345678, 23456789, 100000000, 123456789,
                                    123456790, 500000000, 999999999)}
    every = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    write_pcap(sys.argv[1], [(t, FRAME) for t in sorted(times)][::every], nanos=True)


if __name__ == "__main__":
    main()
