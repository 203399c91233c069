"""Vietnamese text in the legacy 8-bit encodings, found and converted to Unicode: TCVN3
(ABC, the ".VnTime" fonts), VNI (the "VNI-Times" fonts) and VISCII.

Such text reaches us as Latin-1 letters: a TCVN3 or VNI file read byte for byte, or a
UTF-8 page that shows TCVN3/VNI text through a legacy font ("ViÖt Nam" in .VnTime,
"Vieät Nam" in VNI-Times, both "Việt Nam"). The conversion tables are viparse's
(``viparse.normalize``: TCVN3 and VNI checked against real government documents, VISCII
transcribed from glibc's VISCII charmap, i.e. RFC 1456); viparse's own content detector
is opt-in as it cannot tell legacy Vietnamese from Spanish or German, so the detector is
ours, built never to touch correct Unicode:

- a quick count first: text with fewer than ``MIN_MARKS`` Latin-1 characters that are
  not Vietnamese letters ("Ö", "µ", "¸", "ñ"...) beside an ASCII letter, or with more
  Vietnamese-only Unicode letters (ơ, ư, đ, ă, ạ..ỹ) than such characters, is Unicode
  and is returned as it is;
- otherwise each encoding converts each segment (a line, or a text run between tags)
  that holds a legacy mark and no Vietnamese-only Unicode letter: a word counts for an encoding when the
  conversion makes a Vietnamese word (Vietnamese letters, one tone mark at most) of one
  that was not. The encoding with the most such words over the document is taken when it
  has at least ``MIN_WORDS``; a segment is converted only where four in five of the
  words it changes become Vietnamese words (a Unicode menu beside a legacy article
  stays as it is).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from viparse.normalize.tables import Charmap
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.viscii import VISCII
from viparse.normalize.vni import VNI


class LegacyTable:
    """One of viparse's tables applied as viparse's ``convert`` does (longest legacy
    sequence first, then NFC), but by ``str.translate`` or one regex, about fifty times
    faster: the detector tries every table on every page that looks legacy."""

    def __init__(self, charmap: Charmap, extra: dict[str, str] | None = None) -> None:
        self.name = charmap.name
        self.mapping = dict(charmap.pairs) | (extra or {})
        if all(len(legacy) == 1 for legacy in self.mapping):
            self.table = str.maketrans(self.mapping)
            self.pattern = None
        else:
            alternatives = sorted(self.mapping, key=len, reverse=True)
            self.pattern = re.compile("|".join(map(re.escape, alternatives)))

    def convert(self, text: str) -> str:
        if self.pattern is None:
            text = text.translate(self.table)
        else:
            text = self.pattern.sub(lambda match: self.mapping[match.group()], text)
        return unicodedata.normalize("NFC", text)


# viparse leaves out VNI's ẳ and Ẳ (not seen in its documents): ă's tone keys are é è ú ü ë
# (sắc, huyền, hỏi, ngã, nặng; "aé" ắ, "aü" ẵ are in its table), so ẳ is "aú".
VNI_MISSING = {"aú": "ẳ", "AÚ": "Ẳ"}
ENCODINGS: dict[str, LegacyTable] = {"tcvn3": LegacyTable(TCVN3), "vni": LegacyTable(VNI, VNI_MISSING),
                                     "viscii": LegacyTable(VISCII)}

# A Vietnamese syllable, tone marks aside: onset consonants, a vowel or one of the vowel
# groups of chữ quốc ngữ, a final consonant (no f, j, w, z).
_VOWEL_GROUPS = ("iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu "
                 "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
                 "a ă â e ê i o ô ơ u ư y").split()
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    f"(?:{'|'.join(_VOWEL_GROUPS)})(ch|ng|nh|[cmnpt])?")
# A syllable closed by p, t, c or ch takes the sắc or nặng tone only ("các", "học"; no "càc").
_CHECKED_FINALS = ("c", "ch", "p", "t")
_CHECKED_TONES = ("", "\u0301", "\u0323")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_DROP_TONES = str.maketrans("", "", _TONES)


def is_vietnamese_word(word: str) -> bool:
    """A Vietnamese syllable: chữ quốc ngữ's letters in its shape, one tone mark at most,
    the tone of a closed syllable sắc or nặng."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = decomposed.translate(_DROP_TONES)
    if len(decomposed) - len(toneless) > 1:
        return False
    match = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", toneless))
    if match is None:
        return False
    tone = "".join(c for c in decomposed if c in _TONES)
    return match.group(1) not in _CHECKED_FINALS or tone in _CHECKED_TONES


# Latin-1 characters that are not Vietnamese letters: the telltale of legacy text.
# The C1 controls (0x80..0x9F) too: VISCII puts 32 capitals there.
_VIETNAMESE_LATIN1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
LEGACY_MARKS = "".join(chr(code) for code in range(0x80, 0x100) if chr(code) not in _VIETNAMESE_LATIN1)
_LEGACY_MARK = re.compile(f"[{re.escape(LEGACY_MARKS)}]")
# Letters only Vietnamese writes, none of them in Latin-1: ă đ ơ ư and U+1EA0..U+1EF9 (ạ..ỹ).
_VIETNAMESE_LETTER = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
MIN_MARKS = 3
MIN_WORDS = 3
# Punctuation that may close or open a word (not the Latin-1 signs legacy text uses as letters).
_EDGE_PUNCTUATION = "\"'()[]{},.;:!?-\u2013\u2014\u2018\u2019\u201c\u201d\u2026/"
_TAG = re.compile(r"(<[^>]*>)")
_C1_AS_CP1252 = {code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0)
                 if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}  # the five bytes Windows-1252 leaves out
_ASCII_LETTER = re.compile("[A-Za-z]")


