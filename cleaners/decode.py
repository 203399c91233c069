"""Bytes to text: the right charset for a Vietnamese page, then Unicode NFC.

Order of evidence, as browsers and Scrapy do it: a byte-order mark, the HTTP
``Content-Type`` charset, a ``<meta charset>`` (or ``http-equiv``) in the first bytes,
then UTF-8 if the bytes are valid UTF-8, then Windows-1258 (the Vietnamese Windows code
page, which writes tones as combining marks: NFC composes them afterwards).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that pages declare but Python names differently, as the WHATWG encoding
# standard maps them (a page that says iso-8859-1 is decoded as windows-1252).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1258": "cp1258",
    "x-viet-vps": "cp1258",
    "utf8": "utf-8",
}


class DecodeError(ValueError):
    """The bytes are not text in any charset we can trust."""


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_header(content_type: str | None) -> str | None:
    """The charset named by an HTTP Content-Type header, if Python knows it."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _codec(match.group(1)) if match else None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are plainly not text (NUL bytes outside a UTF-16/32 page)."""
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page's bytes to NFC text; raise DecodeError for binary data."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data[len(bom):].decode(name, errors="replace"))
    if looks_binary(data):
        raise DecodeError("binary content (NUL bytes), not an HTML page")
    candidates = [charset_from_header(content_type)]
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(_codec(meta.group(1).decode("ascii", "ignore")))
    for name in candidates:
        if not name:
            continue
        try:
            return unicodedata.normalize("NFC", data.decode(name))
        except UnicodeDecodeError:
            continue  # the declaration lies; look at the bytes themselves
    return unicodedata.normalize("NFC", _sniff(data))


def _sniff(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode("cp1258", errors="replace")


def decode_text(data: bytes) -> str:
    """Decode a plain-text file: strictly UTF-8 (with or without BOM), else DecodeError."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data[len(bom):].decode(name, errors="strict"))
    if looks_binary(data):
        raise DecodeError("binary content (NUL bytes), not text")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DecodeError(f"invalid UTF-8 at byte {error.start}") from None
