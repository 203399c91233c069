"""The ``clean`` command: ``python -m cleaners INPUT... [-o OUT]`` and ``scrapy clean``
share this one implementation.

Records go to OUT (JSONL, one complete line per record, written as it is made);
every input that gives no record goes to ``OUT`` with ``.errors.jsonl`` as suffix, and to
the log. Exit status: 0 when every input was processed, 1 when some failed, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .inputs import InputError, Limits, Task, read_inputs
from .language import known_languages
from .pipeline import Result, clean_html, clean_text

LOG = logging.getLogger("cleaners")
DEFAULT_OUTPUT = "output/clean.jsonl"
# Reasons that mean the input was read and understood but holds no article we keep; all
# other reasons are failures (exit status 1).
SKIP_REASONS = frozenset({"no_article", "language", "not_html", "duplicate"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options (shared by ``python -m cleaners`` and ``scrapy clean``)."""
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, folders (recursed), globs or - for standard input: "
                             ".html/.htm (.gz), .txt, .jsonl with html or text, .warc(.gz)")
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT, metavar="OUT",
                        help=f"JSONL file to write (default: {DEFAULT_OUTPUT}); - for standard output")
    parser.add_argument("--lang", metavar="CODE", help="keep only articles in this language (e.g. vi)")
    parser.add_argument("--explain", action="store_true",
                        help="add to each record the lines removed, with step and reason")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: the number of cores); output keeps input order")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    mode.add_argument("--resume", action="store_true",
                      help="append to an existing OUT, skipping inputs it (or its errors file) has")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="show a progress bar (default: only on a terminal)")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    parser.add_argument("--max-bytes", type=int, default=Limits.max_bytes, metavar="N",
                        help="largest input file read, in bytes (for JSONL: largest line)")
    parser.add_argument("--max-decompressed", type=int, default=Limits.max_decompressed, metavar="N",
                        help="largest decompressed document, in bytes")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleaners",
        description="Clean Vietnamese news pages (HTML, text, JSONL, WARC) into one JSON line per article.",
    )
    add_arguments(parser)
    return parser


@dataclass
class Summary:
    """Counts for the end-of-run summary."""

    read: int = 0
    written: int = 0
    resumed: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"read {self.read}, written {self.written}, skipped {sum(self.skipped.values())}, "
               f"failed {sum(self.failed.values())}"
               + (f", already done {self.resumed}" if self.resumed else "")]
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{k} {v}" for k, v in self.skipped.most_common()))
        if self.failed:
            out.append("failed: " + ", ".join(f"{k} {v}" for k, v in self.failed.most_common()))
        if self.removed:
            out.append("removed lines: " + ", ".join(f"{k} {v}" for k, v in self.removed.most_common()))
        return out


def clean_task(task: Task, explain: bool = False, lang: str | None = None) -> Result:
    """Clean one document; never raises."""
    try:
        if task.kind == "text":
            result = clean_text(task.payload, task.source, url=task.url, explain=explain)
        else:
            result = clean_html(task.payload, task.source, url=task.url, content_type=task.content_type,
                                explain=explain)
    except Exception as error:  # a bug on one page must not end the run
        LOG.exception("unexpected error on %s", task.source)
        return Result(task.source, reason="error", message=f"{type(error).__name__}: {error}")
    if result.record is not None and lang and result.record["lang"] != lang:
        return Result(task.source, reason="language",
                      message=f"language is {result.record['lang']}, not {lang}",
                      removed=result.removed, timings=result.timings)
    return result


def _clean_star(args: tuple[Task, bool, str | None]) -> Result:
    return clean_task(*args)


def _results(tasks: Iterable[Task | InputError], workers: int, explain: bool,
             lang: str | None) -> Iterator[Result | InputError]:
    """Clean tasks in input order, in this process or in a pool of workers."""
    if workers <= 1:
        for task in tasks:
            yield task if isinstance(task, InputError) else clean_task(task, explain, lang)
        return
    # Errors from the readers pass through the pool untouched so that order is kept.
    with get_context("fork").Pool(workers, initializer=_ignore_interrupt) as pool:
        yield from pool.imap(_pass_or_clean, ((t, explain, lang) for t in tasks), chunksize=4)


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool), no traceback here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pass_or_clean(args: tuple[Task | InputError, bool, str | None]) -> Result | InputError:
    task = args[0]
    return task if isinstance(task, InputError) else _clean_star(args)  # type: ignore[arg-type]


