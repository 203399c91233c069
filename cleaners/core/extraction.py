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
  bound on that length that costs a tenth (or a cruder one, a fiftieth) already decides
  the comparison;
- two prunes of the raw tree (infinite-scroll containers, comment sections) whose XPaths
  call a Python regex on every element's id and class, where a cheaper XPath finds no
  element they could match (they would remove nothing);
- the Python callbacks of the XPaths that select elements by their attributes, with
  regexes, in the main pass (the article's container, ``BODY_XPATH``; the blocks pruned
  from it, ``OVERALL_DISCARD_XPATH``) and on the raw tree: ``AttributeRule`` runs the
  same tests on the same attributes in Python and finds the same elements at a third to
  a sixth of the cost; it writes itself back as XPath, checked equal to trafilatura's.

These are trafilatura's internal steps (``core.trafilatura_sequence``, and
``main_extractor``'s ``extract_content``, ``_extract``, ``recover_wild_text`` and
``prune_unwanted_sections``, followed line by line), written against
``TRAFILATURA_CHECKED``; any other trafilatura, or its default (not fast) mode, gets
``bare_extraction`` itself. tests/test_extraction.py checks the text is the same on real
pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from copy import copy, deepcopy
from typing import Any

import trafilatura
from lxml.etree import Element, XPath, strip_elements, strip_tags
from lxml.html import HtmlElement
from trafilatura import core
from trafilatura.baseline import baseline, html2txt
from trafilatura.htmlprocessing import (
    convert_tags,
    delete_by_link_density,
    link_density_test_tables,
    process_node,
    prune_unwanted_nodes,
    tree_cleaning,
)
from trafilatura.main_extractor import (
    NOT_AT_THE_END,
    REBUILT_BLOCKS,
    _elem_text,
    handle_textelem,
)
from trafilatura.settings import (
    DEDUPE_SCAN_CAP,
    INLINE_FORMATTABLE,
    MIN_DUPLICATE_LENGTH,
    TAG_CATALOG,
    Extractor,
)
from trafilatura.utils import SPACING_PROTECTED, text_chars_test, trim
from trafilatura.xml import delete_element, xmltotxt
from trafilatura.xpaths import (
    BODY_XPATH,
    DISCARD_IMAGE_ELEMENTS,
    PRECISION_DISCARD_XPATH,
    TEASER_DISCARD_XPATH,
)

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


class AttributeRule:
    """One of trafilatura's XPaths that select elements by tests of their attributes, some
    with regexes (an XPath regex test calls back into Python for every element it tests),
    as Python: ``find_all`` gives the elements it selects, in document order, ``find`` the
    first. ``tags`` are the element names it accepts (None: any); ``terms`` its tests in its
    order, ``(kind, attribute, *arguments)``: "=" value, "has", "contains" or "starts-with"
    a string, "re" a pattern and its flags, "translate" contains(translate(@attribute, from,
    to), string); an attribute "id|class" is the first of them the element has (as XPath
    takes the first node of ``@id|@class``). ``xpath`` writes the rule back as XPath, which
    tests/test_extraction.py checks is trafilatura's own."""

    def __init__(self, tags: tuple[str, ...] | None, terms: tuple[tuple[str, ...], ...], position: str = ""):
        self.tags = tags
        self.terms = terms
        # "": every match; "[1]": ".//*[...][1]", the first match of each parent; "()[1]":
        # the first match. For the last two, the first element in document order is the first match.
        self.position = position
        searched: dict[tuple[str, str], list[str]] = {}
        tests: list[tuple[str, Callable[[str | None], Any]]] = []
        for kind, attribute, *arguments in terms:
            if kind == "re":
                searched.setdefault((attribute, arguments[1]), []).append(arguments[0])
            else:
                tests.append((attribute, _attribute_test(kind, *arguments)))
        for (attribute, flags), patterns in searched.items():
            pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE if "i" in flags else 0)
            tests.append((attribute, lambda value, search=pattern.search: search(value or "")))
        # The tests of one attribute, run only for the attributes an element has: none of
        # them is true of a missing attribute. Those of "id|class" run on every element.
        self._tests: dict[str, list[Callable[[str | None], Any]]] = {}
        self._first_of: list[tuple[tuple[str, ...], Callable[[str | None], Any]]] = []
        for attribute, test in tests:
            if "|" in attribute:
                self._first_of.append((tuple(attribute.split("|")), test))
            elif test(None):
                raise ValueError(f"a test of @{attribute} is true where the element has no {attribute}")
            else:
                self._tests.setdefault(attribute, []).append(test)
        self._without_attributes = self._test([])

    def _test(self, items: list[tuple[str, str]]) -> bool:
        for name, value in items:
            tests = self._tests.get(name)
            if tests is not None:
                for test in tests:
                    if test(value):
                        return True
        for names, test in self._first_of:
            if test(next((value for name, value in items if name in names), None)):
                return True
        return False

    def matches(self, element: Any) -> bool:
        items = element.items()
        return self._test(items) if items else self._without_attributes

    def __call__(self, tree: Any) -> list[Any]:
        """As a compiled XPath: the selected elements (for ``prune_unwanted_nodes``)."""
        return self.find_all(tree)

    def find_all(self, tree: Any) -> list[Any]:
        elements = tree.iterdescendants(*self.tags) if self.tags else tree.iterdescendants(Element)
        return [element for element in elements if self.matches(element)]

    def find(self, tree: Any) -> Any:
        elements = tree.iterdescendants(*self.tags) if self.tags else tree.iterdescendants(Element)
        return next((element for element in elements if self.matches(element)), None)

    def xpath(self) -> str:
        tests = []
        for kind, attribute, *arguments in self.terms:
            attribute = "|".join(f"@{name}" for name in attribute.split("|"))
            if kind == "=":
                tests.append(f"{attribute}='{arguments[0]}'")
            elif kind == "has":
                tests.append(attribute)
            elif kind == "re":
                tests.append(f"re:test({attribute}, '{arguments[0]}'" + (f", '{arguments[1]}')" if arguments[1] else ")"))
            elif kind == "translate":
                tests.append(f"contains(translate({attribute}, '{arguments[0]}','{arguments[1]}'), '{arguments[2]}')")
            else:
                tests.append(f"{kind}({attribute}, '{arguments[0]}')")
        tags = "[" + " or ".join(f"self::{tag}" for tag in self.tags) + "]" if self.tags else ""
        path = f".//*{tags}[" + " or ".join(tests) + "]"
        return {"": path, "[1]": path + "[1]", "()[1]": f"({path})[1]"}[self.position]


