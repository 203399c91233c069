"""One record per text across a run: exact duplicates (the record's ``hash``, SHA-1 of the
normalised text) and, when asked, near duplicates (the same story syndicated under another
title, a paragraph dropped or added, a source line appended).

Near duplicates: MinHash signatures (datasketch) of the text's word 5-grams, in LSH bands
chosen by datasketch for ``NEAR_THRESHOLD`` (estimated Jaccard similarity), as datatrove's
minhash deduplication does, without its second pass: two texts that share a band are
duplicates. The bands are kept here as one 64-bit key per band in a dict each, not in
datasketch's ``MinHashLSH``, which keeps a set per key (about 2 KB a document measured,
over the 1 KB a document a run of millions can afford; see bench/corpus.py).

The first record seen is kept: in input order, which ``clean --workers`` keeps (the
parent process receives results in input order and decides here), so the output does not
depend on the number of workers; and in a corpus that grows run by run, what is already
written stays.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Any

from ..core.pipeline import text_hash
from .jsonl import read_jsonl

DEDUP_MODES = ("none", "exact", "near")
DEFAULT_DEDUP = "exact"
# Chosen on bench/corpus.py's syndication set (docs/corpus.md): at 0.4 (10 bands of 3
# rows) all 51 syndicated copies are caught and none of 198 stories merged; at 0.5 one
# copy is missed (a short sample with a long paragraph dropped is 0.56 alike), and below
# 0.4 texts 20% alike would be merged two times in five.
NEAR_THRESHOLD = 0.4
NUM_PERM = 32
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Duplicate:
    """Why a record is dropped: ``reason`` (``duplicate`` or ``near_duplicate``) and the
    source of the record kept in its place."""

    reason: str
    of: str

    @property
    def message(self) -> str:
        if self.reason == "duplicate":
            return f"same text as {self.of}"
        return f"near duplicate of {self.of} (word 5-grams about {NEAR_THRESHOLD:.0%} alike or more)"


def shingles(text: str) -> list[bytes]:
    """The text's word 5-grams (lower case, punctuation aside), UTF-8; the whole text
    as one shingle when it is shorter."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)]


class NearIndex:
    """LSH over MinHash signatures: ``add`` returns the index of an earlier text sharing a
    band with this one, or stores this one's bands and returns None."""

    def __init__(self, threshold: float = NEAR_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHash, MinHashLSH

        bands = MinHashLSH(threshold=threshold, num_perm=num_perm)  # its choice of bands and rows
        self.bands, self.rows = bands.b, bands.r
        # crc32: a fast hash that is the same in every run (Python's hash() is not).
        self._template = MinHash(num_perm=num_perm, hashfunc=zlib.crc32)
        self._tables: list[dict[int, int]] = [{} for _ in range(self.bands)]

    def signature(self, text: str):
        from datasketch import MinHash

        minhash = MinHash(num_perm=len(self._template.hashvalues), hashfunc=zlib.crc32,
                          permutations=self._template.permutations, scheme=self._template.scheme)
        minhash.update_batch(shingles(text))
        return minhash.hashvalues

    def _keys(self, text: str) -> list[int]:
        values = self.signature(text)
        return [int.from_bytes(hashlib.blake2b(values[b * self.rows:(b + 1) * self.rows].tobytes(),
                                               digest_size=8).digest())
                for b in range(self.bands)]

    def add(self, text: str, index: int) -> int | None:
        keys = self._keys(text)
        for table, key in zip(self._tables, keys, strict=True):
            earlier = table.get(key)
            if earlier is not None:
                return earlier
        for table, key in zip(self._tables, keys, strict=True):
            table[key] = index
        return None


class Deduplicator:
    """Keeps the first record of each text (``mode`` exact) or of each group of near
    duplicates (``near``, exact ones included); ``none`` keeps every record."""

    def __init__(self, mode: str = DEFAULT_DEDUP, threshold: float = NEAR_THRESHOLD) -> None:
        if mode not in DEDUP_MODES:
            raise ValueError(f"dedup {mode!r}: expected one of {', '.join(DEDUP_MODES)}")
        self.mode = mode
        self._exact: dict[int, int] = {}
        self._near = NearIndex(threshold) if mode == "near" else None
        self._sources: list[str] = []

    def check(self, record: dict[str, Any]) -> Duplicate | None:
        """The Duplicate this record is of an earlier one, or None, and it is kept
        (remembered for the records after it)."""
        if self.mode == "none":
            return None
        index = len(self._sources)
        key = int(record["hash"][:16], 16)
        earlier = self._exact.get(key)
        if earlier is not None:
            return Duplicate("duplicate", self._sources[earlier])
        if self._near is not None:
            earlier = self._near.add(record["text"], index)
            if earlier is not None:
                return Duplicate("near_duplicate", self._sources[earlier])
        self._exact[key] = index
        self._sources.append(record["source"])
        return None

    def __len__(self) -> int:
        return len(self._sources)


def seed_from_file(dedup: Deduplicator, path: str) -> int:
    """Remember the records of a JSONL file written before (a corpus that grows run by
    run): later records with the same text are duplicates of them. Lines that are not
    records are passed over. Returns how many records were read; OSError if unreadable."""
    return sum(seed_record(dedup, record, path) for _, record in read_jsonl(path) if record)


def seed_record(dedup: Deduplicator, record: dict[str, Any], path: str) -> bool:
    """Remember one record read from ``path`` (see ``seed_from_file``); False for a line
    that is not a record (an error line, no text)."""
    text = record.get("text")
    if not isinstance(text, str):
        return False
    dedup.check({"text": text, "source": record.get("source") or path, "hash": record.get("hash") or text_hash(text)})
    return True
