"""``python -m crawler.parts [PARTS_DIR] [-o OUT]``: merge the JSONL parts the workers of
a shared crawl wrote (``output/parts/articles-*.jsonl``) into one file, each article once
(by canonical URL and by text hash; the first seen wins, parts in name order)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from cleaners import JsonlWriter, read_jsonl

from .articles import WrittenArticles

LOG = logging.getLogger("crawler.parts")


def read_parts(folder: Path) -> Iterator[tuple[Path, int, dict | None]]:
    """(part, line number, record or None for a torn or malformed line) of every part."""
    for part in sorted(folder.glob("*.jsonl")):
        for number, record in read_jsonl(part):
            yield part, number, record


def merge(folder: Path, out: Path) -> tuple[int, int, int]:
    """Write every article of the parts once to ``out``; (written, duplicates, bad lines)."""
    written_articles = WrittenArticles()
    written = duplicates = bad = 0
    handle = JsonlWriter(str(out), append=False)
    try:
        for part, number, record in read_parts(folder):
            if record is None or "text" not in record:
                LOG.warning("%s:%d: not a complete JSON record, skipped", part, number)
                bad += 1
                continue
            if written_articles.duplicate(record):
                duplicates += 1
                continue
            written_articles.add(record)
            handle.write(record)
            written += 1
    finally:
        handle.close()
    return written, duplicates, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.parts", description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="?", default="output/parts", help="folder of parts (default output/parts)")
    parser.add_argument("-o", "--output", default="output/articles.jsonl", help="merged file (default output/articles.jsonl)")
    opts = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    folder = Path(opts.parts)
    if not folder.is_dir():
        LOG.error("%s: no such folder of parts", folder)
        return 2
    written, duplicates, bad = merge(folder, Path(opts.output))
    print(f"written {written} to {opts.output}, duplicates {duplicates}, bad lines {bad}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
