"""Inputs for the scale tests, built at test time from the samples and the saved pages:
the samples as JSONL lines with a ``text`` field, the pages as WARC response records
(what Common Crawl and datatrove's WarcReader hold), and a run of ``clean`` over them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.app.cli import main as clean_main

from .conftest import NO_DEDUP, SAMPLES


def page_urls(pages: Path) -> dict[str, str]:
    """Page file name -> the URL it was saved from (pages/SOURCES.tsv)."""
    with open(pages / "SOURCES.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {f"{row['id']}_{row['site']}.html": row["url"] for row in rows}


def write_samples_jsonl(folder: Path, parts: int = 2) -> list[Path]:
    """The five samples as ``{"text": ...}`` lines, spread over ``parts`` JSONL files."""
    samples = sorted(SAMPLES.glob("*.txt"))
    paths = []
    for part in range(parts):
        path = folder / f"samples-{part}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for sample in samples[part::parts]:
                handle.write(json.dumps({"text": sample.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def write_pages_warc(folder: Path, pages: Path, parts: int = 2) -> list[Path]:
    """The saved pages as WARC response records, spread over ``parts`` .warc.gz files."""
    urls = page_urls(pages)
    files = sorted(pages.glob("*.html"))
    paths = []
    for part in range(parts):
        path = folder / f"pages-{part}.warc.gz"
        with open(path, "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for page in files[part::parts]:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                        protocol="HTTP/1.1")
                # Common Crawl names the sniffed type; datatrove's WarcReader reads it.
                record = writer.create_warc_record(
                    urls[page.name], "response", payload=io.BytesIO(page.read_bytes()), http_headers=http,
                    warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"})
                writer.write_record(record)
        paths.append(path)
    return paths


def write_wet(path: Path, documents: list[tuple[str, str]]) -> Path:
    """A WET file as Common Crawl writes them: WARC/1.0, a warcinfo record first, then one
    text/plain conversion record per (url, text), with WARC-Refers-To (the response it was
    converted from), WARC-Block-Digest and Content-Length (warcio computes both)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"), warc_version="WARC/1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {
            "Software-Info": "ia-web-commons.1.1.10-SNAPSHOT-20240513073048",
            "Extracted-Date": "Tue, 21 May 2024 10:03:00 GMT",
            "robots": "checked via crawler-commons 1.5-SNAPSHOT (https://github.com/crawler-commons/crawler-commons)",
            "isPartOf": "CC-MAIN-2024-22",
            "operator": "Common Crawl Admin (info@commoncrawl.org)",
            "description": "Wide crawl of the web for May 2024",
            "publisher": "Common Crawl",
        }))
        for number, (url, text) in enumerate(documents):
            record = writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(text.encode("utf-8")), warc_content_type="text/plain",
                warc_headers_dict={"WARC-Date": "2024-05-21T10:03:00Z",
                                   "WARC-Refers-To": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
                                   "WARC-Identified-Content-Language": "vie"})
            writer.write_record(record)
    return path


def run_clean(inputs: list[Path | str], out: Path, *options: str) -> int:
    """``clean INPUT... -o OUT`` in this process; returns its exit status."""
    argv = [str(p) for p in inputs] + ["-o", str(out), "--workers", "1", "--no-progress", *NO_DEDUP, *options]
    return clean_main(argv)
