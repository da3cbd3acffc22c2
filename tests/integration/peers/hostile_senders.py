#!/usr/bin/env python3
"""Communicator senders that hurt a receiver, for test_receiver_hostile.sh. Every mode is
bounded in time. Prints one JSON line with what the senders saw.

  dribble IP PORT SECONDS   one byte every 0.4 s (never a 0.5 s gap) for at most SECONDS,
                            reading for the receipt between bytes; then closes.
  many IP PORT N            N senders that connect, sendall() a message each and wait for
                            the receipt WITHOUT closing (the lab's style), 10 s at most.
  vanish IP PORT            sends a message, then resets the connection (SO_LINGER 0)
                            before any receipt can come back."""
import json, select, socket, struct, sys, time

mode, ip, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
MARKER = b"#<<END>>#"

if mode == "dribble":
    limit = float(sys.argv[4])
    s = socket.create_connection((ip, port), timeout=5)
    start, sent, receipt = time.monotonic(), 0, False
    while time.monotonic() - start < limit and not receipt:
        try:
            s.send(b"d")
            sent += 1
        except OSError:
            break
        r, _, _ = select.select([s], [], [], 0.4)
        if r:
            try:
                data = s.recv(1024)
            except OSError:
                break
            receipt = MARKER in data
            if not data:
                break
    s.close()
    print(json.dumps({"sent": sent, "receipt": receipt,
                      "seconds": round(time.monotonic() - start, 2)}))
elif mode == "many":
    n = int(sys.argv[4])
    socks = []
    for i in range(n):
        s = socket.create_connection((ip, port), timeout=5)
        s.sendall(f"message {i:03d} from a sender that never closes".encode())
        socks.append(s)
    start, got, deadline = time.monotonic(), set(), time.monotonic() + 10
    pending = {s: b"" for s in socks}
    while pending and time.monotonic() < deadline:
        r, _, _ = select.select(list(pending), [], [], 0.2)
        for s in r:
            try:
                data = s.recv(1024)
            except OSError:
                data = b""
            pending[s] += data
            if MARKER in pending[s]:
                got.add(socks.index(s))
            if MARKER in pending[s] or not data:
                del pending[s]
    for s in socks:
        s.close()
    print(json.dumps({"receipts": sorted(got), "count": len(got),
                      "seconds": round(time.monotonic() - start, 2)}))
elif mode == "vanish":
    s = socket.create_connection((ip, port), timeout=5)
    s.sendall(b"a message whose sender vanishes")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print(json.dumps({"sent": True}))
