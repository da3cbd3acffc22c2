#!/usr/bin/env python3
"""Writes a capture of Ethernet frames whose type field is a length (usage: OUT.pcap).

For tests/integration/test_link_vs_tshark.sh (tests/data/filters_ieee8023.txt): Wireshark
4.0 reads the two bytes after the addresses as an 802.3 length from 1 to 1500 (eth.len:
LLC follows, or raw IPX when 0xffff does; no eth.type), as an invalid length/type from
1501 to 1535 (eth.invalid_lentype, the rest is data), and 0 and 1536 up as an ethertype.
Here: an STP BPDU padded to 60 bytes, LLC shorter than the length says, raw IPX, the
edges 1500/1501/1535/1536/0, a frame that ends after the length, and one cut inside LLC;
then 802.3 lengths after an 802.1Q tag, with padding and vlan.trailer.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

DST = bytes.fromhex("0180c2000000")  # the bridges' group address (STP)
SRC = bytes.fromhex("020000000001")
BPDU = bytes.fromhex("0000000000800002000000000100000000800002000000000180010000140002000f00")


def frame(field, body, pad_to=60):
    f = DST + SRC + struct.pack("!H", field) + body
    return f + bytes(max(0, pad_to - len(f)))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_ieee8023.py OUT.pcap")
    llc_stp = b"\x42\x42\x03" + BPDU
    frames = [
        frame(len(llc_stp), llc_stp),
        frame(3, b"\x42\x42\x03"),                  # LLC alone, the rest is padding
        frame(3, b"\xff\xff\x03"),                  # raw IPX
        frame(1500, b"\x42\x42\x03"),               # longer than the frame
        frame(1501, b"\x42\x42\x03"),
        frame(1535, b"\x42\x42\x03"),
        frame(1536, b"\x42\x42\x03"),
        frame(0, b"\x42\x42\x03"),
        frame(46, b"", pad_to=0),                   # nothing after the length
        frame(46, b"\xf0", pad_to=0),               # cut inside LLC
        frame(20, b"\xe0\xe0\x03" + bytes(17), pad_to=64),  # padding, then an FCS's room
    ]
    # After an 802.1Q tag a length's trailer is vlan.trailer, with no FCS split off.
    tagged = DST + SRC + struct.pack("!HHH", 0x8100, 5, 3) + b"\x42\x42\x03"
    frames += [
        tagged + bytes(39),
        tagged + bytes(39) + b"\x11\x22\x33\x44",
        tagged + b"abcd",
        tagged + bytes(39) + b"\x11\x22\x33\x44" + bytes(10),
        # XNS IDP (1536): whole, and with a length field longer than the frame
        frame(1536, struct.pack("!HHBB", 0, 46, 0, 1) + bytes(40)),
        frame(1536, struct.pack("!HHBB", 0, 900, 0, 2) + bytes(40)),
    ]
    write_pcap(sys.argv[1], [(1000 + i, f) for i, f in enumerate(frames)])


if __name__ == "__main__":
    main()
