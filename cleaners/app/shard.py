"""Split a set of inputs between N machines without a coordinator (``clean --shard I/N``).

The key of a document is its input file: the record's ``source`` without a ``#N`` suffix
(every record of one JSONL or WARC file goes to the same shard), so a shard never opens
another shard's files. SHA-1 of that key, modulo N, names the shard: stable across
machines, runs and Python versions, as long as every shard is given the same INPUT
arguments (the same paths, written the same way). Standard input (``-``) is one input.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_SHARD = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Shard:
    """Part ``index`` of ``count`` (0-based)."""

    index: int
    count: int

    def holds(self, source: str) -> bool:
        """Whether the document or input named ``source`` belongs to this shard."""
        return shard_of(source, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(source: str, count: int) -> int:
    """The shard (0..count-1) of a source: by its input file, ``path#N`` counts as ``path``."""
    key = input_key(source)
    return int.from_bytes(hashlib.sha1(key.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


def input_key(source: str) -> str:
    """The input file a source comes from: ``path#12`` -> ``path``."""
    head, sep, tail = source.rpartition("#")
    return head if sep and tail.isdigit() else source


def parse_shard(text: str) -> Shard:
    """``"I/N"`` -> Shard(I, N); ValueError with a message when it is not 0 <= I < N."""
    match = _SHARD.match(text.strip())
    if not match:
        raise ValueError(f"--shard takes I/N (for example 0/4), not {text!r}")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or index >= count:
        raise ValueError(f"--shard {text}: I must be in 0..N-1 and N at least 1")
    return Shard(index, count)
