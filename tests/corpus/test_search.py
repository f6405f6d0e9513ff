"""Full-text search over a real DuckDB store of hand-made documents."""

from __future__ import annotations

import importlib
import json
from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.corpus import build, pending_documents, search
from realpolitik.corpus.build import TERM_RE2
from realpolitik.corpus.queries import QueryError, resolve
from realpolitik.corpus.search import make_snippet, parse_query, tokens
from realpolitik.store import Store

from .corpus_fixtures import doc

ODD = (
    "Martin O’Malley met José Andrés in São Paulo on 12 May 2016; the al-Assad government's "
    "e-mail (İSTANBUL, ÉLYSÉE, naïve) cost 3.5% or ½ of x_y."
)


def documents() -> list:
    return [
        doc(
            "s1",
            "2016-03-01",
            "NYT",
            "Trade talks in Michigan",
            [
                "Donald Trump attacked Hillary Clinton over the trade deal.",
                "Trade, trade, trade and trade again, he said.",
            ],
            {"Donald Trump": ["Donald Trump"], "Hillary Clinton": ["Hillary Clinton"]},
            events=[{"source": "Donald Trump", "target": "Hillary Clinton", "trigger": "attacked"}],
        ),
        doc(
            "s2",
            "2016-03-05",
            "Breitbart",
            "Clinton answers",
            [
                "Hillary Clinton said the deal on trade was fair.",
                "Barack Obama did not visit Ted Cruz in Texas.",
            ],
            {"Hillary Clinton": ["Hillary Clinton"], "Barack Obama": ["Barack Obama"]},
            events=[
                {
                    "source": "Barack Obama",
                    "target": "Hillary Clinton",
                    "trigger": "visit",
                    "cameo": "042",
                    "quad": 1,
                    "goldstein": 1.9,
                    "factuality": "negated",
                }
            ],
        ),
        doc(
            "s3",
            "2016-04-10",
            "Politico",
            "Supreme Court vacancy",
            [
                "Sen. Ted Cruz criticized the Supreme Court nominee.",
                "The U.S. Senate will not vote on the nominee, Cruz said.",
            ],
            {"Sen. Ted Cruz": ["Sen. Ted Cruz", "Cruz"]},
            events=[{"source": "Sen. Ted Cruz", "trigger": "criticized"}],
        ),
        doc("s4", "2016-05-01", "NYT", "Names and numbers", [ODD], {}),
        doc("s5", "2016-05-02", "Politico", "Brexit vote looms", ["Voters go to the polls."], {}),
    ]


@pytest.fixture()
def store(tmp_path):
    path = tmp_path / "search.duckdb"
    with Store(path) as db:
        db.add_documents(documents())
        build(db)
    return path


def ids(rows: list[dict]) -> list[str]:
    return [r["doc_id"] for r in rows]


def test_the_python_tokeniser_gives_the_terms_the_index_holds():
    assert tokens("O’Malley's e-mail, 2016") == ["o", "malley", "s", "e", "mail", "2016"]
    assert tokens("José ANDRÉS İstanbul x_y ½") == ["josé", "andrés", "istanbul", "x", "y", "½"]
    con = duckdb.connect()
    [(indexed,)] = con.execute(
        f"SELECT regexp_extract_all(lower(?), '{TERM_RE2}')", [ODD]
    ).fetchall()
    assert tokens(ODD) == indexed
    with_title = con.execute(
        f"SELECT regexp_extract_all(lower(? || ' ' || ?), '{TERM_RE2}')", ["Names", ODD]
    ).fetchall()[0][0]
    assert with_title == ["names", *indexed]


def test_every_word_must_occur(store):
    with Store(store, read_only=True) as db:
        assert ids(search(db, "trade")) == ["s1", "s2"]
        assert ids(search(db, "trade clinton")) == ["s1", "s2"]
        assert ids(search(db, "trade cruz")) == ["s2"]
        assert ids(search(db, "trade texas nominee")) == []
        assert ids(search(db, "TRADE Deal")) == ["s1", "s2"]  # any case
        assert search(db, "nowhere") == []


def test_a_phrase_keeps_its_order_across_punctuation(store):
    with Store(store, read_only=True) as db:
        assert ids(search(db, '"trade deal"')) == ["s1"]  # s2 has "deal on trade"
        assert ids(search(db, '"deal on trade"')) == ["s2"]
        assert ids(search(db, '"trade on deal"')) == []
        # s1's "deal. Trade": a full stop and a space between the words
        assert ids(search(db, '"deal trade"')) == ["s1"]
        assert ids(search(db, '"trade trade trade"')) == ["s1"]  # "Trade, trade, trade"
        # a word that splits in several terms is a phrase; an unclosed quote ends the query
        assert ids(search(db, "O'Malley")) == ids(search(db, '"o malley')) == ["s4"]
        assert ids(search(db, "al-Assad U.S.")) == []
        assert ids(search(db, "al-Assad")) == ["s4"] and ids(search(db, "U.S.")) == ["s3"]
        [hit] = search(db, '"supreme court nominee"')
        text = db.get_document("s3").text
        assert text[hit["hit_start"] : hit["hit_end"]] == "Supreme Court nominee"


