#!/usr/bin/env python3
"""Helper of test_filter_vs_tshark.sh.

  server            in the server namespace: a UDP echo on 7777 (v4 and v6) and an HTTP
                    server on 8080; runs until killed
  client            in the client namespace: the traffic the filter corpus is about
                    (see the function) - only to 192.0.2.2 / 2001:db8::2, our own peer
  retime IN OUT     copies a pcap, giving frame i the timestamp 1,000,000 + i + 0.5 s:
                    whole-second gaps, so that a time filter of the corpus means the
                    same on every run of the live capture
  compare SOCKSCOPE PCAP CORPUS [single]
                    runs every filter of CORPUS through tshark and sockscope and
                    compares the frame-number sets (and whether both reject it);
                    `single`: one tshark -Y run per filter (slow; for checking the
                    fast path)
  compare_each SOCKSCOPE PCAP OUTDIR CORPUS...
                    compare for each CORPUS, in one tshark pass over PCAP for all of
                    them; OUTDIR/<corpus file name> has what compare prints for it
  batch_vs_single SOCKSCOPE PCAP CORPUS
                    every filter answered by one `read --filter-list` exactly as by a
                    `read -Y` of its own (the comparisons above use the former)
  protocols SOCKSCOPE PCAP...
                    frame.protocols, frame for frame, against tshark's
  everywhere SOCKSCOPE KNOWN CORPUS... -- PCAP...
                    the union of every CORPUS on every PCAP: each corpus was written for
                    its own capture, and run on the others it finds what nobody thought
                    of. The silent differences (no sockscope warning) must be exactly the
                    lines of KNOWN, the differences not yet mended: a new one fails, and
                    so does a known one that went away (KNOWN is then rewritten to
                    KNOWN.now, to be committed)

The corpus: one filter per line; blank lines and lines starting with '#' are skipped;
"!reject F": tshark refuses F; "!single F": F runs in a tshark -Y of its own.
tshark is slow to start (~0.5 s), so the filters are evaluated in one tshark pass
(filters_in_one_pass.lua: a listener per filter, on the capture's own times). A listener
counts every frame as displayed, so filters with frame.time_delta_displayed (under -Y, the
time since the previous frame the filter let through) run one tshark -Y each. So does every
filter where the pass and sockscope disagree: tshark -Y alone has the last word (a tap reads
a few filters differently from -Y: `gre == 00:00:12:34` matches nothing there).
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time


def server():
    import http.server

    def echo(family, addr):
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.bind((addr, 7777))
        while True:
            data, peer = s.recvfrom(65535)
            s.sendto(data[:64].upper(), peer)

    threading.Thread(target=echo, args=(socket.AF_INET, "192.0.2.2"), daemon=True).start()
    threading.Thread(target=echo, args=(socket.AF_INET6, "2001:db8::2"), daemon=True).start()

    def dns():  # answers every query with two A records (the name "many": fifteen)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("192.0.2.2", 53))
        while True:
            q, peer = s.recvfrom(512)
            end = q.index(b"\0", 12) + 5
            hosts = range(100, 115) if b"\x04many" in q else (80, 81)
            answer = b"".join(b"\xc0\x0c\0\x01\0\x01\0\0\x0e\x10\0\x04" + bytes([192, 0, 2, n])
                              for n in hosts)
            s.sendto(q[:2] + b"\x81\x80\0\x01" + struct.pack("!H", len(hosts)) + b"\0\0\0\0" +
                     q[12:end] + answer, peer)

    threading.Thread(target=dns, daemon=True).start()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            reply = b"got " + str(len(body)).encode() + b" bytes\n"
            self.send_response(201)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    # GRE arrives at raw sockets, so the kernel (which may have no GRE module) does not
    # answer it with ICMP protocol unreachable.
    gre_sinks = [socket.socket(socket.AF_INET, socket.SOCK_RAW, 47),  # noqa: F841
                 socket.socket(socket.AF_INET6, socket.SOCK_RAW, 47)]
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    http.server.ThreadingHTTPServer(("192.0.2.2", 8080), Handler).serve_forever()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def inner_ipv4(src, dst, proto, payload, ident=0x1234):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    h = h[:10] + struct.pack("!H", checksum(h)) + h[12:]
    return h + payload


def udp_header(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def inner_ipv6(src, dst, nxt, payload):
    return (struct.pack("!IHBB", 6 << 28, len(payload), nxt, 64) +
            socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst) +
            payload)


def gre(flags, proto, payload, key=None, seq=None, ack=None, with_checksum=False):
    """A GRE header (RFC 2784/2890, PPTP's version 1) and its payload."""
    opt = b""
    if key is not None:
        opt += struct.pack("!I", key)
    if seq is not None:
        opt += struct.pack("!I", seq)
    if ack is not None:
        opt += struct.pack("!I", ack)
    if with_checksum:
        body = struct.pack("!HH", flags, proto) + b"\0\0\0\0" + opt + payload
        return body[:4] + struct.pack("!HH", checksum(body), 0) + body[8:]
    return struct.pack("!HH", flags, proto) + opt + payload


def tcp_syn(sport, dport, options):
    options += b"\0" * (-len(options) % 4)
    return struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, (20 + len(options)) << 2, 0x02,
                       64240, 0, 0) + options


