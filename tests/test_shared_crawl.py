"""A crawl shared through a real Redis: worker processes (``scrapy runspider`` with
``-s REDIS_URL``) on one queue and seen-set write every article exactly once between
them; a worker killed half way loses nothing; ``python -m crawler.parts`` merges."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import PYTHON, REPO, run_env
from .shared_crawl.redis_server import start_redis
from .shared_crawl.site import Site

pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed: pip install -e '.[scale]'")
import redis  # noqa: E402  (installed with scrapy-redis)

SPIDER = REPO / "tests" / "shared_crawl" / "spider.py"
ARTICLES = 40


@pytest.fixture
def redis_url(tmp_path):
    process, url = start_redis(tmp_path)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def site():
    server = Site(articles=ARTICLES, delay=0.3).start()
    yield server
    server.shutdown()
    server.server_close()


def worker(redis_url: str, site: Site, parts: Path, log: Path, *settings: str) -> subprocess.Popen:
    args = [PYTHON, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"site={site.url}",
            "-s", f"REDIS_URL={redis_url}", "-s", f"NEWS_PARTS_DIR={parts}", "-s", "NEWS_IDLE_TIMEOUT=1",
            "-s", "NEWS_REDIS_HEARTBEAT=2", "-s", "CONCURRENT_REQUESTS=4", "-s", "LOG_LEVEL=INFO",
            *[item for s in settings for item in ("-s", s)]]
    return subprocess.Popen(args, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def part_records(parts: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(parts.glob("*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def article_numbers(records: list[dict]) -> list[int]:
    return sorted(int(r["source"].rsplit("/", 1)[1].split("?")[0]) for r in records)


def wait(process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    try:
        assert process.wait(timeout=timeout) == 0, log.read_text()[-3000:]
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"worker did not stop: {log.read_text()[-3000:]}")


def test_two_workers_write_every_article_exactly_once(tmp_path, redis_url, site):
    parts = tmp_path / "parts"
    workers = [worker(redis_url, site, parts, tmp_path / f"w{i}.log") for i in range(2)]
    for i, process in enumerate(workers):
        wait(process, tmp_path / f"w{i}.log")
    records = part_records(parts)
    assert article_numbers(records) == list(range(ARTICLES))
    assert len(list(parts.glob("*.jsonl"))) == 2, "each worker writes its own part, and both had work"
    # Every page was fetched once by the two together (one queue, one seen-set).
    assert sorted(set(site.hits)) == sorted(site.hits)
    # Both stopped with nothing left behind: an empty queue, no request in flight.
    server = redis.Redis.from_url(redis_url)
    assert server.zcard("shared:requests") == 0
    assert not server.keys("shared:inflight:*") and not server.smembers("shared:workers")
    merged = tmp_path / "articles.jsonl"
    done = subprocess.run([PYTHON, "-m", "crawler.parts", str(parts), "-o", str(merged)], cwd=REPO,
                          env=run_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert article_numbers([json.loads(x) for x in merged.read_text().splitlines()]) == list(range(ARTICLES))


def test_a_worker_killed_half_way_loses_nothing(tmp_path, redis_url, site):
    parts = tmp_path / "parts"
    first = worker(redis_url, site, parts, tmp_path / "first.log")
    deadline = time.monotonic() + 60
    while len(part_records(parts)) < ARTICLES // 3:
        assert first.poll() is None and time.monotonic() < deadline, (tmp_path / "first.log").read_text()[-3000:]
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)  # no chance to clean up: its popped requests are in flight
    first.wait()
    second = worker(redis_url, site, parts, tmp_path / "second.log")
    wait(second, tmp_path / "second.log")
    records = part_records(parts)
    assert set(article_numbers(records)) == set(range(ARTICLES)), "an article was lost"
    assert "put back in the queue" in (tmp_path / "second.log").read_text()


def test_seeding_fills_the_shared_queue_without_fetching(tmp_path, redis_url, site):
    log = tmp_path / "seed.log"
    wait(worker(redis_url, site, tmp_path / "parts", log, "NEWS_SEED_ONLY=1"), log)
    assert site.hits == []
    assert redis.Redis.from_url(redis_url).zcard("shared:requests") == 1


def test_an_unreachable_redis_is_one_clear_error(tmp_path, site):
    from .shared_crawl.redis_server import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run([PYTHON, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"site={site.url}",
                           "-s", f"REDIS_URL={url}", "-s", f"NEWS_PARTS_DIR={tmp_path}", "-s", "LOG_LEVEL=INFO"],
                          cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)
    assert f"cannot reach Redis at {url}" in done.stderr
    assert "Traceback" not in done.stderr
    assert site.hits == []
