#!/usr/bin/env python3
"""HTTP server for tests/test_net.c: feeds, errors and ranged audio on 127.0.0.1.

Prints the port it listens on, then serves until killed. Files come from the
folder given as the first argument; /stats answers what the server has seen.
With --tls CERT KEY it speaks HTTPS with that certificate and key.
"""
import gzip
import http.server
import json
import os
import ssl
import sys
import threading
import time

DATA = sys.argv[1]
AUDIO = bytes((i * 7) % 251 for i in range(300000))
STATS = {"hits": {}, "if_none_match": 0, "gzip": 0, "range": None}
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def body(self, code, data, ctype="application/rss+xml", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, where, code=302):
        self.send_response(code)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def file(self, name):
        with open(os.path.join(DATA, name), "rb") as f:
            return f.read()

    def do_GET(self):
        path = self.path.split("?")[0]
        with LOCK:
            STATS["hits"][path] = STATS["hits"].get(path, 0) + 1
        if path == "/stats":
            with LOCK:
                data = json.dumps(STATS).encode()
            return self.body(200, data, "application/json")
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                with LOCK:
                    STATS["if_none_match"] += 1
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            return self.body(200, self.file("feed.xml"), headers=[("ETag", '"v1"')])
        if path in ("/feed2.xml", "/moving.xml", "/newhome.xml"):
            return self.body(200, self.file(path[1:]))
        if path == "/latin1.xml":
            return self.body(200, self.file("feed2.xml").replace(
                b'<?xml version="1.0" encoding="UTF-8"?>\n', b"").replace(
                b"Second Cast", "Caf\u00e9 Cast".encode("latin-1")),
                "application/rss+xml; charset=ISO-8859-1")
        if path == "/mislabeled.xml":
            return self.body(200, self.file("feed2.xml").replace(
                b'<?xml version="1.0" encoding="UTF-8"?>\n', b"").replace(
                b"Second Cast", "Caf\u00e9 Cast".encode("utf-8")),
                "text/xml; charset=ISO-8859-1")
        if path == "/gone.xml":
            return self.body(200, b"<rss version=\"2.0\"><redirect><newLocation>"
                             b"newhome.xml</newLocation></redirect></rss>")
        if path == "/perm":
            return self.redirect("/newhome.xml", 301)
        if path in ("/ep1.vtt", "/ep1-chapters.json"):
            ctype = "text/vtt" if path.endswith(".vtt") else "application/json+chapters"
            return self.body(200, self.file(path[1:]), ctype)
        if path == "/gzip.xml":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                return self.body(406, b"")
            with LOCK:
                STATS["gzip"] += 1
            return self.body(200, gzip.compress(self.file("feed2.xml")),
                             headers=[("Content-Encoding", "gzip")])
        if path == "/moved":
            return self.redirect("/feed2.xml")
        if path == "/loop":
            return self.redirect("/loop")
        if path == "/tofile":
            return self.redirect("file:///etc/passwd")
        if path == "/slow.xml":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<rss>")
            self.wfile.flush()
            time.sleep(15)
            return
        if path == "/drop.xml":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(self.file("feed.xml")[:100])
            self.wfile.flush()
            self.close_connection = True
            return
        if path == "/big.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b" " * (1 << 20)
            try:
                for _ in range(80):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/audio.mp3":
            return self.audio()
        return self.body(404, b"not here", "text/plain")

    def audio(self):
        rng = self.headers.get("Range")
        with LOCK:
            STATS["range"] = rng
        start = 0
        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[6:-1])
        if start >= len(AUDIO):
            self.send_response(416)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "audio/mpeg")
        self.send_header("Content-Length", str(len(AUDIO) - start))
        if start:
            self.send_header("Content-Range",
                             "bytes %d-%d/%d" % (start, len(AUDIO) - 1, len(AUDIO)))
        self.end_headers()
        self.wfile.write(AUDIO[start:])


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 5 and sys.argv[2] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
