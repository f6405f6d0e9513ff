"""Agent phrases: a role noun with its modifiers is a generic actor, coded compositionally.

"a popular Russian tabloid" (RUSMED), "Russian police" (RUSCOP), "Israeli intelligence
officials" (ISR + SPY + GOV). A phrase is read in steps:

1. its head and extent: the agent noun, or the noun it modifies ("nationalist voices"), and
   the modifiers before it ("Montenegro's prime minister", "French and Egyptian warships");
2. the names in it: agents, places and nationalities, persons ("the Bush administration"),
   an unknown people ("Shona rebels"), an organisation ("a WeWork spokesperson");
3. its country: written in it, after it ("the president of Armenia", "rebels in the Ivory
   Coast"), in the state its people flee, or left to context ("the technocrats");
4. whose it is: an organisation's member ("a spokesperson for the NYAG"), a title in
   apposition to a person ("Niger's ambassador Brah Mohamane"), else an actor of its own.

Coordinated nationalities share the agent noun ("US and British forces": USAMIL, GBRMIL) and
so do places listed after it ("lawmakers in Fornost and Gondor": FORLEG, GONLEG).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax import ARGUMENTS, NOUN_MODIFIERS, NOUN_PHRASE, PHRASE_OPENERS
from .codes import compose, split_code
from .generic import code_generic, combined, context_codable
from .kb import Agent
from .linking import Reading
from .persons import appositive_person, attach_title, is_person
from .places import (
    conjunct_places,
    country_after,
    object_unit,
    origin_of,
    place_of,
    shared_places,
    subject_place,
)
from .state import DocState, Unit, add, reading_at, units_between, word_end
from .units import (
    agent_like,
    country_of_unit,
    entry_of,
    ethnic_name,
    first_agent,
    is_place,
    surname_country,
)


@dataclass(eq=False)
class _Phrase:
    """An agent noun's phrase as it is read: its extent, the names in it, its country."""

    unit: Unit  # the agent noun's name
    h: int  # the head noun
    np_end: int  # the last token whose modifiers belong to the phrase
    modifier: bool  # the phrase modifies a common noun ("Israeli police custody")
    leader_noun: bool  # "the Russian leader", "the president"
    left: int  # the phrase's first token
    start: int  # its description's first token (not "the", "some 800,000")
    end: int = 0
    end_char: int = 0
    units: list[Unit] = field(default_factory=list)
    agent: Agent | None = None  # the head's agent, combined with the modifiers' ones
    agents: list[Agent] = field(default_factory=list)
    country: str | None = None
    places: list[tuple[Unit, str]] = field(default_factory=list)
    org: Unit | None = None  # an organisation named in it ("a WeWork spokesperson")
    people: bool = False  # an unknown people named in it ("Tamil civilian refugees")
    where: Unit | None = None  # a place after it ("rebels in the Ivory Coast")
    of_place: Unit | None = None  # "the president of Armenia"
    more: list[tuple[Unit, str]] = field(default_factory=list)  # places listed after those
    inferred: bool = False  # the country is said outside the phrase


def read_agent_phrase(state: DocState, unit: Unit) -> None:
    """A generic actor: an agent noun with its modifiers ("a popular Russian tabloid")."""
    phrase = _phrase_at(state, unit)
    if phrase is None or not _read_names(state, phrase):
        return
    _settle_agent(state, phrase)
    if not _find_country(state, phrase):
        return
    reading = _reading(state, phrase)
    if not _read_as_member_or_title(state, phrase, reading):
        _code_phrase(state, phrase, reading)


# --- 1: head and extent ---------------------------------------------------------------------


