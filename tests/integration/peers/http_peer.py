#!/usr/bin/env python3
"""HTTP peer for test_http.sh: Python's http.server on ADDR PORT, logging each request's
method, path and headers as one JSON line to LOG. Paths: /ua answers the User-Agent it
got; /chunked answers with chunked encoding; anything else is a small page. With
CERT KEY it serves HTTPS."""
import http.server, json, ssl, sys

addr, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cert = sys.argv[4] if len(sys.argv) > 5 else None
key = sys.argv[5] if len(sys.argv) > 5 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def record(self):
        with open(log, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                                "version": self.request_version,
                                "headers": dict(self.headers.items())}) + "\n")

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.record()
        self.answer(b"lab page\n")

    def do_GET(self):
        self.record()
        if self.path == "/ua":
            self.answer(("UA=" + self.headers.get("User-Agent", "") + "\n").encode())
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first part, ", b"second part\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.answer(b"lab page\n")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer((addr, port), Handler)
if cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
print("listening", flush=True)
server.serve_forever()
