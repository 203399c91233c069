"""Per-document limits: what one input may cost before it is reported and skipped.

The defaults are far above any real news page (of the twelve saved pages in
../shared/pages the largest is 0.5 MB, the most elements 1,746, the deepest 22 levels)
and low enough that one hostile input cannot stall or exhaust a run over millions of
pages.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MIB = 1024 * 1024
# libxml2 stops building the tree at this depth (without its "huge" option): anything
# deeper is silently dropped, so a tree that reaches it was cut and is reported.
PARSER_MAX_DEPTH = 255


@dataclass(frozen=True)
class Limits:
    """Per-document limits (a ``timeout`` of 0 switches the time limit off).

    - ``max_bytes``: bytes of one document as stored (a file, a JSONL line, a WARC record)
    - ``max_decompressed``: bytes of one document after gunzip
    - ``max_nodes``: HTML elements after parsing
    - ``max_depth``: nesting depth of the HTML tree (at most the parser's own 255)
    - ``timeout``: seconds of cleaning per document
    """

    max_bytes: int = 20 * MIB
    max_decompressed: int = 20 * MIB
    max_nodes: int = 200_000
    max_depth: int = 200
    timeout: float = 30.0


DEFAULT_LIMITS = Limits()


class DocumentTimeout(BaseException):
    """A document ran past its time limit. A BaseException, so that the ``except
    Exception`` blocks inside libraries (trafilatura has many) cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after ``seconds`` (SIGALRM; only in the main
    thread of a process, elsewhere the block runs unlimited). Interrupts Python code and
    regular expressions; a worker stuck inside C code is killed by its pool instead."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum, frame):
        raise DocumentTimeout(f"over the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
