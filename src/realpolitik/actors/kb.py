"""The actor knowledge base: who an actor name denotes, coded in CAMEO, on a given date.

The knowledge is data, in `data/actors/` (built by `scripts/build_actor_kb.py` from the
Phoenix dictionaries, CountryInfo and Wikidata, plus the hand-reviewed `curated.yaml`),
and in users' own files. Every file holds records of one shape (YAML list or JSONL):

    - name: Vladimir Putin              # canonical name
      kind: person                      # person | organization | media | group | state | location
      aliases: [Putin, President Putin, Vladimir Vladimirovich Putin]
      wikidata: Q7747
      country: RUS                      # where the actor belongs (for uncoded orgs, outlets)
      leaning: null                     # outlets: state, nationalist, independent, ...
      roles:                            # CAMEO codes; dated ones apply only within their dates
        - {code: RUSGOV, start: 2012-05-07, end: null, title: President of Russia}
        - {code: RUSELI}                # undated: applies when no dated role does

    - agent: spokesman                  # a generic role noun, coded relative to a country
      code: "~GOV"                      # ~ = prefix the country code found in context
      aliases: [spokesperson, spokeswoman, press secretary]
      # plurals: false                  # the aliases hold every plural: form none

    - country: RUS                      # a state: names, adjectives, capital, cities
      name: Russia
      aliases: [Russian Federation]
      adjectives: [Russian, Russians]
      capital: Moscow                   # the capital is also a metonym for the government
      capital_aliases: [Moskva]         # other names of the capital (Kyiv: [Kiev])
      cities: [Saint Petersburg, Novosibirsk]
      # ethnic_groups: [Chechen, Chechens]  # peoples of the state named like nationalities
                                        # (also adjectives): their leaders are elites (~ELI)
      # start: 2011-07-09, before: SDN  # a state founded lately (South Sudan): before its
                                        # start, its places and adjectives are the old state's

    - metonym: Kremlin                  # a place name standing for an actor
      code: RUSGOV
      aliases: [the Kremlin]

Later files override earlier ones for the same name (a user's file wins over the default).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .codes import split_code
from .fields import KBError, normalise, parse_day, slug
from .tabari import read_tabari

KINDS = ("person", "organization", "media", "group", "state", "location")


@dataclass(frozen=True)
class Role:
    code: str
    start: date | None = None
    end: date | None = None
    title: str | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> str:
        span = ""
        if self.dated:
            span = f" {self.start or '…'} – {self.end or 'now'}"
        return f"{self.code}{span}" + (f" ({self.title})" if self.title else "")


@dataclass
class Entry:
    """A named actor: person, organization, outlet, group, state or metonym."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None
    leaning: str | None = None
    source: str = ""
    metonym: bool = False  # a place name standing for an actor ("the Kremlin" -> RUSGOV)

    def role_on(self, day: date) -> Role | None:
        """The role in force on `day`: a dated one covering it (the latest-starting), else an
        undated one, else None (the actor held no coded role then)."""
        covering = [r for r in self.roles if r.dated and r.covers(day)]
        if covering:
            return max(covering, key=lambda r: r.start or date.min)
        undated = [r for r in self.roles if not r.dated]
        return undated[0] if undated else None

    def code_on(self, day: date) -> str | None:
        role = self.role_on(day)
        if role:
            return role.code
        return self.country


@dataclass
class Agent:
    """A generic role noun ("spokesman", "police"), coded relative to a country: `~GOV`."""

    phrase: str
    code: str
    aliases: list[str] = field(default_factory=list)
    source: str = ""
    plurals: bool = True  # form regular plurals; False when the aliases list them all


@dataclass
class Country:
    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    capital: str | None = None
    cities: list[str] = field(default_factory=list)
    source: str = ""
    capital_aliases: list[str] = field(default_factory=list)
    start: date | None = None  # the state's founding, for one founded lately
    before: str | None = None  # the code its land had before `start` (Juba: SDN until 2011)
    ethnic_groups: list[str] = field(default_factory=list)  # peoples, not its nationals

    def code_on(self, day: date) -> str:
        """The state's code, or before its founding that of the state its land was in."""
        if self.start is not None and self.before and day < self.start:
            return self.before
        return self.code


