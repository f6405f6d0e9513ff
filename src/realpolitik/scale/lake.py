"""The data lake: Parquet files, one folder per table, partitioned by publication month.

    LAKE/
      _runs/<run>.json                      what a run read, wrote and failed on (its manifest)
      documents/month=2016-03/<run>-*.parquet
      articles/ actors/ actor_mentions/ events/ quotes/ stances/ assessment_items/   (the same)
      signatures/month=YYYY-MM/<run>-*.parquet   the articles' MinHash signatures (for `load`)
      failures/<run>-*.parquet              inputs that could not be read or analyzed

Every table has the columns `realpolitik export` writes for it (the store's schema), plus the
`month` partition (`YYYY-MM`, or `undated`). A run's files carry its key, derived from its
inputs, so running the same inputs again replaces its own files: a re-run is idempotent. A
run's manifest is written last; `load` and in-place queries read only the files that a
manifest lists, so a run that died half-way is invisible until it is re-run.

`load_lake` brings a lake into a store (new files only, tracked in `lake_files`);
`open_lake` gives a read-only Store whose tables are views over the Parquet files, so every
command that reads a store can query a lake in place.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..records import Article, Document
from ..store import AddResult, Store
from ..store.store import (
    ARTICLE_COLUMNS,
    RECORD_TABLES,
    AddNote,
    _article_from_row,
    _article_row,
    _document_rows,
)

LAKE_TABLES = ("articles", "documents", *RECORD_TABLES)
FAILURES = "failures"
# The articles' MinHash signatures, computed on the workers so `load` need not: the store's
# `articles.minhash`, which `export` (and so the lake's articles table) leaves out.
SIGNATURES = "signatures"
SIGNATURE_SCHEMA = pa.schema(
    [("id", pa.string()), ("minhash", pa.binary()), ("month", pa.string())]
)
RUNS = "_runs"
UNDATED = "undated"
FAILURE_SCHEMA = pa.schema(
    [
        ("run", pa.string()),
        ("unit", pa.int64()),
        ("seq", pa.int64()),
        ("input", pa.string()),
        ("origin", pa.string()),
        ("error", pa.string()),
    ]
)


def month_of(published: str | None) -> str:
    """The partition of a publication date: `2016-03`, or `undated`."""
    if published and len(published) >= 7 and published[:4].isdigit() and published[5:7].isdigit():
        return published[:7]
    return UNDATED


def run_key(inputs: Iterable[str], **options: Any) -> str:
    """The run's key: the same inputs (resolved) and options give the same key."""
    names = [n if "://" in n else str(Path(n).resolve()) for n in inputs]
    blob = json.dumps({"inputs": names, **options}, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode()).hexdigest()[:12]


def table_schemas() -> dict[str, pa.Schema]:
    """Each lake table's Arrow schema: the store's columns as export writes them, and month."""
    with Store(":memory:") as db:
        columns = db._columns  # noqa: SLF001 - the store's own typed schema
    schemas = {}
    for table in LAKE_TABLES:
        cols = [(c, t) for c, t in columns[table].items() if c != "minhash"]
        schemas[table] = pa.schema([*cols, ("month", pa.string())])
    return schemas


def table_rows(doc: Document, art: Article, analyzed_at: datetime) -> dict[str, list[dict]]:
    """Every lake table's rows for one analysed article, as `export` writes them, with month."""
    month = month_of(doc.published)
    article = _article_row(art, None, None)
    article.pop("minhash")  # a signature, not data: export leaves it out too
    rows: dict[str, list[dict]] = {t: [] for t in LAKE_TABLES}
    rows["articles"].append(article | {"ingested_at": analyzed_at, "month": month})
    for table, row in _document_rows(doc):
        if table == "documents":
            row = row | {"analyzed_at": analyzed_at}
        rows[table].append(row | {"month": month})
    return rows


# --- a run's files -------------------------------------------------------------------


