"""End to end on real news: PolNeAR articles analyzed into a store, then the corpus layer.

Reads `../shared/data/quotes/polnear/data/` (skips cleanly without it); nothing of the texts is
written anywhere but the test's temporary store.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from realpolitik import analyze_many
from realpolitik.corpus import build, search
from realpolitik.corpus.assessment import assess_corpus
from realpolitik.corpus.queries import dyad_series, resolve, top_actors
from realpolitik.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def polnear_store(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from polnear_store import POLNEAR, polnear_rows
    finally:
        sys.path.pop(0)
    if not (POLNEAR / "metadata.tsv").exists():
        pytest.skip("PolNeAR is not in ../shared/data")
    rows = [r for r in polnear_rows(splits=("dev",)) if "2016-0" in r["id"]][:40]
    path = tmp_path_factory.mktemp("polnear") / "store.duckdb"
    with Store(path) as db:
        db.add_documents(analyze_many(rows, workers=1))
        build(db)
    return path


def test_trump_and_clinton_are_distinct_entities_with_a_weekly_dyad(polnear_store):
    with Store(polnear_store, read_only=True) as db:
        trump, clinton = resolve(db, "Donald Trump"), resolve(db, "Hillary Clinton")
        assert trump.key == "Q22686" and clinton.key != trump.key
        names = {r["entity_id"]: r["name"] for r in top_actors(db, limit=50)}
        assert names[trump.key] == "Donald Trump" and names[clinton.key] == "Hillary Clinton"
        weeks = dyad_series(db, trump, clinton, by="week")
        assert weeks and sum(w["clusters"] for w in weeks) >= 1
        assert all(w["clusters"] <= w["mentions"] for w in weeks)
        assert all(w["period"].weekday() == 0 for w in weeks)  # ISO weeks start on Monday
        found = assess_corpus(db, trump)
        for item in found["opportunities"] + found["risks"]:
            ev = item["evidence"][0]
            doc = db.get_document(ev["doc_id"])
            assert " ".join(doc.text[ev["start"] : ev["end"]].split()) == ev["text"]
            assert item["num_articles"] >= 1 and item["num_sources"] >= 1


def test_a_phrase_of_an_article_is_found_at_its_offset(polnear_store):
    with Store(polnear_store, read_only=True) as db:
        [(doc_id,)] = db.con.execute(
            "SELECT doc_id FROM corpus_documents ORDER BY doc_id LIMIT 1"
        ).fetchall()
        text = db.get_document(doc_id).text
        words = list(re.finditer(r"[^\W_]+", text))[40:44]  # four words of its text
        phrase = " ".join(w.group() for w in words)
        rows = search(db, f'"{phrase}"', limit=200)
        [hit] = [r for r in rows if r["doc_id"] == doc_id]
        assert hit["hit_start"] <= words[0].start()  # this occurrence, or an earlier one
        found = text[hit["hit_start"] : hit["hit_end"]]
        assert re.sub(r"[\W_]+", " ", found).lower() == phrase.lower()
        snippet = hit["snippet"][hit["snippet_hit_start"] : hit["snippet_hit_end"]]
        assert " ".join(snippet.split()) == " ".join(found.split())
