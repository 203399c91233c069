"""The ``clean`` command: ``python -m cleaners INPUT... [-o OUT]`` and ``scrapy clean``
share this one implementation.

Records go to OUT (JSONL, one complete line per record, written as it is made);
every input that gives no record goes to ``OUT`` with ``.errors.jsonl`` as suffix, and to
the log. Exit status: 0 when every input was processed, 1 when some failed, 2 for a
usage error.
"""

from __future__ import annotations

import argparse
import functools
import logging
import math
import os
import signal
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core.language import known_languages
from ..core.limits import Limits
from ..core.normalize import DEFAULT_TONE_MARKS, TONE_STYLES
from .dedup import DEDUP_MODES, DEFAULT_DEDUP, Deduplicator, seed_from_file, seed_record
from .filters import FILTER_PRESETS, FILTER_REASON_PREFIX, quality_filter
from .inputs import InputError, Task, read_inputs
from .jsonl import JsonlWriter, OutputError, OutputLocked, done_sources, drop_errors
from .report import HtmlReport
from .runner import clean_all, clean_task
from .shard import parse_shard
from .template_counts import first_pass, with_template

__all__ = ["add_arguments", "build_parser", "clean_task", "main", "quiet_extraction_logs", "run"]

LOG = logging.getLogger("cleaners")
DEFAULT_OUTPUT = "output/clean.jsonl"
# Reasons that mean the input was read and understood but holds no article we keep; all
# other reasons are failures (exit status 1).
SKIP_REASONS = frozenset({"no_article", "language", "not_html", "http_status", "duplicate", "near_duplicate"})
# More worker processes than this many per core only add memory and start-up time.
WORKERS_PER_CORE = 4
# The longest --timeout: a day per document (the timer takes no more than a C long of
# microseconds anyway; inf and nan are refused).
MAX_TIMEOUT = 86_400.0
# Byte sizes and counts above this are no limit at all (and overflow C sizes).
MAX_LIMIT = 2**62


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options (shared by ``python -m cleaners`` and ``scrapy clean``)."""
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, folders (recursed), globs or - for standard input: "
                             ".html/.htm (.gz), .txt, .jsonl with html or text, .warc(.gz)")
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT, metavar="OUT",
                        help=f"JSONL file to write (default: {DEFAULT_OUTPUT}); - for standard output")
    parser.add_argument("--lang", metavar="CODE", help="keep only articles in this language (e.g. vi)")
    parser.add_argument("--tone-marks", choices=TONE_STYLES, default=DEFAULT_TONE_MARKS,
                        help="where the tone mark goes in open oa/oe/uy syllables: old (hòa, thủy), "
                             f"new (hoà, thuỷ) or keep as written (default: {DEFAULT_TONE_MARKS})")
    parser.add_argument("--dedup", choices=DEDUP_MODES, default=DEFAULT_DEDUP,
                        help="drop records whose text an earlier record has: exact (same normalised text), "
                             "near (also syndicated copies: MinHash LSH over word 5-grams) or none "
                             f"(default: {DEFAULT_DEDUP}); the first one is kept, the others go to the errors file")
    parser.add_argument("--dedup-seed", action="append", default=[], metavar="JSONL",
                        help="records written by earlier runs: their texts count as seen (repeatable; "
                             "with --resume OUT is read too)")
    parser.add_argument("--filter", choices=FILTER_PRESETS, default="none",
                        help="quality filters: corpus (Gopher/C4-style rules for Vietnamese: too few words, "
                             "symbols, lines without sentence ends, repeated lines and n-grams...; each drop "
                             "reason filter_* in the errors file) or none (default)")
    parser.add_argument("--explain", action="store_true",
                        help="add to each record the lines removed, with step and reason")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes, each watched by the time limit (default: the number "
                             "of cores); output keeps input order")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    mode.add_argument("--resume", action="store_true",
                      help="append to an existing OUT, skipping inputs it (or its errors file) has")
    parser.add_argument("--retry", metavar="REASON[,REASON]",
                        help="with --resume: clean again the inputs whose error has one of these "
                             "reasons (e.g. timeout,worker_died); their lines leave the errors file")
    parser.add_argument("--report", metavar="FILE.html",
                        help="also write one HTML page of the run (summary, removed lines by reason, every "
                             "document with its removed lines in place) to open in a browser")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="show a progress bar (default: only on a terminal)")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    parser.add_argument("--no-template-lines", dest="template_lines", action="store_false",
                        help="keep lines that recur in many text documents of one host (no first pass)")
    parser.add_argument("--shard", metavar="I/N",
                        help="clean only part I of N (0-based) of the inputs, chosen by a stable hash of "
                             "each input's path; the N parts together hold the records of one whole run")
    limits = parser.add_argument_group("per-document limits (a document over one is reported and skipped)")
    limits.add_argument("--max-bytes", type=int, default=Limits.max_bytes, metavar="N",
                        help="largest document as stored (a file; for JSONL: a line; a WARC record), in bytes "
                             f"(default: {Limits.max_bytes})")
    limits.add_argument("--max-decompressed", type=int, default=Limits.max_decompressed, metavar="N",
                        help=f"largest document after decompression, in bytes (default: {Limits.max_decompressed})")
    limits.add_argument("--max-nodes", type=int, default=Limits.max_nodes, metavar="N",
                        help=f"most HTML elements in a page (default: {Limits.max_nodes})")
    limits.add_argument("--max-depth", type=int, default=Limits.max_depth, metavar="N",
                        help=f"deepest HTML nesting (default: {Limits.max_depth}; the parser stops at 255)")
    limits.add_argument("--timeout", type=float, default=Limits.timeout, metavar="SECONDS",
                        help=f"time limit per document, 0 for none (default: {Limits.timeout:g})")


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
    retried: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"read {self.read}, written {self.written}, skipped {sum(self.skipped.values())}, "
               f"failed {sum(self.failed.values())}"
               + (f", already done {self.resumed}" if self.resumed else "")
               + (f", retried {self.retried}" if self.retried else "")]
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{k} {v}" for k, v in self.skipped.most_common()))
        if self.failed:
            out.append("failed: " + ", ".join(f"{k} {v}" for k, v in self.failed.most_common()))
        if self.removed:
            out.append("removed lines: " + ", ".join(f"{k} {v}" for k, v in self.removed.most_common()))
        return out


def _interrupt_on_sigterm():
    """Stop on SIGTERM (``kill PID``) as on Ctrl-C: cleanly, with a resumable output.
    Returns the previous handler (None outside the main thread, where nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def _interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, _interrupt)


