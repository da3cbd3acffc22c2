#!/usr/bin/env python3
"""Misbehaving and well-behaved peers for test_serve_robustness.sh.

Every peer is bounded in time (socket timeouts, --seconds) and prints one result line.

  serve_peers.py flood PORT MB          send MB megabytes without reading; print bytes sent
  serve_peers.py flood-read PORT MB     send MB megabytes while reading the upper-cased
                                         echo back; print "ok N" when all came back right
  serve_peers.py reset PORT             send, then close with SO_LINGER 0 (an RST)
  serve_peers.py reset-pending PORT     make the server queue a reply, then reset
  serve_peers.py idle PORT N SECONDS    hold N idle connections open; print "idle N"
  serve_peers.py half PORT              send a message without a newline, expect it back
  serve_peers.py good PORT COUNT        COUNT round trips; print "ok COUNT max_ms"
  serve_peers.py udp PORT               two UDP senders interleaved; each gets its own reply
  serve_peers.py hold-unread PORT SECONDS  send without reading until the server stops taking
                                         bytes, then wait (no reads) for it to close us; print
                                         "sent N closed after S" or "sent N still open"
  serve_peers.py random PORT SECONDS    send random bytes for SECONDS without reading
  serve_peers.py lines PORT N           N 200-byte messages, each answer read; print "ok N"
  serve_peers.py udp-sizes PORT         datagrams of 0, 1 and 100 bytes; print each reply size
"""
import socket
import struct
import sys
import time

HOST = "127.0.0.1"


