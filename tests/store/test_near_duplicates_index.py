"""The stored near-duplicate index (store/dedupe.py, migrations 7-8): persistent, incremental,
transactional, flagging what an in-memory datasketch MinHashLSH of the same banding flags, and
finding re-publications just over the threshold that datasketch's default banding misses."""

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
BANDS_09, ROWS_09 = dedupe.banding(0.9)  # the default threshold's banding: 10 x 12


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
    assert len(rows(db_path, BANDS)) == 3 * BANDS_09

    def no_rebuild(*args, **kw):
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(dedupe, "backfill", no_rebuild)
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
    assert rows(db_path, "SELECT * FROM article_band_scheme") == [(BANDS_09, ROWS_09)]
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


def test_the_banding_finds_a_pair_at_the_threshold_95_times_in_100():
    assert dedupe.banding(0.9) == (10, 12)
    assert dedupe.candidate_probability(0.9, 10, 12) == pytest.approx(0.9638, abs=1e-4)
    # one value more per band falls short
    assert dedupe.candidate_probability(0.9, 9, 13) == pytest.approx(0.9286, abs=1e-4)
    # datasketch's own choice for 0.9 finds one pair in three
    datasketch = MinHashLSH(threshold=0.9, num_perm=dedupe.NUM_PERM)
    assert (datasketch.b, datasketch.r) == (5, 25)
    assert dedupe.candidate_probability(0.9, 5, 25) == pytest.approx(0.3110, abs=1e-4)
    for threshold in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99):
        bands, rows_ = dedupe.banding(threshold)
        assert bands == dedupe.NUM_PERM // rows_
        assert dedupe.candidate_probability(threshold, bands, rows_) >= dedupe.CANDIDATE_RECALL
        assert all(  # the longest bands that do
            dedupe.candidate_probability(threshold, dedupe.NUM_PERM // r, r)
            < dedupe.CANDIDATE_RECALL
            for r in range(rows_ + 1, dedupe.NUM_PERM + 1)
        )
    assert dedupe.banding(1.0) == (1, dedupe.NUM_PERM)
    with pytest.raises(ValueError, match="near_duplicate_threshold 1.5"):
        dedupe.banding(1.5)


SYLLABLES = "ba ko ri tan mel sor vik du pra len os gar fi nu zel ch am er ist op".split()


def vocabulary(size: int = 4000, seed: int = 3) -> list[str]:
    """About 3,000 made-up words of 2 to 4 syllables: texts drawn from them share no 5-gram."""
    rng = random.Random(seed)
    words = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}
    return sorted(words)


def republication(original: str, words: list[str], seed: int) -> tuple[str, float]:
    """`original` with two or three words replaced, inserted or deleted, the first such edit
    (tried in a seeded order) whose MinHash Jaccard estimate with it is in [0.9, 0.95)."""
    rng = random.Random(seed)
    sig = dedupe.signature(original)
    for _ in range(200):
        edited_words = original.split()
        for _ in range(rng.choice([2, 3])):
            at = rng.randrange(len(edited_words))
            edit = rng.choice(["replace", "insert", "delete"])
            if edit == "replace":
                edited_words[at] = rng.choice(words)
            elif edit == "insert":
                edited_words.insert(at, rng.choice(words))
            else:
                del edited_words[at]
        text = " ".join(edited_words)
        estimate = dedupe.signature(text).jaccard(sig)
        if 0.9 <= estimate < 0.95:
            return text, estimate
    raise AssertionError(f"no edit of article {seed} has an estimate in [0.9, 0.95)")


def test_republications_just_over_the_threshold_are_found(db_path):
    words = vocabulary()
    originals = [
        Article(text=" ".join(random.Random(1000 + i).choices(words, k=300)), id=f"o{i:02d}")
        for i in range(60)
    ]
    republished, estimates = [], []
    for i, art in enumerate(originals):
        text, estimate = republication(art.text, words, seed=i)
        republished.append(Article(text=text, id=f"r{i:02d}"))
        estimates.append(estimate)
    unrelated = [
        Article(text=" ".join(random.Random(5000 + i).choices(words, k=300)), id=f"u{i:02d}")
        for i in range(60)
    ]
    with Store(db_path) as db:
        assert db.add_articles(originals) == AddResult(added=60)
    with Store(db_path) as db:
        result = db.add_articles(republished + unrelated)
    flagged = dict(rows(db_path, "SELECT id, duplicate_of FROM articles WHERE id LIKE 'r%'"))
    found = sum(flagged[f"r{i:02d}"] == f"o{i:02d}" for i in range(60))
    assert found >= 54  # 90%: 60 of 60; the candidate probabilities at 10 x 12 add up to 59.5
    assert found == sum(v is not None for v in flagged.values())  # none flagged wrongly
    assert result == AddResult(added=60 + 60 - found, near_duplicates=found)
    assert rows(
        db_path, "SELECT count(*) FROM articles WHERE id LIKE 'u%' AND duplicate_of IS NULL"
    ) == [(60,)]

    def in_memory(params: tuple[int, int]) -> int:
        """How many re-publications an in-memory MinHashLSH of that banding makes candidates
        of their original (each then passes the exact check: its estimate is >= 0.9)."""
        lsh = MinHashLSH(num_perm=dedupe.NUM_PERM, params=params)
        for art in originals:
            lsh.insert(art.id, dedupe.signature(art.text))
        return sum(
            f"o{i:02d}" in lsh.query(dedupe.signature(art.text))
            for i, art in enumerate(republished)
        )

    assert in_memory((BANDS_09, ROWS_09)) == found
    # datasketch's banding for 0.9 (5 x 25), on the same pairs, finds far fewer
    assert sum(dedupe.candidate_probability(j, 5, 25) for j in estimates) < 0.65 * 60  # 33.2
    old_found = in_memory((5, 25))
    assert old_found <= 0.75 * 60  # 38 of 60
    assert found - old_found >= 10


def test_unrelated_texts_are_not_flagged(db_path):
    with Store(db_path) as db:
        result = db.add_articles(Article(text=text(i), id=f"t{i}") for i in range(30))
        assert result == AddResult(added=30)
        # sharing half its words with a stored one is not enough
        half = " ".join(text(0).split()[:150] + text(99).split()[150:])
        assert db.add_articles([Article(text=half, id="half")]) == AddResult(added=1)
    assert len(rows(db_path, BANDS)) == 31 * BANDS_09


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
    """What the store must flag: the old in-memory index (one datasketch MinHashLSH over the
    originals, each new article compared exactly with its candidates), given the store's own
    banding as `params` instead of datasketch's choice for the threshold."""
    lsh = MinHashLSH(num_perm=dedupe.NUM_PERM, params=dedupe.banding(threshold))
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
    assert (bands, per_band) != (BANDS_09, ROWS_09)
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