def _phrase_at(state: DocState, unit: Unit) -> _Phrase | None:
    """The phrase of an agent noun, or None where it is no actor of its own: a modifier of a
    later agent noun or of a name (read with them), or a predicate ("Russia is a global
    leader")."""
    view = state.view
    h = unit.end - 1
    np_end = h  # the last token whose modifiers belong to the phrase
    modifier = False  # "Israeli police custody": an actor only with its nationality
    if view.dep[h] in NOUN_MODIFIERS and view.head[h] > h:
        g = view.head[h]
        owner = state.unit_at[g]
        if owner is not None and "agent" in owner.whats and not owner.used:
            return None  # a modifier of a later agent: read with that phrase
        if owner is not None and _organisation_of_place(state, unit, owner):
            return None  # "MSF Arnor": NGO~ + ARN -> NGOARN
        if owner is not None:
            return None  # a person's title (read with the person) or a name's word
        if view.norms[g] in state.words.people_heads:
            h = np_end = g
        else:
            np_end, modifier = g, True
    if not modifier and view.dep[h] not in ARGUMENTS:
        return None  # a predicate ("Russia is a global leader"), not an actor
    leaders = state.words.leader_nouns
    leader_noun = view.norms[h] in leaders or " ".join(view.norms[h - 1 : h + 1]) in leaders
    left = _phrase_left(state, h, np_end)
    start = left
    while start < h and (
        view.dep[start] in PHRASE_OPENERS or view.pos[start] in ("DET", "NUM", "PUNCT")
    ):
        start += 1
    return _Phrase(unit, h, np_end, modifier, leader_noun, left, min(start, unit.start))


def _phrase_left(state: DocState, h: int, np_end: int) -> int:
    """The first token of the noun phrase headed by `h` (its modifiers up to `np_end`)."""
    view = state.view
    left = h
    first = view.sent_first[h]
    while left - 1 >= first:
        k = left - 1
        head = view.head[k]
        if view.dep[k] == "case" and head == k - 1 and k - 1 < view.head[k - 1] <= np_end:
            left = k  # "Montenegro's prime minister": the "'s" of a possessor
            continue
        if view.dep[k] in ("conj", "cc"):
            # Coordinated modifiers: "French and Egyptian warships", "US and British
            # forces" — the coordination's first member modifies the head noun.
            j = k
            while view.dep[j] in ("conj", "cc") and view.head[j] < j:
                j = view.head[j]
            if j < k and view.dep[j] in NOUN_PHRASE and j < view.head[j] <= np_end:
                left = j
                continue
            break
        if view.dep[k] not in NOUN_PHRASE or not (k < head <= np_end):
            break
        owner = state.unit_at[k]
        if _people_word(state, k):
            left = k  # "Turkish Kurd refugees": a people's name, not a person's
            continue
        if owner is not None and is_person(state, owner):
            # "the Bush administration": a leader's government, coded with its country;
            # otherwise a person before an agent noun is no part of the phrase.
            if view.norms[h] not in state.words.government_nouns or head != h:
                break
            left = owner.start
            continue
        left = k
    return left


def _people_word(state: DocState, k: int) -> bool:
    """One unknown capitalised word (untagged or tagged PERSON) between a nationality
    adjective and the noun it modifies ("Turkish Kurd refugees"): a people, not a
    person or an organisation."""
    view, unit = state.view, state.unit_at[k]
    if k == 0 or not view.proper[k]:
        return False
    if unit is not None and (unit.targets or unit.label != "PERSON" or unit.end - k != 1):
        return False
    before = state.unit_at[k - 1]
    return (
        before is not None
        and "adjective" in before.whats
        and view.dep[k] == "compound"
        and view.head[k] > k
    )


def _organisation_of_place(state: DocState, unit: Unit, place: Unit) -> bool:
    """An organisation-type agent (`NGO~`) naming a state's branch of it: "MSF Arnor"
    (NGOARN). Read as one actor; False if `unit` is not such an agent before a state."""
    if place.used or place.start != unit.end or not is_place(state, place):
        return False
    agent = first_agent(state, unit)
    country = country_of_unit(state, place)
    if agent is None or not country or not agent.code.endswith("~"):
        return False
    if "~" in agent.code[:-1]:
        return False
    unit.used = place.used = True
    code = compose(country, agent.code)
    add(
        state,
        (unit.start, place.end, unit.start_char, place.end_char),
        ("code", code),
        state.text[unit.start_char : place.end_char],
        code,
        "organization",
        "agent",
        place.end - 1,
        rank=1,
    )
    return True


# --- 2: the names in the phrase -------------------------------------------------------------


