"""Run documents through the cleaners, in this process or in a supervised pool of worker
processes, keeping input order.

The pool watches its workers: a worker that holds one document past the hard deadline
(the time limit plus a grace period, for code that the in-process time limit cannot
interrupt, such as a C parser) is killed, and one that dies (killed by the system,
a crash in a C extension) is replaced; the document it held is reported with the reason
``timeout`` or ``worker_died`` and the run goes on.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from .inputs import InputError, Task
from .limits import DEFAULT_LIMITS, Limits
from .pipeline import Result, clean_html, clean_text

LOG = logging.getLogger("cleaners")
# Seconds a worker gets beyond the document time limit before it is killed.
GRACE = 2.0


def clean_task(task: Task, explain: bool = False, lang: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Result:
    """Clean one document; never raises."""
    try:
        if task.kind == "text":
            result = clean_text(task.payload, task.source, url=task.url, explain=explain, limits=limits)
        else:
            result = clean_html(task.payload, task.source, url=task.url, content_type=task.content_type,
                                explain=explain, limits=limits)
    except Exception as error:  # a bug on one page must not end the run
        LOG.debug("unexpected error on %s", task.source, exc_info=True)
        return Result(task.source, reason="error", message=f"{type(error).__name__}: {error}")
    if result.record is not None and lang and result.record["lang"] != lang:
        return Result(task.source, reason="language",
                      message=f"language is {result.record['lang']}, not {lang}",
                      removed=result.removed, timings=result.timings)
    return result


def clean_all(tasks: Iterable[Task | InputError], workers: int, explain: bool = False,
              lang: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Result | InputError]:
    """Results for ``tasks`` in input order; readers' errors pass through in place.
    ``workers`` 0 cleans in this process (time limit without the hard kill)."""
    tasks = iter(tasks)
    for task in tasks:  # readers' errors up to the first document need no cleaner
        if not isinstance(task, InputError):
            warm_up()
            tasks = itertools.chain([task], tasks)
            break
        yield task
    if workers <= 0:
        for task in tasks:
            yield task if isinstance(task, InputError) else clean_task(task, explain, lang, limits)
        return
    deadline = limits.timeout + GRACE if limits.timeout else None
    pool = SupervisedPool(_CleanJob(explain, lang, limits), workers, deadline, _lost_document)
    yield from pool.map(tasks, passthrough=lambda task: task if isinstance(task, InputError) else None)


_WARM_UP_PAGE = ("<html><head><title>Tin</title></head><body><article><h1>Tin mới</h1>" + "".join(
    f"<p>Hôm nay trời nắng đẹp, người dân thành phố đi làm sớm, các cửa hàng ven đường mở cửa đông vui "
    f"và giao thông thuận lợi trên mọi tuyến phố chính (đoạn {n}).</p>" for n in range(4))
    + "</article></body></html>")


def warm_up() -> None:
    """Clean one tiny page, so that the libraries' lazy loading (langdetect's profiles,
    trafilatura's and htmldate's tables: over a second) is done once, before the workers
    are forked, and is not counted against the first document's time limit."""
    try:
        clean_html(_WARM_UP_PAGE, "warm-up", limits=Limits(timeout=0))  # a record: language detected too
    except Exception:  # a failed warm-up only costs time later
        LOG.debug("warm-up failed", exc_info=True)


@dataclass(frozen=True)
class _CleanJob:
    explain: bool
    lang: str | None
    limits: Limits

    def __call__(self, task: Task) -> Result:
        return clean_task(task, self.explain, self.lang, self.limits)


def _lost_document(task: Task, reason: str, message: str) -> Result:
    return Result(task.source, reason=reason, message=message)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    index: int | None = None  # the item it holds
    item: Any = None
    started: float = 0.0


