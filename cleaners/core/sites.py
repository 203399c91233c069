"""Site profiles: what generic rules cannot know about one domain, kept as data.

A profile is a TOML file in ``cleaners/core/profiles/`` (package data: an installed package has
them; ``VNCLEAN_SITES`` names another folder), one per domain, for example::

    domains = ["vnexpress.net"]
    sitename = "VnExpress"
    prune_xpaths = ["//div[contains(@class, 'box-tinlienquan')]"]
    caption_xpaths = ["//p[@class='Image']"]
    lead_xpaths = ["//div[@class='sapo']"]   # the lead, when generic rules miss it
    byline_patterns = ['^(?P<name>[^,]{3,40})$']   # applied to the last body line
    drop_line_patterns = ['^Video: ']
    fast = true                # default: trafilatura without its fallback extractors (false: with)
    favor_precision = false

A profile never names one article's text: only the site's structure and conventions.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .document import Document

DEFAULT_DIR = Path(__file__).resolve().parent / "profiles"


@dataclass
class SiteProfile:
    name: str
    domains: list[str]
    sitename: str | None = None
    prune_xpaths: list[etree.XPath] = field(default_factory=list)
    caption_xpaths: list[etree.XPath] = field(default_factory=list)
    lead_xpaths: list[etree.XPath] = field(default_factory=list)
    byline_patterns: list[re.Pattern] = field(default_factory=list)
    drop_line_patterns: list[re.Pattern] = field(default_factory=list)
    fast: bool = True
    favor_precision: bool = False

    def prune(self, tree, doc: Document) -> None:
        """Note the profile's lead, take its captions out, then remove its boilerplate blocks."""
        from .html_steps import _remove, element_text, own_text

        for xpath in self.lead_xpaths:
            found = xpath(tree)
            if found and not doc.lead:
                doc.lead = own_text(found[0]) or None

        for xpath in self.caption_xpaths:
            for element in xpath(tree):
                text = element_text(element)
                if text:
                    doc.add_caption(text)
                _remove(element, doc, f"site:{self.name}", "caption")
        for xpath in self.prune_xpaths:
            for element in xpath(tree):
                _remove(element, doc, f"site:{self.name}", "site_boilerplate")

    def boilerplate_line(self, line: str) -> str | None:
        """``site_boilerplate`` for a line one of the profile's drop patterns matches."""
        return "site_boilerplate" if any(p.search(line) for p in self.drop_line_patterns) else None

    def after_text(self, doc: Document) -> None:
        """Apply the profile's line rules: drop patterns, then a closing byline."""
        doc.drop_lines(f"site:{self.name}", self.boilerplate_line)
        if doc.lines and self.byline_patterns:
            for pattern in self.byline_patterns:
                match = pattern.search(doc.lines[-1])
                if match:
                    doc.author = doc.author or match.groupdict().get("name", "").strip() or None
                    doc.remove(f"site:{self.name}", "byline", doc.lines.pop())
                    break


def _load(path: Path) -> SiteProfile:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        return SiteProfile(
            name=path.stem,
            domains=[d.lower() for d in data.get("domains", [path.stem])],
            sitename=data.get("sitename"),
            prune_xpaths=[etree.XPath(x) for x in data.get("prune_xpaths", [])],
            caption_xpaths=[etree.XPath(x) for x in data.get("caption_xpaths", [])],
            lead_xpaths=[etree.XPath(x) for x in data.get("lead_xpaths", [])],
            byline_patterns=[re.compile(p) for p in data.get("byline_patterns", [])],
            drop_line_patterns=[re.compile(p) for p in data.get("drop_line_patterns", [])],
            fast=bool(data.get("fast", True)),
            favor_precision=bool(data.get("favor_precision", False)),
        )
    except (etree.XPathSyntaxError, re.error) as error:
        raise ValueError(f"site profile {path}: {error}") from None


@lru_cache(maxsize=4)
def load_profiles(directory: str | None = None) -> dict[str, SiteProfile]:
    """All profiles of a folder, by domain."""
    folder = Path(directory or os.environ.get("VNCLEAN_SITES") or DEFAULT_DIR)
    profiles: dict[str, SiteProfile] = {}
    if not folder.is_dir():
        return profiles
    for path in sorted(folder.glob("*.toml")):
        profile = _load(path)
        for domain in profile.domains:
            profiles[domain] = profile
    return profiles


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def profile_for(url: str | None) -> SiteProfile | None:
    """The profile for a URL's domain (or a parent domain), if there is one."""
    host = domain_of(url)
    if not host:
        return None
    profiles = load_profiles()
    parts = host.split(".")
    for start in range(len(parts) - 1):
        profile = profiles.get(".".join(parts[start:]))
        if profile:
            return profile
    return None