@dataclass
class _Gain:
    words: int = 0  # words the conversion makes Vietnamese (they were not)
    changed: int = 0  # words the conversion changes
    vietnamese: int = 0  # changed words that are Vietnamese once converted

    def converts(self) -> bool:
        """Most changed words become Vietnamese words, some that were not."""
        return self.words > 0 and self.vietnamese * 5 >= self.changed * 4


def _gain(segment: str, table: LegacyTable) -> tuple[_Gain, str]:
    converted = table.convert(segment)
    gain = _Gain()
    before, after = segment.split(), converted.split()
    if len(before) != len(after):
        return _Gain(), converted
    for old, new in zip(before, after, strict=True):
        if old == new:
            continue
        gain.changed += 1
        old, new = old.strip(_EDGE_PUNCTUATION), new.strip(_EDGE_PUNCTUATION)
        if is_vietnamese_word(new):
            gain.vietnamese += 1
            # A word of signs alone ("»", "©", "½") is no evidence: some letters are ASCII.
            gain.words += not is_vietnamese_word(old) and _ASCII_LETTER.search(old) is not None
    return gain, converted


# Bytes that are not legacy marks once a text is encoded as Latin-1: ASCII and the
# Vietnamese letters Latin-1 has.
_NOT_MARK_BYTES = bytes(range(0x80)) + _VIETNAMESE_LATIN1.encode("latin-1")


def legacy_mark_count(text: str) -> int:
    """How many legacy marks ``text`` holds, beside a letter or not: its Latin-1
    characters (encoded in C, every other character dropped) but ASCII and Vietnamese
    letters. About a third of the cost of the regex scan that finds them one by one."""
    return len(text.encode("latin-1", "ignore").translate(None, _NOT_MARK_BYTES))


def _count_up_to(pattern: re.Pattern, text: str, limit: int) -> int:
    """How many times ``pattern`` matches ``text``, counted up to ``limit`` (the scan stops there)."""
    found = 0
    for found, _ in enumerate(pattern.finditer(text), 1):
        if found >= limit:
            break
    return found


def looks_legacy(text: str) -> bool:
    """The quick test: enough legacy marks beside an ASCII letter, in a word ("ViÖt",
    "Vieät"; not "©" or "»" alone), and more of them than Vietnamese letters.
    The marks beside a letter are at most all the marks (``legacy_mark_count``, cheap),
    so fewer than ``MIN_MARKS`` of those, or as many Vietnamese letters (on a Unicode
    page, found in its first lines), say no before any mark is looked at."""
    all_marks = legacy_mark_count(text)
    if all_marks < MIN_MARKS:
        return False
    letters = _count_up_to(_VIETNAMESE_LETTER, text, all_marks)  # all of them when fewer
    if letters >= all_marks:
        return False
    marks = marks_beside_letters(text)
    return marks >= MIN_MARKS and marks > letters


def marks_beside_letters(text: str) -> int:
    """How many legacy marks of ``text`` stand beside an ASCII letter (a regex scan of the
    whole text)."""
    marks = 0
    for match in _LEGACY_MARK.finditer(text):
        at = match.start()
        marks += text[at - 1:at].isascii() and text[at - 1:at].isalpha() or (
            text[at + 1:at + 2].isascii() and text[at + 1:at + 2].isalpha())
    return marks


def repair_legacy(text: str, markup: bool = False) -> tuple[str, str | None]:
    """``text`` with its legacy-encoded parts (TCVN3, VNI, VISCII, as Latin-1 letters)
    in Unicode NFC, and the encoding found (None: the text is returned unchanged).
    ``markup``: HTML, whose tags are left alone and whose text runs are segments."""
    if text.isascii() or not looks_legacy(text):
        return text, None
    segments = _TAG.split(text) if markup else text.splitlines(keepends=True)
    # Text runs (not tags) with a legacy mark and no letter that only Unicode has.
    candidates = [i for i, segment in enumerate(segments) if not (markup and i % 2) and not segment.isascii()
                  and _LEGACY_MARK.search(segment) and not _VIETNAMESE_LETTER.search(segment)]
    best_name, best_words, best = None, 0, {}
    for name, table in ENCODINGS.items():
        results = {i: _gain(segments[i], table) for i in candidates}
        words = sum(gain.words for gain, _ in results.values())
        if words > best_words:
            best_name, best_words, best = name, words, results
    if best_words < MIN_WORDS:
        return text, None
    for i, (gain, converted) in best.items():
        if gain.converts():
            segments[i] = converted
    return "".join(segments), best_name


def decode_legacy(data: bytes, markup: bool = False, rival: str | None = None) -> tuple[str, str] | None:
    """Bytes of a legacy-encoded Vietnamese text (HTML with ``markup``), in Unicode, and
    the encoding; None when they are not, or when ``rival`` (the same bytes decoded by
    their declared charset or as Windows-1258) holds as many Vietnamese words. Each byte
    is read as its Latin-1 character (VISCII puts letters at 0x80..0x9F, where
    Windows-1252 has punctuation); for TCVN3 and VNI those bytes are then Windows-1252's."""
    text, name = repair_legacy(data.decode("latin-1"), markup)
    if not name or rival is not None and vietnamese_words(rival) >= vietnamese_words(text):
        return None
    if name != "viscii":  # TCVN3 and VNI are Windows fonts: 0x80..0x9F are its quotes and dashes
        text = text.translate(_C1_AS_CP1252)
    return text, name


def vietnamese_words(text: str) -> int:
    """How many words of ``text`` are Vietnamese syllables with a letter outside ASCII."""
    return sum(1 for word in text.split() if not word.isascii() and is_vietnamese_word(word.strip(_EDGE_PUNCTUATION)))
