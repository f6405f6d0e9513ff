"""Inputs as units of work that any machine can read, and Articles as rows that travel.

The local engine reads its inputs in one process (`sources.read_inputs`). On a cluster the
inputs are first cut into *units* — a file, a URL, a row group of a Parquet dump — listed in
the driver in a stable order, so unit `n` is the same unit in every run; each unit is then read
on whichever worker Ray Data gives it, by the same readers the local engine uses, so the
Articles (ids, texts, origins) are the same ones. An Article crosses the cluster as a flat row
of strings and ints (`article_row`, `row_article`); a bad input becomes a row with an `error`,
so it is reported, never lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..records import Article, Span
from ..settings import Settings
from ..sources import Failure, is_url, kind_of, read_input, url_lines
from ..sources.dumps import read_dump
from ..sources.errors import SourceError
from ..sources.reading import input_files

# The columns of an article row (all nullable except the position).
ROW_COLUMNS = (
    "unit",  # the unit's position among the run's units
    "seq",  # the article's position within its unit
    "input",  # the unit's name (a path, a URL, `dump.parquet#row-group-3`)
    "error",  # why the input failed (then there is no text)
    "id",
    "text",
    "title",
    "author",
    "published",
    "url",
    "source",
    "language",
    "origin",
    "extra",  # JSON
    "paragraphs",  # JSON [[start, end], ...]
)


def units(inputs: Iterable[str]) -> list[dict[str, Any]]:
    """The run's units of work, in order: directories expanded (sorted, as the local reader
    does), Parquet dumps cut into row groups, URL lists (`*.urls`) into URLs."""
    found: list[dict[str, Any]] = []
    for name in inputs:
        for unit in _units_of(name):
            unit["unit"] = len(found)
            unit.setdefault("at", None)  # every unit has every key: they travel as one table
            unit.setdefault("reason", None)
            found.append(unit)
    return found


def _units_of(name: str) -> Iterator[dict[str, Any]]:
    if is_url(name):
        yield {"input": name, "kind": "input", "row_group": -1, "first_row": 0}
        return
    path = Path(name)
    if path.is_dir():  # walked as the local reader walks it: what is not a file is named
        for child in input_files(path):
            if isinstance(child, Failure):
                yield {
                    "input": child.input,
                    "kind": "failed",
                    "reason": child.reason,
                    "row_group": -1,
                    "first_row": 0,
                }
            else:
                yield from _units_of(str(child))
        return
    if name.lower().endswith(".parquet") and path.is_file():
        yield from _parquet_units(path)
        return
    if kind_of(name) == "urls" and path.is_file():
        try:
            lines = list(url_lines(path))
        except (OSError, SourceError):
            lines = None  # read as one unit, which reports the file by name
        if lines is not None:
            for where, line in lines:  # one unit per URL: the fetching spreads over the cluster
                kind = "input" if is_url(line) else "bad_url"
                yield {"input": line, "kind": kind, "row_group": -1, "first_row": 0, "at": where}
            return
    yield {"input": name, "kind": "input", "row_group": -1, "first_row": 0}


def _parquet_units(path: Path) -> Iterator[dict[str, Any]]:
    """One unit per row group, numbered like the local reader numbers rows (`file:n`)."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - a broken file: its unit reports it when read
        yield {"input": str(path), "kind": "input", "row_group": -1, "first_row": 0}
        return
    first = 0
    for group in range(meta.num_row_groups):
        yield {"input": str(path), "kind": "row_group", "row_group": group, "first_row": first}
        first += meta.row_group(group).num_rows
    if meta.num_row_groups == 0:  # an empty file: the local reader's error, by name
        yield {"input": str(path), "kind": "input", "row_group": -1, "first_row": 0}


def read_unit(unit: dict[str, Any], settings: Settings) -> Iterator[dict[str, Any]]:
    """The article rows of one unit (failure rows for what could not be read)."""
    if unit["kind"] == "bad_url":
        items: Iterable[Article | Failure] = [
            Failure(unit["at"], f"not an http(s) URL: {unit['input'][:80]!r}")
        ]
    elif unit["kind"] == "failed":  # found by the driver (a pipe in a folder): named here
        items = [Failure(unit["input"], unit["reason"])]
    elif unit["kind"] == "row_group":
        items = _read_row_group(
            Path(unit["input"]), int(unit["row_group"]), int(unit["first_row"]), settings
        )
    else:
        items = read_input(unit["input"], settings)
    for seq, item in enumerate(items):
        base = {"unit": int(unit["unit"]), "seq": seq, "input": unit["input"]}
        if isinstance(item, Failure):
            yield base | {"error": item.reason, "origin": item.input}
        else:
            yield base | article_row(item)


def _read_row_group(
    path: Path, group: int, first_row: int, settings: Settings
) -> Iterator[Article | Failure]:
    """One row group of a Parquet dump, read by the local engine's dump reader (the same
    columns, aliases, dates and limits), its rows numbered as in the whole file."""
    try:
        yield from read_dump(path, settings, row_group=group, first_row=first_row)
    except SourceError as exc:
        yield Failure(f"{exc.input}#row-group-{group}", exc.reason)


def article_row(art: Article) -> dict[str, Any]:
    return {
        "error": None,
        "id": art.id,
        "text": art.text,
        "title": art.title,
        "author": art.author,
        "published": art.published,
        "url": art.url,
        "source": art.source,
        "language": art.language,
        "origin": art.origin,
        "extra": json.dumps(art.extra, ensure_ascii=False, default=str),
        "paragraphs": json.dumps([[p.start, p.end] for p in art.paragraphs]),
    }


def row_article(row: dict[str, Any]) -> Article:
    return Article(
        text=row["text"],
        id=row["id"],
        title=row.get("title"),
        author=row.get("author"),
        published=row.get("published"),
        url=row.get("url"),
        source=row.get("source"),
        language=row.get("language"),
        origin=row.get("origin"),
        extra=json.loads(row.get("extra") or "{}"),
        paragraphs=[Span(s, e) for s, e in json.loads(row.get("paragraphs") or "[]")],
    )


def with_default_date(row: dict[str, Any], published: str | None) -> dict[str, Any]:
    """`--published`: the date for an article that has none, as the local engine sets it."""
    if published and not row.get("error") and not row.get("published"):
        row["published"] = published
    return row
