"""What the issue-18 lever benches (bench/lever_*.py) share: running one alone on the saved
pages, or on bench/synthetic.py pages when they are absent."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path


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
