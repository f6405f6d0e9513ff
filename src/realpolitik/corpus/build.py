"""Building the corpus tables from the record tables, incrementally.

    with Store("news.duckdb") as db:
        build(db)                 # the documents not in the corpus tables yet (or re-analyzed)
        build(db, rebuild=True)   # everything again, from the records

An update touches only the new documents: their actors are resolved against the entities
the corpus knows (`entities.EntityIndex`), they join or start stories among the articles of
their time window (`stories.assign_stories`), and their events join or start event clusters
among the clusters of their days. Nothing already built is recomputed, so adding 1,000
articles to a store of 100,000 costs about what the 1,000 cost alone.

Event clusters (one row per happening, GDELT's Events beside its Mentions): coded events of
any article that share source entity, target entity and CAMEO root code (the kind of act:
"criticized" and "accused" are both 11, *disapprove*), dated within `CLUSTER_DAYS` days of
the cluster's first mention, are one happening. An event's day is its own date when the
text gives a full one ("last Friday"), the first day of its month or year when the text
gives only that and it lies before the publication ("in 2017"), else the publication date.

The full-text search index (`corpus_search_terms`, `corpus_search_docs`; read by
`search.py`) is the fourth stage of a chunk. A store whose corpus was built before the index
existed gets its documents indexed by the next build, without rebuilding the rest.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from ..store import Store
from .entities import ActorRow, EntityIndex, KnownEntity, entity_rows, load_known_entities
from .stories import (
    WINDOW_DAYS,
    DocumentFrequencies,
    assign_stories,
    entity_weights,
    pack,
    terms,
)

CLUSTER_DAYS = 3
CHUNK = 2000  # documents per transaction
# The postings are re-sorted by term once this share of them was appended since the last sort
# (each chunk is sorted, but all chunks hold every letter, so no row group could be skipped).
# Sorting 10.8M postings (100,000 documents) takes about 7 s; at 20 % it happens after every
# fifth of the index is new, so it costs at most five times the sort of the rows added.
RESORT_SHARE = 0.2

# The document's title and its text, the one every record's offsets point into: the search
# index holds both; hit offsets are offsets into the text. `d` is documents, `a` articles.
TITLE_SQL = "coalesce(a.title, d.document->>'title')"
TEXT_SQL = "coalesce(a.text, d.document->>'text')"
# A term: a maximal run of letters and digits, in lower case (search.tokens: the same in
# Python). RE2 syntax, as DuckDB's regexp functions take it.
TERM_RE2 = r"[\pL\pN]+"

CORPUS_TABLES = (
    "corpus_entities",
    "corpus_actor_entities",
    "corpus_documents",
    "corpus_stories",
    "corpus_event_mentions",
    "corpus_event_clusters",
    "corpus_state",
    "corpus_search_terms",
    "corpus_search_docs",
)


@dataclass
class BuildResult:
    documents: int = 0
    entities: int = 0
    stories: int = 0
    clusters: int = 0
    mentions: int = 0
    indexed: int = 0  # documents (re)indexed for full-text search
    rebuilt: bool = False

    def __str__(self) -> str:
        what = "rebuilt" if self.rebuilt else "updated"
        return (
            f"corpus {what}: {self.documents} document(s), {self.entities} new entit"
            f"{'y' if self.entities == 1 else 'ies'}, {self.stories} new stor"
            f"{'y' if self.stories == 1 else 'ies'}, {self.mentions} event mention(s) in "
            f"{self.clusters} new cluster(s)"
            + (
                f"; {self.indexed} document(s) indexed for search"
                if self.indexed != self.documents
                else ""
            )
        )


def pending_documents(store: Store) -> list[str]:
    """Ids of analyzed documents the corpus tables lack, or hold from an older analysis
    (among them corpus documents the search index lacks): what `build` has work for."""
    rows = store.con.execute(
        """
        SELECT d.id FROM documents d
        LEFT JOIN corpus_documents c ON c.doc_id = d.id
        LEFT JOIN corpus_search_docs s ON s.doc_id = d.id
        WHERE c.doc_id IS NULL OR c.built_at < d.analyzed_at OR s.doc_id IS NULL
        ORDER BY d.published NULLS LAST, d.id"""
    ).fetchall()
    return [r[0] for r in rows]


def _unbuilt_documents(store: Store) -> list[str]:
    """Ids of analyzed documents the corpus tables lack, or hold from an older analysis."""
    rows = store.con.execute(
        """
        SELECT d.id FROM documents d LEFT JOIN corpus_documents c ON c.doc_id = d.id
        WHERE c.doc_id IS NULL OR c.built_at < d.analyzed_at
        ORDER BY d.published NULLS LAST, d.id"""
    ).fetchall()
    return [r[0] for r in rows]


def _unindexed_documents(store: Store) -> list[str]:
    """Ids of corpus documents the search index lacks (a corpus built before it existed)."""
    rows = store.con.execute(
        """
        SELECT c.doc_id FROM corpus_documents c ANTI JOIN corpus_search_docs s USING (doc_id)
        ORDER BY c.published NULLS LAST, c.doc_id"""
    ).fetchall()
    return [r[0] for r in rows]


def build(
    store: Store,
    *,
    rebuild: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Bring the corpus tables up to date with the store's documents (all again: `rebuild`).

    Raises ValueError for a bad entity file (REALPOLITIK_ENTITIES), StoreError for a store
    that cannot be written; a failed chunk is rolled back, the chunks before it stay."""
    result = BuildResult(rebuilt=rebuild)
    con = store.con
    known = load_known_entities()  # a bad entity file fails here, before anything is written
    if rebuild:
        with store.transaction():
            for t in CORPUS_TABLES:
                con.execute(f"DELETE FROM {t}")
    ids = _unbuilt_documents(store)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with store.transaction():
            _forget(store, chunk)  # re-analyzed documents: their old rows go first
            _add_chunk(store, chunk, result, known)
        result.documents += len(chunk)
        if progress:
            progress(len(chunk))
    ids = _unindexed_documents(store)  # the rest of `pending_documents`
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with store.transaction():
            _index_text(con, chunk, result)
        if progress:
            progress(len(chunk))
    _sort_index(store)
    return result