class JsonlWriter:
    """Appends one complete JSON line per call with a single write (an interrupted run
    leaves valid JSONL)."""

    def __init__(self, path: str, append: bool) -> None:
        self.path = path
        if path == "-":
            self.fd = sys.stdout.fileno()
            return
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        self.fd = os.open(path, flags, 0o644)

    def write(self, item: dict) -> None:
        os.write(self.fd, (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8"))

    def close(self) -> None:
        if self.path != "-":
            os.close(self.fd)


def errors_path(output: str) -> str:
    """Where a run's errors go: OUT with ``.errors.jsonl`` as suffix (the default OUT's
    when records go to standard output)."""
    if output == "-":
        output = DEFAULT_OUTPUT
    path = Path(output)
    return str(path.with_name(path.name.removesuffix(".jsonl") + ".errors.jsonl"))


def done_sources(*paths: str) -> set[str]:
    """Sources already written to these JSONL files (for --resume); a torn last line is
    cut off so appending continues on a clean line."""
    done: set[str] = set()
    for path in paths:
        if not os.path.exists(path):
            continue
        _truncate_partial_line(path)
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    done.add(json.loads(line)["source"])
                except (ValueError, KeyError, TypeError):
                    continue
    return done


def _truncate_partial_line(path: str) -> None:
    with open(path, "rb+") as handle:
        data = handle.read()
        if data and not data.endswith(b"\n"):
            handle.truncate(data.rfind(b"\n") + 1)


def _progress(enabled: bool | None):
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(disable=not enabled, unit="doc", file=sys.stderr, dynamic_ncols=True)


def run(opts: argparse.Namespace, stdin=None) -> int:
    """Run the command with parsed options; returns the exit status."""
    if not opts.inputs:
        LOG.error("no INPUT given (files, folders, globs or -)")
        return 2
    output = opts.output
    errors_file = errors_path(output)
    if output != "-" and os.path.exists(output) and not (opts.overwrite or opts.resume):
        LOG.error("%s exists: use --overwrite to replace it or --resume to finish it", output)
        return 2
    if opts.workers < 1:
        LOG.error("--workers must be at least 1")
        return 2
    if opts.lang and opts.lang not in known_languages():
        LOG.error("--lang %s: not a language code langdetect gives (e.g. vi, en, zh-cn)", opts.lang)
        return 2
    done = done_sources(output, errors_file) if opts.resume else set()
    limits = Limits(max_bytes=opts.max_bytes, max_decompressed=opts.max_decompressed)
    summary = Summary()
    try:
        writer = JsonlWriter(output, append=bool(opts.resume))
        error_writer = JsonlWriter(errors_file, append=bool(opts.resume))
    except OSError as error:
        LOG.error("cannot write %s: %s", error.filename or output, error.strerror or error)
        return 2
    own_files = [errors_file] + ([output] if output != "-" else [])
    tasks = (t for t in read_inputs(opts.inputs, limits, stdin=stdin, exclude=own_files)
             if not _already(t, done, summary))
    bar = _progress(opts.progress)
    try:
        for result in _results(tasks, opts.workers, opts.explain, opts.lang):
            summary.read += 1
            bar.update(1)
            if isinstance(result, InputError):
                _report(error_writer, summary, result.source, result.reason, result.message)
                continue
            summary.removed.update(result.removed)
            if result.record is not None:
                writer.write(result.record)
                summary.written += 1
            else:
                _report(error_writer, summary, result.source, result.reason or "error", result.message or "")
    except KeyboardInterrupt:
        LOG.error("interrupted: %d records written to %s; finish with --resume", summary.written, output)
        return 130
    except OSError as error:  # OUT cannot take more: disk full, standard output closed
        LOG.error("cannot write %s: %s; %d records written", "standard output" if output == "-" else output,
                  error.strerror or error, summary.written)
        return 1
    finally:
        bar.close()
        writer.close()
        error_writer.close()
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary.failed:
        print(f"errors: {errors_file}", file=sys.stderr)
    return 1 if summary.failed else 0


def _already(task: Task | InputError, done: set[str], summary: Summary) -> bool:
    if done and task.source in done:
        summary.resumed += 1
        return True
    return False


def _report(writer: JsonlWriter, summary: Summary, source: str, reason: str, message: str) -> None:
    (summary.skipped if reason in SKIP_REASONS else summary.failed)[reason] += 1
    level = logging.INFO if reason in SKIP_REASONS else logging.WARNING
    LOG.log(level, "%s: %s: %s", source, reason, message)
    writer.write({"source": source, "reason": reason, "message": message})


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m cleaners``."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "courlan", "readability", "justext"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    opts = build_parser().parse_args(argv)
    return run(opts)
