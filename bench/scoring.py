"""Scoring of cleaned text against gold labels, shared by bench/quality.py and the tests.

Gold files (``LABEL<TAB>text`` per line; ../shared/pages/README.md, tests/gold/) label
each visible block: T headline, K body, O caption, A byline, P date line, S source,
D everything else. The metric is the one that README defines:

- tokens are ``\\w+`` runs of the NFC, lower-cased text;
- recall: the share of K tokens (a multiset) found in ``text``;
- precision: the share of ``text`` tokens that are K, O or T tokens;
- a leaked line: an A, P, S or D line found in ``text`` as a whole line or, for a line of
  three tokens or more, as a run of consecutive tokens inside one line of ``text``
  (lines that also occur as K, O or T lines do not count; nor, for the run rule, lines
  whose tokens also run inside a K, O or T line, like a menu label "Khoa học & Công
  nghệ" that a body sentence also says: a perfect text would "leak" those);
- a repeated line: a line occurring more than once in ``text``.

The articlebody benchmark (../shared/bench/articlebody/README.md) has its own metric:
4-gram token shingles, per-page TP/FP/FN normalised by their sum, precision and recall as
means over pages, F1 their harmonic mean.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cleaners.core.normalize import normalize_vietnamese

_TOKEN = re.compile(r"\w+")
BOILERPLATE_LABELS = frozenset("APSD")
ALLOWED_LABELS = frozenset("KOT")
LEAK_RUN_MIN_TOKENS = 3


def tokens(text: str) -> list[str]:
    """``\\w+`` runs of the lower-cased text in the corpus's written form (NFC, one
    tone-mark placement: gold "Tỉnh uỷ" and output "Tỉnh ủy" are the same words)."""
    return _TOKEN.findall(normalize_vietnamese(unicodedata.normalize("NFC", text)).lower())


def read_gold(path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs of a gold file; blank lines skipped."""
    pairs = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        label, tab, text = line.partition("\t")
        if tab and text.strip():
            pairs.append((label.strip(), text.strip()))
    return pairs


def page_urls(pages: Path) -> dict[str, str]:
    """Page id ("04") to its URL, from SOURCES.tsv."""
    urls = {}
    lines = (pages / "SOURCES.tsv").read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    for line in lines[1:]:
        if line.strip():
            fields = dict(zip(header, line.split("\t"), strict=False))
            urls[fields["id"]] = fields["url"]
    return urls


def gold_lines(gold: list[tuple[str, str]], labels: str | frozenset[str]) -> list[str]:
    return [text for label, text in gold if label in labels]


@dataclass
class TextScore:
    """How one document's cleaned text compares with its gold."""

    precision: float
    recall: float
    f1: float
    leaked: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """The README's "clean page": recall >= 0.98, nothing leaked, nothing repeated."""
        return self.recall >= 0.98 and not self.leaked and not self.repeated


def _overlap(have: Counter, want: Counter) -> int:
    return sum(min(count, want[token]) for token, count in have.items())


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    first = needle[0]
    return any(haystack[i] == first and haystack[i:i + size] == needle
               for i in range(len(haystack) - size + 1))


def leaked_lines(text: str, gold: list[tuple[str, str]]) -> list[str]:
    """The A, P, S and D lines of ``gold`` that appear in ``text`` (README's rule)."""
    allowed_lines = [tokens(t) for t in gold_lines(gold, ALLOWED_LABELS)]
    allowed = {tuple(line) for line in allowed_lines}
    text_lines = [tokens(line) for line in text.split("\n")]
    whole = {tuple(line) for line in text_lines if line}
    leaked: list[str] = []
    for line in dict.fromkeys(gold_lines(gold, BOILERPLATE_LABELS)):
        needle = tokens(line)
        if not needle or tuple(needle) in allowed:
            continue
        if tuple(needle) in whole or (
                len(needle) >= LEAK_RUN_MIN_TOKENS and any(_contains_run(h, needle) for h in text_lines)
                and not any(_contains_run(h, needle) for h in allowed_lines)):
            leaked.append(line)
    return leaked


def repeated_lines(text: str) -> list[str]:
    counts = Counter(line.strip() for line in text.split("\n") if line.strip())
    return [line for line, count in counts.items() if count > 1]


def score_text(text: str, gold: list[tuple[str, str]]) -> TextScore:
    """Token precision/recall/F1, leaked and repeated lines of ``text`` against ``gold``."""
    got = Counter(tokens(text))
    body = Counter(t for line in gold_lines(gold, "K") for t in tokens(line))
    allowed = Counter(t for line in gold_lines(gold, ALLOWED_LABELS) for t in tokens(line))
    total = sum(got.values())
    precision = _overlap(got, allowed) / total if total else 0.0
    wanted = sum(body.values())
    recall = _overlap(body, got) / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TextScore(precision, recall, f1, leaked_lines(text, gold), repeated_lines(text))


# --- metadata ---------------------------------------------------------------------------

_VISIBLE_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)")


def visible_day(line: str) -> date | None:
    """The calendar day a visible date line shows (d/m/y, d-m-y, two-digit years as 20yy)."""
    for match in _VISIBLE_DATE.finditer(line):
        d, m, y = (int(g) for g in match.groups())
        if y < 100:
            y += 2000
        try:
            return date(y, m, d)
        except ValueError:
            continue
    return None


def same_tokens(a: str | None, b: str | None) -> bool:
    return bool(a and b) and tokens(a) == tokens(b)


def title_right(title: str | None, gold: list[tuple[str, str]]) -> bool | None:
    """Right when the title has the tokens of a T line (None: no T line)."""
    heads = gold_lines(gold, "T")
    if not heads:
        return None
    return any(same_tokens(title, head) for head in heads)


def date_right(iso: str | None, gold: list[tuple[str, str]]) -> bool | None:
    """Right when the ISO date falls on the day the first dated P line shows (None: the
    page shows no date)."""
    days = [d for d in (visible_day(line) for line in gold_lines(gold, "P")) if d]
    if not days:
        return None
    return bool(iso) and iso[:10] == days[0].isoformat()


def author_right(author: str | None, gold: list[tuple[str, str]]) -> bool | None:
    """Right when the author's tokens are a run inside one A line (None: no A line)."""
    bylines = gold_lines(gold, "A")
    if not bylines:
        return None
    wanted = tokens(author or "")
    return bool(wanted) and any(_contains_run(tokens(line), wanted) for line in bylines)


# --- articlebody benchmark ---------------------------------------------------------------

_SHINGLE_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    """Multiset of ``size``-token shingles (a shorter text is one shingle)."""
    words = _SHINGLE_TOKEN.findall(text or "")
    return Counter(tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1)) if words[i:i + size])


def shingle_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Per-page TP, FP, FN of shingles, normalised by their sum."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def articlebody_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall as means over pages, F1 their harmonic mean."""

    def ratio(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + other) if tp + other else 0.0

    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
