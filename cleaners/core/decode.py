"""Bytes to text: the right charset for a Vietnamese page, then Unicode NFC.

Order of evidence: a byte-order mark; UTF-8 when the non-ASCII bytes are valid UTF-8,
whatever the page declares (a page re-saved as UTF-8 that kept an old charset
declaration); then, as browsers and Scrapy do it, the HTTP ``Content-Type`` charset, a
``<meta charset>`` (or ``http-equiv``) in the first bytes; then Windows-1258 (the
Vietnamese Windows code page, which writes tones as combining marks: NFC composes them).

Mojibake is repaired here too, as it is a charset error made upstream: UTF-8 that was
decoded as Latin-1/Windows-1252 and saved again as UTF-8, once or twice ("Viá»‡t",
"ViÃ¡Â»â€¡t" for "Việt"). ftfy undoes it, only on text that shows the telltale pairs
(a quick test, so clean text costs nothing).

Vietnamese in a legacy 8-bit encoding (TCVN3, VNI, VISCII) is converted to Unicode
(legacy_encodings.py): bytes that are not UTF-8 and read as such text, and UTF-8 text
that shows it as Latin-1 letters (a page set in a ".VnTime" or "VNI-Times" font).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .legacy_encodings import decode_legacy, repair_legacy

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


# What UTF-8 Vietnamese looks like once read as Latin-1/Windows-1252: the lead byte of
# ạ..ỹ (E1 BA/BB) gives "áº"/"á»"; the lead bytes of à..ý, đ, ă, ơ, ư (C3..C6) give
# "Ã", "Ä", "Å", "Æ" followed by a continuation byte shown as U+0080..U+00BF.
_MOJIBAKE = re.compile("á[º»]|[ÃÄÅÆ][\u0080-\u00bf]")
# Substring tests, far faster than the regex: Vietnamese mojibake always holds "á»" or
# "áº" (the letters ạ..ỹ), Latin-1 letters mis-decoded (once or more) hold "Ã".
_MOJIBAKE_MARKERS = ("á»", "áº", "Ã")
# A character each marker holds: looked for first, as one character is found far faster
# than a pair whose first letter (á) Vietnamese text is full of.
_MOJIBAKE_SIGNS = tuple({marker[-1] for marker in _MOJIBAKE_MARKERS})
_MOJIBAKE_MIN = 3


# Characters that XML forbids (C0 controls but tab and line breaks, U+FFFE/U+FFFF): lxml
# refuses to set them as text, and one of them in a paragraph made trafilatura return
# nothing for the whole page. They carry no text, so they go.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _holds_not_xml(utf8: bytes) -> bool:
    """Whether UTF-8 bytes hold a character ``_NOT_XML`` matches; on a whole page twenty
    times faster than the regex search on the text (no Python regex runs over it)."""
    return (len(utf8.translate(None, _CONTROL_BYTES)) != len(utf8)
            or b"\xef" in utf8 and (b"\xef\xbf\xbe" in utf8 or b"\xef\xbf\xbf" in utf8))  # one byte: memchr


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


# File signatures of the binary formats most often saved under a page's name.
_MAGIC = {
    b"%PDF-": "PDF document", b"\x89PNG": "PNG image", b"GIF8": "GIF image", b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "zip archive", b"PK\x05\x06": "zip archive", b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7-Zip archive", b"\xd0\xcf\x11\xe0": "Office document", b"wOF": "web font",
    b"OggS": "Ogg media", b"ID3": "MP3 audio", b"\x1a\x45\xdf\xa3": "Matroska/WebM video",
}


# Control bytes (NUL included) that a text page may hold by accident: at most this many in
# its first 4 KB, or one in a hundred bytes.
_FEW_CONTROL_BYTES = 8


def binary_kind(data: bytes) -> str | None:
    """What binary data is ("PDF document", "NUL bytes", ...), or None for text."""
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    stripped = head.lstrip()
    for magic, name in _MAGIC.items():
        if stripped.startswith(magic):
            return name
    if head[8:12] in (b"WEBP", b"AVI ", b"WAVE") or head[4:8] == b"ftyp":
        return "image or media file"
    if b"\x00" not in head:
        return None
    # A stray NUL in a text page (a bad copy, a CMS bug) is dropped with the other control
    # characters; binary data (or UTF-16 without a BOM) is full of control bytes.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return "NUL bytes" if controls > max(_FEW_CONTROL_BYTES, len(head) // 100) else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 mis-decoded as Latin-1/Windows-1252 (once or more); other text unchanged."""
    head = text[:200_000]
    if (not any(sign in head for sign in _MOJIBAKE_SIGNS) or not any(marker in head for marker in _MOJIBAKE_MARKERS)
            or len(_MOJIBAKE.findall(head)) < _MOJIBAKE_MIN):
        return text
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, remove_control_chars=False, normalization=None,
    )
    return ftfy.fix_text(text, config)