def test_excluded_words_and_phrases(store):
    with Store(store, read_only=True) as db:
        assert ids(search(db, "trade -trump")) == ["s2"]
        assert ids(search(db, 'trade -"trade deal"')) == ["s2"]
        assert ids(search(db, 'trade -"deal on trade"')) == ["s1"]
        assert ids(search(db, 'trade -"trade on deal"')) == ["s1", "s2"]
        # exclusions alone list the other documents, newest first
        assert ids(search(db, "-trade -cruz")) == ["s5", "s4"]


def test_filters(store):
    def found(**filters) -> set[str]:
        return set(ids(search(db, "the", **filters)))

    with Store(store, read_only=True) as db:
        assert found() == {"s1", "s2", "s3", "s4", "s5"}
        assert found(since="2016-03-02", until="2016-04-30") == {"s2", "s3"}
        assert ids(search(db, "trade", since="2016-03-02")) == ["s2"]
        assert ids(search(db, "trade", until=date(2016, 3, 1))) == ["s1"]
        assert ids(search(db, "trade", outlets=["Breitbart"])) == ["s2"]
        assert found(outlets=["NYT", "Politico"]) == {"s1", "s3", "s4", "s5"}
        assert ids(search(db, "trade", actor=resolve(db, "Donald Trump"))) == ["s1"]
        assert found(actor=resolve(db, "Barack Obama")) == {"s2"}
        assert found(actor=resolve(db, "USAELI", "code")) == {"s1", "s2"}  # Trump, Clinton
        assert found(actor=resolve(db, "USA", "country")) == {"s1", "s2", "s3"}
        assert found(event="11") == found(event="111") == {"s1", "s3"}  # criticize
        assert found(event="04") == found(event="042") == {"s2"}  # consult
        assert found(event="042", factuality=["negated"]) == {"s2"}
        assert found(event="04", factuality=["asserted"]) == set()
        assert found(factuality=["negated"]) == {"s2"}  # alone: any event of it
        assert found(factuality=["asserted", "future"]) == {"s1", "s3"}
        assert found(event="19") == set()


def test_an_empty_query_with_a_filter_lists_documents_newest_first(store):
    with Store(store, read_only=True) as db:
        rows = search(db, "", outlets=["NYT", "Politico"])
        assert ids(rows) == ["s5", "s4", "s3", "s1"]
        assert all(r["score"] is None and r["hit_start"] is None for r in rows)
        assert rows[0]["snippet"] == "Voters go to the polls." and rows[0]["matches"] == 0
        assert ids(search(db, None, since="2016-05-01", limit=1, offset=1)) == ["s4"]


def test_more_occurrences_rank_higher_and_ties_go_newest_first(store, tmp_path):
    with Store(store, read_only=True) as db:
        rows = search(db, "trade")
        assert rows[0]["score"] > rows[1]["score"] > 0
        assert [r["matches"] for r in rows] == [5, 1]  # in the text; s1's title is the 6th
    same = ["Senators debate the budget again."]
    docs = [
        doc("t1", "2016-01-01", "NYT", "Budget", same, {}),
        doc("t3", "2016-02-01", "NYT", "Budget", same, {}),
        doc("t2", "2016-02-01", "NYT", "Budget", same, {}),
    ]
    with Store(tmp_path / "ties.duckdb") as db:
        db.add_documents(docs)
        build(db)
        rows = search(db, "budget")
        assert ids(rows) == ["t2", "t3", "t1"]
        assert len({r["score"] for r in rows}) == 1
        assert ids(search(db, "budget", limit=2, offset=1)) == ["t3", "t1"]


def test_hits_are_offsets_into_the_document_text(store):
    with Store(store, read_only=True) as db:
        for query, doc_id, word in [
            ("trade", "s1", "trade"),
            ("trade attacked", "s1", "attacked"),  # the rarer word
            ('"trade deal" clinton', "s1", "trade deal"),  # the phrase first
            ("são", "s4", "São"),
            ("istanbul", "s4", "İSTANBUL"),
            ("2016", "s4", "2016"),
            ("'s", "s4", "s"),  # government's: a whole word, not the s of "Andrés"
            ("o'malley", "s4", "O’Malley"),
        ]:
            [row] = [r for r in search(db, query) if r["doc_id"] == doc_id]
            text = db.get_document(doc_id).text
            assert text[row["hit_start"] : row["hit_end"]] == word, query
        # a word only in the title: no hit in the text; the snippet is the text's beginning
        [row] = search(db, "brexit")
        assert row["hit_start"] is None and row["snippet"] == "Voters go to the polls."
        assert row["snippet_hit_start"] is None and row["matches"] == 0


