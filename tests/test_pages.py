"""The saved Vietnamese pages (../shared/pages, third-party, never committed) through
``clean_html``, each a regression test against its gold labels read at test time: every
body line kept, no byline, date line, source or boilerplate line in the text, no line
twice, the right title, date and author; and the mean F1 above the floor reached."""

from __future__ import annotations

import pytest

from bench.scoring import (
    author_right,
    date_right,
    gold_lines,
    leaked_lines,
    page_urls,
    read_gold,
    repeated_lines,
    score_text,
    title_right,
    tokens,
)
from cleaners import clean_html

from .conftest import PAGES

pytestmark = pytest.mark.pages

PAGE_NAMES = sorted(p.stem for p in PAGES.glob("*.html")) if PAGES.is_dir() else ["(no pages)"]
# Mean token F1 over the pages reached by the cleaners (bench/quality.py: 1.000); a drop
# below this floor is a regression.
MEAN_F1_FLOOR = 0.995

_cache: dict[str, tuple[dict, list]] = {}


def _cleaned(pages_dir, name: str) -> tuple[dict, list]:
    if name not in _cache:
        path = pages_dir / f"{name}.html"
        url = page_urls(pages_dir).get(name.split("_")[0])
        result = clean_html(path.read_bytes(), str(path), url=url)
        assert result.ok, f"{name} gave no record: {result.reason} {result.message}"
        _cache[name] = (result.record, read_gold(pages_dir / f"{name}.labels.tsv"))
    return _cache[name]


@pytest.fixture(params=PAGE_NAMES)
def page(request, pages_dir):
    name = request.param
    record, gold = _cleaned(pages_dir, name)
    return name, record, gold


def test_every_body_line_is_kept(page):
    name, record, gold = page
    text = " ".join(tokens(record["text"]))
    for line in gold_lines(gold, "K"):
        assert " ".join(tokens(line)) in text, f"{name}: body line lost: {line[:80]}"


def test_no_boilerplate_byline_date_or_source_line(page):
    name, record, gold = page
    assert leaked_lines(record["text"], gold) == [], f"{name}: boilerplate in the text"


def test_no_line_is_repeated(page):
    name, record, _ = page
    assert repeated_lines(record["text"]) == [], name


def test_title_is_the_headline(page):
    name, record, gold = page
    assert title_right(record["title"], gold), f"{name}: title {record['title']!r}"


def test_date_is_the_day_the_page_shows(page):
    name, record, gold = page
    assert date_right(record["date"], gold) in {True, None}, f"{name}: date {record['date']!r}"


def test_author_is_the_byline(page):
    name, record, gold = page
    assert author_right(record["author"], gold) in {True, None}, f"{name}: author {record['author']!r}"


def test_mean_f1_stays_above_the_floor(pages_dir):
    scores = [score_text(_cleaned(pages_dir, name)[0]["text"], _cleaned(pages_dir, name)[1]).f1
              for name in PAGE_NAMES]
    mean = sum(scores) / len(scores)
    assert mean >= MEAN_F1_FLOOR, f"mean F1 {mean:.3f} < {MEAN_F1_FLOOR}"
