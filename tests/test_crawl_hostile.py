"""A crawl against a hostile site on 127.0.0.1 (issue 15): articles whose canonical link
or og:url names the home page, a category, another site or an endless canonical chain;
an endless pagination chain; a gzip-bomb sitemap and endlessly nested sitemap indexes;
an answer over the size limit without Content-Length. Every article is written under its
own URL, every loop stops at its bound, every failure is one log line with a message,
and no facility that runs code sent to it (telnet, remote control) is on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zlib

import pytest

from . import badinput
from .conftest import PYTHON, REPO, run_env
from .conftest import crawl_stat as stat
from .local_server import LocalHandler, LocalServer

# Article paths by what their canonical link / og:url names.
HOME_OG = [f"/tin/og-trang-chu-bai-so-{n}-ve-hoi-nghi.html" for n in range(1, 5)]
HOME_CANONICAL = [f"/tin/canonical-trang-chu-bai-so-{n}-ve-hoi-nghi.html" for n in range(1, 4)]
CATEGORY_CANONICAL = [f"/tin/canonical-chuyen-muc-bai-so-{n}-ve-hoi-nghi.html" for n in range(1, 4)]
OFFSITE_CANONICAL = [f"/tin/canonical-trang-khac-bai-so-{n}-ve-hoi-nghi.html" for n in range(1, 4)]
ARTICLES = HOME_OG + HOME_CANONICAL + CATEGORY_CANONICAL + OFFSITE_CANONICAL
MAX_PAGINATION = 5
OVERSIZED = "/tin/qua-lon-khong-co-do-dai-bai-so-1.html"


def page(path: str, head: str) -> str:
    paragraphs = [f"{p} Bài {path}." for p in badinput.PARAGRAPHS]
    html = badinput.article(paragraphs, title=f"{badinput.TITLE} {path}")
    return html.replace("<title>", f'<meta property="og:type" content="article">{head}<title>')


def gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    chunk = b" " * (1024 * 1024)
    return compressor.compress(head) + b"".join(compressor.compress(chunk) for _ in range(size // len(chunk))) \
        + compressor.flush()


class HostileHandler(LocalHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.note()
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            return self.send(200, "User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", "text/plain")
        if path == "/sitemap.xml" or path.startswith("/chi-muc-"):
            number = int(path.removeprefix("/chi-muc-").removesuffix(".xml")) if path != "/sitemap.xml" else 0
            entries = [f"/chi-muc-{number + 1}.xml"] + (["/bom.xml.gz"] if number == 0 else [])
            body = "".join(f"<sitemap><loc>{entry}</loc></sitemap>" for entry in entries)
            return self.send(200, '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                  f'sitemap/0.9">{body}</sitemapindex>', "application/xml")
        if path == "/bom.xml.gz":
            return self.send(200, BOMB, "application/octet-stream")
        if path == "/":
            links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in [*ARTICLES, "/muc/tin", OVERSIZED,
                                                                       "/tin/chuoi-canonical-bai-so-1.html"])
            return self.send(200, f"<html><head><title>Trang chủ</title></head><body><ul>{links}</ul></body></html>")
        if path.startswith("/muc/tin"):
            number = int(path.rsplit("/", 1)[-1]) if "/page/" in path else 1
            return self.send(200, f'<html><head><title>Tin {number}</title></head><body>'
                                  f'<a href="/muc/tin/page/{number + 1}">Trang sau</a></body></html>')
        if path in HOME_OG:
            return self.send(200, page(path, f'<meta property="og:url" content="{self.server.url}/">'))
        if path in HOME_CANONICAL:
            return self.send(200, page(path, '<link rel="canonical" href="/">'))
        if path in CATEGORY_CANONICAL:
            return self.send(200, page(path, '<link rel="canonical" href="/thoi-su">'))
        if path in OFFSITE_CANONICAL:
            return self.send(200, page(path, '<link rel="canonical" href="https://bao-khac.example.vn/bai-123.html">'
                                             '<meta property="og:url" content="https://bao-khac.example.vn/bai-123.html">'))
        if path.startswith("/tin/chuoi-canonical-bai-so-"):
            number = int(path.rsplit("-", 1)[-1].removesuffix(".html"))
            return self.send(200, page(path, f'<link rel="canonical" href="/tin/chuoi-canonical-bai-so-{number + 1}.html">'))
        if path == OVERSIZED:  # no Content-Length: Scrapy finds it too large while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                self.wfile.write(page(path, "").encode("utf-8") + b" " * 2_000_000)
            except OSError:
                pass
            return None
        return self.send(404, "<h1>404</h1>")


BOMB = gzip_bomb(64 * 1024 * 1024)


class HostileServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(HostileHandler)

    def handle_error(self, request, client_address) -> None:
        pass  # the crawler hanging up on the oversized answer is expected


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    server = HostileServer().start()
    work = tmp_path_factory.mktemp("hostile")
    out = work / "articles.jsonl"
    env = {**run_env(), "HOME": str(work / "home"), "XDG_STATE_HOME": str(work / "state")}
    done = subprocess.run(
        [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(out),
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_CLEAN_WORKERS=1",
         "-s", "DOWNLOAD_MAXSIZE=1000000", "-s", f"NEWS_MAX_PAGINATION={MAX_PAGINATION}",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "STATS_DUMP=True", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    yield server, work, out, done
    server.stop()


@pytest.mark.slow
def test_the_crawl_ends_by_itself_without_a_traceback(hostile_crawl):
    _, _, _, done = hostile_crawl
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'finish_reason': 'finished'" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


@pytest.mark.slow
def test_a_canonical_naming_a_listing_or_another_site_merges_no_articles(hostile_crawl):
    server, _, out, done = hostile_crawl
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    urls = sorted(record["url"] for record in records if "chuoi-canonical" not in record["url"])
    assert urls == sorted(server.url + path for path in ARTICLES), done.stderr[-3000:]
    assert stat(done.stderr, "news/dropped/duplicate_url") == 0


@pytest.mark.slow
def test_every_chain_that_adds_no_depth_stops_at_its_bound(hostile_crawl):
    server, _, _, done = hostile_crawl
    paths = server.paths()
    assert len([p for p in paths if p.startswith("/muc/tin/page/")]) == MAX_PAGINATION
    assert stat(done.stderr, "news/links/pagination_limit") == 1
    assert 1 <= len([p for p in paths if p.startswith("/chi-muc-")]) <= 3  # MAX_SITEMAP_NESTING
    assert 1 <= len([p for p in paths if p.startswith("/tin/chuoi-canonical")]) <= 4  # MAX_CANONICAL_CHAIN + 1


@pytest.mark.slow
def test_a_gzip_bomb_sitemap_is_one_clear_line(hostile_crawl):
    _, _, _, done = hostile_crawl
    assert re.search(r"/bom\.xml\.gz: decompresses to more than DOWNLOAD_MAXSIZE \(1000000 bytes\)", done.stderr)
    assert stat(done.stderr, "news/xml/too_large") == 1


@pytest.mark.slow
def test_a_download_cancelled_at_the_size_limit_is_logged_with_a_message(hostile_crawl):
    _, _, _, done = hostile_crawl
    lines = [line for line in done.stderr.splitlines() if OVERSIZED in line and "WARNING crawler" in line]
    assert lines and all(re.search(r"\.html: \S", line) for line in lines), lines
    assert "DOWNLOAD_MAXSIZE" in lines[0]


@pytest.mark.slow
def test_no_facility_that_runs_code_sent_to_it_is_on_nor_leaves_files(hostile_crawl):
    _, work, _, done = hostile_crawl
    enabled = done.stderr[done.stderr.index("Enabled extensions:"):].split("]", 1)[0]
    assert "TelnetConsole" not in enabled and "RemoteControl" not in enabled
    left = [os.path.join(root, name) for folder in ("home", "state")
            for root, _, names in os.walk(work / folder) for name in names]
    assert left == []


def test_an_output_that_is_a_folder_stops_the_crawl_before_any_fetch(tmp_path):
    """Scrapy's feed exporter finds a folder only when it stores the feed, at the end:
    every article of the crawl would be lost."""
    server = HostileServer().start()
    (tmp_path / "out.jsonl").mkdir()
    try:
        done = subprocess.run(
            [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(tmp_path / "out.jsonl"),
             "-s", "LOG_LEVEL=INFO"], cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert done.returncode == 2
    assert "is a folder or no file name; nothing crawled" in done.stderr, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert server.paths() == []
    assert list((tmp_path / "out.jsonl").iterdir()) == []


@pytest.mark.parametrize("where", ["a folder", "under a file"])
def test_a_report_that_cannot_be_written_stops_the_crawl_before_any_fetch(tmp_path, where):
    server = HostileServer().start()
    (tmp_path / "report.html").mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    report = tmp_path / ("report.html" if where == "a folder" else "file.txt/report.html")
    try:
        done = subprocess.run(
            [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(tmp_path / "out.jsonl"),
             "-s", f"NEWS_REPORT={report}", "-s", "LOG_LEVEL=INFO"],
            cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert done.returncode == 2
    assert f"NEWS_REPORT '{report}'" in done.stderr and "nothing crawled" in done.stderr, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert server.paths() == []
    assert not (tmp_path / "out.jsonl").exists()
