"""Line-level cleaning steps shared by the HTML and the text paths.

Each step is small, named, and logs every line it removes with a reason. The input is
one block per line (trafilatura's output, or already-extracted text like the samples).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from . import dates
from .document import Document, Page, Step
from .vocabulary import (
    BYLINE_LABELLED,
    CAPTION_CREDIT,
    CAPTION_START,
    CLOSING_BYLINE,
    CONTACT_LINE,
    COUNTER_HEADINGS,
    COUNTER_LINE,
    FOOTER_ANYWHERE,
    FOOTER_STARTS,
    FUNCTION_WORDS,
    NAVIGATION_LEAD,
    NAVIGATION_LINES,
    NAVIGATION_TRAIL,
    ORG_WORDS,
    READER_CALL,
    READER_CALL_MAX_CHARS,
    RELATED_HEADINGS,
    RELATED_LINK_LINE,
    SCENE_CAPTION,
    SECOND_NAME,
    SITE_LEAD,
    SOURCE_LINE,
    URL_IN_TEXT,
)

_BULLET = re.compile(r"^[•·▪►▸●◦\u2022]+\s*")
# Marks that may trail a block heading ("Tin liên quan:", "Xem thêm >>"), taken off from
# the end with str.rstrip: a regex search for such a run at the end ("[...]+$") is
# quadratic on a long line of these marks followed by anything else.
_HEADING_TRAIL = " \t\u00a0:：>»›.…-–|"
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*(?:/\.)?$")
_WORD = re.compile(r"\w+")

# Embedded related boxes ("Tin liên quan" + a few headlines) may sit inside the body;
# these headings cut only their box when body text follows it.
EMBEDDED_HEADINGS = frozenset({"tin liên quan", "tin bài liên quan", "bài liên quan", "bài viết liên quan",
                               "xem thêm", "đọc thêm"})
# A body paragraph: long enough that no chrome line is this long.
BODY_MIN_CHARS = 120


def normalize_text(text: str) -> str:
    """Unicode NFC and single spaces."""
    # str.split() splits on exactly the characters r"\s" matches, several times faster.
    return " ".join(unicodedata.normalize("NFC", text).split())


def heading_key(line: str) -> str:
    """The comparable form of a possible block heading: lower case, no trailing marks."""
    return _rstrip_marks(line.strip().lower(), _HEADING_TRAIL)


def _rstrip_marks(text: str, marks: str) -> str:
    """``text`` without the run of ``marks`` and white space at its end."""
    while True:
        stripped = text.rstrip(marks).rstrip()
        if stripped == text:
            return text
        text = stripped


def is_related_heading(line: str) -> bool:
    return len(line) <= 40 and heading_key(line) in RELATED_HEADINGS


def is_counter_line(line: str) -> bool:
    return bool(COUNTER_LINE.match(line)) and (any(c.isdigit() for c in line)
                                               or heading_key(line) in COUNTER_HEADINGS)


def is_footer_line(line: str) -> bool:
    lowered = line.lower().lstrip("•·*- ")
    return (lowered.startswith(FOOTER_STARTS) or any(phrase in lowered for phrase in FOOTER_ANYWHERE)
            or bool(CONTACT_LINE.match(lowered)))


def is_body_paragraph(line: str) -> bool:
    return len(line) >= BODY_MIN_CHARS and " " in line


def word_count(line: str) -> int:
    return len(line.split())


# An article has at least one line of running text this long; a page left with only
# short lines (menu labels, link titles) holds no article. Scripts written without spaces
# between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) count their letters instead.
ARTICLE_MIN_WORDS = 8
ARTICLE_MIN_UNSPACED_LETTERS = 2 * ARTICLE_MIN_WORDS
_UNSPACED_LETTER = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                              "\u4e00-\u9fff\uf900-\ufaff]")


def is_running_text(line: str) -> bool:
    """A line as long as a sentence of an article, not a menu label or a link title."""
    return (word_count(line) >= ARTICLE_MIN_WORDS
            or len(_UNSPACED_LETTER.findall(line)) >= ARTICLE_MIN_UNSPACED_LETTERS)


def _is_upper_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _first_body_index(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if is_body_paragraph(line):
            return index
    return len(lines)


class NormalizeLines(Step):
    """NFC, single spaces, list bullets off, empty lines gone."""

    name = "normalize_lines"
    reasons = ()

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        out = []
        for raw in doc.lines:
            line = _BULLET.sub("", normalize_text(raw))
            if line:
                out.append(line)
        doc.lines = out


class HeadChrome(Step):
    """Site chrome above the article: site name, link labels, visitor counters, the
    site's own date banner and section labels. In text input everything above the last
    chrome line of the head goes (the site name stands above the counters); where the
    title is already known (HTML), only the chrome lines themselves go."""

    name = "head_chrome"
    reasons = ("date_line", "visitor_counter", "navigation", "site_header")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        head_end = _first_body_index(doc.lines)
        chrome = [i for i in range(head_end) if self._is_chrome(doc.lines[i])]
        if not chrome:
            return
        cut = set(chrome)
        if doc.title is None:
            cut = set(range(chrome[-1] + 1))
        found: list[str] = []
        for index in sorted(cut):
            line = doc.lines[index]
            if dates.is_date_line(line):
                parsed = dates.parse_vietnamese(line)
                if parsed:
                    found.append(parsed)
                doc.remove(self.name, "date_line", line)
            elif self._is_chrome(line):
                doc.remove(self.name, "visitor_counter" if is_counter_line(line) else "navigation", line)
            else:
                doc.remove(self.name, "site_header", line)
        if found:
            # The site's own "today" banner comes first; the article's date line, often
            # with a time, comes last.
            timed = [d for d in found if dates.has_time(d)]
            doc.date = dates.better_date(doc.date, timed[-1] if timed else found[-1])
        doc.lines = [line for i, line in enumerate(doc.lines) if i not in cut]

    @staticmethod
    def _is_chrome(line: str) -> bool:
        return is_counter_line(line) or is_related_heading(line) or dates.is_date_line(line)


class DateLines(Step):
    """Lines that are only a date ("Thứ Ba, 25/10/2022 15:21'(GMT+7)") become `date`."""

    name = "date_lines"
    reasons = ("date_line",)

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        doc.drop_lines(self.name, lambda line: self.take_date(doc, line))

    @staticmethod
    def take_date(doc: Document, line: str) -> str | None:
        """``date_line`` for a date line, its date kept in ``doc.date`` when better."""
        if not dates.is_date_line(line):
            return None
        doc.date = dates.better_date(doc.date, dates.parse_vietnamese(line))
        return "date_line"


class TitleLine(Step):
    """The headline: in text input the first line after the chrome; a line repeating a
    known title is dropped from the body."""

    name = "title"
    reasons = ("title_repeated",)

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        if doc.title is None and doc.lines:
            first = doc.lines[0]
            if len(first) <= 300 and word_count(first) >= 2 and not first.endswith((":",)):
                doc.title = first
                doc.lines = doc.lines[1:]
        if doc.title:
            key = heading_key(doc.title)
            doc.drop_lines(self.name, lambda line: "title_repeated" if heading_key(line) == key else None)


class RelatedBlocks(Step):
    """Related-article blocks by their Vietnamese heading ("Có thể bạn quan tâm", "Tin
    liên quan", "Các tin khác", "Phản hồi", ...): an embedded box (heading and a few
    headlines, then the body again) loses just the box; otherwise the heading and all
    that follows it go. Link lines ("Xem thêm: ...", ">> Xem tiếp: ...") go too."""

    name = "related_blocks"
    reasons = ("related_link", "related_block")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = doc.lines
        out: list[str] = []
        seen_body = False
        index = 0
        while index < len(lines):
            line = lines[index]
            if RELATED_LINK_LINE.match(line) and len(line) <= 250:
                doc.remove(self.name, "related_link", line)
                index += 1
                continue
            if is_related_heading(line) and (seen_body or index > 0):
                box_end = self._embedded_box_end(lines, index)
                if box_end is not None:
                    for removed in lines[index:box_end]:
                        doc.remove(self.name, "related_block", removed)
                    index = box_end
                    continue
                for removed in lines[index:]:
                    doc.remove(self.name, "related_block", removed)
                break
            seen_body = seen_body or is_body_paragraph(line)
            out.append(line)
            index += 1
        doc.lines = out

    @staticmethod
    def _embedded_box_end(lines: list[str], heading: int) -> int | None:
        if heading_key(lines[heading]) not in EMBEDDED_HEADINGS:
            return None
        index = heading + 1
        while index < len(lines) and index - heading <= 6:
            line = lines[index]
            if is_body_paragraph(line) and _SENTENCE_END.search(line):
                # Body resumes: the box was the short headline lines in between.
                return index if index > heading + 1 else None
            if is_related_heading(line) or word_count(line) > 30:
                return None
            index += 1
        return None


# A site footer (licence, editor in charge, address, phones) holds a few dozen words.
FOOTER_MAX_WORDS = 200


def _word_total(lines: list[str]) -> int:
    return sum(map(word_count, lines))


class FooterTail(Step):
    """The site footer after the article: licence ("Giấy phép số"), editor in charge
    ("Chịu trách nhiệm"), copyright, address and phone lines, with the all-caps site
    name standing above them."""

    name = "footer"
    reasons = ("footer",)

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = doc.lines
        start = len(lines)
        while start > 0 and len(lines[start - 1]) < 250:
            start -= 1
        cut = next((i for i in range(start, len(lines)) if is_footer_line(lines[i])), None)
        if cut is None:
            return
        while cut > start and _is_upper_line(lines[cut - 1]):
            cut -= 1
        if _word_total(lines[cut:]) > max(FOOTER_MAX_WORDS, _word_total(lines[:cut])):
            return  # a "footer" longer than the text above it is the text (a copyright notice opening a document)
        for line in lines[cut:]:
            doc.remove(self.name, "footer", line)
        doc.lines = lines[:cut]


def table_cell(line: str) -> str | None:
    """The text of a table-cell line, as some scrapers write cells: the cell's text, white
    space and " |" (sample 002); else None. String methods: a regex search for the white
    space before the bar is quadratic on a long run of spaces."""
    end = line.rstrip()
    if not end.endswith("|"):
        return None
    text = end[:-1].rstrip()
    return text if len(text) < len(end) - 1 else None


def is_navigation_line(line: str) -> bool:
    """A lone navigation link ("[Quay lại]", "Về đầu trang", "Xem tất cả >>")."""
    return len(line) <= 40 and _rstrip_marks(NAVIGATION_LEAD.sub("", line.lower()), NAVIGATION_TRAIL) in NAVIGATION_LINES


_CALENDAR_CELL = re.compile(r"^(?:|cn|t[2-7]|th[2-7]|[^\d\s])$", re.IGNORECASE)


def is_empty_cells(line: str) -> bool:
    """A table row of empty cells, weekday labels or single marks ("| CN | T2 | T3 |", a
    calendar widget; "| | | X |")."""
    return line.count("|") >= 2 and all(_CALENDAR_CELL.match(cell.strip()) for cell in line.split("|"))


# A teaser's headline and a category label are short lines; its lead is at most this long.
HEADLINE_MAX_WORDS = 20
LABEL_MAX_WORDS = 4
TEASER_LEAD_MAX_WORDS = 80
TEASER_GROUP_MIN_LEADS = 2


def _is_headline(line: str) -> bool:
    return word_count(line) <= HEADLINE_MAX_WORDS and not line.endswith(".") and not SITE_LEAD.match(line)


def _is_label(line: str) -> bool:
    """A category label over a teaser group ("Xu hướng"), not a reporter's name."""
    return word_count(line) <= LABEL_MAX_WORDS and _is_headline(line) and not CLOSING_BYLINE.match(line)


