#!/usr/bin/env python3
"""A raw peer for tests/integration/test_chat_legacy.sh: speaks the lab's legacy chat
protocol by hand to see the exact bytes a server sends. Every wait is bounded.

  legacy_raw_peer.py HOST PORT BIND listen NAME SECONDS   send NAME, print each read as repr()
  legacy_raw_peer.py HOST PORT BIND silent SECONDS        send nothing; print when closed
  legacy_raw_peer.py HOST PORT BIND send NAME HEX          send NAME, await the presence
                                                           list, then send the bytes HEX
"""
import socket
import sys
import time


def main():
    host, port, bind, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((bind, 0))
    s.settimeout(5)
    start = time.monotonic()  # before connect(), as in chat_limits_peer.py
    s.connect((host, port))
    if mode == "listen":
        s.sendall(sys.argv[5].encode())
        end = start + float(sys.argv[6])
        while time.monotonic() < end:
            s.settimeout(max(0.05, end - time.monotonic()))
            try:
                data = s.recv(65536)
            except socket.timeout:
                break
            if not data:
                print("EOF", flush=True)
                break
            # As the lab's client decodes it: invalid UTF-8 would raise here.
            print(repr(data.decode("utf-8")), flush=True)
        return
    if mode == "send":
        s.sendall(sys.argv[5].encode())
        # The lab's protocol has no framing: the name is the first read. Send the message
        # only after the server's presence list answered the name, so that a loaded server
        # cannot read both in one recv().
        s.recv(65536)
        s.sendall(bytes.fromhex(sys.argv[6]))
        time.sleep(0.5)
        return
    if mode == "silent":
        s.settimeout(float(sys.argv[5]))
        try:
            data = s.recv(65536)
            while data:
                data = s.recv(65536)
            print("closed after %.1f s" % (time.monotonic() - start))
        except socket.timeout:
            print("still open")
        except ConnectionResetError:
            print("reset after %.1f s" % (time.monotonic() - start))
        return
    print("unknown mode " + mode)
    sys.exit(2)


if __name__ == "__main__":
    main()
