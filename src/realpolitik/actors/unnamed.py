"""Actors the text does not name, registered by a later stage.

This is the actor stage's one entry point for actors that another stage needs: the event
stage codes an attack with no named perpetrator ("a car bomb killed ...") as done by the
unidentified attackers of the country where it happened, an actor no mention names. It
registers that actor here instead of editing `doc._.actors` itself, so the actor list has
one owner and the ids stay unique.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Actor

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


def register_unnamed(
    doc: Doc, name: str, *, code: str, country: str, sector: str, kind: str = "group"
) -> Actor:
    """Add an actor with no name in the text to `doc._.actors` under a fresh id and return it
    (the caller adds the words that stand for it to its `mentions`)."""
    actors = list(doc._.actors or [])
    taken = {a.id for a in actors}
    n = len(taken) + 1
    while f"a{n}" in taken:
        n += 1
    actor = Actor(f"a{n}", name, code=code, country=country, sector=sector, kind=kind)
    doc._.actors = [*actors, actor]
    return actor
