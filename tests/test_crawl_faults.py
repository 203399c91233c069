"""A crawl against a broken server on 127.0.0.1: timeouts, resets, a 5xx storm, 429 with
Retry-After, redirect loops and long chains, responses over the size limit, wrong,
missing or invalid content types, a trickling response, a robots.txt that errors, a
sitemap with a billion-laughs payload, sitemaps and links pointing off-site or to other
schemes. The crawl ends by itself, writes every reachable article once, counts the
failures in its stats and never requests anything outside the seed site."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import struct
import subprocess
import time

import pytest

from . import badinput
from .conftest import PYTHON, REPO, run_env
from .conftest import crawl_stat as stat
from .local_server import LocalHandler, LocalServer

ARTICLES = [f"/bai/{n}.html" for n in range(1, 7)]
# Reachable articles behind a fault the crawler must get through.
RECOVERABLE = ["/loi/429-roi-200.html", "/loi/charset-sai.html", "/loi/khong-content-type.html"]
# A real-size page whose <meta http-equiv=refresh> sends the crawler to an article linked
# from nowhere else.
MOVED, MOVED_TO = "/loi/da-chuyen.html", "/bai/chuyen-den.html"
FAULTS = [f"/loi/500-{n}.html" for n in range(1, 6)] + [
    "/loi/reset.html", "/loi/cham.html", "/loi/nho-giot.html", "/loi/vong-1.html", "/loi/chuoi/0.html",
    "/loi/qua-lon.html", "/loi/sai-content-type.html",
]
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>
"""


def _article(path: str) -> str:
    number = path.rsplit("/", 1)[-1].removesuffix(".html")
    paragraphs = [f"{p} Bài {number}." for p in badinput.PARAGRAPHS]
    return badinput.article(paragraphs, title=f"{badinput.TITLE} ({number})").replace(
        "<title>", f'<meta property="og:type" content="article"><link rel="canonical" href="{path}"><title>')


class FaultyServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(FaultyHandler)
        self.seen: set[str] = set()

    def handle_error(self, request, client_address) -> None:
        pass  # the crawler hanging up on a trickle or an oversized body is expected


