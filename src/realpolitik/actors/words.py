"""The word lists the actor component reads phrases with (`data/actors/words.yaml`), loaded
once per process: which nouns make a phrase an actor, which prepositions make a name a place,
which verbs say a town was attacked. Editing the file changes what the component reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .fields import KBError


@dataclass(frozen=True)
class Words:
    """Every list of `words.yaml`, as sets (the leader titles in order, best first)."""

    # places
    locative_prepositions: frozenset[str]
    mission_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    motion_verbs: frozenset[str]
    place_nouns: frozenset[str]
    border_nouns: frozenset[str]
    # agent phrases
    people_heads: frozenset[str]
    state_nouns: frozenset[str]
    government_nouns: frozenset[str]
    leader_nouns: frozenset[str]
    foreign_words: frozenset[str]
    envoy_nouns: frozenset[str]
    title_modifiers: frozenset[str]
    quantity_nouns: frozenset[str]
    flight_verbs: frozenset[str]
    context_sectors: frozenset[str]
    unplaced_sectors: frozenset[str]
    # persons
    former_words: frozenset[str]
    supporter_nouns: frozenset[str]
    honorifics: frozenset[str]
    leader_titles: dict[str, tuple[str, ...]]
    # groups and organisations
    minority_nouns: frozenset[str]
    leadership_agents: frozenset[str]
    civil_society_heads: frozenset[str]
    expulsion_verbs: frozenset[str]
    publishing_verbs: frozenset[str]
    corporate_suffixes: frozenset[str]
    # places standing for their people
    attack_verbs: frozenset[str]
    attacked_words: frozenset[str]
    attacked_participles: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> Words:
        """The lists of a words file; KBError names a missing, unknown or malformed list."""
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        expected = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) != expected:
            found = set(data) if isinstance(data, dict) else set()
            missing, unknown = sorted(expected - found), sorted(found - expected)
            raise KBError(f"{path}: lists missing {missing}, unknown {unknown}")
        titles = data.pop("leader_titles")
        if not isinstance(titles, dict):
            raise KBError(f"{path}: leader_titles must map each leader noun to its titles")
        return cls(
            leader_titles={str(k): _strings(path, k, v) for k, v in titles.items()},
            **{name: frozenset(_strings(path, name, value)) for name, value in data.items()},
        )


@lru_cache(maxsize=1)
def load_words() -> Words:
    """The shipped word lists, read once per process."""
    return Words.read(Path(str(resources.files("realpolitik.data") / "actors" / "words.yaml")))


def _strings(path: Path, name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KBError(
            f"{path}: {name} must be a list of words (quote one YAML reads as a number or "
            "yes/no: 'on', '1')"
        )
    return tuple(value)