def _forget(store: Store, ids: list[str]) -> None:
    """Remove the corpus rows of documents about to be added again (a re-analysis)."""
    con = store.con
    old = con.execute(
        "SELECT terms FROM corpus_documents WHERE doc_id IN (SELECT unnest(?))", [ids]
    ).fetchall()
    if not old:
        return
    df = _frequencies(con)
    df.remove([r[0] for r in old if r[0] is not None])
    con.execute("INSERT OR REPLACE INTO corpus_state VALUES ('df', ?)", [df.to_bytes()])
    clusters = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT cluster_id FROM corpus_event_mentions"
            " WHERE doc_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
    ]
    for t in (
        "corpus_actor_entities",
        "corpus_event_mentions",
        "corpus_documents",
        "corpus_search_terms",
        "corpus_search_docs",
    ):
        con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT unnest(?))", [ids])
    con.execute(
        "DELETE FROM corpus_event_clusters WHERE cluster_id IN (SELECT unnest(?))"
        " AND cluster_id NOT IN (SELECT cluster_id FROM corpus_event_mentions"
        "  WHERE cluster_id IN (SELECT unnest(?)))",
        [clusters, clusters],
    )
    con.execute(
        "DELETE FROM corpus_stories WHERE story_id NOT IN"
        " (SELECT DISTINCT story_id FROM corpus_documents)"
    )


def _frequencies(con: Any) -> DocumentFrequencies:
    found = con.execute("SELECT value FROM corpus_state WHERE key = 'df'").fetchall()
    return DocumentFrequencies.from_bytes(found[0][0] if found else None)


def _add_chunk(
    store: Store, ids: list[str], result: BuildResult, known: dict[str, KnownEntity]
) -> None:
    con = store.con
    docs = con.execute(
        f"""
        SELECT d.id, d.published, coalesce(a.source, d.document->>'source'), {TITLE_SQL},
               {TEXT_SQL}
        FROM documents d LEFT JOIN articles a ON a.id = d.id
        WHERE d.id IN (SELECT unnest(?))""",
        [ids],
    ).fetchall()
    published = {d[0]: d[1] for d in docs}
    outlets = {d[0]: d[2] for d in docs}
    links = _link_entities(con, ids, published, result, known)
    _assign_stories(con, docs, result)
    _cluster_events(con, ids, published, outlets, links, result)
    _index_text(con, ids, result)


