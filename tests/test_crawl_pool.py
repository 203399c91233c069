"""The crawl's cleaning pool (crawler/pool.py): started in a process of its own so that
its forkserver starts from nothing, as in a crawl (starting takes seconds, and the event
loop, Scrapy's reactor, must go on meanwhile); and a worker stuck or dead on one page costs
that page only."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from dataclasses import replace

import pytest

from cleaners.core.limits import Limits
from crawler.pool import CleaningPool
from crawler.worker import PageJob, PageReport, examine_page
from tests.conftest import PYTHON, REPO, run_env
from tests.fixture_site import Site

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


def examine_or_fail(job: PageJob) -> PageReport:
    """``examine_page``, except on two pages that break a worker as real pages can: one is
    stuck where the time limit cannot interrupt it (as inside C code), one kills it."""
    if job.url.endswith("/treo"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if job.url.endswith("/chet"):
        os.kill(os.getpid(), signal.SIGKILL)
    return examine_page(job)


@pytest.mark.parametrize("bad", ["treo", "chet"])
def test_a_stuck_or_dying_worker_costs_only_its_page(bad):
    site = Site()
    base = "http://127.0.0.1:8000"
    articles = [site.article(n) for n in range(5, 13)]
    jobs = [PageJob(base + a.path, site.article_page(a, base).encode(), "text/html; charset=utf-8",
                    came_from=frozenset(), sites=frozenset({"127.0.0.1"}), limits=Limits(timeout=0.5))
            for a in articles]
    bad_job = replace(jobs[0], url=f"{base}/{bad}")
    jobs.insert(3, bad_job)

    async def crawl():
        pool = CleaningPool(workers=2, limits=Limits(timeout=0.5), examine=examine_or_fail)
        try:
            return await asyncio.gather(*(pool.examine(job) for job in jobs))
        finally:
            pool.close()

    started = time.monotonic()
    reports = asyncio.run(crawl())
    assert time.monotonic() - started < 30  # three tries of 0.5 s and the grace, not the 60 s sleep
    failed = reports.pop(3).result
    assert (failed.reason, failed.source) == ("worker_died", f"{base}/{bad}")
    assert "stuck past the time limit" in failed.message
    assert [(r.result.source, r.result.reason) for r in reports] == [(job.url, None) for job in jobs if job != bad_job]
