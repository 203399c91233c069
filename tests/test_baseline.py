"""never_below_baseline (cleaners/core/baseline.py) on parsed pages with real trafilatura: when
our text lost most of an article, trafilatura's default extraction of the unpruned tree
takes its place, except lines our steps removed with a reason; the decision is in the
explain log."""

from __future__ import annotations

from cleaners.core.baseline import never_below_baseline
from cleaners.core.document import Document
from cleaners.core.html_steps import ArticleGuard, parse_html

PARAGRAPHS = [
    f"Paragraph {n} of the story tells how the river rose during the night and how the village "
    f"moved its boats, its grain and its elderly people to the school on the hill before dawn."
    for n in range(1, 9)
]


def _page(extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>The river rose</title></head><body><div class='story'><h1>The river rose</h1>"
            f"{body}</div>{extra}</body></html>")


def _doc(lines: list[str]) -> Document:
    return Document(source="page", title="The river rose", explain=True, lines=list(lines))


def _check(doc: Document, page: str) -> None:
    tree = parse_html(page)
    never_below_baseline(doc, tree, ArticleGuard(tree).total)


def _decision(doc: Document) -> str:
    return next(r.reason for r in doc.removals if r.step == "baseline" and r.reason != "menu_line")


def test_most_of_the_article_lost_is_recovered_and_the_decision_logged():
    doc = _doc(PARAGRAPHS[:1])
    _check(doc, _page())
    assert doc.lines == PARAGRAPHS
    assert _decision(doc) == "recovered"


def test_a_text_holding_the_article_is_not_checked():
    doc = _doc(PARAGRAPHS)
    _check(doc, _page())
    assert doc.lines == PARAGRAPHS and not doc.removals


def test_lines_removed_with_a_reason_are_evidence_against_the_baseline():
    doc = _doc(PARAGRAPHS[:1])
    for paragraph in PARAGRAPHS[1:]:
        doc.remove("some_step", "related_block", paragraph)
    _check(doc, _page())
    assert doc.lines == PARAGRAPHS[:1]
    assert _decision(doc) == "kept_pruned"


def test_an_empty_text_goes_to_the_check_before_any_no_article():
    # The pruned extraction found nothing: no_article only if trafilatura finds nothing too.
    doc = _doc([])
    _check(doc, _page())
    assert doc.lines == PARAGRAPHS and _decision(doc) == "recovered"
    nothing = _doc([])
    _check(nothing, "<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>")
    assert nothing.lines == [] and _decision(nothing) == "kept_pruned"


MENU = [f"Section {name}" for name in ("news", "sport", "weather", "culture", "health", "travel", "science",
                                      "money", "jobs", "homes", "cars", "food", "music", "film", "books",
                                      "games", "schools", "courts", "letters", "archive", "contact", "about")]


def test_menu_lines_trafilatura_leaves_out_are_dropped():
    # The fast extraction took a whole category menu with the article (a city portal whose
    # link boxes were pruned): the lines trafilatura's default extraction leaves out go.
    nav = "<ul class='categories'>" + "".join(f"<li><a href='/c/{n}'>{item}</a></li>" for n, item in enumerate(MENU))
    page = _page().replace("<div class='story'>", nav + "</ul><div class='story'>")
    signup = "Subscribe for our daily newsletter"
    doc = _doc(MENU + PARAGRAPHS + [signup])
    _check(doc, page)
    assert doc.lines == PARAGRAPHS
    assert sum(r.reason == "menu_line" for r in doc.removals) == len(MENU) + 1


def test_a_paragraph_ours_lacks_is_merged_in_its_place_when_ours_keeps_most():
    nav = "<ul class='categories'>" + "".join(f"<li><a href='/c/{n}'>{item}</a></li>" for n, item in enumerate(MENU))
    page = _page().replace("<div class='story'>", nav + "</ul><div class='story'>")
    doc = _doc(MENU + PARAGRAPHS[:4] + PARAGRAPHS[5:])
    _check(doc, page)
    assert doc.lines == PARAGRAPHS
    assert _decision(doc) == "kept_pruned"

