"""Item pipelines: keep the raw response in a WARC file (optional), then pass on each
article's record (cleaned in the crawl's worker processes, ``crawler.pool``), dropping
pages that gave no article (counted by reason) and articles already written (by
canonical URL or text hash, remembered across ``JOBDIR`` restarts); with ``NEWS_REPORT``,
write the HTML report of the crawl."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from cleaners import Deduplicator, HtmlReport, quality_filter

from .articles import article_url
from .items import Page
from .jobstate import JobState
from .seeds import CorpusOptions
from .urls import canonical_url

LOG = logging.getLogger(__name__)


def _drop(stats, reason: str, message: str) -> DropItem:
    stats.inc_value(f"news/dropped/{reason}")
    return DropItem(f"{reason}: {message}", log_level="INFO")


class ArticlePipeline:
    """Page -> the record ``python -m cleaners`` writes for the same HTML, or DropItem."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.quality = None
        self.near: Deduplicator | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        # Another spider of the project (one that yields no Page) has no corpus settings.
        corpus = getattr(self.crawler.spider, "corpus", None) or CorpusOptions()
        self.quality = quality_filter(corpus.filter)
        # Near duplicates of the articles written by this process (NEWS_DEDUP=near; a
        # resumed job's earlier articles are checked by exact hash only).
        self.near = Deduplicator("near" if corpus.dedup == "near" else "none")

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        spider = self.crawler.spider
        job = self.crawler.get_extension(JobState)
        limit = spider.max_articles
        result = item.result
        if result is None or limit and job.written >= limit:
            raise _drop(self.stats, "max_articles", f"{item.url}: {limit} articles written already")
        pages = sorted({canonical_url(u) for u in [item.url, *item.redirected_from]})

        def skip(reason: str, message: str) -> DropItem:
            job.done(pages)  # its pages are done: a resumed crawl does not fetch them again
            return _drop(self.stats, reason, f"{item.url}: {message}")

        if result.record is None:
            raise skip(result.reason or "error", result.message)
        record = result.record
        if spider.since and record["date"] and record["date"][:10] < spider.since:
            raise skip("older_than_since", f"published {record['date']}")
        if job.articles.duplicate(record, by_text=False):
            raise skip("duplicate_url", f"{article_url(record)} written already")
        rejected = self.quality(record["text"])
        if rejected is not None:
            raise skip(*rejected)
        if spider.corpus.dedup != "none" and job.articles.duplicate(record):
            raise skip("duplicate_text", "same text as an article written already")
        duplicate = self.near.check(record)
        if duplicate is not None:
            raise skip(duplicate.reason, duplicate.message)
        job.done(pages, record)
        self.stats.inc_value("news/articles/written")
        if limit and job.written >= limit:
            spider.reached_max_articles()
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


class ReportPipeline:
    """With ``NEWS_REPORT`` set (``-s NEWS_REPORT=output/report.html``), the crawl's HTML
    report (``cleaners.app.report``, as ``vnclean --report``): every article written with its
    removed lines in place, and every page dropped after cleaning with its reason. The
    records themselves are written without the removed lines."""

    def __init__(self, path: str, crawler) -> None:
        self.report = HtmlReport(path, f"scrapy crawl {crawler.spidercls.name}")
        self.crawler = crawler
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NEWS_REPORT")
        if not path:
            raise NotConfigured
        return cls(path, crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, dict) and "explain" in item:
            self.report.add(item)
            del item["explain"]
        return item

    def item_dropped(self, item: Any, response, exception: Exception, spider) -> None:
        if isinstance(item, Page):
            reason, _, message = str(exception).partition(": ")
            self.report.add_error(item.url, reason, message)

    def spider_closed(self, spider, reason: str) -> None:
        summary = spider.summary_lines(reason) if hasattr(spider, "summary_lines") else []
        self.report.close(summary)
        LOG.info("report: %s", self.report.path)
