"""The document that flows through the cleaning steps, and the log of what they removed."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


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

    def remove(self, step: str, reason: str, text: str) -> None:
        """Record that ``step`` removed ``text`` for ``reason`` (kept whether or not the
        record will show it: never_below_baseline reads it as evidence)."""
        self.removed[reason] += 1
        self.removals.append(Removal(step, reason, text))

    def note(self, step: str, decision: str, why: str) -> None:
        """Log (for ``--explain``) a decision ``step`` took and why; nothing is removed."""
        if self.explain:
            self.removals.append(Removal(step, decision, why))

    def add_caption(self, text: str) -> None:
        """Keep a photo caption once."""
        if text and text not in self.captions:
            self.captions.append(text)


class Step:
    """A named cleaning step: rewrites ``doc.lines`` and logs each removal with a reason."""

    name: str = "step"

    def __call__(self, doc: Document) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def run_steps(doc: Document, steps: Iterable[Step | Callable[[Document], None]]) -> Document:
    """Apply ``steps`` in order, timing each one into ``doc.timings``."""
    for step in steps:
        started = time.perf_counter()
        step(doc)
        name = getattr(step, "name", getattr(step, "__name__", "step"))
        doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - started
    return doc
