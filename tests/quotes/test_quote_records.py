"""Quote records: typed inside the stage, and exactly the document JSON's quotes outside."""

from __future__ import annotations

import pytest

from realpolitik import analyze
from realpolitik.quotes.records import Content, Quote, Speaker
from realpolitik.records import Actor
from realpolitik.records import Span as TextSpan

QUOTE_KEYS = ["id", "kind", "speaker", "cue", "content"]
SPEAKER_KEYS = ["actor", "text", "start", "end", "code", "name"]
SPLIT = (
    "“We will not retreat,” the defence minister said on Tuesday, “whatever the cost to our "
    "economy.”\n\nBrown said that Moscow opposed sanctions."
)


@pytest.fixture(scope="module")
def example(example_path):
    return analyze(example_path.read_text("utf-8"), published="2025-03-07")


def test_example_quotes_round_trip_with_their_key_order(example):
    assert example.quotes
    for q in example.quotes:
        assert list(q) == QUOTE_KEYS
        if q["speaker"] is not None:
            assert list(q["speaker"]) == SPEAKER_KEYS
        assert list(q["content"]) == ["start", "end", "text"]
        quote = Quote.from_dict(q)
        assert quote.content.text == example.text[quote.content.start : quote.content.end]
        assert quote.to_dict() == q


def test_split_quote_keeps_its_parts():
    doc = analyze(SPLIT, published="2025-03-07")
    split = next(q for q in doc.quotes if "parts" in q["content"])
    quote = Quote.from_dict(split)
    assert [p.text for p in quote.content.parts] == [
        "“We will not retreat,”",
        "“whatever the cost to our economy.”",
    ]
    assert all(p.text == SPLIT[p.start : p.end] for p in quote.content.parts)
    assert list(split["content"]) == ["start", "end", "text", "parts"]
    assert quote.to_dict() == split


def test_records_give_the_document_json():
    brown = Actor("a2", "Sherrod Brown", code="USALEG")
    quote = Quote(
        "q1",
        "direct",
        Speaker.of(brown, 10, 15, "Brown"),
        TextSpan(16, 20, "said"),
        Content(0, 30, "“A,” Brown said, “B.”", (TextSpan(0, 4, "“A,”"), TextSpan(26, 30, "“B.”"))),
    )
    assert quote.to_dict() == {
        "id": "q1",
        "kind": "direct",
        "speaker": {
            "actor": "a2",
            "text": "Brown",
            "start": 10,
            "end": 15,
            "code": "USALEG",
            "name": "Sherrod Brown",
        },
        "cue": {"start": 16, "end": 20, "text": "said"},
        "content": {
            "start": 0,
            "end": 30,
            "text": "“A,” Brown said, “B.”",
            "parts": [
                {"start": 0, "end": 4, "text": "“A,”"},
                {"start": 26, "end": 30, "text": "“B.”"},
            ],
        },
    }
    unnamed = Speaker.of(None, 10, 15, "Brown").to_dict()
    assert unnamed == {
        "actor": None,
        "text": "Brown",
        "start": 10,
        "end": 15,
        "code": None,
        "name": None,
    }
    no_speaker = Quote("q2", "indirect", None, None, Content(0, 1, "x"))
    assert no_speaker.to_dict()["speaker"] is None
    assert Quote.from_dict(no_speaker.to_dict()) == no_speaker
