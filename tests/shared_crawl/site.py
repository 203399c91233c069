"""A small site for the shared-crawl tests: ``/`` links to listing pages, each listing
links to articles; some articles are reachable under a second URL (same text), so the
shared dedup has work. Every answer waits ``delay`` seconds, so a crawl lasts long
enough to kill a worker half way."""

from __future__ import annotations

import time

from ..local_server import LocalHandler, LocalServer

PER_LISTING = 10


def article_text(number: int) -> str:
    return f"Bài báo số {number}. Nội dung của bài báo số {number} về công tác thông tin đối ngoại."


class Site(LocalServer):
    def __init__(self, articles: int = 40, delay: float = 0.05) -> None:
        super().__init__(Handler)
        self.articles = articles
        self.delay = delay

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


class Handler(LocalHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        time.sleep(self.server.delay)
        self.note()
        body = self.server.page(self.path)
        if body is None:
            self.send(404, "not found")
        else:
            self.send(200, f"<html><body>{body}</body></html>")
