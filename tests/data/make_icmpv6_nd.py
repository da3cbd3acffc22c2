#!/usr/bin/env python3
"""Writes a capture of ICMPv6 neighbour discovery in its variety (usage: OUT.pcap).

For tests/integration/test_icmpv6_nd_vs_tshark.sh: Router Solicitations with and without
a source link-layer address, Router Advertisements with every flag, preference, MTU and
prefix options, Neighbor Solicitations (address resolution, duplicate address detection,
a nonce option after the address, an EUI-64 and an odd-length link-layer address),
Neighbor Advertisements with each flag combination, a Redirect, an option of length 0
(which stops the options), messages the snap length cut in the header and in an option,
an echo and errors for the fields ND messages do not have, and an MLDv2 report whose
records carry sources and auxiliary data.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_link_headers import checksum  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

MAC_A = bytes.fromhex("020000000001")
MAC_R = bytes.fromhex("020000000099")
A = bytes.fromhex("20010db8" + "00" * 11 + "01")
B = bytes.fromhex("20010db8" + "00" * 11 + "02")
LL_A = bytes.fromhex("fe80" + "00" * 6 + "0000000000000001")
LL_R = bytes.fromhex("fe80" + "00" * 6 + "0000000000000099")
ALL_NODES = bytes.fromhex("ff02" + "00" * 13 + "01")
ALL_ROUTERS = bytes.fromhex("ff02" + "00" * 13 + "02")
UNSPECIFIED = bytes(16)


def solicited_node(addr):
    return bytes.fromhex("ff02" + "00" * 9 + "01ff") + addr[13:]


def icmpv6(src, dst, type_, code, body, hlim=255):
    """An Ethernet frame carrying an ICMPv6 message with a correct checksum."""
    msg = bytes([type_, code]) + b"\0\0" + body
    pseudo = src + dst + struct.pack("!IxxxB", len(msg), 58)
    msg = msg[:2] + struct.pack("!H", checksum(pseudo + msg)) + msg[4:]
    ip = struct.pack("!IHBB", 0x60000000, len(msg), 58, hlim) + src + dst + msg
    dst_mac = bytes.fromhex("3333") + dst[12:] if dst[0] == 0xFF else MAC_R
    return dst_mac + MAC_A + b"\x86\xdd" + ip


def opt(type_, value):
    """An ND option: value padded to a multiple of 8 bytes with the type and length."""
    raw = bytes([type_, 0]) + value
    raw += b"\0" * (-len(raw) % 8)
    return bytes([type_, len(raw) // 8]) + raw[2:]


def slla(mac=MAC_A):
    return opt(1, mac)


def tlla(mac=MAC_A):
    return opt(2, mac)


def prefix(length, flags, valid, preferred, addr):
    return bytes([3, 4, length, flags]) + struct.pack("!III", valid, preferred, 0) + addr


def mtu(value):
    return struct.pack("!BBHI", 5, 1, 0, value)


def ra(hop, flags, lifetime, reachable, retrans, options=b""):
    return struct.pack("!BBHII", hop, flags, lifetime, reachable, retrans) + options


def ns(target, options=b""):
    return b"\0\0\0\0" + target + options


def na(flags, target, options=b""):
    return struct.pack("!I", flags) + target + options


MLDV2_ROUTERS = bytes.fromhex("ff02" + "00" * 13 + "16")


def mld_record(type_, group, sources=(), aux=b""):
    return struct.pack("!BBH", type_, len(aux) // 4, len(sources)) + group + b"".join(sources) + aux


def frames():
    out = [
        icmpv6(LL_A, ALL_ROUTERS, 133, 0, b"\0\0\0\0" + slla()),
        icmpv6(UNSPECIFIED, ALL_ROUTERS, 133, 0, b"\0\0\0\0"),
        icmpv6(LL_R, ALL_NODES, 134, 0,
               ra(64, 0xC8, 1800, 30000, 1000,
                  slla(MAC_R) + mtu(1500) + prefix(64, 0xC0, 2592000, 604800, A[:8] + bytes(8)))),
        icmpv6(LL_R, ALL_NODES, 134, 0, ra(0, 0x3F, 0, 0, 0, prefix(48, 0x3F, 0xFFFFFFFF, 0, B))),
        icmpv6(LL_R, ALL_NODES, 134, 0, ra(255, 0x18, 65535, 0xFFFFFFFF, 1, mtu(1280) + mtu(9000))),
        icmpv6(A, solicited_node(B), 135, 0, ns(B, slla())),
        icmpv6(UNSPECIFIED, solicited_node(A), 135, 0, ns(A)),
        icmpv6(A, solicited_node(B), 135, 0, ns(B, slla() + opt(14, bytes.fromhex("0102030405060708090a0b0c0d0e")))),
        icmpv6(A, solicited_node(B), 135, 0, ns(B, opt(1, bytes.fromhex("0011223344556677") + bytes(6)))),
        icmpv6(A, solicited_node(B), 135, 0, ns(B, opt(1, bytes.fromhex("0a0b0c0d0e0f1011") + b"\x01" * 6))),
        icmpv6(B, A, 136, 0, na(0x60000000, B, tlla(MAC_R))),
        icmpv6(B, A, 136, 0, na(0x80000000, B)),
        icmpv6(B, ALL_NODES, 136, 0, na(0x20000000, B, tlla(MAC_R))),
        icmpv6(B, A, 136, 0, na(0xE0000005, B, tlla(MAC_R) + slla(MAC_A))),
        icmpv6(B, A, 136, 0, na(0x40000000, B, bytes([2, 0]) + MAC_R)),  # length 0
        icmpv6(LL_R, A, 137, 0, b"\0\0\0\0" + LL_R + B + tlla(MAC_R)),
        icmpv6(A, B, 128, 0, struct.pack("!HH", 0x77, 1) + b"nd ping"),
        icmpv6(B, A, 1, 4, b"\0\0\0\0" + bytes.fromhex("6000000000081140") + A + B +
               struct.pack("!HHHH", 40000, 9, 8, 0), hlim=64),
        icmpv6(B, A, 2, 0, struct.pack("!I", 1280) + bytes.fromhex("6000000000081140") + A + B),
        icmpv6(B, A, 3, 0, b"\0\0\0\0" + bytes.fromhex("6000000000081101") + A + B),
        icmpv6(B, A, 4, 1, struct.pack("!I", 6) + bytes.fromhex("6000000000089940") + A + B),
        icmpv6(LL_A, MLDV2_ROUTERS, 143, 0, b"\0\0" + struct.pack("!H", 2) +
               mld_record(4, solicited_node(A)) + mld_record(1, ALL_NODES[:15] + b"\x7f", [A, B], b"aux!"),
               hlim=1),
    ]
    cut = [
        (out[5][:14 + 40 + 12], len(out[5])),  # NS cut inside the target address
        (out[10][:14 + 40 + 24 + 5], len(out[10])),  # NA cut inside its option
        (out[2][:14 + 40 + 16 + 8 + 6], len(out[2])),  # RA cut inside the MTU option
        (out[11][:14 + 40 + 10], len(out[11])),  # NA cut inside the target address
        (out[0][:14 + 40 + 8 + 5], len(out[0])),  # RS cut inside its option
    ]
    return out + cut


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_icmpv6_nd.py OUT.pcap")
    write_pcap(sys.argv[1], ((1000 + i * 0.001,) + (f if isinstance(f, tuple) else (f,))
                             for i, f in enumerate(frames())))


if __name__ == "__main__":
    main()
