"""Settings of the ``crawler`` Scrapy project: polite defaults for crawling news sites.

Our own settings start with ``NEWS_``; each can be given with ``-s NAME=VALUE`` and most
also as a spider argument (``-a max_articles=100``). Development: ``-s HTTPCACHE_ENABLED=1``
keeps every response under ``.scrapy/httpcache`` and replays it on the next run (no
refetching while tuning). Resume an interrupted crawl with ``-s JOBDIR=output/job``
(stop it with one Ctrl-C, start it again with the same JOBDIR).
"""

BOT_NAME = "vn-news-corpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# -- ours ---------------------------------------------------------------------------
NEWS_SEEDS = "seeds/urls.txt"  # seed file (relative to the working folder or the checkout)
NEWS_MAX_ARTICLES = 0  # stop after this many articles written (0: no limit)
NEWS_DEPTH = 3  # link hops from a seed page (pagination and sitemap/feed entries add none)
NEWS_MAX_PAGINATION = 100  # pagination pages of a listing followed in a row (they add no depth hop)
NEWS_SINCE = None  # "YYYY-MM-DD": skip articles published earlier
NEWS_LANG = None  # e.g. "vi": keep only articles in that language
NEWS_CLEAN_WORKERS = 0  # cleaning processes (0: the number of cores, at most 4)
# CPU priority of the cleaning processes below the crawl process (os.nice): the reactor
# (downloads, parsing, scheduling, one thread) never waits for a core while they clean.
NEWS_CLEAN_NICE = 10
NEWS_REPORT = None  # e.g. "output/report.html": the HTML report of the crawl, as `vnclean --report`
NEWS_WARC_OUTPUT = None  # e.g. "output/raw.warc.gz": keep article responses for `scrapy clean`
# Per-page cleaning limits, as `clean --timeout / --max-nodes / --max-depth` (the size of a
# page is bounded by DOWNLOAD_MAXSIZE): a page over one is dropped with its reason.
NEWS_CLEAN_TIMEOUT = 30  # seconds of reading and cleaning per page (0: none)
NEWS_MAX_NODES = 200_000  # HTML elements in a page
NEWS_MAX_HTML_DEPTH = 200  # HTML nesting depth
# The corpus, as `clean --tone-marks / --dedup / --filter` (docs/corpus.md).
NEWS_TONE_MARKS = "old"  # old (hòa, thủy), new (hoà, thuỷ) or keep
NEWS_DEDUP = "exact"  # none, exact (same text) or near (syndicated copies too), within the job
NEWS_FILTER = "none"  # none or corpus (quality rules)

# -- output -------------------------------------------------------------------------
# The feed when neither -o nor -O (nor FEEDS) is given: appended to, never truncated. It is
# not put in FEEDS here because Scrapy would then write it besides the -o/-O file: the
# add-on crawler.addons.OutputAddon adds it (ADDONS below).
NEWS_OUTPUT = "output/articles.jsonl"
FEED_EXPORT_ENCODING = "utf-8"
# Resuming with JOBDIR: see crawler/jobstate.py for why the duplicate filter is in memory.
DUPEFILTER_CLASS = "crawler.jobstate.MemoryDupeFilter"
# The crawl's job state (pages done, articles written; JOBDIR) and its cleaning processes:
# components the spider and the pipelines get with crawler.get_extension.
EXTENSIONS = {
    "crawler.jobstate.JobState": 0,
    "crawler.pool.CleaningPool": 0,
    "crawler.memory.FreezeStartupObjects": 0,
}
ITEM_PIPELINES = {
    "crawler.pipelines.WarcPipeline": 100,
    "crawler.pipelines.ArticlePipeline": 300,
    "crawler.pipelines.ReportPipeline": 900,  # after the shared crawl's pipeline (800)
}

# -- politeness ---------------------------------------------------------------------
USER_AGENT = "vn-news-corpus/0.1 (Vietnamese news research corpus crawler; Scrapy)"
ROBOTSTXT_OBEY = True
# No telnet console: crawler processes started together (a shared Redis crawl) race for
# its port range and one logs an "Address already in use" traceback. Turn it on for one
# process with -s TELNETCONSOLE_ENABLED=1.
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control (2.19: on by default) is an HTTP server on localhost that runs
# Python code sent to it, and writes its port and token to a job file in the user's
# state folder (~/.local/state/scrapy/job_files), which a kill -9 leaves behind. Off like
# the telnet console: -s REMOTE_CONTROL_ENABLED=1 turns it on for a crawl.
REMOTE_CONTROL_ENABLED = False
ROBOTSTXT_PARSER = "crawler.robots.SitemapRobotParser"  # Scrapy's, keeping the Sitemap: lines
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
NEWS_RETRY_AFTER_MAX = 60  # seconds: the longest Retry-After (429, 503) a retry waits for
# Scrapy's redirects and retries, counting redirect failures and honouring Retry-After;
# meta refreshes read from the head of the page alone.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.CountedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.HeadMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
}
COOKIES_ENABLED = False
# Scrapy starts this many tasks for the output of every response; a page gives one item
# and its links, so 8 do (the default 100 cost the crawl process a fifth of its calls).
CONCURRENT_ITEMS = 8
# Bytes of responses in the spider's hands before Scrapy stops downloading more (default
# 5 MB): pages wait there for a cleaning process, and 5 MB of small pages (700 of 7 KB)
# only made the garbage collector's work grow; 1 MB keeps 5-30 real-size pages waiting,
# more than the cleaning processes take at a time.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
DEPTH_STATS_VERBOSE = False

# -- development --------------------------------------------------------------------
HTTPCACHE_ENABLED = False  # -s HTTPCACHE_ENABLED=1 while developing
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Add-ons (crawler/addons.py): a crawl shared by many processes with
# -s REDIS_URL=redis://HOST:6379 (crawler/distributed.py), and where the articles go.
ADDONS = {"crawler.addons.RedisAddon": 0, "crawler.addons.OutputAddon": 10}
REDIS_URL = None
NEWS_IDLE_TIMEOUT = 30  # seconds a shared-queue worker waits, idle, before it stops
NEWS_REDIS_HEARTBEAT = 30  # seconds after which a silent worker counts as dead
NEWS_PARTS_DIR = "output/parts"  # each worker's articles-<worker>.jsonl
NEWS_SEED_ONLY = False  # with REDIS_URL: only put the seed requests in the shared queue
