#!/usr/bin/env python3
"""Writes a capture of DNS queries and responses that Wireshark links to each other
(usage: OUT.pcap), for tests/integration/test_dns_vs_tshark.sh's filters on
dns.response_to, dns.time, dns.retransmission, dns.retransmit_request_in,
dns.retransmit_response_in and dns.unsolicited:
  - a query retransmitted within 5 s, its response, the response again;
  - the same ID asked again after the answer, and again more than 5 s later unanswered;
  - a retransmission exactly 5 s after the first query (a new transaction);
  - a response nobody asked for; a clock that goes back;
  - a zone transfer (AXFR) answered by several responses, one without its question;
  - queries and responses cut by the snap length or malformed (the match is recorded,
    the fields are not shown), a message of 3 bytes (never matched) and messages of 2 to
    11 bytes (dns from 4 bytes on, with the counts that were captured);
  - the same ID on another UDP stream, and over IPv6;
  - DNS quoted in ICMP errors (matched to nothing: a quoted response is unsolicited)."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, A6, B6, csum, eth, ipv4, ipv6, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

SERVER = bytes([192, 0, 2, 53])
WWW = b"\x03www\x07example\x03com\x00"
ZONE = b"\x07example\x03com\x00"


def message(ident, response, question=WWW, qtype=1, answers=b"", ancount=0, qdcount=1):
    flags = 0x8180 if response else 0x0100
    body = struct.pack("!6H", ident, flags, qdcount, ancount, 0, 0)
    if qdcount:
        body += question + struct.pack("!HH", qtype, 1)
    return body + answers


def answer_a(last=80):
    return b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, last])


def query(ident, **kw):
    return message(ident, False, **kw)


def reply(ident, **kw):
    kw.setdefault("answers", answer_a())
    kw.setdefault("ancount", 1)
    return message(ident, True, **kw)


def over_v4(payload, to_server, port=40000):
    src, dst, sport, dport = A, SERVER, port, 53
    if not to_server:
        src, dst, sport, dport = dst, src, dport, sport
    return eth(ipv4(src, dst, 17, udp(sport, dport, payload)))


def over_v6(payload, to_server):
    src, dst, sport, dport = A6, B6, 40002, 53
    if not to_server:
        src, dst, sport, dport = dst, src, dport, sport
    return eth(ipv6(src, dst, 17, udp(sport, dport, payload)), etype=0x86DD)


def icmp_unreachable(quoted_frame):
    """Port unreachable from the client, quoting the IPv4 datagram of `quoted_frame`."""
    datagram = quoted_frame[14:]
    body = struct.pack("!BBHI", 3, 3, 0, 0) + datagram
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    return eth(ipv4(A, SERVER, 1, body))


def frames():
    """(time, frame) or (time, frame, captured bytes)."""
    axfr = query(3, question=ZONE, qtype=252)
    axfr_reply = reply(3, question=ZONE, qtype=252)
    out = [
        (0.0, over_v4(query(1), True)),
        (0.5, over_v4(query(1), True)),              # retransmitted query
        (1.0, over_v4(reply(1), False)),             # response_to 1, time 1.0
        (1.1, over_v4(reply(1), False)),             # retransmitted response
        (2.0, over_v4(query(1), True)),              # answered: a new transaction
        (8.0, over_v4(query(1), True)),              # unanswered for 6 s: new again
        (8.25, over_v4(reply(1), False)),            # response_to 6
        (9.0, over_v4(reply(2), False)),             # unsolicited
        (10.0, over_v4(axfr, True)),
        (10.1, over_v4(axfr_reply, False)),
        (10.2, over_v4(axfr_reply, False)),          # a transfer: not a retransmission
        (10.3, over_v4(reply(3, qdcount=0), False)),
        (11.0, over_v4(query(4)[:8], True)),         # malformed query: matched, no fields
        (11.1, over_v4(reply(4), False)),            # response_to 13
        (12.0, over_v4(query(5), True)),
        (12.1, over_v4(reply(5, answers=answer_a()[:-2]), False)),  # malformed response
        (12.2, over_v4(reply(5), False)),            # a retransmission of it
        (13.0, over_v4(query(6), True)),
        (13.1, over_v4(reply(6), False), 60),        # cut inside the answer
        (13.2, over_v4(reply(6), False)),            # a retransmission of the cut one
        (14.0, over_v4(b"\x00\x07\x01", True)),       # 3 bytes: no ID and flags
        (14.05, over_v4(query(13), True), 14 + 20 + 8 + 3),  # cut inside the flags
        (14.1, over_v4(query(1), True, port=40001)),  # ID 1 on another stream
        (14.2, over_v4(reply(1), False, port=40001)),
        (15.0, over_v6(query(9), True)),
        (15.3, over_v6(query(9), True)),
        (15.4, over_v6(reply(9), False)),
        (20.0, over_v4(query(7), True)),
        (24.999, over_v4(query(7), True)),           # 4.999 s: a retransmission
        (25.0, over_v4(query(7), True)),             # 5 s: a new transaction
        (26.0, over_v4(query(8), True)),
        (25.5, over_v4(query(8), True)),             # the clock went back
        (27.0, icmp_unreachable(over_v4(reply(10), False))),  # quoted response
        (27.1, icmp_unreachable(over_v4(query(10), True))),   # quoted query
        (27.2, icmp_unreachable(over_v4(reply(11), False))[:14 + 20 + 8 + 20 + 8 + 6]),
        (28.0, over_v4(reply(8), False)),            # response_to 30, time 2 s
    ]
    # Messages shorter than the header: the ID and flags (4 bytes) make them dns, each
    # count is there when captured; the first (4 bytes) is matched, the others are its
    # retransmissions.
    out += [(29.0 + n / 10, over_v4(query(12)[:n], True)) for n in range(2, 12)]
    out.append((30.0, over_v4(reply(12), False)))  # response_to the 4-byte query
    records = []
    for item in out:
        t, frame = item[0], item[1]
        if len(item) > 2:
            records.append((t, frame[:item[2]], len(frame)))
        else:
            records.append((t, frame))
    return records


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_dns_transactions.py OUT.pcap")
    write_pcap(sys.argv[1], ((3000 + r[0],) + r[1:] for r in frames()))


if __name__ == "__main__":
    main()
