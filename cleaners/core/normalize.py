"""One written form for Vietnamese text: Unicode NFC (which also composes the combining
tone marks of Windows-1258 text), no invisible characters that split or glue words
(zero-width spaces and joiners, soft hyphens, word joiners), NBSP and the other Unicode
spaces as plain spaces, and one tone-mark placement for the whole corpus.

Tone placement: in an open syllable ending in "oa", "oe" or "uy" the tone mark goes
either on the first vowel ("old" style, kiểu cũ: "hòa", "khỏe", "thủy", the placement
of today's major news sites) or on the second, the syllable's main vowel ("new" style,
kiểu mới, as UniKey's option "oà, uý" names it: "hoà", "khoẻ", "thuỷ"). Both are
correct; a corpus that mixes them counts one word as two. Measured on the samples
(73 old, 4 new) and the twelve saved pages (252 old, 16 new; docs/corpus.md), "old"
is the default. Only these syllables are touched: "hoàng", "quý", "khuya" (tone
placement the same in both styles) are left as they are.

No maintained package on PyPI does this (the Vietnamese "normalizer" packages are for
speech: they spell out numbers and dates); the rule is the one stated in the Vietnamese
Wikipedia article "Quy tắc đặt dấu thanh trong chữ quốc ngữ".
"""

from __future__ import annotations

import re
import unicodedata

TONE_STYLES = ("new", "old", "keep")
DEFAULT_TONE_MARKS = "old"

# Characters that carry no text but split or glue words when left in: zero-width space,
# joiners and non-joiner, word joiner, invisible operators, BOM, and the soft hyphen (a
# hyphenation hint that browsers hide; left in a word it makes two tokens of it).
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)
# Unicode spaces str.split() does not split on (it does on NBSP, U+2000..U+200A, U+202F...).
_ODD_SPACES = re.compile("[\u2028\u2029]")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
           "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x")


def _with_tones(bases: str) -> str:
    return "".join(unicodedata.normalize("NFC", base + tone) for base in bases for tone in ("", *_TONES))


_O_U = _with_tones("oOuU")
_A_E_Y = _with_tones("aeyAEY")
_ONSET_GROUP = "|".join(sorted((o for o in _ONSETS if o), key=len, reverse=True))
# A whole syllable: optional onset consonants, then o/u and a/e/y, nothing after.
_OPEN_DIPHTHONG = re.compile(
    rf"(?<![^\W\d_])((?i:{_ONSET_GROUP})?)([{_O_U}])([{_A_E_Y}])(?![^\W\d_])")
_PAIRS = {"oa", "oe", "uy"}
# What a syllable needs before either style changes it: an untoned o/u followed by a toned
# a/e/y (written "new", wanted "old"), or the reverse, ending the word, not after "q" (no
# onset ends in q: "quá" is left). A text without one is left as it is without running the
# syllable pattern (most Vietnamese text: 0.5 ms a page).
_TONED_A_E_Y = "".join(c for c in _A_E_Y if c not in "aeyAEY")
_TONED_O_U = "".join(c for c in _O_U if c not in "oOuU")
_NEEDS_CHANGE = {"old": re.compile(rf"(?<![qQ])[oOuU][{_TONED_A_E_Y}](?![^\W\d_])"),
                 "new": re.compile(rf"(?<![qQ])[{_TONED_O_U}][aeyAEY](?![^\W\d_])")}


def _place_tone(match: re.Match, style: str) -> str:
    onset, first, second = match.groups()
    first_base, first_tone = _split_tone(first)
    second_base, second_tone = _split_tone(second)
    if (first_base + second_base).lower() not in _PAIRS:
        return match.group(0)
    tone = first_tone or second_tone
    if not tone or first_tone and second_tone:
        return match.group(0)
    if style == "old":
        first, second = first_base + tone, second_base
    else:
        first, second = first_base, second_base + tone
    return onset + unicodedata.normalize("NFC", first) + unicodedata.normalize("NFC", second)


def _split_tone(letter: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", letter)
    return decomposed[0], "".join(c for c in decomposed[1:] if c in _TONES)


def place_tone_marks(text: str, style: str = DEFAULT_TONE_MARKS) -> str:
    """``text`` (NFC) with the tone of every open "oa", "oe", "uy" syllable on the first
    vowel (``old``) or the second (``new``); ``keep`` changes nothing."""
    if style == "keep" or text.isascii():
        return text
    if style not in TONE_STYLES:
        raise ValueError(f"tone marks {style!r}: expected one of {', '.join(TONE_STYLES)}")
    if not _NEEDS_CHANGE[style].search(text):
        return text
    return _OPEN_DIPHTHONG.sub(lambda match: _place_tone(match, style), text)


def normalize_vietnamese(text: str, tone_marks: str = DEFAULT_TONE_MARKS) -> str:
    """NFC, invisible characters removed, line separators as spaces, tone marks placed."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text.translate(_DROP_INVISIBLE))
    text = _ODD_SPACES.sub(" ", text)
    return place_tone_marks(text, tone_marks)
