#!/usr/bin/env python3
"""Reference for the web benchmark: the floor of a hand-made dashboard.

Serves one pre-rendered HTML file (the Översikt page saved from the app) for
every GET, from memory, with Python's standard library only
(http.server.ThreadingHTTPServer, HTTP/1.1 keep-alive so wrk reuses its
connections as it does with the app, TCP_NODELAY). No sign-in, no database, no rendering:
whatever a real dashboard adds can only make it slower.

Usage: static_server.py FILE PORT
"""

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    path, port = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as f:
        body = f.read()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without TCP_NODELAY the second
        # waits for the client's delayed ACK (~40 ms a request on Linux).
        disable_nagle_algorithm = True

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024  # listen backlog: 64 connections open at once

        def handle_error(self, request, client_address):
            pass  # wrk resets its connections at the end of a run

    Server(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
