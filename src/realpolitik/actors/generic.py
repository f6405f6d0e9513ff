"""Generic actors: an agent noun coded with a country, now or once the document's countries
are known.

"Russian police" is RUSCOP at once. "The technocrats", with no nationality in the phrase,
waits in `DocState.pending` until every name is read, then takes the nearest country in its
sentence, else the document's most mentioned one (RUSELI, named "Russian technocrats").
"""

from __future__ import annotations

from collections import Counter

from .codes import REGION_CODES, TRANSNATIONAL_CODES, agent_sectors, compose, segments
from .kb import Agent
from .linking import Reading
from .matcher import FUNCTION_WORDS
from .state import DocState
from .words import Words


def combined(agents: list[Agent]) -> Agent:
    """One agent for several in a phrase, their sectors in order ("Danish Islamist media":
    ~MUS + ~MED -> ~MUSMED), as PETRARCH composes them; the head noun's phrase names it."""
    prefix, sectors = "", []
    for a in agents:
        if a.code.endswith("~") and "~" not in a.code[:-1]:
            prefix = prefix or a.code[:-1]  # "An MSF Arnor diplomat": NGO~ + ~GOV -> NGOARNGOV
            continue
        if not a.code.startswith("~"):
            return agents[-1]
        for sector in segments(a.code[1:]):
            if sector not in sectors:
                sectors.append(sector)
    head = agents[-1]
    return Agent(head.phrase, f"{prefix}~{''.join(sectors)}", head.aliases, head.source)


def context_codable(words: Words, agent_code: str) -> bool:
    """An agent whose actors are coded from the country in context: one of its sectors is a
    context sector ("Moslem fundamentalist": ~MUSRAD)."""
    return any(s in words.context_sectors for s in agent_sectors(agent_code))


def code_generic(
    state: DocState, reading: Reading, agent: Agent, country: str | None, *, explicit: bool
) -> None:
    """Code a generic actor from its country and agent; with no country yet, it waits
    for `assign_context_countries`."""
    reading.agent, reading.explicit = agent, explicit
    if country is None:
        state.pending.append(reading)
        return
    code = compose(country, agent.code)
    reading.code, reading.country = code, country
    if reading.kind == "person":  # an unknown person coded from a title and context
        state.readings.append(reading)
        return
    if code and code.endswith("GOV") and agent.phrase.casefold() in state.words.government_nouns:
        reading.key, reading.kind = ("code", code), "organization"
    else:  # one actor per code and head noun: "protesters", "Protesters", "protester"
        reading.key = ("generic", code, state.doc[reading.head].lemma_.casefold())
    if explicit or _proper_name(state, reading):
        pass
    elif reading.key[0] == "code":  # "the government" in an article on India
        reading.name = f"{adjective(state, country)} government"
    else:
        name = reading.name
        if state.view.sent_start[reading.start]:  # "Central banks said" -> "... central banks"
            name = name[:1].lower() + name[1:]
        reading.name = f"{adjective(state, country)} {name}"
    state.readings.append(reading)


def _proper_name(state: DocState, reading: Reading) -> bool:
    """A description written like a name ("Securities and Exchange Commission")."""
    view = state.view
    words = [t for t in range(reading.start, reading.end) if view.texts[t][:1].isalpha()]
    if words and view.sent_start[words[0]]:
        words = words[1:]  # "Protesters said": capitalised as the first word only
    return bool(words) and all(
        view.capitalised[t] or view.norms[t] in FUNCTION_WORDS for t in words
    )


def adjective(state: DocState, code: str) -> str:
    """The nationality adjective of a country ("Russian"), else its name ("Hong Kong")."""
    country = state.kb.countries.get(code)
    if country and country.adjectives:
        singular = [a for a in country.adjectives if not a.endswith("s")]
        word = (singular or country.adjectives)[0]
        if not word.endswith("er"):  # "Hong Konger" is a noun: "Hong Kong police"
            return word
    return state.kb.country_name(code)


def state_kind(code: str) -> str:
    """The kind of actor a country code alone is: a state, or a region (a group of them)."""
    return "group" if code in REGION_CODES else "state"


def assign_context_countries(state: DocState) -> None:
    """Generic actors with no nationality of their own take the nearest country in their
    sentence, else the document's most mentioned one ("the technocrats" -> Russian)."""
    if not state.pending:
        return
    by_sentence, salient = _context_countries(state)
    sent_id = state.view.sent_id
    pending, state.pending = state.pending, []
    for reading in pending:
        near = by_sentence.get(sent_id[reading.head], [])
        before = [hc for hc in near if hc[0] < reading.head]
        if before:  # the nearest country before it in the sentence, else after it
            country = before[-1][1]
        elif near:
            country = near[0][1]
        else:
            country = salient
        agent = reading.agent
        if country is None and reading.kind == "person":
            state.readings.append(reading)
        elif country is None:  # no country anywhere: the agent code alone ("~GOV")
            reading.code = agent.code
            reading.key = ("generic", agent.code, agent.phrase.casefold())
            state.readings.append(reading)
        else:
            code_generic(state, reading, agent, country, explicit=False)


def _context_countries(state: DocState) -> tuple[dict[int, list[tuple[int, str]]], str | None]:
    """The countries written in each sentence (sentence -> (head token, country), in text
    order), and the document's most mentioned one."""
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    counts: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    named: Counter[str] = Counter()  # countries of named actors: the last resort
    for r in state.readings:
        if r.entry is not None and r.country and not r.entry.metonym:
            if r.country not in TRANSNATIONAL_CODES and r.country not in REGION_CODES:
                named[r.country] += 1
        # States, places, governments and nationalities say where a text is; outlets
        # and companies do not ("protesters ..., an Associated Press journalist said"),
        # and a region only when no state is named ("rioters" near "the West").
        if r.key[0] not in ("code", "location", "people", "generic") or not r.country:
            continue
        if r.country in TRANSNATIONAL_CODES or not r.explicit:
            continue
        if r.country in REGION_CODES:
            regions[r.country] += 1
            continue
        counts[r.country] += 1
        by_sentence.setdefault(state.view.sent_id[r.head], []).append((r.head, r.country))
    for near in by_sentence.values():
        near.sort()
    # A region only when no state is named; the countries of named actors (UNITA's
    # Angola for "President Dos Santos") only when no place is named at all.
    counts = counts or regions or named
    return by_sentence, counts.most_common(1)[0][0] if counts else None
