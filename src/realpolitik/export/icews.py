"""The ICEWS Coded Event Data layout (Harvard Dataverse doi:10.7910/DVN/28075).

As the Dataverse files are: tab-separated, unquoted, with a header row of 20 columns (the
names `andybega/icews` reads them by, inst/sql/events.sql and R/read_events_tsv.R). One row
per coded event of a document, as ICEWS has one per event of a story sentence. docs/exports.md
maps every column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from ..events.cameo import cameo_info
from .mentions import Mention, mentions, small_id
from .places import actor_parts, country_name, place_of
from .tsv import write_rows

COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
assert len(COLUMNS) == 20

# Our sector and type codes as ICEWS names sectors. The first names are ICEWS's own, as its
# event files write them (Government, Police, Military, Judicial, Legislative / Parliamentary,
# Parties, General Population / Civilian / Social, Unidentified Forces, International
# Government Organization); the others have no ICEWS name we could verify and keep CAMEO's.
SECTOR_NAMES = {
    "GOV": "Government",
    "COP": "Police",
    "MIL": "Military",
    "JUD": "Judicial",
    "LEG": "Legislative / Parliamentary",
    "PTY": "Parties",
    "CVL": "General Population / Civilian / Social",
    "UAF": "Unidentified Forces",
    "IGO": "International Government Organization",
    "OPP": "Political Opposition",
    "REB": "Rebels",
    "INS": "Insurgents",
    "SEP": "Separatists",
    "SPY": "Intelligence",
    "ELI": "Elites",
    "MED": "Media",
    "BUS": "Business",
    "EDU": "Education",
    "REL": "Religious",
    "REF": "Refugees",
    "LAB": "Labor",
    "AGR": "Agriculture",
    "ENV": "Environmental",
    "HLH": "Health",
    "HRI": "Human Rights",
    "CRM": "Criminal",
    "DEV": "Development",
    "MOD": "Moderate",
    "RAD": "Radical",
    "NGO": "Nongovernmental Organization",
    "NGM": "Nongovernmental Movement",
    "IMG": "International Militarized Group",
    "MNC": "Multinational Corporation",
}


def write(con: duckdb.DuckDBPyConnection, out: Path, *, factual_only: bool = False) -> list[Path]:
    """Write `out/events.icews.tsv`; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "events.icews.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        write_rows(f, rows(mentions(con, factual_only=factual_only)), header=COLUMNS)
    return [path]


def rows(found: Iterator[Mention]) -> Iterator[list[Any]]:
    for m in found:
        info = cameo_info(m.cameo)
        place = place_of(m.location)
        yield [
            small_id(f"{m.doc_id}\t{m.event_id}"),
            m.day,
            *_actor(m.source_code, m.source_name),
            info.name if info else None,
            m.cameo,
            m.goldstein,
            *_actor(m.target_code, m.target_name),
            small_id(m.doc_id),
            None,  # Sentence Number: the store keeps a sentence's offsets, not its number
            m.source_site,
            place.name if place and place.kind == "city" else None,
            None,  # District: no administrative divisions are coded
            None,  # Province
            place.country_name if place else None,
            None,  # Latitude: no coordinates are coded
            None,  # Longitude
        ]


def _actor(code: str | None, name: str | None) -> list[Any]:
    """Name, Sectors (comma-separated), Country (its name)."""
    if not code and not name:
        return [None, None, None]
    parts = actor_parts(code)
    sectors = ",".join(SECTOR_NAMES.get(t, t) for t in parts.types)
    return [name, sectors or None, country_name(parts.country)]
