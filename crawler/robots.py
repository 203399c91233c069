"""robots.txt read once per site: Scrapy's ``RobotsTxtMiddleware`` fetches it, and this
parser (``ROBOTSTXT_PARSER``) keeps its ``Sitemap:`` lines besides the rules, so the
spider takes them from the ``robots_parsed`` signal instead of fetching robots.txt again."""

from __future__ import annotations

from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.sitemap import sitemap_urls_from_robots


class SitemapRobotParser(ProtegoRobotParser):
    """Scrapy's default (Protego) rules, plus ``sitemaps``: the ``Sitemap:`` lines as
    written (relative ones are resolved against the robots.txt URL by the reader)."""

    def __init__(self, robotstxt_body: bytes, spider) -> None:
        super().__init__(robotstxt_body, spider)
        self.sitemaps: list[str] = list(sitemap_urls_from_robots(robotstxt_body))
