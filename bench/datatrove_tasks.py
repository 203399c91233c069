"""Throughput of the datatrove cleaning step with 1 task and with N tasks (run by hand).

    python bench/datatrove_tasks.py [--copies 8] [--tasks 2]

Input: the saved pages of ../shared/pages (VNCLEAN_SHARED) written ``--copies`` times
into 8 WARC files, plus the samples as JSONL. Prints documents per second for 1 task
and for ``--tasks`` tasks (one worker each) on datatrove's LocalPipelineExecutor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaners.app.datatrove_step import CleanStep, record_adapter  # noqa: E402
from tests.scale_inputs import read_jsonl, write_pages_warc, write_samples_jsonl  # noqa: E402

SHARED = Path(os.environ.get("VNCLEAN_SHARED", REPO.parent / "shared"))


def build_inputs(folder: Path, copies: int) -> None:
    write_samples_jsonl(folder, parts=2)
    pages = SHARED / "pages"
    for copy in range(copies):
        sub = folder / f"copy{copy}"
        sub.mkdir()
        write_pages_warc(sub, pages, parts=1)


def run(inputs: Path, out: Path, tasks: int) -> tuple[int, float]:
    started = time.perf_counter()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(inputs), glob_pattern="*.jsonl"),
            WarcReader(str(inputs), glob_pattern="**/*.warc.gz"),
            CleanStep(),
            JsonlWriter(str(out / "records"), adapter=record_adapter, compression=None),
        ],
        tasks=tasks, workers=tasks, logging_dir=str(out / "logs"),
    ).run()
    elapsed = time.perf_counter() - started
    return len(read_jsonl(*(out / "records").glob("*.jsonl"))), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--tasks", type=int, default=2)
    opts = parser.parse_args()
    if not (SHARED / "pages").is_dir():
        sys.exit(f"saved pages not found at {SHARED / 'pages'} (set VNCLEAN_SHARED)")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        build_inputs(inputs, opts.copies)
        figures = []
        for tasks in (1, opts.tasks):
            records, elapsed = run(inputs, Path(tmp) / f"out{tasks}", tasks)
            figures.append(f"{tasks} task(s): {records} records in {elapsed:.1f} s = {records / elapsed:.1f} docs/s")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f} (other work on the machine slows both)")
    print("\n".join(figures))


if __name__ == "__main__":
    main()
