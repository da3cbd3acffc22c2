#!/usr/bin/env python3
"""Writes tests/data/gre_ppp.pcap: GRE that live traffic in a test namespace does not give
(this kernel may have no GRE or PPTP module), compared with tshark 4.0 by
tests/integration/test_gre_ppp_vs_tshark.sh:
  - PPTP (enhanced GRE, version 1, protocol 0x880b) carrying PPP: LCP Configure-Request /
    Ack / Nak / Reject, Echo-Request / Reply, Terminate-Request / Ack, Code-Reject,
    Protocol-Reject, Discard-Request, Identification, Time-Remaining, an unknown code;
    PAP and CHAP; IPCP; CCP, IPV6CP, compressed data; IPv4 and IPv6 inside PPP, with and without the address/control
    field (ACFC) and with a one-byte protocol (PFC); frames cut short or malformed where
    tshark says so, a protocol tshark does not know (data), PPTP without sequence number;
  - ARP bridged over GRE (gretap, 0x6558);
  - GRE nested in IP in GRE (twice, with different keys; PPTP in GRE; gretap in GRE; GRE
    in IPv6 in GRE).
Usage: make_gre_ppp.py [OUT.pcap]"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, B, A6, B6, MAC_A, MAC_B, OUT, T0, eth, ipv4, ipv6, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

C = bytes([10, 64, 0, 1])
D = bytes([10, 64, 0, 2])
E = bytes([10, 65, 0, 1])
F = bytes([10, 65, 0, 2])


def gre(flags, proto, payload, key=None, seq=None, ack=None):
    """A GRE header (RFC 2784/2890; PPTP's version 1 when flags & 7 == 1)."""
    opt = b""
    if key is not None:
        opt += struct.pack("!I", key)
    if seq is not None:
        opt += struct.pack("!I", seq)
    if ack is not None:
        opt += struct.pack("!I", ack)
    return struct.pack("!HH", flags, proto) + opt + payload


def pptp(ppp_frame, seq, call_id=0x4001, ack=None):
    """PPTP's enhanced GRE: key (payload length, call ID), sequence, optional ack."""
    flags = 0x3001 | (0x80 if ack is not None else 0)
    return gre(flags, 0x880B, ppp_frame, key=(len(ppp_frame) << 16) | call_id, seq=seq, ack=ack)


def ppp(proto, body, acfc=False, pfc=False):
    head = b"" if acfc else b"\xff\x03"
    head += struct.pack("!B", proto) if pfc else struct.pack("!H", proto)
    return head + body


def cp(code, ident, data=b""):
    """A control protocol packet (LCP, IPCP, ...): code, identifier, length, data."""
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


def opt(kind, value=b""):
    return struct.pack("!BB", kind, 2 + len(value)) + value


LCP, IPCP, PAP, CHAP, IPV6CP, CCP = 0xC021, 0x8021, 0xC023, 0xC223, 0x8057, 0x80FD
LCP_OPTS = (opt(1, struct.pack("!H", 1400)) + opt(2, b"\0\0\0\0") + opt(3, b"\xc2\x23\x05") +
            opt(5, b"\x12\x34\x56\x78") + opt(7) + opt(8))


def tunnelled(payload, src=A, dst=B):
    return eth(ipv4(src, dst, 47, payload))


def frames():
    out = []
    seq = [0]

    def p(ppp_frame, back=False, ack=None):
        seq[0] += 1
        src, dst = (B, A) if back else (A, B)
        macs = dict(src=MAC_B, dst=MAC_A) if back else {}
        out.append(eth(ipv4(src, dst, 47, pptp(ppp_frame, seq[0], ack=ack)), **macs))

    # LCP
    p(ppp(LCP, cp(1, 1, LCP_OPTS)))
    p(ppp(LCP, cp(2, 1, LCP_OPTS)), back=True, ack=1)
    p(ppp(LCP, cp(3, 2, opt(1, struct.pack("!H", 1500)))), back=True)
    p(ppp(LCP, cp(4, 3, opt(8) + opt(7))))
    p(ppp(LCP, cp(9, 4, b"\x12\x34\x56\x78" + b"echo")))
    p(ppp(LCP, cp(10, 4, b"\x9a\xbc\xde\xf0" + b"echo")), back=True)
    p(ppp(LCP, cp(5, 5, b"bye")))
    p(ppp(LCP, cp(6, 5)), back=True)
    p(ppp(LCP, cp(7, 6, cp(42, 1))), back=True)
    # Protocol-Reject of a protocol Wireshark has no dissector for: the rest is "data"
    p(ppp(LCP, cp(8, 7, struct.pack("!H", 0x4021) + b"rejected")), back=True)
    p(ppp(LCP, cp(11, 8, b"\x12\x34\x56\x78")))
    p(ppp(LCP, cp(12, 9, b"\x12\x34\x56\x78" + b"pppd 2.4")))
    p(ppp(LCP, cp(13, 10, b"\x12\x34\x56\x78" + struct.pack("!I", 3600) + b"left")))
    p(ppp(LCP, cp(42, 11, b"??")))                  # a code LCP does not have
    p(ppp(LCP, cp(9, 12, b"\0\0")))                 # Echo-Request cut: malformed
    p(ppp(LCP, cp(9, 13, b"\x12\x34\x56\x78"))[:5])  # LCP header cut
    p(b"\xff\x05" + struct.pack("!H", LCP) + cp(9, 14, b"\x12\x34\x56\x78"))  # control 5
    p(b"\xfe\x03\xc0\x21")                         # no 0xff: a two-byte protocol 0xfe03
    p(ppp(0x1234, b"opaque"))                         # a protocol Wireshark does not know
    p(b"\xff")                                       # PPP cut in its header
    p(b"")                                            # a sequence number, no PPP at all
    # PPTP without a sequence number, with PPP all the same
    out.append(eth(ipv4(A, B, 47, gre(0x2001, 0x880B, ppp(LCP, cp(9, 15, b"\0\0\0\1")),
                                      key=(12 << 16) | 0x4001))))
    # PAP and CHAP
    p(ppp(PAP, cp(1, 1, b"\x05alice\x06secret")))
    p(ppp(PAP, cp(2, 1, b"\x02ok")), back=True)
    p(ppp(PAP, cp(3, 2, b"\x04nope")), back=True)
    p(ppp(CHAP, cp(1, 1, b"\x10" + bytes(range(16)) + b"server")), back=True)
    p(ppp(CHAP, cp(2, 1, b"\x10" + bytes(range(16, 32)) + b"alice")))
    p(ppp(CHAP, cp(3, 1, b"Welcome")), back=True)
    p(ppp(CHAP, cp(4, 2, b"E=691")), back=True)
    p(ppp(CHAP, cp(1, 3, b"\x20" + bytes(range(4)))), back=True)  # value past the end
    p(ppp(PAP, cp(1, 3, b"\x09al")))  # peer-ID past the end: malformed
    # IPCP: address and a DNS server asked for, refused, agreed
    ipcp_req = opt(3, b"\0\0\0\0") + opt(129, b"\0\0\0\0")
    p(ppp(IPCP, cp(1, 1, ipcp_req)))
    p(ppp(IPCP, cp(3, 1, opt(3, C) + opt(129, bytes([192, 0, 2, 53])))), back=True)
    p(ppp(IPCP, cp(1, 2, opt(3, C) + opt(129, bytes([192, 0, 2, 53])))))
    p(ppp(IPCP, cp(2, 2, opt(3, C) + opt(129, bytes([192, 0, 2, 53])))), back=True)
    p(ppp(IPCP, cp(4, 3, opt(130, b"\0\0\0\0"))), back=True)
    p(ppp(IPCP, cp(5, 4)))
    p(ppp(IPCP, cp(6, 4)), back=True)
    p(ppp(IPCP, cp(14, 5, b"\0\0\0\0xx")))  # beyond IPCP's codes: data
    p(ppp(LCP, cp(1, 16, LCP_OPTS), acfc=True))  # LCP without address and control
    # CCP (MPPE asked for), its Reset-Request, IPV6CP, and compressed/encrypted data
    p(ppp(CCP, cp(1, 6, opt(18, b"\x01\0\0\x40"))))
    p(ppp(CCP, cp(2, 6, opt(18, b"\x01\0\0\x40"))), back=True)
    p(ppp(CCP, cp(14, 7, b"")), back=True)
    p(ppp(IPV6CP, cp(1, 1, opt(1, b"\x02\0\0\xff\xfe\0\0\x01"))))
    p(ppp(0x00FD, b"\x90\x01" + bytes(range(40, 60))))
    p(ppp(0xFD, b"\x90\x02" + bytes(range(60, 80)), acfc=True, pfc=True), back=True)
    # IP inside PPP: plain, address/control compressed, protocol compressed, both; IPv6
    p(ppp(0x0021, ipv4(C, D, 17, udp(5100, 5101, b"ppp payload"))))
    p(ppp(0x0021, ipv4(D, C, 17, udp(5101, 5100, b"acfc")), acfc=True), back=True)
    p(ppp(0x21, ipv4(C, D, 17, udp(5100, 5102, b"pfc")), pfc=True))
    p(ppp(0x21, ipv4(C, D, 1, struct.pack("!BBHHH", 8, 0, 0xF7FD, 1, 1)), acfc=True, pfc=True))
    p(ppp(0x0057, ipv6(A6, B6, 17, udp(5200, 5201, b"v6 over ppp"))))
    p(ppp(0x57, ipv6(B6, A6, 17, udp(5201, 5200, b"v6 pfc")), acfc=True, pfc=True), back=True)
    p(ppp(0x21, b"", pfc=True))  # IPv4 with no header at all
    p(ppp(0x0057, b"\x45\0\0\x14"))  # not IPv6 after all: refused, so "data"
    # PAP and CHAP cut in their header; strings with escapes, UTF-8 and bytes that are not
    p(ppp(CHAP, b"\x01\x07"))
    p(ppp(PAP, b""))
    p(ppp(PAP, cp(2, 4, b"\x0bt\tab\n\x1b\\\xc3\xa9\xff!")), back=True)
    p(ppp(CHAP, cp(3, 4, b"caf\xc3\xa9 \xe2\x82")), back=True)
    p(ppp(CHAP, cp(4, 5)), back=True)  # a Failure with no message
    # ARP bridged over GRE (gretap): a request (broadcast) and its reply.
    arp_req = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, C, b"\0" * 6, D)
    arp_rep = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, MAC_B, D, MAC_A, C)
    out.append(tunnelled(gre(0, 0x6558, eth(arp_req, 0x0806, MAC_A, b"\xff" * 6))))
    out.append(tunnelled(gre(0x2000, 0x6558, eth(arp_rep, 0x0806, MAC_B, MAC_A), key=9), B, A))
    # GRE in IP in GRE
    inner = ipv4(E, F, 17, udp(5300, 5301, b"twice tunnelled"))
    out.append(tunnelled(gre(0x2000, 0x0800, ipv4(C, D, 47, gre(0x3000, 0x0800, inner, key=2, seq=5)),
                             key=1)))
    out.append(tunnelled(gre(0x2000, 0x0800, ipv4(C, D, 47, gre(0x2000, 0x0800, inner, key=3)),
                             key=3)))
    out.append(tunnelled(gre(0, 0x0800, ipv4(C, D, 47, pptp(ppp(0x0021, inner), 77)))))
    out.append(tunnelled(gre(0x1000, 0x0800, ipv4(C, D, 47, gre(
        0, 0x6558, eth(ipv4(E, F, 17, udp(5300, 5302, b"bridged twice")), src=MAC_B, dst=MAC_A))),
        seq=11)))
    out.append(tunnelled(gre(0x2000, 0x86DD, ipv6(A6, B6, 47, gre(0x2000, 0x0800, inner, key=6)),
                             key=4)))
    # CCP and IPV6CP options for the filter fields (ccp.opt.*, ipv6cp.*): one of each kind
    # Wireshark reads, options of a wrong length, one cut by the packet's end.
    ccp_opts = (opt(0, b"\x00\x00\x0c\x01ab") + opt(1) + opt(2) + opt(17, b"\x00\x01\x03") +
                opt(18, b"\x01\x00\x00\xe1") + opt(19, b"\x01\x01\x02") + opt(21, b"\x2f") +
                opt(23, b"\x00\x01\x02\x01") + opt(26, b"\x78\x00") + opt(24, b"\x78\x00"))
    p(ppp(CCP, cp(1, 8, ccp_opts)))
    p(ppp(CCP, cp(3, 8, opt(18, b"\x00\x00\x00\x40") + opt(26, b"\x68\x00"))), back=True)
    p(ppp(CCP, cp(4, 8, opt(17, b"\x00\x01") + opt(21) + opt(18, b"\x01\x00"))), back=True)
    p(ppp(CCP, cp(1, 9, opt(26, b"\x78\x00") + b"\x12\x01")))
    p(ppp(IPV6CP, cp(1, 2, opt(1, b"\x02\0\0\xff\xfe\0\0\x02") + opt(2, b"\x00\x4f"))))
    p(ppp(IPV6CP, cp(3, 2, opt(1, b"\x02\0\0\xff"))), back=True)
    return out


if __name__ == "__main__":
    path = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(OUT, "gre_ppp.pcap")
    write_pcap(path, [(T0 + i * 0.01, f) for i, f in enumerate(frames())])
