"""Item pipelines: keep the raw response in a WARC file (optional), then clean each page
with ``cleaners`` in a pool of worker processes (the reactor never waits on it), drop
pages that give no article (counted by reason) and articles already written (by
canonical URL or text hash, remembered across ``JOBDIR`` restarts)."""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from .items import Page
from .jobstate import JobState
from .urls import canonical_url
from .worker import clean_page, init_worker

LOG = logging.getLogger(__name__)


def _drop(stats, reason: str, message: str) -> DropItem:
    stats.inc_value(f"news/dropped/{reason}")
    return DropItem(f"{reason}: {message}", log_level="INFO")


def _pool_context() -> multiprocessing.context.BaseContext:
    # Never fork the crawl process (it runs threads); forkserver where there is one.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.worker"])  # workers start with cleaners imported
    return context


class CleanPipeline:
    """Page -> the record ``python -m cleaners`` writes for the same HTML, or DropItem."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = crawler.settings.getint("NEWS_CLEAN_WORKERS") or min(4, os.cpu_count() or 1)
        self.niceness = crawler.settings.getint("NEWS_CLEAN_NICE")
        self.executor: ProcessPoolExecutor | None = None
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_pool_context(), initializer=init_worker,
                                   initargs=(os.getpid(), self.niceness))

    def open_spider(self) -> None:
        self.executor = self._new_executor()

    def close_spider(self) -> None:
        if self.executor:
            self.executor.shutdown(wait=True)

    async def _clean(self, page: Page, lang: str | None):
        assert self.executor is not None
        try:
            future = self.executor.submit(clean_page, page.url, page.body, page.content_type, lang)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C library): start a new pool and
            # report this page; the crawl goes on.
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._new_executor()
            raise _drop(self.stats, "worker_died", f"{page.url}: the cleaning process died") from None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        spider = self.crawler.spider
        job: JobState = spider.job
        limit = spider.max_articles
        if limit and job.written >= limit:
            raise _drop(self.stats, "max_articles", f"{item.url}: {limit} articles written already")
        result = await self._clean(item, spider.lang)
        pages = sorted({canonical_url(u) for u in [item.url, *item.redirected_from]})
        if result.record is None:
            job.done(pages)
            raise _drop(self.stats, result.reason or "error", f"{item.url}: {result.message}")
        record = result.record
        if spider.since and record["date"] and record["date"][:10] < spider.since:
            job.done(pages)
            raise _drop(self.stats, "older_than_since", f"{item.url}: published {record['date']}")
        url = canonical_url(record["url"] or item.url)
        if url in job.urls:
            job.done(pages)
            raise _drop(self.stats, "duplicate_url", f"{item.url}: {url} written already")
        if record["hash"] in job.hashes:
            job.done(pages)
            raise _drop(self.stats, "duplicate_text", f"{item.url}: same text as an article written already")
        if limit and job.written >= limit:
            raise _drop(self.stats, "max_articles", f"{item.url}: {limit} articles written already")
        job.done(pages, url, record["hash"])
        self.stats.inc_value("news/articles/written")
        if limit and job.written >= limit and not self.closing:
            self.closing = True
            LOG.info("max_articles=%d reached: closing the crawl", limit)
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="max_articles"))
        return record


class WarcPipeline:
    """With ``NEWS_WARC_OUTPUT`` set, append every article candidate's response to that
    WARC file (gzipped when it ends in ``.gz``), for ``scrapy clean FILE`` later."""

    # Headers that describe the transfer, not the body warcio stores (already decoded).
    _TRANSFER = {"content-encoding", "transfer-encoding", "content-length"}

    def __init__(self, path: str) -> None:
        self.path = path
        self.handle: io.BufferedWriter | None = None
        self.writer = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NEWS_WARC_OUTPUT")
        if not path:
            raise NotConfigured  # no message: Scrapy would log it as a warning
        return cls(path)

    def open_spider(self) -> None:
        from warcio.warcwriter import WARCWriter

        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "ab")  # noqa: SIM115 - open for the whole crawl
        self.writer = WARCWriter(self.handle, gzip=self.path.endswith(".gz"))

    def close_spider(self) -> None:
        if self.handle:
            self.handle.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Page) and self.writer is not None:
            from warcio.statusandheaders import StatusAndHeaders

            headers = [(k, v) for k, v in item.headers if k.lower() not in self._TRANSFER]
            http_headers = StatusAndHeaders(f"{item.status} OK", headers, protocol="HTTP/1.1")
            record = self.writer.create_warc_record(
                item.url, "response", payload=io.BytesIO(item.body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": item.fetched_at} if item.fetched_at else None,
            )
            self.writer.write_record(record)
            self.handle.flush()
        return item
