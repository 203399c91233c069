"""Downloader middlewares of the project: Scrapy's redirects, meta refreshes and retries,
with redirect failures counted by reason, ``Retry-After`` honoured and a meta refresh
looked for in the head of a page only (settings.py puts them in place of Scrapy's own)."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.asyncio import sleep

LOG = logging.getLogger(__name__)


class CountedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects; a redirect back to a URL of the same chain (a loop) stops at
    once, and a chain longer than ``REDIRECT_MAX_TIMES`` stops as in Scrapy. Each is
    counted (``news/errors/redirect_loop``, ``news/errors/redirect_too_many``) and logged
    in one line; the request's errback gets ``IgnoreRequest``."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            result = super().process_response(request, response)
        except IgnoreRequest:
            self.failed(request, "redirect_too_many",
                        f"more than {self.max_redirect_times} redirects (REDIRECT_MAX_TIMES)")
            raise
        if isinstance(result, Request) and result.url in result.meta.get("redirect_urls", ()):
            chain = [*result.meta["redirect_urls"], result.url]
            self.failed(request, "redirect_loop", "redirect loop: " + " -> ".join(chain))
            raise IgnoreRequest("redirect loop")
        return result

    def failed(self, request: Request, reason: str, message: str) -> None:
        self.crawler.stats.inc_value(f"news/errors/{reason}")
        LOG.info("%s: %s", request.meta.get("redirect_urls", [request.url])[0], message)


def retry_after_seconds(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (a number of seconds or an HTTP date),
    or None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries; when the answer retried (429, 503, ...) says ``Retry-After``,
    the retry waits that long, at most ``NEWS_RETRY_AFTER_MAX`` seconds (default 60).
    While it waits, the request holds one of the ``CONCURRENT_REQUESTS``."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("NEWS_RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if isinstance(result, Request) and asked:
            wait = min(asked, self.max_wait)
            self.crawler.stats.inc_value("news/retry_after/waits")
            LOG.info("%s: HTTP status %d, Retry-After %g s: retrying in %g s", request.url, response.status,
                     asked, wait)
            await sleep(wait)
        return result


# Scrapy looks for a meta refresh in the first 4096 characters of a page; no encoding
# takes more than 4 bytes a character.
META_REFRESH_HEAD_BYTES = 4 * 4096


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's ``<meta http-equiv="refresh">`` redirects, decoding only the head of the
    page that Scrapy's middleware reads: it decodes the whole body first, about 1 ms a
    real-size page, in a crawl process that otherwise leaves pages to the cleaning
    workers. Same settings (``METAREFRESH_*``), same redirects."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        body = response.body
        if not isinstance(response, HtmlResponse) or len(body) <= META_REFRESH_HEAD_BYTES:
            return super().process_response(request, response)
        cut = META_REFRESH_HEAD_BYTES
        while cut and body[cut] & 0xC0 == 0x80:  # never inside a UTF-8 character
            cut -= 1
        head = response.replace(body=body[:cut])
        result = super().process_response(request, head)
        return response if result is head else result