@dataclass
class ActorKB:
    """All actor knowledge, indexed by normalised name. Build with `ActorKB.load()`."""

    entries: dict[str, Entry] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)  # normalised phrase -> agent
    countries: dict[str, Country] = field(default_factory=dict)  # code -> country
    names: dict[str, list[str]] = field(default_factory=dict)  # normalised alias -> entry ids
    adjectives: dict[str, str] = field(default_factory=dict)  # "russian" -> RUS
    places: dict[str, str] = field(default_factory=dict)  # country/city name -> country code
    capitals: dict[str, str] = field(default_factory=dict)  # "moscow" -> RUS
    ethnic: dict[str, str] = field(default_factory=dict)  # "yoruba" -> NGA: a people's name
    sources: list[str] = field(default_factory=list)

    # --- building ---------------------------------------------------------------

    @classmethod
    def load(cls, paths: Iterable[str | Path] = (), *, default: bool = True) -> ActorKB:
        """The default knowledge (unless `default=False`), then each of `paths` in order.

        Paths may be YAML (.yaml/.yml), JSONL (.jsonl) or TABARI/PETRARCH dictionaries
        (.txt: actors or agents, told apart by their content; see `tabari.py`).
        """
        kb = cls()
        if default:
            for path in default_files():
                kb.add_file(path)
        for path in paths:
            kb.add_file(Path(path))
        return kb

    def add_file(self, path: Path) -> None:
        name = path.name.lower()
        try:
            if name.endswith((".yaml", ".yml")):
                import yaml

                records = yaml.safe_load(path.read_text("utf-8")) or []
                if not isinstance(records, list):
                    raise KBError(f"{path}: expected a YAML list of records")
            elif name.endswith(".jsonl"):
                records = _read_jsonl(path)
            elif name.endswith(".txt"):
                records = read_tabari(path)
            else:
                raise KBError(f"{path}: unknown actor file type (use .yaml, .jsonl or .txt)")
            self.add_records(records, source=str(path))
        except OSError as exc:
            raise KBError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        self.sources.append(str(path))

    def add_records(self, records: Iterable[dict[str, Any]], source: str = "") -> None:
        for n, rec in enumerate(records, 1):
            try:
                self.add_record(rec, source)
            except (KeyError, TypeError, ValueError) as exc:
                raise KBError(f"{source}: record {n} ({_brief(rec)}): {exc}") from exc

    def add_record(self, rec: dict[str, Any], source: str = "") -> None:
        if "agent" in rec:
            agent = Agent(
                str(rec["agent"]),
                str(rec["code"]),
                _strs(rec.get("aliases")),
                source,
                plurals=rec.get("plurals", True) is not False,
            )
            for phrase in [agent.phrase, *agent.aliases]:
                self.agents[normalise(phrase)] = agent
        elif "country" in rec and "name" in rec and "kind" not in rec:
            self._add_country(rec, source)
        elif "metonym" in rec:
            self._add_entry(
                {
                    "name": rec["metonym"],
                    "kind": rec.get("kind", "organization"),
                    "aliases": rec.get("aliases"),
                    "roles": [{"code": rec["code"]}],
                    "country": rec.get("country") or split_code(rec["code"])[0],
                    "id": rec.get("id"),
                    "metonym": True,
                },
                source,
            )
        else:
            self._add_entry(rec, source)

    def _add_country(self, rec: dict[str, Any], source: str) -> None:
        c = Country(
            code=str(rec["country"]).upper(),
            name=str(rec["name"]),
            aliases=_strs(rec.get("aliases")),
            adjectives=_strs(rec.get("adjectives")),
            capital=rec.get("capital"),
            cities=_strs(rec.get("cities")),
            source=source,
            capital_aliases=_strs(rec.get("capital_aliases")),
            start=parse_day(rec.get("start")),
            before=rec.get("before"),
            ethnic_groups=_strs(rec.get("ethnic_groups")),
        )
        self.countries[c.code] = c
        for name in [c.name, *c.aliases]:
            self.places[normalise(name)] = c.code
        for adj in c.adjectives:
            self.adjectives[normalise(adj)] = c.code
        for group in c.ethnic_groups:
            self.adjectives.setdefault(normalise(group), c.code)
            self.ethnic[normalise(group)] = c.code
        for city in c.cities:
            self.places.setdefault(normalise(city), c.code)
        for capital in [c.capital, *c.capital_aliases] if c.capital else []:
            self.capitals[normalise(capital)] = c.code
            self.places[normalise(capital)] = c.code

    def _add_entry(self, rec: dict[str, Any], source: str) -> None:
        kind = str(rec.get("kind") or "organization")
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        roles = [
            Role(
                str(r["code"]).upper(),
                parse_day(r.get("start")),
                parse_day(r.get("end")),
                r.get("title"),
            )
            for r in (rec.get("roles") or [])
        ]
        name = str(rec["name"])
        entry_id = str(rec.get("id") or rec.get("wikidata") or slug(name))
        entry = Entry(
            id=entry_id,
            name=name,
            kind=kind,
            aliases=_strs(rec.get("aliases")),
            roles=roles,
            wikidata=rec.get("wikidata"),
            country=rec.get("country"),
            leaning=rec.get("leaning"),
            source=source,
            metonym=rec.get("metonym") is True,
        )
        if entry.country is None and roles:
            entry.country = split_code(roles[0].code)[0]
        old = self.entries.get(entry_id)
        if old is not None:  # a later file overrides: drop the old names first
            for alias in [old.name, *old.aliases]:
                ids = self.names.get(normalise(alias), [])
                if entry_id in ids:
                    ids.remove(entry_id)
        self.entries[entry_id] = entry
        for alias in [entry.name, *entry.aliases]:
            key = normalise(alias)
            ids = self.names.setdefault(key, [])
            if entry_id not in ids:
                ids.insert(0, entry_id)  # the latest file's entry comes first

    # --- looking up -------------------------------------------------------------

    def entries_named(self, name: str) -> list[Entry]:
        return [self.entries[i] for i in self.names.get(normalise(name), [])]

    def best_entry(self, name: str, on: date) -> Entry | None:
        """The entry a name most plausibly denotes on `on`: one with a role in force then,
        preferring the most recently added file (users' files win)."""
        found = self.entries_named(name)
        in_role = [e for e in found if any(r.dated and r.covers(on) for r in e.roles)]
        return (in_role or found or [None])[0]

    def agent(self, phrase: str) -> Agent | None:
        return self.agents.get(normalise(phrase))

    def state_on(self, code: str | None, day: date) -> str | None:
        """A place's country code on `day`: a state founded later gives way to the one its
        land was in ("Juba" is SDN in 2000, SSD from 2011-07-09)."""
        state = self.countries.get(code) if code else None
        return state.code_on(day) if state is not None else code

    def country_of_adjective(self, word: str) -> str | None:
        return self.adjectives.get(normalise(word))

    def country_of_place(self, name: str) -> str | None:
        return self.places.get(normalise(name))

    def country_name(self, code: str) -> str:
        """The name of the state or region a country code stands for, else the code itself."""
        state = self.countries.get(code)
        return state.name if state else code


def default_files() -> list[Path]:
    """The shipped knowledge files, in load order (curated last, so it wins)."""
    root = resources.files("realpolitik.data") / "actors"
    order = [
        "countries.jsonl",
        "agents.jsonl",
        "phoenix.jsonl",
        "leaders.jsonl",
        "us_congress.jsonl",
        "curated.yaml",
    ]
    files = []
    for name in order:
        path = Path(str(root / name))
        if path.exists():
            files.append(path)
    return files


@lru_cache(maxsize=8)
def load_kb(paths: tuple[str, ...] = (), default: bool = True) -> ActorKB:
    """The knowledge base for these user files, loaded once per process."""
    return ActorKB.load(paths, default=default)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise KBError(f"{path}:{n}: not JSON ({exc})") from exc


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _brief(rec: Any) -> str:
    if isinstance(rec, dict):
        for key in ("name", "agent", "metonym", "country"):
            if key in rec:
                return f"{key}={rec[key]!r}"
    return repr(rec)[:60]
