"""Shared fixtures: where the samples, gold files and the third-party pages live."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "seeds" / "samples"
GOLD = REPO / "tests" / "gold"
# Third-party pages are never committed: they are read from ../shared beside the clone,
# or from the folder VNCLEAN_SHARED names.
SHARED = Path(os.environ.get("VNCLEAN_SHARED", REPO.parent / "shared"))
PAGES = SHARED / "pages"
ARTICLEBODY = SHARED / "bench" / "articlebody"
READABILITY = SHARED / "bench" / "readability"


def read_gold(path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs of a gold file (``LABEL<TAB>text`` per line)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, _, text = line.partition("\t")
        pairs.append((label, text))
    return pairs


def require_shared(path: Path, what: str) -> Path:
    """``path`` when it exists; otherwise the test skips, saying which third-party set is
    missing and where it was looked for."""
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (set VNCLEAN_SHARED to the shared folder)")
    return path


@pytest.fixture
def pages_dir() -> Path:
    return require_shared(PAGES, "saved pages")


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on 127.0.0.1 for one test (skips when it is not installed)."""
    from .shared_crawl.redis_server import start_redis

    process, url = start_redis(tmp_path)
    yield url
    process.terminate()
    process.wait(timeout=10)


def read_jsonl(*paths: Path) -> list[dict]:
    """Every line of these JSONL files, parsed: a torn or blank line fails the test."""
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()]


def by_source(records: list[dict]) -> dict[str, dict]:
    """Records by their ``source``."""
    return {record["source"]: record for record in records}


def crawl_stat(log: str, key: str) -> int:
    """A Scrapy stat's value in a crawl's log (``-s STATS_DUMP=True``), 0 when absent."""
    match = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(match.group(1)) if match else 0


def run_env() -> dict[str, str]:
    """Environment for subprocesses: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COLUMNS", None)
    return env


PYTHON = sys.executable
# For tests of other things that give one text in several forms (a page and its .gz, a
# sample as .txt and as JSONL): without it the copies after the first are duplicates.
NO_DEDUP = ("--dedup", "none")

# The interrupt tests send Ctrl-C to the programs they start. A shell starts a background
# job with SIGINT ignored, and an ignored signal stays ignored in every process started
# from it (Python then installs no KeyboardInterrupt handler): put the default back.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