def _is_teaser_lead(line: str) -> bool:
    return bool(SITE_LEAD.match(line)) and word_count(line) <= TEASER_LEAD_MAX_WORDS


class TeaserTail(Step):
    """Teaser groups after the article: headlines each followed by a "(Site) - lead"
    line, the groups under short category labels ("Xu hướng"); two leads or more, and
    nothing else to the end of the text (a sidebar in the article's column)."""

    name = "teaser_tail"
    reasons = ("teaser_group",)

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = doc.lines
        cut, leads = len(lines), 0
        while cut >= 2 and _is_teaser_lead(lines[cut - 1]) and _is_headline(lines[cut - 2]):
            leads += 1
            cut -= 2
            before = lines[cut - 2] if cut >= 2 else ""
            if _is_label(lines[cut - 1]) and (not _is_headline(before) or CLOSING_BYLINE.match(before)):
                cut -= 1  # the group's label, after the previous group's lead or the article
        if leads < TEASER_GROUP_MIN_LEADS or _first_body_index(lines) >= cut:
            return
        for line in lines[cut:]:
            doc.remove(self.name, "teaser_group", line)
        doc.lines = lines[:cut]


class VisitorCounters(Step):
    """Chrome lines anywhere: visitor counters ("Đang online: 6", "Đã truy cập: 5689426"),
    lone navigation links ("[Quay lại]"), rows of empty table cells (calendars), calls to
    readers to send their own story ("Chia sẻ bài viết của bạn về ... tại đây.")."""

    name = "visitor_counter"
    reasons = ("visitor_counter", "navigation", "empty_cells", "reader_call")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        doc.drop_lines(self.name, self.chrome_kind)

    @staticmethod
    def chrome_kind(line: str) -> str | None:
        if is_counter_line(line):
            return "visitor_counter"
        if is_navigation_line(line):
            return "navigation"
        if is_empty_cells(line):
            return "empty_cells"
        if len(line) <= READER_CALL_MAX_CHARS and READER_CALL.match(line):
            return "reader_call"
        return None


