"""Bulk inputs: JSONL, CSV and Parquet files (also `.jsonl.gz`, `.csv.gz`), one article per row.

The text is analyzed exactly as given, so offsets refer to it. The article's fields come
from their columns (`text`, `id`, `title`, `author`, `published`, `url`, `source`,
`language`), from a common alias when the column is absent (`COLUMN_ALIASES`: news-please's
`maintext` and `date_publish`, `article_source_link`, `headline`...), or from the column
that `Settings.columns` (`--columns text=body,...`) names. Every other column is kept in
`Article.extra`. Files are read as streams within `settings.max_bytes` (of what they
inflate to). A bad row is a Failure named `file:row` and the rest of the file goes on; a
file that cannot be read further is a Failure after the rows read before it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..records import Article
from ..settings import Settings
from .encoding import decode, guess_encoding
from .errors import Failure, SourceError
from .reading import open_limited, shown

FIELDS = ("text", "id", "title", "author", "published", "url", "source", "language")
# Columns read for a field when the file has no column of the field's own name, in order.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("body", "content", "article", "maintext"),
    "url": ("link", "article_url", "article_source_link", "source_url"),
    "published": (
        "date",
        "date_publish",  # news-please
        "publish_date",
        "pub_date",
        "pubDate",
        "published_at",
        "publication_date",
        "datetime",
        "timestamp",
    ),
    "title": ("headline",),
    "author": ("authors",),
    "source": ("outlet", "domain", "source_name"),
}
DATE_ORDERS = ("DMY", "MDY")
EARLIEST_YEAR = 1800
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# `Article.extra["warnings"]` is where warnings go: a column of that name is kept under this.
_WARNINGS_COLUMN = "warnings_column"
_EXTRA_FIELDS = "extra_fields"  # a CSV row's fields past the header's last column
_BATCH_ROWS = 1024
_HEAD = 1 << 16  # bytes of a CSV file its encoding is judged on

Row = Mapping[str, Any]
# (where, the row or why it is not one, warnings about it from the reader)
Rows = Iterator[tuple[str, Row | SourceError, list[str]]]


# --- the column mapping -----------------------------------------------------------------


def parse_columns(spec: str) -> tuple[tuple[str, str], ...]:
    """`text=body,published=publish_date` as ((field, column), ...); ValueError says what
    is wrong (an unknown field, a field given twice, a missing `=` or name)."""
    pairs: dict[str, str] = {}
    for part in spec.split(","):
        field, eq, column = (s.strip() for s in part.partition("="))
        if not eq or not field or not column:
            raise ValueError(f"{part.strip()!r} is not FIELD=COLUMN (e.g. text=body)")
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r}: the fields are {', '.join(FIELDS)}")
        if field in pairs:
            raise ValueError(f"field {field!r} is mapped twice")
        pairs[field] = column
    return tuple(pairs.items())


def _columns_of(keys: Iterable[str], mapping: Mapping[str, str]) -> dict[str, list[str]]:
    """For each field, the columns to take it from, in order (the first non-empty value
    wins). `text` comes from one column only: an empty text is not filled from another."""
    present = set(keys)
    found: dict[str, list[str]] = {}
    for field in FIELDS:
        if field in mapping:
            found[field] = [mapping[field]]
            continue
        candidates = [c for c in (field, *COLUMN_ALIASES.get(field, ())) if c in present]
        found[field] = candidates[:1] if field == "text" else candidates
    return found


def _check_header(names: list[str], name: str, settings: Settings, what: str) -> None:
    """A file whose header (its names made unique by `_unique`) lacks a mapped column or
    a text column, or has two text columns, is refused by name."""
    mapping = dict(settings.columns)
    for field, column in mapping.items():
        if column not in names:
            raise SourceError(
                name,
                f"--columns maps {field} to {column!r}, but the {what} has no such column "
                f"(it has: {_listed(names)})",
            )
    if "text" not in mapping and "text (2)" in names:
        raise SourceError(
            name,
            f"the {what} has more than one 'text' column: choose one with "
            "--columns 'text=text (2)' (the second), or rename one",
        )
    if not _columns_of(names, mapping)["text"]:
        looked = ", ".join(("text", *COLUMN_ALIASES["text"]))
        raise SourceError(
            name,
            f"no 'text' column in the {what} (looked for {looked}; it has: {_listed(names)}); "
            "name it with --columns text=COLUMN",
        )


def _listed(names: list[str], most: int = 12) -> str:
    shown_names = ", ".join(repr(n) for n in names[:most])
    return shown_names + (f" and {len(names) - most} more" if len(names) > most else "")


# --- dates ------------------------------------------------------------------------------


def iso_date(value: Any, order: str | None = None) -> str | None:
    """YYYY-MM-DD for a date in any common form; None for an empty value.

    Read: date and datetime objects; ISO 8601 (`2017-02-07T10:00:00+01:00`); RFC 2822
    (`Tue, 07 Feb 2017 10:00:00 GMT`); month names (`Feb 7, 2017`, `7 February 2017`);
    year-first numbers (`2017/2/7`); dotted numbers, day first by the European convention
    (`07.02.2017`); GDELT's `20170207` and `20170207100000`; epoch seconds or milliseconds
    (numbers or digit strings). The day is the one written, in the value's own time zone.
    A date whose day and month could be swapped (`02/07/2017`) is read in `order` ("DMY"
    or "MDY"); without one it is refused as ambiguous (a dotted one is read day first).
    ValueError names the value for anything else: unreadable, incomplete (`Feb 2017`), or
    a year before 1800 or after next year.
    """
    if _is_empty(value):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a date: a {_kind(value)} ({_short(value)})")
    elif isinstance(value, str):
        day = _date_of_text(value.strip(), order)
    else:
        day = _date_of_number(value)
    latest = date.today().year + 1
    if not EARLIEST_YEAR <= day.year <= latest:
        raise ValueError(
            f"date {_short(value)} is out of range: {day.isoformat()} is not within "
            f"{EARLIEST_YEAR}-{latest}"
        )
    return day.isoformat()


def _date_of_number(value: int | float) -> date:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a date: {value}")
        if not value.is_integer():
            return _from_epoch(value, str(value))
        value = int(value)
    if value < 0:
        raise ValueError(f"not a date: {value} (a negative timestamp)")
    return _date_of_digits(str(value))


def _date_of_digits(s: str) -> date:
    """8 digits: YYYYMMDD; 14: YYYYMMDDhhmmss (GDELT); else epoch seconds (9 to 11 digits),
    milliseconds (12 to 14) or microseconds (15 to 17). A year alone (4) is incomplete."""
    formats = {8: "%Y%m%d", 14: "%Y%m%d%H%M%S"}
    if len(s) in formats:
        try:
            return datetime.strptime(s, formats[len(s)]).date()
        except ValueError:
            if len(s) == 8:
                raise ValueError(f"unreadable date {s!r} (8 digits, but not YYYYMMDD)") from None
    if len(s) == 4:
        raise ValueError(f"incomplete date {s!r} (a year alone)")
    if 9 <= len(s) <= 11:
        return _from_epoch(int(s), s)
    if 12 <= len(s) <= 14:
        return _from_epoch(int(s) / 1000, s)
    if 15 <= len(s) <= 17:
        return _from_epoch(int(s) / 1_000_000, s)
    raise ValueError(
        f"unreadable date {s!r} (a number, but not YYYYMMDD or epoch seconds/milliseconds)"
    )


def _from_epoch(seconds: float, shown_value: str) -> date:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"date {shown_value!r} is out of range as epoch time") from None


def _date_of_text(s: str, order: str | None) -> date:
    if s.isascii() and s.isdigit():
        return _date_of_digits(s)
    whole, dot, fraction = s.partition(".")
    if dot and whole.isdigit() and fraction.isdigit() and len(whole) >= 9:
        return _from_epoch(float(s), s)  # epoch seconds with a fraction
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    return _date_parsed(s, order)


def _date_parsed(s: str, order: str | None) -> date:
    """`s` read by dateutil: once month-first and once day-first; when the two differ the
    order decides (year-first and dotted forms have their own)."""
    first = s[:5]
    year_first = len(first) == 5 and first[:4].isdigit() and not first[4].isdigit()
    month_first = _parsed(s, dayfirst=False, yearfirst=year_first)
    if year_first:
        return month_first
    day_first = _parsed(s, dayfirst=True, yearfirst=False)
    if month_first == day_first:
        return month_first
    if order:
        if order.upper() not in DATE_ORDERS:
            raise ValueError(f"unknown date order {order!r}: use DMY or MDY")
        return day_first if order.upper() == "DMY" else month_first
    parts = s.split()[0].split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return day_first  # 07.02.2017: dotted dates are written day first
    raise ValueError(
        f"ambiguous date {s!r} ({_day(month_first)} or {_day(day_first)}?): "
        "give --date-order DMY or MDY"
    )


def _parsed(s: str, *, dayfirst: bool, yearfirst: bool) -> date:
    """The date dateutil reads in `s`; ValueError if it cannot, or if the year, month or
    day is missing (dateutil would fill it in from today)."""
    from dateutil import parser

    try:
        a, b = (
            parser.parse(
                s, default=default, dayfirst=dayfirst, yearfirst=yearfirst, ignoretz=True
            ).date()
            for default in (datetime(2000, 1, 1), datetime(2001, 2, 2))
        )
    except (ValueError, OverflowError):
        raise ValueError(f"unreadable date {s!r}") from None
    parts = (("year", a.year, b.year), ("month", a.month, b.month), ("day", a.day, b.day))
    missing = [part for part, x, y in parts if x != y]
    if missing:
        raise ValueError(f"incomplete date {s!r} (no {' or '.join(missing)})")
    return a


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]}"


# --- one row ----------------------------------------------------------------------------


def article_from_row(
    row: Row, where: str, settings: Settings | None = None, warnings: Iterable[str] = ()
) -> Article:
    """The Article of one row (a mapping of column to value); SourceError naming `where`
    when the row has no usable text or an unreadable date. Uses `settings.columns` and
    `settings.date_order` when given; `warnings` (the reader's) go with the article."""
    mapping = dict(settings.columns) if settings else {}
    order = settings.date_order if settings else None
    columns = _columns_of(row.keys(), mapping)
    warnings = list(warnings)
    used: set[str] = set()
    text = _text_of(row, columns["text"], where, warnings)
    used.update(columns["text"])
    published = None
    for column in columns["published"]:
        value = row.get(column)  # a mapped column may be absent from a JSON row
        used.add(column)  # an empty one too: nothing in it to keep in extra
        if _is_empty(value):
            continue
        try:
            published = iso_date(value, order)
        except ValueError as exc:
            raise SourceError(where, _in_column(str(exc), column, "published")) from None
        break
    known: dict[str, str | None] = {}
    for field in ("id", "title", "author", "url", "source", "language"):
        known[field] = None
        for column in columns[field]:
            raw = row.get(column)
            value = _field_text(raw, column, warnings)
            if value is not None or _is_empty(raw):
                used.add(column)  # (a value that is not text stays in extra)
            if value is not None:
                known[field] = value
                break
    extra = _extra_of(row, used, warnings)
    if warnings:
        extra["warnings"] = warnings
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


def _text_of(row: Row, columns: list[str], where: str, warnings: list[str]) -> str:
    if not columns:
        raise SourceError(where, "row has no text")
    column = columns[0]
    text = row.get(column)
    named = "" if column == "text" else f" (column {column!r})"
    if _is_empty(text):
        raise SourceError(where, f"row has no text{named}")
    if not isinstance(text, str):
        raise SourceError(where, f"text{named} is a {_kind(text)}, not a string: {_short(text)}")
    if not text.strip():
        raise SourceError(where, f"row has no text{named}: only white space")
    # One character for one, so that offsets into the row's text still hold.
    if "\x00" in text:
        warnings.append(f"text has {text.count(chr(0))} NUL character(s), read as U+FFFD")
        text = text.replace("\x00", "\ufffd")
    clean = _well_formed(text)
    if clean is not text:
        warnings.append("text has lone surrogate escapes (\\ud800...), read as U+FFFD")
    return clean


def _well_formed(s: str) -> str:
    """`s`, or a copy with its lone surrogates (JSON escapes such as \\ud800, which cannot
    be written as UTF-8) as U+FFFD."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in s)
    return s


def _field_text(value: Any, column: str, warnings: list[str]) -> str | None:
    """A field's value as text: strings, numbers and lists of them (authors); None for an
    empty value, or (with a warning) one that is not text: it stays in extra."""
    if _is_empty(value):
        return None
    if isinstance(value, str):
        return _well_formed(value.replace("\x00", "\ufffd"))
    if isinstance(value, bool | int | float | date):
        return str(value)
    if isinstance(value, list | tuple) and all(
        isinstance(v, str | int | float) and not _is_empty(v) for v in value
    ):
        return _well_formed(", ".join(str(v) for v in value)) or None
    warnings.append(f"column {column!r} holds a {_kind(value)}, not text: kept in extra")
    return None


def _extra_of(row: Row, used: set[str], warnings: list[str]) -> dict[str, Any]:
    """The row's other columns, as JSON values (NaN and infinities become null, lone
    surrogates U+FFFD, with a warning naming their columns)."""
    bad: list[str] = []
    extra: dict[str, Any] = {}
    for key, value in row.items():
        if key in used:
            continue
        key = _well_formed(str(key))
        clean, ok = _jsonable(value)
        if not ok:
            bad.append(key)
        extra[_WARNINGS_COLUMN if key == "warnings" else key] = clean
    if bad:
        warnings.append(
            f"NaN, infinity or a lone surrogate in column(s) {', '.join(bad)}: "
            "kept as null or U+FFFD"
        )
    return extra


def _jsonable(value: Any) -> tuple[Any, bool]:
    """`value` as plain JSON data that can be written as UTF-8; False when something was
    replaced (a non-finite number by None, a lone surrogate by U+FFFD)."""
    if isinstance(value, str):
        clean = _well_formed(value)
        return clean, clean is value
    if value is None or isinstance(value, bool | int):
        return value, True
    if isinstance(value, float):
        return (value, True) if math.isfinite(value) else (None, False)
    if isinstance(value, Mapping):
        items = [(*_jsonable(str(k)), *_jsonable(v)) for k, v in value.items()]
        return {k: v for k, _, v, _ in items}, all(a and b for _, a, _, b in items)
    if isinstance(value, list | tuple):
        pairs = [_jsonable(v) for v in value]
        return [v for v, _ in pairs], all(ok for _, ok in pairs)
    if isinstance(value, datetime | date):
        return value.isoformat(), True
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace"), True
    return str(value), True  # Decimal, time, timedelta...


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _kind(value: Any) -> str:
    kinds = {dict: "JSON object", list: "list", bool: "boolean", int: "number", float: "number"}
    return next((k for t, k in kinds.items() if isinstance(value, t)), type(value).__name__)


def _short(value: Any, most: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def _in_column(message: str, column: str, field: str) -> str:
    return message if column == field else f"{message} (column {column!r})"


# --- the three formats ------------------------------------------------------------------


def read_dump(
    path: Path, settings: Settings, *, row_group: int | None = None, first_row: int = 0
) -> Iterator[Article | Failure]:
    """The articles of a dump file, and a Failure for each row that is not one; raises
    SourceError for a file that cannot be read at all (rows read before it are kept).
    `row_group`: only that row group of a Parquet file, whose first row is row
    `first_row + 1` of the file (the cluster engine reads a Parquet dump group by group)."""
    name = shown(path)
    low = path.name.lower()
    if low.endswith(".parquet"):
        rows = _rows_parquet(path, name, settings, row_group, first_row)
    elif low.endswith((".csv", ".csv.gz")):
        rows = _rows_csv(path, name, settings)
    else:
        rows = _rows_jsonl(path, name, settings)
    unseen = {column for _, column in settings.columns}  # mapped columns not met in a row yet
    any_row = False
    for where, row, warnings in rows:
        any_row = True
        if isinstance(row, SourceError):
            yield Failure(row.input, row.reason)
            continue
        unseen.difference_update(row.keys())
        try:
            yield article_from_row(row, where, settings, warnings)
        except SourceError as exc:
            yield Failure(exc.input, exc.reason)
    if not any_row:
        raise SourceError(name, "empty: no rows")
    for field, column in settings.columns:
        if column in unseen:
            yield Failure(name, f"--columns maps {field} to {column!r}, but no row has it")


def _rows_jsonl(path: Path, name: str, settings: Settings) -> Rows:
    with open_limited(path, settings, name=name) as stream:
        for n, raw in enumerate(stream, 1):
            where = f"{name}:{n}"
            if not raw.strip():
                continue
            warnings: list[str] = []
            try:
                row = json.loads(_line_text(raw, where, warnings))  # NaN: a float
            except SourceError as exc:
                yield where, exc, []
                continue
            except (ValueError, RecursionError) as exc:
                reason = f"not a JSON object ({_short(str(exc), 120)})"
                yield where, SourceError(where, reason), []
                continue
            if not isinstance(row, dict):
                reason = f"row is {_kind_json(row)}, not a JSON object"
                yield where, SourceError(where, reason), []
                continue
            yield where, row, warnings


def _line_text(raw: bytes, where: str, warnings: list[str]) -> str:
    """A JSON line as text: UTF-8 as JSON is (a BOM is dropped), else what `decode` finds."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(raw, where, warnings=warnings)


