"""The cleaning steps in the order they run, written in one place.

The page steps work on the parsed HTML tree, before trafilatura extracts the text (each
is called with the tree, the document and the ArticleGuard that keeps the article's own
container); the text steps then work on the extracted lines. Text input (``clean_text``)
runs the text steps with the full-page finder after the first one. Every step logs what
it removes with a reason (``Document.remove``)."""

from __future__ import annotations

from .document import PageStep, Step
from .html_steps import (
    prune_footers,
    prune_link_boxes,
    prune_related_blocks,
    prune_visitor_counters,
    take_captions,
)
from .html_structure import find_date_line, find_lead, text_divs_to_paragraphs, unwrap_layout_tables
from .template_lines import TemplateLines
from .text_page import FullPageArticle
from .text_steps import (
    BylinesAndSources,
    CaptionLines,
    DanglingLabels,
    DateLines,
    FooterTail,
    HeadChrome,
    NormalizeLines,
    RelatedBlocks,
    RepeatedLines,
    TableCells,
    TeaserTail,
    TitleLine,
    VisitorCounters,
)

# Each page step by the name its removals are logged under, and their reasons.
PAGE_STEPS: tuple[Step, ...] = (
    PageStep("find_lead", (), find_lead),
    PageStep("find_date_line", (), find_date_line),
    PageStep("prune_related", ("related_block",), prune_related_blocks),
    PageStep("prune_counters", ("visitor_counter",), prune_visitor_counters),
    PageStep("prune_footer", ("footer",), prune_footers),
    PageStep("captions", ("caption",), take_captions),
    PageStep("prune_link_boxes", ("link_box",), prune_link_boxes),
    PageStep("unwrap_layout_tables", (), unwrap_layout_tables),
    PageStep("text_divs_to_paragraphs", (), text_divs_to_paragraphs),
)

TEXT_STEPS: tuple[Step, ...] = (
    NormalizeLines(),
    HeadChrome(),
    DateLines(),
    TitleLine(),
    RelatedBlocks(),
    TeaserTail(),
    FooterTail(),
    VisitorCounters(),
    TableCells(),
    RepeatedLines(),
    CaptionLines(),
    BylinesAndSources(),
    DanglingLabels(),
)

# The text path: the full-page finder runs on normalized lines, before the line steps.
TEXT_INPUT_STEPS: tuple[Step, ...] = (TEXT_STEPS[0], FullPageArticle(), *TEXT_STEPS[1:])


def text_input_steps(template_lines: frozenset[str] = frozenset()) -> tuple[Step, ...]:
    """The text path's steps; with the host's template lines (cross-document evidence),
    those go first, before the article is looked for: recurring promos mislead it."""
    if not template_lines:
        return TEXT_INPUT_STEPS
    return (TEXT_INPUT_STEPS[0], TemplateLines(template_lines), *TEXT_INPUT_STEPS[1:])
