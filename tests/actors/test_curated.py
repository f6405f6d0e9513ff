"""The hand-reviewed curated actor file: it loads, every fact is dated, key actors resolve."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from realpolitik.actors.codes import SECTORS
from realpolitik.actors.fields import normalise
from realpolitik.actors.kb import ActorKB, Entry

CURATED = Path(str(resources.files("realpolitik.data") / "actors" / "curated.yaml"))

# Collective actors whose single role is deliberately undated (marked so in the file).
UNDATED_GROUPS = {
    "the West",
    "Western nations",
    "Western governments",
    "Western media",
    "Europe",
    "European governments",
    "the international community",
    "NATO allies",
    "pro-Kremlin media",
}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return yaml.safe_load(CURATED.read_text("utf-8"))


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load([CURATED], default=False)


def entry_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records that become entries: people, organisations, outlets, groups, metonyms."""
    return [r for r in records if "agent" not in r]


def resolve(kb: ActorKB, name: str, day: str) -> Entry:
    on = date.fromisoformat(day)
    entry = kb.best_entry(name, on=on)
    assert entry is not None, f"{name!r} is not in the curated file"
    return entry


def test_loads_with_entries_and_agents(kb: ActorKB) -> None:
    assert len(kb.entries) > 200
    assert kb.agent("spokesman") is not None
    assert kb.sources == [str(CURATED)]


def test_every_role_has_a_start_unless_deliberately_undated(records: list[dict[str, Any]]) -> None:
    undated = set()
    for rec in records:
        for role in rec.get("roles") or []:
            if role.get("start") is None:
                undated.add(rec["name"])
    # metonym records carry a bare code by design and have no `roles` key.
    assert undated <= UNDATED_GROUPS, f"roles without a start: {sorted(undated - UNDATED_GROUPS)}"


def test_undated_roles_are_only_on_groups(kb: ActorKB) -> None:
    for name in UNDATED_GROUPS:
        (entry,) = kb.entries_named(name)
        assert entry.kind == "group"


def test_no_role_ends_before_it_starts(kb: ActorKB) -> None:
    for entry in kb.entries.values():
        for role in entry.roles:
            if role.start and role.end:
                assert role.start <= role.end, f"{entry.name}: {role.describe()}"


def test_every_code_has_a_country_part(kb: ActorKB) -> None:
    for entry in kb.entries.values():
        for role in entry.roles:
            assert re.fullmatch(r"[A-Z]{3}([A-Z]{3})*", role.code), f"{entry.name}: {role.code}"


def test_agent_codes_are_relative_and_use_known_sectors(kb: ActorKB) -> None:
    for agent in kb.agents.values():
        assert re.fullmatch(r"~([A-Z]{3})+", agent.code), f"{agent.phrase}: {agent.code}"
        sectors = re.findall(r"[A-Z]{3}", agent.code)
        assert set(sectors) <= SECTORS, f"{agent.phrase}: {agent.code}"


def test_wikidata_ids_are_qids(records: list[dict[str, Any]]) -> None:
    for rec in records:
        if "wikidata" in rec:
            assert re.fullmatch(r"Q\d+", str(rec["wikidata"])), rec["name"]


def test_no_duplicate_ids(records: list[dict[str, Any]], kb: ActorKB) -> None:
    # A repeated id would silently replace the earlier record.
    assert len(kb.entries) == len(entry_records(records))
    phrases = [
        normalise(p) for r in records if "agent" in r for p in [r["agent"], *r.get("aliases", [])]
    ]
    assert len(phrases) == len(set(phrases))


def test_aliases_are_strings_and_name_one_entry(records: list[dict[str, Any]]) -> None:
    # YAML reads bare yes/no/on/off as booleans: every alias must come back as text.
    owners: dict[str, set[str]] = {}
    for rec in entry_records(records):
        name = rec.get("name") or rec["metonym"]
        for alias in [name, *(rec.get("aliases") or [])]:
            assert isinstance(alias, str), f"{name}: alias {alias!r} is not text"
            owners.setdefault(normalise(alias), set()).add(name)
    shared = {alias: names for alias, names in owners.items() if len(names) > 1}
    assert not shared


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("Trump", "2018-01-01", "USAGOV"),
        ("Trump", "2022-06-01", "USAELI"),
        ("Donald Trump", "2025-03-07", "USAGOV"),
        ("Vance", "2025-03-07", "USAGOV"),
        ("JD Vance", "2023-06-01", "USALEG"),
        ("Anneliese Dodds", "2025-01-15", "GBRGOV"),
        ("Peskov", "2025-03-07", "RUSGOV"),
        ("Zelensky", "2025-03-07", "UKRGOV"),
        ("Putin", "2025-03-07", "RUSGOV"),
        ("the Kremlin", "2025-03-07", "RUSGOV"),
        ("Oval Office", "2025-03-07", "USAGOV"),
        ("Brussels", "2025-03-07", "IGOEUREEC"),
        ("Rutte", "2025-03-07", "IGOWSTNAT"),
        ("Shoigu", "2023-06-01", "RUSGOV"),
        ("the West", "2025-03-07", "WST"),
        ("SPLM/A", "2000-01-01", "SDNREB"),
        ("SPLM", "2015-01-01", "SSDGOV"),
        ("Fatah", "1985-01-01", "PSEREB"),
        ("Fatah Party", "2006-06-01", "PSEOPP"),
        ("Sandinistas", "1985-01-01", "NICGOV"),
        ("FSLN", "1995-01-01", "NICOPP"),
        ("PLO", "1980-01-01", "PSEREB"),
        ("PLO", "2000-01-01", "PSEGOV"),
        ("Homeland Union", "2000-01-01", "LTUGOV"),
        ("Kifaya", "2005-06-01", "EGYOPP"),
        ("MASSOB", "2005-06-01", "NGAREB"),
        ("RUF", "1995-01-01", "SLEREB"),
        ("KNU", "1995-01-01", "MMRREB"),
    ],
)
def test_codes_on_dates(kb: ActorKB, name: str, day: str, code: str) -> None:
    assert resolve(kb, name, day).code_on(date.fromisoformat(day)) == code


def test_dodds_left_government_on_resigning(kb: ActorKB) -> None:
    assert resolve(kb, "Anneliese Dodds", "2025-03-07").code_on(date(2025, 3, 7)) == "GBRLEG"


def test_tsargrad_is_a_nationalist_russian_outlet(kb: ActorKB) -> None:
    entry = resolve(kb, "Tsargrad TV", "2025-03-07")
    assert entry.kind == "media"
    assert entry.leaning == "nationalist"
    assert entry.code_on(date(2025, 3, 7)) == "RUSMED"


def test_osprey_is_a_publisher_not_a_person(kb: ActorKB) -> None:
    entry = resolve(kb, "Osprey", "2025-03-07")
    assert entry.kind != "person"
    assert entry.code_on(date(2025, 3, 7)) == "GBRBUS"


def test_spokesperson_speaks_for_a_government(kb: ActorKB) -> None:
    assert kb.agent("presidential spokesperson").code == "~GOV"
    assert kb.agent("technocrats").code == "~ELI"
