"""Page metadata from machine-readable markup: canonical URL, headline, publication date
with its time, author and publisher, from JSON-LD, Open Graph and meta tags, ``<time>``.
The visible date line is read by ``html_structure.find_date_line``, visible bylines by
the text steps."""

from __future__ import annotations

import html
import json
import re
from copy import deepcopy
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree

from . import dates
from .extraction import TRAFILATURA_CHECKED, AttributeRule
from .text_steps import normalize_text
from .vocabulary import BYLINE_LABEL_IN_AUTHOR

_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "date",
    "article:modified_time",
)
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"}


@dataclass
class PageMetadata:
    url: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    is_article: bool = False


def _meta(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = element.get("content")
        if key and content and key not in found:
            found[key] = content.strip()
    return found


def _json_ld(tree) -> list[dict]:
    items: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, dict):
                items.append(value)
                if "@graph" in value:
                    stack.append(value["@graph"])
    return items


def _types(item: dict) -> set[str]:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _name(value) -> str | None:
    if isinstance(value, list):
        names = [_name(v) for v in value]
        names = [n for n in names if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return normalize_text(html.unescape(value))
    return None


def _h1_title(tree, hint: str | None, sitename: str | None) -> str | None:
    """The ``<h1>`` that is the headline: the one matching ``hint`` (the markup's or the
    ``<title>``'s headline) once the site's name is cut off it, else the only ``<h1>``
    that is not the site's name (a logo ``<h1>`` on old photo-story pages names the site,
    which the ``<title>`` has after its separator)."""
    headings = [normalize_text(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if 2 <= len(h.split()) and len(h) <= 300]
    if not headings:
        return None
    if hint:
        headline = _strip_site_suffix(normalize_text(hint), sitename).lower()
        for heading in headings:
            if heading.lower() in headline or headline in heading.lower():
                return heading
        headings = [h for h in headings if h.lower() not in hint.lower()]
    if sitename:
        headings = [h for h in headings if h.lower() != sitename.lower()]
    return headings[0] if len(headings) == 1 else None


def _strip_site_suffix(title: str, sitename: str | None) -> str:
    for separator in (" | ", " - ", " – ", " — "):
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if sitename and sitename.lower() in tail.lower() or len(tail.split()) <= 4:
                return head.strip()
    return title


def page_metadata(tree, url: str | None) -> PageMetadata:
    """Everything the page's markup says about the article."""
    meta = _meta(tree)
    result = PageMetadata()
    for item in _json_ld(tree):
        if _types(item) & _ARTICLE_TYPES:
            result.is_article = True
            result.date = result.date or dates.parse_iso(item.get("datePublished"))
            result.author = result.author or _name(item.get("author"))
            result.sitename = result.sitename or _name(item.get("publisher"))
            headline = item.get("headline")
            if isinstance(headline, str) and headline.strip():
                result.title = result.title or normalize_text(headline)
    if meta.get("og:type", "").lower() == "article" or "article:published_time" in meta:
        result.is_article = True
    for key in _DATE_META:
        if result.date:
            break
        result.date = dates.parse_iso(meta.get(key))
    if not result.date:
        for element in tree.iter("time"):
            result.date = dates.parse_iso(element.get("datetime"))
            if result.date:
                break
    result.sitename = result.sitename or (normalize_text(meta["og:site_name"]) if meta.get("og:site_name") else None)

    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            result.url = urljoin(url or "", element.get("href").strip())
            break
    if not result.url and meta.get("og:url"):
        result.url = urljoin(url or "", meta["og:url"])
    if result.url and not result.url.startswith(("http://", "https://")):
        result.url = None

    hint = result.title or meta.get("og:title")
    if not hint:
        title_element = tree.find(".//title")
        hint = normalize_text(title_element.text_content()) if title_element is not None else None
    result.title = _h1_title(tree, hint, result.sitename) or (_strip_site_suffix(normalize_text(hint), result.sitename)
                                            if hint else None)
    return result


def _any_value(tests: str, attribute: str, tokens: tuple[str, ...]) -> str:
    """XPath test of an attribute value: ``tests`` is "=", "contains" or "starts-with"."""
    if tests == "=":
        return f"//@{attribute}[" + " or ".join(f". = '{token}'" for token in tokens) + "]"
    return f"//@{attribute}[" + " or ".join(f"{tests}(., '{token}')" for token in tokens) + "]"


# For each of trafilatura's author XPaths (``xpaths.AUTHOR_XPATHS`` of the trafilatura
# ``TRAFILATURA_CHECKED``), in order: an XPath that finds something wherever that one
# would, with no regex callback (its exact values, its regexes' case-sensitive strings,
# its tags through the attribute's parent), at a fifth to a tenth of its cost.
_TAGS_1 = "parent::*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong]"
_TAGS_2 = "parent::*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]"
_AUTHOR_CANDIDATES = [etree.XPath(f"boolean({' | '.join(paths)})") for paths in (
    ["//author", "//rel",
     *(f"{path}/{_TAGS_1}" for path in (
         _any_value("=", "rel", ("author",)), _any_value("=", "id", ("author",)),
         _any_value("=", "class", ("author",)), _any_value("contains", "class", ("author-name", "authorname", "uthorName")),
         _any_value("=", "itemprop", ("author name",)), _any_value("=", "data-testid", ("AuthorCard", "AuthorURL"))))],
    [f"{path}/{_TAGS_2}" for path in (
        _any_value("=", "class", ("byline", "username", "byl", "BBL")),
        _any_value("contains", "class", ("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by",
                                         "posted-by", "journalist-name")),
        _any_value("contains", "itemprop", ("author",)),
        _any_value("contains", "id", ("author", "zuozhe", "bianji", "xiaobian")))],
    [_any_value("contains", "data-component", ("Byline",)), _any_value("contains", "itemprop", ("author",)),
     _any_value("contains", "id", ("uthor",)),
     _any_value("contains", "class", ("uthor", "screenname", "writer", "yline"))],
)]


# AUTHOR_DISCARD_XPATHS of the trafilatura TRAFILATURA_CHECKED, in order: comment, title,
# date, sharing and figure blocks, the first with its regexes tested in Python (a third of
# the XPath's cost).
_AUTHOR_DISCARD_RULE = AttributeRule(("a", "div", "section", "span"), (
    ("=", "id", "comments"), ("=", "class", "comments"), ("=", "class", "title"), ("=", "class", "date"),
    ("re", "id", "^comments|comment-?list|ProductReviews", ""),
    ("re", "class", "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
                    "|article-(?:share|support)|print|category|meta-date|meta-reviewer", ""),
    ("contains", "data-component", "Figure")))


def trafilatura_author(tree) -> str | None:
    """trafilatura's author search (``metadata.extract_author``: a copy of the page pruned
    of comments, dates and figures, then its author XPaths in turn, which call a Python
    regex on every element's class and id), with only the XPaths that can match something
    on the page, and none at all when none can (pruning a copy takes nothing a match needs),
    and the pruning's regexes tested in Python."""
    from trafilatura import metadata as traf
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    if trafilatura.__version__ != TRAFILATURA_CHECKED:
        return traf.extract_author(tree)
    possible = [xpath for xpath, candidate in zip(AUTHOR_XPATHS, _AUTHOR_CANDIDATES, strict=True) if candidate(tree)]
    if not possible:
        return None
    discard = (_AUTHOR_DISCARD_RULE, *AUTHOR_DISCARD_XPATHS[1:])
    author = traf.extract_metainfo(prune_unwanted_nodes(deepcopy(tree), discard), possible, len_limit=120)
    return normalize_authors(None, author) if author else author


def trafilatura_fallback(tree, url: str | None, *, title: bool, author: bool, date: bool,
                         sitename: bool, date_params: dict) -> PageMetadata:
    """trafilatura's own metadata search, run only for the fields asked for (those the
    markup left empty), with the same steps and in the same order as its
    ``extract_metadata``: its author search (a copy of the whole page searched with broad
    XPaths), date search (htmldate), categories, tags and licence are the costliest parts
    of a page's extraction, and most pages need none of them."""
    if not (title or author or date or sitename):
        return PageMetadata()
    from htmldate import find_date
    from trafilatura import metadata as traf

    found = traf.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = traf.extract_meta_json(tree, found)
    except Exception:  # trafilatura guards its JSON-LD reader the same way
        pass
    if title and not found.title:
        found.title = traf.extract_title(tree)
    if author and not found.author:
        found.author = trafilatura_author(tree)
    if date or sitename:
        if not found.url:
            found.url = traf.extract_url(tree, url)
    if date:
        found.date = find_date(tree, **{**date_params, "url": found.url})
    if sitename:
        if not found.sitename:
            found.sitename = traf.extract_sitename(tree)
        if found.sitename:
            found.sitename = found.sitename.lstrip("@")
            if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
                found.sitename = found.sitename.title()
        elif found.url and (match := traf.META_URL.match(found.url)):
            found.sitename = match[1]
    found.clean_and_trim()
    return PageMetadata(url=found.url, title=found.title if title else None,
                        date=found.date if date else None, author=found.author if author else None,
                        sitename=found.sitename if sitename else None)


_SOURCE_PREFIX = re.compile(r"^\s*(?:theo|nguồn)\s*[:：]?\s+", re.IGNORECASE)
_LETTERS = re.compile(r"[\W_]+")
_HOST_WORDS = frozenset({"www", "m", "com", "net", "org", "gov", "edu", "vn", "info", "news"})


def author_name(value: str | None) -> str | None:
    """An author string without a byline label left at its start (trafilatura reads
    "Tin, ảnh: Thu Hằng" as "Tin; Ảnh Thu Hằng")."""
    if not value:
        return None
    return BYLINE_LABEL_IN_AUTHOR.sub("", value).strip() or None


def person_author(author: str | None, sitename: str | None, url: str | None) -> str | None:
    """The markup's author unless it is the publisher itself ("VnExpress" on vnexpress.net,
    "Báo VnExpress"); a source attribution prefix ("Theo ...", according to) and a byline
    label ("Tin, ảnh:") are dropped."""
    if not author:
        return None
    author = author_name(_SOURCE_PREFIX.sub("", author))
    if author is None:
        return None
    key = _LETTERS.sub("", author.lower())
    labels = ((urlsplit(url).hostname or "") if url else "").split(".")
    names = [sitename or ""] + [label for label in labels if label not in _HOST_WORDS]
    return None if len(key) >= 4 and any(key in _LETTERS.sub("", n.lower()) for n in names if n) else author
