"""What a name resolves to in the actor knowledge base on a given date, and why.

`lookup_actor("Putin", on=date(2025, 3, 7))` gathers every reading of the name: named
entries (with each role's dates and whether it is in force on that day), agent nouns
("spokesman" -> `~GOV`, coded from the country in context), nationality adjectives
("Russian" -> RUS), and places (a state's name, its capital standing for its government, a
city). The chosen code follows the order a resolver would apply them in: a named entry, an
adjective + agent phrase ("Russian spokesman" -> RUSGOV), an agent, an adjective, a capital,
a state or a city. `realpolitik actors lookup` prints the result.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .codes import compose
from .fields import normalise
from .kb import ActorKB, Entry

_LEADING_THE = re.compile(r"^the\s+", re.I)


@dataclass
class RoleView:
    code: str
    start: date | None
    end: date | None
    title: str | None
    in_force: bool  # this role is the one that applies on the lookup date
    covers: bool  # the lookup date lies within the role's dates (undated roles: always)


@dataclass
class EntryView:
    """A knowledge-base entry the name matches."""

    id: str
    name: str
    kind: str
    wikidata: str | None
    country: str | None
    leaning: str | None
    source: str
    roles: list[RoleView]
    code: str | None  # the entry's code on the lookup date
    chosen: bool = False


@dataclass
class AgentView:
    phrase: str
    code: str  # "~GOV": the country comes from context
    source: str


@dataclass
class PlaceView:
    country: str  # code of the state
    country_name: str | None
    what: str  # state | capital | city
    code: str  # what the name stands for as an actor: RUS, or RUSGOV for a capital


@dataclass
class Lookup:
    """Every reading of `query` on `on`, and the code chosen among them (with the reason)."""

    query: str
    on: date
    code: str | None = None
    reason: str = ""
    entries: list[EntryView] = field(default_factory=list)
    agent: AgentView | None = None
    adjective: str | None = None  # country code of a nationality adjective
    places: list[PlaceView] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # close names, when nothing matched

    @property
    def found(self) -> bool:
        return bool(self.code or self.entries or self.agent or self.adjective or self.places)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["on"] = self.on.isoformat()
        for entry in d["entries"]:
            for role in entry["roles"]:
                role["start"] = role["start"] and role["start"].isoformat()
                role["end"] = role["end"] and role["end"].isoformat()
        d["found"] = self.found
        return d


def lookup_actor(name: str, kb: ActorKB, on: date | None = None) -> Lookup:
    """What `name` denotes in `kb` on `on` (default today): all readings and the chosen code."""
    on = on or date.today()
    result = Lookup(query=name, on=on)
    keys = [name]
    bare = _LEADING_THE.sub("", name.strip())
    if bare != name.strip():
        keys.append(bare)  # "the Kremlin" -> also "Kremlin"

    best = None
    for key in keys:
        if kb.entries_named(key):
            best = kb.best_entry(key, on)
            result.entries = [_entry_view(e, on, e is best) for e in kb.entries_named(key)]
            break
    for key in keys:
        agent = kb.agent(key)
        if agent:
            result.agent = AgentView(agent.phrase, agent.code, agent.source)
            break
    result.adjective = next((c for k in keys if (c := kb.country_of_adjective(k))), None)
    result.places = next((p for k in keys if (p := _places(kb, k))), [])
    compound = None if (best or result.agent) else _adjective_agent(kb, bare)

    if best is not None:
        result.code = best.code_on(on)
        result.reason = _entry_reason(best, on)
    elif result.agent:
        result.code = result.agent.code
        result.reason = (
            f"agent {result.agent.phrase!r}: {result.agent.code}, the country taken from "
            "context (e.g. a nationality adjective or the actor it belongs to)"
        )
    elif compound:
        result.code, result.reason = compound
    elif result.adjective:
        result.code = result.adjective
        result.reason = f"nationality adjective of {_country_with_code(kb, result.adjective)}"
    elif result.places:
        place = result.places[0]
        result.code = place.code
        result.reason = {
            "capital": f"capital of {place.country_name}: a metonym for its government "
            f"({place.code}); as the place of an event, a location in {place.country}",
            "state": f"the state {place.country_name}",
            "city": f"a city in {place.country_name}: a location, coded by its country",
        }[place.what]
    else:
        result.suggestions = suggest(kb, name)
    return result


def _entry_reason(entry: Entry, on: date) -> str:
    """Why an entry has the code it has on `on`: which of its roles applies, if any."""
    role = entry.role_on(on)
    if role and role.dated:
        return f"{entry.name}: {role.describe()}, in force on {on}"
    if role and any(r.dated for r in entry.roles):
        return f"{entry.name}: no dated role in force on {on}; its undated role applies"
    if role:
        return f"{entry.name}: {role.describe()}, undated (always in force)"
    if entry.code_on(on):
        return f"{entry.name}: no role in force on {on}; coded by its country"
    return f"{entry.name}: no role in force on {on} and no country: uncoded"


def _entry_view(entry: Entry, on: date, chosen: bool) -> EntryView:
    applied = entry.role_on(on)
    roles = [
        RoleView(r.code, r.start, r.end, r.title, in_force=r is applied, covers=r.covers(on))
        for r in entry.roles
    ]
    return EntryView(
        id=entry.id,
        name=entry.name,
        kind=entry.kind,
        wikidata=entry.wikidata,
        country=entry.country,
        leaning=entry.leaning,
        source=entry.source,
        roles=roles,
        code=entry.code_on(on),
        chosen=chosen,
    )


def _places(kb: ActorKB, name: str) -> list[PlaceView]:
    key = normalise(name)
    country = kb.places.get(key)
    if country is None:
        return []
    state = kb.countries.get(country)
    state_name = state.name if state else None
    if key in kb.capitals:
        what, code = "capital", f"{country}GOV"
    elif state and key in {normalise(n) for n in [state.name, *state.aliases]}:
        what, code = "state", country
    else:
        what, code = "city", country
    return [PlaceView(country, state_name, what, code)]


def _adjective_agent(kb: ActorKB, name: str) -> tuple[str, str] | None:
    """ "Russian spokesman" -> (RUSGOV, why): a nationality adjective before an agent noun."""
    words = name.split()
    for cut in range(1, len(words)):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        country = kb.country_of_adjective(head) or kb.country_of_place(head)
        agent = kb.agent(rest)
        if country and agent:
            code = compose(country, agent.code)
            return code, f"{head!r} ({country}) + agent {agent.phrase!r} ({agent.code})"
    return None


def _country_with_code(kb: ActorKB, code: str) -> str:
    return f"{kb.country_name(code)} ({code})" if code in kb.countries else code


def suggest(kb: ActorKB, name: str, n: int = 5) -> list[str]:
    """Known names closest to `name` (difflib), as the knowledge base spells them."""
    display: dict[str, str] = {}
    for entry in kb.entries.values():
        for alias in [entry.name, *entry.aliases]:
            display.setdefault(normalise(alias), alias)
    for agent in kb.agents.values():
        for phrase in [agent.phrase, *agent.aliases]:
            display.setdefault(normalise(phrase), phrase)
    for state in kb.countries.values():
        for alias in [state.name, *state.aliases, *state.adjectives, *state.cities]:
            display.setdefault(normalise(alias), alias)
        if state.capital:
            display.setdefault(normalise(state.capital), state.capital)
    for key in [*kb.names, *kb.agents, *kb.adjectives, *kb.places]:
        display.setdefault(key, key)
    close = difflib.get_close_matches(normalise(name), list(display), n=n, cutoff=0.6)
    return [display[k] for k in close]
