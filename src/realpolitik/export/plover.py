"""PLOVER event records as JSON lines.

The fields are the PLOVER manual's ("JSON Data Fields", PLOVER Manual draft 0.7b1/0.8, Open
Event Data Alliance: github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex): `id`, `date`,
`source` and `recipient` (lists of actor objects: `code`, `sector`, `actor_text`, and the
Wikidata id as `identifier_id` with the canonical name as `identifier_text`), `event`,
`mode`, `context`, `event_text`, `quad_code`, `event_loc`, `link`, `text_info`,
`cite_info`, `coder`, `coded_date`. The manual invites further named fields: ours are
`cameo`, `goldstein`, `cameo_quad_class`, `factuality`, `doc_id` and `event_id`.

One record per coded event of a document (PLOVER leaves de-duplication to its users);
`link` is the event cluster, so records of one happening share it. Events without a PLOVER
type (CAMEO 01, public statements, which PLOVER drops) are not written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from ..events.cameo import cameo_info
from .mentions import Mention, mentions
from .places import place_of

# The manual's quad categories ("PLOVER quad categories"), with DEMAND under its current
# name, REQUEST. They differ from CAMEO's QuadClass (which `cameo_quad_class` keeps): SANCTION
# is verbal conflict here, CAMEO's 16 material conflict.
PLOVER_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("REQUEST", "DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}


def write(con: duckdb.DuckDBPyConnection, out: Path, *, factual_only: bool = False) -> list[Path]:
    """Write the records to `out` (a file), or to `out/events.plover.jsonl` if `out` is a
    folder; returns the path."""
    path = out / "events.plover.jsonl" if out.is_dir() else out
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for record in records(mentions(con, factual_only=factual_only)):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [path]


def records(rows: Iterator[Mention]) -> Iterator[dict[str, Any]]:
    """The PLOVER record of each mention that has a PLOVER type."""
    for m in rows:
        if m.plover:
            yield record(m)


def record(m: Mention) -> dict[str, Any]:
    info = cameo_info(m.cameo)
    day = m.day
    rec: dict[str, Any] = {
        "id": f"{m.doc_id}-{m.event_id}",
        "date": day.isoformat() if day else None,
        "source": _actors(m.source_code, m.source_text, m.source_name, m.source_wikidata),
        "recipient": _actors(m.target_code, m.target_text, m.target_name, m.target_wikidata),
        "event": [m.plover],
        "mode": [m.mode] if m.mode else [],
        "context": list(info.plover_context) if info else [],
        "event_text": [m.trigger_text] if m.trigger_text else [],
        "quad_code": PLOVER_QUAD.get(m.plover or ""),
        "event_loc": _location(m),
        "link": m.cluster,
        "text_info": {
            "start": m.sentence_start,
            "end": m.sentence_end,
            "event_start": m.trigger_start,
            "event_end": m.trigger_end,
        },
        "cite_info": _citation(m),
        "coder": f"realpolitik {m.version}" if m.version else "realpolitik",
        "coded_date": m.analyzed_at.date().isoformat() if m.analyzed_at else None,
        # ours, beyond the manual's fields
        "cameo": m.cameo,
        "goldstein": m.goldstein,
        "cameo_quad_class": m.quad_class,
        "factuality": m.factuality,
        "doc_id": m.doc_id,
        "event_id": m.event_id,
    }
    # the role's words, where they are in the text (the manual's actor object has no offsets)
    for role, start, end in (
        ("source", m.source_start, m.source_end),
        ("recipient", m.target_start, m.target_end),
    ):
        for actor in rec[role]:
            actor["start"], actor["end"] = start, end
    return rec


def _actors(
    code: str | None, text: str | None, name: str | None, wikidata: str | None
) -> list[dict[str, Any]]:
    """The role's actor object: the manual's `code` is the first three letters of the CAMEO
    code (a state, IGO, NGO...), `sector` the rest (GOV; UNOMIL); `cameo_code` is all of it."""
    if not code and not name:
        return []
    return [
        {
            "code": code[:3] if code else None,
            "sector": code[3:] or None if code else None,
            "actor_text": text,
            "identifier_id": wikidata,
            "identifier_text": name,
            "cameo_code": code,
        }
    ]


def _location(m: Mention) -> dict[str, Any] | None:
    place = place_of(m.location)
    if place is None:
        return None
    return {"name": place.name, "cc3": place.country}


def _citation(m: Mention) -> dict[str, Any]:
    cite = {
        "url": m.url,
        "title": m.title,
        "publication": m.outlet,
        "language": m.language,
        "citation": None if m.url else m.citation,
    }
    return {k: v for k, v in cite.items() if v}
