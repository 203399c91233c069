"""A small site for the shared-crawl tests: ``/`` links to listing pages, each listing
links to articles; some articles are reachable under a second URL (same text), so the
shared dedup has work. Every answer waits ``delay`` seconds, so a crawl lasts long
enough to kill a worker half way."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PER_LISTING = 10


def article_text(number: int) -> str:
    return f"Bài báo số {number}. Nội dung của bài báo số {number} về công tác thông tin đối ngoại."


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, articles: int = 40, delay: float = 0.05) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.articles = articles
        self.delay = delay
        self.hits: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> Site:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def page(self, path: str) -> str | None:
        listings = (self.articles + PER_LISTING - 1) // PER_LISTING
        if path == "/":
            return "".join(f'<a href="/l/{n}">{n}</a> ' for n in range(listings))
        if path.startswith("/l/") and path[3:].isdigit() and int(path[3:]) < listings:
            first = int(path[3:]) * PER_LISTING
            numbers = range(first, min(first + PER_LISTING, self.articles))
            # Every third article is also linked under a second URL: same text, another URL.
            return "".join(f'<a href="/a/{n}">{n}</a> ' + (f'<a href="/a/{n}?from=l">{n}</a> ' if n % 3 == 0 else "")
                           for n in numbers)
        if path.startswith("/a/") and path[3:].split("?")[0].isdigit():
            number = int(path[3:].split("?")[0])
            if number < self.articles:
                return f"<article><p>{article_text(number)}</p></article>"
        return None


class Handler(BaseHTTPRequestHandler):
    server: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        time.sleep(self.server.delay)
        with self.server.lock:
            self.server.hits.append(self.path)
        body = self.server.page(self.path)
        data = f"<html><body>{body}</body></html>".encode() if body is not None else b"not found"
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
