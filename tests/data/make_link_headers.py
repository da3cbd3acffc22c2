#!/usr/bin/env python3
"""Writes captures of link headers in their variety (usage: OUTDIR).

For tests/integration/test_link_vs_tshark.sh:
  vlan.pcap  Ethernet with 802.1Q and 802.1ad tags: priorities, DEI, IDs 0 and 4095,
             stacked tags (QinQ, three deep), a tag before ARP, before an 802.3 length
             (LLC), before an ethertype nobody dissects, a frame cut inside its tag, and
             short frames with Ethernet padding after the tag; ethertypes no Wireshark
             dissector takes, tagged or not, with bytes after them or none.
  sll.pcap   Linux cooked v1: every packet type, Ethernet, loopback, IP-GRE, tun and
             other hardware types with address lengths 0, 4, 6 and 8, a VLAN tag inside,
             an 802.2 protocol (LLC), a header cut short.
  sll2.pcap  Linux cooked v2: interface indexes, packet types and hardware types.
  trailer.pcap  untagged Ethernet with padding, trailers and FCS after the datagram.
and vlan_summary.pcap and sll_summary.pcap: the same without the frames whose payload
sockscope does not dissect (LLC), for the summary lines.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

LINK_ETHERNET, LINK_SLL, LINK_SLL2 = 1, 113, 276


def records(frames):
    """frames: bytes, or (bytes, original length) for a frame the snap length cut."""
    return [(1000 + i,) + (f if isinstance(f, tuple) else (f,)) for i, f in enumerate(frames)]


def checksum(data):
    data += b"\0" * (len(data) % 2)
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ipv4(proto, body, src="192.0.2.1", dst="192.0.2.2"):
    a = bytes(int(x) for x in src.split("."))
    b = bytes(int(x) for x in dst.split("."))
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 0x1234, 0x4000, 64, proto, 0, a, b)
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + body


def ipv6(nxt, body):
    src = bytes.fromhex("20010db8" + "00" * 11 + "01")
    dst = bytes.fromhex("20010db8" + "00" * 11 + "02")
    return struct.pack("!IHBB", 0x60000000, len(body), nxt, 64) + src + dst + body


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def icmp_echo(ident, seq, data=b"vlan ping"):
    body = struct.pack("!HH", ident, seq) + data
    return b"\x08\x00" + struct.pack("!H", checksum(b"\x08\x00\0\0" + body)) + body


ARP = bytes.fromhex("0001080006040001" "020000000001" "c0000201" "000000000000" "c0000202")
MACS = bytes.fromhex("020000000002020000000001")


def tag(tpid, prio, dei, vid):
    return struct.pack("!HH", tpid, (prio << 13) | (dei << 12) | vid)


def pad60(frame):
    return frame + b"\0" * max(0, 60 - len(frame))


def vlan_frames():
    u4 = ipv4(17, udp(5000, 7777, b"tagged"))
    return [
        MACS + tag(0x8100, 5, 0, 100) + b"\x08\x00" + u4,
        MACS + tag(0x8100, 0, 1, 4095) + b"\x86\xdd" + ipv6(17, udp(5001, 7777, b"tagged6")),
        MACS + tag(0x88A8, 3, 0, 200) + tag(0x8100, 7, 1, 10) + b"\x08\x00"
        + ipv4(1, icmp_echo(0x42, 1)),
        pad60(MACS + tag(0x8100, 1, 0, 1) + b"\x08\x06" + ARP),
        # an 802.3 length after the tag: an LLC frame (a spanning-tree BPDU)
        pad60(MACS + tag(0x8100, 0, 0, 7) + struct.pack("!H", 38) + bytes.fromhex("424203")
              + bytes(35)),
        MACS + tag(0x8100, 2, 0, 0) + b"\x88\xb5" + b"experimental payload",
        MACS + tag(0x8100, 0, 0, 5)[:3],  # cut inside the tag
        (MACS + tag(0x8100, 0, 0, 5) + b"\x08\x00" + u4[:10], 14 + 4 + len(u4)),  # IP cut
        MACS + tag(0x8100, 1, 0, 11) + tag(0x8100, 2, 0, 12) + tag(0x8100, 3, 1, 13)
        + b"\x08\x00" + ipv4(17, udp(5002, 7777, b"three tags")),
        pad60(MACS + tag(0x8100, 6, 0, 300) + b"\x08\x00" + ipv4(17, udp(5003, 7777, b"ab"))),
        MACS + tag(0x88A8, 4, 1, 4000) + b"\x86\xdd" + ipv6(58, b"\x80\0\0\0\0\x01\0\x01"),
        MACS + b"\x08\x00" + u4,  # untagged, for contrast
        MACS + tag(0x88A8, 1, 0, 5)[:3],  # an 802.1ad tag the frame ends inside
        # ethertypes no Wireshark dissector takes: named, unnamed, with and without bytes
        MACS + b"\x88\xb5" + b"x" * 30,
        MACS + b"\xc0\x00" + b"y" * 30,
        MACS + b"\xc0\x00",
        MACS + b"\x88\xb5",
        MACS + tag(0x8100, 0, 0, 3) + b"\xc0\x01" + b"z" * 40,
        (MACS + tag(0x8100, 1, 0, 5)[:3], 40),  # a tag the snap length cut
    ]


def sll(pkttype, hatype, halen, addr, proto, body):
    return struct.pack("!HHH", pkttype, hatype, halen) + addr.ljust(8, b"\0")[:8] \
        + struct.pack("!H", proto) + body


def sll_frames():
    mac = bytes.fromhex("020000000001")
    u4 = ipv4(17, udp(5000, 7777, b"cooked"))
    return [
        sll(0, 1, 6, mac, 0x0800, u4),
        sll(4, 1, 6, mac, 0x86DD, ipv6(17, udp(5001, 7777, b"cooked6"))),
        sll(1, 1, 6, mac, 0x0806, ARP),
        sll(0, 772, 0, b"", 0x0800, u4),                              # loopback
        sll(3, 778, 4, bytes([192, 0, 2, 9]), 0x0800, u4),            # IP-GRE
        sll(2, 1, 6, mac, 0x8100, tag(0x8100, 5, 0, 42)[2:] + b"\x08\x00" + u4),
        sll(0, 65534, 0, b"", 0x0800, u4),                            # tun (no header)
        sll(4, 0x0304, 8, bytes(range(1, 9)), 0x86DD, ipv6(17, udp(5004, 7777, b"x"))),
        sll(0, 1, 6, mac, 0x0004, bytes.fromhex("424203") + bytes(35)),  # 802.2 LLC
        sll(0, 1, 6, mac, 0x0003, u4),  # ETH_P_ALL as the protocol
        sll(0, 1, 2, mac, 0x0800, u4),  # an address shorter than the hardware's
        sll(0, 1, 6, mac, 0x0800, u4)[:10],  # cut inside the header
        sll(0, 1, 6, mac, 0x0800, pad60(u4)),  # a trailer after the datagram
        # ETH_P_ETHERNET carrying an 802.3 frame (LLC, STP), and SNAP's ARP behind 802.2
        sll(0, 1, 6, mac, 0x0003, bytes.fromhex("0180c2000000") + mac + b"\x00\x26\x42\x42\x03"
            + bytes.fromhex("000000000080000200000000010000000080000200000000018001")
            + bytes.fromhex("0000140002000f00")),
        sll(0, 1, 6, mac, 0x0004, b"\xaa\xaa\x03\x00\x00\x00\x08\x06" + ARP),
    ]


def sll2(proto, ifindex, hatype, pkttype, halen, addr, body):
    return struct.pack("!HHIHBB", proto, 0, ifindex, hatype, pkttype, halen) \
        + addr.ljust(8, b"\0")[:8] + body


def sll2_frames():
    mac = bytes.fromhex("020000000001")
    u4 = ipv4(17, udp(5000, 7777, b"cooked v2"))
    return [
        sll2(0x0800, 3, 1, 0, 6, mac, u4),
        sll2(0x86DD, 7, 1, 4, 6, mac, ipv6(17, udp(5001, 7777, b"v2 six"))),
        sll2(0x0806, 1, 1, 1, 6, mac, ARP),
        sll2(0x0800, 1, 772, 0, 0, b"", u4),
        sll2(0x0800, 12, 778, 3, 4, bytes([192, 0, 2, 9]), u4),
        sll2(0x8100, 2, 1, 2, 6, mac, tag(0x8100, 1, 1, 43)[2:] + b"\x08\x00" + u4),
        sll2(0x0800, 0xFFFFFFFF, 65534, 4, 0, b"", u4),
        sll2(0x0800, 3, 1, 0, 6, mac, u4)[:14],  # cut inside the header
    ]


# Frame indexes (0-based) of the payloads sockscope does not dissect.
VLAN_UNDISSECTED = ()
SLL_UNDISSECTED = ()


def trailer_frames():
    """Untagged Ethernet with bytes after the datagram: zero padding to 60 bytes, bytes
    that are not zero (a trailer), padding then a trailer, a 4-byte FCS in frames of 64
    bytes or more (not in shorter ones), IPv6 with a trailer."""
    eth = bytes.fromhex("020000000002" "020000000001")
    small = ipv4(17, udp(1000, 2000, b"ab"))
    big = ipv4(17, udp(1, 2, b"x" * 40))
    pad = bytes(60 - 14 - len(small))
    v4 = eth + b"\x08\x00" + small
    return [v4 + pad, v4 + b"\x11" * len(pad), v4 + pad + b"\xaa\xbb", v4 + b"\xaa\xbb",
            eth + b"\x08\x00" + big + b"\xcc" * 4, eth + b"\x86\xdd" + ipv6(17, udp(1000, 2000, b"ab")) + b"\x01\x02",
            v4, v4 + pad + b"\xde\xad\xbe\xef", v4 + b"\xaa\xbb\xcc\xdd", v4 + bytes(20),
            v4 + bytes(15) + b"\x01", v4 + pad + b"\x01\x02\x03\x04\x05",
            eth + b"\x08\x00" + big + b"\xcc" * 3, eth + b"\x08\x00" + big + b"\xcc" * 8]


def main():
    out = sys.argv[1]
    write_pcap(os.path.join(out, "trailer.pcap"), records(trailer_frames()), LINK_ETHERNET)
    write_pcap(os.path.join(out, "vlan.pcap"), records(vlan_frames()), LINK_ETHERNET)
    write_pcap(os.path.join(out, "sll.pcap"), records(sll_frames()), LINK_SLL)
    write_pcap(os.path.join(out, "vlan_summary.pcap"), records(
        [f for i, f in enumerate(vlan_frames()) if i not in VLAN_UNDISSECTED]), LINK_ETHERNET)
    write_pcap(os.path.join(out, "sll_summary.pcap"), records(
        [f for i, f in enumerate(sll_frames()) if i not in SLL_UNDISSECTED]), LINK_SLL)
    write_pcap(os.path.join(out, "sll2.pcap"), records(sll2_frames()), LINK_SLL2)


if __name__ == "__main__":
    main()
