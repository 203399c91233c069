"""What the spider hands to the item pipelines: one fetched article page with what
cleaning it gave. The pipeline passes on its record (the dict ``cleaners`` makes) or
drops it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners import Result


@dataclass(repr=False)
class Page:
    """A fetched article page: the response as received (body decompressed by Scrapy) and
    the Result of cleaning it (None when it was not cleaned: the article limit was reached)."""

    url: str
    body: bytes
    content_type: str | None = None
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    fetched_at: str | None = None  # ISO 8601 UTC, for the WARC record
    redirected_from: list[str] = field(default_factory=list)  # URLs redirected to this one
    result: Result | None = None

    def __repr__(self) -> str:  # keeps "Dropped: ..." log lines short
        return f"<Page {self.url} {len(self.body)} bytes>"
