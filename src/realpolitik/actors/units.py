"""Names in the text (units) and what the knowledge base says they are on the document's day.

A unit is a dictionary match (`matcher.py`), an entity of the statistical NER, or both. Where
both see a name the knowledge base wins ("Trump" tagged ORG is still the person), except where
the entity has capitalised words of its own around places, role nouns or one-word entries:
"Bank of England", "Tufts University", "Kanye West" are not England, a university or the West.
The other steps ask of a unit what it names: an entry, an agent noun, a place and its country.
"""

from __future__ import annotations

from .codes import compose, is_country_only, split_code
from .kb import Agent, Entry
from .matcher import FUNCTION_WORDS, Match, Target
from .state import DocState, Unit

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
PLACE_WHATS = frozenset({"state", "capital", "city", "adjective"})
# Leader nouns are agents of the government even where the knowledge base has none.
LEADER_AGENT = Agent("leader", "~GOV", source="resolver: leader nouns")


def find_units(state: DocState) -> None:
    """Every name of the document, in text order, and the token index of them."""
    matches = state.tables.matcher.find(state.view)
    by_token: dict[int, list[Match]] = {}
    for m in matches:
        for t in range(m.start, m.end):
            by_token.setdefault(t, []).append(m)
    consumed: set[int] = set()  # matches read with an entity
    units: list[Unit] = []
    for ent in state.doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        inside = {id(m): m for t in range(ent.start, ent.end) for m in by_token.get(t, ())}
        found = sorted(inside.values(), key=lambda m: m.start_char)
        units.extend(_entity_units(state, ent.start, ent.end, ent.label_, found))
        consumed.update(inside)
    units.extend(Unit.of_match(m, None) for m in matches if id(m) not in consumed)
    units.sort(key=lambda u: (u.start_char, u.end_char))
    state.units = units
    state.unit_at = [None] * len(state.view.norms)
    for u in units:
        for t in range(u.start, u.end):
            if state.unit_at[t] is None:
                state.unit_at[t] = u


def _entity_units(
    state: DocState, start: int, end: int, label: str, found: list[Match]
) -> list[Unit]:
    """The units of an NER entity, given the dictionary matches inside it (text order)."""
    if not found:
        return [ner_unit(state, start, end, label)]
    tail = _titled_tail(state, start, end, label, found)
    if tail is not None:  # "Lossarnach President Imrazor" tagged ORG: a titled name
        return [*(Unit.of_match(m, None) for m in found), ner_unit(state, tail, end, "PERSON")]
    own = _ner_overrides(state, start, end, label, found)
    if own is not None:
        return [own]
    return [Unit.of_match(m, label) for m in found]


def ner_unit(state: DocState, start: int, end: int, label: str) -> Unit:
    """An NER entity as a unit, trimmed of leading symbols and a trailing possessive."""
    view = state.view
    while end - start > 1 and not view.texts[start][:1].isalnum():
        start += 1  # "’s xCloud" -> "xCloud"
    # "Anneliese Dodds" tagged NORP "Anneliese" and nothing: a name that runs on is a person.
    if end - start == 1 and label != "PERSON" and view.head[start] == end:
        nxt = end
        if (
            nxt < len(view.norms)
            and view.proper[nxt]
            and view.capitalised[nxt]
            and not view.ent_label[nxt]
            and view.capitalised[start]
            and not state.kb.adjectives.get(view.norms[start])
        ):
            end, label = end + 1, "PERSON"
    # A trailing possessive is not part of the name: "Trump’s" -> "Trump".
    if end - start > 1 and view.norms[end - 1] in ("'s", "'"):
        end -= 1
    return Unit(
        start, end, view.idx[start], view.idx[end - 1] + len(view.texts[end - 1]), (), label
    )


def _titled_tail(
    state: DocState, start: int, end: int, label: str, found: list[Match]
) -> int | None:
    """Where the person's name starts in an entity that NER took for an organisation
    but that is a state, a title and a name ("Lossarnach President Imrazor"), else None."""
    view, last = state.view, found[-1]
    if label == "PERSON" or last.end >= end or not any(t.what == "agent" for t in last.targets):
        return None
    if agent_named(state, last.targets[0].key) is None:
        return None
    if not all(view.capitalised[t] for t in range(last.start, last.end)):
        return None  # a title is written with capitals before a name ("President")
    if not all(view.proper[t] and view.capitalised[t] for t in range(last.end, end)):
        return None
    first = found[0]
    if first is last or not any(t.what in PLACE_WHATS or t.what == "entry" for t in first.targets):
        return None
    return last.end


