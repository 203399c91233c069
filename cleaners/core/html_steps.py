"""Steps on the parsed page, before trafilatura runs: prune the blocks it keeps on
Vietnamese sites (related boxes by their headings, visitor counters, licence footers),
and take photo captions out into ``captions``.

A block is never removed when it holds the article: the article container (where most
long paragraphs of the page live) and its ancestors are protected.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from lxml import etree
from lxml import html as lxml_html

from .document import Document
from .text_steps import (
    heading_key,
    is_counter_line,
    is_footer_line,
    is_related_heading,
    normalize_text,
)
from .vocabulary import CAPTION_CLASS, CAPTION_CLASS_CAMEL, CAPTION_CREDIT, COUNTER_HEADINGS, FOOTER_CLASS

PARAGRAPH_MIN_CHARS = 80
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "a", "li", "header",
                 "section", "label", "em", "i", "td", "th", "dt", "legend", "figcaption"}
_INLINE_TEXT_TAGS = frozenset({"p", "span", "font", "b", "strong", "em", "i", "h2", "h3", "h4"})
_SKIP_TAGS = {"script", "style", "noscript", "template"}


def own_text(element) -> str:
    """Text of an element without the text inside its links (one walk, no ancestor look-ups)."""
    parts: list[str] = []

    def walk(node, in_link: bool) -> None:
        in_link = in_link or node.tag == "a"
        if node.text and not in_link:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
                walk(child, in_link)
            if child.tail and not in_link:
                parts.append(child.tail)

    walk(element, False)
    return normalize_text(" ".join(parts))


def measure_text(elements: list) -> tuple[dict, dict, dict, dict]:
    """For every element, in one bottom-up pass: the non-space characters of its text (a
    cheap bound to check before any ``text_content()``), those inside links, its number
    of links, and the length of its own text (its text and its children's tails, each
    stripped)."""
    chars: dict = {}
    linked: dict = {}
    links: dict = {}
    direct: dict = {}
    # The non-space characters of a stripped text are its length less its spaces when it
    # is printable (" " is the only printable character str.split() splits on); counting
    # them so costs no new strings, unlike len("".join(text.split())).
    for element in reversed(elements):
        text = element.text
        own = total = 0
        if text:
            text = text.strip()
            if text:
                own = len(text)
                total = own - text.count(" ") if text.isprintable() else len("".join(text.split()))
        in_links = count = 0
        for child in element:
            tail = child.tail
            if tail:
                tail = tail.strip()
                if tail:
                    length = len(tail)
                    own += length
                    total += length - tail.count(" ") if tail.isprintable() else len("".join(tail.split()))
            total += chars.get(child, 0)
            in_links += linked.get(child, 0)
            count += links.get(child, 0)
        chars[element] = total
        if element.tag == "a":
            in_links, count = total, count + 1
        linked[element] = in_links
        links[element] = count
        direct[element] = own
    return chars, linked, links, direct


def element_text(element) -> str:
    """The element's text (``text_content()``) in NFC with single spaces."""
    # Most elements the steps read are leaves (links, spans) or wrappers of one (<li><a>):
    # a leaf's text is its ``.text``, and a wrapper's, one child with only white space
    # around it, is its child's once normalized (no white space takes part in an NFC
    # composition). Reading those skips text_content()'s XPath evaluation.
    while True:
        children = len(element)
        if not children:
            return normalize_text(element.text or "")
        if children > 1 or (element.text and not element.text.isspace()):
            break
        child = element[0]
        if not isinstance(child.tag, str) or (child.tail and not child.tail.isspace()):
            break
        element = child
    return normalize_text(element.text_content())


# The longest text (in visible characters) any step reads an element's text for: the
# heading, counter and footer-line rules look only at elements this short.
SHORT_MAX_CHARS = 200


