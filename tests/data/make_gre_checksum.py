#!/usr/bin/env python3
"""Writes a capture of GRE packets with and without checksums (usage: OUT.pcap), for
gre.checksum.status and gre.checksum.incorrect in tests/integration/
test_gre_ppp_vs_tshark.sh: no checksum, a good one, a bad one, the routing bit alone (the
field is there, unverified), and a good one in a packet the snap length cut."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, B, csum, eth, ipv4, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

INNER = ipv4(A, B, 17, udp(1, 2, b"inside GRE"))


def gre(flags, good=True):
    if not flags & 0xC000:
        return struct.pack("!HH", flags, 0x0800) + INNER
    body = struct.pack("!HHHH", flags, 0x0800, 0, 0)
    if flags & 0x4000:
        body += struct.pack("!HBB", 0, 0, 0)  # the routing list's end
    body += INNER
    check = csum(body) ^ (0 if good else 0x1111)
    return body[:4] + struct.pack("!H", check) + body[6:]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_gre_checksum.py OUT.pcap")
    frames = [eth(ipv4(A, B, 47, gre(f, good))) for f, good in
              ((0, True), (0x8000, True), (0x8000, False), (0x4000, True))]
    cut = eth(ipv4(A, B, 47, gre(0x8000)))
    records = [(5000 + i, f) for i, f in enumerate(frames)]
    # before the UDP payload (3 bytes of it would meet tshark's WireGuard heuristic, which
    # reads past them and throws: sockscope warns there)
    records.append((5000 + len(frames), cut[:70], len(cut)))
    write_pcap(sys.argv[1], records)


if __name__ == "__main__":
    main()
