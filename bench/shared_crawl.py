"""Throughput of a crawl shared through Redis with 1 and with 2 worker processes on a
local site (run by hand; needs redis-server and the scale extra).

    python bench/shared_crawl.py [--news] [--articles 120] [--delay 0.2]

Starts a redis-server and a local site (every answer delayed by ``--delay`` seconds, like
a remote site), crawls it with 1 worker, then afresh with 2 workers, and prints pages per
second for each. Default: the small site and spider of tests/shared_crawl (no cleaning);
``--news``: ``scrapy crawl news`` (cleaning included, one cleaning process per worker) on
the fixture site of tests/fixture_site.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.shared_crawl.redis_server import free_port, redis_command  # noqa: E402
from tests.shared_crawl.site import Site  # noqa: E402

SPIDER = REPO / "tests" / "shared_crawl" / "spider.py"


def spider_command(news: bool, url: str) -> list[str]:
    if news:
        return ["crawl", "news", "-a", f"urls={url}/", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                "-s", "NEWS_CLEAN_WORKERS=1"]
    return ["runspider", str(SPIDER), "-a", f"site={url}"]


def hits(site) -> int:
    return len(site.paths())


def crawl(workers: int, site, tmp: Path, concurrency: int, news: bool) -> tuple[int, int, float]:
    """(pages fetched, articles written, seconds) of one crawl by ``workers`` processes."""
    binary = shutil.which("redis-server")
    port = free_port()
    redis = subprocess.Popen(redis_command(binary, tmp, port), stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    parts = tmp / f"parts{workers}"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    hits_before = hits(site)
    started = time.perf_counter()
    processes = [subprocess.Popen(
        [sys.executable, "-m", "scrapy", *spider_command(news, site.url), "-s", f"REDIS_URL=redis://127.0.0.1:{port}/0", "-s", f"NEWS_PARTS_DIR={parts}",
         "-s", "NEWS_IDLE_TIMEOUT=1", "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    for process in processes:
        process.wait()
    elapsed = time.perf_counter() - started
    redis.terminate()
    redis.wait()
    articles = sum(1 for part in parts.glob("*.jsonl") for line in part.read_text().splitlines() if json.loads(line))
    return hits(site) - hits_before, articles, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", action="store_true", help="scrapy crawl news on the fixture site")
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each answer")
    parser.add_argument("--concurrency", type=int, default=4, help="CONCURRENT_REQUESTS per worker")
    opts = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed")
    if opts.news:
        from tests.fixture_site import FixtureServer
        from tests.fixture_site import Site as FixtureSite

        site = FixtureServer(FixtureSite(opts.articles, 20), delay=opts.delay).start()
    else:
        site = Site(articles=opts.articles, delay=opts.delay).start()
    with tempfile.TemporaryDirectory() as tmp:
        lines = []
        for workers in (1, 2):
            pages, articles, elapsed = crawl(workers, site, Path(tmp), opts.concurrency, opts.news)
            lines.append(f"{workers} worker(s): {pages} pages, {articles} articles in {elapsed:.1f} s "
                         f"= {pages / elapsed:.1f} pages/s (includes ~2 s of Scrapy start-up and the 1 s idle timeout)")
    site.stop()
    print(f"{'scrapy crawl news' if opts.news else 'test spider'}; cores: {os.cpu_count()}, "
          f"load average: {os.getloadavg()[0]:.1f}; site delay {opts.delay} s, "
          f"CONCURRENT_REQUESTS={opts.concurrency} per worker")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
