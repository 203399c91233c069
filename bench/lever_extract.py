"""Issue 18, lever "extract": trafilatura's extraction of the pruned tree and its author
search, old way and new way on the same pages, taking turns.

- extraction: ``trafilatura.bare_extraction`` (fast mode, as the pipeline called it) against
  ``cleaners.core.extraction.extract_text`` (trafilatura's same steps without the copies and
  the page-length walk that path never uses), on each page's pruned tree;
- the main pass over the cleaned tree: ``main_extractor._extract`` against
  ``extraction._extract`` (the regex tests of its article-container and discard XPaths done in Python);
- the main content (main pass, then the recovery of wild text where it comes up short):
  ``main_extractor.extract_content`` against ``extraction._extract_content``;
- the recall escalation's comparison of a short text with the page (on the pages whose
  text is short enough to reach it): ``len(html2txt(tree))`` against
  ``extraction._small_share_of_page`` (which tries two cheaper bounds on that length first);
- read_html's size limits on the parsed page: its element count and depth XPaths compiled
  at each call (``tree.xpath``) against ``pipeline._tree_over_limits`` (compiled once);
- trafilatura's author search on the pages whose markup names no author:
  ``trafilatura.metadata.extract_author`` against ``metadata.trafilatura_author`` (not
  run where no element could match its XPaths).

Run alone: ``python bench/lever_extract.py [--rounds N] [--shared DIR]`` (the saved pages,
or bench/synthetic.py pages when they are absent)."""

from __future__ import annotations

import copy
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402
from trafilatura import core  # noqa: E402
from trafilatura.baseline import html2txt  # noqa: E402
from trafilatura.htmlprocessing import convert_tags, tree_cleaning  # noqa: E402
from trafilatura.main_extractor import _extract, extract_content  # noqa: E402
from trafilatura.metadata import extract_author  # noqa: E402
from trafilatura.settings import Extractor  # noqa: E402

from bench.levers import parsed_pages, run_alone  # noqa: E402
from cleaners.core import extraction  # noqa: E402
from cleaners.core.extraction import extract_text  # noqa: E402
from cleaners.core.limits import DEFAULT_LIMITS, PARSER_MAX_DEPTH  # noqa: E402
from cleaners.core.metadata import trafilatura_author  # noqa: E402
from cleaners.core.pipeline import _tree_over_limits, prune_page  # noqa: E402


@dataclass
class Prepared:
    """One page as clean_tree has it before trafilatura's extraction."""

    pruned: Any
    parsed: Any  # the page as read_html parsed it
    cleaned: Any  # the pruned tree as trafilatura cleans it for its main pass
    url: str | None
    fast: bool
    favor_precision: bool
    needs_author: bool  # the markup names no author: trafilatura's author search runs
    short_text: int = 0  # the extracted text's length when the escalation compares it with the page


def prepare(pages: list[tuple[str, bytes]]) -> list[Prepared]:
    prepared = []
    for doc, tree in parsed_pages(pages):
        parsed = copy.deepcopy(tree)
        meta, profile, _ = prune_page(doc, tree)
        page = Prepared(tree, parsed, _cleaned(tree), doc.url, profile.fast if profile else True, bool(profile and profile.favor_precision),
                        not meta.author)
        length = len(_new_extraction(page, copy.deepcopy(tree)))
        page.short_text = length if 0 < length < core.ESCALATION_MAX_LENGTH else 0
        prepared.append(page)
    return prepared


def _old_extraction(page: Prepared, tree: Any) -> str:
    extracted = trafilatura.bare_extraction(tree, url=page.url, with_metadata=False, include_comments=False,
                                            include_tables=True, fast=page.fast, favor_precision=page.favor_precision)
    return extracted.text if extracted is not None and extracted.text else ""


def _new_extraction(page: Prepared, tree: Any) -> str:
    return extract_text(tree, page.url, fast=page.fast, favor_precision=page.favor_precision)


def _old_share(page: Prepared, tree: Any) -> bool | None:
    return page.short_text < core.ESCALATION_PAGE_SHARE * len(html2txt(tree)) if page.short_text else None


def _new_share(page: Prepared, tree: Any) -> bool | None:
    return extraction._small_share_of_page(page.short_text, tree) if page.short_text else None


def _cleaned(tree: Any) -> Any:
    return convert_tags(tree_cleaning(copy.copy(tree), _FAST), _FAST)


_FAST = Extractor(output_format="python", fast=True, comments=False, tables=True)


def _old_main_pass(page: Prepared, tree: Any) -> str:
    return _extract(tree, _FAST)[1]


def _new_main_pass(page: Prepared, tree: Any) -> str:
    return extraction._extract(tree, _FAST)[1]


def _old_content(page: Prepared, tree: Any) -> str:
    return extract_content(tree, _FAST)[1]


def _new_content(page: Prepared, tree: Any) -> str:
    return extraction._extract_content(tree, _FAST)[1]


def _old_limits(page: Prepared, tree: Any) -> str | None:
    if int(tree.xpath("count(//*)")) > DEFAULT_LIMITS.max_nodes:
        return "too_many_nodes"
    depth = min(DEFAULT_LIMITS.max_depth, PARSER_MAX_DEPTH)
    return "too_deep" if tree.xpath("boolean(" + "/*" * (depth + 1) + ")") else None


