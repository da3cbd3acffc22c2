#!/usr/bin/env python3
"""Writes a capture of DNS over TCP (RFC 1035 4.2.2: a 2-byte length, then the message)
(usage: OUT.pcap), for tests/integration/test_dns_vs_tshark.sh. Every connection opens
with SYN, SYN-ACK, ACK and closes with FIN/ACK both ways, so the TCP analysis (relative
sequence numbers, stream numbers) is a real one:
  - queries and responses with A, AAAA, CNAME and MX records, each message whole in one
    segment, over IPv4 and IPv6;
  - two messages in one segment (two queries, two responses);
  - a message split over two segments, one over three, its length prefix alone in a
    segment, the prefix itself split, a segment that ends one message, holds a whole one
    and starts a third, one that ends one and starts another, one that holds a whole one
    and starts another;
  - a query answered on the same connection (dns.response_to, dns.time), one never
    answered, a response nobody asked for;
  - a length prefix larger than what follows before the FIN (never completed), a
    prefix of 0, and a message shorter than the DNS header."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dns_transactions import answer_a, message, query, reply  # noqa: E402
from make_pcaps import A, A6, B6, ACK, FIN, PSH, SYN, eth, ipv4, ipv6, tcp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

SERVER = bytes([192, 0, 2, 53])
EXAMPLE = b"\x07example\x03com\x00"
WWW = b"\x03www\x07example\x03com\x00"
MAIL = b"\x04mail\x07example\x03com\x00"


def framed(msg):
    """A DNS message as TCP carries it: its length first."""
    return struct.pack("!H", len(msg)) + msg


def rr(rtype, rdata, name=b"\xc0\x0c", ttl=300):
    return name + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def a_reply(ident, question=EXAMPLE):
    return reply(ident, question=question, answers=rr(1, bytes([192, 0, 2, 80])))


def aaaa_reply(ident):
    """www.example.com AAAA: a CNAME to example.com, then its address."""
    answers = rr(5, b"\xc0\x10") + rr(28, bytes.fromhex("20010db80000000000000000000000aa"),
                                        name=b"\xc0\x10")
    return reply(ident, question=WWW, qtype=28, answers=answers, ancount=2)


def mx_reply(ident):
    answers = rr(15, struct.pack("!H", 10) + b"\x04mail\xc0\x0c")
    return reply(ident, question=EXAMPLE, qtype=15, answers=answers)


class Connection:
    """One TCP connection from a client port to port 53; `send` adds a data segment
    (and the peer's ACK), `close` the FIN exchange."""

    def __init__(self, out, t, sport, v6=False, client_isn=1000, server_isn=7000):
        self.out, self.t, self.sport, self.v6 = out, t, sport, v6
        self.seq = {True: client_isn, False: server_isn}  # by "from the client"
        self.segment(True, SYN, advance=1)
        self.segment(False, SYN | ACK, advance=1)
        self.segment(True, ACK)

    def segment(self, from_client, flags, data=b"", advance=0, dt=0.01, snap=None):
        self.t += dt
        src, dst = (A6, B6) if self.v6 else (A, SERVER)
        sport, dport = self.sport, 53
        if not from_client:
            src, dst, sport, dport = dst, src, dport, sport
        seg = tcp(sport, dport, self.seq[from_client], self.seq[not from_client], flags, data)
        if self.v6:
            frame = eth(ipv6(src, dst, 6, seg), etype=0x86DD)
        else:
            frame = eth(ipv4(src, dst, 6, seg))
        self.out.append((self.t, frame[:snap], len(frame)))
        self.seq[from_client] += len(data) + advance

    def send(self, from_client, data, ack=True, snap=None):
        self.segment(from_client, PSH | ACK, data, snap=snap)
        if ack:
            self.segment(not from_client, ACK)

    def close(self):
        self.segment(True, FIN | ACK, advance=1)
        self.segment(False, FIN | ACK, advance=1)
        self.segment(True, ACK)
        return self.t


def frames():
    out = []
    t = 5000.0
    # One message per segment, over IPv4: A, AAAA (CNAME + AAAA), MX.
    c = Connection(out, t, 40001)
    c.send(True, framed(query(0x1234, question=EXAMPLE)))
    c.send(False, framed(a_reply(0x1234)))
    c.send(True, framed(query(0x1235, question=WWW, qtype=28)))
    c.send(False, framed(aaaa_reply(0x1235)))
    c.send(True, framed(query(0x1236, question=EXAMPLE, qtype=15)))
    c.send(False, framed(mx_reply(0x1236)))
    t = c.close() + 1
    # The same over IPv6.
    c = Connection(out, t, 40002, v6=True)
    c.send(True, framed(query(0x2001, question=EXAMPLE)))
    c.send(False, framed(a_reply(0x2001)))
    c.send(True, framed(query(0x2002, question=WWW, qtype=28)))
    c.send(False, framed(aaaa_reply(0x2002)))
    t = c.close() + 1
    # Two messages in one segment, both ways; then three.
    c = Connection(out, t, 40003)
    c.send(True, framed(query(0x3001, question=EXAMPLE)) + framed(query(0x3002, question=WWW, qtype=28)))
    c.send(False, framed(a_reply(0x3001)) + framed(aaaa_reply(0x3002)))
    c.send(True, framed(query(0x3003, question=EXAMPLE, qtype=15)) + framed(query(0x3004)) +
           framed(query(0x3005, question=MAIL)))
    c.send(False, framed(mx_reply(0x3003)))
    t = c.close() + 1
    # Messages split over segments.
    c = Connection(out, t, 40004)
    q = framed(query(0x4001, question=EXAMPLE))
    c.send(True, q[:10])
    c.send(True, q[10:])                                   # two segments
    r = framed(aaaa_reply(0x4001))
    c.send(False, r[:7])
    c.send(False, r[7:30])
    c.send(False, r[30:])                                  # three segments
    q = framed(query(0x4002, question=WWW))
    c.send(True, q[:2])
    c.send(True, q[2:])                                    # the length alone first
    q = framed(query(0x4003, question=MAIL))
    c.send(True, q[:1])
    c.send(True, q[1:])                                    # the length itself split
    q1, q2, q3 = (framed(query(0x4004 + i, question=EXAMPLE)) for i in range(3))
    c.send(True, q1[:20])
    c.send(True, q1[20:] + q2 + q3[:5])                    # ends one, a whole one, starts one
    c.send(True, q3[5:])
    q4, q5 = (framed(query(0x4007 + i, question=WWW)) for i in range(2))
    c.send(True, q4[:10])
    c.send(True, q4[10:] + q5[:10])                        # ends one and starts another
    c.send(True, q5[10:])
    q6, q7 = (framed(query(0x4009 + i, question=MAIL)) for i in range(2))
    c.send(True, q6 + q7[:3])                              # a whole one, then the start of one
    c.send(True, q7[3:])
    r = framed(a_reply(0x4002, question=WWW)) + framed(a_reply(0x4003, question=MAIL))
    c.send(False, r[:40])
    c.send(False, r[40:])
    t = c.close() + 1
    # Matching: a query never answered, a response nobody asked for, a late answer.
    c = Connection(out, t, 40005)
    c.send(True, framed(query(0x5001)))
    c.send(False, framed(reply(0x5099)))
    c.send(True, framed(query(0x5002)))
    c.segment(False, ACK, dt=1.5)
    c.send(False, framed(reply(0x5002)))
    c.send(True, framed(query(0x5002)))                    # the same ID again
    c.send(False, framed(reply(0x5002)))
    t = c.close() + 1
    # Odd lengths: 0, shorter than the header, and one never completed.
    c = Connection(out, t, 40006)
    c.send(True, b"\x00\x00")
    c.send(True, framed(query(0x6001)[:6]))
    c.send(True, struct.pack("!H", 200) + query(0x6002))
    t = c.close() + 1
    # Segments the snap length cut (captured frame length `snap`), which TCP never
    # reassembles: tshark marks each PDU's tvb a fragment, so a read past the segment is
    # "[BoundError Unreassembled Packet]" (neither short nor malformed), one past only the
    # capture short. The start of a PDU that runs on past its segment; a whole PDU cut;
    # and a PDU whose record data runs past the segment, cut inside its address (the tree
    # adds the record whole first).
    r = framed(aaaa_reply(0x7001))
    long_aaaa = framed(reply(0x7004, question=WWW, qtype=28,
                             answers=rr(28, bytes(16))[:-18] + struct.pack("!H", 200) + bytes(16)))
    for i, (data, snap) in enumerate([(r[:7], 60), (framed(query(0x7003, question=WWW)), 70),
                                      (struct.pack("!H", 300) + long_aaaa[2:], 106)]):
        c = Connection(out, t, 40007 + i)
        c.send(i % 2 == 0, data, snap=snap)
        t = c.close() + 1
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_dns_tcp.py OUT.pcap")
    write_pcap(sys.argv[1], frames())


if __name__ == "__main__":
    main()