def _kind_json(value: Any) -> str:
    return "null" if value is None else f"a {_kind(value)}"


def _rows_csv(path: Path, name: str, settings: Settings) -> Rows:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open_limited(path, settings, name=name) as stream:
        text, warning, delimiter = _text_stream(stream, name)
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header = _csv_header(reader, name, settings)
        warnings = [f"{name}: {warning}"] if warning else []
        start = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                where, start = f"{name}:{start + 1}", reader.line_num
                yield where, SourceError(where, _csv_error(exc)), []
                continue
            where, start = f"{name}:{start + 1}", reader.line_num
            if not values:
                continue  # a blank line
            yield where, _csv_row(header, values), warnings + _csv_warnings(header, values)
            warnings = []  # the file's own warning goes with its first row only


def _text_stream(stream: io.BufferedReader, name: str) -> tuple[io.TextIOWrapper, str | None, str]:
    """The stream as text in the encoding its head shows, the encoding's warning, and the
    delimiter its first line shows: `,` unless that line has none and has `;`, a tab or `|`.

    A few stray NUL bytes do not make a CSV file binary: they are left for the rows to
    report (a NUL in a text becomes U+FFFD, with a warning)."""
    head = stream.peek(_HEAD)[:_HEAD]
    nuls = head.count(b"\x00")
    if 0 < nuls <= 8 + len(head) // 1000:
        try:
            guess = guess_encoding(head, name)
        except SourceError:
            guess = guess_encoding(head.replace(b"\x00", b""), name)
    else:
        guess = guess_encoding(head, name)
    decoder = codecs.getincrementaldecoder(guess.encoding)(errors="replace")
    first_line = decoder.decode(head[guess.bom :]).split("\n", 1)[0]
    delimiter = "," if "," in first_line else next((d for d in ";\t|" if d in first_line), ",")
    stream.read(guess.bom)
    text = io.TextIOWrapper(stream, encoding=guess.encoding, errors="replace", newline="")
    return text, guess.warning, delimiter


