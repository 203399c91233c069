"""The five sample documents through the text path, against gold labels written by
reading each sample line by line (tests/gold/*.labels.tsv: T title, K body, O caption,
A byline, P date line, S source, D boilerplate)."""

from __future__ import annotations

import re

import pytest

from cleaners import clean_text
from cleaners.core.normalize import normalize_vietnamese

from .conftest import GOLD, SAMPLES, read_gold

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def _plain(text: str) -> str:
    """A gold line in the corpus's written form (the gold keeps the sample's tone marks)."""
    return normalize_vietnamese(re.sub(r"\s+\|$", "", text.strip()))


@pytest.fixture(scope="module", params=SAMPLE_FILES, ids=lambda p: p.name[:3])
def cleaned(request):
    path = request.param
    result = clean_text(path.read_text(encoding="utf-8"), str(path), explain=True)
    assert result.ok, f"{path.name} gave no record: {result.reason} {result.message}"
    gold = read_gold(GOLD / (path.stem + ".labels.tsv"))
    return path.name, result.record, gold


def test_there_are_five_samples():
    assert len(SAMPLE_FILES) == 5


def test_every_body_paragraph_is_kept_in_order(cleaned):
    name, record, gold = cleaned
    lines = record["text"].split("\n")
    body = [_plain(text) for label, text in gold if label == "K"]
    positions = []
    for paragraph in body:
        assert paragraph in lines, f"{name}: body paragraph lost: {paragraph[:80]}"
        positions.append(lines.index(paragraph))
    assert positions == sorted(positions), f"{name}: body paragraphs out of order"


def test_text_holds_nothing_but_body_and_captions(cleaned):
    name, record, gold = cleaned
    allowed = {_plain(text) for label, text in gold if label in {"K", "O"}}
    for line in record["text"].split("\n"):
        assert line in allowed, f"{name}: not article text: {line[:80]}"


def test_no_boilerplate_byline_date_or_source_line_in_text(cleaned):
    name, record, gold = cleaned
    for label, text in gold:
        if label in {"D", "A", "P", "S"} and len(text.split()) >= 3:
            assert _plain(text) not in record["text"], f"{name}: {label} line leaked: {text[:80]}"


def test_no_line_is_repeated(cleaned):
    name, record, _ = cleaned
    lines = record["text"].split("\n")
    assert len(lines) == len(set(lines)), f"{name}: a line is repeated"


def test_title_is_the_headline(cleaned):
    name, record, gold = cleaned
    assert record["title"] == next(text for label, text in gold if label == "T"), name


def test_captions_are_taken_out_once(cleaned):
    name, record, gold = cleaned
    marked = [_plain(t) for label, t in gold if label == "O" and ("(Ảnh:" in t or t.endswith(" |"))]
    for caption in marked:
        assert caption in record["captions"], f"{name}: caption not in captions: {caption[:60]}"
        assert caption not in record["text"].split("\n"), f"{name}: caption left in text: {caption[:60]}"
    assert len(record["captions"]) == len(set(record["captions"]))


def test_record_has_the_spec_schema(cleaned):
    _, record, _ = cleaned
    assert set(record) >= {"url", "source", "title", "text", "date", "author", "sitename", "captions",
                           "lang", "lang_score", "hash"}
    assert record["lang"] == "vi" and 0.5 < record["lang_score"] <= 1.0
    assert re.fullmatch(r"[0-9a-f]{40}", record["hash"])


EXPECTED_METADATA = {
    # "Tin, ảnh: Quang Hòa" and "Nguồn Tuyên Quang: http://..." close sample 000.
    "000": {"author": "Quang Hòa",
            "url": "http://baotuyenquang.com.vn/tap-huan-cong-tac-thong-tin-doi-ngoai-va-nhan-quyen-196308.html"},
    # The closing "Nguyễn Hiền - Phòng QLTTBCXB" names the reporter and the office.
    "001": {"author": "Nguyễn Hiền", "url": None},
    "002": {"author": None},
    "003": {"author": None},
    # The article's date line, not the site's "Thứ Năm, 20/6/2024" banner above it.
    "004": {"author": "Nhật Minh", "date": "2022-10-25T15:21:00+07:00"},
}


def test_metadata(cleaned):
    name, record, _ = cleaned
    for key, value in EXPECTED_METADATA[name[:3]].items():
        assert record[key] == value, f"{name}: {key}"


def test_explain_says_why_each_line_went(cleaned):
    name, record, _ = cleaned
    assert record["explain"], name
    for removal in record["explain"]:
        assert removal["step"] and removal["reason"] and removal["text"]
    assert sum(record["removed"].values()) == len(record["explain"])
