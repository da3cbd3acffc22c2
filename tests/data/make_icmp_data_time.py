#!/usr/bin/env python3
"""Writes a capture of pings whose data starts with a send time (usage: OUT.pcap).

For tests/integration/test_icmp_vs_tshark.sh (tests/data/filters_icmp_data_time.txt):
Wireshark 4.0 takes an echo's first 8 data bytes for a timestamp when, read as two
32-bit words (seconds, microseconds) big-endian or else little-endian, the seconds are
less than a day from the frame's and the microseconds under 10^6; data then starts
after it. Here: Linux's 64-bit timeval, both byte orders, a day less a second either
way and a day exactly, microseconds at the limit, exactly 8 bytes, 7, a frame cut inside
the timestamp and after it, a timestamp request (not an echo), big-endian seconds with
bad microseconds, seconds 2^31 away.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_link_headers import checksum, ipv4  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

ETH = bytes.fromhex("020000000001" "020000000002" "0800")
T = 1700000000
PAD = bytes(range(0x10, 0x38))


def icmp(type_, seq, body):
    msg = bytes([type_, 0, 0, 0]) + struct.pack("!HH", 7, seq) + body
    msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
    return ETH + ipv4(1, msg, "192.0.2.2", "192.0.2.1")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_icmp_data_time.py OUT.pcap")
    cases = [  # (frame second, type, data, bytes captured of the ICMP data or None)
        (T, 8, struct.pack("<qq", T, 123456) + PAD, None),
        (T, 0, struct.pack("<qq", T, 123456) + PAD, None),
        (T, 8, struct.pack(">II", T, 123456) + PAD, None),
        (T, 8, struct.pack("<II", T, 123456) + PAD, None),
        (T, 8, struct.pack("<II", T - 3600, 5) + PAD, None),
        (T, 8, struct.pack("<II", T + 3600, 5) + PAD, None),
        (T, 8, struct.pack("<II", T - 86399, 5) + PAD, None),
        (T, 8, struct.pack("<II", T - 86400, 5) + PAD, None),
        (T, 8, struct.pack("<II", T + 86399, 5) + PAD, None),
        (T, 8, struct.pack("<II", T + 86400, 5) + PAD, None),
        (T, 8, struct.pack("<II", T, 999999) + PAD, None),
        (T, 8, struct.pack("<II", T, 1000000) + PAD, None),
        (T, 8, struct.pack("<II", T, 5), None),
        (T, 8, struct.pack("<II", T, 5)[:7], None),
        (T, 8, struct.pack("<II", T, 5) + PAD, 6),
        (T, 8, struct.pack("<II", T, 5) + PAD, 10),
        (T, 8, struct.pack(">II", T, 5) + PAD, None),
        (0, 8, struct.pack("<II", 86399, 5) + PAD, None),
        (T, 13, struct.pack("<II", T, 5) + PAD, None),
        (T, 8, struct.pack(">II", T - 100, 2000000) + bytes(4) + PAD, None),
        (T, 8, struct.pack("<II", (T + 2**31) & 0xFFFFFFFF, 5) + PAD, None),
    ]
    records = []
    for n, (sec, type_, data, captured) in enumerate(cases, 1):
        frame = icmp(type_, n, data)
        cut = frame if captured is None else frame[:14 + 20 + 8 + captured]
        records.append(((sec, 500000000), cut, len(frame)))
    write_pcap(sys.argv[1], records, nanos=True)


if __name__ == "__main__":
    main()