class FaultyHandler(LocalHandler):
    server: FaultyServer

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        server = self.server
        self.note()
        with server.lock:
            first = self.path not in server.seen
            server.seen.add(self.path)
        path = self.path.split("?")[0]
        port = server.port
        if path == "/robots.txt":
            return self.send(500, "<h1>Lỗi</h1>")
        if path == "/sitemap.xml":
            entries = ["/sitemap-lol.xml", f"http://localhost:{port}/sitemap-ngoai.xml", "/sitemap-bai.xml"]
            body = "".join(f"<sitemap><loc>{e}</loc></sitemap>" for e in entries)
            return self.send(200, f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/'
                                  f'schemas/sitemap/0.9">{body}</sitemapindex>', "application/xml")
        if path == "/sitemap-lol.xml":
            return self.send(200, BILLION_LAUGHS, "application/xml")
        if path == "/sitemap-bai.xml":
            locs = ARTICLES[:3] + [f"http://localhost:{port}/bai/ngoai.html", "ftp://127.0.0.1/bai/ftp.html",
                                   "file:///etc/passwd", "javascript:alert(1)"]
            body = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
            return self.send(200, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                  f'sitemap/0.9">{body}</urlset>', "application/xml")
        if path == "/":
            links = ARTICLES + RECOVERABLE + FAULTS + [MOVED] + [
                f"http://localhost:{port}/bai/ngoai-2.html", "mailto:toasoan@example.vn",
                "ftp://127.0.0.1/tep.html", "data:text/html,<p>x</p>"]
            items = "".join(f'<li><a href="{link}">Bài viết {n}</a></li>' for n, link in enumerate(links))
            return self.send(200, f"<html><head><title>Trang chủ</title></head><body><ul>{items}</ul></body></html>")
        if path in ARTICLES or path == MOVED_TO:
            return self.send(200, _article(path))
        if path == MOVED:
            chrome = "".join(f"<li><a href='/chuyen-muc/{n}'>Chuyên mục thời sự số {n}</a></li>" for n in range(400))
            return self.send(200, f'<html><head><meta http-equiv="refresh" content="0; url={MOVED_TO}">'
                                  f"<title>Bài viết đã chuyển</title></head><body><ul>{chrome}</ul></body></html>")
        if path == "/loi/429-roi-200.html":
            if first:
                return self.send(429, "<h1>Chậm lại</h1>", headers={"Retry-After": "1"})
            return self.send(200, _article(path))
        if path == "/loi/charset-sai.html":
            return self.send(200, _article(path), "text/html; charset=khong-co-bang-ma-nay")
        if path == "/loi/khong-content-type.html":
            return self.send(200, _article(path), None)
        if path == "/loi/sai-content-type.html":
            return self.send(200, _article(path), "image/jpeg")
        if path.startswith("/loi/500-"):
            return self.send(503, "<h1>Quá tải</h1>")
        if path == "/loi/reset.html":
            # Linger 0 then close: the kernel answers with a TCP reset.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())
            self.close_connection = True
            return None
        if path == "/loi/cham.html":
            time.sleep(6)
            return self.send(200, _article(path))
        if path == "/loi/nho-giot.html":
            data = _article(path).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for start in range(0, len(data), 20):
                self.wfile.write(data[start:start + 20])
                self.wfile.flush()
                time.sleep(0.5)
            return None
        if path == "/loi/vong-1.html":
            return self.send(302, headers={"Location": "/loi/vong-2.html"})
        if path == "/loi/vong-2.html":
            return self.send(302, headers={"Location": "/loi/vong-1.html"})
        if path.startswith("/loi/chuoi/"):
            number = int(path.rsplit("/", 1)[-1].removesuffix(".html"))
            return self.send(301, headers={"Location": f"/loi/chuoi/{number + 1}.html"})
        if path == "/loi/qua-lon.html":
            return self.send(200, _article(path) + "<!--" + "x" * 3_000_000 + "-->")
        return self.send(404, "<h1>404</h1>")


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory):
    server = FaultyServer()
    server.start()
    out = tmp_path_factory.mktemp("faults") / "articles.jsonl"
    done = subprocess.run(
        [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(out),
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_CLEAN_WORKERS=1",
         "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_MAXSIZE=1000000",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "STATS_DUMP=True", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=240)
    yield server, out, done
    server.stop()


@pytest.mark.slow
def test_the_crawl_ends_by_itself(faulty_crawl):
    _, _, done = faulty_crawl
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'finish_reason': 'finished'" in done.stderr


@pytest.mark.slow
def test_every_reachable_article_is_written_once(faulty_crawl):
    server, out, done = faulty_crawl
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    urls = [record["url"] for record in records]
    assert len(urls) == len(set(urls)), "an article written twice"
    assert set(urls) == {server.url + path for path in ARTICLES + RECOVERABLE + [MOVED_TO]}, done.stderr[-3000:]
    by_url = {record["url"]: record for record in records}
    assert badinput.PARAGRAPHS[0] + " Bài charset-sai." in by_url[server.url + RECOVERABLE[1]]["text"]


@pytest.mark.slow
def test_nothing_outside_the_seed_site_is_requested(faulty_crawl):
    server, _, _ = faulty_crawl
    hosts = {seen.host for seen in server.requests}
    assert hosts == {f"127.0.0.1:{server.port}"}, hosts
    paths = server.paths()
    assert not [path for path in paths if "ngoai" in path or "etc/passwd" in path]
    assert [path for path in paths if "lol" in path] == ["/sitemap-lol.xml"]  # no entity expanded into a URL


@pytest.mark.slow
def test_no_scheme_but_http_is_fetched(faulty_crawl):
    _, _, done = faulty_crawl
    tried = [line for line in done.stderr.splitlines()
             if re.search(r"<GET (ftp|file|mailto|data|javascript):", line)]
    assert tried == []
    assert "'downloader/request_method_count/GET'" in done.stderr
    assert not re.search(r"'downloader/[^']*(ftp|file|data)[^']*'", done.stderr)


@pytest.mark.slow
def test_redirect_loops_and_chains_stop(faulty_crawl):
    server, _, _ = faulty_crawl
    paths = server.paths()
    assert 1 <= len([p for p in paths if p.startswith("/loi/chuoi/")]) <= 6  # REDIRECT_MAX_TIMES + 1
    assert 2 <= len([p for p in paths if p.startswith("/loi/vong-")]) <= 6


@pytest.mark.slow
def test_each_failure_is_counted_by_reason(faulty_crawl):
    _, _, done = faulty_crawl
    log = done.stderr
    assert stat(log, "news/errors/http_503") == 5  # the 5xx storm, after one retry each
    assert stat(log, "retry/reason_count/503 Service Unavailable") == 5
    assert stat(log, "retry/reason_count/429 Unknown Status") == 1  # then 200: written
    assert stat(log, "robotstxt/response_status_count/500") == 1
    assert stat(log, "news/errors/DownloadTimeoutError") >= 2  # a slow and a trickling answer
    assert stat(log, "news/errors/DownloadFailedError") >= 1  # the connection reset
    assert stat(log, "news/errors/DownloadCancelledError") >= 1  # over DOWNLOAD_MAXSIZE
    assert stat(log, "news/pages/not_html") == 1  # an article served as image/jpeg
    assert stat(log, "news/links/offsite") >= 3
    assert "summary: errors: " in log


@pytest.mark.slow
def test_failed_downloads_are_logged_without_a_traceback(faulty_crawl):
    _, _, done = faulty_crawl
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_redirect_failures_are_counted(faulty_crawl):
    _, _, done = faulty_crawl
    assert stat(done.stderr, "news/errors/redirect_loop") == 1
    assert stat(done.stderr, "news/errors/redirect_too_many") == 1
    assert re.search(r"summary: errors: .*redirect_loop 1, redirect_too_many 1", done.stderr)


@pytest.mark.slow
def test_a_crawl_killed_with_sigkill_resumes_with_jobdir(tmp_path):
    """SIGKILL half way (no clean shutdown at all), then the same command with the same
    JOBDIR: the output is valid JSONL with every article once, none missing."""
    from .fixture_site import FixtureServer, Site

    server = FixtureServer(Site(), delay=0.2).start()
    out, job = tmp_path / "articles.jsonl", tmp_path / "job"
    command = [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(out),
               "-s", f"JOBDIR={job}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
               "-s", "NEWS_CLEAN_WORKERS=1", "-s", "CONCURRENT_REQUESTS=2"]
    try:
        first = subprocess.Popen(command, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 90
        seen = job / "news_articles.seen"
        while (not seen.exists() or seen.read_text().count('"url": "http') < 3) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the crawl and its cleaning workers at once
        first.wait(timeout=30)
        data = out.read_bytes() if out.exists() else b""
        assert not data or data.endswith(b"\n"), "a half line was left"

        server.delay = 0
        second = subprocess.run(command, cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=180)
        assert second.returncode == 0, second.stderr[-3000:]
        # The killed run's request queue (empty files where headers were never written) is
        # discarded, not reopened: a request given to such a queue failed and was lost.
        assert "request queue is discarded" in second.stderr
        assert "Traceback" not in second.stderr, second.stderr[-3000:]
        assert not (job / "news_crawl.running").exists()
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        urls = [record["url"] for record in records]
        assert len(urls) == len(set(urls)), "an article was written twice after resuming"
        expected = {server.url + article.path for article in server.site.articles}
        missing = expected - set(urls)
        before = len(data.splitlines())
        assert not missing, f"{len(missing)} of {len(expected)} articles missing (lines before the kill: " \
                            f"{before}): {sorted(missing)[:3]}"
    finally:
        server.stop()
