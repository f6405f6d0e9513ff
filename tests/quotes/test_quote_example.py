"""Speakers of the bundled example's attributions, resolved to its actors."""

import pytest

from realpolitik import analyze


@pytest.fixture(scope="module")
def quotes(example_path) -> dict[str, dict]:
    text = example_path.read_text("utf-8")
    doc = analyze(text, published="2025-03-07")
    by_cue = {}
    for q in doc.quotes:
        assert text[q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]
        by_cue.setdefault(q["cue"]["text"], q)
    return by_cue


def test_tabloid_remark_is_a_direct_quote_by_russian_media(quotes):
    q = quotes["remarked"]
    assert q["kind"] == "direct"
    assert q["content"]["text"] == "“Russia cannot conceal its malicious pleasure,”"
    assert "tabloid" in q["speaker"]["text"]
    assert q["speaker"]["code"] == "RUSMED"


def test_peskov_expressed_contentment_and_he_noted(quotes):
    expressed, noted = quotes["expressed"], quotes["noted"]
    assert expressed["content"]["text"].startswith("contentment at the apparent alignment")
    assert "Peskov" in expressed["speaker"]["text"]
    assert expressed["speaker"]["code"] == "RUSGOV"
    assert noted["speaker"]["text"] == "He"
    assert noted["speaker"]["actor"] == expressed["speaker"]["actor"]
    assert noted["content"]["text"].startswith("that while significant damage")


def test_nationalists_contend_and_they_warn(quotes):
    contend, warn = quotes["contend"], quotes["warn"]
    assert contend["content"]["text"] == "that any peace agreement now would signify defeat"
    assert "nationalist voices" in contend["speaker"]["text"]
    assert contend["speaker"]["actor"] is not None
    assert warn["speaker"]["text"] == "They"
    assert warn["speaker"]["actor"] == contend["speaker"]["actor"]


def test_technocrats_argue_for(quotes):
    q = quotes["argue for"]
    assert q["content"]["text"] == "seizing the opportunity to negotiate a resolution"
    assert "technocrats" in q["speaker"]["text"]
    assert q["speaker"]["actor"] is not None


def test_analyst_put_it_and_official_noting(quotes):
    put = quotes["put it"]  # the idiom's cue, as PolNeAR annotates it
    assert put["kind"] == "direct"
    assert put["content"]["text"].startswith("“You can attempt to steer Trump")
    assert put["speaker"]["text"] == "one seasoned Russian analyst"
    official = quotes["noting"]
    assert official["speaker"]["text"] == "a foreign ministry official"
    assert official["speaker"]["code"] == "RUSGOV"
