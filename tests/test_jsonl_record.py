"""The record's keys are named once (cleaners/core/record.py): docs/record.md's table lists
the same keys in the same order; the JSONL module writes whole lines and reads back what
it wrote, past torn and malformed lines."""

from __future__ import annotations

import re

import pytest

from cleaners.app.jsonl import JsonlWriter, done_sources, read_jsonl
from cleaners.core.record import RECORD_FIELDS, make_record

from .conftest import REPO


def test_the_record_table_of_the_docs_lists_the_record_fields_in_order():
    table = (REPO / "docs" / "record.md").read_text(encoding="utf-8")
    keys = [
        key
        for row in re.findall(r"^\| (`[^|]+`) \|", table, flags=re.M)
        for key in re.findall(r"`(\w+)`", row)
    ]
    assert tuple(keys) == RECORD_FIELDS


def test_make_record_orders_the_keys_and_refuses_unknown_or_missing_ones():
    values = {key: None for key in RECORD_FIELDS if key != "explain"}
    assert tuple(make_record(**dict(reversed(values.items())))) == RECORD_FIELDS[:-1]
    with pytest.raises(TypeError, match="unknown"):
        make_record(**values, words=3)
    with pytest.raises(TypeError, match="missing"):
        make_record(text="x")


def test_a_torn_last_line_is_cut_and_appending_goes_on_on_a_clean_line(tmp_path):
    path = tmp_path / "out.jsonl"
    writer = JsonlWriter(str(path), append=False)
    writer.write({"source": "a.html", "text": "Hà Nội"})
    writer.close()
    with open(path, "ab") as handle:
        handle.write(b'{"source": "b.html", "te')  # a killed writer
    assert done_sources(str(path)) == {"a.html"}
    writer = JsonlWriter(str(path), append=True)
    writer.write({"source": "c.html"})
    writer.close()
    assert [record["source"] for _, record in read_jsonl(path)] == ["a.html", "c.html"]


def test_lines_that_are_no_json_object_read_as_none(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"a": 1}\n[1, 2]\nnot json\n' + b"[" * 100_000 + b"\n\xff\xfe\n")
    assert list(read_jsonl(path)) == [(1, {"a": 1}), (2, None), (3, None), (4, None), (5, None)]


def test_a_lone_surrogate_is_written_as_its_escape_and_reads_back(tmp_path):
    path = tmp_path / "out.jsonl"
    writer = JsonlWriter(str(path), append=False)
    writer.write({"source": "a\udcff.txt"})
    writer.close()
    assert path.read_bytes() == b'{"source": "a\\udcff.txt"}\n'
    assert done_sources(str(path)) == {"a\udcff.txt"}
