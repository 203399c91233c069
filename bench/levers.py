"""What the issue-18 lever benches (bench/lever_*.py) share: running one alone on the saved
pages, or on bench/synthetic.py pages when they are absent."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def run_alone(measure: Callable[[list[tuple[str, bytes]], int], list[str]], description: str,
              argv: list[str] | None = None) -> None:
    """Parse ``--rounds N`` and ``--shared DIR``, and print ``measure``'s lines for the pages."""
    from bench.speed import page_files, shared_dir

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--shared", help="the shared folder (default ../shared or VNCLEAN_SHARED)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        files, note = page_files(shared_dir(args.shared), Path(scratch))
        pages = [(path.name, path.read_bytes()) for path in files]
    if note:
        print(note, end="\n\n")
    print("\n".join(measure(pages, args.rounds)))


def parsed_pages(pages: list[tuple[str, bytes]]) -> Iterator[tuple[Any, Any]]:
    """(document, tree) of each page ``read_html`` parses (the others are left out)."""
    from cleaners.core.pipeline import read_html

    for name, html in pages:
        page = read_html(html, name)
        if isinstance(page, tuple):
            yield page