def _link_entities(
    con: Any,
    ids: list[str],
    published: dict[str, date | None],
    result: BuildResult,
    known: dict[str, KnownEntity],
) -> dict[tuple[str, str], str]:
    """Every actor of the documents `ids` linked to its corpus entity; the entities' rows
    made or brought up to date. Returns (doc_id, actor_id) -> entity id."""
    actors = [
        ActorRow(*row)
        for row in con.execute(
            """
            SELECT a.doc_id, a.actor_id, a.name, a.code, a.country, a.kind, a.wikidata,
                   greatest(count(m.doc_id), 1)
            FROM actors a LEFT JOIN actor_mentions m
              ON m.doc_id = a.doc_id AND m.actor_id = a.actor_id
            WHERE a.doc_id IN (SELECT unnest(?))
            GROUP BY ALL ORDER BY a.doc_id, a.actor_id""",
            [ids],
        ).fetchall()
    ]
    index = EntityIndex(known)
    index.learn(
        con.execute(
            """
            SELECT a.name, a.kind, l.entity_id, count(*)::INTEGER
            FROM corpus_actor_entities l
            JOIN actors a ON a.doc_id = l.doc_id AND a.actor_id = l.actor_id
            WHERE a.kind = 'person' GROUP BY ALL"""
        ).fetchall()
    )
    entity_of = index.resolve_all(actors)
    links = {(a.doc_id, a.actor_id): e for a, e in zip(actors, entity_of, strict=True)}
    _insert(
        con,
        "corpus_actor_entities",
        {
            "doc_id": [a.doc_id for a in actors],
            "actor_id": [a.actor_id for a in actors],
            "entity_id": entity_of,
            "code": [a.code for a in actors],
            "published": [published.get(a.doc_id) for a in actors],
        },
    )
    touched = sorted(set(entity_of))
    known_names = dict(
        con.execute(
            "SELECT entity_id, name FROM corpus_entities WHERE entity_id IN (SELECT unnest(?))",
            [touched],
        ).fetchall()
    )
    result.entities += len(touched) - len(known_names)
    # names are settled once an entity has a full one: recount only new entities and those
    # still known by one word (a surname, until the full name turns up)
    touched = [e for e in touched if " " not in (known_names.get(e) or "")]
    rows = list(
        entity_rows(
            con.execute(
                """
                SELECT l.entity_id, a.name, a.kind, a.wikidata, a.country,
                       count(m.doc_id)::INTEGER + 1
                FROM corpus_actor_entities l
                JOIN actors a ON a.doc_id = l.doc_id AND a.actor_id = l.actor_id
                LEFT JOIN actor_mentions m ON m.doc_id = a.doc_id AND m.actor_id = a.actor_id
                WHERE l.entity_id IN (SELECT unnest(?)) GROUP BY ALL""",
                [touched],
            ).fetchall(),
            known,
        )
    )
    con.execute("DELETE FROM corpus_entities WHERE entity_id IN (SELECT unnest(?))", [touched])
    _insert(con, "corpus_entities", {k: [r[k] for r in rows] for k in _keys(rows, "entity_id")})
    return links


def _assign_stories(con: Any, docs: list[tuple], result: BuildResult) -> None:
    """The documents (id, published, outlet, title, text) placed in stories among the
    articles of their window; the document frequencies updated."""
    outlets = {d[0]: d[2] for d in docs}
    df = _frequencies(con)
    new = [(d[0], d[1], pack(terms(d[3], d[4] or ""))) for d in docs]
    df.add([n[2] for n in new])
    days = [d[1] for d in docs if d[1] is not None]
    window: list[tuple[str, date | None, bytes, str]] = []
    if days:
        pad = timedelta(days=WINDOW_DAYS)
        window = [
            tuple(r)
            for r in con.execute(
                "SELECT doc_id, published, terms, story_id FROM corpus_documents"
                " WHERE published BETWEEN ? AND ? AND terms IS NOT NULL",
                [min(days) - pad, max(days) + pad],
            ).fetchall()
        ]
    participants, weights = _participants(con, [n[0] for n in new] + [k[0] for k in window])
    story_of = assign_stories(new, window, df, participants=participants, weights=weights)
    started = sorted({s for d, s in story_of.items() if s == d})
    # a re-analysed article that started a story still told by others finds its story row
    kept = {
        r[0]
        for r in con.execute(
            "SELECT story_id FROM corpus_stories WHERE story_id IN (SELECT unnest(?))", [started]
        ).fetchall()
    }
    new_stories = [s for s in started if s not in kept]
    titles = {d[0]: d[3] for d in docs}
    result.stories += len(new_stories)
    _insert(
        con,
        "corpus_stories",
        {"story_id": new_stories, "title": [titles.get(s) for s in new_stories]},
    )
    _insert(
        con,
        "corpus_documents",
        {
            "doc_id": [n[0] for n in new],
            "published": [n[1] for n in new],
            "outlet": [outlets.get(n[0]) for n in new],
            "story_id": [story_of[n[0]] for n in new],
            "terms": [n[2] for n in new],
        },
    )
    con.execute("INSERT OR REPLACE INTO corpus_state VALUES ('df', ?)", [df.to_bytes()])


