"""From argument phrases to participants: which actor fills a role, one per listed actor.

An argument is an actor if a token of its phrase (nearest the head first, breadth first; not
into clauses or conjuncts, which are arguments of their own) lies in one of `doc._.actors`'
mentions, looked up in the document's token -> actor index (`DocState.index`). Listed
arguments give one participant each: conjuncts ("ties with A, B and C") and listed
countries of an agent ("the ambassadors of A, B and C": each country's GOV).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Actor
from .parse import participle
from .records import Participant
from .state import DocState


def participants(
    heads: list[Token], state: DocState, *, participles: bool = False, agents: bool = False
) -> list[Participant]:
    """The actors of argument phrases, one participant per listed actor: "ties with A, B
    and C" (the actor nearest the head and its conjuncts), "the ambassadors of A, B and C"
    (each country with the agent's sector). With `participles`, actors in participles on
    the phrase count ("memos sent by Bree"); with `agents`, "Ithilen's president" is
    Ithilen's agent (the knowledge base's code for "president")."""
    out: list[Participant] = []
    seen: set[tuple[int, str | None]] = set()

    def add(p: Participant) -> None:
        key = (id(p.actor), p.code)
        if p.actor is None or key not in seen:
            seen.add(key)
            out.append(p)

    index = state.index
    for h in heads:
        found = actor_token_near(h, state, participles=participles)
        if found is None and h.dep_ == "conj" and h.head.i < h.i:
            found = _of_phrase_on_first_conjunct(h, state)
        if found is None:
            add(Participant(None, h))
            continue
        actor = index[found.i]
        code = None
        if found.dep_ == "poss" and index[found.head.i] is None and agents and actor.code:
            # "Ithilen's president": the country's agent
            suffix = state.known.agent_code(found.head)
            code = actor.code + suffix if suffix and len(actor.code) == 3 else None
        add(Participant(actor, h if found.i == h.i else found, code))
        if found.i != h.i:
            for c in _listed_with(found, state):
                add(Participant(index[c.i], c, listed=True))
            continue
        for c in _listed_with(h, state):  # "Fornost and the evil Gondor" parsed as a modifier
            if index[c.i] is not actor:
                add(Participant(index[c.i], c))
        for p in _listed_agents(h, actor, state):
            add(p)
    return out


def _of_phrase_on_first_conjunct(h: Token, state: DocState) -> Token | None:
    """ "Ithilen's sheep and goats of Gondor": the parser hangs the last conjunct's "of"
    phrase on the first; it is the last conjunct's when the first has its own actor."""
    first = h.head
    if actor_token_near(first, state) is None:
        return None
    return next(
        (
            g
            for k in first.children
            if k.dep_ == "prep" and k.i > h.i and k.lower_ in ("of", "from")
            for g in k.children
            if g.dep_ == "pobj" and state.index[g.i] is not None
        ),
        None,
    )


def _listed_agents(h: Token, actor: Actor, state: DocState) -> list[Participant]:
    """ "the ambassadors of A, B and C": the agent's actor is A's; B and C get its sector."""
    index = state.index
    country = _agent_country(h, actor, state)
    if country is None:
        return []
    out = []
    suffix = actor.code[len(index[country.i].code) :]
    for c in _listed_with(country, state):
        other = index[c.i]
        if other is not index[country.i] and other.code and suffix:
            # the resolver may have given it an agent of the list already ("DEUGOV",
            # "GONLEG" in "lawmakers and officials in Fornost and Gondor"): the
            # country's part of its code with this agent's sector
            code = other.code[: len(index[country.i].code)] + suffix
            out.append(Participant(other, c, None if code == other.code else code))
    return out


def _listed_with(tok: Token, state: DocState) -> list[Token]:
    """Actors coordinated with `tok`: its conjuncts, or a modifier with its own "and" (the
    parser reads "Fornost and the evil Gondor" as a modifier of Gondor)."""
    index = state.index
    out = [c for c in tok.conjuncts if index[c.i] is not None]
    for k in tok.lefts:
        if (
            k.dep_ in ("nmod", "compound", "amod")
            and index[k.i] is not None
            and index[k.i] is not index[tok.i]
            and any(g.dep_ in ("cc", "conj") for g in k.children)
        ):
            out.append(k)
            out += [c for c in k.conjuncts if index[c.i] is not None and c.i != tok.i]
    listed = any(k.dep_ == "conj" for k in tok.children)
    for k in tok.rights:
        # "Mordor, the Shire, Fornost and Bree": the parser may read the second member of a
        # list of names as an appositive of the first
        if (
            k.dep_ == "appos"
            and tok.doc[k.left_edge.i - 1].text == ","
            and (listed or any(g.dep_ == "conj" for g in k.children))
            and index[k.i] is not None
            and index[k.i] is not index[tok.i]
            and index[k.i].code
            and index[tok.i].code
        ):
            out.append(k)
            out += [c for c in k.conjuncts if index[c.i] is not None and c.i != tok.i]
    return out


def _agent_country(head: Token, actor: Actor, state: DocState) -> Token | None:
    """The country whose agent the head is ("ambassadors of Arnor", "lawmakers in Gondor"):
    a listed actor in the head's "of"/"in"/"from" phrase whose code the agent's extends."""
    if not actor.code:
        return None
    index = state.index
    for k in head.children:
        if k.dep_ != "prep" or k.lower_ not in ("of", "in", "from"):
            continue
        for p in k.children:
            other = index[p.i] if p.dep_ == "pobj" else None
            if (
                other is not None
                and other is not actor
                and other.code
                and actor.code.startswith(other.code)
                and len(actor.code) > len(other.code)
                and any(index[c.i] is not None for c in p.conjuncts)
            ):
                return p
    return None


def actor_token_near(
    head: Token, state: DocState, max_depth: int = 5, participles: bool = False
) -> Token | None:
    """The token of the actor nearest the head of an argument phrase (breadth first, not
    into clauses or conjuncts, which are arguments of their own; with `participles`, into
    participles modifying a noun: "memos sent by Bree", "the roads leading into Mordor")."""
    index = state.index
    frontier = [head]
    for _ in range(max_depth + 1):
        nxt = []
        for t in frontier:
            if index[t.i] is not None:
                return t
            nxt += [
                k
                for k in t.children
                if k.dep_ not in ("conj", "cc", "relcl", "acl", "advcl", "ccomp", "punct")
                or (participles and participle(k))
            ]
        frontier = nxt
        if not frontier:
            break
    return None


# --- about participants ----------------------------------------------------------------


def coded(p: Participant | None) -> bool:
    """The participant is an actor with a code."""
    return p is not None and p.actor is not None and bool(p.actor.code)


def joint(sources: list[Participant]) -> bool:
    """Two or more distinct actors as a joint subject."""
    return len({id(s.actor) for s in sources if s.actor is not None}) >= 2


def same_country(a: Participant, b: Participant) -> bool:
    if a.actor is None or b.actor is None:
        return False
    ca, cb = (p.actor.country or (p.actor.code or "")[:3] for p in (a, b))
    return bool(ca) and ca == cb
