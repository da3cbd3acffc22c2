#!/usr/bin/env python3
"""Helpers for the scan integration tests (not a test itself).

  scan_helpers.py listen TCP_PORTS UDP_PORTS [SECONDS]   listeners on 0.0.0.0 (comma lists),
                                               until killed or SECONDS (default 600) pass
  scan_helpers.py ports FILE.xml               "port/proto state reason" per port, extraports expanded
  scan_helpers.py max-per-second FILE          the most timestamps (first field) in any 1 s window
"""
import socket
import sys
import time
import xml.etree.ElementTree as ET


def listen(tcp_ports, udp_ports, seconds=600):
    socks = []
    for p in tcp_ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", p))
        s.listen(512)
        socks.append(s)
    udp = []
    for p in udp_ports:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("0.0.0.0", p))
        u.setblocking(False)
        udp.append(u)
    print("listening", flush=True)
    import select
    deadline = time.time() + seconds
    while time.time() < deadline:
        r, _, _ = select.select(udp + socks, [], [], 1.0)
        for s in r:
            if s.type == socket.SOCK_DGRAM:
                try:
                    data, peer = s.recvfrom(4096)
                    s.sendto(data or b"\0", peer)
                except OSError:
                    pass
            else:
                try:
                    c, _ = s.accept()
                    c.close()
                except OSError:
                    pass


def expand(spec):
    out = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def ports(path):
    root = ET.parse(path).getroot()
    lines = []
    for host in root.iter("host"):
        for extra in host.iter("extraports"):
            for r in extra.iter("extrareasons"):
                for p in expand(r.get("ports", "")):
                    lines.append(f"{p}/{r.get('proto')} {extra.get('state')} {r.get('reason')}")
        for port in host.iter("port"):
            st = port.find("state")
            lines.append(f"{port.get('portid')}/{port.get('protocol')} {st.get('state')} {st.get('reason')}")
    for line in sorted(lines, key=lambda l: (l.split("/")[1].split()[0], int(l.split("/")[0]))):
        print(line)


def max_per_second(path):
    times = []
    with open(path) as f:
        for line in f:
            try:
                times.append(float(line.split()[0]))
            except (ValueError, IndexError):
                pass
    times.sort()
    best, j = 0, 0
    for i in range(len(times)):
        while times[i] - times[j] >= 1.0:
            j += 1
        best = max(best, i - j + 1)
    print(best)


if __name__ == "__main__":
    if sys.argv[1] == "listen":
        listen([int(p) for p in sys.argv[2].split(",") if p], [int(p) for p in sys.argv[3].split(",") if p],
               int(sys.argv[4]) if len(sys.argv) > 4 else 600)
    elif sys.argv[1] == "ports":
        ports(sys.argv[2])
    elif sys.argv[1] == "max-per-second":
        max_per_second(sys.argv[2])
