"""The corpus layer on a real DuckDB store of hand-made documents."""

from __future__ import annotations

import json
from datetime import date

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.corpus import build, pending_documents
from realpolitik.corpus.assessment import assess_corpus
from realpolitik.corpus.changes import changes
from realpolitik.corpus.entities import normalize_name
from realpolitik.corpus.queries import QueryError, dyad_series, resolve, top_actors, top_dyads
from realpolitik.corpus.stances import stance_series
from realpolitik.store import Store

from .corpus_fixtures import doc

DEBATE = [
    "Donald Trump attacked Hillary Clinton over the trade deal at the Michigan debate.",
    "Clinton answered that the Flint water crisis and the auto bailout were the real issues.",
]


def debate(id: str, day: str, outlet: str, title: str) -> object:
    return doc(
        id,
        day,
        outlet,
        title,
        DEBATE,
        {"Donald Trump": ["Donald Trump"], "Hillary Clinton": ["Hillary Clinton", "Clinton"]},
        events=[{"source": "Donald Trump", "target": "Hillary Clinton", "trigger": "attacked"}],
    )


@pytest.fixture()
def store(tmp_path):
    path = tmp_path / "corpus.duckdb"
    docs = [
        debate("d1", "2016-03-07", "NYT", "Trump and Clinton clash over trade at Michigan debate"),
        debate("d2", "2016-03-08", "Breitbart", "Trump, Clinton clash on trade at Michigan debate"),
        doc(
            "d3",
            "2016-03-20",
            "Politico",
            "Garland meets senators about the Supreme Court vacancy",
            [
                "Sen. Ted Cruz criticized Trump over his remarks on Garland.",
                "Clinton gains in a new national poll.",
            ],
            {
                "Sen. Ted Cruz": ["Sen. Ted Cruz"],
                "Trump": ["Trump"],
                "Clinton": ["Clinton"],
            },
            events=[{"source": "Sen. Ted Cruz", "target": "Trump", "trigger": "criticized"}],
            signals=[{"cue": "gains", "kind": "opportunity"}],
        ),
        doc(
            "d4",
            "2017-02-01",
            "NYT",
            "President Trump signs an order on immigration at the White House",
            [
                "Ted Cruz praised Donald Trump after the signing.",
                "Barack Obama endorsed Hillary Clinton long ago.",
            ],
            {
                "Ted Cruz": ["Ted Cruz"],
                "Donald Trump": ["Donald Trump"],
                "Barack Obama": ["Barack Obama"],
                "Hillary Clinton": ["Hillary Clinton"],
            },
            events=[
                {
                    "source": "Ted Cruz",
                    "target": "Donald Trump",
                    "trigger": "praised",
                    "cameo": "051",
                    "quad": 1,
                    "goldstein": 3.4,
                },
                {
                    "source": "Barack Obama",
                    "target": "Hillary Clinton",
                    "trigger": "endorsed",
                    "cameo": "051",
                    "quad": 1,
                    "goldstein": 3.4,
                    "factuality": "negated",
                },
            ],
            codes={"Donald Trump": "USAGOV"},
        ),
    ]
    with Store(path) as db:
        db.add_documents(docs)
        build(db)
    return path


def test_names_normalise_titles_initials_and_accents():
    assert normalize_name("Donald J. Trump") == "donald trump"
    assert normalize_name("Sen. Ted  Cruz") == "ted cruz"
    assert normalize_name("Martin O’Malley") == "martin omalley"
    assert normalize_name("José Andrés") == "jose andres"


def test_actors_become_distinct_corpus_entities_with_dated_roles(store):
    with Store(store, read_only=True) as db:
        trump, clinton = resolve(db, "Donald Trump"), resolve(db, "Hillary Clinton")
        assert trump.key == "Q22686" and clinton.key == "person:hillary clinton"
        # the surname alone (d3) is the full name's entity; "Sen. Ted Cruz" is Ted Cruz
        links = dict(
            db.con.execute(
                "SELECT a.name || '@' || l.doc_id, l.entity_id FROM corpus_actor_entities l"
                " JOIN actors a USING (doc_id, actor_id)"
            ).fetchall()
        )
        assert links["Clinton@d3"] == "person:hillary clinton"
        assert links["Sen. Ted Cruz@d3"] == links["Ted Cruz@d4"] == "person:ted cruz"
        roles = {
            r[0]: (r[1], r[2])
            for r in db.con.execute(
                "SELECT code, first_seen, last_seen FROM corpus_entity_roles"
                " WHERE entity_id = 'Q22686'"
            ).fetchall()
        }
        assert roles == {
            "USAELI": (date(2016, 3, 7), date(2016, 3, 20)),
            "USAGOV": (date(2017, 2, 1), date(2017, 2, 1)),
        }
        top = {r["entity_id"]: r for r in top_actors(db)}
        assert top["Q22686"]["documents"] == 4 and top["Q22686"]["code"] == "USAELI"


