"""``scrapy crawl news`` on one Redis queue against the fixture site (127.0.0.1): the seed
command fills the queue, two worker processes write every article exactly once between
them, and a worker killed half way (with its cleaning processes) loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PYTHON, REPO, read_jsonl, run_env
from tests.fixture_site import FixtureServer, Site
from tests.fixture_site import content as fixture

pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed: pip install -e '.[scale]'")
import redis  # noqa: E402  (installed with scrapy-redis)

ARTICLES = 24


@pytest.fixture
def server():
    site = FixtureServer(Site(articles=ARTICLES), delay=0.25).start()
    yield site
    site.stop()


def news(redis_url: str, server: FixtureServer, parts: Path, log: Path, *settings: str) -> subprocess.Popen:
    """``scrapy crawl news`` as a shared-queue worker, in its own process group."""
    args = [PYTHON, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/",
            "-s", f"REDIS_URL={redis_url}", "-s", f"NEWS_PARTS_DIR={parts}", "-s", "NEWS_IDLE_TIMEOUT=1",
            "-s", "NEWS_REDIS_HEARTBEAT=2", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
            "-s", "NEWS_CLEAN_WORKERS=1", "-s", "LOG_LEVEL=INFO", *[x for s in settings for x in ("-s", s)]]
    return subprocess.Popen(args, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=open(log, "w"),
                            start_new_session=True)


def finish(process: subprocess.Popen, log: Path, timeout: float = 150) -> None:
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"worker did not stop: {log.read_text()[-3000:]}")
    assert code == 0, log.read_text()[-3000:]
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def records(parts: Path) -> list[dict]:
    return read_jsonl(*sorted(parts.glob("*.jsonl")))


def expected_urls(server: FixtureServer) -> set[str]:
    return {server.url + article.path for article in server.site.articles}


def seed(redis_url: str, server: FixtureServer, tmp_path: Path) -> None:
    finish(news(redis_url, server, tmp_path / "parts", tmp_path / "seed.log", "NEWS_SEED_ONLY=1"),
           tmp_path / "seed.log")
    assert server.paths() == [], "seeding fetches nothing"


def test_two_news_workers_write_every_article_exactly_once(tmp_path, redis_url, server):
    seed(redis_url, server, tmp_path)
    parts = tmp_path / "parts"
    # Each worker holds at most 2 requests (the one site's 2 at a time): with the default 16,
    # the worker that enqueues the sitemap's articles takes most of them before the other
    # looks at the queue, and may leave it none (README: "Crawling: many processes").
    workers = [news(redis_url, server, parts, tmp_path / f"w{i}.log", "CONCURRENT_REQUESTS=2") for i in range(2)]
    for i, process in enumerate(workers):
        finish(process, tmp_path / f"w{i}.log")
    written = records(parts)
    urls = [r["url"] for r in written]
    assert len(urls) == len(set(urls)), "an article was written twice"
    assert len({r["hash"] for r in written}) == len(written)
    assert set(urls) == expected_urls(server)
    assert len(list(parts.glob("*.jsonl"))) == 2, "each worker writes its own part, and both had work"
    # The parts are the output: no worker appends to the default feed (output/articles.jsonl),
    # which a later crawl on the same machine would read as articles written already.
    assert not any("Stored jsonlines feed" in (tmp_path / f"w{i}.log").read_text() for i in range(2))
    # One seen-set: no page fetched twice, except robots.txt (each process's own) and the
    # article that answers 500 once (retried).
    paths = server.paths()
    twice = {p for p in paths if paths.count(p) > 1}
    assert twice <= {"/robots.txt", server.site.article(fixture.FLAKY).path}, twice
    # Both stopped with nothing left behind: an empty queue, no request in flight.
    shared = redis.Redis.from_url(redis_url)
    assert shared.zcard("news:requests") == 0
    assert not shared.keys("news:inflight:*") and not shared.smembers("news:workers")
    merged = tmp_path / "articles.jsonl"
    done = subprocess.run([PYTHON, "-m", "crawler.parts", str(parts), "-o", str(merged)], cwd=REPO,
                          env=run_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert {json.loads(x)["url"] for x in merged.read_text().splitlines()} == expected_urls(server)


def test_max_articles_holds_for_all_the_workers_together(tmp_path, redis_url, server):
    seed(redis_url, server, tmp_path)
    parts = tmp_path / "parts"
    limit = 5
    workers = [news(redis_url, server, parts, tmp_path / f"w{i}.log", "CONCURRENT_REQUESTS=2",
                    f"NEWS_MAX_ARTICLES={limit}") for i in range(2)]
    for i, process in enumerate(workers):
        finish(process, tmp_path / f"w{i}.log")
    urls = [r["url"] for r in records(parts)]
    assert len(urls) == limit and len(set(urls)) == limit
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
    assert any("summary (max_articles)" in log for log in logs), logs[0][-2000:]


def test_a_news_worker_killed_half_way_loses_nothing(tmp_path, redis_url, server):
    seed(redis_url, server, tmp_path)
    parts = tmp_path / "parts"
    first = news(redis_url, server, parts, tmp_path / "first.log")
    deadline = time.monotonic() + 90
    while len(records(parts)) < ARTICLES // 3:
        assert first.poll() is None and time.monotonic() < deadline, (tmp_path / "first.log").read_text()[-3000:]
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the crawl and its cleaning processes, at once
    first.wait()
    second = news(redis_url, server, parts, tmp_path / "second.log")
    finish(second, tmp_path / "second.log")
    assert {r["url"] for r in records(parts)} == expected_urls(server), "an article was lost"
    assert "put back in the queue" in (tmp_path / "second.log").read_text()
