"""The ``corpus`` quality filters (``clean --filter corpus``, off by default): rules in the
style of Gopher (Rae et al. 2021, as datatrove's GopherQualityFilter and
GopherRepetitionFilter apply them) and C4 (Raffel et al. 2020), adapted to Vietnamese:
words are what spaces separate (Vietnamese writes each syllable apart, so Gopher's word
lengths and stop words do not carry over), letters are the Vietnamese alphabet's.

Each rule has a name, which is the drop reason (``filter_*`` in the errors file and the
summary). Thresholds were measured on the saved pages and the samples (docs/corpus.md):
every real article passes, with a margin.

Written here rather than taken from datatrove: its filters need spaCy with pyvi to split
Vietnamese words (heavy, and a model of compound words where the rules need syllables),
and datatrove is only in the optional scale extra.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

FILTER_PRESETS = ("none", "corpus")
FILTER_REASON_PREFIX = "filter_"

_LETTER = re.compile(r"[^\W\d_]")
# The Vietnamese alphabet (with f, j, w, z of loan words and names) and its diacritics.
_VIETNAMESE_LETTER = re.compile("[a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự"
                                "ỳýỷỹỵÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]")
_SENTENCE_END = tuple('.!?…:;"”’)»')
_SYMBOL_WORD = re.compile(r"^(#+|\.\.\.+|…)$")


def text_stats(text: str) -> dict[str, float]:
    """The measures the rules read: words, lines, shares and repetition fractions."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    words = text.split()
    letters = _LETTER.findall(text)
    chars = sum(len(w) for w in words) or 1
    line_counts = Counter(lines)
    stats = {
        "words": len(words),
        "lines": len(lines),
        "letter_share": len(letters) / chars,
        "vietnamese_letter_share": len(_VIETNAMESE_LETTER.findall(text)) / (len(letters) or 1),
        "symbol_word_ratio": sum(1 for w in words if _SYMBOL_WORD.match(w)) / (len(words) or 1),
        "ellipsis_line_share": sum(line.endswith(("...", "…")) for line in lines) / (len(lines) or 1),
        "sentence_end_share": sum(line.endswith(_SENTENCE_END) for line in lines) / (len(lines) or 1),
        "dup_line_share": sum(n - 1 for n in line_counts.values()) / (len(lines) or 1),
    }
    lowered = [w.lower() for w in words]
    for n in (2, 3, 4):
        grams = Counter(tuple(lowered[i:i + n]) for i in range(len(lowered) - n + 1))
        top = grams.most_common(1)
        stats[f"top_{n}gram_char_share"] = (sum(map(len, top[0][0])) * top[0][1] / chars) if top else 0.0
    for n in (5, 10):
        grams = Counter(tuple(lowered[i:i + n]) for i in range(len(lowered) - n + 1))
        repeated = set()
        for i in range(len(lowered) - n + 1):
            if grams[tuple(lowered[i:i + n])] > 1:
                repeated.update(range(i, i + n))
        stats[f"dup_{n}gram_char_share"] = sum(len(lowered[i]) for i in repeated) / chars
    return stats


@dataclass(frozen=True)
class Rule:
    """One quality rule: the document is dropped with ``reason`` when ``measure`` is
    below ``at_least`` or above ``at_most``."""

    reason: str
    measure: str
    at_least: float | None = None
    at_most: float | None = None

    def broken(self, stats: dict[str, float]) -> str | None:
        value = stats[self.measure]
        if self.at_least is not None and value < self.at_least:
            return f"{self.measure} {value:.3g} below {self.at_least:g}"
        if self.at_most is not None and value > self.at_most:
            return f"{self.measure} {value:.3g} above {self.at_most:g}"
        return None


# Measured on the 12 saved pages and 5 samples (lowest or highest value in brackets).
CORPUS_RULES = (
    Rule("filter_too_few_words", "words", at_least=50),  # Gopher's 50 (158)
    Rule("filter_too_many_words", "words", at_most=100_000),  # Gopher's 100,000 (4,401)
    Rule("filter_few_letters", "letter_share", at_least=0.6),  # Gopher: words of letters (0.87)
    Rule("filter_not_vietnamese_alphabet", "vietnamese_letter_share", at_least=0.9),  # (1.00)
    Rule("filter_symbols", "symbol_word_ratio", at_most=0.1),  # Gopher's "#" and "..." words (0)
    Rule("filter_ellipsis_lines", "ellipsis_line_share", at_most=0.3),  # Gopher's 0.3 (0.17)
    Rule("filter_no_sentence_ends", "sentence_end_share", at_least=0.5),  # C4's terminal punctuation (0.67)
    Rule("filter_repeated_lines", "dup_line_share", at_most=0.3),  # Gopher's 0.3 (0)
    Rule("filter_repeated_ngram", "top_2gram_char_share", at_most=0.2),  # Gopher's (0.056)
    Rule("filter_repeated_ngram", "top_3gram_char_share", at_most=0.18),  # Gopher's (0.060)
    Rule("filter_repeated_ngram", "top_4gram_char_share", at_most=0.16),  # Gopher's (0.076)
    # Gopher drops over 0.15 of characters in repeated 5-grams; Vietnamese official names
    # ("Ban Chỉ đạo công tác thông tin đối ngoại Trung ương") repeat: a sample has 0.44.
    Rule("filter_duplicated_ngrams", "dup_5gram_char_share", at_most=0.6),
    Rule("filter_duplicated_ngrams", "dup_10gram_char_share", at_most=0.5),  # Gopher's 0.10 (0.30)
)
PRESETS: dict[str, tuple[Rule, ...]] = {"none": (), "corpus": CORPUS_RULES}
_LOREM = re.compile(r"lorem ipsum", re.IGNORECASE)


def quality_filter(preset: str) -> Callable[[str], tuple[str, str] | None]:
    """The check of a preset: text -> None (kept) or (reason, message)."""
    if preset not in PRESETS:
        raise ValueError(f"filter {preset!r}: expected one of {', '.join(FILTER_PRESETS)}")
    rules = PRESETS[preset]

    def check(text: str) -> tuple[str, str] | None:
        if not rules:
            return None
        if _LOREM.search(text):  # C4's placeholder text rule
            return "filter_lorem_ipsum", "placeholder text (lorem ipsum)"
        stats = text_stats(text)
        for rule in rules:
            message = rule.broken(stats)
            if message:
                return rule.reason, message
        return None

    return check