@dataclass
class Manifest:
    run: str
    inputs: list[str]
    engine: str
    workers: int
    started: str
    finished: str = ""
    units: int = 0
    documents: int = 0
    failures: int = 0
    seconds: float = 0.0
    files: dict[str, list[str]] = field(default_factory=dict)  # table -> paths in the lake
    settings: dict[str, Any] = field(default_factory=dict)

    def write(self, lake: Path) -> Path:
        path = lake / RUNS / f"{self.run}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.__dict__, indent=2, ensure_ascii=False))
        os.replace(tmp, path)  # atomic: a reader sees the old manifest or the new one
        return path

    @classmethod
    def read_all(cls, lake: Path, problems: list[tuple[str, str]] | None = None) -> list[Manifest]:
        """The lake's runs, oldest first. A manifest that cannot be read is added to
        `problems` (path, why) and skipped; without `problems`, it raises ValueError."""
        found = []
        for path in sorted((lake / RUNS).glob("*.json")):
            try:
                found.append(cls(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as exc:  # (JSONDecodeError is a ValueError)
                why = f"not a readable run manifest ({exc})"
                if problems is None:
                    raise ValueError(f"{path}: {why}") from exc
                problems.append((str(path), why))
        return sorted(found, key=lambda m: (m.finished, m.run))


def publish(lake: Path, staging: Path, run: str) -> dict[str, list[str]]:
    """Move a run's staged files into the lake, replacing that run's earlier files."""
    files: dict[str, list[str]] = {}
    for table in (*LAKE_TABLES, SIGNATURES, FAILURES):
        for old in (lake / table).rglob(f"{run}-*.parquet"):
            old.unlink()
        for src in sorted((staging / table).rglob("*.parquet"), key=_write_order):
            rel = src.relative_to(staging / table)
            n = len(files.get(table, ()))
            dest = lake / table / rel.parent / f"{run}-{n:06d}.parquet"  # the same name again
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
            files.setdefault(table, []).append(str(dest.relative_to(lake)))
    return files


def _write_order(path: Path) -> tuple[str, int, int]:
    """Ray names a written file `<uuids>_<task>-<i>.parquet`: by partition, task, then i."""
    stem = path.stem.rsplit("_", 1)[-1]
    task, _, i = stem.partition("-")
    return (str(path.parent), int(task) if task.isdigit() else 0, int(i) if i.isdigit() else 0)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- into a store ------------------------------------------------------------------


@dataclass
class LoadResult:
    runs: int = 0
    files: int = 0
    articles: int = 0
    documents: int = 0
    duplicates: int = 0
    skipped_files: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, error) in the lake
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (manifest, why): skipped
    renamed: int = 0  # articles whose id the store holds with another text: kept under a new id
    # ids a run holds more than once: their articles are stored, their analyses cannot be told
    # apart, so they are left for `analyze --store`
    unanalyzed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        renamed = f", {self.renamed} article(s) kept under a new id" if self.renamed else ""
        unanalyzed = (
            f", {len(self.unanalyzed)} article(s) stored without their analysis (an id the "
            "lake holds more than once): `realpolitik analyze --store` analyzes them"
            if self.unanalyzed
            else ""
        )
        return (
            f"{self.files} new file(s) from {self.runs} run(s): {self.documents} document(s) "
            f"stored, {self.duplicates} duplicate article(s) not analysed again, "
            f"{self.skipped_files} file(s) already loaded, "
            f"{len(self.failures)} failed input(s) recorded in the lake{renamed}{unanalyzed}"
        )


def load_lake(
    lake: Path,
    db: Store,
    progress: Callable[[int], None] | None = None,
    chunk: int = 256,
    on_note: Callable[[AddNote], None] | None = None,
) -> LoadResult:
    """Bring the lake's new runs into `db`: a run's articles first, through the store's own
    deduplication (as any ingest); then the rows of every table for the originals, straight
    from its Parquet files (they have the store's schema), in one transaction with the record
    of the files loaded (`lake_files`). A run already loaded is skipped. `on_note` is told of
    each article skipped as a duplicate, and each kept under a new id (`Store.add_articles`)."""
    result = LoadResult()
    loaded = {r[0] for r in db.con.execute("SELECT path FROM lake_files").fetchall()}
    for manifest in Manifest.read_all(lake, result.unreadable):
        files = manifest.files.get("documents", [])
        if all(p in loaded for p in files):
            result.skipped_files += len(files)
            continue
        result.runs += 1
        _load_run(lake, manifest, db, result, progress, chunk, on_note)
        for rel in manifest.files.get(FAILURES, []):
            table = pq.read_table(lake / rel, columns=["origin", "error"])
            result.failures += list(zip(*table.to_pydict().values(), strict=True))
    return result


def _load_run(
    lake: Path,
    manifest: Manifest,
    db: Store,
    result: LoadResult,
    progress: Callable[[int], None] | None,
    chunk: int,
    on_note: Callable[[AddNote], None] | None = None,
) -> None:
    # An id the run holds twice (the same input read twice, or a dump with a repeated id)
    # has two analyses in the lake that cannot be told apart: its articles go through the
    # store (which keeps each text under an id of its own), its analyses are not loaded.
    files = [str(lake / rel) for rel in manifest.files.get("articles", [])]
    repeated = {r[0] for r in db.con.execute(_REPEATED_IDS, [files]).fetchall()} if files else set()
    signatures = {
        id: blob
        for id, blob in _signatures(lake, manifest.files.get(SIGNATURES, [])).items()
        if id not in repeated
    }
    originals: dict[str, str] = {}  # the store's id of an original -> its id in the lake
    added = AddResult()
    for rel in manifest.files.get("articles", []):
        for arts in _articles(lake / rel, chunk):
            given = [a.id for a in arts]
            passed = {
                a.id
                for a in db.add_and_yield(
                    arts, chunk=chunk, signatures=signatures, result=added, on_note=on_note
                )
            }  # a renamed article's id is changed in place
            for lake_id, art in zip(given, arts, strict=True):
                if art.id not in passed:
                    result.duplicates += 1
                elif lake_id in repeated:
                    if art.id not in result.unanalyzed:
                        result.unanalyzed.append(art.id)
                else:
                    originals.setdefault(art.id, lake_id)
            result.articles += len(arts)
            if progress:
                progress(len(arts))
    result.renamed += added.renamed
    with db.transaction():  # every table of the run, and its files marked loaded: or none
        con = db.con
        con.execute(
            "CREATE TEMP TABLE _loading AS SELECT unnest(?::VARCHAR[]) AS id,"
            " unnest(?::VARCHAR[]) AS lake_id",
            [list(originals), list(originals.values())],
        )
        try:
            for table in ("documents", *RECORD_TABLES):
                key = "id" if table == "documents" else "doc_id"
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _loading)")
                if paths := [str(lake / p) for p in manifest.files.get(table, [])]:
                    con.execute(_insert_sql(table, key), [paths])
            (stored,) = con.execute(
                "SELECT count(*) FROM documents WHERE id IN (SELECT id FROM _loading)"
            ).fetchone()
        finally:
            con.execute("DROP TABLE _loading")
        for rel in manifest.files.get("documents", []):
            path = lake / rel
            rows = pq.ParquetFile(path).metadata.num_rows
            con.execute(
                "INSERT OR REPLACE INTO lake_files (path, size, mtime, rows) VALUES (?, ?, ?, ?)",
                [rel, path.stat().st_size, path.stat().st_mtime, rows],
            )
    result.documents += stored
    result.files += len(manifest.files.get("documents", []))


