#!/usr/bin/env python3
"""Writes a pcapng capture whose packets carry Enhanced Packet Block options (usage:
OUT.pcapng), for frame.comment, frame.comment.expert, frame.packet_flags and its
bit fields, frame.p2p_dir, frame.packet_id and frame.drop_count
(tests/integration/test_pcapng_options_vs_tshark.sh): no options, one comment, two
comments, an empty comment, a non-ASCII comment, each direction, reception types and
error bits, a packet ID and a drop count, and options after one another. No FCS length:
Wireshark would cut that many bytes off the Ethernet frame, which sockscope does not."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, B, eth, ipv4, udp, write_pcapng  # noqa: E402


def flags(value):
    return (2, struct.pack("<I", value))


def comment(text):
    return (1, text.encode())


def frames():
    def dgram(n):
        return eth(ipv4(A, B, 17, udp(40000 + n, 9, b"option %d" % n)))
    options = [
        None,
        [comment("first look here")],
        [comment("two"), comment("comments")],
        [comment("")],
        [comment("caf\u00e9 \u2192 ok")],
        [flags(0)],
        [flags(1)],                      # inbound
        [flags(2)],                      # outbound
        [flags(3)],                      # direction 3 (invalid)
        [flags(0x4)],                    # unicast
        [flags(0x10)],                   # promiscuous
        [flags(0x0C | 0x1000000 | 0x80000000)],  # broadcast, CRC and symbol errors
        [flags(0xFE00)],                 # reserved bits
        [flags(0x7F000000 | 2)],
        [(5, struct.pack("<Q", 77))],     # packet ID
        [(4, struct.pack("<Q", 12))],     # drop count
        [comment("with flags"), flags(1), (5, struct.pack("<Q", 1 << 40))],
        [],                              # only the end of options
    ]
    out = []
    for n, opts in enumerate(options):
        t = 1700000000 + n / 10
        out.append((t, dgram(n)) if opts is None else (t, dgram(n), opts))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_pcapng_options.py OUT.pcapng")
    write_pcapng(os.path.abspath(sys.argv[1]), frames())


if __name__ == "__main__":
    main()
