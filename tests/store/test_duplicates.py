"""Duplicates are never lost or mixed silently: an id names one text (a second text under a
taken id is kept under `distinct_id`), and every article skipped as a duplicate is named with
what it duplicates, with a store and without, within one run and across runs."""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.cli.documents import _unique
from realpolitik.records import Actor, Article, Document, Mention, content_hash
from realpolitik.store import AddResult, Store
from realpolitik.store.store import Duplicate, Renamed, distinct_id

PLACES = ["Paris", "Berlin", "Warsaw", "Kyiv", "Geneva", "Rome", "Vienna", "Ankara"]
TOPICS = ["sanctions", "grain exports", "the border", "energy prices", "a ceasefire", "trade"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def story(seed: int, sentences: int = 14) -> str:
    """An English news-like text of about 15 words a sentence, different for each seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        a, b = rng.sample(PLACES, 2)
        out.append(
            f"Officials in {a} said on {rng.choice(DAYS)} that talks with {b} on "
            f"{rng.choice(TOPICS)} would resume after {rng.randint(2, 60)} days of delay."
        )
    return " ".join(out)


A, B = story(1), story(2)
NEAR_A = A.replace(" would resume ", " will resume ", 1)  # one word changed


def stored(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def article_and_document_texts(path: Path) -> list[tuple]:
    """(id, article text, document text) of every stored article that has a document."""
    return stored(
        path,
        "SELECT a.id, a.text, d.document->>'text' FROM articles a JOIN documents d USING (id)"
        " ORDER BY a.id",
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rp.duckdb"


# --- the store's add paths ----------------------------------------------------------------


def test_two_texts_under_one_id_in_one_batch_are_both_kept(db_path):
    first = Article(text=A, id="d1", origin="dump.jsonl:1")
    second = Article(text=B, id="d1", origin="dump.jsonl:2")
    notes = []
    with Store(db_path) as db:
        passed = list(db.add_and_yield([first, second], on_note=notes.append))
    new_id = f"d1~{content_hash(B)[:8]}"
    assert [(a.id, a.text) for a in passed] == [("d1", A), (new_id, B)]
    assert second.id == new_id  # renamed in place: a caller holding the article sees it
    assert stored(db_path, "SELECT id, text FROM articles ORDER BY id") == [
        ("d1", A),
        (new_id, B),
    ]
    assert notes == [Renamed(second, "d1", "dump.jsonl:1")]
    assert str(notes[0]) == (
        f"id 'd1' already names another text (dump.jsonl:1): this one is kept as '{new_id}'"
    )
    assert notes[0].input == "dump.jsonl:2"


def test_an_id_stored_with_another_text_in_an_earlier_run(db_path):
    with Store(db_path) as db:
        db.add_articles([Article(text=A, id="d1")])
    later = Article(text=B, id="d1", origin="later.jsonl:1")
    notes = []
    with Store(db_path) as db:
        result = db.add_articles([later], on_note=notes.append)
        assert result == AddResult(added=1, renamed=1)
        assert [str(n) for n in notes] == [
            f"id 'd1' already names another text: this one is kept as '{later.id}'"
        ]
        # a re-run finds it stored under its new id: nothing changes
        again = db.add_articles([Article(text=B, id="d1")])
        assert again == AddResult(unchanged=1, renamed=1)
        assert db.counts()["articles"] == 2
    assert stored(db_path, "SELECT id, text FROM articles ORDER BY id") == [
        ("d1", A),
        (later.id, B),
    ]


def test_the_new_id_is_the_same_whatever_else_is_in_the_run(db_path, tmp_path):
    with Store(db_path) as db:
        db.add_articles([Article(text=A, id="d1"), Article(text=B, id="d1")])
    with Store(tmp_path / "other.duckdb") as db:
        db.add_articles([Article(text=story(7), id="x"), Article(text=A, id="d1")])
        db.add_articles([Article(text=B, id="d1")])
        assert [a.id for a in db.articles(ids=[f"d1~{content_hash(B)[:8]}"])] == [
            f"d1~{content_hash(B)[:8]}"
        ]


def test_a_derived_id_taken_by_yet_another_text_gives_way(db_path):
    third = Article(text=B, id="d1")
    taken = f"d1~{content_hash(B)[:8]}"
    with Store(db_path) as db:
        db.add_articles([Article(text=A, id="d1"), Article(text=story(3), id=taken)])
        assert db.add_articles([third]) == AddResult(added=1, renamed=1)
    assert third.id == f"d1~{content_hash(B)}"
    assert distinct_id(Article(text=B, id="d1"), {taken: "x"}.get) == third.id


def test_repeats_within_one_call_are_passed_on_once_and_named(db_path):
    arts = [Article(text=A, id="d1", origin=f"in.jsonl:{i}") for i in (1, 2, 3)]
    notes = []
    with Store(db_path) as db:  # one article per batch: the repeats come in later batches
        passed = list(db.add_and_yield(arts, chunk=1, on_note=notes.append))
        assert [a.origin for a in passed] == ["in.jsonl:1"]
        assert [(n.input, str(n)) for n in notes] == [
            ("in.jsonl:2", "skipped: repeats d1 (in.jsonl:1) (same id, same text)"),
            ("in.jsonl:3", "skipped: repeats d1 (in.jsonl:1) (same id, same text)"),
        ]
        # a later call analyzes the stored original again (once), as before
        again = list(db.add_and_yield(arts, on_note=notes.append))
        assert [a.origin for a in again] == ["in.jsonl:1"]


def test_duplicates_name_what_they_duplicate_in_every_run(db_path):
    def articles():
        return [
            Article(text=A, id="d1", origin="dump.jsonl:1"),
            Article(text=A.upper(), id="d2", origin="dump.jsonl:2"),  # same content hash
            Article(text=NEAR_A, id="d3", origin="dump.jsonl:3"),
        ]

    runs = []
    for _ in range(2):
        notes: list = []
        result = AddResult()
        with Store(db_path) as db:
            passed = [
                a.id for a in db.add_and_yield(articles(), on_note=notes.append, result=result)
            ]
        runs.append((passed, [(n.input, str(n)) for n in notes], result))
    first, second = runs
    assert first[0] == second[0] == ["d1"]
    assert first[2] == AddResult(added=1, exact_duplicates=1, near_duplicates=1)
    assert second[2] == AddResult(unchanged=3)  # the re-run adds nothing, and says so
    assert first[1] == second[1]
    (exact, near) = first[1]
    assert exact == ("dump.jsonl:2", "skipped: exact duplicate of d1 (dump.jsonl:1)")
    assert near[0] == "dump.jsonl:3"
    assert near[1].startswith("skipped: near duplicate (Jaccard ~0.9")
    assert near[1].endswith(") of d1 (dump.jsonl:1)")


def test_a_near_duplicate_note_carries_the_jaccard_estimate(db_path):
    notes = []
    with Store(db_path) as db:
        db.add_articles(
            [Article(text=A, id="d1"), Article(text=NEAR_A, id="d3")], on_note=notes.append
        )
    (note,) = notes
    assert isinstance(note, Duplicate) and note.kind == "near" and note.of == "d1"
    assert db.threshold <= note.jaccard < 1.0


# --- without a store ----------------------------------------------------------------------


def test_without_a_store_the_same_rules_apply_and_are_told():
    arts = [
        Article(text=A, id="d1", origin="dump.jsonl:1"),
        Article(text=B, id="d1", origin="dump.jsonl:2"),
        Article(text=A, id="d2", origin="dump.jsonl:3"),
        Article(text=A, id="d1", origin="dump.jsonl:4"),
        Article(text=B, id="d1", origin="dump.jsonl:5"),
    ]
    notes = []
    kept = list(_unique(arts, notes.append))
    new_id = f"d1~{content_hash(B)[:8]}"
    assert [(a.id, a.text) for a in kept] == [("d1", A), (new_id, B)]
    renamed = f"id 'd1' already names another text (dump.jsonl:1): this one is kept as '{new_id}'"
    assert [(n.input, str(n)) for n in notes] == [
        ("dump.jsonl:2", renamed),
        ("dump.jsonl:3", "skipped: exact duplicate of d1 (dump.jsonl:1)"),
        ("dump.jsonl:4", "skipped: repeats d1 (dump.jsonl:1) (same id, same text)"),
        ("dump.jsonl:5", renamed),
        ("dump.jsonl:5", f"skipped: repeats {new_id} (dump.jsonl:2) (same id, same text)"),
    ]


# --- the commands, end to end (real model, real store) ------------------------------------

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    rows = [
        {"id": "d1", "text": A},
        {"id": "d1", "text": B},
        {"id": "d2", "text": A},  # an exact copy of the first d1
        {"id": "d3", "text": NEAR_A},  # a near copy of it
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def skipped_lines(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if line.strip().startswith("- ")}


def test_analyze_with_a_store_keeps_texts_and_documents_together(tmp_path, dump):
    db = tmp_path / "news.duckdb"
    new_id = f"d1~{content_hash(B)[:8]}"
    first = run("analyze", dump, "--store", db, "--workers", 1)
    assert first.exit_code == 0, first.output
    analyzed = [json.loads(line)["id"] for line in first.stdout.splitlines()]
    assert analyzed == ["d1", new_id]  # nothing analyzed twice, no text lost
    assert article_and_document_texts(db) == [("d1", A, A), (new_id, B, B)]
    assert stored(db, "SELECT id, duplicate_of FROM articles ORDER BY id") == [
        ("d1", None),
        (new_id, None),
        ("d2", "d1"),
        ("d3", "d1"),
    ]
    summary = skipped_lines(first.stderr)
    assert (
        f"- {dump}:2: id 'd1' already names another text ({dump}:1): this one is kept as "
        f"'{new_id}'" in summary
    )
    assert f"- {dump}:3: skipped: exact duplicate of d1 ({dump}:1)" in summary
    (near,) = [s for s in summary if s.startswith(f"- {dump}:4: skipped: near duplicate")]
    assert near.endswith(f") of d1 ({dump}:1)")
    assert "store: 2 added, 1 exact duplicate(s), 1 near duplicate(s)" in first.stderr

    again = run("analyze", dump, "--store", db, "--workers", 1)
    assert again.exit_code == 0, again.output
    assert "store: 0 added, 0 exact duplicate(s), 0 near duplicate(s), 4 unchanged" in (
        again.stderr
    )
    assert skipped_lines(again.stderr) == summary  # the same notes, every run
    assert article_and_document_texts(db) == [("d1", A, A), (new_id, B, B)]
    assert stored(db, "SELECT count(*) FROM articles") == [(4,)]


def test_analyze_without_a_store_notes_what_it_drops(dump):
    done = run("analyze", dump, "--workers", 1)
    assert done.exit_code == 0, done.output
    new_id = f"d1~{content_hash(B)[:8]}"
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(d["id"], d["text"]) for d in docs] == [("d1", A), (new_id, B), ("d3", NEAR_A)]
    summary = skipped_lines(done.stderr)
    assert f"- {dump}:3: skipped: exact duplicate of d1 ({dump}:1)" in summary
    assert any(s.startswith(f"- {dump}:2: id 'd1' already names another text") for s in summary)


def test_ingest_names_duplicates_and_a_rerun_adds_nothing(tmp_path, dump):
    db = tmp_path / "news.duckdb"
    first = run("ingest", dump, "--store", db)
    assert first.exit_code == 0, first.output
    assert "ingest: 2 added, 1 exact duplicate(s), 1 near duplicate(s), 0 unchanged" in (
        first.stderr
    )
    assert f"{dump}:3: skipped: exact duplicate of d1 ({dump}:1)" in first.stderr
    again = run("ingest", dump, "--store", db)
    assert again.exit_code == 0, again.output
    assert "ingest: 0 added, 0 exact duplicate(s), 0 near duplicate(s), 4 unchanged" in (
        again.stderr
    )
    assert skipped_lines(again.stderr) == skipped_lines(first.stderr)
    assert stored(db, "SELECT count(*) FROM articles") == [(4,)]


# --- loading a lake (scale/lake.py), written here without Ray -----------------------------


def write_lake(lake: Path, analyzed: list[tuple[Article, Document]]) -> None:
    """A lake of one run holding `analyzed`, as the Ray engine writes it (undated month)."""
    from realpolitik.scale.lake import (
        LAKE_TABLES,
        SIGNATURES,
        Manifest,
        now,
        table_rows,
        table_schemas,
    )
    from realpolitik.store.dedupe import signature, to_blob

    schemas = table_schemas()
    rows: dict[str, list[dict]] = {t: [] for t in LAKE_TABLES}
    for art, doc in analyzed:
        for table, found in table_rows(doc, art, datetime(2026, 1, 1)).items():
            rows[table] += [{k: v for k, v in r.items() if k != "month"} for r in found]
    rows[SIGNATURES] = [{"id": a.id, "minhash": to_blob(signature(a.text))} for a, _ in analyzed]
    schemas[SIGNATURES] = pa.schema([("id", pa.string()), ("minhash", pa.binary())])
    files = {}
    for table, found in rows.items():
        if not found:
            continue
        schema = schemas[table]
        if "month" in schema.names:
            schema = schema.remove(schema.get_field_index("month"))
        rel = f"{table}/month=undated/run1-000000.parquet"
        (lake / rel).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(found, schema=schema), lake / rel)
        files[table] = [rel]
    Manifest("run1", [], "ray", 1, now(), finished=now(), files=files).write(lake)


def analysis(art: Article) -> Document:
    """A document for `art` with one actor mention (a record row keyed by the document)."""
    start = art.text.index("Officials")
    mention = Mention(start, start + 9, "Officials")
    return Document(id=art.id, text=art.text, actors=[Actor("a1", "Officials", mentions=[mention])])


def test_loading_a_lake_never_mixes_a_stored_id_with_another_text(tmp_path, db_path):
    from realpolitik.scale.lake import load_lake

    with Store(db_path) as db:
        here = Article(text=A, id="d1")
        db.add_articles([here])
        db.add_documents([analysis(here)])
    lake = tmp_path / "lake"
    there = Article(text=B, id="d1")
    write_lake(lake, [(there, analysis(there))])
    with Store(db_path) as db:
        result = load_lake(lake, db)
        new_id = f"d1~{content_hash(B)[:8]}"
        assert result.renamed == 1 and result.documents == 1
        assert db.get_document(new_id).id == new_id
    assert article_and_document_texts(db_path) == [("d1", A, A), (new_id, B, B)]
    assert stored(db_path, "SELECT doc_id FROM actors ORDER BY doc_id") == [("d1",), (new_id,)]


def test_loading_a_lake_with_a_repeated_id_stores_both_texts_and_says_so(tmp_path, db_path):
    from realpolitik.scale.lake import load_lake

    arts = [Article(text=A, id="d1"), Article(text=B, id="d1"), Article(text=story(5), id="d2")]
    lake = tmp_path / "lake"
    write_lake(lake, [(a, analysis(a)) for a in arts])
    with Store(db_path) as db:
        result = load_lake(lake, db)
    new_id = f"d1~{content_hash(B)[:8]}"
    assert result.unanalyzed == ["d1", new_id] and result.documents == 1
    assert "2 article(s) stored without their analysis" in str(result)
    assert stored(db_path, "SELECT id, text FROM articles ORDER BY id") == [
        ("d1", A),
        (new_id, B),
        ("d2", arts[2].text),
    ]
    assert [i for i, _, _ in article_and_document_texts(db_path)] == ["d2"]


def test_two_copies_of_a_file_are_an_exact_duplicate_not_a_repeat_of_an_id(tmp_path):
    """A file's id is its text's hash: its copy is called what it is."""
    (tmp_path / "a.txt").write_text(story(1))
    (tmp_path / "b.txt").write_text(story(1))
    r = CliRunner().invoke(
        app,
        [
            "ingest",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--store",
            str(tmp_path / "s.duckdb"),
        ],
    )
    assert r.exit_code == 0, r.output
    first = content_hash(story(1))
    assert f"b.txt: skipped: exact duplicate of {first} ({tmp_path / 'a.txt'})" in r.output