def _ner_overrides(
    state: DocState, start: int, end: int, label: str, found: list[Match]
) -> Unit | None:
    """An NER entity that wins over the dictionary names inside it, or None (they win).

    The entity wins where it has capitalised words of its own and the names inside are
    only places, role nouns or one-word entries: "Bank of England", "Tufts University",
    "Kanye West" are not England, a university or the West. A known person inside makes
    the dictionary win ("The Putin-Trump Dynamic" is Putin and Trump), unless the entity
    is a person with another first name ("Melania Trump" is not Donald Trump).
    """
    view = state.view
    covered = {t for m in found for t in range(m.start, m.end)}
    own = [
        t
        for t in range(start, end)
        if t not in covered
        and view.capitalised[t]
        and view.texts[t][:1].isalpha()
        and view.norms[t] not in FUNCTION_WORDS
    ]
    if not own or _words_of_a_phrase(state, start, end, label, found, own):
        return None
    persons = [
        (m, e)
        for m in found
        for k in (t.key for t in m.targets if t.what == "entry")
        for e in state.kb.entries_named(k)
        if e.kind == "person"
    ]
    if persons:
        return _person_entity(state, start, end, label, found, own, persons)
    if any(_strong_name(state, m) for m in found):
        return None
    unit = ner_unit(state, start, end, label)
    unit.country = next((c for m in found if (c := country_of_targets(state, m.targets))), None)
    agents = [agent_named(state, t.key) for m in found for t in m.targets if t.what == "agent"]
    if unit.country and agents and agents[-1] is not None:
        unit.code = compose(unit.country, agents[-1].code)  # "Russian Defense Ministry"
    return unit


def _words_of_a_phrase(
    state: DocState, start: int, end: int, label: str, found: list[Match], own: list[int]
) -> bool:
    """An entity's own capitalised words that are no name: an adjective opening the sentence
    before a state ("Evil Mordor, ..."), or a nationality modifying a common noun ("Radical
    French farmers")."""
    view = state.view
    if (
        label == "PERSON"
        and own == [start]
        and view.sent_start[start]
        and view.norms[start] in state.tables.english_adjectives
        and all(is_place(state, Unit.of_match(m, None)) for m in found)
    ):
        return True
    last = found[-1]
    return (
        last.end == end
        and any(t.what == "adjective" for t in last.targets)
        and view.head[end - 1] >= end
        and view.pos[view.head[end - 1]] == "NOUN"
    )


def _person_entity(
    state: DocState,
    start: int,
    end: int,
    label: str,
    found: list[Match],
    own: list[int],
    persons: list[tuple[Match, Entry]],
) -> Unit | None:
    """An entity with a known person's name inside: the person (None: the dictionary wins),
    the person under a longer name ("Donald J. Trump"), or another person ("Melania Trump")."""
    view = state.view
    m, _ = persons[0]
    if label == "PERSON" and len(found) == 1 and m.end - m.start == 1:
        if own[0] < m.start < own[-1]:
            return ner_unit(state, start, end, label)  # "Omar Hassan al-Bashir"
    if label != "PERSON" or len(found) > 1 or m.end - m.start > 1 or own[-1] > m.start:
        return None
    first = view.norms[start]
    if any(e.name.split()[0].casefold() == first for _, e in persons):
        # "Donald J. Trump": the same man, named from the entity's first word
        return Unit(start, m.end, view.idx[start], m.end_char, m.targets, "PERSON")
    return ner_unit(state, start, end, label)


def _strong_name(state: DocState, m: Match) -> bool:
    """A dictionary name that wins over the entity around it: an entry of several words, or
    a metonym ("the Kremlin")."""
    entries = [t.key for t in m.targets if t.what == "entry"]
    if entries and m.end - m.start > 1:
        return True
    return any(e.metonym for key in entries for e in state.kb.entries_named(key))


# --- what a unit names ---------------------------------------------------------------------


def entry_of(state: DocState, unit: Unit, person: bool) -> Entry | None:
    """The entry a unit names: a person (or not), the one named in full in the document
    if any, else the one with a role in force on the day, the latest-loaded first."""
    candidates = [
        e
        for key in unit.keys("entry")
        for e in state.kb.entries_named(key)
        if (e.kind == "person") == person
    ]
    if not candidates:
        return None
    if person:
        for e in candidates:
            if e.id in state.persons_named:
                return e
        bearers = surname_bearers(state, unit, candidates)
        if bearers:  # the one named in full, else (several, or one the KB lacks) none
            return bearers[0] if len(bearers) == 1 else None
    in_role = [e for e in candidates if any(r.dated and r.covers(state.day) for r in e.roles)]
    return (in_role or candidates)[0]


