"""Lever "language": langdetect's own detector against ours on the text of each page.

    python bench/lever_language.py [--rounds N] [--shared DIR]

The text is the record's text of each page (``clean_html``), cut to the sample
``detect_language`` reads. Old: langdetect's ``factory.create(); append(sample);
get_probabilities()``; new: the same calls on our factory (langdetect-rs). They take turns
on every page, in CPU time (``time.process_time``); the figures are the medians over the
rounds. Reads ``DIR/pages`` (default ``$VNCLEAN_SHARED`` or ../shared), or 12 pages of
bench/synthetic.py when absent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import langdetect  # noqa: E402
from langdetect.detector_factory import PROFILES_DIRECTORY  # noqa: E402

from bench.synthetic import synthetic_page  # noqa: E402
from cleaners.core.language import SAMPLE_CHARS, SEED, _profiles  # noqa: E402
from cleaners.core.pipeline import clean_html  # noqa: E402

STAND_IN_PAGES = 12


def languages(factory, sample: str) -> list[tuple[str, float]] | str:
    """A new detector's answer for ``sample``: every language over its threshold with its
    probability, or its error."""
    detector = factory.create()
    detector.append(sample)
    try:
        return [(language.lang, language.prob) for language in detector.get_probabilities()]
    except Exception as error:  # langdetect's and langdetect-rs's own exception classes
        return f"{type(error).__name__}: {error}"


def measure(pages: list[tuple[str, bytes]], rounds: int) -> list[str]:
    """Markdown lines: old and new CPU ms per page on the same samples, and whether every
    answer was identical."""
    samples = []
    for name, html in pages:
        result = clean_html(html, name)
        if result.record is not None:
            samples.append(result.record["text"][:SAMPLE_CHARS])
    old = langdetect.DetectorFactory()
    old.set_seed(SEED)
    old.load_profile(PROFILES_DIRECTORY)
    ways = {"old": old, "new": _profiles()}
    answers = {way: [languages(factory, sample) for sample in samples] for way, factory in ways.items()}
    per_round: dict[str, list[float]] = {way: [] for way in ways}
    for turn in range(rounds):
        spent = dict.fromkeys(ways, 0.0)
        for index, sample in enumerate(samples):
            order = ["old", "new"] if (turn + index) % 2 else ["new", "old"]  # each first as often
            for way in order:
                started = time.process_time()
                languages(ways[way], sample)
                spent[way] += time.process_time() - started
        for way, seconds in spent.items():
            per_round[way].append(seconds * 1000 / max(len(samples), 1))
    old_ms, new_ms = statistics.median(per_round["old"]), statistics.median(per_round["new"])
    identical = "yes" if answers["old"] == answers["new"] else "NO"
    return [
        "### language",
        "",
        f"- old (langdetect's detector): {old_ms:.3f} CPU ms per page",
        f"- new (langdetect-rs): {new_ms:.3f} CPU ms per page ({old_ms / max(new_ms, 1e-9):.1f}x faster)",
        f"- {len(samples)} pages, {rounds} rounds, samples of {SAMPLE_CHARS} characters of the record's text; "
        f"languages and probabilities identical to the bit: {identical}",
    ]


def read_pages(shared: Path) -> list[tuple[str, bytes]]:
    """The saved pages of ``shared/pages``, or synthetic pages when there are none."""
    saved = sorted((shared / "pages").glob("*.html"))
    if saved:
        return [(path.name, path.read_bytes()) for path in saved]
    print(
        f"no saved pages in {shared / 'pages'}: {STAND_IN_PAGES} pages of bench/synthetic.py", file=sys.stderr
    )
    return [
        (f"synthetic-{index}.html", synthetic_page(index).encode("utf-8")) for index in range(STAND_IN_PAGES)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="rounds over all pages (default 20)")
    parser.add_argument(
        "--shared", metavar="DIR", help="folder holding pages/ (default: $VNCLEAN_SHARED or ../shared)"
    )
    args = parser.parse_args(argv)
    shared = Path(args.shared or os.environ.get("VNCLEAN_SHARED") or REPO.parent / "shared")
    print("\n".join(measure(read_pages(shared), args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
