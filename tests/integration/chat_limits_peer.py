#!/usr/bin/env python3
"""Raw JSON-protocol peers for tests/integration/test_chat_limits.sh (helpers from
chat_peer.py). Every socket operation has a timeout.

  chat_limits_peer.py HOST PORT BIND silent SECONDS [PARTIAL]   never log in (optionally
                                            send PARTIAL, a frame without its newline)
  chat_limits_peer.py HOST PORT BIND flood USER COUNT           name-only login, COUNT
                                            room messages at once, then report error codes
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chat_peer import Lines, connect, frame  # noqa: E402


def main():
    host, port, bind, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    args = sys.argv[5:]
    # The clock starts before connect(): the server's timers start when it accepts, so a
    # peer stalled after connecting (a loaded machine) cannot see them fire "early".
    start = time.monotonic()
    s = connect(host, port, bind)
    lines = Lines(s)
    if mode == "silent":
        s.settimeout(float(args[0]))
        if len(args) > 1:
            s.sendall(args[1].encode())
        codes = []
        while True:
            f = lines.next()
            if f is None:
                break
            codes.append(f.get("code") or f.get("reason") or f.get("type"))
        print("codes " + " ".join(codes))
        print("closed after %.1f s" % (time.monotonic() - start))
        return
    if mode == "flood":
        s.sendall(frame(type="login", user=args[0], udp_port=0))
        if lines.until("ok") is None:
            print("login failed")
            sys.exit(1)
        for i in range(int(args[1])):
            s.sendall(frame(type="say", text="f%03d" % i))
        s.settimeout(2)
        codes = []
        while True:
            f = lines.next()
            if f is None:
                break
            if f.get("type") == "error":
                codes.append(f["code"])
        print("flood codes " + " ".join(codes))
        return
    print("unknown mode " + mode)
    sys.exit(2)


if __name__ == "__main__":
    main()
