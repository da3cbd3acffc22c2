#!/usr/bin/env python3
"""Runs `sockscope chat client` on a pseudo-terminal, for test_chat_limits.sh: types a
partial line, lets the test send a room message meanwhile (touches TYPED, waits for
SENT), then checks that the message was printed above and the prompt with the partial
line drawn again after it; then finishes the line and quits. Bounded throughout.

  chat_pty.py DIR SOCKSCOPE ARGS...     writes DIR/pty.out (what the terminal showed)
Prints 'redrawn yes' or 'redrawn no', then 'exit N'.
"""
import os
import pty
import select
import sys
import time


def read_for(fd, seconds, out):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        out.extend(data)
    return True


def main():
    work, argv = sys.argv[1], sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    shown = bytearray()
    read_for(fd, 2.0, shown)  # login, prompt
    os.write(fd, b"partial")
    read_for(fd, 0.5, shown)
    open(os.path.join(work, "TYPED"), "w").close()
    for _ in range(100):
        if os.path.exists(os.path.join(work, "SENT")):
            break
        time.sleep(0.1)
    read_for(fd, 1.5, shown)
    after = bytes(shown)
    i = after.find(b"incoming while typing")
    # The message starts on a wiped line (never glued to "partial"), and the prompt
    # with the partial line comes back after it.
    redrawn = i >= 0 and after.find(b"> partial", i) > i and b"partialtalker" not in after
    print("redrawn " + ("yes" if redrawn else "no"), flush=True)
    os.write(fd, b" done\r")
    read_for(fd, 0.5, shown)
    os.write(fd, b"#quit\r")
    read_for(fd, 2.0, shown)
    status = 0
    for _ in range(50):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = 9 << 8
    with open(os.path.join(work, "pty.out"), "wb") as f:
        f.write(bytes(shown))
    print("exit %d" % os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
