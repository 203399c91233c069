"""Code that runs in the cleaning worker processes: each fetched HTML page is decoded and
parsed once here, its links and feeds read, article or listing told apart, and an article
cleaned on the same tree, so the crawl process itself never parses a page. Imports the
``cleaners`` library and the crawl's pure URL and discovery rules, never the reactor."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners import (
    DEFAULT_LIMITS,
    DEFAULT_TONE_MARKS,
    DocumentTimeout,
    Limits,
    Result,
    clean_tree,
    in_language,
    page_metadata,
    read_html,
    time_limit,
    unexpected_error,
)

from .discovery import article_evidence, base_url, canonical_link, feed_links, page_links, sort_links
from .urls import canonical_url, in_sites, url_shape


@dataclass(frozen=True)
class PageJob:
    """A fetched page and what the crawl knows of it."""

    url: str
    body: bytes
    content_type: str | None
    came_from: frozenset[str]  # canonical URLs the crawl reached this page through
    sites: frozenset[str]  # the crawl's sites: a canonical link elsewhere is followed only there
    lang: str | None = None
    clean: bool = True  # False: links and kind only (the article limit is reached)
    limits: Limits = DEFAULT_LIMITS
    explain: bool = False  # the removed lines in the record (for the report, NEWS_REPORT)
    tone_marks: str = DEFAULT_TONE_MARKS


@dataclass
class PageReport:
    """What a page gave: its links to pages of the crawl's sites (absolute URLs; one hop
    further, and pagination of this listing), how many others it had by reason, its feeds,
    whether it is an article and why, the page of the site its ``rel=canonical`` names
    instead of it, and for an article cleaned here the cleaning Result. A page that could
    not be read has only ``result``."""

    links: list[str] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    feeds: list[str] = field(default_factory=list)
    article: bool = False
    why: str = ""
    canonical: str | None = None
    result: Result | None = None


def examine_page(job: PageJob) -> PageReport:
    """Read one fetched page as described in ``PageReport``, within the document limits;
    an article is cleaned exactly as ``python -m cleaners`` cleans the same HTML (the
    fetched URL is both ``url`` and ``source``). Never raises."""
    report = PageReport()
    try:
        with time_limit(job.limits.timeout):
            page = read_html(job.body, job.url, job.url, job.content_type, job.explain, job.limits,
                             tone_marks=job.tone_marks)
            if isinstance(page, Result):
                report.result = page
                return report
            doc, tree = page
            base = base_url(tree, job.url)
            report.links, report.pagination, report.skipped = sort_links(page_links(tree, base), job.sites)
            report.feeds = feed_links(tree, base)
            meta = page_metadata(tree, job.url)
            meta.url = _article_url(meta.url, job)
            canonical = canonical_link(tree, base)
            report.article, report.why = article_evidence(tree, job.url, meta)
            cleaned = None
            if not report.article and job.clean and url_shape(job.url) != "listing":
                # Off home, category, tag and pagination URLs a page is an article when
                # cleaning keeps its text, as ``python -m cleaners`` would (a photo story:
                # one short paragraph and photos, no article markup).
                cleaned = clean_tree(doc, tree, meta)
                if cleaned.ok:
                    report.article, report.why = True, "cleaning keeps its text as an article"
            if not report.article:
                return report
            report.canonical = _canonical_elsewhere(canonical, job)
            if report.canonical is None and job.clean:
                report.result = in_language(cleaned or clean_tree(doc, tree, meta), job.lang)
    except DocumentTimeout as error:
        report.result = Result(job.url, reason="timeout", message=str(error))
    except Exception as error:  # a bug on one page must not end the crawl
        report.result = unexpected_error(job.url, error)
    return report


def _canonical_elsewhere(target: str | None, job: PageJob) -> str | None:
    """The page's ``<link rel=canonical>`` target when it names another page of the crawl's
    sites, not a home, category or other listing, that was not how the crawl got here
    (that page is then fetched instead of this one)."""
    if target is None:
        return None
    target = canonical_url(target)
    if target == canonical_url(job.url) or target in job.came_from:
        return None
    if not in_sites(target, job.sites) or url_shape(target) == "listing":
        return None
    return target


def _article_url(named: str | None, job: PageJob) -> str:
    """The URL an article is written and deduplicated under: the one its canonical link
    or ``og:url`` names when that is a page of the crawl's sites that may be an article,
    else the fetched URL. A page naming its home, a category or another site (a template
    that gives every article the same og:url) must not merge distinct articles."""
    if named and in_sites(named, job.sites) and url_shape(named) != "listing":
        return named
    return job.url
