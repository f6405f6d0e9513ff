"""A lake's bad parts are named, never a traceback; what `load` skips or renames is said
(no Ray needed: lakes are written as in tests/store/test_duplicates.py)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.records import Article, Document
from realpolitik.scale.lake import load_lake
from realpolitik.store import Store, StoreError
from tests.store.test_duplicates import write_lake
from tests.watch.news_site import STORIES


def test_an_unreadable_manifest_is_named_and_skipped(tmp_path):
    lake = tmp_path / "lake[2016]"
    (lake / "_runs").mkdir(parents=True)
    (lake / "_runs" / "broken.json").write_text("{not json")
    with Store(tmp_path / "news.duckdb") as db:
        result = load_lake(lake, db)
    assert result.documents == 0 and [p for p, _ in result.unreadable] == [
        str(lake / "_runs" / "broken.json")
    ]
    loaded = CliRunner().invoke(app, ["load", str(lake), "--store", str(tmp_path / "s.duckdb")])
    assert loaded.exit_code == 1 and "broken.json: not a readable run manifest" in loaded.output
    assert "lake[2016]" in loaded.output  # a path, not rich markup
    with pytest.raises(StoreError, match="broken.json"):
        Store(lake)


def test_a_binary_url_list_fails_by_name(tmp_path):
    listed = tmp_path / "links[draft].urls"
    listed.write_bytes(b"\x00\x01\x02binary\x00\x00" * 10)
    done = CliRunner().invoke(app, ["extract", str(listed)])
    assert done.exit_code == 1
    assert "links[draft].urls: binary data, not text or HTML" in done.output


def test_load_notes_each_duplicate_and_renamed_article_naming_the_other(tmp_path):
    text, other = (" ".join(paragraphs) for _, paragraphs in STORIES[:2])
    store = tmp_path / "news.duckdb"
    with Store(store) as db:
        db.add_articles([Article(text, id="d1", origin="dump.jsonl:1")])
    lake = tmp_path / "lake"
    arts = [
        Article(text, id="d2", origin="in.jsonl:1"),  # the same text: an exact copy
        Article(text + " Updated.", id="d3", origin="in.jsonl:2"),  # a near copy
        Article(other, id="d1", origin="in.jsonl:3"),  # another text under a taken id
    ]
    write_lake(lake, [(a, Document(id=a.id, text=a.text)) for a in arts])
    loaded = CliRunner().invoke(app, ["load", str(lake), "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    notes = re.findall(r"^note (\S+): (.+)$", loaded.output, re.M)
    [(_, renamed)] = [n for n in notes if n[0] == "in.jsonl:3"]
    new_id = re.fullmatch(
        r"id 'd1' already names another text \(dump\.jsonl:1\): this one is kept as '(.+)'",
        renamed,
    )[1]
    assert ("in.jsonl:1", "skipped: exact duplicate of d1 (dump.jsonl:1)") in notes
    [(_, near)] = [n for n in notes if n[0] == "in.jsonl:2"]
    assert re.fullmatch(
        r"skipped: near duplicate \(Jaccard ~(0\.9\d|1\.00)\) of d1 \(dump\.jsonl:1\)", near
    )
    assert len(notes) == 3
    assert "3 note(s):" in loaded.output  # listed again in the summary
    assert f"  - in.jsonl:3: {renamed}" in loaded.output
    with Store(store) as db:
        documents = db.con.execute("SELECT id FROM documents").fetchall()
    assert documents == [(new_id,)]  # only the new text is analyzed, under its own id