def gre_traffic():
    """Crafted GRE (this kernel may have no GRE module): IPv4, IPv6, bridged Ethernet and
    unknown payloads, key/sequence/checksum, a PPTP acknowledgment, GRE over IPv6."""
    g4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
    g6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 47)
    peer4, peer6 = ("192.0.2.2", 0), ("2001:db8::2", 0)
    g4.sendto(gre(0, 0x0800, inner_ipv4("10.20.0.1", "10.20.0.2", 17,
                                        udp_header(5000, 5001, b"udp over gre"))), peer4)
    echo = b"\0\x09\0\x01gre ping"
    echo = b"\x08\0" + struct.pack("!H", checksum(b"\x08\0\0\0" + echo)) + echo
    g4.sendto(gre(0x3000, 0x0800, inner_ipv4("10.20.0.1", "10.20.0.3", 1, echo),
                  key=123456, seq=7), peer4)
    g4.sendto(gre(0x8000, 0x86dd, inner_ipv6("2001:db8:20::1", "2001:db8:20::2", 17,
                                             udp_header(5002, 5003, b"v6 in gre")),
                  with_checksum=True), peer4)
    # A SYN with 37 options (MSS and 36 NOPs): more values than a small fixed array holds.
    g4.sendto(gre(0x2000, 0x0800, inner_ipv4("10.20.0.1", "10.20.0.2", 6,
                                             tcp_syn(40000, 80, b"\x02\x04\x05\xb4" + b"\x01" * 36)),
                  key=5), peer4)
    g4.sendto(gre(0, 0x1234, b"opaque payload"), peer4)
    # PPTP's enhanced GRE (version 1): an acknowledgment alone, no sequence number and no
    # PPP payload (so no ppp layer; tests/data/gre_ppp.pcap has PPP).
    g4.sendto(gre(0x2081, 0x880b, b"", key=0x55, ack=3), peer4)
    # Ethernet bridged over GRE (gretap): plain, and with a VLAN tag inside.
    frame = bytes.fromhex("0200000000bb0200000000aa0800") + inner_ipv4(
        "10.30.0.1", "10.30.0.2", 17, udp_header(6000, 6001, b"bridged"))
    g4.sendto(gre(0, 0x6558, frame), peer4)
    frame = bytes.fromhex("0200000000bb0200000000aa810000050800") + inner_ipv4(
        "10.30.0.1", "10.30.0.9", 17, udp_header(6000, 6002, b"bridged, tagged"))
    g4.sendto(gre(0x2000, 0x6558, frame, key=77), peer4)
    # An ICMP error quoting a GRE packet (as a router without GRE would send it back),
    # forged: tshark dissects the quoted GRE header and the IP inside it.
    quoted = inner_ipv4("192.0.2.2", "192.0.2.1", 47, gre(0x2000, 0x0800, inner_ipv4(
        "10.20.0.2", "10.20.0.1", 17, udp_header(5001, 5000, b"quoted")), key=4242))
    body = b"\x03\x02\0\0\0\0\0\0" + quoted
    body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    e4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    e4.sendto(body, peer4)
    g6.sendto(gre(0x1000, 0x0800, inner_ipv4("10.20.0.9", "10.20.0.2", 17,
                                             udp_header(5000, 5001, b"gre over v6")), seq=99),
              peer6)


