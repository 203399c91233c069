"""A supervised pool of worker processes, serving both ``clean`` (``map``: results in
input order) and the crawl (``submit``: a future per item, from any thread).

One deadline with a hard kill: a worker holding one item longer than ``deadline`` seconds
(the document time limit plus ``GRACE``, for code that the in-process time limit cannot
interrupt, such as a C parser) is killed and replaced, and so is one that dies (killed by
the system, a crash in a C extension); ``lost(item, "timeout" or "worker_died", message)``
stands for that item's result and the items queued behind it go to the other workers.
One parent-death mechanism: a worker ends when the process it works for is gone, even
killed outright (``exit_with``). Workers start warm: forked from this process (``fork``,
warmed by the caller) or, in a process that runs threads (the crawl's reactor), from a
forkserver that imports ``preload`` first.
"""

from __future__ import annotations

import importlib
import logging
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from ..core.limits import Limits

LOG = logging.getLogger("cleaners")
# Seconds a worker gets beyond the document time limit before it is killed.
GRACE = 2.0


def hard_deadline(limits: Limits) -> float | None:
    """Seconds a worker may hold one document before it is killed (None: no limit)."""
    return limits.timeout + GRACE if limits.timeout else None


@dataclass
class _Worker:
    process: Any
    items: Connection  # this process writes the items to it
    results: Connection  # and reads the results from it
    held: deque = field(default_factory=deque)  # (key, item) sent to it, oldest first
    ready: bool = False  # it said it is set up: the deadline runs from there
    started: float = 0.0  # when it began the oldest


