"""When two articles are one, decided in one place for the crawl's job state, the Redis
claim of a shared crawl and the merge of its parts: the same canonical URL (the record's
``url``, else its ``source``, in the crawl's canonical form) or the same text (the
record's ``hash``, SHA-1 of the normalised text, the key ``clean``'s dedup uses too)."""

from __future__ import annotations

from typing import NamedTuple

from .urls import canonical_url


class ArticleKeys(NamedTuple):
    """An article's two dedup keys, as strings (the field names of the Redis hash)."""

    url: str
    text: str


def article_url(record: dict) -> str:
    """The URL an article is known by across workers: its canonical URL (else its source),
    in the crawl's canonical form."""
    url = record.get("url") or record.get("source")
    return canonical_url(url) if isinstance(url, str) and url else ""


def article_keys(record: dict) -> ArticleKeys:
    """``u:`` and the article's URL, ``h:`` and its text hash."""
    return ArticleKeys("u:" + article_url(record), "h:" + str(record.get("hash") or ""))


class WrittenArticles:
    """The keys of the articles written, in memory: Python's 64-bit ``hash()`` of each, a
    third of the memory of the strings over millions of articles, and a clash too
    unlikely to lose one."""

    def __init__(self) -> None:
        self._keys: set[int] = set()
        self.count = 0

    def duplicate(self, record: dict, by_text: bool = True) -> str | None:
        """``duplicate_url`` or ``duplicate_text`` when an article written has the same
        URL or (with ``by_text``) the same text, else None."""
        keys = article_keys(record)
        if hash(keys.url) in self._keys:
            return "duplicate_url"
        if by_text and record.get("hash") and hash(keys.text) in self._keys:
            return "duplicate_text"
        return None

    def add(self, record: dict) -> None:
        """Remember an article as written."""
        keys = article_keys(record)
        self._keys.add(hash(keys.url))
        if record.get("hash"):
            self._keys.add(hash(keys.text))
        self.count += 1
