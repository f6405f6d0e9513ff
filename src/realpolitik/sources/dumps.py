"""Bulk inputs: JSONL, CSV and Parquet files with a `text` column, one article per row.

The text is analyzed exactly as given, so offsets refer to it. Known columns (`id`,
`title`, `author`, `published`/`date`, `url`, `source`, `language`) fill the Article;
every other column is kept in `Article.extra`. A bad row is reported by `file:row` and
skipped; the rest of the file goes on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..records import Article
from ..settings import Settings
from .encoding import decode
from .errors import Failure, SourceError

FIELDS = ("id", "title", "author", "url", "source", "language")
DATE_FIELDS = ("published", "date", "publish_date", "pub_date")


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, datetime, or a string starting with an ISO date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    s = str(value).strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    if len(s) >= 10:
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            pass
    if len(s) == 8 and s.isdigit():  # GDELT-style 20250307
        try:
            return datetime.strptime(s, "%Y%m%d").date().isoformat()
        except ValueError:
            pass
    raise ValueError(f"unreadable date {s!r} (use YYYY-MM-DD)")


def article_from_row(row: dict[str, Any], where: str) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SourceError(where, "row has no text")
    published = None
    for key in DATE_FIELDS:
        if row.get(key) not in (None, ""):
            try:
                published = iso_date(row[key])
            except ValueError as exc:
                raise SourceError(where, str(exc)) from exc
            break
    known = {k: (str(row[k]) if row.get(k) not in (None, "") else None) for k in FIELDS}
    extra = {
        k: v for k, v in row.items() if k not in FIELDS and k not in DATE_FIELDS and k != "text"
    }
    extra = json.loads(json.dumps(extra, default=str))  # keep it JSON-serialisable
    return Article(
        text=text,
        id=known["id"] or "",
        title=known["title"],
        author=known["author"],
        url=known["url"],
        source=known["source"],
        language=known["language"],
        published=published,
        origin=where,
        extra=extra,
    )


def _rows_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any] | SourceError]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                row = json.loads(decode(raw, where))
            except (json.JSONDecodeError, SourceError) as exc:
                yield where, SourceError(where, f"not a JSON object ({exc})")
                continue
            if not isinstance(row, dict):
                yield where, SourceError(where, "not a JSON object")
                continue
            yield where, row


def _rows_csv(path: Path) -> Iterator[tuple[str, dict[str, Any] | SourceError]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(decode(data, str(path)), newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise SourceError(str(path), "no 'text' column in the CSV header")
    for n, row in enumerate(reader, 2):  # row 1 is the header
        yield f"{path}:{n}", row


def _rows_parquet(path: Path) -> Iterator[tuple[str, dict[str, Any] | SourceError]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise SourceError(str(path), f"not a readable Parquet file ({exc})") from exc
    if "text" not in pf.schema_arrow.names:
        raise SourceError(str(path), "no 'text' column in the Parquet schema")
    n = 0
    for batch in pf.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}:{n}", row


def read_dump(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    name = path.name.lower()
    if name.endswith(".parquet"):
        rows = _rows_parquet(path)
    elif name.endswith((".csv", ".csv.gz")):
        rows = _rows_csv(path)
    else:
        rows = _rows_jsonl(path)
    any_row = False
    for where, row in rows:
        any_row = True
        if isinstance(row, SourceError):
            yield Failure(row.input, row.reason)
            continue
        try:
            yield article_from_row(row, where)
        except SourceError as exc:
            yield Failure(exc.input, exc.reason)
    if not any_row:
        raise SourceError(str(path), "empty: no rows")
