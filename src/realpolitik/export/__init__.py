"""The store's events in the field's own shapes, for scripts written for other datasets.

    with Store("news.duckdb") as db:
        export_events(db, Path("out"), "gdelt")     # out/<batch>.export.CSV, .mentions.CSV
        export_events(db, Path("ev.jsonl"), "plover")
        export_events(db, Path("out"), "icews", factual_only=True)  # out/events.icews.tsv

- `gdelt`: the GDELT 2.0 Events (61 columns) and Mentions (16 columns) files (`gdelt.py`);
- `plover`: PLOVER JSON lines (`plover.py`);
- `icews`: the ICEWS coded-event TSV, 20 columns with a header (`icews.py`).

Every writer reads the same mention rows (`mentions.py`): one SQL query over the events,
documents, articles, actors and event clusters, streamed in chunks. docs/exports.md lists
every column, where it comes from, and what cannot be filled.
"""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from . import gdelt, icews, plover

FORMATS = ("gdelt", "plover", "icews")
_WRITERS = {"gdelt": gdelt.write, "plover": plover.write, "icews": icews.write}


def export_events(
    store: Store, out: str | Path, format: str, *, factual_only: bool = False
) -> list[Path]:
    """Write the store's coded events in `format` (gdelt, plover, icews) under `out`;
    `factual_only` keeps the events the text asserts happened. Returns the paths written."""
    if format not in _WRITERS:
        raise ValueError(f"unknown event format {format!r}: use one of {', '.join(FORMATS)}")
    return _WRITERS[format](store.con, Path(out).expanduser(), factual_only=factual_only)


__all__ = ["FORMATS", "export_events"]
