"""Attacks whose perpetrator is not named: the unidentified attackers of where they happened.

"A car bomb killed ...", "were killed by an IED in Baghdad": with no actor named as the
doer, CAMEO-family event data (ICEWS, PLOVER) code the unidentified armed forces (UAF) of
the country where the attack happened. The means of attack (`data/events/
unnamed_attackers.json`) or, in the passive with no agent, the trigger stands for them. The
actor is registered with the actor stage (`actors.unnamed.register_unnamed`), once per
country and document.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..actors.index import actor_mentions
from ..actors.unnamed import register_unnamed
from ..records import Mention
from .lexicon import MEANS_NOUNS
from .parse import locative
from .places import located_actor, location
from .records import Participant
from .state import DocState

# Attacks (CAMEO 18-20): a place of their means is no perpetrator.
ATTACK_ROOTS = frozenset({"18", "19", "20"})
# ... of them, the ones done by someone unnamed: assault (18), force, small arms, artillery,
# air strikes (190, 193-195), mass violence (20); not blockade, occupation or a ceasefire
# violation
UNNAMED_ATTACKS = ("18", "190", "193", "194", "195", "20")
UNNAMED_SECTOR = "UAF"


def attack_sources(
    tok: Token, code: str, sources: list[Participant], state: DocState
) -> list[Participant]:
    """The sources of an attack: not the place of its means ("a roadside bombing near the
    town of Samarra killed"); with no perpetrator named, the unidentified attackers of where
    it happened ("a car bomb killed ...", "were killed in Baghdad")."""
    sources = [s for s in sources if not _place_of_means(s.token)]
    if code.startswith(UNNAMED_ATTACKS) and not any(
        s.actor is not None and s.actor.code for s in sources
    ):
        unnamed = unnamed_attacker(tok, state)
        return [unnamed] if unnamed is not None else sources
    return sources


def unnamed_attacker(tok: Token, state: DocState) -> Participant | None:
    """The unidentified armed forces (UAF) of the country where an attack with no named
    perpetrator happened: its means ("a roadside bombing killed", "killed by an IED",
    "killed in a car bomb explosion") or, in the passive with no agent, the trigger
    stands for them."""
    found, means = _means(tok, state)
    if not found:
        return None
    place = location(tok, state) or located_actor(tok, state)
    country = place and place.get("country")
    if not country or len(country) != 3:
        return None
    doc = tok.doc
    head = means if means is not None else tok
    lo = means.left_edge.i if means is not None else tok.i
    while lo < len(doc) and doc[lo].pos_ in ("DET", "PUNCT", "ADP"):
        lo += 1
    hi = head.i + 1
    span = doc[min(lo, hi - 1) : hi]
    mention = Mention(span.start_char, span.end_char, span.text, "unnamed attacker")
    actor = state.unnamed.get(country)
    if actor is None:
        actor = state.unnamed[country] = register_unnamed(
            doc,
            f"unidentified attackers ({place['name']})",
            code=country + UNNAMED_SECTOR,
            country=country,
            sector=UNNAMED_SECTOR,
        )
    if not actor_mentions(doc, actor).starts_at(mention.start):
        actor.mentions.append(mention)
    return Participant(actor, head)


def _means(tok: Token, state: DocState) -> tuple[bool, Token | None]:
    """(the attack has an unnamed perpetrator, the means that stands for it if any)."""
    if tok.pos_ != "VERB":
        if tok.lemma_.lower() in MEANS_NOUNS:
            return True, tok  # "a suicide car bombing in central Baghdad"
        return False, None
    passive = any(k.dep_ in ("nsubjpass", "auxpass") for k in tok.children)
    agents = [g for k in tok.children if k.dep_ == "agent" for g in k.children]
    heads = [g for g in agents if g.dep_ == "pobj"]
    if not passive:
        heads += [k for k in tok.children if k.dep_ == "nsubj"]
    else:
        heads += [
            g
            for k in tok.children
            if k.dep_ == "prep" and k.lower_ in ("in", "by")
            for g in k.children
            if g.dep_ == "pobj"
        ]
    means = next(
        (h for h in heads if state.index[h.i] is None and h.lemma_.lower() in MEANS_NOUNS),
        None,
    )
    if means is None and (not passive or agents):
        return False, None  # a perpetrator named, if not as an actor ("damaged by mining")
    return True, means


def _place_of_means(tok: Token) -> bool:
    """The token stands in a locative phrase on a means of attack ("a roadside bombing near
    the town of Samarra")."""
    t = tok
    for _ in range(5):
        if t.head.i == t.i:
            return False
        if t.dep_ == "prep" and locative(t) and t.head.lemma_.lower() in MEANS_NOUNS:
            return True
        t = t.head
    return False
