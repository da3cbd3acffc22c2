#!/usr/bin/env python3
"""Writes a capture of UDP conversations for udp.stream and udp.time_* (usage: OUT.pcap).

For tests/integration/test_filter_vs_tshark.sh (tests/data/filters_time.txt): datagrams
with and without a payload, both ways, and ICMP port-unreachable errors quoting them,
one of which comes before the conversation's first datagram. Measured on tshark 4.0:
a conversation begins at the first packet that names it, quoted or not; only datagrams
with a payload that are not quoted have udp.time_relative/udp.time_delta, and only they
count as the previous datagram.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

START = 1700000000
ETH = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
A, B, C = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]), bytes([192, 0, 2, 3])


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + payload


def udp(src, sport, dst, dport, data):
    return ipv4(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data)


def port_unreachable(src, dst, quoted):
    body = struct.pack("!BBHI", 3, 3, 0, 0) + quoted
    return ipv4(src, dst, 1, body[:2] + struct.pack("!H", checksum(body)) + body[4:])


def main():
    first = udp(A, 1000, B, 2000, b"abcd")
    z = udp(A, 5000, C, 6000, b"zz")
    frames = [
        (1.0, first),
        (2.0, port_unreachable(B, A, first)),
        (4.0, udp(B, 2000, A, 1000, b"wxyz")),
        (7.0, udp(A, 1000, B, 2000, b"")),
        (11.0, udp(A, 1000, B, 2000, b"q")),
        (11.25, udp(A, 1000, B, 2000, b"")),
        (11.5, udp(B, 2000, A, 1000, b"r")),
        (20.0, udp(A, 3000, C, 4000, b"")),
        (21.5, udp(A, 3000, C, 4000, b"hello")),
        (30.0, port_unreachable(C, A, z)),  # before the conversation's first datagram
        (31.0, z),
        (31.5, udp(C, 6000, A, 5000, b"")),
        (32.0, port_unreachable(A, C, udp(C, 6000, A, 5000, b"back"))),
        (33.0, udp(C, 6000, A, 5000, b"k")),
        (33.000000001, udp(A, 7000, B, 8000, b"late")),
    ]
    # START + t as one float would lose the nanosecond of 33.000000001
    records = []
    for t, ip in frames:
        secs = int(t)
        records.append(((START + secs, int(round((t - secs) * 1e9))), ETH + ip))
    write_pcap(sys.argv[1], records, nanos=True)


if __name__ == "__main__":
    main()
