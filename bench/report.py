"""Writing a bench report: every bench prints its markdown and keeps it in a file."""

from __future__ import annotations

from pathlib import Path


def write_report(text: str, out: Path, echo: bool = True) -> None:
    """Print ``text`` (unless ``echo`` is false) and write it to ``out``, making its folder."""
    if echo:
        print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
