#!/usr/bin/env python3
"""Writes a capture of frames shorter on the wire than their headers (usage: OUT.pcap).

For tests/integration/test_ip_cut_vs_tshark.sh (tests/data/filters_short_frames.txt):
frames whose length is their captured length, so nothing was cut by the snap length and
Wireshark's reads past the end throw ReportedBoundsError ("[Malformed Packet]",
_ws.malformed), where a snap-length cut throws BoundsError ("[Packet size limited during
capture]", _ws.short). Here: an Ethernet header cut; an IPv4 header cut after every
length from 1 to 19 bytes and inside its options (where its search for a source route
ended, or did not); IPv4 total lengths beyond the frame
(tshark's "IPv4 total length exceeds packet length"); TCP, UDP and ICMP headers cut after
every length behind an IPv4 header whose total length says so, and a few behind one
that claims more; UDP length fields below 8 in a header cut after them (where Wireshark
stops before the checksum: no error); the same over IPv6 ("Invalid IPv6 header", payload lengths beyond the
frame, ICMPv6); ARP cut after every length; UDP in IP payloads shorter than its header
with Ethernet padding behind them. Last, the same places cut by the snap length (the
frame's length is the whole packet's), so both paths stay covered, with TCP headers
cut after every length from 4 to 19 bytes (from 16 on, Wireshark has read up to the
window: a short segment's absolute numbers, or the analysis's relative ones and Len
after a snap-length cut) and one stream holding both kinds of cut. (Not here: an ICMP
error the snap length cuts right after its 8-byte header, where tshark goes on to an IPv4 header with no
byte (":ip" in frame.protocols); a timestamp request the snap length cuts inside a
message shorter than its timestamps, which tshark calls short (its first failed read is
within the message) where sockscope says malformed; ICMP's extended echo and ICMPv6's
types without a body (private experimentation), which tshark reads further.)
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, A6, B, B6, MAC_A, MAC_B, csum, eth  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

SYN, ACK, PSH = 0x02, 0x10, 0x08


def ip4(proto, payload, total=None, options=b""):
    """An IPv4 header with a right checksum; `total` the total length it claims."""
    hlen = 20 + len(options)
    total = hlen + len(payload) if total is None else total
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | hlen // 4, 0, total, 0x1234, 0x4000, 64, proto, 0,
                      A, B) + options
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def ip6(nxt, payload, plen=None, vtcfl=0x60000000):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB16s16s", vtcfl, plen, nxt, 64, A6, B6) + payload


_ports = iter(range(41000, 42000))


def tcp():
    """A TCP header on ports of its own, so that no two cut headers share a stream."""
    return struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 2000, 5 << 4, PSH | ACK, 512, 0, 0)


def tcp_at(sport, seq, ack, flags=PSH | ACK, data=b""):
    """A TCP segment of one stream, to a port no dissector takes (its data stays data)."""
    return struct.pack("!HHIIBBHHH", sport, 32000, seq, ack, 5 << 4, flags, 512, 0, 0) + data


def tcp_opts():
    """A SYN with an MSS option (header length 24)."""
    return struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 0, 6 << 4, SYN, 512, 0, 0) + \
        b"\x02\x04\x05\xb4"


def udp_len(length):
    """UDP's header and data behind a length field of `length` (the right one is 12)."""
    return struct.pack("!HHHH", 40000, 9, length, 0) + b"data"


UDP = udp_len(12)
# loose source routes through 10.0.0.1 to 10.0.0.2, then end of options: one to go, and
# one exhausted (pointer past the route)
LSRR = b"\x83\x0b\x04" + bytes([10, 0, 0, 1, 10, 0, 0, 2]) + b"\x00"
LSRR_EXHAUSTED = b"\x83\x0b\x0c" + bytes([10, 0, 0, 1, 10, 0, 0, 2]) + b"\x00"
ICMP = struct.pack("!BBHHH", 8, 0, 0xf7fd, 0x0001, 0x0001) + b"ping"
ICMP6 = struct.pack("!BBHHH", 128, 0, 0, 0x0001, 0x0001) + b"ping"


