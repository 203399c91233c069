"""Vietnamese-aware cleaning of news pages: HTML or text in, one clean record out.

Pure Python (no Scrapy): ``clean_html`` and ``clean_text`` are the library's entries;
``python -m cleaners`` is the command. The names below are the library's public API:
the crawler (``crawler/``) imports from here only.
"""

from .app import cli
from .app.cli import quiet_extraction_logs
from .app.dedup import DEDUP_MODES, DEFAULT_DEDUP, Deduplicator
from .app.filters import FILTER_PRESETS, quality_filter
from .app.jsonl import JsonlWriter, done_sources, read_jsonl
from .app.pool import SupervisedPool, hard_deadline
from .app.report import HtmlReport
from .app.runner import in_language, unexpected_error, warm_up
from .core.dates import parse_iso
from .core.language import known_languages
from .core.limits import DEFAULT_LIMITS, DocumentTimeout, Limits, time_limit
from .core.metadata import PageMetadata, page_metadata
from .core.normalize import DEFAULT_TONE_MARKS, TONE_STYLES
from .core.pipeline import CleanError, Result, clean_html, clean_text, clean_tree, read_html, text_hash
from .core.record import RECORD_FIELDS

__all__ = [
    "DEDUP_MODES", "DEFAULT_DEDUP", "DEFAULT_LIMITS", "DEFAULT_TONE_MARKS", "FILTER_PRESETS",
    "RECORD_FIELDS", "TONE_STYLES",
    "CleanError", "Deduplicator", "DocumentTimeout", "HtmlReport", "JsonlWriter", "Limits", "PageMetadata",
    "Result", "SupervisedPool",
    "clean_html", "clean_text", "clean_tree", "cli", "done_sources", "hard_deadline", "in_language", "known_languages",
    "page_metadata", "parse_iso", "quality_filter", "quiet_extraction_logs", "read_html", "read_jsonl", "text_hash", "time_limit",
    "unexpected_error", "warm_up",
]
