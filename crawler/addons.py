"""Scrapy add-ons of the project (``ADDONS`` in settings.py): settings computed from other
settings (``-s``, ``-o``/``-O``) before Scrapy builds any component."""

from __future__ import annotations

import logging

from .output import append_feeds_when_resuming, default_feed, unwritable_output

LOG = logging.getLogger(__name__)

SCHEDULER = "crawler.distributed.ReliableScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
PIPELINE = "crawler.distributed.SharedArticlePipeline"


class RedisAddon:
    """With ``REDIS_URL`` set (``-s REDIS_URL=redis://HOST:6379``), the crawl runs on a
    queue and seen-set shared through Redis (see crawler/distributed.py); without it,
    nothing changes."""

    def update_settings(self, settings) -> None:
        if not settings.get("REDIS_URL"):
            return
        try:
            import scrapy_redis  # noqa: F401
        except ImportError:
            # A usage error: crawling alone while the user asked for a shared crawl would
            # fetch what other workers fetch. Scrapy prints a traceback for any exception
            # raised here, so: one error line, and exit status 2 before anything is fetched.
            LOG.error("REDIS_URL=%s needs scrapy-redis, which is not installed: pip install -e '.[scale]'; "
                      "nothing crawled", settings.get("REDIS_URL"))
            raise SystemExit(2) from None
        # "project" priority: above the project's own DUPEFILTER_CLASS, below -s.
        settings.set("SCHEDULER", SCHEDULER, priority="project")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="project")
        settings.set("SCHEDULER_PERSIST", True, priority="project")
        # Each worker writes its own part (NEWS_PARTS_DIR): crawler.output.default_feed.
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines.setdefault(PIPELINE, 800)
        settings.set("ITEM_PIPELINES", pipelines, priority="project")


class OutputAddon:
    """Where the articles go: the default feed (``NEWS_OUTPUT``) when no -o/-O or FEEDS
    is given, none in a shared crawl; an output (or the ``NEWS_REPORT`` file) that cannot
    be written stops the crawl as a usage error (one line, exit status 2) before the -O
    file is opened or anything is fetched; a crawl resumed from its JOBDIR appends to the
    feed the first run wrote."""

    def update_settings(self, settings) -> None:
        default_feed(settings)
        unwritable = unwritable_output(settings)
        if unwritable:
            LOG.error("%s; nothing crawled", unwritable)
            raise SystemExit(2)
        append_feeds_when_resuming(settings)
