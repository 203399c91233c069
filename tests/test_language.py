"""The language decision: our detector (langdetect-rs) gives exactly what langdetect's own
detector gives, its text after cleaning and every probability to the bit, on real texts of
every set we have and on random Unicode text."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import langdetect
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from langdetect.detector_factory import PROFILES_DIRECTORY
from lxml import html as lxml_html

from cleaners.core.language import SAMPLE_CHARS, SEED, _profiles, detect_language, known_languages

from .conftest import ARTICLEBODY, PAGES, READABILITY, SAMPLES, SHARED

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def langdetect_factory() -> langdetect.DetectorFactory:
    """langdetect's own factory and detectors, seeded as ours."""
    factory = langdetect.DetectorFactory()
    factory.set_seed(SEED)
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def what_it_sees(new_detector: Callable, text: str) -> tuple:
    """What a detector makes of ``text``: its text after langdetect's cleaning, and its
    languages with their probabilities (or langdetect's error)."""
    detector = new_detector()
    detector.append(text)
    detector.cleaning_text()
    prepared = detector.text
    detector = new_detector()
    detector.append(text)
    try:
        languages = [(language.lang, language.prob) for language in detector.get_probabilities()]
    except Exception as error:  # langdetect's and langdetect-rs's own exception classes
        languages = f"{type(error).__name__}: {error}"
    return prepared, languages


def assert_same_as_langdetect(text: str) -> None:
    ours = what_it_sees(_profiles().create, text)
    theirs = what_it_sees(langdetect_factory().create, text)
    assert ours[0] == theirs[0], "text after langdetect's cleaning differs"
    assert ours[1] == theirs[1], "languages or probabilities differ"


def assert_same_decision(text: str) -> None:
    """detect_language gives langdetect's best language and probability (4 places)."""
    sample = text[:SAMPLE_CHARS]
    detector = langdetect_factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
        expected = (best.lang, round(best.prob, 4))
    except langdetect.lang_detect_exception.LangDetectException:
        expected = ("unknown", 0.0)
    if not any(c.isalpha() for c in sample):
        expected = ("unknown", 0.0)
    assert detect_language(text) == expected


def real_texts() -> list[tuple[str, str]]:
    """(name, text): the samples, the saved pages' text dumps and gold lines, the
    articlebody gold texts and the Readability expected articles (from ../shared)."""
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SAMPLES.glob("*.txt"))]
    texts += [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted((SHARED / "textform").glob("*.txt"))
    ]
    for path in sorted(PAGES.glob("*.labels.tsv")) if PAGES.is_dir() else []:
        lines = [line.partition("\t")[2] for line in path.read_text(encoding="utf-8").splitlines()]
        texts.append((path.name, "\n".join(lines)))
    truth = ARTICLEBODY / "ground-truth.json"
    if truth.is_file():
        for key, entry in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
            texts.append((f"articlebody {key[:12]}", entry.get("articleBody") or ""))
    for path in sorted(READABILITY.glob("*.expected.html")) if READABILITY.is_dir() else []:
        texts.append((path.name, lxml_html.fromstring(path.read_text(encoding="utf-8")).text_content()))
    return texts


REAL = real_texts()


@pytest.mark.skipif(
    len(REAL) <= 5,
    reason=f"only the samples: the shared sets are not at {SHARED} (set VNCLEAN_SHARED to the shared folder)",
)
def test_the_shared_sets_are_all_read():
    names = " ".join(name for name, _ in REAL)
    assert "articlebody" in names and ".expected.html" in names and ".labels.tsv" in names
    languages = {detect_language(text)[0] for _, text in REAL}
    assert {"vi", "en", "ja", "ko", "ru", "zh-cn"} <= languages  # several scripts, not only Latin


@pytest.mark.parametrize(("name", "text"), REAL, ids=[name for name, _ in REAL])
def test_real_texts_get_langdetects_own_answer(name, text):
    assert_same_as_langdetect(text[:SAMPLE_CHARS])
    assert_same_decision(text)


