"""Reports: the opportunities and risks a situation holds for one actor, as Markdown or HTML.

    >>> from realpolitik.report import report
    >>> html = report(realpolitik.analyze_many(texts), focus="Russia", format="html")
    >>> md = report(store="news.duckdb", focus="RUS", since="2025-03-01", until="2025-03-31")

`build_brief` gathers what a report shows as plain data; `render_markdown` and `render_html`
write it out; `figures` draws the network and the timeline as inline SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..records import Document
from .brief import FocusError, build_brief, resolve_focus
from .render import render_html, render_markdown

FORMATS = ("md", "html", "json")


def render(brief: dict[str, Any], format: str = "md") -> str:
    """A brief as text in one of FORMATS."""
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "json":  # the brief itself, for other tools
        import json

        return json.dumps(brief, ensure_ascii=False, indent=2, default=str) + "\n"
    return render_html(brief) if format == "html" else render_markdown(brief)


def report(
    documents: Iterable[Document] | None = None,
    *,
    focus: str,
    store: str | Path | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    format: str = "md",
) -> str:
    """A report on `focus` (a code like RUS or a name like "Putin") over `documents`, or over
    the documents of `store` published between `since` and `until` (inclusive)."""
    if documents is None:
        from ..settings import Settings
        from ..store import Store

        path = Path(store or Settings().store).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"no store at {path}: analyze articles into it first")
        with Store(path, read_only=True) as db:
            brief = build_brief(db.documents(since, until), focus, since, until)
    else:
        brief = build_brief(documents, focus, since, until)
    return render(brief, format)


__all__ = [
    "FORMATS",
    "FocusError",
    "build_brief",
    "render",
    "render_html",
    "render_markdown",
    "report",
    "resolve_focus",
]