def http_client(pieces, gap=0.05):
    """Sends one request in several TCP segments (TCP_NODELAY, a pause between)."""
    c = socket.create_connection(("192.0.2.2", 8080), timeout=5)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for piece in pieces:
        c.sendall(piece)
        time.sleep(gap)
    data = b""
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        data += chunk
    c.close()
    return data


def client():
    v4 = ("192.0.2.2", 7777)
    v6 = ("2001:db8::2", 7777)
    u4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u4.settimeout(2)
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u6.settimeout(2)
    for i in range(3):
        u4.sendto(b"hello %d green" % i, v4)
        u4.recv(100)
        u6.sendto(b"hello6 %d" % i, v6)
        u6.recv(100)
    # DNS: a query for an A record and its answer.
    for name in (b"example", b"lab", b"many"):
        u4.sendto(b"\xab\xcd\x01\0\0\x01\0\0\0\0\0\0" + bytes([len(name)]) + name +
                  b"\x03com\0\0\x01\0\x01", ("192.0.2.2", 53))
        u4.recv(512)
    # Fragmented datagrams (the veth MTU is 1500): the upper layer shows on the last piece.
    u4.sendto(b"F" * 4000, v4)
    u4.recv(100)
    u6.sendto(b"G" * 3500, v6)
    u6.recv(100)
    # ICMP errors quoting our UDP: port unreachable (v4 and v6), to a closed port.
    u4.sendto(b"nobody home", ("192.0.2.2", 9))
    u6.sendto(b"nobody home6", ("2001:db8::2", 9))
    time.sleep(0.1)
    # Tunnels, crafted (this kernel may have no ipip/sit module): IPv4-in-IPv4 carrying
    # UDP, IPv6-in-IPv4 carrying UDP, GRE-less. The peer has no tunnel, so it answers
    # the IPv4-in-IPv4 ones with ICMP protocol unreachable, which quotes them in turn.
    r4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
    r4.sendto(inner_ipv4("10.9.0.1", "10.9.0.2", 17, udp_header(4444, 5060, b"sip over ipip")),
              ("192.0.2.2", 0))
    r4.sendto(inner_ipv4("10.9.0.1", "10.9.0.3", 1,
                         b"\x08\x00" + struct.pack("!H", checksum(b"\x08\0\0\0\0\x07\0\x01")) +
                         b"\0\x07\0\x01"), ("192.0.2.2", 0))
    r41 = socket.socket(socket.AF_INET, socket.SOCK_RAW, 41)
    r41.sendto(inner_ipv6("2001:db8:9::1", "2001:db8:9::2", 17,
                          udp_header(4445, 53, b"\x12\x34\x01\x00\x00\x01\0\0\0\0\0\0")),
               ("192.0.2.2", 0))
    time.sleep(0.1)
    # HTTP: a request in three segments, a POST whose body follows its headers, a GET
    # in one segment with its own User-Agent.
    http_client([b"GET /filter_vs_tshark.py HTTP/1.1\r\n",
                 b"Host: 192.0.2.2:8080\r\nUser-Agent: lab-client/1.0\r\n",
                 b"Connection: close\r\n\r\n"])
    http_client([b"POST /upload HTTP/1.1\r\nHost: 192.0.2.2:8080\r\nContent-Length: 11\r\n"
                 b"Connection: close\r\n\r\n", b"hello", b" world"])
    http_client([b"GET /missing HTTP/1.0\r\nUser-Agent: curl/7.88\r\nHost: 192.0.2.2\r\n\r\n"])
    time.sleep(0.2)
    # ICMP echo to the peer's kernel (v4 and v6): tshark links each reply to its request
    # (icmp.resp_to, icmp.resptime, "(request in N)").
    e4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    e4.settimeout(2)
    e6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    e6.settimeout(2)
    for seq in (1, 2):
        body = struct.pack("!HH", 0x77, seq) + b"ping data %d" % seq
        e4.sendto(b"\x08\x00" + struct.pack("!H", checksum(b"\x08\x00\0\0" + body)) + body,
                  ("192.0.2.2", 0))
        e6.sendto(b"\x80\x00\0\0" + struct.pack("!HH", 0x66, seq) + b"ping6 %d" % seq,
                  ("2001:db8::2", 0))
        for sock in (e4, e6):
            for _ in range(5):  # other ICMP (neighbour discovery) may come first
                try:
                    data = sock.recv(300)
                except socket.timeout:
                    break
                if (sock is e6 and data[0] == 129) or (sock is e4 and data[20] == 0):
                    break
    time.sleep(0.2)
    gre_traffic()
    time.sleep(0.2)


