"""Generic actors: an agent noun coded with a country, now or once the document's countries
are known.

"Russian police" is RUSCOP at once. "The technocrats", with no nationality in the phrase,
waits in `DocState.pending` until every name is read, then takes the nearest country in its
sentence, else the document's most mentioned one (RUSELI, named "Russian technocrats").
An unknown person with a title and no country ("Attorney General John Doemann") waits too,
but takes only a place of their own phrase or named before them in their sentence, else the
country the document is most about, its envoys not counted: "Attorney General John Doemann
met the Russian ambassador" is not Russian. A known person never waits: their country is the
knowledge base's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .codes import REGION_CODES, TRANSNATIONAL_CODES, agent_sectors, compose, segments
from .kb import Agent
from .linking import Reading
from .matcher import FUNCTION_WORDS
from .state import DocState
from .words import Words

# The rules of the readings of place names: a state, a capital, a city or region.
PLACE_RULES = frozenset({"state", "capital", "location"})


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
    sentence, else the document's most mentioned one ("the technocrats" -> Russian); an
    unknown titled person takes a place of their own phrase or written before them, else
    the document's country (`_person_country`)."""
    if not state.pending:
        return
    context = _Context.read(state)
    sent_id = state.view.sent_id
    pending, state.pending = state.pending, []
    for reading in pending:
        agent = reading.agent
        if reading.kind == "person":
            country = _person_country(state, reading, context)
            if country is None:
                state.readings.append(reading)
            else:
                code_generic(state, reading, agent, country, explicit=False)
            continue
        near = context.by_sentence.get(sent_id[reading.head], [])
        before = [hc for hc in near if hc[0] < reading.head]
        if before:  # the nearest country before it in the sentence, else after it
            country = before[-1][1]
        elif near:
            country = near[0][1]
        else:
            country = context.salient
        if country is None:  # no country anywhere: the agent code alone ("~GOV")
            reading.code = agent.code
            reading.key = ("generic", agent.code, agent.phrase.casefold())
            state.readings.append(reading)
        else:
            code_generic(state, reading, agent, country, explicit=False)


def _person_country(state: DocState, reading: Reading, context: _Context) -> str | None:
    """The country of an unknown titled person: a place of their own phrase ("President
    Jimmy Morales of Guatemala") or named before them in their sentence ("In Chile, Judge
    Alejandro Rivera ..."), else the country the document is most about (`_home_country`),
    not the nationality of the actor next to them: "Attorney General John Doemann met the
    Russian ambassador" is not Russian."""
    before = None
    for start, head, country in context.places.get(state.view.sent_id[reading.head], ()):
        if start < reading.start:
            before = country
        elif _attached(state, head, reading):
            return country
    return before or _home_country(state, reading, context)


def _home_country(state: DocState, reading: Reading, context: _Context) -> str | None:
    """The document's most mentioned country, its envoys not counted; of several mentioned
    as often, the nearest to the person in their sentence, before them first ("An Argentine
    judge ordered former president Carlos Menem" in a text naming Chile as often)."""
    if not context.home:
        return None
    top = max(context.home.values())
    tied = [country for country, n in context.home.items() if n == top]
    near = context.by_sentence.get(state.view.sent_id[reading.head], [])
    before = [c for t, c in reversed(near) if t < reading.head]
    after = [c for t, c in near if t >= reading.head]
    return next((c for c in (*before, *after) if c in tied), tied[0])


def _attached(state: DocState, place: int, person: Reading) -> bool:
    """A place in a person's own phrase: "of Guatemala", "from Ohio" after their name."""
    view = state.view
    prep = view.head[place]
    return view.norms[prep] in ("of", "from") and person.start <= view.head[prep] < person.end


@dataclass
class _Context:
    """The countries a document is about, for actors with no nationality of their own."""

    by_sentence: dict[int, list[tuple[int, str]]]  # sentence -> (head token, country)
    salient: str | None  # the most mentioned country
    places: dict[int, list[tuple[int, int, str]]]  # sentence -> (start, head, country)
    home: Counter[str]  # the mentions of each country, for unknown persons: no envoy's

    @classmethod
    def read(cls, state: DocState) -> _Context:
        """The countries written in each sentence, in text order, and the document's most
        mentioned one: states, places, governments and nationalities say where a text is;
        outlets and companies do not ("protesters ..., an Associated Press journalist
        said"), and a region only when no state is named ("rioters" near "the West"); the
        countries of named actors (UNITA's Angola for "President Dos Santos") only when no
        place is named at all."""
        by_sentence: dict[int, list[tuple[int, str]]] = {}
        places: dict[int, list[tuple[int, int, str]]] = {}
        counts, regions, named = Counter(), Counter(), Counter()
        foreign: Counter[str] = Counter()  # countries of envoys: foreign to the story
        for r in state.readings:
            country = r.country
            if not country or country in TRANSNATIONAL_CODES:
                continue
            sentence = state.view.sent_id[r.head]
            if r.rule in PLACE_RULES or (r.rule == "kb" and r.key[0] == "code"):
                places.setdefault(sentence, []).append((r.start, r.head, country))
            if _envoy(state, r):
                foreign[country] += 1
            if r.entry is not None and not r.entry.metonym and country not in REGION_CODES:
                named[country] += 1
            if r.key[0] not in ("code", "location", "people", "generic") or not r.explicit:
                continue
            if country in REGION_CODES:
                regions[country] += 1
                continue
            counts[country] += 1
            by_sentence.setdefault(sentence, []).append((r.head, country))
        for near in (*by_sentence.values(), *places.values()):
            near.sort()
        home = (counts - foreign) or regions or (named - foreign)
        salient = counts or regions or named
        return cls(by_sentence, salient.most_common(1)[0][0] if salient else None, places, home)


def _envoy(state: DocState, r: Reading) -> bool:
    """A reading of an envoy ("the Russian ambassador", "the ambassador Sergey Kislyak"): its
    country is the one foreign to the story, not that of the people the envoy meets."""
    envoys, view = state.words.envoy_nouns, state.view
    if r.title is not None and r.title.phrase.casefold() in envoys:
        return True
    return any(state.doc[t].lemma_.casefold() in envoys for t in (r.head, view.head[r.head]))