def _read_names(state: DocState, phrase: _Phrase) -> bool:
    """Sort the names of the phrase into agents, places, persons, an unknown people and an
    organisation; False if none is an agent noun (no actor)."""
    phrase.units = units_between(state, phrase.left, phrase.h + 1, mark=False)
    for u in phrase.units:
        if agent_like(state, u):
            found = first_agent(state, u)
            if found is not None:
                phrase.agents.append(found)
                phrase.agent = found
            u.used = True
        elif is_place(state, u) and _against(state, u):
            u.used = True  # "an anti-Syria journalist" is not Syrian
        elif is_place(state, u):
            place_country = country_of_unit(state, u)
            phrase.country = phrase.country or place_country
            if place_country:
                phrase.places.append((u, place_country))
            u.used = True
        elif u.label == "PERSON" or is_person(state, u):  # "Trump administration officials"
            phrase.country = (
                phrase.country or country_of_unit(state, u) or surname_country(state, u)
            )
        elif not u.targets and u.label in ("NORP", "GPE") and u.end - u.start == 1:
            phrase.people = u.used = True  # "Shona rebels": a people the knowledge base lacks
        else:
            phrase.org = u  # "a WeWork spokesperson", "Kremlin officials": the organisation's
    return phrase.agent is not None


def _against(state: DocState, unit: Unit) -> bool:
    """A place written after "anti-" ("anti-Syria", "anti-American"): it is opposed, not
    the actor's own."""
    view, k = state.view, unit.start
    if k >= 2 and view.norms[k - 1] == "-" and view.norms[k - 2] == "anti":
        return True
    return view.texts[k].casefold().startswith("anti-")


def _settle_agent(state: DocState, phrase: _Phrase) -> None:
    """One agent for the phrase: its agents combined ("Danish Islamist media": ~MUSMED), a
    conjunct's modifiers shared, an ethnic group's leaders as elites."""
    view, h, words = state.view, phrase.h, state.words
    org, country = phrase.org, phrase.country
    if org is not None and country and view.norms[h] in words.government_nouns:
        code = entry_of(state, org, person=False).code_on(state.day) if org.targets else None
        if not code or split_code(code)[0] == country:
            org.used = True  # "Nicaragua's Sandinista government": the state's government
            phrase.org = None
    if country and len(phrase.places) == 1 and phrase.org is None and not phrase.people:
        state.phrase_modifiers[h] = (country, phrase.agents[:-1])
    elif country is None and len(phrase.agents) == 1 and phrase.org is None and not phrase.people:
        # "the Danish Islamist media and government": the conjunct shares the first
        # noun's nationality and modifiers (DNKMUSGOV).
        g = view.head[h]
        if view.dep[h] == "conj" and g < h and g in state.phrase_modifiers:
            phrase.country, modifiers = state.phrase_modifiers[g]
            phrase.agents = [*modifiers, *phrase.agents]
    if len(phrase.agents) > 1:  # "Israeli intelligence officials": ISR + SPY + GOV
        phrase.agent = combined(phrase.agents)
    agent = phrase.agent
    if (
        phrase.places
        and all(ethnic_name(state, u) for u, _ in phrase.places)
        and (phrase.leader_noun or agent.code[:4] in words.leadership_agents)
    ):
        # An ethnic group has no government: its leaders and politicians are elites
        # ("Yoruba leaders", "Hausa politicians": NGAELI).
        phrase.agent = Agent(agent.phrase, "~ELI", agent.aliases, "resolver: ethnic group leaders")


# --- 3: its country -------------------------------------------------------------------------


def _find_country(state: DocState, phrase: _Phrase) -> bool:
    """The phrase's country, where it is written outside the phrase too; False for a
    modifier with no nationality ("media coverage"): no actor."""
    view, h = state.view, phrase.h
    if phrase.country is None:
        phrase.country = country_after(state, h)  # "the president of Armenia"
        if phrase.country is not None:
            phrase.of_place = object_unit(state, h, ("of", "from"))
    conjuncts = _coordinated_places(state, phrase.places, phrase.start, h)
    if conjuncts:  # "US and British forces": USAMIL and GBRMIL
        *earlier, (last, phrase.country) = conjuncts
        phrase.start = last.start
        for u, c in earlier:
            _add_conjunct(state, u, c, phrase.agent, h)
    if phrase.modifier and phrase.country is None:
        return False  # "media coverage": a modifier with no nationality is no actor
    phrase.end, phrase.end_char = h + 1, word_end(view, h)
    if phrase.country is None and not phrase.modifier:
        _country_outside(state, phrase)
    # Places coordinated with the phrase's place: one actor each, with the same agent
    # ("lawmakers in Fornost and Gondor", "the ambassadors of Arnor, Osgiliath and Gondor").
    listed = phrase.where or phrase.of_place
    phrase.more = conjunct_places(state, listed) if listed else []
    if phrase.where is not None:
        state.phrase_places[h] = [(phrase.where, phrase.country), *phrase.more]
    return True