def _insert_sql(table: str, key: str) -> str:
    """The rows of `table` for the originals being loaded, from the run's Parquet files,
    under the id each has in the store (`_loading`: another one when the store held the
    lake's id with another text); a document's analyzed_at becomes the time it entered this
    store, as `analyze` sets it."""
    if table == "documents":
        columns = (
            "t.* EXCLUDE (month, analyzed_at, id, document), l.id AS id, "
            "CASE WHEN l.id = l.lake_id THEN t.document::JSON "
            "ELSE json_merge_patch(t.document, json_object('id', l.id)) END AS document, "
            "current_timestamp::TIMESTAMP AS analyzed_at"
        )
    else:
        columns = f"t.* EXCLUDE (month, {key}), l.id AS {key}"
    return (
        f"INSERT INTO {table} BY NAME SELECT {columns} FROM read_parquet(?, "
        "hive_partitioning = true, hive_types = {'month': VARCHAR}, union_by_name = true) t "
        f"JOIN _loading l ON t.{key} = l.lake_id"
    )


# The ids that a run's articles files hold more than once.
_REPEATED_IDS = (
    "SELECT id FROM read_parquet(?, hive_partitioning = true, "
    "hive_types = {'month': VARCHAR}, union_by_name = true) GROUP BY id HAVING count(*) > 1"
)


