"""The record ``clean`` writes, its keys named once: their order in each JSON line and
the type of each value (docs/record.md says what each means; a test checks its table
against this)."""

from __future__ import annotations

from typing import Any

# Key -> the types its value may have, in the order the keys are written.
RECORD_TYPES: dict[str, tuple[type, ...]] = {
    "url": (str, type(None)),
    "source": (str,),
    "title": (str, type(None)),
    "text": (str,),
    "date": (str, type(None)),
    "author": (str, type(None)),
    "sitename": (str, type(None)),
    "captions": (list,),
    "lang": (str,),
    "lang_score": (float,),
    "hash": (str,),
    "removed": (dict,),
    "explain": (list,),
}
RECORD_FIELDS = tuple(RECORD_TYPES)
# Keys a record has only when asked for (``--explain``).
OPTIONAL_FIELDS = frozenset({"explain"})


def make_record(**values: Any) -> dict[str, Any]:
    """A record of these values, its keys in ``RECORD_FIELDS`` order; TypeError for a
    key that is not a record's, or a required key missing."""
    unknown = values.keys() - RECORD_TYPES.keys()
    missing = RECORD_TYPES.keys() - OPTIONAL_FIELDS - values.keys()
    if unknown or missing:
        raise TypeError(f"record keys: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return {key: values[key] for key in RECORD_FIELDS if key in values}
