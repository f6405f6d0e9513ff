"""What the `realpolitik` commands share: the error console, options, formats, the run summary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

from ..records import Article
from ..settings import Settings, SettingsError
from ..sources import Failure

# stderr: never wraps a path in an error message, and prints text as it is, never as rich
# markup (paths, URLs and reasons come from outside: `[/b]` in a name is part of the name)
err = Console(stderr=True, soft_wrap=True, markup=False)


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
    int | None,
    typer.Option("--max-bytes", min=1, help="Largest file or download accepted, in bytes."),
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


def say(*parts: object, kind: str | None = None) -> None:
    """Print one line to stderr as plain text, never as rich markup: paths, URLs, field
    values and reasons come from outside, and `[/b]` in a file name is part of the name.
    `kind` ("error", "note", "warning") is the coloured label in front."""
    text = Text(" ".join(str(p) for p in parts))
    if kind:
        text = Text.assemble((kind, _KIND_STYLES.get(kind, "bold")), " ", text)
    err.print(text, highlight=False)


def error(*parts: object) -> None:
    """`error <parts>` on stderr, as plain text."""
    say(*parts, kind="error")


def usage_error(*parts: object) -> NoReturn:
    """`error <parts>` on stderr and exit 2: a bad option, argument or setting."""
    error(*parts)
    raise typer.Exit(2)


_KIND_STYLES = {"error": "red", "note": "yellow", "warning": "yellow", "interrupted": "red"}


class Run:
    """Collects failures, notes and counts of one command run, and prints the closing summary.

    A failure is an input that was skipped (the run exits 1 at the end); a note is something
    worth knowing about an input that was processed (a guessed date, a cut text): it is
    printed and listed in the summary, and does not change the exit code."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.failures: list[Failure] = []
        self.notes: list[Failure] = []
        self.done = 0

    def fail(self, failure: Failure) -> None:
        self.failures.append(failure)
        error(f"{failure.input}: {failure.reason}")

    def note(self, input: str, message: str) -> None:
        """Something worth knowing about `input` that is not a failure."""
        self.notes.append(Failure(input, message))
        if not self.quiet:
            say(f"{input}: {message}", kind="note")

    def articles(self, items: Iterable[Article | Failure]) -> Iterator[Article]:
        """The articles of `items`; failures are reported, and each article's
        `extra["warnings"]` become notes."""
        for item in items:
            if isinstance(item, Failure):
                self.fail(item)
                continue
            for warning in item.extra.get("warnings") or ():
                self.note(item.origin or item.id, str(warning))
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
        """The closing summary on stderr; exit 1 when an input failed."""
        if self.notes and (self.failures or not self.quiet):
            say(f"{len(self.notes)} note(s):")
            for n in self.notes:
                say(f"  - {n}")
        if self.failures:
            err.print(
                Text(f"{len(self.failures)} input(s) failed", style="bold red"),
                Text(f", {self.done} {what}:"),
                sep="",
                highlight=False,
            )
            for f in self.failures:
                say(f"  - {f}")
            raise typer.Exit(1)
        if not self.quiet:
            say(f"{self.done} {what}, no failures.")


# --- output files: written whole or not at all ------------------------------------------


def check_output(path: Path | None) -> Path | None:
    """`path` for an output file, checked before any work: exit 2 when it is a folder or
    its folder cannot be written (missing folders are created). `-` and None: stdout."""
    if path is None or str(path) == "-":
        return None
    path = path.expanduser()
    if path.is_dir():
        usage_error(f"{path} is a folder: give a file name to write to")
    _writable_folder(path.parent, path)
    return path


