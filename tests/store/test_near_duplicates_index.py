"""The stored near-duplicate index (store/dedupe.py, migrations 7-8): persistent, incremental,
transactional, and flagging what an in-memory datasketch MinHashLSH flagged."""

import random
from pathlib import Path

import duckdb
import numpy as np
import pytest
from datasketch import MinHashLSH

from realpolitik.records import Article, Document
from realpolitik.settings import Settings
from realpolitik.store import AddResult, Store, StoreError, dedupe

VOCAB = [f"{a}{b}" for a in ("vote", "talk", "deal", "army", "bank", "oil") for b in range(40)]


def text(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def edited(original: str, changes: int = 1, seed: int = 0) -> str:
    """`original` with `changes` words replaced, as a re-publication's small edits."""
    rng = random.Random(seed)
    words = original.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = "amended"
    return " ".join(words)


def rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


BANDS = "SELECT key, id FROM article_bands ORDER BY key, id"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rp.duckdb"


def test_duplicates_are_found_across_sessions_without_rebuilding(db_path, monkeypatch):
    originals = [Article(text=text(i), id=f"o{i}") for i in range(3)]
    with Store(db_path) as db:
        assert db.add_articles(originals) == AddResult(added=3)
    assert len(rows(db_path, BANDS)) == 3 * 5  # five bands of 25 values each, for 0.9

    def no_rebuild(*args, **kw):
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(dedupe, "backfill", no_rebuild)
    monkeypatch.setattr(dedupe, "MinHashLSH", no_rebuild)
    with Store(db_path) as db:  # a new session reads nothing up front
        result = db.add_articles([Article(text=edited(originals[1].text), id="copy")])
        assert result == AddResult(near_duplicates=1)
    with Store(db_path) as db:
        assert db.add_articles([Article(text=edited(originals[2].text), id="copy2")]) == AddResult(
            near_duplicates=1
        )
    assert rows(db_path, "SELECT id, duplicate_of FROM articles WHERE id LIKE 'copy%'") == [
        ("copy", "o1"),
        ("copy2", "o2"),
    ]


def test_an_index_made_by_the_migration_equals_a_fresh_one(db_path):
    articles = [Article(text=text(i), id=f"a{i}") for i in range(20)]
    articles += [Article(text=edited(articles[i].text, seed=i), id=f"d{i}") for i in range(5)]
    articles.append(Article(text="", id="empty"))  # no words, no signature, no bands
    with Store(db_path) as db:
        db.add_articles(articles)
    fresh = rows(db_path, BANDS)
    assert {id for _, id in fresh} == {f"a{i}" for i in range(20)}  # originals only
    con = duckdb.connect(str(db_path))  # the store as schema version 6 left it
    con.execute("DROP TABLE article_bands; DROP TABLE article_band_scheme")
    con.execute("DELETE FROM schema_version WHERE version >= 7")
    con.close()
    with Store(db_path) as db:  # migrations 7 and 8 backfill the index from articles.minhash
        assert db.add_articles([Article(text=edited(text(3)), id="late")]) == AddResult(
            near_duplicates=1
        )
    assert rows(db_path, BANDS) == fresh
    assert rows(db_path, "SELECT * FROM article_band_scheme") == [(5, 25)]
    indexes = "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'article_bands'"
    assert rows(db_path, indexes) == [("article_bands_key",)]


def test_a_near_duplicate_in_the_same_batch(db_path):
    first = text(1)
    with Store(db_path) as db:
        result = db.add_articles(
            [
                Article(text=first, id="1"),
                Article(text=edited(first), id="2"),
                Article(text=edited(first, seed=9), id="3"),
            ]
        )
        assert result == AddResult(added=1, near_duplicates=2)
    assert rows(db_path, "SELECT id, duplicate_of FROM articles ORDER BY id") == [
        ("1", None),
        ("2", "1"),
        ("3", "1"),
    ]
    assert {id for _, id in rows(db_path, BANDS)} == {"1"}


def test_a_republication_with_small_edits_is_found(db_path):
    original = text(4, words=600)
    words = original.split()
    words[10:12] = ["Updated", "at", "noon:"]  # a changed line, and a line more at the end
    republished = " ".join(words) + " Reporting by a wire agency."
    with Store(db_path) as db:
        db.add_articles([Article(text=original, id="wire")])
    with Store(db_path) as db:  # as `analyze` adds articles: a duplicate is not passed on
        assert list(db.add_and_yield([Article(text=republished, id="outlet")])) == []
        assert [a.id for a in db.articles()] == ["wire"]
    assert rows(db_path, "SELECT duplicate_of FROM articles WHERE id = 'outlet'") == [("wire",)]


def test_unrelated_texts_are_not_flagged(db_path):
    with Store(db_path) as db:
        result = db.add_articles(Article(text=text(i), id=f"t{i}") for i in range(30))
        assert result == AddResult(added=30)
        # sharing half its words with a stored one is not enough
        half = " ".join(text(0).split()[:150] + text(99).split()[150:])
        assert db.add_articles([Article(text=half, id="half")]) == AddResult(added=1)
    assert len(rows(db_path, BANDS)) == 31 * 5


def test_a_rollback_leaves_no_orphan_band_rows(db_path):
    with Store(db_path) as db:
        db.add_articles([Article(text=text(1), id="kept")])
        good = Document(id="lost", text=text(2))
        bad = Document(id="bad", text=text(3), events=[None])  # fails after the articles
        with pytest.raises(StoreError, match="'bad'"):
            db.add_documents([good, bad])
        assert db.counts()["articles"] == 1
        # the rolled-back original is no candidate: a copy of it is new
        assert db.add_articles([Article(text=edited(text(2)), id="copy")]) == AddResult(added=1)
    assert {id for _, id in rows(db_path, BANDS)} == {"kept", "copy"}


def reference(articles: list[Article], threshold: float) -> dict[str, str | None]:
    """What the store flagged before the index was stored: one in-memory MinHashLSH."""
    lsh = MinHashLSH(threshold=threshold, num_perm=dedupe.NUM_PERM)
    sigs, by_hash, flagged = {}, {}, {}
    for art in articles:
        sig = dedupe.signature(art.text)
        duplicate_of = by_hash.get(art.content_hash)
        if duplicate_of is None and sig is not None:
            scored = [(sig.jaccard(sigs[k]), k) for k in lsh.query(sig)]
            best = max(scored, default=None)
            duplicate_of = best[1] if best and best[0] >= threshold else None
        if duplicate_of is None and sig is not None:
            lsh.insert(art.id, sig)
            sigs[art.id] = sig
        flagged[art.id] = duplicate_of
        by_hash.setdefault(art.content_hash, duplicate_of or art.id)
    return flagged


@pytest.mark.parametrize("threshold", [0.9, 0.5])
def test_it_flags_what_an_in_memory_minhash_lsh_flags(db_path, threshold):
    rng = random.Random(11)
    bases = [text(i, words=rng.randint(20, 200)) for i in range(40)]
    articles = []
    for i in range(400):  # copies with 0 to 40 words changed: similarities around 0.9 and 0.5
        base = rng.choice(bases)
        articles.append(
            Article(text=edited(base, rng.choice([0, 1, 2, 4, 8, 20, 40]), i), id=f"{i}")
        )
    settings = Settings(near_duplicate_threshold=threshold)
    with Store(db_path, settings=settings) as db:
        db.add_articles(articles[:150])
        for i in range(150, 300, 23):
            db.add_articles(articles[i : i + 23])
    with Store(db_path, settings=settings) as db:
        db.add_articles(articles[300:])
    found = dict(rows(db_path, "SELECT id, duplicate_of FROM articles"))
    expected = reference(articles, threshold)
    assert found == expected
    assert sum(v is not None for v in found.values()) > 40  # near and exact duplicates both


def test_another_threshold_recuts_the_stored_bands_once(db_path, monkeypatch):
    with Store(db_path) as db:
        db.add_articles(Article(text=text(i), id=f"t{i}") for i in range(4))
    settings = Settings(near_duplicate_threshold=0.5)
    bands, per_band = dedupe.banding(0.5)
    assert (bands, per_band) != (5, 25)
    with Store(db_path, settings=settings) as db:
        # a Jaccard estimate of 0.69: a near-duplicate at 0.5, not at 0.9
        assert db.add_articles([Article(text=edited(text(1), 10), id="loose")]) == AddResult(
            near_duplicates=1
        )
    assert rows(db_path, "SELECT * FROM article_band_scheme") == [(bands, per_band)]
    assert len(rows(db_path, BANDS)) == 4 * bands
    calls = []
    monkeypatch.setattr(dedupe, "backfill", lambda *a, **kw: calls.append(a))
    with Store(db_path, settings=settings) as db:
        db.add_articles([Article(text=text(50), id="new")])
    assert calls == []


def test_a_lookup_probes_the_index_instead_of_scanning(tmp_path):
    with Store(tmp_path / "big.duckdb") as db:
        db.con.execute(
            "INSERT INTO article_bands SELECT i * 1000003, 'a' || (i // 5) FROM range(500000) t(i)"
        )
        keys = np.array(
            [k for (k,) in db.con.execute("SELECT key FROM article_bands LIMIT 40").fetchall()]
        )
        query = dedupe.candidates_query(keys)
        plan = db.con.execute("EXPLAIN ANALYZE " + query).fetchall()[0][1]
    assert "Index Scan" in plan


def test_band_keys_are_stable():
    """The keys are stored: the hash must never change (see dedupe.band_keys)."""
    values = np.arange(2 * dedupe.NUM_PERM, dtype=np.uint32).reshape(2, dedupe.NUM_PERM)
    keys = dedupe.band_keys(values, 5, 25)
    assert keys.dtype == np.int64 and keys.shape == (2, 5)
    assert len(set(keys.ravel().tolist())) == 10
    assert keys[0].tolist() == STABLE_KEYS
    same = values.copy()
    same[0, 30] += 1  # one value of the second band
    assert (dedupe.band_keys(same, 5, 25)[0] != keys[0]).tolist() == [
        False,
        True,
        False,
        False,
        False,
    ]


STABLE_KEYS = [
    3925850565513101641,
    4869473914905033746,
    -6131953316777403598,
    -7116265445774967285,
    7113337451171880534,
]
