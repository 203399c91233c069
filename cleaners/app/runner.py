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
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.normalize import DEFAULT_TONE_MARKS
from ..core.pipeline import Result, clean_html, clean_text
from .inputs import InputError, Task

LOG = logging.getLogger("cleaners")
# Seconds a worker gets beyond the document time limit before it is killed.
GRACE = 2.0


def clean_task(task: Task, explain: bool = False, lang: str | None = None,
               limits: Limits = DEFAULT_LIMITS, tone_marks: str = DEFAULT_TONE_MARKS) -> Result:
    """Clean one document; never raises."""
    try:
        if task.kind == "text":
            result = clean_text(task.payload, task.source, url=task.url, explain=explain, limits=limits,
                                template_lines=task.template_lines, title=task.title, tone_marks=tone_marks)
        else:
            result = clean_html(task.payload, task.source, url=task.url, content_type=task.content_type,
                                explain=explain, limits=limits, tone_marks=tone_marks)
    except Exception as error:  # a bug on one page must not end the run
        return unexpected_error(task.source, error)
    return in_language(result, lang)


def unexpected_error(source: str, error: Exception) -> Result:
    """The Result for an exception no cleaner step expected (logged at debug level)."""
    LOG.debug("unexpected error on %s", source, exc_info=True)
    return Result(source, reason="error", message=f"{type(error).__name__}: {error}")


def in_language(result: Result, lang: str | None) -> Result:
    """``result``, or the reason ``language`` when a record is not in ``lang``."""
    if result.record is not None and lang and result.record["lang"] != lang:
        return Result(result.source, reason="language",
                      message=f"language is {result.record['lang']}, not {lang}",
                      removed=result.removed, timings=result.timings)
    return result


def clean_all(tasks: Iterable[Task | InputError], workers: int, explain: bool = False,
              lang: str | None = None, limits: Limits = DEFAULT_LIMITS,
              tone_marks: str = DEFAULT_TONE_MARKS) -> Iterator[Result | InputError]:
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
            yield task if isinstance(task, InputError) else clean_task(task, explain, lang, limits, tone_marks)
        return
    deadline = limits.timeout + GRACE if limits.timeout else None
    pool = SupervisedPool(_CleanJob(explain, lang, limits, tone_marks), workers, deadline, _lost_document)
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
    tone_marks: str = DEFAULT_TONE_MARKS

    def __call__(self, task: Task) -> Result:
        return clean_task(task, self.explain, self.lang, self.limits, self.tone_marks)


def _lost_document(task: Task, reason: str, message: str) -> Result:
    return Result(task.source, reason=reason, message=message)


@dataclass
class _Worker:
    process: Any
    items: Connection  # this process writes the items to it
    results: Connection  # and reads the results from it
    held: deque = field(default_factory=deque)  # (index, item) sent to it, oldest first
    started: float = 0.0  # when it began the oldest


