"""Never below the base: our text must keep what plain ``trafilatura.extract`` (default
options, with its fallbacks) keeps of a page's article. The page steps prune the tree
and trafilatura then runs in fast mode; on pages nobody tuned for that can lose article
text no step listed. So a free check compares our text with the page's paragraph text
(measured by the pruning's ArticleGuard) and, when ours holds a small share of it,
trafilatura's default extraction of the unpruned tree (a copy taken before pruning: no
second decode or parse), through the same text steps, is the baseline. Its lines that our removals account for (the evidence) are left out; when ours
keeps too little of the rest, the rest is the text. The decision is logged as the step ``baseline`` with its reason
(``--explain``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import trafilatura

from .document import Document, run_steps
from .steps import TEXT_STEPS
from .text_steps import is_running_text, normalize_text, word_count

# Our text holding fewer characters than this share of the page's paragraph text (the
# guard's measure before pruning) sends the page to the baseline check: on the saved
# Vietnamese pages ours holds 0.57 to 1.0 of it, on Readability's pages where ours lost
# the article 0.04 to 0.47.
CHECK_BELOW_SHARE = 0.5
# A text of MENU_MIN_LINES lines or more of at most MENU_LINE_MAX_WORDS words, over half of
# its lines, took a menu: it goes to the check too.
MENU_MIN_LINES = 20
MENU_LINE_MAX_WORDS = 3
# Ours keeping less than this share of the baseline's words: the baseline is the text.
KEEP_AT_LEAST = 0.8
# A baseline line is accounted for by a removal when its first EVIDENCE_PROBE_CHARS
# characters stand inside a removed text, or a removed text of EVIDENCE_MIN_CHARS or more
# stands inside it.
EVIDENCE_PROBE_CHARS = 80
EVIDENCE_MIN_CHARS = 20
# Other stories' teasers: this many <article> elements giving this many lines at most.
TEASER_MIN_STORIES = 3
TEASER_MAX_LINES = 2


def _words(lines: list[str]) -> Counter:
    return Counter(word.lower() for line in lines for word in line.split())


def baseline_document(doc: Document, unpruned: Any) -> Document | None:
    """trafilatura's default extraction (with its fallbacks) of the unpruned tree through
    the text steps, with ``doc``'s metadata; None when trafilatura finds no text there
    either."""
    extracted = trafilatura.bare_extraction(unpruned, url=doc.url, with_metadata=False, include_comments=False,
                                            include_tables=True)
    if extracted is None or not (extracted.text or "").strip():
        return None
    base = Document(source=doc.source, url=doc.url, title=doc.title, date=doc.date, author=doc.author,
                    sitename=doc.sitename, explain=doc.explain, lines=extracted.text.splitlines())
    return run_steps(base, TEXT_STEPS)


def _explained(line: str, evidence: list[str]) -> bool:
    """A line one of our steps removed with a reason: it opens inside a removed text, or a
    removed text (a caption, a label) of some length stands inside it."""
    probe = normalize_text(line)
    head = probe[:EVIDENCE_PROBE_CHARS]
    return any(head in text or (len(text) >= EVIDENCE_MIN_CHARS and text in probe) for text in evidence)


def _key(text: str) -> str:
    return normalize_text(text)[:EVIDENCE_PROBE_CHARS]


def _nearest_articles(lines: list[str], unpruned: Any) -> dict[str, Any]:
    """Line to the nearest ``<article>`` element around the paragraph that holds it."""
    wanted = {_key(line): line for line in lines}
    found: dict[str, Any] = {}
    for element in unpruned.iter("p"):
        line = wanted.get(_key(element.text_content()))
        if line is not None and line not in found:
            found[line] = next(element.iterancestors("article"), None)
    return found


def other_stories_lines(lines: list[str], ours: list[str], unpruned: Any) -> set[str]:
    """Lines that are other stories' teasers: each of ``TEASER_MIN_STORIES`` or more
    ``<article>`` elements (HTML's mark of a self-contained story) other than the ones
    holding our text gives at most ``TEASER_MAX_LINES`` lines (a lead), as on a listing;
    one other article giving many lines is the story itself, which ours missed."""
    ours_articles = {a for a in _nearest_articles(ours, unpruned).values() if a is not None}
    by_article: dict[Any, list[str]] = {}
    for line, article in _nearest_articles(lines, unpruned).items():
        if article is not None and article not in ours_articles:
            by_article.setdefault(article, []).append(line)
    teasers = [found for found in by_article.values() if len(found) <= TEASER_MAX_LINES]
    if len(teasers) < TEASER_MIN_STORIES:
        return set()
    return {line for found in teasers for line in found}


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def hidden_texts(unpruned: Any) -> list[str]:
    """Texts of elements readers never see (``hidden``, ``aria-hidden="true"``, a style
    with ``display: none`` or ``visibility: hidden``): trafilatura may keep them (a news
    site's hidden copies of its list), a reader does not, so they count as evidence
    against the baseline's lines. Only the recovery decision reads them: no text of ours
    is removed for them."""
    texts = []
    for element in unpruned.iter():
        if not isinstance(element.tag, str):
            continue
        if (element.get("hidden") is not None or element.get("aria-hidden") == "true"
                or _HIDDEN_STYLE.search(element.get("style") or "")):
            text = normalize_text(element.text_content())
            if text:
                texts.append(text)
    return texts


def _article_lines(lines: list[str]) -> list[str]:
    """The baseline lines to recover: running text, and a shorter line of two words or
    more (a heading) standing right above running text. Dates, URLs and single words
    that trafilatura's fallbacks take from the page's data go. Lines the page writes
    twice stay twice, as trafilatura keeps them."""
    running = [is_running_text(line) for line in lines]
    return [line for index, line in enumerate(lines)
            if running[index] or (word_count(line) >= 2 and index + 1 < len(lines) and running[index + 1])]


@dataclass
class Comparison:
    """What a baseline has that ours lacks: its lines no evidence accounts for, and the
    share of their words ours keeps."""

    base: Document | None
    unexplained: list[str]
    kept: float

    @property
    def words(self) -> int:
        return sum(map(word_count, self.unexplained))


def compare(doc: Document, unpruned: Any) -> Comparison:
    """Ours against the baseline (see ``baseline_document``)."""
    base = baseline_document(doc, unpruned)
    if base is None:
        return Comparison(None, [], 1.0)
    evidence = [normalize_text(removal.text) for removal in doc.removals] + hidden_texts(unpruned)
    unexplained = [line for line in base.lines if not _explained(line, evidence)]
    others = other_stories_lines(unexplained, doc.lines, unpruned)
    unexplained = [line for line in unexplained if line not in others]
    wanted = _words(unexplained)
    kept = sum((_words(doc.lines) & wanted).values()) / sum(wanted.values()) if wanted else 1.0
    return Comparison(base, unexplained, kept)


def _short_lines(lines: list[str]) -> list[str]:
    """Lines shorter than running text (menu labels, date and byline lines, sign-up calls)."""
    return [line for line in lines if not is_running_text(line)]


def _menu_lines(lines: list[str]) -> list[str]:
    """Our text's short lines when they are most of it (``MENU_MIN_LINES`` or more, over
    half the lines): a menu or a category list the fast extraction took with the article."""
    short = [line for line in lines if word_count(line) <= MENU_LINE_MAX_WORDS and not is_running_text(line)]
    return short if len(short) >= MENU_MIN_LINES and 2 * len(short) > len(lines) else []


def _drop_short_lines(doc: Document, short_lines: list[str], base: Document) -> None:
    """Drop the lines of ``short_lines`` (ours, shorter than running text) that
    trafilatura's default extraction of the unpruned page leaves out too (logged, reason
    ``menu_line``)."""
    kept_by_base = set(base.lines)
    drop = {line for line in short_lines if line not in kept_by_base}
    for line in doc.lines:
        if line in drop:
            doc.remove("baseline", "menu_line", line)
    doc.lines = [line for line in doc.lines if line not in drop]


def _merge_missing(doc: Document, unexplained: list[str]) -> int:
    """Put the baseline's running-text lines that ours lacks into ours, each after the
    line of ours that comes before it in the baseline (lines compared by their opening
    ``EVIDENCE_PROBE_CHARS`` characters); how many were added."""
    keys = [_key(line) for line in doc.lines]
    present = set(keys)
    merged: list[str] = []
    added = 0
    position = 0  # lines of ours already placed
    for line in unexplained:
        key = _key(line)
        if key in present:
            while position < len(doc.lines):
                merged.append(doc.lines[position])
                position += 1
                if keys[position - 1] == key:
                    break
        elif is_running_text(line):
            merged.append(line)
            added += 1
    merged.extend(doc.lines[position:])
    doc.lines = merged
    return added


def never_below_baseline(doc: Document, unpruned: Any, page_chars: int) -> None:
    """When ours holds less than ``CHECK_BELOW_SHARE`` of the page's paragraph text
    (``page_chars``: ``ArticleGuard.total``, measured on the unpruned page), no line of
    running text (it would be ``no_article``) or mostly menu lines, compare it with the
    baseline (``unpruned``: the page's tree as it was before pruning).
    Menu lines the baseline leaves out too are dropped. Then: the baseline's lines that
    none of our removals accounts for are what plain trafilatura keeps and we have no evidence against. When ours keeps less
    than ``KEEP_AT_LEAST`` of their words and they are more words than ours, they become
    the text. The decision is logged."""
    ours_chars = sum(map(len, doc.lines))
    menu_lines = _menu_lines(doc.lines)
    if (ours_chars >= CHECK_BELOW_SHARE * page_chars and any(map(is_running_text, doc.lines))
            and not menu_lines):
        return
    ours = sum(map(word_count, doc.lines))
    found = compare(doc, unpruned)
    if found.base is not None:
        _drop_short_lines(doc, _short_lines(doc.lines), found.base)
    if found.base is None:
        doc.note("baseline", "kept_pruned", f"ours holds {ours_chars} of {page_chars} characters of the page's "
                                            "paragraphs; trafilatura finds no text in the unpruned page")
        return
    if found.kept >= KEEP_AT_LEAST or found.words <= ours:
        added = _merge_missing(doc, found.unexplained)
        doc.note("baseline", "kept_pruned", f"ours keeps {found.kept:.0%} of the words trafilatura's default extraction of "
                                            f"the unpruned page has beyond what our steps removed ({ours} words "
                                            f"against {found.words}); {added} of its lines of running text added")
        return
    doc.note("baseline", "recovered", f"ours kept {found.kept:.0%} of the words trafilatura's default extraction of the "
                                      "unpruned page has beyond what our steps removed: those lines are the text")
    doc.lines = _article_lines(found.unexplained)
    doc.removed.update(found.base.removed)
    doc.removals.extend(found.base.removals)