def _writable_folder(folder: Path, path: Path) -> None:
    """Exit 2 unless files can be created in `folder` (made if missing)."""
    above = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if above is not None and not above.is_dir():
        usage_error(f"cannot write {path}: {above} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".realpolitik-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        usage_error(f"cannot write {path}: {exc.strerror or exc}")


@contextmanager
def output_to(
    path: Path | None, run: Run | None = None, *, binary: bool = False
) -> Iterator[IO[Any]]:
    """stdout (None or `-`), or the file at `path`, written whole or not at all.

    The output goes to a temporary file in the same folder, renamed over `path` at the end,
    so an earlier file at `path` is kept when the command stops on an error or Ctrl-C. Given
    the command's `run`, it is also kept when no input succeeded and some failed: a good file
    is never replaced by an empty one. A run with some failures and some output replaces it
    (the output is what the run made; its summary names what failed)."""
    path = check_output(path)
    if path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        usage_error(f"cannot write {path}: {exc.strerror or exc}")
    try:
        with open(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as fh:
            yield fh
        if run is not None and run.failures and not run.done:
            run.note(
                str(path),
                "not written: no input succeeded"
                + (" (the earlier file is kept)" if path.exists() else ""),
            )
            return
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    """The mode a new file gets (mkstemp makes 0600 files): the earlier file's, else 0666
    less the umask."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def output_files(out: Path, *, folder: bool) -> Iterator[Path]:
    """Where an exporter writes its files for `out`, moved there only when it is done.

    `folder`: the exporter writes files into a folder (parquet, csv, gdelt, icews): it gets an
    empty staging folder, and each file it wrote then replaces its namesake in `out` (other
    files in `out` stay). Else it writes one file: it gets a path in a staging folder, renamed
    to `out` (or to a file of the same name in `out` when `out` is a folder). The staging
    folder sits beside `out`, so the moves are renames; it is removed in any case."""
    out = out.expanduser()
    if folder and out.exists() and not out.is_dir():
        usage_error(f"{out} is a file: this format writes a folder of files; give a folder")
    _writable_folder(out.parent, out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        target = stage if folder else stage / out.name
        yield target
        if folder:
            out.mkdir(exist_ok=True)
            for written in sorted(stage.iterdir()):
                os.replace(written, out / written.name)
        elif target.exists():
            os.replace(target, out / out.name if out.is_dir() else out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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


# --- options checked before any work ------------------------------------------------------


def day_option(value: str | None, option: str) -> str | None:
    """An ISO date option (YYYY-MM-DD), normalised; exit 2 when it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        usage_error(f"{option} {value!r} is not a date: use YYYY-MM-DD")


def make_settings(**changes: Any) -> Settings:
    """The settings: defaults, environment variables (a bad value exits 2 naming it), then
    `changes` (options; None keeps the default)."""
    try:
        return Settings().with_(**changes)
    except SettingsError as exc:
        usage_error(exc)


def actor_settings(actors: list[Path] | None, no_default_actors: bool) -> dict[str, Any]:
    """Settings changes for --actors / --no-default-actors (None: keep the default)."""
    return {
        "actor_files": make_settings().actor_files + tuple(str(p) for p in actors)
        if actors
        else None,
        "actor_defaults": False if no_default_actors else None,
    }


def verb_settings(verbs: list[Path] | None) -> dict[str, Any]:
    """Settings changes for --verbs (None: keep the default)."""
    return {
        "verb_files": tuple(str(p) for p in verbs) + make_settings().verb_files if verbs else None
    }


# --- the store: written by some commands, only read by the others ---------------------------


def existing_store(path: str | None) -> str:
    """The store's path (the configured one by default), or exit 2 saying there is none."""
    path = path or make_settings().store
    file = Path(path).expanduser()
    if not file.exists():  # a DuckDB file, or a lake folder
        usage_error(
            f"no store at {path}: analyze articles into it first "
            "(`realpolitik analyze INPUTS --store FILE`)"
        )
    if file.is_file() and not _is_duckdb(file):  # said before any work (serve, a query)
        empty = " (an empty file)" if file.stat().st_size == 0 else ""
        usage_error(f"{path} is not a store: not a DuckDB file{empty}")
    return path


def _is_duckdb(file: Path) -> bool:
    """Whether `file` starts like a DuckDB database (its magic bytes, at offset 8)."""
    try:
        with file.open("rb") as fh:
            return fh.read(12)[8:12] == b"DUCK"
    except OSError:
        return True  # unreadable: let DuckDB say why


def open_store(path: str | None, settings: Settings):
    """The store for a command that writes it (created when missing); exit 2 if it cannot be
    opened (a file that is not a store, a newer schema, an unwritable folder: it says which)."""
    from ..store import Store, StoreError

    try:
        return Store(path or settings.store)
    except StoreError as exc:
        usage_error(_store_problem(path or settings.store, exc))


def _store_problem(path: str, exc: Exception) -> str:
    """The message for a store that cannot be opened, with a hint for an empty file."""
    file = Path(path).expanduser()
    if file.is_file() and file.stat().st_size == 0:
        return f"{exc} ({file} is an empty file: remove it, and a new store is made there)"
    return str(exc)


@contextmanager
def read_store(path: str | None) -> Iterator[Any]:
    """The store for a command that only reads it, opened read-only: it is never created or
    changed. No store at `path`, or one that cannot be read, exits 2 ("no store at X").

    A store made by an older realpolitik is read from a private, migrated copy, as the
    dashboard does (server/snapshot.py): reading never migrates the user's file; the next
    command that writes it (analyze, ingest, corpus build) does."""
    from ..store import Store, StoreError

    path = existing_store(path)
    copy: Path | None = None
    try:
        try:
            db = Store(path, read_only=True)
        except StoreError as exc:
            if not _needs_migration(path):
                usage_error(_store_problem(path, exc))
            copy = Path(tempfile.mkdtemp(prefix="realpolitik-read-"))
            db = _migrated_copy(Path(path).expanduser(), copy / "store.duckdb")
        with db:
            yield db
    finally:
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)


def _needs_migration(path: str) -> bool:
    import duckdb

    from ..store.migrations import SCHEMA_VERSION, schema_version

    try:
        con = duckdb.connect(str(Path(path).expanduser()), read_only=True)
    except duckdb.Error:
        return False
    try:
        return schema_version(con) < SCHEMA_VERSION
    except duckdb.Error:
        return False
    finally:
        con.close()


def _migrated_copy(path: Path, target: Path):
    """The store at `path` copied to `target` (under a shared lock, with its write-ahead
    log), migrated there, and opened read-only."""
    import duckdb

    from ..store import Store, StoreError

    try:
        con = duckdb.connect(str(path), read_only=True)  # no writer starts during the copy
        try:
            shutil.copyfile(path, target)
            if Path(f"{path}.wal").exists():
                shutil.copyfile(f"{path}.wal", f"{target}.wal")
        finally:
            con.close()
        Store(target).close()  # migrates the copy
        return Store(target, read_only=True)
    except (duckdb.Error, StoreError, OSError) as exc:
        usage_error(f"cannot read store {path}: {exc}")


class CtrlC:
    """Watches for Ctrl-C between `start()` and `stop()`: it raises KeyboardInterrupt as
    usual, and sets `pressed`, so that an error a library makes of the interrupt (DuckDB's
    "Query interrupted") is still seen as Ctrl-C by the command, which then says what it kept."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None

    def start(self) -> CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._pressed)
        return self

    def stop(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _pressed(self, signum: int, frame: Any) -> None:
        self.pressed = True
        raise KeyboardInterrupt


def wide_console() -> Console:
    """stdout, printing text as it is (never as rich markup: titles and names come from the
    articles); when it is not a terminal (a pipe, a log), wide enough for the tables."""
    console = Console(markup=False)
    return console if console.is_terminal else Console(width=120, markup=False)


def load_analyzer(settings: Settings):
    """The pipeline's Analyzer, loaded now: a missing model or a bad actor file exits 2."""
    from ..actors.kb import KBError
    from ..pipeline import Analyzer, ModelNotInstalled

    analyzer = Analyzer(settings)
    try:
        analyzer.load()
    except (ModelNotInstalled, KBError, FileNotFoundError, ValueError) as exc:
        # (a missing or unreadable verb-pattern file names itself and its line)
        usage_error(exc)
    return analyzer


def _columns_option(value: str | None) -> tuple[tuple[str, str], ...] | None:
    """--columns as (field, column) pairs; bad syntax is a usage error before any work."""
    from ..sources.dumps import parse_columns

    try:
        return parse_columns(value) if value is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


class DateOrder(StrEnum):
    DMY = "DMY"
    MDY = "MDY"


# Dumps (JSONL/CSV/Parquet): which column holds which field, and how 02/07/2017 is read.
# The command receives --columns parsed, as the (field, column) pairs of Settings.columns.
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        callback=_columns_option,
        metavar="FIELD=COLUMN,...",
        help="Dump columns for the article's fields, e.g. text=body,published=publish_date,"
        "url=article_source_link (fields: text, id, title, author, published, url, source, "
        "language). Without it, common names are recognized (maintext, date_publish, link...).",
    ),
]
DateOrderOpt = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        case_sensitive=False,
        callback=lambda order: order.value if order else None,  # Settings holds plain text
        help="How a dump date whose day and month could be swapped (02/07/2017) is read; "
        "without it such dates are refused by name.",
    ),
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        help="Fetch from loopback, private and link-local addresses too (refused by default, "
        "as are redirects and feed links to them); also REALPOLITIK_ALLOW_PRIVATE=1.",
    ),
]
