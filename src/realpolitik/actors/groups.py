"""Peoples, nationals, ethnic groups, members and supporters: actors that belong to another.

- A state's nationals are its people ("many Russians": RUSCVL); a people marked as an ethnic
  group in the country data ("Yoruba", "Karen") or written so ("ethnic Albanians in south
  Serbia", "the Hungarian minority in Slovakia") is coded with the state it lives in (SRBCVL,
  SVKCVL); people "expelled from" a state are its refugees (REF).
- A nationality before "nations"/"countries" is the states themselves ("European nations").
- The people of an organisation are mentions of it ("a WeWork spokesperson"), except its
  troops, agencies and activists, an actor of their own ("UN peacekeepers": IGOUNOMIL), and
  its workers and students, its country's (LAB, EDU).
- Supporters of a former office holder are the opposition of the state they governed.
"""

from __future__ import annotations

from ..syntax import NOUN_MODIFIERS
from .codes import REGION_CODES, TRANSNATIONAL_CODES, compose, segments, split_code
from .generic import code_generic, state_kind
from .kb import Agent
from .linking import Reading
from .persons import FORMER_AGENT
from .places import country_after, expelled_from
from .state import DocState, Unit, add, reading_at, word_end
from .units import adjective_country, agent_like, ethnic_name, first_agent


def read_adjective(state: DocState, unit: Unit, head: int) -> None:
    """A nationality read on its own: the states ("European nations"), a minority ("the
    Hungarian minority"), a people ("Iraqi Kurds", "many Russians"), the nationals sharing a
    conjunct's agent noun ("Sierra Leonean and Liberian refugees"), else the state."""
    country = adjective_country(state, unit.keys("adjective")[0])
    if not country:
        return
    view, h = state.view, unit.end - 1
    if view.dep[h] in NOUN_MODIFIERS and view.head[h] > h:
        read = _read_modifier(state, unit, country)
    else:
        read = _read_nationals(state, unit, country, head)
    if not read and not ethnic_name(state, unit):  # "the Yoruba" is a people, not Nigeria
        name = state.kb.country_name(country)
        kind = state_kind(country)
        add(state, unit.span, ("code", country), name, country, kind, "adjective", head, rank=0)


def _read_modifier(state: DocState, unit: Unit, country: str) -> bool:
    """A nationality before the noun it modifies, read with that noun as the states, a
    minority or a people; False if the noun is none of those."""
    view, words, g = state.view, state.words, state.view.head[unit.end - 1]
    span = (unit.start, g + 1, unit.start_char, word_end(view, g))
    if view.norms[g] in words.state_nouns and state.unit_at[g] is None:
        name, kind = state.kb.country_name(country), state_kind(country)
        add(state, span, ("code", country), name, country, kind, "adjective", g, rank=1)
        return True
    if (
        view.norms[g] in words.minority_nouns
        and state.unit_at[g] is None
        and not ethnic_name(state, unit)
    ):
        # "the Hungarian minority in Slovakia": a people living in another state, coded
        # with it once all names are read (SVKCVL)
        name, code = state.text[unit.start_char : span[3]], compose(country, "~CVL")
        reading = add(state, span, ("people", country), name, code, "group", "nationals", g, rank=2)
        state.ethnic.append((reading, country))
        return True
    people = _people_unit(state, g)
    if people is None:
        return False
    # "Iraqi Kurds": a people of the country, its civilians (CAMEO IRQCVL).
    people.used = True
    add(
        state,
        (unit.start, people.end, unit.start_char, people.end_char),
        ("people", country),
        state.text[unit.start_char : people.end_char],
        compose(country, "~CVL"),
        "group",
        "nationals",
        people.end - 1,
        rank=2,
    )
    return True


def _people_unit(state: DocState, t: int) -> Unit | None:
    """An unknown people named in the plural at token `t` ("Kurds", tagged NORP)."""
    unit = state.unit_at[t]
    if unit is None or unit.used or unit.targets or unit.label != "NORP":
        return None
    return unit if state.view.tag[unit.end - 1] in ("NNS", "NNPS") else None


