"""Scale-out commands: `analyze --engine ray` (its run) and `load LAKE --store FILE`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..settings import Settings
from ..sources import Failure
from .common import QuietOpt, Run, StoreOpt, make_settings, open_store, say, usage_error


class Engine(StrEnum):
    local = "local"
    ray = "ray"


EngineOpt = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="local: worker processes on this machine. ray: a Ray cluster (--address), "
        "writing a Parquet lake (--output-dir); needs `pip install 'realpolitik[ray]'`.",
    ),
]
AddressOpt = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="With --engine ray: the cluster (auto, ray://head:10001); default: start one "
        "on this machine.",
    ),
]
OutputDirOpt = Annotated[
    Path | None,
    typer.Option("--output-dir", help="With --engine ray: the Parquet lake to write into."),
]


def analyze_on_ray(
    inputs: list[str] | None,
    output_dir: Path | None,
    settings: Settings,
    *,
    address: str | None,
    store: str | None,
    published: str | None,
    quiet: bool,
) -> None:
    """`analyze --engine ray`: the inputs into the lake, then (with --store) into the store."""
    from ..scale import ray_engine

    if not inputs or output_dir is None:
        usage_error("--engine ray needs INPUTS and --output-dir DIR (the lake)")
    run = Run(quiet)
    try:
        manifest = ray_engine.run(
            inputs,
            output_dir,
            settings,
            address=address,
            workers=settings.workers or None,
            published=published,
            quiet=quiet,
        )
    except ray_engine.RayMissing as exc:
        usage_error(exc)
    if not quiet:
        say(
            f"ray: {manifest.documents} document(s), {manifest.failures} failure(s) from "
            f"{manifest.units} unit(s) on {manifest.workers} actor(s) in {manifest.seconds} s "
            f"-> {output_dir} (run {manifest.run})"
        )
    run.done = manifest.documents
    _report_failures(output_dir, manifest.files.get("failures", []), run)
    if store:
        _load(output_dir, store, run, quiet)
    run.finish("document(s) analyzed")


def load(
    lake: Annotated[Path, typer.Argument(help="A lake written by `analyze --engine ray`.")],
    store: StoreOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Bring a Parquet lake's new documents into a store, and its corpus tables up to date."""
    from ..scale.lake import is_lake

    if not is_lake(lake):
        usage_error(
            f"{lake} is not a lake: no _runs/ manifest "
            "(write one with `realpolitik analyze --engine ray INPUTS --output-dir DIR`)"
        )
    run = Run(quiet)
    result = _load(lake, store, run, quiet)
    run.done = result.documents
    run.finish("document(s) loaded")


def _load(lake: Path, store: str | None, run: Run, quiet: bool):
    from ..scale.lake import load_lake
    from .documents import _build_corpus, _note_to

    with open_store(store, make_settings()) as db, run.progress("loading") as advance:
        # each duplicate skipped (naming what it repeats) and each id renamed: a note
        result = load_lake(lake, db, progress=advance, on_note=_note_to(run))
        for path, why in result.unreadable:  # skipped, named; the other runs are loaded
            run.fail(Failure(path, why))
        if not quiet:
            say(f"load: {result}")
        _build_corpus(db, run, quiet)
    return result


def _report_failures(lake: Path, files: list[str], run: Run) -> None:
    import pyarrow.parquet as pq

    for rel in files:
        table = pq.read_table(lake / rel, columns=["origin", "input", "error"]).to_pylist()
        for row in table:
            run.fail(Failure(row["origin"] or row["input"], row["error"]))
