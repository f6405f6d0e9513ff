"""Stance records: typed inside the stage, and exactly the document JSON's stances outside."""

from __future__ import annotations

import pytest

from realpolitik import analyze
from realpolitik.records import Actor
from realpolitik.records import Span as TextSpan
from realpolitik.stance.records import Member, Stance, polarity_name

STANCE_KEYS = [
    "actor",
    "code",
    "name",
    "members",
    "issue",
    "issue_label",
    "stance",
    "cue",
    "target",
    "evidence",
]


@pytest.fixture(scope="module")
def example(example_path):
    return analyze(example_path.read_text("utf-8"), published="2025-03-07")


def test_example_stances_round_trip_with_their_key_order(example):
    assert example.stances
    assert any(s["members"] for s in example.stances)
    for s in example.stances:
        assert list(s) == STANCE_KEYS
        stance = Stance.from_dict(s)
        assert stance.evidence.text == example.text[stance.evidence.start : stance.evidence.end]
        assert stance.to_dict() == s
        assert all(list(m) == ["actor", "code", "name"] for m in s["members"])


def test_records_give_the_document_json():
    tsargrad = Actor("a9", "Tsargrad TV", code="RUSMED")
    stance = Stance(
        actor="a8",
        code="RUS",
        name="Russian nationalist voices",
        members=(Member.of(tsargrad),),
        issue="peace_talks",
        issue_label="Peace talks",
        stance=polarity_name(-1),
        cue=None,
        target=TextSpan(30, 45, "peace agreement"),
        evidence=TextSpan(0, 80, "..."),
    )
    assert stance.to_dict() == {
        "actor": "a8",
        "code": "RUS",
        "name": "Russian nationalist voices",
        "members": [{"actor": "a9", "code": "RUSMED", "name": "Tsargrad TV"}],
        "issue": "peace_talks",
        "issue_label": "Peace talks",
        "stance": "against",
        "cue": None,
        "target": {"start": 30, "end": 45, "text": "peace agreement"},
        "evidence": {"start": 0, "end": 80, "text": "..."},
    }
    assert Stance.from_dict(stance.to_dict()) == stance
    assert [polarity_name(p) for p in (2, 0, -1)] == ["favor", "neutral", "against"]
