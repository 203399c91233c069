"""What cross-document evidence (cleaners/core/template_lines.py) adds on many text dumps per
site, and what its first pass costs.

    python bench/template_lines.py [--sites N] [--pages N] [--out FILE]

Each site is a folder of full-page text dumps of bench/synthetic.py's article pages (the
visible text, one block per line, as ../shared/textform's dumps are made), in two
variants: as generated, and with a site promotion paragraph under every article (as
znews.vn and tuoitre.vn carry one; a sentence line the single-document rules keep). The
reference text of each page is what the HTML path (``clean_html``) gives for it. The run
cleans each variant with and without the evidence (``clean`` with and without
``--no-template-lines``, one worker) and prints token F1 against the reference, lines
removed as ``template_line``, and the time of the first pass per document.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import write_report  # noqa: E402
from bench.scoring import score_text  # noqa: E402
from bench.synthetic import synthetic_page  # noqa: E402
from bench.text_dump import text_dump  # noqa: E402
from cleaners import clean_html  # noqa: E402
from cleaners.app.cli import main as clean_main  # noqa: E402
from cleaners.app.template_counts import first_pass  # noqa: E402
from cleaners.core.limits import Limits  # noqa: E402

DEFAULT_OUT = REPO / "bench" / "results" / "template_lines.md"
PROMO = (
    "{site} giới thiệu tới bạn đọc chuyên trang Sống khỏe với nhiều bài viết hữu ích về dinh dưỡng, "
    "luyện tập và chăm sóc sức khỏe cho cả gia đình, cập nhật hằng ngày."
)


def build(folder: Path, sites: int, pages: int) -> dict[str, dict[str, str]]:
    """Both variants of every site on disk; the reference text of each file."""
    references: dict[str, dict[str, str]] = {"plain": {}, "promo": {}}
    for site in range(sites):
        for page in range(pages):
            html = synthetic_page(site * 100_000 + page)
            reference = clean_html(html, "synthetic").record["text"]
            lines = text_dump(html)
            last_body = max(i for i, line in enumerate(lines) if line in reference)
            promo = [*lines[: last_body + 1], PROMO.format(site=f"Báo Mẫu {site}"), *lines[last_body + 1 :]]
            for variant, dump in (("plain", lines), ("promo", promo)):
                path = folder / variant / f"site{site}" / f"{page:04d}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("\n".join(dump), encoding="utf-8")
                references[variant][str(path)] = reference
    return references


def run(folder: Path, references: dict[str, str], *options: str) -> dict[str, float]:
    out = folder.parent / f"{folder.name}-out{len(options)}.jsonl"
    started = time.perf_counter()
    clean_main(
        [str(folder), "-o", str(out), "--workers", "1", "--no-progress", "--overwrite", "--explain", *options]
    )
    seconds = time.perf_counter() - started
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    scores = [
        score_text(r["text"], [("K", line) for line in references[r["source"]].split("\n")]) for r in records
    ]
    removed = sum(1 for r in records for e in r["explain"] if e["reason"] == "template_line")
    return {
        "f1": sum(s.f1 for s in scores) / len(scores),
        "precision": sum(s.precision for s in scores) / len(scores),
        "recall": sum(s.recall for s in scores) / len(scores),
        "records": len(records),
        "template_lines": removed,
        "ms_per_doc": 1000 * seconds / len(records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--pages", type=int, default=50, help="pages per site")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    report = [
        "# Cross-document evidence (template lines)",
        "",
        f"Command: `python bench/template_lines.py --sites {args.sites} --pages {args.pages}`",
        "",
        "| variant | evidence | docs | P | R | F1 | template lines removed | ms/doc (whole run) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        references = build(Path(tmp), args.sites, args.pages)
        for variant in ("plain", "promo"):
            folder = Path(tmp) / variant
            for label, options in (("without", ("--no-template-lines",)), ("with", ())):
                r = run(folder, references[variant], *options)
                report.append(
                    f"| {variant} | {label} | {r['records']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                    f"{r['f1']:.3f} | {r['template_lines']} | {r['ms_per_doc']:.1f} |"
                )
        started = time.perf_counter()
        counter = first_pass([str(Path(tmp) / "promo")], Limits())
        seconds = time.perf_counter() - started
        docs = args.sites * args.pages
        report += [
            "",
            f"First pass alone: {1000 * seconds / docs:.2f} ms per document, "
            f"{len(counter.counts)} table entries for {docs} documents (bound {counter.max_entries}).",
        ]
    text = "\n".join(report) + "\n"
    write_report(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
