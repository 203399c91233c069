"""Steps that repair a page's structure before trafilatura reads it: the lead paragraph
(the "sapo" of Vietnamese news, set apart from the body), layout tables, and paragraphs
written as bare text in a ``<div>``.

trafilatura drops the lead on most Vietnamese news sites (it sits in an ``<h2>`` or a
``p.description`` above the body container), reads a whole table-layout page (2012-era
sites) as one table row, and skips text written straight into a ``<div>``.
"""

from __future__ import annotations

from . import dates
from .document import Document
from .html_steps import ArticleGuard, class_or_id_matches, element_text, own_text
from .text_steps import normalize_text
from .vocabulary import LEAD_CLASS, SIGNUP_CLASS

LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 800
# A long <h2> right after the headline is the lead on older layouts (dantri, zing).
HEADING_LEAD_MIN_CHARS = 60

_BLOCK_TAGS = frozenset({"div", "p", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                         "section", "article", "figure", "header", "footer", "form", "pre", "li", "aside", "nav"})
_TABLE_PARTS = frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"})
TEXT_DIV_MIN_CHARS = 40


# Letters only Vietnamese writes (with their capitals): the lead rule is a Vietnamese
# newsroom convention, so it applies to Vietnamese text only.
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
VIETNAMESE_MIN_LETTERS = 3


def is_vietnamese(text: str) -> bool:
    """True when ``text`` holds a few letters only Vietnamese uses."""
    return sum(c in _VIETNAMESE_LETTERS for c in text.lower()) >= VIETNAMESE_MIN_LETTERS


def find_lead(tree, doc: Document, guard: ArticleGuard) -> None:
    """Remember the lead paragraph (``doc.lead``): the first lead-classed block, or long
    ``<h2>``, after the headline and before the end of the article's container. A lead
    a site profile already found stands."""
    if doc.lead:
        return
    order, elements = guard.order, guard.elements
    end = guard.container_end()
    heading = next((h for h in tree.iter("h1") if order.get(h, end + 1) < end and (h.text_content() or "").strip()),
                   None)
    start = order[heading] if heading is not None else -1
    for element in elements[start + 1:end + 1]:
        marked = class_or_id_matches(LEAD_CLASS, element)
        if not marked and not (element.tag == "h2" and heading is not None):
            continue
        text = own_text(element)
        minimum = LEAD_MIN_CHARS if marked else HEADING_LEAD_MIN_CHARS
        if (minimum <= len(text) <= LEAD_MAX_CHARS and guard.linked.get(element, 0) <= len(text) * 0.3
                and is_vietnamese(text) and next(element.iterancestors("figure"), None) is None):
            doc.lead = text
            return


# What makes a table a data table, never a layout to unwrap, whatever its cells hold: a
# caption, header cells (a list of films with a paragraph in each row, as Wikipedia writes
# it), or rows of one shape (a grid of figures, each cell in its own <div>, as Blogger
# writes it). Layout tables have a row or two of varied cells (banner, menu, columns).
DATA_TABLE_MIN_HEADERS = 2
DATA_TABLE_MIN_ROWS = 3
DATA_TABLE_MIN_COLUMNS = 3


def _is_data_table(table, rows: list[list], cells: list) -> bool:
    if table.find("caption") is not None or sum(cell.tag == "th" for cell in cells) >= DATA_TABLE_MIN_HEADERS:
        return True
    widths = {len(row) for row in rows}
    return len(rows) >= DATA_TABLE_MIN_ROWS and len(widths) == 1 and widths.pop() >= DATA_TABLE_MIN_COLUMNS


def unwrap_layout_tables(tree, doc: Document, guard: ArticleGuard) -> None:
    """Tables used for page layout (cells holding blocks) become plain blocks, so the
    article in one of their cells reads as paragraphs, not as one table row. A data table
    (``_is_data_table``) stays a table."""
    for table in list(tree.iter("table")):
        rows = [[cell for cell in row if cell.tag in {"td", "th"}] for row in _rows(table)]
        cells = [cell for row in rows for cell in row]
        if not any(child.tag in _BLOCK_TAGS for cell in cells for child in cell):
            continue
        if _is_data_table(table, rows, cells):
            continue
        for part in [table, *_parts(table)]:
            part.tag = "div"


