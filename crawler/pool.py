"""The crawl's pool of cleaning processes: every fetched HTML page is read there
(``crawler.worker.examine_page``), off the reactor, which only awaits the report."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from cleaners.pipeline import Result

from .worker import PageJob, PageReport, examine_page, init_worker


def _context() -> multiprocessing.context.BaseContext:
    # Never fork the crawl process (it runs threads); forkserver where there is one.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.worker"])  # workers start with cleaners imported
    return context


class CleaningPool:
    """``workers`` processes (0: the number of cores, at most 4) at CPU priority lowered by
    ``niceness``, started on first use. A worker that dies (out of memory, a crash in a C
    library) costs the pages it held, reported with the reason ``worker_died``; a new pool
    takes over and the crawl goes on."""

    def __init__(self, workers: int = 0, niceness: int = 0) -> None:
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.niceness = niceness
        self.executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_settings(cls, settings) -> CleaningPool:
        return cls(settings.getint("NEWS_CLEAN_WORKERS"), settings.getint("NEWS_CLEAN_NICE"))

    async def examine(self, job: PageJob) -> PageReport:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=init_worker,
                                                initargs=(os.getpid(), self.niceness))
        executor = self.executor
        try:
            return await asyncio.wrap_future(executor.submit(examine_page, job))
        except BrokenProcessPool:
            if self.executor is executor:  # the first of the pages it held to get here replaces it
                executor.shutdown(wait=False, cancel_futures=True)
                self.executor = None
            return PageReport(result=Result(job.url, reason="worker_died", message="the cleaning process died"))

    def close(self) -> None:
        """Wait for the pages in hand and stop the workers."""
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None
