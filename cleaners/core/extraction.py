"""trafilatura's extraction of the pruned tree: the text ``bare_extraction(tree, url=url,
fast=True, include_comments=False, include_tables=True, with_metadata=False)`` gives,
through the same trafilatura functions in the same order, without the work whose result
that call never uses on our tree:

- the copy of the whole tree ``bare_extraction`` takes to leave its input untouched (the
  pipeline never reads the pruned tree again);
- the copy of the cleaned tree kept for the comment capture and the readability/jusText
  comparison (both off in fast mode without comments);
- the length of the whole page's text (``html2txt``: a copy, a cleaning XPath and a text
  walk, 1.5 ms) that the recall escalation compares a short extraction with, when a
  bound on that length that costs a tenth already decides the comparison;
- two prunes of the raw tree (infinite-scroll containers, comment sections) whose XPaths
  call a Python regex on every element's id and class, where a cheaper XPath finds no
  element they could match (they would remove nothing).

These are trafilatura's internal steps (``core.trafilatura_sequence``), written against
``TRAFILATURA_CHECKED``; any other trafilatura, or its default (not fast) mode, gets
``bare_extraction`` itself. tests/test_extraction.py checks the text is the same on real
pages."""

from __future__ import annotations

import logging
from copy import copy
from typing import Any

import trafilatura
from lxml.etree import XPath, strip_tags
from lxml.html import HtmlElement
from trafilatura import core
from trafilatura.baseline import baseline, html2txt
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

# The trafilatura whose trafilatura_sequence this module follows step by step.
TRAFILATURA_CHECKED = "2.3.1"

# Attribute values holding what the regexes of trafilatura's raw-tree prunes need, tested
# with contains()/starts-with() only: found wherever those XPaths find an element (and
# more), at a third to a half of their cost. RAW_TREE_PRUNE_XPATH[0]'s id or class
# 'mvp-post-add-(?:box|wrap)|infinite-?scroll':
_INFINITE_SCROLL_CANDIDATE = XPath(
    "boolean(//@id[contains(., 'mvp-post-add-') or contains(., 'infinite')]"
    " | //@class[contains(., 'mvp-post-add-') or contains(., 'infinite')])")
# REMOVE_COMMENTS_AND_LISTS_XPATH's id '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)'
# or class '^[Cc]omment(?!ary)|(?:article|post)-comments':
_COMMENTS_CANDIDATE = XPath(
    "boolean(//@id[starts-with(., 'comment') or starts-with(., 'Comment') or starts-with(., 'comol')"
    " or starts-with(., 'disqus_thread') or starts-with(., 'dsq-comments')]"
    " | //@class[starts-with(., 'comment') or starts-with(., 'Comment') or contains(., 'article-comments')"
    " or contains(., 'post-comments')])")
LOGGER = logging.getLogger("trafilatura.core")


def extract_text(tree: Any, url: str | None, fast: bool = True, favor_precision: bool = False) -> str:
    """The article text trafilatura extracts from ``tree`` (which it changes), one block per
    line; "" when it finds none."""
    if not fast or trafilatura.__version__ != TRAFILATURA_CHECKED:
        extracted = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                                include_tables=True, fast=fast, favor_precision=favor_precision)
        return extracted.text if extracted is not None and extracted.text else ""
    if not isinstance(tree, HtmlElement):  # bare_extraction's load_html refuses it: no text
        return ""
    options = Extractor(output_format="python", fast=True, precision=favor_precision, comments=False, tables=True,
                        url=url)
    try:
        body, text = _fast_sequence(tree, options, url)
    except (TypeError, ValueError):  # as bare_extraction: no text
        return ""
    if options.max_tree_size and len(body) > options.max_tree_size:
        strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return ""
    if len(text) < options.min_output_size:
        return ""
    return xmltotxt(body, options.formatting) or ""


def _fast_sequence(tree: Any, options: Extractor, url: str | None) -> tuple[Any, str]:
    """``core.trafilatura_sequence`` in fast mode without comments, for our options."""
    is_forum = core._forum_thread_page(tree)
    infinite_scroll, *raw_prunes = core.RAW_TREE_PRUNE_XPATH
    tree = prune_unwanted_nodes(tree, [infinite_scroll, *raw_prunes] if _INFINITE_SCROLL_CANDIDATE(tree) else raw_prunes)
    if (options.focus == "precision" or not is_forum) and _COMMENTS_CANDIDATE(tree):
        tree = prune_unwanted_nodes(tree, core.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    if options.focus == "precision" and not is_forum:
        cleaned = prune_unwanted_nodes(cleaned, core.REMOVE_COMMENTS_XPATH)
    body, text = extract_content(cleaned, options)
    if len(text) < options.min_extracted_size and options.focus != "precision":
        base_body, base_text, base_length = baseline(tree)
        if base_length > len(text):
            body, text = base_body, base_text
    if (options.focus == "balanced" and 0 < len(text) < core.ESCALATION_MAX_LENGTH
            and _small_share_of_page(len(text), tree)):
        recall = copy(options)
        recall.focus = "recall"
        recall_text = ""
        try:
            recall_body, recall_text = core._recall_retry(tree, recall, url)
        except Exception as error:  # as trafilatura_sequence
            LOGGER.warning("recall retry failed: %s %s", error, url)
        if (len(recall_text) >= options.min_extracted_size
                and len(recall_text) > core.ESCALATION_ACCEPT_RATIO * len(text)):
            body, text = recall_body, recall_text
    return body, text


def _small_share_of_page(length: int, tree: Any) -> bool:
    """``length < ESCALATION_PAGE_SHARE * len(html2txt(tree))``, html2txt run only when
    neither bound on its length decides, the cruder but cheaper one tried first."""
    body = tree.find(".//body")
    body = tree if body is None else body
    for bound in (_raw_page_text_bound, _page_text_bound):
        if length >= core.ESCALATION_PAGE_SHARE * bound(body):
            return False
    return length < core.ESCALATION_PAGE_SHARE * len(html2txt(tree))


def _spread(text: str) -> int:
    """Characters and words of ``text``: one more than its length with whitespace collapsed."""
    words = text.split()
    return sum(map(len, words)) + len(words)


def _page_text_bound(body: Any) -> int:
    """More than the length of ``html2txt`` of the page whose body is ``body``: the body's
    text with its elements' scripts and styles (which html2txt removes with other
    elements: removing text never adds a word), whitespace collapsed, plus two for each
    element (html2txt puts a space at an element's text and tail, which can split a word
    in two). Removing a text ``s`` from a text takes at least ``_spread(s) - 2`` off its
    spread (a word at each end may join the text around it)."""
    bound = _spread(body.text_content()) + 2 * int(_ELEMENTS(body))
    for element in body.iter("script", "style"):
        if element.text:
            bound -= _spread(element.text) - 2
    return bound


_ELEMENTS = XPath("count(descendant-or-self::*)")
# The body's text length (whitespace kept) plus one and two per element, with no Python
# string of the text (a tenth of _page_text_bound's cost on pages with large inline scripts).
_RAW_TEXT_AND_ELEMENTS = XPath("string-length(.) + 1 + 2 * count(descendant-or-self::*)")


def _raw_page_text_bound(body: Any) -> int:
    """More than the length of ``html2txt``, as ``_page_text_bound`` but cruder: the body's
    text without its scripts' and styles' texts (whole parts of it) has a spread at most its
    length plus one."""
    scripts = sum(len(element.text) for element in body.iter("script", "style") if element.text)
    return int(_RAW_TEXT_AND_ELEMENTS(body)) - scripts
