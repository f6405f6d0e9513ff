"""CAMEO actor codes: what their three-letter parts are, and the questions every stage asks of them.

A code is a country (a state, a region, or a transnational type) followed by sectors, three
letters each: RUS, RUSGOV (Russia's government), IGOUNOMIL (UN troops), NGOHRI (a human rights
NGO). An agent code lacks its country and marks with `~` where it goes: `~GOV` (a government
official), `NGO~` (a state's branch of an NGO), `NGO~GOV` ("an MSF Arnor diplomat"). A
dictionary entry with several codes writes them with `/` (`FRO/BIL/SAM`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# CAMEO codes that are not states but stand in the country slot of a code.
REGION_CODES = frozenset(
    "AFR ASA BLK CAS CAU CEU CFR CHR CRB EAF EEU EIN EUR LAM MEA MDT NAF PGS SAF SAM SAS SEA "
    "SCN WAF WST BAL NMR PAL XXX".split()
)
# Transnational actor types, coded without a country: IGOUNO, NGOHRI, IMGMUSALQ, MNCUSA...
TRANSNATIONAL_CODES = frozenset("IGO NGO IMG MNC INT UIS NGM IRC UNO".split())
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LAB LEG HLH REF MOD RAD ELI AGR ENV HRI "
    "IGO NGO IMG INS SEP UAF REL CHR MUS JEW BUD HIN ATH TOP MID DEV SET UNO NAT WTO IMF WBK NGM "
    "PKO TER VET YTH FEM".split()
)

_WRITTEN_AS_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")

# Religion codes of the CAMEO Religious Coding System (CAMEO.RCS): a faith, or a branch of one
# after it (CHRCTH: Catholic Christians, MUSSHI: Shia Muslims).
RELIGION_CODES = frozenset("CHR MUS JEW BUD HIN ATH SIK CTH ORT PRO SHI SUN".split())
# Named organisations with a code of their own (UN, NATO, WTO, IMF, World Bank, Red Cross, EU).
# Any other part of a code that is no country, sector or religion is taken for one too
# (IMGMUSALQ: al-Qaeda).
KNOWN_GROUP_CODES = frozenset("UNO NAT WTO IMF WBK IRC EEC".split())


def segments(code: str) -> list[str]:
    """The three-letter parts of a code: IGOUNOMIL -> [IGO, UNO, MIL]."""
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code: RUSGOV -> (RUS, GOV), IGOUNO -> (IGO, UNO)."""
    if not code:
        return None, None
    code = code.upper().lstrip("~")
    country = code[:3] if len(code) >= 3 else code
    sector = code[3:6] or None
    return country, sector


def agent_sectors(agent_code: str) -> list[str]:
    """The sectors an agent code gives after its `~`: ~MUSRAD -> [MUS, RAD]; none without one."""
    if "~" not in agent_code:
        return []
    return segments(agent_code.split("~", 1)[1])


def alternatives(code: str) -> list[str]:
    """The codes of a multi-code dictionary entry: FRO/BIL/SAM -> [FRO, BIL, SAM]."""
    return [c for c in (part.strip() for part in code.split("/")) if c]


def compose(country: str | None, agent_code: str | None) -> str | None:
    """An agent code attached to a country: `~GOV` -> RUSGOV, `NGO~` -> NGORUS, and both at
    once (`NGO~GOV`, "an MSF Arnor diplomat") -> NGOARNGOV. With no agent, the country; with
    no country, None where the country goes before a sector (`~GOV`, `NGO~GOV`), else the
    agent code as it is (`NGO~`, `IGOUNO`)."""
    if agent_code is None:
        return country
    if country is None:
        return None if "~" in agent_code[:-1] else agent_code
    if "~" in agent_code:
        before, _, after = agent_code.partition("~")
        return before + country + after
    return agent_code


def is_country_only(code: str | None) -> bool:
    """A code naming a state or region alone (RUS, EUR), not a sector or an IGO."""
    return bool(code) and len(code) == 3 and code not in TRANSNATIONAL_CODES


def is_state_code(code: str) -> bool:
    """RUS, or a state's status or parent: USRARM (Soviet Armenia), IRQOCC, USAASM."""
    if len(code) == 3:
        return code not in SECTORS and code not in TRANSNATIONAL_CODES
    return len(code) == 6 and is_state_code(code[:3]) and code[3:] not in SECTORS


def is_code(text: str, countries: Iterable[str]) -> bool:
    """Text written as an actor code: a known country (one of `countries`), region or
    transnational type, then sectors or more of those (RUS, RUSGOV, IGOUNOMIL)."""
    if not _WRITTEN_AS_CODE.match(text):
        return False
    head, *rest = segments(text)
    known = set(countries) | REGION_CODES | TRANSNATIONAL_CODES
    return head in known and all(p in SECTORS or p in known for p in rest)


def in_focus(code: str | None, focus: str) -> bool:
    """Whether an actor code falls under a focus code: RUSGOV and RUSMED under RUS."""
    return bool(code) and code.startswith(focus)


def counterpart(code: str, focus: str) -> str:
    """The side of a dyad an actor code belongs to: its country, unless it shares the focus's
    country or is transnational (then the code itself)."""
    if code[:3] in TRANSNATIONAL_CODES or code[:3] == focus[:3]:
        return code
    return code[:3]


@dataclass(frozen=True)
class CodeParts:
    """A code taken apart as GDELT's actor columns take it: RUSGOV -> country RUS, type GOV;
    IMGMUSALQ -> types (IMG,), religions (MUS,), known group ALQ."""

    country: str | None = None
    known_group: str | None = None
    religions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


def code_parts(code: str | None, countries: Iterable[str]) -> CodeParts:
    """The parts of an actor code: its first country or region (one of `countries` or a
    region code), known group, religions and types (sectors and transnational types), in the
    order written. A further country (USAPRI's PRI: a territory) has no part of its own."""
    if not code:
        return CodeParts()
    places = countries if isinstance(countries, set | frozenset) else set(countries)
    country, group = None, None
    religions: list[str] = []
    types: list[str] = []
    for part in segments(code.upper().replace("~", "")):
        if part in RELIGION_CODES:
            religions.append(part)
        elif part in KNOWN_GROUP_CODES:
            group = group or part
        elif part in SECTORS or part in TRANSNATIONAL_CODES:
            types.append(part)
        elif part in places or part in REGION_CODES:
            country = country or part
        else:
            group = group or part
    return CodeParts(country, group, tuple(religions), tuple(types))
