"""Vietnamese-aware cleaning of news pages: HTML or text in, one clean record out.

Pure Python (no Scrapy): ``clean_html`` and ``clean_text`` are the library's entries;
``python -m cleaners`` is the command.
"""

from .pipeline import CleanError, Result, clean_html, clean_text, text_hash

__all__ = ["CleanError", "Result", "clean_html", "clean_text", "text_hash"]
