"""The cleaning steps in the order they run, written in one place.

The page steps work on the parsed HTML tree, before trafilatura extracts the text (each
is called with the tree, the document and the ArticleGuard that keeps the article's own
container); the text steps then work on the extracted lines. Text input (``clean_text``)
runs the text steps with the full-page finder after the first one. Every step logs what
it removes with a reason (``Document.remove``)."""

from __future__ import annotations

from .document import Step
from .html_steps import (
    prune_footers,
    prune_link_boxes,
    prune_related_blocks,
    prune_visitor_counters,
    take_captions,
)
from .html_structure import find_date_line, find_lead, text_divs_to_paragraphs, unwrap_layout_tables
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

PAGE_STEPS = (
    find_lead,
    find_date_line,
    prune_related_blocks,
    prune_visitor_counters,
    prune_footers,
    take_captions,
    prune_link_boxes,
    unwrap_layout_tables,
    text_divs_to_paragraphs,
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
