"""Interrupted runs: ``python -m cleaners`` killed half way (SIGINT, SIGKILL) leaves valid
JSONL, and ``--resume`` finishes with no record twice and none missing. Output goes only
where the user said, and an existing output is never silently replaced."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from . import badinput
from .conftest import NO_DEDUP, PYTHON, run_env

PAGES = 240


def make_pages(folder: Path, count: int = PAGES) -> tuple[set[str], set[str]]:
    """``count`` distinct articles with a broken input every 20th: (good, bad) sources."""
    folder.mkdir()
    good, bad = set(), set()
    for number in range(count):
        path = folder / f"{number:04d}.html"
        if number % 20 == 7:
            path.write_bytes(b"")
            bad.add(str(path.relative_to(folder.parent)))
            continue
        paragraphs = [f"{p} (bài số {number})" for p in badinput.PARAGRAPHS]
        path.write_text(badinput.article(paragraphs, title=f"{badinput.TITLE} {number}"), encoding="utf-8")
        good.add(str(path.relative_to(folder.parent)))
    return good, bad


def command(*args: str) -> list[str]:
    return [PYTHON, "-m", "cleaners", "--no-progress", *NO_DEDUP, *args]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def wait_for_lines(path: Path, count: int, process: subprocess.Popen, limit: float = 180) -> None:
    started = time.monotonic()
    while len(lines_of(path)) < count:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() - started < limit, "the run made no progress"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_killed_half_way_then_resumed(tmp_path, how):
    good, bad = make_pages(tmp_path / "pages")
    out = tmp_path / "out" / "clean.jsonl"
    errors = tmp_path / "out" / "clean.errors.jsonl"
    process = subprocess.Popen(command("pages", "-o", "out/clean.jsonl", "--workers", "2"), cwd=tmp_path,
                               env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_lines(out, PAGES // 4, process)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    if how != signal.SIGKILL:
        assert process.returncode == 130
        assert b"interrupted" in stderr and b"--resume" in stderr
        assert b"Traceback" not in stderr
    else:
        assert process.returncode == -signal.SIGKILL

    data = out.read_bytes()
    assert data.endswith(b"\n"), "a half line was left"
    written = [json.loads(line)["source"] for line in lines_of(out)]
    assert PAGES // 4 <= len(written) < len(good), "not interrupted half way"
    assert len(set(written)) == len(written)

    done_before = len(written) + len(lines_of(errors))
    resumed = subprocess.run(command("pages", "-o", "out/clean.jsonl", "--workers", "2", "--resume"),
                             cwd=tmp_path, env=run_env(), capture_output=True, timeout=240)
    assert resumed.returncode == 1, resumed.stderr.decode()  # the empty pages fail
    assert b"Traceback" not in resumed.stderr
    assert f"already done {done_before}".encode() in resumed.stderr
    sources = [json.loads(line)["source"] for line in lines_of(out)]
    assert len(sources) == len(set(sources)), "a record written twice"
    assert set(sources) == good, "records missing"
    assert sources[: len(written)] == written, "records already written were changed"
    failed = [json.loads(line)["source"] for line in lines_of(errors)]
    assert sorted(failed) == sorted(bad)


def test_resume_after_a_torn_last_line(tmp_path):
    """A line cut by a crash (as a full disk or a power cut leaves it) is dropped and redone."""
    good, _ = make_pages(tmp_path / "pages", 60)
    first = subprocess.run(command("pages", "-o", "out.jsonl", "--workers", "2"), cwd=tmp_path,
                           env=run_env(), capture_output=True, timeout=240)
    assert first.returncode == 1
    complete = (tmp_path / "out.jsonl").read_bytes()
    kept = complete.splitlines(keepends=True)[:30]
    (tmp_path / "out.jsonl").write_bytes(b"".join(kept[:-1]) + kept[-1][:40])
    (tmp_path / "out.errors.jsonl").write_bytes(b"")
    resumed = subprocess.run(command("pages", "-o", "out.jsonl", "--resume", "--workers", "2"), cwd=tmp_path,
                             env=run_env(), capture_output=True, timeout=240)
    assert resumed.returncode == 1
    records = [json.loads(line) for line in lines_of(tmp_path / "out.jsonl")]
    assert {r["source"] for r in records} == good and len(records) == len(good)
    by_source = {json.loads(line)["source"]: line for line in complete.decode("utf-8").splitlines()}
    for line in lines_of(tmp_path / "out.jsonl"):
        assert line == by_source[json.loads(line)["source"]]


def snapshot(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def test_output_goes_only_where_the_user_said(tmp_path):
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "a.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    (tmp_path / "inputs" / "b.html").write_bytes(b"")
    (tmp_path / "cwd").mkdir()
    before = snapshot(tmp_path)
    run = subprocess.run(command("../inputs", "-o", "../dest/sub/run.jsonl"), cwd=tmp_path / "cwd",
                         env=run_env(), capture_output=True, timeout=120)
    assert run.returncode == 1
    new = snapshot(tmp_path) - before
    assert new == {"dest", "dest/sub", "dest/sub/run.jsonl", "dest/sub/run.errors.jsonl"}


def test_an_existing_output_is_never_silently_replaced(tmp_path):
    (tmp_path / "a.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    (tmp_path / "b.html").write_bytes(b"")
    old = '{"source": "earlier run", "text": "kept"}\n'
    (tmp_path / "out.jsonl").write_text(old)
    refused = subprocess.run(command("a.html", "-o", "out.jsonl"), cwd=tmp_path, env=run_env(),
                             capture_output=True, timeout=120)
    assert refused.returncode == 2 and b"--overwrite" in refused.stderr
    assert (tmp_path / "out.jsonl").read_text() == old
    assert not (tmp_path / "out.errors.jsonl").exists()

    # An errors file left alone (its OUT removed) is not truncated either.
    (tmp_path / "other.errors.jsonl").write_text('{"source": "x", "reason": "empty", "message": ""}\n')
    refused = subprocess.run(command("a.html", "-o", "other.jsonl"), cwd=tmp_path, env=run_env(),
                             capture_output=True, timeout=120)
    assert refused.returncode == 2 and b"other.errors.jsonl exists" in refused.stderr
    assert not (tmp_path / "other.jsonl").exists()

    resumed = subprocess.run(command("a.html", "b.html", "-o", "out.jsonl", "--resume"), cwd=tmp_path,
                             env=run_env(), capture_output=True, timeout=120)
    assert resumed.returncode == 1
    sources = [json.loads(line)["source"] for line in lines_of(tmp_path / "out.jsonl")]
    assert sources == ["earlier run", "a.html"]

    replaced = subprocess.run(command("a.html", "-o", "out.jsonl", "--overwrite"), cwd=tmp_path,
                              env=run_env(), capture_output=True, timeout=120)
    assert replaced.returncode == 0
    assert [json.loads(line)["source"] for line in lines_of(tmp_path / "out.jsonl")] == ["a.html"]
    assert not (tmp_path / "out.errors.jsonl").exists()  # nothing failed: no errors file, the old one gone


def test_output_to_a_folder_that_cannot_be_made_is_a_usage_error(tmp_path):
    (tmp_path / "a.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    (tmp_path / "file").write_text("not a folder")
    run = subprocess.run(command("a.html", "-o", "file/out.jsonl"), cwd=tmp_path, env=run_env(),
                         capture_output=True, timeout=120)
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    assert b"cannot write" in run.stderr
    assert os.path.isfile(tmp_path / "file")


def test_standard_output_appends_its_errors_to_the_default_errors_file(tmp_path):
    (tmp_path / "a.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    (tmp_path / "b.html").write_bytes(b"")
    for _ in range(2):
        run = subprocess.run(command("a.html", "b.html", "-o", "-"), cwd=tmp_path, env=run_env(),
                             capture_output=True, timeout=120)
        assert run.returncode == 1
        assert [json.loads(line)["source"] for line in run.stdout.decode().splitlines()] == ["a.html"]
    errors = [json.loads(line)["source"] for line in lines_of(tmp_path / "output" / "clean.errors.jsonl")]
    assert errors == ["b.html", "b.html"]
