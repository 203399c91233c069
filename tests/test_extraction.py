"""trafilatura called our cheaper ways against trafilatura's own calls on the same trees
(the pruned trees clean_tree gives it and whole pages; synthetic, saved and articlebody
pages): extraction.extract_text (its fast extraction without the work our tree never
needs) against ``bare_extraction``, the escalation's page-length bound against its
html2txt, the prune candidates against its prune XPaths, metadata.trafilatura_author
against its ``extract_author``."""

from __future__ import annotations

import copy
import gzip
import json

import lxml.html
import pytest
import trafilatura
from trafilatura import core
from trafilatura.baseline import html2txt
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.metadata import extract_author
from trafilatura.settings import Extractor
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS, BODY_XPATH, OVERALL_DISCARD_XPATH

from cleaners.core import extraction, metadata
from cleaners.core.extraction import extract_text
from cleaners.core.metadata import trafilatura_author
from cleaners.core.pipeline import prune_page, read_html

from . import synthetic_pages
from .conftest import ARTICLEBODY, PAGES


def _trafilatura(tree, url: str | None, fast: bool, favor_precision: bool) -> str:
    extracted = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                            include_tables=True, fast=fast, favor_precision=favor_precision)
    return extracted.text if extracted is not None and extracted.text else ""


def _forum_page() -> str:
    """A thread whose posts sit in comment containers, marked as schema.org's forum post:
    trafilatura keeps such posts (its forum rule) unless it favours precision."""
    posts = "".join(f"<div class='comment'><p>{text}</p></div>" for text in synthetic_pages.BODY)
    data = json.dumps({"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Thread"})
    return (f"<html><head><script type='application/ld+json'>{data}</script></head><body><h1>Thread</h1>"
            f"<div class='comments'>{posts}</div></body></html>")


def _pages() -> list[tuple[str, bytes | str, str | None]]:
    pages = [(name, page.html, page.url) for name, page in
             (("provincial_portal", synthetic_pages.provincial_portal()),
              ("national_paper", synthetic_pages.national_paper()),
              ("photo_story", synthetic_pages.photo_story()),
              ("sidebar_teasers", synthetic_pages.sidebar_teasers()))]
    pages.append(("forum", _forum_page(), None))
    if PAGES.is_dir():
        pages += [(path.name, path.read_bytes(), None) for path in sorted(PAGES.glob("*.html"))]
    if ARTICLEBODY.is_dir():
        pages += [(path.name, gzip.decompress(path.read_bytes()), None)
                  for path in sorted((ARTICLEBODY / "html").glob("*.html.gz"))[:60]]
    return pages


def _trees() -> list[tuple[str, object, str | None]]:
    """Each page's tree as clean_tree gives it to trafilatura, and the whole page's tree."""
    trees = []
    for name, html, url in _pages():
        doc, tree = read_html(html, name, url)
        trees.append((f"{name} whole", copy.deepcopy(tree), url))
        prune_page(doc, tree)
        trees.append((f"{name} pruned", tree, doc.url))
    return trees


@pytest.fixture(scope="module")
def trees() -> list[tuple[str, object, str | None]]:
    return _trees()


@pytest.mark.parametrize("favor_precision", [False, True])
def test_the_text_is_bare_extractions_on_pruned_trees_and_whole_pages(trees, favor_precision):
    texts = []
    for name, tree, url in trees:
        ours = extract_text(copy.deepcopy(tree), url, fast=True, favor_precision=favor_precision)
        assert ours == _trafilatura(copy.deepcopy(tree), url, True, favor_precision), name
        texts.append(ours)
    assert sum(map(bool, texts)) > len(texts) // 2
    # The escalation's comparison with the page is reached (a short text) on some trees, and
    # the recovery of wild text (the main pass comes up short) on some.
    assert any(0 < len(text) < core.ESCALATION_MAX_LENGTH for text in texts)
    options = Extractor(output_format="python", fast=True, comments=False, tables=True)
    main_passes = [extraction._extract(convert_tags(tree_cleaning(copy.deepcopy(tree), options), options), options)
                   for _, tree, _ in trees]
    assert any(len(body) == 0 or len(text) < options.min_extracted_size for body, text, _ in main_passes)


def test_the_page_text_bounds_are_above_html2txts_length(trees):
    for name, tree, _ in trees:
        body = tree.find(".//body")
        body = tree if body is None else body
        length = len(html2txt(tree))
        assert extraction._page_text_bound(body) > length, name
        assert extraction._raw_page_text_bound(body) > length, name


def _rules():
    """Each attribute rule with the trafilatura XPath it stands for."""
    assert len(extraction.BODY_RULES) == len(BODY_XPATH)
    assert len(extraction.OVERALL_DISCARD_RULES) == len(OVERALL_DISCARD_XPATH)
    return [(rule, xpath) for rule, xpath in (*zip(extraction.BODY_RULES, BODY_XPATH, strict=True),
                                              *zip(extraction.RAW_TREE_PRUNE_RULES, core.RAW_TREE_PRUNE_XPATH, strict=True),
                                              *zip(extraction.OVERALL_DISCARD_RULES, OVERALL_DISCARD_XPATH, strict=True),
                                              (metadata._AUTHOR_DISCARD_RULE, AUTHOR_DISCARD_XPATHS[0]))
            if rule]


def test_the_attribute_rules_are_trafilaturas_xpaths():
    rules = _rules()
    assert len(rules) == 7
    for rule, xpath in rules:
        assert "".join(rule.xpath().split()) == "".join(xpath.path.split())


