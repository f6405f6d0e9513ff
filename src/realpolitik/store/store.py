"""The DuckDB store: ingested articles, deduplicated, and analyzed documents as flat tables.

    with Store("news.duckdb") as db:
        db.add_articles(articles)            # duplicates are flagged, and skipped by articles()
        db.add_documents(analyze_many(db.articles(analyzed=False)))  # re-analysis replaces
        db.export(Path("out"), "parquet")    # one file per table

An article whose text has the content hash of a stored one (exact duplicate), or whose MinHash
Jaccard estimate with a stored one reaches `Settings.near_duplicate_threshold` (near
duplicate, found through the stored LSH index of `dedupe.py`), is still stored, for
provenance, with `duplicate_of` set to the earlier article's id. Re-adding an id the store
already holds changes nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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

LOCK_WAIT = 15.0  # seconds to wait for another process's lock on the file before failing
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
    """What `add_articles` did. `added` counts new originals; duplicates are counted apart."""

    added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.exact_duplicates} exact duplicate(s), "
            f"{self.near_duplicates} near duplicate(s), {self.unchanged} unchanged"
        )


class Store:
    """A DuckDB file of articles and documents; opening it applies pending migrations."""

    SCHEMA_VERSION = SCHEMA_VERSION
    TABLES = TABLES

    def __init__(
        self,
        path: str | Path | None = None,
        read_only: bool = False,
        *,
        settings: Settings | None = None,
        lock_wait: float = LOCK_WAIT,
    ) -> None:
        settings = settings or Settings()
        self.path = str(path or settings.store)
        self.read_only = read_only
        self.threshold = settings.near_duplicate_threshold
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
        self._con = duckdb.connect() if lake else _connect(self.path, read_only, lock_wait)
        self._bands = BandIndex(self._con, self.threshold)  # the stored near-duplicate index
        try:
            migrate(self._con, self.path, read_only=read_only and not lake)
            if lake:
                self._attach_lake()
            self._columns = self._arrow_schemas()
        except BaseException as exc:
            self._con.close()
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
        self._columns = self._arrow_schemas()
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
        self._con.close()

    def cursor(self) -> Store:
        """This store on a connection of its own (a DuckDB cursor), for another thread: the
        dashboard serves each request on one. Close it when done; the database stays open."""
        other = object.__new__(Store)
        other.__dict__.update(self.__dict__)
        other._con = self._con.cursor()
        other._bands = BandIndex(other._con, self.threshold)
        return other

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the corpus layer's queries (`realpolitik.corpus`)."""
        return self._con

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction for several writes: all of them, or none (rolled back, reported)."""
        with self._transaction():
            yield

    # --- articles -----------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store new articles, flagging duplicates; each chunk of 1000 is one transaction."""
        result = AddResult()
        for _ in self._add(articles, result, chunk=1000):
            pass
        return result

    def add_and_yield(
        self,
        articles: Iterable[Article],
        chunk: int = 32,
        signatures: Mapping[str, bytes | None] | None = None,
    ) -> Iterator[Article]:
        """Store articles as they stream past; yield those worth analyzing (not duplicates).

        `signatures`: MinHash signatures by article id, as `dedupe.to_blob` writes them,
        already computed elsewhere (the Ray engine's workers); the others are computed here."""
        yield from self._add(articles, AddResult(), chunk=chunk, signatures=signatures)

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
        self._con.begin()
        try:
            yield
            self._con.commit()
        except BaseException as exc:
            try:
                self._con.rollback()
            except duckdb.Error:
                pass  # the failed commit already ended the transaction
            self._bands.forget()  # a rebuild of the index may have been rolled back
            if isinstance(exc, duckdb.Error):
                raise StoreError(
                    f"writing to store {self.path} failed and was rolled back: {exc}"
                ) from exc
            raise

    def _add(
        self,
        articles: Iterable[Article],
        result: AddResult,
        chunk: int,
        signatures: Mapping[str, bytes | None] | None = None,
    ) -> Iterator[Article]:
        for batch in _batched(articles, chunk):
            with self._transaction():
                originals = self._add_batch(batch, result, signatures or {})
            yield from originals  # outside the transaction: the caller may write in between

    def _add_batch(
        self,
        batch: list[Article],
        result: AddResult,
        signatures: Mapping[str, bytes | None] | None = None,
    ) -> list[Article]:
        """Insert the new articles of `batch`, flagging duplicates; returns its originals."""
        known = dict(
            self._con.execute(
                "SELECT id, duplicate_of FROM articles WHERE id IN (SELECT unnest(?))",
                [[a.id for a in batch]],
            ).fetchall()
        )
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
                sigs[art.id] = _signature_of(art, signatures)
        near = self._bands.lookup({k: v for k, v in sigs.items() if v is not None})
        originals, rows = [], []
        for art in batch:
            if art.id in known:
                result.unchanged += 1
                if known[art.id] is None:
                    originals.append(art)
                continue
            sig = sigs[art.id]
            if duplicate_of := by_hash.get(art.content_hash):
                result.exact_duplicates += 1
            elif sig is not None and (duplicate_of := near.near_duplicate(art.id)):
                result.near_duplicates += 1
            else:
                result.added += 1
                originals.append(art)
                if sig is not None:
                    near.add_original(art.id)
            known[art.id] = duplicate_of
            by_hash.setdefault(art.content_hash, duplicate_of or art.id)
            rows.append(_article_row(art, duplicate_of, sig))
        self._insert("articles", rows)
        near.save()  # the originals' band keys, in the same transaction as their rows
        return originals

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

    def _arrow_schemas(self) -> dict[str, dict[str, pa.DataType]]:
        columns: dict[str, dict[str, pa.DataType]] = {}
        for table, column, dtype in self._con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall():
            columns.setdefault(table, {})[column] = _ARROW_TYPES.get(dtype, pa.string())
        return columns

    def _paged(self, select: str, where: list[str], params: list[Any]) -> Iterator[tuple]:
        """Rows of `select` in id order, a page per query: no result stays open between yields."""
        after = ""
        while True:
            rows = self._con.execute(
                f"{select} WHERE {' AND '.join([*where, 'id > ?'])} ORDER BY id LIMIT {_PAGE}",
                [*params, after],
            ).fetchall()
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
    its lock (DuckDB lets one process write a file, and none read it meanwhile): the
    dashboard takes its snapshot under a short shared lock, and a writer starting just then
    waits for it instead of failing."""
    deadline = time.monotonic() + lock_wait
    pause = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise StoreError(f"cannot open store {path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


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
