"""The two entries of the cleaning library: HTML (decode, parse once, prune, captions,
trafilatura with metadata, then the text steps) and already-extracted text (the text
steps alone). Both end in the same record."""

from __future__ import annotations

import copy
import functools
import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import XPath

from . import dates, sites
from .baseline import never_below_baseline
from .decode import DecodeError, clean_str, decode_html_utf8
from .document import Document, Page, removal_positions, run_steps
from .extraction import extract_text
from .html_steps import ArticleGuard, parse_html
from .html_structure import (
    restore_lead,
)
from .language import detect_language
from .limits import DEFAULT_LIMITS, PARSER_MAX_DEPTH, DocumentTimeout, Limits, time_limit
from .metadata import PageMetadata, page_metadata, person_author, trafilatura_fallback
from .normalize import DEFAULT_TONE_MARKS, normalize_vietnamese
from .record import make_record
from .steps import PAGE_STEPS, TEXT_STEPS, text_input_steps
from .text_steps import ARTICLE_MIN_WORDS, is_running_text, normalize_text

# trafilatura's date search: no extensive search, it makes "2024-01-01" of a bare year in
# the headline. The date shown beside the headline is read by html_structure.find_date_line.
TRAFILATURA_DATES = {"extensive_search": False, "original_date": True}

# Steps on the parsed page, in order: the lead is found before anything is pruned; the
# layout is repaired after the Vietnamese boilerplate blocks are gone.


class CleanError(Exception):
    """An input that gives no record, with a short machine reason and a message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class Result:
    """What cleaning one input gave: a record, or the reason there is none."""

    source: str
    record: dict[str, Any] | None = None
    reason: str | None = None
    message: str | None = None
    removed: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.record is not None


def text_hash(text: str) -> str:
    """Digest of the normalized text (lower case, single spaces) for exact dedup."""
    return hashlib.sha1(normalize_text(text).lower().encode("utf-8")).hexdigest()


def _timed(doc: Document, name: str, started: float) -> float:
    now = time.perf_counter()
    doc.timings[name] = doc.timings.get(name, 0.0) + now - started
    return now


def _normal(text: str, doc: Document) -> str:
    """One line in the corpus's written form (normalize.py) with single spaces."""
    return normalize_text(normalize_vietnamese(text, doc.tone_marks))


def _record(doc: Document, explain: bool) -> dict[str, Any]:
    started = time.perf_counter()
    text = "\n".join(filter(None, (_normal(line, doc) for line in doc.lines if line.strip())))
    if not text:
        raise CleanError("no_article", "no article text left after cleaning")
    if not any(is_running_text(line) for line in text.split("\n")):
        raise CleanError("no_article", f"only short lines left (menus, links): no line of {ARTICLE_MIN_WORDS} words")
    started = _timed(doc, "normalize", started)
    lang, score = detect_language(text)
    _timed(doc, "language", started)
    explained = None
    if explain:
        kept = text.split("\n")
        explained = [{**removal.as_dict(), "at": at} for removal, at
                     in zip(doc.removals, removal_positions(doc.original, kept, doc.removals), strict=True)]
    return make_record(
        url=doc.url,
        source=doc.source,
        title=_normal(doc.title, doc) if doc.title else None,
        text=text,
        date=doc.date,
        author=_normal(doc.author, doc) if doc.author else None,
        sitename=doc.sitename,
        captions=[_normal(c, doc) for c in doc.captions],
        lang=lang,
        lang_score=score,
        hash=text_hash(text),
        removed=dict(sorted(doc.removed.items())),
        **({"explain": explained} if explain else {}),
    )


def _result(doc: Document, explain: bool) -> Result:
    try:
        record = _record(doc, explain)
    except CleanError as error:
        return Result(doc.source, reason=error.reason, message=error.message, removed=doc.removed,
                      timings=doc.timings)
    return Result(doc.source, record=record, removed=doc.removed, timings=doc.timings)


