"""``clean --shard I/N``: N runs without a coordinator split the inputs by a stable hash
of each input's path, and their outputs together are the output of one whole run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cleaners.app.shard import Shard, input_key, parse_shard, shard_of

from .conftest import PYTHON, SAMPLES, read_jsonl, run_env
from .scale_inputs import run_clean, write_samples_jsonl


def _lines(*paths: Path) -> list[str]:
    return sorted(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in read_jsonl(*paths))


def _inputs(tmp_path: Path, pages: Path | None) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    write_samples_jsonl(folder, parts=3)
    (folder / "empty.html").write_bytes(b"")  # an error: it must land in exactly one part too
    return [SAMPLES, folder] + ([pages] if pages else [])


def _check_parts_make_the_whole(tmp_path: Path, inputs: list[Path], count: int) -> None:
    assert run_clean(inputs, tmp_path / "whole.jsonl") == 1  # 1: empty.html failed
    parts = [tmp_path / f"part{i}.jsonl" for i in range(count)]
    for index, part in enumerate(parts):
        assert run_clean(inputs, part, "--shard", f"{index}/{count}") in (0, 1)
    whole = read_jsonl(tmp_path / "whole.jsonl")
    assert len(whole) >= 5 + 5  # the samples, as .txt files and as JSONL lines
    assert _lines(*parts) == _lines(tmp_path / "whole.jsonl")
    errors = [e for e in (p.with_name(p.stem + ".errors.jsonl") for p in parts) if e.exists()]
    assert _lines(*errors) == _lines(tmp_path / "whole.errors.jsonl")
    # Every record of one input file is in one part, and each part holds some.
    for part in parts:
        assert read_jsonl(part), f"{part.name} is empty: the hash does not spread the inputs"
        files = {input_key(r["source"]) for r in read_jsonl(part)}
        others = {input_key(r["source"]) for p in parts if p != part for r in read_jsonl(p)}
        assert not files & others


def test_two_shards_hold_the_whole_run(tmp_path):
    _check_parts_make_the_whole(tmp_path, _inputs(tmp_path, None), 2)


@pytest.mark.pages
def test_three_shards_with_the_saved_pages_hold_the_whole_run(tmp_path, pages_dir):
    _check_parts_make_the_whole(tmp_path, _inputs(tmp_path, pages_dir), 3)


def test_the_shard_of_a_source_is_its_input_file():
    assert input_key("crawl/a.warc.gz#12") == "crawl/a.warc.gz"
    assert input_key("page.html") == "page.html"
    assert input_key("odd#name.html") == "odd#name.html"
    assert shard_of("crawl/a.warc.gz#1", 7) == shard_of("crawl/a.warc.gz#999", 7)


def test_the_split_is_stable_and_spreads_evenly():
    # SHA-1 based: the same on every machine; 1000 names over 4 shards, none starved.
    names = [f"crawl/CC-MAIN-{n:05d}.warc.gz" for n in range(1000)]
    counts = [sum(1 for n in names if shard_of(n, 4) == i) for i in range(4)]
    assert all(200 <= c <= 300 for c in counts), counts
    # The same in another process with another string-hash seed (unlike Python's hash()).
    code = "import sys; from cleaners.app.shard import shard_of; print([shard_of(n, 4) for n in sys.argv[1:]])"
    other = subprocess.run([PYTHON, "-c", code, *names[:50]], env=run_env() | {"PYTHONHASHSEED": "123"},
                           capture_output=True, text=True, check=True)
    assert other.stdout.strip() == str([shard_of(n, 4) for n in names[:50]])


@pytest.mark.parametrize("text", ["2/2", "1", "a/b", "0/0", "-1/2", "1/2/3"])
def test_a_bad_shard_is_a_usage_error(tmp_path, text, caplog):
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(text)
    assert run_clean([SAMPLES], tmp_path / "out.jsonl", f"--shard={text}") == 2
    assert "--shard" in caplog.text
    assert not (tmp_path / "out.jsonl").exists()


def test_parse_shard():
    assert parse_shard(" 3/8 ") == Shard(3, 8)
    assert str(Shard(0, 1)) == "0/1"
