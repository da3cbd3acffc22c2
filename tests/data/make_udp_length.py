#!/usr/bin/env python3
"""Writes a capture of UDP datagrams whose length field is wrong or odd (usage:
OUT.pcap), for tests/integration/test_udp_length_vs_tshark.sh: lengths 0, 4 and 7 (below
the header: Wireshark stops after the ports), 8 with a payload behind it, shorter than the
payload, beyond the IP payload (over IPv4, over IPv6 and under DNS), 0 over IPv6 (an RFC
2675 jumbogram), and the ports of LBL traceroute's range at both ends."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, A6, B, B6, eth, ipv4, ipv6  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

PAYLOAD = b"payload!"
QUERY = bytes.fromhex("123401000001000000000000") + b"\x01a\x00\x00\x01\x00\x01"


def udp_raw(sport, dport, length, payload=PAYLOAD):
    return struct.pack("!HHHH", sport, dport, length, 0) + payload


def v4(datagram):
    return eth(ipv4(A, B, 17, datagram))


def v6(datagram):
    return eth(ipv6(A6, B6, 17, datagram), etype=0x86DD)


def frames():
    return [
        v4(udp_raw(40000, 9, 0)),
        v4(udp_raw(40000, 9, 4)),
        v4(udp_raw(40000, 9, 7)),
        v4(udp_raw(40000, 9, 8)),       # a payload the length leaves out
        v4(udp_raw(40000, 9, 12)),      # shorter than the payload
        v4(udp_raw(40000, 9, 16)),
        v4(udp_raw(40000, 9, 20)),      # beyond the IP payload
        v4(udp_raw(40000, 9, 400)),
        v6(udp_raw(40000, 9, 0)),       # a jumbogram
        v6(udp_raw(40000, 9, 4)),
        v6(udp_raw(40000, 9, 30)),
        v4(udp_raw(40000, 33434, 16)),  # traceroute's range is 33435..33464
        v4(udp_raw(40000, 33435, 16)),
        v4(udp_raw(33464, 9, 16)),
        v4(udp_raw(33465, 9, 16)),
        v4(udp_raw(33440, 33450, 16)),  # both ports
        v4(udp_raw(40000, 53, 40, QUERY)),  # DNS beyond the IP payload
        v4(udp_raw(40000, 53, 3, QUERY[:4])),
        v4(udp_raw(40000, 9, 0, b"")),
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_udp_length.py OUT.pcap")
    write_pcap(sys.argv[1], ((4000 + i / 10, f) for i, f in enumerate(frames())))


if __name__ == "__main__":
    main()
