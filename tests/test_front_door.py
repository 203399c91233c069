"""The first hour of a new user: the README's commands and example run as written, the
demo crawl ends by itself, and a run with nothing to report leaves no errors file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import PYTHON, REPO, SAMPLES, read_jsonl, run_env

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


def test_readme_is_short_and_its_first_screen_shows_the_two_commands():
    lines = README.splitlines()
    assert len(lines) < 200
    first_screen = "\n".join(lines[:30])
    assert "python -m crawler.demo" in first_screen and ".ci/run" in first_screen
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test,scale]'" in ci and "\nruff check .\n" in ci
    assert "\npython -m pytest\n" in ci


def test_readme_library_example_runs_and_cleans_its_page():
    [example] = code_blocks(README.split("## Use the library", 1)[1], "python")[:1]
    done = subprocess.run(
        [PYTHON, "-c", example], cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    title, *text, last = done.stdout.strip().splitlines()
    assert title == "Hội nghị thông tin đối ngoại năm 2024"
    assert len(text) == 2 and text[0].startswith("Sáng 12/10") and text[1].endswith("trong thời gian tới.")
    assert last.startswith("vi {") and "related_block" in last and "footer" in last
    for boilerplate in ("Trang chủ", "Có thể bạn quan tâm", "Tin khác", "Giấy phép", "Đang online"):
        assert boilerplate not in "\n".join(text)


def test_library_source_is_optional():
    from cleaners import clean_html, clean_text

    text = (SAMPLES / "000_c836c6da90bc76a8.txt").read_text(encoding="utf-8")
    assert clean_text(text, url="https://example.vn/a.html").record["source"] == "https://example.vn/a.html"
    assert clean_text(text).record["source"] == "<text>"
    assert clean_html("<html><body><p>Trang chủ</p></body></html>").source == "<html>"


def run_demo(out: Path, *scrapy_args: str) -> subprocess.CompletedProcess:
    """``python -m crawler.demo -O OUT [-- SCRAPY_ARG...]`` from the checkout."""
    command = [PYTHON, "-m", "crawler.demo", "-O", str(out), *(["--", *scrapy_args] if scrapy_args else [])]
    return subprocess.run(command, cwd=REPO, env=run_env(), capture_output=True, text=True, timeout=300)


def test_demo_crawls_the_bundled_site_and_ends_by_itself(tmp_path):
    out = tmp_path / "demo.jsonl"
    done = run_demo(out)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    records = read_jsonl(out)
    assert len(records) == 12 and all(r["lang"] == "vi" and r["text"] for r in records)
    assert "articles written 12" in done.stderr
    assert "demo site: 12 articles at http://127.0.0.1:" in done.stderr


def test_a_run_with_nothing_to_report_leaves_no_errors_file_and_resumes(tmp_path):
    out = tmp_path / "samples.jsonl"
    first = subprocess.run(
        [PYTHON, "-m", "cleaners", str(SAMPLES), "-o", str(out)],
        cwd=tmp_path,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    assert len(read_jsonl(out)) == 5
    assert not (tmp_path / "samples.errors.jsonl").exists()
    again = subprocess.run(
        [PYTHON, "-m", "cleaners", str(SAMPLES), "-o", str(out), "--resume"],
        cwd=tmp_path,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0 and "read 0, written 0, skipped 0, failed 0, already done 5" in again.stderr
    assert len(read_jsonl(out)) == 5 and not (tmp_path / "samples.errors.jsonl").exists()