class ArticleGuard:
    """Knows where the article's paragraphs are, so pruning never removes them. It measures
    the page once for every step (``measure_text``: each element's visible characters, its
    links), and knows what the steps have removed (``remove``), so that no step walks or
    reads the parts of the page already pruned."""

    def __init__(self, tree) -> None:
        # Every element once, in document order. Holding them also keeps lxml's element
        # objects alive, so later walks over the tree do not build them again.
        self.elements = list(tree.iter(etree.Element))
        self.order = {element: index for index, element in enumerate(self.elements)}
        self.chars, self.linked, self.links, direct = measure_text(self.elements)
        self.weights: Counter = Counter()
        chars = self.chars
        for element in self.elements:
            # Neither own text nor, for a paragraph, a text this long: no weight, whatever
            # the tag (most elements; their tag is not read).
            if direct[element] < PARAGRAPH_MIN_CHARS and 2 * chars[element] < PARAGRAPH_MIN_CHARS:
                continue
            tag = element.tag
            if tag in _SKIP_TAGS or tag == "a":
                continue
            if tag == "p":
                # own_text() has at most twice the characters counted (a space after
                # each), so a shorter paragraph is not read at all.
                if 2 * chars[element] < PARAGRAPH_MIN_CHARS:
                    continue
                length = len(own_text(element))
            else:
                length = direct[element]
            if length >= PARAGRAPH_MIN_CHARS:
                self.weights[element] = length
        self.total = sum(self.weights.values())
        # Paragraph text inside each element: every weight added to its ancestors once.
        self.inside: Counter = Counter()
        per_parent: Counter = Counter()
        for element, weight in self.weights.items():
            self.inside[element] += weight
            for ancestor in element.iterancestors():
                self.inside[ancestor] += weight
            # Readability's scoring: a paragraph counts fully for its parent, half for its
            # grandparent, so a body written as one <span> per <div> still finds its container.
            parent = element.getparent()
            if element.tag in _INLINE_TEXT_TAGS and parent is not None:
                per_parent[parent] += weight
                grandparent = parent.getparent()
                if grandparent is not None:
                    per_parent[grandparent] += weight / 2
            else:
                per_parent[element] += weight
        self.container = per_parent.most_common(1)[0][0] if per_parent else None
        self.protected = set()
        if self.container is not None:
            self.protected.add(self.container)
            self.protected.update(self.container.iterancestors())
        self._texts: dict = {}
        # The elements short enough for any step to read their text, in document order,
        # with their characters and tag (no step changes a tag before the last two steps).
        self._short = [(element, chars[element], element.tag, index) for index, element in enumerate(self.elements)
                       if 0 < chars[element] <= SHORT_MAX_CHARS]
        self._pruned: set = set()
        self._container_end = len(self.elements) - 1
        if self.container is not None:
            # Descendants follow their element in document order: the last one ends it.
            descendants = sum(1 for _ in self.container.iterdescendants(etree.Element))
            self._container_end = self.order[self.container] + descendants

    def share(self, element) -> float:
        """The share of the page's paragraph text inside ``element`` (as parsed)."""
        return self.inside.get(element, 0) / self.total if self.total else 0.0

    def removable(self, element) -> bool:
        return element not in self.protected and self.share(element) < 0.25

    def text(self, element) -> str:
        """``element_text``, computed once per element (the pruning steps ask again)."""
        found = self._texts.get(element)
        if found is None:
            found = self._texts[element] = element_text(element)
        return found

    def short(self, element, limit: int) -> bool:
        """True when the element has text, of at most ``limit`` visible characters."""
        return 0 < self.chars.get(element, 0) <= limit

    def short_elements(self, limit: int, tags, outside_container: bool = False) -> list:
        """The elements among ``tags`` still on the page whose text has at most ``limit``
        (up to ``SHORT_MAX_CHARS``) visible characters, in document order: what a walk of
        the page for them finds, with no walk; with ``outside_container``, only those
        outside the article's container."""
        pruned = self._pruned
        start, end = self._container_span() if outside_container else (0, -1)
        return [element for element, chars, tag, index in self._short
                if chars <= limit and tag in tags and not start <= index <= end and element not in pruned]

    def attached(self, element) -> bool:
        """False once the element, or a block around it, has been removed (``remove``)."""
        return element not in self._pruned

    def _container_span(self) -> tuple[int, int]:
        """The document-order indices of the article's container and of its last element
        (an empty span when there is none), as parsed."""
        if self.container is None:
            return 0, -1
        return self.order[self.container], self._container_end

    def container_end(self) -> int:
        """The document-order index of the last element of the article's container
        (of the page when there is none), as parsed."""
        return self._container_end

    def remove(self, element, doc: Document, step: str, reason: str) -> None:
        """Remove ``element`` from the page (``_remove``) and remember it and everything
        in it as pruned."""
        if element.getparent() is None:
            return
        self._pruned.update(element.iter())
        _remove(element, doc, step, reason)


def _link_density(element) -> float:
    total = len(element_text(element))
    if not total:
        return 0.0
    links = sum(len(normalize_text(a.text_content())) for a in element.iter("a"))
    return links / total


def _remove(element, doc: Document, step: str, reason: str) -> None:
    parent = element.getparent()
    if parent is None:
        return
    text = element_text(element)
    if text:
        doc.remove(step, reason, text)
    # Keep the tail text: it belongs to the parent, not to the removed block.
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _title_node(element):
    """Climb the wrappers of a heading whose text is the heading's text alone."""
    text = element_text(element)
    node = element
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"} or element_text(parent) != text:
            return node
        node = parent


