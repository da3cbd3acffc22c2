#!/usr/bin/env python3
"""Writes a capture of ARP spoofing and of ARP's other operations (usage: OUT.pcap).

For tests/integration/test_arp_vs_tshark.sh (tests/data/filters_arp_duplicates.txt):
Wireshark 4.0 binds each request's and reply's sender address to its MAC, and a reply's
target too (not group or all-zero MACs, not 0.0.0.0), and reports a binding to another
MAC (arp.duplicate-address-frame: the frame that last showed the first one, which
stays; arp.seconds-since-duplicate-address-frame), naming in Info the address its last
check found. Here: a spoofer answering for 192.0.2.1 twice, the real owner again, a
reply whose target is the odd one, a request (its target is not checked), probes from
two MACs, a gratuitous reply and one whose sender and target are both the spoofed
address, both addresses of one reply spoofed, a reply whose target matches; then every
operation code Wireshark names (RARP, DRARP, InARP, ATMARP NAK, MARS, MAPOS, reserved).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_arp import BROADCAST, ZERO_MAC, arp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

M = [bytes.fromhex("0200000000%02x" % i) for i in range(10)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_arp_spoof.py OUT.pcap")
    spoof = [
        (0, arp(1, M[1], "192.0.2.1", ZERO_MAC, "192.0.2.2")),
        (1, arp(2, M[2], "192.0.2.2", M[1], "192.0.2.1", M[1])),
        (5, arp(2, M[3], "192.0.2.1", M[2], "192.0.2.2", M[2])),
        (7, arp(2, M[3], "192.0.2.1", M[2], "192.0.2.2", M[2])),
        (9, arp(1, M[1], "192.0.2.1", ZERO_MAC, "192.0.2.2")),
        (12, arp(2, M[2], "192.0.2.2", M[9], "192.0.2.1", M[9])),
        (13, arp(1, M[2], "192.0.2.2", M[9], "192.0.2.1")),
        (14, arp(1, M[4], "0.0.0.0", ZERO_MAC, "192.0.2.7")),
        (15, arp(1, M[5], "0.0.0.0", ZERO_MAC, "192.0.2.7")),
        (16, arp(1, M[6], "192.0.2.8", ZERO_MAC, "192.0.2.8")),
        (17, arp(2, M[7], "192.0.2.8", BROADCAST, "192.0.2.8")),
        (18, arp(2, M[3], "192.0.2.2", M[3], "192.0.2.2", M[3])),
        (19, arp(2, M[8], "192.0.2.8", M[8], "192.0.2.1", M[8])),
        (20, arp(2, M[2], "192.0.2.9", M[1], "192.0.2.1", M[1])),
    ]
    ops = [(30 + i, arp(op, M[1], "192.0.2.1", M[2], "192.0.2.2"))
           for i, op in enumerate([0] + list(range(3, 28)) + [0x1234, 65535])]
    write_pcap(sys.argv[1], spoof + ops)


if __name__ == "__main__":
    main()