def test_one_happening_reported_by_two_outlets_is_one_event_cluster(store):
    with Store(store, read_only=True) as db:
        rows = db.con.execute(
            "SELECT num_articles, num_sources, num_mentions, first_seen, last_seen"
            " FROM corpus_event_cluster_stats"
            " WHERE source_entity = 'Q22686' AND target_entity = 'person:hillary clinton'"
        ).fetchall()
        assert rows == [(2, 2, 2, date(2016, 3, 7), date(2016, 3, 8))]
        stories = db.con.execute(
            "SELECT story_id, num_articles, num_sources FROM corpus_story_stats ORDER BY story_id"
        ).fetchall()
        assert ("d1", 2, 2) in stories and len(stories) == 3


def test_dyad_series_counts_clusters_and_mentions_and_drops_negated(store):
    with Store(store, read_only=True) as db:
        trump, clinton = resolve(db, "Donald Trump"), resolve(db, "Hillary Clinton")
        weeks = dyad_series(db, trump, clinton, by="week")
        assert weeks[0]["period"] == date(2016, 3, 7)
        assert (weeks[0]["clusters"], weeks[0]["mentions"], weeks[0]["outlets"]) == (1, 2, 2)
        assert weeks[0]["verbal_conflict"] == 1 and weeks[0]["a_to_b"] == 1
        obama = resolve(db, "Barack Obama")
        assert dyad_series(db, obama, clinton) == []
        negated = dyad_series(db, obama, clinton, factuality=["negated"], by="month")
        assert negated[0]["clusters"] == 1
        # code level: the pair of codes; country level: USA with itself is no dyad
        usa = resolve(db, "USAELI", level="code")
        assert usa.key == "USAELI"
        assert top_dyads(db, level="country") == []
        with pytest.raises(QueryError, match="no actor"):
            resolve(db, "Nobody Atall")


