"""The `report` command: a Markdown or HTML brief on one focal actor, from inputs or the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..records import Article, Document
from ..sources import Failure, read_inputs
from .common import (
    OutputOpt,
    QuietOpt,
    Run,
    StoreOpt,
    check_output,
    day_option,
    load_analyzer,
    make_settings,
    output_to,
    read_store,
    say,
    usage_error,
)

CORPUS_MIN_DOCS = 20  # a store this large gets the corpus report by default


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def report(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, URLs, feeds or dumps to analyze and report on. "
            "None: the documents in the store."
        ),
    ] = None,
    focus: Annotated[
        str,
        typer.Option(
            "--focus",
            help='The actor the report is for: a CAMEO code (RUS, RUSGOV) or a name ("Russia", '
            '"Putin"), resolved in the actor knowledge base.',
        ),
    ] = ...,  # type: ignore[assignment]
    store: StoreOpt = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only documents published on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only documents published on or before this date.")
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="md (Markdown) or html (one self-contained file)."),
    ] = ReportFormat.md,
    output: OutputOpt = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that lack one.")
    ] = None,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            help="Corpus report: 'What changed' covers the days since this date (default: the "
            "last 30 days of the period).",
        ),
    ] = None,
    corpus: Annotated[
        bool | None,
        typer.Option(
            "--corpus/--documents",
            help="The corpus report (what changed, dyads, aggregated opportunities and risks, "
            f"outlets) or the per-document brief. Default: the corpus report for a store of "
            f"{CORPUS_MIN_DOCS} or more documents.",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write a brief on the opportunities and risks for one actor: summary, evidence, factions,
    key quotes, the actor network and (for a corpus) a timeline. HTML is one self-contained file.
    On a store of many articles: the corpus report (what changed, the dyads that matter,
    aggregated opportunities and risks, factions, speakers, outlets side by side)."""
    from ..report import FocusError, render, resolve_focus
    from ..report.brief import build_brief

    since, until = day_option(since, "--since"), day_option(until, "--until")
    published = day_option(published, "--published")
    changes_since = day_option(changes_since, "--changes-since")
    check_output(output)
    if not inputs and corpus is not False:
        if _corpus_report(store, focus, since, until, format, output, corpus, quiet, changes_since):
            return
    try:
        resolve_focus(focus, on=date.fromisoformat(until) if until else None)
    except FocusError as exc:
        usage_error(f"--focus: {exc}")

    settings = make_settings()
    run = Run(quiet)
    if inputs:
        documents = _analyze(inputs, store, published, settings, run)
    else:
        documents = _stored(store or settings.store, since, until)
    run.done = len(documents)
    if not documents:
        if run.failures:
            run.finish("document(s) reported")
        where = f" in {store or settings.store}" if not inputs else ""
        span = f" published {since or '…'} – {until or '…'}" if since or until else ""
        say(f"no documents{where}{span} to report on", kind="error")
        raise typer.Exit(1)
    brief = build_brief(documents, focus, since, until)
    if not brief["documents"]:
        say(
            f"none of the {len(documents)} document(s) was published "
            f"{since or '…'} – {until or '…'}",
            kind="error",
        )
        raise typer.Exit(1)
    run.done = len(brief["documents"])
    with output_to(output, run) as out:
        out.write(render(brief, format.value))
    if output is not None and not quiet:
        say(f"wrote {output}")
    run.finish("document(s) reported")


def _analyze(
    inputs: list[str], store: str | None, published: str | None, settings, run: Run
) -> list[Document]:
    """The analyzed documents of `inputs` (also stored, with --store)."""
    from .common import open_store
    from .documents import _deduplicated, _with_default_date

    db = open_store(store, settings) if store else None
    if db is not None:  # open only to commit: the analysis leaves the file to others
        db.hold = False
        db.release()
    try:
        articles: Iterable[Article] = run.articles(read_inputs(inputs, settings))
        if published:
            articles = _with_default_date(articles, published)
        articles = _deduplicated(articles, db, run)
        analyzer = load_analyzer(settings)
        documents = []
        with run.progress("analyzing") as advance:
            for doc in analyzer.analyze(articles, workers=1):
                advance()
                if doc.meta.get("error"):
                    run.fail(Failure(doc.meta.get("origin") or doc.id, doc.meta["error"]))
                    continue
                documents.append(doc)
        if db is not None and documents:
            db.add_documents(documents)
        return documents
    finally:
        if db is not None:
            db.close()


def _stored(path: str, since: str | None, until: str | None) -> list[Document]:
    if not Path(path).expanduser().exists():
        usage_error(
            f"no store at {path}: give INPUTS to report on, or --store with a "
            "store made by `realpolitik analyze --store`"
        )
    with read_store(path) as db:
        return list(db.documents(since, until))


def _corpus_report(
    store: str | None,
    focus: str,
    since: str | None,
    until: str | None,
    format: ReportFormat,
    output,
    forced: bool | None,
    quiet: bool,
    changes_since: str | None = None,
) -> bool:
    """Write the corpus report if asked for (or the store is large enough); False otherwise."""
    from ..corpus.queries import QueryError, UnknownActor
    from ..report.corpus import corpus_report
    from .corpus import corpus_store

    path = store or make_settings().store
    if not Path(path).expanduser().exists():
        return False
    with corpus_store(path) as db:
        [(n,)] = db.con.execute("SELECT count(*) FROM corpus_documents").fetchall()
        if not forced and n < CORPUS_MIN_DOCS:
            return False
        try:
            text = corpus_report(
                db,
                focus=focus,
                since=since,
                until=until,
                changes_since=changes_since,
                format=format.value,
            )
        except UnknownActor as exc:
            usage_error(f"--focus: {exc}")
        except QueryError as exc:  # a store the report cannot follow (no dated documents)
            usage_error(exc)
    with output_to(output) as out:
        out.write(text)
    if output is not None and not quiet:
        say(f"wrote {output} (corpus report, {n} documents)")
    return True