def _country_outside(state: DocState, phrase: _Phrase) -> None:
    """The country of a phrase that writes none: the place after it ("rebels in the Ivory
    Coast"), the state its people flee or act in ("refugees fleeing the civil war in
    Liberia", "Hundreds of thousands of people blocked streets in Hong Kong"), or the places
    of the agent noun it is coordinated with ("lawmakers and officials in Fornost")."""
    view, h = state.view, phrase.h
    where = phrase.where = place_of(state, h)
    if where is not None:  # the place is the phrase's
        phrase.country = country_of_unit(state, where)
        where.used = True
        if not any(view.dep[t] == "conj" for t in range(h + 1, where.start)):
            phrase.end, phrase.end_char = where.end, where.end_char  # not over "and officials"
        return
    phrase.country = origin_of(state, h) or subject_place(state, h)
    phrase.inferred = phrase.country is not None
    if phrase.country is None:
        shared = shared_places(state, h)
        if shared:
            phrase.country = shared[0][1]


def _coordinated_places(
    state: DocState, places: list[tuple[Unit, str]], start: int, h: int
) -> list[tuple[Unit, str]]:
    """The places of a phrase when they are coordinated modifiers of different countries
    ("French and Egyptian warships"), else nothing (one actor: "U.S.-Russian talks")."""
    view = state.view
    if len({c for _, c in places}) < 2:
        return []
    if not any(view.dep[t] == "cc" for t in range(start, h)):
        return []
    if any(places[i][0].start == places[i + 1][0].start for i in range(len(places) - 1)):
        return []  # parts of one hyphenated word
    return places


def _add_conjunct(state: DocState, unit: Unit, country: str, agent: Agent, h: int) -> None:
    """An earlier member of coordinated modifiers, an actor of its own with the shared
    head noun: "US" in "US and British forces" is USAMIL, named "US forces"."""
    code = compose(country, agent.code)
    reading = Reading(
        unit.start,
        unit.end,
        unit.start_char,
        unit.end_char,
        key=("generic", code, state.doc[h].lemma_.casefold()),
        name=f"{state.text[unit.start_char : unit.end_char]} {state.view.texts[h]}",
        code=code,
        kind="group",
        rule="agent",
        head=unit.end - 1,
        rank=1,
        country=country,
        agent=agent,
    )
    state.readings.append(reading)


# --- 4: whose it is, and its code -----------------------------------------------------------


def _reading(state: DocState, phrase: _Phrase) -> Reading:
    """The phrase as a mention, named by its words ("a popular Russian tabloid")."""
    view, start = state.view, phrase.start
    reading = Reading(
        start,
        phrase.end,
        view.idx[start],
        phrase.end_char,
        key=("generic",),
        name=state.text[view.idx[start] : phrase.end_char],
        code=None,
        kind="group",
        rule="agent",
        head=phrase.h,
        rank=1,
        agent=phrase.agent,
    )
    reading.definite = view.norms[phrase.left] == "the"
    return reading


