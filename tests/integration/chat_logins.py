#!/usr/bin/env python3
"""Many logins at once against `sockscope chat server`, for test_chat_parallel_logins.sh:
COUNT clients, client i bound to 127.0.0.(BASE + i) as user PREFIX<i> with password
"pw-PREFIX<i>-secret", each send its frame at the same moment and wait for the answer.
Client i gets a wrong password when i is a multiple of --wrong-every, so the test sees
that every answer reaches the client it belongs to (a right one says ok with the
client's own name, a wrong one login_failed). Client i hangs up right after sending when
i is a multiple of --close-every: its check is still running on the server, whose answer
must then go nowhere (and nothing else break). One thread, select(), one overall deadline:
the run is bounded whatever the server does.

  chat_logins.py HOST PORT COUNT [--register] [--prefix P] [--base N] [--wrong-every K]
                                 [--close-every K] [--deadline SECONDS]

Prints one line: "ok N denied N busy N wrong_answer N missing N closed N elapsed S" (elapsed:
from the first frame sent to the last answer); exits 1 when an answer is missing or
went to the wrong client.
"""
import argparse
import json
import select
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--register", action="store_true")
    ap.add_argument("--prefix", default="p")
    ap.add_argument("--base", type=int, default=10)
    ap.add_argument("--wrong-every", type=int, default=0)
    ap.add_argument("--close-every", type=int, default=0)
    ap.add_argument("--deadline", type=float, default=60)
    a = ap.parse_args()
    if not 0 < a.count <= 200 or a.base + a.count > 254:
        print("count must be 1-200 and base + count at most 254")
        return 2

    socks, users, wrong = [], [], []
    for i in range(1, a.count + 1):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.%d" % (a.base + i), 0))
        s.settimeout(10)
        s.connect((a.host, a.port))
        s.setblocking(False)
        socks.append(s)
        users.append("%s%d" % (a.prefix, i))
        wrong.append(a.wrong_every > 0 and i % a.wrong_every == 0)

    frames = []
    for user, bad in zip(users, wrong):
        password = "wrong-password" if bad else "pw-%s-secret" % user
        kind = "register" if a.register else "login"
        frames.append((json.dumps({"type": kind, "user": user, "password": password,
                                   "udp_port": 0}) + "\n").encode())
    start = time.monotonic()
    for s, f in zip(socks, frames):
        s.sendall(f)  # a few dozen bytes: the socket buffer takes them at once
    closed = []
    for i, s in enumerate(socks, 1):
        if a.close_every > 0 and i % a.close_every == 0:
            s.close()
            closed.append(s)
    socks_open = [s for s in socks if s not in closed]

    answers = {}
    buffers = {s: b"" for s in socks_open}
    index = {s: i for i, s in enumerate(socks)}
    waiting = set(socks_open)
    end_by = start + a.deadline
    last = start
    while waiting and time.monotonic() < end_by:
        ready, _, _ = select.select(list(waiting), [], [], max(0.0, end_by - time.monotonic()))
        for s in ready:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, BlockingIOError):
                data = b""
            buffers[s] += data
            if b"\n" in buffers[s] or not data:
                line = buffers[s].split(b"\n", 1)[0]
                answers[index[s]] = json.loads(line) if line else None
                waiting.discard(s)
                last = time.monotonic()

    counts = {"ok": 0, "denied": 0, "busy": 0, "wrong_answer": 0, "missing": 0, "closed": 0}
    for i, user in enumerate(users):
        f = answers.get(i)
        if socks[i] in closed:
            counts["closed"] += 1
        elif f is None:
            counts["missing"] += 1
        elif f.get("type") == "ok" and f.get("user") == user and not wrong[i]:
            counts["ok"] += 1
        elif f.get("type") == "error" and f.get("code") == "login_failed" and wrong[i]:
            counts["denied"] += 1
        elif f.get("type") == "error" and f.get("code") == "busy":
            counts["busy"] += 1
        else:
            counts["wrong_answer"] += 1
            print("client %s got %r" % (user, f), file=sys.stderr)
    for s in socks_open:
        s.close()
    print(" ".join("%s %d" % kv for kv in counts.items()) + " elapsed %.3f" % (last - start))
    return 1 if counts["missing"] or counts["wrong_answer"] else 0


if __name__ == "__main__":
    sys.exit(main())