def retime(src, dst):
    data = open(src, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit("retime: not a little-endian pcap: " + src)
    out = bytearray(data[:24])
    pos, i = 24, 0
    while pos + 16 <= len(data):
        _, _, incl, orig = struct.unpack("<IIII", data[pos:pos + 16])
        frac = 500000 if magic == 0xA1B2C3D4 else 500000000
        out += struct.pack("<IIII", 1_000_000 + i, frac, incl, orig)
        out += data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        i += 1
    open(dst, "wb").write(out)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def tshark_single(pcap, f):
    rc, out, err = run(["tshark", "-n", "-r", pcap, "-Y", f, "-T", "fields", "-e", "frame.number"])
    if rc != 0 and "appears to have been cut short" not in err:
        return None
    return {int(x) for x in out.split()}


def tshark_batch(pcap, filters, seen_frames=None):
    """{filter: set of frames, or None where tshark refuses it}: all in one tshark pass.
    seen_frames, a set, gets the frames the pass saw at all (taps never see some)."""
    if not filters:
        return {}
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        listed, result = os.path.join(tmp, "filters"), os.path.join(tmp, "result")
        seen = os.path.join(tmp, "seen")
        with open(listed, "w", encoding="utf-8") as f:
            f.write("".join(x + "\n" for x in filters))
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filters_in_one_pass.lua")
        env = dict(os.environ, FILTERS_FILE=listed, RESULT_FILE=result, SEEN_FILE=seen)
        p = subprocess.run(["tshark", "-q", "-n", "-r", pcap, "-X", "lua_script:" + script],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=400, env=env)
        # (a capture cut short makes tshark exit 2 after reading what it could: the
        # listeners have still answered for those frames)
        if not os.path.exists(result):
            sys.exit("tshark with %s failed: %s" % (script, p.stderr.decode(errors="replace")))
        lines = open(result, encoding="utf-8").read().splitlines()
        if seen_frames is not None:
            seen_frames.update(int(x) for x in open(seen, encoding="utf-8").read().split())
    if len(lines) != len(filters):
        sys.exit("%s answered %d of %d filters" % (script, len(lines), len(filters)))
    return {f: None if line == "R" else {int(x) for x in line.split()[1:]}
            for f, line in zip(filters, lines)}


def sockscope(binary, pcap, f):
    """(frames, "") as `read -Y f` selects them, or (None, why) when it refuses f."""
    rc, out, err = run([binary, "read", pcap, "-Y", f])
    if rc != 0:
        return None, err.strip().splitlines()[0] if err.strip() else "rc %d" % rc
    return {int(line.split()[0]) for line in out.splitlines() if line.strip()}, ""


def sockscope_batch(binary, pcap, filters):
    """{filter: (frames or None, why or warning)}: every filter in one `read --filter-list`
    process (a process per filter costs this helper most of its time)."""
    if not filters:
        return {}
    import tempfile
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".filters") as listed:
        listed.write("".join(f + "\n" for f in filters))
        listed.flush()
        p = subprocess.run([binary, "read", pcap, "--filter-list", listed.name],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    lines = p.stdout.decode(errors="replace").splitlines()
    if len(lines) != len(filters):
        sys.exit("read --filter-list answered %d of %d filters: %s" %
                 (len(lines), len(filters), p.stderr.decode(errors="replace")[-500:]))
    answers = {}
    for f, line in zip(filters, lines):
        count, frames, warning, _ = line.split("\t", 3)
        if count == "refused":
            answers[f] = None, frames
        else:
            got = {int(x) for x in frames.split()}
            if len(got) != int(count):
                sys.exit("read --filter-list: %s frames listed for %s, count %s" %
                         (len(got), f, count))
            answers[f] = got, warning
    return answers


def read_corpus(corpus):
    """(filters, the filters marked !single) of a corpus file; !reject ones come last."""
    filters, rejects, alone = [], [], []
    for line in open(corpus, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("!reject "):
            rejects.append(line[len("!reject "):])
        elif line.startswith("!single "):
            alone.append(line[len("!single "):])
            filters.append(alone[-1])
        else:
            filters.append(line)
    return filters + rejects, alone


def answers(binary, pcap, filters, alone, single=False):
    """(tshark's answer, sockscope's (answer, why)) for every filter, as dicts."""
    # A listener sees every frame as displayed, so frame.time_delta_displayed runs alone.
    batch = [] if single else [f for f in filters if "displayed" not in f and f not in alone]
    # The tshark pass, the tshark -Y runs of the filters it leaves out and sockscope's side
    # do not depend on each other: they run at once (the test has two of ctest's slots).
    # The pass alone can take most of the time: `frame matches "(.*)*$"` of the corpus
    # costs tshark 11 s of backtracking on the live capture, while the rest of the corpus
    # takes it under a second.
    from concurrent.futures import ThreadPoolExecutor
    known_alone = [f for f in filters if f not in batch]
    with ThreadPoolExecutor(1) as one, ThreadPoolExecutor(2) as pool:
        pending = one.submit(tshark_batch, pcap, batch)
        singles = pool.map(lambda f: tshark_single(pcap, f), known_alone)
        ours = ({f: sockscope(binary, pcap, f) for f in filters} if single
                else sockscope_batch(binary, pcap, filters))
        expected = dict(zip(known_alone, singles))
        expected.update(pending.result())
    # The one pass is only a faster tshark -Y: a filter run alone through tshark -Y has the
    # last word wherever the pass and sockscope disagree (a tap reads a few filters
    # differently, such as comparisons of whole protocols or of their slices).
    alone = [f for f in batch if expected[f] != ours[f][0]]
    with ThreadPoolExecutor(2) as pool:
        for f, result in zip(alone, pool.map(lambda f: tshark_single(pcap, f), alone)):
            expected[f] = result
    return expected, ours


def report(filters, expected, ours, out=sys.stdout):
    """Prints a DIFF line per filter where tshark and sockscope differ, then the counts;
    returns how many differ."""
    bad = 0
    for f in filters:
        want = expected[f]
        got, why = ours[f]
        if want == got:
            continue
        bad += 1
        if want is None:
            print("DIFF %-50s tshark rejects, sockscope selects %d frames" % (f, len(got)), file=out)
        elif got is None:
            print("DIFF %-50s tshark selects %d frames, sockscope rejects: %s" % (f, len(want), why),
                  file=out)
        else:
            print("DIFF %-50s only tshark: %s only sockscope: %s" %
                  (f, sorted(want - got)[:8], sorted(got - want)[:8]), file=out)
    print("%d filters, %d agree, %d differ" % (len(filters), len(filters) - bad, bad), file=out)
    return bad


def compare(binary, pcap, corpus, single=False):
    filters, alone = read_corpus(corpus)
    expected, ours = answers(binary, pcap, filters, alone, single)
    return 1 if report(filters, expected, ours) else 0


def compare_each(binary, pcap, outdir, corpora):
    """compare for several corpora on one capture, with one tshark pass and one
    `read --filter-list` for all of them (each run costs tshark ~0.8 s just to start):
    OUTDIR/NAME has what `compare PCAP NAME` prints. Exit status 1 if any differs."""
    read = [(corpus,) + read_corpus(corpus) for corpus in corpora]
    union, alone = [], set()
    for _, filters, single in read:
        union += filters
        alone.update(single)
    union = list(dict.fromkeys(union))
    expected, ours = answers(binary, pcap, union, alone)
    bad = 0
    for corpus, filters, _ in read:
        with open(os.path.join(outdir, os.path.basename(corpus)), "w", encoding="utf-8") as out:
            bad += report(filters, expected, ours, out)
    return 1 if bad else 0


def batch_vs_single(binary, pcap, corpus):
    """`read --filter-list` must answer every filter of CORPUS as `read -Y` alone does
    (frames, refusal, warning), so that the comparisons may use it."""
    filters = [line[len("!reject "):] if line.startswith("!reject ") else
               line[len("!single "):] if line.startswith("!single ") else line
               for line in open(corpus, encoding="utf-8").read().splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    batch = sockscope_batch(binary, pcap, filters)

    def single(f):
        rc, out, err = run([binary, "read", pcap, "-Y", f])
        return ((None, err.splitlines()[0].replace("sockscope: error: ", "") if err else "")
                if rc != 0 else
                ({int(x.split()[0]) for x in out.splitlines() if x.strip()},
                 err.strip().replace("sockscope: warning: ", "")))

    # A process per filter (600 of them, 40 ms each, mostly the dynamic linker): two at a
    # time, as the test has two of ctest's slots.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(single, filters))
    bad = 0
    for f, alone in zip(filters, answers):
        if alone != batch[f]:
            bad += 1
            print("DIFF %-50s alone: %r batch: %r" % (f, alone, batch[f]))
    print("%d filters, %d answered alike alone and in one --filter-list" % (len(filters),
                                                                              len(filters) - bad))
    return 1 if bad else 0


def protocols(binary, pcaps):
    """frame.protocols frame for frame: for every string tshark gives some frames, the
    frames `frame.protocols == "S"` selects in sockscope must be exactly those (the
    strings partition the frames, so every frame's string is compared)."""
    bad = total = warned = 0
    # tshark's runs (0.8 s each, mostly its start) two at a time, in order.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(2) as pool:
        tshark_outputs = list(pool.map(lambda pcap: run(
            ["tshark", "-n", "-r", pcap, "-T", "fields", "-e", "frame.number",
             "-e", "frame.protocols"])[1], pcaps))
    for pcap, out in zip(pcaps, tshark_outputs):
        by_string = {}
        for line in out.splitlines():
            number, _, path = line.partition("\t")
            by_string.setdefault(path, set()).add(int(number))
        # A damaged file ends with an error after its readable frames: those are answered.
        ours = sockscope_batch(binary, pcap, ['frame.protocols == "%s"' % path
                                              for path in sorted(by_string)])
        for path, want in sorted(by_string.items()):
            total += len(want)
            got, why = ours['frame.protocols == "%s"' % path]
            got = got or set()
            if got != want and "frame.protocols may differ" in why:
                warned += 1  # sockscope says it cannot tell tshark's string here
                print("WARNED %s %-43s only tshark: %s only sockscope: %s" %
                      (os.path.basename(pcap), path, sorted(want - got)[:8],
                       sorted(got - want)[:8]))
            elif got != want:
                bad += 1
                print("DIFF %s %-45s only tshark: %s only sockscope: %s %s" %
                      (os.path.basename(pcap), path, sorted(want - got)[:8],
                       sorted(got - want)[:8], why.strip()))
    print("frame.protocols: %d frames in %d captures, %d strings differ silently, %d with "
          "sockscope's warning" % (total, len(pcaps), bad, warned))
    return 1 if bad else 0



def silent_differences(name, filters, expected, ours):
    """(lines naming every silent difference, how many differ with a warning)."""
    def frames(numbers):
        numbers = sorted(numbers)
        return "%d %s" % (len(numbers), numbers[:12])
    lines, warned = [], 0
    for f in filters:
        want, (got, why) = expected[f], ours[f]
        if want == got:
            continue
        if got is not None and want is not None and why:
            warned += 1  # sockscope says it cannot answer as tshark does
        elif want is None:
            lines.append("%s\t%s\ttshark rejects\tsockscope selects %d" % (name, f, len(got)))
        elif got is None:
            lines.append("%s\t%s\ttshark selects %d\tsockscope rejects" % (name, f, len(want)))
        else:
            lines.append("%s\t%s\tonly tshark: %s\tonly sockscope: %s" %
                         (name, f, frames(want - got), frames(got - want)))
    return lines, warned


def everywhere(binary, known, corpora, pcaps):
    union, alone = [], set()
    for corpus in corpora:
        filters, single = read_corpus(corpus)
        union += filters
        alone.update(single)
    # Filters that need a tshark -Y run of their own (frame.time_delta_displayed, !single)
    # would cost 0.4 s per capture each: their own corpora run them on their captures.
    # So would a `matches` built to backtrack (`frame matches "(.*)*$"`: 11 s of tshark's
    # time on a capture of 1,800 frames), which its own corpus runs on one capture.
    union = [f for f in dict.fromkeys(union)
             if f not in alone and "displayed" not in f and ")*" not in f and ")+" not in f]
    from concurrent.futures import ThreadPoolExecutor

    def one_capture(pcap):
        name = os.path.basename(pcap)
        # The frames no tap sees (an exception inside an ICMP error's quote) only a tshark
        # -Y of each filter can answer for: on icmp_cut.pcap that was 950 runs of 0.5 s.
        # Their own corpora run so on them (test_icmp_vs_tshark); here they are left out.
        seen = set()
        with ThreadPoolExecutor(1) as one:
            pending = one.submit(tshark_batch, pcap, union, seen)
            ours = sockscope_batch(binary, pcap, union)
            expected = pending.result()
        ours = {f: (got if got is None else got & seen, why) for f, (got, why) in ours.items()}
        # Where sockscope warns, the difference is no silent one whatever tshark -Y says:
        # no run of its own (on the cut copies that spared 320 runs of 0.5 s).
        alone = [f for f in union
                 if expected[f] != ours[f][0] and not (ours[f][0] is not None and ours[f][1])]
        with ThreadPoolExecutor(2) as pool:
            for f, result in zip(alone, pool.map(lambda f: tshark_single(pcap, f), alone)):
                expected[f] = result if result is None else result & seen
        lines, w = silent_differences(name, union, expected, ours)
        frames = run(["capinfos", "-c", "-M", "-T", "-r", pcap])[1].split()
        unseen = (" (%d frames no tap sees left out)" % (int(frames[-1]) - len(seen))
                  if frames and frames[-1].isdigit() and int(frames[-1]) > len(seen) else "")
        return name, lines, w, unseen

    names, unique = set(), []
    for pcap in pcaps:
        name = os.path.basename(pcap)
        if name not in names:  # else a generated copy of a committed capture
            names.add(name)
            unique.append(pcap)
    found, warned = [], 0
    # Two captures at a time: a capture's tshark pass keeps one core busy, sockscope's
    # answers take a tenth of that. The largest first, so that neither is left alone
    # with a long one at the end (time_literals.pcap: 4,566 frames, 20 s of tshark).
    unique.sort(key=lambda pcap: -os.path.getsize(pcap))
    with ThreadPoolExecutor(2) as captures:
        for name, lines, w, unseen in captures.map(one_capture, unique):
            found += lines
            warned += w
            print("%-28s %4d silent differences, %4d warned%s" % (name, len(lines), w, unseen),
                  flush=True)
    with open(known, encoding="utf-8") as f:
        header = [line for line in f.read().splitlines() if line.startswith("#")]
    with open(known, encoding="utf-8") as f:
        listed = {line for line in f.read().splitlines() if line and not line.startswith("#")}
    now = set(found)
    for line in sorted(now - listed):
        print("NEW   " + line.replace("\t", "  "))
    for line in sorted(listed - now):
        print("GONE  " + line.replace("\t", "  "))
    print("%d filters on %d captures: %d silent differences (%d new, %d gone), %d warned" %
          (len(union), len(names), len(now), len(now - listed), len(listed - now), warned))
    if now != listed:
        with open(known + ".now", "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in header + sorted(now)))
        print("the list as it is now: " + known + ".now")
        return 1
    return 0

if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "server":
        server()
    elif mode == "client":
        client()
    elif mode == "retime":
        retime(sys.argv[2], sys.argv[3])
    elif mode == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:] == ["single"]))
    elif mode == "compare_each":
        sys.exit(compare_each(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
    elif mode == "batch_vs_single":
        sys.exit(batch_vs_single(sys.argv[2], sys.argv[3], sys.argv[4]))
    elif mode == "protocols":
        sys.exit(protocols(sys.argv[2], sys.argv[3:]))
    elif mode == "everywhere":
        split = sys.argv.index("--")
        sys.exit(everywhere(sys.argv[2], sys.argv[3], sys.argv[4:split], sys.argv[split + 1:]))
    else:
        sys.exit("unknown mode " + mode)
