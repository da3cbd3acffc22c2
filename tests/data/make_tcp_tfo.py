#!/usr/bin/env python3
"""Writes tests/data/tcp_tfo.pcap: TCP Fast Open handshakes (RFC 7413) for
tcp.analysis.tfo_syn, tfo_ack and tfo_ignored, compared with tshark 4.0 by
tests/integration/test_tcp_analysis_vs_tshark.sh. One connection per client port:
  40001 SYN with data and a cookie, the SYN-ACK acks the data        (tfo_syn, tfo_ack)
  40002 the same, the SYN-ACK acks only the SYN                      (tfo_syn, tfo_ignored)
  40003 SYN with a cookie request (no data), the SYN-ACK gives one   (nothing)
  40004 SYN with data, no TFO option, the SYN-ACK acks it            (tfo_ack)
  40005 an ordinary handshake                                        (nothing)
  40006 SYN with data, no TFO option, data not acked                 (nothing)
  40007 a cookie request with data, acked                            (tfo_ack)
  40008 a cookie request with data, not acked                        (nothing)
  40009 a cookie without data                                        (tfo_syn)
  40010 cookie SYN with data sent twice, acked                       (tfo_syn twice, tfo_ack)
  40011 cookie SYN with data, the SYN-ACK sent twice acking no data  (tfo_ignored twice)
  40012 cookie SYN with data, SYN-ACK with relative ACK 0            (tfo_ignored)
  40013 a SYN-ACK whose SYN was not captured                         (nothing)
Usage: make_tcp_tfo.py OUT.pcap"""
import os
import struct
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import csum  # noqa: E402  (the one Internet checksum of tests/data)
from pcap_writer import write_pcap  # noqa: E402


def pkt(src, dst, sp, dp, seq, ack, flags, opts=b'', data=b''):
    return pkt_window(src, dst, sp, dp, seq, ack, flags, 65535, opts, data)


def pkt_window(src, dst, sp, dp, seq, ack, flags, window, opts=b'', data=b''):
    while len(opts) % 4:
        opts += b'\x01'
    tcp = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, (20 + len(opts)) // 4 << 4, flags,
                      window, 0, 0) + opts + data
    s = bytes(map(int, src.split('.')))
    d = bytes(map(int, dst.split('.')))
    c = csum(s + d + struct.pack('!BBH', 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, s, d)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + tcp


def main():
    SYN, ACK = 2, 16
    C, S = '192.0.2.1', '192.0.2.2'
    COOKIE = b'\x22\x0a' + b'ABCDEFGH'
    REQUEST = b'\x22\x02'
    MSS = b'\x02\x04\x05\xb4'
    DATA = b'hello tfo'
    ISN, SISN = 1000, 5000
    SPORT = 47700  # no dissector claims it: the SYN data stays plain TCP payload
    frames = []

    def conn(port, synopts, data, ack, syns=1, synacks=1, final=True, saopts=b''):
        for _ in range(syns):
            frames.append(pkt(C, S, port, SPORT, ISN, 0, SYN, MSS + synopts, data))
        for _ in range(synacks):
            frames.append(pkt(S, C, SPORT, port, SISN, ack, SYN | ACK, MSS + saopts))
        if final:
            frames.append(pkt(C, S, port, SPORT, ISN + 1 + len(data), SISN + 1, ACK))

    conn(40001, COOKIE, DATA, ISN + 1 + len(DATA))
    conn(40002, COOKIE, DATA, ISN + 1)
    conn(40003, REQUEST, b'', ISN + 1, saopts=COOKIE)
    conn(40004, b'', DATA, ISN + 1 + len(DATA))
    conn(40005, b'', b'', ISN + 1)
    conn(40006, b'', DATA, ISN + 1)
    conn(40007, REQUEST, DATA, ISN + 1 + len(DATA))
    conn(40008, REQUEST, DATA, ISN + 1)
    conn(40009, COOKIE, b'', ISN + 1)
    conn(40010, COOKIE, DATA, ISN + 1 + len(DATA), syns=2)
    conn(40011, COOKIE, DATA, ISN + 1, synacks=2)
    conn(40012, COOKIE, DATA, ISN, final=False)
    frames.append(pkt(S, C, SPORT, 40013, SISN, ISN + 10, SYN | ACK, MSS))

    write_pcap(sys.argv[1], [(1700000000 + i, f) for i, f in enumerate(frames)])


if __name__ == "__main__":
    main()
