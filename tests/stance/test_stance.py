"""Stances, factions and the opportunities-and-risks assessment, on the real pipeline."""

from __future__ import annotations

import dataclasses

import pytest

from realpolitik import analyze
from realpolitik.pipeline import Analyzer
from realpolitik.records import Article
from realpolitik.stance.assess import assess, summarize
from realpolitik.stance.lexicon import LexiconError, load_lexicon


@pytest.fixture(scope="module")
def example(example_path):
    text = example_path.read_text(encoding="utf-8")
    art = Article(text=text, published="2025-03-07")
    return next(Analyzer().analyze([art]))


def _stances(doc):
    return {(s["name"], s["issue"], s["stance"]) for s in doc.stances}


def test_example_stances(example):
    got = _stances(example)
    assert ("Russian technocrats", "peace_talks", "favor") in got
    assert ("Russian nationalist voices", "peace_talks", "against") in got
    assert ("Dmitry Peskov", "bilateral_relations", "favor") in got
    assert ("Kremlin", "bilateral_relations", "favor") in got
    # Nobody in the example favours the war or opposes talks but the nationalists.
    against_talks = {n for n, i, s in got if i == "peace_talks" and s == "against"}
    assert against_talks == {"Russian nationalist voices"}
    nationalists = next(s for s in example.stances if s["name"] == "Russian nationalist voices")
    assert [m["name"] for m in nationalists["members"]] == ["Tsargrad TV"]


def test_stance_evidence_points_into_text(example):
    for s in example.stances:
        ev = s["evidence"]
        assert example.text[ev["start"] : ev["end"]] == ev["text"]
        if s["cue"]:
            assert ev["start"] <= s["cue"]["start"] < s["cue"]["end"] <= ev["end"]


def test_example_assessment_for_russia(example):
    result = assess([example], "RUS")
    opportunities, risks = result["opportunities"], result["risks"]
    assert 3 <= len(opportunities) <= 8 and 3 <= len(risks) <= 8
    assert [i["score"] for i in risks] == sorted((i["score"] for i in risks), reverse=True)
    opp_text = " ".join(i["evidence"][0]["text"] for i in opportunities)
    assert "diplomatic isolation" in opp_text and "waning" in opp_text
    assert "back” on the world stage" in opp_text
    # Trump's unpredictability is among the top risks.
    assert any("unpredictab" in i["evidence"][0]["text"] for i in risks[:3])
    for item in opportunities + risks:
        for ev in item["evidence"]:
            if "doc_id" in ev and ev["doc_id"] == example.id:
                assert example.text[ev["start"] : ev["end"]] == ev["text"]
        assert item["summary"] and len(item["summary"].split()) <= 32
    factions = {f["name"]: f for f in result["factions"] if f["country"] == "RUS"}
    assert {(r["issue"], r["stance"]) for r in factions["technocrats"]["stances"]} >= {
        ("peace_talks", "favor")
    }
    assert ("peace_talks", "against") in {
        (r["issue"], r["stance"]) for r in factions["nationalist voices"]["stances"]
    }
    assert "Tsargrad TV" in factions["nationalist voices"]["members"]
    # The divided camp shows as a risk.
    assert any("divided camp" in i["summary"] for i in risks)


def test_assessment_for_another_focus_differs(example):
    usa = assess([example], "USA")
    rus = assess([example], "RUS")
    assert [i["summary"] for i in usa["opportunities"]] != [
        i["summary"] for i in rus["opportunities"]
    ]
    assert assess([example], "BRA")["opportunities"] == []  # not in the article


def test_assessment_merges_across_documents(example):
    later = dataclasses.replace(example, id="copy", published="2025-03-20")
    result = assess([example, later], "RUS")
    top = result["risks"][0]
    assert top["count"] == 2
    assert (top["first_seen"], top["last_seen"]) == ("2025-03-07", "2025-03-20")
    assert result["documents"] == 2


def test_negation_flips_a_stance():
    said = analyze("Russia rejected the ceasefire proposal on Monday.", published="2024-05-06")
    assert ("Russia", "peace_talks", "against") in _stances(said)
    denied = analyze("Russia did not reject the ceasefire proposal.", published="2024-05-06")
    assert ("Russia", "peace_talks", "favor") in _stances(denied)


def test_undoing_an_issue_reverses_the_stance():
    doc = analyze(
        "The French government supports sanctions relief for Iran.", published="2016-01-20"
    )
    assert any(s["issue"] == "sanctions" and s["stance"] == "against" for s in doc.stances)


def test_summarize_drops_connectives_and_keeps_the_cue_clause():
    assert summarize("Yet, the risk of mishandling it also rises.") == (
        "The risk of mishandling it also rises."
    )
    long = (
        "While it is true that the Russians remain susceptible to the whims of an erratic "
        "U.S. President, for the moment, they are enjoying their time in the unpredictable "
        "realm of Trumpworld, as the analysts say, with no end in sight."
    )
    short = summarize(long, [(long.index("susceptible"), 2.0)])
    assert "susceptible" in short and len(short.split()) <= 31


def test_user_lexicon_extends_the_shipped_one(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "issues:\n  - id: fisheries\n    label: Fishing rights\n    terms: [fishing quota]\n",
        encoding="utf-8",
    )
    lex = load_lexicon((str(extra),))
    assert "fisheries" in lex.issues and "sanctions" in lex.issues
    bad = tmp_path / "bad.yaml"
    bad.write_text("issues: [{label: no id}]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.yaml"):
        load_lexicon((str(bad),))


def test_analyze_with_focus_stores_the_ranked_lists(example_path, tmp_path):
    import duckdb
    from typer.testing import CliRunner

    from realpolitik.cli import app

    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(example_path),
            "--published",
            "2025-03-07",
            "--focus",
            "Russia",  # a name, resolved to RUS
            "--store",
            str(store),
            "--output",
            str(tmp_path / "out.jsonl"),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT kind, count(*), min(focus), max(focus) FROM assessment_items GROUP BY kind"
        ).fetchall()
        stances = con.execute("SELECT count(*) FROM stances").fetchone()[0]
    counts = {kind: (n, lo, hi) for kind, n, lo, hi in rows}
    assert set(counts) == {"opportunity", "risk"}
    assert all(lo == hi == "RUS" and 3 <= n <= 8 for n, lo, hi in counts.values())
    assert stances >= 5


def test_analyze_with_an_unknown_focus_exits_2(example_path, tmp_path):
    from typer.testing import CliRunner

    from realpolitik.cli import app

    result = CliRunner().invoke(
        app,
        ["analyze", str(example_path), "--focus", "Narnia", "--quiet", "-o", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert "Narnia" in result.output


@pytest.mark.parametrize(
    "text, holder, issue",
    [
        ("Germany is weighing new sanctions against Iran, officials said.", "Germany", "sanctions"),
        ("China abstained on the sanctions vote at the Security Council.", "China", "sanctions"),
    ],
)
def test_a_holder_who_has_not_taken_a_side_is_neutral(text, holder, issue):
    doc = analyze(text, published="2016-01-20")
    assert (holder, issue, "neutral") in _stances(doc)
    # "sanctions against Iran": the preposition is not Germany's stance.
    assert not any(s["stance"] == "against" for s in doc.stances)
