"""Corpus figures: near-duplicate detection on a syndication set, dedup cost, legacy
encodings round trip, Unicode inputs left alone.

    python bench/corpus.py [--shared DIR] [--out FILE]

- Syndication set: every saved page and sample is an original story; each gets three
  copies, each under another saved page's chrome (its header, nav, aside and footer)
  with a changed title, a paragraph dropped or another story's paragraph added, and a
  source line ("Theo TTXVN") appended; the copies go through ``clean_html`` like any
  page. Distinct articles: the originals (the five samples are one topic) and the
  articlebody pages. All in one shuffled order through ``Deduplicator("near")`` for
  several thresholds: recall (copies dropped as duplicates of their own story) and
  false merges (stories dropped as duplicates of another story, over all stories).
- Dedup cost: ``Deduplicator.check`` on clean records, one core: documents per second,
  and the memory it holds per document (tracemalloc) after 20,000 distinct texts.
- Legacy encodings: the samples' sentences encoded by glibc's iconv (TCVN5712-1, small
  letters; VISCII) and by the VNI encoder of tests/test_legacy_encodings.py, decoded
  by ``decode_text``: share that comes back exactly.
- Unicode inputs: samples, saved pages and articlebody pages through the legacy
  detector (as HTML and as text): how many change (must be 0).

Writes the tables to ``bench/results/corpus.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from bench.report import write_report  # noqa: E402
from bench.scoring import page_urls  # noqa: E402
from cleaners import clean_html, clean_text, text_hash  # noqa: E402
from cleaners.app.dedup import NEAR_THRESHOLD, Deduplicator  # noqa: E402
from cleaners.core.decode import DecodeError, decode_html, decode_text  # noqa: E402
from cleaners.core.legacy_encodings import repair_legacy  # noqa: E402
from tests.test_legacy_encodings import iconv, sample_sentences, vni_bytes  # noqa: E402

SAMPLES = REPO / "seeds" / "samples"
DEFAULT_OUT = REPO / "bench" / "results" / "corpus.md"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
COPIES = 3
SOURCE_LINES = ("Theo TTXVN", "(Theo Chinhphu.vn)", "Nguồn: Báo Nhân Dân", "Theo VOV")
CHROME = ("header", "nav", "aside", "footer")


def originals(pages: Path) -> dict[str, dict]:
    """Story name -> its record (saved pages through clean_html, samples through clean_text)."""
    urls = page_urls(pages)
    stories = {}
    for path in sorted(pages.glob("*.html")):
        record = clean_html(path.read_bytes(), path.name, url=urls.get(path.stem)).record
        if record:
            stories[path.stem] = record
    for path in sorted(SAMPLES.glob("*.txt")):
        record = clean_text(path.read_text(encoding="utf-8"), path.name).record
        if record:
            stories[path.stem] = record
    return stories


def chrome_of(path: Path) -> tuple[str, str]:
    """A saved page's header and nav (before the article), aside and footer (after)."""
    tree = lxml.html.fromstring(decode_html(path.read_bytes()))
    parts = {tag: [lxml.html.tostring(e, encoding="unicode") for e in tree.iter(tag)][:2] for tag in CHROME}
    return "".join(parts["header"] + parts["nav"]), "".join(parts["aside"] + parts["footer"])


def syndicated_page(record: dict, chrome: tuple[str, str], other: dict, rng: random.Random) -> str:
    lines = record["text"].split("\n")
    if rng.random() < 0.5 and len(lines) > 2:
        del lines[rng.randrange(1, len(lines))]
    else:
        extra = other["text"].split("\n")
        lines.insert(rng.randrange(1, len(lines) + 1), extra[rng.randrange(len(extra))])
    lines.append(rng.choice(SOURCE_LINES))
    title = f"{rng.choice(('Tin mới', 'Thời sự', 'Trong nước'))}: {record['title'] or ''}"
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{chrome[0]}"
            f"<article><h1>{title}</h1>{body}</article>{chrome[1]}</body></html>")


def articlebody_records(shared: Path) -> dict[str, dict]:
    folder = shared / "bench" / "articlebody" / "html"
    records = {}
    for path in sorted(folder.glob("*.html.gz")):
        record = clean_html(gzip.decompress(path.read_bytes()), path.name).record
        if record:
            records["ab:" + path.name[:12]] = record
    return records


