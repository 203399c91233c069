"""Real crawls (``scrapy crawl news`` as a subprocess) of the fixture site served on
127.0.0.1: what is written, what is never requested, resuming, and equality with
``python -m cleaners`` on the same HTML."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import PYTHON, REPO, read_jsonl, run_env
from tests.fixture_site import FixtureServer, Site
from tests.fixture_site import content as fixture

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_CLEAN_WORKERS=2",
        "-s", "LOG_LEVEL=INFO"]
BOILERPLATE = ["Thống kê truy cập", "Đang online", "Đã truy cập", "Hôm nay:", "Giấy phép số", "Có thể bạn quan tâm",
               "Trang chủ", "Bản quyền", "Tin, ảnh", "Tin mới nhất", "Cơ quan chủ quản"]


def crawl_command(server: FixtureServer, *extra: str) -> list[str]:
    return [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", *FAST, *extra]


def run_crawl(server: FixtureServer, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(crawl_command(server, *extra), cwd=REPO, env=run_env(), capture_output=True,
                          text=True, timeout=180)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


def expected_urls(server: FixtureServer) -> set[str]:
    return {server.url + article.path for article in server.site.articles}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the default fixture site, keeping a WARC of the article responses."""
    server = FixtureServer(Site()).start()
    folder = tmp_path_factory.mktemp("crawl")
    out = folder / "articles.jsonl"
    done = run_crawl(server, "-O", str(out), "-s", f"NEWS_WARC_OUTPUT={folder / 'raw.warc.gz'}",
                     "-s", f"JOBDIR={folder / 'job'}")
    yield server, read_jsonl(out), done, folder
    server.stop()


def test_every_article_written_once(crawled):
    server, records, done, _ = crawled
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was written twice"
    assert len({r["hash"] for r in records}) == len(records)
    assert set(urls) == expected_urls(server), done.stderr[-3000:]
    assert all(r["source"] == r["url"] for r in records)


def test_articles_are_clean_with_metadata(crawled):
    server, records, _, _ = crawled
    by_url = {server.url + a.path: a for a in server.site.articles}
    for record in records:
        article = by_url[record["url"]]
        for phrase in BOILERPLATE:
            assert phrase not in record["text"], (record["url"], phrase)
        assert record["text"].splitlines() == article.body_lines, record["url"]
        assert record["title"] == article.title
        assert record["date"] == article.date
        assert record["author"] == article.author, record["url"]
        assert record["captions"] == [article.caption]
        assert record["lang"] == "vi"


def test_never_requested(crawled):
    server, _, _, _ = crawled
    paths = server.paths()
    assert not [p for p in paths if p.startswith("/quan-tri/")], "robots.txt Disallow ignored"
    assert fixture.PDF not in paths and not [p for p in paths if p.startswith("/anh/")], "a file was downloaded"
    assert not [p for p in paths if "utm_" in p], "tracking parameters were not removed before requesting"
    assert all(seen.host.startswith("127.0.0.1") for seen in server.requests), "an off-site URL was fetched"
    assert fixture.OFFSITE_PATH not in paths


def test_discovery_used_robots_sitemaps_and_feed(crawled):
    server, _, done, _ = crawled
    paths = server.paths()
    for path in ("/robots.txt", "/sitemap_index.xml", "/sitemaps/bai-viet.xml", "/sitemaps/tin-moi.xml.gz",
                 "/rss/tin-moi.rss", "/thoi-su/trang-2"):
        assert path in paths, path
    assert paths.count("/robots.txt") == 1, "robots.txt fetched twice (rules and Sitemap: lines from one download)"
    flaky = server.site.article(fixture.FLAKY).path
    assert paths.count(flaky) == 2, "the page failing once with 500 was not retried"
    assert f"articles written {len(server.site.articles)}" in done.stderr


def test_crawl_equals_clean_command(crawled, tmp_path):
    """The crawl's records equal what the clean command gives for the same HTML: from
    the crawl's WARC (``scrapy clean``) and from the pages fetched again (``python -m
    cleaners`` on JSONL with url and html)."""
    server, records, _, folder = crawled
    from_warc = tmp_path / "warc.jsonl"
    subprocess.run([PYTHON, "-m", "scrapy", "clean", str(folder / "raw.warc.gz"), "-o", str(from_warc)],
                   cwd=REPO, env=run_env(), check=True, capture_output=True, timeout=120)
    pages = tmp_path / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as handle:
        for record in records:
            with urllib.request.urlopen(record["url"], timeout=10) as response:
                html = response.read().decode("utf-8")
            handle.write(json.dumps({"url": record["url"], "html": html}, ensure_ascii=False) + "\n")
    from_pages = tmp_path / "pages.clean.jsonl"
    subprocess.run([PYTHON, "-m", "cleaners", str(pages), "-o", str(from_pages)],
                   cwd=REPO, env=run_env(), check=True, capture_output=True, timeout=120)

    def without_source(items):
        return {item["url"]: {k: v for k, v in item.items() if k != "source"} for item in items}

    crawl = without_source(records)
    assert without_source(read_jsonl(from_warc)) == crawl
    assert without_source(read_jsonl(from_pages)) == crawl


