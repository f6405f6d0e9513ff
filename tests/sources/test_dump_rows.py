"""Hostile dump files: every bad row or file is a named Failure (or a right Article with a
warning), never a traceback, and the rest of the file goes on."""

import csv
import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from realpolitik.settings import Settings
from realpolitik.sources import Article, Failure, read_input

GOOD = {"id": "ok", "text": "The EU extended sanctions.", "published": "2025-03-05"}


def read(path: Path, **settings) -> list:
    return list(read_input(str(path), Settings(**settings)))


def kinds(items: list) -> list[str]:
    return [type(i).__name__ for i in items]


def warnings_of(art: Article) -> list[str]:
    return art.extra.get("warnings", [])


def assert_serialisable(items: list) -> None:
    """What the CLI and the store do with an article: JSON with sorted keys."""
    for item in items:
        if isinstance(item, Article):
            json.dumps(item.to_dict(), sort_keys=True, allow_nan=False)


# --- JSON lines -------------------------------------------------------------------------


def test_json_rows_that_are_not_objects(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text('[1, 2]\nnull\n42\n"text"\n' + json.dumps(GOOD) + "\n")
    items = read(p)
    assert kinds(items) == ["Failure"] * 4 + ["Article"]
    assert [f.input for f in items[:4]] == [f"{p}:{n}" for n in (1, 2, 3, 4)]
    assert items[0].reason == "row is a list, not a JSON object"
    assert items[1].reason == "row is null, not a JSON object"
    assert items[2].reason == "row is a number, not a JSON object"


@pytest.mark.parametrize(
    ("text", "kind"),
    [(42, "number"), ([1, 2], "list"), ({"a": 1}, "JSON object"), (True, "boolean")],
)
def test_text_that_is_not_a_string(tmp_path: Path, text, kind):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": text}) + "\n" + json.dumps(GOOD) + "\n")
    failure, art = read(p)
    assert isinstance(failure, Failure) and failure.input == f"{p}:1"
    assert failure.reason.startswith(f"text is a {kind}, not a string")
    assert isinstance(art, Article)


def test_markup_like_date_is_kept_in_the_message(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": "Talks.", "published": "[/b]"}) + "\n")
    (failure,) = read(p)
    assert failure.reason == "unreadable date '[/b]'"


def test_nan_and_infinity(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        '{"text": "Talks.", "score": NaN, "rank": Infinity, "published": NaN}\n'
        '{"text": NaN}\n'
        '{"text": "More talks.", "published": -Infinity}\n'
    )
    art, no_text, bad_date = read(p)
    assert isinstance(art, Article) and art.published is None
    assert art.extra["score"] is None and art.extra["rank"] is None
    assert warnings_of(art) == [
        "NaN, infinity or a lone surrogate in column(s) score, rank: kept as null or U+FFFD"
    ]
    assert isinstance(no_text, Failure) and no_text.reason == "row has no text"
    assert isinstance(bad_date, Failure) and "not a date" in bad_date.reason
    assert_serialisable([art])


def test_lone_surrogates_from_json_escapes(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"text": "Talks \\ud800 began.", "title": "T\\udc00", "x": {"\\ud801": 1}}\n')
    (art,) = read(p)
    assert art.text == "Talks \ufffd began." and art.title == "T\ufffd"
    assert art.extra["x"] == {"\ufffd": 1}
    assert "text has lone surrogate escapes" in warnings_of(art)[0]
    json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_deeply_nested_json_row(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(GOOD) + "\n")
    failure, art = read(p)
    assert isinstance(failure, Failure) and "not a JSON object" in failure.reason
    assert isinstance(art, Article)


def test_a_warnings_column_does_not_become_notes(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({**GOOD, "warnings": ["from the dump"]}) + "\n")
    (art,) = read(p)
    assert "warnings" not in art.extra and art.extra["warnings_column"] == ["from the dump"]


def test_nested_values_in_known_fields(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({**GOOD, "title": {"en": "Summit"}, "id": 7}) + "\n")
    (art,) = read(p)
    assert art.id == "7" and art.title is None and art.extra["title"] == {"en": "Summit"}
    assert warnings_of(art) == ["column 'title' holds a JSON object, not text: kept in extra"]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz"])
def test_inflated_dump_over_the_limit_keeps_the_rows_before(tmp_path: Path, suffix):
    rows = [{"id": str(n), "text": f"Row {n} " + "x" * 1000} for n in range(200)]
    if suffix == ".jsonl.gz":
        data = "".join(json.dumps(r) + "\n" for r in rows)
    else:
        data = "id,text\n" + "".join(f"{r['id']},{r['text']}\n" for r in rows)
    p = tmp_path / f"d{suffix}"
    p.write_bytes(gzip.compress(data.encode()))
    limit = 50_000
    assert p.stat().st_size < limit < len(data)
    items = read(p, max_bytes=limit)
    articles = [i for i in items if isinstance(i, Article)]
    assert 0 < len(articles) < 50 and [a.id for a in articles] == [
        str(n) for n in range(len(articles))
    ]
    assert isinstance(items[-1], Failure) and items[-1].input == str(p)
    assert "inflates to more than 50,000 bytes" in items[-1].reason
    assert kinds(items).count("Failure") == 1


def test_broken_gzip_dump(tmp_path: Path):
    p = tmp_path / "d.jsonl.gz"
    p.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode() * 50)[:-30])
    items = read(p)
    assert isinstance(items[-1], Failure) and "gzip" in items[-1].reason