def icmp_other(type_, code=1):
    """An ICMP or ICMPv6 message of a type other than echo: its header and 24 bytes."""
    return struct.pack("!BBH", type_, code, 0) + bytes(28)


ARP = (struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + MAC_A + A + bytes(6) + B)


def v4(packet):
    return eth(packet)


def v6(packet):
    return eth(packet, etype=0x86DD)


def short_frames():
    f = []
    # Ethernet's own header cut, and nothing after a whole one
    for cut in (6, 13):
        f.append(eth(b"")[:cut])
    f.append(eth(b""))
    f.append(eth(b"", etype=0x86DD))
    # the IPv4 header cut after every length, and inside its options (header length 24)
    whole4 = ip4(17, UDP)
    for cut in range(1, 20):
        f.append(v4(whole4[:cut]))
    opts4 = ip4(17, UDP, options=b"\x01\x01\x01\x00")
    for cut in (20, 22):
        f.append(v4(opts4[:cut]))
    # options cut where Wireshark's search for a source route (before it reads the
    # destination) has ended: at end of options, past an option it skips by its length, at
    # an exhausted route (the header's destination), or at a whole route (its last address)
    f.append(v4(ip4(17, UDP, options=b"\x01\x00\x00\x00")[:22]))
    f.append(v4(ip4(17, UDP, options=b"\x44\x04\x05\x00")[:22]))
    f.append(v4(ip4(17, UDP, options=LSRR_EXHAUSTED)[:23]))
    f.append(v4(ip4(17, UDP, options=b"\x07\x07\x04" + bytes(5))[:27]))  # after a record route
    for cut in (30, 31):  # inside the source route, and after it
        f.append(v4(ip4(17, UDP, options=LSRR)[:cut]))
    # IPv4 total length beyond the frame: the header alone, the transports whole or cut
    f.append(v4(ip4(17, b"", total=len(whole4))))
    f.append(v4(ip4(17, UDP[:8], total=len(whole4))))
    f.append(v4(ip4(17, UDP[:5], total=len(whole4))))
    f.append(v4(ip4(6, tcp(), total=60)))
    f.append(v4(ip4(6, tcp()[:13], total=60)))
    f.append(v4(ip4(1, ICMP[:6], total=40)))
    # transports cut behind an IPv4 header whose total length says so
    for cut in range(0, 20):
        f.append(v4(ip4(6, tcp()[:cut])))
    f.append(v4(ip4(6, tcp_opts()[:22])))
    for cut in range(0, 8):
        f.append(v4(ip4(17, UDP[:cut])))
    for cut in range(0, 8):
        f.append(v4(ip4(1, ICMP[:cut])))
    # other ICMP types: Wireshark writes Info from 6 bytes on, as for an echo
    for type_ in (3, 17):
        for cut in (4, 5, 6):
            f.append(v4(ip4(1, icmp_other(type_)[:cut])))
    # UDP length fields below 8 in headers cut after them, where Wireshark stops before
    # the checksum's read (0 over IPv6: a jumbogram, which checks the IP payload's length)
    for length in (0, 7):
        for cut in (6, 7):
            f.append(v4(ip4(17, udp_len(length)[:cut])))
            f.append(v6(ip6(17, udp_len(length)[:cut])))
    # the same with Ethernet padding behind the datagram (a 60-byte frame)
    for proto, body in ((17, UDP[:6]), (6, tcp()[:10]), (1, ICMP[:5])):
        f.append(v4(ip4(proto, body)) + bytes(60 - 14 - 20 - len(body)))
    # the IPv6 header cut
    whole6 = ip6(17, UDP)
    for cut in (1, 4, 6, 7, 8, 24, 39):
        f.append(v6(whole6[:cut]))
    f.append(v6(ip6(17, UDP, vtcfl=0x6b812345)[:5]))  # traffic class 0xb8, a flow label
    # IPv6 payload length beyond the frame
    f.append(v6(ip6(17, b"", plen=len(UDP))))
    f.append(v6(ip6(17, UDP[:8], plen=len(UDP))))
    f.append(v6(ip6(17, UDP[:5], plen=len(UDP))))
    f.append(v6(ip6(6, tcp()[:13], plen=40)))
    f.append(v6(ip6(58, ICMP6[:6], plen=20)))
    # transports cut behind an IPv6 header whose payload length says so
    for cut in (0, 1, 2, 4, 12, 13, 14, 16, 19):
        f.append(v6(ip6(6, tcp()[:cut])))
    for cut in range(0, 8):
        f.append(v6(ip6(17, UDP[:cut])))
    for cut in range(0, 8):
        f.append(v6(ip6(58, ICMP6[:cut])))
    # other ICMPv6 types: an error's code once read, the packet it quotes read however
    # short, router solicitation's and advertisement's fixed fields
    for type_, cuts in ((1, (1, 2, 8)), (2, (8,)), (4, (1, 8)), (133, (4, 8)), (134, (4, 8))):
        for cut in cuts:
            f.append(v6(ip6(58, icmp_other(type_, 0)[:cut])))
    # ARP cut after every length
    for cut in range(0, 28):
        f.append(eth(ARP[:cut], etype=0x0806))
    return [(frame, len(frame)) for frame in f]


