"""Code that runs in the cleaning worker processes; imports ``cleaners`` only (no Scrapy),
so a worker starts fast and never touches the reactor."""

from __future__ import annotations

import os
import signal
import threading
import time

from cleaners.cli import clean_task, quiet_extraction_logs
from cleaners.inputs import Task
from cleaners.pipeline import Result


def init_worker(crawl_pid: int, niceness: int = 0) -> None:
    """Ignore Ctrl-C (the crawl process shuts the pool down itself), end with the crawl
    process even if it is killed outright, lower this process's CPU priority by
    ``niceness``, and quiet the extraction libraries' own logging, as ``python -m
    cleaners`` does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if niceness:
        os.nice(niceness)
    threading.Thread(target=_exit_without, args=(crawl_pid,), daemon=True).start()
    quiet_extraction_logs()


def _exit_without(pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def clean_page(url: str, body: bytes, content_type: str | None, lang: str | None) -> Result:
    """Clean one fetched page exactly as ``python -m cleaners`` cleans the same HTML: the
    fetched URL is both ``url`` and ``source``. Never raises."""
    return clean_task(Task(source=url, kind="html", payload=body, url=url, content_type=content_type),
                      lang=lang)
