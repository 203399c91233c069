"""``scrapy runspider tests/shared_crawl/spider.py -a site=URL``: follows every link of the
test site and yields one record per article (``url``, ``source``, ``text``, ``hash``)."""

from __future__ import annotations

import hashlib

import scrapy


class SharedSpider(scrapy.Spider):
    name = "shared"
    custom_settings = {"ROBOTSTXT_OBEY": False}

    async def start(self):
        yield scrapy.Request(self.site + "/")

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href)
        text = " ".join(response.css("article p::text").getall())
        if text:
            yield {"url": response.url, "source": response.url, "text": text,
                   "hash": hashlib.sha1(text.encode()).hexdigest()}
