"""Where an event happened: a place named in a locative phrase of its trigger or clause.

"met Angela Merkel in Berlin": a GPE/LOC/FAC entity (or an organisation the actor knowledge
base knows as a place) after "in"/"at"/"near"..., with the country the knowledge base (or
the actor stage, for a place it resolved: "Samarra") gives it.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from .dates import clause_of, ents_within
from .parse import locative
from .state import DocState

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def location(tok: Token, state: DocState) -> dict[str, Any] | None:
    """The event's place, {"name", "country"}: in the trigger's phrase, else its clause's."""
    for head in (tok, clause_of(tok)):
        found = _place_in(head.left_edge.i, head.right_edge.i, state)
        if found:
            return found
    return None


def _place_in(lo: int, hi: int, state: DocState) -> dict[str, Any] | None:
    for ent in ents_within(state.ents, lo, hi):
        if ent.start < lo or ent.end - 1 > hi or ent.label_ not in PLACE_LABELS | {"ORG"}:
            continue
        root = ent.root
        if root.dep_ == "pobj" and locative(root.head):
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            country = state.known.country_of_place(name)
            actor = state.index[root.i] if root.i < len(state.index) else None
            if country is None and actor is not None and ent.label_ in PLACE_LABELS:
                country = actor.country  # a place the resolver located ("Samarra")
            if ent.label_ == "ORG" and country is None:
                continue  # an organisation, unless the knowledge base knows the place
            return {"name": name, "country": country}
    return None


def located_actor(tok: Token, state: DocState) -> dict[str, Any] | None:
    """A place the resolver coded (with its country) in a locative phrase of the trigger's
    clause ("near the town of Samarra", which the tagger may not call a place)."""
    for t in clause_of(tok).subtree:
        actor = state.index[t.i]
        if actor is None or not actor.country or t.dep_ != "pobj":
            continue
        if locative(t.head) and t.ent_type_ not in ("PERSON", "ORG"):
            return {"name": actor.name, "country": actor.country}
    return None
