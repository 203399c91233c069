"""Crawl speed: ``scrapy crawl news`` over a generated fixture site of N articles on
127.0.0.1 (no politeness delays), printing wall time, pages and articles per second.

    python bench/crawl_speed.py [--articles 2000] [--workers N] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import run_env  # noqa: E402
from tests.fixture_site import FixtureServer, Site  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=0, help="NEWS_CLEAN_WORKERS (0: default)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests at a time to the one site")
    args = parser.parse_args()
    server = FixtureServer(Site(args.articles, per_page=20)).start()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "articles.jsonl"
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/", "-O", str(out),
                   "-a", "depth=10", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                   "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
                   "-s", f"NEWS_CLEAN_WORKERS={args.workers}", "-s", "LOG_LEVEL=INFO"]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, env=run_env(), capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        written = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if json.loads(line)) \
            if out.exists() else 0
    requests = len(server.requests)
    server.stop()
    print(f"articles on site {len(server.site.articles)}, written {written}, requests served {requests}")
    print(f"wall {elapsed:.1f} s, {requests / elapsed:.1f} requests/s, {written / elapsed:.1f} articles/s")
    for line in done.stderr.splitlines():
        if "summary" in line or "memusage/max" in line:
            print(line.split(": ", 1)[-1] if "summary" in line else line.strip())
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
