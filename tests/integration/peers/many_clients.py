"""N concurrent TCP clients for an upper-case server: all connections open at once, each
sends "client <i> says hello", half-closes, reads to EOF and checks the upper-case
reply. Bounded by a total timeout. Prints one summary line; exit 0 only if every
client got its exact reply.  Usage: many_clients.py HOST PORT N [TIMEOUT_S]"""
import asyncio
import sys

HOST, PORT, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
TIMEOUT = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0


async def client(i, all_connected):
    reader, writer = await asyncio.open_connection(HOST, PORT)
    all_connected.release()
    await all_connected.wait_all()
    message = f"client {i} says hello".encode()
    writer.write(message)
    await writer.drain()
    writer.write_eof()
    reply = await reader.read()  # to EOF
    writer.close()
    await writer.wait_closed()
    return reply == message.upper()


class Barrier:
    """Every client connects before any sends, so all N are open at the same time."""

    def __init__(self, n):
        self.left = n
        self.event = asyncio.Event()

    def release(self):
        self.left -= 1
        if self.left == 0:
            self.event.set()

    async def wait_all(self):
        await self.event.wait()


async def main():
    barrier = Barrier(N)
    tasks = [asyncio.create_task(client(i, barrier)) for i in range(N)]
    done, pending = await asyncio.wait(tasks, timeout=TIMEOUT)
    for task in pending:
        task.cancel()
    ok = sum(1 for t in done if not t.cancelled() and t.exception() is None and t.result())
    errors = {}
    for t in done:
        if t.exception() is not None:
            name = type(t.exception()).__name__
            errors[name] = errors.get(name, 0) + 1
    print(f"{ok} of {N} clients got their upper-case reply"
          + (f"; {len(pending)} timed out" if pending else "")
          + (f"; errors: {errors}" if errors else ""))
    return 0 if ok == N else 1


sys.exit(asyncio.run(main()))
