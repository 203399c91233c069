"""The ``news`` spider: from seed URLs, find article pages through robots.txt sitemaps,
``/sitemap.xml``, RSS/Atom feeds and links within the seed sites, and hand every page that
looks like an article to the cleaning pipeline.

Arguments (``-a NAME=VALUE``; each has a ``NEWS_*`` setting as default):
``urls`` (comma-separated seed URLs), ``seeds`` (a seed file), ``max_articles``,
``depth`` (link hops from a seed; pagination and sitemap entries do not add hops),
``since`` (YYYY-MM-DD: skip articles published earlier), ``lang`` (keep one language).
They are checked before anything is opened: an unknown name or a bad value is one error
line and exit status 2, the output file untouched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

from ..discovery import feed_entries, parse_xml, sitemap_entries, xml_kind
from ..items import Page
from ..jobstate import JobState
from ..pool import CleaningPool
from ..seeds import (
    SeedError,
    check_arguments,
    cleaning_limits,
    corpus_options,
    language,
    read_seeds,
    seed_url,
    since_date,
    whole_number,
)
from ..urls import canonical_url, in_sites, link_kind, site_of, url_shape
from ..worker import PageJob, PageReport

LOG = logging.getLogger(__name__)
DEPTH = "news_depth"
# Steps that add no depth hop, counted so that every chain of them ends: pagination pages
# followed in a row (NEWS_MAX_PAGINATION), sitemap indexes nested (MAX_SITEMAP_NESTING),
# and canonical links followed in a row (MAX_CANONICAL_CHAIN).
PAGINATION = "news_pagination"
SITEMAP_NESTING = "news_sitemap_nesting"
VIA_CANONICAL = "news_via_canonical"
MAX_CANONICAL_CHAIN = 3
# A sitemap index lists sitemaps, not other indexes (sitemaps.org); a few levels are
# allowed for sites that nest them anyway.
MAX_SITEMAP_NESTING = 3


class _NoTraceback(logging.Filter):
    """Download errors in one line: the message already names the URL and the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTraceback())


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        # Checked before Scrapy opens anything: a rejected command leaves the -O file (and
        # JOBDIR) as they were (the output is checked by crawler.addons.OutputAddon). Scrapy
        # prints a traceback for an exception raised here, so: one error line, and exit status 2.
        try:
            check_arguments(kwargs)
            spider = super().from_crawler(crawler, *args, **kwargs)
            spider.configure(crawler.settings, kwargs)
        except SeedError as error:
            LOG.error("%s; nothing crawled", error)
            raise SystemExit(2) from None
        if spider.robots_by_middleware:
            crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    @property
    def job(self) -> JobState:
        """The crawl's job state (an extension: ``crawler.jobstate.JobState``)."""
        return self.crawler.get_extension(JobState)

    @property
    def pool(self) -> CleaningPool:
        """The crawl's cleaning processes (an extension: ``crawler.pool.CleaningPool``)."""
        return self.crawler.get_extension(CleaningPool)

    def configure(self, settings, args: dict[str, Any]) -> None:
        """Seeds and limits from the arguments, else the ``NEWS_*`` settings; a bad value
        is a ``SeedError`` naming it."""
        if args.get("urls") and args.get("seeds"):
            raise SeedError("-a urls and -a seeds: give one of them (the other would be ignored)")
        if args.get("urls"):
            self.seed_urls = [seed_url(u.strip(), "urls") for u in str(args["urls"]).split(",") if u.strip()]
        else:
            self.seed_urls = read_seeds(args.get("seeds") or settings.get("NEWS_SEEDS"))
        self.max_articles = whole_number("max_articles", args.get("max_articles", settings.get("NEWS_MAX_ARTICLES")))
        self.max_depth = whole_number("depth", args.get("depth", settings.get("NEWS_DEPTH")))
        self.since = since_date(args.get("since", settings.get("NEWS_SINCE")))
        self.limits = cleaning_limits(settings)
        self.max_pagination = whole_number("NEWS_MAX_PAGINATION", settings.get("NEWS_MAX_PAGINATION"))
        self.lang = language("lang", args.get("lang", settings.get("NEWS_LANG")))
        self.corpus = corpus_options(settings)
        if not self.seed_urls:
            raise SeedError("no seed URL given (seeds file empty, or -a urls= empty)")
        self.sites = frozenset(site_of(url) for url in self.seed_urls)
        # Seed hosts whose robots.txt is not read yet (host -> scheme://host). With robots.txt
        # obeyed, Scrapy's RobotsTxtMiddleware fetches it before the first request to the host
        # and the spider reads its Sitemap: lines from there (robots_parsed), not fetching it again.
        self.robots_by_middleware = settings.getbool("ROBOTSTXT_OBEY")
        self.robots_unread: dict[str, str] = {}
        for url in self.seed_urls:
            parts = urlsplit(url)
            self.robots_unread.setdefault(parts.netloc, f"{parts.scheme}://{parts.netloc}")
        # Scrapy's OffsiteMiddleware as a second guard (it also admits subdomains).
        self.allowed_domains = sorted(self.sites)
        # Pages this process has requested, as found and in canonical form, by hash(): 64
        # bits, so a clash among millions of URLs is too unlikely to lose a page. Most links
        # on a news page (menus, teasers) lead to pages requested before: they are skipped
        # here, before a request is built for Scrapy's duplicate filter to drop.
        self.requested: set[int] = set()
        self.closing_at_max_articles = False

    async def start(self) -> AsyncIterator[scrapy.Request]:
        LOG.info("crawling %d seed URL(s) on %d site(s); max_articles=%s depth=%d since=%s lang=%s",
                 len(self.seed_urls), len(self.sites), self.max_articles or "no limit", self.max_depth,
                 self.since, self.lang)
        if not self.robots_by_middleware:
            for root in self.robots_unread.values():
                yield scrapy.Request(root + "/robots.txt", callback=self.parse_robots, errback=self.failed,
                                     priority=20, meta={DEPTH: 0, "handle_httpstatus_all": True})
        for url in self.seed_urls:
            request = self.page_request(url, 0)
            if request:
                yield request

    # -- requests -----------------------------------------------------------------------

    def in_scope(self, url: str) -> bool:
        return in_sites(url, self.sites)

    def page_request(self, url: str, depth: int, reason: str = "link",
                     meta: dict[str, Any] | None = None) -> scrapy.Request | None:
        """A request for a page, or None when the URL was requested before, is off-site,
        a non-page file, deeper than the limit, or cleaned by this job before a restart
        (each counted in the stats)."""
        stats = self.crawler.stats
        if self.seen(url):
            return None
        kind = link_kind(url, self.sites)
        if kind in ("offsite", "not_a_page"):
            stats.inc_value(f"news/links/{kind}")
            return None
        if depth > self.max_depth:
            stats.inc_value("news/links/too_deep")
            return None
        found, url = url, canonical_url(url)
        if self.job.has_page(url):
            stats.inc_value("news/links/already_cleaned")
            return None
        if self.requested_before(found, url):
            return None
        priority = 10 if url_shape(url) == "article" else 0
        return scrapy.Request(url, callback=self.parse_page, errback=self.failed, priority=priority,
                              meta={DEPTH: depth, **(meta or {})}, flags=[] if reason == "link" else [reason])

    def xml_request(self, url: str, depth: int, nesting: int = 0) -> scrapy.Request | None:
        """A request for a sitemap or feed of a seed site (``nesting``: sitemap indexes
        above it, at most MAX_SITEMAP_NESTING)."""
        if nesting > MAX_SITEMAP_NESTING:
            self.crawler.stats.inc_value("news/links/sitemap_nesting")
            return None
        if self.seen(url):
            return None
        if not self.in_scope(url):
            self.crawler.stats.inc_value("news/links/offsite")
            return None
        found, url = url, canonical_url(url)
        if self.requested_before(found, url):
            return None
        return scrapy.Request(url, callback=self.parse_xml, errback=self.failed, priority=15,
                              meta={DEPTH: depth, SITEMAP_NESTING: nesting})

    def requested_before(self, found: str, url: str) -> bool:
        """Whether ``url`` (canonical form of ``found``) was requested before; both forms
        are remembered either way, so the next link found as ``found`` is skipped at once."""
        before = self.seen(url)
        self.requested.update((hash(found), hash(url)))
        return before

    def seen(self, url: str) -> bool:
        """Whether ``url``, in the form given, was requested before (counted when it was)."""
        if hash(url) in self.requested:
            self.crawler.stats.inc_value("news/links/already_requested")
            return True
        return False

    def failed(self, failure) -> Iterator[scrapy.Request]:
        """A request that gave no page: counted by HTTP status or error, logged in one line."""
        url = failure.request.url
        yield from self.robots_failed(url)
        if failure.check(HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"news/errors/http_{status}")
            LOG.info("%s: HTTP status %d", url, status)
        elif failure.check(IgnoreRequest):
            LOG.debug("%s: not requested: %s", url, failure.getErrorMessage())
        else:
            self.crawler.stats.inc_value(f"news/errors/{type(failure.value).__name__}")
            LOG.warning("%s: %s", url, self.failure_message(failure))

    def failure_message(self, failure) -> str:
        """What went wrong, never empty (Scrapy cancels a download over its size limit
        without a message)."""
        message = failure.getErrorMessage()
        if message:
            return message
        name = type(failure.value).__name__
        if failure.check(DownloadCancelledError):
            maxsize = failure.request.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
            return f"{name}: download cancelled (larger than DOWNLOAD_MAXSIZE, {maxsize} bytes, or the crawl closing)"
        return name

    # -- callbacks ----------------------------------------------------------------------

    def robots_parsed(self, robotparser, request: scrapy.Request) -> None:
        """RobotsTxtMiddleware read a host's robots.txt: request the sitemaps it names
        (``crawler.robots.SitemapRobotParser``), else ``/sitemap.xml``, for a seed host."""
        root = self.robots_unread.pop(urlsplit(request.url).netloc, None)
        if root:
            for sitemap in self.sitemap_requests(root, getattr(robotparser, "sitemaps", [])):
                self.crawler.engine.crawl(sitemap)

    def robots_failed(self, url: str) -> list[scrapy.Request]:
        """A seed host answered before its robots.txt was read: RobotsTxtMiddleware could
        not download it (no rules then), so its sitemap is looked for at ``/sitemap.xml``."""
        root = self.robots_unread.pop(urlsplit(url).netloc, None) if self.robots_by_middleware else None
        return self.sitemap_requests(root, []) if root else []

    def sitemap_requests(self, root: str, listed: list[str]) -> list[scrapy.Request]:
        """Requests for the sitemaps robots.txt lists (relative to it), else ``/sitemap.xml``."""
        urls = [urljoin(root + "/robots.txt", url) for url in listed] or [root + "/sitemap.xml"]
        return [request for request in (self.xml_request(url, 0) for url in urls) if request]

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt fetched by the spider (robots.txt not obeyed): its sitemaps."""
        listed = list(sitemap_urls_from_robots(response.body)) if response.status == 200 else []
        parts = urlsplit(response.url)
        yield from self.sitemap_requests(f"{parts.scheme}://{parts.netloc}", listed)

    def parse_xml(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap index, sitemap (plain, news, gzipped), RSS or Atom feed: request what
        it lists, skipping entries dated before ``since``."""
        stats = self.crawler.stats
        body = response.body
        if body[:2] == b"\x1f\x8b":
            maxsize = self.settings.getint("DOWNLOAD_MAXSIZE")
            try:
                body = gunzip(body, max_size=maxsize)
            except ValueError:  # Scrapy's limit: a gzip bomb stops here
                LOG.warning("%s: decompresses to more than DOWNLOAD_MAXSIZE (%d bytes); not read", response.url,
                            maxsize)
                stats.inc_value("news/xml/too_large")
                return
            except (OSError, EOFError) as error:
                LOG.warning("%s: not valid gzip: %s", response.url, error)
                stats.inc_value("news/xml/bad")
                return
        root = parse_xml(body)
        kind = xml_kind(root)
        if kind is None:
            LOG.info("%s: not a sitemap or feed", response.url)
            stats.inc_value("news/xml/bad")
            return
        stats.inc_value(f"news/xml/{kind}")
        depth = response.meta.get(DEPTH, 0)
        entries = sitemap_entries(root) if kind in {"sitemapindex", "urlset"} else feed_entries(root)
        for entry in entries:
            url = urljoin(response.url, entry.url)
            if kind == "sitemapindex":
                request = self.xml_request(url, depth, response.meta.get(SITEMAP_NESTING, 0) + 1)
            elif self.since and entry.date and entry.date[:10] < self.since:
                stats.inc_value("news/links/older_than_since")
                continue
            else:
                request = self.page_request(url, depth + 1, reason=kind)
            if request:
                yield request

    async def parse_page(self, response: Response) -> list[Page | scrapy.Request]:
        """An HTML page, read in a cleaning process (``crawler.worker.examine_page``): its
        links, pagination and feeds are followed; an article goes to the pipeline with what
        cleaning it gave, a listing was only for its links.

        A coroutine that returns its output, not an async generator: Scrapy builds the
        output's middleware chain and its CONCURRENT_ITEMS tasks when the callback returns
        (an async generator has them from the start), so the pages that wait for a cleaning
        process hold a few objects each, not hundreds for the garbage collector to scan."""
        output: list[Page | scrapy.Request] = self.robots_failed(response.url)
        self.crawler.stats.inc_value("news/pages/fetched")
        if not isinstance(response, TextResponse) or b"html" not in response.headers.get("Content-Type", b"html"):
            self.crawler.stats.inc_value("news/pages/not_html")
            return output
        redirected_from = list(response.meta.get("redirect_urls", []))
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        job = PageJob(response.url, response.body, content_type,
                      came_from=frozenset(canonical_url(u) for u in redirected_from), sites=self.sites,
                      lang=self.lang, clean=not self.max_articles or self.job.written < self.max_articles,
                      limits=self.limits, explain=bool(self.settings.get("NEWS_REPORT")),
                      tone_marks=self.corpus.tone_marks)
        report = await self.pool.examine(job)
        output.extend(self.page_output(response, report, content_type, redirected_from))
        return output

    def page_output(self, response: Response, report: PageReport, content_type: str | None,
                    redirected_from: list[str]) -> Iterator[Page | scrapy.Request]:
        """What the page's report gives: requests for its feeds, links, pagination or
        canonical page, and the Page of an article."""
        stats = self.crawler.stats
        depth = response.meta.get(DEPTH, 0)
        for url in report.feeds:
            request = self.xml_request(url, depth)
            if request:
                yield request
        for reason, count in report.skipped.items():
            stats.inc_value(f"news/links/{reason}", count)
        further = [url for url in report.links if hash(url) not in self.requested]
        stats.inc_value("news/links/already_requested", len(report.links) - len(further))
        if depth + 1 > self.max_depth:
            stats.inc_value("news/links/too_deep", len(further))
            further = []
        for url in further:
            request = self.page_request(url, depth + 1)
            if request:
                yield request
        pagination = response.meta.get(PAGINATION, 0) + 1
        if report.pagination and pagination > self.max_pagination:
            stats.inc_value("news/links/pagination_limit", len(report.pagination))
        else:
            for url in report.pagination:
                request = self.page_request(url, depth, meta={PAGINATION: pagination})
                if request:
                    yield request
        if not report.article and report.result is None:
            stats.inc_value("news/pages/listing")
            LOG.debug("%s: listing (%s)", response.url, report.why)
            return
        if report.canonical:
            stats.inc_value("news/pages/not_canonical")
            followed = response.meta.get(VIA_CANONICAL, 0) + 1
            if followed > MAX_CANONICAL_CHAIN:
                stats.inc_value("news/links/canonical_chain")
                return
            request = self.page_request(report.canonical, depth, reason="canonical", meta={VIA_CANONICAL: followed})
            if request:
                yield request
            return
        if report.article:
            stats.inc_value("news/pages/article")
            LOG.debug("%s: article (%s)", response.url, report.why)
        yield Page(
            url=response.url,
            body=response.body,
            content_type=content_type,
            status=response.status,
            headers=[(k.decode("latin-1"), v.decode("latin-1"))
                     for k, values in response.headers.items() for v in values],
            fetched_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            redirected_from=redirected_from,
            result=report.result,
        )

    def reached_max_articles(self) -> None:
        """``max_articles`` are written (by this process, or by all the workers of a
        shared crawl): close the crawl, once."""
        if not self.closing_at_max_articles:
            self.closing_at_max_articles = True
            LOG.info("max_articles=%d reached: closing the crawl", self.max_articles)
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="max_articles"))

    def closed(self, reason: str) -> None:
        """The closing summary: pages fetched, articles written, pages dropped by reason."""
        for line in self.summary_lines(reason):
            LOG.info("%s", line)

    def summary_lines(self, reason: str) -> list[str]:
        """The crawl's summary, as the log shows it at the end (and the report)."""
        stats = self.crawler.stats.get_stats()
        dropped = {k.removeprefix("news/dropped/"): v for k, v in stats.items() if k.startswith("news/dropped/")}
        skipped = {k.removeprefix("news/links/"): v for k, v in stats.items() if k.startswith("news/links/")}
        skipped["robots_disallowed"] = stats.get("robotstxt/forbidden", 0)
        skipped = {k: v for k, v in skipped.items() if v}
        errors = {k.removeprefix("news/errors/"): v for k, v in stats.items() if k.startswith("news/errors/")}
        lines = [f"summary ({reason}): responses {stats.get('downloader/response_count', 0)}, pages fetched "
                 f"{stats.get('news/pages/fetched', 0)} (articles {stats.get('news/pages/article', 0)}, listings "
                 f"{stats.get('news/pages/listing', 0)}, not HTML {stats.get('news/pages/not_html', 0)}), "
                 f"articles written {stats.get('news/articles/written', 0)}"]
        for label, counts in (("dropped", dropped), ("links not followed", skipped), ("errors", errors)):
            if counts:
                lines.append(f"summary: {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        return lines