def syndication(shared: Path) -> list[str]:
    pages = shared / "pages"
    rng = random.Random(16)
    stories = originals(pages)
    chromes = {path.stem: chrome_of(path) for path in sorted(pages.glob("*.html"))}
    docs = []  # (story, record)
    for name, record in stories.items():
        docs.append((name, record))
        others = [c for c in chromes if c != name]
        for copy in range(COPIES):
            chrome = chromes[rng.choice(others)]
            other = stories[rng.choice([s for s in stories if s != name])]
            source = f"{name}~copy{copy}"
            result = clean_html(syndicated_page(record, chrome, other, rng), source)
            if result.record:
                docs.append((name, result.record))
    for name, record in articlebody_records(shared).items():
        docs.append((name, record))
    rng.shuffle(docs)
    story_of = {record["source"]: story for story, record in docs}
    groups = {}
    for story, _ in docs:
        groups[story] = groups.get(story, 0) + 1
    expected = sum(size - 1 for size in groups.values())
    rows = ["| threshold | bands x rows | copies caught | recall | false merges | false-merge rate |",
            "|---|---|---|---|---|---|"]
    for threshold in THRESHOLDS:
        dedup = Deduplicator("near", threshold)
        caught = false = 0
        for story, record in docs:
            duplicate = dedup.check(record)
            if duplicate is None:
                continue
            if story_of[duplicate.of] == story:
                caught += 1
            else:
                false += 1
        near = dedup._near
        mark = " (default)" if threshold == NEAR_THRESHOLD else ""
        rows.append(f"| {threshold}{mark} | {near.bands} x {near.rows} | {caught}/{expected} | {caught / expected:.1%} "
                    f"| {false}/{len(groups)} | {false / len(groups):.2%} |")
    head = (f"{len(docs)} documents: {len(stories)} stories with {COPIES} syndicated copies each "
            f"({expected} copies through clean_html), {len(groups) - len(stories)} distinct articlebody pages")
    return [head, "", *rows]


def dedup_cost(texts: list[str]) -> list[str]:
    rng = random.Random(7)
    vocabulary = sorted({word for text in texts for word in text.split()})
    records = []
    for number in range(20_000):
        lines = [" ".join(rng.choices(vocabulary, k=rng.randint(20, 60))) for _ in range(rng.randint(4, 12))]
        text = "\n".join(lines)
        records.append({"text": text, "source": f"corpus/part-{number // 1000:03d}/page-{number:06d}.html",
                        "hash": text_hash(text)})
    out = ["| mode | docs/s (one core) | state bytes/doc |", "|---|---|---|"]
    for mode in ("exact", "near"):
        dedup = Deduplicator(mode)
        started = time.process_time()
        for record in records[:5000]:
            dedup.check(record)
        rate = 5000 / (time.process_time() - started)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        dedup = Deduplicator(mode)
        for record in records:
            dedup.check(record)
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        words = sum(len(r["text"].split()) for r in records) // len(records)
        out.append(f"| {mode} | {rate:,.0f} | {held / len(records):,.0f} |")
    return [f"20,000 distinct texts of {words} words on average, sources ~45 characters", "", *out]


def legacy_round_trip() -> list[str]:
    sentences = sample_sentences()
    rows = ["| encoding | encoded by | sentences | back exactly |", "|---|---|---|---|"]
    cases = (("TCVN3", "iconv TCVN5712-1 (small letters)", lambda s: iconv(s.lower(), "TCVN5712-1"), str.lower),
             ("VISCII", "iconv VISCII", lambda s: iconv(s, "VISCII"), str),
             ("VNI", "VNI layout (tests)", _vni, str))
    for name, how, encode, expect in cases:
        pairs = [(expect(s), encode(s)) for s in sentences]
        pairs = [(s, data) for s, data in pairs if data is not None]
        good = 0
        for sentence, data in pairs:
            try:
                good += decode_text(data) == sentence
            except DecodeError:
                pass
        rows.append(f"| {name} | {how} | {len(pairs)} | {good}/{len(pairs)} ({good / max(1, len(pairs)):.0%}) |")
    return rows


def _vni(sentence: str) -> bytes | None:
    try:
        return vni_bytes(sentence)
    except UnicodeEncodeError:
        return None


def unicode_untouched(shared: Path) -> list[str]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    paths = sorted((shared / "pages").glob("*.html")) + sorted((shared / "bench" / "articlebody" / "html").glob("*.gz"))
    for path in paths:
        data = path.read_bytes()
        texts.append((path.name, decode_html(gzip.decompress(data) if path.suffix == ".gz" else data)))
    changed = sum(repair_legacy(text, markup=True)[1] is not None or repair_legacy(text)[1] is not None
                  for _, text in texts)
    return [f"Unicode inputs (5 samples, saved pages, articlebody pages): {len(texts)}, changed by the "
            f"legacy detector: {changed}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("VNCLEAN_SHARED", REPO.parent / "shared")))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    opts = parser.parse_args()
    if not (opts.shared / "pages").is_dir():
        print(f"no saved pages in {opts.shared}/pages (use --shared DIR)", file=sys.stderr)
        return 2
    sections = [("Near duplicates (syndication set)", syndication(opts.shared))]
    texts = [r["text"] for r in originals(opts.shared / "pages").values()]
    sections.append(("Dedup cost", dedup_cost(texts)))
    sections.append(("Legacy encodings round trip", legacy_round_trip()))
    sections.append(("Unicode inputs", unicode_untouched(opts.shared)))
    report = "# Corpus figures (bench/corpus.py)\n\n" + "\n\n".join(
        f"## {title}\n\n" + "\n".join(lines) for title, lines in sections) + "\n"
    write_report(report, opts.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
