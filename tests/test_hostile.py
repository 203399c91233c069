"""Hostile inputs, options and signals of issue 15 against ``python -m cleaners``: each
fails one document or is a usage error, never the run, and ``--resume`` stays right."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from cleaners.app.jsonl import done_sources
from cleaners.core import language
from cleaners.core.language import detect_language

from . import badinput
from .conftest import NO_DEDUP, PYTHON, by_source, read_jsonl, run_env


def clean(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "cleaners", "--no-progress", "--workers", "1", *args], cwd=cwd,
                          env=run_env(), capture_output=True, timeout=240)


def write_pages(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        paragraphs = [f"{p} (bài số {number})" for p in badinput.PARAGRAPHS]
        (folder / f"{number}.html").write_text(badinput.article(paragraphs), encoding="utf-8")
    return sorted(f"{folder.name}/{number}.html" for number in range(count))


def test_a_file_name_that_is_not_utf8_is_written_and_resumed(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(badinput.TEXT, encoding="utf-8")
    (folder / os.fsdecode(b"a\xff.txt")).write_bytes(badinput.TEXT.encode("utf-8"))
    run = clean("docs", "-o", "out.jsonl", *NO_DEDUP, cwd=tmp_path)  # the two hold one text
    assert run.returncode == 0, run.stderr.decode()
    (tmp_path / "out.jsonl").read_bytes().decode("utf-8")  # valid UTF-8 throughout
    records = by_source(read_jsonl(tmp_path / "out.jsonl"))
    assert set(records) == {"docs/good.txt", os.fsdecode(b"docs/a\xff.txt")}
    again = clean("docs", "-o", "out.jsonl", "--resume", *NO_DEDUP, cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode()
    assert b"written 0" in again.stderr and b"already done 2" in again.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2


def test_a_lone_surrogate_in_a_jsonl_url_costs_nothing(tmp_path):
    line = json.dumps({"text": badinput.TEXT, "url": "https://bao.example.vn/\ud800"})
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    run = clean("in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    assert read_jsonl(tmp_path / "out.jsonl")[0]["url"] == "https://bao.example.vn/\ud800"


def test_a_deeply_nested_jsonl_line_fails_alone_and_resume_reads_on(tmp_path):
    good = json.dumps({"text": badinput.TEXT}, ensure_ascii=False)
    deep = '{"html": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "in.jsonl").write_text("\n".join([good, deep, good.replace("Hội", "Hội thảo")]) + "\n",
                                       encoding="utf-8")
    # Lines 1 and 3 differ in the title only: their texts are one.
    run = clean("in.jsonl", "-o", "out.jsonl", *NO_DEDUP, cwd=tmp_path)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert set(by_source(read_jsonl(tmp_path / "out.jsonl"))) == {"in.jsonl#1", "in.jsonl#3"}
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["source"], e["reason"]) for e in errors] == [("in.jsonl#2", "malformed_json")]
    again = clean("in.jsonl", "-o", "out.jsonl", "--resume", *NO_DEDUP, cwd=tmp_path)
    assert b"already done 3" in again.stderr and b"written 0" in again.stderr


def test_a_signal_while_langdetect_loads_stops_the_caller_and_leaves_no_half_loaded_profiles():
    """langdetect loads its profiles under a bare ``except:``: a Ctrl-C (here a SIGALRM
    handler raising it, as the per-document time limit does) must reach the caller, and
    no later call may use half the profiles."""
    saved = language._factory
    language._factory = None  # as in a fresh process

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.02)
        with pytest.raises(KeyboardInterrupt):
            detect_language(badinput.TEXT)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    try:
        assert detect_language(badinput.TEXT)[0] == "vi"
        assert len(language._factory.langlist) == 55
    finally:
        language._factory = language._factory or saved


def test_resume_reads_the_output_line_by_line(tmp_path):
    out = tmp_path / "out.jsonl"
    record = {"source": "", "text": "x" * 100_000}
    with out.open("w", encoding="utf-8") as handle:
        for number in range(200):
            handle.write(json.dumps({**record, "source": f"page{number}.html"}) + "\n")
        handle.write('{"source": "torn')
    tracemalloc.start()
    try:
        done = done_sources(str(out))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(done) == 200
    assert out.read_bytes().endswith(b"}\n")
    assert peak < 2_000_000, f"{peak} bytes held for a {out.stat().st_size}-byte output"


@pytest.mark.parametrize("mode", ["--overwrite", "--resume"])
def test_output_naming_an_input_is_a_usage_error_before_anything_is_written(tmp_path, mode):
    write_pages(tmp_path / "docs", 1)
    page = tmp_path / "docs" / "0.html"
    before = page.read_bytes()
    run = clean("docs/0.html", "-o", "docs/../docs/0.html", mode, cwd=tmp_path)
    assert run.returncode == 2 and b"is an INPUT" in run.stderr
    assert page.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["0.html"]


def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_it(tmp_path):
    write_pages(tmp_path / "docs", 2)
    out = tmp_path / "out.jsonl"
    out.write_text("")
    with out.open("a") as first:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        run = clean("docs", "-o", "out.jsonl", "--resume", cwd=tmp_path)
    assert run.returncode == 2 and b"being written by another run" in run.stderr
    assert out.read_text() == ""
    assert clean("docs", "-o", "out.jsonl", "--resume", cwd=tmp_path).returncode == 0


def test_resume_knows_an_input_by_its_resolved_path_and_output_by_its_normal_path(tmp_path):
    sources = write_pages(tmp_path / "docs", 3)
    first = clean(".", "-o", "o.jsonl", cwd=tmp_path / "docs")
    assert first.returncode == 0, first.stderr.decode()
    again = clean(str(tmp_path / "docs"), "-o", "missing/../o.jsonl", "--resume", cwd=tmp_path / "docs")
    assert again.returncode == 0, again.stderr.decode()
    assert b"already done 3" in again.stderr
    assert len(read_jsonl(tmp_path / "docs" / "o.jsonl")) == len(sources)
    assert not (tmp_path / "docs" / "missing").exists()


@pytest.mark.parametrize("args", [
    ["-o", ""], ["-o", "."], ["-o", "/"], ["-o", "out/"],
    ["--timeout", "inf"], ["--timeout", "nan"], ["--timeout", "-1"], ["--timeout", "1e300"],
    ["--workers", "1000"], ["--max-bytes", str(2**70)],
], ids=lambda args: " ".join(args) or "''")
def test_bad_options_are_usage_errors(tmp_path, args):
    write_pages(tmp_path / "docs", 1)
    run = clean("docs", *args, cwd=tmp_path)
    assert run.returncode == 2, run.stderr.decode()
    assert b"Traceback" not in run.stderr and run.stderr.strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_one_nul_byte_in_a_good_utf8_page_is_dropped_not_the_page(tmp_path):
    page = badinput.article(badinput.PARAGRAPHS)
    middle = page.index(badinput.PARAGRAPHS[1])
    (tmp_path / "nul.html").write_bytes((page[:middle] + "\x00" + page[middle:]).encode("utf-8"))
    (tmp_path / "zeros.html").write_bytes(b"\x00\x01\x02\x03" * 1024)
    run = clean("nul.html", "zeros.html", "-o", "out.jsonl", cwd=tmp_path)
    record = read_jsonl(tmp_path / "out.jsonl")[0]
    assert record["source"] == "nul.html" and badinput.PARAGRAPHS[1] in record["text"].split("\n")
    assert [(e["source"], e["reason"]) for e in read_jsonl(tmp_path / "out.errors.jsonl")] == [
        ("zeros.html", "binary")]
    assert run.returncode == 1


def _response(uri: str, status: str, payload: bytes) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                  http_headers=headers))
    return out.getvalue()


@pytest.mark.parametrize("cut", [5, 20, 60, 150])
def test_a_warc_cut_inside_a_record_header_is_truncated_warc(tmp_path, cut):
    page = badinput.article(badinput.PARAGRAPHS).encode("utf-8")
    first = _response("https://bao.example.vn/bai-1.html", "200 OK", page)
    second = _response("https://bao.example.vn/bai-2.html", "200 OK", page)
    (tmp_path / "cut.warc").write_bytes(first + second[:cut])
    run = clean("cut.warc", "-o", "out.jsonl", cwd=tmp_path)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert [r["source"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["cut.warc#1"]
    assert [(e["source"], e["reason"]) for e in read_jsonl(tmp_path / "out.errors.jsonl")] == [
        ("cut.warc#2", "truncated_warc")]


def test_a_warc_response_that_is_not_2xx_gets_its_errors_line(tmp_path):
    page = badinput.article(badinput.PARAGRAPHS).encode("utf-8")
    data = (_response("https://bao.example.vn/bai-1.html", "404 Not Found", b"<html>not here</html>")
            + _response("https://bao.example.vn/bai-2.html", "200 OK", page)
            + _response("https://bao.example.vn/bai-3.html", "301 Moved Permanently", b""))
    (tmp_path / "in.warc").write_bytes(data)
    run = clean("in.warc", "-o", "out.jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    assert [r["source"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["in.warc#2"]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [(e["source"], e["reason"]) for e in errors] == [("in.warc#1", "http_status"), ("in.warc#3", "http_status")]
    assert "404" in errors[0]["message"]


HOSTILE_RUNS = [".", " ", ":", "-", "|", " |", "…", "»", ">", ")", "A", "Đ", "Ab ", "GMT ", "(ảnh: ", "1/"]


@pytest.mark.parametrize("where", ["middle", "last"])
@pytest.mark.parametrize("unit", HOSTILE_RUNS, ids=repr)
def test_a_long_line_of_one_mark_is_cleaned_within_the_time_limit(unit, where):
    """Every pattern run on a line is linear: an 80 KB line made of one mark or word
    (where a search for a trailing run, or a name split into syllables, used to take
    quadratic or worse time) costs the article nothing under the command's time limit."""
    from cleaners import clean_text
    from cleaners.core.limits import Limits

    line = unit * (80_000 // len(unit)) + "x"
    lines = [badinput.TITLE, badinput.PARAGRAPHS[0], line, *badinput.PARAGRAPHS[1:]]
    if where == "last":
        lines = [*lines[:2], *lines[3:], unit * (80_000 // len(unit))]
    result = clean_text("\n".join(lines), "long-line.txt", limits=Limits())
    assert result.reason is None, result.message
    assert badinput.PARAGRAPHS[-1] in result.record["text"].split("\n")


@pytest.mark.slow
@pytest.mark.parametrize("delay", [round(0.05 * step, 2) for step in range(1, 21)])
def test_sigterm_at_any_moment_of_the_start_leaves_a_resumable_state(tmp_path, delay):
    """SIGTERM during start-up and warm-up (langdetect loading its profiles): the run
    stops with a non-zero status or finishes, never labels Vietnamese wrongly, and
    --resume then gives every article once."""
    import time

    sources = write_pages(tmp_path / "docs", 12)
    args = [PYTHON, "-m", "cleaners", "--no-progress", "--workers", "1", "--lang", "vi", "docs", "-o", "out.jsonl"]
    process = subprocess.Popen(args, cwd=tmp_path, env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    written = read_jsonl(out) if out.exists() else []
    assert process.returncode != 0 or len(written) == len(sources), stderr.decode()
    assert not (read_jsonl(errors) if errors.exists() else []), "a document failed or was labelled wrongly"
    again = clean("docs", "-o", "out.jsonl", "--lang", "vi", "--resume", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode()
    records = read_jsonl(out)
    assert sorted(r["source"] for r in records) == sources
    assert {r["lang"] for r in records} == {"vi"}
