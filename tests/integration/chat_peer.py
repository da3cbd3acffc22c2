#!/usr/bin/env python3
"""A raw peer of `sockscope chat server` for tests/integration/test_chat.sh: speaks the
JSON-lines protocol by hand to do what our own client never does (split frames at every
byte, malformed frames, never reading). Prints one result line per check; exits 1 on a
missing answer. Every socket operation has a timeout.

  chat_peer.py HOST PORT BIND split USER PASSWORD    say frames cut at every byte boundary
  chat_peer.py HOST PORT BIND malformed              bad frames, then the server closes
  chat_peer.py HOST PORT BIND toolong                a frame past the limit
  chat_peer.py HOST PORT BIND slow USER PASSWORD SECONDS   log in, then never read
  chat_peer.py HOST PORT BIND flood USER PASSWORD COUNT    many large room messages
  chat_peer.py HOST PORT BIND udp TO_ADDR TO_PORT TEXT     one datagram from a stranger
"""
import json
import socket
import sys
import time


def connect(host, port, bind, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((bind, 0))
    s.settimeout(10)
    s.connect((host, port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Lines:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def next(self):
        """The next frame as a dict, or None at EOF/reset."""
        while b"\n" not in self.buf:
            try:
                data = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                return None
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def until(self, kind):
        while True:
            f = self.next()
            if f is None or f.get("type") == kind:
                return f


def frame(**kw):
    return (json.dumps(kw) + "\n").encode()


def login(sock, lines, user, password):
    sock.sendall(frame(type="login", user=user, password=password, udp_port=0))
    ok = lines.until("ok")
    if ok is None:
        print("login failed")
        sys.exit(1)


def main():
    host, port, bind, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    args = sys.argv[5:]
    if mode == "udp":
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((bind, 0))
        u.sendto(args[2].encode(), (args[0], int(args[1])))
        return
    if mode == "split":
        s = connect(host, port, bind)
        lines = Lines(s)
        login(s, lines, args[0], args[1])
        sent = 0
        for cut in range(1, 60):
            data = frame(type="say", text="split-%02d" % cut)
            if cut >= len(data):
                break
            s.sendall(data[:cut])
            time.sleep(0.01)
            s.sendall(data[cut:])
            sent += 1
        time.sleep(0.3)
        s.sendall(frame(type="bye"))
        lines.until("bye")
        print("split sent %d" % sent)
        return
    if mode == "malformed":
        s = connect(host, port, bind)
        lines = Lines(s)
        codes = []
        for bad in [b"hello\n", frame(type="say", text="x"), frame(type="shout")]:
            s.sendall(bad)
            codes.append(lines.next())
        codes.append(lines.next())  # too_many_errors
        rest = lines.until("bye")
        end = lines.next()
        print("codes " + " ".join(f["code"] if f else "none" for f in codes))
        print("bye " + (rest["reason"] if rest else "none"))
        print("closed" if end is None else "still open")
        return
    if mode == "toolong":
        s = connect(host, port, bind)
        lines = Lines(s)
        try:
            s.sendall(b"a" * 9000)
        except OSError:
            pass
        f = lines.next()
        print("code " + (f["code"] if f else "none"))
        lines.until("bye")
        print("closed" if lines.next() is None else "still open")
        return
    if mode == "slow":
        s = connect(host, port, bind, rcvbuf=4096)
        lines = Lines(s)
        login(s, lines, args[0], args[1])
        print("slow reader logged in", flush=True)
        time.sleep(float(args[2]))  # reads nothing meanwhile
        s.settimeout(2)
        # Drain what is left; the server must have cut us off by now.
        got = 0
        try:
            while True:
                data = s.recv(1 << 20)
                if not data:
                    break
                got += len(data)
        except (ConnectionResetError, socket.timeout):
            pass
        print("slow reader drained")
        return
    if mode == "flood":
        s = connect(host, port, bind)
        lines = Lines(s)
        login(s, lines, args[0], args[1])
        text = "F" * 3900
        for i in range(int(args[2])):
            s.sendall(frame(type="say", text="%06d%s" % (i, text)))
            # About 2,000 messages (8 MB) a second: far past what the slow reader takes,
            # and within what a reading client keeps up with on a loaded machine.
            if i % 10 == 9:
                time.sleep(0.005)
        s.sendall(frame(type="say", text="flood done"))
        s.sendall(frame(type="bye"))
        lines.until("bye")
        print("flood sent")
        return
    print("unknown mode " + mode)
    sys.exit(2)


if __name__ == "__main__":
    main()