def _signatures(lake: Path, files: list[str]) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for rel in files:
        table = pq.read_table(lake / rel, columns=["id", "minhash"])
        found.update(zip(table["id"].to_pylist(), table["minhash"].to_pylist(), strict=True))
    return found


def _articles(path: Path, chunk: int) -> Iterator[list[Article]]:
    """The articles of a lake file (the store's own columns), a chunk at a time."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk, columns=ARTICLE_COLUMNS):
        yield [_article_from_row(tuple(r[c] for c in ARTICLE_COLUMNS)) for r in batch.to_pylist()]


# --- in place ------------------------------------------------------------------------


def is_lake(path: str | Path) -> bool:
    return Path(path).is_dir() and (Path(path) / RUNS).is_dir()


def lake_files(lake: Path) -> dict[str, list[str]]:
    """Every table's files listed by a finished run's manifest (absolute paths)."""
    files: dict[str, list[str]] = {}
    for manifest in Manifest.read_all(lake):
        for table, paths in manifest.files.items():
            files.setdefault(table, []).extend(str(lake / p) for p in paths)
    return files


def attach(con: Any, lake: Path) -> None:
    """Turn the empty store tables of an in-memory database into views over the lake's
    files (those its manifests list), so the store's queries read the Parquet in place.

    When runs overlap (the same article analysed by two runs), a document is read from the
    latest run that has it, and so are its records, as `load` would leave them."""
    manifests = Manifest.read_all(lake)
    files = lake_files(lake)
    overlap = len(manifests) > 1 and _latest_runs(con, manifests, files.get("documents", []))
    for table in LAKE_TABLES:
        paths = files.get(table)
        if not paths:
            continue  # nothing written for it: it stays an empty table of the right shape
        extra = ", NULL::BLOB AS minhash" if table == "articles" else ""  # no signatures
        source = _read(paths, with_run=bool(overlap))
        if overlap:
            key = "doc_id" if table in RECORD_TABLES else "id"
            source = (
                f"(SELECT f.* EXCLUDE (_run) FROM {source} f SEMI JOIN _lake_latest l "
                f"ON l.id = f.{key} AND l.run = f._run)"
            )
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE VIEW {table} AS SELECT * EXCLUDE (month){extra} FROM {source}")


def _read(paths: list[str], with_run: bool = False) -> str:
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    read = (
        f"read_parquet([{listed}], hive_partitioning = true, hive_types = {{'month': VARCHAR}}, "
        f"union_by_name = true{', filename = true' if with_run else ''})"
    )
    if not with_run:
        return read
    run = "split_part(parse_filename(filename), '-', 1)"  # <run>-000000.parquet
    return f"(SELECT * EXCLUDE (filename), {run} AS _run FROM {read})"


def _latest_runs(con: Any, manifests: list[Manifest], documents: list[str]) -> bool:
    """`_lake_latest(id, run)`: the latest run of each document (runs in manifest order).
    True when some document is in more than one run."""
    if not documents:
        return False
    con.execute("CREATE TABLE _lake_runs (run VARCHAR, rank INTEGER)")
    con.executemany(
        "INSERT INTO _lake_runs VALUES (?, ?)", [[m.run, i] for i, m in enumerate(manifests)]
    )
    con.execute(
        f"""CREATE TABLE _lake_latest AS
        SELECT id, arg_max(f._run, r.rank) AS run, count(*) AS runs
        FROM (SELECT id, _run FROM {_read(documents, with_run=True)}) f
        JOIN _lake_runs r ON r.run = f._run GROUP BY id"""
    )
    [(repeated,)] = con.execute("SELECT count(*) FROM _lake_latest WHERE runs > 1").fetchall()
    return repeated > 0
