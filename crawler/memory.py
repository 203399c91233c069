"""The crawl process's garbage collector: the objects made before the crawl starts
(modules, settings, the cleaning library's tables, about 90,000 of them) are moved out of
its reach once, so that each full collection during the crawl scans only what the crawl
itself holds."""

from __future__ import annotations

import gc

from scrapy import signals


class FreezeStartupObjects:
    """A Scrapy extension: ``gc.freeze()`` when the engine starts (the permanent generation
    of CPython's collector, meant for objects that live as long as the process). Startup
    objects freed later are not reclaimed, which costs little next to their number."""

    @classmethod
    def from_crawler(cls, crawler) -> FreezeStartupObjects:
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        gc.freeze()
