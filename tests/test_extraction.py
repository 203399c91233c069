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
from trafilatura.metadata import extract_author
from trafilatura.xpaths import AUTHOR_XPATHS, BODY_XPATH

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
    # The escalation's comparison with the page is reached (a short text) on some trees.
    assert any(0 < len(text) < core.ESCALATION_MAX_LENGTH for text in texts)


def test_the_page_text_bounds_are_above_html2txts_length(trees):
    for name, tree, _ in trees:
        body = tree.find(".//body")
        body = tree if body is None else body
        length = len(html2txt(tree))
        assert extraction._page_text_bound(body) > length, name
        assert extraction._raw_page_text_bound(body) > length, name


def test_the_body_rules_are_trafilaturas_body_xpaths():
    assert len(extraction.BODY_RULES) == len(BODY_XPATH)
    rules = [(rule, xpath) for rule, xpath in zip(extraction.BODY_RULES, BODY_XPATH, strict=True) if rule]
    assert len(rules) == 3
    for rule, xpath in rules:
        assert "".join(rule.xpath().split()) == "".join(xpath.path.split())


# Attribute values each test of the body rules accepts or refuses (anchors, case, separators).
_BODY_VALUES = ("post", "entry", "entry x", "articleBody", "articleContent", "x-entry-content", "article__content",
                "article-body", "articlebody", "article__body", "body-text", "post_text", "post-text", "postentry",
                "post-entry", "post_content", "postcontent", "postContent", "post_inner_wrapper", "article-text",
                "articleText", "page-content", "text-content", "art-content", "ArticleContent", "article__container",
                "article", "story", "postarea", "art-postcontent", "text", "cell", "primary-col", "col-primary",
                "story-body", "FullText", "news-fulltext", "article lead", "x article lead", "post-bodycopy",
                "storycontent", "story-content", "blog-content", "single-post", "main-column", "wpb_text_column",
                "field-body", "content", "content-main", "content_main", "content-body", "contentBody",
                "content__body", "Main-Content", "MAIN-CONTENT", "Page-Content", "page-Content", "other")


def _first(xpath, tree):
    return next(iter(xpath(tree)), None)


def test_the_body_rules_find_the_element_their_xpaths_find_first(trees):
    rules = [(rule, xpath) for rule, xpath in zip(extraction.BODY_RULES, BODY_XPATH, strict=True) if rule]
    found = 0
    for tag in ("div", "section", "p"):
        for attribute in ("id", "class", "role", "itemprop"):
            for value in _BODY_VALUES:
                tree = lxml.html.fromstring(f"<html><body><div><{tag} {attribute}='{value}'><p>Text</p></{tag}>"
                                            f"<div class='content'>More</div></div></body></html>")
                for rule, xpath in rules:
                    assert rule.find(tree) is _first(xpath, tree), (tag, attribute, value)
                    found += rule.find(tree) is not None and rule.find(tree).tag == tag
    assert found > 50
    for name, tree, _ in trees:
        for rule, xpath in rules:
            assert rule.find(tree) is _first(xpath, tree), name


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
