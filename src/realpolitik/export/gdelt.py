"""The GDELT 2.0 Event Database layout: an Events file and a Mentions file.

As GDELT publishes them (GDELT Event Codebook V2.0, 2015): tab-separated, no header, one
record a line, named `<YYYYMMDDHHMMSS>.export.CSV` and `<YYYYMMDDHHMMSS>.mentions.CSV`.
Events has 61 columns, one row per happening: our event clusters (corpus_event_clusters),
each written from the mention that founded it, with NumMentions, NumSources and NumArticles
counted over its mentions. Mentions has 16 columns, one row per coded event of a document,
with the character offsets of its actors and trigger. docs/exports.md maps every column.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from .mentions import Mention, global_event_id, happenings, mentions
from .places import Place, actor_parts, place_of
from .tsv import write_rows

EVENT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"{actor}{column}"
        for actor in ("Actor1", "Actor2")
        for column in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{geo}_{column}"
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for column in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long")
        + ("FeatureID",)
    ),
    "DATEADDED",
    "SOURCEURL",
)
MENTION_COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16

WEB, CITATION_ONLY = 1, 2  # MentionType: a URL, or a textual citation
GEO_COUNTRY, GEO_US_CITY, GEO_WORLD_CITY = 1, 3, 4  # *Geo_Type


def write(con: duckdb.DuckDBPyConnection, out: Path, *, factual_only: bool = False) -> list[Path]:
    """Write `out/<batch>.export.CSV` and `out/<batch>.mentions.CSV`; returns their paths.

    The batch name is the quarter hour of the latest analysis in the store, as GDELT names
    a file by its 15-minute update."""
    out.mkdir(parents=True, exist_ok=True)
    batch = _batch_name(con)
    events_path, mentions_path = out / f"{batch}.export.CSV", out / f"{batch}.mentions.CSV"
    with events_path.open("w", encoding="utf-8", newline="") as f:
        write_rows(f, _event_rows(happenings(con, factual_only=factual_only)))
    with mentions_path.open("w", encoding="utf-8", newline="") as f:
        write_rows(f, _mention_rows(mentions(con, factual_only=factual_only)))
    return [events_path, mentions_path]


def quarter_hour(moment: datetime | None) -> str:
    """A time as GDELT's 15-minute timestamps (YYYYMMDDHHMMSS), rounded down."""
    if moment is None:
        return ""
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0).strftime(
        "%Y%m%d%H%M%S"
    )


def fraction_date(day: date) -> str:
    """GDELT's FractionDate, YYYY.FFFF with FFFF = ((month - 1) * 30 + day) / 365, as its
    files have it (2019-01-25 -> 2019.0685)."""
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


# --- events -------------------------------------------------------------------------------


def _event_rows(rows: Iterator[tuple[Mention, int, int, int]]) -> Iterator[list[Any]]:
    for m, n_mentions, n_sources, n_articles in rows:
        day = m.day
        yield [
            global_event_id(m.cluster),
            day and day.strftime("%Y%m%d"),
            day and day.strftime("%Y%m"),
            day and day.year,
            day and fraction_date(day),
            *_actor(m.source_code, m.source_name),
            *_actor(m.target_code, m.target_name),
            1 if m.in_lead else 0,
            m.cameo,
            m.cameo[:3],
            m.cameo[:2],
            m.quad_class,
            m.goldstein,
            n_mentions,
            n_sources,
            n_articles,
            None,  # AvgTone: we measure no tone
            *_geo(None),  # Actor1Geo: where the actor was is not coded
            *_geo(None),  # Actor2Geo
            *_geo(place_of(m.location)),
            quarter_hour(m.event_added),
            m.citation,
        ]


def _actor(code: str | None, name: str | None) -> list[Any]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
    Type1Code, Type2Code, Type3Code."""
    if not code:
        return [None] * 10
    parts = actor_parts(code)
    religions = (*parts.religions, None, None)
    types = (*parts.types, None, None, None)
    ethnic = None  # no ethnic code table: an ethnic code is read as a known group
    name = name.upper() if name else None
    return [code, name, parts.country, parts.known_group, ethnic, *religions[:2], *types[:3]]


def _geo(place: Place | None) -> list[Any]:
    """Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    if place is None:
        return [None] * 8
    kind = {"country": GEO_COUNTRY, "city": GEO_WORLD_CITY}.get(place.kind or "")
    if kind == GEO_WORLD_CITY and place.country == "USA":
        kind = GEO_US_CITY
    feature = place.fips if kind == GEO_COUNTRY else None  # a country's FeatureID: its code
    return [kind, place.full_name, place.fips, None, None, None, None, feature]


# --- mentions -----------------------------------------------------------------------------


def _mention_rows(rows: Iterator[Mention]) -> Iterator[list[Any]]:
    for m in rows:
        yield [
            global_event_id(m.cluster),
            quarter_hour(m.event_added),
            quarter_hour(m.analyzed_at),
            WEB if m.url else CITATION_ONLY,
            m.source_site,
            m.citation,
            None,  # SentenceID: the store keeps a sentence's offsets, not its number
            _offset(m.source_start),
            _offset(m.target_start if m.target_actor or m.target_code else None),
            _offset(m.trigger_start),
            1,  # InRawText: every offset points into the text as it was read
            None,  # Confidence: no calibrated confidence per event
            m.doc_len,
            None,  # MentionDocTone: we measure no tone
            None,  # MentionDocTranslationInfo: nothing is machine-translated
            _extras(m),
        ]


def _offset(value: int | None) -> int:
    return -1 if value is None else value


def _extras(m: Mention) -> str:
    """What GDELT has no column for, in the tag style of its Extras fields."""
    tags = {
        "DOC_ID": m.doc_id,
        "EVENT_ID": m.event_id,
        "CAMEO": m.cameo,
        "FACTUALITY": m.factuality,
        "CLUSTER_ID": m.cluster,
    }
    return "".join(f"<{k}>{v}</{k}>" for k, v in tags.items() if v)


def _batch_name(con: duckdb.DuckDBPyConnection) -> str:
    [(latest,)] = con.execute("SELECT max(analyzed_at) FROM documents").fetchall()
    return quarter_hour(latest or datetime.now(UTC).replace(tzinfo=None))
