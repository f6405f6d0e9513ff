"""The store's coded events as mentions: the rows every field format is written from.

A mention is one coded event of one document (GDELT's word: a happening is *mentioned* by
each article that reports it). One query joins the events table with their document,
article, actors and event cluster (`corpus_event_mentions`), and the rows are streamed in
chunks, so a store of millions of events is never held in memory. `happenings` gives one
row per event cluster instead: the mention that founded it, with the cluster's counts,
derived from the same rows (as `corpus_event_cluster_stats` derives them).

Only events with a CAMEO code are exported (an uncoded event has nothing to fill the
formats' event columns with); `factual_only` keeps those the text asserts happened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import duckdb

from ..corpus.build import event_day, founding_cluster_id

CHUNK = 5000  # rows fetched per round trip

# The tables a mention is read from, narrowed before they are joined (a hash table of whole
# texts or document JSON would hold the store in memory): `d` the document, `a` its article,
# `dj` the document JSON's fields for the rare document without an article row, `sa`/`ta`
# the source and target actors, `cm` the event's corpus mention (its cluster).
_DOCUMENTS = """
    JOIN (SELECT id, published, analyzed_at, meta->>'realpolitik' AS version, model
          FROM documents) d ON d.id = e.doc_id
    LEFT JOIN (SELECT id, document->>'url' AS url, document->>'title' AS title,
                      document->>'author' AS author, document->>'source' AS source,
                      document->>'language' AS language, length(document->>'text') AS doc_len
               FROM documents WHERE id NOT IN (SELECT id FROM articles)) dj
        ON dj.id = e.doc_id
    LEFT JOIN corpus_event_mentions cm ON cm.doc_id = e.doc_id AND cm.event_id = e.event_id"""
_FROM = f"""
    FROM events e {_DOCUMENTS}
    LEFT JOIN (SELECT id, url, title, author, source, language, origin,
                      length(text) AS doc_len,
                      TRY_CAST(paragraphs->0->>'end' AS INTEGER) AS lead_end
               FROM articles) a ON a.id = e.doc_id
    LEFT JOIN actors sa ON sa.doc_id = e.doc_id AND sa.actor_id = e.source_actor
    LEFT JOIN actors ta ON ta.doc_id = e.doc_id AND ta.actor_id = e.target_actor"""
# What the ranking needs: no actors, no texts.
_KEY_FROM = f"""
    FROM events e {_DOCUMENTS}
    LEFT JOIN (SELECT id, source FROM articles) a ON a.id = e.doc_id"""
_WHERE = """
    WHERE e.event_id IS NOT NULL AND regexp_full_match(coalesce(e.cameo, ''), '[0-9]{2,4}')"""
# A mention's outlet: its corpus mention's (what the cluster counts were derived from), else
# its article's.
_OUTLET = "CASE WHEN cm.doc_id IS NULL THEN coalesce(a.source, dj.source) ELSE cm.outlet END"


@dataclass
class Mention:
    """One coded event of one document, with what the formats need around it."""

    doc_id: str
    event_id: str
    cameo: str
    plover: str | None
    mode: str | None
    quad_class: int | None
    goldstein: float | None
    factuality: str | None
    date: str | None  # as coded, may be partial ("2017")
    location: str | None  # JSON
    main_event: bool | None
    source_actor: str | None
    source_text: str | None
    source_code: str | None
    source_start: int | None
    source_end: int | None
    target_actor: str | None
    target_text: str | None
    target_code: str | None
    target_start: int | None
    target_end: int | None
    trigger_start: int | None
    trigger_end: int | None
    trigger_text: str | None
    sentence_start: int | None
    sentence_end: int | None
    source_name: str | None  # the resolved actor's name
    source_wikidata: str | None
    target_name: str | None
    target_wikidata: str | None
    published: date | None
    analyzed_at: datetime | None
    version: str | None  # realpolitik's, from the document's meta
    model: str | None
    url: str | None
    title: str | None
    author: str | None
    outlet: str | None
    language: str | None
    origin: str | None
    doc_len: int | None
    lead_end: int | None  # where the article's first paragraph ends
    cluster_id: str | None
    cluster_day: date | None
    event_added: datetime | None  # when the mention its cluster is written from was analyzed

    @property
    def day(self) -> date | None:
        """The day the event counts on: its cluster's, else as the corpus layer dates it."""
        return self.cluster_day or event_day(self.date, self.published)

    @property
    def cluster(self) -> str:
        """Its event cluster's id; an event outside the corpus tables is a cluster of one,
        with the id it would found."""
        return self.cluster_id or founding_cluster_id(self.doc_id, self.event_id)

    @property
    def in_lead(self) -> bool:
        """Whether its sentence starts in the article's first paragraph."""
        start = self.sentence_start if self.sentence_start is not None else self.trigger_start
        return self.lead_end is not None and start is not None and start < self.lead_end

    @property
    def source_site(self) -> str | None:
        """The host its URL is on (www. dropped), else its outlet's name."""
        return _host(self.url) if self.url else self.outlet

    @property
    def citation(self) -> str:
        """Its URL, else a textual citation: author. title. outlet. date [where it was read]."""
        if self.url:
            return self.url
        parts = [self.author, self.title, self.outlet, self.published and str(self.published)]
        text = ". ".join(p for p in parts if p) or self.doc_id
        return f"{text} [{self.origin}]" if self.origin else text


