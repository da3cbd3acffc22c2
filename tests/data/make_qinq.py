#!/usr/bin/env python3
"""Writes a capture of 802.1ad (Q-in-Q) tag stacks (usage: OUT.pcap).

For tests/integration/test_link_vs_tshark.sh (tests/data/filters_qinq.txt): Wireshark 4.0
reads an 802.1ad tag followed at once by another 802.1ad tag as one ieee8021ad layer
(priority and DEI of both, ieee8021ad.svid and .cvid, no .id), and hands the type after
an 802.1ad tag to the ethertype table whatever it is (a length too). Here: 802.1ad before
802.1Q, two and three 802.1ad tags, 802.1Q before 802.1ad, unknown types and a length
after the pair, and a pair cut at every byte (the frame ends there, or the snap length).
Last, type 0x86dd whose first nibble is not 6, untagged, after 802.1Q, 802.1ad and a pair:
Wireshark's IPv6 dissector adds its layer and version, then refuses it, and its bytes are
data ("0x86dd ... IPv6"), even when one byte follows; and type 0x0800 followed by IPv6,
which Wireshark's IP dissector hands to IPv6 after an empty ip item (whole, cut, tagged).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

MAC = bytes.fromhex("020000000002020000000001")
IP = bytes.fromhex("4500001c000040004011f6c9c0000201c0000202") + bytes.fromhex("3039003500080000")


def tag(tpid, tci):
    return struct.pack("!HH", tpid, tci)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_qinq.py OUT.pcap")
    pair = MAC + tag(0x88A8, 0x2064) + tag(0x88A8, 0x30C8)
    frames = [
        MAC + tag(0x88A8, 0x2064) + tag(0x8100, 0x00C8) + b"\x08\x00" + IP,
        pair + b"\x08\x00" + IP,
        MAC + tag(0x88A8, 0x2064) + b"\x08\x00" + IP,
        pair + tag(0x8100, 5) + b"\x08\x00" + IP,
        pair + tag(0x88A8, 0xF007) + b"\x08\x00" + IP,
        MAC + tag(0x8100, 0x2064) + tag(0x88A8, 0x30C8) + b"\x08\x00" + IP,
        pair + b"\x88\xb5" + b"abcdefgh" + bytes(30),
        MAC + tag(0x88A8, 0x2064) + b"\x88\xb5" + b"abcdefgh" + bytes(30),
        pair + b"\x05\xdc" + b"\x42\x42\x03" + bytes(40),
        MAC + tag(0x88A8, 0x1FFF) + tag(0x88A8, 0x1000) + b"\x08\x00" + IP,
    ]
    frames += [pair[:n] for n in (20, 19, 18, 17, 16, 15)]
    records = [(2000 + i, f) for i, f in enumerate(frames)]
    records.append((2100, pair[:18], len(pair) + 2 + len(IP)))  # the snap length cut it
    records.append((2101, pair, len(pair) + 2 + len(IP)))
    bogus = b"\x86\xdd" + IP + bytes(20)  # IPv4 where IPv6 should be
    for head in (MAC, MAC + tag(0x8100, 0x2064), MAC + tag(0x88A8, 0x2064), pair):
        records.append((2200 + len(records), head + bogus))
    records.append((2300, MAC + b"\x86\xdd\x45", 15))
    records.append((2301, MAC + b"\x86\xdd" + bytes(40), 54))
    six = bytes.fromhex("6000000000101140" + "20010db8" + "00" * 11 + "01" + "20010db8" + "00" * 11
                        + "02") + bytes.fromhex("0001000200100000") + b"sixinfour"[:8]
    for head in (MAC + b"\x08\x00", MAC + tag(0x8100, 0x2064) + b"\x08\x00"):
        records.append((2400 + len(records), head + six))
    records.append((2500, MAC + b"\x08\x00" + six[:1], 15))
    records.append((2501, MAC + b"\x08\x00" + six[:20], 34))
    write_pcap(sys.argv[1], records)


if __name__ == "__main__":
    main()
