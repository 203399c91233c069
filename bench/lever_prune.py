"""Lever "prune" of issue 18: our page steps (``ArticleGuard`` and ``steps.PAGE_STEPS``)
as they are, against the same steps as they were before the lever.

    python bench/lever_prune.py [--rounds N] [--old REV]

The old way is the ``cleaners/core`` package of commit ``REV`` (default ``OLD_REVISION``,
main before the lever), read from this repository's git history into a temporary folder
and imported under its own name: the code path as it was, not a copy kept in the repo.
Both ways run on the same parsed pages (parsing, metadata and a site profile's pruning
are done once, before timing; each way gets its own copy of the tree), taking turns
page by page; CPU time (``time.process_time``), median of the rounds. The results are
identical when every page's tree after the steps serializes to the same bytes and the
documents hold the same removals, captions, lead and date.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from bench.levers import parsed_pages  # noqa: E402
from cleaners.core.document import Document, Page  # noqa: E402
from cleaners.core.html_steps import ArticleGuard  # noqa: E402
from cleaners.core.pipeline import page_profile  # noqa: E402
from cleaners.core.steps import PAGE_STEPS  # noqa: E402

# main just before the lever (issue 18, "one bottom-up measuring pass shared by every
# step; no work on parts of the page already pruned").
OLD_REVISION = "ed1166f"
_CORE = "cleaners/core"


def old_core(revision: str, folder: Path):
    """The ``cleaners/core`` package of ``revision``, imported from ``folder`` (None when
    git or the revision is not at hand)."""
    try:
        names = subprocess.run(
            ["git", "-C", str(REPO), "ls-tree", "-r", "--name-only", revision, _CORE],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        package = f"core_{revision}"
        for name in names:
            target = folder / package / Path(name).relative_to(_CORE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(
                subprocess.run(
                    ["git", "-C", str(REPO), "show", f"{revision}:{name}"], capture_output=True, check=True
                ).stdout
            )
    except (OSError, subprocess.CalledProcessError):
        return None
    sys.path.insert(0, str(folder))
    try:
        return (
            importlib.import_module(f"{package}.html_steps"),
            importlib.import_module(f"{package}.document"),
            importlib.import_module(f"{package}.steps"),
        )
    finally:
        sys.path.remove(str(folder))


def prepared(pages: list[tuple[str, bytes]]) -> list[tuple[Document, object]]:
    """Each page parsed, its metadata read and its site profile's pruning done: what the
    page steps start from in ``pipeline.clean_tree``."""
    ready = []
    for doc, tree in parsed_pages(pages):
        page_profile(doc, tree)
        ready.append((doc, tree))
    return ready


def _new_way(doc: Document, tree) -> Document:
    page = Page(tree, ArticleGuard(tree))
    for step in PAGE_STEPS:
        step(doc, page)
    return doc


def _old_way(old, doc: Document, tree):
    html_steps, document, steps = old
    doc = document.Document(**{f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)})
    page = document.Page(tree, html_steps.ArticleGuard(tree))
    for step in steps.PAGE_STEPS:
        step(doc, page)
    return doc


def _outcome(doc, tree) -> tuple:
    removals = [(r.step, r.reason, r.text) for r in doc.removals]
    return etree.tostring(tree), removals, doc.captions, doc.lead, doc.date, dict(doc.removed)


def _timed(run, doc: Document, tree) -> tuple[float, tuple]:
    started = time.process_time()
    done = run(doc, tree)
    return time.process_time() - started, _outcome(done, tree)


def measure(pages: list[tuple[str, bytes]], rounds: int, old_revision: str | None = None) -> list[str]:
    """Markdown lines: the old and the new page steps' CPU ms per page on ``pages``."""
    revision = old_revision or os.environ.get("LEVER_PRUNE_OLD", OLD_REVISION)
    ready = prepared(pages)
    lines = ["### prune (ArticleGuard's measuring and the page steps)", ""]
    with tempfile.TemporaryDirectory() as scratch:
        old = old_core(revision, Path(scratch))
        ways = {"new": _new_way}
        if old is not None:
            ways = {"old": lambda doc, tree: _old_way(old, doc, tree), "new": _new_way}
        totals: dict[str, list[float]] = {name: [] for name in ways}
        identical = True
        for _ in range(rounds):
            spent = dict.fromkeys(ways, 0.0)
            for doc, tree in ready:
                outcomes = []
                for name, run in ways.items():
                    seconds, outcome = _timed(run, copy.deepcopy(doc), copy.deepcopy(tree))
                    spent[name] += seconds
                    outcomes.append(outcome)
                identical = identical and all(outcome == outcomes[0] for outcome in outcomes)
            for name in ways:
                totals[name].append(1000 * spent[name] / max(len(ready), 1))
    if old is None:
        lines.append(f"(the old way, commit {revision}, is not in this checkout's git history: new way only)")
    for name, values in totals.items():
        label = f"old (commit {revision})" if name == "old" else "new (this checkout)"
        lines.append(
            f"- {label}: {statistics.median(values):.2f} CPU ms/page "
            f"(median of {rounds} rounds over {len(ready)} pages)"
        )
    if old is not None:
        lines.append(
            f"- ratio old/new: {statistics.median(totals['old']) / statistics.median(totals['new']):.2f}x; "
            f"results {'identical' if identical else 'DIFFERENT'} (tree, removals, captions, lead, date)"
        )
    return lines


def _pages(shared: Path) -> list[tuple[str, bytes]]:
    found = sorted((shared / "pages").glob("*.html"))
    if found:
        return [(path.name, path.read_bytes()) for path in found]
    from bench.synthetic import synthetic_page

    return [(f"synthetic-{index}.html", synthetic_page(index).encode("utf-8")) for index in range(12)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--old", default=None, help=f"the old way's commit (default {OLD_REVISION})")
    parser.add_argument(
        "--shared", default=None, help="the shared folder (default ../shared beside the checkout)"
    )
    args = parser.parse_args()
    shared = Path(args.shared or os.environ.get("VNCLEAN_SHARED") or REPO.parent / "shared")
    print("\n".join(measure(_pages(shared), args.rounds, args.old)))


if __name__ == "__main__":
    main()
