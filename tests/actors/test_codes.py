"""The actor-code helpers every stage shares, and the word lists the actor component reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.actors.codes import (
    agent_sectors,
    alternatives,
    compose,
    counterpart,
    in_focus,
    is_code,
    is_country_only,
    is_state_code,
    segments,
    split_code,
)
from realpolitik.actors.fields import KBError
from realpolitik.actors.words import Words, load_words


def test_codes_split_into_three_letter_parts() -> None:
    assert segments("IGOUNOMIL") == ["IGO", "UNO", "MIL"]
    assert split_code("RUSGOV") == ("RUS", "GOV")
    assert split_code("~GOV") == ("GOV", None)
    assert split_code(None) == (None, None)
    assert agent_sectors("~MUSRAD") == ["MUS", "RAD"]
    assert agent_sectors("NGO~") == []
    assert alternatives("FRO/ BIL/SAM") == ["FRO", "BIL", "SAM"]


def test_agent_codes_compose_with_a_country() -> None:
    assert compose("RUS", "~GOV") == "RUSGOV"
    assert compose("RUS", "NGO~") == "NGORUS"
    assert compose("ARN", "NGO~GOV") == "NGOARNGOV"
    assert compose("RUS", None) == "RUS"
    assert compose(None, "~GOV") is None
    assert compose(None, "NGO~GOV") is None
    assert compose(None, "NGO~") == "NGO~"


def test_what_a_code_names() -> None:
    assert is_country_only("RUS") and is_country_only("EUR")
    assert not is_country_only("IGO") and not is_country_only("RUSGOV")
    assert is_state_code("RUS") and is_state_code("USRARM")
    assert not is_state_code("GOV") and not is_state_code("RUSGOV")
    assert is_code("RUSGOV", {"RUS"}) and is_code("IGOUNOMIL", set())
    assert not is_code("RUSSIA", {"RUS"}) and not is_code("Rus", {"RUS"})


def test_focus_and_counterpart() -> None:
    assert in_focus("RUSGOV", "RUS") and not in_focus(None, "RUS")
    assert counterpart("UKRMIL", "RUS") == "UKR"
    assert counterpart("RUSMED", "RUSGOV") == "RUSMED"
    assert counterpart("IGOUNO", "RUS") == "IGOUNO"


def test_word_lists_load_and_name_a_broken_file(tmp_path: Path) -> None:
    words = load_words()
    assert "prime minister" in words.leader_nouns
    assert words.leader_titles["president"] == ("president", "head of state")
    broken = tmp_path / "words.yaml"
    broken.write_text("people_heads: [officials]\n", encoding="utf-8")
    with pytest.raises(KBError, match="lists missing"):
        Words.read(broken)
