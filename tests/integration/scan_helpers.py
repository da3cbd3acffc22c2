#!/usr/bin/env python3
"""Helpers for the scan integration tests (not a test itself).

  scan_helpers.py listen TCP_PORTS UDP_PORTS [--ttl N] [--seconds S]
        listeners on 0.0.0.0 and :: (comma lists; :: where the kernel has IPv6), until
        killed or S seconds (default 600) pass; --ttl: UDP answers leave with this TTL /
        hop limit
  scan_helpers.py ports FILE [--ttl] [--ip]
        "port/proto state reason" per port, extraports expanded; --ttl adds reason_ttl
        ("-" for collapsed extraports, which carry none). FILE: nmap XML, or our -oJ
        JSON (every port; a null ttl prints 0, as the XML writes it); --ip adds
        reason_ip, the ICMP error's sender when not the target ("-" when absent)
  scan_helpers.py max-per-second FILE          the most timestamps (first field) in any 1 s window
"""
import socket
import sys
import time
import xml.etree.ElementTree as ET


def udp_socket(family, addr, port, ttl):
    u = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        if ttl is not None:
            u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, ttl)
    elif ttl is not None:
        u.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    u.bind((addr, port))
    u.setblocking(False)
    return u


def listen(tcp_ports, udp_ports, ttl=None, seconds=600):
    socks = []
    for p in tcp_ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", p))
        s.listen(512)
        socks.append(s)
    udp = []
    for p in udp_ports:
        udp.append(udp_socket(socket.AF_INET, "0.0.0.0", p, ttl))
    # The same ports on IPv6 too (v6only, beside the IPv4 sockets), where the kernel has it.
    try:
        for p in tcp_ports:
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("::", p))
            s.listen(512)
            socks.append(s)
        for p in udp_ports:
            udp.append(udp_socket(socket.AF_INET6, "::", p, ttl))
    except OSError as e:
        print(f"no IPv6 listeners: {e}", file=sys.stderr, flush=True)
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


def ports(path, with_ttl=False, with_ip=False):
    lines = []
    if path.endswith(".json"):
        import json
        with open(path) as f:
            doc = json.load(f)
        for host in doc["hosts"]:
            for r in host["results"]:
                line = f"{r['port']}/{r['proto']} {r['state']} {r['reason']}"
                if with_ttl:
                    line += f" {r['ttl'] if r['ttl'] is not None else 0}"
                if with_ip:
                    line += f" {r.get('reason_ip', '-')}"
                lines.append(line)
    else:
        root = ET.parse(path).getroot()
        for host in root.iter("host"):
            for extra in host.iter("extraports"):
                for r in extra.iter("extrareasons"):
                    for p in expand(r.get("ports", "")):
                        line = f"{p}/{r.get('proto')} {extra.get('state')} {r.get('reason')}"
                        lines.append(line + (" -" if with_ttl else "") + (" -" if with_ip else ""))
            for port in host.iter("port"):
                st = port.find("state")
                line = f"{port.get('portid')}/{port.get('protocol')} {st.get('state')} {st.get('reason')}"
                if with_ttl:
                    line += f" {st.get('reason_ttl')}"
                if with_ip:
                    line += f" {st.get('reason_ip', '-')}"
                lines.append(line)
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
    args = sys.argv[1:]
    if args[0] == "listen":
        ttl = int(args[args.index("--ttl") + 1]) if "--ttl" in args else None
        seconds = int(args[args.index("--seconds") + 1]) if "--seconds" in args else 600
        listen([int(p) for p in args[1].split(",") if p], [int(p) for p in args[2].split(",") if p],
               ttl, seconds)
    elif args[0] == "ports":
        ports(args[1], "--ttl" in args, "--ip" in args)
    elif args[0] == "max-per-second":
        max_per_second(args[1])
