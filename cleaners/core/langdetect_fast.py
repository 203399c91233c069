"""langdetect's detector with its text preparation done by str.translate, regexes and slices.

langdetect spends most of its time in ``Detector._extract_ngrams``, which feeds the text
through ``NGram.add_char`` one character at a time (a Unicode block search per character).
``FastDetector`` builds the very same n-gram list, in the same order, from the whole text
at once: every character normalized by a memo of langdetect's own ``NGram.normalize``
(``NORMALIZED``), the n-grams of each word taken by slicing and remembered for frequent
words. The detection itself (its profiles, its seeded random sampling, the probability
updates) is langdetect's, so the languages and probabilities are langdetect's to the bit.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable

from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.utils.ngram import NGram

# Distinct words whose n-grams are remembered (a Vietnamese syllable or a word of another
# language, with its trailing space): the common ones, about 3.5 MB when full.
WORD_CACHE = 8192

_SPACE_RUNS = re.compile("  +")
_LATIN_LETTERS = dict.fromkeys(range(ord("A"), ord("z") + 1))  # langdetect's 'A' <= ch <= 'z'
_LATIN_BYTES = bytes(range(ord("A"), ord("z") + 1))
_LEAD_BYTES_FROM_U0300 = bytes(range(0xCC, 0x100))


class _NormalizedChars(dict):
    """Code point -> ``NGram.normalize`` of its character, computed on first sight (a
    table for ``str.translate``: one dictionary lookup per character afterwards). Kept
    for the basic plane only, so that it never holds more than 65,536 entries."""

    def __missing__(self, code: int) -> str:
        normalized = NGram.normalize(chr(code))
        if code <= 0xFFFF:
            self[code] = normalized
        return normalized


NORMALIZED = _NormalizedChars()


def word_ngrams(piece: str, profiles: dict[str, list[float]]) -> tuple[str, ...]:
    """The n-grams langdetect's ``_extract_ngrams`` takes from one normalized word, in its
    order: for each character, the 1-, 2- and 3-gram ending there (a space before the
    word), those in ``profiles``; ``piece`` ends with a space when one follows the word,
    which adds the 2- and 3-gram ending in that space. A capital after a capital
    (acronyms, words in capitals) gives none, as in langdetect."""
    padded = " " + piece
    grams: list[str] = []
    for end in range(1, len(padded)):
        char = padded[end]
        if char.isupper() and padded[end - 1].isupper():
            continue
        # sys.intern: one string per n-gram, shared by all the words cached
        if char != " " and char in profiles:
            grams.append(sys.intern(char))
        gram = padded[end - 1 : end + 1]
        if gram in profiles:
            grams.append(sys.intern(gram))
        if end > 1:
            gram = padded[end - 2 : end + 1]
            if gram in profiles:
                grams.append(sys.intern(gram))
    return tuple(grams)


def cached_word_ngrams(profiles: dict[str, list[float]]) -> Callable[[str], tuple[str, ...]]:
    """``word_ngrams`` for these profiles, remembering the last ``WORD_CACHE`` words."""
    return functools.lru_cache(maxsize=WORD_CACHE)(functools.partial(word_ngrams, profiles=profiles))


class FastDetector(Detector):
    """langdetect's ``Detector``, giving the same results: only ``append``,
    ``cleaning_text`` and ``_extract_ngrams`` are rewritten, to work on the whole text."""

    def __init__(self, factory: DetectorFactory, ngrams_of_word: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__(factory)
        self._ngrams_of_word = ngrams_of_word

    def append(self, text: str) -> None:
        """As langdetect: URLs and e-mail addresses out, Vietnamese combining marks
        composed, cut to the maximum length, runs of spaces made one."""
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        self.text += _SPACE_RUNS.sub(" ", text[: max(self.max_text_length, 0)])

    def cleaning_text(self) -> None:
        """As langdetect: drop the characters 'A' to 'z' when fewer than half as many as
        those from U+0300 up (langdetect meant to leave out U+1E00-U+1EFF, but its test
        compares a block number with a block name and never does)."""
        # Counted in UTF-8: 'A'-'z' are bytes of their own there, and a character from
        # U+0300 up is one lead byte from 0xCC up, never a continuation byte (0x80-0xBF).
        data = self.text.encode("utf-8", "surrogatepass")
        latin_count = len(data) - len(data.translate(None, _LATIN_BYTES))
        non_latin_count = len(data) - len(data.translate(None, _LEAD_BYTES_FROM_U0300))
        if latin_count * 2 < non_latin_count:
            self.text = self.text.translate(_LATIN_LETTERS)

    def _extract_ngrams(self) -> list[str]:
        words = self.text.translate(NORMALIZED).split(" ")
        last = words.pop()
        ngrams: list[str] = []
        for word in words:
            if word:
                ngrams += self._ngrams_of_word(word + " ")
        if last:
            ngrams += self._ngrams_of_word(last)
        return ngrams


class FastDetectorFactory(DetectorFactory):
    """langdetect's ``DetectorFactory`` whose detectors are ``FastDetector``s; it keeps
    the n-grams of the most frequent words for the profiles it holds."""

    def __init__(self) -> None:
        super().__init__()
        self._ngrams_of_word: Callable[[str], tuple[str, ...]] | None = None

    def add_profile(self, profile, index, langsize) -> None:
        super().add_profile(profile, index, langsize)
        self._ngrams_of_word = None

    def clear(self) -> None:
        super().clear()
        self._ngrams_of_word = None

    def _create_detector(self) -> Detector:
        if not self.langlist:
            return super()._create_detector()  # langdetect's "Need to load profiles."
        if self._ngrams_of_word is None:
            self._ngrams_of_word = cached_word_ngrams(self.word_lang_prob_map)
        return FastDetector(self, self._ngrams_of_word)