def _read_nationals(state: DocState, unit: Unit, country: str, head: int) -> bool:
    """A nationality as a noun: the nationals of a conjunct's agent noun, or in the plural
    the country's people ("many Russians") or its refugees; False if neither."""
    view, h = state.view, unit.end - 1
    name = state.text[unit.start_char : unit.end_char]
    shared = _shared_agent(state, h)
    if shared is not None:
        # "Sierra Leonean and Liberian refugees" parsed as "Sierra Leonean" and "Liberian
        # refugees": the adjective shares the agent noun of its conjunct (SLEREF).
        agent, noun = shared
        reading = Reading(
            *unit.span,
            key=("generic",),
            name=f"{name} {noun}",
            code=None,
            kind="group",
            rule="agent",
            head=h,
            rank=1,
        )
        code_generic(state, reading, agent, country, explicit=True)
        return True
    if view.tag[h] not in ("NNS", "NNPS"):
        return False
    # Nationals: "many Russians" are the country's people, its civilians (CAMEO codes
    # citizens, nationals and residents of a state {country}CVL).
    expelled = expelled_from(state, h)
    if expelled is not None:
        # "West Africans ordered out of Nigeria": displaced from that state (NGAREF)
        code = compose(expelled, "~REF")
        add(state, unit.span, ("code", code), name, code, "group", "expelled", head, rank=2)
        return True
    code = compose(country, "~CVL")
    reading = add(
        state, unit.span, ("people", country), name, code, "group", "nationals", head, rank=2
    )
    if _ethnic(state, unit.start, h):
        state.ethnic.append((reading, country))
    return True


def _shared_agent(state: DocState, h: int) -> tuple[Agent, str] | None:
    """The agent noun of a conjunct phrase that a lone nationality adjective shares: in
    "Sierra Leonean and Liberian refugees" parsed with "refugees" as the conjunct of
    "Leonean", the adjective's agent is "refugees" (when the conjunct has a nationality
    adjective of its own)."""
    view = state.view
    for c in state.doc[h].children:
        if c.dep_ != "conj" or c.i != h + 3 or view.norms[h + 1] != "and":
            continue
        head_unit, adjective = state.unit_at[c.i], state.unit_at[h + 2]
        if head_unit is None or adjective is None or "adjective" not in adjective.whats:
            continue
        agent = first_agent(state, head_unit)
        if agent is not None and agent_like(state, head_unit):
            return agent, view.texts[c.i]
    return None


def _ethnic(state: DocState, start: int, h: int) -> bool:
    """A demonym naming an ethnic group rather than a state's nationals: "ethnic
    Albanians", or "Albanians of southern Serbia" (a place of another state after it)."""
    view = state.view
    if start > 0 and view.norms[start - 1] == "ethnic":
        return True
    place = country_after(state, h, ("in", "of"))
    return place is not None and place != adjective_country(state, view.norms[h])


def assign_ethnic_countries(state: DocState) -> None:
    """An ethnic group is coded with the state it lives in, as CAMEO codes minorities
    ("ethnic Albanians in Serbia": SRBCVL): the place after it, else the nearest other
    state in its sentence; with none, its nationality stays."""
    view = state.view
    for reading, nationality in state.ethnic:
        country = country_after(state, reading.head, ("in", "of"))
        if country in (None, nationality):
            sentence = view.sent_id[reading.head]
            near = sorted(
                (abs(r.head - reading.head), r.head > reading.head, r.country)
                for r in state.readings
                if r is not reading
                and r.key[0] in ("code", "location", "people", "generic")
                and r.explicit
                and r.country
                and r.country != nationality
                and r.country not in TRANSNATIONAL_CODES
                and r.country not in REGION_CODES
                and view.sent_id[r.head] == sentence
                and (r, nationality) not in state.ethnic
            )
            country = near[0][2] if near else None
        if country is None:
            continue
        agent = reading.agent or Agent("people", "~CVL")
        code = compose(country, agent.code)
        reading.code, reading.country = code, country
        if reading.key[0] == "people":
            reading.key = ("people", country, nationality)
        else:
            reading.key = ("generic", code, state.doc[reading.head].lemma_.casefold())


