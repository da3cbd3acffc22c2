#!/usr/bin/env python3
"""Writes a capture of TCP connections whose SYN-ACK was not captured (usage: OUT.pcap),
for the SEQ/ACK analysis of the side that sent it, compared with tshark 4.0 by
tests/integration/test_tcp_analysis_vs_tshark.sh. That side's first captured segment is a
pure ACK: in Wireshark it sets the side's next sequence number (a segment without data
does that when the number is not known yet, or when it goes beyond it), so its later
window updates, duplicate ACKs and keep-alive ACKs are recognized. Found by dropping
frames of a live capture of the test (a capture that misses packets). One connection
per client port:
  41101 data one way; the receiver's window closes, keep-alives, then a window update
        and a keep-alive ACK
  41102 a hole in the client's data: duplicate ACKs from the side with no SYN-ACK, a
        fast retransmission
  41103 a pure ACK beyond the side's next sequence number (its data not captured), a
        window update, the other side's ACK of the data not captured (ACKed unseen
        segment), a keep-alive and its ACK
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tcp_tfo import pkt_window  # noqa: E402  (one TCP/IPv4/Ethernet frame builder)
from pcap_writer import write_pcap  # noqa: E402

SYN, ACK, PSH, FIN = 2, 16, 8, 1
C, S = '192.0.2.1', '192.0.2.2'
SPORT = 47704
ISN, SISN = 1000, 5000
WS7 = b'\x03\x03\x07'  # the SYN's window scaling, as Linux's (shift 7)


def conn(port):
    """Frame builders of one connection: c for the client's segments, s for the server's
    (sequence and ACK numbers relative to the ISNs)."""
    def c(seq, ack, fl, win, data=b''):
        return (C, S, port, SPORT, ISN + seq, SISN + ack, fl, win, b'', data)

    def s(seq, ack, fl, win, data=b''):
        return (S, C, SPORT, port, SISN + seq, ISN + ack, fl, win, b'', data)
    return c, s


def main():
    frames = []  # (seconds, args of pkt_window)
    t = 0.0

    def add(dt, args):
        nonlocal t
        t += dt
        frames.append((t, pkt_window(*args)))

    c, s = conn(41101)
    add(0.001, (C, S, 41101, SPORT, ISN, 0, SYN, 64240, WS7))  # its SYN-ACK not captured
    add(0.000025, c(1, 1, ACK, 502))
    add(0.00004, c(1, 1, ACK, 502, b'a' * 724))
    add(0.000005, s(1, 725, ACK, 724))
    add(0.000005, c(725, 1, ACK | PSH, 502, b'b' * 724))
    add(0.25, c(1448, 1, ACK, 502))          # keep-alive (probe of a closed window)
    add(0.000014, s(1, 1449, ACK, 0))        # zero window
    add(0.42, c(1448, 1, ACK, 502))          # keep-alive
    add(0.12, s(1, 1449, ACK, 1448))         # window update
    add(0.000025, c(1449, 1, ACK | PSH, 502, b'c' * 724))
    add(0.00002, s(1, 2173, ACK, 1448))
    add(1.0, c(2172, 1, ACK, 502))           # keep-alive
    add(0.000014, s(1, 2173, ACK, 1448))     # its ACK
    add(0.37, c(2173, 1, ACK | FIN, 502))
    add(0.0001, s(1, 2174, ACK | FIN, 1448))
    add(0.00002, c(2174, 2, ACK, 502))

    c, s = conn(41102)
    add(0.5, (C, S, 41102, SPORT, ISN, 0, SYN, 64240, WS7))
    add(0.00003, c(1, 1, ACK, 502))
    add(0.00001, c(1, 1, ACK, 502, b'd' * 500))
    add(0.00001, s(1, 501, ACK, 1000))
    add(0.00001, c(1001, 1, ACK, 502, b'e' * 500))   # 501-1000 not captured
    add(0.00001, s(1, 501, ACK, 1000))               # duplicate ACKs
    add(0.00001, c(1501, 1, ACK, 502, b'f' * 500))
    add(0.00001, s(1, 501, ACK, 1000))
    add(0.00001, c(501, 1, ACK, 502, b'g' * 500))    # the retransmission
    add(0.00002, s(1, 2001, ACK, 1000))
    add(0.1, c(2001, 1, ACK | FIN, 502))
    add(0.0001, s(1, 2002, ACK | FIN, 1000))
    add(0.00002, c(2002, 2, ACK, 502))

    c, s = conn(41103)
    add(0.5, (C, S, 41103, SPORT, ISN, 0, SYN, 64240, WS7))
    add(0.00003, c(1, 1, ACK, 502))
    add(0.00001, s(1, 1, ACK, 1000))
    add(0.00001, s(301, 1, ACK, 1000))       # beyond: 1-300 of the server not captured
    add(0.00001, s(301, 1, ACK, 2000))       # a window update
    add(0.00001, c(1, 301, ACK, 502))
    add(0.1, s(300, 1, ACK, 2000))           # keep-alive from the server
    add(0.00001, c(1, 301, ACK, 502))        # its ACK
    write_pcap(sys.argv[1], [(1700000000 + round(ts, 6), f) for ts, f in frames])


if __name__ == '__main__':
    main()
