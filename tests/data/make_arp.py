#!/usr/bin/env python3
"""Writes a capture of ARP in its variety (usage: OUT.pcap).

For tests/integration/test_arp_vs_tshark.sh: requests and replies, gratuitous requests
(an announcement with an all-zero target MAC, and one to the broadcast MAC), a gratuitous
reply, a probe from 0.0.0.0, a request from 0.0.0.0 with a target MAC (no probe), a
request to itself from 0.0.0.0, and packets the snap length cut inside the addresses.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

BROADCAST = b"\xff" * 6
ZERO_MAC = bytes(6)
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def ip(text):
    return bytes(int(x) for x in text.split("."))


def arp(op, sha, spa, tha, tpa, eth_dst=BROADCAST):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + sha + ip(spa) + tha + ip(tpa)
    frame = eth_dst + sha + b"\x08\x06" + body
    return frame + bytes(max(0, 60 - len(frame)))  # Ethernet padding, as on the wire


def frames():
    out = [
        arp(1, MAC_A, "192.0.2.1", ZERO_MAC, "192.0.2.2"),
        arp(2, MAC_B, "192.0.2.2", MAC_A, "192.0.2.1", MAC_A),
        arp(1, MAC_A, "192.0.2.1", ZERO_MAC, "192.0.2.1"),  # announcement
        arp(1, MAC_A, "192.0.2.1", BROADCAST, "192.0.2.1"),  # gratuitous request
        arp(2, MAC_A, "192.0.2.1", BROADCAST, "192.0.2.1"),  # gratuitous reply
        arp(1, MAC_A, "0.0.0.0", ZERO_MAC, "192.0.2.7"),  # probe
        arp(1, MAC_A, "0.0.0.0", MAC_B, "192.0.2.7"),  # no probe: a target MAC
        arp(1, MAC_A, "0.0.0.0", ZERO_MAC, "0.0.0.0"),  # gratuitous, from nobody
        arp(2, MAC_B, "192.0.2.2", ZERO_MAC, "192.0.2.9", MAC_A),
    ]
    cut = [
        (out[2][:14 + 8 + 6 + 4 + 3], len(out[2])),  # inside the target MAC
        (out[4][:14 + 8 + 6 + 4 + 6 + 2], len(out[4])),  # inside the target address
    ]
    return out + cut


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_arp.py OUT.pcap")
    write_pcap(sys.argv[1], ((2000 + i * 0.001,) + (f if isinstance(f, tuple) else (f,))
                             for i, f in enumerate(frames())))


if __name__ == "__main__":
    main()
