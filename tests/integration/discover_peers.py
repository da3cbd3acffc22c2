#!/usr/bin/env python3
"""Misbehaving TCP peers for the banner tests, on ADDRESS: 7001 accepts and never speaks,
7002 sends one byte a second for up to 30 s, 7003 closes at once, 7004 floods 64 KiB of
every byte value (terminal escapes first), 9100 plays a printer:
silent, appending whatever it receives to the file PRINTED. Each connection gets
its own thread; the process ends when killed (the test kills it by pid)."""
import socket
import sys
import threading
import time


def silent(conn):
    time.sleep(30)
    conn.close()


def trickle(conn):
    try:
        for _ in range(30):
            conn.sendall(b"x")
            time.sleep(1)
    except OSError:
        pass
    conn.close()


def close_at_once(conn):
    conn.close()


def flood(conn):
    # 64 KiB of every byte value, terminal escapes included, at once.
    try:
        conn.sendall(b"\x1b[2J\x1b]0;owned\x07" + bytes(range(256)) * 256)
    except OSError:
        pass
    conn.close()


def printer(conn):
    conn.settimeout(10)
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            with open(sys.argv[2], "ab") as f:
                f.write(data)
    except OSError:
        pass
    conn.close()


def serve(address, port, handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(64)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


address = sys.argv[1]
open(sys.argv[2], "wb").close()
for port, handler in ((7001, silent), (7002, trickle), (7003, close_at_once), (7004, flood),
                      (9100, printer)):
    threading.Thread(target=serve, args=(address, port, handler), daemon=True).start()
while True:
    time.sleep(3600)
