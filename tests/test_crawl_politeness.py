"""A crawl of two sites (127.0.0.1 and localhost, one server) that ask to be treated
gently: robots.txt is requested once per site (the rules and the ``Sitemap:`` lines come
from the same download), and a 429 answer's ``Retry-After`` is waited for, up to
``NEWS_RETRY_AFTER_MAX``. Also: ``REDIS_URL`` without scrapy-redis is a usage error."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import struct
import subprocess
from urllib.parse import urlsplit

import pytest

from crawler.middlewares import retry_after_seconds

from .conftest import PYTHON, REPO, run_env
from .local_server import LocalHandler, LocalServer, Seen
from .test_crawl_faults import _article

ROBOTS = "User-agent: *\nDisallow: /cam/\nSitemap: /sitemaps/bai.xml\n"
ONLY_IN_SITEMAP = "/bai/chi-trong-sitemap.html"
SHORT_WAIT = "/bai/cho-mot-giay.html"  # 429 with Retry-After: 1, then the article
LONG_WAIT = "/bai/cho-mot-gio.html"  # 429 with Retry-After: 3600, then the article
RETRY_AFTER_MAX = 2


class PoliteServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(PoliteHandler)

    @property
    def hosts(self) -> list[str]:
        return [f"127.0.0.1:{self.port}", f"localhost:{self.port}"]

    def times(self, host: str, path: str) -> list[float]:
        with self.lock:
            return [seen.when for seen in self.requests if (seen.host, seen.path) == (host, path)]

    def first(self, seen: Seen) -> bool:
        """Whether ``seen`` is the first request logged for its host and path."""
        with self.lock:
            return next(s for s in self.requests if (s.host, s.path) == (seen.host, seen.path)) is seen


class PoliteHandler(LocalHandler):
    server: PoliteServer

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        seen = self.note()
        host, path, first = seen.host, seen.path, self.server.first(seen)
        if path == "/robots.txt":
            return self.send(200, ROBOTS, "text/plain; charset=utf-8")
        if path == "/sitemaps/bai.xml":
            return self.send(200, '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                  f"<url><loc>http://{host}{ONLY_IN_SITEMAP}</loc></url></urlset>", "application/xml")
        if path == "/":
            links = "".join(f'<li><a href="{link}">Bài {n}</a></li>'
                            for n, link in enumerate([SHORT_WAIT, LONG_WAIT, "/cam/bai.html"]))
            return self.send(200, f"<html><head><title>Trang chủ</title></head><body><ul>{links}</ul></body></html>")
        if path in {SHORT_WAIT, LONG_WAIT} and first:
            wait = "1" if path == SHORT_WAIT else "3600"
            return self.send(429, "<h1>Quá nhiều yêu cầu</h1>", headers={"Retry-After": wait})
        if path in {ONLY_IN_SITEMAP, SHORT_WAIT, LONG_WAIT}:
            return self.send(200, _article(path))
        return self.send(404, "<h1>404</h1>")


class NoRobotsHandler(PoliteHandler):
    """robots.txt cannot be downloaded: the connection is reset."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path != "/robots.txt":
            return super().do_GET()
        self.note()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        os.close(self.connection.detach())
        self.close_connection = True
        return None


def crawl(server: PoliteServer, out, *settings: str) -> subprocess.CompletedProcess:
    server.start()
    seeds = ",".join(f"http://{host}/" for host in server.hosts)
    return subprocess.run(
        [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={seeds}", "-O", str(out),
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_CLEAN_WORKERS=1",
         "-s", "STATS_DUMP=True", "-s", "LOG_LEVEL=INFO", *[x for s in settings for x in ("-s", s)]],
        cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def polite_crawl(tmp_path_factory):
    server = PoliteServer()
    out = tmp_path_factory.mktemp("polite") / "articles.jsonl"
    done = crawl(server, out, f"NEWS_RETRY_AFTER_MAX={RETRY_AFTER_MAX}")
    yield server, out, done
    server.stop()


def test_the_polite_crawl_writes_every_article(polite_crawl):
    server, out, done = polite_crawl
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    urls = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    # The two sites serve the same three articles: each text is written once.
    assert sorted(urlsplit(url).path for url in urls) == sorted([ONLY_IN_SITEMAP, SHORT_WAIT, LONG_WAIT]), \
        done.stderr[-3000:]


def test_robots_txt_is_requested_once_per_site(polite_crawl):
    server, _, done = polite_crawl
    for host in server.hosts:
        assert len(server.times(host, "/robots.txt")) == 1, (host, done.stderr[-3000:])
        # Its rules were obeyed and its Sitemap: line (relative) was read.
        assert server.times(host, "/cam/bai.html") == []
        assert len(server.times(host, "/sitemaps/bai.xml")) == 1
        assert server.times(host, "/sitemap.xml") == []


def test_a_retry_waits_as_long_as_retry_after_asks(polite_crawl):
    server, _, _ = polite_crawl
    for host in server.hosts:
        first, retry = server.times(host, SHORT_WAIT)
        assert retry - first >= 1.0


def test_retry_after_is_capped_by_news_retry_after_max(polite_crawl):
    """Retry-After: 3600 waits NEWS_RETRY_AFTER_MAX seconds, not an hour (the crawl
    ended, the article is written: the test above)."""
    server, _, done = polite_crawl
    for host in server.hosts:
        first, retry = server.times(host, LONG_WAIT)
        assert retry - first >= RETRY_AFTER_MAX
    assert "Retry-After 3600 s: retrying in 2 s" in done.stderr


def test_a_robots_txt_that_cannot_be_downloaded_means_no_rules_and_sitemap_xml(tmp_path):
    server = PoliteServer()
    server.RequestHandlerClass = NoRobotsHandler
    try:
        done = crawl(server, tmp_path / "articles.jsonl", "RETRY_TIMES=0")
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    for host in server.hosts:
        assert len(server.times(host, "/robots.txt")) == 1
        assert len(server.times(host, "/sitemap.xml")) == 1, done.stderr[-3000:]
        assert len(server.times(host, "/cam/bai.html")) == 1  # no rules to obey


def test_retry_after_reads_seconds_and_http_dates():
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert retry_after_seconds(b"120", now) == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30
    assert retry_after_seconds(b"Wed, 31 Dec 2025 12:00:00 GMT", now) == 0  # already past
    assert retry_after_seconds(b"soon", now) is None
    assert retry_after_seconds(None, now) is None


BLOCK_SCRAPY_REDIS = """
import sys
sys.modules["scrapy_redis"] = None  # `import scrapy_redis` fails as when the scale extra is missing
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[1:]])
"""


def test_redis_url_without_scrapy_redis_is_a_usage_error(tmp_path):
    server = PoliteServer()
    server.start()
    out = tmp_path / "articles.jsonl"
    out.write_text('{"url": "earlier"}\n', encoding="utf-8")
    try:
        done = subprocess.run(
            [PYTHON, "-c", BLOCK_SCRAPY_REDIS, "crawl", "news", "-a", f"urls=http://{server.hosts[0]}/",
             "-O", str(out), "-s", "REDIS_URL=redis://127.0.0.1:6379/0", "-s", f"NEWS_PARTS_DIR={tmp_path}"],
            cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=60)
    finally:
        server.stop()
    assert done.returncode == 2, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "REDIS_URL=redis://127.0.0.1:6379/0 needs scrapy-redis" in errors[0], errors
    assert "Traceback" not in done.stderr
    assert server.requests == []
    assert out.read_text(encoding="utf-8") == '{"url": "earlier"}\n'  # -O did not truncate it
