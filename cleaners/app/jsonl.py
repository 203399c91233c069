"""JSON Lines, written and read in one place: a writer that appends whole lines (an
interrupted run leaves valid JSONL), a reader that passes over lines that are not JSON
objects and can cut a torn last line first, and the scan of the sources a run has done
(``--resume``). Used by ``clean``, the crawl's job state and shared-crawl parts, and the
merge of those parts."""

from __future__ import annotations

import fcntl
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["JsonlWriter", "OutputError", "OutputLocked", "done_sources", "drop_errors", "json_line",
           "parse_line", "read_jsonl", "cut_torn_line"]


class OutputError(Exception):
    """OUT or its errors file cannot be written (disk full, folder removed)."""


class OutputLocked(Exception):
    """Another run is writing the same OUT."""


# A lone surrogate: a file name that is not valid UTF-8 (os.fsdecode's surrogateescape),
# or a JSON escape in an input's field. UTF-8 cannot hold it, a JSON escape can.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_line(item: dict) -> bytes:
    """``item`` as one UTF-8 JSON line, not ASCII-escaped; a lone surrogate is written as
    its ``\\udcXX`` escape, so the line is valid UTF-8 and reads back to the same string
    (a file named ``a\\xff.txt`` keeps its source, and ``--resume`` recognises it)."""
    line = json.dumps(item, ensure_ascii=False) + "\n"
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line).encode("utf-8")


class JsonlWriter:
    """Appends one complete JSON line per call with a single write (an interrupted run
    leaves valid JSONL). With ``lock``, the file is locked (``flock``) for the writer's
    life, before it is truncated: a second run on the same file raises OutputLocked. With
    ``lazy``, the file is made at the first line only (a run with nothing to report leaves
    no errors file)."""

    def __init__(self, path: str, append: bool, lock: bool = False, lazy: bool = False) -> None:
        self.path = path
        self.fd: int | None = None
        if path == "-":
            self.fd = sys.stdout.fileno()
            return
        self.append, self.lock = append, lock
        if lazy:
            if not append and os.path.exists(path):
                os.unlink(path)  # --overwrite: the last run's lines are not this run's
        else:
            self._open()

    def _open(self) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        if self.lock:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self.fd)
                self.fd = None
                raise OutputLocked(f"{self.path} is being written by another run (it holds the file's lock); "
                                   "wait for it to end") from None
        if not self.append:
            os.ftruncate(self.fd, 0)

    def write(self, item: dict) -> None:
        data = json_line(item)
        try:
            if self.fd is None:
                self._open()
            while data:
                data = data[os.write(self.fd, data):]
        except OSError as error:
            where = "standard output" if self.path == "-" else self.path
            raise OutputError(f"cannot write {where}: {error.strerror or error}") from None

    def close(self) -> None:
        if self.path != "-" and self.fd is not None:
            os.close(self.fd)


def parse_line(line: bytes | str) -> dict | None:
    """The JSON object on one line, or None for anything else (a torn or malformed line,
    another JSON value, nesting too deep to parse)."""
    if isinstance(line, bytes):
        line = line.decode("utf-8", "replace")
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def read_jsonl(path: str | os.PathLike, cut_torn: bool = False) -> Iterator[tuple[int, dict | None]]:
    """(line number, object or None) of each line of a JSONL file, streamed. With
    ``cut_torn``, a torn last line (no newline at the end: a killed writer) is first cut
    off the file, so that appending continues on a clean line."""
    if cut_torn:
        cut_torn_line(path)
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            yield number, parse_line(line)


def done_sources(*paths: str, key: Callable[[str], str] | None = None,
                 each: Callable[[dict[str, Any], str], None] | None = None) -> set[str]:
    """Sources already written to these JSONL files (for --resume), each as ``key`` gives
    it (``source_key`` for input paths); a torn last line is cut off so appending
    continues on a clean line. ``each(item, path)`` sees every item read on the way (one
    pass serves the dedup seed too). The files are read line by line: memory holds the
    sources, never the records."""
    done: set[str] = set()
    for path in paths:
        if not os.path.isfile(path):
            continue
        for _, item in read_jsonl(path, cut_torn=True):
            if each is not None and item:
                each(item, path)
            source = item.get("source") if item else None
            if isinstance(source, str):
                done.add(key(source) if key else source)
    return done


def drop_errors(path: str, reasons: set[str]) -> int:
    """Remove the lines of an errors file whose reason is one of ``reasons`` (a torn last
    line too), replacing the file at once; returns how many error lines were removed.
    Streamed: one line in memory at a time."""
    dropped = 0
    partial = f"{path}.retry-partial"
    with open(path, "rb") as handle, open(partial, "wb") as kept:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            item = parse_line(line)
            if item and item.get("reason") in reasons:
                dropped += 1
            else:
                kept.write(line)
    os.replace(partial, path)
    return dropped


def cut_torn_line(path: str | os.PathLike) -> None:
    """Cut a torn last line (no newline at the end), reading only the file's tail."""
    with open(path, "rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            start = max(0, position - 65536)
            handle.seek(start)
            chunk = handle.read(position - start)
            if position == end and chunk.endswith(b"\n"):
                return
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                return
            position = start
        handle.truncate(0)
