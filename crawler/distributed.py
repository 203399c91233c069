"""A crawl shared by any number of processes through one Redis (``pip install -e '.[scale]'``).

``-s REDIS_URL=redis://HOST:6379`` switches a crawl to it (``crawler.addons.RedisAddon``): scrapy-redis's
scheduler and duplicate filter, so every process pops from one request queue and marks
one seen-set, and ``SharedArticlePipeline`` writes each article once across processes,
each process to its own JSONL part. Keys, under the spider's name (``news:``):

- ``requests`` (scrapy-redis's queue), ``dupefilter`` (the seen-set);
- ``workers`` (ids of the processes), ``alive:<id>`` (a heartbeat that expires
  ``NEWS_REDIS_HEARTBEAT`` seconds after a process dies), ``inflight:<id>`` (requests a
  process popped and has not finished: when it dies, another puts them back in the queue,
  so a killed process loses nothing);
- ``articles`` (canonical URL and text hash of every article: claimed by a process, then
  ``done`` once its line is written; a claim of a dead process is taken over), and
  ``claimed`` (how many articles were claimed: ``max_articles`` holds for all processes).

A process stops when the queue is empty and no live process has work in flight for
``NEWS_IDLE_TIMEOUT`` seconds.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Any

import scrapy
from redis.exceptions import RedisError, ResponseError
from scrapy import signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.exceptions import DontCloseSpider, DropItem
from scrapy.utils.request import request_from_dict
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from cleaners import JsonlWriter

from .articles import article_keys

LOG = logging.getLogger(__name__)


def worker_id() -> str:
    """This process's name in Redis: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Keys:
    """The Redis keys of one crawl (prefix: the spider's name)."""

    def __init__(self, prefix: str) -> None:
        self.workers = f"{prefix}:workers"
        self.articles = f"{prefix}:articles"
        self.claimed = f"{prefix}:claimed"  # articles claimed by all workers, for max_articles
        self.alive_prefix = f"{prefix}:alive:"
        self.inflight_prefix = f"{prefix}:inflight:"

    def alive(self, worker: str) -> str:
        return self.alive_prefix + worker

    def inflight(self, worker: str) -> str:
        return self.inflight_prefix + worker


def engine_status_missing(engine) -> str | None:
    """Which of the engine's status attributes the shared crawl reads this Scrapy lacks.
    No documented API says when the engine is done with a request (a failed download's
    errback bypasses the spider middlewares; no signal marks the end of a response's
    processing), so the scheduler reads what Scrapy's own engine status report
    (``scrapy.utils.engine.get_engine_status``, the telnet console's ``est()``) shows:
    ``engine.downloader.active`` and ``engine.scraper.slot.active``. Checked once, so
    that a Scrapy without them is a clear error, never a crawl that loses requests."""
    if not isinstance(getattr(getattr(engine, "downloader", None), "active", None), set):
        return "engine.downloader.active"
    if not hasattr(getattr(engine, "scraper", None), "slot"):
        return "engine.scraper.slot"
    return None


