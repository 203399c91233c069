"""Run documents through the cleaners, in this process or in a supervised pool of worker
processes (``pool.SupervisedPool``), keeping input order: a document that holds its worker
past the hard deadline, or kills it, is reported with the reason ``timeout`` or
``worker_died`` and the run goes on.
"""

from __future__ import annotations

import gc
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.normalize import DEFAULT_TONE_MARKS
from ..core.pipeline import Result, clean_html, clean_text
from .inputs import InputError, Task
from .pool import SupervisedPool, hard_deadline

LOG = logging.getLogger("cleaners")


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
    pool = SupervisedPool(_CleanJob(explain, lang, limits, tone_marks), workers, hard_deadline(limits), _lost_document)
    yield from pool.map(tasks, passthrough=lambda task: task if isinstance(task, InputError) else None)


_WARM_UP_PAGE = ("<html><head><title>Tin</title></head><body><article><h1>Tin mới</h1>" + "".join(
    f"<p>Hôm nay trời nắng đẹp, người dân thành phố đi làm sớm, các cửa hàng ven đường mở cửa đông vui "
    f"và giao thông thuận lợi trên mọi tuyến phố chính (đoạn {n}).</p>" for n in range(4))
    + "</article></body></html>")


def warm_up() -> None:
    """Clean one tiny page, so that the libraries' lazy loading (langdetect's profiles,
    trafilatura's and htmldate's tables: over a second) is done once, before the workers
    are forked, and is not counted against the first document's time limit. Then every
    object made so far (modules, tables) is moved out of the garbage collector's reach
    (``gc.freeze``, meant for this: objects that live as long as the process, before a
    fork): each full collection while cleaning scans only what the pages make (about a
    tenth of the CPU of the page steps, which make many objects), and the forked workers
    do not write to those objects' memory pages."""
    try:
        clean_html(_WARM_UP_PAGE, "warm-up", limits=Limits(timeout=0))  # a record: language detected too
    except Exception:  # a failed warm-up only costs time later
        LOG.debug("warm-up failed", exc_info=True)
    gc.collect()
    gc.freeze()


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