def connect(port, timeout=10.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise RuntimeError("server closed after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def flood(port, mb):
    s = connect(port, timeout=3.0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the replies pile up at the server
    block = b"flood-" * 10923  # ~64 KiB
    total, goal = 0, mb * 1024 * 1024
    try:
        while total < goal:
            total += s.send(block[: min(len(block), goal - total)])
    except socket.timeout:
        pass  # the server stopped reading us: back-pressure, as intended
    print("sent %d" % total, flush=True)
    # Keep the connection (and the server's queued reply) for a while, unread.
    time.sleep(float(sys.argv[4]) if len(sys.argv) > 4 else 3.0)


def flood_read(port, mb):
    import selectors

    s = connect(port)
    s.setblocking(False)
    pattern = bytes(range(256)) * 256  # 64 KiB of every byte value
    goal = mb * 1024 * 1024
    sent = received = 0
    bad = None
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    deadline = time.monotonic() + 60
    while received < goal and time.monotonic() < deadline:
        for _key, mask in sel.select(timeout=1.0):
            if mask & selectors.EVENT_WRITE and sent < goal:
                off = sent % len(pattern)
                try:
                    sent += s.send(pattern[off : off + min(len(pattern) - off, goal - sent)])
                except BlockingIOError:
                    pass
                if sent >= goal:
                    sel.modify(s, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ:
                try:
                    chunk = s.recv(65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise RuntimeError("server closed early")
                off = received % len(pattern)
                expect = (pattern * 2)[off : off + len(chunk)].upper()
                if chunk != expect and bad is None:
                    bad = received
                received += len(chunk)
    if received == goal and bad is None:
        print("ok %d" % received)
    else:
        print("bad received=%d first_mismatch=%s" % (received, bad))


def reset(port):
    s = connect(port)
    s.sendall(b"about to reset\n")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("reset")


def reset_pending(port):
    s = connect(port, timeout=2.0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        for _ in range(200):  # ~12 MiB offered; the server's replies pile up unread
            s.send(b"x" * 65536)
    except socket.timeout:
        pass
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("reset")


def idle(port, n, seconds):
    conns = [connect(port) for _ in range(n)]
    print("idle %d" % len(conns), flush=True)
    time.sleep(seconds)
    for c in conns:
        c.close()


def half(port):
    s = connect(port, timeout=3.0)
    s.sendall(b"half a frame")  # no newline, connection stays open
    print(recv_exact(s, 12).decode())


def good(port, count):
    s = connect(port, timeout=5.0)
    worst = 0.0
    for i in range(count):
        msg = b"hello %d\n" % i
        t = time.monotonic()
        s.sendall(msg)
        reply = recv_exact(s, len(msg))
        worst = max(worst, time.monotonic() - t)
        if reply != msg.upper():
            print("bad reply %r to %r" % (reply, msg))
            return
    print("ok %d %d" % (count, worst * 1000))


def udp(port):
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for s in (a, b):
        s.settimeout(3.0)
    a.sendto(b"from a", (HOST, port))
    b.sendto(b"from b", (HOST, port))
    a.sendto(b"again a", (HOST, port))
    ra = [a.recv(100), a.recv(100)]
    rb = [b.recv(100)]
    print(" ".join(x.decode() for x in ra + rb))


def hold_unread(port, seconds):
    """Sends without ever reading until the server stops reading us, then reports how
    long the server took to close the connection. A server that was only slow (a loaded
    machine) turns the socket writable again: then we send on and start the clock anew
    when we are blocked again, rather than wait for a close that is not coming."""
    import select

    s = connect(port, timeout=2.0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    block = b"x" * 65536
    total = 0
    reported = False
    p = select.poll()
    p.register(s, select.POLLOUT | select.POLLRDHUP | select.POLLHUP | select.POLLERR)
    end = time.monotonic() + seconds + 30
    while time.monotonic() < end:
        try:
            total += s.send(block)
            continue
        except socket.timeout:
            pass  # blocked for the send timeout: the server may have stopped reading us
        except OSError:
            if not reported:
                print("sent %d" % total, flush=True)
            print("closed while sending", flush=True)
            return
        if not reported:
            print("sent %d" % total, flush=True)
            reported = True
        start = time.monotonic()
        events = p.poll(seconds * 1000)
        hung_up = any(e & (select.POLLRDHUP | select.POLLHUP | select.POLLERR) for _, e in events)
        if hung_up:
            print("closed after %.1f" % (time.monotonic() - start), flush=True)
            return
        if not events:
            break
    print("still open", flush=True)


def random_flood(port, seconds):
    import os

    s = connect(port, timeout=1.0)
    block = bytearray(os.urandom(65536))
    # A line longer than the 200 bytes the server logs of one, whatever the random bytes:
    # a random block has one only about every other time.
    block[:4096] = block[:4096].replace(b"\n", b" ")
    block = bytes(block)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            s.send(block)
        except socket.timeout:
            pass
        except OSError:
            break
    print("done", flush=True)


def lines(port, n):
    s = connect(port, timeout=5.0)
    msg = b"m" * 199 + b"\n"
    for _ in range(n):
        s.sendall(msg)
        recv_exact(s, len(msg))
    print("ok %d" % n, flush=True)


def udp_sizes(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    out = []
    for size in (0, 1, 100):
        s.sendto(b"q" * size, (HOST, port))
        try:
            out.append(str(len(s.recv(65536))))
        except socket.timeout:
            out.append("none")
    print(" ".join(out))


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "flood":
        flood(port, int(sys.argv[3]))
    elif cmd == "flood-read":
        flood_read(port, int(sys.argv[3]))
    elif cmd == "reset":
        reset(port)
    elif cmd == "reset-pending":
        reset_pending(port)
    elif cmd == "idle":
        idle(port, int(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "half":
        half(port)
    elif cmd == "good":
        good(port, int(sys.argv[3]))
    elif cmd == "udp":
        udp(port)
    elif cmd == "hold-unread":
        hold_unread(port, float(sys.argv[3]))
    elif cmd == "random":
        random_flood(port, float(sys.argv[3]))
    elif cmd == "lines":
        lines(port, int(sys.argv[3]))
    elif cmd == "udp-sizes":
        udp_sizes(port)
    else:
        sys.exit("unknown peer " + cmd)


if __name__ == "__main__":
    main()
