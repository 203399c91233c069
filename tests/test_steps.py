"""Every cleaning step has one shape (cleaners/core/document.py ``Step``: a name, the
reasons of its removals, a call on the document) and the order is written in one place
(cleaners/core/steps.py): what the steps remove from real pages and texts is logged under
a step of that order and one of the reasons it declares."""

from __future__ import annotations

import pytest

from cleaners import clean_html, clean_text
from cleaners.core.document import Document, Step
from cleaners.core.steps import PAGE_STEPS, TEXT_INPUT_STEPS, TEXT_STEPS
from cleaners.core.template_lines import TemplateLines
from cleaners.core.text_steps import DateLines

from .conftest import SAMPLES, SHARED

# Removals logged outside the step order: a site profile's (data, "site:<name>") and the
# final baseline check's (pipeline.clean_tree after the text steps).
OUTSIDE_THE_ORDER = ("site:", "baseline")


def declared() -> dict[str, set[str]]:
    reasons: dict[str, set[str]] = {}
    for step in (*PAGE_STEPS, *TEXT_STEPS, *TEXT_INPUT_STEPS, TemplateLines(frozenset())):
        assert isinstance(step, Step) and step.name != Step.name
        reasons.setdefault(step.name, set()).update(step.reasons)
    return reasons


def removals() -> list[tuple[str, str, str]]:
    results = [
        clean_text(path.read_text(encoding="utf-8"), source=path.name, explain=True)
        for path in sorted(SAMPLES.glob("*.txt"))
    ]
    pages = sorted((SHARED / "pages").glob("*.html"))
    if not pages:
        pytest.skip(f"no saved pages in {SHARED / 'pages'} (set VNCLEAN_SHARED)")
    results += [clean_html(path.read_bytes(), source=path.name, explain=True) for path in pages]
    found = []
    for result in results:
        for removal in (result.record or {}).get("explain", []):
            found.append((result.source, removal["step"], removal["reason"]))
    return found


def test_every_removal_is_logged_under_a_step_of_the_order_and_a_reason_it_declares():
    reasons = declared()
    found = removals()
    assert len(found) > 100
    for source, step, reason in found:
        if step.startswith(OUTSIDE_THE_ORDER):
            continue
        assert step in reasons, f"{source}: step {step} is not in cleaners/core/steps.py"
        assert reason in reasons[step], (
            f"{source}: {step} removed a line as {reason}, not among {reasons[step]}"
        )


def test_the_text_path_runs_the_text_steps_with_the_full_page_finder_second():
    assert [s.name for s in TEXT_INPUT_STEPS] == [
        TEXT_STEPS[0].name,
        "full_page",
        *(s.name for s in TEXT_STEPS[1:]),
    ]


def test_a_line_of_only_an_english_month_name_date_is_a_date_line():
    # What trafilatura extracts from a Blogger post (linknaija.com's theme): the body, then
    # the post's meta line, the author's name and "August 08, 2018", each on its own line.
    body = ["The city council approved the new budget on Tuesday after a debate that lasted six hours.",
            "May 5, 2018 was the day the council first met in the new hall by the river."]
    doc = Document(source="blogger_post", explain=True,
                   lines=[*body, "Metro Desk", "August 08, 2018", "Updated: Nov. 19, 2019 10:30 am", "8 May 2018"])
    DateLines()(doc)
    assert doc.lines == [*body, "Metro Desk"]
    assert [(r.step, r.reason) for r in doc.removals] == [("date_lines", "date_line")] * 3
