"""Readers: turn command-line INPUTs (files, folders, globs, ``-``) into documents to
clean, one by one, or into errors that name the input and the reason.

Kinds by name: ``.html``/``.htm`` (optionally ``.gz``), ``.txt`` (already-extracted
text), ``.jsonl`` with an ``html`` or ``text`` field per line, WARC (``.warc``,
``.warc.gz``: HTML responses; conversion records, as Common Crawl's WET files
``.warc.wet.gz``/``.wet`` hold, as text). Nothing is read into memory beyond one document at a time.
"""

from __future__ import annotations

import errno
import glob
import gzip
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.decode import DecodeError, binary_kind, decode_text
from ..core.limits import Limits

__all__ = ["InputError", "Limits", "Task", "expand", "kind_of", "read_inputs"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Common Crawl's WET files (".warc.wet.gz") are WARC files of conversion records.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz", ".wet", ".wet.gz")
GLOB_CHARS = set("*?[")
WARC_MAGIC = (b"WARC/", b"filedesc://")
UTF8_HTML = "text/html; charset=utf-8"


@dataclass
class Task:
    """One document to clean."""

    source: str
    kind: str  # "html" or "text"
    payload: bytes | str
    url: str | None = None
    content_type: str | None = None
    # Lines of a text document that recur across its host's documents (template_lines.py).
    template_lines: frozenset[str] = frozenset()
    title: str | None = None  # the headline, when the input gives it beside the text


@dataclass
class InputError:
    """An input that gives no document, with a machine reason and a message."""

    source: str
    reason: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "message": self.message}


def kind_of(path: str) -> str | None:
    """The input kind a file name says: html, text, jsonl, warc, or None."""
    name = path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def expand(specs: list[str]) -> Iterator[str | InputError]:
    """Paths named by the specs, in order: files as given, folders recursed (sorted,
    supported kinds only), globs expanded; ``-`` stays ``-``."""
    for spec in specs:
        if spec == "-":
            yield "-"
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield spec
        elif GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield InputError(spec, "not_found", "the pattern matches no file")
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match))
                else:
                    yield match
        else:
            yield InputError(spec, "not_found", "no such file or folder")


