"""clean --filter corpus: Gopher/C4-style rules for Vietnamese; no real article dropped,
each kind of non-article dropped with its own reason."""

from __future__ import annotations

import pytest

from bench.scoring import page_urls
from cleaners import clean_html, clean_text
from cleaners.app.cli import main
from cleaners.app.filters import quality_filter, text_stats

from .conftest import SAMPLES, read_jsonl

CHECK = quality_filter("corpus")
SAMPLE_TEXTS = [clean_text(p.read_text(encoding="utf-8"), p.name).record["text"] for p in sorted(SAMPLES.glob("*.txt"))]
BODY = [line for line in SAMPLE_TEXTS[3].split("\n") if len(line.split()) >= 20]


def test_no_sample_is_dropped():
    for text in SAMPLE_TEXTS:
        assert CHECK(text) is None


@pytest.mark.pages
def test_no_saved_page_is_dropped(pages_dir):
    urls = page_urls(pages_dir)
    for path in sorted(pages_dir.glob("*.html")):
        record = clean_html(path.read_bytes(), path.name, url=urls.get(path.stem)).record
        assert CHECK(record["text"]) is None, path.name


def test_none_keeps_everything():
    assert quality_filter("none")("Xem thêm") is None
    with pytest.raises(ValueError, match="filter 'strict'"):
        quality_filter("strict")


# Non-articles made of real text: the first words of an article, a teaser list (headlines
# cut with "..."), a menu, a page that repeats its paragraphs, Chinese text.
TEASERS = "\n".join(" ".join(line.split()[:12]) + "..." for line in BODY * 2)
MENU = "\n".join(["Trang chủ", "Thời sự", "Chính trị", "Kinh tế", "Văn hóa", "Xã hội", "Pháp luật", "Thể thao",
                  "Quốc tế", "Giáo dục", "Sức khỏe", "Du lịch"] * 5)
NOT_ARTICLES = [
    (" ".join(BODY[0].split()[:30]) + ".", "filter_too_few_words"),
    (TEASERS, "filter_ellipsis_lines"),
    (MENU, "filter_no_sentence_ends"),
    ("\n".join(BODY[:2] * 4), "filter_repeated_lines"),
    ("越南共产党第十三次全国代表大会在河内隆重开幕。" * 40 + "\n" + "\n".join(BODY[:3]), "filter_not_vietnamese_alphabet"),
    (BODY[0] + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit.", "filter_lorem_ipsum"),
    ("\n".join(BODY[:3]) + "\n" + " ".join(["..."] * 30) + ".", "filter_symbols"),
]


@pytest.mark.parametrize("text, reason", NOT_ARTICLES, ids=[reason for _, reason in NOT_ARTICLES])
def test_non_articles_are_dropped_with_their_reason(text, reason):
    dropped = CHECK(text)
    assert dropped is not None and dropped[0] == reason, (dropped, text_stats(text))


def test_the_command_reports_and_counts_filtered_records(tmp_path, capsys):
    (tmp_path / "teasers.txt").write_text("Tin liên quan\n" + TEASERS, encoding="utf-8")
    (tmp_path / "sample.txt").write_text(sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8"),
                                         encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "teasers.txt"), str(tmp_path / "sample.txt"), "-o", str(out), "--workers", "1",
                 "--no-progress", "--filter", "corpus"]) == 0
    assert [r["source"] for r in read_jsonl(out)] == [str(tmp_path / "sample.txt")]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["source"], e["reason"]) for e in errors] == [(str(tmp_path / "teasers.txt"), "filter_ellipsis_lines")]
    assert "skipped: filter_ellipsis_lines 1" in capsys.readouterr().err
