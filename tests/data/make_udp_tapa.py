#!/usr/bin/env python3
"""Writes a capture of short UDP payloads on port 5000, TAPA's (usage: OUT.pcap).

For tests/integration/test_udp_length_vs_tshark.sh (tests/data/filters_udp_tapa.txt).
Wireshark 4.0's TAPA dissector (packet-tapa.c) checks 4 bytes, then reads the fifth:
payloads of 1 to 3 bytes are data; one of exactly 4 bytes throws before TAPA adds
anything (frame.protocols ends "udp:tapa", malformed; quoted in an ICMP error, the
exception is swallowed and nothing follows "udp"); 5 to 8 bytes TAPA refuses are data.
Payloads TAPA takes (a discover or tunnel header) appear only quoted: sockscope does not
dissect TAPA, and a direct one reads past its few bytes (malformed) in ways not modelled.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_udp_times import A, B, ETH, port_unreachable, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

REFUSED = [b"\x01", b"\x01\x00", b"\x01\x00\x00", b"\x01\x00\x00\x0c", b"abcd",
           b"\x01\x00\x00\x0c\x03", b"abcde", b"\x45\x00\x00\x00\x00\x00",
           b"\x00\x02\x00\x00\x00\x00\x00", b"\x06\x00\x00\x0c\x01\x00\x00\x00"]
TAKEN = [b"\x01\x00\x00\x0c\x01", b"\x02\x00\x00\x0c\x00\x00", b"\x00\x00\x00\x00\x00",
         b"\x00\x01\x00\x00\x00\x00\x00\x00", b"\x05\x00\x05\xc0\x00\x00\x00"]


def main():
    frames = []
    for i, payload in enumerate(REFUSED):
        sport, dport = (6000, 5000) if i % 2 else (5000, 6000)
        frames.append(udp(A, sport, B, dport, payload))
        frames.append(port_unreachable(B, A, udp(A, sport, B, dport, payload)))
    for payload in TAKEN:
        frames.append(port_unreachable(B, A, udp(A, 6000, B, 5000, payload)))
    # DNS's port comes first: a 4-byte payload there is DNS's, not TAPA's
    frames.append(udp(A, 5000, B, 53, b"abcd"))
    write_pcap(sys.argv[1], [((1700000000 + i, 0), ETH + f) for i, f in enumerate(frames)])


if __name__ == "__main__":
    main()