class SupervisedPool:
    """``workers`` forked processes applying ``func`` to items, results in input order.

    Each worker holds up to ``DEPTH`` items, so that it starts the next one as soon as it
    has sent a result, without waiting for this process to read it.
    ``deadline`` (seconds, or None): a worker holding one item longer is killed and
    replaced, and ``lost(item, "timeout", message)`` stands for the item's result; a
    worker that dies gives ``lost(item, "worker_died", message)``. The items it held
    behind that one go to the other workers.
    """

    DEPTH = 2

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
        waiting: deque[tuple[int, Any]] = deque()  # numbered items no worker holds yet
        next_in = next_out = 0
        window = self.size * 8  # results kept waiting for an earlier one, at most
        exhausted = False
        self.workers = [self._start() for _ in range(self.size)]
        try:
            while True:
                while not exhausted and next_in - next_out < window and len(waiting) < self.size:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    value = passthrough(item)
                    if value is None:
                        waiting.append((next_in, item))
                    else:
                        ready[next_in] = value
                    next_in += 1
                while waiting:
                    worker = min(self.workers, key=lambda w: len(w.held))
                    if len(worker.held) >= self.DEPTH:
                        break
                    self._give(worker, *waiting.popleft())
                while next_out in ready:
                    yield ready.pop(next_out)
                    next_out += 1
                busy = [w for w in self.workers if w.held]
                if exhausted and not waiting and not busy:
                    return
                if busy:
                    self._collect(busy, ready, waiting)
        finally:
            self._stop()

    def _start(self) -> _Worker:
        items_out, items_in = self.context.Pipe(duplex=False)
        results_out, results_in = self.context.Pipe(duplex=False)
        inherited = [items_in, results_out] + [c for w in self.workers for c in (w.items, w.results)
                                               if not c.closed]
        process = self.context.Process(target=_serve, args=(items_out, results_in, inherited, self.func,
                                                            os.getpid()), daemon=True)
        process.start()
        items_out.close()
        results_in.close()
        return _Worker(process, items_in, results_out)

    def _give(self, worker: _Worker, index: int, item: Any) -> None:
        if not worker.held and not worker.process.is_alive():  # died while idle (killed from outside)
            self._close(worker)
            worker = self.workers[self.workers.index(worker)] = self._start()
        if not worker.held:
            worker.started = time.monotonic()
        worker.held.append((index, item))
        try:
            worker.items.send(item)
        except (OSError, EOFError):
            pass  # the worker died; _collect sees it and replaces it

    def _collect(self, busy: list[_Worker], ready: dict[int, Any], waiting: deque) -> None:
        timeout = None
        if self.deadline is not None:
            now = time.monotonic()
            timeout = max(0.0, min(w.started + self.deadline - now for w in busy))
        signalled = wait([w.results for w in busy] + [w.process.sentinel for w in busy], timeout)
        for worker in busy:
            if worker.results in signalled or worker.process.sentinel in signalled:
                try:
                    while worker.held and (worker.results.poll() or not worker.process.is_alive()):
                        result = worker.results.recv()
                        index, item = worker.held.popleft()
                        if isinstance(result, _Failed):
                            result = self.lost(item, "error", result.message)
                        ready[index] = result
                        worker.started = time.monotonic()
                except (EOFError, OSError):
                    code = worker.process.exitcode
                    message = f"the worker cleaning it died (exit code {code}); worker replaced"
                    self._replace(worker, ready, waiting, "worker_died", message)
            elif self.deadline is not None and time.monotonic() - worker.started > self.deadline:
                message = f"still running after {self.deadline:g} s; worker killed and replaced"
                self._replace(worker, ready, waiting, "timeout", message)

    def _replace(self, worker: _Worker, ready: dict[int, Any], waiting: deque, reason: str, message: str) -> None:
        index, item = worker.held.popleft()
        ready[index] = self.lost(item, reason, message)
        waiting.extendleft(reversed(worker.held))  # not begun: another worker takes them
        worker.process.kill()
        worker.process.join()
        self._close(worker)
        self.workers[self.workers.index(worker)] = self._start()

    def _stop(self) -> None:
        for worker in self.workers:
            if not worker.held:
                try:
                    worker.items.send(None)
                except (OSError, EOFError):
                    pass
        for worker in self.workers:
            worker.process.join(timeout=0 if worker.held else 1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            self._close(worker)
        self.workers = []

    @staticmethod
    def _close(worker: _Worker) -> None:
        worker.items.close()
        worker.results.close()


def _serve(items: Connection, results: Connection, inherited: list[Connection], func: Callable[[Any], Any],
           parent: int) -> None:
    """A worker: apply ``func`` to each item received until None, the pipe closes or the
    parent is gone (killed: the worker must not live on). A thread reads the items as they
    come, so the parent never waits to send one while this process cleans or sends a
    result. Ctrl-C goes to the whole process group: only the parent acts on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in inherited:  # the parent's ends, copied by fork, would hide its death
        other.close()
    exit_with(parent)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_items, args=(items, inbox), daemon=True).start()
    while True:
        item = inbox.get()
        if item is None:
            break
        try:
            result = func(item)
        except Exception as error:
            LOG.debug("worker error", exc_info=True)
            result = _Failed(f"{type(error).__name__}: {error}")
        try:
            results.send(result)
        except OSError:  # the parent is gone (killed): nothing to report to
            break
    results.close()
    os._exit(0)


def exit_with(pid: int) -> None:
    """End this worker process when the process it works for (``pid``) is gone, even
    killed outright, whatever the worker is doing: a thread looks every second whether
    ``pid`` is there and this process still has the parent it started with (a worker
    forked by ``clean``, or one of the crawl's, forked by its forkserver)."""
    threading.Thread(target=_watch, args=(pid, os.getppid()), daemon=True).start()


def _watch(pid: int, parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:  # orphaned: reparented, even while the parent is a zombie
            os._exit(1)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # there, under another user
            pass


def _read_items(items: Connection, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            item = items.recv()
            inbox.put(item)
            if item is None:
                return
    except (EOFError, OSError):  # the parent closed its end or is gone
        inbox.put(None)


@dataclass
class _Failed:
    """What a worker sends back when ``func`` raised."""

    message: str
