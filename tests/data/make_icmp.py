#!/usr/bin/env python3
"""Writes a capture of ICMP (IPv4) in its variety (usage: OUT.pcap).

For tests/integration/test_icmp_vs_tshark.sh: every type from 0 to 44 and 253-255 with
codes 0 to 16 (the 8-byte header alone, its second word an id and sequence number), then the words after
the checksum as errors and queries use them: Fragmentation Needed's MTU, RFC 4884
lengths in Destination Unreachable, Time Exceeded and Parameter Problem, a pointer, a
redirect gateway, timestamp and address mask messages, a router advertisement with and
without bytes after its addresses, echo request and reply, and an error the snap length
cut.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_link_headers import checksum, ipv4, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

ETH = bytes.fromhex("020000000001" "020000000002" "0800")
QUOTED = ipv4(17, udp(40000, 9999, b"abcd"))


def icmp(type_, code, word, body=b""):
    msg = bytes([type_, code, 0, 0]) + word + body
    msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
    return ETH + ipv4(1, msg, "192.0.2.2", "192.0.2.1")


def frames():
    out = [icmp(t, c, struct.pack("!HH", 0x100, 1))
           for t in list(range(45)) + [253, 254, 255] for c in range(17)]
    padded = QUOTED + bytes(-len(QUOTED) % 4)
    out += [
        icmp(3, 4, b"\0\0\x05\xdc", QUOTED),
        icmp(3, 4, b"\0\x07\x05\xdc", padded),  # RFC 4884 length before the MTU
        icmp(3, 1, b"\0\x07\0\0", padded),
        icmp(11, 0, b"\0\x07\0\0", padded),
        icmp(12, 0, b"\x14\0\0\0", QUOTED),
        icmp(12, 2, b"\x09\x07\0\0", padded),
        icmp(5, 1, bytes([192, 0, 2, 254]), ipv4(17, udp(40000, 9999, b""))),
        icmp(13, 0, struct.pack("!HH", 1, 1), struct.pack("!III", 1000, 0, 0)),
        icmp(14, 0, struct.pack("!HH", 1, 1), struct.pack("!III", 1000, 2000, 3000)),
        icmp(17, 0, struct.pack("!HH", 2, 1), bytes(4)),
        icmp(18, 0, struct.pack("!HH", 2, 1), b"\xff\xff\xff\0"),
        icmp(9, 0, struct.pack("!BBH", 1, 2, 1800), bytes([192, 0, 2, 254]) + bytes(4)),
        icmp(9, 0, struct.pack("!BBH", 1, 2, 1800), bytes([192, 0, 2, 254]) + bytes(8)),
        icmp(8, 0, struct.pack("!HH", 7, 1), b"x" * 16),
        icmp(0, 0, struct.pack("!HH", 7, 1), b"x" * 16),
    ]
    # redirects and unreachables quoting less than the IP header and 8 bytes: unlike an
    # empty quote (a redirect's is malformed and left out of -z io,phs) they are counted.
    # (Not here, as sockscope still differs: a quote shorter than the IP header, whose
    # fields tshark shows as far as the quote holds them.)
    short_quote = ipv4(17, udp(40000, 9999, b""))
    out += [icmp(5, 1, bytes([192, 0, 2, 254]), short_quote[:n]) for n in (20, 27)]
    out += [icmp(3, 3, bytes(4), short_quote[:n]) for n in (20, 27)]
    whole = icmp(3, 3, bytes(4), QUOTED)
    return out + [(whole[:14 + 20 + 6], len(whole))]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_icmp.py OUT.pcap")
    write_pcap(sys.argv[1], ((3000 + i * 0.001,) + (f if isinstance(f, tuple) else (f,))
                             for i, f in enumerate(frames())))


if __name__ == "__main__":
    main()
