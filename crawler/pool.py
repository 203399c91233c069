"""The crawl's pool of cleaning processes: every fetched HTML page is read there
(``crawler.worker.examine_page``), off the reactor, which only awaits the report."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy import signals

from cleaners import Result

from .worker import PageJob, PageReport, examine_page, init_worker, within_deadline


def _context() -> multiprocessing.context.BaseContext:
    # Never fork the crawl process (it runs threads); forkserver where there is one.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.preload"])  # workers start with cleaners imported and warm
    return context


class CleaningPool:
    """``workers`` processes (0: the number of cores, at most 4) at CPU priority lowered by
    ``niceness``, each page read there by ``examine`` within a hard deadline (the time limit
    plus a grace). A worker that dies (out of memory, a crash in a C library) or is stuck
    past the deadline breaks the pool: a new pool takes over and the pages it held are
    given again, one at a time; a page that breaks it twice on its own is reported with the
    reason ``worker_died``. The crawl goes on."""

    def __init__(self, workers: int = 0, niceness: int = 0,
                 examine: Callable[[PageJob], PageReport] = examine_page) -> None:
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.niceness = niceness
        self.examine_in_worker = examine
        self.started: Future | None = None  # the executor, once its processes run
        self._one_at_a_time = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings) -> CleaningPool:
        return cls(settings.getint("NEWS_CLEAN_WORKERS"), settings.getint("NEWS_CLEAN_NICE"))

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
        """Start the processes, from a thread of their own: the first start (a forkserver
        importing the cleaners) takes seconds that the reactor must not wait through (a
        shared crawl's heartbeat would stop, and other processes take this one for dead)."""
        if self.started is None:
            self.started = Future()
            threading.Thread(target=self._start, args=(self.started,), daemon=True).start()

    def _start(self, started: Future) -> None:
        try:
            executor = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=init_worker,
                                           initargs=(os.getpid(), self.niceness))
            for _ in range(self.workers):  # each submit to a pool with no idle process starts one
                executor.submit(os.getpid)
        except BaseException as error:
            started.set_exception(error)
        else:
            started.set_result(executor)

    async def examine(self, job: PageJob) -> PageReport:
        """The page's report, from a worker."""
        report = await self._examine_once(job)
        if report is not None:
            return report
        # The pool broke while it held this page, and perhaps others: each of them is given
        # again, one at a time, so that a page that breaks the pool on its own is the one lost.
        async with self._one_at_a_time:
            for _ in range(2):
                report = await self._examine_once(job)
                if report is not None:
                    return report
        return PageReport(result=Result(job.url, reason="worker_died", message=(
            "the cleaning process died or was stuck past the time limit on this page, twice")))

    async def _examine_once(self, job: PageJob) -> PageReport | None:
        """The page's report, or None when the pool broke while it held the page."""
        self.start()
        started = self.started
        try:
            executor = await asyncio.wrap_future(started)
        except Exception as error:  # no process could start (a resource limit): try again next page
            if self.started is started:
                self.started = None
            return PageReport(result=Result(job.url, reason="error", message=f"no cleaning process: {error}"))
        try:
            return await asyncio.wrap_future(executor.submit(within_deadline, self.examine_in_worker, job))
        except BrokenProcessPool:
            if self.started is started:  # the first of the pages it held to get here replaces it
                executor.shutdown(wait=False, cancel_futures=True)
                self.started = None
            return None

    def close(self, *_) -> None:
        """Wait for the pages in hand and stop the workers."""
        started, self.started = self.started, None
        if started is not None and started.exception() is None:
            started.result().shutdown(wait=True)