def errors_path(output: str) -> str:
    """Where a run's errors go: OUT with ``.errors.jsonl`` as suffix (the default OUT's
    when records go to standard output)."""
    if output == "-":
        output = DEFAULT_OUTPUT
    path = Path(output)
    return str(path.with_name(path.name.removesuffix(".jsonl") + ".errors.jsonl"))


def source_key(source: str) -> str:
    """What identifies an input across runs: its resolved path (``path#N`` for the Nth
    record of a file), so that ``.`` and the same folder's absolute path are one input;
    ``-`` and anything that names no path stay as they are."""
    if source == "-" or source.startswith("-#"):
        return source
    path, hash_sign, number = source.rpartition("#")
    if not (hash_sign and number.isdigit()):
        path, number = source, ""
    real = _resolved(path)
    return f"{real}#{number}" if number else real


_RESOLVED: dict[str, str] = {}


def _resolved(path: str) -> str:
    real = _RESOLVED.get(path)
    if real is None:
        if len(_RESOLVED) > 10_000:  # the records of one file share their path: keep few
            _RESOLVED.clear()
        real = _RESOLVED[path] = os.path.realpath(path)
    return real


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
    try:
        output = checked_output(opts.output, opts.inputs)
        limits = _limits(opts)
        shard = parse_shard(opts.shard) if opts.shard else None
        _check_workers(opts.workers)
    except ValueError as error:
        LOG.error("%s", error)
        return 2
    errors_file = errors_path(output)
    # With -o - the errors file is appended to (a stream has nothing to resume or replace).
    existing = [path for path in (output, errors_file) if output != "-" and os.path.exists(path)]
    if existing and not (opts.overwrite or opts.resume):
        LOG.error("%s exists: use --overwrite to replace it or --resume to finish it", existing[0])
        return 2
    if opts.lang and opts.lang not in known_languages():
        LOG.error("--lang %s: not a language code langdetect gives (e.g. vi, en, zh-cn)", opts.lang)
        return 2
    retry = {reason.strip() for reason in (opts.retry or "").split(",") if reason.strip()}
    if opts.retry is not None and not (retry and opts.resume):
        LOG.error("--retry needs --resume and at least one reason (e.g. --retry timeout,worker_died)")
        return 2
    summary = Summary()
    try:
        # OUT is locked before anything is read, truncated or appended: a second run on it stops here.
        writer = JsonlWriter(output, append=bool(opts.resume), lock=True)
    except OutputLocked as error:
        LOG.error("%s", error)
        return 2
    except OSError as error:
        LOG.error("cannot write %s: %s", error.filename or output, error.strerror or error)
        return 2
    try:
        if retry and os.path.exists(errors_file):
            summary.retried = drop_errors(errors_file, retry)
        error_writer = JsonlWriter(errors_file, append=bool(opts.resume) or output == "-", lazy=True)
        report = HtmlReport(opts.report, f"vnclean: {' '.join(opts.inputs)}") if opts.report else None
    except OSError as error:
        writer.close()
        LOG.error("cannot write %s: %s", error.filename or output, error.strerror or error)
        return 2
    dedup = Deduplicator(opts.dedup)
    quality = quality_filter(opts.filter)
    try:
        for path in opts.dedup_seed if opts.dedup != "none" else ():
            seed_from_file(dedup, path)
    except OSError as error:
        LOG.error("--dedup-seed %s: %s", error.filename, error.strerror or error)
        return 2
    # --resume: one pass over OUT (and its errors file) gives the sources done and, with
    # dedup, remembers OUT's records as the --dedup-seed files are remembered.
    seed = functools.partial(seed_record, dedup) if opts.dedup != "none" and output != "-" else None
    try:
        done = done_sources(output, errors_file, key=source_key, each=seed) if opts.resume else set()
    except OSError as error:
        writer.close()
        if report:
            report.discard()
        LOG.error("cannot read %s: %s", error.filename or output, error.strerror or error)
        return 2
    own_files = [errors_file] + ([output] if output != "-" else []) + ([opts.report] if opts.report else [])
    inputs = read_inputs(opts.inputs, limits, stdin=stdin, exclude=own_files,
                         keep=shard.holds if shard else None)
    tasks = (t for t in inputs if not _already(t, done, summary))
    if opts.template_lines:  # cross-document evidence: a first pass over the text documents
        counter = first_pass(opts.inputs, limits, own_files, shard.holds if shard else None)
        tasks = with_template(tasks, counter)
    # The report shows the removed lines: it needs them, whether the records keep them or not.
    results = clean_all(tasks, opts.workers, opts.explain or bool(report), opts.lang, limits, opts.tone_marks)
    bar = _progress(opts.progress)
    previous_sigterm = _interrupt_on_sigterm()
    try:
        for result in results:
            summary.read += 1
            bar.update(1)
            if isinstance(result, InputError):
                _report(error_writer, summary, result.source, result.reason, result.message, report=report)
                continue
            summary.removed.update(result.removed)
            dropped = _dropped(result.record, quality, dedup) if result.record is not None else None
            if dropped is not None:
                _report(error_writer, summary, result.source, *dropped, report=report)
            elif result.record is not None:
                if report:
                    report.add(result.record)
                    if not opts.explain:
                        del result.record["explain"]
                writer.write(result.record)
                summary.written += 1
            else:
                _report(error_writer, summary, result.source, result.reason or "error", result.message or "", report=report)
    except KeyboardInterrupt:
        LOG.error("interrupted: %d records written to %s; finish with --resume", summary.written, output)
        return 130
    except OutputError as error:  # disk full, standard output closed: what is written stays valid
        LOG.error("%s; %d records written", error, summary.written)
        return 1
    except Exception as error:  # a bug: stop cleanly, what is written stays valid
        LOG.debug("unexpected error", exc_info=True)
        LOG.error("stopped by an unexpected error (%s: %s); finish with --resume", type(error).__name__, error)
        return 1
    finally:
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
        results.close()
        bar.close()
        writer.close()
        error_writer.close()
        if report:
            report.close(summary.lines())
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary.failed:
        print(f"errors: {errors_file}", file=sys.stderr)
    return 1 if summary.failed else 0