_N_FIELDS = len(fields(Mention))

# What fills each field of `Mention`, in order (`event_added` is the ranking's).
_EXPRESSIONS = (
    *(f"e.{f}" for f in ("doc_id", "event_id", "cameo", "plover", "mode", "quad_class")),
    *(f"e.{f}" for f in ("goldstein", "factuality", "date", "location", "main_event")),
    *(
        f"e.{r}_{f}"
        for r in ("source", "target")
        for f in ("actor", "text", "code", "start", "end")
    ),
    *(f"e.{f}" for f in ("trigger_start", "trigger_end", "trigger_text")),
    "e.sentence_start",
    "e.sentence_end",
    "sa.name",
    "sa.wikidata",
    "ta.name",
    "ta.wikidata",
    "d.published",
    "d.analyzed_at",
    "d.version",
    "d.model",
    *(f"coalesce(a.{f}, dj.{f})" for f in ("url", "title", "author")),
    _OUTLET,
    "coalesce(a.language, dj.language)",
    "a.origin",
    "coalesce(a.doc_len, dj.doc_len)",
    "a.lead_end",
    "cm.cluster_id",
    "cm.day",
    "r.event_added",
)
_COLUMNS = ", ".join(
    f'{x} AS "{f.name}"' for f, x in zip(fields(Mention), _EXPRESSIONS, strict=True)
)


def mentions(con: duckdb.DuckDBPyConnection, *, factual_only: bool = False) -> Iterator[Mention]:
    """Every exported mention, by document and position in its text."""
    sql = f"""{_ranked(factual_only)}
        SELECT {_COLUMNS} {_FROM} {_JOIN_RANKED} {_WHERE}
        ORDER BY e.doc_id, e.trigger_start, e.event_id"""
    for row in _rows(con, sql):
        yield Mention(*row)


def happenings(
    con: duckdb.DuckDBPyConnection, *, factual_only: bool = False
) -> Iterator[tuple[Mention, int, int, int]]:
    """One row per event cluster: (the mention that founded it, else its earliest; its
    number of mentions, of distinct outlets, of distinct articles), by cluster id (and so
    by GLOBALEVENTID)."""
    sql = f"""{_ranked(factual_only)}, counts AS (
            SELECT _key, count(*) AS n, count(DISTINCT outlet) AS sources,
                   count(DISTINCT doc_id) AS articles
            FROM r GROUP BY _key
        )
        SELECT {_COLUMNS}, counts.n, counts.sources, counts.articles
        {_FROM} {_JOIN_RANKED} JOIN counts ON counts._key = r._key
        {_WHERE} AND r._rank = 1
        ORDER BY r._key"""
    for row in _rows(con, sql):
        yield Mention(*row[:_N_FIELDS]), *row[_N_FIELDS:]


def global_event_id(cluster: str) -> int:
    """A stable positive 63-bit integer for a cluster id (16 hex digits: the sha1 of the
    founding mention's document and event ids), as GDELT's GLOBALEVENTID."""
    return int(cluster[:16], 16) >> 1


def small_id(text: str) -> int:
    """A stable positive 31-bit integer for a text (ICEWS's Event ID and Story ID are read
    as 32-bit integers): the first 31 bits of its sha1."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) >> 1


_JOIN_RANKED = "JOIN r ON r.doc_id = e.doc_id AND r.event_id = e.event_id"


def _ranked(factual_only: bool) -> str:
    """`r`: the exported mentions' keys, narrow, with their cluster (`_key`), outlet, rank
    in the cluster (1: the mention the cluster is written from, its founder if exported)
    and that mention's analysis time. An event outside the corpus tables keys a cluster of
    its own."""
    own = "left(sha1(e.doc_id || chr(9) || e.event_id), 16)"  # = founding_cluster_id
    factual = "AND e.factuality = 'asserted'" if factual_only else ""
    return f"""
        WITH k AS (
            SELECT e.doc_id, e.event_id, e.trigger_start, d.analyzed_at,
                   cm.day AS cluster_day, {_OUTLET} AS outlet,
                   coalesce(cm.cluster_id, {own}) AS _key,
                   coalesce(cm.cluster_id = {own}, true) AS _founder
            {_KEY_FROM} {_WHERE} {factual}
        ), r AS (
            SELECT doc_id, event_id, _key, outlet, row_number() OVER w AS _rank,
                   first_value(analyzed_at) OVER w AS event_added
            FROM k
            WINDOW w AS (PARTITION BY _key ORDER BY _founder DESC, cluster_day NULLS LAST,
                         doc_id, trigger_start, event_id)
        )"""


@lru_cache(maxsize=4096)
def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql`, fetched CHUNK at a time on a cursor of their own."""
    cur = con.cursor()
    try:
        result = cur.execute(sql)
        while rows := result.fetchmany(CHUNK):
            yield from rows
    finally:
        cur.close()