# Attribute values the rules' tests accept or refuse (anchors, case, separators, spaces).
_ATTRIBUTE_VALUES = (
    "post", "entry", "entry x", "articleBody", "articleContent", "x-entry-content", "article__content", "article-body",
    "articlebody", "article__body", "body-text", "post_text", "post-text", "postentry", "post-entry", "post_content",
    "postcontent", "postContent", "post_inner_wrapper", "article-text", "articleText", "page-content", "text-content",
    "art-content", "ArticleContent", "article__container", "article", "story", "postarea", "art-postcontent", "text",
    "cell", "primary-col", "col-primary", "story-body", "FullText", "news-fulltext", "article lead", "x article lead",
    "post-bodycopy", "storycontent", "story-content", "blog-content", "single-post", "main-column", "wpb_text_column",
    "field-body", "content", "content-main", "content_main", "content-body", "contentBody", "content__body",
    "Main-Content", "MAIN-CONTENT", "Page-Content", "page-Content", "other", "cookie-bar", "share-box", "x-share",
    "sharing", "nav", "Navigation", "navigation", "ad-slot", "x-ad-slot", "x ad-slot", "bad-slot", "dfpAd", "related",
    "breadcrumb", "bread-crumb", "hidden", "is-hidden", "x hidden", "hide-me", "x hide", "reply-1", "x-reply-1",
    "comments-title", "display:none", "display: none", "true", "article", "MostPopularStories", "yes", "",
    "comments", "Comments-box", "x-comments", "commentlist", "comment-list", "ProductReviews", "title", "date",
    "quote", "article-share", "article-support", "print", "category", "meta-date", "FigureCaption",
    "elementor-share-buttons", "x elementor-share-buttons--view")


def _first(xpath, tree):
    return next(iter(xpath(tree)), None)


def _agree(rule, xpath, tree) -> bool:
    if rule.position:
        return rule.find(tree) is _first(xpath, tree)
    return rule.find_all(tree) == xpath(tree) == rule(tree)


def test_the_attribute_rules_find_what_their_xpaths_find(trees):
    rules = _rules()
    found = {id(rule): 0 for rule, _ in rules}
    attributes = ("id", "class", "role", "itemprop", "style", "aria-hidden", "data-component", "data-lp-replacement-content")
    for tag in ("div", "section", "aside", "p", "span", "li"):
        for attribute in attributes:
            for value in _ATTRIBUTE_VALUES:
                tree = lxml.html.fromstring(f"<html><body><div><{tag} {attribute}='{value}'><p>Text</p></{tag}>"
                                            f"<!-- a comment --><div class='content'>More</div></div></body></html>")
                for rule, xpath in rules:
                    assert _agree(rule, xpath, tree), (tag, attribute, value)
                    found[id(rule)] += any(element.tag == tag for element in rule.find_all(tree))
        for first, second in (("id", "class"), ("class", "id"), ("id", "style"), ("style", "id")):
            for one, other in (("x", "cookie hidden reply-x"), ("cookie hidden reply-x", "x")):
                tree = lxml.html.fromstring(f"<html><body><div><{tag} {first}='{one}' {second}='{other}'>Text</{tag}>"
                                            f"</div></body></html>")
                for rule, xpath in rules:
                    assert _agree(rule, xpath, tree), (tag, first, one, second, other)
    assert all(found.values())
    for name, tree, _ in trees:
        for rule, xpath in rules:
            assert _agree(rule, xpath, tree), name
    assert any(rule.find_all(tree) for name, tree, _ in trees for rule in extraction.OVERALL_DISCARD_RULES)


def test_an_attribute_rule_refuses_a_test_true_of_a_missing_attribute():
    # It runs an attribute's tests only where the element has that attribute.
    with pytest.raises(ValueError, match="@class"):
        extraction.AttributeRule(("div",), (("contains", "class", ""),))
    with pytest.raises(ValueError, match="@id"):
        extraction.AttributeRule(("div",), (("re", "id", "x?", ""),))


def test_the_cheap_prune_candidates_find_something_wherever_trafilaturas_prunes_do(trees):
    found = []
    for name, tree, _ in trees:
        for candidate, prune in ((extraction._INFINITE_SCROLL_CANDIDATE, core.RAW_TREE_PRUNE_XPATH[0]),
                                 (extraction._COMMENTS_CANDIDATE, core.REMOVE_COMMENTS_AND_LISTS_XPATH[0])):
            assert candidate(tree) or not prune(tree), name
            found.append(bool(prune(tree)))
    assert any(found)


def test_default_mode_and_other_trafilatura_versions_get_bare_extraction(trees, monkeypatch):
    name, tree, url = trees[1]
    assert extract_text(copy.deepcopy(tree), url, fast=False) == _trafilatura(copy.deepcopy(tree), url, False, False)
    monkeypatch.setattr(trafilatura, "__version__", "0.0.0")
    assert extract_text(copy.deepcopy(tree), url) == _trafilatura(copy.deepcopy(tree), url, True, False), name


def test_the_author_search_is_trafilaturas(trees):
    for name, tree, _ in trees:
        for xpath, candidate in zip(AUTHOR_XPATHS, metadata._AUTHOR_CANDIDATES, strict=True):
            assert candidate(tree) or not xpath(tree), name
    authors = [trafilatura_author(tree) for _, tree, _ in trees]
    assert authors == [extract_author(tree) for _, tree, _ in trees]
    assert None in authors and any(authors)
