"""The step ``template_lines``: lines that recur in many text documents of one host in a
run are the site's template (menus, slogans, promos, footers), after CCNet's paragraph
deduplication, here per host. Which lines recur is counted across the run by the first
pass (``cleaners/app/template_counts.py``); a document comes with the set of its lines
that do, and this step removes them."""

from __future__ import annotations

from . import dates
from .document import Document, Page, Step
from .text_page import is_block_heading
from .text_steps import _BULLET, normalize_text


def line_key(line: str) -> str:
    """A line as the text steps see it (NFC, single spaces, no bullet), lower case."""
    return _BULLET.sub("", normalize_text(line)).lower()


class TemplateLines(Step):
    """Lines that recur in many documents of the same host in this run (the set found by
    the first pass). Date lines and block headings stay: other steps read them."""

    name = "template_lines"
    reasons = ("template_line",)

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys

    def __call__(self, doc: Document, page: Page | None = None) -> None:
        doc.drop_lines(self.name, self.template_line)

    def template_line(self, line: str) -> str | None:
        if line_key(line) in self.keys and not (dates.is_date_line(line) or is_block_heading(line)):
            return "template_line"
        return None