def clean_text(text: str, source: str | None = None, url: str | None = None, explain: bool = False,
               limits: Limits | None = None, template_lines: frozenset[str] = frozenset(),
               title: str | None = None, tone_marks: str = DEFAULT_TONE_MARKS) -> Result:
    """Clean already-extracted text (one block per line) into a record. ``source`` names
    the input in the record and errors (default: ``url``, else ``"<text>"``);
    ``template_lines``: line keys that recur across the host's documents in the run
    (cleaners/template_lines.py); ``title``: the headline when the input gives it (a JSONL
    ``title``), found in the text; tone marks placed in ``tone_marks`` style (normalize.py)."""
    source = source or url or "<text>"
    limits = limits or DEFAULT_LIMITS
    if len(text) > limits.max_decompressed:
        return _too_large(source, len(text), limits)
    try:
        with time_limit(limits.timeout):
            return _clean_text(clean_str(text), source, url, explain, template_lines, title, tone_marks)
    except DocumentTimeout as error:
        return Result(source, reason="timeout", message=str(error))


def _clean_text(text: str, source: str, url: str | None, explain: bool, template_lines: frozenset[str],
                title: str | None, tone_marks: str) -> Result:
    doc = Document(source=source, url=url, explain=explain, lines=text.splitlines(),
                   title=normalize_text(clean_str(title)) if title else None, tone_marks=tone_marks)
    if explain:
        doc.original = " ".join(text.split())
    if not text.strip():
        return Result(source, reason="empty", message="the input holds no text")
    run_steps(doc, text_input_steps(template_lines))
    return _result(doc, explain)


def clean_html(
    html: bytes | str,
    source: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
    explain: bool = False,
    limits: Limits | None = None,
    tone_marks: str = DEFAULT_TONE_MARKS,
) -> Result:
    """Clean an HTML page into a record (or the reason it gives none), within ``limits``
    (size, tree size and depth, time: reasons ``too_large``, ``too_many_nodes``,
    ``too_deep``, ``timeout``); tone marks placed in ``tone_marks`` style (normalize.py).
    ``source`` names the input in the record and errors (default: ``url``, else ``"<html>"``)."""
    source = source or url or "<html>"
    limits = limits or DEFAULT_LIMITS
    try:
        with time_limit(limits.timeout):
            page = read_html(html, source, url, content_type, explain, limits, tone_marks)
            return page if isinstance(page, Result) else clean_tree(*page)
    except DocumentTimeout as error:
        return Result(source, reason="timeout", message=str(error))


def _too_large(source: str, size: int, limits: Limits) -> Result:
    return Result(source, reason="too_large",
                  message=f"document is {size} long, over the limit of {limits.max_decompressed}")


_ELEMENT_COUNT = XPath("count(//*)")


@functools.lru_cache(maxsize=8)
def _nested_deeper_than(depth: int) -> XPath:
    """Whether a tree has an element ``depth + 1`` levels down, compiled once per depth."""
    return XPath("boolean(" + "/*" * (depth + 1) + ")")


def _tree_over_limits(tree, source: str, limits: Limits) -> Result | None:
    nodes = int(_ELEMENT_COUNT(tree))
    if nodes > limits.max_nodes:
        return Result(source, reason="too_many_nodes",
                      message=f"{nodes} HTML elements, over the limit of {limits.max_nodes}")
    depth = min(limits.max_depth, PARSER_MAX_DEPTH)
    if _nested_deeper_than(depth)(tree):
        return Result(source, reason="too_deep",
                      message=f"HTML nested deeper than {depth} elements (the parser cuts at {PARSER_MAX_DEPTH})")
    return None


def read_html(html: bytes | str, source: str, url: str | None = None, content_type: str | None = None,
              explain: bool = False, limits: Limits = DEFAULT_LIMITS,
              tone_marks: str = DEFAULT_TONE_MARKS) -> tuple[Document, Any] | Result:
    """Decode and parse a page once, within the size limits: the document and the parsed
    tree for ``clean_tree`` (which a caller may read first, e.g. for links), or the
    Result saying why there is none. No time limit of its own: see ``clean_html``."""
    if len(html) > limits.max_decompressed:
        return _too_large(source, len(html), limits)
    started = time.perf_counter()
    try:
        text, utf8 = decode_html_utf8(html, content_type) if isinstance(html, bytes) else (clean_str(html, markup=True), None)
    except DecodeError as error:
        return Result(source, reason="binary", message=str(error))
    if not text.strip():
        return Result(source, reason="empty", message="the page is empty")
    doc = Document(source=source, url=url, explain=explain, tone_marks=tone_marks)
    started = _timed(doc, "decode", started)
    try:
        tree = parse_html(text, utf8)
    except Exception as error:  # lxml raises several types on garbage
        return Result(source, reason="unparsable", message=f"HTML could not be parsed: {error}")
    if tree is None or tree.find(".//body") is None and len(tree) == 0:
        return Result(source, reason="unparsable", message="no HTML document in the input")
    over = _tree_over_limits(tree, source, limits)
    if over is not None:
        return over
    if explain:
        doc.original = " ".join("".join(tree.itertext()).split())
    _timed(doc, "parse", started)
    return doc, tree