def _read_as_member_or_title(state: DocState, phrase: _Phrase, reading: Reading) -> bool:
    """Read the phrase as a member of an organisation ("a WeWork spokesperson", "a
    spokesperson for the NYAG": settled once all names are read) or as the title of a
    person in apposition ("Niger's ambassador Brah Mohamane"); False if it is neither."""
    view, h = state.view, phrase.h
    names = [
        t
        for t in range(phrase.start, h)
        if state.unit_at[t] is None
        and view.proper[t]
        and not (view.sent_start[t] and view.dep[t] == "amod")  # "Radical French farmers"
        and view.ent_label[t] not in ("LOC", "GPE", "FAC")  # "Ankara's Cankaya district"
        and not _people_word(state, t)  # "Turkish Kurd refugees"
        and view.norms[t] not in state.words.title_modifiers  # "Dagolath's Deputy Minister"
    ]
    owner: Unit | tuple | None = phrase.org or _owner_after(state, h)
    if owner is None and names:
        owner = ("name", " ".join(view.norms[t] for t in names))
    # A name in apposition after the title: "Niger's ambassador Brah Mohamane".
    titled = appositive_person(state, phrase.unit.start, h)
    if owner is not None:
        reading.rule = "member"
        state.members.append((reading, owner))
        if titled is not None:
            state.titled_members[id(reading)] = titled
        return True
    if titled is None and view.dep[h] == "appos":
        # An appositive describes the name before it: "Anneliese Dodds, the UK ... minister".
        person = reading_at(state, view.head[h])
        titled = person if person is not None and person.kind == "person" else None
    if titled is None:
        return False
    attach_title(state, titled, reading, phrase.units, phrase.agent, phrase.country)
    return True


def _owner_after(state: DocState, h: int) -> Unit | None:
    """The name after an agent noun that it belongs to: "a spokeswoman for Neumann"."""
    view = state.view
    end = min(len(view.norms), h + 4)
    for p in range(h + 1, end):
        if view.head[p] == h and view.dep[p] == "prep" and view.norms[p] in ("for", "of", "at"):
            for t in range(p + 1, min(len(view.norms), p + 6)):
                if view.head[t] == p and view.dep[t] == "pobj":
                    unit = state.unit_at[t]
                    if unit is not None and not is_place(state, unit):
                        return unit
                    return None
    return None


def _code_phrase(state: DocState, phrase: _Phrase, reading: Reading) -> None:
    """Code the phrase as an actor of its own: a people, a leader, an agent coded with its
    country (or waiting for the country in context), or nothing (no country to code it)."""
    view, h, words = state.view, phrase.h, state.words
    agent, country = phrase.agent, phrase.country
    if phrase.people and country is None and not phrase.leader_noun:
        # An ethnic group's people are coded with the state they live in, found once all
        # names are read (`assign_ethnic_countries`): "Shona rebels" near "the Mozambique
        # government" are MOZREB.
        reading.agent = agent
        state.readings.append(reading)
        state.ethnic.append((reading, ""))
        return
    if phrase.leader_noun and view.tag[h] in ("NN", "NNP"):
        if country is None and not reading.definite:
            return  # "our new President": a company's, not a state's
        reading.leader = True  # "the Russian leader", "the president"
    elif country is None and agent.code.startswith("~HRI"):
        country = "NGO"  # "a human rights group" of no stated country: an NGO (NGOHRI)
    elif country is None and not context_codable(words, agent.code):
        if agent.code[1:4] in words.unplaced_sectors and agent.code.startswith("~"):
            # "police arrested students": students of no stated country (~EDU)
            reading.code, reading.agent = agent.code, agent
            reading.key = ("generic", agent.code, state.doc[h].lemma_.casefold())
            state.readings.append(reading)
        return  # "customers", "the company": coded only with a nationality in the phrase
    if country is None and any(
        view.norms[t] in words.foreign_words and state.unit_at[t] is None
        for t in range(phrase.start, h)
    ):
        return  # "other foreign leaders": not of the country in context, and of no other
    explicit = country is not None and not phrase.inferred
    code_generic(state, reading, agent, country, explicit=explicit)
    for u, c in phrase.more:  # (a place already read has its actor: one per mention)
        u.used = True
        _add_conjunct(state, u, c, agent, h)
    if country is not None and (
        any(view.norms[t] == "ethnic" for t in range(phrase.left, h))
        or (
            view.norms[h] in words.minority_nouns
            and not any(ethnic_name(state, u) for u in phrase.units)
        )
    ):
        # "ethnic Albanian guerrillas", "the Albanian population of the province": a
        # people living in another state, coded with it
        state.ethnic.append((reading, country))
