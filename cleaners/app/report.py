"""The HTML report of a run (``vnclean --report FILE.html``, the crawl's ``NEWS_REPORT``):
one self-contained static page to open from disk in a browser, no server.

It holds the run's summary, the removed lines by reason as a bar chart, and every document:
title, metadata, text, with the lines the steps removed shown where they stood, coloured by
reason; inputs that gave no record are listed with their reason. A filter by reason hides
or shows removed lines, a search box finds documents, and documents are shown 50 to a page
from JSON embedded in the file, so a report of 10,000 documents opens as fast as one of 50.
The documents are streamed to the file as they come (memory stays flat); past
``MAX_DOCUMENTS`` they are counted in the summary but not embedded.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

MAX_DOCUMENTS = 20_000
# The longest text kept per line of a document in the report (a removed block can be a
# whole page of links).
MAX_LINE_CHARS = 2_000
_PAGE = Path(__file__).with_name("report.html")


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no "</" to end it early)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + " …"


def report_document(record: dict[str, Any]) -> dict[str, Any]:
    """What the report keeps of a record made with explain: metadata, kept lines, and the
    removed lines with their reason, step and the kept line they stood before."""
    meta = {key: record.get(key) for key in ("url", "date", "author", "sitename", "lang", "lang_score")}
    removed = [
        [item["reason"], item["step"], item.get("at"), _cut(item["text"])]
        for item in record.get("explain", [])
    ]
    return {
        "source": record["source"],
        "title": record.get("title"),
        "meta": meta,
        "lines": [_cut(line) for line in record["text"].split("\n")],
        "removed": removed,
    }


class HtmlReport:
    """Writes the report to ``path`` as documents come (``add``, ``add_error``), finished
    by ``close(summary_lines)``; until then the page is ``path`` + ``.partial``."""

    def __init__(self, path: str, title: str) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.partial.open("w", encoding="utf-8")
        self.documents = 0
        self.left_out = 0
        self.removed: Counter = Counter()
        self.errors: Counter = Counter()
        head, self.tail = _PAGE.read_text(encoding="utf-8").split("<!-- DATA -->")
        self.handle.write(head.replace("{{title}}", html.escape(title)))
        self.handle.write('<script type="application/json" id="documents">[')

    def _write(self, document: dict[str, Any]) -> None:
        if self.documents >= MAX_DOCUMENTS:
            self.left_out += 1
            return
        self.handle.write(("," if self.documents else "") + "\n" + _script_json(document))
        self.documents += 1

    def add(self, record: dict[str, Any]) -> None:
        """A record written by the run (made with explain, for the removed lines)."""
        self.removed.update(item["reason"] for item in record.get("explain", []))
        self._write(report_document(record))

    def add_error(self, source: str, reason: str, message: str) -> None:
        """An input that gave no record."""
        self.errors[reason] += 1
        self._write({"source": source, "error": reason, "message": message})

    def close(self, summary: list[str]) -> None:
        """Finish the page (the summary lines of the run) and put it in place."""
        self.handle.write("\n]</script>\n")
        info = {
            "summary": summary,
            "removed": dict(self.removed.most_common()),
            "errors": dict(self.errors.most_common()),
            "documents": self.documents,
            "left_out": self.left_out,
            "max_documents": MAX_DOCUMENTS,
        }
        self.handle.write(f'<script type="application/json" id="run">{_script_json(info)}</script>\n')
        self.handle.write(self.tail)
        self.handle.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        """Stop without a report (the run failed before it could finish one)."""
        self.handle.close()
        self.partial.unlink(missing_ok=True)