def test_incremental_build_equals_rebuild_and_reanalysis_replaces(store):
    def snapshot(db):
        return {
            t: sorted(
                map(str, db.con.execute(f"SELECT * EXCLUDE (built_at, terms) FROM {t}").fetchall())
            )
            if t == "corpus_documents"
            else sorted(map(str, db.con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in (
                "corpus_entities",
                "corpus_actor_entities",
                "corpus_documents",
                "corpus_event_clusters",
                "corpus_event_mentions",
                "corpus_stories",
            )
        }

    with Store(store) as db:
        before = snapshot(db)
        assert build(db).documents == 0 and pending_documents(db) == []
        result = build(db, rebuild=True)
        assert result.rebuilt and result.documents == 4
        assert snapshot(db) == before
        again = db.get_document("d2")
        db.add_documents([again])  # re-analysis: newer analyzed_at
        assert pending_documents(db) == ["d2"]
        build(db)
        assert snapshot(db) == before
        # the article that started a story, re-analysed while the story has others
        first = db.get_document("d1")
        db.add_documents([first])
        build(db)
        assert snapshot(db) == before


def test_assessment_for_a_focus_is_about_it_and_polar_for_it(store):
    with Store(store, read_only=True) as db:
        trump = resolve(db, "Donald Trump")
        found = assess_corpus(db, trump)
        assert {r["name"] for r in found["rivals"]} == {"Hillary Clinton", "Ted Cruz"}
        risks = {i["summary"] for i in found["risks"]}
        opps = {i["summary"] for i in found["opportunities"]}
        # Cruz criticizing Trump is a risk for him; Clinton's poll gain too (a rival's gain)
        assert any("criticized Trump" in s for s in risks)
        assert any("Clinton gains" in s for s in risks)
        assert any("praised Donald Trump" in s for s in opps)
        # his own attack on Clinton is no item of his
        assert not any("attacked Hillary" in s for s in risks | opps)
        clinton = assess_corpus(db, resolve(db, "Hillary Clinton"))
        assert any("Clinton gains" in i["summary"] for i in clinton["opportunities"])
        item = next(i for i in clinton["risks"] if "attacked" in i["summary"])
        assert (item["num_articles"], item["num_sources"]) == (2, 2)
        assert item["evidence"][0]["text"].startswith("Donald Trump attacked")


def test_changes_flag_a_surge_and_new_dyads_with_their_events(tmp_path):
    docs = []
    for week in range(8):
        day = date(2016, 1, 4 + 7 * week) if week < 4 else date(2016, 2, 1 + 7 * (week - 4))
        docs.append(debate(f"b{week}", day.isoformat(), "NYT", f"Quiet week {week} talks"))
    for k in range(6):
        docs.append(
            doc(
                f"s{k}",
                "2016-03-01",
                f"Outlet {k}",
                f"Cruz and Trump row number {k} about Garland",
                ["Sen. Ted Cruz criticized Trump again.", "Trump mocked Ted Cruz in reply."],
                {"Sen. Ted Cruz": ["Sen. Ted Cruz", "Ted Cruz"], "Trump": ["Trump"]},
                events=[
                    {"source": "Sen. Ted Cruz", "target": "Trump", "trigger": "criticized"},
                    {
                        "source": "Trump",
                        "target": "Sen. Ted Cruz",
                        "trigger": "mocked",
                        "cameo": "125",
                    },
                ],
            )
        )
    path = tmp_path / "c.duckdb"
    with Store(path) as db:
        db.add_documents(docs)
        build(db)
        found = changes(db, since="2016-02-29")
    flags = {(d["a_name"], d["b_name"]): d for d in found["dyads"]}
    assert any("Ted Cruz" in (a + b) for a, b in flags)
    cruz = next(d for k, d in flags.items() if "Ted Cruz" in k[0] + k[1])
    assert cruz["change"] == "new" and cruz["count"] == 2 and cruz["evidence"]
    assert cruz["evidence"][0]["articles"] == 6 and cruz["evidence"][0]["outlets"] == 6
    assert "criticized" in cruz["evidence"][0]["text"] or "mocked" in cruz["evidence"][0]["text"]
    assert any(
        a["entity_id"] == "person:ted cruz" and a["change"] == "emerging" for a in found["actors"]
    )


def test_stances_over_time_per_entity(tmp_path):
    d = doc(
        "t1",
        "2016-05-02",
        "NYT",
        "Trump on trade",
        ["Donald Trump opposes the trade deal."],
        {"Donald Trump": ["Donald Trump"]},
    )
    d.stances = [
        {"actor": "a1", "issue": "trade", "stance": "against", "evidence": {"start": 0, "end": 36}}
    ]
    with Store(tmp_path / "s.duckdb") as db:
        db.add_documents([d])
        build(db)
        rows = stance_series(db, actor=resolve(db, "Trump"))
    assert rows == [
        {
            "entity_id": "Q22686",
            "name": "Donald Trump",
            "issue": "trade",
            "period": date(2016, 5, 1),
            "favor": 0,
            "against": 1,
            "net": -1,
            "balance": -1.0,
            "articles": 1,
        }
    ]


def test_cli_dyads_actors_changes_and_exports(store, tmp_path):
    runner = CliRunner()
    s = ["--store", str(store)]
    r = runner.invoke(
        app,
        [
            "dyads",
            "--between",
            "Donald Trump",
            "Hillary Clinton",
            "--by",
            "week",
            "--format",
            "json",
            *s,
        ],
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows[0]["clusters"] == 1 and rows[0]["mentions"] == 2
    out = tmp_path / "series.parquet"
    r = runner.invoke(
        app, ["dyads", "--between", "Trump", "Clinton", "--format", "parquet", "-o", str(out), *s]
    )
    assert r.exit_code == 0 and pq.read_table(out).num_rows == 1
    r = runner.invoke(app, ["dyads", "--between", "Trump", "Clinton", "--format", "csv", *s])
    assert r.stdout.splitlines()[0].startswith("period,clusters,mentions")
    r = runner.invoke(app, ["actors", "top", "--format", "jsonl", *s])
    assert json.loads(r.stdout.splitlines()[0])["name"] == "Donald Trump"
    r = runner.invoke(app, ["dyads", "--between", "Trump", "Nobody Atall", *s])
    assert r.exit_code == 2 and "no actor 'Nobody Atall'" in r.output
    r = runner.invoke(app, ["dyads", "--limit", "0", *s])
    assert r.exit_code == 2 and "out of range" in r.output
    r = runner.invoke(app, ["changes", "--since", "2016-03-15", *s])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["corpus", "build", "--rebuild", *s])
    assert r.exit_code == 0 and "rebuilt: 4 document(s)" in r.output
    r = runner.invoke(app, ["outlets", "--focus", "Donald Trump", "--format", "json", *s])
    assert {o["outlet"] for o in json.loads(r.stdout)} == {"NYT", "Breitbart", "Politico"}


def test_corpus_report_markdown_and_html(store, tmp_path):
    from realpolitik.report.corpus import build_corpus_brief, corpus_report

    with Store(store) as db:  # an article whose title and text carry markup
        evil = doc(
            "x1",
            "2016-03-21",
            "Evil <script>alert(1)</script>",
            'Trump "><img src=x onerror=alert(1)> rally',
            ["Sen. Ted Cruz criticized Trump <script>alert(2)</script> in Iowa."],
            {"Sen. Ted Cruz": ["Sen. Ted Cruz"], "Trump": ["Trump"]},
            events=[{"source": "Sen. Ted Cruz", "target": "Trump", "trigger": "criticized"}],
        )
        db.add_documents([evil])
        build(db)
        brief = build_corpus_brief(db, "Donald Trump")
        md = corpus_report(db, focus="Donald Trump", format="md")
        page = corpus_report(db, focus="Donald Trump", format="html")
    assert brief["counts"] == {"articles": 5, "outlets": 4, "about_focus": 5}
    assert {d["b_name"] for d in brief["dyads"]} >= {"Hillary Clinton", "Ted Cruz"}
    for heading in (
        "## What changed",
        "## The dyads that matter",
        "## Opportunities for",
        "## Risks for",
        "## Outlets side by side",
    ):
        assert heading in md
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and page.count("<svg") == len(brief["dyads"])
    assert "http://" not in page and "https://" not in page  # one self-contained file


def test_report_command_chooses_the_corpus_report_for_a_store(store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "r.md"
    r = runner.invoke(
        app,
        ["report", "--store", str(store), "--focus", "Donald Trump", "--corpus", "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("# The dynamic around Donald Trump")
    r = runner.invoke(
        app,
        ["report", "--store", str(store), "--focus", "Donald Trump", "--documents", "-o", str(out)],
    )
    assert r.exit_code == 0 and out.read_text().startswith("# Opportunities and risks for")
    r = runner.invoke(app, ["report", "--store", str(store), "--focus", "Nobody Atall", "--corpus"])
    assert r.exit_code == 2


def test_listed_entities_join_a_party_and_its_members(tmp_path, monkeypatch):
    from realpolitik.corpus.entities import ActorRow, EntityIndex, load_known_entities

    index = EntityIndex(load_known_entities())

    def group(name: str, code: str | None = None) -> str:
        return index.resolve(ActorRow("d", "a1", name, code, None, "group", None))

    assert group("Republicans") == group("GOP") == group("the G.O.P.") == "Q29468"
    assert group("Democrats", "USAPTY") == group("Democratic Party") == "Q29552"
    assert group("Tea Party activists") == "-:tea party activist"
    own = tmp_path / "mine.yaml"
    own.write_text("- id: tea-party\n  name: Tea Party\n  aliases: [Tea Party activists]\n")
    monkeypatch.setenv("REALPOLITIK_ENTITIES", str(own))
    mine = EntityIndex(load_known_entities())
    assert mine.resolve(ActorRow("d", "a1", "Tea Party activists", None, None, "group", None)) == (
        "tea-party"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: no id\n")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_known_entities((str(bad),))


def test_places_are_no_party_to_a_dyad(tmp_path):
    d = doc(
        "p1",
        "2016-02-01",
        "NYT",
        "Cruz wins Iowa",
        ["Ted Cruz won Iowa and thanked Donald Trump."],
        {"Ted Cruz": ["Ted Cruz"], "Iowa": ["Iowa"], "Donald Trump": ["Donald Trump"]},
        events=[
            {"source": "Ted Cruz", "target": "Iowa", "trigger": "won", "cameo": "061", "quad": 2},
            {
                "source": "Ted Cruz",
                "target": "Donald Trump",
                "trigger": "thanked",
                "cameo": "051",
                "quad": 1,
            },
        ],
        codes={"Iowa": "USA"},
        kinds={"Iowa": "location"},
    )
    with Store(tmp_path / "l.duckdb") as db:
        db.add_documents([d])
        build(db)
        pairs = {(r["a_name"], r["b_name"]) for r in top_dyads(db)}
        assert pairs == {("Donald Trump", "Ted Cruz")}
        # still there when asked for by name
        assert dyad_series(db, resolve(db, "Ted Cruz"), resolve(db, "Iowa"))[0]["clusters"] == 1


def test_a_bad_entity_file_is_named_and_nothing_is_written(store, tmp_path, monkeypatch):
    bad = tmp_path / "entities.yaml"
    bad.write_text("- name: no id here\n")
    monkeypatch.setenv("REALPOLITIK_ENTITIES", str(bad))
    r = CliRunner().invoke(app, ["corpus", "build", "--rebuild", "--store", str(store)])
    assert r.exit_code == 2 and "entities.yaml: an entry lacks 'id'" in r.output
    with Store(store, read_only=True) as db:  # the tables built before are all still there
        assert db.con.execute("SELECT count(*) FROM corpus_documents").fetchone()[0] == 4


def test_changes_flag_a_dyad_that_cools(tmp_path):
    docs = []
    for k in range(8):
        hostile = k >= 4
        day = f"2016-02-{10 + k * 4:02d}" if not hostile else f"2016-03-{1 + (k - 4) * 4:02d}"
        docs.append(
            doc(
                f"c{k}",
                day,
                f"Outlet {k % 3}",
                f"Trump and Cruz, week {k}",
                ["Sen. Ted Cruz " + ("attacked" if hostile else "praised") + " Trump today."],
                {"Sen. Ted Cruz": ["Sen. Ted Cruz"], "Trump": ["Trump"]},
                events=[
                    {
                        "source": "Sen. Ted Cruz",
                        "target": "Trump",
                        "trigger": "attacked" if hostile else "praised",
                        "cameo": "190" if hostile else "051",
                        "quad": 4 if hostile else 1,
                        "goldstein": -10.0 if hostile else 3.4,
                    }
                ],
            )
        )
    with Store(tmp_path / "t.duckdb") as db:
        db.add_documents(docs)
        build(db)
        found = changes(db, since="2016-03-01")
    flags = {d["change"] for d in found["dyads"] if "Ted Cruz" in (d["a_name"], d["b_name"])}
    assert flags == {"cooling"}


def test_from_a_bar_of_the_series_to_its_sentences(store):
    with Store(store, read_only=True) as db:
        trump, clinton = resolve(db, "Donald Trump"), resolve(db, "Hillary Clinton")
        [week] = [w for w in dyad_series(db, trump, clinton, by="week") if w["clusters"]]
        from realpolitik.corpus.queries import dyad_clusters

        clusters = dyad_clusters(db, trump, clinton, period=week["period"], by="week")
        assert len(clusters) == week["clusters"] == 1
        (c,) = clusters
        assert (c["num_articles"], c["num_sources"]) == (2, 2)
        for m in c["mentions"]:
            text = db.get_document(m["doc_id"]).text
            assert text[m["trigger_start"] : m["trigger_end"]] == "attacked"
            assert " ".join(text[m["start"] : m["end"]].split()) == m["text"]
        with pytest.raises(QueryError, match="not a date"):
            dyad_clusters(db, trump, clinton, period="soon")
    r = CliRunner().invoke(
        app,
        [
            "dyads",
            "--between",
            "Trump",
            "Clinton",
            "--period",
            str(week["period"]),
            "--format",
            "json",
            "--store",
            str(store),
        ],
    )
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["mentions"][0]["trigger"] == "attacked"


def test_a_file_that_is_no_store_is_one_clear_error(tmp_path):
    bad = tmp_path / "garbage.duckdb"
    bad.write_bytes(b"\x00\xffnot a database" * 100)
    r = CliRunner().invoke(app, ["dyads", "--store", str(bad)])
    assert r.exit_code == 2 and r.output.count("is not a store: not a DuckDB file") == 1
    assert "Traceback" not in r.output
