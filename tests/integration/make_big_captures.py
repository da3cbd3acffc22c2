#!/usr/bin/env python3
"""Writes large synthetic pcaps for the scale tests (too big to commit):
  make_big_captures.py out-of-order N FILE   one TCP stream of N 10-byte segments that
      arrive in swapped pairs, each pair then acknowledged (every segment out of order);
      the client's sequence numbers wrap past 2^32 on the way
  make_big_captures.py many-streams N FILE   N short TCP streams (handshake, one data
      segment, its ACK)
  make_big_captures.py udp-ticks N FILE      N small UDP datagrams
Addresses are 192.0.2.0/24 (documentation range)."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
from pcap_writer import write_pcap  # noqa: E402

A, B = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
SYN, FIN, PSH, ACK = 2, 1, 8, 16


def eth_ip(proto, src, dst, l4):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0x4000, 64, proto, 0, src, dst)
    return bytes(6) + bytes([2, 0, 0, 0, 0, 1]) + b"\x08\x00" + ip + l4


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b""):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    return eth_ip(6, src, dst, hdr + payload)


def out_of_order(n):
    ca, sa, size = 0xFFFFF000, 1000, 10
    yield tcp(A, B, 40000, 80, ca, 0, SYN)
    yield tcp(B, A, 80, 40000, sa, ca + 1, SYN | ACK)
    yield tcp(A, B, 40000, 80, ca + 1, sa + 1, ACK)
    for i in range(0, n, 2):
        for k in (i + 1, i):
            if k < n:
                yield tcp(A, B, 40000, 80, ca + 1 + k * size, sa + 1, PSH | ACK, b"%09d\n" % k)
        yield tcp(B, A, 80, 40000, sa + 1, ca + 1 + min(i + 2, n) * size, ACK)
    end = ca + 1 + n * size
    yield tcp(A, B, 40000, 80, end, sa + 1, FIN | ACK)
    yield tcp(B, A, 80, 40000, sa + 1, end + 1, FIN | ACK)
    yield tcp(A, B, 40000, 80, end + 1, sa + 2, ACK)


def many_streams(n):
    for i in range(n):
        sport, dport = 1024 + i % 60000, 80 + i // 60000
        data = b"stream %d\n" % i
        yield tcp(A, B, sport, dport, 100, 0, SYN)
        yield tcp(B, A, dport, sport, 500, 101, SYN | ACK)
        yield tcp(A, B, sport, dport, 101, 501, ACK)
        yield tcp(A, B, sport, dport, 101, 501, PSH | ACK, data)
        yield tcp(B, A, dport, sport, 501, 101 + len(data), ACK)


def udp_ticks(n):
    for _ in range(n):
        yield eth_ip(17, A, B, struct.pack("!HHHH", 1000, 2000, 12, 0) + b"tick")


def main():
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    frames = {"out-of-order": out_of_order, "many-streams": many_streams, "udp-ticks": udp_ticks}[kind](n)
    write_pcap(path, (((1700000000 + t // 1000000, t % 1000000), fr)
                      for t, fr in enumerate(frames)))


if __name__ == "__main__":
    main()