def surname_bearers(state: DocState, unit: Unit, candidates: list[Entry]) -> list[Entry | None]:
    """The persons named in full in the document whose surname a one-word name is, where the
    knowledge base's persons of that name are known by that word alone: "Sen. Maggie Hassan
    ... Hassan said" is the senator, not Phoenix's bare "Hassan". None stands for a person the
    knowledge base lacks; empty where the name is no such surname."""
    if unit.end - unit.start != 1 or not candidates:
        return []
    bearers = state.surnames_named.get(state.view.norms[unit.start], [])
    if not bearers or any(" " in e.name.strip() for e in candidates):
        return []
    return bearers


def agent_named(state: DocState, key: str) -> Agent | None:
    """The agent noun of a key (a leader noun is one even where the knowledge base lacks it)."""
    return state.kb.agents.get(key) or (LEADER_AGENT if key in state.words.leader_nouns else None)


def first_agent(state: DocState, unit: Unit) -> Agent | None:
    """The first agent noun a unit names, if any."""
    return next(filter(None, (agent_named(state, key) for key in unit.keys("agent"))), None)


def agent_like(state: DocState, unit: Unit) -> bool:
    """A role noun: an agent match that names no entry, or one word that is both an agent
    and an institution's alias ("Senate": coded from context, not as the US Senate)."""
    if "agent" not in unit.whats:
        return False
    entries = [e for k in unit.keys("entry") for e in state.kb.entries_named(k)]
    if not entries:
        return True
    return unit.end - unit.start == 1 and not any(e.metonym or e.kind == "person" for e in entries)


def names_leader(state: DocState, unit: Unit) -> bool:
    """A name ending in a singular leader noun ("US President", "Russian Prime Minister")."""
    view, last = state.view, unit.end - 1
    words = (view.norms[last], " ".join(view.norms[max(unit.start, last - 1) : unit.end]))
    return view.tag[last] in ("NN", "NNP") and any(w in state.words.leader_nouns for w in words)


def is_place(state: DocState, unit: Unit) -> bool:
    """A state, region, capital, city or nationality (also as a place entry)."""
    if unit.whats & PLACE_WHATS:
        return True
    found = entry_of(state, unit, person=False) if unit.targets else None
    code = found.code_on(state.day) if found else None
    return found is not None and not found.metonym and is_country_only(code)


def ethnic_name(state: DocState, unit: Unit) -> bool:
    """A people's name the knowledge base marks as an ethnic group ("Yoruba")."""
    return any(key in state.kb.ethnic for key in unit.keys("adjective"))


def country_of_unit(state: DocState, unit: Unit) -> str | None:
    """The country a unit names or belongs to on the day."""
    if unit.country:
        return unit.country
    c = country_of_targets(state, unit.targets)
    if c:
        return c
    found = entry_of(state, unit, person=False) if unit.targets else None
    if found is None and unit.targets:
        found = entry_of(state, unit, person=True)
    if found is not None:
        code = found.code_on(state.day)
        return split_code(code)[0] if code else found.country
    return None


def country_of_targets(state: DocState, targets: tuple[Target, ...]) -> str | None:
    """The country of the first nationality, state, capital or city among a name's readings."""
    for t in targets:
        if t.what == "adjective":
            return adjective_country(state, t.key)
        if t.what in ("state", "capital", "city"):
            return place_country(state, t.key)
    return None


def place_country(state: DocState, key: str) -> str | None:
    """The country of a state, capital or city name on the document's date."""
    return state.kb.state_on(state.kb.places.get(key), state.day)


def adjective_country(state: DocState, key: str) -> str | None:
    """The country of a nationality adjective on the document's date."""
    return state.kb.state_on(state.kb.adjectives.get(key), state.day)


def surname_country(state: DocState, unit: Unit) -> str | None:
    """The country of most known persons with this surname, if most share one: "the
    Bush administration" is American, whichever Bush it was."""
    if unit.end - unit.start != 1:
        return None
    countries = state.tables.surnames.get(state.view.norms[unit.start])
    if not countries:
        return None
    (country, n), total = countries.most_common(1)[0], sum(countries.values())
    return country if n > total - n else None


# --- names that are no actors ----------------------------------------------------------------


def derived_from_name(state: DocState, unit: Unit) -> bool:
    """A word built on a known name: "Trumpworld", "Putinism" (not an actor)."""
    if unit.end - unit.start != 1:
        return False
    word = state.view.texts[unit.start]
    for cut in range(len(word) - 2, 3, -1):
        rest = word[cut:]
        if not rest.isalpha() or not rest.islower():
            continue
        for t in state.tables.matcher.names.get(word[:cut].casefold(), ()):
            if t.what == "entry":
                return True
    return False


def publisher(state: DocState, head: int) -> bool:
    """ "published by Osprey": the publisher of a book, not an actor of the text."""
    view = state.view
    by = view.head[head]
    if view.norms[by] != "by" or by == head:
        return False
    verb = view.head[by]
    return state.doc[verb].lemma_ in state.words.publishing_verbs
