"""The crawl's cleaning pool (crawler/pool.py), in a process of its own so that its
forkserver starts from nothing, as in a crawl: starting takes seconds, and the event loop
(Scrapy's reactor) must go on meanwhile."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import PYTHON, REPO, run_env

SCRIPT = """
import asyncio, json, time
from crawler.pool import CleaningPool
from crawler.worker import PageJob
from tests.fixture_site import Site

site = Site()
article = site.article(9)
base = "http://127.0.0.1:8000"
job = PageJob(base + article.path, site.article_page(article, base).encode(), "text/html; charset=utf-8",
              came_from=frozenset(), sites=frozenset({"127.0.0.1"}))

async def main():
    pool = CleaningPool(workers=2)
    ticks = 0
    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1
    ticker = asyncio.ensure_future(tick())
    started = time.monotonic()
    pool.start()
    returned = time.monotonic() - started
    report = await pool.examine(job)
    elapsed = time.monotonic() - started
    ticker.cancel()
    pool.close()
    print(json.dumps({"returned": returned, "elapsed": elapsed, "ticks": ticks,
                      "written": report.result.ok, "links": len(report.links)}))

asyncio.run(main())
"""


def test_the_pool_starts_without_holding_up_the_event_loop():
    done = subprocess.run([PYTHON, "-c", SCRIPT], cwd=REPO, env=run_env(), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.splitlines()[-1])
    assert figures["written"] and figures["links"] > 10
    assert figures["returned"] < 0.1, figures  # start() only starts a thread
    # The loop ticked (every 10 ms) through most of the start-up and the page: it was never
    # held for long (a start on the loop's thread blocks it for the forkserver's imports).
    assert figures["ticks"] * 0.01 > 0.5 * figures["elapsed"], figures
