"""The store's schema, as numbered migrations applied in order.

A store records the migrations it has run in `schema_version`. Opening it runs the pending
ones, each inside its own transaction, so a failed migration leaves the previous version
intact. To change the schema, append a `Migration` (e.g. `ALTER TABLE events ADD COLUMN x
VARCHAR`) and fill the new column where the rows are built in `store.py`; never edit one that
has shipped. Record tables are flat, one row per record keyed by `doc_id`; `documents.document`
keeps the full JSON, so what the tables do not have a column for yet is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message names the file and what to do."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


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
            con.execute(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)", [m.version, m.name]
            )
            con.commit()
        except duckdb.Error as exc:
            con.rollback()
            raise StoreError(f"{path}: migration {m.version} ({m.name}) failed: {exc}") from exc
    return found
