"""Legacy Vietnamese encodings (TCVN3, VNI, VISCII) found and converted in .txt, HTML
and JSONL text; correct Unicode never touched.

Legacy inputs are made without our tables: TCVN3 and VISCII by glibc's ``iconv``
(charmaps TCVN5712-1 and VISCII), VNI by ``vni_bytes`` below, written from the VNI
keyboard layout (a base letter, then the mark's key character), not from the table the
code converts with."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import unicodedata

import pytest

from cleaners.app.cli import main
from cleaners.core.decode import decode_html, decode_text
from cleaners.core.legacy_encodings import (
    _VIETNAMESE_LETTER,
    MIN_MARKS,
    looks_legacy,
    marks_beside_letters,
    repair_legacy,
)

from .conftest import ARTICLEBODY, NO_DEDUP, SAMPLES, read_jsonl

# Characters that end a VNI letter: tone after a plain vowel, after â/ê/ô, after ă; the
# letters i and đ have their own characters.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_TONE_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_TONE_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    upper = base.isupper()
    tone = next((m for m in marks if m in _VNI_TONE), "")
    if base.lower() == "đ":
        out = "ñ"
    elif "\u031b" in marks:  # horn: ơ is "ô", ư is "ö"
        out = ("ô" if base.lower() == "o" else "ö") + _VNI_TONE.get(tone, "")
    elif "\u0302" in marks:
        out = base.lower() + _VNI_TONE_CIRCUMFLEX[tone]
    elif "\u0306" in marks:
        out = base.lower() + _VNI_TONE_BREVE[tone]
    elif base.lower() == "i" and tone:
        out = _VNI_I[tone]
    elif tone:
        out = base.lower() + _VNI_TONE[tone]
    else:
        return char
    return out.upper() if upper else out


def vni_bytes(text: str) -> bytes:
    """``text`` as a VNI-Windows file (VNI's key characters are Windows-1252 ones)."""
    return "".join(_vni_letter(char) for char in text).encode("cp1252")


def iconv(text: str, charset: str) -> bytes | None:
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", charset], input=text.encode("utf-8"),
                          capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc's iconv is not installed")


def sample_sentences(min_words: int = 12) -> list[str]:
    """The samples' lines of running text, NFC. A text alone is taken for legacy on five
    words or more that the conversion makes Vietnamese (MIN_WORDS): twelve words hold them."""
    lines = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines += [unicodedata.normalize("NFC", line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
                  if len(line.split()) >= min_words]
    return lines


# Published byte values, a sentence long enough to be recognised: TCVN3 and VISCII as
# glibc's charmaps TCVN5712-1 and VISCII (RFC 1456) give them (ệ is 0xD6 and 0xAE), VNI
# as typed on its layout (ệ is e then "ä", 0xE4).
PUBLISHED = [
    ("tcvn3", b"Vi\xd6t Nam l\xb5 m\xe9t qu\xe8c gia \xae\xe9c l\xcbp, c\xe3 ch\xf1 quy\xd2n, th\xe8ng nh\xcat."),
    ("vni", b"Vie\xe4t Nam la\xf8 mo\xe4t quo\xe1c gia \xf1o\xe4c la\xe4p, co\xf9 chu\xfb quye\xe0n, tho\xe1ng nha\xe1t."),
    ("viscii", b"Vi\xaet Nam l\xe0 m\xb5t qu\xafc gia \xf0\xb5c l\xa7p, c\xf3 ch\xfc quy\xabn, th\xafng nh\xa4t."),
]


@pytest.mark.parametrize("encoding, data", PUBLISHED, ids=[e for e, _ in PUBLISHED])
def test_published_byte_values(encoding, data):
    text = decode_text(data)
    assert text.startswith("Việt Nam là một quốc gia")
    assert repair_legacy(data.decode("latin-1"))[1] == encoding


@needs_iconv
def test_tcvn3_round_trip_of_sample_sentences():
    # TCVN3 (ABC) has no capital toned letters (the .VnTimeH fonts draw the small ones
    # as capitals): its sentences are in small letters.
    sentences = [s.lower() for s in sample_sentences()]
    encoded = [(s, iconv(s, "TCVN5712-1")) for s in sentences]
    encoded = [(s, data) for s, data in encoded if data is not None]
    assert len(encoded) >= 30
    for sentence, data in encoded:
        assert decode_text(data) == sentence


@needs_iconv
def test_viscii_round_trip_of_sample_sentences():
    encoded = [(s, iconv(s, "VISCII")) for s in sample_sentences()]
    encoded = [(s, data) for s, data in encoded if data is not None]
    assert len(encoded) >= 30
    for sentence, data in encoded:
        assert decode_text(data) == sentence


def test_vni_round_trip_of_sample_sentences():
    checked = 0
    for sentence in sample_sentences():
        try:
            data = vni_bytes(sentence)
        except UnicodeEncodeError:  # a character Windows-1252 lacks (a dash, a quote)
            continue
        assert decode_text(data) == sentence
        checked += 1
    assert checked >= 30


def _sample_body() -> str:
    """The lines of a sample (short ones too: the document as a whole is recognised)."""
    return unicodedata.normalize("NFC", sorted(SAMPLES.glob("*.txt"))[4].read_text(encoding="utf-8"))


def test_cleaning_legacy_txt_html_and_jsonl(tmp_path):
    body = _sample_body()
    (tmp_path / "vni.txt").write_bytes(vni_bytes("Tin tức\n" + body))
    # A page set in the .VnTime font: valid UTF-8, the text in TCVN3's letters, its menu in Unicode.
    tcvn3 = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=body.lower().encode(),
                           capture_output=True, check=True).stdout.decode("latin-1") if shutil.which("iconv") else None
    if tcvn3:
        paragraphs = "".join(f"<p style='font-family:.VnTime'>{line}</p>" for line in tcvn3.splitlines())
        page = (f"<html><head><meta charset='utf-8'><title>Tin tức</title></head><body><nav>Trang chủ | Thời sự"
                f"</nav><article><h1>Tin tức</h1>{paragraphs}</article><footer>Bản quyền thuộc Báo Đắk Lắk</footer>"
                f"</body></html>")
        (tmp_path / "vntime.html").write_text(page, encoding="utf-8")
    # A VNI page as bytes, declaring a Western charset as such pages did.
    vni_page = (b"<html><head><meta charset='iso-8859-1'><title>Tin</title></head><body><article>"
                + b"".join(b"<p>" + vni_bytes(line) + b"</p>" for line in body.splitlines()) + b"</article></body></html>")
    (tmp_path / "vni.html").write_bytes(vni_page)
    jsonl = json.dumps({"text": vni_bytes("Tin tức\n" + body).decode("cp1252")}, ensure_ascii=False)
    (tmp_path / "vni.jsonl").write_text(jsonl + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # The .txt and the JSONL hold one text: without dedup, both records.
    assert main([str(tmp_path), "-o", str(out), "--workers", "1", "--tone-marks", "keep", *NO_DEDUP]) == 0
    records = read_jsonl(out)
    assert len(records) == (4 if tcvn3 else 3)
    first = max(_sample_body().splitlines(), key=len)
    for record in records:
        expected = first.lower() if record["source"].endswith("vntime.html") else first
        assert expected in record["text"].split("\n"), record["source"]
        assert record["lang"] == "vi"


def test_windows_1258_page_without_a_declaration_stays_windows_1258():
    sentence = "Người dân các tỉnh đẩy mạnh sản xuất và xuất khẩu nông sản trong năm nay."
    page = b"<html><body><article><p>" + _cp1258(sentence) + b"</p></article></body></html>"
    assert sentence in decode_html(page)


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: it keeps ư, ơ, đ, â... as letters and writes the tones
    as combining marks after them."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in decomposed if c in _VNI_TONE)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _VNI_TONE))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def test_unicode_inputs_are_never_touched_samples():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        assert repair_legacy(text) == (text, None), path.name
        assert repair_legacy(text, markup=True) == (text, None), path.name


@pytest.mark.pages
def test_unicode_inputs_are_never_touched_pages(pages_dir):
    paths = sorted(pages_dir.glob("*.html"))
    if ARTICLEBODY.is_dir():
        paths += sorted((ARTICLEBODY / "html").glob("*.html.gz"))
    for path in paths:
        data = path.read_bytes()
        text = decode_html(gzip.decompress(data) if path.suffix == ".gz" else data)
        assert repair_legacy(text, markup=True) == (text, None), path.name
        assert repair_legacy(text) == (text, None), path.name
    assert len(paths) >= 12


def _whole_text_rule(text: str) -> bool:
    marks = marks_beside_letters(text)
    return marks >= MIN_MARKS and marks > len(_VIETNAMESE_LETTER.findall(text))


@pytest.mark.pages
def test_quick_legacy_test_decides_as_the_whole_text_rule(pages_dir):
    """looks_legacy's cheap first tests (all marks counted, Vietnamese letters counted up
    to that) give the rule's answer: on the saved and articlebody pages as decoded
    (Unicode, many with a few Latin-1 signs; some articlebody pages in other languages
    pass it, for the conversion to refuse), on the published legacy sentences and
    legacy sentences of the samples alone, and on each saved page with one of them inside."""
    pages = [decode_html(path.read_bytes()) for path in sorted(pages_dir.glob("*.html"))]
    if ARTICLEBODY.is_dir():
        pages += [decode_html(gzip.decompress(path.read_bytes()))
                  for path in sorted((ARTICLEBODY / "html").glob("*.html.gz"))]
    legacy = [data.decode("latin-1") for _, data in PUBLISHED]
    legacy += [vni_bytes(sentence).decode("latin-1") for sentence in sample_sentences()[:20]]
    texts = pages + legacy + [page.replace("</h1>", f"</h1><p>{line}</p>", 1) for page in pages[:12] for line in legacy[:3]]
    answers = [looks_legacy(text) for text in texts]
    assert answers == [_whole_text_rule(text) for text in texts]
    saved = len(list(pages_dir.glob("*.html")))  # Vietnamese Unicode: no; the legacy sentences: yes
    assert not any(answers[:saved]) and all(answers[len(pages):len(pages) + len(legacy)])