def _cluster_events(
    con: Any,
    ids: list[str],
    published: dict[str, date | None],
    outlets: dict[str, str | None],
    links: dict[tuple[str, str], str],
    result: BuildResult,
) -> None:
    """The coded events of the documents `ids` as mentions of event clusters, joining the
    clusters of their days or starting new ones."""
    events = con.execute(
        """
        SELECT doc_id, event_id, source_actor, target_actor, source_code, target_code, cameo,
               quad_class, goldstein, factuality, date
        FROM events WHERE doc_id IN (SELECT unnest(?)) AND event_id IS NOT NULL
        ORDER BY doc_id, trigger_start""",
        [ids],
    ).fetchall()
    mentions: dict[str, list[Any]] = defaultdict(list)
    keyed = []
    for doc_id, event_id, s_act, t_act, s_code, t_code, cameo, quad, g, fact, when in events:
        day = event_day(when, published.get(doc_id))
        src, tgt = links.get((doc_id, s_act)), links.get((doc_id, t_act))
        keyed.append((day, doc_id, event_id, src, tgt, (cameo or "")[:2]))
        for k, v in (
            ("doc_id", doc_id),
            ("event_id", event_id),
            ("day", day),
            ("outlet", outlets.get(doc_id)),
            ("source_entity", src),
            ("target_entity", tgt),
            ("source_code", s_code),
            ("target_code", t_code),
            ("cameo", cameo),
            ("quad_class", quad),
            ("goldstein", g),
            ("factuality", fact),
        ):
            mentions[k].append(v)
    cluster_ids, new_clusters = _cluster(con, keyed)
    mentions["cluster_id"] = cluster_ids
    result.mentions += len(cluster_ids)
    result.clusters += len(new_clusters.get("cluster_id", []))
    _insert(con, "corpus_event_clusters", new_clusters)
    _insert(con, "corpus_event_mentions", dict(mentions))


def _index_text(con: Any, ids: list[str], result: BuildResult) -> None:
    """The terms of the documents `ids` (title and text) in the search index, with their
    counts and token positions, tokenised in SQL: 100,000 documents take about 12 s."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _search_tokens AS
        SELECT d.id AS doc_id,
               regexp_extract_all(lower(coalesce({TITLE_SQL}, '') || ' ' || {TEXT_SQL}),
                                  '{TERM_RE2}') AS tokens
        FROM documents d LEFT JOIN articles a ON a.id = d.id
        WHERE d.id IN (SELECT unnest(?))""",
        [ids],
    )
    # no try/finally: a failure rolls the chunk's transaction back, and the table with it
    con.execute("INSERT INTO corpus_search_docs SELECT doc_id, len(tokens) FROM _search_tokens")
    [(added,)] = con.execute(
        """
        INSERT INTO corpus_search_terms
        SELECT term, doc_id, count(*), list(position ORDER BY position)
        FROM (SELECT doc_id, unnest(tokens) AS term,
                     generate_subscripts(tokens, 1) - 1 AS position
              FROM _search_tokens)
        GROUP BY term, doc_id"""
    ).fetchall()
    [(n,)] = con.execute("SELECT count(*) FROM _search_tokens").fetchall()
    con.execute("DROP TABLE _search_tokens")
    result.indexed += n
    unsorted = _unsorted_postings(con) + added
    con.execute(
        "INSERT OR REPLACE INTO corpus_state VALUES ('search_unsorted', ?)",
        [str(unsorted).encode()],
    )


def _unsorted_postings(con: Any) -> int:
    found = con.execute("SELECT value FROM corpus_state WHERE key = 'search_unsorted'").fetchall()
    return int(found[0][0].decode()) if found else 0


def _sort_index(store: Store) -> None:
    """Rewrite the postings sorted by term once enough were appended since the last time
    (RESORT_SHARE): about 7 s for the 10.8M postings of 100,000 documents."""
    con = store.con
    unsorted = _unsorted_postings(con)
    [(total,)] = con.execute("SELECT count(*) FROM corpus_search_terms").fetchall()
    if not unsorted or unsorted < RESORT_SHARE * total:
        return
    [(bar,)] = con.execute("SELECT current_setting('enable_progress_bar')").fetchall()
    con.execute("SET enable_progress_bar = false")  # a progress bar would go to stdout
    try:
        with store.transaction():
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _search_sorted AS"
                " SELECT * FROM corpus_search_terms ORDER BY term, doc_id"
            )
            con.execute("DELETE FROM corpus_search_terms")
            con.execute(
                "INSERT INTO corpus_search_terms SELECT * FROM _search_sorted ORDER BY term, doc_id"
            )
            con.execute("DROP TABLE _search_sorted")
            con.execute("DELETE FROM corpus_state WHERE key = 'search_unsorted'")
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if bar else 'false'}")


