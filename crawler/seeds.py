"""Seed URLs, spider arguments and our settings, checked: every problem is a ``SeedError``
whose message names the file and line, or the argument or setting, and the reason."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaners import (
    DEDUP_MODES,
    DEFAULT_DEDUP,
    DEFAULT_TONE_MARKS,
    FILTER_PRESETS,
    TONE_STYLES,
    Limits,
    known_languages,
)

REPO = Path(__file__).resolve().parents[1]


class SeedError(ValueError):
    """A seed list or argument that cannot be used, with a message naming it."""


# The ``news`` spider's arguments (``-a NAME=VALUE``), in the order the help gives them.
ARGUMENTS = ("urls", "seeds", "max_articles", "depth", "since", "lang")


def check_arguments(args: dict[str, Any]) -> None:
    """Every argument name is one the spider knows (a misspelt one is not ignored)."""
    unknown = sorted(set(args) - set(ARGUMENTS))
    if unknown:
        raise SeedError(f"-a {unknown[0]}: unknown argument; the arguments are {', '.join(ARGUMENTS)}")


def language(name: str, value: Any) -> str | None:
    """A language code langdetect gives (``vi``, ``en``, ``zh-cn``), as ``clean --lang``."""
    if value in (None, ""):
        return None
    if str(value) not in known_languages():
        raise SeedError(f"{name}={value!r}: not a language code langdetect gives (e.g. vi, en, zh-cn)")
    return str(value)


def read_seeds(path: str) -> list[str]:
    """Seed URLs of a file: one per line, ``#`` starts a comment, a bare host gets
    ``https://``. A line that is not a URL is an error naming the file and line."""
    file = Path(path)
    if not file.is_file() and not file.is_absolute() and (REPO / path).is_file():
        file = REPO / path
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(f"seed file {path}: cannot be read: {error}") from None
    urls = []
    for number, line in enumerate(lines, start=1):
        text = re.sub(r"(^|\s)#.*$", "", line).strip()
        if text:
            urls.append(seed_url(text, f"{path}:{number}"))
    return urls


def seed_url(text: str, where: str) -> str:
    """One seed, checked: an http(s) URL, or a bare host name taken as https."""
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname or " " in text:
        raise SeedError(f"{where}: not an http(s) URL: {text!r}")
    return text


def since_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise SeedError(f"since={value!r}: not a date YYYY-MM-DD") from None


def whole_number(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SeedError(f"{name}={value!r}: not a whole number") from None
    if number < 0:
        raise SeedError(f"{name}={value!r}: must be 0 or more")
    return number


def one_of(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """A setting that takes one of ``choices``; SeedError otherwise."""
    if value not in choices:
        raise SeedError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


@dataclass(frozen=True)
class CorpusOptions:
    """The crawl's ``NEWS_TONE_MARKS``, ``NEWS_DEDUP`` and ``NEWS_FILTER`` (clean's
    ``--tone-marks``, ``--dedup``, ``--filter``)."""

    tone_marks: str = DEFAULT_TONE_MARKS
    dedup: str = DEFAULT_DEDUP
    filter: str = "none"


def corpus_options(settings) -> CorpusOptions:
    return CorpusOptions(one_of("NEWS_TONE_MARKS", settings.get("NEWS_TONE_MARKS", DEFAULT_TONE_MARKS), TONE_STYLES),
                         one_of("NEWS_DEDUP", settings.get("NEWS_DEDUP", DEFAULT_DEDUP), DEDUP_MODES),
                         one_of("NEWS_FILTER", settings.get("NEWS_FILTER", "none"), FILTER_PRESETS))


def cleaning_limits(settings) -> Limits:
    """The per-page cleaning limits of ``NEWS_CLEAN_TIMEOUT``, ``NEWS_MAX_NODES`` and
    ``NEWS_MAX_HTML_DEPTH``."""
    value = settings.get("NEWS_CLEAN_TIMEOUT")
    try:
        timeout = float(value)
    except (TypeError, ValueError):
        raise SeedError(f"NEWS_CLEAN_TIMEOUT={value!r}: not a number of seconds") from None
    if not math.isfinite(timeout) or timeout < 0:
        raise SeedError(f"NEWS_CLEAN_TIMEOUT={value!r}: must be 0 (no limit) or a number of seconds")
    counts = {}
    for name in ("NEWS_MAX_NODES", "NEWS_MAX_HTML_DEPTH"):
        counts[name] = whole_number(name, settings.get(name))
        if counts[name] < 1:
            raise SeedError(f"{name}={settings.get(name)!r}: must be at least 1")
    return Limits(max_nodes=counts["NEWS_MAX_NODES"], max_depth=counts["NEWS_MAX_HTML_DEPTH"], timeout=timeout)
