"""The crawl's pool of cleaning processes: every fetched HTML page is read there
(``crawler.worker.examine_page``), off the reactor, which only awaits the report. The
processes are the cleaning library's ``SupervisedPool``, as for ``python -m cleaners``,
started from a forkserver (the crawl process runs threads: it must not fork)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from scrapy import signals

from cleaners import DEFAULT_LIMITS, Limits, Result, SupervisedPool, hard_deadline

from .seeds import cleaning_limits
from .worker import PageJob, PageReport, examine_page

TRIES = 2  # a page that kills or holds its worker this many times is dropped


class CleaningPool:
    """``workers`` processes (0: the number of cores, at most 4) at CPU priority lowered by
    ``niceness``, each page read there by ``examine``. A worker that dies on a page (out of
    memory, a crash in a C library) or holds it past the hard deadline (the time limit of
    ``limits`` plus a grace) is replaced and that page alone is read again; a page that
    costs a worker twice is reported with the reason ``worker_died``. The crawl goes on."""

    def __init__(self, workers: int = 0, niceness: int = 0, limits: Limits = DEFAULT_LIMITS,
                 examine: Callable[[PageJob], PageReport] = examine_page) -> None:
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.processes = SupervisedPool(examine, self.workers, hard_deadline(limits), _lost,
                                        start_method="forkserver", preload=["crawler.preload"], niceness=niceness)

    @classmethod
    def from_settings(cls, settings) -> CleaningPool:
        return cls(settings.getint("NEWS_CLEAN_WORKERS"), settings.getint("NEWS_CLEAN_NICE"),
                   cleaning_limits(settings))

    @classmethod
    def from_crawler(cls, crawler) -> CleaningPool:
        """The crawl's pool, a Scrapy extension (the spider gets it with
        ``crawler.get_extension``): its processes start now, right after the spider is made,
        while Scrapy sets up and fetches robots.txt and sitemaps (not for NEWS_SEED_ONLY,
        which cleans nothing); they stop when the spider closes."""
        pool = cls.from_settings(crawler.settings)
        if not crawler.settings.getbool("NEWS_SEED_ONLY"):
            pool.start()
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    def start(self) -> None:
        """Start the processes, from a thread of the pool's own: the first start (a
        forkserver importing the cleaners) takes seconds that the reactor must not wait
        through (a shared crawl's heartbeat would stop, and other processes take this one
        for dead)."""
        self.processes.start()

    async def examine(self, job: PageJob) -> PageReport:
        """The page's report, from a worker."""
        for _ in range(TRIES):
            try:
                report = await asyncio.wrap_future(self.processes.submit(job))
            except Exception as error:  # no process could start (a resource limit): tried again next page
                return PageReport(result=Result(job.url, reason="error", message=f"no cleaning process: {error}"))
            if report is not None:
                return report
        return PageReport(result=Result(job.url, reason="worker_died", message=(
            "the cleaning process died or was stuck past the time limit on this page, twice")))

    def close(self, *_) -> None:
        """Wait for the pages in hand and stop the workers."""
        self.processes.close()


def _lost(job: PageJob, reason: str, message: str) -> PageReport | None:
    """What stands for a page's report when its worker did not give one: None (try
    again) when the worker died or was stuck on it."""
    if reason in ("timeout", "worker_died"):
        return None
    return PageReport(result=Result(job.url, reason=reason, message=message))
