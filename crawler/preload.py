"""What the crawl's forkserver imports before it forks the cleaning workers: the worker
code, with the extraction libraries' lazy tables loaded once (``warm_up``) and their
per-page logging quieted, so no worker spends its first second of CPU on them, as
``python -m cleaners`` warms up before it forks."""

from cleaners import quiet_extraction_logs, warm_up

from . import worker  # noqa: F401 - imported for the workers forked from this process

quiet_extraction_logs()
warm_up()
