"""The attribution component on real text, with the real model and parse."""

import pytest

from realpolitik import analyze


def quotes_of(text: str) -> list[dict]:
    return analyze(text, published="2025-03-07").quotes


def only(quotes: list[dict], cue: str) -> dict:
    found = [q for q in quotes if q["cue"] and cue in q["cue"]["text"]]
    assert len(found) == 1, [q["cue"] for q in quotes]
    return found[0]


def test_direct_quote_with_speaker_after():
    text = "“We will not accept these terms,” Foreign Minister Sergei Lavrov said on Monday."
    q = only(quotes_of(text), "said")
    assert q["kind"] == "direct"
    assert q["content"]["text"].strip("“”,") == "We will not accept these terms"
    assert "Lavrov" in q["speaker"]["text"]
    assert q["speaker"]["code"] == "RUSGOV"


def test_direct_quote_after_a_colon_cue():
    text = 'The minister told reporters: "The talks are over."'
    q = only(quotes_of(text), "told")
    assert q["kind"] == "direct"
    assert q["content"]["text"] == '"The talks are over."'


def test_split_quote_is_one_content_in_two_parts():
    text = (
        "“The sanctions are working,” the senator said, “and they must stay in place.” "
        "Nobody else spoke."
    )
    q = only(quotes_of(text), "said")
    assert q["kind"] == "direct"
    parts = [p["text"] for p in q["content"]["parts"]]
    assert parts == ["“The sanctions are working,”", "“and they must stay in place.”"]
    assert q["speaker"]["text"] == "the senator"


def test_multi_paragraph_quote():
    text = (
        "The president spoke at length. He said: “We have done more than anyone expected.\n\n"
        "“And we will do more next year.”\n\nThe crowd applauded."
    )
    q = only(quotes_of(text), "said")
    assert q["content"]["text"].startswith("“We have done")
    assert q["content"]["text"].endswith("next year.”")


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker"),
    [
        (
            "The prime minister said that the border would stay closed.",
            "said",
            "that the border would stay closed",
            "The prime minister",
        ),
        (
            "Analysts warned that the ceasefire could collapse within weeks.",
            "warned",
            "that the ceasefire could collapse within weeks",
            "Analysts",
        ),
        (
            "Opposition leaders argued that the election had been rigged.",
            "argued",
            "that the election had been rigged",
            "Opposition leaders",
        ),
    ],
)
def test_reported_speech(text, cue, content, speaker):
    q = only(quotes_of(text), cue)
    assert q["kind"] == "indirect"
    assert q["content"]["text"] == content
    assert q["speaker"]["text"] == speaker


def test_according_to():
    text = "The army lost two brigades in the offensive, according to Ukrainian officials."
    q = only(quotes_of(text), "according")
    assert q["cue"]["text"] == "according to"
    assert q["speaker"]["text"] == "Ukrainian officials"
    assert q["content"]["text"] == "The army lost two brigades in the offensive"


def test_offsets_point_into_the_text():
    text = "“Enough,” she said. The minister said that talks would resume."
    for q in quotes_of(text):
        for part in (q["cue"], q["content"], q["speaker"]):
            if part:
                assert text[part["start"] : part["end"]] == part["text"]


def test_text_without_speech_has_no_quotes():
    assert quotes_of("The river flooded the valley after three days of rain.") == []


def test_a_headline_does_not_attribute_the_next_paragraph():
    text = (
        "Kremlin warns Kyiv\n\n"
        "Kremlin spokesman Dmitry Peskov said that the talks would continue next week. "
        "“We are ready for dialogue,” Peskov told reporters."
    )
    quotes = quotes_of(text)
    said, told = only(quotes, "said"), only(quotes, "told")
    assert said["speaker"]["text"] == "Kremlin spokesman Dmitry Peskov"
    assert told["content"]["text"] == "“We are ready for dialogue,”"
    assert all(q["cue"]["text"] != "warns" or q["content"]["start"] < 20 for q in quotes)
