"""A real HTTP server for the fixture site (``tests.local_server``: every request logged,
so tests can check what was never requested)."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from ..local_server import LocalHandler, LocalServer
from . import content
from .content import Site


class FixtureServer(LocalServer):
    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0,
                 quiet: bool = True) -> None:
        super().__init__(Handler, host, port)
        self.site = site
        self.delay = delay  # seconds before answering each request (to slow a crawl down)
        self.quiet = quiet
        self.failed_once: set[str] = set()


class Handler(LocalHandler):
    server: FixtureServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.server.quiet:
            BaseHTTPRequestHandler.log_message(self, format, *args)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        host = self.note().host
        if self.server.delay:
            time.sleep(self.server.delay)
        base = f"http://{host}"
        # The off-site link goes to another host name for this same server, so a request
        # for it would show up in the log.
        name, _, port = host.partition(":")
        offsite = f"http://{'localhost' if name != 'localhost' else '127.0.0.1'}:{port}"
        self.route(urlsplit(self.path).path, base, offsite)

    def route(self, path: str, base: str, offsite: str) -> None:  # noqa: PLR0911, PLR0912
        site = self.server.site
        if path in {"/", "/index.html"}:
            return self.send(200, site.home(base, offsite))
        if path == "/robots.txt":
            return self.send(200, site.robots(base), "text/plain; charset=utf-8")
        if path == "/sitemap_index.xml":
            return self.send(200, site.sitemap_index(base), "application/xml")
        if path == "/sitemaps/bai-viet.xml":
            return self.send(200, site.sitemap(base), "application/xml")
        if path == "/sitemaps/tin-moi.xml.gz":
            return self.send(200, site.news_sitemap_gz(base), "application/x-gzip")
        if path == "/rss/tin-moi.rss":
            return self.send(200, site.rss(base), "application/rss+xml; charset=utf-8")
        if path == content.LONG_LISTING:
            return self.send(200, site.long_listing())
        if path == content.PDF:
            return self.send(200, b"%PDF-1.4\n% fixture\n", "application/pdf")
        if path.startswith("/anh/"):
            return self.send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        if path.startswith("/tin-cu/"):
            number = path.rsplit("/", 1)[-1]
            if number.isdigit() and 1 <= int(number) <= len(site.articles):
                return self.send(301, "", headers={"Location": site.article(int(number)).path})
        if path.startswith("/in-bai/"):
            number = path.rsplit("/", 1)[-1]
            if number.isdigit() and 1 <= int(number) <= len(site.articles):
                return self.send(200, site.print_page(site.article(int(number)), base))
        if path == "/lien-he":
            return self.send(200, site.contact(base))
        article = site.by_path.get(path)
        if article is not None:
            if article.number == content.FLAKY:
                with self.server.lock:
                    first = path not in self.server.failed_once
                    self.server.failed_once.add(path)
                if first:
                    return self.send(500, "<h1>Lỗi máy chủ</h1>")
            return self.send(200, site.article_page(article, base))
        parts = path.strip("/").split("/")
        if parts and parts[0] in content.CATEGORIES and len(parts) <= 2:
            page = 1
            if len(parts) == 2:
                page = int(parts[1].removeprefix("trang-")) if parts[1].removeprefix("trang-").isdigit() else 0
            listing = site.category(parts[0], page)
            if listing:
                return self.send(200, listing)
        return self.send(404, "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>")
