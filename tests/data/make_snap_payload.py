#!/usr/bin/env python3
"""Writes a capture of payloads the snap length cut (usage: OUT.pcap).

Every frame's transport header is whole and its payload cut by the snap length (the
record's original length is the whole packet's), as `tcpdump -s 96` leaves them. Wireshark
does not treat the cut alike everywhere: it calls no dissector on a TCP payload with no
byte captured (no error either), while UDP's dissector throws there; `data` takes a partly
captured payload as it is (data.len the captured length, no exception); only a dissector
that parses (HTTP, DNS, DHCP) throws at the cut ("[Packet size limited during capture]",
_ws.short), and HTTP's columns are its own once the first line is whole. Here: TCP and
UDP payloads to ports no dissector takes, HTTP requests and responses, DNS queries and
DHCP messages (DNS over UDP and TCP), each cut after several lengths, over IPv4 and IPv6;
ICMP echo data.
(Not here, as sockscope differs and warns: a TCP or UDP payload cut after fewer than 16
bytes where heuristic dissectors sockscope does not model may throw (cut_heuristic.cpp);
a cut HTTP message that is a method's
prefix ("G", "GET") or no HTTP ("HTTP Continuation" with data, or none); a header line cut
inside its value, which tshark's fields take as far as it goes; a whole segment after a
cut one that began no PDU of its own while a PDU put together from whole ones waits.)
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A, A6, B, B6, bootp, eth, ipv4, ipv6, tcp, udp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

PSH_ACK = 0x18


def dns_query(name=b"\x07example\x03com\x00"):
    """A DNS query for example.com, type A, padded with an EDNS-free additional nothing."""
    return struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + name + b"\x00\x01\x00\x01"


HTTP_GET = (b"GET /index.html HTTP/1.1\r\nHost: 192.0.2.2\r\n"
            b"User-Agent: sockscope-test/1.0\r\nAccept: */*\r\n\r\n")
HTTP_OK = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n"
           b"<p>hello</p>\n")
HEADER = {6: 20, 17: 8}
DATA = bytes(100)  # a payload no heuristic dissector claims once it has 4 bytes


def main():
    frames = []
    sport = iter(range(41000, 42000))

    def cut(packet, n, header):
        """`packet` whose payload the snap length cut after `n` bytes (`header` in front)."""
        frames.append((packet[:header + n], len(packet)))

    def both(proto, dport, body, cuts):
        """`body` to `dport` over IPv4 and IPv6, each cut after every length of `cuts`."""
        for n in cuts:
            segment = (tcp(next(sport), dport, 1000, 2000, PSH_ACK, body) if proto == 6 else
                       udp(next(sport), dport, body))
            cut(eth(ipv4(A, B, proto, segment)), n, 34 + HEADER[proto])
            segment = (tcp(next(sport), dport, 1000, 2000, PSH_ACK, body) if proto == 6 else
                       udp(next(sport), dport, body))
            cut(eth(ipv6(A6, B6, proto, segment), etype=0x86DD), n, 54 + HEADER[proto])

    # no dissector for the port: cut after 16 bytes or more, `data` takes what is there
    both(6, 32000, DATA, (0, 16, 50, 99))
    both(17, 9, DATA, (0, 16, 50, 99))
    # after fewer, Wireshark's heuristic dissectors read past the capture before they
    # decline, and throw (frame.protocols names them, _ws.short, no `data`): over TCP
    # Spice's on 1-3 bytes, TDS's before it on what starts like a Netlib header, RTPS's
    # on 4-7 bytes of a payload of 20 or more; over UDP WireGuard's on 1-3 bytes,
    # Wake-on-LAN's before it on up to 5 of a payload of 102 or more
    both(6, 33000, DATA, (1, 3, 4, 7))
    both(6, 33000, b"he" + DATA, (2,))
    both(6, 33000, b"\x01\x01\x00\x10" + DATA, (1, 2, 3))  # TDS
    both(6, 33000, b"\x01\x04\x00\x10" + DATA, (2,))  # (not a TDS status: Spice)
    both(6, 33000, bytes(3), (1, 2))  # (too short for any)
    both(17, 9, bytes(3), (1, 2))
    both(17, 9, bytes(6), (1, 3))
    both(17, 9, DATA + DATA, (1, 5))
    # HTTP requests and responses cut inside and after their first line and headers
    both(6, 80, HTTP_GET, (0, 4, 12, 25, 26, 43, len(HTTP_GET) - 1))
    for n in (0, 5, 6, 7, 8, 16, 17, 42, len(HTTP_OK) - 1):
        cut(eth(ipv4(B, A, 6, tcp(80, next(sport), 1000, 2000, PSH_ACK, HTTP_OK))), n, 54)
    # DNS and DHCP parse past the cut
    dns = dns_query()
    both(17, 53, dns, (0, 1, 3, 4, 12, 20, len(dns) - 1))
    # and over TCP, after its 2-byte length: with one byte the column stays TCP's
    pdu = struct.pack("!H", len(dns)) + dns
    both(6, 53, pdu, (0, 1, 2, 3, 4, 14, 20, len(pdu) - 1))
    both(6, 53, pdu + pdu, (len(pdu) + 1, len(pdu) + 16))  # a whole PDU before the cut
    # a cut PDU that runs on in the next two segments (pieces of a PDU tshark cannot put
    # together), then a whole one
    long_pdu = struct.pack("!H", len(dns) + 60) + dns
    port = next(sport)
    cut(eth(ipv4(A, B, 6, tcp(port, 53, 1000, 2000, PSH_ACK, long_pdu))), 20, 54)
    seq = 1000 + len(long_pdu)
    for body in (bytes(30), bytes(30), pdu):
        frame = eth(ipv4(A, B, 6, tcp(port, 53, seq, 2000, PSH_ACK, body)))
        frames.append((frame, len(frame)))
        seq += len(body)
    # a segment the snap length cut is never a piece: TCP hands DNS it from its start,
    # within a cut PDU that runs on or after the whole start of a PDU (cut after its
    # length, ID and flags; after a whole PDU); a whole segment after it is still a piece
    runs_on = ((long_pdu[:31], 20), (pdu + bytes(10), 6), (bytes(15), None))
    waits = ((long_pdu[:7], None), (pdu + bytes(10), 6), (pdu + pdu, len(pdu) + 9))
    for segments in (runs_on, waits):
        port = next(sport)
        seq = 1000
        for body, n in segments:
            frame = eth(ipv4(A, B, 6, tcp(port, 53, seq, 2000, PSH_ACK, body)))
            frames.append((frame[:54 + (len(body) if n is None else n)], len(frame)))
            seq += len(body)
    dhcp = bootp(1, 0x3903F326, b"\x35\x01\x01\xff")
    both(17, 67, dhcp, (0, 1, 3, 4, 12, 50, len(dhcp) - 1))
    # an IPv6 fragment header the snap length cut: its dissector throws before it writes
    # the Info column (nor does IPv6's)
    frag = struct.pack("!BBHI", 17, 0, 1, 7) + udp(next(sport), 9, DATA)
    for n in (1, 6):
        cut(eth(ipv6(A6, B6, 44, frag), etype=0x86DD), n, 54)
    # ICMP echo data, which `data` takes as captured
    echo = struct.pack("!BBHHH", 8, 0, 0, 7, 1) + DATA
    for n in (0, 1, 50):
        cut(eth(ipv4(A, B, 1, echo)), n, 42)
    # DNS over TCP cut right after a whole PDU: tcp_dissect_pdus() reads the next PDU's
    # length past the capture (short). The PDUs of a cut segment are fragments, a whole
    # one too: an empty message, or one shorter than a DNS header, throws
    # "[BoundErrorUnreassembled Packet]", not malformed.
    both(6, 53, pdu + pdu, (len(pdu),))
    both(6, 53, bytes(12), (2, 3, 6))
    both(6, 53, struct.pack("!H", 5) + dns[:5] + pdu, (7, 9, 7 + 14))
    write_pcap(sys.argv[1], [(i, data, orig) for i, (data, orig) in enumerate(frames)])


if __name__ == "__main__":
    main()
