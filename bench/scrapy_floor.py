"""Scrapy's own cost per page, for bench/speed.py: a spider that fetches the pages listed
in a file (one URL per line) and does nothing with them (no parsing, no cleaning, no
items), under the project's settings and middlewares. What its process spends per page is
the floor under the crawl process of ``scrapy crawl news`` on the same pages.

    scrapy runspider bench/scrapy_floor.py -a urls=FILE
"""

from __future__ import annotations

from pathlib import Path

import scrapy


class ScrapyFloorSpider(scrapy.Spider):
    name = "scrapy_floor"

    def __init__(self, urls: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls_file = Path(urls)

    async def start(self):
        with self.urls_file.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield scrapy.Request(line.strip(), callback=self.fetched)

    def fetched(self, response) -> None:
        return None