def _block_of(heading, guard: ArticleGuard):
    """The block a heading names: climb while the parent is not the article's."""
    return _block_around(_title_node(heading), guard)


def _block_around(node, guard: ArticleGuard):
    """``node`` and the wrappers around it up to (not into) the article's blocks."""
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"} or not guard.removable(parent):
            return node
        node = parent


def _find_headings(accept, guard: ArticleGuard) -> list:
    found = []
    verdicts: dict[str, bool] = {}  # accept() of each text once: a wrapper and its link share theirs
    for element in guard.short_elements(40, _HEADING_TAGS):
        text = guard.text(element)
        if not text or len(text) > 40:
            continue
        verdict = verdicts.get(text)
        if verdict is None:
            verdict = verdicts[text] = accept(text)
        if verdict and not any(accept(guard.text(child)) for child in element):
            found.append(element)
    return found


def prune_related_blocks(tree, doc: Document, guard: ArticleGuard) -> None:
    """Remove related-article, reader-comment and link-list blocks found by their heading."""
    for heading in _find_headings(is_related_heading, guard):
        if heading.getparent() is None or not guard.attached(heading):
            continue
        title = _title_node(heading)
        block = _block_around(title, guard)
        if block is title:
            # The heading sits in the article's own container: drop it and the link
            # lists and story teasers that follow it, up to the next paragraph of text.
            sibling = block.getnext()
            guard.remove(block, doc, "prune_related", "related_block")
            while (sibling is not None and (_link_density(sibling) >= 0.6 or _is_teaser(sibling))
                   and guard.removable(sibling)):
                following = sibling.getnext()
                guard.remove(sibling, doc, "prune_related", "related_block")
                sibling = following
        else:
            guard.remove(block, doc, "prune_related", "related_block")


# A story teaser: a headline link of at least this many words, then at most a short lead.
TEASER_HEADLINE_WORDS = 4
TEASER_MAX_CHARS = 600


def _is_teaser(element) -> bool:
    """Whether ``element`` is another story's teaser: its text opens with a headline link
    standing alone in its block (``<h3><a>headline</a></h3><p>lead</p>``, not a paragraph
    that begins with a link), and it is no longer than a headline and a lead."""
    text = element_text(element)
    if not text or len(text) > TEASER_MAX_CHARS:
        return False
    for link in element.iter("a"):
        headline = normalize_text(link.text_content())
        if not headline:
            continue  # an image link
        node = _title_node(link)
        return (len(headline.split()) >= TEASER_HEADLINE_WORDS and text.startswith(headline)
                and node is not element and not (node.tail or "").strip())
    return False


def prune_visitor_counters(tree, doc: Document, guard: ArticleGuard) -> None:
    """Remove visitor-counter boxes ("Thống kê truy cập", "Đang online: 6")."""
    for heading in _find_headings(lambda t: heading_key(t) in COUNTER_HEADINGS, guard):
        if guard.attached(heading):
            guard.remove(_block_of(heading, guard), doc, "prune_counters", "visitor_counter")
    for element in guard.short_elements(60, _COUNTER_TAGS):
        if guard.attached(element) and is_counter_line(guard.text(element)) and guard.removable(element):
            guard.remove(element, doc, "prune_counters", "visitor_counter")


_COUNTER_TAGS = frozenset({"div", "li", "p", "span", "td", "tr"})
_FOOTER_LINE_TAGS = frozenset({"p", "div", "span", "li", "td"})


def prune_footers(tree, doc: Document, guard: ArticleGuard) -> None:
    """Remove the site footer (``<footer>``, a block classed or named "footer"): licence,
    editor in charge, copyright, contact lines."""
    footers = [e for e in tree.iter("footer", "div", "section", "table", "td")
               if e.tag == "footer" or class_or_id_matches(FOOTER_CLASS, e)]
    for element in footers:
        if guard.attached(element) and guard.removable(element):
            guard.remove(element, doc, "prune_footer", "footer")
    for element in guard.short_elements(200, _FOOTER_LINE_TAGS, outside_container=True):
        if not guard.attached(element) or len(element) > 3:
            continue
        text = guard.text(element)
        if text and len(text) <= 200 and is_footer_line(text):
            block = _block_of(element, guard)
            if not _holds_prose(block):
                guard.remove(block, doc, "prune_footer", "footer")


# A block around a footer line ("© ...") holding this many paragraphs of prose is part of
# the story (a post's closing section with its licence line, as Medium writes it), not
# the site's footer.
FOOTER_PROSE_PARAGRAPHS = 3
_PROSE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")