class ReliableScheduler(Scheduler):
    """scrapy-redis's scheduler that remembers what this process popped until it is
    finished (downloaded, parsed, its items through the pipelines), puts back what a dead
    process had popped, and keeps an idle process waiting while others may still add work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crawler = None
        self.worker = worker_id()
        self.pending: dict[bytes, Any] = {}  # inflight field -> the Request object
        self.idle_since: float | None = None
        self.heartbeat_seconds = 30.0
        self.idle_timeout = 30.0
        self.seed_only = False
        self.heartbeat: LoopingCall | None = None
        self.handed: deque = deque()  # requests popped by wake_engine, handed to the engine
        self.handing = None

    @classmethod
    def from_crawler(cls, crawler):
        missing = engine_status_missing(crawler.engine)
        if missing:
            return Refused(f"this Scrapy ({scrapy.__version__}) does not report {missing}, which the shared "
                           "crawl reads to tell a finished request from one in flight")
        try:
            instance = super().from_crawler(crawler)
        except (RedisError, OSError) as error:
            return Refused(f"cannot reach Redis at {crawler.settings.get('REDIS_URL')}: {error}")
        instance.crawler = crawler
        settings = crawler.settings
        instance.heartbeat_seconds = settings.getfloat("NEWS_REDIS_HEARTBEAT", 30.0)
        instance.idle_timeout = settings.getfloat("NEWS_IDLE_TIMEOUT", 30.0)
        instance.seed_only = settings.getbool("NEWS_SEED_ONLY")
        crawler.signals.connect(instance.on_idle, signal=signals.spider_idle)
        return instance

    # -- lifecycle ----------------------------------------------------------------------

    def open(self, spider) -> None:
        super().open(spider)
        self.keys = Keys(spider.name)
        if self.seed_only:
            LOG.info("seeding the shared queue at %s (%d requests there)", self.queue.key, len(self.queue))
            return
        self.server.sadd(self.keys.workers, self.worker)
        self.beat()
        self.heartbeat = LoopingCall(self.beat)
        self.heartbeat.start(max(self.heartbeat_seconds / 3, 0.2), now=False)
        spider.shared_worker = self.worker
        LOG.info("worker %s on the shared queue %s (%d requests waiting)", self.worker, self.queue.key,
                 len(self.queue))

    def close(self, reason: str) -> None:
        if self.heartbeat and self.heartbeat.running:
            self.heartbeat.stop()
        if not self.seed_only:
            self.forget_finished()
            # What is still in flight after a clean close was never finished: put it back.
            self.recover(self.worker)
            self.server.delete(self.keys.alive(self.worker))
            self.server.srem(self.keys.workers, self.worker)
        super().close(reason)

    def beat(self) -> None:
        """Refresh this process's heartbeat; forget finished requests; recover dead ones."""
        self.server.set(self.keys.alive(self.worker), 1, px=int(self.heartbeat_seconds * 1000))
        self.forget_finished()
        self.recover_dead()
        if len(self.queue):
            self.wake_engine()

    def wake_engine(self) -> None:
        """Have an engine with room ask for requests now, not at its next 5-second
        heartbeat (another process may have filled the queue while this one was idle):
        hand it one from the shared queue (``engine.crawl``), after which it asks for the
        rest itself."""
        engine = self.crawler.engine
        if not engine.running or self.handed or engine.needs_backout():  # starting, handed one, busy or closing
            return
        request = self.next_request()
        if request is not None:
            self.handing = request
            engine.crawl(request)  # back through enqueue_request, into self.handed
            self.handing = None

    def enqueue_request(self, request) -> bool:
        if request is self.handing:  # popped from the shared queue already (wake_engine)
            self.handed.append(request)
            return True
        return super().enqueue_request(request)

    # -- the queue ----------------------------------------------------------------------

    def next_request(self):
        if self.seed_only:
            return None
        if self.handed:
            return self.handed.popleft()
        self.forget_finished()
        request = super().next_request()
        if request is not None:
            self.idle_since = None
            field = uuid.uuid4().hex.encode()
            self.server.hset(self.keys.inflight(self.worker), field, self.encode(request))
            self.pending[field] = request
        return request

    def encode(self, request) -> bytes:
        """A request as the queue stores it: Scrapy's dict of it, in the queue's
        serializer (``SCHEDULER_SERIALIZER``)."""
        return self.queue.serializer.dumps(request.to_dict(spider=self.spider))

    def decode(self, data: bytes):
        return request_from_dict(self.queue.serializer.loads(data), spider=self.spider)

    def has_pending_requests(self) -> bool:
        return not self.seed_only and (bool(self.handed) or super().has_pending_requests())

    def in_progress(self) -> set:
        """The requests the engine holds: downloading (with the downloader middlewares),
        or handed to the spider and their items in the item pipelines. A redirect's
        request is in the shared queue before its first request leaves the downloader."""
        engine = self.crawler.engine
        scraping = engine.scraper.slot
        if scraping is None:  # the scraper is opened after the scheduler
            return set(engine.downloader.active)
        # A response goes from the downloader into the scraper's queue and on to its
        # active set in one call: the queue is empty whenever this runs.
        return engine.downloader.active | scraping.active

    def forget_finished(self) -> None:
        if not self.pending:
            return
        active = self.in_progress().union(self.handed)
        done = [field for field, request in self.pending.items() if request not in active]
        if done:
            self.server.hdel(self.keys.inflight(self.worker), *done)
            for field in done:
                del self.pending[field]

    def recover_dead(self) -> None:
        for member in self.server.smembers(self.keys.workers):
            worker = member.decode()
            if worker != self.worker and not self.server.exists(self.keys.alive(worker)):
                self.recover(worker)
                self.server.srem(self.keys.workers, worker)

    def recover(self, worker: str) -> int:
        """Put back in the queue the requests ``worker`` popped and never finished."""
        taken = f"{self.keys.inflight(worker)}:recovering:{self.worker}"
        try:
            self.server.rename(self.keys.inflight(worker), taken)  # only one process wins
        except ResponseError:  # no such key: nothing in flight, or another process took it
            return 0
        requests = self.server.hgetall(taken)
        for data in requests.values():
            self.queue.push(self.decode(data))
        self.server.delete(taken)
        if requests and worker != self.worker:
            LOG.warning("worker %s is gone: %d of its requests put back in the queue", worker, len(requests))
            if self.stats:
                self.stats.inc_value("news/redis/recovered", len(requests))
        return len(requests)

    def others_busy(self) -> bool:
        """Whether another live process has requests in flight (it may add more)."""
        for member in self.server.smembers(self.keys.workers):
            worker = member.decode()
            if worker != self.worker and self.server.exists(self.keys.alive(worker)) \
                    and self.server.hlen(self.keys.inflight(worker)):
                return True
        return False

    def on_idle(self, spider) -> None:
        """Keep an idle process alive while work may still come, up to the idle timeout."""
        if self.seed_only:
            return
        self.beat()
        now = time.monotonic()
        if len(self.queue) or self.others_busy() or self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        LOG.info("shared queue drained and no worker busy for %.0f s: stopping", self.idle_timeout)


