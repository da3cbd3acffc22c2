#!/usr/bin/env python3
"""Writes a capture of IPv4 and IPv6 headers cut by the snap length (usage: OUT.pcap).

For tests/integration/test_ip_cut_vs_tshark.sh: an IPv4 header cut after every length
from 1 to 20 bytes, an IPv6 header cut after 1, 4, 8, 9, 24, 39 and 40 bytes, and cut
IPv4 headers that are bogus as well (version 5, header length 16, total length below the
header length). Wireshark adds a cut header's fields one by one until the
first that was not captured, and none after a bogus value.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402


MACS = bytes.fromhex("020000000002020000000001")
ETH4 = MACS + b"\x08\x00"
ETH6 = MACS + b"\x86\xdd"
IP4 = bytes.fromhex("4500002e1234400040117a5bc0000201c0000202")
UDP = bytes.fromhex("d43104d2001a0000") + b"x" * 18
IP6 = (bytes.fromhex("6000000000201140") + bytes.fromhex("20010db8" + "00" * 11 + "01")
       + bytes.fromhex("20010db8" + "00" * 11 + "02"))


def main():
    frames = []
    whole4 = len(ETH4) + len(IP4) + len(UDP)
    for cut in range(1, 21):
        frames.append((ETH4 + (IP4 + UDP)[:cut], whole4))
    whole6 = len(ETH6) + len(IP6) + len(UDP)
    for cut in (1, 4, 8, 9, 24, 39, 40):
        frames.append((ETH6 + (IP6 + UDP)[:cut], whole6))
    for header in ("5500002e1234", "4400002e12344000401100", "45000010123440004011"):
        frames.append((ETH4 + bytes.fromhex(header), whole4))
    # the same bogus headers whole, and a good one after them
    for header in ("55", "44", "45000010", "45"):
        ip = bytes.fromhex(header) + IP4[len(bytes.fromhex(header)):]
        frames.append((ETH4 + ip + UDP, whole4))
    write_pcap(sys.argv[1], [(i, data, orig_len) for i, (data, orig_len) in enumerate(frames)])


if __name__ == "__main__":
    main()
