"""The DuckDB store: ingested articles, deduplicated, and analyzed documents as flat tables.

    with Store("news.duckdb") as db:
        db.add_articles(articles)            # duplicates are flagged, and skipped by articles()
        db.add_documents(analyze_many(db.articles(analyzed=False)))  # re-analysis replaces
        db.export(Path("out"), "parquet")    # one file per table

An article whose text has the content hash of a stored one (exact duplicate), or whose MinHash
Jaccard estimate with a stored one reaches `Settings.near_duplicate_threshold` (near
duplicate, found through the stored LSH index of `dedupe.py`), is still stored, for
provenance, with `duplicate_of` set to the earlier article's id.

An id names one text. Re-adding an id with the text it already names (the same content hash)
changes nothing. An id that already names another text (stored earlier, or earlier in the
same batch of input) is never shared: the newcomer is stored, and passed on, under
`<id>~<first 8 hex of its content hash>` (`distinct_id`), the same on every run, so a re-run
finds it stored and changes nothing. Each such renaming, and each article not passed on
because it duplicates another, is handed to the caller's `on_note` as a `Renamed` or a
`Duplicate`, whose `str()` says what happened and names the other article.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa
from datasketch import LeanMinHash

from ..records import Article, Document, Span
from ..settings import Settings
from .dedupe import BandIndex, from_blob, signature, to_blob
from .migrations import SCHEMA_VERSION, StoreError, migrate

RECORD_TABLES = ("actors", "actor_mentions", "events", "quotes", "stances", "assessment_items")
TABLES = ("articles", "documents", *RECORD_TABLES)
# The corpus layer's tables and views (realpolitik.corpus), exported beside the records.
CORPUS_EXPORTS = (
    "corpus_entities",
    "corpus_actor_entities",
    "corpus_entity_roles",
    "corpus_documents",
    "corpus_story_stats",
    "corpus_event_clusters",
    "corpus_event_cluster_stats",
    "corpus_event_mentions",
)
EXPORTS = (*TABLES, *CORPUS_EXPORTS)
_INTERNAL = {"articles": "minhash", "corpus_documents": "terms"}  # signatures, not data
EXPORT_FORMATS = ("parquet", "csv", "jsonl")

# Seconds to wait while another process holds the file, unless Settings.lock_wait says
# otherwise (docs/concurrency.md): a writer queues behind another run's batch or a long build,
# a reader (show, report) gives up sooner.
LOCK_WAIT = 600.0
READ_LOCK_WAIT = 60.0
_SAY_AFTER = 1.0  # a wait longer than this is announced on stderr (short ones are routine)
_PAGE = 500  # rows per query when streaming, so other statements can run between pages

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "BLOB": pa.binary(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
}


@dataclass
class AddResult:
    """What `add_articles` did. `added` counts new originals; duplicates are counted apart;
    `unchanged` counts articles whose id already held their text (stored before, or repeated
    in the input); `renamed` those stored under a new id (`distinct_id`), counted also as
    added or as duplicates."""

    added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    unchanged: int = 0
    renamed: int = 0

    def __str__(self) -> str:
        renamed = f", {self.renamed} kept under a new id" if self.renamed else ""
        return (
            f"{self.added} added, {self.exact_duplicates} exact duplicate(s), "
            f"{self.near_duplicates} near duplicate(s), "
            f"{self.unchanged} unchanged (already stored){renamed}"
        )


@dataclass(frozen=True)
class Duplicate:
    """An article not passed on for analysis because it repeats `of`, an article stored
    before it: `kind` "exact" (the same content hash), "near" (a Jaccard estimate of `jaccard`
    or more) or "repeat" (the same id with the same text, seen earlier in the same call)."""

    article: Article
    kind: str
    of: str
    of_origin: str | None = None
    jaccard: float | None = None

    @property
    def input(self) -> str:
        """The input the skipped article came from (its id when it has no origin)."""
        return self.article.origin or self.article.id

    def __str__(self) -> str:
        first = _named(self.of, self.of_origin)
        if self.kind == "repeat" and self.article.id == self.article.content_hash:
            return f"skipped: exact duplicate of {first}"  # the id is the text's hash
        if self.kind == "repeat":
            return f"skipped: repeats {first} (same id, same text)"
        if self.kind == "near" and self.jaccard is not None:
            return f"skipped: near duplicate (Jaccard ~{self.jaccard:.2f}) of {first}"
        return f"skipped: {self.kind} duplicate of {first}"


@dataclass(frozen=True)
class Renamed:
    """An article whose id already named another text (`other_origin`'s): it is stored, and
    passed on, as `article.id` (`distinct_id`) instead of `given`."""

    article: Article
    given: str
    other_origin: str | None = None

    @property
    def input(self) -> str:
        return self.article.origin or self.given

    def __str__(self) -> str:
        other = f" ({self.other_origin})" if self.other_origin else ""
        return (
            f"id {self.given!r} already names another text{other}: "
            f"this one is kept as {self.article.id!r}"
        )


AddNote = Duplicate | Renamed
"""What `on_note` is told: an article skipped as a duplicate, or stored under a new id."""


def distinct_id(article: Article, holds: Callable[[str], str | None]) -> str:
    """The id an article takes when its own already names another text: its id, `~`, and the
    first 8 hex digits of its content hash; the same on every run. `holds(id)` is the content
    hash an id already names (None: a free id); should an earlier input have taken that id
    with yet another text, all 16 digits, then a counter."""
    h = article.content_hash
    for taken in itertools.count():
        candidate = f"{article.id}~{h[:8]}" if not taken else f"{article.id}~{h}"
        candidate += f"-{taken}" if taken > 1 else ""
        if holds(candidate) in (None, h):
            return candidate
    raise AssertionError("unreachable")


def _first_distinct_id(article: Article) -> str:
    """`distinct_id` when that id is free (the one to fetch with the article's own)."""
    return distinct_id(article, lambda id: None)


class _Held(NamedTuple):
    """What an id holds: its text's content hash, its origin, the original it duplicates."""

    content_hash: str
    origin: str | None
    duplicate_of: str | None = None


def _named(id: str, origin: str | None) -> str:
    return f"{id} ({origin})" if origin and origin != id else id


class Store:
    """A DuckDB file of articles and documents; opening it applies pending migrations.

    DuckDB lets one process open a file to write, and then no other process may open it,
    not even to read. A store opened with `hold=False` opens the file only while it works:
    it closes it after each transaction and after each page it reads, and opens it again at
    the next use, so that other processes (another run, `show`, the dashboard's snapshot)
    get in between batches. `held()` keeps it open through a block. Every open waits up to
    `lock_wait` seconds (`Settings.lock_wait`) while another process holds the file, saying
    so on stderr, then fails with a StoreError naming the store. docs/concurrency.md.
    """

    SCHEMA_VERSION = SCHEMA_VERSION
    TABLES = TABLES

    def __init__(
        self,
        path: str | Path | None = None,
        read_only: bool = False,
        *,
        settings: Settings | None = None,
        lock_wait: float | None = None,
        hold: bool = True,
    ) -> None:
        settings = settings or Settings()
        self.path = str(path or settings.store)
        self.read_only = read_only
        self.threshold = settings.near_duplicate_threshold
        self.hold = hold
        if lock_wait is None:
            lock_wait = settings.lock_wait
        if lock_wait is None:
            lock_wait = READ_LOCK_WAIT if read_only else LOCK_WAIT
        self.lock_wait = lock_wait
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._band_index: BandIndex | None = None
        self._columns: dict[str, dict[str, pa.DataType]] = {}
        self._uses = 0  # open transactions and `held()` blocks: no release while > 0
        self._closed = False
        if self.path != ":memory:":
            self.path = str(Path(self.path).expanduser())
            if not read_only:
                try:
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the folder for store {self.path}: {exc}"
                    ) from exc
        lake = self.path != ":memory:" and Path(self.path).is_dir()
        # a file can be released and opened again; memory, a lake and a cursor cannot
        self._reopens = self.path != ":memory:" and not lake
        if not lake:
            self._open()  # now: a file held too long by another process, or bad, fails here
            return
        self._connection = duckdb.connect()
        self._band_index = BandIndex(self._connection, self.threshold)
        try:
            migrate(self._connection, self.path)
            self._attach_lake()
        except BaseException as exc:
            self._connection.close()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc
            raise

    def _attach_lake(self) -> None:
        """A lake folder (`analyze --engine ray --output-dir`), queried in place: the tables
        are views over its Parquet files, the corpus tables are built in memory, and the
        store is read-only (`realpolitik load` brings a lake into a store file)."""
        from ..corpus import build
        from ..scale.lake import attach, is_lake

        if not is_lake(self.path):
            raise StoreError(
                f"{self.path} is a folder, not a store: a lake written by `analyze --engine ray` "
                "has a _runs/ folder; a store is a DuckDB file"
            )
        try:
            attach(self._con, Path(self.path))
        except ValueError as exc:  # a run manifest that cannot be read: it names itself
            raise StoreError(f"cannot read lake {self.path}: {exc}") from exc
        self._columns = _arrow_schemas(self._con)
        self.read_only = False
        build(self)
        self.read_only = True

    def __repr__(self) -> str:
        return f"Store({self.path!r}{', read_only=True' if self.read_only else ''})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._closed = True

    def release(self) -> None:
        """Close the file until the next use, which opens it again (waiting for it, as at
        the start): other processes can open it meanwhile. Nothing happens inside a
        transaction or `held()`, or for a store that is not a file of its own."""
        if self._connection is not None and self._reopens and not self._uses:
            self._connection.close()
            self._connection = None

    @contextmanager
    def held(self) -> Iterator[Store]:
        """Keep the file open through the block, even with `hold=False`: for reads and the
        writes that depend on them (a corpus build), which no other process may come between."""
        self._uses += 1
        try:
            yield self
        finally:
            self._uses -= 1
            self._done()

    def cursor(self) -> Store:
        """This store on a connection of its own (a DuckDB cursor), for another thread: the
        dashboard serves each request on one. Close it when done; the database stays open."""
        other = object.__new__(Store)
        other.__dict__.update(self.__dict__)
        other._connection = self._con.cursor()
        other._band_index = BandIndex(other._connection, self.threshold)
        other._reopens, other._uses, other._closed = False, 0, False
        return other

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the corpus layer's queries (`realpolitik.corpus`). A
        store opened with `hold=False` may close it between uses: ask for it again, and wrap
        queries that belong together in `held()`."""
        return self._con

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        return self._connection if self._connection is not None else self._open()

    @property
    def _bands(self) -> BandIndex:
        """The stored near-duplicate index, seen through the current connection."""
        if self._connection is None:
            self._open()
        assert self._band_index is not None
        return self._band_index

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file (waiting while another process holds it), migrate it if needed,
        and read its schema: at the start, and again after each release."""
        if self._closed:
            raise StoreError(f"store {self.path} is closed")
        con = _connect(self.path, self.read_only, self.lock_wait)
        try:
            found = migrate(con, self.path, read_only=self.read_only)
            if found != SCHEMA_VERSION or not self._columns:  # they change with the version
                self._columns = _arrow_schemas(con)
        except BaseException as exc:
            con.close()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc
            raise
        self._connection = con
        self._band_index = BandIndex(con, self.threshold)
        return con

    def _done(self) -> None:
        """After a transaction or a page of reading: release the file unless it is held."""
        if not self.hold:
            self.release()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction for several writes: all of them, or none (rolled back, reported)."""
        with self._transaction():
            yield

    # --- articles -----------------------------------------------------------------

    def add_articles(
        self, articles: Iterable[Article], on_note: Callable[[AddNote], None] | None = None
    ) -> AddResult:
        """Store new articles, flagging duplicates; each chunk of 1000 is one transaction.

        `on_note` is told of each article skipped as a duplicate and each one renamed (the
        module's docstring); a renamed article's `id` is changed in place."""
        result = AddResult()
        for _ in self._add(articles, result, chunk=1000, on_note=on_note):
            pass
        return result

    def add_and_yield(
        self,
        articles: Iterable[Article],
        chunk: int = 32,
        signatures: Mapping[str, bytes | None] | None = None,
        *,
        on_note: Callable[[AddNote], None] | None = None,
        result: AddResult | None = None,
    ) -> Iterator[Article]:
        """Store articles as they stream past; yield those worth analyzing: the new originals,
        and the originals stored before (analyzed again), each id once per call. Duplicates
        are not yielded; `on_note` is told of each (and of each renamed article), and
        `result`, when given, counts them as `add_articles` does.

        `signatures`: MinHash signatures by article id, as `dedupe.to_blob` writes them,
        already computed elsewhere (the Ray engine's workers); the others are computed here."""
        yield from self._add(
            articles, result or AddResult(), chunk=chunk, signatures=signatures, on_note=on_note
        )

    def articles(
        self,
        ids: Iterable[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        include_duplicates: bool = False,
        analyzed: bool | None = None,
    ) -> Iterator[Article]:
        """Stored articles by id, published between `since` and `until` (inclusive).

        `analyzed=False` gives those without a document yet, `True` those with one.
        """
        where, params = _date_range("published", since, until)
        if ids is not None:
            where.append("id IN (SELECT unnest(?))")
            params.append(list(ids))
        if not include_duplicates:
            where.append("duplicate_of IS NULL")
        if analyzed is not None:
            where.append(
                f"{'' if analyzed else 'NOT '}EXISTS "
                "(SELECT 1 FROM documents d WHERE d.id = articles.id)"
            )
        columns = ", ".join(ARTICLE_COLUMNS)
        for row in self._paged(f"SELECT {columns} FROM articles", where, params):
            yield _article_from_row(row)

    # --- documents ----------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document]) -> int:
        """Store documents in one transaction, replacing earlier analyses of the same ids.

        An article row is added for a document that has none. Returns the number stored.
        """
        stored = 0
        with self._transaction():
            for batch in _batched(docs, 1000):
                latest = list({d.id: d for d in batch}.values())  # the last analysis of an id wins
                self._replace_documents(latest)
                stored += len(latest)
        return stored

    def get_document(self, id: str) -> Document | None:
        rows = self._con.execute("SELECT document FROM documents WHERE id = ?", [id]).fetchall()
        return Document.from_dict(json.loads(rows[0][0])) if rows else None

    def find_document_ids(self, prefix: str = "", limit: int = 2) -> list[str]:
        """Ids of documents starting with `prefix`, most recently analyzed first."""
        rows = self._con.execute(
            "SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY analyzed_at DESC, id "
            "LIMIT ?",
            [prefix, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def documents(
        self, since: str | date | None = None, until: str | date | None = None
    ) -> Iterator[Document]:
        """Stored documents, by id, published between `since` and `until` (inclusive)."""
        for _, text in self._document_json(since, until):
            yield Document.from_dict(json.loads(text))

    def quotes_by(
        self, actor: str, since: str | date | None = None, until: str | date | None = None
    ) -> list[dict[str, Any]]:
        """What an actor said across the store: its quotes with their document's title,
        source and date, oldest first. `actor` matches a speaker whose resolved actor name
        contains it (case-insensitive), whose actor code is it, or whose text contains it."""
        where, params = _date_range("d.published", since, until)
        needle = actor.strip().lower()
        where.append(
            "(contains(lower(ac.name), ?) OR upper(ac.code) = upper(?)"
            " OR contains(lower(q.speaker_text), ?))"
        )
        params += [needle, needle, needle]
        rows = self._con.execute(
            f"""
            SELECT q.doc_id, d.published, coalesce(ar.title, d.document->>'title'),
                   coalesce(ar.source, d.document->>'source'), coalesce(ar.url, d.document->>'url'),
                   q.quote_id, q.kind, q.speaker_actor, ac.name, ac.code, q.speaker_text,
                   q.cue_text, q.content_text, q.content_start, q.content_end
            FROM quotes q
            JOIN documents d ON d.id = q.doc_id
            LEFT JOIN articles ar ON ar.id = q.doc_id
            LEFT JOIN actors ac ON ac.doc_id = q.doc_id AND ac.actor_id = q.speaker_actor
            WHERE {" AND ".join(where)}
            ORDER BY d.published NULLS LAST, q.doc_id, q.content_start""",
            params,
        ).fetchall()
        keys = (
            "doc_id",
            "published",
            "title",
            "source",
            "url",
            "quote_id",
            "kind",
            "actor",
            "actor_name",
            "code",
            "speaker",
            "cue",
            "content",
            "content_start",
            "content_end",
        )
        found = [dict(zip(keys, row, strict=True)) for row in rows]
        for q in found:
            q["published"] = q["published"].isoformat() if q["published"] else None
        return found

    def counts(self) -> dict[str, int]:
        union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
        found = dict(self._con.execute(union).fetchall())
        return {t: found[t] for t in TABLES}

    # --- export -------------------------------------------------------------------

    def export(
        self, out: str | Path, format: str = "parquet", tables: Iterable[str] | None = None
    ) -> list[Path]:
        """Write tables to `out/<table>.<format>` (parquet, csv), or documents to a jsonl file.

        The default tables are the records and the corpus layer's (`EXPORTS`).

        For jsonl, `out` is the file (or a folder to write `documents.jsonl` into), one
        Document JSON per line. Returns the paths written.
        """
        out = Path(out).expanduser()
        if format not in EXPORT_FORMATS:
            raise ValueError(
                f"unknown export format {format!r}: use one of {', '.join(EXPORT_FORMATS)}"
            )
        if format == "jsonl":
            if tables is not None:
                raise ValueError("jsonl exports whole documents; `tables` is for parquet and csv")
            path = out / "documents.jsonl" if out.is_dir() else out
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as f:
                for _, text in self._document_json():
                    f.write(text + "\n")
            return [path]
        names = list(EXPORTS if tables is None else tables)
        if unknown := [t for t in names if t not in EXPORTS]:
            raise ValueError(
                f"unknown table(s) {', '.join(unknown)}: the store has {', '.join(EXPORTS)}"
            )
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in names:
            path = out / f"{name}.{format}"
            columns = f"* EXCLUDE ({_INTERNAL[name]})" if name in _INTERNAL else "*"
            rel = self._con.sql(f"SELECT {columns} FROM {name}")
            if format == "parquet":
                rel.write_parquet(str(path))
            else:
                rel.write_csv(str(path), header=True)
            paths.append(path)
        return paths

    # --- internals ----------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        con = self._con
        self._uses += 1
        try:
            con.begin()
            yield
            con.commit()
        except BaseException as exc:
            try:
                con.rollback()
            except duckdb.Error:
                pass  # the failed commit already ended the transaction
            self._bands.forget()  # a rebuild of the index may have been rolled back
            if isinstance(exc, duckdb.Error):
                raise StoreError(
                    f"writing to store {self.path} failed and was rolled back: {exc}"
                ) from exc
            raise
        finally:
            self._uses -= 1
            self._done()

    def _add(
        self,
        articles: Iterable[Article],
        result: AddResult,
        chunk: int,
        signatures: Mapping[str, bytes | None] | None = None,
        on_note: Callable[[AddNote], None] | None = None,
    ) -> Iterator[Article]:
        passed: set[str] = set()  # the ids this call has handled: each is passed on once
        for batch in _batched(articles, chunk):
            with self._transaction():
                originals, notes = self._add_batch(batch, result, signatures or {}, passed)
            # outside the transaction: the caller may write in between
            if on_note is not None:
                for note in notes:
                    on_note(note)
            yield from originals

    def _add_batch(
        self,
        batch: list[Article],
        result: AddResult,
        signatures: Mapping[str, bytes | None] | None = None,
        passed: set[str] | None = None,
    ) -> tuple[list[Article], list[AddNote]]:
        """Insert the new articles of `batch`, flagging duplicates: its originals, to pass on,
        and what to tell of the others. `passed`: the ids handled earlier in the same call."""
        passed = set() if passed is None else passed
        known = self._held([i for a in batch for i in (a.id, _first_distinct_id(a))])
        notes: list[AddNote] = self._one_text_per_id(batch, known, result)
        renamed = {n.article.id for n in notes}
        by_hash = dict(
            self._con.execute(
                "SELECT content_hash, min(coalesce(duplicate_of, id)) FROM articles"
                " WHERE content_hash IN (SELECT unnest(?)) GROUP BY content_hash",
                [[a.content_hash for a in batch]],
            ).fetchall()
        )
        sigs: dict[str, LeanMinHash | None] = {}  # of the new articles, the first of an id's
        for art in batch:
            if art.id not in known and art.id not in sigs:
                # a renamed article's given id may hold another text's signature
                sigs[art.id] = _signature_of(art, None if art.id in renamed else signatures)
        near = self._bands.lookup({k: v for k, v in sigs.items() if v is not None})
        originals: list[Article] = []
        rows: list[dict[str, Any]] = []
        repeats: list[tuple[Article, str]] = []  # (article, the id of the one it repeats)
        for art in batch:
            if (first := known.get(art.id)) is not None:  # the same id, with the same text
                result.unchanged += 1
                if art.id in passed:
                    notes.append(Duplicate(art, "repeat", art.id, first.origin))
                elif first.duplicate_of is None:
                    originals.append(art)  # stored before: analyzed again
                else:
                    repeats.append((art, first.duplicate_of))
                passed.add(art.id)
                continue
            passed.add(art.id)
            sig = sigs[art.id]
            if duplicate_of := by_hash.get(art.content_hash):
                result.exact_duplicates += 1
                repeats.append((art, duplicate_of))
            elif sig is not None and (duplicate_of := near.near_duplicate(art.id)):
                result.near_duplicates += 1
                repeats.append((art, duplicate_of))
            else:
                result.added += 1
                originals.append(art)
                if sig is not None:
                    near.add_original(art.id)
            known[art.id] = _Held(art.content_hash, art.origin, duplicate_of)
            by_hash.setdefault(art.content_hash, duplicate_of or art.id)
            rows.append(_article_row(art, duplicate_of, sig))
        self._insert("articles", rows)
        near.save()  # the originals' band keys, in the same transaction as their rows
        return originals, notes + self._duplicates(repeats)

    def _held(self, ids: list[str]) -> dict[str, _Held]:
        """What the store holds under each of `ids` that it has."""
        return {
            id: _Held(content_hash, origin, duplicate_of)
            for id, content_hash, origin, duplicate_of in self._con.execute(
                "SELECT id, content_hash, origin, duplicate_of FROM articles"
                " WHERE id IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        }

    def _one_text_per_id(
        self, batch: list[Article], known: dict[str, _Held], result: AddResult
    ) -> list[AddNote]:
        """Give each article of `batch` whose id names another text (stored, or earlier in
        the batch) an id of its own (`distinct_id`), in place; `known` (what the store holds
        under the batch's ids and their first distinct ids) learns of any other id fetched.
        Returns the renamings."""
        owner = {id: (held.content_hash, held.origin) for id, held in known.items()}
        fetched = {i for a in batch for i in (a.id, _first_distinct_id(a))}

        def holds(id: str) -> str | None:
            if id not in fetched:  # a candidate beyond the first: rare
                fetched.add(id)
                for found, held in self._held([id]).items():
                    known[found] = held
                    owner[found] = (held.content_hash, held.origin)
            return owner.get(id, (None, None))[0]

        notes: list[AddNote] = []
        for art in batch:
            first_hash, first_origin = owner.setdefault(art.id, (art.content_hash, art.origin))
            if first_hash == art.content_hash:
                continue
            given = art.id
            art.id = distinct_id(art, holds)
            owner.setdefault(art.id, (art.content_hash, art.origin))
            result.renamed += 1
            notes.append(Renamed(art, given, first_origin))
        return notes

    def _duplicates(self, repeats: list[tuple[Article, str]]) -> list[AddNote]:
        """What to tell of each article stored as a duplicate of another (in the same
        transaction): exact or near, with the Jaccard estimate of their stored signatures."""
        if not repeats:
            return []
        ids = {i for art, of in repeats for i in (art.id, of)}
        stored = {
            id: (origin, content_hash, minhash)
            for id, origin, content_hash, minhash in self._con.execute(
                "SELECT id, origin, content_hash, minhash FROM articles"
                " WHERE id IN (SELECT unnest(?))",
                [list(ids)],
            ).fetchall()
        }
        notes: list[AddNote] = []
        for art, of in repeats:
            origin, content_hash, theirs = stored.get(of, (None, None, None))
            if content_hash == art.content_hash:
                notes.append(Duplicate(art, "exact", of, origin))
                continue
            ours = stored.get(art.id, (None, None, None))[2]
            jaccard = from_blob(ours).jaccard(from_blob(theirs)) if ours and theirs else None
            notes.append(Duplicate(art, "near", of, origin, jaccard))
        return notes

    def _replace_documents(self, docs: list[Document]) -> None:
        ids = [d.id for d in docs]
        have = {
            r[0]
            for r in self._con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        }
        self._add_batch([_article_of(d) for d in docs if d.id not in have], AddResult())
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("documents", *RECORD_TABLES)}
        for doc in docs:
            try:
                for table, row in _document_rows(doc):
                    rows[table].append(row)
            except (TypeError, ValueError, AttributeError, KeyError) as exc:
                raise StoreError(f"document {doc.id!r} cannot be stored: {exc!r}") from exc
        # typed before anything is deleted, so a bad value fails while all is as it was
        tables = {t: self._to_arrow(t, r) for t, r in rows.items() if r}
        self._con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?))", [ids])
        for t in RECORD_TABLES:
            self._con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT unnest(?))", [ids])
        for t, table in tables.items():
            self._insert_arrow(t, table)

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._insert_arrow(table, self._to_arrow(table, rows))

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        self._con.register("_rows", data)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
        finally:
            self._con.unregister("_rows")

    def _to_arrow(self, table: str, rows: list[dict[str, Any]]) -> pa.Table:
        """Rows as an Arrow table typed like the store's columns; a bad value names its row."""
        types = self._columns[table]
        schema = pa.schema([(c, types[c]) for c in rows[0]])
        try:
            return pa.Table.from_pylist(rows, schema=schema)
        except (pa.ArrowException, TypeError, ValueError) as exc:
            for row in rows:  # find the culprit, to name it
                try:
                    pa.Table.from_pylist([row], schema=schema)
                except (pa.ArrowException, TypeError, ValueError) as row_exc:
                    who = (
                        f"document {row['doc_id']!r}"
                        if "doc_id" in row
                        else f"{table} row {row['id']!r}"
                    )
                    raise StoreError(f"{who} cannot be stored: {row_exc}") from exc
            raise

    def _paged(self, select: str, where: list[str], params: list[Any]) -> Iterator[tuple]:
        """Rows of `select` in id order, a page per query: no result stays open between yields."""
        after = ""
        while True:
            rows = self._con.execute(
                f"{select} WHERE {' AND '.join([*where, 'id > ?'])} ORDER BY id LIMIT {_PAGE}",
                [*params, after],
            ).fetchall()
            self._done()  # a released store lets others in while the caller works on a page
            yield from rows
            if len(rows) < _PAGE:
                return
            after = rows[-1][0]

    def _document_json(
        self, since: str | date | None = None, until: str | date | None = None
    ) -> Iterator[tuple[str, str]]:
        where, params = _date_range("published", since, until)
        yield from self._paged("SELECT id, document FROM documents", where, params)


# --- connecting ----------------------------------------------------------------------------


def _connect(path: str, read_only: bool, lock_wait: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting up to `lock_wait` seconds while another process holds
    it (DuckDB lets one process write a file and none other open it meanwhile, and several
    read it only while none writes). A wait longer than a moment is said once on stderr;
    one that runs out is a StoreError naming the store, its holder and the setting."""
    deadline = time.monotonic() + lock_wait
    said = time.monotonic() + _SAY_AFTER
    pause = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"cannot open store {path}: {exc}") from exc
            holder = lock_holder(str(exc))
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"cannot open store {path}: it is in use by another process ({holder}) "
                    f"and stayed locked for {lock_wait:g} s; run again when that process is "
                    "done, or wait longer with REALPOLITIK_LOCK_WAIT=SECONDS"
                ) from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        if said is not None and time.monotonic() >= said:
            print(
                f"store {path} is in use by another process ({holder}); "
                f"waiting up to {lock_wait:g} s",
                file=sys.stderr,
                flush=True,
            )
            said = None
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.25)


def lock_holder(message: str) -> str:
    """'held by process 123' from DuckDB's lock error, else its first line."""
    if "PID" in message:
        pid = message.split("PID", 1)[1].strip().split(")")[0].strip()
        return f"held by process {pid}"
    return message.splitlines()[0]


def _arrow_schemas(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, pa.DataType]]:
    """The Arrow type of every column of the store's tables, to type rows before inserting."""
    columns: dict[str, dict[str, pa.DataType]] = {}
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(table, {})[column] = _ARROW_TYPES.get(dtype, pa.string())
    return columns


# --- rows -------------------------------------------------------------------------------


def _json(value: Any, **kw: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, **kw)


def _signature_of(art: Article, given: Mapping[str, bytes | None] | None) -> LeanMinHash | None:
    """The article's signature: the one computed elsewhere when given, else computed now."""
    if given and art.id in given:
        blob = given[art.id]
        return None if blob is None else from_blob(blob)
    return signature(art.text)


def _iso_date(value: object) -> date | None:
    """The date of an ISO date or datetime string; None if there is none."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _article_row(art: Article, duplicate_of: str | None, sig: LeanMinHash | None) -> dict[str, Any]:
    extra = dict(art.extra)
    published = _iso_date(art.published)
    if art.published and published is None:
        extra["published_raw"] = art.published  # not a date the column can hold: keep it here
    return {
        "id": art.id,
        "content_hash": art.content_hash,
        "url": art.url,
        "title": art.title,
        "author": art.author,
        "published": published,
        "source": art.source,
        "language": art.language,
        "text": art.text,
        "paragraphs": _json([p.to_dict() for p in art.paragraphs]),
        "origin": art.origin,
        "extra": _json(extra, default=str),
        "duplicate_of": duplicate_of,
        "minhash": None if sig is None else to_blob(sig),
    }


# The columns `_article_from_row` takes, in its order.
ARTICLE_COLUMNS = (
    "id",
    "text",
    "title",
    "author",
    "published",
    "url",
    "source",
    "language",
    "paragraphs",
    "origin",
    "extra",
)


def _article_from_row(row: tuple) -> Article:
    id, text, title, author, published, url, source, language, paragraphs, origin, extra = row
    return Article(
        text=text,
        id=id,
        title=title,
        author=author,
        published=published.isoformat() if published else None,
        url=url,
        source=source,
        language=language,
        origin=origin,
        extra=json.loads(extra) if extra else {},
        paragraphs=[Span(p["start"], p["end"]) for p in json.loads(paragraphs or "[]")],
    )


def _article_of(doc: Document) -> Article:
    return Article(
        text=doc.text,
        id=doc.id,
        title=doc.title,
        author=doc.author,
        published=doc.published,
        url=doc.url,
        source=doc.source,
        language=doc.language,
        origin=doc.meta.get("origin"),
    )


def _document_rows(doc: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every record of `doc`: the flat form of its JSON contract."""
    model = doc.meta.get("model")
    yield (
        "documents",
        {
            "id": doc.id,
            "published": _iso_date(doc.published),
            "model": None if model is None else str(model),
            "meta": _json(doc.meta),
            "document": _json(doc.to_dict()),
        },
    )
    d = doc.id
    for a in doc.actors:
        yield (
            "actors",
            {
                "doc_id": d,
                "actor_id": a.id,
                "name": a.name,
                "code": a.code,
                "country": a.country,
                "sector": a.sector,
                "kind": a.kind,
                "wikidata": a.wikidata,
            },
        )
        for m in a.mentions:
            yield (
                "actor_mentions",
                {"doc_id": d, "actor_id": a.id, "start": m.start, "end": m.end, "text": m.text},
            )
    for e in doc.events:
        src, tgt = e.get("source") or {}, e.get("target") or {}
        trigger, sentence = e.get("trigger") or {}, e.get("sentence") or {}
        location = e.get("location")
        yield (
            "events",
            {
                "doc_id": d,
                "event_id": e.get("id"),
                "source_actor": src.get("actor"),
                "source_text": src.get("text"),
                "source_code": src.get("code"),
                "target_actor": tgt.get("actor"),
                "target_text": tgt.get("text"),
                "target_code": tgt.get("code"),
                "cameo": e.get("cameo"),
                "plover": e.get("plover"),
                "mode": e.get("mode"),
                "quad_class": e.get("quad_class"),
                "goldstein": e.get("goldstein"),
                "factuality": e.get("factuality"),
                "date": e.get("date"),
                "location": None if location is None else _json(location),
                "trigger_start": trigger.get("start"),
                "trigger_end": trigger.get("end"),
                "trigger_text": trigger.get("text"),
                "sentence_start": sentence.get("start"),
                "sentence_end": sentence.get("end"),
                "source_start": src.get("start"),
                "source_end": src.get("end"),
                "target_start": tgt.get("start"),
                "target_end": tgt.get("end"),
                "main_event": e.get("main_event"),
            },
        )
    for q in doc.quotes:
        speaker, cue, content = q.get("speaker") or {}, q.get("cue") or {}, q.get("content") or {}
        yield (
            "quotes",
            {
                "doc_id": d,
                "quote_id": q.get("id"),
                "kind": q.get("kind"),
                "speaker_actor": speaker.get("actor"),
                "speaker_text": speaker.get("text"),
                "speaker_start": speaker.get("start"),
                "speaker_end": speaker.get("end"),
                "cue_start": cue.get("start"),
                "cue_end": cue.get("end"),
                "cue_text": cue.get("text"),
                "content_start": content.get("start"),
                "content_end": content.get("end"),
                "content_text": content.get("text"),
            },
        )
    for s in doc.stances:
        evidence = s.get("evidence") or {}
        yield (
            "stances",
            {
                "doc_id": d,
                "actor": s.get("actor"),
                "issue": s.get("issue"),
                "stance": s.get("stance"),
                "evidence_start": evidence.get("start"),
                "evidence_end": evidence.get("end"),
            },
        )
    assessment = doc.assessment or {}
    for kind, key in (("opportunity", "opportunities"), ("risk", "risks")):
        for rank, item in enumerate(assessment.get(key) or []):
            yield (
                "assessment_items",
                {
                    "doc_id": d,
                    "focus": assessment.get("focus"),
                    "kind": kind,
                    "rank": rank,
                    "summary": item.get("summary"),
                    "actors": _json(item.get("actors") or []),
                    "evidence": _json(item.get("evidence") or []),
                    "score": item.get("score"),
                },
            )


# --- helpers ---------------------------------------------------------------------------


def _date_range(
    column: str, since: str | date | None, until: str | date | None
) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if since is not None:
        where.append(f"{column} >= CAST(? AS DATE)")
        params.append(str(since))
    if until is not None:
        where.append(f"{column} <= CAST(? AS DATE)")
        params.append(str(until))
    return where, params


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