def checked_output(output: str, inputs: list[str]) -> str:
    """OUT as the run will use it (``-``, or the path with ``.`` and ``..`` resolved
    as written, so ``missing/../o.jsonl`` is ``o.jsonl``); ValueError, before anything
    is written, for a name that cannot be a JSONL file or that names one of the inputs
    (which ``--overwrite`` would empty and ``--resume`` append to)."""
    if output == "-":
        return output
    if not output.strip():
        raise ValueError("-o: an empty name is no file (give a path, or - for standard output)")
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        raise ValueError(f"cannot write -o {output}: it names a folder, not a file")
    output = os.path.normpath(output)
    for path in (output, errors_path(output)):
        real = os.path.realpath(path)
        for spec in inputs:
            if spec != "-" and os.path.isfile(spec) and os.path.realpath(spec) == real:
                raise ValueError(f"-o {output}: {spec} is an INPUT of this run; write the output elsewhere")
    return output


def _check_workers(workers: int) -> None:
    most = WORKERS_PER_CORE * (os.cpu_count() or 1)
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    if workers > most:
        raise ValueError(f"--workers {workers}: at most {most} ({WORKERS_PER_CORE} per core; "
                         "more only cost memory)")


def _limits(opts: argparse.Namespace) -> Limits:
    values = {"max_bytes": opts.max_bytes, "max_decompressed": opts.max_decompressed,
              "max_nodes": opts.max_nodes, "max_depth": opts.max_depth}
    for name, value in values.items():
        if not 1 <= value <= MAX_LIMIT:
            raise ValueError(f"--{name.replace('_', '-')} must be at least 1 and at most {MAX_LIMIT}")
    if not (math.isfinite(opts.timeout) and 0 <= opts.timeout <= MAX_TIMEOUT):
        raise ValueError(f"--timeout {opts.timeout}: must be 0 (no limit) or a number of seconds "
                         f"up to {MAX_TIMEOUT:g}")
    return Limits(**values, timeout=opts.timeout)


