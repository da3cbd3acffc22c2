#!/usr/bin/env python3
"""Writes a capture of PPP configuration options inside PPTP's GRE (usage: OUT.pcap).

For tests/integration/test_ppp_options_vs_tshark.sh: every LCP option type 0-31, IPCP
types 0-7 and 129-132, CCP types 0-28 and IPV6CP types 1-4, each at every length from 2
to 11 bytes and followed by an option Wireshark always reads (so a test sees both which
options it reads and whether it reads on after them), in Configure-Request, -Ack, -Nak
and -Reject. Wireshark 4.0 skips an option of a type it does not know or of a length its
type does not take, and stops after a few whose dissectors read past them.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_gre_ppp import T0, cp, opt, ppp, pptp, tunnelled  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

LCP, IPCP, IPV6CP, CCP = 0xC021, 0x8021, 0x8057, 0x80FD
VALUE = bytes([0xC0, 0x23, 0x05, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
AFTER = {
    LCP: opt(5, b"\x12\x34\x56\x78"),
    IPCP: opt(3, b"\xc0\x00\x02\x09"),
    IPV6CP: opt(1, b"\x02\0\0\xff\xfe\0\0\x02"),
    CCP: opt(26, b"\x78\x00"),
}
TYPES = {
    LCP: list(range(0, 32)),
    IPCP: list(range(0, 8)) + [129, 130, 131, 132],
    CCP: list(range(0, 29)),
    IPV6CP: [1, 2, 3, 4],
}


def main():
    frames = []
    for proto, types in TYPES.items():
        for kind in types:
            for length in range(2, 12):
                code = 1 + len(frames) % 4
                body = cp(code, 1, opt(kind, VALUE[:length - 2]) + AFTER[proto])
                frames.append(tunnelled(pptp(ppp(proto, body), len(frames) + 1)))
    write_pcap(sys.argv[1], [(T0 + i * 0.01, f) for i, f in enumerate(frames)])


if __name__ == "__main__":
    main()
