"""The base of the HTTP servers the tests and benchmarks crawl: a stdlib
``ThreadingHTTPServer`` on 127.0.0.1 (a free port) serving from a daemon thread, with a
log of every request (Host header, path with query, when), so tests can check what was
requested and what never was."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple


class Seen(NamedTuple):
    """One request the server got."""

    host: str  # the Host header
    path: str  # with the query
    when: float  # time.monotonic()


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), handler)
        self.requests: list[Seen] = []
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        with self.lock:
            return [seen.path for seen in self.requests]

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class LocalHandler(BaseHTTPRequestHandler):
    server: LocalServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def note(self) -> Seen:
        """Log this request."""
        seen = Seen(self.headers.get("Host", ""), self.path, time.monotonic())
        with self.server.lock:
            self.server.requests.append(seen)
        return seen

    def send(self, status: int, body: bytes | str = b"", kind: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        """Answer with ``body`` (none to a HEAD request); ``kind`` None sends no Content-Type."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
