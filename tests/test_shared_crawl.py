"""The shared-crawl machinery with a small spider (``scrapy runspider`` with
``-s REDIS_URL``) and a real Redis: seeding, and an unreachable Redis. The crawls of
``scrapy crawl news`` by several workers are in test_shared_news.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import PYTHON, REPO, run_env
from .shared_crawl.site import Site

pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed: pip install -e '.[scale]'")
import redis  # noqa: E402  (installed with scrapy-redis)

SPIDER = REPO / "tests" / "shared_crawl" / "spider.py"
ARTICLES = 40


@pytest.fixture
def site():
    server = Site(articles=ARTICLES, delay=0.05).start()
    yield server
    server.stop()


def worker(redis_url: str, site: Site, parts: Path, log: Path, *settings: str) -> subprocess.Popen:
    args = [PYTHON, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"site={site.url}",
            "-s", f"REDIS_URL={redis_url}", "-s", f"NEWS_PARTS_DIR={parts}", "-s", "NEWS_IDLE_TIMEOUT=1",
            "-s", "NEWS_REDIS_HEARTBEAT=2", "-s", "CONCURRENT_REQUESTS=4", "-s", "LOG_LEVEL=INFO",
            *[item for s in settings for item in ("-s", s)]]
    return subprocess.Popen(args, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def wait(process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    try:
        assert process.wait(timeout=timeout) == 0, log.read_text()[-3000:]
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"worker did not stop: {log.read_text()[-3000:]}")


def test_seeding_fills_the_shared_queue_without_fetching(tmp_path, redis_url, site):
    log = tmp_path / "seed.log"
    wait(worker(redis_url, site, tmp_path / "parts", log, "NEWS_SEED_ONLY=1"), log)
    assert site.paths() == []
    assert redis.Redis.from_url(redis_url).zcard("shared:requests") == 1


def test_an_unreachable_redis_is_one_clear_error(tmp_path, site):
    from .shared_crawl.redis_server import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run([PYTHON, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"site={site.url}",
                           "-s", f"REDIS_URL={url}", "-s", f"NEWS_PARTS_DIR={tmp_path}", "-s", "LOG_LEVEL=INFO"],
                          cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120)
    assert f"cannot reach Redis at {url}" in done.stderr
    assert "Traceback" not in done.stderr
    assert site.paths() == []
