"""The event stage's typed records and its one call into the actor stage."""

from __future__ import annotations

import spacy

from realpolitik.actors.unnamed import register_unnamed
from realpolitik.events.records import Event, Participant
from realpolitik.records import Actor, Mention
from realpolitik.records import Span as TextSpan


def _doc():
    return spacy.blank("en")("Gondor attacked Mordor on Friday.")


def test_event_serialises_as_the_document_json_does():
    doc = _doc()
    gondor = Actor("a1", "Gondor", code="GON", mentions=[Mention(0, 6, "Gondor")])
    event = Event(
        source=Participant(gondor, doc[0]).placed(),
        target=Participant(None, doc[2]).placed(),
        cameo="190",
        factuality="asserted",
        trigger=TextSpan(7, 15, "attacked"),
        sentence=TextSpan(0, 33),
        pattern="verbs.jsonl:1",
        date="2025-03-07",
        bare=True,
        id="e1",
    )
    d = event.to_dict()
    assert list(d) == [
        "id",
        "source",
        "target",
        "cameo",
        "plover",
        "mode",
        "quad_class",
        "goldstein",
        "factuality",
        "date",
        "location",
        "trigger",
        "sentence",
        "pattern",
    ]  # `bare` is the stage's own; `model` only where the classifier gave an opinion
    assert d["source"] == {"actor": "a1", "text": "Gondor", "code": "GON", "start": 0, "end": 6}
    assert d["target"] == {"actor": None, "text": "Mordor", "code": None, "start": 16, "end": 22}
    assert (d["plover"], d["quad_class"]) == ("ASSAULT", 4)
    assert d["trigger"] == {"start": 7, "end": 15, "text": "attacked"}
    assert d["sentence"] == {"start": 0, "end": 33}
    event.recode("138", "local: a threat")
    assert event.to_dict()["cameo"] == "138" and event.pattern.endswith("; local: a threat")


def test_a_placed_participant_keeps_its_words_when_its_actor_gains_mentions():
    doc = _doc()
    actor = Actor("a9", "unidentified attackers", code="GONUAF")
    placed = Participant(actor, doc[0]).placed()
    actor.mentions.insert(0, Mention(0, 15, "Gondor attacked"))
    assert placed.to_dict()["text"] == "Gondor"


def test_unnamed_actors_are_registered_with_the_actor_stage_under_fresh_ids():
    doc = _doc()
    doc._.actors = [Actor("a1", "Gondor"), Actor("a3", "Mordor")]
    first = register_unnamed(
        doc, "unidentified attackers (Osgiliath)", code="GONUAF", country="GON", sector="UAF"
    )
    second = register_unnamed(
        doc, "unidentified attackers (Minas Morgul)", code="MORUAF", country="MOR", sector="UAF"
    )
    assert [a.id for a in doc._.actors] == ["a1", "a3", "a4", "a5"]
    assert doc._.actors[2:] == [first, second]
    assert (first.kind, first.sector, first.mentions) == ("group", "UAF", [])
