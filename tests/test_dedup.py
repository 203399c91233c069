"""clean --dedup: one record per text (exact), per syndicated story (near), across runs
with --dedup-seed; the first record in input order kept, whatever the workers."""

from __future__ import annotations

import json

import pytest

from cleaners.app.cli import main
from cleaners.app.dedup import Deduplicator, NearIndex

from .conftest import SAMPLES, read_jsonl

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def syndicated(text: str) -> str:
    """A sample as another paper runs it: another title, its second body line dropped, a
    line added, the news agency credited at the end."""
    lines = text.splitlines()
    lines[0] = "Tin mới: " + lines[0]
    body = [i for i, line in enumerate(lines) if len(line.split()) >= 20]
    del lines[body[1]]
    lines.insert(body[0] + 1, "Phóng viên báo địa phương đã có mặt tại hội nghị và ghi nhận ý kiến của các đại biểu.")
    return "\n".join(lines + ["Theo TTXVN"])


def run(tmp_path, inputs, *options, out="out.jsonl"):
    out = tmp_path / out
    # Without the cross-document evidence: the copies' added line recurs in every copy of the
    # folder, and removed as template it would make some copies exact duplicates.
    code = main([*map(str, inputs), "-o", str(out), "--no-progress", "--overwrite", "--no-template-lines", *options])
    errors = out.with_name(out.name.removesuffix(".jsonl") + ".errors.jsonl")
    return code, read_jsonl(out), read_jsonl(errors) if errors.exists() else []


def test_exact_duplicates_dropped_by_default_first_kept(tmp_path):
    text = SAMPLE_FILES[1].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "copy.jsonl").write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, records, errors = run(tmp_path, [tmp_path / "a.txt", tmp_path / "copy.jsonl"], "--workers", "1")
    assert code == 0  # a duplicate is skipped, not failed
    assert [r["source"] for r in records] == [str(tmp_path / "a.txt")]
    assert errors == [{"source": f"{tmp_path / 'copy.jsonl'}#1", "reason": "duplicate",
                       "message": f"same text as {tmp_path / 'a.txt'}", "duplicate_of": str(tmp_path / "a.txt")}]


def test_dedup_none_keeps_every_record(tmp_path):
    text = SAMPLE_FILES[1].read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, records, errors = run(tmp_path, [tmp_path / "a.txt", tmp_path / "b.txt"], "--workers", "1", "--dedup", "none")
    assert len(records) == 2 and errors == []


def _syndication_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SAMPLE_FILES:
        (folder / f"{path.stem}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / f"{path.stem}_copy.txt").write_text(syndicated(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_near_duplicates_dropped_with_the_source_they_copy(tmp_path, capsys):
    folder = _syndication_folder(tmp_path)
    inputs = sorted(folder.glob("*.txt"))
    _, records, errors = run(tmp_path, inputs, "--workers", "1", "--dedup", "near")
    assert sorted(r["source"] for r in records) == sorted(str(folder / f"{p.stem}.txt") for p in SAMPLE_FILES)
    assert {(e["source"], e["reason"], e["duplicate_of"]) for e in errors} == {
        (str(folder / f"{p.stem}_copy.txt"), "near_duplicate", str(folder / f"{p.stem}.txt")) for p in SAMPLE_FILES}
    assert "near_duplicate 5" in capsys.readouterr().err
    # Exact dedup keeps the syndicated copies: their texts differ.
    _, records, _ = run(tmp_path, inputs, "--workers", "1", out="exact.jsonl")
    assert len(records) == 10


def test_the_first_in_input_order_is_kept_whatever_the_workers(tmp_path):
    folder = _syndication_folder(tmp_path)
    inputs = sorted(folder.glob("*.txt"), reverse=True)  # the copies first
    outputs = [run(tmp_path, inputs, "--workers", workers, "--dedup", "near", out=f"w{workers}.jsonl")
               for workers in ("1", "2")]
    assert outputs[0][1] == outputs[1][1] and outputs[0][2] == outputs[1][2]
    assert all(r["source"].endswith("_copy.txt") for r in outputs[0][1])


def test_records_of_an_earlier_run_seed_the_dedup(tmp_path):
    first = _syndication_folder(tmp_path)
    inputs = [first / f"{p.stem}.txt" for p in SAMPLE_FILES]
    run(tmp_path, inputs, "--workers", "1", out="first.jsonl")
    copies = [first / f"{p.stem}_copy.txt" for p in SAMPLE_FILES]
    _, records, errors = run(tmp_path, inputs + copies, "--workers", "1", "--dedup", "near",
                             "--dedup-seed", str(tmp_path / "first.jsonl"))
    assert records == []
    assert {e["reason"] for e in errors} == {"duplicate", "near_duplicate"}
    assert {e["duplicate_of"] for e in errors} == {str(path) for path in inputs}


def test_resume_remembers_the_records_already_in_out(tmp_path):
    folder = _syndication_folder(tmp_path)
    originals = [folder / f"{p.stem}.txt" for p in SAMPLE_FILES]
    run(tmp_path, originals, "--workers", "1", "--dedup", "near")
    copies = [folder / f"{p.stem}_copy.txt" for p in SAMPLE_FILES]
    out = tmp_path / "out.jsonl"
    code = main([*map(str, originals + copies), "-o", str(out), "--no-progress", "--resume", "--no-template-lines",
                 "--workers", "1", "--dedup", "near"])
    assert code == 0
    # The originals were done (not cleaned again); each copy is a near duplicate of one in OUT.
    assert [r["source"] for r in read_jsonl(out)] == [str(path) for path in originals]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert {(e["reason"], e["duplicate_of"]) for e in errors} == {("near_duplicate", str(p)) for p in originals}


def test_an_unreadable_seed_is_a_usage_error(tmp_path):
    assert main([str(SAMPLE_FILES[0]), "-o", str(tmp_path / "o.jsonl"), "--dedup-seed",
                 str(tmp_path / "missing.jsonl")]) == 2


def test_distinct_samples_are_not_near_duplicates():
    index = NearIndex()
    for number, path in enumerate(SAMPLE_FILES):
        assert index.add(path.read_text(encoding="utf-8"), number) is None


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="dedup 'fuzzy'"):
        Deduplicator("fuzzy")