def snap_cuts():
    """The same places cut by the snap length: the frame's length is the whole packet's."""
    cuts = [
        (eth(bytes(46), etype=0x0800), 10),
        (v4(ip4(17, UDP)), 14 + 10),
        (v4(ip4(17, UDP)), 14 + 20 + 5),
        (v4(ip4(17, UDP, options=b"\x01\x00\x00\x00")), 14 + 22),
        (v4(ip4(17, UDP, options=LSRR)), 14 + 31),
        (v4(ip4(17, UDP)), 14 + 20 + 7),
        (v4(ip4(17, udp_len(7))), 14 + 20 + 6),
        (v4(ip4(17, udp_len(40))), 14 + 20 + 6),
        (v6(ip6(17, udp_len(0))), 14 + 40 + 6),
        (v6(ip6(17, udp_len(3))), 14 + 40 + 7),
        (v4(ip4(6, tcp())), 14 + 20 + 10),
        (v4(ip4(6, tcp_opts())), 14 + 20 + 22),
        (v4(ip4(6, tcp_opts())), 14 + 20 + 16),
        (v4(ip4(1, ICMP)), 14 + 20 + 2),
        (v4(ip4(1, ICMP)), 14 + 20 + 5),
        (v4(ip4(1, ICMP)), 14 + 20 + 6),
        (v6(ip6(17, UDP)), 14 + 20),
        (v6(ip6(17, UDP, vtcfl=0x6b812345)), 14 + 6),
        (v6(ip6(6, tcp())), 14 + 40 + 13),
        (v6(ip6(58, ICMP6)), 14 + 40 + 3),
        (v6(ip6(58, ICMP6)), 14 + 40 + 6),
        (v4(ip4(1, icmp_other(3))), 14 + 20 + 4),
        (v6(ip6(58, icmp_other(1))), 14 + 40 + 1),
        (v6(ip6(58, icmp_other(1))), 14 + 40 + 8),
        (v6(ip6(58, icmp_other(133))), 14 + 40 + 4),
        (v6(ip6(58, icmp_other(134))), 14 + 40 + 8),
        (eth(ARP, etype=0x0806), 14 + 5),
        (eth(ARP, etype=0x0806), 14 + 10),
        (eth(ARP, etype=0x0806), 14 + 20),
    ]
    # TCP headers cut after every length from their ports on, behind a whole IP header
    # (Wireshark reads up to the window, then throws: the analysis, relative numbers)
    for cut in range(4, 20):
        cuts.append((v4(ip4(6, tcp() + b"data")), 14 + 20 + cut))
    for cut in (16, 18):
        cuts.append((v6(ip6(6, tcp() + b"data")), 14 + 40 + cut))
    frames = [(frame[:cut], len(frame)) for frame, cut in cuts]
    # one stream: a whole segment, then one the snap length cuts (relative numbers from
    # the first), one the frame cuts (a short segment: absolute), and a whole one again
    first = v4(ip4(6, tcp_at(43000, 5000, 7000, data=b"abcd")))
    cut = v4(ip4(6, tcp_at(43000, 5004, 7000, data=b"efgh")))
    frames.append((first, len(first)))
    frames.append((cut[:14 + 20 + 17], len(cut)))
    short = v4(ip4(6, tcp_at(43000, 5008, 7000)[:18]))
    frames.append((short, len(short)))
    last = v4(ip4(6, tcp_at(43000, 5008, 7000, data=b"ijkl")))
    frames.append((last, len(last)))
    # whole headers with a source route: one still to go names the destination (ip.dst,
    # the columns, udp.stream); an exhausted one leaves the header's
    for options in (LSRR, LSRR_EXHAUSTED):
        routed = v4(ip4(17, UDP, options=options))
        frames.append((routed, len(routed)))
    return frames