class Refused(BaseScheduler):
    """The scheduler when the shared crawl cannot run (Redis unreachable, or a Scrapy
    that does not report its requests in flight): says why once, schedules nothing, so
    the crawl ends at once (never silently alone on a local queue)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def open(self, spider) -> None:
        LOG.error("%s; nothing crawled", self.message)

    def has_pending_requests(self) -> bool:
        return False

    def enqueue_request(self, request) -> bool:
        return False

    def next_request(self):
        return None


# Claim an article (KEYS[1]: the articles hash; ARGV: URL field, hash field, this worker,
# the alive-key prefix, the article limit or 0) for this worker: 1 or 2 when its URL or
# text is written or claimed by a live worker, 3 when the workers together have claimed
# the limit (KEYS[2] counts claims; one taken over from a dead worker is not counted again).
CLAIM = """
local function taken(field)
  local owner = redis.call('HGET', KEYS[1], field)
  return owner and (owner == 'done' or owner == ARGV[3] or redis.call('EXISTS', ARGV[4] .. owner) == 1)
end
if taken(ARGV[1]) then return 1 end
if taken(ARGV[2]) then return 2 end
local fresh = not redis.call('HGET', KEYS[1], ARGV[1])
local limit = tonumber(ARGV[5])
if fresh and limit > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= limit then return 3 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[2], ARGV[3])
if fresh then redis.call('INCR', KEYS[2]) end
return 0
"""


class SharedArticlePipeline:
    """Writes each article once across all processes: claims its canonical URL and text
    hash in Redis, appends its line to this process's part
    (``NEWS_PARTS_DIR/articles-<worker>.jsonl``, one write per line), then marks both
    ``done``. A claim left by a dead process is taken over when its page comes back."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.scheduler: ReliableScheduler | None = None
        self.parts_dir = Path(crawler.settings.get("NEWS_PARTS_DIR", "output/parts"))
        self.part: JsonlWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        spider = spider or self.crawler.spider
        scheduler = self.crawler.engine.scheduler
        self.scheduler = scheduler if isinstance(scheduler, ReliableScheduler) else None
        if self.scheduler is None:  # the shared crawl refused (reported by the scheduler): nothing to write
            return
        self.server = scheduler.server
        self.keys = Keys(spider.name)
        self.claim = self.server.register_script(CLAIM)

    def _part(self) -> JsonlWriter:
        if self.part is None:
            path = self.parts_dir / f"articles-{self.scheduler.worker}.jsonl"
            self.part = JsonlWriter(str(path), append=True, lazy=True)
        return self.part

    def process_item(self, item: Any, spider=None) -> Any:
        if self.scheduler is None or not isinstance(item, dict) or "hash" not in item:
            return item
        url_key, hash_key = article_keys(item)
        spider = self.crawler.spider
        limit = getattr(spider, "max_articles", 0)
        verdict = self.claim(keys=[self.keys.articles, self.keys.claimed],
                             args=[url_key, hash_key, self.scheduler.worker, self.keys.alive_prefix, limit])
        if verdict == 3:
            self.crawler.stats.inc_value("news/dropped/max_articles")
            spider.reached_max_articles()
            raise DropItem(f"max_articles: {item.get('source')}: the workers have written {limit} articles",
                           log_level="INFO")
        if verdict:
            reason = "duplicate_url" if verdict == 1 else "duplicate_text"
            self.crawler.stats.inc_value(f"news/dropped/{reason}")
            raise DropItem(f"{reason}: {item.get('source')}: written by another worker already",
                           log_level="INFO")
        self._part().write(item)
        self.server.hset(self.keys.articles, mapping={url_key: "done", hash_key: "done"})
        self.crawler.stats.inc_value("news/redis/written")
        return item

    def close_spider(self, spider=None) -> None:
        if self.part is not None:
            self.part.close()
            self.part = None

