"""The cleaning pipeline as a datatrove step: datatrove's own readers (JSONL, WARC),
LocalPipelineExecutor with 2 tasks and JsonlWriter give the records ``clean`` gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="datatrove is not installed: pip install -e '.[scale]'")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaners.app.datatrove_step import (  # noqa: E402
    CleanStep,
    CorpusFilterStep,
    DedupStep,
    kind_of_text,
    record_adapter,
)
from cleaners.core.record import RECORD_FIELDS  # noqa: E402

from .conftest import SAMPLES, read_jsonl  # noqa: E402
from .scale_inputs import run_clean, write_pages_warc, write_samples_jsonl  # noqa: E402


def _without_source(record: dict) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "source"}, ensure_ascii=False)


def _step_stats(logs: Path) -> dict[str, int]:
    """The clean step's counters from datatrove's stats.json (a bare count, or a total)."""
    stats = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    step = next(s["stats"] for s in stats if "vn-news clean" in s["name"])
    return {key: value if isinstance(value, int) else value["total"] for key, value in step.items()}


def _run_datatrove(inputs: Path, out: Path, tasks: int, **step_options) -> dict[str, int]:
    """Read every JSONL and WARC file of ``inputs``, clean, write; returns the step's stats."""
    readers = [JsonlReader(str(inputs), glob_pattern="*.jsonl")]
    if any(inputs.glob("*.warc.gz")):
        readers.append(WarcReader(str(inputs), glob_pattern="*.warc.gz"))
    executor = LocalPipelineExecutor(
        pipeline=[
            *readers,
            CleanStep(**step_options),
            JsonlWriter(str(out / "records"), adapter=record_adapter, compression=None),
        ],
        tasks=tasks, workers=tasks, logging_dir=str(out / "logs"), start_method="fork",
    )
    executor.run()
    return _step_stats(out / "logs")


def _check_same_as_clean(tmp_path: Path, pages: Path | None) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_samples_jsonl(inputs, parts=2)
    if pages:
        write_pages_warc(inputs, pages, parts=2)
    run_clean([inputs], tmp_path / "clean.jsonl")
    expected = read_jsonl(tmp_path / "clean.jsonl")
    stats = _run_datatrove(inputs, tmp_path / "dt", tasks=2)

    parts = sorted((tmp_path / "dt" / "records").glob("*.jsonl"))
    assert len(parts) == 2, "each of the 2 tasks writes its own part"
    got = read_jsonl(*parts)
    assert sorted(map(_without_source, got)) == sorted(map(_without_source, expected))
    assert all(list(r) == list(e) for r, e in zip(got, expected, strict=True)), "same keys, same order"
    assert all(r["source"] for r in got)
    assert stats["forwarded"] == len(expected)
    removed = sum(v for k, v in stats.items() if k.startswith("removed_"))
    assert removed == sum(sum(r["removed"].values()) for r in expected)


def test_two_tasks_give_the_records_of_clean_on_the_samples(tmp_path):
    _check_same_as_clean(tmp_path, None)


@pytest.mark.pages
def test_two_tasks_give_the_records_of_clean_on_samples_and_saved_pages_in_warc(tmp_path, pages_dir):
    _check_same_as_clean(tmp_path, pages_dir)


def test_documents_without_an_article_are_dropped_and_counted_by_reason(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    sample = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = [{"text": sample},
             {"text": "<html><body><nav>Trang chủ | Thời sự</nav></body></html>"},  # no article
             {"text": "The ministry held a training conference on foreign information work on Tuesday.\n"
                      "More than two hundred officials from districts and departments attended.\n"
                      "Speakers said press and social media work must be faster and more accurate."}]
    (inputs / "mixed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    excluded = tmp_path / "dropped"
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(inputs)),
                  CleanStep(lang="vi", exclusion_writer=JsonlWriter(str(excluded), compression=None)),
                  JsonlWriter(str(tmp_path / "records"), adapter=record_adapter, compression=None)],
        tasks=1, logging_dir=str(tmp_path / "logs"))
    executor.run()
    step = _step_stats(tmp_path / "logs")
    assert step["forwarded"] == 1
    assert step["dropped_no_article"] == 1
    assert step["dropped_language"] == 1
    records = read_jsonl(*(tmp_path / "records").glob("*.jsonl"))
    assert [r["lang"] for r in records] == ["vi"]
    dropped = read_jsonl(*excluded.glob("*.jsonl"))
    assert sorted(d["metadata"]["filter_reason"] for d in dropped) == ["language", "no_article"]
    assert all(d["metadata"]["filter_message"] for d in dropped)


def test_the_record_fields_are_the_ones_clean_writes(tmp_path):
    run_clean([SAMPLES], tmp_path / "clean.jsonl", "--explain")
    for record in read_jsonl(tmp_path / "clean.jsonl"):
        assert tuple(record) == RECORD_FIELDS


def test_a_documents_own_source_is_kept():
    step = CleanStep()
    doc = Document(text=sorted(SAMPLES.glob("*.txt"))[1].read_text(encoding="utf-8"), id="x/1",
                   metadata={"source": "s3://bucket/part-7.jsonl#3"})
    (kept,) = list(step.run([doc]))
    assert record_adapter(None, kept)["source"] == "s3://bucket/part-7.jsonl#3"
    assert kept.metadata["lang"] == "vi"


def test_html_or_text_by_the_first_character():
    assert kind_of_text("\ufeff  <!DOCTYPE html><html>") == "html"
    assert kind_of_text("Hà Nội, ngày 25/10\n<b>không phải</b>") == "text"
    with pytest.raises(ValueError, match="kind"):
        CleanStep(kind="pdf")


def test_quality_filter_and_near_dedup_steps(tmp_path):
    """CleanStep, CorpusFilterStep and DedupStep("near") in one task: of the samples, a
    syndicated copy of each and a teaser list, the samples are left."""
    from .test_dedup import syndicated
    from .test_filters import TEASERS

    inputs = tmp_path / "in"
    inputs.mkdir()
    lines = [{"text": p.read_text(encoding="utf-8"), "source": p.name} for p in sorted(SAMPLES.glob("*.txt"))]
    lines += [{"text": syndicated(line["text"]), "source": "copy-" + line["source"]} for line in list(lines)]
    lines.append({"text": "Tin liên quan\n" + TEASERS, "source": "teasers"})
    (inputs / "docs.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                       encoding="utf-8")
    out = tmp_path / "out"
    LocalPipelineExecutor(pipeline=[
        JsonlReader(str(inputs), glob_pattern="*.jsonl"), CleanStep(), CorpusFilterStep(), DedupStep("near"),
        JsonlWriter(str(out / "records"), adapter=record_adapter, compression=None),
    ], tasks=1, workers=1, logging_dir=str(out / "logs")).run()
    records = read_jsonl(*sorted((out / "records").glob("*.jsonl")))
    assert sorted(r["source"] for r in records) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    stats = json.loads((out / "logs" / "stats.json").read_text(encoding="utf-8"))
    dropped = {key: value for step in stats for key, value in step["stats"].items() if key.startswith("dropped_")}
    assert dropped["dropped_near_duplicate"] == 5 and dropped["dropped_filter_ellipsis_lines"] == 1
