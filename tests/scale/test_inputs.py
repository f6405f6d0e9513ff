"""Units of work for the Ray engine: listed in a stable order, read by the local readers."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from realpolitik.records import Article
from realpolitik.scale.inputs import article_row, read_unit, row_article, units
from realpolitik.sources import Failure, read_input
from tests.sources.test_web import FAST, article_page

TEXT = (
    "The foreign ministers of France and Germany met in Berlin on Tuesday to discuss the "
    "future of European defence spending, officials said."
)


def test_units_cut_parquet_into_row_groups_and_url_lists_into_urls(site, tmp_path):
    rows = [
        {"id": f"r{i}", "text": f"{TEXT} Story {i}.", "published": "2016-03-0" + str(i + 1)}
        for i in range(5)
    ]
    dump = tmp_path / "b" / "dump.parquet"
    dump.parent.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), dump, row_group_size=2)
    (tmp_path / "a.txt").write_text(TEXT)
    url = site.page("/story", article_page("Ministers agree on defence fund"))
    (tmp_path / "c.urls").write_text(f"{url}\nftp://nope\n")
    found = units([str(tmp_path)])
    assert [(u["unit"], u["kind"], u["first_row"]) for u in found] == [
        (0, "input", 0),
        (1, "row_group", 0),
        (2, "row_group", 2),
        (3, "row_group", 4),
        (4, "input", 0),
        (5, "bad_url", 0),
    ]
    assert found == units([str(tmp_path)])  # the same order every time
    read = [r for u in found for r in read_unit(u, FAST)]
    local = list(read_input(str(tmp_path), FAST))
    assert len(read) == len(local) == 8
    for row, item in zip(read, local, strict=True):
        if isinstance(item, Failure):
            assert (row["origin"], row["error"]) == (item.input, item.reason)
        else:
            assert row_article(row) == item  # ids, texts, origins (`dump.parquet:3`), dates


def test_an_article_survives_the_trip_as_a_row():
    art = Article(
        text=TEXT + "\n\nA second paragraph.",
        title="T",
        published="2016-03-01",
        extra={"wire": "AFP", "n": 3},
        origin="x.jsonl:4",
    )
    assert row_article(article_row(art) | {"unit": 0, "seq": 0}) == art


def test_the_cluster_reads_what_the_local_reader_reads_from_odd_folders_and_dumps(tmp_path):
    """A pipe in a folder is named, not read or skipped; a Parquet dump with a `body` column,
    an `article_source_link` and human dates is read with the same aliases and date rules."""
    import os

    rows = [
        {"id": "p1", "body": TEXT, "publish_date": "Feb 7, 2017", "article_source_link": "x"},
        {"id": "p2", "body": TEXT + " Again.", "publish_date": "02/07/2017"},  # ambiguous
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "dump.parquet", row_group_size=1)
    os.mkfifo(tmp_path / "pipe.txt")
    found = units([str(tmp_path)])
    read = [r for u in found for r in read_unit(u, FAST)]
    local = list(read_input(str(tmp_path), FAST))
    assert len(read) == len(local) == 3
    for row, item in zip(read, local, strict=True):
        if isinstance(item, Failure):
            assert (row["origin"], row["error"]) == (item.input, item.reason)
        else:
            assert row_article(row) == item
    good = [row_article(r) for r in read if not r.get("error")]
    assert [(a.id, a.published, a.url) for a in good] == [("p1", "2017-02-07", "x")]
    errors = {r["origin"]: r["error"] for r in read if r.get("error")}
    assert "ambiguous date" in errors[f"{tmp_path / 'dump.parquet'}:2"]
    assert "not a regular file" in errors[str(tmp_path / "pipe.txt")]
