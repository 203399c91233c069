"""Issue 18, lever "decode": the checks decode_html runs on every page, old way and new way
on the same decoded pages, taking turns page by page.

- the legacy-encoding test (legacy_encodings.looks_legacy): its rule on the whole text
  (a regex scan of every Latin-1 mark, all Vietnamese letters counted) against the rule
  decided first by a C-level count of all marks and a bounded count of letters;
- the mojibake markers (decode.repair_mojibake on clean text): the letter pairs looked
  for against one character of each looked for first;
- U+FFFE/U+FFFF in the page's UTF-8: two three-byte searches against a one-byte search first;
- the UTF-8 round trip clean_str makes for lone surrogates: re-encoding and decoding the
  page's text against the page's own bytes, when they are valid UTF-8.

Run alone: ``python bench/lever_decode.py [--rounds N] [--shared DIR]``."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.levers import run_alone  # noqa: E402
from cleaners.core import decode, legacy_encodings  # noqa: E402


def _whole_text_rule(text: str) -> bool:
    marks = legacy_encodings.marks_beside_letters(text)
    return marks >= legacy_encodings.MIN_MARKS and marks > len(legacy_encodings._VIETNAMESE_LETTER.findall(text))


def _marker_pairs(text: str) -> bool:
    return any(marker in text for marker in decode._MOJIBAKE_MARKERS)


def _marker_signs_first(text: str) -> bool:
    return any(sign in text for sign in decode._MOJIBAKE_SIGNS) and _marker_pairs(text)


def _noncharacter_searches(utf8: bytes) -> bool:
    return b"\xef\xbf\xbe" in utf8 or b"\xef\xbf\xbf" in utf8


def _noncharacter_byte_first(utf8: bytes) -> bool:
    return b"\xef" in utf8 and _noncharacter_searches(utf8)


def _round_trip(page: tuple[str, bytes]) -> tuple[str, bytes]:
    data = page[0].encode("utf-8", "replace")
    return data.decode("utf-8").lstrip("\ufeff"), data


def _own_bytes(page: tuple[str, bytes]) -> tuple[str, bytes]:
    return page


def _turns(items: list, rounds: int, old: Callable, new: Callable) -> tuple[float, float, int]:
    """Median CPU ms per page of ``old`` and ``new`` over ``rounds``, page by page in
    turns; and on how many pages they gave the same result."""
    same = sum(old(item) == new(item) for item in items)
    totals: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(rounds):
        spent = {"old": 0.0, "new": 0.0}
        for item in items:
            for way, function in (("old", old), ("new", new)):
                started = time.process_time()
                function(item)
                spent[way] += time.process_time() - started
        for way in spent:
            totals[way].append(1000 * spent[way] / len(items))
    return statistics.median(totals["old"]), statistics.median(totals["new"]), same


def measure(pages: list[tuple[str, bytes]], rounds: int) -> list[str]:
    """The lever's markdown lines: old and new CPU ms per page, and whether they agree."""
    utf8_pages = []
    for _, data in pages:
        try:
            utf8_pages.append((data.decode("utf-8"), data))
        except UnicodeDecodeError:
            continue
    texts = [text for text, _ in utf8_pages]
    n = len(texts)
    rows = [
        ("the legacy-encoding test", _turns(texts, rounds, _whole_text_rule, legacy_encodings.looks_legacy)),
        ("the mojibake markers", _turns(texts, rounds, _marker_pairs, _marker_signs_first)),
        ("U+FFFE/U+FFFF in the UTF-8", _turns([d for _, d in utf8_pages], rounds, _noncharacter_searches,
                                              _noncharacter_byte_first)),
        ("the UTF-8 round trip", _turns(utf8_pages, rounds, _round_trip, _own_bytes)),
    ]
    lines = ["### decode", "",
             f"CPU ms per page, median of {rounds} rounds over the {n} UTF-8 pages, old and new taking turns:", ""]
    old_total = new_total = 0.0
    for name, (old, new, same) in rows:
        old_total += old
        new_total += new
        lines.append(f"- {name}: {old:.3f} -> {new:.3f}; the same result on {same} of {n} pages")
    same_text = sum(decode.decode_html(data) == decode.clean_str(text, markup=True) for text, data in utf8_pages)
    lines.append(f"- together {old_total:.2f} -> {new_total:.2f} ms; decode_html's text the same as clean_str's "
                 f"of the decoded page on {same_text} of {n} pages")
    return lines


def main(argv: list[str] | None = None) -> None:
    run_alone(measure, __doc__.split("\n\n")[0], argv)


if __name__ == "__main__":
    main()
