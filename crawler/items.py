"""What the spider hands to the item pipelines: one fetched page that looks like an
article. The pipeline turns it into the record ``cleaners`` makes (a dict), or drops it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(repr=False)
class Page:
    """A fetched page to clean: the response as received (body decompressed by Scrapy)."""

    url: str
    body: bytes
    content_type: str | None = None
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    fetched_at: str | None = None  # ISO 8601 UTC, for the WARC record
    redirected_from: list[str] = field(default_factory=list)  # URLs redirected to this one

    def __repr__(self) -> str:  # keeps "Dropped: ..." log lines short
        return f"<Page {self.url} {len(self.body)} bytes>"
