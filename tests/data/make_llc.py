#!/usr/bin/env python3
"""Writes captures of IEEE 802.2 LLC frames (usage: OUT.pcap [OTHERS.pcap]).

For tests/integration/test_link_vs_tshark.sh (tests/data/filters_llc.txt): what Wireshark
4.0 makes of the bytes after an 802.3 length. Spanning tree BPDUs (configuration with and
without topology change, RST with each port role, MST with one MSTI, TCN, an unknown
type, BPDUs cut on the wire and by the snap length at each stage of the dissector), LLC
I, S and U frames (commands and responses, the P/F bit), SNAP carrying IPv4/UDP, ARP,
IPv6, an unknown and a known ethertype, Cisco's CDP and an unknown Cisco PID, an unknown
OUI, IP behind DSAP 6, XID and TEST frames, other SAPs (NetBIOS, SNA, data), a GARP
destination, an 802.1Q tag followed by a length, and LLC headers cut at every byte, on
the wire and by the snap length. OTHERS.pcap gets the frames whose payload goes to a
protocol Wireshark dissects and sockscope does not (NetBIOS, IPX, XID, GVRP, LLDP, CDP,
bridged 802.3, DDP), on which sockscope must warn.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_link_headers import ipv4, ipv6, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

STP_DST = bytes.fromhex("0180c2000000")
SRC = bytes.fromhex("020000000001")
OTHER = bytes.fromhex("020000000002")


def frame(body, dst=STP_DST, pad=True, length=None):
    f = dst + SRC + struct.pack("!H", len(body) if length is None else length) + body
    return f + bytes(max(0, 60 - len(f))) if pad else f


def bpdu(kind, version, flags, root_prio, root_mac, cost, bridge_prio, bridge_mac, port,
         ages=(1, 20, 2, 15), v1len=None):
    b = struct.pack("!HBBB", 0, version, kind, flags)
    b += struct.pack("!H", root_prio) + bytes.fromhex(root_mac) + struct.pack("!I", cost)
    b += struct.pack("!H", bridge_prio) + bytes.fromhex(bridge_mac) + struct.pack("!H", port)
    b += b"".join(struct.pack("!H", a * 256 + (a % 3) * 64) for a in ages)
    if v1len is not None:
        b += bytes([v1len])
    return b


def mst_bpdu():
    b = bpdu(2, 3, 0x7c, 0x8000, "001122334455", 0, 0x8000, "001122334455", 0x8001, v1len=0)
    ext = struct.pack("!HB", 64 + 16, 0) + b"region-one".ljust(32, b"\0")
    ext += struct.pack("!H", 1) + bytes(range(16)) + struct.pack("!I", 20000)
    ext += struct.pack("!H", 0x7001) + bytes.fromhex("00aabbccddee") + bytes([20])
    msti = bytes([0x7c]) + struct.pack("!H", 0x8001) + bytes.fromhex("00aabbccddee")
    msti += struct.pack("!I", 2000) + bytes([0x80, 0x80, 19])
    return b + ext + msti


LLC_STP = b"\x42\x42\x03"


def main():
    if len(sys.argv) not in (2, 3, 4):
        sys.exit("usage: make_llc.py OUT.pcap [OTHERS.pcap [COLUMNS.pcap]]")
    conf = bpdu(0, 0, 0, 0x8000, "020000000001", 0, 0x8000, "020000000001", 0x8001)
    conf_tc = bpdu(0, 0, 0x81, 0x1001, "00aabbccddee", 19, 0x9002, "020000000001", 0x8002)
    rst = [bpdu(2, 2, f, 0x6000 + i, "00aabbccdd0%d" % i, 4 * i, 0x8000, "020000000001",
                0x8000 + i, v1len=0) for i, f in enumerate((0x3c, 0x7e, 0x04, 0x19, 0xa8))]
    frames = [frame(LLC_STP + conf), frame(LLC_STP + conf_tc)]
    frames += [frame(LLC_STP + b) for b in rst]
    frames += [
        frame(LLC_STP + mst_bpdu()),
        frame(LLC_STP + b"\x00\x00\x00\x80"),                 # TCN
        frame(LLC_STP + b"\x00\x00\x00\x80", pad=False),
        frame(LLC_STP + b"\x00\x01\x04\x07" + bytes(10)),     # unknown type
        frame(LLC_STP + bpdu(2, 4, 0, 0x8000, "020000000003", 0, 0x8000, "020000000003", 1,
                             v1len=0)),                        # SPT with a short PDU
    ]
    # BPDUs that end (on the wire) at each stage of the dissector
    for n in (2, 3, 4, 10, 26, 27, 28, 30, 34, 35):
        frames.append(frame(LLC_STP + conf[:n], pad=False))
    for n in (35, 36):
        frames.append(frame(LLC_STP + rst[0][:n], pad=False))
    # the 802.3 length says less than the BPDU has: the PDU ends there
    frames.append(frame(LLC_STP + conf, length=20))
    others = [frame(b"\xf0\xf0\x00\x55payload!"), frame(b"\xe0\xe0\x03payload!")]
    # LLC frames of each kind; the second byte of I and S frames carries N(R) and P/F
    for dsap, ssap, ctl in ((0xf0, 0xf1, b"\x13"), (0x12, 0x13, b"\x54\x0b"),
                            (0x04, 0x05, b"\x01\x55"), (0x04, 0x04, b"\x09\x04"),
                            (0x12, 0x12, b"\x0d\x01"), (0x12, 0x13, b"\x73"),
                            (0x12, 0x12, b"\x13"), (0x12, 0x13, b"\x1f"),
                            (0x12, 0x13, b"\x0f"), (0x12, 0x12, b"\x43"),
                            (0x43, 0x42, b"\x03")):
        frames.append(frame(bytes([dsap, ssap]) + ctl + b"payload!"))
    frames += [
        frame(b"\x00\x00\xe3" + b"hello"),                    # TEST: data
        frame(b"\x00\x00\xaf\x82\x01\x00"),                   # XID, not the basic format: data
        frame(b"\x06\x06\x03" + ipv4(17, udp(53, 1024, b"dns?"))),
        frame(b"\x06\x06\x13" + ipv4(17, udp(53, 1024, b"dns?"))),  # UI with P: data
    ]
    others += [
        frame(b"\x00\x00\xaf\x81\x01\x00"),                   # XID
        frame(b"\x00\x00\xbf\x81\x01\x02"),                   # XID with P
        frame(b"\x42\x42\x03" + conf, dst=bytes.fromhex("0180c2000021")),  # GVRP
        frame(b"\x42\x42\x03" + conf, dst=bytes.fromhex("0180c2000025")),  # GARP
    ]
    snap = lambda oui, pid, body=b"", ctl=b"\x03": (  # noqa: E731
        b"\xaa\xaa" + ctl + bytes.fromhex(oui) + struct.pack("!H", pid) + body)
    frames += [
        frame(snap("000000", 0x0800, ipv4(17, udp(1234, 5678, b"snap ip"))), dst=OTHER),
        frame(snap("000000", 0x0806, bytes.fromhex("0001080006040001") + SRC +
                   bytes([192, 0, 2, 1]) + bytes(6) + bytes([192, 0, 2, 2])), dst=OTHER),
        frame(snap("000000", 0x86dd, ipv6(17, udp(1, 2, b"six"))), dst=OTHER),
        frame(snap("000000", 0x1234, b"unknown type")),
        frame(snap("0000f8", 0x0800, ipv4(17, udp(1234, 5678, b"dec")))),
        frame(snap("000000", 0x0800, ipv4(17, udp(1, 2, b"p")), ctl=b"\x13")),
        frame(snap("000000", 0x0800, ipv4(17, udp(1, 2, b"i")), ctl=b"\x00\x02")),  # I frame
        frame(snap("00000c", 0x1234, b"cisco?")),
        frame(snap("123456", 0x0001, b"who")),
        frame(snap("080007", 0x0001, bytes(10))),
        frame(snap("0080c2", 0x0020, bytes(10))),
        # an ethertype's dissector runs on no byte and throws, as after an Ethernet header
        frame(snap("000000", 0x0800, b"", ctl=b"\x00\x00")),
        frame(snap("000000", 0x0800, b"")),
        frame(snap("000000", 0x86dd, b"")),
        frame(snap("000000", 0x0806, b"")),
        frame(snap("000000", 0x1234, b"")),
        frame(snap("000000", 0x86dd, ipv4(17, udp(1, 2, b"not six")))),  # IPv6 refuses it
    ]
    others += [
        frame(snap("000000", 0x88cc, b"\x02\x07\x04")),       # LLDP
        frame(snap("00000c", 0x2000, b"\x02\xb4\x00\x00")),   # CDP
        frame(snap("0080c2", 0x0007, bytes(20))),             # bridged 802.3
        frame(snap("080007", 0x809b, bytes(10))),             # DDP
    ]
    # Payloads of those protocols whose columns sockscope knows (llc_payload_columns.h):
    # XID's classes, windows and a short basic format; GARP's applications; NetBIOS and
    # IPX too short, NetBIOS without its marker; LLDP's first TLV too long, CDP with no
    # TLV, DDP shorter than its header.
    gp = lambda app, body: frame(b"\x42\x42\x03" + body,  # noqa: E731
                                 dst=bytes.fromhex("0180c20000") + bytes([app]))
    columns = [f for f in others if f[14:22] != snap("0080c2", 0x0007)[:8]]
    columns += [frame(b"\x00\x00\xaf\x81" + bytes([t, w])) for t, w in
                ((2, 0), (3, 0x0a), (4, 2), (5, 1), (6, 0x80), (7, 0xfe))]
    columns += [frame(b"\x00\x00\xaf\x81\x01"), frame(b"\x00\x00\xaf\x81"),
                frame(b"\x00\x01\xbf\x81\x02\x04payload")]
    columns += [gp(a, bytes(10)) for a in (0x20, 0x21, 0x0d, 0x2f)]
    columns += [gp(0x21, b"\x00\x01" + bytes(8)), gp(0x20, b"\x00\x02\x01\x02")]
    columns += [frame(b"\xf0\xf0\x03\x00"), frame(b"\xf0\xf0\x03\x00\x00\xef\xff"),
                frame(b"\xf0\xf0\x03" + bytes(40)), frame(b"\xf0\xf1\x03\x01\x02\x03\x04\x05")]
    columns += [frame(b"\xe0\xe0\x03" + bytes(29)), frame(b"\xe0\xe0\x03" + bytes(30)),
                frame(b"\xe0\xe0\x03\x00")]
    columns += [frame(snap("000000", 0x88cc, b"\x02")),
                frame(snap("000000", 0x88cc, b"\x02\x10" + bytes(10))),
                frame(snap("00000c", 0x2000, b"\x01\x3c\x12\x34")),
                frame(snap("080007", 0x809b, b"\x00")),
                frame(snap("080007", 0x809b, bytes(12)))]
    # LLC and SNAP headers ending at every byte: on the wire, and cut by the snap length
    full = snap("000000", 0x0800, ipv4(17, udp(1, 2, b"x")))
    cut = []  # (whole frame, bytes captured)
    for n in range(0, 9):
        frames.append(frame(full[:n], pad=False, length=len(full)))
        cut.append((frame(full, pad=False), 14 + n))
    for n in (0, 1, 2, 3):
        frames.append(frame(b"\xf0\xf0\x00\x55"[:n], pad=False))
        cut.append((frame(b"\xf0\xf0\x00\x55payload", pad=False), 14 + n))
    for n in (20, 30, 36):
        cut.append((frame(LLC_STP + rst[1], pad=False), 14 + 3 + n))
    # after an 802.1Q tag, an 802.3 length announces LLC too
    tagged = STP_DST + SRC + struct.pack("!HHH", 0x8100, 5, 3 + len(conf)) + LLC_STP + conf
    frames.append(tagged)
    records = [(1000 + i, f) for i, f in enumerate(frames)]
    records += [(2000 + i, f[:n], len(f)) for i, (f, n) in enumerate(cut)]
    write_pcap(sys.argv[1], records)
    if len(sys.argv) > 2:
        write_pcap(sys.argv[2], [(3000 + i, f) for i, f in enumerate(others)])
    if len(sys.argv) > 3:
        write_pcap(sys.argv[3], [(4000 + i, f) for i, f in enumerate(columns)])


if __name__ == "__main__":
    main()
