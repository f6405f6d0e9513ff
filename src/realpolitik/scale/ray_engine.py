"""`analyze --engine ray`: the same pipeline on a Ray cluster, writing a Parquet lake.

    units -> read (Ray Data tasks) -> analyse (an actor pool, one pipeline per actor)
          -> materialised -> write_parquet, one pass per table -> lake/<table>/month=YYYY-MM/

The units (`inputs.units`) are listed in the driver in a stable order and Ray Data keeps
it (`preserve_order`), so ids, texts and records come out as the local engine makes them.
Each actor loads the pipeline once, from the settings and the knowledge files it is given
as constructor arguments (their bytes: a worker on another machine need not have the
files). A text that fails comes back as a row with an `error` and lands in the `failures`
table; nothing is dropped.

Ray is an optional extra: `pip install 'realpolitik[ray]'`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..pipeline import analyze_batch, usable_cores
from ..settings import Settings
from ..store.dedupe import signature, to_blob
from . import inputs as units_
from .lake import (
    FAILURE_SCHEMA,
    FAILURES,
    LAKE_TABLES,
    SIGNATURE_SCHEMA,
    SIGNATURES,
    Manifest,
    month_of,
    now,
    publish,
    run_key,
    table_rows,
    table_schemas,
)

INSTALL_HINT = "Ray is not installed: pip install 'realpolitik[ray]'"
READ_BLOCKS = 200  # at most this many read tasks (units are grouped beyond it)
DOCS_PER_FILE = 2_000  # documents per written block: a file per month holds at most this many

ARTICLE_SCHEMA = pa.schema(
    [("unit", pa.int64()), ("seq", pa.int64())]
    + [(c, pa.string()) for c in units_.ROW_COLUMNS if c not in ("unit", "seq")]
)
# An analysed batch: its articles' positions and errors, and each lake table's rows for the
# whole batch as one Arrow IPC stream in the batch's first row (built once, in the actor, so
# the writes only concatenate).
ANALYZED_SCHEMA = pa.schema(
    [f for f in ARTICLE_SCHEMA if f.name in ("unit", "seq", "input", "origin", "error", "id")]
    + [pa.field(f"rows_{t}", pa.binary()) for t in (*LAKE_TABLES, SIGNATURES)]
)


class RayMissing(RuntimeError):
    pass


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayMissing(INSTALL_HINT) from exc
    return ray


def run(
    names: list[str],
    lake: Path,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int | None = None,
    published: str | None = None,
    quiet: bool = False,
) -> Manifest:
    """Analyse `names` on Ray into the lake at `lake`; returns the run's manifest."""
    ray = import_ray()
    started, t0 = now(), time.perf_counter()
    _connect(ray, address, quiet)
    workers = workers or settings.workers or int(ray.cluster_resources().get("CPU", 1))
    units = units_.units(names)
    key = run_key(names, published=published, model=settings.model, focus=settings.focus)
    manifest = Manifest(
        run=key,
        inputs=list(names),
        engine="ray",
        workers=workers,
        started=started,
        units=len(units),
        settings=_public_settings(settings, published),
    )
    if not units:
        raise ValueError("no inputs to analyse")
    schemas = table_schemas() | {SIGNATURES: SIGNATURE_SCHEMA}  # the lake's, once
    documents = _analysed(ray, units, settings, workers, published, schemas)
    staging = lake / ".staging" / key
    try:
        _write_tables(documents, staging, key, schemas)
        manifest.documents = _rows(staging / "documents")
        manifest.failures = _rows(staging / FAILURES)
        manifest.files = publish(lake, staging, key)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if (lake / ".staging").is_dir() and not any((lake / ".staging").iterdir()):
            (lake / ".staging").rmdir()
    manifest.finished, manifest.seconds = now(), round(time.perf_counter() - t0, 2)
    manifest.write(lake)
    return manifest


def _connect(ray: Any, address: str | None, quiet: bool) -> None:
    """Join the cluster at `address` (`auto`, `ray://host:10001`), or start a local one."""
    from ray.data import DataContext

    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=None if address else usable_cores(),
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=not quiet,
            configure_logging=True,
        )
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # our own summary says what ran
    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the inputs' order, so a re-run is the same
    ctx.enable_progress_bars = not quiet
    ctx.print_on_execution_start = False


def _analysed(
    ray: Any,
    units: list[dict[str, Any]],
    settings: Settings,
    workers: int,
    published: str | None,
    schemas: dict[str, pa.Schema],
) -> Any:
    """The materialised dataset of analysed articles (ANALYZED_SCHEMA), in input order."""
    ds = ray.data.from_items(units, override_num_blocks=min(len(units), READ_BLOCKS))
    ds = ds.map_batches(
        _read_units,
        fn_kwargs={"settings": settings, "published": published},
        batch_format="pyarrow",
        batch_size=None,
        # Readers mostly wait on disks and hosts, and run beside the actors, which hold a
        # CPU each for their lifetime: readers that asked for a CPU would never be scheduled.
        num_cpus=0,
        compute=ray.data.TaskPoolStrategy(size=max(1, workers)),
    )
    ds = ds.map_batches(
        Analyse,
        fn_constructor_kwargs={
            "settings": settings,
            "knowledge": _knowledge(settings),
            "schemas": schemas,
            "analyzed_at": datetime.now(UTC).replace(tzinfo=None),
        },
        batch_format="pyarrow",
        batch_size=max(8, settings.batch_size),
        num_cpus=1,
        compute=ray.data.ActorPoolStrategy(size=workers),
    )
    return ds.materialize()


