"""Where article URLs come from: a page's links, sitemaps (indexes, news sitemaps,
gzipped), RSS and Atom feeds; and whether a fetched page is an article or a listing."""

from __future__ import annotations

import email.utils
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from cleaners import PageMetadata, page_metadata, parse_iso

from .urls import link_kind, url_shape

# One block of running text this long (characters, outside links) marks an article.
LONG_BLOCK_CHARS = 600
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml"}
_FEED_HREF = re.compile(r"(?:\.rss|\.atom|/rss|/feed|\.xml)/?$", re.IGNORECASE)
_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True,
                              remove_pis=True, huge_tree=False)


@dataclass(frozen=True)
class Entry:
    """A URL listed by a sitemap or feed, with its publication date when given."""

    url: str
    date: str | None = None


def _local(tag) -> str:
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def parse_xml(body: bytes):
    """The root element of an XML document (sitemap or feed), or None."""
    try:
        root = etree.fromstring(body.lstrip(), parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def xml_kind(root) -> str | None:
    """``sitemapindex``, ``urlset``, ``rss`` or ``feed`` (Atom) for a parsed document."""
    kind = _local(root.tag) if root is not None else ""
    if kind == "rdf":
        return "rss"
    return kind if kind in {"sitemapindex", "urlset", "rss", "feed"} else None


def _child_text(element, *names: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def sitemap_entries(root) -> list[Entry]:
    """Every ``<loc>`` of a sitemap or sitemap index, with the news publication date or
    ``lastmod`` when present."""
    entries = []
    for element in root:
        if _local(element.tag) not in {"url", "sitemap"}:
            continue
        loc = None
        for child in element:
            if _local(child.tag) == "loc" and child.text:
                loc = child.text.strip()
        if loc:
            date = _child_text(element, "publication_date") or _child_text(element, "lastmod")
            entries.append(Entry(loc, parse_iso(date) if date else None))
    return entries


def _feed_date(text: str | None) -> str | None:
    if not text:
        return None
    parsed = parse_iso(text)
    if parsed:
        return parsed
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def feed_entries(root) -> list[Entry]:
    """The item links of an RSS (0.9x, 1.0, 2.0) or Atom feed, with their dates."""
    entries = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":
            link = _child_text(element, "link") or _child_text(element, "guid")
            date = _child_text(element, "pubdate", "date", "published")
        elif name == "entry":
            links = [c for c in element if _local(c.tag) == "link" and c.get("href")]
            chosen = [c for c in links if c.get("rel", "alternate") == "alternate"] or links
            link = chosen[0].get("href").strip() if chosen else None
            date = _child_text(element, "published", "updated")
        else:
            continue
        if link and link.startswith(("http://", "https://", "/")):
            entries.append(Entry(link, _feed_date(date)))
    return entries


def base_url(tree, url: str) -> str:
    """What a page's relative links (``<a>``, ``<area>``, ``<link>``) are resolved against:
    its ``<base href>``, else its URL."""
    for element in tree.iter("base"):
        if element.get("href"):
            return urljoin(url, element.get("href").strip())
    return url


def feed_links(tree, base: str) -> list[str]:
    """The feeds a page links to, as absolute URLs resolved against ``base`` (the page's
    ``base_url``): ``<link rel=alternate type=application/rss+xml>`` and ``<a href>`` ending
    in ``.rss`` or ``/rss``, ``/feed``, ``.atom``."""
    found = []
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES and element.get("href"):
            found.append(urljoin(base, element.get("href").strip()))
    for element in tree.iter("a"):
        href = (element.get("href") or "").strip()
        if _FEED_HREF.search(href.split("?")[0]) and "sitemap" not in href.lower():
            found.append(urljoin(base, href))
    return found


_NOT_PAGE_SCHEMES = ("javascript:", "mailto:", "tel:", "sms:", "data:", "#")


def page_links(tree, base: str) -> list[str]:
    """The absolute URLs of a page's ``<a href>`` and ``<area href>``, once each, in page
    order: resolved against ``base`` (the page's ``base_url``), without fragments or links
    that never lead to a page (``javascript:``, ``mailto:``, ``tel:``, ``#top``)."""
    join = Joiner(base)
    found: dict[str, None] = {}
    for element in tree.iter("a", "area"):
        href = element.get("href")
        if not href:
            continue
        href = href.strip()
        if not href or href.lower().startswith(_NOT_PAGE_SCHEMES):
            continue
        found[join(href).partition("#")[0]] = None
    return list(found)


class Joiner:
    """``urljoin(base, href)`` for the many links of one page: an absolute http(s) link with
    a host is kept as written and a root-relative one (``/path``, no dot segments) is put after the
    base's origin without parsing either; anything else goes to ``urljoin``. Both short
    cuts give the URL ``urljoin`` gives, up to what ``canonical_url`` makes equal."""

    def __init__(self, base: str) -> None:
        self.base = base
        parts = urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else None

    def __call__(self, href: str) -> str:
        # urljoin drops tabs and newlines anywhere in it, and an empty query or fragment, which
        # can leave a space at the end for canonical_url to strip
        if href.isprintable() and " " not in href:
            if href.startswith(("http://", "https://")) and href.partition("//")[2][:1] not in {"", "/", "?", "#"}:
                return href
            if self.origin and href.startswith("/") and not href.startswith("//") and "/." not in href:
                return self.origin + href
        return urljoin(self.base, href)


def sort_links(urls: list[str], sites: frozenset[str]) -> tuple[list[str], list[str], Counter]:
    """A page's links worth requesting, as (links one hop further, pagination of this
    listing: no hop), and how many others were ``offsite`` or ``not_a_page`` (files)."""
    further, pagination, skipped = [], [], Counter()
    for url in urls:
        kind = link_kind(url, sites)
        if kind == "page":
            further.append(url)
        elif kind == "pagination":
            pagination.append(url)
        else:
            skipped[kind] += 1
    return further, pagination, skipped


def canonical_link(tree, base: str) -> str | None:
    """The absolute URL of the page's first ``<link rel=canonical href>`` (resolved against
    ``base``, the page's ``base_url``), or None."""
    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            return urljoin(base, element.get("href").strip())
    return None


def longest_block(tree) -> int:
    """Characters of the longest run of paragraph text under one parent, counting only
    text outside links (a teaser list of linked titles gives little)."""
    best = 0
    totals: dict = {}
    for paragraph in tree.iter("p"):
        text = "".join(paragraph.itertext())
        linked = sum(len("".join(a.itertext())) for a in paragraph.iter("a"))
        length = len(text.strip()) - linked
        if length < 40:
            continue
        parent = paragraph.getparent()
        totals[parent] = totals.get(parent, 0) + length
        best = max(best, totals[parent])
    return best


def article_evidence(tree, url: str, meta: PageMetadata | None = None) -> tuple[bool, str]:
    """Whether a page is an article, and why: markup that says so (og:type article,
    article:published_time, JSON-LD NewsArticle; from ``meta`` when the caller has read
    ``page_metadata``), the URL's shape, one long text block. A listing-shaped URL needs
    both markup and a long block (markup alone is not trusted on a home or category URL);
    an article-shaped URL needs half the block."""
    marked = (meta or page_metadata(tree, url)).is_article
    shape = url_shape(url)
    long_block = longest_block(tree) >= (LONG_BLOCK_CHARS // 2 if shape == "article" else LONG_BLOCK_CHARS)
    if shape == "listing":
        return (marked and long_block), "listing URL" + (" with article markup and text" if marked else "")
    if marked:
        return True, "article markup"
    if long_block:
        return True, "long text block" + (" and article URL" if shape == "article" else "")
    return False, "no article markup and no long text block"
