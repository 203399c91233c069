"""The 181 mostly-English articlebody pages (../shared/bench/articlebody, third-party, never
committed) through ``clean_html`` and plain trafilatura, scored as ``bench/quality.py``
scores them: the cleaners must never cost ordinary articles their text. The mean F1 stays
above the floor reached, at or above plain trafilatura's, and no page that trafilatura
gets text from gives no record."""

from __future__ import annotations

import pytest

from bench.quality import run_articlebody

from .conftest import ARTICLEBODY, require_shared

pytestmark = pytest.mark.pages

# Mean 4-gram F1 reached by the cleaners (bench/results/quality.md: 0.97014, issue 12's
# target 0.970); one article lost costs about 0.005, so a drop below this floor is a regression.
F1_FLOOR = 0.970


@pytest.fixture(scope="module")
def articlebody():
    require_shared(ARTICLEBODY / "ground-truth.json", "articlebody pages")
    return run_articlebody(ARTICLEBODY)


def test_mean_f1_holds_its_floor(articlebody):
    scores, _ = articlebody
    assert scores["ours"]["pages"] == 181
    assert scores["ours"]["f1"] >= F1_FLOOR, scores


def test_no_worse_than_plain_trafilatura(articlebody):
    scores, _ = articlebody
    assert scores["ours"]["f1"] >= scores["trafilatura"]["f1"], scores


def test_no_article_lost(articlebody):
    _, lost = articlebody
    assert lost == [], f"no record where plain trafilatura found text: {lost}"