def is_teaser(line: str) -> bool:
    """A related-article teaser written as "Headline Lead sentence.": a headline with no
    punctuation running straight into a capitalised lead."""
    tokens = line.split()
    if len(tokens) < 16 or not _SENTENCE_END.search(line):
        return False
    for index in range(5, min(len(tokens) - 10, 31)):
        previous, word, following = tokens[index - 1], tokens[index], tokens[index + 1]
        if re.search(r"[.!?:;\"“”]", previous) or any(re.search(r"[.!?:;\"“”]", t) for t in tokens[:index]):
            return False
        if any(t.endswith(",") and tokens[i + 1][:1].isupper() for i, t in enumerate(tokens[:index - 1])):
            return False
        if not (previous[:1].islower() and previous.isalpha() and previous not in FUNCTION_WORDS):
            continue
        if word[:1].isupper() and (following[:1].islower() or following[:1].isdigit() or word.endswith(",")):
            return True
    return False


class TableCells(Step):
    """Lines some scrapers write for table cells ("text |"). A trailing run of teaser
    cells is a related-articles table; a short single cell inside the article is an image
    caption (images set in one-cell tables); other cells are body text."""

    name = "table_cells"
    reasons = ("related_teaser", "caption")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = doc.lines
        cells = [table_cell(line) is not None and " | " not in line.rstrip(" |") for line in lines]
        tail = len(lines)
        while tail > 0 and cells[tail - 1]:
            tail -= 1
        out = []
        for index, line in enumerate(lines):
            if not cells[index]:
                out.append(line)
                continue
            text = table_cell(line)
            if index >= tail and is_teaser(text):
                doc.remove(self.name, "related_teaser", text)
            elif word_count(text) <= 50 and _SENTENCE_END.search(text) or word_count(text) <= 12:
                doc.add_caption(text)
                doc.remove(self.name, "caption", text)
            else:
                out.append(text)
        doc.lines = out


