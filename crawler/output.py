"""Where the crawl's articles go: the default feed, and a resumed job appending to the
feed it started instead of replacing it."""

from __future__ import annotations

import logging
import os

from .jobstate import JobState

LOG = logging.getLogger(__name__)


def local_feeds(settings, appended_only: bool = False) -> list[str]:
    """Paths of the feeds written to local files; with ``appended_only``, only those
    appended to (``-o``, ``NEWS_OUTPUT``), not replaced (``-O``)."""
    paths = []
    for uri, options in settings.getdict("FEEDS").items():
        uri = str(uri)
        if appended_only and options.get("overwrite"):
            continue
        if uri.startswith("file://"):
            paths.append(uri.removeprefix("file://"))
        elif "://" not in uri and uri not in {"-", "stdout:"}:
            paths.append(uri)
    return paths


def default_feed(settings) -> None:
    """Without -o/-O or FEEDS, articles are appended to ``NEWS_OUTPUT``; not in a crawl
    shared through Redis (``REDIS_URL``), where each worker writes its own part
    (``NEWS_PARTS_DIR``), not one file that processes on one machine would interleave."""
    if settings.get("REDIS_URL"):
        return
    if not settings.getdict("FEEDS") and settings.get("NEWS_OUTPUT"):
        settings.set("FEEDS", {settings.get("NEWS_OUTPUT"): {"format": "jsonlines", "encoding": "utf-8"}},
                     priority="addon")


def append_feeds_when_resuming(settings) -> None:
    """A crawl resumed from a JOBDIR must not truncate the feed the first run wrote:
    ``-O`` (overwrite) becomes append once the job has written articles."""
    jobdir = settings.get("JOBDIR")
    if not jobdir or not JobState.path_in(jobdir).exists():
        return
    feeds = settings.getdict("FEEDS")
    if not any(options.get("overwrite") for options in feeds.values()):
        return
    changed = {uri: {**options, "overwrite": False} for uri, options in feeds.items()}
    LOG.warning("resuming %s: appending to %s instead of overwriting", jobdir, ", ".join(map(str, feeds)))
    settings.set("FEEDS", changed, priority="cmdline")


def unwritable_output(settings) -> str | None:
    """Why a local feed or the report (``NEWS_REPORT``) cannot be written (a folder, an
    empty name, a folder that cannot be made), checked before the crawl fetches anything:
    Scrapy's feed exporter would find out only when it stores the feed at the end, and
    lose every article; the report would fail when it is put in place."""
    report = settings.get("NEWS_REPORT")
    named = [("output", path) for path in local_feeds(settings)] + ([("NEWS_REPORT", str(report))] if report else [])
    for what, path in named:
        if not path.strip() or path.endswith(("/", os.sep)) or os.path.isdir(path):
            return f"{what} {path!r} is a folder or no file name"
        folder = os.path.dirname(os.path.abspath(path))
        existing = folder
        while not os.path.exists(existing):
            existing = os.path.dirname(existing)
        if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
            return f"{what} {path!r}: folder {folder} cannot be written"
    return None