# --- CSV --------------------------------------------------------------------------------


def write_csv(p: Path, text: str) -> Path:
    p.write_bytes(text.encode("utf-8"))
    return p


def test_csv_with_nul_bytes(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", "id,text\n1,Talks\x00 began.\n2,Talks ended.\n")
    first, second = read(p)
    assert first.text == "Talks\ufffd began." and len(first.text) == len("Talks\x00 began.")
    assert warnings_of(first) == ["text has 1 NUL character(s), read as U+FFFD"]
    assert second.text == "Talks ended." and not warnings_of(second)


def test_csv_with_a_header_only(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", "id,text,published\n")
    (failure,) = read(p)
    assert isinstance(failure, Failure) and failure.input == str(p) and "no rows" in failure.reason


def test_empty_csv(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", "")
    (failure,) = read(p)
    assert isinstance(failure, Failure) and "empty" in failure.reason


def test_csv_with_duplicate_column_names(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", "id,title,text,title\n1,First,Talks.,Second\n")
    (art,) = read(p)
    assert art.title == "First" and art.extra == {"title (2)": "Second"}
    p = write_csv(tmp_path / "e.csv", "id,text,text\n1,One.,Two.\n")
    (failure,) = read(p)
    assert isinstance(failure, Failure) and "more than one 'text' column" in failure.reason
    (art,) = read(p, columns=(("text", "text (2)"),))
    assert art.text == "Two." and art.extra == {"text": "One."}


def test_csv_with_ragged_rows(tmp_path: Path):
    p = write_csv(
        tmp_path / "d.csv",
        "id,text,title\n1,Talks began.,A,surplus,more\n2,Talks ended.\n3,Talks resumed.,C\n",
    )
    items = read(p)
    assert kinds(items) == ["Article"] * 3
    more, fewer, right = items
    assert more.title == "A" and more.extra["extra_fields"] == ["surplus", "more"]
    assert warnings_of(more) == [
        "row has 5 fields, the header 3: the rest are in extra['extra_fields']"
    ]
    assert fewer.title is None and warnings_of(fewer) == ["row has 2 fields, the header 3"]
    assert not warnings_of(right)
    assert_serialisable(items)


def test_csv_with_an_unclosed_quote(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", 'id,text\n1,Talks began.\n2,"Talks never\n3,end\n')
    art, failure = read(p)
    assert art.text == "Talks began."
    assert failure.input == f"{p}:3" and "never closed" in failure.reason


def test_csv_rows_are_named_by_their_first_line(tmp_path: Path):
    p = write_csv(tmp_path / "d.csv", 'id,text\n1,"Two\nlines."\n2,\n3,Third.\n')
    first, failure, third = read(p)
    assert first.origin == f"{p}:2" and first.text == "Two\nlines."
    assert failure.input == f"{p}:4" and failure.reason == "row has no text"
    assert third.origin == f"{p}:5"


def test_csv_in_a_western_charset_and_in_utf16(tmp_path: Path):
    p = tmp_path / "d.csv"
    p.write_bytes("id,text\n1,Café talks in Zürich.\n2,Naïve hopes.\n".encode("cp1252"))
    first, second = read(p)
    assert first.text == "Café talks in Zürich." and second.text == "Naïve hopes."
    assert any("cp1252" in w for w in warnings_of(first)) and not warnings_of(second)
    p = tmp_path / "e.csv"
    p.write_bytes("id,text\n1,Café talks.\n".encode("utf-16"))
    (art,) = read(p)
    assert art.text == "Café talks." and not warnings_of(art)


def test_big_csv_is_streamed_row_by_row(tmp_path: Path):
    p = tmp_path / "d.csv"
    p.write_text("id,text\n" + "".join(f"{n},Talk number {n}.\n" for n in range(20_000)))
    items = read_input(str(p), Settings())
    first = next(items)  # a generator: rows come before the whole file is read
    assert first.text == "Talk number 0." and sum(1 for _ in items) == 19_999


# --- Parquet ----------------------------------------------------------------------------


def test_parquet_text_column_of_the_wrong_type(tmp_path: Path):
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"id": ["1"], "text": [42]}), p)
    (failure,) = read(p)
    assert (
        failure.input == str(p) and failure.reason == "column 'text' is int64, not text (a string)"
    )


def test_parquet_nested_and_typed_columns(tmp_path: Path):
    p = tmp_path / "d.parquet"
    berlin = datetime(2017, 2, 7, 23, 30, tzinfo=UTC)  # 8 Feb 00:30 in Berlin
    table = pa.table(
        {
            "text": ["Talks began.", "Talks ended.", None],
            "meta": pa.array([{"a": 1, "b": [1, 2]}, {"a": 2, "b": []}, None]),
            "tags": pa.array([["x", "y"], [], None]),
            "published": pa.array([berlin] * 3, pa.timestamp("us", tz="Europe/Berlin")),
            "day": pa.array([date(2017, 2, 7)] * 3, pa.date32()),
        }
    )
    pq.write_table(table, p)
    first, second, failure = read(p)
    assert first.published == "2017-02-08"  # the day in the column's own time zone
    assert first.extra["meta"] == {"a": 1, "b": [1, 2]} and first.extra["tags"] == ["x", "y"]
    assert first.extra["day"] == "2017-02-07"
    assert isinstance(failure, Failure) and failure.reason == "row has no text"
    assert_serialisable([first, second])
    p2 = tmp_path / "e.parquet"
    pq.write_table(table.drop(["published"]).rename_columns(["text", "m", "t", "date"]), p2)
    assert read(p2)[0].published == "2017-02-07"  # a date32 column


def test_parquet_timestamp_past_python_range(tmp_path: Path):
    p = tmp_path / "d.parquet"
    seconds = [1486458000, 400_000_000_000]  # the second is in the year 14645
    pq.write_table(
        pa.table({"text": ["Talks.", "Far."], "published": pa.array(seconds, pa.timestamp("s"))}),
        p,
    )
    art, failure = read(p)
    assert art.published == "2017-02-07"
    assert failure.input == f"{p}:2" and "row cannot be read" in failure.reason


def test_truncated_parquet(tmp_path: Path):
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": [f"Talk {n}." for n in range(1000)]}), p)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    (failure,) = read(p)
    assert failure.input == str(p) and "not a readable Parquet file" in failure.reason


def test_parquet_over_the_limit_once_inflated(tmp_path: Path):
    p = tmp_path / "d.parquet"
    texts = [f"Talk {n}. " + "Talks went on. " * 200 for n in range(3000)]
    pq.write_table(pa.table({"text": texts}), p)  # compresses to a small file
    limit = 2_000_000
    assert p.stat().st_size < limit < sum(map(len, texts))
    items = read(p, max_bytes=limit)
    articles = [i for i in items if isinstance(i, Article)]
    assert 0 < len(articles) < 3000 and articles[-1].text.startswith(f"Talk {len(articles) - 1}.")
    assert kinds(items) == ["Article"] * len(articles) + ["Failure"]
    assert items[-1].input == str(p) and "inflates to more than 2,000,000" in items[-1].reason


def test_rows_with_extra_fields_survive_the_cli(tmp_path: Path):
    from typer.testing import CliRunner

    from realpolitik.cli import app

    p = write_csv(tmp_path / "d.csv", "id,text\n1,Talks began.,surplus\n")
    result = CliRunner().invoke(app, ["extract", str(p), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert record["text"] == "Talks began."


def test_csv_dict_writer_round_trip(tmp_path: Path):
    """A CSV that the csv module itself wrote, with quotes, commas and newlines in fields."""
    p = tmp_path / "d.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerow(["1", 'He said "no", then left.\nLater, more.'])
    (art,) = read(p)
    assert art.text == 'He said "no", then left.\nLater, more.'


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_separated_by_semicolons_tabs_or_bars(tmp_path: Path, delimiter):
    p = write_csv(
        tmp_path / "d.csv",
        f'"text"{delimiter}"id"{delimiter}"published"\n'
        f'"Talks began, then stopped."{delimiter}"1"{delimiter}"07.02.2017"\n',
    )
    (art,) = read(p)
    assert (art.text, art.id, art.published) == ("Talks began, then stopped.", "1", "2017-02-07")


def test_parquet_with_duplicate_column_names(tmp_path: Path):
    p = tmp_path / "d.parquet"
    pq.write_table(
        pa.Table.from_arrays(
            [pa.array(["One."]), pa.array(["A"]), pa.array(["B"])], names=["text", "tag", "tag"]
        ),
        p,
    )
    (art,) = read(p)
    assert art.text == "One." and art.extra == {"tag": "A", "tag (2)": "B"}
    p2 = tmp_path / "e.parquet"
    pq.write_table(
        pa.Table.from_arrays([pa.array(["One."]), pa.array(["Two."])], names=["text", "text"]), p2
    )
    (failure,) = read(p2)
    assert isinstance(failure, Failure) and "more than one 'text' column" in failure.reason


def test_csv_with_a_byte_order_mark(tmp_path: Path):
    p = tmp_path / "d.csv"
    p.write_bytes("id,text\n1,Café talks.\n".encode("utf-8-sig"))
    (art,) = read(p)
    assert art.id == "1" and art.text == "Café talks." and not warnings_of(art)
