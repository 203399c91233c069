"""Bad input to ``python -m cleaners``: every broken input of tests/badinput.py gets a
clear error naming it and the reason (errors file and log), the run goes on, the good
records of the same run come out intact, and no traceback reaches the user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.core.decode import clean_str, decode_html, decode_html_utf8, repair_mojibake
from cleaners.core.limits import Limits

from . import badinput
from .conftest import NO_DEDUP, PYTHON, SAMPLES, by_source, read_jsonl, run_env


def clean(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "cleaners", "--no-progress", *NO_DEDUP, *args], cwd=cwd, env=run_env(),
                          input=stdin, capture_output=True, timeout=240)


def records_by_source(path: Path) -> dict[str, dict]:
    items = read_jsonl(path)
    records = by_source(items)
    assert len(records) == len(items), "a source was written twice"
    return records


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bad")
    expected = {os.path.relpath(source, work): outcome
                for source, outcome in badinput.build(work / "corpus").items()}
    shutil.copytree(SAMPLES, work / "samples")
    for sample in (work / "samples").iterdir():
        expected[str(sample.relative_to(work))] = badinput.Expected()
    run = clean("corpus", "samples", "missing.html", "-o", "out/clean.jsonl", "--workers", "2", cwd=work)
    expected["missing.html"] = badinput.Expected("not_found")
    return work, expected, run


def test_the_run_goes_on_and_reports_failure_by_exit_status(corpus_run):
    work, expected, run = corpus_run
    assert run.returncode == 1, run.stderr.decode()
    assert len(expected) >= 45


def test_no_traceback_reaches_the_user(corpus_run):
    _, _, run = corpus_run
    assert b"Traceback" not in run.stderr
    assert run.stdout == b""


def test_every_input_gets_its_record_or_its_reason(corpus_run):
    work, expected, _ = corpus_run
    records = records_by_source(work / "out" / "clean.jsonl")
    errors = records_by_source(work / "out" / "clean.errors.jsonl")
    for source, outcome in expected.items():
        if outcome.reason is None:
            assert source in records, f"{source}: no record ({errors.get(source)})"
        else:
            assert source not in records, f"{source}: a record from a bad input"
            assert source in errors, f"{source}: not reported"
            assert errors[source]["reason"] == outcome.reason, f"{source}: {errors[source]}"
    assert set(records) | set(errors) == set(expected)


def test_readable_charsets_and_mojibake_give_the_right_letters(corpus_run):
    work, expected, _ = corpus_run
    records = records_by_source(work / "out" / "clean.jsonl")
    for source, outcome in expected.items():
        if outcome.paragraphs:
            lines = records[source]["text"].split("\n")
            for paragraph in outcome.paragraphs:
                assert paragraph in lines, f"{source}: lost or garbled: {paragraph[:60]}"


def test_each_error_names_the_input_and_the_reason_in_the_log(corpus_run):
    work, _, run = corpus_run
    log = run.stderr.decode("utf-8")
    for source, error in records_by_source(work / "out" / "clean.errors.jsonl").items():
        assert error["message"], f"{source}: no message"
        assert f"{source}: {error['reason']}: " in log, f"{source}: not in the log"


def test_good_records_are_the_same_as_in_a_run_of_good_inputs_alone(corpus_run, tmp_path):
    work, expected, _ = corpus_run
    good = [source for source, outcome in expected.items() if outcome.reason is None and "#" not in source]
    for source in good:
        target = tmp_path / source
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / source, target)
    alone = clean(*good, "-o", "alone.jsonl", "--workers", "1", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr.decode()
    mixed = records_by_source(work / "out" / "clean.jsonl")
    for source, record in records_by_source(tmp_path / "alone.jsonl").items():
        assert mixed[source] == record


def test_unreadable_file(tmp_path):
    page = tmp_path / "secret.html"
    page.write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    page.chmod(0)
    try:
        if os.access(page, os.R_OK):
            pytest.skip("running as root: file permissions do not stop reading "
                        "(the corpus covers an unreadable file with an I/O error instead)")
        run = clean("secret.html", "-o", "out.jsonl", cwd=tmp_path)
    finally:
        page.chmod(0o644)
    assert run.returncode == 1
    error = json.loads((tmp_path / "out.errors.jsonl").read_text())
    assert error["source"] == "secret.html" and error["reason"] == "unreadable"


@pytest.mark.slow
def test_a_folder_of_ten_thousand_empty_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10_000):
        (folder / f"{number:05d}.html").touch()
    (folder / "99999_good.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    run = clean("many", "-o", "out.jsonl", "--workers", "2", cwd=tmp_path)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    errors = records_by_source(tmp_path / "out.errors.jsonl")
    assert len(errors) == 10_000 and {e["reason"] for e in errors.values()} == {"empty"}
    assert list(records_by_source(tmp_path / "out.jsonl")) == ["many/99999_good.html"]
    assert b"failed 10000" in run.stderr


def test_standard_input_gzip_bomb_and_jsonl(tmp_path):
    bomb = clean("-", "-o", "bomb.jsonl", cwd=tmp_path, stdin=badinput._gzip_bomb(64 * 1024 * 1024))
    assert json.loads((tmp_path / "bomb.errors.jsonl").read_text())["reason"] == "too_large"
    assert bomb.returncode == 1
    lines = [json.dumps({"text": badinput.TEXT}, ensure_ascii=False), "{oops"]
    run = clean("-", "-o", "in.jsonl", cwd=tmp_path, stdin="\n".join(lines).encode("utf-8"))
    assert run.returncode == 1
    assert list(records_by_source(tmp_path / "in.jsonl")) == ["-#1"]
    assert records_by_source(tmp_path / "in.errors.jsonl")["-#2"]["reason"] == "malformed_json"


@pytest.mark.parametrize(("option", "value", "reason"), [
    ("--max-bytes", "500", "too_large"),
    ("--max-decompressed", "500", "too_large"),
    ("--max-nodes", "10", "too_many_nodes"),
    ("--max-depth", "4", "too_deep"),
])
def test_each_limit_is_an_option(tmp_path, option, value, reason):
    (tmp_path / "page.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    run = clean("page.html", "-o", "out.jsonl", option, value, cwd=tmp_path)
    assert run.returncode == 1
    assert json.loads((tmp_path / "out.errors.jsonl").read_text())["reason"] == reason
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_limits_in_the_library():
    page = badinput.article(badinput.PARAGRAPHS)
    assert clean_html(page, "page").ok
    assert clean_html(page, "page", limits=Limits(max_nodes=10)).reason == "too_many_nodes"
    assert clean_html(page, "page", limits=Limits(max_depth=4)).reason == "too_deep"
    assert clean_html(page, "page", limits=Limits(max_decompressed=100)).reason == "too_large"


def test_bad_limit_values_are_usage_errors(tmp_path):
    for option in ("--max-nodes=0", "--timeout=-1", "--max-depth=-3"):
        run = clean("x.html", "-o", "out.jsonl", option, cwd=tmp_path)
        assert run.returncode == 2, option
        assert b"Traceback" not in run.stderr


def test_mojibake_is_repaired_once_or_twice_and_real_text_left_alone():
    text = badinput.TEXT
    for times in (1, 2, 3):
        assert repair_mojibake(badinput.mojibake(text, times)) == text
    for path in sorted(SAMPLES.glob("*.txt")):
        sample = path.read_text(encoding="utf-8")
        assert repair_mojibake(sample) == sample


@pytest.mark.pages
def test_mojibake_repair_leaves_the_saved_pages_alone(pages_dir):
    for path in sorted(pages_dir.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        assert repair_mojibake(page) == page, path.name



@pytest.mark.pages
def test_a_utf8_page_decodes_to_what_clean_str_makes_of_its_text(pages_dir):
    """decode_html takes a valid UTF-8 page's bytes as its text's UTF-8 (no round trip):
    the same text as clean_str gives, characters XML forbids dropped, mojibake repaired."""
    good = badinput.article(badinput.PARAGRAPHS)
    made = [good.replace(",", "\ufffe,", 2).replace(".", "\uffff.\x0b", 2), "\ufeff" + good,
            badinput.mojibake(good, 2), good.replace("</p>", " »</p>")]
    pages = [page.encode("utf-8") for page in made] + [path.read_bytes() for path in sorted(pages_dir.glob("*.html"))]
    for data in pages:
        assert decode_html(data) == clean_str(data.decode("utf-8"), markup=True)
        # The bytes handed on to the parser, when they are, are the text's UTF-8.
        text, utf8 = decode_html_utf8(data)
        assert utf8 is None or utf8 == text.encode("utf-8")
    assert [decode_html_utf8(page)[1] is None for page in pages[:4]] == [True, True, True, False]
    assert "\ufffe" not in decode_html(pages[0]) and "\uffff" not in decode_html(pages[0])
    assert decode_html(pages[2]) == decode_html(good.encode("utf-8"))


def test_warc_response_record_without_its_http_headers_is_cut_not_another_type(tmp_path):
    """A response record cut before its HTTP headers (what a gzipped WARC cut short can
    leave) shows warcio only the WARC type "application/http": it is reported as a cut
    record, never as a non-HTML one."""
    from cleaners.app.inputs import read_inputs

    page = badinput.article(badinput.PARAGRAPHS).encode("utf-8")
    headless = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bao.example.vn/2.html\r\n"
                b"Content-Type: application/http; msgtype=response\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    path = tmp_path / "headless.warc"
    path.write_bytes(badinput._warc([("response", "text/html", page)], gzipped=False) + headless)
    outcomes = [getattr(item, "reason", "document") for item in read_inputs([str(path)])]
    assert outcomes == ["document", "truncated_warc"]
