"""Where an event happened, in the terms the field's formats ask for.

An event's `location` is `{"name", "country"}` (events/places.py): the place as the text
names it and its country's CAMEO code. The formats want more: GDELT a match type (country,
city...), a full name and a FIPS 10-4 country code; ICEWS a city and a country name. The
country's name, capital and cities come from the shipped country table
(`data/actors/countries.jsonl`); the FIPS code from `data/export/fips.tsv` (GeoNames). What
neither knows (a province, coordinates, a gazetteer id) stays empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..actors.codes import CodeParts, code_parts
from ..actors.fields import normalise
from ..actors.kb import ActorKB, Country, default_files

# CAMEO country codes that are not the ISO 3166 alpha-3 code GeoNames lists.
_CAMEO_TO_ISO3 = {"KSV": "XKX", "TMP": "TLS", "IMY": "IMN"}


@dataclass(frozen=True)
class Place:
    """A resolved event location. `kind` is "country" (the name is the country's own),
    "city" (its capital or a city the country table lists) or None (a place it does not
    list: a town, a region, a landmark)."""

    name: str
    country: str | None  # CAMEO code
    country_name: str | None
    kind: str | None

    @property
    def fips(self) -> str | None:
        return fips_code(self.country)

    @property
    def full_name(self) -> str:
        """GDELT's FullName: the country's name for a country, else "Place, Country"."""
        if self.kind == "country" and self.country_name:
            return self.country_name
        if self.country_name and normalise(self.name) != normalise(self.country_name):
            return f"{self.name}, {self.country_name}"
        return self.name


def place_of(location: Any) -> Place | None:
    """The event's place from the events table's `location` JSON (or dict); None without one."""
    if isinstance(location, str):
        location = json.loads(location)
    if not isinstance(location, dict):
        return None
    name, code = location.get("name"), location.get("country")
    if not name and not code:
        return None
    state = countries().get(code) if code else None
    if not name:
        return Place(state.name if state else code, code, state.name if state else None, "country")
    return Place(name, code, state.name if state else None, _kind(name, state))


def country_name(code: str | None) -> str | None:
    """The name of the state or region a CAMEO country code stands for (RUS -> Russia)."""
    state = countries().get(code) if code else None
    return state.name if state else None


def fips_code(code: str | None) -> str | None:
    """The FIPS 10-4 code of a CAMEO country code (RUS -> RS, GBR -> UK); a territory
    coded with its state (USAPRI) takes its own (Puerto Rico: RQ). None for regions."""
    if not code:
        return None
    table = _fips_table()
    own = code[3:6] if len(code) == 6 else code
    own = _CAMEO_TO_ISO3.get(own, own)
    return table.get(own) or table.get(_CAMEO_TO_ISO3.get(code[:3], code[:3]))


@lru_cache(maxsize=65536)
def actor_parts(code: str | None) -> CodeParts:
    """The parts of an actor code (country, known group, religions, types), its country
    told apart by the country table."""
    return code_parts(code, _country_codes())


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The shipped country table, CAMEO code -> Country (names, capital, cities)."""
    path = next(p for p in default_files() if p.name == "countries.jsonl")
    return ActorKB.load([path], default=False).countries


def _kind(name: str, state: Country | None) -> str | None:
    if state is None:
        return None
    norm = normalise(name)
    if norm in {normalise(n) for n in (state.name, *state.aliases)}:
        return "country"
    cities = (state.capital, *state.capital_aliases, *state.cities)
    if norm in {normalise(c) for c in cities if c}:
        return "city"
    return None


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    return frozenset(countries())


@lru_cache(maxsize=1)
def _fips_table() -> dict[str, str]:
    text = resources.files("realpolitik").joinpath("data/export/fips.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {iso3: fips for iso3, fips in rows[1:]}
