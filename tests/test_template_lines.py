"""Cross-document evidence: a line recurring in many text documents of one host in a run
is template (template_lines.py), removed with its own reason; hosts with few documents
are left alone; the count table stays within its bound and keeps the recurring lines."""

from __future__ import annotations

import random
from pathlib import Path

from cleaners.app.inputs import Task
from cleaners.app.template_counts import MIN_DOCUMENTS, TemplateCounter, host_of

from .conftest import read_jsonl
from .scale_inputs import run_clean, write_wet

WORDS = (
    "người dân thành phố hội nghị kinh tế xã hội phát triển năm nay được tổ chức tại với sự tham gia "
    "của đại biểu các bộ ngành địa phương doanh nghiệp chính sách quan trọng trong bối cảnh mới"
).split()
# A site's own promotion, standing under every article as znews.vn's book-club paragraph does.
PROMO = (
    "Báo Mẫu giới thiệu tới bạn đọc chuyên trang Sống khỏe với nhiều bài viết hữu ích về dinh "
    "dưỡng, luyện tập và chăm sóc sức khỏe cho cả gia đình."
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 24))]
    return " ".join(words).capitalize() + "."


def article_dump(index: int) -> tuple[list[str], str]:
    """A full-page dump of one article of the site: its body lines and the page."""
    rng = random.Random(index)
    body = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(4)]
    page = [
        "Báo Mẫu",
        "Trang chủ",
        "Thời sự",
        "Kinh tế",
        "Đăng nhập",
        f"Thứ Hai, {index % 27 + 1}/3/2026 08:00 (GMT+7)",
        f"Tiêu đề bài viết số {index} về kinh tế xã hội",
        *body,
        PROMO,
        "Minh Anh",
        "Tin liên quan",
        "Giấy phép số 123/GP-BTTTT",
    ]
    return body, "\n".join(page)


def _write_site(folder: Path, count: int) -> dict[str, list[str]]:
    folder.mkdir(parents=True)
    bodies = {}
    for index in range(count):
        body, page = article_dump(index)
        path = folder / f"{index:03d}.txt"
        path.write_text(page, encoding="utf-8")
        bodies[str(path)] = body
    return bodies


def test_a_line_recurring_in_a_hosts_documents_is_removed_as_template(tmp_path: Path):
    bodies = _write_site(tmp_path / "site", MIN_DOCUMENTS + 1)
    out = tmp_path / "out.jsonl"
    assert run_clean([tmp_path / "site"], out, "--explain") == 0
    records = read_jsonl(out)
    assert {r["source"]: r["text"].split("\n") for r in records} == bodies
    for record in records:
        removed = [(e["step"], e["reason"], e["text"]) for e in record["explain"]]
        assert ("template_lines", "template_line", PROMO) in removed

    plain = tmp_path / "plain.jsonl"
    run_clean([tmp_path / "site"], plain, "--no-template-lines")
    assert all(PROMO in r["text"] for r in read_jsonl(plain))


def test_a_host_with_few_documents_gives_no_evidence(tmp_path: Path):
    _write_site(tmp_path / "site", MIN_DOCUMENTS - 1)
    out = tmp_path / "out.jsonl"
    run_clean([tmp_path / "site"], out)
    assert all(PROMO in r["text"] for r in read_jsonl(out))


def test_hosts_come_from_the_urls_of_a_wet_file(tmp_path: Path):
    # Six records: four of one host, two of another; no host reaches MIN_DOCUMENTS except
    # when both are counted together, which they must not be.
    pages = [article_dump(index)[1] for index in range(6)]
    urls = [f"https://www.baomau.vn/bai-{n}.html" for n in range(4)] + [
        f"https://khac.vn/{n}" for n in range(2)
    ]
    wet = write_wet(tmp_path / "CC-MAIN-test.warc.wet.gz", list(zip(urls, pages, strict=True)))
    out = tmp_path / "out.jsonl"
    run_clean([wet], out)
    assert all(PROMO in r["text"] for r in read_jsonl(out))
    assert host_of(Task(f"{wet}#2", "text", "", url=urls[0])) == "baomau.vn"
    assert host_of(Task(f"{wet}#2", "text", "")) == f"file:{wet}"


def test_the_count_table_stays_bounded_and_keeps_recurring_lines():
    counter = TemplateCounter(max_entries=200)
    for index in range(60):
        counter.add("baomau.vn", article_dump(index)[1])
        assert len(counter.counts) <= 200
    assert counter.pruned > 0
    _, page = article_dump(1000)
    template = counter.template("baomau.vn", page)
    assert PROMO.lower() in template and "trang chủ" in template
    assert not any(line.lower() in template for line in article_dump(1000)[0])