def _walk(folder: Path) -> Iterator[str | InputError]:
    seen: set[tuple[int, int]] = set()
    failures: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=failures.append):
        yield from (_error_for(error.filename or root, error) for error in failures)
        failures.clear()
        try:
            info = os.stat(root)
        except OSError as error:
            yield _error_for(root, error)
            dirs[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a symlink loop: this folder was walked already
            yield InputError(root, "symlink_loop", "folder reached again through a link; not walked twice")
            dirs[:] = []
            continue
        seen.add(key)
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            if kind_of(name):
                yield full
    yield from (_error_for(error.filename or str(folder), error) for error in failures)


def _regular_size(path: str) -> int:
    """The size of a regular file; a FIFO, device or socket would block or never end."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _NotAFile("not a regular file (a pipe, device or socket); not read")
    return info.st_size


class _NotAFile(ValueError):
    pass


def read_bytes(path: str, limits: Limits) -> bytes:
    """A file's bytes, decompressed if gzipped, within the limits (OSError/ValueError)."""
    size = _regular_size(path)
    if size > limits.max_bytes:
        raise _TooLarge(f"file is {size} bytes, over the limit of {limits.max_bytes}")
    with open(path, "rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    if path.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gunzip(data, limits)
    return data


class _TooLarge(ValueError):
    pass


def gunzip(data: bytes, limits: Limits) -> bytes:
    """Decompress gzip data, refusing more than ``limits.max_decompressed`` bytes."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limits.max_decompressed + 1)
    except zlib.error as error:
        raise _BadGzip(f"not valid gzip data: {error}") from None
    if len(out) > limits.max_decompressed or decompressor.unconsumed_tail:
        raise _TooLarge(f"decompresses to more than {limits.max_decompressed} bytes")
    if not decompressor.eof:
        raise _BadGzip("gzip stream is truncated")
    return out


class _BadGzip(ValueError):
    pass


def _error_for(source: str, error: Exception) -> InputError:
    if isinstance(error, _TooLarge):
        return InputError(source, "too_large", str(error))
    if isinstance(error, _BadGzip):
        reason = "truncated_gzip" if "truncated" in str(error) else "bad_gzip"
        return InputError(source, reason, str(error))
    if isinstance(error, DecodeError):
        reason = "binary" if "binary" in str(error) else "undecodable"
        return InputError(source, reason, str(error))
    if isinstance(error, _NotAFile):
        return InputError(source, "not_a_file", str(error))
    if isinstance(error, PermissionError):
        return InputError(source, "unreadable", f"permission denied: {error.strerror}")
    if isinstance(error, OSError) and error.errno == errno.ELOOP:
        return InputError(source, "symlink_loop", f"symbolic link loop: {error.strerror}")
    if isinstance(error, FileNotFoundError):
        return InputError(source, "not_found", f"no such file (a broken link?): {error.strerror}")
    if isinstance(error, EOFError | gzip.BadGzipFile | zlib.error):
        return InputError(source, "truncated_gzip", f"compressed data is truncated or corrupt: {error}")
    if isinstance(error, OSError):
        return InputError(source, "unreadable", error.strerror or str(error))
    return InputError(source, "error", f"{type(error).__name__}: {error}")


def read_inputs(specs: list[str], limits: Limits | None = None,
                stdin: io.BufferedReader | None = None,
                exclude: Iterable[str] = (),
                keep: Callable[[str], bool] | None = None) -> Iterator[Task | InputError]:
    """Every document of every input, or an error for each input that has none. Each
    file is read once; files in ``exclude`` (the run's own output, when it lies in an
    input folder) are never read; ``keep(path)`` false skips an input unopened
    (``--shard``)."""
    limits = limits or Limits()
    # The run's own files, then every file once (a folder and a glob may name it twice).
    seen = {os.path.realpath(path) for path in exclude}
    for path in expand(specs):
        if isinstance(path, InputError):
            if keep is None or keep(path.source):
                yield path
            continue
        if path != "-":
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
        if keep is not None and not keep(path):  # after `seen`: a file named twice goes by its first name
            continue
        try:
            if path == "-":
                yield from _read_stdin(stdin or sys.stdin.buffer, limits)
                continue
            kind = kind_of(path)
            if kind is None:
                yield InputError(path, "unsupported_type",
                                 "not a known kind (.html, .htm, .txt, .jsonl, .warc, .wet, optionally .gz)")
            elif kind == "warc":
                yield from _read_warc(path, limits)
            elif kind == "jsonl":
                yield from _read_jsonl_file(path, limits)
            else:
                yield _document(path, kind, read_bytes(path, limits))
        except Exception as error:  # every failure of one input is reported, never raised
            yield _error_for(path, error)


def _document(source: str, kind: str, data: bytes, url: str | None = None,
              content_type: str | None = None) -> Task | InputError:
    if not data.strip():
        return InputError(source, "empty", "the input is empty")
    if kind == "text":
        try:
            return Task(source, "text", decode_text(data), url=url)
        except DecodeError as error:
            return _error_for(source, error)
    if kind := binary_kind(data):
        return InputError(source, "binary", f"binary content ({kind}), not an HTML page")
    return Task(source, "html", data, url=url, content_type=content_type)


def _read_stdin(stream, limits: Limits) -> Iterator[Task | InputError]:
    """Standard input, streamed: JSONL line by line (any length), else one document."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    try:
        if stream.peek(2)[:2] == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=stream)
        if stream.peek(256).lstrip()[:1] == b"{":
            yield from _read_jsonl_lines("-", _numbered_lines(stream, limits.max_bytes), limits)
            return
        data = stream.read(limits.max_decompressed + 1)
    except EOFError:
        raise _BadGzip("gzip stream is truncated") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise _BadGzip(f"not valid gzip data: {error}") from None
    if len(data) > limits.max_decompressed:
        yield InputError("-", "too_large", f"standard input is over {limits.max_decompressed} bytes")
        return
    yield _document("-", "html" if data.lstrip()[:1] == b"<" else "text", data)


def _read_jsonl_file(path: str, limits: Limits) -> Iterator[Task | InputError]:
    """A JSONL file (gzipped or not) line by line: one line in memory at a time, so a
    corpus file of any size is read; the size limit applies to each line."""
    _regular_size(path)
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    try:
        with (gzip.open if gzipped else open)(path, "rb") as handle:
            yield from _read_jsonl_lines(path, _numbered_lines(handle, limits.max_bytes), limits)
    except EOFError:
        raise _BadGzip("gzip stream is truncated") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise _BadGzip(f"not valid gzip data: {error}") from None


def _numbered_lines(handle, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line over ``limit`` bytes (skipped unread)."""
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(limit + 1)
            yield number, None
        else:
            yield number, raw


def _read_jsonl_lines(source: str, lines: Iterator[tuple[int, bytes | None]],
                      limits: Limits) -> Iterator[Task | InputError]:
    empty = True
    for number, raw in lines:
        name = f"{source}#{number}"
        if raw is None:
            empty = False
            yield InputError(name, "too_large", f"line {number} is over {limits.max_bytes} bytes")
            continue
        if not raw.strip():
            continue
        empty = False
        try:
            document = _jsonl_document(name, number, raw)
        except Exception as error:  # whatever one line does, the other lines are read
            document = _error_for(name, error)
        yield document
    if empty:
        yield InputError(source, "empty", "the input is empty")


def _jsonl_document(name: str, number: int, raw: bytes) -> Task | InputError:
    """The document of one JSONL line, or why there is none."""
    try:
        item = json.loads(raw)
    except ValueError as error:
        return InputError(name, "malformed_json", f"line {number} is not JSON: {error}")
    except RecursionError:
        return InputError(name, "malformed_json", f"line {number} is nested too deeply to read")
    if not isinstance(item, dict):
        return InputError(name, "malformed_json", f"line {number} is not a JSON object")
    url = item.get("url") if isinstance(item.get("url"), str) else None
    if isinstance(item.get("html"), str):
        html = item["html"]
        # The field is text already: its bytes are UTF-8 whatever its <meta charset> says.
        # "replace": a lone surrogate (a JSON escape) must not lose the rest of the file.
        return (_document(name, "html", html.encode("utf-8", "replace"), url=url, content_type=UTF8_HTML)
                if html.strip() else InputError(name, "empty", "the html field is empty"))
    if isinstance(item.get("text"), str):
        text = item["text"]
        title = item.get("title") if isinstance(item.get("title"), str) and item["title"].strip() else None
        return (Task(name, "text", text, url=url, title=title) if text.strip()
                else InputError(name, "empty", "the text field is empty"))
    return InputError(name, "missing_field", "the record has no 'html' or 'text' string field")


def _read_warc(path: str, limits: Limits) -> Iterator[Task | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    size = _regular_size(path)
    if size == 0:
        yield InputError(path, "empty", "the input is empty")
        return
    if not _warc_head(path).startswith(WARC_MAGIC):
        yield InputError(path, "not_warc", "not a WARC file: it does not start with a WARC/ (or ARC) header")
        return
    number = 0
    with open(path, "rb") as handle:
        try:
            records = ArchiveIterator(handle)
            for record in records:
                number += 1
                name = f"{path}#{number}"
                if record.rec_headers.get_header("Content-Length") is None:  # mandatory in every record
                    yield InputError(name, "truncated_warc", "the record's WARC header is cut (no Content-Length)")
                    return
                if record.rec_type not in {"response", "resource", "conversion"}:
                    continue
                content_type = ""
                if record.http_headers is not None:
                    content_type = record.http_headers.get_header("Content-Type") or ""
                    status = record.http_headers.get_statuscode()
                    if status and not str(status).startswith("2"):
                        yield InputError(name, "http_status", f"the archived response has HTTP status {status}")
                        continue
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                    if record.rec_type == "response" and "application/http" in content_type.lower():
                        # warcio found no HTTP headers where the WARC type says there are:
                        # the record is cut (or broken) before the end of its headers.
                        yield InputError(name, "truncated_warc", "the record's HTTP headers are cut or missing")
                        continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                stored = int(record.rec_headers.get_header("Content-Length") or 0)
                if stored > limits.max_bytes:
                    yield InputError(name, "too_large", f"record is {stored} bytes, over {limits.max_bytes}")
                    continue
                data = record.content_stream().read(limits.max_decompressed + 1)
                if len(data) > limits.max_decompressed:
                    yield InputError(name, "too_large", f"record is over {limits.max_decompressed} bytes")
                    continue
                if _cut_short(record):  # the file ends inside this record: no later record
                    yield InputError(name, "truncated_warc", "the file ends before the end of this record")
                    return
                if record.rec_type == "conversion":  # a page's text, as in WET files: the text path
                    yield _conversion(name, content_type, data, url)
                elif content_type and "html" not in content_type.lower():
                    yield InputError(name, "not_html", f"WARC record of type {content_type.split(';')[0]}")
                else:
                    yield _document(name, "html", data, url=url, content_type=content_type)
            if getattr(records, "offset", size) < size:  # a gzipped record cut short is not raised
                yield InputError(f"{path}#{number + 1}", "truncated_warc",
                                 f"the file ends inside a record (at byte {records.offset} of {size})")
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, gzip.BadGzipFile, ValueError) as error:
            yield InputError(f"{path}#{number + 1}", "truncated_warc", f"WARC record cannot be read: {error}")
        except (AttributeError, TypeError, KeyError, IndexError) as error:
            # warcio's header parsing fails so on a header cut short (no WARC-Target-URI yet)
            yield InputError(f"{path}#{number + 1}", "truncated_warc",
                             f"WARC record header cannot be read ({type(error).__name__}: {error})")


def _conversion(name: str, content_type: str, data: bytes, url: str | None) -> Task | InputError:
    """A WARC conversion record (a WET file's page text): a text document."""
    if content_type and not content_type.lower().startswith("text/plain"):
        return InputError(name, "not_text", f"conversion record of type {content_type.split(';')[0]}")
    return _document(name, "text", data, url=url)


def _warc_head(path: str) -> bytes:
    """The first bytes of a WARC file's records (decompressed when gzipped)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head[:2] != b"\x1f\x8b":
        return head
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _cut_short(record) -> bool:
    """True when the file ended before the record's declared length."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    return getattr(stream, "limit", 0) > 0
