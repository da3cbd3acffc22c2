#!/usr/bin/env python3
"""Test peer for the scan tests (not a test itself): answers the probes it sees with
forged ICMP / ICMPv6 errors whose quotes are altered, to check what a scanner accepts.

  icmp_forger.py IFACE RULE... [--seconds S]
      RULE is PROTO:FIRST-LAST:MODE, PROTO tcp or udp, MODE one of
        faithful     quote the probe as it is
        other-source quote it with its source address replaced (someone else's probe
                     to the same address and port: 192.0.2.99 or 2001:db8::99)
        ext-headers  IPv6 only: quote it with hop-by-hop, destination options and an
                     offset-0 fragment header inserted before its TCP/UDP header
      Errors: UDP gets port unreachable (ICMP 3/3, ICMPv6 1/4), TCP administratively
      prohibited (ICMP 3/13, ICMPv6 1/1), sent from the probed address (our own, in this
      namespace) to the prober. Probes are read from an AF_PACKET socket on IFACE, so
      they are seen before the firewall that keeps this host's kernel from answering
      them. Prints "ready" once listening and "forged N" per answer; runs at most S
      seconds (default 120).
"""
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
OTHER_V4 = socket.inet_pton(socket.AF_INET, "192.0.2.99")
OTHER_V6 = socket.inet_pton(socket.AF_INET6, "2001:db8::99")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def parse_rules(args):
    rules = []
    for a in args:
        proto, ports, mode = a.split(":")
        first, _, last = ports.partition("-")
        rules.append((proto, int(first), int(last or first), mode))
    return rules


def rule_for(rules, proto, port):
    for p, first, last, mode in rules:
        if p == proto and first <= port <= last:
            return mode
    return None


def forge_v4(pkt, mode, tcp):
    ihl = (pkt[0] & 0x0F) * 4
    quote = bytearray(pkt[: ihl + 8])  # the IP header and 8 bytes, as RFC 792 asks
    if mode == "other-source":
        quote[12:16] = OTHER_V4
        quote[10:12] = b"\0\0"
        quote[10:12] = struct.pack("!H", checksum(bytes(quote[:ihl])))
    code = 13 if tcp else 3
    icmp = bytearray(struct.pack("!BBHI", 3, code, 0, 0) + bytes(quote))
    icmp[2:4] = struct.pack("!H", checksum(bytes(icmp)))
    return bytes(icmp), socket.inet_ntop(socket.AF_INET, pkt[12:16]), socket.inet_ntop(socket.AF_INET, pkt[16:20])


def forge_v6(pkt, mode, tcp):
    quote = bytearray(pkt[:1232])  # as much as fits the minimum MTU, as Linux quotes
    if mode == "other-source":
        quote[8:24] = OTHER_V6
    elif mode == "ext-headers":
        upper = quote[6]
        hop_by_hop = bytes([60, 0, 1, 4, 0, 0, 0, 0])  # -> destination options, PadN
        dest_opts = bytes([44, 1, 1, 12]) + bytes(12)  # 16 bytes -> fragment
        fragment = struct.pack("!BBHI", upper, 0, 0x0001, 0x5EED)  # offset 0, more follow
        quote = quote[:40] + hop_by_hop + dest_opts + fragment + quote[40:]
        quote[6] = 0  # the first extension header: hop-by-hop
        struct.pack_into("!H", quote, 4, len(quote) - 40)
    code = 1 if tcp else 4
    # The kernel fills the ICMPv6 checksum of a raw ICMPv6 socket.
    icmp = struct.pack("!BBHI", 1, code, 0, 0) + bytes(quote[:1232 - 48])
    return icmp, socket.inet_ntop(socket.AF_INET6, pkt[8:24]), socket.inet_ntop(socket.AF_INET6, pkt[24:40])


def main():
    args = sys.argv[1:]
    seconds = 120
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = int(args[i + 1])
        del args[i : i + 2]
    iface, rules = args[0], parse_rules(args[1:])
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
    sniff.bind((iface, 0))
    sniff.settimeout(0.5)
    out4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    out6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    print("ready", flush=True)
    forged = 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            pkt, addr = sniff.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == PACKET_OUTGOING or not pkt:
            continue
        version = pkt[0] >> 4
        if version == 4 and len(pkt) >= 28:
            proto, l4 = pkt[9], (pkt[0] & 0x0F) * 4
        elif version == 6 and len(pkt) >= 48:
            proto, l4 = pkt[6], 40  # the probes carry no extension headers
        else:
            continue
        if proto not in (6, 17) or len(pkt) < l4 + 8:
            continue
        tcp = proto == 6
        if tcp and not pkt[l4 + 13] & 0x02:  # SYNs only, not the prober's RSTs
            continue
        port = struct.unpack("!H", pkt[l4 + 2 : l4 + 4])[0]
        mode = rule_for(rules, "tcp" if tcp else "udp", port)
        if mode is None or (mode == "ext-headers" and version != 6):
            continue
        if version == 4:
            icmp, prober, _ = forge_v4(pkt, mode, tcp)
            out4.sendto(icmp, (prober, 0))
        else:
            icmp, prober, _ = forge_v6(pkt, mode, tcp)
            out6.sendto(icmp, (prober, 0))
        forged += 1
        print(f"forged {forged} {mode} {'tcp' if tcp else 'udp'}/{port}", flush=True)


if __name__ == "__main__":
    main()
