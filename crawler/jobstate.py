"""What a crawl remembers across ``JOBDIR`` restarts besides Scrapy's request queue: the
pages already cleaned and the articles written (canonical URL and text hash), appended
to ``JOBDIR/news_articles.seen`` as they happen.

Scrapy's own duplicate filter is kept in memory only (``MemoryDupeFilter``): requests in
flight when a crawl is stopped are lost from Scrapy's queue but already marked as seen,
so a resumed crawl reads the seed and listing pages again to find them, and skips the
pages this record says are done.

After a crawl killed outright (SIGKILL, power loss) the feed may have lost its last
buffered lines: on resume, written articles are only trusted when their line is in the
local output file; the others are fetched again. Scrapy's request queue is not to be
trusted either (its disk queues write their headers when closed: a request given to a
queue left empty by a kill fails, and is lost), so a run that finds the previous run's
``news_crawl.running`` mark still there discards ``requests.queue``, and the seeds,
sitemaps, feeds and listing pages are read again."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.dupefilters import RFPDupeFilter

from cleaners import JsonlWriter, done_sources, read_jsonl

from .articles import WrittenArticles, article_url
from .urls import canonical_url

LOG = logging.getLogger(__name__)


class JobState:
    """Pages done and articles written by this job (in memory, and in JOBDIR if set)."""

    FILE = "news_articles.seen"
    RUNNING = "news_crawl.running"  # made at the start, removed after Scrapy closed its queue

    def __init__(self, jobdir: str | None, outputs: list[str] = ()) -> None:
        # hash() of each page URL: 64 bits, a third of the memory of the strings over
        # millions of pages, and a clash too unlikely to lose an article.
        self.pages: set[int] = set()
        self.articles = WrittenArticles()  # of this job and of the outputs it appends to
        self.written = 0  # by this job
        self.handle = None
        self.running: Path | None = None
        if not jobdir:
            return
        path = self.path_in(jobdir)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.running = path.parent / self.RUNNING
        discard_queue_of_killed_run(path.parent, self.running)
        self.running.touch()
        if path.exists():
            # Pages of the articles really in the output (a torn last line is cut off).
            existing = [output for output in outputs if Path(output).is_file()]
            present = {canonical_url(source) for source in done_sources(*existing)} if existing else None
            for _, entry in read_jsonl(path, cut_torn=True):
                try:
                    if entry.get("url") and present is not None and not present & set(entry["pages"]):
                        continue  # written, but lost from the output by a kill: fetch again
                    self._remember(entry)
                except (TypeError, AttributeError, KeyError):
                    continue  # a line torn by a killed run (None), or not an entry of ours
        self.handle = JsonlWriter(str(path), append=True)

    @classmethod
    def from_crawler(cls, crawler) -> JobState:
        """The crawl's job state, a Scrapy extension (the spider and the pipeline get it with
        ``crawler.get_extension``), made before the scheduler opens JOBDIR's queue; it also
        knows the articles of the feeds the crawl appends to. Closed with the spider."""
        from .output import local_feeds  # output.py resumes feeds by this module's JOBDIR file

        state = cls(crawler.settings.get("JOBDIR"), local_feeds(crawler.settings))
        if state.written:
            LOG.info("resuming: %d articles already written by this job", state.written)
        state.remember_articles(local_feeds(crawler.settings, appended_only=True))
        crawler.signals.connect(state.close, signal=signals.spider_closed)
        return state

    def remember_articles(self, outputs: list[str]) -> None:
        """Articles already in output files this crawl appends to (canonical URL and text
        hash): a crawl run again on the same file does not write them again."""
        for output in outputs:
            if not Path(output).is_file():
                continue
            for _, record in read_jsonl(output):
                if record and "hash" in record:  # else not one of our records, or a torn line
                    self.articles.add(record)

    @staticmethod
    def path_in(jobdir: str) -> Path:
        return Path(jobdir) / JobState.FILE

    def _remember(self, entry: dict) -> None:
        self.pages.update(map(hash, entry.get("pages", [])))
        if entry.get("url"):
            self.articles.add(entry)
            self.written += 1

    def has_page(self, url: str) -> bool:
        """Whether the page at canonical ``url`` was cleaned by this job."""
        return hash(url) in self.pages

    def done(self, pages: list[str], record: dict | None = None) -> None:
        """Remember pages as done, and the article they gave if one was written."""
        entry = {"pages": pages, "url": article_url(record) if record else None,
                 "hash": record["hash"] if record else None}
        self._remember(entry)
        if self.handle:
            self.handle.write(entry)

    def close(self, *_) -> None:
        """At the end of a crawl that closed cleanly (Scrapy has written its queue's state)."""
        if self.handle:
            self.handle.close()
            self.handle = None
        if self.running:
            self.running.unlink(missing_ok=True)
            self.running = None


def discard_queue_of_killed_run(jobdir: Path, running: Path) -> None:
    """Remove Scrapy's request queue from ``jobdir`` when the run that wrote it was
    killed (``running`` still there), before Scrapy's scheduler opens it."""
    queue = jobdir / "requests.queue"
    if running.exists() and queue.exists():
        shutil.rmtree(queue)
        LOG.warning("%s: the last run was killed before it closed; its request queue is discarded "
                    "(the seeds, sitemaps, feeds and listing pages are read again)", jobdir)


class MemoryDupeFilter(RFPDupeFilter):
    """Scrapy's request duplicate filter without its JOBDIR file (see the module doc)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(None, debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
                   fingerprinter=crawler.request_fingerprinter)