def _new_limits(page: Prepared, tree: Any) -> str | None:
    over = _tree_over_limits(tree, "page", DEFAULT_LIMITS)
    return over.reason if over is not None else None


def _old_author(page: Prepared, tree: Any) -> str | None:
    return extract_author(tree) if page.needs_author else None


def _new_author(page: Prepared, tree: Any) -> str | None:
    return trafilatura_author(tree) if page.needs_author else None


def _turns(prepared: list[Prepared], rounds: int, old, new, tree_of) -> tuple[float, float]:
    """Median over rounds of the CPU ms per page of ``old`` and ``new``, page by page in
    turns, each on its own copy of the page's tree (copied outside the timing)."""
    totals: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(rounds):
        spent = {"old": 0.0, "new": 0.0}
        for page in prepared:
            for way, function in (("old", old), ("new", new)):
                tree = copy.deepcopy(tree_of(page))
                started = time.process_time()
                function(page, tree)
                spent[way] += time.process_time() - started
        for way in spent:
            totals[way].append(1000 * spent[way] / len(prepared))
    return statistics.median(totals["old"]), statistics.median(totals["new"])


def measure(pages: list[tuple[str, bytes]], rounds: int) -> list[str]:
    """The lever's markdown lines: old and new CPU ms per page, and whether they agree."""
    prepared = prepare(pages)
    same_text = sum(_old_extraction(p, copy.deepcopy(p.pruned)) == _new_extraction(p, copy.deepcopy(p.pruned))
                    for p in prepared)
    extraction = _turns(prepared, rounds, _old_extraction, _new_extraction, lambda p: p.pruned)
    main_pass = _turns(prepared, rounds, _old_main_pass, _new_main_pass, lambda p: p.cleaned)
    same_main_pass = sum(_old_main_pass(p, copy.deepcopy(p.cleaned)) == _new_main_pass(p, copy.deepcopy(p.cleaned))
                         for p in prepared)
    content = _turns(prepared, rounds, _old_content, _new_content, lambda p: p.cleaned)
    same_content = sum(_old_content(p, copy.deepcopy(p.cleaned)) == _new_content(p, copy.deepcopy(p.cleaned))
                       for p in prepared)
    recovered = sum(len(_extract(copy.deepcopy(p.cleaned), _FAST)[1]) < _FAST.min_extracted_size for p in prepared)
    share = _turns(prepared, rounds, _old_share, _new_share, lambda p: p.pruned)
    same_share = sum(_old_share(p, p.pruned) == _new_share(p, p.pruned) for p in prepared)
    compared = sum(bool(p.short_text) for p in prepared)
    limits = _turns(prepared, rounds, _old_limits, _new_limits, lambda p: p.parsed)
    same_limits = sum(_old_limits(p, p.parsed) == _new_limits(p, p.parsed) for p in prepared)
    author = _turns(prepared, rounds, _old_author, _new_author, lambda p: p.pruned)
    same_author = sum(_old_author(p, p.pruned) == _new_author(p, p.pruned) for p in prepared)
    searched = sum(p.needs_author for p in prepared)
    n = len(prepared)
    return [
        "### extract",
        "",
        f"CPU ms per page, median of {rounds} rounds over {n} pages, old and new taking turns page by page:",
        "",
        f"- trafilatura's extraction of the pruned tree: `bare_extraction` {extraction[0]:.2f}, "
        f"`extraction.extract_text` {extraction[1]:.2f} ({extraction[0] - extraction[1]:.2f} less); "
        f"the same text on {same_text} of {n} pages",
        f"- its main pass over the cleaned tree: `main_extractor._extract` {main_pass[0]:.2f}, "
        f"`extraction._extract` {main_pass[1]:.2f} ({main_pass[0] - main_pass[1]:.2f} less); "
        f"the same text on {same_main_pass} of {n} pages",
        f"- its main content (recovery of wild text on the {recovered} of {n} pages where the main pass is short): "
        f"`extract_content` {content[0]:.2f}, `extraction._extract_content` {content[1]:.2f} "
        f"({content[0] - content[1]:.2f} less); the same text on {same_content} of {n} pages",
        f"- the escalation's comparison with the page (on the {compared} of {n} pages whose text is short): "
        f"`html2txt` {share[0]:.2f}, `extraction._small_share_of_page` {share[1]:.2f} "
        f"({share[0] - share[1]:.2f} less); the same answer on {same_share} of {n} pages",
        f"- read_html's element count and depth check: XPaths compiled at each call {limits[0]:.3f}, "
        f"`pipeline._tree_over_limits` {limits[1]:.3f} ({limits[0] - limits[1]:.3f} less); "
        f"the same decision on {same_limits} of {n} pages",
        f"- trafilatura's author search (on the {searched} of {n} pages whose markup names no author): "
        f"`extract_author` {author[0]:.2f}, `metadata.trafilatura_author` {author[1]:.2f} "
        f"({author[0] - author[1]:.2f} less); the same author on {same_author} of {n} pages",
    ]


def main(argv: list[str] | None = None) -> None:
    run_alone(measure, __doc__.split("\n\n")[0], argv)


if __name__ == "__main__":
    main()
