"""Persons in American political news, with the shipped knowledge base: surnames join the
person named in full (or, shared by several, take their common code), honorifics do not stop
them, and an unknown official's country is never another actor's nationality. Each case was
found measuring PolNeAR (benchmarks/actor_coverage.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import realpolitik
from realpolitik.records import Actor, Document
from realpolitik.settings import Settings


def analyze(text: str, day: str, settings: Settings | None = None) -> Document:
    return realpolitik.analyze(text, published=day, settings=settings)


def holder(doc: Document, text: str) -> Actor:
    """The actor one of whose mentions is exactly `text` (the last such mention's)."""
    found = [a for a in doc.actors if any(m.text == text for m in a.mentions)]
    assert found, (text, [(a.name, [m.text for m in a.mentions]) for a in doc.actors])
    return found[-1]


def test_a_surname_is_the_person_named_in_full_not_a_one_word_entry() -> None:
    # Phoenix knows a Jordanian "Hassan" by that word alone; the senator is named in full.
    doc = analyze(
        "Sen. Maggie Hassan spoke on Tuesday. Hassan said the bill was flawed.", "2018-03-01"
    )
    hassan = holder(doc, "Hassan")
    assert (hassan.name, hassan.code, hassan.wikidata) == ("Maggie Hassan", "USALEG", "Q24053")
    assert not [a for a in doc.actors if (a.code or "").startswith("JOR")]


def test_a_surname_alone_is_still_the_known_person() -> None:
    # "Obama" is Barack Obama's alias: another Obama named in full does not take it.
    doc = analyze("Michelle Obama spoke in Ohio. Later Obama signed the bill.", "2015-06-01")
    assert holder(doc, "Obama").name == "Barack Obama"


def test_the_last_two_words_of_a_long_name_are_a_surname(tmp_path: Path) -> None:
    doc = analyze(
        "Gov. Juan Carlos Ortega Vellozzi spoke to reporters on Monday. "
        "Ortega Vellozzi said the bill was flawed.",
        "2016-03-01",
    )
    assert holder(doc, "Ortega Vellozzi").name == "Juan Carlos Ortega Vellozzi"
    # The Congress file lists "Wasserman Schultz" as her alias; a user's entry without it
    # (replacing it: same QID) still gets the surname through the document.
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- name: Debbie Wasserman Schultz\n  kind: person\n  wikidata: Q50104\n"
        "  country: USA\n  roles:\n    - {code: USALEG, start: 2005-01-04}\n",
        "utf-8",
    )
    doc = analyze(
        "Rep. Debbie Wasserman Schultz resigned on Sunday. Wasserman Schultz said she was sorry.",
        "2016-07-25",
        Settings().with_(actor_files=(str(mine),)),
    )
    dws = holder(doc, "Wasserman Schultz")
    assert (dws.name, dws.code, dws.wikidata) == ("Debbie Wasserman Schultz", "USALEG", "Q50104")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hillary Clinton and Bill Clinton arrived in Iowa. Clinton said it went well.", "USAELI"),
        ("Jeb Bush and George W. Bush met donors in Miami. Bush said it went well.", "USAELI"),
    ],
)
def test_a_surname_several_persons_share_takes_their_common_code(text: str, code: str) -> None:
    doc = analyze(text, "2016-03-01")
    surname = holder(doc, text.split(". ")[1].split()[0])
    assert surname.kind == "person" and surname.code == code and surname.wikidata is None
    full = [a for a in doc.actors if a.kind == "person" and " " in a.name]
    assert len(full) == 2 and all(len(a.mentions) == 1 for a in full)  # neither takes it


def test_a_surname_of_persons_with_different_codes_gets_none() -> None:
    doc = analyze(
        "Hillary Clinton and Chelsea Clinton arrived in Iowa. Clinton said it went well.",
        "2016-03-01",
    )
    assert not [a for a in doc.actors if a.name == "Clinton" and a.code]


@pytest.mark.parametrize("honorific", ["Mr.", "Mrs.", "Ms.", "Sen.", "Gov.", "Rep."])
def test_an_honorific_and_a_surname_join_the_full_name(honorific: str) -> None:
    doc = analyze(
        f"Jane Doemann met voters in Iowa. {honorific} Doemann spoke first.", "2016-03-01"
    )
    doemann = holder(doc, "Jane Doemann")
    assert len(doemann.mentions) == 2 and doemann.mentions[1].text.endswith("Doemann")
    doc = analyze(
        f"Bernie Sanders met voters in Iowa. {honorific} Sanders spoke first.", "2016-03-01"
    )
    assert len(holder(doc, "Bernie Sanders").mentions) == 2


def test_mrs_clinton_is_hillary_clinton() -> None:
    doc = analyze("Hillary Clinton met voters in Iowa. Mrs. Clinton spoke first.", "2016-03-01")
    clinton = holder(doc, "Mrs. Clinton")
    assert (clinton.name, clinton.wikidata) == ("Hillary Clinton", "Q6294")


@pytest.mark.parametrize(
    "text",
    [
        "Attorney General John Doemann met the Russian ambassador.",
        "The Russian ambassador met Attorney General John Doemann.",
        "Attorney General John Doemann met the Russian ambassador Sergey Kislyak.",
        "Attorney General John Doemann met Sergey Kislyak, the Russian ambassador.",
    ],
)
def test_an_unknown_official_takes_no_nationality_of_another_actor(text: str) -> None:
    doc = analyze(text, "2017-03-02")
    attorney = holder(doc, "Attorney General John Doemann")
    assert not (attorney.code or "").startswith("RUS") and attorney.country != "RUS"


def test_a_known_persons_country_is_the_knowledge_bases() -> None:
    doc = analyze(
        "Attorney General Jeff Sessions met the Russian ambassador Sergey Kislyak.", "2017-03-02"
    )
    assert holder(doc, "Attorney General Jeff Sessions").code == "USAGOV"
    assert holder(doc, "Sergey Kislyak").code == "RUSGOV"


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # a place named before them in their sentence, or in their own phrase
        (
            "In Chile, Judge Alejandro Rivera opened fraud investigations.",
            "Judge Alejandro Rivera",
            "CHLJUD",
        ),
        (
            "President Jimmy Moralez of Guatemala met Russian officials.",
            "President Jimmy Moralez",
            "GTMGOV",
        ),
        # else the country the text is about, an envoy's not counted
        (
            "Attorney General John Doemann met the Russian ambassador in Washington.",
            "Attorney General John Doemann",
            "USAGOV",
        ),
    ],
)
def test_an_unknown_officials_country_in_context(text: str, mention: str, code: str) -> None:
    assert holder(analyze(text, "2017-03-02"), mention).code == code


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Rep. Jane Doemann (R-Ohio) said the bill was flawed.", "Rep. Jane Doemann", "USALEG"),
        ("Sen. John Doemann of Ohio spoke.", "Sen. John Doemann", "USALEG"),
        ("Michigan Gov. Rick Snyder apologized.", "Michigan Gov. Rick Snyder", "USAGOV"),
        # a known person with no role in the knowledge base on the day: the title says it
        ("Gov. Maggie Hassan spoke in Concord.", "Gov. Maggie Hassan", "USAGOV"),
    ],
)
def test_abbreviated_titles_of_american_politicians(text: str, mention: str, code: str) -> None:
    assert holder(analyze(text, "2016-03-01"), mention).code == code
