"""build_brief on hand-made Documents: network, timeline, quotes, dates, focus, summary."""

from __future__ import annotations

import copy

import pytest
from report_fixtures import assessment_for, make_doc

from realpolitik.report import FocusError, build_brief, resolve_focus


def edges_by_pair(brief):
    return {(e["source"], e["target"]): e for e in brief["network"]["edges"]}


def test_network_counts_asserted_and_attempted_events_by_quad_class(doc):
    brief = build_brief([doc], "RUS")
    edges = edges_by_pair(brief)
    assert edges[("RUS", "USA")]["cooperation"] == 2  # quad classes 1 and 2
    assert edges[("RUS", "USA")]["conflict"] == 0
    assert edges[("RUS", "USA")]["goldstein"] == pytest.approx(4.0)
    assert edges[("RUS", "USA")]["triggers"] == ["welcomed", "praised"]
    assert edges[("UKR", "RUS")]["conflict"] == 1
    assert edges[("UKR", "RUS")]["goldstein"] == pytest.approx(-5.0)
    assert edges[("USA", "UKR")]["cooperation"] == 1  # attempted counts
    # negated, hypothetical, targetless and self-directed events do not
    assert ("RUS", "UKR") not in edges and ("USA", "RUS") not in edges
    assert ("RUS", "RUS") not in edges
    assert (brief["network"]["cooperation"], brief["network"]["conflict"]) == (3, 1)
    nodes = {n["code"]: n for n in brief["network"]["nodes"]}
    assert set(nodes) == {"RUS", "USA", "UKR"}
    assert nodes["RUS"]["focus"] and not nodes["USA"]["focus"]
    assert nodes["RUS"]["name"] == "Russia" and nodes["USA"]["name"] == "United States"


def test_the_focus_covers_its_sub_codes(corpus):
    brief = build_brief(corpus, "RUS")
    (dyad,) = [d for d in brief["timeline"]["dyads"] if d["counterpart"] == "USA"]
    assert dyad["events"] == 4  # USA and USAGOV are one counterpart, the United States
    brief = build_brief(corpus, "RUSGOV")
    assert not any(n["focus"] for n in brief["network"]["nodes"])


def test_timeline_only_for_documents_on_several_dates(doc, corpus):
    assert build_brief([doc], "RUS")["timeline"] is None
    same_day = [make_doc("x", "2025-03-01"), make_doc("y", "2025-03-01")]
    assert build_brief(same_day, "RUS")["timeline"] is None

    timeline = build_brief(corpus, "RUS")["timeline"]
    assert timeline["unit"] == "day"
    assert (timeline["first"], timeline["last"]) == ("2025-03-01", "2025-03-05")
    dyads = {d["counterpart"]: d for d in timeline["dyads"]}
    assert set(dyads) == {"USA", "UKR"}
    usa = {p["date"]: p for p in dyads["USA"]["points"]}
    assert len(usa) == 5  # every day of the range, empty days included
    assert (usa["2025-03-01"]["cooperation"], usa["2025-03-01"]["conflict"]) == (2, 0)
    assert (usa["2025-03-05"]["cooperation"], usa["2025-03-05"]["conflict"]) == (0, 2)
    assert usa["2025-03-05"]["goldstein"] == pytest.approx(-6.0)
    assert usa["2025-03-03"] == {
        "date": "2025-03-03",
        "cooperation": 0,
        "conflict": 0,
        "goldstein": None,
    }
    ukr = {p["date"]: p for p in dyads["UKR"]["points"]}
    assert ukr["2025-03-05"]["conflict"] == 1  # doc-c; doc-b has no UKR events


def test_a_long_corpus_counts_by_week():
    docs = [make_doc("a", "2025-01-01"), make_doc("b", "2025-04-30")]
    timeline = build_brief(docs, "RUS")["timeline"]
    assert timeline["unit"] == "week"
    assert timeline["first"] == "2024-12-30"  # the Monday of the first week


def test_quotes_by_or_about_the_focus_come_first(doc):
    quotes = build_brief([doc], "RUS")["quotes"]
    assert [q["text"] for q in quotes] == [
        "We are ready,",  # by the Kremlin (RUSGOV, under RUS)
        "Russia cannot be trusted",  # about Russia
        "Washington said the weather was fine",
        "The United States tried to mediate with Ukraine",  # no speaker: last
    ]
    first = quotes[0]
    assert (first["speaker"], first["code"], first["by_focus"]) == ("Kremlin", "RUSGOV", True)
    assert first["url"] == "https://news.example.org/talks" and first["published"] == "2025-03-01"
    assert quotes[1]["about_focus"] and not quotes[1]["by_focus"]
    assert quotes[-1]["speaker"] == "unattributed"


def test_quotes_by_factions_rank_up_and_copies_are_dropped(doc):
    doc.actors.append(doc.actors[2].__class__(id="a9", name="technocrats", code="RUSELI"))
    doc.quotes[0]["speaker"]["actor"] = "a9"  # the weather quote, now by a faction
    copy = make_doc("doc-copy", "2025-03-02")  # a syndicated copy: same quotes
    quotes = build_brief([doc, copy], "RUS", assessment=assessment_for(doc))["quotes"]
    texts = [q["text"] for q in quotes]
    assert texts[0] == "Washington said the weather was fine"  # focus + faction
    assert quotes[0]["by_faction"]
    assert len(texts) == len(set(texts))