# Lines shorter than this may repeat in a real article (list items, "Ingredients:",
# table labels): they are left alone.
REPEAT_MIN_WORDS = 5
# Far apart, only the lead written again as a whole paragraph is an artefact; shorter lines
# recur in real articles (the same question to each guest of an interview, recipe lines).
REPEAT_FAR_MIN_WORDS = 30
# A caption written twice (alt text, then the caption) has at most one line between its
# copies; a paragraph repeated further down is not a caption.
CAPTION_REPEAT_GAP = 2


class RepeatedLines(Step):
    """A line written twice: close together and short it is a caption (alt text and
    caption), kept once in `captions`; far apart, a later copy of the lead (the sapo
    written again) goes. Other paragraphs a page writes twice, a line the page writes
    three times or more (its own repeated text, not a caption pair), and shorter lines
    that repeat in a real article are left alone."""

    name = "repeated_lines"
    reasons = ("caption", "repeated_line")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        first_seen: dict[str, int] = {}
        lead = _first_body_index(doc.lines)
        keys = [heading_key(line) for line in doc.lines]
        drop: dict[int, str] = {}
        copies = Counter(keys)
        for index, key in enumerate(keys):
            if word_count(doc.lines[index]) < REPEAT_MIN_WORDS or copies[key] > 2:
                continue
            if key in first_seen:
                earlier = first_seen[key]
                if index - earlier <= CAPTION_REPEAT_GAP and word_count(doc.lines[index]) <= 60:
                    drop[earlier] = "caption"
                    drop[index] = "caption"
                elif earlier == lead and word_count(doc.lines[index]) >= REPEAT_FAR_MIN_WORDS:
                    drop[index] = "repeated_line"
            else:
                first_seen[key] = index
        out = []
        for index, line in enumerate(doc.lines):
            reason = drop.get(index)
            if reason is None:
                out.append(line)
                continue
            if reason == "caption":
                doc.add_caption(line)
            doc.remove(self.name, reason, line)
        doc.lines = out