def test_output_is_utf8_not_escaped(crawled):
    _, _, _, folder = crawled
    raw = (folder / "articles.jsonl").read_text(encoding="utf-8")
    assert "\\u" not in raw and "Tuyên Quang" in raw


def test_interrupted_crawl_resumes_with_jobdir(tmp_path):
    """SIGINT half way, then the same command with the same JOBDIR (and -O, which a resumed
    job turns into append): every article once, none missing."""
    server = FixtureServer(Site(), delay=0.2).start()
    out, job = tmp_path / "articles.jsonl", tmp_path / "job"
    command = crawl_command(server, "-O", str(out), "-s", f"JOBDIR={job}", "-s", "CONCURRENT_REQUESTS=2")
    try:
        first = subprocess.Popen(command, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(p.startswith(("/thoi-su/", "/kinh-te/", "/van-hoa/")) and p.endswith(".html")
                  for p in server.paths()) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGINT)
        _, stderr = first.communicate(timeout=60)
        assert "Traceback" not in stderr, stderr[-3000:]
        written_first = read_jsonl(out) if out.exists() else []
        assert 0 < len(written_first) < len(server.site.articles), "the first run was not cut half way"
        assert not (job / "news_crawl.running").exists(), "a clean stop must not look like a kill"

        server.delay = 0
        second = run_crawl(server, "-O", str(out), "-s", f"JOBDIR={job}")
        assert "request queue is discarded" not in second.stderr  # Scrapy's queue is resumed
        records = read_jsonl(out)
        urls = [r["url"] for r in records]
        assert len(urls) == len(set(urls)), "an article was written twice after resuming"
        assert set(urls) == expected_urls(server), second.stderr[-3000:]
    finally:
        server.stop()


def test_limits_max_articles_since_and_lang(tmp_path):
    server = FixtureServer(Site()).start()
    try:
        out = tmp_path / "three.jsonl"
        run_crawl(server, "-a", "max_articles=3", "-O", str(out))
        assert len(read_jsonl(out)) == 3

        since = "2024-10-03"
        out = tmp_path / "recent.jsonl"
        run_crawl(server, "-a", f"since={since}", "-O", str(out))
        expected = {server.url + a.path for a in server.site.articles if a.date[:10] >= since}
        assert {r["url"] for r in read_jsonl(out)} == expected

        out = tmp_path / "english.jsonl"
        done = run_crawl(server, "-a", "lang=en", "-O", str(out))
        assert read_jsonl(out) == []
        assert f"dropped: language {len(server.site.articles)}" in done.stderr
    finally:
        server.stop()


@pytest.mark.parametrize("argument, message", [
    ("since=last-week", "since='last-week': not a date YYYY-MM-DD"),
    ("max_articles=abc", "max_articles='abc': not a whole number"),
    ("depth=-1", "depth='-1': must be 0 or more"),
    ("lang=vn", "lang='vn': not a language code langdetect gives"),
    ("max_article=2", "-a max_article: unknown argument; the arguments are urls, seeds, max_articles, depth"),
    ("seeds=seeds/urls.txt", "-a urls and -a seeds: give one of them"),
])
def test_bad_argument_is_one_error_line_and_leaves_the_output_alone(tmp_path, argument, message):
    """Checked before Scrapy's feed exporter opens the -O file: a rejected command
    neither wipes an existing output nor creates one, and exits 2."""
    server = FixtureServer(Site()).start()
    try:
        keep, new = tmp_path / "keep.jsonl", tmp_path / "new.jsonl"
        keep.write_text('{"kept": true}\n', encoding="utf-8")
        for out in (keep, new):
            done = run_crawl(server, "-a", argument, "-O", str(out), "-s", f"JOBDIR={tmp_path / 'job'}")
            errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
            assert done.returncode == 2, done.stderr[-2000:]
            assert len(errors) == 1 and message in errors[0], errors
        assert keep.read_text(encoding="utf-8") == '{"kept": true}\n'
        assert not new.exists() and not (tmp_path / "job").exists()
        assert server.paths() == []
    finally:
        server.stop()


def test_missing_seed_file_is_a_usage_error(tmp_path):
    out = tmp_path / "keep.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    done = subprocess.run([PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"seeds={tmp_path / 'missing.txt'}",
                           "-O", str(out)], cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "missing.txt: cannot be read" in done.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_crawl_appending_again_writes_no_article_twice(tmp_path):
    """Without JOBDIR, a second crawl appending (-o) to the first one's output reads it
    first: the articles already there are dropped as duplicate_url, not written again."""
    server = FixtureServer(Site()).start()
    try:
        out = tmp_path / "articles.jsonl"
        run_crawl(server, "-o", str(out))
        first = out.read_bytes()
        again = run_crawl(server, "-o", str(out))
        assert out.read_bytes() == first
        assert f"duplicate_url {len(server.site.articles)}" in again.stderr
        assert len(read_jsonl(out)) == len(server.site.articles)
    finally:
        server.stop()


