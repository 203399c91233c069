"""``python -m tests.fixture_site [--port 8000] [--articles N]``: serve the fixture site on
127.0.0.1 until Ctrl-C, printing every request."""

from __future__ import annotations

import argparse
import sys

from .content import Site
from .server import FixtureServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fixture_site",
                                     description="Serve a synthetic Vietnamese news site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--articles", type=int, default=12, help="number of articles (default 12, at least 8)")
    parser.add_argument("--per-page", type=int, default=None, help="articles per category page")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args(argv)
    per_page = args.per_page or (3 if args.articles <= 50 else 20)
    try:
        server = FixtureServer(Site(args.articles, per_page), port=args.port, delay=args.delay, quiet=False)
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"fixture site with {len(server.site.articles)} articles at {server.url}/ (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
