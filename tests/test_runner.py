"""The supervised worker pool (``clean``'s, in input order, and the crawl's, futures
submitted from other threads to workers forked by a forkserver) and the per-document time
limit: a stuck or dead worker is replaced, its document reported, the others cleaned."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import threading
import time

import pytest

from cleaners import clean_text
from cleaners.app.pool import SupervisedPool
from cleaners.core.limits import Limits

from . import badinput
from .conftest import NO_DEDUP, PYTHON, run_env


def work(item):
    """A job with real failure modes: sleep forever, die, raise, or compute."""
    if item == "stuck":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as inside C code
        time.sleep(120)
    if item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "raise":
        raise RuntimeError("broken job")
    return item * 2


def lost(item, reason, message):
    return (item, reason, message)


def run_pool(items, workers=2, deadline=1.0):
    pool = SupervisedPool(work, workers, deadline, lost)
    return list(pool.map(items, passthrough=lambda item: ("passed", item) if item == "pass" else None))


def test_results_come_in_input_order():
    items = list(range(200))
    assert run_pool(items, workers=3) == [i * 2 for i in items]


def test_large_items_and_results_never_block_the_pool():
    # Items and results far larger than a pipe's buffer, several held by each worker: the
    # parent must never wait to send an item while the worker is sending it a result.
    items = [str(n) * 1_500_000 for n in range(8)]
    assert run_pool(items, workers=2, deadline=30) == [item * 2 for item in items]


def test_a_stuck_worker_is_killed_and_replaced():
    results = run_pool([1, "stuck", 2, 3, "stuck", 4, 5], workers=2, deadline=0.5)
    assert [r for r in results if isinstance(r, int)] == [2, 4, 6, 8, 10]
    stuck = [r for r in results if isinstance(r, tuple)]
    assert [r[:2] for r in stuck] == [("stuck", "timeout"), ("stuck", "timeout")]
    assert "killed and replaced" in stuck[0][2]
    assert results[1] == stuck[0] and results[4] == stuck[1]


def test_a_dead_worker_is_replaced():
    results = run_pool(["die", 1, "die", "die", 2, "raise", 3], workers=2)
    assert results[1] == 2 and results[4] == 4 and results[6] == 6
    assert [results[i][1] for i in (0, 2, 3)] == ["worker_died"] * 3
    assert results[5][:2] == ("raise", "error") and "broken job" in results[5][2]


def test_passthrough_items_keep_their_place_and_no_worker_is_left():
    assert run_pool([1, "pass", 2, "pass"]) == [2, ("passed", "pass"), 4, ("passed", "pass")]
    assert multiprocessing.active_children() == []


def niceness(item):
    return item, os.nice(0)


def test_submitted_items_are_served_from_any_thread_by_a_forkserver_pool():
    items = [1, "stuck", 2, "die", 3, "raise", 4, 5, 6]
    pool = SupervisedPool(work, 2, 1.0, lost, start_method="forkserver")
    futures = {}

    def submit(some):
        for item in some:
            futures[item] = pool.submit(item)

    try:
        threads = [threading.Thread(target=submit, args=(items[i::2],)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results = {item: future.result(timeout=60) for item, future in futures.items()}
    finally:
        pool.close()
    assert {item: results[item] for item in (1, 2, 3, 4, 5, 6)} == {n: n * 2 for n in (1, 2, 3, 4, 5, 6)}
    assert results["stuck"][1] == "timeout" and "killed and replaced" in results["stuck"][2]
    assert results["die"][1] == "worker_died"
    assert results["raise"][1:] == ("error", "RuntimeError: broken job")
    assert multiprocessing.active_children() == []


def test_a_closed_pool_starts_again_and_its_workers_run_at_lower_priority():
    pool = SupervisedPool(niceness, 2, None, lost, start_method="forkserver", niceness=3)
    ours = os.nice(0)
    try:
        assert pool.submit("a").result(timeout=60) == ("a", min(19, ours + 3))
        pool.close()
        assert multiprocessing.active_children() == []
        assert pool.submit("b").result(timeout=60) == ("b", min(19, ours + 3))
    finally:
        pool.close()


def test_a_pool_closed_early_leaves_no_worker():
    results = SupervisedPool(work, 2, None, lost).map(range(1000))
    assert next(results) == 0
    results.close()
    assert multiprocessing.active_children() == []


# A document that takes over a second to clean (13 million characters on one line; cleaning
# is linear, about 0.12 s per million characters on one core since every pattern on a line
# is linear), and time limits far above the tens of milliseconds that a normal article
# takes and far below that (at most a third of it: with a limit near the document's own
# time it was once cleaned in time).
LONG_TEXT = badinput.TITLE + "\n" + " ".join([badinput.PARAGRAPHS[0]] * 60_000)


def test_the_time_limit_in_the_library():
    result = clean_text(LONG_TEXT, "long", limits=Limits(timeout=0.5))
    assert (result.reason, result.record) == ("timeout", None)
    assert "time limit" in result.message
    assert clean_text(badinput.TEXT, "short", limits=Limits(timeout=5)).ok


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_document_over_the_time_limit_is_reported_and_skipped(tmp_path, workers):
    (tmp_path / "a_good.txt").write_text(badinput.TEXT, encoding="utf-8")
    (tmp_path / "b_long.txt").write_text(LONG_TEXT, encoding="utf-8")
    (tmp_path / "c_good.html").write_text(badinput.article(badinput.PARAGRAPHS), encoding="utf-8")
    run = subprocess.run([PYTHON, "-m", "cleaners", "a_good.txt", "b_long.txt", "c_good.html", "-o", "out.jsonl",
                          "--timeout", "0.5", "--workers", workers, *NO_DEDUP], cwd=tmp_path, env=run_env(),
                         capture_output=True, timeout=120)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    records = [json.loads(line)["source"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert records == ["a_good.txt", "c_good.html"]
    error = json.loads((tmp_path / "out.errors.jsonl").read_text())
    assert (error["source"], error["reason"]) == ("b_long.txt", "timeout")
    assert b"b_long.txt: timeout: " in run.stderr


ORPHAN = """
import sys, threading, time
from cleaners.app.pool import SupervisedPool
pool = SupervisedPool(time.sleep, 1, None, lambda *args: None, start_method=sys.argv[1])
if sys.argv[1] == "fork":
    results = pool.map([120])
    threading.Timer(0.5, lambda: print(pool.workers[0].process.pid, flush=True)).start()
    next(results)
else:
    pool.submit(120)
    while not pool.workers:
        time.sleep(0.05)
    time.sleep(0.5)
    print(pool.workers[0].process.pid, flush=True)
    time.sleep(120)
"""


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "Z"  # exited, not yet reaped
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_a_worker_busy_on_a_document_ends_when_its_parent_is_killed(start_method):
    parent = subprocess.Popen([PYTHON, "-c", ORPHAN, start_method], stdout=subprocess.PIPE, text=True, env=run_env())
    try:
        worker = int(parent.stdout.readline())
        assert not gone(worker)
        parent.kill()
        parent.wait()
        waited = 0.0
        while not gone(worker) and waited < 10:
            time.sleep(0.1)
            waited += 0.1
        assert gone(worker), "a worker outlived its killed parent"
    finally:
        parent.kill()
