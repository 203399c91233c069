"""Mozilla Readability's test pages (../shared/bench/readability, third-party, never
committed) through ``clean_html`` and plain ``trafilatura.extract`` in the same run, scored
as ``bench/quality.py`` scores them (the set's README metric): on pages nobody here tuned
for, our text must not fall below what trafilatura alone keeps."""

from __future__ import annotations

import pytest

from bench.quality import readability_lost, readability_scores, run_readability

from .conftest import READABILITY, require_shared

pytestmark = pytest.mark.pages

# The pages of 50 expected tokens or more (the set's README).
PAGES = 124


@pytest.fixture(scope="module")
def readability():
    require_shared(READABILITY / "README.md", "Readability pages")
    pages = run_readability(READABILITY)
    return pages, readability_scores(pages)


def test_a_record_for_every_page_trafilatura_gives_text_for(readability):
    pages, _ = readability
    assert len(pages) == PAGES
    assert readability_lost(pages) == []


def test_f1_at_least_plain_trafilatura(readability):
    _, scores = readability
    assert scores["ours"]["f1"] >= scores["trafilatura"]["f1"], scores


def test_recall_at_most_a_point_below_plain_trafilatura(readability):
    _, scores = readability
    assert scores["ours"]["recall"] >= scores["trafilatura"]["recall"] - 0.01, scores