def test_at_most_two_quotes_per_speaker(doc):
    doc.quotes = [copy.deepcopy(q) for q in doc.quotes[2:3] * 5 + doc.quotes[:1] * 3]
    for i, q in enumerate(doc.quotes):
        q["content"] = dict(q["content"], text=f"{q['content']['text']} {i}")
    quotes = build_brief([doc], "RUS")["quotes"]
    assert [q["speaker"] for q in quotes] == [
        "Kremlin",
        "Kremlin",
        "United States",
        "United States",
    ]


def test_date_range_filters_documents(corpus):
    undated = make_doc("undated", None)
    brief = build_brief([*corpus, undated], "RUS", since="2025-03-02", until="2025-03-31")
    assert [d["id"] for d in brief["documents"]] == ["doc-b", "doc-c"]
    assert brief["period"] == {
        "since": "2025-03-02",
        "until": "2025-03-31",
        "first": "2025-03-05",
        "last": "2025-03-05",
    }
    assert brief["timeline"] is None  # one date left
    assert len(build_brief([*corpus, undated], "RUS")["documents"]) == 4  # no range: all
    brief = build_brief(corpus, "RUS", until="2025-03-01")
    assert [d["id"] for d in brief["documents"]] == ["doc-a"]
    with pytest.raises(ValueError):
        build_brief(corpus, "RUS", since="March")


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [
        ("RUS", "RUS", "Russia"),
        ("RUSGOV", "RUSGOV", "Russia (government)"),
        ("Russia", "RUS", "Russia"),
        ("Putin", "RUSGOV", "Vladimir Putin"),
        ("rus", "RUS", "Russia"),
    ],
)
def test_focus_by_code_or_name(query, code, name):
    assert resolve_focus(query) == {"code": code, "name": name, "query": query}


@pytest.mark.parametrize("query", ["Xyzzyland", "", "QQQ"])
def test_an_unknown_focus_is_an_error(query, doc):
    with pytest.raises(FocusError, match="focus"):
        build_brief([doc], query)


def test_evidence_points_to_its_article(doc):
    brief = build_brief([doc], "Russia", assessment=assessment_for(doc))
    (opportunity,) = brief["assessment"]["opportunities"]
    (ev,) = opportunity["evidence"]
    assert ev["url"] == "https://news.example.org/talks"
    assert (ev["title"], ev["published"], ev["doc_id"]) == (
        "Talks and threats",
        "2025-03-01",
        "doc-a",
    )
    faction_ev = brief["assessment"]["factions"][0]["stances"][0]["evidence"][0]
    assert faction_ev["url"] == "https://news.example.org/talks"


def test_summary_is_written_from_the_data(doc):
    brief = build_brief([doc], "RUS", assessment=assessment_for(doc))
    summary = brief["summary"]
    assert summary.startswith("Across 1 article (1 March 2025)")
    assert (
        "1 opportunity for Russia, led by “Talks with the United States end Russia's isolation”"
        in summary
    )
    assert "the main risk is “Ukraine's distrust”" in summary
    assert "Factions disagree on peace negotiations (technocrats for, nationalists against)" in (
        summary
    )
    assert "4 events between coded actors: 3 cooperative, 1 conflictual" in summary
    assert "United States (2 events)" in summary

    nothing = {"opportunities": [], "risks": [], "factions": [], "stances": []}
    empty = build_brief([doc], "RUS", assessment=nothing)["summary"]
    assert "no opportunities or risks for Russia were identified" in empty


def test_counts_and_version(corpus):
    brief = build_brief(corpus, "RUS")
    assert brief["counts"]["documents"] == 3
    assert brief["counts"]["events"] == 8 + 2 + 1
    assert brief["counts"]["quotes"] == 12
    assert brief["version"]


def test_the_example_end_to_end(example_path):
    import realpolitik

    text = example_path.read_text(encoding="utf-8")
    doc = realpolitik.analyze(text, published="2025-03-07")
    brief = build_brief([doc], "RUS")
    assert brief["focus"]["code"] == "RUS" and brief["focus"]["name"] == "Russia"
    assert set(brief["assessment"]) >= {"opportunities", "risks", "factions", "stances"}
    edges = edges_by_pair(brief)
    assert edges[("RUSGOV", "USAGOV")]["cooperation"] >= 1  # the Kremlin welcomed Trump
    # each edge's evidence: the words of source, trigger and target, at their offsets
    welcomed = edges[("RUSGOV", "USAGOV")]["evidence"][0]
    assert welcomed["document"] == doc.id
    for part in ("source", "trigger", "target"):
        span = welcomed[part]
        assert text[span["start"] : span["end"]] == span["text"]
    assert (welcomed["source"]["text"], welcomed["trigger"]["text"]) == ("The Kremlin", "welcomed")
    assert brief["timeline"] is None
    assert brief["summary"].startswith("Across 1 article (7 March 2025)")
    assert all(q["doc_id"] == doc.id for q in brief["quotes"])
