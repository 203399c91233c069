"""A page's visible text, one block per line: the full-page text dump a scraper's
get_text(), a browser's "save as text" or a WET record gives, as ../shared/textform's
dumps are made (every block-level element starts a line, inline text joined with single
spaces, scripts, styles and the head left out)."""

from __future__ import annotations

import lxml.html

BLOCKS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 figure figcaption header footer section article nav aside "
    "table tr td th blockquote pre br form".split()
)

SKIPPED = frozenset({"script", "style", "head", "noscript", "template", "svg"})


def text_dump(html: str) -> list[str]:
    """The page's visible text, a new line at every block element. Written here: the
    HTML-to-text libraries lay text out (indents, table grids) instead of one block a line."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join(" ".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element) -> None:
        if not isinstance(element.tag, str) or element.tag in SKIPPED:
            return
        block = element.tag in BLOCKS
        if block:
            flush()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if block:
            flush()

    walk(lxml.html.fromstring(html))
    flush()
    return lines