def test_without_an_output_option_articles_are_appended_to_news_output(tmp_path):
    """No -o/-O: the default feed, NEWS_OUTPUT, gets the articles, is read first by the
    next crawl (nothing written twice), and is checked as -O is: a folder is a usage
    error before anything is fetched."""
    server = FixtureServer(Site()).start()
    try:
        out = tmp_path / "default.jsonl"
        run_crawl(server, "-s", f"NEWS_OUTPUT={out}")
        first = out.read_bytes()
        assert {r["url"] for r in read_jsonl(out)} == expected_urls(server)
        again = run_crawl(server, "-s", f"NEWS_OUTPUT={out}")
        assert out.read_bytes() == first
        assert f"duplicate_url {len(server.site.articles)}" in again.stderr
        fetched = len(server.paths())
        folder = tmp_path / "folder.jsonl"
        folder.mkdir()
        refused = run_crawl(server, "-s", f"NEWS_OUTPUT={folder}")
        assert refused.returncode == 2
        assert f"output '{folder}' is a folder or no file name; nothing crawled" in refused.stderr
        assert len(server.paths()) == fetched and list(folder.iterdir()) == []
    finally:
        server.stop()


@pytest.mark.parametrize("setting, message", [
    ("NEWS_CLEAN_TIMEOUT=soon", "NEWS_CLEAN_TIMEOUT='soon': not a number of seconds"),
    ("NEWS_CLEAN_TIMEOUT=-1", "NEWS_CLEAN_TIMEOUT='-1': must be 0 (no limit) or a number of seconds"),
    ("NEWS_MAX_NODES=0", "NEWS_MAX_NODES='0': must be at least 1"),
    ("NEWS_MAX_HTML_DEPTH=deep", "NEWS_MAX_HTML_DEPTH='deep': not a whole number"),
    ("NEWS_DEDUP=fuzzy", "NEWS_DEDUP='fuzzy': expected one of none, exact, near"),
    ("NEWS_TONE_MARKS=modern", "NEWS_TONE_MARKS='modern': expected one of new, old, keep"),
    ("NEWS_FILTER=strict", "NEWS_FILTER='strict': expected one of none, corpus"),
])
def test_bad_limit_setting_is_reported_without_crawling(tmp_path, setting, message):
    server = FixtureServer(Site()).start()
    try:
        done = run_crawl(server, "-s", setting, "-O", str(tmp_path / "none.jsonl"))
        assert message in done.stderr
        assert server.paths() == []
    finally:
        server.stop()


def test_corpus_settings_reach_the_crawl(crawled, tmp_path):
    """NEWS_DEDUP=near: the fixture's articles, each eight sentences drawn from sixteen,
    are near duplicates of one another in part, and are dropped as such; NEWS_TONE_MARKS
    reaches the cleaning processes (the author "Quang Hòa" written "Quang Hoà")."""
    _, exact, _, _ = crawled
    server = FixtureServer(Site()).start()
    try:
        out = tmp_path / "near.jsonl"
        done = run_crawl(server, "-s", "NEWS_DEDUP=near", "-s", "NEWS_TONE_MARKS=new", "-O", str(out))
        records = read_jsonl(out)
        dropped = int(re.search(r"summary: dropped: .*near_duplicate (\d+)", done.stderr).group(1))
        assert dropped > 0 and len(records) + dropped == len(exact), done.stderr[-2000:]
        assert "Quang Hòa" in {r["author"] for r in exact}
        quang = [r["author"] for r in records if (r["author"] or "").startswith("Quang")]
        assert quang and set(quang) == {"Quang Hoà"}
    finally:
        server.stop()


def test_cleaning_limits_reach_the_cleaning_processes(tmp_path):
    """NEWS_MAX_NODES below the size of any fixture page: every page fetched (the home
    page, the articles its sitemaps list) is dropped as too_many_nodes, none written."""
    server = FixtureServer(Site()).start()
    try:
        out = tmp_path / "none.jsonl"
        done = run_crawl(server, "-s", "NEWS_MAX_NODES=30", "-O", str(out))
        assert read_jsonl(out) == []
        fetched = int(re.search(r"pages fetched (\d+)", done.stderr).group(1))
        over = re.search(r"dropped: .*too_many_nodes (\d+)", done.stderr)
        assert fetched > 1 and over and int(over.group(1)) == fetched, done.stderr[-2000:]
    finally:
        server.stop()


def test_resume_refetches_articles_lost_from_the_output(crawled, tmp_path):
    """A crawl killed outright can lose the feed's last buffered lines (and tear one):
    resumed with the same JOBDIR, those articles are fetched and written again."""
    server, _, _, folder = crawled
    out, job = tmp_path / "articles.jsonl", tmp_path / "job"
    shutil.copytree(folder / "job", job)
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == len(server.site.articles)
    out.write_text("".join(lines[:-3]) + lines[-3][:40], encoding="utf-8")  # 3 lost, 1 of them torn

    run_crawl(server, "-o", str(out), "-s", f"JOBDIR={job}")
    records = read_jsonl(out)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    assert set(urls) == expected_urls(server)
