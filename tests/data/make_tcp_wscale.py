#!/usr/bin/env python3
"""Writes a capture of TCP window scaling in its variety (usage: OUT.pcap), for
tcp.window_size_scalefactor and tcp.window_size, compared with tshark 4.0 by
tests/integration/test_tcp_analysis_vs_tshark.sh. One connection per client port:
  41001 both SYNs scale by 7                          (128, windows shifted)
  41002 the SYN scales, the SYN-ACK does not          (-2: no scaling used)
  41003 neither scales                                (-2)
  41004 the SYN asks for 20, above RFC 7323's 14      (capped: 16384)
  41005 both scale by 0                               (1)
  41006 a connection caught mid-stream                (-1: unknown)
  41007 the SYN-ACK scales, its SYN was not captured  (the SYN-ACK's own side only)
  41008 the SYN-ACK does not scale, no SYN captured
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tcp_tfo import pkt_window  # noqa: E402  (one TCP/IPv4/Ethernet frame builder)
from pcap_writer import write_pcap  # noqa: E402

SYN, ACK, PSH, FIN = 2, 16, 8, 1
C, S = '192.0.2.1', '192.0.2.2'
SPORT = 47701
ISN, SISN = 1000, 5000


def ws(shift):
    return b'\x03\x03' + bytes([shift])


def conn(port, syn_ws, synack_ws, handshake=True, syn=True):
    frames = []
    if handshake and syn:
        frames.append(pkt_window(C, S, port, SPORT, ISN, 0, SYN, 64240, syn_ws))
    if handshake:
        frames.append(pkt_window(S, C, SPORT, port, SISN, ISN + 1, SYN | ACK, 65160, synack_ws))
    frames.append(pkt_window(C, S, port, SPORT, ISN + 1, SISN + 1, ACK, 502))
    frames.append(pkt_window(C, S, port, SPORT, ISN + 1, SISN + 1, ACK | PSH, 502, b'', b'hello'))
    frames.append(pkt_window(S, C, SPORT, port, SISN + 1, ISN + 6, ACK, 509))
    frames.append(pkt_window(C, S, port, SPORT, ISN + 6, SISN + 1, ACK | FIN, 502))
    return frames


def main():
    frames = []
    frames += conn(41001, ws(7), ws(7))
    frames += conn(41002, ws(7), b'')
    frames += conn(41003, b'', b'')
    frames += conn(41004, ws(20), ws(20))
    frames += conn(41005, ws(0), ws(0))
    frames += conn(41006, b'', b'', handshake=False)
    frames += conn(41007, b'', ws(5), syn=False)
    frames += conn(41008, b'', b'', syn=False)
    write_pcap(sys.argv[1], [(1700000000 + i, f) for i, f in enumerate(frames)])


if __name__ == '__main__':
    main()