class CaptionLines(Step):
    """Photo captions by their credit ("... (Ảnh: TA)", "Ảnh: ...") or scene shape
    ("Quang cảnh Hội nghị"), moved to `captions`."""

    name = "captions"
    reasons = ("caption",)

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        doc.drop_lines(self.name, lambda line: self.take_caption(doc, line))

    @classmethod
    def take_caption(cls, doc: Document, line: str) -> str | None:
        """``caption`` for a caption line, kept in ``doc.captions``."""
        if not cls.is_caption(line):
            return None
        doc.add_caption(line)
        return "caption"

    @staticmethod
    def is_caption(line: str) -> bool:
        words = word_count(line)
        if words > 60 or BYLINE_LABELLED.match(line):
            return False
        if CAPTION_START.match(line) or CAPTION_CREDIT.search(line):
            return True
        return words <= 12 and bool(SCENE_CAPTION.match(line))


def _byline_author(line: str) -> str | None:
    match = BYLINE_LABELLED.match(line)
    if match:
        return match["name"].strip(" .")
    return None


class BylinesAndSources(Step):
    """Bylines ("Tin, ảnh: Quang Hòa", a closing "Nguyễn Hiền - Phòng QLTTBCXB") and
    source lines ("Theo TTXVN", "Nguồn Tuyên Quang: URL") at the start or the end of the
    body, moved into `author` and `url`. The byline nearest the end of the body names the
    author, over any author the page's metadata gave (often the publisher)."""

    name = "bylines"
    reasons = ("byline", "closing_byline", "source")

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        lines = list(doc.lines)
        self._visible_author: str | None = None
        # The end of the body: peel bylines, sources and a closing name from the bottom.
        while lines:
            line = lines[-1]
            kind = self._classify(line, closing=True)
            if kind is None:
                break
            self._take(doc, line, kind)
            lines.pop()
        # The start of the body: a labelled byline or source before the lead.
        while lines:
            kind = self._classify(lines[0], closing=False)
            if kind is None:
                break
            self._take(doc, lines[0], kind)
            lines.pop(0)
        doc.lines = lines

    @staticmethod
    def _classify(line: str, closing: bool) -> str | None:
        if len(line) > 200:
            return None
        if _byline_author(line):
            return "byline"
        match = SOURCE_LINE.match(line)
        if match and word_count(line) <= 15 and (match["what"] or "").strip():
            return "source"
        if closing and word_count(line) <= 10 and CLOSING_BYLINE.match(line):
            return "closing_byline"
        return None

    def _set_author(self, doc: Document, name: str | None) -> None:
        if name and self._visible_author is None:
            self._visible_author = doc.author = name

    def _take(self, doc: Document, line: str, kind: str) -> None:
        if kind == "byline":
            self._set_author(doc, _byline_author(line))
        elif kind == "closing_byline":
            match = CLOSING_BYLINE.match(line)
            name, other = match["name"].strip(), (match["org"] or "").strip()
            if SECOND_NAME.match(other) and other.split()[0].lower() not in ORG_WORDS:
                name = f"{name}, {other}"
            self._set_author(doc, name)
        elif kind == "source":
            url = URL_IN_TEXT.search(line)
            if url and not doc.url:
                doc.url = url.group(0).rstrip(".,)")
        doc.remove(self.name, kind, line)


class DanglingLabels(Step):
    """A label left last with nothing after it ("Văn bản đính kèm:", "Xem thêm:"): what it
    introduced (a list of links, a related block) went with the boilerplate."""

    name = "dangling_label"
    reasons = ("dangling_label",)
    # A label, not a sentence introducing a quote or an embedded post ("Twitter seemed a
    # bit confused by the campaign:"), which stays.
    MAX_WORDS = 5

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        while (doc.lines and doc.lines[-1].endswith((":", "："))
               and word_count(doc.lines[-1]) <= self.MAX_WORDS):
            doc.remove(self.name, "dangling_label", doc.lines.pop())