def _read_units(batch: pa.Table, settings: Settings, published: str | None) -> pa.Table:
    rows = []
    for unit in batch.to_pylist():
        for row in units_.read_unit(unit, settings):
            rows.append(units_.with_default_date(row, published))
    return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)


class Analyse:
    """One actor of the pool: the pipeline, loaded once, over batches of article rows."""

    def __init__(
        self,
        settings: Settings,
        knowledge: dict[str, dict[str, bytes]],
        schemas: dict[str, pa.Schema],
        analyzed_at: datetime,
    ) -> None:
        self.schemas, self.analyzed_at = schemas, analyzed_at
        self.folder = tempfile.mkdtemp(prefix="realpolitik-knowledge-")
        files = {kind: _materialise(self.folder, kind, found) for kind, found in knowledge.items()}
        if files.get("stance"):
            os.environ["REALPOLITIK_STANCE"] = os.pathsep.join(files["stance"])
        self.settings = replace(
            settings,
            actor_files=tuple(files.get("actors", ())),
            verb_files=tuple(files.get("verbs", ())),
        )
        from ..pipeline import load_pipeline

        load_pipeline(self.settings)  # now, once: not at the first batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        good = [r for r in rows if not r.get("error")]
        articles = [units_.row_article(r) for r in good]
        documents = analyze_batch(articles, self.settings)
        tables: dict[str, list[dict]] = {t: [] for t in (*LAKE_TABLES, SIGNATURES)}
        for row, art, doc in zip(good, articles, documents, strict=True):
            if doc.meta.get("error"):
                row["error"] = doc.meta["error"]
                continue
            for table, found in table_rows(doc, art, self.analyzed_at).items():
                tables[table] += found
            sig = signature(art.text)  # here, in parallel, rather than in the one writer
            blob = None if sig is None else to_blob(sig)
            month = month_of(art.published)
            tables[SIGNATURES].append({"id": art.id, "minhash": blob, "month": month})
        out = [{k: r.get(k) for k in ANALYZED_SCHEMA.names} for r in rows]
        if out:
            for table, found in tables.items():
                data = pa.Table.from_pylist(found, schema=self.schemas[table])
                out[0][f"rows_{table}"] = _ipc(data)
        return pa.Table.from_pylist(out, schema=ANALYZED_SCHEMA)


def _write_tables(documents: Any, staging: Path, run: str, schemas: dict[str, pa.Schema]) -> None:
    from ray.data import SaveMode

    blocks = max(1, -(-documents.count() // DOCS_PER_FILE))  # (counted from the metadata)
    for table in (*LAKE_TABLES, SIGNATURES):
        rows = documents.map_batches(
            _table_batch,
            fn_kwargs={"table": table, "schema": schemas[table]},
            batch_format="pyarrow",
        )
        # Few files rather than one per month per batch: batches combined, no shuffle.
        rows = rows.repartition(num_blocks=blocks)
        rows.write_parquet(str(staging / table), partition_cols=["month"], mode=SaveMode.OVERWRITE)
    failed = documents.map_batches(_failure_batch, fn_kwargs={"run": run}, batch_format="pyarrow")
    failed.write_parquet(str(staging / FAILURES), mode=SaveMode.OVERWRITE)


def _table_batch(batch: pa.Table, table: str, schema: pa.Schema) -> pa.Table:
    parts = [_from_ipc(b) for b in batch.column(f"rows_{table}").to_pylist() if b]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def _failure_batch(batch: pa.Table, run: str) -> pa.Table:
    rows = [
        {k: r.get(k) for k in FAILURE_SCHEMA.names} | {"run": run}
        for r in batch.to_pylist()
        if r.get("error")
    ]
    return pa.Table.from_pylist(rows, schema=FAILURE_SCHEMA)


def _rows(folder: Path) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.rglob("*.parquet"))


def _knowledge(settings: Settings) -> dict[str, dict[str, bytes]]:
    """The user's knowledge files, as bytes by file name, to ship to the actors."""
    stance = [p for p in os.environ.get("REALPOLITIK_STANCE", "").split(os.pathsep) if p]
    kinds = {"actors": settings.actor_files, "verbs": settings.verb_files, "stance": stance}
    return {
        kind: {f"{i:03d}-{Path(p).name}": Path(p).read_bytes() for i, p in enumerate(paths)}
        for kind, paths in kinds.items()
        if paths
    }


def _materialise(folder: str, kind: str, files: dict[str, bytes]) -> list[str]:
    os.makedirs(os.path.join(folder, kind), exist_ok=True)
    paths = []
    for name, data in sorted(files.items()):
        path = os.path.join(folder, kind, name)  # keeps the suffix, which says how to read it
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def _public_settings(settings: Settings, published: str | None) -> dict[str, Any]:
    return {
        "model": settings.model,
        "focus": settings.focus,
        "published": published,
        "actor_files": list(settings.actor_files),
        "verb_files": list(settings.verb_files),
        "batch_size": settings.batch_size,
    }