def test_the_snippet_is_around_the_hit_and_says_where_it_is(tmp_path):
    filler = " ".join(f"word{i}" for i in range(60))
    sentences = [filler + ".", "Here the\n\n  hidden   needle sits.", filler + "."]
    with Store(tmp_path / "long.duckdb") as db:  # doc() joins the sentences with a space
        db.add_documents([doc("long", "2016-01-01", "NYT", "Long", sentences, {})])
        build(db)
        [row] = search(db, '"hidden needle"')
        text = db.get_document("long").text
        assert text[row["hit_start"] : row["hit_end"]] == "hidden   needle"
        snippet = row["snippet"]
        assert snippet[row["snippet_hit_start"] : row["snippet_hit_end"]] == "hidden needle"
        assert 150 <= len(snippet) <= 210 and "  " not in snippet and "\n" not in snippet
        words = set(text.split())
        assert snippet.split()[0] in words and snippet.split()[-1] in words  # whole words
    text = "alpha beta gamma"
    assert make_snippet(text, 6, 10) == (text, 6, 10)
    assert make_snippet("one two three four five", 8, 13, width=20) == ("two three four", 4, 9)
    assert make_snippet("one two three four five", 8, 13, width=10) == ("three", 0, 5)
    assert make_snippet("one two three four five", 19, 23, width=12) == ("four five", 5, 9)
    assert make_snippet("  many\n spaces  ", None, None) == ("many spaces", None, None)


def test_a_reanalyzed_document_is_indexed_again(store):
    with Store(store) as db:
        db.con.execute("DELETE FROM articles WHERE id = 's2'")  # its text was corrected
        again = doc(
            "s2",
            "2016-03-05",
            "Breitbart",
            "Clinton on health care",
            ["Hillary Clinton spoke about health care."],
            {"Hillary Clinton": ["Hillary Clinton"]},
        )
        db.add_documents([again])
        assert pending_documents(db) == ["s2"]
        assert build(db).indexed == 1
        assert ids(search(db, "trade")) == ["s1"]
        [row] = search(db, '"health care"')
        assert row["doc_id"] == "s2" and row["title"] == "Clinton on health care"
        assert again.text[row["hit_start"] : row["hit_end"]] == "health care"
        [(stale,)] = db.con.execute(
            "SELECT count(*) FROM corpus_search_terms WHERE doc_id = 's2' AND term = 'trade'"
        ).fetchall()
        assert stale == 0


def test_a_corpus_built_before_the_index_gets_indexed_by_build(store):
    with Store(store) as db:  # as migration 2 left it: corpus tables, no search tables
        db.con.execute("DROP TABLE corpus_search_terms; DROP TABLE corpus_search_docs")
        db.con.execute("DELETE FROM corpus_state WHERE key = 'search_unsorted'")
        db.con.execute("DELETE FROM schema_version WHERE version >= 3")
        db.con.execute("DROP VIEW IF EXISTS feed_status")  # and what migrations 5 on made
        for table in ("feed_items", "feeds", "lake_files", "article_bands", "article_band_scheme"):
            db.con.execute(f"DROP TABLE IF EXISTS {table}")
        for column in ("source_start", "source_end", "target_start", "target_end", "main_event"):
            db.con.execute(f"ALTER TABLE events DROP COLUMN {column}")  # migration 4's
    with Store(store) as db:
        assert len(pending_documents(db)) == 5
        with pytest.raises(QueryError, match="5 corpus document.s. are not in the search index"):
            search(db, "trade")
        [(built,)] = db.con.execute("SELECT max(built_at) FROM corpus_documents").fetchall()
        result = build(db)
        assert (result.documents, result.indexed) == (0, 5)
        assert "5 document(s) indexed for search" in str(result)
        assert pending_documents(db) == []
        # the rest of the corpus was not rebuilt
        assert db.con.execute("SELECT max(built_at) FROM corpus_documents").fetchall() == [(built,)]
        assert ids(search(db, "trade")) == ["s1", "s2"]


def test_rebuild_gives_the_same_results(store):
    with Store(store) as db:
        before = search(db, "the", limit=10)
        assert build(db, rebuild=True).indexed == 5
        assert search(db, "the", limit=10) == before