def _holds_prose(element) -> bool:
    prose = 0
    for paragraph in element.iter("p"):
        text = paragraph.text_content()
        if len(text.split()) >= PROSE_MIN_WORDS and _PROSE_END.search(text):
            prose += 1
            if prose >= FOOTER_PROSE_PARAGRAPHS:
                return True
    return False


PROSE_MIN_WORDS = 15


def class_or_id_matches(pattern: re.Pattern, element) -> bool:
    """Whether ``pattern`` (a vocabulary selector) finds its words in the element's class
    or id; an element with neither is not searched (" " holds no word to find)."""
    name, ident = element.get("class"), element.get("id")
    return (name is not None or ident is not None) and bool(pattern.search(f"{name or ''} {ident or ''}"))


def _is_caption_class(name: str) -> bool:
    return bool(CAPTION_CLASS.search(name) or CAPTION_CLASS_CAMEL.search(name))


def _looks_like_caption(text: str) -> bool:
    return 0 < len(text) <= 400


def take_captions(tree, doc: Document, guard: ArticleGuard) -> None:
    """Photo captions (figcaption, caption classes, one-image tables, credit lines next
    to images) into ``doc.captions``, out of the text."""
    candidates = list(tree.iter("figcaption"))
    for element in tree.iter(etree.Element):
        name = element.get("class")
        if name and _is_caption_class(name):
            candidates.append(element)
    for table in tree.iter("table"):
        if len(table.findall(".//img")) == 1 and len(element_text(table)) <= 400:
            candidates.extend(td for td in table.iter("td") if td.find(".//img") is None)
    for image in tree.iter("img"):
        following = _next_text_block(image)
        if following is not None and CAPTION_CREDIT.search(element_text(following)):
            candidates.append(following)
    seen = set()
    for element in candidates:
        if element in seen or not guard.attached(element):
            continue
        seen.add(element)
        text = element_text(element)
        if not _looks_like_caption(text) or element in guard.protected:
            continue
        doc.add_caption(text)
        guard.remove(element, doc, "captions", "caption")


def _next_text_block(image):
    """The block right after an image's own block (where sites put its caption)."""
    node = image
    while node.getparent() is not None and node.getnext() is None and not (node.tail or "").strip():
        node = node.getparent()
        if node.tag in {"p", "div", "figure", "td"}:
            break
    following = node.getnext()
    if following is not None and following.tag in {"p", "div", "em", "i", "span"} and len(following) <= 3:
        return following
    return None


# A box of links inside the article (a "related" list under any heading): at least this
# many links, this share of its text in links, and no more text than a box holds.
LINK_BOX_MIN_LINKS = 3
LINK_BOX_MIN_DENSITY = 0.7
LINK_BOX_MAX_CHARS = 1500


def prune_link_boxes(tree, doc: Document, guard: ArticleGuard) -> None:
    """Remove boxes of links (related headlines under a heading generic vocabulary cannot
    know: "Thông tin cập nhật về Amazon"), never the article's container or its parents."""
    for element in list(tree.iter("div", "ul", "ol", "table", "section", "aside")):
        total = guard.chars.get(element, 0)
        if (element in guard.protected or not total or total > LINK_BOX_MAX_CHARS
                or guard.links.get(element, 0) < LINK_BOX_MIN_LINKS
                or guard.linked.get(element, 0) < LINK_BOX_MIN_DENSITY * total):
            continue
        if guard.attached(element) and guard.removable(element):
            guard.remove(element, doc, "prune_link_boxes", "link_box")




def parse_html(text: str, utf8: bytes | None = None):
    """Parse a page once with lxml (the tree then goes to every step and trafilatura);
    ``utf8``: the text's UTF-8 bytes when the caller has them."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:  # one per thread: lxml parsers are not shared across threads
        parser = _PARSERS.parser = _html_parser("utf-8")
    # The decoded text is parsed as its UTF-8 bytes with the encoding fixed, whatever the
    # page declares: libxml2 reads UTF-8 natively (a str costs it a conversion, a quarter of
    # the parse), and lxml refuses a str that declares an encoding (an XHTML page's
    # <?xml version="1.0" encoding="utf-8"?>).
    return lxml_html.document_fromstring(utf8 if utf8 is not None else text.encode("utf-8"), parser=parser)


def _html_parser(encoding: str | None = None) -> lxml_html.HTMLParser:
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=False,
                                  encoding=encoding)
    # Every element is an HtmlElement (text_content() and the rest, all that we and
    # trafilatura use), chosen in C: lxml.html's default lookup calls back into Python
    # for each element object it creates, which the tree walks pay many thousand times.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    return parser


_PARSERS = threading.local()
