"""What the `realpolitik` commands share: the error console, options, formats, the run summary."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from ..records import Article
from ..settings import Settings
from ..sources import Failure

err = Console(stderr=True, soft_wrap=True)  # never wrap a path in an error message


class RecordFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    text = "text"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    # the coded events in the field's own shapes (realpolitik.export, docs/exports.md)
    gdelt = "gdelt"
    plover = "plover"
    icews = "icews"


class TableFormat(StrEnum):
    """Rows of the corpus queries: a terminal table or an export."""

    table = "table"
    csv = "csv"
    parquet = "parquet"
    json = "json"
    jsonl = "jsonl"


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[ViewFormat, typer.Option("--format", "-f")]


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store", help="DuckDB file (default: $REALPOLITIK_STORE or realpolitik.duckdb)."
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary.")]
MaxBytesOpt = Annotated[
    int | None, typer.Option("--max-bytes", help="Largest file or download accepted, in bytes.")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write records to this file, not stdout.")
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        exists=True,
        dir_okay=False,
        help="Extra actor knowledge (YAML, JSONL or TABARI .txt), loaded after the shipped "
        "knowledge base and $REALPOLITIK_ACTORS, winning over them. Repeatable.",
    ),
]
VerbsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--verbs",
        exists=True,
        dir_okay=False,
        help="Extra verb patterns (our JSONL or a PETRARCH .txt verb dictionary), winning "
        "over the shipped ones and $REALPOLITIK_VERBS. Repeatable.",
    ),
]
NoDefaultActorsOpt = Annotated[
    bool,
    typer.Option(
        "--no-default-actors", help="Use only the --actors files, not the shipped knowledge base."
    ),
]


class Run:
    """Collects failures and counts of one command run, and prints the closing summary."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.failures: list[Failure] = []
        self.done = 0

    def fail(self, failure: Failure) -> None:
        self.failures.append(failure)
        # escaped: a name like `notes[draft].txt` is a path, not rich markup
        err.print(
            f"[red]error[/red] {escape(failure.input)}: {escape(failure.reason)}", highlight=False
        )

    def articles(self, items: Iterable[Article | Failure]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                self.fail(item)
            else:
                yield item

    @contextmanager
    def progress(self, what: str, total: int | None = None) -> Iterator[Any]:
        if self.quiet:
            yield lambda n=1: None
            return
        cols = [
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
        ]
        # No auto-refresh thread: worker processes are forked while the bar is shown, and
        # forking a process that runs other threads can deadlock the child.
        with Progress(*cols, console=err, transient=True, auto_refresh=False) as bar:
            task = bar.add_task(what, total=total)

            def advance(n: int = 1) -> None:
                bar.advance(task, n)
                bar.refresh()

            yield advance

    def finish(self, what: str) -> None:
        if self.failures:
            err.print(
                f"[bold red]{len(self.failures)} input(s) failed[/bold red], {self.done} {what}:",
                highlight=False,
            )
            for f in self.failures:
                err.print(f"  - {escape(str(f))}", highlight=False)
            raise typer.Exit(1)
        if not self.quiet:
            err.print(f"{self.done} {what}, no failures.", highlight=False)


@contextmanager
def output_to(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yield fh


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        out.write("[")
        for i, rec in enumerate(records):
            out.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=2))
        out.write("\n]\n")
    else:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()


def make_settings(**changes: Any) -> Settings:
    return Settings().with_(**changes)


def actor_settings(actors: list[Path] | None, no_default_actors: bool) -> dict[str, Any]:
    """Settings changes for --actors / --no-default-actors (None: keep the default)."""
    return {
        "actor_files": Settings().actor_files + tuple(str(p) for p in actors) if actors else None,
        "actor_defaults": False if no_default_actors else None,
    }


def verb_settings(verbs: list[Path] | None) -> dict[str, Any]:
    """Settings changes for --verbs (None: keep the default)."""
    return {"verb_files": tuple(str(p) for p in verbs) + Settings().verb_files if verbs else None}


def existing_store(path: str | None) -> str:
    """The store's path (the configured one by default), or exit 2 saying there is none."""
    path = path or make_settings().store
    if not Path(path).expanduser().exists():  # a DuckDB file, or a lake folder
        err.print(
            f"[red]error[/red] no store at {path}: analyze articles into it first "
            "(`realpolitik analyze INPUTS --store FILE`)",
            highlight=False,
        )
        raise typer.Exit(2)
    return path


def open_store(path: str | None, settings: Settings):
    from ..store import Store, StoreError

    try:
        return Store(path or settings.store)
    except StoreError as exc:  # a corrupt file, a newer schema, an unwritable path: it says which
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def wide_console() -> Console:
    """stdout; when it is not a terminal (a pipe, a log), wide enough for the tables."""
    console = Console()
    return console if console.is_terminal else Console(width=120)


def load_analyzer(settings: Settings):
    """The pipeline's Analyzer, loaded now: a missing model or a bad actor file exits 2."""
    from ..actors.kb import KBError
    from ..pipeline import Analyzer, ModelNotInstalled

    analyzer = Analyzer(settings)
    try:
        analyzer.load()
    except (ModelNotInstalled, KBError, FileNotFoundError, ValueError) as exc:
        # (a missing or unreadable verb-pattern file names itself and its line)
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    return analyzer
