"""Publication dates: Vietnamese visible forms and machine forms, to ISO 8601.

A date with a time of day is given with the page's offset (+07:00, Vietnam's time zone,
unless the text says another GMT offset); a date alone stays a calendar date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from .vocabulary import (
    DATE_IN_TEXT,
    DATE_LINE_WORDS,
    DATE_MONTH_NAME,
    TIME_AFTERNOON,
    TIME_IN_TEXT,
    TIME_MORNING,
    TZ_IN_TEXT,
)

VIETNAM_OFFSET = 7
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+\-]\d{2}:?\d{2})?)?"
)


def _offset(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1990 <= y <= 2100


def parse_iso(value: str | None) -> str | None:
    """Normalise an ISO-like machine date (meta tags, JSON-LD, ``<time datetime>``)."""
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    if not _valid(y, m, d):
        return None
    if match["H"] is None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return f"{y:04d}-{m:02d}-{d:02d}"
    tz = match["tz"]
    if tz is None:
        tzinfo = _offset(VIETNAM_OFFSET)
    elif tz == "Z":
        tzinfo = UTC
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        tzinfo = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))
    return datetime(y, m, d, hour, minute, second, tzinfo=tzinfo).isoformat()


def parse_vietnamese(text: str) -> str | None:
    """Find a visible Vietnamese date in ``text`` ("Thứ Ba, 25/10/2022 15:21'(GMT+7)")."""
    match = DATE_IN_TEXT.search(text)
    if not match:
        return None
    y = int(match["y"] or match["y2"])
    y = y + 2000 if y < 100 else y
    m = int(match["m"] or match["m2"])
    d = int(match["d"] or match["d2"])
    if not _valid(y, m, d):
        return None
    # A time may stand before or after the date: "15:21 25/10/2022", "25/10/2022 - 15:21".
    rest = text[: match.start()] + " " + text[match.end():]
    time_match = TIME_IN_TEXT.search(rest)
    if not time_match:
        return f"{y:04d}-{m:02d}-{d:02d}"
    hour, minute = int(time_match["H"]), int(time_match["M"])
    second = int(time_match["S"] or 0)
    ampm = (time_match["ampm"] or "").lower()
    if (ampm in TIME_AFTERNOON or ampm == "đêm" and hour >= 6) and hour < 12:
        hour += 12
    elif ampm in TIME_MORNING and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return f"{y:04d}-{m:02d}-{d:02d}"
    tz_match = TZ_IN_TEXT.search(rest)
    offset = int(tz_match["tz"].replace(" ", "")) if tz_match else VIETNAM_OFFSET
    return datetime(y, m, d, hour, minute, second, tzinfo=_offset(offset)).isoformat()


def is_date_line(line: str, month_names: bool = True) -> bool:
    """True for a line that is only a date (and time, zone and labels), nothing more;
    with ``month_names``, a date with an English month name ("August 08, 2018") too."""
    if len(line) > 80:
        return False
    match = DATE_IN_TEXT.search(line) or (month_names and DATE_MONTH_NAME.search(line))
    if not match:
        return False
    rest = line[: match.start()] + " " + line[match.end():]
    rest = TZ_IN_TEXT.sub(" ", rest)
    rest = TIME_IN_TEXT.sub(" ", rest)
    rest = DATE_LINE_WORDS.sub(" ", rest).strip()
    return not rest


def has_time(iso: str | None) -> bool:
    """True when an ISO date carries a time of day."""
    return bool(iso and "T" in iso)


def better_date(current: str | None, candidate: str | None) -> str | None:
    """Prefer a date with a time over the same day without one; otherwise keep ``current``."""
    if not candidate:
        return current
    if not current:
        return candidate
    if not has_time(current) and has_time(candidate) and candidate[:10] == current[:10]:
        return candidate
    return current
