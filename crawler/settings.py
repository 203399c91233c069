"""Settings of the ``crawler`` Scrapy project."""

BOT_NAME = "vn-news-corpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

USER_AGENT = "vn-news-corpus/0.1 (+https://github.com/; research corpus crawler)"
ROBOTSTXT_OBEY = True
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# A crawl shared by many processes: -s REDIS_URL=redis://HOST:6379 (crawler/distributed.py).
ADDONS = {"crawler.addons.RedisAddon": 0}
REDIS_URL = None
NEWS_IDLE_TIMEOUT = 30  # seconds a shared-queue worker waits, idle, before it stops
NEWS_REDIS_HEARTBEAT = 30  # seconds after which a silent worker counts as dead
NEWS_PARTS_DIR = "output/parts"  # each worker's articles-<worker>.jsonl
NEWS_SEED_ONLY = False  # with REDIS_URL: only put the seed requests in the shared queue
