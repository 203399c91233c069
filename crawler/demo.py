"""``python -m crawler.demo``: the main job offline. Serves the bundled synthetic
Vietnamese news site (``tests/fixture_site``) on 127.0.0.1 in this process, crawls it with
``scrapy crawl news`` into ``output/demo.jsonl`` and ends by itself with the crawl's summary.

Run it from the checkout (it needs ``scrapy.cfg`` and ``tests/``). The crawl is the real
one with the project's settings, except no politeness delay: the site is our own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = "output/demo.jsonl"


def crawl_command(url: str, output: str, extra: list[str]) -> list[str]:
    """The ``scrapy crawl news`` command the demo runs on the site at ``url``."""
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "news",
        "-a",
        f"urls={url}/",
        "-O",
        output,
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "STATS_DUMP=0",
        *extra,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo",
        description="Crawl the bundled demo news site (served on 127.0.0.1 by this process) "
        f"into {DEFAULT_OUTPUT}; extra arguments after -- go to scrapy crawl.",
    )
    parser.add_argument(
        "-O", "--output", default=DEFAULT_OUTPUT, help=f"output file, replaced (default {DEFAULT_OUTPUT})"
    )
    parser.add_argument(
        "--articles", type=int, default=12, help="articles on the demo site (default 12, at least 8)"
    )
    parser.add_argument(
        "scrapy_args",
        nargs="*",
        metavar="-- SCRAPY_ARG",
        help="more scrapy crawl arguments, e.g. -- -s NEWS_REPORT=output/demo.html",
    )
    args = parser.parse_args(argv)
    if not (REPO / "tests" / "fixture_site").is_dir():
        print(
            f"python -m crawler.demo: run it from a checkout: {REPO / 'tests/fixture_site'} is missing",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(REPO))
    from tests.fixture_site import FixtureServer, Site

    if args.articles < 8:
        print(
            f"python -m crawler.demo: --articles {args.articles}: the site needs at least 8", file=sys.stderr
        )
        return 2
    site = Site(args.articles, 3 if args.articles <= 50 else 20)
    server = FixtureServer(site).start()
    print(
        f"demo site: {len(site.articles)} articles at {server.url}/ (this process)",
        file=sys.stderr,
        flush=True,
    )
    try:
        done = subprocess.run(crawl_command(server.url, args.output, args.scrapy_args), cwd=REPO)
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()
    if done.returncode == 0:
        print(f"wrote {args.output}: one JSON line per article (see docs/record.md)", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
