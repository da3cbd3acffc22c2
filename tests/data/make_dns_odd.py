#!/usr/bin/env python3
"""Writes tests/data/dns_odd.pcap: UDP datagrams to and from port 53 that are not the DNS
messages their port promises, for the DNS summary line (tshark 4.0's Info column) on what
its DNS dissector makes of them (tests/integration/test_dns_vs_tshark.sh):
  - crafted messages: record type 0 ("Unused"), authority and additional records (shown
    in the summary like answers: an EDNS response ends "OPT"), records with no data,
    data running past the message, extended and bitstring labels (before and after a
    compression pointer), pointer loops, a pointer to the root, names of 253 and 254
    characters, non-ASCII and control bytes in labels, counts larger than the message;
  - text and HTTP sent to port 53;
  - 600 pseudo-random messages (fixed seed): random bytes, bytes from a small alphabet of
    label-like values, and headers with small counts followed by names, types, classes
    and record data in random proportions.
Usage: make_dns_odd.py OUT.pcap"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import csum  # noqa: E402  (the one Internet checksum of tests/data)
from pcap_writer import write_pcap  # noqa: E402


def udp_frame(payload, to_server):
    s, d = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 53])
    sport, dport = 40000, 53
    if not to_server:
        s, d, sport, dport = d, s, dport, sport
    udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, s, d)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + udp


def header(qd, an=0, ns=0, ar=0, flags=0x0100, ident=0x1234):
    return struct.pack('!6H', ident, flags, qd, an, ns, ar)


def rr(name, rtype, data=b'', rdlength=None, klass=1, ttl=60):
    n = len(data) if rdlength is None else rdlength
    return name + struct.pack('!HHIH', rtype, klass, ttl, n) + data


def question(name, qtype=1):
    return name + struct.pack('!HH', qtype, 1)


WWW = b'\x03www\x07example\x03com\x00'
RESP = 0x8180
crafted = [
    header(1) + question(WWW, 0),                                        # type 0: Unused
    header(1, 1, 1, 1, RESP) + question(WWW) + rr(b'\xc0\x0c', 1, bytes([192, 0, 2, 80]))
    + rr(b'\xc0\x10', 2, b'\x02ns\xc0\x10') + rr(b'\x00', 41, b'', klass=1232),  # ... OPT
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 1, b''),  # A with no data
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 15, b'', rdlength=0),
    header(1, 2, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 1, b'\xc0\x00\x02\x50', rdlength=300),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 28, b'\x20\x01\x0d\xb8' + b'\0' * 11 + b'\x01', rdlength=40),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 256, b'abcd', rdlength=40),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 48, b'\x01', rdlength=1) + b'\0' * 8,
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 6, b'\x02ns\xc0\x10\x05admin\xc0\x10' + b'\0' * 20),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 6, b'\x02ns\xc0\x10\x05admin\xc0\x10' + b'\0' * 10),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 15, b'\x00\x0a\x04mail\xc0\x10'),
    header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 5, b'\x03web\xc0\x10'),
    header(1) + question(b'\x65abc\x00'),                                # extended label first
    header(1) + question(b'\x03abc\x65\x00'),                            # ... after a label
    header(1) + question(b'\x03abc\xc0\x00'),                            # pointer to the header
    header(1) + question(b'\x03abc\xc0\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x65'),
    header(1) + question(b'\xc0\x0c'),                                   # a pointer to itself
    header(2) + question(WWW) + question(b'\xc0\x1d'),                   # pointer to the root
    header(1) + question(b'\x41\x08\xab\x00'),                           # bitstring labels
    header(1) + question(b'\x03abc\x41\x10\xab\xcd\x00'),
    header(1) + question(b'\x41\x09\xab\xcd\x03abc\x00'),
    header(1) + question(b'\x03abc\x41\x10\xab\xcd\x03def\x00'),
    header(1) + question(b'\x41\x00\xab\x00'),
    header(1) + question(b'\x03a\\c\x00'), header(1) + question(b'\x03a.c\x00'),
    header(1) + question(b'\x02\xc2\x80\x00'), header(1) + question(b'\x02\xc2\xa0\x00'),
    header(1) + question(b'\x03\xe2\x80\x8b\x00'), header(1) + question(b'\x01\x7f\x00'),
    header(1) + question(b'\x02\xc2\xad\x00'), header(1) + question(b'\x04\xf0\x9f\x98\x80\x00'),
    header(1) + question(b'\x04\xf3\xa0\x80\x81\x00'), header(1) + question(b'\x05\xfb\x81\x80\x00a\x00'),
    header(1) + question(b'\x04\xed\xa0\x80a\x00'), header(1) + question(b'\x03\xc0\x80a\x00'),
    header(1) + question(b'\x06\t\n\r\x1b\x08\x0b\x00'),
    header(3, 2, 2, 2),                                                  # counts, no records
    header(1, 0, 0, 0, 0x7800) + question(WWW),                          # opcode 15
    header(1, 0, 0, 0, 0x3000) + question(WWW),                          # DSO
    header(1, 0, 0, 0, 0x818b) + question(WWW),                          # rcode 11
    header(1, 0, 0, 0, 0x8190) + question(WWW),                          # rcode 16
    b'hello, this is not dns\n', b'GET / HTTP/1.1\r\nHost: example\r\n\r\n', b'\0' * 11,
]
for tail in (61, 62):                                                    # 253 and 254 characters
    crafted.append(header(1) + question(b''.join(bytes([63]) + bytes([c]) * 63 for c in b'abc')
                                        + bytes([tail]) + b'd' * tail + b'\x00'))

rnd = random.Random(15)  # record types: those whose data tshark 4.0 reads as modelled (dns.cpp)
fuzz = []
for _ in range(600):
    n = rnd.choice([12, 13, 14, 16, 17, 20, 24, 30, 40, 64, 100, 200])
    mode = rnd.random()
    if mode < 0.25:
        p = bytes(rnd.randrange(256) for _ in range(n))
    elif mode < 0.5:
        p = bytes(rnd.choice(b'abcdefghij \x00\x01\x02\x03\xc0A') for _ in range(n))
    else:
        p = struct.pack('!6H', rnd.randrange(65536), rnd.choice([0, 0x100, 0x8180, 0x8183]),
                        rnd.randrange(4), rnd.randrange(4), rnd.randrange(3), rnd.randrange(3))
        for _ in range(rnd.randrange(4)):
            labels = [rnd.randrange(6) for _ in range(rnd.randrange(3))]
            p += b''.join(bytes([k]) + b'x' * k for k in labels)
            p += rnd.choice([b'\x00', b'', b'\xc0\x0c', b'\xc0', b'\x41\x08\x5a\x00'])
            rtype = rnd.choice([0, 1, 2, 5, 6, 12, 15, 16, 28, 33, 99, 255, 256, 257, 65535])
            p += struct.pack('!HH', rtype, 1)[:rnd.choice([4, 4, 4, 2, 3])]
            if rnd.random() < 0.5:
                data = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 2, 4, 16])))
                p += struct.pack('!IH', 60, rnd.choice([0, 2, 4, 16, 50])) + data
    fuzz.append(p)

# Last, for the display-filter fields (tests/data/filters_dns.txt): every section, the
# common record types, a dynamic update, AD and CD in a query, an AAAA whose data length
# says 4, and messages that end inside a record's data.
V6 = b'\x20\x01\x0d\xb8' + b'\0' * 11 + b'\x01'
ARPA = b'\x0280\x012\x010\x03192\x07in-addr\x04arpa\x00'
fields = [
    header(1, 3, 1, 2, 0x8580) + question(WWW, 28)
    + rr(b'\xc0\x0c', 5, b'\x03web\xc0\x10', ttl=300)
    + rr(b'\x03web\xc0\x10', 28, V6, ttl=3600) + rr(b'\xc0\x2d', 28, V6[:15] + b'\x02')
    + rr(b'\xc0\x10', 2, b'\x02ns\xc0\x10', ttl=86400)
    + rr(b'\x02ns\xc0\x10', 1, bytes([192, 0, 2, 53])) + rr(b'\x02ns\xc0\x10', 28, V6),
    header(1, 2, 0, 0, RESP) + question(WWW, 15) + rr(b'\xc0\x0c', 15, b'\x00\x0a\x04mail\xc0\x10')
    + rr(b'\xc0\x0c', 15, b'\x00\x14\x05mail2\xc0\x10'),
    header(1, 1, 0, 0, RESP) + question(ARPA, 12) + rr(b'\xc0\x0c', 12, WWW),
    header(1, 1, 0, 0, RESP) + question(WWW, 16) + rr(b'\xc0\x0c', 16, b'\x05hello\x05world'),
    header(1, 0, 0, 0, 0x0130) + question(WWW, 28),                        # AD and CD set
    header(1, 1, 1, 0, 0x2800) + question(b'\x07example\x03com\x00', 6)      # dynamic update
    + rr(WWW, 1, b'', klass=254, ttl=0) + rr(WWW, 1, bytes([192, 0, 2, 81])),
    header(1, 1, 0, 0, RESP) + question(WWW, 28) + rr(b'\xc0\x0c', 28, V6, rdlength=4),
    (header(1, 1, 0, 0, RESP) + question(WWW, 28) + rr(b'\xc0\x0c', 28, V6))[:-6],
    (header(1, 2, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 1, bytes([192, 0, 2, 80]))
     + rr(b'\xc0\x0c', 5, b'\x03web\xc0\x10'))[:-3],
]

# Then messages the snap length cut (the frame's captured length second): where the tree
# reads past the message before it reads past the capture, tshark finds them malformed,
# not short. A record is added whole before its data is read (an AAAA, an SRV whose data
# length runs past the message); the data length is read before the TTL (a message that
# ends inside it); and an AAAA address the cut leaves unread adds no dns.a nor dns.aaaa.
cut = [
    (header(1, 1, 0, 0, RESP) + question(WWW) + rr(b'\xc0\x0c', 28, V6, rdlength=40), 96),
    (header(1, 1, 0, 0, RESP) + question(WWW, 33)
     + rr(b'\xc0\x0c', 33, b'\x00\x01\x00\x02\x00\x35' + WWW, rdlength=50), 90),
    (header(0, 1, 2, 0, RESP) + b'\xc0\x0c' + struct.pack('!HHI', 5, 1, 60) + b'\x00', 60),
    (header(1, 1, 0, 0, RESP) + question(WWW, 28) + rr(b'\xc0\x0c', 28, V6, rdlength=4), 96),
]

frames = [udp_frame(payload, i % 2 == 0) for i, payload in enumerate(crafted + fuzz + fields)]
frames += [udp_frame(payload, False) for payload, _ in cut]
caplens = [len(f) for f in frames[:-len(cut)]] + [caplen for _, caplen in cut]
write_pcap(sys.argv[1], [(1700000000 + i, f[:c], len(f))
                         for i, (f, c) in enumerate(zip(frames, caplens))])
