#!/usr/bin/env python3
"""Writes the small crafted captures under tests/data/ that live traffic cannot produce on
demand: reordered, overlapping, retransmitted and missing TCP segments, truncated packets,
a file cut short, other link types (Linux cooked v1/v2, BSD null, raw IP), IPv6, ARP,
ICMP, pcapng with nanosecond timestamps. Run it again to regenerate; the outputs are
committed and reviewed like code. Addresses are from the documentation ranges."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import write_pcap  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
A, B, C = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]), bytes([192, 0, 2, 3])
A6 = bytes.fromhex("20010db8000000000000000000000001")
B6 = bytes.fromhex("20010db8000000000000000000000002")
MAC_A, MAC_B = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ident=1, ttl=64, frag=0x4000):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, nxt, payload, hlim=64):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nxt, hlim, src, dst) + payload


def tcp(sport, dport, seq, ack, flags, payload=b"", win=512, opts=b""):
    while len(opts) % 4:
        opts += b"\x01"
    off = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, win, 0, 0) + opts + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def eth(payload, etype=0x0800, src=MAC_A, dst=MAC_B):
    return dst + src + struct.pack("!H", etype) + payload


SYN, FIN, RST, PSH, ACK = 0x02, 0x01, 0x04, 0x08, 0x10
MSS = b"\x02\x04\x05\xb4"
WS7 = b"\x01\x03\x03\x07"
SACKP = b"\x04\x02"


def ts_opt(val, ecr):
    return b"\x01\x01\x08\x0a" + struct.pack("!II", val, ecr)


def here(name):
    return os.path.join(OUT, name)


def pad4(b):
    return b + b"\0" * ((4 - len(b) % 4) % 4)


def write_pcapng(name, packets, linktype=1, tsresol=9, ifname=b"veth0", ticks=False):
    """packets: (time, frame) or (time, frame, [(option code, value bytes), ...]); `name`
    is relative to tests/data or absolute."""
    def block(btype, body):
        body = pad4(body)
        total = len(body) + 12
        return struct.pack("<II", btype, total) + body + struct.pack("<I", total)

    shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    opts = struct.pack("<HH", 2, len(ifname)) + pad4(ifname)
    opts += struct.pack("<HHB", 9, 1, tsresol) + b"\0\0\0" + struct.pack("<HH", 0, 0)
    idb = block(1, struct.pack("<HHI", linktype, 0, 262144) + opts)
    out = shb + idb
    for packet in packets:
        t, data = packet[0], packet[1]
        units = t if ticks else int(round(t * (10 ** tsresol)))
        body = struct.pack("<IIIII", 0, units >> 32, units & 0xFFFFFFFF, len(data), len(data)) + pad4(data)
        if len(packet) > 2:  # the packet's options, (code, value) pairs
            for code, value in packet[2]:
                body += struct.pack("<HH", code, len(value)) + pad4(value)
            body += struct.pack("<HH", 0, 0)
        out += block(6, body)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(out)


T0 = 1700000000.0


def conversation_eth(pkts):
    return [(t, eth(ipv4(s, d, 6, seg))) for t, s, d, seg in pkts]


def tcp_anomalies():
    """Handshake, in-order data, a missing segment, reordering, a retransmission, an
    overlapping retransmission, duplicate ACKs, a window update, a keep-alive, data after
    an early FIN, then the close."""
    ca, sa = 1000, 5000
    cp, sp = 40001, 65432
    p = []
    t = T0
    def c2s(dt, seq, ack, fl, data=b"", win=512, opts=b""):
        nonlocal t
        t += dt
        p.append((t, A, B, tcp(cp, sp, ca + seq, sa + ack, fl, data, win, opts)))
    def s2c(dt, seq, ack, fl, data=b"", win=512, opts=b""):
        nonlocal t
        t += dt
        p.append((t, B, A, tcp(sp, cp, sa + seq, ca + ack, fl, data, win, opts)))
    c2s(0, 0, 0, SYN, opts=MSS + SACKP + WS7)
    s2c(0.01, 0, 1, SYN | ACK, opts=MSS + SACKP + WS7)
    c2s(0.01, 1, 1, ACK)
    c2s(0.1, 1, 1, PSH | ACK, b"hello ")           # bytes 1..6
    s2c(0.01, 1, 7, ACK)
    c2s(0.1, 13, 1, PSH | ACK, b"again ")          # 13..18: 7..12 missing so far
    s2c(0.001, 1, 7, ACK)                          # dup ack
    s2c(0.001, 1, 7, ACK)                          # dup ack
    c2s(0.001, 7, 1, PSH | ACK, b"world ")         # the missing one arrives late
    s2c(0.01, 1, 19, ACK)
    c2s(0.5, 7, 1, PSH | ACK, b"world ")           # pure retransmission
    c2s(0.5, 16, 1, PSH | ACK, b"in again!")       # overlaps 16..18, adds 19..24
    s2c(0.01, 1, 25, ACK)
    s2c(0.01, 1, 25, ACK, win=1024)                # window update
    s2c(0.1, 1, 25, PSH | ACK, b"HELLO")           # server data 1..5
    c2s(0.01, 25, 6, ACK)
    c2s(1.0, 24, 6, ACK)                           # keep-alive
    s2c(0.01, 6, 25, ACK, win=1024)                # keep-alive ack
    s2c(0.1, 6, 25, FIN | ACK)                     # server closes first
    c2s(0.01, 25, 7, PSH | ACK, b"late data")      # client still sends after the FIN
    s2c(0.01, 7, 34, ACK, win=1024)
    c2s(0.01, 34, 7, FIN | ACK)
    s2c(0.01, 7, 35, ACK, win=1024)
    write_pcap(here("tcp_anomalies.pcap"), conversation_eth(p))


def tcp_midstream_and_reuse():
    """A stream captured after its handshake, a banner server (server speaks first), an
    RST, and a SYN that reuses the ports of a finished stream."""
    p = []
    t = T0
    def add(dt, s, d, seg):
        nonlocal t
        t += dt
        p.append((t, s, d, seg))
    # mid-stream
    add(0, A, B, tcp(40100, 47000, 777777, 888888, PSH | ACK, b"midstream", win=100))
    add(0.01, B, A, tcp(47000, 40100, 888888, 777786, ACK, win=200))
    # banner: server speaks first
    add(0.01, A, C, tcp(40200, 2121, 10, 0, SYN, opts=MSS))
    add(0.01, C, A, tcp(2121, 40200, 90, 11, SYN | ACK, opts=MSS))
    add(0.01, A, C, tcp(40200, 2121, 11, 91, ACK))
    add(0.01, C, A, tcp(2121, 40200, 91, 11, PSH | ACK, b"220 welcome\r\n"))
    add(0.01, A, C, tcp(40200, 2121, 11, 104, PSH | ACK, b"QUIT\r\n"))
    add(0.01, C, A, tcp(2121, 40200, 104, 17, RST | ACK))
    # the same ports again with a new ISN: a new stream
    add(0.5, A, C, tcp(40200, 2121, 5000, 0, SYN, opts=MSS))
    add(0.01, C, A, tcp(2121, 40200, 9000, 5001, SYN | ACK, opts=MSS))
    add(0.01, A, C, tcp(40200, 2121, 5001, 9001, FIN | ACK))
    add(0.01, C, A, tcp(2121, 40200, 9001, 5002, FIN | ACK))
    add(0.01, A, C, tcp(40200, 2121, 5002, 9002, ACK))
    write_pcap(here("tcp_midstream_reuse.pcap"), conversation_eth(p))


def truncated():
    """snaplen-limited packets: one cut inside the TCP header, one inside the IP header,
    one inside the payload; then a well-formed one."""
    full = eth(ipv4(A, B, 6, tcp(40300, 80, 1, 1, PSH | ACK, b"GET / HTTP/1.0\r\n\r\n")))
    pkts = [
        (T0, full[:14 + 20 + 10], len(full)),
        (T0 + 0.1, full[:14 + 12], len(full)),
        (T0 + 0.2, full[:14 + 20 + 20 + 4], len(full)),
        (T0 + 0.3, full),
        (T0 + 0.4, eth(ipv4(A, B, 17, udp(5353, 9999, b"0123456789")))[:14 + 20 + 4], 14 + 20 + 18),
    ]
    write_pcap(here("truncated_packets.pcap"), pkts, snaplen=44)
    # A file whose last record is cut short (the writer died mid-packet).
    good = [(T0 + i * 0.1, eth(ipv4(A, B, 17, udp(41002, 41003, b"x" * i)))) for i in range(3)]
    write_pcap(here("cut_short.pcap"), good)
    with open(here("cut_short.pcap"), "ab") as f:
        f.write(struct.pack("<IIII", int(T0) + 1, 0, 100, 100) + b"\0" * 30)


def link_types():
    seg = lambda i: ipv4(A, B, 6, tcp(40400, 9000, 100 + i, 0, SYN if i == 0 else ACK | PSH, b"" if i == 0 else b"data"))
    ip_pkts = [ipv4(A, B, 6, tcp(40400, 9000, 100, 0, SYN, opts=MSS + WS7)),
               ipv4(B, A, 6, tcp(9000, 40400, 300, 101, SYN | ACK, opts=MSS + WS7)),
               ipv4(A, B, 6, tcp(40400, 9000, 101, 301, ACK | PSH, b"data")),
               ipv4(A, B, 17, udp(41000, 41001, b"udp!"))]
    del seg
    sll = lambda ip, ptype: struct.pack("!HHH8sH", ptype, 772, 6, MAC_A + b"\0\0", 0x0800) + ip
    write_pcap(here("linux_sll.pcap"), [(T0 + i, sll(x, 4 if i % 2 == 0 else 0)) for i, x in enumerate(ip_pkts)], linktype=113)
    sll2 = lambda ip: struct.pack("!HHIHBB8s", 0x0800, 0, 1, 772, 0, 6, MAC_A + b"\0\0") + ip
    write_pcap(here("linux_sll2.pcap"), [(T0 + i, sll2(x)) for i, x in enumerate(ip_pkts)], linktype=276)
    write_pcap(here("bsd_null.pcap"), [(T0 + i, struct.pack("<I", 2) + x) for i, x in enumerate(ip_pkts)], linktype=0)
    write_pcap(here("raw_ip.pcap"), [(T0 + i, x) for i, x in enumerate(ip_pkts)], linktype=101)


def ipv6_icmp_arp():
    p = []
    p.append((T0, eth(ipv6(A6, B6, 6, tcp(40500, 8080, 1, 0, SYN, opts=MSS + SACKP + ts_opt(1, 0) + WS7)), 0x86DD)))
    p.append((T0 + 0.001, eth(ipv6(B6, A6, 6, tcp(8080, 40500, 7, 2, SYN | ACK, opts=MSS + SACKP + ts_opt(2, 1) + WS7)), 0x86DD, MAC_B, MAC_A)))
    p.append((T0 + 0.002, eth(ipv6(A6, B6, 17, udp(40501, 9001, b"six")), 0x86DD)))
    echo6 = struct.pack("!BBHHH", 128, 0, 0, 0x1234, 1) + b"ping6"
    p.append((T0 + 0.003, eth(ipv6(A6, B6, 58, echo6), 0x86DD)))
    echo6r = struct.pack("!BBHHH", 129, 0, 0, 0x1234, 1) + b"ping6"
    p.append((T0 + 0.004, eth(ipv6(B6, A6, 58, echo6r), 0x86DD, MAC_B, MAC_A)))
    echo = struct.pack("!BBHHH", 8, 0, 0, 0x0042, 1) + b"abcdefgh"
    p.append((T0 + 0.005, eth(ipv4(A, B, 1, echo))))
    echor = struct.pack("!BBHHH", 0, 0, 0, 0x0042, 1) + b"abcdefgh"
    p.append((T0 + 0.006, eth(ipv4(B, A, 1, echor), src=MAC_B, dst=MAC_A)))
    bcast = b"\xff" * 6
    arp_req = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, A, b"\0" * 6, B)
    p.append((T0 + 0.007, eth(arp_req + b"\0" * 18, 0x0806, MAC_A, bcast)))
    arp_rep = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, MAC_B, B, MAC_A, A)
    p.append((T0 + 0.008, eth(arp_rep + b"\0" * 18, 0x0806, MAC_B, MAC_A)))
    # UDP to a closed port and the ICMP port unreachable that quotes it
    dgram = ipv4(A, C, 17, udp(40600, 9999, b"anyone?"))
    p.append((T0 + 0.009, eth(dgram)))
    unreach = struct.pack("!BBHI", 3, 3, 0, 0) + dgram
    p.append((T0 + 0.010, eth(ipv4(C, A, 1, unreach), src=MAC_B, dst=MAC_A)))
    write_pcap(here("ipv6_icmp_arp.pcap"), p)
    # The same packets as pcapng with nanosecond timestamps.
    write_pcapng("ipv6_icmp_arp.pcapng", [(t, d) for t, d in p])


def tcp_gap():
    """A segment that never arrives (a hole the receiver SACKs around), data after it,
    and a second UDP conversation with several datagrams each way."""
    ca, sa = 70000, 90000
    p = []
    t = T0
    def add(dt, s, d, seg):
        nonlocal t
        t += dt
        p.append((t, s, d, seg))
    add(0, A, B, tcp(40700, 41700, ca, 0, SYN, opts=MSS + SACKP))
    add(0.001, B, A, tcp(41700, 40700, sa, ca + 1, SYN | ACK, opts=MSS + SACKP))
    add(0.001, A, B, tcp(40700, 41700, ca + 1, sa + 1, ACK))
    add(0.01, A, B, tcp(40700, 41700, ca + 1, sa + 1, PSH | ACK, b"first\n"))
    add(0.01, B, A, tcp(41700, 40700, sa + 1, ca + 7, ACK))
    # ca+7 .. ca+13 ("lost!\n") is never captured
    add(0.01, A, B, tcp(40700, 41700, ca + 13, sa + 1, PSH | ACK, b"third\n"))
    sack = b"\x01\x01\x05\x0a" + struct.pack("!II", ca + 13, ca + 19)
    add(0.001, B, A, tcp(41700, 40700, sa + 1, ca + 7, ACK, opts=sack))
    add(0.01, B, A, tcp(41700, 40700, sa + 1, ca + 7, PSH | ACK, b"reply\tdata\x00\x7f\r\n" + bytes(range(0x80, 0x98))))
    add(0.01, A, B, tcp(40700, 41700, ca + 19, sa + 40, FIN | ACK))
    add(0.001, B, A, tcp(41700, 40700, sa + 40, ca + 20, RST))
    frames = conversation_eth(p)
    for i in range(3):
        t += 0.01
        frames.append((t, eth(ipv4(A, C, 17, udp(41800, 41801, b"question %d\n" % i)))))
        t += 0.001
        frames.append((t, eth(ipv4(C, A, 17, udp(41801, 41800, b"ANSWER %d\n" % i)), src=MAC_B, dst=MAC_A)))
    write_pcap(here("tcp_gap.pcap"), frames)


def extreme_timestamps():
    # Clocks at the ends of 64 bits: seconds beyond int64 nanoseconds (microsecond clock)
    # and differences across 2^63 (nanosecond clock, first frame at 2^63).
    top, half = (1 << 64) - 1, 1 << 63
    frame = eth(ipv4(A, B, 17, udp(1000, 2000, b"tick")))
    write_pcapng("extreme_timestamps_us.pcapng", [(t, frame) for t in (0, top, half - 1, half, 10**6)],
                 tsresol=6, ticks=True)
    write_pcapng("extreme_timestamps_ns.pcapng", [(t, frame) for t in (half, 0, top, half - 1, 10**6)],
                 tsresol=9, ticks=True)


def bootp(op, xid, opts=b"", cookie=True, flags=0, htype=1, hlen=6, secs=0, ciaddr=b"\0" * 4):
    """A BOOTP/DHCP message (RFC 2131): the fixed 236 bytes, the cookie, then `opts`."""
    b = struct.pack("!BBBBIHH4s4s4s4s", op, htype, hlen, 0, xid, secs, flags, ciaddr,
                    b"\0" * 4, b"\0" * 4, b"\0" * 4)
    b += MAC_A + b"\0" * 10 + b"\0" * 64 + b"\0" * 128
    return b + (bytes([99, 130, 83, 99]) + opts if cookie else b"")


def dhcp_edge():
    """DHCP/BOOTP as tshark 4.0 shows it: every message type name, BOOTP without option 53,
    cut and malformed options, no cookie, odd hardware types, short messages, DNS on port
    53 taking precedence over port 67 (tests/data/filters_dhcp.txt, test_dissect)."""
    bc = bytes([99, 130, 83, 99])
    msgs = [bootp(1 if t in (1, 3, 4, 7, 8) else 2, 0x1000 + t, bytes([53, 1, t, 255]))
            for t in range(1, 19)]
    msgs += [
        bootp(1, 0xABC, b"\xff"),                                   # BOOTP request
        bootp(2, 0xABD),                                            # BOOTP reply, no options
        bootp(1, 0xABE, cookie=False),                              # no cookie: malformed
        bootp(1, 0xABF, bytes([53, 1, 1, 12, 40, 65])),             # value past the end
        bootp(1, 0xAC0, bytes([53, 1, 1])),                         # no End
        bootp(1, 0xAC1, bytes([53, 1, 3, 0, 0, 255]))[:100],        # cut in the fixed part
        bootp(3, 0xAC2, bytes([53, 1, 1, 255])),                    # op 3 with a type
        bootp(1, 0xAC3, bytes([53, 0, 255])),                       # zero-length type
        bootp(1, 0xAC4, bytes([53, 2, 1, 1, 255])),
        bootp(1, 0xAC5, bytes([53, 1, 0, 255])),                    # type 0
        bootp(1, 0xAC6, bytes([0, 0, 53, 1, 5, 53, 1, 6, 255])),    # pads, two types
        bootp(1, 0xAC7, bytes([12, 3, 97, 98, 99, 53, 1, 1, 255])),
        bootp(1, 0xACA, bytes([255, 53, 1, 1])),                    # type after End
        bootp(1, 0xACB, bytes([53, 1, 1, 255]))[:243],              # ends after the type
        bootp(3, 0x3000, b"\xff"),
        bootp(1, 0x3001, b"\xff", htype=6, hlen=4),
        bootp(1, 0x3002, b"\xff", htype=7),
        bootp(1, 0x3003, b"\xff", hlen=0),
        bootp(1, 0x3004)[:30], bootp(1, 0x3005)[:40], bootp(2, 0x3006)[:3], bootp(2, 0x3007)[:2],
        bootp(1, 0x3008, bytes([53, 1])),                           # type value cut
        bootp(1, 0x3009, bytes([53])),                              # length cut
        bootp(1, 0x300A, bytes([53, 1, 1, 12])),
        bootp(1, 0x300B, bytes([53, 1, 1, 50, 4, 1, 2, 3])),
        bootp(1, 0x300C, bytes([53, 1, 1, 255, 1, 2, 3])),          # bytes after End
        bootp(1, 0x300D, bytes([53, 1, 1, 50, 3, 1, 2, 3, 255])),   # short address
        bootp(1, 0x300E, bytes([53, 1, 1, 51, 2, 1, 2, 255])),
        bootp(1, 0x300F, bytes([53, 1, 1, 0, 0, 0])),
        bootp(1, 0x3010, cookie=False) + b"\0" * 64,                # BOOTP vendor area
        bootp(1, 0x3011, cookie=False) + b"\0" * 64 + bytes([53, 1, 2, 255]),
        bootp(1, 0x3012)[:239],
        bootp(1, 0x3013, bytes([53, 1, 1, 255]), flags=0x8000, secs=0x0100),
        bootp(1, 0x3014, bytes([12, 1, 97, 53, 0])),                # zero-length type at the end
        bootp(1, 0x3015, bytes([53, 1, 1, 12, 0, 60, 0, 15, 0, 255]), secs=3),  # empty strings
        bootp(2, 0x3016, bytes([53, 1, 5, 54, 4, 192, 0, 2, 2, 51, 4, 0, 0, 14, 16, 1, 4, 255,
                                255, 255, 0, 3, 8, 192, 0, 2, 2, 192, 0, 2, 3, 6, 4, 192, 0, 2,
                                2, 15, 7]) + b"example" + bytes([57, 2, 2, 64, 255])),
        bootp(1, 0x3017, bytes([53, 1, 3, 50, 4, 192, 0, 2, 120, 55, 3, 1, 3, 42,
                                61, 7, 1]) + MAC_A + bytes([255]), ciaddr=bytes([192, 0, 2, 120])),
        b"x",
    ]
    frames = [eth(ipv4(bytes(4), bytes([255] * 4), 17, udp(68, 67, m)), dst=b"\xff" * 6) for m in msgs]
    frames.append(eth(ipv4(A, B, 17, udp(5000, 68, msgs[0]))))     # one port is enough
    dns_query = struct.pack("!HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0) + b"\x03www\x00\x00\x01\x00\x01"
    frames.append(eth(ipv4(A, B, 17, udp(53, 67, dns_query))))     # DNS's port wins
    frames.append(eth(ipv4(A, B, 17, udp(68, 67, b""))))            # no payload: UDP
    frames += dhcp_options_frames()
    write_pcap(here("dhcp_edge.pcap"), [(T0 + i, f) for i, f in enumerate(frames)])


def dhcp_options_frames():
    """Frames 61 on of dhcp_edge.pcap: the options and fixed fields beyond the message
    type (client identifier shapes, option overload, relay agent information, vendor
    information, FQDN, basic option types right and wrong, sname/file, chaddr shapes),
    a vendor OUI in chaddr, and ICMP errors quoting DHCP."""
    def o(code, value):
        return bytes([code, len(value)]) + value

    def msg(op, xid, opts, sname=b"", file=b"", chaddr=MAC_A, htype=1, hlen=6, cookie=True):
        b = struct.pack("!BBBBIHH4s4s4s4s", op, htype, hlen, 0, xid, 0, 0, bytes(4), bytes(4),
                        bytes(4), bytes(4))
        b += (chaddr + bytes(16))[:16] + (sname + bytes(64))[:64] + (file + bytes(128))[:128]
        return b + (bytes([99, 130, 83, 99]) + opts if cookie else b"")

    intel = bytes.fromhex("001b21123456")
    t1, t3, t5 = o(53, b"\x01"), o(53, b"\x03"), o(53, b"\x05")
    ip = lambda *x: bytes(x)
    msgs = [
        msg(1, 0x4001, b"", chaddr=intel, cookie=False) + bytes(64),         # OUI name
        msg(1, 0x4002, t1 + o(61, b"\x01" + intel) + b"\xff", chaddr=intel),
        msg(1, 0x4003, t1 + o(61, b"\xff\x00\x00\x00\x01\x00\x01\x00\x01\x2a\x2b\x2c\x2d" + MAC_A) +
            b"\xff"),                                                       # DUID-LLT
        msg(1, 0x4004, t1 + o(61, b"\xff\x12\x34\x56\x78\x00\x03\x00\x01" + MAC_B) + b"\xff"),
        msg(1, 0x4005, t1 + o(61, b"\xff\x00\x00\x00\x02\x00\x02\x00\x00\x00\x09ab") + b"\xff"),
        msg(1, 0x4006, t1 + o(61, b"\x00client-7") + b"\xff"),
        msg(1, 0x4007, t1 + o(61, b"\x06" + MAC_B) + b"\xff"),
        msg(1, 0x4008, t1 + o(61, b"\x02" + MAC_B) + b"\xff"),
        msg(1, 0x4009, t1 + o(61, bytes(17)) + b"\xff"),                   # UUID
        msg(1, 0x400A, t1 + o(61, b"\x01\x02\x03") + o(61, b"\x00") + o(61, b"") + b"\xff"),
        msg(1, 0x400B, t1 + o(52, b"\x03") + b"\xff", sname=o(12, b"srv") + b"\xff",
            file=o(15, b"dom") + b"\x00\x00" + o(3, ip(192, 0, 2, 9)) + b"\xff"),
        msg(1, 0x400C, t1 + o(52, b"\x01") + b"\xff", sname=o(66, b"tftp1") + b"\xff",
            file=b"/boot/file"),
        msg(1, 0x400D, t1 + o(52, b"\x02") + b"\xff", sname=b"server-name",
            file=o(67, b"pxelinux.0")),                                     # no End in file
        msg(2, 0x400E, o(53, b"\x02") + o(82, o(1, b"eth0") + o(2, b"\x01\x02\x03") +
                                        o(5, ip(192, 0, 2, 9)) + o(6, b"subs") +
                                        o(11, ip(192, 0, 2, 2))) + b"\xff"),
        msg(2, 0x400F, o(53, b"\x02") + o(82, o(1, b"ge-0/0/1") + o(9, b"\x00\x00\x0d\xe9\x00")) +
            b"\xff"),
        msg(2, 0x4010, t5 + o(43, o(1, b"abc") + o(2, b"\x05")) + b"\xff"),
        msg(2, 0x4011, t5 + o(60, b"PXEClient") + o(43, o(6, b"\x08") + b"\xff") + b"\xff"),
        msg(2, 0x4012, t5 + b"\xff", sname=b"boot-server", file=b"/srv/tftp/pxelinux.0"),
        msg(2, 0x4013, t5 + o(2, struct.pack("!i", -3600)) + o(4, ip(192, 0, 2, 5) + ip(192, 0, 2, 6)) +
            o(13, b"\x00\x40") + o(19, b"\x05") + o(21, ip(10, 0, 0, 0) + ip(255, 0, 0, 0) +
                                                    ip(10, 1, 0, 0) + ip(255, 255, 0, 0)) +
            o(25, b"\x02\x40\x05\xdc") + o(26, b"\x05\xdc") +
            o(33, ip(198, 51, 100, 0) + ip(192, 0, 2, 1)) + o(42, ip(192, 0, 2, 7)) +
            o(44, ip(192, 0, 2, 8)) + o(46, b"\x08") + o(56, b"all good") + o(66, b"tftp.example") +
            o(67, b"boot.efi") + o(150, ip(192, 0, 2, 10)) + o(116, b"\x01") + b"\xff"),
        msg(2, 0x4014, t5 + o(26, b"\x05\xdc\x00") + o(1, ip(255, 255, 0)) + o(3, ip(192, 0, 2, 1) + b"\x01") +
            b"\xff"),                                                       # bad lengths
        msg(1, 0x4015, t3 + o(81, b"\x01\x00\x00host.example") + b"\xff"),
        msg(1, 0x4016, t3 + o(81, b"\x05\x00\x00\x04host\x07example\x00") + b"\xff"),
        msg(1, 0x4017, t3 + o(81, b"\x05\x00\x00foo") + o(12, b"after") + b"\xff"),  # throws
        msg(1, 0x4018, t3 + o(81, b"\x00\x00") + b"\xff"),                # too short
        msg(1, 0x4019, t1 + b"\x00\x00\x00" + o(12, b"pad") + b"\x00" + b"\xff" + b"\x00\x07\x00"),
        msg(1, 0x401A, t1 + b"\xff", chaddr=bytes(range(1, 17)), htype=32, hlen=16),
        msg(1, 0x401B, t1 + b"\xff", chaddr=bytes(range(1, 17)), htype=32, hlen=20),
        msg(1, 0x401C, t1 + o(77, b"\x04abcd") + o(93, b"\x00\x07") + o(125, b"\x00\x00\x0d\xe9\x00") +
            b"\xff"),                                                       # not dissected
        msg(1, 0x401D, t1 + o(80, b"") + o(250, b"xyz") + b"\xff"),          # opaque
        msg(2, 0x401E, o(53, b"\x02") + b"\xff", hlen=0),
        msg(2, 0x401F, b"\xff", hlen=0),
        msg(2, 0x4021, t5 + o(121, b"\x18\xc6\x33\x64\xc0\x00\x02\x01\x00\xc0\x00\x02\x01") +
            o(77, b"\x03abc\x02de") + b"\xff"),                          # routes, user classes
        msg(1, 0x4022, t3 + o(77, b"MSFT 5.0") + o(121, b"\x21\x00\x00\x00\x00\x00") + b"\xff"),
        msg(2, 0x4023, t5 + o(125, struct.pack("!IB", 99999, 5) + o(1, b"abc") +
                            struct.pack("!IB", 9, 3) + o(2, b"q")) +
            o(124, struct.pack("!IB", 99999, 4) + b"wxyz") + b"\xff"),      # V-I, plain
        msg(2, 0x4024, t5 + o(125, struct.pack("!IB", 99999, 4) + b"wxyz") + b"\xff"),  # no room
        msg(2, 0x4025, t5 + o(60, b"PXEClient:Arch:00000") + o(43, o(1, ip(192, 0, 2, 5)) +
                                                           o(2, b"\x04\x01") + o(3, b"\x04\x02") +
                                                           o(4, b"\x05") + o(5, b"\x0a") +
                                                           b"\x00" + o(6, b"\x0b") +
                                                           o(7, ip(224, 1, 2, 3)) + b"\xffjunk") +
            b"\xff"),                                                       # PXE
        msg(2, 0x4026, t5 + o(60, b"PXEClient") + o(43, o(4, b"\x05\x06") + o(9, b"\x80\x00\x04boot") + b"\xff") +
            b"\xff"),                                                       # PXE, not modelled
    ]
    # Broadband Forum TR-111 in option 125 (enterprise 3561): the OUI read as hex text,
    # the text sub-options, an unknown one, and shapes that do not fill the block; TR-111's
    # enterprise in option 124 is plain
    tr = (o(1, b"00D09E") + o(2, b"SN12345") + o(3, b"IGD") + o(4, b"001122") + o(5, b"GW9") +
          o(6, b"RG") + o(9, b"ab"))
    msgs += [msg(1, 0x4027, t1 + o(125, struct.pack("!IB", 3561, len(tr)) + tr) + b"\xff")]
    msgs += [msg(1, 0x4028 + i, t1 + o(125, struct.pack("!IB", 3561, len(v) + 2) + o(1, v)) + b"\xff")
             for i, v in enumerate([b"XYZ", b"-5", b"0x12", b"", b"123456789", b"abc\x00de"])]
    msgs += [
        # (a byte after the block: "length < 5", dhcp.bad_length)
        msg(1, 0x4031, t1 + o(125, struct.pack("!IB", 3561, 3) + o(2, b"a") + b"\x03") + b"\xff"),
        msg(1, 0x4032, t1 + o(124, struct.pack("!IB", 3561, 3) + b"abc") +
            o(125, struct.pack("!IB", 3561, 4) + o(2, b"a\x00") + struct.pack("!IB", 99999, 3) +
              o(7, b"z")) + b"\xff"),
    ]
    # PXEClient's option 43 sub-options 8 and above: boot servers, boot menu, menu prompt,
    # multicast address alloc, credential types, boot item, LCM server/domain/NIC/workgroup,
    # discovery; then 192, 193 and 150, which Wireshark has no handler for
    pxe = (o(8, b"\x80\x00\x02" + ip(192, 0, 2, 5) + ip(192, 0, 2, 6) + b"\x00\x01\x01" + ip(192, 0, 2, 7)) +
           o(9, b"\x80\x00\x04boot\x00\x00\x02ab") + o(10, b"\x05Press F8") + o(11, b"\x01\x02") +
           o(12, b"\x01\x02\x03\x04") + o(71, b"\x80\x00\x00\x01") + o(179, b"lcmsrv") + o(180, b"dom") +
           o(181, b"nic") + o(190, b"\x01") + o(191, b"\x00") + b"\xff")
    msgs.append(msg(2, 0x4034, t5 + o(60, b"PXEClient") + o(43, pxe) + b"\xff"))
    msgs.append(msg(2, 0x4035, t5 + o(60, b"PXEClient") + o(43, o(192, b"v1") + o(193, b"sn9") +
                                                           o(150, b"zz") + b"\xff") + b"\xff"))
    # option 43 for Aruba (controller address; Instant: organisation, AMP address, password,
    # or one text) and Alcatel-Lucent (sub-options, an unknown one, a wrong width), and for a
    # vendor class no dissector takes (plain bytes)
    alu = (o(58, b"\x00\x64") + o(64, ip(192, 0, 2, 9)) + o(65, ip(192, 0, 2, 10)) + o(66, b"\x02") +
           o(67, b"sip:x") + b"\x00\xff")
    msgs += [
        msg(2, 0x4036, t5 + o(60, b"ArubaAP") + o(43, b"192.0.2.50") + b"\xff"),
        msg(2, 0x4037, t5 + o(60, b"ArubaInstantAP") + o(43, b"org,192.0.2.51,se,cret") + b"\xff"),
        msg(2, 0x4038, t5 + o(60, b"ArubaInstantAP") + o(43, b"orgonly") + b"\xff"),
        msg(2, 0x4039, t5 + o(60, b"alcatel.noe.0") + o(43, alu) + b"\xff"),
        msg(2, 0x403A, t5 + o(60, b"alcatel.x") + o(43, o(58, b"\x00") + o(99, b"zz")) + b"\xff"),
        msg(2, 0x403B, t5 + o(60, b"Aruba") + o(43, b"q") + b"\xff"),
    ]
    # every option of a basic type (dhcp_option_info), at its right length
    basic = {1: ip(255, 255, 255, 0), 2: struct.pack("!i", 7200), 3: ip(192, 0, 2, 1),
             12: b"host", 13: b"\x00\x10", 19: b"\x01", 20: b"\x00", 23: b"\x40",
             24: b"\x00\x00\x02\x58", 25: b"\x00\x44", 27: b"\x01", 29: b"\x00", 30: b"\x01",
             31: b"\x01", 34: b"\x00", 36: b"\x01", 39: b"\x01", 47: b"scope", 62: b"nwip",
             91: b"\x00\x00\x00\x05", 100: b"EST5", 101: b"Europe/Zurich", 113: b"tag",
             118: ip(192, 0, 2, 44), 137: b"lost.example", 153: b"\x00\x00\x01\x00",
             156: b"\x02", 157: b"\x01", 161: b"https://mud.example/x", 209: b"pxe.cfg",
             210: b"/pxe/", 252: b"http://wpad.example/wpad.dat"}
    msgs.append(msg(2, 0x4033, t5 + b"".join(o(c, v) for c, v in sorted(basic.items())) + b"\xff"))
    frames = [eth(ipv4(bytes(4), bytes([255] * 4), 17, udp(68, 67, m)), dst=b"\xff" * 6)
              for m in msgs]
    offer = msg(2, 0x4020, o(53, b"\x02") + o(54, B) + b"\xff")
    quoted = ipv4(B, A, 17, udp(67, 68, offer))
    unreach = struct.pack("!BBHI", 3, 3, 0, 0)
    frames.append(eth(ipv4(A, B, 1, unreach + quoted)))                 # DHCP quoted whole
    frames.append(eth(ipv4(A, B, 1, unreach + quoted[:28 + 20])))        # ... cut
    frames.append(eth(ipv4(A, B, 1, unreach + quoted[:28 + 2])))         # ... 2 bytes
    frames.append(eth(ipv4(A, B, 1, unreach + ipv4(B, A, 17, udp(53, 67, offer)))))  # DNS port
    return frames


if __name__ == "__main__":
    dhcp_edge()
    extreme_timestamps()
    tcp_gap()
    tcp_anomalies()
    tcp_midstream_and_reuse()
    truncated()
    link_types()
    ipv6_icmp_arp()