def _participants(con: Any, ids: list[str]) -> tuple[dict[str, set[str]], dict[str, float]]:
    """The entities (not places) each article names, and their idf weights in the corpus."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = con.execute(
        """SELECT l.doc_id, l.entity_id FROM corpus_actor_entities l
           JOIN corpus_entities e USING (entity_id)
           WHERE l.doc_id IN (SELECT unnest(?)) AND e.kind IS DISTINCT FROM 'location'""",
        [ids],
    ).fetchall()
    for doc_id, entity in rows:
        found[doc_id].add(entity)
    entities = sorted({e for es in found.values() for e in es})
    doc_freq = dict(
        con.execute(
            "SELECT entity_id, count(DISTINCT doc_id) FROM corpus_actor_entities"
            " WHERE entity_id IN (SELECT unnest(?)) GROUP BY entity_id",
            [entities],
        ).fetchall()
    )
    [(n_docs,)] = con.execute("SELECT count(DISTINCT doc_id) FROM corpus_actor_entities").fetchall()
    return dict(found), entity_weights(doc_freq, max(n_docs, 1))


def event_day(when: str | None, published: date | None) -> date | None:
    """The day an event counts on in series (see the module docstring)."""
    when = (when or "").strip()
    if len(when) >= 10:
        try:
            return date.fromisoformat(when[:10])
        except ValueError:
            pass
    if when and published is not None and not published.isoformat().startswith(when):
        try:
            if len(when) == 7:
                day = date.fromisoformat(when + "-01")
            elif len(when) == 4:
                day = date(int(when), 1, 1)
            else:
                return published
        except ValueError:
            return published
        return day if day < published else published
    return published


def founding_cluster_id(doc_id: str, event_id: str) -> str:
    """The id of the cluster an event starts: 16 hex digits of the sha1 of its document and
    event ids. A cluster keeps the id of the mention that founded it."""
    return hashlib.sha1(f"{doc_id}\t{event_id}".encode()).hexdigest()[:16]


def _cluster(con: Any, keyed: list[tuple]) -> tuple[list[str], dict[str, list[Any]]]:
    """Cluster ids for (day, doc_id, event_id, source, target, root) in the given order,
    and the rows of the clusters this starts."""
    span = timedelta(days=CLUSTER_DAYS)
    by_key: dict[tuple, list[tuple[date | None, str]]] = defaultdict(list)
    days = sorted({k[0] for k in keyed if k[0] is not None})
    if days:  # the clusters within the window of each day (one "in 2002" must not fetch all)
        for cid, src, tgt, root, first in con.execute(
            """SELECT cluster_id, source_entity, target_entity, root, first_day
               FROM corpus_event_clusters WHERE first_day IN (
                   SELECT DISTINCT d + i::INTEGER
                   FROM (SELECT unnest(?::DATE[]) AS d), range(-?, ? + 1) r(i))""",
            [days, CLUSTER_DAYS, CLUSTER_DAYS],
        ).fetchall():
            by_key[(src, tgt, root)].append((first, cid))
    new: dict[str, list[Any]] = defaultdict(list)
    out = []
    for day, doc_id, event_id, src, tgt, root in keyed:
        cid = None
        if (src or tgt) and day is not None:
            near = [
                (abs(first - day), c)
                for first, c in by_key.get((src, tgt, root), ())
                if first is not None and abs(first - day) <= span
            ]
            if near:
                cid = min(near)[1]
        if cid is None:
            cid = founding_cluster_id(doc_id, event_id)
            for k, v in (
                ("cluster_id", cid),
                ("source_entity", src),
                ("target_entity", tgt),
                ("root", root),
                ("first_day", day),
            ):
                new[k].append(v)
            if src or tgt:
                by_key[(src, tgt, root)].append((day, cid))
        out.append(cid)
    return out, dict(new)


def _keys(rows: list[dict[str, Any]], first: str) -> list[str]:
    return list(rows[0]) if rows else [first]


_TYPES = {
    "published": pa.date32(),
    "day": pa.date32(),
    "first_day": pa.date32(),
    "quad_class": pa.int32(),
    "goldstein": pa.float64(),
    "terms": pa.binary(),
}


def _insert(con: Any, table: str, columns: dict[str, list[Any]]) -> None:
    if not columns or not next(iter(columns.values())):
        return
    data = pa.table({k: pa.array(v, type=_TYPES.get(k, pa.string())) for k, v in columns.items()})
    con.register("_corpus_rows", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _corpus_rows")
    finally:
        con.unregister("_corpus_rows")