def option_cuts():
    """TCP options the frame (a short segment) or the snap length cuts: Wireshark has
    tcp.options (what the segment holds of them, none too), every option whose kind and
    length bytes are held (its value cut or not), a TSval before a cut TSecr; and a FIN and
    a RST cut after the window, whose tcp.connection.* items the flags added."""
    opts = [b"\x02\x04\x05\xb4", b"\x01\x01\x08\x0a" + bytes(8),
            b"\x05\x0a" + bytes(8) + b"\x01\x01", b"\x02\x04\x05\xb4\x01\x03\x03\x07"]
    frames = []
    for o in opts:
        head = struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 0, (20 + len(o)) // 4 << 4,
                           SYN, 512, 0, 0) + o
        for n in sorted({20, 21, 22, 23, 27, 28} & set(range(20, len(head)))):
            short = v4(ip4(6, head[:n]))
            frames.append((short, len(short)))
            whole = v4(ip4(6, head))
            frames.append((whole[:14 + 20 + n], len(whole)))
    for flags in (0x11, 0x04):
        whole = v4(ip4(6, struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 0, 5 << 4, flags,
                                      512, 0, 0) + b"zz"))
        frames.append((whole[:14 + 20 + 16], len(whole)))
        short = v4(ip4(6, whole[14 + 20:14 + 20 + 16]))
        frames.append((short, len(short)))
    # A SACK option of two blocks the snap length cuts after the first block, and after the
    # second block's left edge: Wireshark adds each edge it read (relative to the peer's
    # first sequence number with ACK set), then throws before the block count.
    sack = b"\x01\x01\x05\x12" + struct.pack("!IIII", 5000, 6000, 7000, 8000)
    for flags in (SYN, 0x10):
        whole = v4(ip4(6, struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 4000,
                                      (20 + len(sack) + 2) // 4 << 4, flags, 512, 0, 0) +
                       sack + b"\x01\x01"))
        for n in (20 + 4 + 8, 20 + 4 + 12, 20 + len(sack) + 2):
            frames.append((whole[:14 + 20 + n], len(whole)))
    # Short segments whose option value the segment holds a part of: cut at 60 (26 bytes
    # of TCP), the first failed value read (an MSS, a SACK edge, a TSval, a TSecr) ends
    # within the segment (past the capture only: short) or past it (a contained error).
    for o in (b"\x01\x01\x01\x01\x02\x04\x05\xb4" + b"\x01" * 4,
              b"\x05\x12" + struct.pack("!IIII", 5000, 6000, 7000, 8000) + b"\x01\x01",
              b"\x01\x01\x08\x0a" + bytes(8) + b"\x01" * 4):
        head = struct.pack("!HHIIBBHHH", next(_ports), 80, 1000, 0, (20 + len(o)) // 4 << 4,
                           SYN, 512, 0, 0) + o
        for n in (27, 28, 29, 30, 33, 34):
            short = v4(ip4(6, head[:n]))
            frames.append((short, len(short)))
    return frames


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_short_frames.py OUT.pcap")
    frames = short_frames() + snap_cuts() + option_cuts()
    write_pcap(sys.argv[1], [(i, data, orig) for i, (data, orig) in enumerate(frames)])


if __name__ == "__main__":
    main()
