#!/usr/bin/env python3
"""Writes captures of IP protocol numbers no dissector of tshark 4.0 takes (usage: OUT.pcap
[DISSECTED.pcap]).

For tests/integration/test_ip_cut_vs_tshark.sh. tshark writes such a packet's Info as
"GGP (3)" (IPv4) or "Unknown IP Protocol: GGP (3)" (IPv6) and hands its payload to `data`.
OUT.pcap: every number without a dissector over IPv4 with a 10-byte payload; a spread of
them over IPv6, behind extension headers (hop-by-hop, destination options, routing, an
atomic fragment header), in tunnels (IPv6 in IPv4, IPv4 in IPv4 and IPv6, IPv4 in GRE),
quoted by ICMP and ICMPv6 errors; payloads of 0 and 1 bytes, one in a frame padded to 60
bytes, one after IPv4 options, payloads the snap length cut (some bytes captured, none), a
total length past the frame's end, fragments of such protocols (IPv4 and IPv6, completed
and not), IPv6's no next header.
DISSECTED.pcap: the numbers some tshark dissector takes, over IPv4 and IPv6, 10 bytes each
(sockscope dissects only a few of them; for the others it must warn, not guess).
Addresses from 192.0.2.0/24 and 2001:db8::/32.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, B, C, A6, B6, csum, eth, ipv4, ipv6  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

# `tshark -G decodes`, its ip.proto lines in 4.0 (scripts/gen-ip-protocols reads the same):
# a dissector takes these, whether or not it then accepts the bytes.
TSHARK_DISSECTS = {0, 1, 2, 4, 6, 9, 17, 29, 33, 36, 41, 43, 44, 46, 47, 48, 50, 51, 53, 54,
                   58, 60, 62, 80, 83, 88, 89, 93, 97, 103, 106, 108, 112, 113, 115, 132, 134,
                   135, 136, 137, 139, 140, 143, 173, 224}
UNDISSECTED = [n for n in range(256) if n not in TSHARK_DISSECTS]
# A spread of them: a name of IANA's, "any ..." names, Unassigned, the experimental and
# reserved ends, and 59 (IPv6's no next header, which IPv4 does not know)
SPREAD = [3, 7, 59, 61, 99, 114, 142, 200, 253, 254, 255]
HOPOPTS, ROUTING, FRAGMENT, DSTOPTS, NO_NEXT = 0, 43, 44, 60, 59

PAYLOAD = bytes(range(0x41, 0x4B))  # 10 bytes: "ABCDEFGHIJ"


def e6(datagram):
    return eth(datagram, etype=0x86DD)


def ext(nxt, body=b"\x01\x04\0\0\0\0"):
    """An IPv6 extension header (hop-by-hop, destination options, routing): next header,
    length, body (default: one PadN filling the 8 bytes)."""
    assert (len(body) + 2) % 8 == 0
    return bytes([nxt, (len(body) + 2) // 8 - 1]) + body


def frag6(nxt, offset, more, ident):
    return struct.pack("!BBHI", nxt, 0, offset | more, ident)


def ipv4_frag(proto, payload, ident, offset, more):
    return ipv4(A, B, proto, payload, ident=ident, frag=(offset // 8) | (0x2000 if more else 0))


def ipv4_options(proto, payload):
    """An IPv4 header of 24 bytes (a NOP and an End of Options List, padded)."""
    opts = b"\x01\x00\x00\x00"
    hdr = struct.pack("!BBHHHBBH4s4s", 0x46, 0, 24 + len(payload), 7, 0x4000, 64, proto, 0,
                      A, B) + opts
    return hdr + payload


def icmp_error(quoted):
    """ICMP protocol unreachable quoting `quoted`, with its checksum."""
    msg = bytes([3, 2, 0, 0, 0, 0, 0, 0]) + quoted
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def cut(frame, keep):
    """A frame the snap length cut after `keep` bytes: (captured, original length)."""
    return frame[:keep], len(frame)


def main_frames():
    out = []
    add = out.append
    # every number without a dissector, over IPv4, 10 bytes
    for n in UNDISSECTED:
        add(eth(ipv4(A, B, n, PAYLOAD)))
    # the spread over IPv6, 10 bytes
    for n in SPREAD:
        add(e6(ipv6(A6, B6, n, PAYLOAD)))
    # payloads of 0 and 1 bytes, both versions
    for n in (3, 99, 253):
        add(eth(ipv4(A, B, n, b"")))
        add(eth(ipv4(A, B, n, b"\x7f")))
        add(e6(ipv6(A6, B6, n, b"")))
        add(e6(ipv6(A6, B6, n, b"\x7f")))
    add(e6(ipv6(A6, B6, NO_NEXT, b"")))
    add(e6(ipv6(A6, B6, NO_NEXT, b"\x7f")))
    # one byte in a frame padded to Ethernet's 60 bytes
    frame = eth(ipv4(A, B, 99, b"\x7f"))
    add(frame + bytes(60 - len(frame)))
    frame = eth(ipv4(A, B, 200, PAYLOAD[:2]))
    add(frame + b"\xff" * (60 - len(frame)))
    # IPv4 options before the payload
    add(eth(ipv4_options(99, PAYLOAD)))
    # cut by the snap length: some payload bytes captured, none, and the IP header itself
    for n in (99, 253):
        add(cut(eth(ipv4(A, B, n, PAYLOAD)), 14 + 20 + 4))
        add(cut(eth(ipv4(A, B, n, PAYLOAD)), 14 + 20))
        add(cut(e6(ipv6(A6, B6, n, PAYLOAD)), 14 + 40 + 1))
        add(cut(e6(ipv6(A6, B6, n, PAYLOAD)), 14 + 40))
    add(cut(e6(ipv6(A6, B6, NO_NEXT, PAYLOAD)), 14 + 40 + 3))
    add(cut(e6(ipv6(A6, B6, 3, ext(99) + PAYLOAD)), 14 + 40 + 8 + 2))
    # a total length past the frame's end (the frame itself is short, not cut)
    add(eth(ipv4(A, B, 99, PAYLOAD))[:-4])
    add(e6(ipv6(A6, B6, 99, PAYLOAD))[:-4])
    # IPv6 extension headers before the protocol
    add(e6(ipv6(A6, B6, HOPOPTS, ext(99) + PAYLOAD)))
    add(e6(ipv6(A6, B6, DSTOPTS, ext(253) + PAYLOAD)))
    add(e6(ipv6(A6, B6, ROUTING, ext(200, bytes([253, 0]) + b"\0\0\0\0") + PAYLOAD)))
    add(e6(ipv6(A6, B6, HOPOPTS, ext(DSTOPTS) + ext(3) + PAYLOAD[:1])))
    add(e6(ipv6(A6, B6, HOPOPTS, ext(142))))
    add(e6(ipv6(A6, B6, FRAGMENT, frag6(99, 0, 0, 0x51) + PAYLOAD)))  # atomic fragment
    # fragments: IPv4 and IPv6, a datagram completed by its second piece, and a piece
    # whose datagram never completes
    add(eth(ipv4_frag(99, PAYLOAD[:8], 0x101, 0, True)))
    add(eth(ipv4_frag(99, PAYLOAD[8:], 0x101, 8, False)))
    add(eth(ipv4_frag(253, PAYLOAD, 0x102, 16, False)))
    add(eth(ipv4_frag(3, PAYLOAD[:8], 0x103, 0, True)))
    add(e6(ipv6(A6, B6, FRAGMENT, frag6(200, 0, 1, 0x201) + PAYLOAD[:8])))
    add(e6(ipv6(A6, B6, FRAGMENT, frag6(200, 8, 0, 0x201) + PAYLOAD[8:])))
    add(e6(ipv6(A6, B6, FRAGMENT, frag6(254, 64, 0, 0x202) + PAYLOAD)))
    # tunnels: the inner header's protocol
    add(eth(ipv4(A, B, 41, ipv6(A6, B6, 99, PAYLOAD))))
    add(eth(ipv4(A, B, 4, ipv4(B, C, 253, PAYLOAD))))
    add(e6(ipv6(A6, B6, 4, ipv4(B, C, 3, PAYLOAD))))
    add(e6(ipv6(A6, B6, 41, ipv6(B6, A6, 200, PAYLOAD))))
    add(eth(ipv4(A, B, 47, b"\x00\x00\x08\x00" + ipv4(B, C, 99, PAYLOAD))))
    # ICMP errors quoting such a datagram: its bytes are data (in ICMP's subtree), and a
    # quote of the header alone has none
    add(eth(ipv4(B, A, 1, icmp_error(ipv4(A, B, 99, PAYLOAD)))))
    add(eth(ipv4(B, A, 1, icmp_error(ipv4(A, B, 253, PAYLOAD)[:20]))))
    add(e6(ipv6(B6, A6, 58, bytes([1, 4, 0, 0, 0, 0, 0, 0]) + ipv6(A6, B6, 253, PAYLOAD))))
    add(e6(ipv6(B6, A6, 58, bytes([1, 4, 0, 0, 0, 0, 0, 0]) + ipv6(A6, B6, NO_NEXT, PAYLOAD))))
    return [(i, f) if isinstance(f, bytes) else (i, f[0], f[1]) for i, f in enumerate(out)]


def dissected_frames():
    out = []
    for n in sorted(TSHARK_DISSECTS):
        out.append(eth(ipv4(A, B, n, PAYLOAD)))
        out.append(e6(ipv6(A6, B6, n, PAYLOAD)))
    return list(enumerate(out))


def main():
    write_pcap(sys.argv[1], main_frames())
    if len(sys.argv) > 2:
        write_pcap(sys.argv[2], dissected_frames())


if __name__ == "__main__":
    main()
