import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from realpolitik.sources import Article, Failure, read_input

ROWS = [
    {
        "id": "n1",
        "text": "  Putin met Xi in Beijing on Tuesday.\n",
        "title": "Summit",
        "published": "2025-03-04T10:00:00Z",
        "url": "https://example.org/1",
        "outlet_rank": 3,
    },
    {"id": "n2", "text": "The EU extended sanctions.", "date": "20250305"},
]


def articles(path: Path) -> list:
    return list(read_input(str(path)))


def check(items):
    a, b = items
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == "n1" and a.text == ROWS[0]["text"]  # exactly as given: offsets refer to it
    assert a.published == "2025-03-04" and a.title == "Summit" and a.url == "https://example.org/1"
    assert a.extra["outlet_rank"] in (3, "3")
    assert b.published == "2025-03-05"


def test_jsonl(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", "utf-8")
    check(articles(p))


def test_jsonl_gz(tmp_path: Path):
    p = tmp_path / "d.jsonl.gz"
    p.write_bytes(gzip.compress(("\n".join(json.dumps(r) for r in ROWS)).encode()))
    check(articles(p))


def test_csv(tmp_path: Path):
    import csv

    p = tmp_path / "d.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(
            fh, fieldnames=["id", "text", "title", "published", "date", "url", "outlet_rank"]
        )
        w.writeheader()
        for r in ROWS:
            w.writerow(r)
    check(articles(p))


def test_parquet(tmp_path: Path):
    p = tmp_path / "d.parquet"
    table = pa.Table.from_pylist(
        [{**r, "published": r.get("published"), "date": r.get("date")} for r in ROWS]
    )
    pq.write_table(table, p)
    check(articles(p))


def test_bad_rows_are_reported_and_the_rest_read(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        json.dumps(ROWS[0])
        + "\n{broken json\n"
        + json.dumps({"id": "x"})
        + "\n"
        + json.dumps({"text": "ok", "published": "someday"})
        + "\n"
        + json.dumps(ROWS[1])
        + "\n"
    )
    items = articles(p)
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Failure",
        "Failure",
        "Failure",
        "Article",
    ]
    assert items[1].input == f"{p}:2" and "JSON" in items[1].reason
    assert items[2].input == f"{p}:3" and "no text" in items[2].reason
    assert "date" in items[3].reason


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_missing_text_column(tmp_path: Path, suffix):
    p = tmp_path / f"d{suffix}"
    if suffix == ".csv":
        p.write_text("id,body\n1,hello\n")
    else:
        pq.write_table(pa.table({"id": ["1"], "body": ["hello"]}), p)
    (item,) = articles(p)
    assert isinstance(item, Failure) and "'text' column" in item.reason


def test_broken_parquet(tmp_path: Path):
    p = tmp_path / "d.parquet"
    p.write_bytes(b"PAR1 this is not parquet")
    (item,) = articles(p)
    assert isinstance(item, Failure) and "Parquet" in item.reason
