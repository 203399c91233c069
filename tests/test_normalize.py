"""The normalisation step: one Unicode form, no invisible characters, one tone-mark
placement; correct modern text (the samples, the saved pages) unchanged but for the
tone placement."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import clean_html, clean_text
from cleaners.core.decode import decode_html
from cleaners.core.normalize import _OPEN_DIPHTHONG, _place_tone, normalize_vietnamese, place_tone_marks

from .conftest import SAMPLES

# (new style, old style): the mark on the main vowel (kiểu mới) or on the first (kiểu cũ).
TONE_PAIRS = [("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"), ("Uỷ ban", "Ủy ban"), ("toà án", "tòa án"),
              ("xoá", "xóa"), ("HOÀ BÌNH", "HÒA BÌNH"), ("nguỵ", "ngụy"), ("Thuý", "Thúy"), ("loè", "lòe")]
# Syllables written alike in both styles: a final consonant, "qu", three vowels, no tone.
SAME_IN_BOTH = ["hoàng", "quý", "quà", "khuya", "thuyết", "hoa", "tuy", "khoai", "ngoài", "thuở", "Hoa Kỳ"]


@pytest.mark.parametrize("new, old", TONE_PAIRS)
def test_tone_marks_placed_in_either_style(new, old):
    assert place_tone_marks(new, "old") == old
    assert place_tone_marks(old, "new") == new
    assert place_tone_marks(old, "old") == old
    assert place_tone_marks(new, "new") == new
    assert place_tone_marks(new, "keep") == new


@pytest.mark.parametrize("word", SAME_IN_BOTH)
def test_syllables_placed_alike_in_both_styles_are_left(word):
    assert place_tone_marks(word, "new") == word
    assert place_tone_marks(word, "old") == word


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="tone marks 'modern'"):
        place_tone_marks("hoà", "modern")


def test_invisible_characters_removed_and_odd_spaces_made_plain():
    text = "Thủ\u200b tướng\u00ad Chính phủ\u2060 họp\u2028báo"
    assert normalize_vietnamese(text, "keep") == "Thủ tướng Chính phủ họp báo"


def test_decomposed_text_is_composed():
    decomposed = unicodedata.normalize("NFD", "Hội nghị hòa bình")
    assert normalize_vietnamese(decomposed) == "Hội nghị hòa bình"


def test_windows_1258_combining_tone_marks_are_composed():
    # Windows-1258 writes "ệ" as ê (0xEA) and the combining dot below (0xF2), "ố" as ô
    # (0xF4) and the combining acute (0xEC), "ả" as a and the combining hook (0xD2).
    sentence = (b"Vi\xea\xf2t Nam t\xf4\xecc \xf0\xf4\xf2 ph\xe1t tri\xea\xd2n kinh t\xea\xec nhanh, "
                b"ng\xfd\xf5\xcci d\xe2n c\xe1c ti\xd2nh \xf0\xe2\xd2y ma\xf2nh sa\xd2n xu\xe2\xect v\xe0 xu\xe2\xect kh\xe2\xd2u.")
    page = (b"<html><head><meta charset='windows-1258'><title>Tin</title></head><body><article>"
            + b"<p>" + sentence + b"</p></article></body></html>")
    record = clean_html(page, "cp1258.html").record
    assert record is not None
    assert "Việt Nam tốc độ phát triển kinh tế nhanh" in record["text"]
    assert "người dân các tỉnh đẩy mạnh sản xuất và xuất khẩu" in record["text"]
    assert unicodedata.is_normalized("NFC", record["text"])


def test_clean_text_places_tone_marks_as_asked():
    text = ("Hội nghị hoà bình\n"
            "Hội nghị bàn về hoà bình và phát triển bền vững của khu vực trong năm tới.\n"
            "Uỷ ban nhân dân tỉnh chỉ đạo các sở ngành phối hợp thực hiện kế hoạch.")
    record = clean_text(text, "a.txt").record
    assert "hòa bình" in record["text"] and "Ủy ban" in record["text"]
    assert record["title"] == "Hội nghị hòa bình"
    kept = clean_text(text, "a.txt", tone_marks="keep").record
    assert "hoà bình" in kept["text"] and "Uỷ ban" in kept["text"]
    assert clean_text(text, "a.txt", tone_marks="new").record["hash"] == kept["hash"]
    assert clean_text(text, "a.txt").record["hash"] != kept["hash"]


_WORD = re.compile(r"\w+")


def _tone_moves_only(before: str, after: str) -> None:
    """``after`` differs from ``before`` only by tone marks moved within oa/oe/uy words."""
    words_before, words_after = _WORD.findall(before), _WORD.findall(after)
    assert len(words_before) == len(words_after)
    for old, new in zip(words_before, words_after, strict=True):
        if old != new:
            assert _without_tones(old) == _without_tones(new), (old, new)
            assert _without_tones(old).lower().endswith(("oa", "oe", "uy")), (old, new)
    assert _WORD.sub("", before) == _WORD.sub("", after)


def _without_tones(word: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", word) if c not in "\u0300\u0301\u0303\u0309\u0323"))


def _real_texts(pages_dir=None):
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SAMPLES.glob("*.txt"))]
    if pages_dir is not None:
        texts += [(path.name, decode_html(path.read_bytes())) for path in sorted(pages_dir.glob("*.html"))]
    return texts


def _check_unchanged_but_tones(texts) -> None:
    for name, text in texts:
        # A byte-order mark in the middle of a page is the one invisible character there.
        text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
        assert normalize_vietnamese(text, "keep") == text, name
        _tone_moves_only(text, normalize_vietnamese(text, "new"))
        _tone_moves_only(text, normalize_vietnamese(text, "old"))


def test_samples_unchanged_but_for_tone_placement():
    _check_unchanged_but_tones(_real_texts())


@pytest.mark.pages
def test_saved_pages_unchanged_but_for_tone_placement(pages_dir):
    _check_unchanged_but_tones(_real_texts(pages_dir))



ONSETS = ["", "h", "kh", "th", "x", "ng", "Q", "TH", "b"]
FIRST = list("oòóõỏọuùúũủụOÒÓUÚôư")
SECOND = list("aàáãảạeèéẹyỳýỹỷỵAÁEÉYÝâê")
ENDINGS = ["", "", "", "n", "ng", "t"]
syllables = st.builds(lambda *parts: "".join(parts), st.sampled_from(ONSETS), st.sampled_from(FIRST),
                      st.sampled_from(SECOND), st.sampled_from(ENDINGS))
texts = st.lists(st.one_of(syllables, st.sampled_from(["của", "và", "1", "-", "đã"])), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(texts, st.sampled_from(["old", "new"]))
def test_the_quick_check_never_skips_a_syllable_the_pattern_would_change(text, style):
    """place_tone_marks skips the syllable pattern on a text without the pairs either style
    changes: it gives what the pattern alone gives on any text."""
    assert place_tone_marks(text, style) == _OPEN_DIPHTHONG.sub(lambda match: _place_tone(match, style), text)
