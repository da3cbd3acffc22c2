#!/usr/bin/env python3
"""A DHCP client for test_dhcp_vs_tshark.sh, crafted with an AF_PACKET socket (no DHCP
client is installed): DISCOVER -> OFFER, REQUEST -> ACK, INFORM -> ACK, an INIT-REBOOT
REQUEST for an address of another network -> NAK, DECLINE, RELEASE, and a BOOTP request
without a message type -> Boot Reply (dnsmasq --bootp-dynamic). Every wait is bounded.
Usage: dhcp_client.py IFACE CLIENT_IP. Prints one line per exchange; exit 1 if a reply
is missing."""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
from make_pcaps import csum  # noqa: E402  (the one Internet checksum of the tests)

IFACE, CLIENT_IP = sys.argv[1], socket.inet_aton(sys.argv[2])
MAC = bytes.fromhex(open("/sys/class/net/%s/address" % IFACE).read().strip().replace(":", ""))
COOKIE = bytes([99, 130, 83, 99])
NAMES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK", 6: "NAK",
         7: "RELEASE", 8: "INFORM"}


def message(xid, opts, ciaddr=b"\0" * 4, flags=0, secs=0, cookie=True):
    b = struct.pack("!BBBBIHH4s4s4s4s", 1, 1, 6, 0, xid, secs, flags, ciaddr,
                    b"\0" * 4, b"\0" * 4, b"\0" * 4)
    b += MAC + b"\0" * 10 + b"\0" * 192
    if cookie:
        b += COOKIE + opts + b"\xff"
    else:
        b += b"\0" * 64
    return b


def frame(payload, src_ip=b"\0" * 4):
    udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
    pseudo = src_ip + b"\xff" * 4 + struct.pack("!BBH", 0, 17, len(udp))
    udp = udp[:6] + struct.pack("!H", csum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0x10, 20 + len(udp), 0, 0, 64, 17, 0, src_ip,
                     b"\xff" * 4)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\xff" * 6 + MAC + b"\x08\x00" + ip + udp


def opt(code, value):
    return bytes([code, len(value)]) + value


def type_opt(t):
    return opt(53, bytes([t]))


sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
sock.bind((IFACE, 0))


def reply(xid, timeout=4.0):
    """The server's answer to `xid`: (message type or None for BOOTP, yiaddr, options)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            break
        if len(data) < 14 + 20 + 8 + 240 or data[23] != 17:
            continue
        ihl = (data[14] & 0xF) * 4
        sport, dport = struct.unpack("!HH", data[14 + ihl:18 + ihl])
        m = data[14 + ihl + 8:]
        if sport != 67 or dport != 68 or m[0] != 2 or struct.unpack("!I", m[4:8])[0] != xid:
            continue
        opts, pos, mtype = {}, 240, None
        while pos + 1 < len(m) and m[pos] != 255:
            if m[pos] == 0:
                pos += 1
                continue
            opts[m[pos]] = m[pos + 2:pos + 2 + m[pos + 1]]
            pos += 2 + m[pos + 1]
        if 53 in opts:
            mtype = opts[53][0]
        return mtype, m[16:20], opts
    return None


def exchange(label, xid, payload, want, src_ip=b"\0" * 4):
    sock.send(frame(payload, src_ip))
    if want is None:
        print(label, "sent")
        return None
    r = reply(xid)
    if r is None or r[0] != want:
        print(label, "-> no %s (got %r)" % (NAMES.get(want, want), r))
        sys.exit(1)
    print(label, "->", NAMES.get(r[0], "BOOTP reply"), socket.inet_ntoa(r[1]))
    return r


params = opt(55, bytes([1, 3, 6, 15, 28, 51, 58, 59]))
client_id = opt(61, b"\x01" + MAC)
hostname = opt(12, b"sockscope-client")
fqdn = opt(81, b"\x01\x00\x00sockscope-client.example")  # RFC 4702, ASCII name
vendor = opt(60, b"sockscope-test")
_, offered, offer_opts = exchange(
    "DISCOVER", 0x5C0C0001,
    message(0x5C0C0001, type_opt(1) + client_id + hostname + params + fqdn + vendor +
            opt(50, socket.inet_aton("192.0.2.120")), flags=0x8000), 2)
server = offer_opts[54]
exchange("REQUEST", 0x5C0C0002,
         message(0x5C0C0002, type_opt(3) + client_id + hostname + params + fqdn + opt(50, offered) +
                 opt(54, server) + opt(57, struct.pack("!H", 1500)), flags=0x8000, secs=3), 5)
exchange("INFORM", 0x5C0C0003,
         message(0x5C0C0003, type_opt(8) + client_id + params, ciaddr=CLIENT_IP), 5, CLIENT_IP)
exchange("REQUEST (INIT-REBOOT, another network)", 0x5C0C0004,
         message(0x5C0C0004, type_opt(3) + client_id + opt(50, socket.inet_aton("198.51.100.7")),
                 flags=0x8000), 6)
exchange("DECLINE", 0x5C0C0005,
         message(0x5C0C0005, type_opt(4) + client_id + opt(50, socket.inet_aton("192.0.2.121")) +
                 opt(54, server)), None)
exchange("RELEASE", 0x5C0C0006,
         message(0x5C0C0006, type_opt(7) + client_id + opt(54, server), ciaddr=offered), None,
         offered)
exchange("BOOTP request", 0x5C0C0007, message(0x5C0C0007, b"", cookie=False), None)
r = reply(0x5C0C0007)
print("BOOTP reply", "->", "none" if r is None else socket.inet_ntoa(r[1]))