def page_profile(doc: Document, tree: Any, meta: PageMetadata | None = None) -> tuple[PageMetadata, Any]:
    """The page's metadata (``meta`` when the caller has read it) set on ``doc``, and its
    site profile (or None), whose pruning of ``tree`` is done: what the page steps start
    from."""
    started = time.perf_counter()
    url = doc.url
    meta = meta or page_metadata(tree, url)
    doc.url = meta.url or url
    profile = sites.profile_for(doc.url or url)
    doc.sitename = meta.sitename or (profile.sitename if profile else None)
    doc.date = meta.date
    started = _timed(doc, "metadata", started)
    if profile:
        profile.prune(tree, doc)
    _timed(doc, "prune", started)
    return meta, profile


def prune_page(doc: Document, tree: Any, meta: PageMetadata | None = None) -> tuple[PageMetadata, Any, ArticleGuard]:
    """What ``clean_tree`` does before trafilatura's extraction: ``page_profile``, then the
    page steps' pruning of ``tree``; the metadata, the site profile (or None) and the
    pruning's guard."""
    meta, profile = page_profile(doc, tree, meta)
    started = time.perf_counter()
    guard = ArticleGuard(tree)
    page = Page(tree, guard)
    for step in PAGE_STEPS:  # timed together, as "prune"
        step(doc, page)
    _timed(doc, "prune", started)
    return meta, profile, guard


def clean_tree(doc: Document, tree: Any, meta: PageMetadata | None = None) -> Result:
    """The article of a page ``read_html`` parsed: metadata (``meta`` when the caller has
    already read ``page_metadata`` of the unchanged tree), the page steps (which change the
    tree), trafilatura's extraction, the text steps."""
    started = time.perf_counter()
    unpruned = copy.deepcopy(tree)  # for never_below_baseline; about 0.4 ms
    _timed(doc, "baseline", started)
    meta, profile, guard = prune_page(doc, tree, meta)
    started = time.perf_counter()
    # trafilatura's metadata only for what the markup did not say (see trafilatura_fallback).
    fallback = trafilatura_fallback(tree, doc.url, title=not meta.title, author=not meta.author,
                                    date=not doc.date, sitename=not doc.sitename, date_params=TRAFILATURA_DATES)
    started = _timed(doc, "metadata", started)
    # Fast mode (no readability or jusText fallback) unless a site profile asks for them:
    # on the pruned tree the fallbacks cost about a fifth of the extraction and gave no
    # better text on the saved pages or articlebody (bench/quality.py).
    text = extract_text(tree, doc.url, fast=profile.fast if profile else True,
                        favor_precision=bool(profile and profile.favor_precision))
    started = _timed(doc, "extract", started)
    doc.lines = text.splitlines()
    restore_lead(doc)
    doc.title = meta.title or fallback.title
    doc.sitename = doc.sitename or fallback.sitename
    if doc.sitename and doc.sitename.startswith(("http://", "https://")):
        doc.sitename = sites.domain_of(doc.sitename)
    doc.author = person_author(meta.author or fallback.author, doc.sitename, doc.url)
    doc.date = dates.better_date(doc.date, dates.parse_iso(fallback.date))
    run_steps(doc, TEXT_STEPS)
    if profile:
        profile.after_text(doc)
    started = time.perf_counter()
    never_below_baseline(doc, unpruned, guard.total)
    _timed(doc, "baseline", started)
    return _result(doc, doc.explain)
