"""Settings of the ``crawler`` Scrapy project."""

BOT_NAME = "vn-news-corpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

USER_AGENT = "vn-news-corpus/0.1 (+https://github.com/; research corpus crawler)"
ROBOTSTXT_OBEY = True
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
