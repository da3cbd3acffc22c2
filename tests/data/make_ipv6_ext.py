#!/usr/bin/env python3
"""Writes a capture of IPv6 extension headers in their variety (usage: OUT.pcap).

For tests/integration/test_ipv6_ext_vs_tshark.sh: hop-by-hop headers with router alert,
Pad1, PadN, jumbo payload and options of unknown types (each action, the may-change bit),
destination options with a tunnel encapsulation limit, routing headers of types 0, 2, 4
and an unknown one, several extension headers in a row (and a hop-by-hop header that is
not first), an option longer than its header, a header longer than the packet, headers
the snap length cut, and extension headers inside tunnels: IPv6 in IPv4, IPv6 in IPv6
and the datagram an ICMPv6 error quotes. Addresses from 2001:db8::/32 and 192.0.2.0/24.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_link_headers import checksum  # noqa: E402
from make_pcaps import A, B, A6, B6, eth, ipv4  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

C6 = bytes.fromhex("20010db8000000000000000000000003")
D6 = bytes.fromhex("20010db8000000000000000000000004")
ALL_NODES = bytes.fromhex("ff02" + "00" * 13 + "01")
MLD_GROUP = bytes.fromhex("ff02" + "00" * 13 + "fb")
HOPOPTS, ROUTING, FRAGMENT, DSTOPTS, NO_NEXT = 0, 43, 44, 60, 59
TCP_, UDP_, ICMPV6, IPV6 = 6, 17, 58, 41

PAD1 = b"\x00"


def padn(n):
    """A PadN option n bytes long in all (n >= 2)."""
    return bytes([1, n - 2]) + bytes(n - 2)


def router_alert(value):
    return struct.pack("!BBH", 5, 2, value)


def option(type_, value):
    return bytes([type_, len(value)]) + value


def ext(nxt, body):
    """An extension header: next header, length in 8-byte units past the first, body."""
    assert (len(body) + 2) % 8 == 0, len(body)
    return bytes([nxt, (len(body) + 2) // 8 - 1]) + body


def routing(nxt, type_, segleft, data):
    return ext(nxt, bytes([type_, segleft]) + data)


def ipv6(nxt, payload, src=A6, dst=B6, hlim=64, plen=None):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB16s16s", 0x60000000, plen, nxt, hlim, src, dst) + payload


def upper_checksum(src, dst, proto, msg, at):
    pseudo = src + dst + struct.pack("!IxxxB", len(msg), proto)
    return msg[:at] + struct.pack("!H", checksum(pseudo + msg)) + msg[at + 2:]


def udp(sport, dport, payload, src=A6, dst=B6):
    msg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    return upper_checksum(src, dst, UDP_, msg, 6)


def icmpv6(type_, code, body, src=A6, dst=B6):
    return upper_checksum(src, dst, ICMPV6, bytes([type_, code, 0, 0]) + body, 2)


def echo(seq, src=A6, dst=B6):
    return icmpv6(128, 0, struct.pack("!HH", 0x6e78, seq) + b"ext ping", src, dst)


def e6(datagram):
    return eth(datagram, etype=0x86DD)


def frames():
    u = udp(40000, 9, b"ext udp")
    mld = icmpv6(131, 0, b"\0\0\0\0" + MLD_GROUP, A6, MLD_GROUP)
    quoted = ipv6(HOPOPTS, ext(UDP_, router_alert(0) + padn(2)) + u, hlim=1)
    srh = bytes([1, 0]) + b"\0\0" + C6 + D6  # last entry, flags, tag, two segments
    out = [
        # 1: MLD report behind hop-by-hop router alert and PadN
        e6(ipv6(HOPOPTS, ext(ICMPV6, router_alert(0) + padn(2)) + mld, dst=MLD_GROUP, hlim=1)),
        # 2: six Pad1
        e6(ipv6(HOPOPTS, ext(UDP_, PAD1 * 6) + u)),
        # 3: jumbo payload in a packet whose payload length is not 0
        e6(ipv6(HOPOPTS, ext(UDP_, option(0xC2, struct.pack("!I", 70000))) + u)),
        # 4: destination options: tunnel encapsulation limit and PadN
        e6(ipv6(DSTOPTS, ext(UDP_, option(4, b"\x04") + padn(3)) + u)),
        # 5: hop-by-hop, destination options, routing type 0, destination options (the
        # checksums of routed datagrams cover their final destination)
        e6(ipv6(HOPOPTS, ext(DSTOPTS, router_alert(2) + padn(2)) +
                ext(ROUTING, option(4, b"\x01") + padn(3)) +
                routing(DSTOPTS, 0, 1, b"\0\0\0\0" + C6 + D6) +
                ext(ICMPV6, padn(6)) + echo(5, dst=D6))),
        # 6: routing type 2 (mobile IPv6 home address)
        e6(ipv6(ROUTING, routing(ICMPV6, 2, 1, b"\0\0\0\0" + C6) + echo(6, dst=C6))),
        # 7: segment routing header (type 4)
        e6(ipv6(ROUTING, routing(UDP_, 4, 1, srh) + udp(40000, 9, b"ext udp", dst=C6))),
        # 8: a routing type nobody dissects, segments left 0
        e6(ipv6(ROUTING, routing(UDP_, 253, 0, b"\x11\x22\x33\x44") + u)),
        # 9: options of unknown types: every action, the may-change bit, an experimental one
        e6(ipv6(HOPOPTS, ext(UDP_, option(0x3E, b"\x01\x02") + option(0x7F, b"") +
                                  option(0x99, b"\xaa") + option(0xE5, b"") + padn(3)) + u)),
        # 10: a hop-by-hop header after destination options
        e6(ipv6(DSTOPTS, ext(HOPOPTS, padn(6)) + ext(UDP_, router_alert(1) + padn(2)) + u)),
        # 11: an option longer than its header
        e6(ipv6(HOPOPTS, ext(UDP_, bytes([0x3E, 10]) + bytes(4)) + u)),
        # 12: a header longer than the packet (the payload length agrees with the packet)
        e6(ipv6(HOPOPTS, bytes([UDP_, 4]) + router_alert(0) + padn(2) + u[:8])),
        # 13: destination options with no next header
        e6(ipv6(DSTOPTS, ext(NO_NEXT, padn(6)))),
        # 14: IPv6 in IPv4, hop-by-hop inside
        eth(ipv4(A, B, IPV6, ipv6(HOPOPTS, ext(ICMPV6, router_alert(0) + padn(2)) + echo(14)))),
        # 15: IPv6 in IPv6: destination options outside, hop-by-hop inside
        e6(ipv6(DSTOPTS, ext(IPV6, option(4, b"\x00") + padn(3)) +
                ipv6(HOPOPTS, ext(UDP_, router_alert(3) + padn(2)) + u, C6, D6))),
        # 16: an ICMPv6 error quoting a datagram with a hop-by-hop header
        e6(ipv6(ICMPV6, icmpv6(3, 0, b"\0\0\0\0" + quoted, B6, A6), B6, A6)),
        # 17: hop-by-hop then a fragment header then UDP (an atomic fragment)
        e6(ipv6(HOPOPTS, ext(FRAGMENT, router_alert(0) + padn(2)) +
                struct.pack("!BBHI", UDP_, 0, 0, 0x1234) + u)),
        # 18: a longer hop-by-hop header: two router alerts, PadN in between
        e6(ipv6(HOPOPTS, ext(TCP_, router_alert(7) + padn(4) + router_alert(65535) + padn(2)) +
                struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 0x50, 0x02, 512, 0, 0))),
        # 19: a router alert 4 bytes long (2 left unread), one 0 bytes long (read anyway)
        e6(ipv6(HOPOPTS, ext(UDP_, option(5, b"\x00\x01\xab\xcd") + bytes([5, 0]) +
                                  b"\x00\x02" + PAD1 * 4) + u)),
        # 20: a Pad1 as the datagram's last byte (Wireshark reads a length after it)
        e6(ipv6(DSTOPTS, ext(NO_NEXT, padn(5) + PAD1))),
        # 21: IPv6 in IPv6, hop-by-hop in both
        e6(ipv6(HOPOPTS, ext(IPV6, router_alert(4) + padn(2)) +
                ipv6(HOPOPTS, ext(DSTOPTS, router_alert(5) + padn(2)) +
                     ext(UDP_, option(4, b"\x09") + padn(3)) + u, C6, D6))),
        # 22: more options than one header usually holds: 22 Pad1 then a router alert
        e6(ipv6(HOPOPTS, ext(UDP_, PAD1 * 22 + router_alert(6) + padn(4)) + u)),
        # 23: a home address option (the source Wireshark shows, and ICMPv6's checksum covers)
        e6(ipv6(DSTOPTS, ext(ICMPV6, padn(4) + option(0xC9, C6)) + echo(23, src=C6))),
        # 24: path MTU, RPL, depth-first forwarding, PDM and tunnel payload forwarding options
        e6(ipv6(HOPOPTS, ext(DSTOPTS, option(0x30, struct.pack("!HH", 1280, 1401)) +
                             option(0x63, bytes([0xA3, 7]) + struct.pack("!H", 0x1234)) +
                             option(0xEE, bytes([0x75]) + struct.pack("!H", 513)) + padn(5)) +
                ext(UDP_, option(0x0F, bytes([3, 4]) + struct.pack("!HHHH", 10, 9, 300, 65535)) +
                      option(0x41, struct.pack("!I", 0xDEADBEEF)) + padn(4)) + u)),
        # 25-27: routing headers whose data their dissector reads past: a segment routing
        # header whose last entry says 4 segments (1 there) or 256 (255), a type 2 header
        # without room for its home address
        e6(ipv6(ROUTING, routing(UDP_, 4, 1, bytes([3, 0, 0, 0]) + C6) + u)),
        e6(ipv6(ROUTING, routing(UDP_, 4, 0, bytes([255, 0, 0, 0]) + C6) + u)),
        e6(ipv6(ROUTING, routing(UDP_, 2, 1, b"\0\0\0\0") + u)),
        # 28: type 0 with three addresses, and an ILNP nonce
        e6(ipv6(ROUTING, routing(DSTOPTS, 0, 2, b"\0\0\0\0" + C6 + D6 + A6) +
                ext(UDP_, option(0x8B, b"\x01\x02\x03\x04")) + udp(40000, 9, b"ext udp", dst=A6))),
    ]
    hbh16 = e6(ipv6(HOPOPTS, ext(UDP_, router_alert(0) + padn(10)) + u))
    cut = [
        # 29-33: hop-by-hop headers the snap length cut
        (hbh16[:14 + 40 + 5], len(hbh16)),
        (hbh16[:14 + 40 + 10], len(hbh16)),
        (hbh16[:14 + 40 + 1], len(hbh16)),
        (hbh16[:14 + 40 + 2], len(hbh16)),
        (hbh16[:14 + 40 + 3], len(hbh16)),
        # 34-37: routing headers cut after their segments left, type, length and before
        (out[6][:14 + 40 + 5], len(out[6])),
        (out[6][:14 + 40 + 3], len(out[6])),
        (out[6][:14 + 40 + 2], len(out[6])),
        (out[6][:14 + 40], len(out[6])),
    ]
    tcp = struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 0x50, 0x02, 512, 0, 0)
    conversations = [
        # 38: frame 18's SYN again, with a type 2 routing header: Wireshark keys its
        # conversations by the address the header names, so it opens another tcp.stream
        e6(ipv6(ROUTING, routing(TCP_, 2, 1, b"\0\0\0\0" + C6) + tcp)),
        # 39: frame 2's datagram from a home address (an option): another udp.stream
        e6(ipv6(DSTOPTS, ext(UDP_, padn(4) + option(0xC9, C6)) + u)),
        # 40: frame 18's SYN as it was, in its stream
        e6(ipv6(TCP_, tcp)),
    ]
    # 41-50: frame 24 cut inside the values of its options of several fields: each keeps
    # the fields before the cut (path MTU's minimum, RPL's flags and instance, depth-first
    # forwarding's flags, PDM's scales and sequence numbers)
    values = [(out[23][:n], len(out[23])) for n in (60, 61, 65, 66, 71, 72, 83, 84, 86, 88)]
    # 51-52: frame 19 cut after its router alert's length and after its value: the
    # invalid length's expert item (_ws.malformed) stays beside _ws.short
    values += [(out[18][:n], len(out[18])) for n in (58, 60)]
    return out + cut + conversations + values


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_ipv6_ext.py OUT.pcap")
    write_pcap(sys.argv[1], ((1000 + i * 0.001,) + (f if isinstance(f, tuple) else (f,))
                             for i, f in enumerate(frames())))


if __name__ == "__main__":
    main()