def _rows(table):
    for child in table:
        if child.tag == "tr":
            yield list(child)
        elif child.tag in {"tbody", "thead", "tfoot"}:
            for row in child:
                if row.tag == "tr":
                    yield list(row)


def _parts(table):
    """The table's own row groups, rows and cells (not those of tables nested in it)."""
    for child in table:
        if child.tag in _TABLE_PARTS:
            yield child
            if child.tag in {"tbody", "thead", "tfoot", "tr"}:
                for row in child:
                    if row.tag in _TABLE_PARTS:
                        yield row
                        if row.tag == "tr":
                            yield from (cell for cell in row if cell.tag in {"td", "th"})


def text_divs_to_paragraphs(tree, doc: Document, guard: ArticleGuard) -> None:
    """A ``<div>`` holding a paragraph of bare text (no block inside) becomes a ``<p>``,
    in the article's container and the block around it (not in sidebars, where such divs
    are teasers and captions)."""
    if guard.container is None:
        return
    around = guard.container.getparent()
    if (around is not None and around.getparent() is not None
            and not any(child.tag in _BLOCK_TAGS for child in guard.container)):
        # The container found is a paragraph itself: its parent is one of the body's
        # blocks (CNN writes its story in a row of such blocks), the block around that
        # is the body. Turning only one block's divs into <p> made trafilatura drop the rest.
        around = around.getparent()
    block = around if around is not None else guard.container
    for div in block.iter("div"):
        if any(child.tag in _BLOCK_TAGS for child in div) or _in_signup_box(div, block):
            continue
        direct = (div.text or "").strip() + "".join((child.tail or "").strip() for child in div)
        if len(direct) >= TEXT_DIV_MIN_CHARS:
            div.tag = "p"


def _in_signup_box(element, block) -> bool:
    """True when ``element`` is or sits in a newsletter sign-up box inside ``block``: its
    bare text is a call to sign up, not a paragraph of the article."""
    for node in (element, *element.iterancestors()):
        if node is block:
            return False
        if class_or_id_matches(SIGNUP_CLASS, node):
            return True
    return False


def restore_lead(doc: Document) -> None:
    """Put the lead back above the body when the extractor dropped it."""
    if not doc.lead:
        return
    probe = doc.lead[:60]
    if not any(probe in normalize_text(line) for line in doc.lines):
        doc.lines.insert(0, doc.lead)


# How far from the headline (in elements, document order) the article's date line is
# looked for: after it first, then before it (vnexpress, dantri put it above).
DATE_LINE_AFTER = 60
DATE_LINE_BEFORE = 25
DATE_LINE_MAX_CHARS = 80


def find_date_line(tree, doc: Document, guard: ArticleGuard) -> None:
    """The date the page shows beside the headline ("Thứ Sáu, 15/03/2013, 09:41 AM
    (GMT+7)") becomes ``doc.date`` when the markup gave none or another day: readers see
    that date, while the markup's may be the creation or a UTC time."""
    elements = guard.elements
    heading = next((guard.order[e] for e in tree.iter("h1") if guard.short(e, 300)
                    and (e.text_content() or "").strip()), None)
    if heading is None:
        return
    window = elements[heading + 1:heading + 1 + DATE_LINE_AFTER]
    window += elements[max(0, heading - DATE_LINE_BEFORE):heading][::-1]
    for element in window:
        if not guard.short(element, DATE_LINE_MAX_CHARS):
            continue
        text = element_text(element)
        if not dates.is_date_line(text):
            continue
        shown = dates.parse_vietnamese(text)
        if shown:
            if not doc.date or doc.date[:10] != shown[:10]:
                doc.date = shown
            else:
                doc.date = dates.better_date(doc.date, shown)
            return
