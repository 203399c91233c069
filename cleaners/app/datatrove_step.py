"""The cleaning pipeline as a datatrove step (``pip install -e '.[scale]'``), to run it
with datatrove's readers (WARC, JSONL, Parquet...), writers and executors (local, Slurm,
Ray) on inputs too large for one machine.

``CleanStep`` takes each Document whose ``text`` is an HTML page (what ``WarcReader``
gives) or already-extracted text, runs the same ``clean_html``/``clean_text`` as the
``clean`` command, and puts the clean text in ``text`` and the other record fields in
``metadata``; a document with no article is dropped, counted in the stats as
``dropped_<reason>`` (and written by ``exclusion_writer`` if one is given, with
``filter_reason``). Lines removed are counted as ``removed_<reason>``. A JSONL writer with
``adapter=record_adapter`` writes the same records as ``clean``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaners.datatrove_step import CleanStep, record_adapter

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/"),
        CleanStep(lang="vi"),
        JsonlWriter("output/dt", adapter=record_adapter, compression=None),
    ], tasks=8, workers=4, logging_dir="output/dt-logs").run()

``CorpusFilterStep`` and ``DedupStep`` after it do what ``clean --filter`` and ``clean
--dedup`` do (docs/corpus.md); ``CleanStep(tone_marks=...)`` is ``--tone-marks``.

This module imports datatrove; ``cleaners`` itself never does.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..core.normalize import DEFAULT_TONE_MARKS
from ..core.pipeline import text_hash
from ..core.record import RECORD_FIELDS
from .cli import clean_task
from .dedup import Deduplicator
from .filters import quality_filter
from .inputs import Task

KINDS = ("auto", "html", "text")


def kind_of_text(text: str) -> str:
    """``html`` when the text starts like markup (``<``), else ``text``."""
    return "html" if text.lstrip("\ufeff \t\r\n")[:1] == "<" else "text"


class CleanStep(BaseFilter):
    """Clean each document into a record; drop those that give none.

    ``kind``: ``auto`` (HTML when the text starts with ``<``), ``html`` or ``text``.
    ``lang``: keep only that language (as ``clean --lang``). The record's ``source`` is
    the document's ``metadata["source"]`` when the input has one, else its ``id``.
    """

    name = "🇻🇳 vn-news clean"

    def __init__(self, lang: str | None = None, explain: bool = False, kind: str = "auto",
                 exclusion_writer: DiskWriter | None = None, tone_marks: str = DEFAULT_TONE_MARKS) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        super().__init__(exclusion_writer=exclusion_writer)
        self.lang = lang
        self.explain = explain
        self.kind = kind
        self.tone_marks = tone_marks

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        kind = kind_of_text(doc.text) if self.kind == "auto" else self.kind
        source = str(doc.metadata.get("source") or doc.id)
        url = doc.metadata.get("url")
        task = Task(source, kind, doc.text, url=url if isinstance(url, str) else None)
        result = clean_task(task, self.explain, self.lang, tone_marks=self.tone_marks)
        for reason, count in result.removed.items():
            self.stat_update(f"removed_{reason}", value=count)
        if result.record is None:
            doc.metadata["filter_message"] = result.message
            return False, result.reason or "error"
        record = dict(result.record)
        doc.text = record.pop("text")
        doc.metadata.update(record)
        return True


class CorpusFilterStep(BaseFilter):
    """``clean --filter PRESET`` on cleaned documents: dropped with the rule's reason."""

    name = "🇻🇳 vn-news quality filter"

    def __init__(self, preset: str = "corpus", exclusion_writer: DiskWriter | None = None) -> None:
        super().__init__(exclusion_writer=exclusion_writer)
        self.check = quality_filter(preset)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        rejected = self.check(doc.text)
        if rejected is None:
            return True
        doc.metadata["filter_message"] = rejected[1]
        return False, rejected[0]


class DedupStep(BaseFilter):
    """``clean --dedup MODE`` on cleaned documents, first one kept, within one task (each
    task deduplicates the documents it reads: give one task the whole input, or use
    datatrove's minhash steps across tasks). Dropped: ``duplicate`` or ``near_duplicate``,
    with ``duplicate_of`` in the metadata."""

    name = "🇻🇳 vn-news dedup"

    def __init__(self, mode: str = "exact", exclusion_writer: DiskWriter | None = None) -> None:
        super().__init__(exclusion_writer=exclusion_writer)
        self.dedup = Deduplicator(mode)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        source = str(doc.metadata.get("source") or doc.id)
        digest = doc.metadata.get("hash") or text_hash(doc.text)
        duplicate = self.dedup.check({"text": doc.text, "source": source, "hash": digest})
        if duplicate is None:
            return True
        doc.metadata["duplicate_of"] = duplicate.of
        return False, duplicate.reason


def record_adapter(_writer: Any, document: Document) -> dict[str, Any]:
    """Writer adapter: the document as the record ``clean`` writes (same keys, same order)."""
    record = {}
    for key in RECORD_FIELDS:
        if key == "text":
            record[key] = document.text
        elif key in document.metadata:
            record[key] = document.metadata[key]
    return record
