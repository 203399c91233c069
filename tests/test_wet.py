"""Common Crawl WET input: each text/plain conversion record of a ``.warc.wet.gz`` or
``.wet`` file is a document, cleaned by the text path, with ``url`` from
WARC-Target-URI and source ``path#N``; ``--lang vi`` keeps the Vietnamese ones; the
datatrove step, fed by datatrove's own WarcReader, gives the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import by_source, read_jsonl
from .scale_inputs import run_clean, write_wet
from .test_textform import BODY, DUMP

ENGLISH = "\n".join(
    [
        "Home",
        "World",
        "Business",
        "Sign in",
        "Harbour city opens a new ferry line across the bay",
        "The city council opened a new ferry line on Monday, linking the old harbour with the "
        "islands across the bay for the first time in twenty years.",
        "Officials said the boats would run every half hour during the summer and every hour in the "
        "winter, and that tickets would cost the same as a bus ride into the centre of town.",
        "Most read",
        "Storm closes mountain roads",
        "Copyright 2024 The Harbour Times",
    ]
)
MENU_ONLY = "\n".join(["Trang chủ", "Thời sự", "Kinh tế", "Đăng nhập", "Liên hệ"])
DOCUMENTS = [
    ("https://baomau.vn/ha-noi-giao-thong-123.html", DUMP),
    ("https://harbourtimes.example/ferry", ENGLISH),
    ("https://baomau.vn/lien-he", MENU_ONLY),
]


@pytest.mark.parametrize("name", ["CC-MAIN-test.warc.wet.gz", "plain.wet"])
def test_each_conversion_record_is_a_document_cleaned_as_text(tmp_path: Path, name: str):
    wet = write_wet(tmp_path / name, DOCUMENTS)
    out = tmp_path / "out.jsonl"
    assert run_clean([wet], out) == 0  # the menu-only record is skipped (no article), not failed
    records = by_source(read_jsonl(out))
    # Record 1 is the warcinfo record: the conversion records are #2, #3, #4.
    assert sorted(records) == [f"{wet}#2", f"{wet}#3"]
    vietnamese = records[f"{wet}#2"]
    assert vietnamese["url"] == DOCUMENTS[0][0]
    assert vietnamese["title"] == "Hà Nội tăng cường bảo đảm trật tự an toàn giao thông"
    assert vietnamese["text"].split("\n") == BODY
    assert vietnamese["lang"] == "vi"
    english = records[f"{wet}#3"]
    assert english["url"] == DOCUMENTS[1][0] and english["lang"] == "en"
    assert english["title"] == "Harbour city opens a new ferry line across the bay"
    assert "Most read" not in english["text"] and "Copyright" not in english["text"]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["source"], e["reason"]) for e in errors] == [(f"{wet}#4", "no_article")]


def test_lang_vi_keeps_the_vietnamese_records(tmp_path: Path):
    wet = write_wet(tmp_path / "CC-MAIN-test.warc.wet.gz", DOCUMENTS)
    out = tmp_path / "out.jsonl"
    run_clean([wet], out, "--lang", "vi")
    assert [r["source"] for r in read_jsonl(out)] == [f"{wet}#2"]


def test_the_datatrove_step_cleans_wet_records_as_clean_does(tmp_path: Path):
    pytest.importorskip("datatrove", reason="datatrove is not installed: pip install -e '.[scale]'")
    from datatrove.pipeline.readers import WarcReader

    from cleaners.app.datatrove_step import CleanStep

    wet = write_wet(tmp_path / "CC-MAIN-test.warc.wet.gz", DOCUMENTS)
    run_clean([wet], tmp_path / "out.jsonl")
    expected = {r["url"]: r for r in read_jsonl(tmp_path / "out.jsonl")}
    documents = list(CleanStep().run(WarcReader(str(tmp_path), glob_pattern="*.wet.gz")()))
    assert {d.metadata["url"]: d.text for d in documents} == {url: r["text"] for url, r in expected.items()}
    assert {d.metadata["url"]: d.metadata["title"] for d in documents} == {
        url: r["title"] for url, r in expected.items()
    }
