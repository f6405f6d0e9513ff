"""Fuzzing the dump reader (sources.dumps.read_dump): JSONL, CSV and Parquet files with
generated rows, columns, types and damage (truncation, gzip, NUL bytes, ragged rows).

Property and budget: see test_fuzz_text.py (REALPOLITIK_FUZZ_EXAMPLES, default 50).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from realpolitik.sources.dumps import read_dump
from tests.fuzz.strategies import (
    SENTENCES,
    cell,
    column_name,
    drain,
    fuzz,
    jsonl_line,
    reader_settings,
)

pytestmark = pytest.mark.fuzz


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        drain(lambda: read_dump(path, reader_settings()))


@fuzz
@given(lines=st.lists(jsonl_line, max_size=8), gz=st.booleans(), cut=st.integers(0, 100))
@example(lines=['{"text": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"], gz=False, cut=0)
@example(lines=['{"text": "Russia warned Ukraine.", "published": 1e300}'], gz=False, cut=0)
def test_jsonl_rows_are_articles_or_named(lines: list[str], gz: bool, cut: int) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if cut:  # a file cut off in the middle
        data = data[: len(data) * cut // 100]
    _read("fuzz.jsonl.gz" if gz else "fuzz.jsonl", gzip.compress(data) if gz else data)


@fuzz
@given(
    header=st.lists(column_name, max_size=6),
    rows=st.lists(st.lists(cell, max_size=8), max_size=6),
    text_column=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    nul=st.booleans(),
)
# a quoted header in a `;`-separated file: csv.Error (strict) escaped the reader
@example(header=["\n", "id"], rows=[], text_column=False, delimiter=";", nul=False)
def test_csv_rows_are_articles_or_named(
    header: list[str], rows: list[list[str]], text_column: bool, delimiter: str, nul: bool
) -> None:
    if text_column:
        header = ["text", *header]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8", "surrogatepass")
    if nul:
        data = data.replace(b",", b"\x00", 1)
    _read("fuzz.csv", data)


# Parquet columns of every kind a real dump has, and some it should not.
ARROW_COLUMNS = {
    "string": (pa.string(), st.one_of(st.none(), st.sampled_from(SENTENCES), st.text(max_size=30))),
    "int": (pa.int64(), st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
    "float": (pa.float64(), st.one_of(st.none(), st.floats(allow_nan=True))),
    "bool": (pa.bool_(), st.one_of(st.none(), st.booleans())),
    "date32": (pa.date32(), st.one_of(st.none(), st.dates())),
    "timestamp": (pa.timestamp("us"), st.one_of(st.none(), st.datetimes())),
    "timestamp_tz": (
        pa.timestamp("us", tz="Europe/Berlin"),
        st.one_of(st.none(), st.datetimes(timezones=st.just(dt.UTC))),
    ),
    "list": (
        pa.list_(pa.string()),
        st.one_of(st.none(), st.lists(st.text(max_size=8), max_size=3)),
    ),
    "struct": (
        pa.struct([("a", pa.string()), ("b", pa.int64())]),
        st.one_of(
            st.none(), st.fixed_dictionaries({"a": st.text(max_size=8), "b": st.integers(0, 9)})
        ),
    ),
    "binary": (pa.binary(), st.one_of(st.none(), st.binary(max_size=20))),
}


@st.composite
def parquet_table(draw: st.DrawFn) -> pa.Table:
    names = draw(st.lists(column_name, max_size=5, unique=True))
    if draw(st.booleans()) and "text" not in names:
        names.append("text")
    n = draw(st.integers(0, 5))
    arrays, fields = [], []
    for name in names:
        kind = draw(st.sampled_from(sorted(ARROW_COLUMNS)))
        type_, values = ARROW_COLUMNS[kind]
        arrays.append(pa.array(draw(st.lists(values, min_size=n, max_size=n)), type=type_))
        fields.append(pa.field(name, type_))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


@fuzz
@given(table=parquet_table(), cut=st.integers(0, 10))
def test_parquet_rows_are_articles_or_named(table: pa.Table, cut: int) -> None:
    out = io.BytesIO()
    pq.write_table(table, out)
    data = out.getvalue()
    if cut:  # a truncated file
        data = data[: len(data) * cut // 10]
    _read("fuzz.parquet", data)