def test_the_postings_are_sorted_again_once_many_were_appended(store, monkeypatch):
    build_module = importlib.import_module("realpolitik.corpus.build")

    def unsorted(db) -> list:
        return db.con.execute(
            "SELECT value FROM corpus_state WHERE key = 'search_unsorted'"
        ).fetchall()

    def terms(db) -> list[str]:  # in storage order
        return [t for (t,) in db.con.execute("SELECT term FROM corpus_search_terms").fetchall()]

    with Store(store) as db:
        assert unsorted(db) == [] and terms(db) == sorted(terms(db))  # the build sorted them
        monkeypatch.setattr(build_module, "RESORT_SHARE", 1.0)
        db.add_documents([doc("s6", "2016-06-01", "NYT", "Zebra", ["Aardvark meets zebra."], {})])
        build(db)
        assert int(unsorted(db)[0][0]) == 3  # zebra, aardvark, meets: appended, not sorted
        assert ids(search(db, "aardvark zebra")) == ["s6"]
        monkeypatch.setattr(build_module, "RESORT_SHARE", 0.01)
        build(db)  # nothing to add, but 3 of the 97 postings came after the sort
        assert unsorted(db) == [] and terms(db) == sorted(terms(db))
        assert ids(search(db, "aardvark zebra")) == ["s6"]


@pytest.mark.parametrize(
    ("query", "kwargs", "message"),
    [
        (" ".join(["w"] * 21), {}, "21 words: give at most 20"),
        ('"' + " ".join(["w"] * 21), {}, "21 words"),
        ("", {}, "an empty query"),
        ("!!! ---", {}, "an empty query"),
        ("trade", {"event": "4"}, "event '4' is not a CAMEO code"),
        ("trade", {"event": "04x"}, "is not a CAMEO code"),
        ("trade", {"factuality": ["maybe"]}, "unknown factuality maybe"),
        ("trade", {"since": "2016-13-01"}, "since '2016-13-01' is not a date"),
        ("trade", {"until": "yesterday"}, "until 'yesterday' is not a date"),
        ("trade", {"limit": 0}, "limit 0 is out of range"),
        ("trade", {"limit": 201}, "limit 201 is out of range"),
        ("trade", {"offset": -1}, "offset -1 is negative"),
    ],
)
def test_bad_queries_are_named(store, query, kwargs, message):
    with Store(store, read_only=True) as db, pytest.raises(QueryError, match=message):
        search(db, query, **kwargs)


def test_query_syntax():
    q = parse_query('Trade  "Supreme Court" -Trump -"al-Assad" e-mail "unclosed quote')
    assert q.words == ("trade",)
    assert q.phrases == (("supreme", "court"), ("e", "mail"), ("unclosed", "quote"))
    assert q.excluded_words == ("trump",) and q.excluded_phrases == (("al", "assad"),)
    assert q.terms == ["trade", "supreme", "court", "e", "mail", "unclosed", "quote"]
    assert parse_query("“curly quotes”").phrases == (("curly", "quotes"),)
    assert not parse_query(' - "" ')


def test_cli_search(store, tmp_path):
    runner = CliRunner()
    s = ["--store", str(store)]
    r = runner.invoke(app, ["search", "trade", "--format", "json", *s])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [x["doc_id"] for x in rows] == ["s1", "s2"]
    assert set(rows[0]) == {
        "doc_id",
        "title",
        "outlet",
        "published",
        "score",
        "hit_start",
        "hit_end",
        "snippet",
        "snippet_hit_start",
        "snippet_hit_end",
        "matches",
    }
    r = runner.invoke(
        app,
        ["search", "the", "--actor", "Donald Trump", "--event", "11", "--format", "jsonl", *s],
    )
    assert [json.loads(x)["doc_id"] for x in r.stdout.splitlines()] == ["s1"]
    r = runner.invoke(
        app,
        ["search", "--outlet", "NYT", "--outlet", "Breitbart", "--since", "2016-03-02", *s],
    )
    assert r.exit_code == 0 and "Names and numbers" in r.stdout and "Trade talks" not in r.stdout
    r = runner.invoke(app, ["search", "the", "--factuality", "negated", "--format", "csv", *s])
    assert r.stdout.splitlines()[0].startswith("doc_id,title,outlet,published,score")
    r = runner.invoke(app, ["search", "trade", "--event", "4", *s])
    assert r.exit_code == 2 and "not a CAMEO code" in r.output
    r = runner.invoke(app, ["search", *s])
    assert r.exit_code == 2 and "an empty query" in r.output
    r = runner.invoke(app, ["search", "nothing", *s])
    assert r.exit_code == 0 and "no document matches" in r.output