def _attribute_test(kind: str, *arguments: str) -> Callable[[str | None], Any]:
    """The test of an attribute's value (None when the element has no such attribute)."""
    if kind == "has":
        return lambda value: value is not None
    if kind == "=":
        return lambda value: value == arguments[0]
    if kind == "contains":
        return lambda value: arguments[0] in (value or "")
    if kind == "starts-with":
        return lambda value: (value or "").startswith(arguments[0])
    table, substring = str.maketrans(arguments[0], arguments[1]), arguments[2]
    return lambda value: substring in (value or "").translate(table)


_CONTAINER_TAGS = ("article", "div", "main", "section")
# BODY_XPATH of the trafilatura TRAFILATURA_CHECKED, in order; None where its XPath is
# cheap (no regex) and kept.
BODY_RULES: tuple[AttributeRule | None, ...] = (
    AttributeRule(_CONTAINER_TAGS, (
        ("=", "class", "post"), ("=", "class", "entry"), ("=", "itemprop", "articleBody"), ("=", "id", "articleContent"),
        ("re", "id", "(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text", ""),
        ("re", "class", "post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper"
                        "|article-?text|articleText|(?:entry|page|text|article|art)-content|article__content"
                        "|article(?:-|__)?body|articleBody|ArticleContent|body-text|article__container", "")),
        position="[1]"),
    None,
    AttributeRule(_CONTAINER_TAGS, (
        ("=", "role", "article"), ("=", "id", "article"), ("=", "id", "story"), ("=", "class", "postarea"),
        ("=", "class", "art-postcontent"), ("=", "class", "text"), ("=", "class", "cell"), ("=", "class", "story"),
        ("re", "id", "^primary|story-body", ""), ("re", "class", "fulltext", "i"),
        ("re", "class", "^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content"
                        "|single-post|main-column|wpb_text_column|story-body|field-body", "")),
        position="()[1]"),
    AttributeRule(_CONTAINER_TAGS, (
        ("=", "id", "content"), ("=", "class", "content"), ("re", "id", "content-main|content-body|contentBody", ""),
        ("re", "class", "content[-_]main|content(?:-|__)body", ""), ("translate", "id", "CM", "cm", "main-content"),
        ("translate", "class", "CM", "cm", "main-content"), ("translate", "class", "CP", "cp", "page-content")),
        position="()[1]"),
    None,
)
# core.RAW_TREE_PRUNE_XPATH of the trafilatura TRAFILATURA_CHECKED, in order; None where
# the XPath is kept (its second condition looks for a heading inside).
RAW_TREE_PRUNE_RULES: tuple[AttributeRule | None, ...] = (
    None,
    AttributeRule(("div", "section", "aside"), (("contains", "class", "elementor-share-buttons"),)),
)
# OVERALL_DISCARD_XPATH of the trafilatura TRAFILATURA_CHECKED, in order (navigation,
# sharing, ads, widgets; hidden and comment blocks), which prune every candidate container.
OVERALL_DISCARD_RULES: tuple[AttributeRule, ...] = (
    AttributeRule(("div", "item", "list", "p", "section", "span"), (
        ("has", "data-lp-replacement-content"), ("translate", "role", "N", "n", "nav"),
        ("contains", "data-component", "MostPopularStories"), ("re", "id|class", "cookie", ""),
        ("re", "id", "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
                     "|^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related|message-container"
                     "|premium|^ad-", ""),
        ("re", "class", "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
                        "|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-|(?:^| )ad-"
                        "|dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline|Byline|share-"
                        "|sociable|embedded|embed|tag-list|consent|modal-content|permission|elated|next-|-stories"
                        "|most-popular|more-on|meta|rating|attachment|timestamp|user-info|user-profile|-icon"
                        "|article-infos|message-container|slide|viewport|overlay|options|expand|obfuscated|blurred"
                        "|mol-factbox|yin|zlylin|nfoline", ""))),
    AttributeRule(None, (
        ("=", "class", "comments-title"), ("starts-with", "id|class", "reply-"), ("re", "id|style", "hidden", ""),
        ("contains", "style", "display:none"), ("contains", "style", "display: none"),
        ("re", "id", "reader-comments|akismet", ""),
        ("re", "class", "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
                        "| hidden| hide|noprint|notloaded", ""),
        ("=", "aria-hidden", "true"))),
)


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
    infinite_scroll = core.RAW_TREE_PRUNE_XPATH[0]
    raw_prunes = RAW_TREE_PRUNE_RULES[1:]
    tree = prune_unwanted_nodes(tree, [infinite_scroll, *raw_prunes] if _INFINITE_SCROLL_CANDIDATE(tree) else raw_prunes)
    if (options.focus == "precision" or not is_forum) and _COMMENTS_CANDIDATE(tree):
        tree = prune_unwanted_nodes(tree, core.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    if options.focus == "precision" and not is_forum:
        cleaned = prune_unwanted_nodes(cleaned, core.REMOVE_COMMENTS_XPATH)
    body, text = _extract_content(cleaned, options)
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


def _extract_content(cleaned_tree: Any, options: Extractor) -> tuple[Any, str]:
    """``main_extractor.extract_content`` (trafilatura 2.3.1), with ``_extract`` below."""
    backup_tree = deepcopy(cleaned_tree)
    order = list(cleaned_tree.iter())
    result_body, temp_text, potential_tags = _extract(cleaned_tree, options)
    if len(result_body) == 0 or len(temp_text) < options.min_extracted_size:
        consumed = {twin for elem, twin in zip(order, backup_tree.iter(), strict=True) if elem.tag == "done"}
        result_body = _recover_wild_text(backup_tree, result_body, options, potential_tags, consumed)
        temp_text = " ".join(result_body.itertext()).strip()
    previous = None
    for element in list(result_body):
        current = _elem_text(element)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(element, keep_tail=False)
        else:
            previous = current
    strip_elements(result_body, "done")
    strip_tags(result_body, "div")
    for linebreak in result_body.iter("lb"):
        if (linebreak.tail and not text_chars_test(linebreak.tail)
                and not any(ancestor.tag in SPACING_PROTECTED for ancestor in linebreak.iterancestors())):
            linebreak.tail = None
    return result_body, temp_text


def _extract(tree: Any, options: Extractor) -> tuple[Any, str, set[str]]:
    """``main_extractor._extract`` (trafilatura 2.3.1) with ``BODY_RULES`` finding the
    article's container where they stand for its XPaths (and without its debug logs)."""
    potential_tags = set(TAG_CATALOG)
    if options.tables is True:
        potential_tags.update(["table", "td", "th", "tr"])
    if options.images is True:
        potential_tags.add("graphic")
    if options.links is True:
        potential_tags.add("ref")
    result_body = Element("body")
    for expr, rule in zip(BODY_XPATH, BODY_RULES, strict=True):
        subtree = rule.find(tree) if rule else next((s for s in expr(tree) if s is not None), None)
        if subtree is None:
            continue
        subtree = _prune_unwanted_sections(subtree, potential_tags, options)
        if len(subtree) == 0:
            continue
        ptest = subtree.xpath("//p//text()")
        factor = 1 if options.focus == "precision" else 3
        if not ptest or len("".join(ptest)) < options.min_extracted_size * factor:
            potential_tags.add("div")
        subelems = subtree.xpath(".//*")
        tags = {e.tag for e in subelems}
        if tags == {"lb"} or (subtree.tag == "div" and "div" in potential_tags and tags <= INLINE_FORMATTABLE | {"lb"}):
            subelems = [subtree]
        lead, start = None, len(result_body)
        if subelems != [subtree] and text_chars_test(subtree.text):
            lead = Element("p")
            lead.text = subtree.text
            lead = process_node(lead, options)
        for elem in subelems:
            if elem.getroottree().getroot() is result_body:
                continue
            tag, tail = elem.tag, elem.tail
            processed_elem = handle_textelem(elem, potential_tags, options)
            if processed_elem is not None:
                result_body.append(processed_elem)
                if elem.getroottree().getroot() is not result_body:
                    elem.tag = "done"
            if tag in REBUILT_BLOCKS and text_chars_test(tail) and (processed_elem is None or processed_elem.tail is None):
                tail_elem = Element("p")
                tail_elem.text = tail
                if process_node(tail_elem, options) is not None:
                    result_body.append(tail_elem)
        while len(result_body) > 0 and (result_body[-1].tag in NOT_AT_THE_END):
            delete_element(result_body[-1], keep_tail=False)
        if sum(e.tag != "graphic" for e in result_body) > 1:
            if lead is not None:
                result_body.insert(start, lead)
            break
    temp_text = " ".join(result_body.itertext()).strip()
    return result_body, temp_text, potential_tags


def _recover_wild_text(tree: Any, result_body: Any, options: Extractor, potential_tags: set[str],
                       consumed: set[Any]) -> Any:
    """``main_extractor.recover_wild_text`` (trafilatura 2.3.1) with ``_prune_unwanted_sections``."""
    potential_tags = set(potential_tags)  # the recall branch adds to it: not the caller's
    search_expr = ".//code|.//p|.//quote|.//table|.//div[contains(@class, 'w3-code')]"
    if options.focus == "recall":
        potential_tags.update(["div", "lb"])
        search_expr += "|.//div|.//lb|.//list"
    search_tree = _prune_unwanted_sections(tree, potential_tags, options, keep_teasers=options.fast)
    subelems = search_tree.xpath(search_expr)
    elem_texts = [_elem_text(el) for el in result_body]
    existing = "\n".join(filter(None, elem_texts))
    existing_elems = set(elem_texts)
    handled: set[Any] = set()
    for subelem in subelems:
        if (consumed and subelem in consumed) or any(a in handled for a in subelem.iterancestors()):
            continue
        processed = handle_textelem(subelem, potential_tags, options)
        if processed is None:
            continue
        if processed is subelem:
            handled.add(subelem)
        text = _elem_text(processed)
        images = {img.get("src") for img in processed.iter("graphic")}
        if not text and images and images <= {g.get("src") for g in result_body.iter("graphic")}:
            continue
        under_cap = len(existing) <= DEDUPE_SCAN_CAP
        fragment = trim(text + (processed.tail or "")) if text_chars_test(processed.tail) else ""
        if text and (
            text in existing_elems
            or (under_cap and ((len(text) > MIN_DUPLICATE_LENGTH and text in existing) or (fragment and fragment in existing)))
        ):
            continue
        result_body.append(processed)
        if under_cap:
            existing += "\n" + (fragment or text)
        existing_elems.add(text)
    return result_body


def _prune_unwanted_sections(tree: Any, potential_tags: set[str], options: Extractor, keep_teasers: bool = False) -> Any:
    """``main_extractor.prune_unwanted_sections`` (trafilatura 2.3.1) with
    ``OVERALL_DISCARD_RULES`` for its XPaths."""
    favor_precision = options.focus == "precision"
    tree = prune_unwanted_nodes(tree, OVERALL_DISCARD_RULES, with_backup=True)
    if "graphic" not in potential_tags:
        tree = prune_unwanted_nodes(tree, DISCARD_IMAGE_ELEMENTS)
    if options.focus != "recall":
        if not keep_teasers:
            tree = prune_unwanted_nodes(tree, TEASER_DISCARD_XPATH)
        if favor_precision:
            tree = prune_unwanted_nodes(tree, PRECISION_DISCARD_XPATH)
    for _ in range(2):
        tree = delete_by_link_density(tree, "div", backtracking=True, favor_precision=favor_precision)
        tree = delete_by_link_density(tree, "list", backtracking=False, favor_precision=favor_precision)
        tree = delete_by_link_density(tree, "p", backtracking=False, favor_precision=favor_precision)
    if "table" in potential_tags or favor_precision:
        # collected first: deleting a table while iterating can skip the next one
        boilerplate_tables = [elem for elem in tree.iter("table") if link_density_test_tables(elem) is True]
        for elem in boilerplate_tables:
            delete_element(elem, keep_tail=False)
    if favor_precision:
        while len(tree) > 0 and (tree[-1].tag == "head"):
            delete_element(tree[-1], keep_tail=False)
        tree = delete_by_link_density(tree, "head", backtracking=False, favor_precision=True)
        tree = delete_by_link_density(tree, "quote", backtracking=False, favor_precision=True)
    strip_tags(tree, "span", *(() if "ref" in potential_tags else ("ref",)))
    return tree


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
