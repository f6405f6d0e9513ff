"""The store's schema, as numbered migrations applied in order.

A store records the migrations it has run in `schema_version`. Opening it runs the pending
ones, each inside its own transaction, so a failed migration leaves the previous version
intact. To change the schema, append a `Migration` (e.g. `ALTER TABLE events ADD COLUMN x
VARCHAR`) and fill the new column where the rows are built in `store.py`; never edit one that
has shipped. Record tables are flat, one row per record keyed by `doc_id`; `documents.document`
keeps the full JSON, so what the tables do not have a column for yet is never lost. A
migration that must compute rows from stored data in Python (migration 7's index keys) names
a `backfill` function, run after its SQL in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from . import dedupe


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message names the file and what to do."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    backfill: Callable[[duckdb.DuckDBPyConnection], None] | None = None


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "initial schema",
        """
        CREATE TABLE articles (
            id           VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,       -- records.content_hash(text)
            url          VARCHAR,
            title        VARCHAR,
            author       VARCHAR,
            published    DATE,
            source       VARCHAR,
            language     VARCHAR,
            text         VARCHAR NOT NULL,
            paragraphs   JSON,                   -- [{"start", "end"}] into text
            origin       VARCHAR,
            extra        JSON,
            ingested_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
            duplicate_of VARCHAR,                -- the earlier article this one (nearly) repeats
            minhash      BLOB                    -- store.SIGNATURE: MinHash of the text's shingles
        );
        CREATE INDEX articles_content_hash ON articles (content_hash);

        CREATE TABLE documents (
            id          VARCHAR PRIMARY KEY,     -- = articles.id
            published   DATE,
            analyzed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            model       VARCHAR,
            meta        JSON,
            document    JSON NOT NULL            -- Document.to_dict(), the whole contract
        );

        CREATE TABLE actors (
            doc_id   VARCHAR NOT NULL,
            actor_id VARCHAR NOT NULL,
            name     VARCHAR,
            code     VARCHAR,
            country  VARCHAR,
            sector   VARCHAR,
            kind     VARCHAR,
            wikidata VARCHAR
        );

        CREATE TABLE actor_mentions (
            doc_id   VARCHAR NOT NULL,
            actor_id VARCHAR NOT NULL,
            "start"  INTEGER,
            "end"    INTEGER,
            text     VARCHAR
        );

        CREATE TABLE events (
            doc_id         VARCHAR NOT NULL,
            event_id       VARCHAR,
            source_actor   VARCHAR,
            source_text    VARCHAR,
            source_code    VARCHAR,
            target_actor   VARCHAR,
            target_text    VARCHAR,
            target_code    VARCHAR,
            cameo          VARCHAR,
            plover         VARCHAR,
            mode           VARCHAR,
            quad_class     INTEGER,
            goldstein      DOUBLE,
            factuality     VARCHAR,
            date           VARCHAR,              -- as coded: may be partial ("2025-03")
            location       JSON,
            trigger_start  INTEGER,
            trigger_end    INTEGER,
            trigger_text   VARCHAR,
            sentence_start INTEGER,
            sentence_end   INTEGER
        );

        CREATE TABLE quotes (
            doc_id        VARCHAR NOT NULL,
            quote_id      VARCHAR,
            kind          VARCHAR,
            speaker_actor VARCHAR,
            speaker_text  VARCHAR,
            speaker_start INTEGER,
            speaker_end   INTEGER,
            cue_start     INTEGER,
            cue_end       INTEGER,
            cue_text      VARCHAR,
            content_start INTEGER,
            content_end   INTEGER,
            content_text  VARCHAR
        );

        CREATE TABLE stances (
            doc_id         VARCHAR NOT NULL,
            actor          VARCHAR,
            issue          VARCHAR,
            stance         VARCHAR,
            evidence_start INTEGER,
            evidence_end   INTEGER
        );

        CREATE TABLE assessment_items (
            doc_id   VARCHAR NOT NULL,
            focus    VARCHAR,
            kind     VARCHAR NOT NULL,           -- 'opportunity' or 'risk'
            rank     INTEGER NOT NULL,           -- position in its list, from 0
            summary  VARCHAR,
            actors   JSON,
            evidence JSON,
            score    DOUBLE
        );
    """,
    ),
    Migration(
        2,
        "corpus layer: entities, stories, event clusters",
        """
        -- Derived from the record tables by `realpolitik corpus build` (incremental) and
        -- `corpus build --rebuild`; see realpolitik/corpus/. Counts are never stored: the
        -- views below derive them from the links, as GDELT derives NumArticles from Mentions.
        CREATE TABLE corpus_entities (
            entity_id VARCHAR PRIMARY KEY,       -- Wikidata QID, a state's code, or kind:name
            name      VARCHAR NOT NULL,          -- the most used full name
            kind      VARCHAR,
            wikidata  VARCHAR,
            country   VARCHAR                    -- the most used country code
        );

        CREATE TABLE corpus_actor_entities (     -- every document actor (and its mentions)
            doc_id    VARCHAR NOT NULL,
            actor_id  VARCHAR NOT NULL,
            entity_id VARCHAR NOT NULL,
            code      VARCHAR,                   -- the actor's code in that document: a dated role
            published DATE
        );
        CREATE INDEX corpus_actor_entities_entity ON corpus_actor_entities (entity_id);

        CREATE TABLE corpus_documents (          -- the documents the corpus tables include
            doc_id    VARCHAR PRIMARY KEY,
            published DATE,
            outlet    VARCHAR,
            story_id  VARCHAR,
            terms     BLOB,                      -- stories.py: the hashed term vector
            built_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
        );

        CREATE TABLE corpus_stories (
            story_id  VARCHAR PRIMARY KEY,
            title     VARCHAR                    -- the title of its first article
        );

        CREATE TABLE corpus_event_mentions (     -- one row per coded event of a document
            doc_id        VARCHAR NOT NULL,
            event_id      VARCHAR NOT NULL,
            cluster_id    VARCHAR NOT NULL,
            day           DATE,                  -- its own full date, else the published one
            outlet        VARCHAR,
            source_entity VARCHAR,
            target_entity VARCHAR,
            source_code   VARCHAR,
            target_code   VARCHAR,
            cameo         VARCHAR,
            quad_class    INTEGER,
            goldstein     DOUBLE,
            factuality    VARCHAR
        );
        CREATE INDEX corpus_event_mentions_cluster ON corpus_event_mentions (cluster_id);

        CREATE TABLE corpus_event_clusters (     -- one row per happening
            cluster_id    VARCHAR PRIMARY KEY,
            source_entity VARCHAR,
            target_entity VARCHAR,
            root          VARCHAR,               -- CAMEO root (2 digits): the kind of act
            first_day     DATE                   -- of its first mention, fixed at creation
        );

        CREATE TABLE corpus_state (              -- the story term weights (document frequencies)
            key   VARCHAR PRIMARY KEY,
            value BLOB
        );

        CREATE VIEW corpus_entity_roles AS
            SELECT entity_id, code, min(published) AS first_seen, max(published) AS last_seen,
                   count(DISTINCT doc_id) AS documents
            FROM corpus_actor_entities WHERE code IS NOT NULL GROUP BY entity_id, code;

        CREATE VIEW corpus_story_stats AS
            SELECT s.story_id, s.title, count(*) AS num_articles,
                   count(DISTINCT d.outlet) AS num_sources,
                   min(d.published) AS first_seen, max(d.published) AS last_seen
            FROM corpus_stories s JOIN corpus_documents d USING (story_id)
            GROUP BY s.story_id, s.title;

        CREATE VIEW corpus_event_cluster_stats AS
            SELECT c.cluster_id, c.source_entity, c.target_entity, c.root, c.first_day,
                   count(*) AS num_mentions, count(DISTINCT m.doc_id) AS num_articles,
                   count(DISTINCT m.outlet) AS num_sources,
                   min(m.day) AS first_seen, max(m.day) AS last_seen
            FROM corpus_event_clusters c JOIN corpus_event_mentions m USING (cluster_id)
            GROUP BY ALL;
    """,
    ),
    Migration(
        3,
        "full-text search index",
        """
        -- An inverted index of every corpus document's title and text, built with the corpus
        -- tables (realpolitik/corpus/build.py) and read by realpolitik/corpus/search.py. A
        -- term is a maximal run of letters and digits, lower-cased. The build keeps the
        -- postings sorted by term (re-sorting once many were appended), so a term's rows sit
        -- in a few row groups and DuckDB's min/max zonemaps skip the rest.
        CREATE TABLE corpus_search_terms (       -- postings: one row per term of a document
            term      VARCHAR NOT NULL,
            doc_id    VARCHAR NOT NULL,
            tf        INTEGER NOT NULL,          -- its occurrences in the document (BM25)
            positions INTEGER[] NOT NULL         -- their token positions, from 0 (phrases)
        );

        CREATE TABLE corpus_search_docs (        -- the documents the index holds
            doc_id VARCHAR PRIMARY KEY,
            length INTEGER NOT NULL              -- its terms, title and text (BM25)
        );
    """,
    ),
    Migration(
        4,
        "argument spans and the main event",
        """
        -- The words that fill an event's source and target roles, as offsets into the
        -- document text (NULL for rows written before them), and whether the event is its
        -- sentence's main event (the one a headline writer would pick).
        ALTER TABLE events ADD COLUMN source_start INTEGER;
        ALTER TABLE events ADD COLUMN source_end INTEGER;
        ALTER TABLE events ADD COLUMN target_start INTEGER;
        ALTER TABLE events ADD COLUMN target_end INTEGER;
        ALTER TABLE events ADD COLUMN main_event BOOLEAN;
    """,
    ),
    Migration(
        5,
        "feed watching state",
        """
        -- What `realpolitik watch` knows between polls (realpolitik/watch/state.py): each
        -- feed's HTTP validators and last poll, and every item it has seen, so a restart (or
        -- a second watcher) neither refetches nor re-analyzes what is already stored. Times
        -- are UTC.
        CREATE TABLE feeds (
            url           VARCHAR PRIMARY KEY,
            etag          VARCHAR,               -- the last response's ETag (If-None-Match)
            last_modified VARCHAR,               -- its Last-Modified (If-Modified-Since)
            last_polled   TIMESTAMP,
            last_status   VARCHAR,               -- e.g. '200 items=12 new=3 stored=3 failed=0',
                                                 -- '304 not modified', 'error: ...'
            polls         INTEGER NOT NULL DEFAULT 0,
            failures      INTEGER NOT NULL DEFAULT 0   -- consecutive failed polls
        );

        CREATE TABLE feed_items (
            feed_url   VARCHAR NOT NULL,
            item_key   VARCHAR NOT NULL,         -- the entry's id, else its link, else a hash
            link       VARCHAR,
            first_seen TIMESTAMP NOT NULL,
            claimed_at TIMESTAMP,                -- a watcher is reading it since (NULL: none)
            settled_at TIMESTAMP,                -- when `status` was last set
            attempts   INTEGER NOT NULL DEFAULT 0,
            article_id VARCHAR,                  -- the stored article (NULL: none)
            status     VARCHAR,                  -- 'stored', 'known' (analyzed before),
                                                 -- 'duplicate', 'skipped: ...', 'failed: ...'
            PRIMARY KEY (feed_url, item_key)
        );

        -- Counts are derived from the items, never kept by hand.
        CREATE VIEW feed_status AS
            SELECT f.url, f.last_polled, f.last_status, f.polls, f.failures,
                   count(i.item_key) AS items,
                   count(*) FILTER (WHERE i.status IN ('stored', 'known')) AS stored,
                   count(*) FILTER (WHERE i.status = 'duplicate') AS duplicates,
                   count(*) FILTER (WHERE starts_with(i.status, 'skipped')) AS skipped,
                   count(*) FILTER (WHERE starts_with(i.status, 'failed')) AS failed,
                   max(i.first_seen) AS last_new_item
            FROM feeds f LEFT JOIN feed_items i ON i.feed_url = f.url
            GROUP BY ALL;
    """,
    ),
    Migration(
        6,
        "lake loads",
        """
        -- The Parquet files of a data lake (`analyze --engine ray --output-dir`) already
        -- brought into this store by `realpolitik load`, so a second load reads only new ones.
        CREATE TABLE lake_files (
            path      VARCHAR PRIMARY KEY,       -- relative to the lake's folder
            size      BIGINT NOT NULL,
            mtime     DOUBLE NOT NULL,
            rows      BIGINT NOT NULL,
            loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
    """,
    ),
    Migration(
        7,
        "near-duplicate index: band keys",
        """
        -- The LSH index of the originals' MinHash signatures (realpolitik/store/dedupe.py),
        -- kept here so a session no longer rebuilds it in memory from every signature: each
        -- original's signature is cut into bands and each band hashed to a key; articles
        -- sharing a key are candidates, whose signatures are then compared. Written with the
        -- articles; filled from the stored signatures (articles.minhash) by this migration.
        CREATE TABLE article_bands (
            key BIGINT NOT NULL,                 -- dedupe.band_keys: one band, hashed
            id  VARCHAR NOT NULL                 -- the original article (articles.id)
        );

        CREATE TABLE article_band_scheme (       -- how the keys are cut: one row
            bands         INTEGER NOT NULL,
            rows_per_band INTEGER NOT NULL       -- signature values per band
        );
    """,
        # cut as the default threshold (Settings.near_duplicate_threshold, 0.9) needs; a store
        # opened with another threshold re-cuts them once (dedupe.BandIndex._check_banding)
        backfill=lambda con: dedupe.backfill(con, *dedupe.banding(0.9)),
    ),
    Migration(
        8,
        "near-duplicate index: its ART",
        """
        -- A lookup probes the keys here instead of scanning them. Made apart from migration 7:
        -- an index built over committed rows is bulk-loaded (10M articles, 5 bands each:
        -- 20 s, within DuckDB's memory limit), one built in the transaction that filled the
        -- table is not (200 s, 10 GB); docs/near-duplicates.md.
        CREATE INDEX article_bands_key ON article_bands (key);
    """,
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1].version
assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1)), "number them 1..n"


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version of the store behind `con`: 0 for an empty database."""
    # fetchall, not fetchone: an unfinished result would block the connection's next query
    [(tables,)] = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()
    if not tables:
        return 0
    [(version,)] = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(version or 0)


def migrate(con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool = False) -> int:
    """Bring the store at `path` up to SCHEMA_VERSION; returns the version found before."""
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {found}, but this realpolitik only knows versions up to "
            f"{SCHEMA_VERSION}: upgrade realpolitik to open it"
        )
    pending = [m for m in MIGRATIONS if m.version > found]
    if pending and read_only:
        raise StoreError(
            f"{path} has schema version {found} and needs migrating to {SCHEMA_VERSION}: "
            "open it once without read_only"
        )
    for m in pending:
        con.begin()
        try:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            con.execute(m.sql)
            if m.backfill is not None:
                m.backfill(con)
            con.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)", [m.version, m.name]
            )
            con.commit()
        except duckdb.Error as exc:
            con.rollback()
            raise StoreError(f"{path}: migration {m.version} ({m.name}) failed: {exc}") from exc
    return found
