"""The HTML report (``vnclean --report``, the crawl's ``NEWS_REPORT``): what it embeds, that
it changes no record, where the removed lines stand, and the page itself opened in a real
headless Chromium (skipped, saying why, where none is installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from cleaners import clean_html
from cleaners.app.report import HtmlReport
from tests import synthetic_pages
from tests.conftest import NO_DEDUP, PYTHON, REPO, SAMPLES, read_jsonl, run_env
from tests.test_front_door import run_demo

CHROMIUM = next(
    (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (Debian: apt-get install chromium; .ci/run installs it)"
)


def embedded(path: Path, element_id: str):
    page = path.read_text(encoding="utf-8")
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def clean(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "cleaners", *map(str, args), "--workers", "1"],
        cwd=REPO,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The samples, three synthetic pages and an empty page, cleaned with --report."""
    folder = tmp_path_factory.mktemp("report")
    inputs = folder / "inputs"
    shutil.copytree(SAMPLES, inputs, ignore=shutil.ignore_patterns("*.tsv"))
    for make in (
        synthetic_pages.national_paper,
        synthetic_pages.provincial_portal,
        synthetic_pages.related_box_mid_article,
    ):
        (inputs / f"{make.__name__}.html").write_text(make().html, encoding="utf-8")
    (inputs / "empty.html").write_text(" \n", encoding="utf-8")
    # Two synthetic pages hold the same article: without dedup both are documents here.
    done = clean(inputs, "-o", folder / "out.jsonl", "--report", folder / "report.html", *NO_DEDUP)
    assert done.returncode == 1, done.stderr  # the empty page failed
    return folder, done


def test_report_embeds_every_document_and_the_summary(run):
    folder, done = run
    documents = embedded(folder / "report.html", "documents")
    info = embedded(folder / "report.html", "run")
    records = read_jsonl(folder / "out.jsonl")
    assert [d["source"] for d in documents if "error" not in d] == [r["source"] for r in records]
    [error] = [d for d in documents if "error" in d]
    assert error["source"].endswith("empty.html") and error["error"] == "empty"
    assert info["summary"][0] == "read 9, written 8, skipped 0, failed 1"
    assert set(info["summary"]) <= set(done.stderr.splitlines())
    removed = {}
    for record in records:
        for reason, count in record["removed"].items():
            removed[reason] = removed.get(reason, 0) + count
    assert info["removed"] == removed
    for document, record in zip([d for d in documents if "error" not in d], records, strict=True):
        assert "\n".join(document["lines"]) == record["text"]
        assert len(document["removed"]) == sum(record["removed"].values())


def test_report_changes_no_record_and_needs_nothing_outside_the_file(run, tmp_path):
    folder, _ = run
    plain = clean(folder / "inputs", "-o", tmp_path / "plain.jsonl", *NO_DEDUP)
    assert plain.returncode == 1
    assert (tmp_path / "plain.jsonl").read_bytes() == (folder / "out.jsonl").read_bytes()
    page = lxml.html.parse(str(folder / "report.html")).getroot()
    assert not page.xpath("//script[@src] | //link[@href] | //img | //iframe")
    assert not (folder / "report.html.partial").exists()


def test_removed_lines_stand_where_they_were_in_the_page():
    page = synthetic_pages.related_box_mid_article()
    record = clean_html(page.html, url="https://tin.example.vn/a.html", explain=True).record
    lines = record["text"].split("\n")
    box = [item for item in record["explain"] if item["reason"] == "related_block"]
    assert box and all(item["at"] == lines.index(synthetic_pages.BODY[2]) for item in box)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def dom(tmp_path: Path, url: str):
    done = chromium(tmp_path, "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return lxml.html.fromstring(done.stdout)


@needs_chromium
def test_report_in_chromium_lists_documents_and_filters_hide_lines(run, tmp_path):
    folder, _ = run
    url = (folder / "report.html").as_uri()
    page = dom(tmp_path, url)
    titles = [t.text_content() for t in page.xpath("//article[contains(@class, 'doc')]/h2")]
    assert len(titles) == len(embedded(folder / "report.html", "documents"))
    assert synthetic_pages.TITLE in titles
    related = page.xpath("//p[@data-reason='related_block']")
    assert related and not any(p.get("hidden") is not None for p in related)
    assert page.xpath("//div[@class='bar' and @data-reason='related_block']")

    filtered = dom(tmp_path, url + "#hide=related_block")
    related = filtered.xpath("//p[@data-reason='related_block']")
    others = filtered.xpath("//p[contains(@class, 'removed') and @data-reason!='related_block']")
    assert related and all(p.get("hidden") is not None for p in related)
    assert others and not any(p.get("hidden") is not None for p in others)

    found = dom(tmp_path, url + "#q=" + "Trung tâm Hội nghị tỉnh".replace(" ", "%20"))
    listed = found.xpath("//article[contains(@class, 'doc')]")
    assert len(listed) == 3 and len(listed) < len(titles)  # the three synthetic pages carry this sentence
    errors = dom(tmp_path, url + "#show=errors").xpath("//article[contains(@class, 'doc')]")
    assert [a.get("data-source").rsplit("/", 1)[1] for a in errors] == ["empty.html"]

    shot = tmp_path / "report.png"
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", url)
    assert done.returncode == 0 and shot.stat().st_size > 10_000


@needs_chromium
def test_ten_thousand_documents_are_paged(tmp_path):
    record = clean_html(
        synthetic_pages.national_paper().html, url="https://tin.example.vn/a.html", explain=True
    ).record
    report = HtmlReport(str(tmp_path / "big.html"), "10,000 documents")
    for index in range(10_000):
        report.add({**record, "source": f"doc-{index}", "title": f"Bài {index}"})
    report.close(["read 10000, written 10000, skipped 0, failed 0"])
    first = dom(tmp_path, (tmp_path / "big.html").as_uri())
    assert len(first.xpath("//article")) == 50
    assert first.get_element_by_id("page").text_content() == "page 1 of 200"
    last = dom(tmp_path, (tmp_path / "big.html").as_uri() + "#page=200")
    assert last.xpath("//article/h2")[-1].text_content() == "Bài 9999"


def test_crawl_report_setting(tmp_path):
    out, report = tmp_path / "articles.jsonl", tmp_path / "crawl.html"
    done = run_demo(out, "-s", f"NEWS_REPORT={report}")
    assert done.returncode == 0, done.stderr[-3000:]
    records = read_jsonl(out)
    documents = embedded(report, "documents")
    assert sorted(d["source"] for d in documents if "error" not in d) == sorted(r["source"] for r in records)
    assert all("explain" not in r for r in records)
    assert any(d["removed"] for d in documents)
    assert embedded(report, "run")["summary"][0].startswith("summary (finished):")
