#!/usr/bin/env python3
"""Helper of test_tcp_analysis_vs_tshark.sh.

  traffic PORT      inside the test's private namespace (127.0.0.1 there), while the test
                    drops some segments with iptables; every wait is bounded:
                    PORT    200 kB one way in 1448-byte segments, with losses: SACK blocks,
                            retransmissions, duplicate ACKs, bytes in flight across holes
                    PORT+1  a reader slower than its sender, with a small receive buffer:
                            window full, zero window, window updates
                    PORT+2  small requests and replies with Nagle off: ACK RTTs, PSH byte
                            counts, delayed ACKs
                    PORT+3  a reader that stops for 0.8 s with a full buffer (zero window
                            probes and their ACKs), then an idle connection with TCP
                            keep-alive every 0.5 s (keep-alives and their ACKs)
  values SOCKSCOPE PCAP
                    the values of Wireshark's TCP ACK analysis, frame by frame: tshark's
                    `-T fields -e tcp.analysis.*` against `sockscope read -T json`
                    (acks_frame, ack_rtt, initial_rtt, bytes_in_flight, push_bytes_sent,
                    rto, rto_frame, duplicate_ack_num, duplicate_ack_frame), and the frames
                    that have an analysis at all (`-Y tcp.analysis`)
"""
import json
import subprocess
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def serve_once(port, handler, rcvbuf=None):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    srv.bind((HOST, port))
    srv.listen()
    srv.settimeout(10)

    def run():
        c, _ = srv.accept()
        c.settimeout(10)
        handler(c)
        c.close()
        srv.close()

    t = threading.Thread(target=run)
    t.start()
    return t


def sink(slow):
    def handler(c):
        total = 0
        while True:
            if slow:
                time.sleep(0.01)
            d = c.recv(1024 if slow else 65536)
            if not d:
                break
            total += len(d)
        c.sendall(b"got %d bytes\n" % total)
    return handler


def bulk(port, size, slow=False):
    t = serve_once(port, sink(slow), rcvbuf=4096 if slow else None)
    c = socket.create_connection((HOST, port), timeout=10)
    blob = bytes((i * 7 + i // 251) % 256 for i in range(size))
    c.sendall(blob)
    c.shutdown(socket.SHUT_WR)
    c.recv(100)
    c.close()
    t.join(15)


def chat(port):
    def echo(c):
        while True:
            d = c.recv(4096)
            if not d:
                break
            c.sendall(d.upper())
    t = serve_once(port, echo)
    c = socket.create_connection((HOST, port), timeout=10)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i in range(6):
        c.sendall(b"request %d " % i + b"x" * (40 * i))
        c.recv(4096)
        time.sleep(0.005)
    c.sendall(b"a")
    c.sendall(b"b" * 3000)  # a run of segments, the last with PSH
    got = 0
    while got < 3001:
        got += len(c.recv(65536))
    c.close()
    t.join(15)


def stall(port):
    def handler(c):
        time.sleep(0.8)  # the window closes; the sender probes it
        total = 0
        while True:
            d = c.recv(65536)
            if not d:
                break
            total += len(d)
    t = serve_once(port, handler, rcvbuf=2048)
    c = socket.create_connection((HOST, port), timeout=10)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.sendall(b"z" * 30000)
    time.sleep(2.2)  # idle: keep-alives
    c.close()
    t.join(15)


FIELDS = ["acks_frame", "ack_rtt", "initial_rtt", "bytes_in_flight", "push_bytes_sent", "rto",
          "rto_frame", "duplicate_ack_num", "duplicate_ack_frame"]


def values(binary, pcap):
    cmd = ["tshark", "-n", "-r", pcap, "-T", "fields", "-e", "frame.number"]
    for f in FIELDS:
        cmd += ["-e", "tcp.analysis." + f]
    want = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.splitlines()
    with_tree = subprocess.run(["tshark", "-n", "-r", pcap, "-Y", "tcp.analysis", "-T", "fields",
                                "-e", "frame.number"], capture_output=True, text=True,
                               timeout=60).stdout.split()
    out = subprocess.run([binary, "read", pcap, "-T", "json"], capture_output=True, text=True,
                         timeout=60).stdout
    packets = json.loads(out)
    bad, shown, ours_tree = 0, {f: 0 for f in FIELDS}, []
    for line, p in zip(want, packets):
        cells = line.split("\t")
        an = p.get("tcp", {}).get("analysis")
        if an is not None:
            ours_tree.append(str(p["number"]))
        mine = [str(p["number"])] + [str(an.get(f, "")) if an else "" for f in FIELDS]
        for f, cell in zip(FIELDS, cells[1:]):
            shown[f] += cell != ""
        if cells != mine:
            bad += 1
            if bad <= 10:
                print("DIFF frame %s: tshark %s, sockscope %s" % (cells[0], cells[1:], mine[1:]))
    if len(want) != len(packets):
        bad += 1
        print("DIFF tshark has %d frames, sockscope %d" % (len(want), len(packets)))
    if with_tree != ours_tree:
        bad += 1
        print("DIFF -Y tcp.analysis: only tshark %s, only sockscope %s" %
              (sorted(set(with_tree) - set(ours_tree))[:8], sorted(set(ours_tree) - set(with_tree))[:8]))
    print("%s: %d frames, %d with an analysis; values shown by tshark: %s; %d differ" %
          (pcap.split("/")[-1], len(want), len(with_tree),
           ", ".join("%s %d" % (f, n) for f, n in shown.items()), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "traffic":
        port = int(sys.argv[2])
        bulk(port, 200000)
        bulk(port + 1, 60000, slow=True)
        chat(port + 2)
        stall(port + 3)
    elif sys.argv[1] == "values":
        sys.exit(values(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("unknown mode " + sys.argv[1])