@pytest.mark.parametrize(("name", "text"), REAL[::7], ids=[name for name, _ in REAL[::7]])
def test_whole_texts_and_cuts_inside_words_get_langdetects_own_answer(name, text):
    assert_same_as_langdetect(text)  # langdetect's own limit: 10,000 characters
    for start in (1, 333, 1001):
        assert_same_as_langdetect(text[start : start + 777])


# Characters langdetect treats apart: Vietnamese letters and combining marks (normalize_vi),
# Latin-1 (the excluded «°» and no-break space), Romanian comma letters, Latin Extended
# Additional, General Punctuation, Arabic (Farsi yeh), kana, bopomofo, CJK ideographs (its
# classes), Hangul, capitals (its acronym rule), digits and ASCII punctuation, URLs and mail.
SPECIAL = (
    "aAeEiIoOuUyYâÂêÊôÔăĂơƠưƯđĐ\u0300\u0301\u0303\u0309\u0323 \xa0«°»µßÿ\u0219\u021b"
    "\u1ea0\u1ec7\u1e00ạẠỳ\u2000\u2014\u201c\u2026\u06cc\u064a\u0628\u3042\u30a2\u3105"
    "\u31a0\u4e00\u4e01\u4e03\u6c38\u9fa5\uac00\ud7a3\u0410\u0436\u05d0\u0e01ÆØÅ0123456789"
    ".,;:!?-_'\"()[]\\^`{}@/#\n\t"
)
TOKENS = (
    "https://vnexpress.net/a-b.html?x=1",
    "ban.bien-tap@nhandan.vn",
    "UBND",
    "TP.HCM",
    "COVID-19",
    "Hà Nội",
    "nghiệp",
    "中华人民共和国",
    "日本語のテキスト",
    "한국어",
    "Москва",
    "the",
    "ﺍﻟ",
)


@st.composite
def mixed_text(draw) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=SPECIAL, max_size=40),
                st.text(max_size=20),  # any code point, astral planes and surrogates too
                st.sampled_from(TOKENS),
                st.integers(1, 4).map(lambda n: " " * n),
            ),
            max_size=30,
        )
    )
    return "".join(pieces)


@SETTINGS
@given(mixed_text())
@example("ABC DEF")  # capitals only: no n-gram inside the words
@example("a  b   c")  # runs of spaces
@example("中文 text 中文中文中文中文")  # few Latin letters among many others: Latin dropped
@example("Việt Nam ạạạạạạạạạạạạạạạạạạạạ ab")  # U+1Exx counted as non-Latin, as langdetect does
@example("ba\u0300 me\u0323 co\u0301")  # letters and combining marks composed
@example("bc \u0300\u0300\u0300\u0300\u0300")  # marks alone count as non-Latin: Latin dropped
@example("bcd \u02ff\u02ff\u02ff\u02ff\u02ff\u02ff\u02ff")  # below U+0300: Latin kept
@example("bc \u07ff\u0800\uffff\U00010000\udc80")  # every UTF-8 length, a lone surrogate
@example("x" * 12_000)  # past langdetect's 10,000 characters
def test_random_text_gets_langdetects_own_answer(text):
    assert_same_as_langdetect(text)
    assert_same_decision(text)


def test_langdetects_cleaning_is_kept():
    """As in langdetect: URLs and addresses go, runs of spaces become one, and the
    characters A-z go when fewer than half as many as those from U+0300 up."""
    detector = _profiles().create()
    detector.append("xem https://nhandan.vn/a.html  hoặc   gửi ban@nhandan.vn")
    assert detector.text == "xem hoặc gửi "
    detector = _profiles().create()
    detector.append("東京都 Tokyo 東京都東京都東京都")
    detector.cleaning_text()
    assert detector.text == "東京都  東京都東京都東京都"


def test_the_languages_are_langdetects():
    assert _profiles().langlist == langdetect_factory().langlist  # the same order: the same sums
    assert known_languages() == set(langdetect_factory().langlist) | {"unknown"}


def test_no_letter_is_unknown():
    assert detect_language("12/10/2024 - 08:30 (+84) ...") == ("unknown", 0.0)
    assert detect_language("") == ("unknown", 0.0)
    assert detect_language("Hội nghị tổng kết công tác năm 2024 của các sở, ngành")[0] == "vi"