class SupervisedPool:
    """``workers`` processes applying ``func`` to items.

    ``map`` gives the results of an iterable in input order, in the calling thread;
    ``submit`` (from any thread) gives a ``concurrent.futures.Future`` per item, served by a
    thread of the pool's own that ``start`` begins (asyncio awaits it with
    ``asyncio.wrap_future``). Each worker holds up to ``DEPTH`` items, so that it starts
    the next one as soon as it has sent a result, without waiting for this process to read it.
    ``deadline`` (seconds, or None): a worker holding one item longer is killed and
    replaced, and ``lost(item, "timeout", message)`` stands for the item's result; a
    worker that dies gives ``lost(item, "worker_died", message)``, one where ``func``
    raised ``lost(item, "error", message)``.
    ``start_method``: ``fork`` (the caller has warmed this process), or ``forkserver``
    for a process that runs threads, where forking is unsafe; the forkserver imports the
    modules ``preload`` names before it forks a worker (``spawn`` where there is none:
    each worker imports them). ``niceness``: added to the workers' CPU niceness.
    """

    DEPTH = 2

    def __init__(self, func: Callable[[Any], Any], workers: int, deadline: float | None,
                 lost: Callable[[Any, str, str], Any], *, start_method: str = "fork",
                 preload: Sequence[str] = (), niceness: int = 0) -> None:
        self.func = func
        self.size = max(1, workers)
        self.deadline = deadline
        self.lost = lost
        self.preload = tuple(preload)
        self.niceness = niceness
        if start_method == "forkserver" and "forkserver" not in get_all_start_methods():
            start_method = "spawn"
        self.context = get_context(start_method)
        if start_method == "forkserver" and self.preload:
            self.context.set_forkserver_preload(list(self.preload))
        self.workers: list[_Worker] = []
        self.waiting: deque[tuple[Any, Any]] = deque()  # (key, item) no worker holds yet
        # submit: items handed over by other threads, and the thread serving them
        self._lock = threading.Lock()
        self._submitted: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._wake: tuple[int, int] | None = None  # a pipe that wakes the thread
        self._closing = False

    # -- map: in order, in this thread -------------------------------------------------

    def map(self, items: Iterable[Any], passthrough: Callable[[Any], Any] = lambda item: None
            ) -> Iterator[Any]:
        """Results of ``func`` over ``items`` in order; an item for which ``passthrough``
        returns a value is not sent to a worker, that value is its result."""
        source = iter(items)
        ready: dict[int, Any] = {}
        next_in = next_out = 0
        window = self.size * 8  # results kept waiting for an earlier one, at most
        exhausted = False
        self.waiting.clear()
        self._start_workers()
        try:
            while True:
                while not exhausted and next_in - next_out < window and len(self.waiting) < self.size:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    value = passthrough(item)
                    if value is None:
                        self.waiting.append((next_in, item))
                    else:
                        ready[next_in] = value
                    next_in += 1
                self._assign()
                while next_out in ready:
                    yield ready.pop(next_out)
                    next_out += 1
                busy = [w for w in self.workers if w.held]
                if exhausted and not self.waiting and not busy:
                    return
                if busy:
                    self._collect(busy, ready.__setitem__)
        finally:
            self._stop()

    # -- submit: futures, from any thread ----------------------------------------------

    def start(self) -> None:
        """Start the workers, from the pool's own thread: starting (a forkserver importing
        ``preload``) takes seconds that the caller, an event loop, must not wait through."""
        with self._lock:
            if self._thread is None:
                read, write = os.pipe()
                os.set_blocking(write, False)
                self._wake = (read, write)
                self._closing = False
                self._thread = threading.Thread(target=self._serve_submitted, name="SupervisedPool", daemon=True)
                self._thread.start()

    def submit(self, item: Any) -> Future:
        """A future of ``func(item)`` (or of ``lost(item, ...)``); it fails with the
        error when no worker could be started (a resource limit; the next submit tries again)."""
        future: Future = Future()
        with self._lock:
            self._submitted.put((future, item))
        self.start()
        self._wake_up()
        return future

    def close(self) -> None:
        """Finish the submitted items, stop the workers and the pool's thread."""
        with self._lock:
            thread, self._closing = self._thread, True
        if thread is not None:
            self._wake_up()
            thread.join()

    def _wake_up(self) -> None:
        with self._lock:  # the pipe is closed under the lock too
            if self._wake is not None:
                try:
                    os.write(self._wake[1], b".")
                except BlockingIOError:  # full: the thread wakes anyway
                    pass

    def _serve_submitted(self) -> None:
        try:
            self._start_workers()
            while True:
                while True:
                    try:
                        self.waiting.append(self._submitted.get_nowait())
                    except queue.Empty:
                        break
                self._assign()
                busy = [w for w in self.workers if w.held]
                if self._closing and not self.waiting and not busy and self._submitted.empty():
                    break
                self._collect(busy, _resolve, wake=self._wake[0])
        except BaseException as error:  # no worker could start, or a bug: no future waits forever
            LOG.debug("supervised pool stopped", exc_info=True)
            for worker in self.workers:
                self.waiting.extend(worker.held)
                worker.held.clear()
            self._fail_waiting(error)
        finally:
            self._stop()
            with self._lock:
                self._thread = None
                self._fail_waiting(RuntimeError("the pool was closed"))
                for fd in self._wake:
                    os.close(fd)
                self._wake = None

    def _fail_waiting(self, error: BaseException) -> None:
        while True:
            try:
                self.waiting.append(self._submitted.get_nowait())
            except queue.Empty:
                break
        while self.waiting:
            future, _ = self.waiting.popleft()
            try:
                future.set_exception(error)
            except InvalidStateError:  # cancelled by its waiter
                pass

    # -- the workers -------------------------------------------------------------------

    def _start_workers(self) -> None:
        if self.context.get_start_method() == "fork":
            for module in self.preload:
                importlib.import_module(module)
        self.workers = []
        for _ in range(self.size):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        items_out, items_in = self.context.Pipe(duplex=False)
        results_out, results_in = self.context.Pipe(duplex=False)
        inherited = []  # the parent's ends, which a forked child holds a copy of
        if self.context.get_start_method() == "fork":
            inherited = [items_in, results_out] + [c for w in self.workers for c in (w.items, w.results)
                                                   if not c.closed]
        process = self.context.Process(target=_serve, args=(items_out, results_in, inherited, self.func, os.getpid(),
                                                            self.niceness, self.preload), daemon=True)
        process.start()
        items_out.close()
        results_in.close()
        return _Worker(process, items_in, results_out)

    def _assign(self) -> None:
        """Give the waiting items to the workers holding fewest, up to DEPTH each."""
        while self.waiting:
            worker = min(self.workers, key=lambda w: len(w.held))
            if len(worker.held) >= self.DEPTH:
                break
            self._give(worker, *self.waiting.popleft())

    def _give(self, worker: _Worker, key: Any, item: Any) -> None:
        if not worker.held and not worker.process.is_alive():  # died while idle (killed from outside)
            self._close(worker)
            worker = self.workers[self.workers.index(worker)] = self._start()
        if not worker.held:
            worker.started = time.monotonic()
        worker.held.append((key, item))
        try:
            worker.items.send(item)
        except (OSError, EOFError):
            pass  # the worker died; _collect sees it and replaces it

    def _collect(self, busy: list[_Worker], deliver: Callable[[Any, Any], None], wake: int | None = None) -> None:
        """Wait for a result, a worker's death, a deadline or (``wake``) a new item, and
        ``deliver(key, result)`` what came."""
        timeout = None
        timed = [w for w in busy if w.ready]
        if self.deadline is not None and timed:
            timeout = max(0.0, min(w.started for w in timed) + self.deadline - time.monotonic())
        handles: list[Any] = [w.results for w in busy] + [w.process.sentinel for w in busy]
        if wake is not None:
            handles.append(wake)
        signalled = wait(handles, timeout)
        if wake is not None and wake in signalled:
            os.read(wake, 4096)
        for worker in busy:
            if worker.results in signalled or worker.process.sentinel in signalled:
                try:
                    while worker.held and (worker.results.poll() or not worker.process.is_alive()):
                        result = worker.results.recv()
                        worker.started = time.monotonic()
                        if isinstance(result, _Ready):
                            worker.ready = True
                            continue
                        key, item = worker.held.popleft()
                        if isinstance(result, _Failed):
                            result = self.lost(item, "error", result.message)
                        deliver(key, result)
                except (EOFError, OSError):
                    code = worker.process.exitcode
                    message = f"the worker cleaning it died (exit code {code}); worker replaced"
                    self._replace(worker, deliver, "worker_died", message)
            elif worker.ready and self.deadline is not None and time.monotonic() - worker.started > self.deadline:
                message = f"still running after {self.deadline:g} s; worker killed and replaced"
                self._replace(worker, deliver, "timeout", message)

    def _replace(self, worker: _Worker, deliver: Callable[[Any, Any], None], reason: str, message: str) -> None:
        key, item = worker.held.popleft()
        deliver(key, self.lost(item, reason, message))
        self.waiting.extendleft(reversed(worker.held))  # not begun: another worker takes them
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


def _resolve(future: Future, result: Any) -> None:
    try:
        future.set_result(result)
    except InvalidStateError:  # cancelled by its waiter
        pass


def _serve(items: Connection, results: Connection, inherited: list[Connection], func: Callable[[Any], Any],
           parent: int, niceness: int, preload: tuple[str, ...]) -> None:
    """A worker: apply ``func`` to each item received until None, the pipe closes or the
    parent is gone (killed: the worker must not live on). A thread reads the items as they
    come, so the parent never waits to send one while this process works or sends a
    result. Ctrl-C goes to the whole process group: only the parent acts on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in inherited:  # the parent's ends, copied by fork, would hide its death
        other.close()
    exit_with(parent)
    if niceness:
        os.nice(niceness)
    for module in preload:  # imported already unless the worker was spawned
        importlib.import_module(module)
    results.send(_Ready())
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
    ``pid`` is there and this process still has the parent it started with (``pid``
    itself, or the forkserver that forked it)."""
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


class _Ready:
    """What a worker sends first, once set up (a spawned one imports for a while)."""


@dataclass
class _Failed:
    """What a worker sends back when ``func`` raised."""

    message: str