def _csv_header(reader: Any, name: str, settings: Settings) -> list[str]:
    """The column names, made unique; SourceError for a header that is missing, broken, or
    lacks a column the article needs."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SourceError(name, f"bad CSV header ({exc})") from None
    if not header:
        raise SourceError(name, "empty: no CSV header")
    header = _unique(header)
    _check_header(header, name, settings, "CSV header")
    return header


def _csv_error(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return "bad CSV: a quoted field opened in this row is never closed"
    return f"bad CSV row ({exc})"


def _unique(header: list[str]) -> list[str]:
    """Column names made unique: a repeated `x` becomes `x (2)`, `x (3)`..."""
    seen: dict[str, int] = {}
    names = []
    for column in header:
        seen[column] = seen.get(column, 0) + 1
        names.append(column if seen[column] == 1 else f"{column} ({seen[column]})")
    return names


def _csv_row(header: list[str], values: list[str]) -> dict[str, Any]:
    """The row as a dict: missing fields are None, fields past the header's last column
    are kept as a list under `extra_fields`."""
    row: dict[str, Any] = dict(zip(header, values, strict=False))
    row.update((column, None) for column in header[len(values) :])
    if len(values) > len(header):
        row[_EXTRA_FIELDS] = values[len(header) :]
    return row


def _csv_warnings(header: list[str], values: list[str]) -> list[str]:
    warnings = []
    if len(values) != len(header):
        kept = f": the rest are in extra[{_EXTRA_FIELDS!r}]" if len(values) > len(header) else ""
        warnings.append(f"row has {len(values)} fields, the header {len(header)}{kept}")
    if any("\ufffd" in v for v in values):
        warnings.append("bytes that are not text in the file's encoding were read as U+FFFD")
    return warnings


def _rows_parquet(
    path: Path, name: str, settings: Settings, row_group: int | None = None, first_row: int = 0
) -> Rows:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = _unique(pf.schema_arrow.names)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a broken file
        raise SourceError(name, f"not a readable Parquet file ({_short(str(exc), 160)})") from exc
    with pf:
        _check_header(names, name, settings, "Parquet schema")
        text_column = _columns_of(names, dict(settings.columns))["text"][0]
        text_type = pf.schema_arrow.field(names.index(text_column)).type
        if pa.types.is_dictionary(text_type):
            text_type = text_type.value_type
        kinds = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
        if not any(is_text(text_type) for is_text in kinds):
            raise SourceError(name, f"column {text_column!r} is {text_type}, not text (a string)")
        n, inflated = first_row, 0.0
        groups = None if row_group is None else [row_group]
        for batch in _batches(pf, name, groups):
            size = batch.nbytes / max(batch.num_rows, 1)  # a row's share of the batch in memory
            for row in _batch_rows(batch.rename_columns(names)):
                inflated += size
                if inflated > settings.max_bytes:
                    raise SourceError(name, _inflates_past(settings.max_bytes))
                n += 1
                where = f"{name}:{n}"
                yield where, (SourceError(where, row) if isinstance(row, str) else row), []


def _batches(pf: Any, name: str, row_groups: list[int] | None = None) -> Iterator[Any]:
    """The record batches of a Parquet file (of `row_groups` only, when given); a damaged
    page or column chunk met on the way is a SourceError naming the file (the batches
    before it were read)."""
    batches = pf.iter_batches(batch_size=_BATCH_ROWS, row_groups=row_groups)
    rows = 0
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several types
            reason = f"Parquet data unreadable after row {rows} ({_short(str(exc), 160)})"
            raise SourceError(name, reason) from exc
        rows += batch.num_rows
        yield batch


def _inflates_past(limit: int) -> str:
    return (
        f"inflates to more than {limit:,} bytes, over the limit "
        "(raise it with --max-bytes or REALPOLITIK_MAX_BYTES)"
    )


def _batch_rows(batch: Any) -> Iterator[dict[str, Any] | str]:
    """The rows of a record batch as dicts; a row that cannot be made Python values (a
    timestamp past year 9999) is the reason, as a string."""
    try:
        yield from batch.to_pylist()
        return
    except Exception:  # noqa: BLE001, S110 - found again row by row below
        pass
    for i in range(batch.num_rows):
        try:
            (row,) = batch.slice(i, 1).to_pylist()
        except Exception as exc:  # noqa: BLE001 - arrow's conversion errors vary
            yield f"row cannot be read ({_short(str(exc), 160)})"
            continue
        yield row