def _already(task: Task | InputError, done: set[str], summary: Summary) -> bool:
    if done and source_key(task.source) in done:
        summary.resumed += 1
        return True
    return False


def _dropped(record: dict, quality, dedup: Deduplicator) -> tuple[str, str, str | None] | None:
    """Why a record is not written: a quality rule (reason ``filter_*``), or an earlier
    record with the same text (``duplicate``, ``near_duplicate``, and its source)."""
    rejected = quality(record["text"])
    if rejected is not None:
        return rejected[0], rejected[1], None
    duplicate = dedup.check(record)
    return (duplicate.reason, duplicate.message, duplicate.of) if duplicate is not None else None


def _report(writer: JsonlWriter, summary: Summary, source: str, reason: str, message: str,
            duplicate_of: str | None = None, report: HtmlReport | None = None) -> None:
    skipped = reason in SKIP_REASONS or reason.startswith(FILTER_REASON_PREFIX)
    (summary.skipped if skipped else summary.failed)[reason] += 1
    # Skipped inputs are logged too (the spec: every input without a record gets a log line).
    LOG.warning("%s: %s: %s", source, reason, message)
    line = {"source": source, "reason": reason, "message": message}
    writer.write(line | {"duplicate_of": duplicate_of} if duplicate_of else line)
    if report:
        report.add_error(source, reason, message)


# Libraries that log their own view of each page (discarded documents, date guesses):
# our errors file and log lines already say what happened to every input.
EXTRACTION_LOGGERS = ("trafilatura", "htmldate", "courlan", "readability", "justext")


def quiet_extraction_logs() -> None:
    """Silence the extraction libraries' per-page logging."""
    for name in EXTRACTION_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m cleaners``."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet_extraction_logs()
    opts = build_parser().parse_args(argv)
    return run(opts)
