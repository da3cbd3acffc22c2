#!/usr/bin/env python3
"""Writes a capture of HTTP/1.x messages in their variety (usage: OUT.pcap).

For tests/integration/test_http_vs_tshark.sh: requests and responses whose headers repeat
(two Host lines, several Set-Cookie), differ in case, carry blanks around their values,
have no value, or are unknown; bodies with and without Content-Length; a request whose
Content-Length is not a number; Content-Length and Transfer-Encoding together; pipelined requests answered in order on one connection.
Each message is one TCP segment (port 80), after a handshake.

Then one connection per case of the data HTTP reads beyond its messages (CLOSES):
responses with no Content-Length and no chunking, whose body runs until the server
closes the connection (tshark reassembles them up to the server's FIN: the FIN segment
carries the response; a RST or the capture's end leaves only segments), and not for an
answer to HEAD or a 204/304; data that starts no message after a request was read
("Continuation": http and data) and before one was (plain TCP).

Then one connection per case of SPLITS: first lines split across segments, header lines
with no request before them, messages after a leading CRLF.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pcaps import A as A4, B as B4, ACK, PSH, SYN, eth, ipv4, tcp  # noqa: E402
from pcap_writer import write_pcap  # noqa: E402

REQUESTS = [
    b"GET /index.html?a=1&b=2 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: sockscope-lab/1.0\r\n"
    b"Accept: */*\r\nAccept-Language: en\r\nAccept-Encoding: gzip\r\nCookie: a=1; b=2\r\n"
    b"Referer: http://www.example.com/\r\nConnection: keep-alive\r\n\r\n",
    b"GET /twice HTTP/1.1\r\nHost:   spaced.example   \r\nhost: second.example\r\n"
    b"USER-AGENT:tight\r\nX-Forwarded-For: 192.0.2.9\r\nAuthorization: Basic dXNlcjpwYXNz\r\n"
    b"Cache-Control: no-cache\r\nX-Unknown: what\r\nEmpty:\r\n\r\n",
    b"POST /form HTTP/1.1\r\nHost: www.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 7\r\nTransfer-Encoding: identity\r\nUpgrade: h2c\r\n\r\nx=1&y=2",
    b"HEAD / HTTP/1.0\r\nHost: www.example.com\r\nContent-Length: twelve\r\n\r\n",
    # Content-Length and Transfer-Encoding together (an expert item of the Malformed group,
    # _ws.malformed): in either order, whatever the coding; not when the Content-Length is
    # not a number, or when an invalid one follows a valid one.
    b"POST /te-first HTTP/1.1\r\nHost: te.example\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
    b"POST /bad-length HTTP/1.1\r\nHost: te.example\r\nContent-Length: x3\r\nTransfer-Encoding: identity\r\n\r\n",
    b"POST /te-bad-length HTTP/1.1\r\nHost: te.example\r\nTransfer-Encoding: identity\r\nContent-Length: x3\r\n\r\n",
    b"POST /lower HTTP/1.1\r\nHost: te.example\r\ncontent-length: 2\r\ntransfer-encoding: foo\r\n\r\nab",
    b"POST /forgotten HTTP/1.1\r\nHost: te.example\r\nContent-Length: 0\r\nContent-Length: zz\r\nTransfer-Encoding: foo\r\n\r\n",
    b"POST /minus-zero HTTP/1.1\r\nHost: te.example\r\nContent-Length: -0\r\nTransfer-Encoding: foo\r\n\r\n",
    b"POST /empty-coding HTTP/1.1\r\nHost: te.example\r\nTransfer-Encoding:\r\nContent-Length: 0\r\n\r\n",
    b"POST /negative HTTP/1.1\r\nHost: te.example\r\nContent-Length: -1\r\nTransfer-Encoding: foo\r\n\r\n",
]
RESPONSES = [
    b"HTTP/1.1 200 OK\r\nDate: Mon, 04 Dec 2023 10:00:00 GMT\r\nServer: demo/1.0\r\n"
    b"Last-Modified: Sun, 03 Dec 2023 09:00:00 GMT\r\nContent-Type: text/html\r\n"
    b"Content-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2; Path=/\r\n"
    b"Content-Encoding: identity\r\n\r\nhello",
    b"HTTP/1.1 301 Moved Permanently\r\nLocation: http://second.example/\r\nContent-Length: 0\r\n"
    b"WWW-Authenticate: Basic realm=\"lab\"\r\n\r\n",
    b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno!",
    b"HTTP/1.0 204 No Content\r\nServer:  padded  \r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: foo\r\n\r\nabc",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: foo\r\nContent-Length: 3\r\n\r\nabc",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
]


def frames():
    out = []
    c, s = 1000, 5000  # next sequence numbers of client and server
    out.append(eth(ipv4(A4, B4, 6, tcp(40000, 80, c - 1, 0, SYN))))
    out.append(eth(ipv4(B4, A4, 6, tcp(80, 40000, s - 1, c, SYN | ACK))))
    out.append(eth(ipv4(A4, B4, 6, tcp(40000, 80, c, s, ACK))))
    for req, resp in zip(REQUESTS, RESPONSES):
        out.append(eth(ipv4(A4, B4, 6, tcp(40000, 80, c, s, PSH | ACK, req))))
        c += len(req)
        out.append(eth(ipv4(B4, A4, 6, tcp(80, 40000, s, c, PSH | ACK, resp))))
        s += len(resp)
    return out


FIN, RST = 0x01, 0x04
GET = b"GET /page HTTP/1.1\r\nHost: close.example\r\n\r\n"
# (client data, server segments, how the server ends: "fin", "rst", "fin+data", "none",
# "client-fin" (the client's FIN first, then the server's)), one connection each.
CLOSES = [
    # what a hand-written HTTP/1.0 server sends, and data after the request
    ([GET, b"hello world\r\n", b"\x00\x01binary stuff"],
     [b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nabc", b"more body"], "fin"),
    ([GET], [b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nkept", b"alive"], "rst"),
    ([b"HEAD /h HTTP/1.1\r\nHost: close.example\r\n\r\n"],
     [b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"], "fin"),
    ([GET], [b"HTTP/1.0 204 No Content\r\nContent-Type: text/plain\r\n\r\n"], "fin"),
    ([GET], [b"HTTP/1.0 304 Not Modified\r\n\r\n"], "fin"),
    ([GET], [b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConn", b"ection: close\r\n\r\nsplit",
             b" headers"], "fin+data"),
    ([GET], [b"HTTP/1.0 200 OK\r\nServer: x\r\n\r\nclosed at once"], "fin+data"),
    ([GET], [b"HTTP/1.0 200 OK\r\n\r\n"], "client-fin"),
    ([b"hello world\r\n", GET], [b"garbage first\r\n", b"HTTP/1.0 200 OK\r\n\r\nend"], "none"),
]


OK2 = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
GET_X = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
# Segments in order, one connection each ("c" the client's, "s" the server's): a first
# line with no end in its segment, which HTTP joins to the next segments until the line
# ends (a request, a response, lines that never become HTTP, a Continuation); header lines
# on a connection with no request (HTTP takes them, its columns stay TCP's); a message
# after a leading CRLF (HTTP's "Leading CRLF" expert item, of the Malformed group, when
# the segment holds it, and the PDU it reassembles starts past the CRLF); header lines
# with no first line that give the body its media type or length.
SPLITS = [
    [("c", b"GET /ind"), ("c", b"ex.html HTTP/1.1\r\nHost: x\r\n\r\n"), ("s", OK2)],
    [("c", b"hello wor"), ("c", b"ld\r\nmore\r\n")],
    [("c", b"GET /a"), ("c", b"bc"), ("c", b"d HTTP/1.1\r\nHost: x\r\n\r\n"), ("s", OK2)],
    [("c", GET_X), ("s", b"HTTP/1.1 20"), ("s", b"0 OK\r\nContent-Length: 2\r\n\r\nok")],
    [("c", b"hello"), ("c", b" wor"), ("c", b"ld\r\n")],
    [("c", b"Ho"), ("c", b"st: x\r\nAccept: y\r\n\r\nrest")],
    [("c", GET_X), ("s", OK2), ("c", b"hello wor"), ("c", b"ld\r\nmore\r\n")],
    [("c", GET_X), ("s", OK2), ("c", b"\r\nHost"), ("c", b": q\r\n\r\n")],
    [("c", b"\r\nGET"), ("c", b" /z HTTP/1.1\r\n\r\n")],
    [("c", b"Host: x\r\nAccept: y\r\n\r\nbody")],
    [("c", b"Host: x\r\nhello\r\nmore")],
    [("c", b"Ho st: x\r\n\r\n")],
    [("s", b"Server: x\r\n\r\n")],
    [("c", b"Host: x\r\nAccept: y\r\n")],
    [("c", b"\r\n\r\nHost: x\r\n\r\n")],
    [("c", GET_X), ("s", OK2), ("c", b"Host: z\r\nServer: q\r\n\r\nbody")],
    [("c", b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"), ("s", OK2)],
    [("s", b"\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
    [("c", GET_X), ("s", OK2), ("c", b"\r\nGET /2 HTTP/1.1\r\nHost: y\r\n\r\n"), ("s", OK2)],
    [("c", b"\r\nGET / HTTP/1.1\r\nHost: x\r\n"), ("c", b"\r\n"), ("s", OK2)],
    [("c", b"\r\nHost: x\r\n\r\n")],
    [("c", b"\r\n\r\n\r\n")],
    # header lines that give a body its type or length, after a request or not
    [("c", GET_X), ("s", OK2), ("c", b"Content-Type: text/plain\r\n\r\nhello\r\n")],
    [("c", GET_X), ("s", OK2), ("c", b"Content-Length: 2\r\n\r\nabcdef")],
    [("c", b"Content-Length: 2\r\n\r\nabcdef")],
    [("c", b"Host: x\r\nContent-Type: text/plain\r\n\r\nhello\r\n")],
    [("c", GET_X), ("s", OK2), ("c", b"Content-Type: application/x-www-form-urlencoded\r\n\r\na=1")],
]


def split_frames(port, segments):
    out = []
    c, s = 1000, 5000
    out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c - 1, 0, SYN))))
    out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s - 1, c, SYN | ACK))))
    out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s, ACK))))
    for side, data in segments:
        if side == "c":
            out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s, PSH | ACK, data))))
            c += len(data)
        else:
            out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s, c, PSH | ACK, data))))
            s += len(data)
    return out


def close_frames(port, client, server, end):
    out = []
    c, s = 1000, 5000
    out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c - 1, 0, SYN))))
    out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s - 1, c, SYN | ACK))))
    out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s, ACK))))
    for data in client:
        out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s, PSH | ACK, data))))
        c += len(data)
    last = server[-1] if end == "fin+data" else None
    for data in server[:-1] if last is not None else server:
        out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s, c, PSH | ACK, data))))
        s += len(data)
    if end == "client-fin":
        out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s, FIN | ACK))))
        c += 1
    if end in ("fin", "client-fin"):
        out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s, c, FIN | ACK))))
        out.append(eth(ipv4(A4, B4, 6, tcp(port, 80, c, s + 1, ACK))))
    elif end == "fin+data":
        out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s, c, FIN | PSH | ACK, last))))
    elif end == "rst":
        out.append(eth(ipv4(B4, A4, 6, tcp(80, port, s, c, RST | ACK))))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_http.py OUT.pcap")
    out = frames()
    for i, (client, server, end) in enumerate(CLOSES):
        out += close_frames(40001 + i, client, server, end)
    for i, segments in enumerate(SPLITS):
        out += split_frames(40100 + i, segments)
    write_pcap(sys.argv[1], ((4000 + i * 0.01, f) for i, f in enumerate(out)))


if __name__ == "__main__":
    main()
