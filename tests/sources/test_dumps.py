import gzip
import json
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from realpolitik.settings import Settings
from realpolitik.sources import Article, Failure, read_input
from realpolitik.sources.dumps import iso_date, parse_columns

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
        p.write_text("id,summary\n1,hello\n")
    else:
        pq.write_table(pa.table({"id": ["1"], "summary": ["hello"]}), p)
    (item,) = articles(p)
    assert isinstance(item, Failure) and "'text' column" in item.reason


def test_broken_parquet(tmp_path: Path):
    p = tmp_path / "d.parquet"
    p.write_bytes(b"PAR1 this is not parquet")
    (item,) = articles(p)
    assert isinstance(item, Failure) and "Parquet" in item.reason


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2017/2/7",
        "07.02.2017",
        "Feb 7, 2017",
        "7 February 2017",
        "2017-02-07T10:00:00+01:00",
        "2017-02-07T23:30:00-05:00",  # the day written, not the UTC day
        "Tue, 07 Feb 2017 10:00:00 GMT",
        "Tue, 07 Feb 2017 10:00:00 EST",
        "20170207",
        20170207,
        "20170207100000",
        1486458000,
        "1486458000",
        1486458000123,
        "1486458000123",
        1486458000.5,
        "13/02/2017",  # day > 12: only one reading
    ],
)
def test_common_date_forms(value):
    assert iso_date(value) == ("2017-02-13" if value == "13/02/2017" else "2017-02-07")


def test_dates_from_python_objects():
    assert iso_date(date(2017, 2, 7)) == "2017-02-07"
    assert iso_date(datetime(2017, 2, 7, 23, 30)) == "2017-02-07"
    assert iso_date(None) is None and iso_date("  ") is None and iso_date(float("nan")) is None


def test_ambiguous_date_is_refused_by_name_unless_an_order_is_given():
    with pytest.raises(ValueError) as exc:
        iso_date("02/07/2017")
    assert str(exc.value) == (
        "ambiguous date '02/07/2017' (7 Feb or 2 Jul?): give --date-order DMY or MDY"
    )
    assert iso_date("02/07/2017", "DMY") == "2017-07-02"
    assert iso_date("02/07/2017", "MDY") == "2017-02-07"
    assert iso_date("2017/2/7", "DMY") == "2017-02-07"  # year first: never day-month swapped


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("[/b]", "unreadable date '[/b]'"),
        ("someday", "unreadable date 'someday'"),
        ("Feb 2017", "incomplete date 'Feb 2017' (no day)"),
        ("2017", "a year alone"),
        ("1700-01-01", "out of range"),
        ("2999-01-01", "out of range"),
        (-5, "negative"),
        (float("inf"), "not a date"),
        (True, "boolean"),
        ([2017, 2, 7], "list"),
        ({"y": 2017}, "JSON object"),
    ],
)
def test_bad_dates_are_named(value, words):
    with pytest.raises(ValueError) as exc:
        iso_date(value)
    assert words in str(exc.value)


def test_date_order_setting_reads_a_dump(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": "Talks.", "published": "02/07/2017"}) + "\n")
    (failure,) = articles(p)
    assert isinstance(failure, Failure) and "--date-order" in failure.reason
    assert failure.input == f"{p}:1"
    (art,) = read_input(str(p), Settings(date_order="DMY"))
    assert art.published == "2017-07-02"


def test_unreadable_date_keeps_the_value_and_names_its_column(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": "Talks.", "pubDate": "[/b]"}) + "\n")
    (failure,) = articles(p)
    assert failure.reason == "unreadable date '[/b]' (column 'pubDate')"


# --- columns ----------------------------------------------------------------------------


def test_common_column_aliases_are_read(tmp_path: Path):
    p = tmp_path / "news.jsonl"
    row = {
        "maintext": "Putin met Xi.",
        "date_publish": "2017-02-07 10:00:00",
        "article_source_link": "https://example.org/a",
        "headline": "Summit",
        "authors": ["A. Writer", "B. Writer"],
        "source_name": "Example News",
        "description": "kept",
    }
    p.write_text(json.dumps(row) + "\n")
    (art,) = articles(p)
    assert isinstance(art, Article), art
    assert (art.text, art.published, art.url) == (
        "Putin met Xi.",
        "2017-02-07",
        "https://example.org/a",
    )
    assert (art.title, art.author, art.source) == ("Summit", "A. Writer, B. Writer", "Example News")
    assert art.extra == {"description": "kept"}


def test_text_alias_only_without_a_text_column(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        json.dumps({"text": "The text.", "body": "A summary."})
        + "\n"
        + json.dumps({"text": "", "body": "Not the text."})
        + "\n"
    )
    art, failure = articles(p)
    assert art.text == "The text." and art.extra == {"body": "A summary."}
    assert isinstance(failure, Failure) and failure.reason == "row has no text"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_columns_mapping(tmp_path: Path, suffix):
    rows = [{"id": "1", "summary": "Short.", "copy": "Putin met Xi.", "when": "07.02.2017"}]
    p = write_rows(tmp_path / f"d{suffix}", rows)
    settings = Settings(columns=parse_columns("text=copy,published=when"))
    (art,) = read_input(str(p), settings)
    assert isinstance(art, Article), art
    assert (art.text, art.published) == ("Putin met Xi.", "2017-02-07")
    assert art.extra == {"summary": "Short."}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_mapped_column_missing_is_named_for_the_file(tmp_path: Path, suffix):
    p = write_rows(tmp_path / f"d{suffix}", [{"text": "Putin met Xi.", "when": "2017-02-07"}])
    settings = Settings(columns=parse_columns("published=date_of_issue"))
    items = list(read_input(str(p), settings))
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) == 1 and failures[0].input == str(p)
    assert "'date_of_issue'" in failures[0].reason and "published" in failures[0].reason


@pytest.mark.parametrize(
    "spec",
    ["text", "text=", "=body", "body=text", "text=a,text=b", "text=a,,url=b"],
)
def test_bad_columns_syntax(spec):
    with pytest.raises(ValueError):
        parse_columns(spec)


def test_columns_syntax():
    assert parse_columns(" text = body , url=link") == (("text", "body"), ("url", "link"))


def write_rows(p: Path, rows: list[dict]) -> Path:
    """`rows` as a JSONL, CSV or Parquet file, by the suffix of `p`."""
    import csv

    if p.suffix == ".jsonl":
        p.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    elif p.suffix == ".csv":
        with p.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), p)
    return p