def clean_str(text: str, markup: bool = False) -> str:
    """Text that was already decoded: lone surrogates (from JSON escapes) replaced,
    control characters dropped, mojibake repaired, BOM dropped, composed to NFC, legacy
    Vietnamese encodings shown as Latin-1 letters converted (``markup``: in HTML's text)."""
    data = text.encode("utf-8", "replace")
    return _clean(data.decode("utf-8").lstrip("\ufeff"), data, markup)


def _clean(text: str, utf8: bytes, markup: bool) -> str:
    """``clean_str`` of a text without lone surrogates or a BOM, given its UTF-8 bytes."""
    if _holds_not_xml(utf8):
        text = _NOT_XML.sub("", text)
    return nfc(repair_legacy(repair_mojibake(text), markup)[0])


# Pieces of a page normalized apart: about this many characters, cut after a newline.
NFC_CHUNK_CHARS = 1024


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, piece by piece: a newline neither composes
    nor reorders with its neighbours, so pieces cut after one normalize alike, and only
    the pieces holding decomposed letters pay for the full normalization (on a whole page
    one such letter makes the whole page pay, several times the cost of the check)."""
    if text.isascii():
        return text
    pieces = []
    start, end = 0, len(text)
    while start < end:
        cut = text.find("\n", start + NFC_CHUNK_CHARS)
        cut = end if cut < 0 else cut + 1
        pieces.append(unicodedata.normalize("NFC", text[start:cut]))
        start = cut
    return "".join(pieces)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page's bytes to NFC text; raise DecodeError for binary data."""
    return decode_html_utf8(data, content_type)[0]


def decode_html_utf8(data: bytes, content_type: str | None = None) -> tuple[str, bytes | None]:
    """``decode_html``, and the page's bytes when they are the text's UTF-8 (a valid UTF-8
    page that cleaning left as it was: the parser can read them without encoding the text)."""
    text, utf8 = _decode_html(data, content_type)
    if utf8 is None:
        return clean_str(text, markup=True), None
    # A page that is valid UTF-8 (no BOM) is its text's UTF-8 already: no lone surrogate,
    # nothing for clean_str's round trip through UTF-8 to change.
    cleaned = _clean(text, utf8, markup=True)
    return cleaned, (utf8 if cleaned == text else None)


def _decode_html(data: bytes, content_type: str | None) -> tuple[str, bytes | None]:
    """The page's text, and its bytes when they are that text's UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), None
    if kind := binary_kind(data):
        raise DecodeError(f"binary content ({kind}), not an HTML page")
    if not data.isascii():
        # Non-ASCII bytes that are valid UTF-8 are UTF-8 whatever the page declares
        # (no single-byte Vietnamese page is valid UTF-8 by chance).
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError:
            pass
    candidates = [charset_from_header(content_type)]
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(_codec(meta.group(1).decode("ascii", "ignore")))
    text = None
    for name in candidates:
        if not name:
            continue
        try:
            text = data.decode(name)
            break
        except UnicodeDecodeError:
            continue  # the declaration lies; look at the bytes themselves
    text = text if text is not None else _sniff(data)
    # TCVN3/VNI/VISCII pages declare a Western charset or none at all.
    legacy = decode_legacy(data, markup=True, rival=unicodedata.normalize("NFC", text))
    return (legacy[0] if legacy else text), None


def _sniff(data: bytes) -> str:
    return data.decode("cp1258", errors="replace")


def decode_text(data: bytes) -> str:
    """Decode a plain-text file: strictly UTF-8 (with or without BOM), or Vietnamese in a
    legacy 8-bit encoding (TCVN3, VNI, VISCII), else DecodeError."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return clean_str(data[len(bom):].decode(name, errors="strict"))
            except UnicodeDecodeError as error:
                raise DecodeError(f"invalid {name} at byte {error.start + len(bom)}") from None
    if kind := binary_kind(data):
        raise DecodeError(f"binary content ({kind}), not text")
    try:
        return clean_str(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        legacy = decode_legacy(data)
        if legacy:
            return clean_str(legacy[0])
        raise DecodeError(f"invalid UTF-8 at byte {error.start}, and not TCVN3, VNI or VISCII text") from None
