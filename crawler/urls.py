"""URL rules of the crawl: canonical form (for requests and deduplication), which site a
URL belongs to, which links are never downloaded, and what a URL's shape says about the
page (article, listing, pagination) on typical Vietnamese news and government sites."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

# Query parameters that only track where a visitor came from.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|zarsrc|gidzl|_hsenc|_hsmi|mc_cid|mc_eid|"
    r"igshid|ref_src|cmpid)$",
    re.IGNORECASE,
)
# Files that are never pages: Scrapy's own list (archives, images, audio, video, office
# documents, pdf) plus feeds and a few more seen on .vn sites.
SKIPPED_EXTENSIONS = frozenset(IGNORED_EXTENSIONS) | {"webp", "svg", "ico", "mp4", "m4a", "apk", "exe",
                                                     "msi", "dmg", "iso", "gz", "json", "js", "css",
                                                     "woff", "woff2", "ttf", "eot", "txt"}

_ARTICLE_ID = re.compile(r"(?:-|/|post|news|^)[a-z]{0,3}\d{4,}(?:\.(?:s?html?|aspx?|php)|/?$)")
_ARTICLE_QUERY = re.compile(r"(?:^|&)(?:id|newsid|itemid|articleid|aid|nid)=\d+", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(?:19|20)\d\d[/-]\d{1,2}(?:[/-]\d{1,2})?/")
_LISTING_PATH = re.compile(
    r"/(?:tag|tags|chu-de|chuyen-muc|chuyen-de|danh-muc|category|categories|topic|topics|tim-kiem|search|"
    r"page|trang|rss|lien-he|contact|gioi-thieu|about|sitemap)(?:/|-\d+|$)",
    re.IGNORECASE,
)
# Media sections are listings as the last segment only: their stories live under them
# ("/anh/2012/05/sac-sen-ho-tay-203411.html", VnExpress's "/Photo/...").
_SECTION_PATH = re.compile(r"/(?:video|videos|photo|photos|anh|multimedia)(?:-\d+)?/?$", re.IGNORECASE)
_PAGINATION = re.compile(
    r"(?:[?&](?:page|p|trang|pageindex|pagenumber|pg)=\d+|/(?:page|trang)[/-]?\d+/?$|/p\d+/?$)",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """The form a URL is requested and remembered in: lower-case scheme and host, default
    port dropped, no fragment, no tracking parameters, other parameters sorted, no
    trailing slash (except the root)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def site_of(url: str) -> str:
    """The site a URL belongs to: its host name, with ``www.`` taken off (``www.nhandan.vn``
    and ``nhandan.vn`` are one site)."""
    return _site(urlsplit(url))


def in_sites(url: str, sites: frozenset[str]) -> bool:
    """Whether ``url`` is an http(s) URL of one of ``sites`` (as ``site_of`` names them)."""
    return _in_sites(urlsplit(url), sites)


def is_skipped_file(url: str) -> bool:
    """True for links to files that are not pages (pdf, images, video, archives, ...),
    judged by the extension alone so they are never requested."""
    return _is_file(urlsplit(url))


def is_pagination(url: str) -> bool:
    """True when the URL names a page number of a listing (``?page=2``, ``/trang-2``)."""
    return _is_pagination(urlsplit(url))


def link_kind(url: str, sites: frozenset[str]) -> str:
    """How the crawl treats a link, from one split of the URL: ``offsite``, ``not_a_page``
    (a file), ``pagination`` (of the listing it is on) or ``page``."""
    parts = urlsplit(url)
    if not _in_sites(parts, sites):
        return "offsite"
    if _is_file(parts):
        return "not_a_page"
    return "pagination" if _is_pagination(parts) else "page"


def _site(parts: SplitResult) -> str:
    return (parts.hostname or "").lower().rstrip(".").removeprefix("www.")


def _in_sites(parts: SplitResult, sites: frozenset[str]) -> bool:
    return parts.scheme in {"http", "https"} and _site(parts) in sites


def _is_file(parts: SplitResult) -> bool:
    name = parts.path.lower().rsplit("/", 1)[-1]
    if "." not in name:
        return False
    return name.rsplit(".", 1)[-1] in SKIPPED_EXTENSIONS or name.endswith(".tar.gz")


def _is_pagination(parts: SplitResult) -> bool:
    return bool(_PAGINATION.search(parts.path + ("?" + parts.query if parts.query else "")))


def url_shape(url: str) -> str | None:
    """What the URL alone says: ``"article"`` (numeric id, date in the path, or a long
    slug), ``"listing"`` (home, category, tag, search, pagination, short slug), or None."""
    parts = urlsplit(url)
    path = parts.path.lower()
    if path in {"", "/", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/home"}:
        return "listing"
    if _is_pagination(parts) or _LISTING_PATH.search(path) or _SECTION_PATH.search(path):
        return "listing"
    last = path.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"\.(?:s?html?|aspx?|php)$", "", last)
    words = [w for w in re.split(r"[-_]", slug) if w]
    if _ARTICLE_ID.search(path) and len(words) >= 3 or _ARTICLE_QUERY.search(parts.query):
        return "article"
    if _DATE_PATH.search(path) and len(words) >= 3:
        return "article"
    if len(words) >= 6:
        return "article"
    if len(words) <= 3 and not any(ch.isdigit() for ch in slug):
        return "listing"
    return None
