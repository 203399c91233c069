"""Finding the article in a full-page text dump (a scraper's get_text(), a browser's "save
as text", a Common Crawl WET record): the headline, the body span, its byline and source
lines; menus, section lists, related headlines, comments and footer go.

Evidence is what text alone gives: the body is the densest span of sentence-like lines
(long, ending in sentence punctuation, as dense in Vietnamese function words as running
text); the headline is the title-shaped line just before it (or the title the input
carried); the date line stands beside the headline; bylines and sources stand beside the
body's ends; a related-block heading after the body closes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .document import Document, Page, Step
from .text_steps import (
    EMBEDDED_HEADINGS,
    BylinesAndSources,
    heading_key,
    is_counter_line,
    is_navigation_line,
    word_count,
)
from .vocabulary import CLOSING_BYLINE, FUNCTION_WORDS, RELATED_HEADINGS

# A sentence-like line: at least this many words, ending like a sentence; or this long
# and as dense in function words as prose. Running Vietnamese text has a function word
# ("của", "và", "được", ...) in about one word of eight (median of the saved pages' body
# lines); run-together menus, tag lists and headline lists have almost none.
SENTENCE_MIN_WORDS = 10
SENTENCE_LONG_WORDS = 30
FUNCTION_WORD_SHARE = 0.05
# Span scores: a sentence line adds its length beyond this many characters; a long line
# that is not quite a sentence (a caption, a table row) costs LONG_LINE_COST, a short line
# GAP_COST, a chrome line (date, relative time, label) CHROME_COST. A related teaser
# (short headline, lead, time) costs more than its lead adds, a subheading or caption
# between two paragraphs less than the paragraphs add.
SENTENCE_BASE = 40
LONG_LINE_COST = 20
GAP_COST = 110
CHROME_COST = 160
# A date or a relative time ("17 giờ trước") inside a run of paragraphs marks a list of
# dated teasers; the article's own date line stands above its body.
DATE_COST = 300
# How far before the body the headline and the date line are looked for, and after it the
# byline and source lines.
HEADLINE_REACH = 12
HEADLINE_GAP = 2
# An article's head (headline and date line) stands within this many lines above its body,
# and makes its run the body when it has at least 1/HEADED_SHARE of the best run's total.
HEAD_REACH = 5
HEADED_SHARE = 3
TAIL_REACH = 4
# The date line stands at most this many lines above the headline (or between it and the body).
DATE_REACH = 3
TITLE_MAX_WORDS = 40
# A name is at most this many words ("Nguyễn Thị Minh Hằng", "NHẬT XUÂN").
NAME_MAX_WORDS = 4
ARROW_LINK_MAX_WORDS = 30

# "Read more" labels under a teaser's lead (tuoitre.vn: "Đọc tiếp"); with a date line they
# mark a teaser's end.
READ_MORE = ("đọc tiếp", "xem tiếp", "đọc thêm", "xem thêm", "xem chi tiết", "chi tiết")
# Related links set in the body as an arrowed line (dantri.com.vn: ">> Headline").
_ARROW_LINK = re.compile(r"^(?:>>|»|›|→)\s*\S")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)\]]*$")
_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"^(?:[-–+*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_RELATIVE_TIME = re.compile(r"^\d+\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s+trước\b", re.IGNORECASE)
_HEADING_COUNT = re.compile(r"[\s(\[]*\d*[\s)\]]*$")


def function_word_share(line: str) -> float:
    words = _WORD.findall(line.lower())
    return sum(w in FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def is_sentence_line(line: str) -> bool:
    """A line of running text: long, sentence-shaped, with the function words prose has."""
    words = word_count(line)
    if words < SENTENCE_MIN_WORDS:
        return False
    if _SENTENCE_END.search(line):
        return True
    return words >= SENTENCE_LONG_WORDS and function_word_share(line) >= FUNCTION_WORD_SHARE


def is_sentence_fragment(line: str) -> bool:
    """A line that is not quite a sentence line but no link label either: a long line
    without a sentence end (a table row, a caption), a short one with it ("Ảnh: ..."), a
    list item ("- Giá xăng E5 RON92: 20.000 đồng/lít", "a) Tăng cường kiểm tra")."""
    words = word_count(line)
    return (
        words >= SENTENCE_MIN_WORDS
        or words >= 4
        and bool(_SENTENCE_END.search(line))
        or words >= 3
        and bool(_LIST_ITEM.match(line))
    )


def is_block_heading(line: str) -> bool:
    """A related, comments or tags block heading, a count after it allowed ("Ý kiến bạn
    đọc ( 33 )")."""
    return len(line) <= 50 and heading_key(_HEADING_COUNT.sub("", line)) in RELATED_HEADINGS


def is_date_line(line: str) -> bool:
    """A date, a time or a relative time alone on a line. Dates with an English month
    name are left out: the finder's costs were set on numeric date lines, and a news site's
    sign-up call above such a date joined the article (NBC News dumps)."""
    return dates.is_date_line(line, month_names=False) or bool(_RELATIVE_TIME.match(line))


def is_chrome_line(line: str) -> bool:
    """A line that is page furniture wherever it stands: a date or relative time, a
    counter, a lone navigation link, a block heading."""
    return is_date_line(line) or is_counter_line(line) or is_navigation_line(line) or is_block_heading(line)


def is_byline_shaped(line: str) -> bool:
    """A reporter's name line: "Lê Phương", "K. Miên", "NHẬT XUÂN và 1 tác giả khác"; not
    a headline set in capitals ("HỘI NGHỊ TẬP HUẤN CÔNG TÁC ĐỐI NGOẠI")."""
    words = line.split()
    if len(words) > 8:
        return False
    upper = next((i for i, word in enumerate(words) if not (word.isupper() and len(word) > 1)), len(words))
    name = CLOSING_BYLINE.match(line)
    # Longer runs of capitalised words are a headline in title case, not a name.
    return bool(name) and len(name["name"].split()) <= NAME_MAX_WORDS or 2 <= upper <= NAME_MAX_WORDS


def is_title_shaped(line: str) -> bool:
    words = word_count(line)
    return (
        3 <= words <= TITLE_MAX_WORDS
        and not line.endswith((".", ":", "…", ",", "|"))
        and not is_chrome_line(line)
        and not is_byline_shaped(line)
        and line[:1].isupper()
    )


@dataclass
class _Run:
    """A run of the maximum-sum scan: its best total and the span giving it."""

    start: int
    under_heading: bool
    total: float = 0.0
    end: int = 0


def _runs(lines: list[str]) -> list[_Run]:
    """The runs of the line scores that hold sentences (a maximum-sum scan that restarts
    where the sum falls to zero). A block heading after two or more sentence lines closes
    a run; one after the lead alone is a stray label ("TIN MỚI" under the lead) and only
    costs; a run that opens right under one is marked as that block's content."""
    runs: list[_Run] = []
    run: _Run | None = None
    total, sentences, heading_at = 0.0, 0, -2
    for index, line in enumerate(lines):
        heading = is_block_heading(line) and heading_key(line) not in EMBEDDED_HEADINGS
        if heading and sentences >= 2:
            run, total, sentences, heading_at = None, 0.0, 0, index
            continue
        if heading and sentences == 1:
            score = -GAP_COST
        elif heading:
            heading_at = index
            score = -CHROME_COST
        elif is_sentence_line(line):
            score = max(len(line) - SENTENCE_BASE, 20)
        elif is_date_line(line):
            score = -DATE_COST
        elif is_chrome_line(line):
            score = -CHROME_COST
        else:
            score = -(LONG_LINE_COST if is_sentence_fragment(line) else GAP_COST)
        if total + score <= 0:
            run, total, sentences = None, 0.0, 0
            continue
        if run is None:
            run = _Run(index, heading_at == index - 1)
            runs.append(run)
        total += score
        sentences += score > 0
        if total > run.total:
            run.total, run.end = total, index + 1
    return runs


def _headed(lines: list[str], start: int) -> bool:
    """An article's head stands just above ``start``: a calendar date line beside a
    title-shaped line (the headline above or under it)."""
    first = max(0, start - HEAD_REACH)
    return any(
        dates.is_date_line(lines[i])
        and any(is_title_shaped(lines[j]) for j in (i - 1, i + 1) if first <= j < start)
        for i in range(first, start)
    )


def _teaser_end(line: str) -> bool:
    return is_date_line(line) or line.lower().startswith(READ_MORE)


def trim_teasers(lines: list[str], start: int, end: int) -> int:
    """The body's end without the related teasers stuck to it: a headline and a lead
    followed by a date line or a "read more" label."""
    while (
        end - 2 > start
        and end < len(lines)
        and _teaser_end(lines[end])
        and is_title_shaped(lines[end - 2])
        and is_sentence_line(lines[end - 1])
    ):
        end -= 2
    return end


def body_span(lines: list[str]) -> tuple[int, int] | None:
    """The [start, end) span of the body: the run with the highest total, not one under a
    block heading unless no other run exists; but a run under an article's head (headline
    and date line) when it has at least a third of that total and the best run has none
    (a short article beside a long run of joined headlines)."""
    runs = _runs(lines)
    candidates = [run for run in runs if not run.under_heading] or runs
    if not candidates:
        return None
    best = max(candidates, key=lambda run: run.total)
    if not _headed(lines, best.start):
        headed = [
            run for run in candidates if HEADED_SHARE * run.total >= best.total and _headed(lines, run.start)
        ]
        if headed:
            best = max(headed, key=lambda run: run.total)
    return best.start, trim_teasers(lines, best.start, best.end)


def find_headline(lines: list[str], body_start: int, known: str | None) -> int | None:
    """Index of the headline before the body: the line equal to the known title, else the
    nearest title-shaped line within reach, passing date lines, labels, bylines and at
    most HEADLINE_GAP other lines."""
    first = max(0, body_start - HEADLINE_REACH)
    if known:
        key = heading_key(known)
        for index in range(body_start - 1, -1, -1):
            if heading_key(lines[index]) == key:
                return index
        return None
    others = 0
    for index in range(body_start - 1, first - 1, -1):
        line = lines[index]
        if is_title_shaped(line):
            return index
        if not (is_chrome_line(line) or is_byline_shaped(line)):
            others += 1
            if others > HEADLINE_GAP:  # a menu or a list: the headline is not above it
                return None
    return None


def _tail_end(lines: list[str], end: int) -> int:
    """The body's end with the byline and source lines standing right after it."""
    reach = min(len(lines), end + TAIL_REACH)
    last = end
    for index in range(end, reach):
        line = lines[index]
        if BylinesAndSources._classify(line, closing=True) is not None:
            last = index + 1
        elif not is_chrome_line(line):
            break
    return last


class FullPageArticle(Step):
    """In a full-page dump, keep the headline, the body span and the lines beside them
    that say who and when; drop everything else as page chrome."""

    name = "full_page"
    reasons = ("byline", "stray_label", "related_link", "page_chrome")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = doc.lines
        span = body_span(lines)
        if span is None:
            return
        start, end = span
        headline = find_headline(lines, start, doc.title)
        head = start if headline is None else headline
        keep: set[int] = set(range(start, _tail_end(lines, end)))
        if headline is not None:
            keep.add(headline)
            doc.title = doc.title or lines[headline]
        elif doc.title is None:
            # Searched and none found: the body's first line is the lead, not a headline for
            # the title step to take. An empty title is "none" in the record.
            doc.title = ""
        for index in range(max(0, head - DATE_REACH), start):
            # The date line beside the headline, and lead lines or bylines under it.
            line = lines[index]
            if (
                dates.is_date_line(line)
                or index > head
                and (is_sentence_line(line) or BylinesAndSources._classify(line, False))
            ):
                keep.add(index)
            elif index > head and is_byline_shaped(line):
                doc.author = doc.author or line
                doc.remove(self.name, "byline", line)
        out = []
        sentences = 0
        for index, line in enumerate(lines):
            if index in keep and start <= index < end and sentences <= 1 and is_block_heading(line):
                # A heading under the lead alone labels a box beside it, not the article's end.
                doc.remove(self.name, "stray_label", line)
            elif index in keep and _ARROW_LINK.match(line) and word_count(line) <= ARROW_LINK_MAX_WORDS:
                doc.remove(self.name, "related_link", line)
            elif index in keep:
                sentences += start <= index and is_sentence_line(line)
                if index != headline:
                    out.append(line)
            elif not (head <= index < start and is_byline_shaped(line)):
                doc.remove(self.name, "page_chrome", line)
        doc.lines = out
