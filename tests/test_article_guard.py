"""ArticleGuard's one measuring pass, which the page steps look things up in instead of
walking the page again: its figures are those a walk of the page gives, on the saved
pages and on the synthetic ones, before and after a step removes a block."""

from __future__ import annotations

from lxml import etree

from cleaners.core.document import Document
from cleaners.core.html_steps import ArticleGuard, element_text, parse_html
from cleaners.core.text_steps import normalize_text

from .synthetic_pages import national_paper, provincial_portal, sidebar_teasers

_TAG_SETS = (
    {"h2", "h3", "div", "span", "a", "li"},
    {"div", "li", "p", "span", "td", "tr"},
    {"p", "div", "span"},
)


def _synthetic_trees() -> list:
    return [parse_html(page.html) for page in (provincial_portal(), national_paper(), sidebar_teasers())]


def _saved_trees(pages_dir) -> list:
    return [
        parse_html(path.read_bytes().decode("utf-8", "replace")) for path in sorted(pages_dir.glob("*.html"))
    ]


def _visible(text: str) -> int:
    return len("".join(text.split()))


def _walked(tree, parsed: dict, limit: int, tags: set) -> list:
    """What the steps walked the page for before the guard kept it: the elements of
    ``tags`` on the page with 1 to ``limit`` visible characters as parsed (``parsed``),
    in document order."""
    return [e for e in tree.iter(*tags) if 0 < parsed[e] <= limit]


def _check_measures(tree) -> None:
    guard = ArticleGuard(tree)
    for element in tree.iter(etree.Element):
        assert guard.chars[element] == _visible(element.text_content())
        links = [a for a in element.iter("a") if next(a.iterancestors("a"), None) is None]
        assert guard.links[element] == sum(1 for _ in element.iter("a"))
        assert guard.linked[element] == sum(_visible(a.text_content()) for a in links)
        assert element_text(element) == normalize_text(element.text_content())


def test_the_measures_are_those_of_each_elements_text_on_the_saved_pages(pages_dir):
    for tree in _saved_trees(pages_dir):
        _check_measures(tree)


def test_white_space_of_every_kind_is_not_counted_and_other_characters_are():
    tree = parse_html(
        "<html><body><div id='box'>\u00a0Tin\u2009mới\tnhất <a href='/a'>Xem\u3000thêm\u00a0</a>"
        "<p>\u200bĐang\u202fonline: 6</p>\x85tail</div></body></html>"
    )
    _check_measures(tree)
    guard = ArticleGuard(tree)
    box = tree.get_element_by_id("box")
    # "Tin", "mới", "nhất", "Xem", "thêm", the zero-width space (not white space to
    # str.split), "Đang", "online:", "6", "tail".
    assert guard.chars[box] == len("Tinmớinhất") + len("Xemthêm") + len("\u200bĐangonline:6") + len("tail")
    assert guard.linked[box] == len("Xemthêm")


def test_short_elements_are_what_a_walk_finds_before_and_after_a_removal(pages_dir):
    for tree in _saved_trees(pages_dir) + _synthetic_trees():
        parsed = {e: _visible(e.text_content()) for e in tree.iter(etree.Element)}
        guard = ArticleGuard(tree)
        for limit, tags in zip((40, 60, 200), _TAG_SETS, strict=True):
            assert guard.short_elements(limit, tags) == _walked(tree, parsed, limit, tags)
        # A step removes the page's first block of links: its elements are no longer found.
        block = next(
            e for e in tree.iter("ul", "nav", "div", "table") if guard.removable(e) and guard.links[e] >= 2
        )
        inside = set(block.iter())
        guard.remove(block, Document(source="guard"), "test", "link_box")
        assert block.getparent() is None
        for limit, tags in zip((40, 60, 200), _TAG_SETS, strict=True):
            found = guard.short_elements(limit, tags)
            assert found == _walked(tree, parsed, limit, tags)
            assert not inside.intersection(found)
        assert not any(guard.attached(e) for e in inside)
        assert all(guard.attached(e) for e in tree.iter())


def test_outside_the_container_leaves_out_exactly_the_articles_container(pages_dir):
    for tree in _saved_trees(pages_dir) + _synthetic_trees():
        guard = ArticleGuard(tree)
        assert guard.container is not None
        article = set(guard.container.iter())
        everywhere = guard.short_elements(200, _TAG_SETS[2])
        outside = guard.short_elements(200, _TAG_SETS[2], outside_container=True)
        assert outside == [e for e in everywhere if e not in article]
        assert len(outside) < len(everywhere)
        last = guard.elements[guard.container_end()]
        assert last in article and (
            guard.container_end() + 1 == len(guard.elements)
            or guard.elements[guard.container_end() + 1] not in article
        )


def test_a_removal_logs_the_blocks_text_once_and_keeps_its_tail():
    tree = parse_html(
        "<html><body><div><p>Bài viết chính của trang.</p><div id='c'>Đang online: 6</div>"
        "đuôi văn bản</div></body></html>"
    )
    guard = ArticleGuard(tree)
    doc = Document(source="guard")
    counter = tree.get_element_by_id("c")
    guard.remove(counter, doc, "prune_counters", "visitor_counter")
    guard.remove(counter, doc, "prune_counters", "visitor_counter")  # already gone: nothing more
    assert [(r.step, r.reason, r.text) for r in doc.removals] == [
        ("prune_counters", "visitor_counter", "Đang online: 6")
    ]
    # The removed block's tail is the parent's text: it joins the paragraph's tail.
    assert tree.find(".//p").tail == "đuôi văn bản"
    assert normalize_text(tree.find(".//body").text_content()) == "Bài viết chính của trang.đuôi văn bản"
