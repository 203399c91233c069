"""Cross-document evidence: a line that recurs in many text documents of one host in a
run is the site's template (menus, slogans, promos, footers), after CCNet's paragraph
deduplication, here per host.

A first pass over the run's text documents counts, per host, how many documents hold
each line (once per document), in one bounded table of 64-bit hashes: when it is full,
the entries seen in one document only are dropped first (lossy counting), so memory
stays bounded on runs of millions of documents and the lines that recur survive. The
cleaning pass then gives each document of a host with enough documents the set of its
lines that recur, and the step ``template_lines`` (``cleaners/core/template_lines.py``)
removes them. Deterministic: the same inputs in the same order give the same table.

The host is the URL's host (``www.`` dropped); a document without a URL counts under its
file (a JSONL, WARC or WET file's records) or its folder (``.txt`` files).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from ..core.limits import Limits
from ..core.sites import domain_of
from ..core.template_lines import line_key
from ..core.text_page import is_sentence_line
from .inputs import InputError, Task, expand, kind_of, read_inputs

# A host needs this many documents in the run for its lines to be compared, and a line
# must stand in this many of them to be template.
MIN_DOCUMENTS = 5
MIN_REPEATS = 3
# Entries of the count table (about 100 bytes each in CPython: 100 MB at this size).
MAX_ENTRIES = 1_000_000


def host_of(task: Task) -> str:
    """The host a document counts under: its URL's, else its file's or folder's."""
    host = domain_of(task.url)
    if host:
        return host
    path, hash_mark, _ = task.source.partition("#")
    return "file:" + (path if hash_mark else os.path.dirname(os.path.abspath(path)))


def _hash(host: str, key: str | None = None) -> int:
    text = host if key is None else f"{host}\n{key}"
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"
    )


class TemplateCounter:
    """Documents per host and per (host, line), in at most ``max_entries`` entries."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.counts: dict[int, int] = {}
        self.pruned = 0

    def add(self, host: str, text: str) -> None:
        """Count one document of ``host``: the host once, each distinct line once."""
        keys = {_hash(host, key) for key in map(line_key, text.splitlines()) if key}
        for key in (_hash(host), *sorted(keys)):
            self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.counts) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        """Drop the least counted entries until the table is at most half full."""
        floor = 1
        while len(self.counts) > self.max_entries // 2:
            self.counts = {key: count for key, count in self.counts.items() if count > floor}
            floor += 1
        self.pruned += 1

    def template(self, host: str, text: str) -> frozenset[str]:
        """The line keys of ``text`` that recur in enough documents of ``host``; none when
        they would take half of its running text or more: then the document is a copy
        of others (exact or near duplicates are the dedup's to report), not the template
        around an article."""
        if self.counts.get(_hash(host), 0) < MIN_DOCUMENTS:
            return frozenset()
        keys, recurring, prose = set(), 0, 0
        for line in text.splitlines():
            key = line_key(line)
            if not key:
                continue
            weight = len(key) if is_sentence_line(key) else 0
            prose += weight
            if self.counts.get(_hash(host, key), 0) >= MIN_REPEATS:
                keys.add(key)
                recurring += weight
        return frozenset() if prose and 2 * recurring >= prose else frozenset(keys)


def count_documents(tasks: Iterable[Task | InputError], max_entries: int = MAX_ENTRIES) -> TemplateCounter:
    """The first pass: every text document of ``tasks`` counted under its host."""
    counter = TemplateCounter(max_entries)
    for task in tasks:
        if isinstance(task, Task) and task.kind == "text":
            counter.add(host_of(task), task.payload)
    return counter


def _holds_text(path: str) -> bool:
    kind = kind_of(path)
    return kind in {"text", "jsonl"} or kind == "warc" and path.lower().endswith((".wet", ".wet.gz"))


def first_pass(
    specs: list[str], limits: Limits, exclude: Iterable[str] = (), keep=None, max_entries: int = MAX_ENTRIES
) -> TemplateCounter:
    """Count the text documents of the inputs: text, JSONL and WET files (HTML pages, WARC
    files of responses and standard input are not read; errors are the cleaning pass's to
    report)."""
    paths = (
        path for path in expand([s for s in specs if s != "-"]) if isinstance(path, str) and _holds_text(path)
    )
    return count_documents(read_inputs(paths, limits, exclude=exclude, keep=keep), max_entries)


def with_template(tasks: Iterable[Task | InputError], counter: TemplateCounter):
    """The second pass: each text document with its recurring lines attached."""
    for task in tasks:
        if isinstance(task, Task) and task.kind == "text":
            task.template_lines = counter.template(host_of(task), task.payload)
        yield task