def read_members(state: DocState) -> None:
    """People of an organisation are mentions of it ("a WeWork spokesperson" -> WeWork);
    of a coded person, coded from that person's country; of an unknown one, dropped."""
    by_name = {r.key: r for r in state.readings if r.key[0] == "name"}
    for reading, owner in state.members:
        found = by_name.get(owner) if isinstance(owner, tuple) else state.reading_of.get(id(owner))
        if found is None:
            continue
        agent = reading.agent
        if found.kind != "person" and agent is not None and _org_body(found.code, agent):
            # An IGO's troops, staff or agencies: "United Nations peacekeepers" IGOUNOMIL,
            # an actor of their own (its officials and spokespeople are the IGO itself);
            # likewise an organisation's activists, fighters...: "the human rights
            # activists of Amnesty International" NGMOPP, as PETRARCH composes agents.
            code = f"{found.code}{agent.code[1:]}"
            reading.code, reading.country, reading.rule = code, split_code(code)[0], "agent"
            reading.key = ("generic", code, state.doc[reading.head].lemma_.casefold())
            state.readings.append(reading)
        elif found.kind != "person" and agent is not None and agent.code[1:4] in ("LAB", "EDU"):
            # "workers of the United Bus Company of Tehran", "students at Cumhuriyet
            # University": the country's labour or students (IRNLAB), not the company;
            # of an organisation with no known country, the country in context.
            country = found.country if found.country not in TRANSNATIONAL_CODES else None
            code_generic(state, reading, agent, country, explicit=country is not None)
        elif found.kind != "person":
            reading.same_as = found
            person = state.titled_members.get(id(reading))
            if person is not None and person.code is None and found.code:
                # "Arab League Secretary General Chedli Klibi": the organisation's code.
                person.code, person.country = found.code, found.country
            state.readings.append(reading)
        elif found.country and reading.agent is not None:
            code_generic(state, reading, reading.agent, found.country, explicit=True)


def _org_body(code: str | None, agent: Agent) -> bool:
    """An organisation's code (not a state's alone) with an agent of another sector than
    its leadership: its forces, civilian staff, agencies, activists ("UN peacekeepers")."""
    if not code or "/" in code or not agent.code.startswith("~"):
        return False
    if len(code) <= 3 and code not in TRANSNATIONAL_CODES:
        return False
    sector = agent.code[1:4]
    # (workers and students are their country's: LAB, EDU, read next)
    return sector not in ("GOV", "IGO", "ELI", "LAB", "EDU", "") and sector not in segments(code)


def read_supporters(state: DocState) -> None:
    """Supporters of a former office holder are the opposition of the state they
    governed ("supporters of former President Ahmed Ben Bella": DZAOPP)."""
    view, supporter_nouns = state.view, state.words.supporter_nouns
    for t, norm in enumerate(view.norms):
        if norm not in supporter_nouns or state.unit_at[t] is not None:
            continue
        for p in state.doc[t].children:
            if p.dep_ != "prep" or p.lower_ != "of":
                continue
            for o in p.children:
                person = reading_at(state, o.i) if o.dep_ == "pobj" else None
                if person is None or person.kind != "person" or person.title is not FORMER_AGENT:
                    continue
                country = person.country or split_code(person.code)[0]
                if not country or country in TRANSNATIONAL_CODES:
                    continue
                code = compose(country, "~OPP")  # the partisans of a former leader
                add(
                    state,
                    (t, t + 1, view.idx[t], word_end(view, t)),
                    ("generic", code, state.doc[t].lemma_.casefold()),
                    f"supporters of {person.name}",
                    code,
                    "group",
                    "supporters",
                    t,
                    rank=1,
                )