class SupervisedPool:
    """``workers`` forked processes applying ``func`` to items, results in input order.

    ``deadline`` (seconds, or None): a worker holding one item longer is killed and
    replaced, and ``lost(item, "timeout", message)`` stands for the item's result; a
    worker that dies gives ``lost(item, "worker_died", message)``.
    """

    def __init__(self, func: Callable[[Any], Any], workers: int, deadline: float | None,
                 lost: Callable[[Any, str, str], Any]) -> None:
        self.func = func
        self.size = max(1, workers)
        self.deadline = deadline
        self.lost = lost
        self.context = get_context("fork")
        self.workers: list[_Worker] = []

    def map(self, items: Iterable[Any], passthrough: Callable[[Any], Any] = lambda item: None
            ) -> Iterator[Any]:
        """Results of ``func`` over ``items`` in order; an item for which ``passthrough``
        returns a value is not sent to a worker, that value is its result."""
        source = iter(items)
        ready: dict[int, Any] = {}
        held: tuple[int, Any] | None = None  # an item waiting for a free worker
        next_in = next_out = 0
        window = self.size * 8  # results kept waiting for an earlier one, at most
        exhausted = False
        self.workers = [self._start() for _ in range(self.size)]
        try:
            while True:
                while not exhausted and next_in - next_out < window:
                    if held is None:
                        try:
                            item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        held = (next_in, item)
                        next_in += 1
                        value = passthrough(item)
                        if value is not None:
                            ready[held[0]] = value
                            held = None
                            continue
                    idle = next((w for w in self.workers if w.index is None), None)
                    if idle is None:
                        break
                    self._give(idle, *held)
                    held = None
                while next_out in ready:
                    yield ready.pop(next_out)
                    next_out += 1
                busy = [w for w in self.workers if w.index is not None]
                if exhausted and held is None and not busy:
                    return
                if busy:
                    self._collect(busy, ready)
        finally:
            self._stop()

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        inherited = [parent] + [w.conn for w in self.workers if not w.conn.closed]
        process = self.context.Process(target=_serve, args=(child, inherited, self.func, os.getpid()),
                                       daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _give(self, worker: _Worker, index: int, item: Any) -> None:
        if not worker.process.is_alive():  # died while idle (killed from outside)
            worker.conn.close()
            worker = self.workers[self.workers.index(worker)] = self._start()
        worker.index, worker.item, worker.started = index, item, time.monotonic()
        try:
            worker.conn.send(item)
        except (OSError, EOFError):
            pass  # the worker died; _collect sees it and replaces it

    def _collect(self, busy: list[_Worker], ready: dict[int, Any]) -> None:
        timeout = None
        if self.deadline is not None:
            now = time.monotonic()
            timeout = max(0.0, min(w.started + self.deadline - now for w in busy))
        signalled = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
        for worker in busy:
            if worker.conn in signalled or worker.process.sentinel in signalled:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    code = worker.process.exitcode
                    message = f"the worker cleaning it died (exit code {code}); worker replaced"
                    self._replace(worker, ready, "worker_died", message)
                    continue
                if isinstance(result, _Failed):
                    result = self.lost(worker.item, "error", result.message)
                ready[worker.index] = result
                worker.index, worker.item = None, None
            elif self.deadline is not None and time.monotonic() - worker.started > self.deadline:
                message = f"still running after {self.deadline:g} s; worker killed and replaced"
                self._replace(worker, ready, "timeout", message)

    def _replace(self, worker: _Worker, ready: dict[int, Any], reason: str, message: str) -> None:
        ready[worker.index] = self.lost(worker.item, reason, message)
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start()

    def _stop(self) -> None:
        for worker in self.workers:
            if worker.index is None:
                try:
                    worker.conn.send(None)
                except (OSError, EOFError):
                    pass
        for worker in self.workers:
            worker.process.join(timeout=1 if worker.index is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []


def _serve(conn: Connection, inherited: list[Connection], func: Callable[[Any], Any], parent: int) -> None:
    """A worker: apply ``func`` to each item received until None, the pipe closes or the
    parent is gone (killed: the worker must not live on). Ctrl-C goes to the whole
    process group: only the parent acts on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in inherited:  # the parent's ends, copied by fork, would hide its death
        other.close()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    os._exit(0)
            item = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if item is None:
            break
        try:
            result = func(item)
        except Exception as error:
            LOG.debug("worker error", exc_info=True)
            result = _Failed(f"{type(error).__name__}: {error}")
        try:
            conn.send(result)
        except OSError:  # the parent is gone (killed): nothing to report to
            break
    conn.close()
    os._exit(0)


@dataclass
class _Failed:
    """What a worker sends back when ``func`` raised."""

    message: str
