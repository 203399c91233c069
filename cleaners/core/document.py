"""The document that flows through the cleaning steps, and the log of what they removed."""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .normalize import DEFAULT_TONE_MARKS


@dataclass
class Removal:
    """One piece of text a step took out of the article, and why."""

    step: str
    reason: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"step": self.step, "reason": self.reason, "text": self.text}


@dataclass
class Document:
    """An article being cleaned: body lines plus the metadata gathered on the way."""

    source: str
    lines: list[str] = field(default_factory=list)
    url: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    captions: list[str] = field(default_factory=list)
    lead: str | None = None
    removed: Counter = field(default_factory=Counter)
    removals: list[Removal] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    explain: bool = False
    # With explain: the input's text in reading order, whitespace collapsed, before any step
    # ran; where each removed line stood is looked up in it (``removal_positions``).
    original: str | None = None
    tone_marks: str = DEFAULT_TONE_MARKS  # see normalize.place_tone_marks

    def remove(self, step: str, reason: str, text: str) -> None:
        """Record that ``step`` removed ``text`` for ``reason`` (kept whether or not the
        record will show it: never_below_baseline reads it as evidence)."""
        self.removed[reason] += 1
        self.removals.append(Removal(step, reason, text))

    def drop_lines(self, step: str, reason_of: Callable[[str], str | None]) -> None:
        """Remove each body line ``reason_of`` gives a reason for, recorded as removed by
        ``step``; the others stay in order. ``reason_of`` may keep what the line says (a
        date, a caption) before the line goes."""
        kept = []
        for line in self.lines:
            reason = reason_of(line)
            if reason:
                self.remove(step, reason, line)
            else:
                kept.append(line)
        self.lines = kept

    def note(self, step: str, decision: str, why: str) -> None:
        """Log (for ``--explain``) a decision ``step`` took and why; nothing is removed."""
        if self.explain:
            self.removals.append(Removal(step, decision, why))

    def add_caption(self, text: str) -> None:
        """Keep a photo caption once."""
        if text and text not in self.captions:
            self.captions.append(text)


# Enough of a line's start to find it again in the original text, short enough that a
# line the steps rewrote (spaces, a label cut off its end) still matches.
_PROBE = 40


def removal_positions(original: str | None, lines: list[str], removals: list[Removal]) -> list[int | None]:
    """For each removal, the index of the kept line it stood before in ``original``
    (``len(lines)``: after the last), or None where its text is not found there (text a
    step rewrote, or the page's markup rather than its text)."""
    if not original:
        return [None] * len(removals)
    offsets, cursor = [], 0
    for line in lines:  # kept lines are in reading order: each is looked for after the last
        found = original.find(" ".join(line.split())[:_PROBE], cursor)
        if found >= 0:
            cursor = found
        offsets.append(cursor)
    positions: list[int | None] = []
    for removal in removals:
        found = original.find(" ".join(removal.text.split())[:_PROBE])
        positions.append(None if found < 0 else bisect.bisect_right(offsets, found))
    return positions


@dataclass(frozen=True)
class Page:
    """The parsed page the page steps work on: its lxml tree and the guard that keeps the
    article's own container (``html_steps.ArticleGuard``)."""

    tree: Any
    guard: Any


class Step:
    """One cleaning step, the shape every step has: a ``name`` (in ``--explain`` and the
    timings), the ``reasons`` its removals give (``Document.remove``), and a call on the
    document. Page steps work on the parsed ``page`` before trafilatura runs; text steps
    rewrite ``doc.lines`` and get no page."""

    name: str = "step"
    reasons: tuple[str, ...] = ()

    def __call__(self, doc: Document, page: Page | None = None) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class PageStep(Step):
    """A page step written as a function of the tree, the document and the guard."""

    def __init__(self, name: str, reasons: tuple[str, ...], apply: Callable[[Any, Document, Any], None]) -> None:
        self.name, self.reasons, self.apply = name, reasons, apply

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        self.apply(page.tree, doc, page.guard)


def run_steps(doc: Document, steps: Iterable[Step], page: Page | None = None) -> Document:
    """Apply ``steps`` in order, timing each one into ``doc.timings``."""
    for step in steps:
        started = time.perf_counter()
        step(doc, page)
        name = getattr(step, "name", getattr(step, "__name__", "step"))
        doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - started
    return doc
