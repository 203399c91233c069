"""Cleaning quality on real pages, beside plain trafilatura.

    python bench/quality.py [--shared DIR] [--no-articlebody] [--details] [--out FILE]

Runs, in one process and on the same input:
- our ``clean_html`` on every ``DIR/pages/*.html`` (URL from ``SOURCES.tsv``), and plain
  ``trafilatura.extract(html)`` with default options and with ``favor_precision=True``;
- our ``clean_text`` on ``seeds/samples/*.txt`` (gold in ``tests/gold/``);
- our ``clean_text`` on ``DIR/textform/*.txt`` (each the full-page text dump of the saved
  page of the same name, gold its labels file), beside the text as it is; and on the
  articlebody pages rendered as text dumps (bench/text_dump.py: pages nobody tuned the
  text path to), with the articlebody metric;
and scores each document against its gold labels (bench/scoring.py: token precision,
recall, F1, leaked boilerplate lines, repeated lines, title/date/author right). Then the
articlebody check (``DIR/bench/articlebody``, 181 mostly-English pages, its own 4-gram
shingle metric): our ``clean_html`` against ``trafilatura.extract(include_comments=False)``.

Prints the tables and writes them as markdown to ``bench/results/quality.md``. ``DIR``
defaults to ``$VNCLEAN_SHARED`` or ``../shared`` beside the checkout; without it, only the
samples (held by the repo) are scored, the run says what it skipped, and the committed
report is left alone unless ``--out`` names a file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from trafilatura.metadata import extract_metadata  # noqa: E402

from bench.report import write_report  # noqa: E402
from bench.scoring import (  # noqa: E402
    TextScore,
    articlebody_scores,
    author_right,
    date_right,
    page_urls,
    read_gold,
    score_text,
    shingle_counts,
    title_right,
    tokens,
)
from bench.text_dump import text_dump  # noqa: E402
from cleaners import clean_html, clean_text  # noqa: E402
from cleaners.app.cli import main as clean_main  # noqa: E402
from tests.scale_inputs import write_wet  # noqa: E402

SAMPLES = REPO / "seeds" / "samples"
GOLD = REPO / "tests" / "gold"
DEFAULT_OUT = REPO / "bench" / "results" / "quality.md"
# The Readability set's README leaves out pages whose expected text is this short.
READABILITY_MIN_TOKENS = 50


@dataclass
class Row:
    doc: str
    system: str
    score: TextScore
    title: bool | None
    date: bool | None
    author: bool | None
    seconds: float


def _row(doc: str, system: str, text: str, gold, title, date, author, seconds) -> Row:
    return Row(doc, system, score_text(text, gold), title_right(title, gold), date_right(date, gold),
               author_right(author, gold), seconds)


def run_pages(pages: Path) -> list[Row]:
    rows = []
    urls = page_urls(pages)
    for path in sorted(pages.glob("*.html")):
        gold = read_gold(path.with_suffix(".labels.tsv"))
        html = path.read_bytes()
        url = urls.get(path.name.split("_")[0])
        name = path.stem

        started = time.perf_counter()
        result = clean_html(html, str(path), url=url)
        seconds = time.perf_counter() - started
        record = result.record or {}
        rows.append(_row(name, "ours", record.get("text", ""), gold, record.get("title"), record.get("date"),
                         record.get("author"), seconds))

        meta = extract_metadata(html, default_url=url)
        for system, options in (("trafilatura", {}), ("traf-precision", {"favor_precision": True})):
            started = time.perf_counter()
            text = trafilatura.extract(html, url=url, **options) or ""
            seconds = time.perf_counter() - started
            rows.append(_row(name, system, text, gold, meta.title, meta.date, meta.author, seconds))
    return rows


def run_samples() -> list[Row]:
    rows = []
    for path in sorted(SAMPLES.glob("*.txt")):
        gold = read_gold(GOLD / (path.stem + ".labels.tsv"))
        started = time.perf_counter()
        result = clean_text(path.read_text(encoding="utf-8"), str(path))
        seconds = time.perf_counter() - started
        record = result.record or {}
        rows.append(_row("sample " + path.stem[:3], "ours", record.get("text", ""), gold, record.get("title"),
                         record.get("date"), record.get("author"), seconds))
    return rows


def run_textform(textform: Path, pages: Path) -> list[Row]:
    """Our text path on the full-page text dumps, and the dump as it is (no title)."""
    rows = []
    for path in sorted(textform.glob("*.txt")):
        gold = read_gold(pages / (path.stem + ".labels.tsv"))
        text = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        result = clean_text(text, str(path))
        seconds = time.perf_counter() - started
        record = result.record or {}
        rows.append(_row(path.stem, "ours (text)", record.get("text", ""), gold, record.get("title"),
                         record.get("date"), record.get("author"), seconds))
        rows.append(_row(path.stem, "as it is", text, gold, None, None, None, 0.0))
    return rows


def run_articlebody_text(folder: Path) -> dict[str, dict[str, float]]:
    """Articlebody scores of the pages rendered as text dumps: as they are, and cleaned by
    our text path."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    counts: dict[str, list] = {"as it is": [], "ours (text)": []}
    for key, item in sorted(truth.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        dump = "\n".join(text_dump(html.decode("utf-8", "replace")))
        result = clean_text(dump, key)
        counts["as it is"].append(shingle_counts(item.get("articleBody", ""), dump))
        counts["ours (text)"].append(shingle_counts(item.get("articleBody", ""), result.record["text"] if result.ok else ""))
    return {system: articlebody_scores(c) for system, c in counts.items()}


def run_textform_wet(textform: Path, pages: Path) -> list[Row]:
    """The dumps as one Common Crawl WET file (URLs from SOURCES.tsv) through ``clean``:
    the WET reader, the text path and the cross-document evidence, as a user runs them."""
    urls = page_urls(pages)
    paths = sorted(textform.glob("*.txt"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        wet = write_wet(Path(tmp) / "textform.warc.wet.gz",
                        [(urls[path.name.split("_")[0]], path.read_text(encoding="utf-8")) for path in paths])
        out = Path(tmp) / "out.jsonl"
        clean_main([str(wet), "-o", str(out), "--workers", "1", "--no-progress"])
        records = {r["source"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    for number, path in enumerate(paths, start=2):  # record 1 is the warcinfo record
        record = records.get(f"{wet}#{number}", {})
        rows.append(_row(path.stem, "ours (WET)", record.get("text", ""), read_gold(pages / (path.stem + ".labels.tsv")),
                         record.get("title"), record.get("date"), record.get("author"), 0.0))
    return rows


def textform_report(textform: Path, pages: Path, page_rows: list[Row],
                    articlebody: Path | None = None) -> tuple[list[str], list[Row]]:
    """The textform section: means of both systems, the text path's speed beside the HTML
    path's on the same pages, and the articlebody pages as text dumps."""
    rows = run_textform(textform, pages)
    ours = [r for r in rows if r.system == "ours (text)"]
    html = [r for r in page_rows if r.system == "ours" and r.doc in {o.doc for o in ours}]
    lines = ["## Full-page text dumps (textform)", ""]
    wet_rows = run_textform_wet(textform, pages)
    lines += means([("textform", ours), ("textform", [r for r in rows if r.system == "as it is"]),
                    ("textform as WET", wet_rows)])
    lines += ["", f"Milliseconds per document: text path {1000 * _mean([r.seconds for r in ours]):.1f}, "
              f"HTML path on the same pages {1000 * _mean([r.seconds for r in html]):.1f}.", ""]
    if articlebody is not None and articlebody.is_dir():
        lines += ["Articlebody pages (181) rendered as text dumps, 4-gram shingles:", "",
                  "| system | P | R | F1 |", "|---|---|---|---|"]
        lines += [f"| {system} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
                  for system, v in run_articlebody_text(articlebody).items()]
        lines.append("")
    return lines, rows


def run_articlebody(folder: Path) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Both systems' articlebody scores and timings, and the pages our ``clean_html`` gave
    no record for while plain trafilatura found text (an article lost)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    counts: dict[str, list] = {"ours": [], "trafilatura": []}
    seconds = {"ours": 0.0, "trafilatura": 0.0}
    lost = []
    for key, item in sorted(truth.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        started = time.perf_counter()
        result = clean_html(html, key, url=item.get("url"))
        seconds["ours"] += time.perf_counter() - started
        ours = result.record["text"] if result.ok else ""
        started = time.perf_counter()
        plain = trafilatura.extract(html, url=item.get("url"), include_comments=False) or ""
        seconds["trafilatura"] += time.perf_counter() - started
        if not result.ok and plain:
            lost.append(f"{key} ({result.reason})")
        counts["ours"].append(shingle_counts(item.get("articleBody", ""), ours))
        counts["trafilatura"].append(shingle_counts(item.get("articleBody", ""), plain))
    scores = {system: {**articlebody_scores(c), "ms_per_page": 1000 * seconds[system] / len(c), "pages": len(c)}
              for system, c in counts.items()}
    return scores, lost


@dataclass
class ReadabilityPage:
    """One Readability page's token precision and recall for ours and plain trafilatura,
    and our reason when we gave no record."""

    name: str
    ours: tuple[float, float]
    trafilatura: tuple[float, float]
    reason: str | None


def _token_pr(expected: Counter, text: str) -> tuple[float, float]:
    got = Counter(tokens(text))
    overlap = sum((got & expected).values())
    total, wanted = sum(got.values()), sum(expected.values())
    return (overlap / total if total else 0.0, overlap / wanted if wanted else 0.0)


def run_readability(folder: Path) -> list[ReadabilityPage]:
    """Each page of Mozilla Readability's test set (``NAME.html`` beside its
    ``NAME.expected.html``) with at least ``READABILITY_MIN_TOKENS`` expected tokens, scored
    as its README says: ``\\w+`` tokens of the NFC, lower-cased text as multisets, no
    record = 0."""
    pages = []
    for expected_path in sorted(folder.glob("*.expected.html")):
        expected = Counter(tokens(lxml_html.fromstring(expected_path.read_bytes()).text_content()))
        if sum(expected.values()) < READABILITY_MIN_TOKENS:
            continue
        name = expected_path.name.removesuffix(".expected.html")
        html = (folder / f"{name}.html").read_bytes()
        result = clean_html(html, name)
        plain = trafilatura.extract(html) or ""
        pages.append(ReadabilityPage(name, _token_pr(expected, result.record["text"] if result.ok else ""),
                                     _token_pr(expected, plain), None if result.ok else result.reason))
    return pages


def readability_scores(pages: list[ReadabilityPage]) -> dict[str, dict[str, float]]:
    """Macro precision and recall over the pages and the F1 of the two means, per system."""
    scores = {}
    for system in ("ours", "trafilatura"):
        precision = _mean([getattr(p, system)[0] for p in pages])
        recall = _mean([getattr(p, system)[1] for p in pages])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[system] = {"precision": precision, "recall": recall, "f1": f1, "pages": len(pages)}
    return scores


def readability_lost(pages: list[ReadabilityPage]) -> list[str]:
    """Pages where plain trafilatura gave text and we gave no record."""
    return [f"{p.name} ({p.reason})" for p in pages if p.reason and p.trafilatura[1] > 0]


def readability_report(folder: Path) -> list[str]:
    """The Readability section of the report: means beside plain trafilatura, lost pages,
    and the pages where our recall is furthest below trafilatura's."""
    pages = run_readability(folder)
    scores = readability_scores(pages)
    names = {"ours": "ours (clean_html)", "trafilatura": "trafilatura default"}
    lines = [f"## Readability ({len(pages)} pages of >= {READABILITY_MIN_TOKENS} expected tokens, token multisets)",
             "", "| system | P | R | F1 |", "|---|---|---|---|"]
    lines += [f"| {names[k]} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |" for k, v in scores.items()]
    lost = readability_lost(pages)
    behind = sorted((p for p in pages if p.ours[1] < p.trafilatura[1] - 0.05),
                    key=lambda p: p.ours[1] - p.trafilatura[1])
    lines += ["", f"Pages where ours gave no record and plain trafilatura gave text: {', '.join(lost) or 'none'}.",
              "", "Pages where our recall is more than 0.05 below trafilatura's: "
              + (", ".join(f"{p.name} ({p.ours[1]:.2f} < {p.trafilatura[1]:.2f})" for p in behind) or "none") + ".", ""]
    return lines


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _count(rows: list[Row], attribute: str) -> str:
    values = [getattr(r, attribute) for r in rows if getattr(r, attribute) is not None]
    return f"{sum(values)}/{len(values)}"


def table(rows: list[Row]) -> list[str]:
    lines = ["| document | system | P | R | F1 | leaked | repeated | title | date | author | clean |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        s = r.score
        lines.append(f"| {r.doc} | {r.system} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                     f"{len(s.leaked)} | {len(s.repeated)} | {_mark(r.title)} | {_mark(r.date)} | "
                     f"{_mark(r.author)} | {'yes' if s.clean else 'no'} |")
    return lines


def means(groups: list[tuple[str, list[Row]]]) -> list[str]:
    lines = ["| set | system | docs | P | R | F1 | min R | leaked | repeated | clean | title | date | author |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, rows in groups:
        if not rows:
            continue
        scores = [r.score for r in rows]
        lines.append(
            f"| {label} | {rows[0].system} | {len(rows)} | {_mean([s.precision for s in scores]):.3f} | "
            f"{_mean([s.recall for s in scores]):.3f} | {_mean([s.f1 for s in scores]):.3f} | "
            f"{min(s.recall for s in scores):.3f} | {sum(len(s.leaked) for s in scores)} | "
            f"{sum(len(s.repeated) for s in scores)} | {sum(s.clean for s in scores)}/{len(scores)} | "
            f"{_count(rows, 'title')} | {_count(rows, 'date')} | {_count(rows, 'author')} |")
    return lines


def details(rows: list[Row]) -> list[str]:
    lines = []
    for r in rows:
        for kind, found in (("leaked", r.score.leaked), ("repeated", r.score.repeated)):
            lines.extend(f"- {r.doc} ({r.system}) {kind}: {line[:100]}" for line in found)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("VNCLEAN_SHARED", REPO.parent / "shared")),
                        help="the shared data folder holding pages/ and bench/articlebody/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="markdown report (default: %(default)s)")
    parser.add_argument("--no-articlebody", action="store_true", help="skip the 181-page articlebody check")
    parser.add_argument("--no-readability", action="store_true", help="skip the Readability test pages")
    parser.add_argument("--details", action="store_true",
                        help="also print every leaked and repeated line (not written to the report)")
    args = parser.parse_args(argv)

    # What the repo holds (the samples) is always scored; the third-party sets are scored
    # when ../shared (or --shared) has them, and the report says what it skipped.
    skipped = []
    pages = args.shared / "pages"
    if pages.is_dir():
        page_rows = run_pages(pages)
    else:
        page_rows = []
        skipped.append(f"the saved pages: {pages} not found (give --shared DIR or set VNCLEAN_SHARED)")
    sample_rows = run_samples()
    ours_pages = [r for r in page_rows if r.system == "ours"]
    groups = [("pages", ours_pages)]
    groups += [("pages", [r for r in page_rows if r.system == name]) for name in ("trafilatura", "traf-precision")]
    groups += [("samples", sample_rows), ("pages+samples", ours_pages + sample_rows)]
    plain = {r.doc: r.score.f1 for r in page_rows if r.system == "trafilatura"}
    behind = [r.doc for r in ours_pages if r.score.f1 < plain[r.doc]]

    report = ["# Cleaning quality", "", f"Command: `python bench/quality.py` ({time.strftime('%Y-%m-%d')}, "
              f"trafilatura {trafilatura.__version__}).", "", "## Means", ""]
    report += means(groups)
    if page_rows:
        report += ["", f"Pages where ours has a lower F1 than plain trafilatura: {', '.join(behind) or 'none'}."]
    report += [""]
    textform = args.shared / "textform"
    textform_rows = []
    if textform.is_dir() and pages.is_dir():
        textform_lines, textform_rows = textform_report(
            textform, pages, page_rows, None if args.no_articlebody else args.shared / "bench" / "articlebody")
        report += textform_lines
    else:
        skipped.append(f"the full-page text dumps: {textform} or {pages} not found")
    if args.no_articlebody:
        skipped.append("the articlebody check: --no-articlebody")
    else:
        body = args.shared / "bench" / "articlebody"
        if body.is_dir():
            scores, lost = run_articlebody(body)
            report += ["## Articlebody (181 pages, 4-gram shingles)", "",
                       "| system | P | R | F1 | ms/page |", "|---|---|---|---|---|"]
            names = {"ours": "ours (clean_html)", "trafilatura": "trafilatura include_comments=False"}
            report += [f"| {names[k]} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | "
                       f"{v['ms_per_page']:.0f} |" for k, v in scores.items()]
            report += ["", f"Pages where ours gave no record and plain trafilatura gave text: {', '.join(lost) or 'none'}.",
                       ""]
        else:
            skipped.append(f"the articlebody check: {body} not found")
    readability = args.shared / "bench" / "readability"
    if args.no_readability:
        skipped.append("the Readability check: --no-readability")
    elif readability.is_dir():
        report += readability_report(readability)
    else:
        skipped.append(f"the Readability check: {readability} not found")
    report += [f"Skipped {what}." for what in skipped] + ([""] if skipped else [])
    report += ["## Per document", ""] + table(page_rows + sample_rows + textform_rows)
    text = "\n".join(report) + "\n"
    print(text)
    everything = page_rows + sample_rows + [r for r in textform_rows if r.system != "as it is"]
    if args.details:
        # Printed only: these lines are the pages' own (third-party) text, never written
        # into the report that is committed.
        print("\n".join(["## Leaked and repeated lines", ""] + (details(everything) or ["none"])))
    for what in skipped:
        print(f"skipped {what}", file=sys.stderr)
    if not page_rows and args.out == DEFAULT_OUT:
        # The committed report holds the saved pages' scores: a run without them keeps it.
        print(f"not written: {args.out} (no saved pages scored; give --out FILE to keep this report)",
              file=sys.stderr)
        return 0
    write_report(text, args.out, echo=False)
    print(f"written: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
