#!/usr/bin/env python3
"""Helper of test_tcp_pdu_vs_tshark.sh: bulk TCP transfers to a port no tshark dissector
is registered for, inside the test's private namespace. Every wait is bounded.
  python3 tcp_pdu_peer.py both HOST PORT   receivers and sender in this process
  python3 tcp_pdu_peer.py recv HOST PORT   the receivers only (prints "ready")
  python3 tcp_pdu_peer.py send HOST PORT   the sender only
sends, on PORT, PORT+1 and PORT+2 (one connection each):
  PORT    150 kB of a repeating byte pattern (i * 7 mod 256), Nagle off
  PORT+1  an RSocket REQUEST_RESPONSE frame header announcing 1 MiB, SRS message id 1,
          then 100 kB of that pattern (the frame never completes)
  PORT+2  100 kB of the pattern, then, in a segment of its own, the same kind of
          RSocket header (a frame starting in mid-stream)"""
import socket
import struct
import sys
import threading
import time

MODE, HOST, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
PATTERN = bytes((i * 7) % 256 for i in range(256))
HEADER = struct.pack('!I', 0xFFFFF)[1:] + struct.pack('!I', 1) + bytes([0x04 << 2, 0]) + b'\x00\x01'


def pattern(n):
    return (PATTERN * (n // 256 + 1))[:n]


def receive(srv, done):
    srv.settimeout(10)
    c, _ = srv.accept()
    c.settimeout(10)
    while c.recv(65536):
        pass
    c.close()
    done.set()


def listen(port):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST, port))
    srv.listen()
    done = threading.Event()
    t = threading.Thread(target=receive, args=(srv, done))
    t.start()
    return srv, t, done


def send(port, chunks):
    c = socket.create_connection((HOST, port), timeout=10)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for chunk in chunks:
        c.sendall(chunk)
        time.sleep(0.05)
    c.close()


TRANSFERS = [[pattern(150000)], [HEADER + pattern(100000)], [pattern(100000), HEADER + pattern(3000)]]
receivers = []
if MODE in ('both', 'recv'):
    receivers = [listen(PORT + i) for i in range(len(TRANSFERS))]
    print('ready', flush=True)
if MODE in ('both', 'send'):
    for i, chunks in enumerate(TRANSFERS):
        send(PORT + i, chunks)
for srv, t, done in receivers:
    t.join(30)
    srv.close()
    if not done.is_set():
        sys.exit("a receiver did not finish")
