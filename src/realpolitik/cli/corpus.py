"""The corpus commands: `corpus build`, `actors top`, `dyads`, `changes`, `stances`, `outlets`,
`search`.

Each one calls the query layer (`realpolitik.corpus`) and renders its rows: a table on the
terminal, or `--format csv|parquet|json|jsonl` (parquet needs `--output`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.table import Table
from rich.text import Text

from .common import (
    OutputOpt,
    QuietOpt,
    StoreOpt,
    TableFormat,
    day_option,
    existing_store,
    output_to,
    say,
    usage_error,
    wide_console,
)

corpus_app = typer.Typer(
    help="The corpus tables: entities, stories, event clusters.", no_args_is_help=True
)


class Level(StrEnum):
    entity = "entity"
    code = "code"
    country = "country"


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


TableFormatOpt = Annotated[
    TableFormat,
    typer.Option("--format", "-f", help="table (terminal), csv, parquet (needs -o), json, jsonl."),
]
SinceOpt = Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")]
LevelOpt = Annotated[
    Level,
    typer.Option(help="entity (one person/organisation), code (USAGOV) or country (USA)."),
]
FactualityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--factuality",
        help="Events counted (repeatable): asserted, attempted, negated, hypothetical, future. "
        "Default: asserted and attempted.",
    ),
]
LimitOpt = Annotated[int, typer.Option(help="Rows at most (1-10000).")]


@contextmanager
def corpus_store(path: str | None) -> Iterator[Any]:
    """The store, read-only, with its corpus tables current: pending documents are built in
    first when the store can be written (else a warning says how many are missing)."""
    from ..corpus import build, pending_documents
    from ..store import Store, StoreError

    path = existing_store(path)
    try:
        db = Store(path, read_only=True)
        pending = len(pending_documents(db))
    except StoreError:  # e.g. an older schema: opening it for writing migrates it
        db, pending = None, 0
    if db is None or pending:
        if db is not None:
            db.close()
        try:
            with Store(path) as rw:
                if pending_documents(rw):
                    say(build(rw))
        except (StoreError, ValueError) as exc:
            if db is None:  # neither read nor written: nothing to show
                fail(exc)
            say(f"{pending} document(s) not in the corpus tables yet: {exc}", kind="warning")
        try:
            db = Store(path, read_only=True)
        except StoreError as exc:
            fail(exc)
    try:
        yield db
    finally:
        db.close()


def run_query(store: str | None, call):
    """`call(db)` on the store with current corpus tables; a QueryError exits 2 with its
    message (an unknown actor, a bad period or limit)."""
    from ..corpus.queries import QueryError

    with corpus_store(store) as db:
        try:
            return call(db)
        except QueryError as exc:
            fail(exc)


def dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return day_option(since, "--since"), day_option(until, "--until")


def emit(
    rows: list[dict[str, Any]],
    format: TableFormat,
    output: Path | None,
    title: str = "",
    columns: list[str] | None = None,
) -> None:
    """Rows as a terminal table or an export (csv, parquet, json, jsonl)."""
    import pyarrow as pa

    if format == TableFormat.parquet:
        if output is None or str(output) == "-":
            usage_error("--format parquet writes a file: give --output FILE")
        import pyarrow.parquet as pq

        with output_to(output, binary=True) as out:
            pq.write_table(pa.Table.from_pylist([_flat(r) for r in rows]), out)
        return
    if format == TableFormat.csv:
        import csv

        with output_to(output) as out:
            keys = columns or (list(rows[0]) if rows else [])
            writer = csv.DictWriter(out, fieldnames=keys, extrasaction="ignore")
            writer.writeheader()
            for r in rows:
                writer.writerow({k: _cell(v) for k, v in r.items()})
        return
    if format in (TableFormat.json, TableFormat.jsonl):
        with output_to(output) as out:
            if format == TableFormat.json:
                out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
            else:
                for r in rows:
                    out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        return
    keys = columns or (list(rows[0]) if rows else [])
    table = Table(*keys, title=title or None)
    for r in rows:
        table.add_row(*(_cell(r.get(k)) for k in keys))
    if output is not None:
        from rich.console import Console

        with output_to(output) as fh:
            Console(file=fh, width=200, markup=False).print(table)
    else:
        wide_console().print(table)


def _cell(value: Any) -> str | Text:
    if isinstance(value, Text):  # styled for the terminal (a search hit in bold)
        return value
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else v
        for k, v in row.items()
    }


def fail(exc: Exception) -> NoReturn:
    usage_error(exc)


# --- corpus build ----------------------------------------------------------------------


@corpus_app.command("build")
def corpus_build(
    store: StoreOpt = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the corpus tables and build them again.")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Build the corpus tables for the documents not in them yet (or all, with --rebuild)."""
    from ..corpus import build
    from ..store import Store, StoreError

    path = existing_store(store)
    try:
        with Store(path) as db:
            result = build(db, rebuild=rebuild)
    except (StoreError, ValueError) as exc:  # a locked store, a bad REALPOLITIK_ENTITIES file
        fail(exc)
    if not quiet:
        say(result)


@corpus_app.command("stories")
def corpus_stories(
    store: StoreOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_sources: Annotated[int, typer.Option(help="Only stories told by this many outlets.")] = 2,
    limit: LimitOpt = 20,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """Stories told by several outlets, most outlets first."""
    from ..corpus.queries import stories

    since, until = dates(since, until)
    rows = run_query(
        store,
        lambda db: stories(db, since=since, until=until, min_sources=min_sources, limit=limit),
    )
    emit(rows, format, output, "Stories")


# --- actors top ------------------------------------------------------------------------


def actors_top(
    store: StoreOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: person, organization, group, state...")
    ] = None,
    limit: LimitOpt = 20,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """The corpus's entities by activity (documents naming them), with their codes."""
    from ..corpus.queries import top_actors

    since, until = dates(since, until)
    rows = run_query(
        store, lambda db: top_actors(db, since=since, until=until, kind=kind, limit=limit)
    )
    emit(rows, format, output, "Entities by activity")


# --- dyads -----------------------------------------------------------------------------


def dyads(
    between: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--between", help='Two actors: names, entity ids or codes ("Donald Trump" USAGOV).'
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="The top dyads of this actor.")
    ] = None,
    by: Annotated[Period, typer.Option(help="Period of the series.")] = Period.week,
    level: LevelOpt = Level.entity,
    since: SinceOpt = None,
    until: UntilOpt = None,
    factuality: FactualityOpt = None,
    directed: Annotated[
        bool, typer.Option("--directed", help="Only events from the first actor to the second.")
    ] = False,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="With --between: the event clusters behind one bar of the series (the period "
            "starting on this date, as the series labels it), with every sentence as evidence.",
        ),
    ] = None,
    limit: LimitOpt = 20,
    store: StoreOpt = None,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """A dyad's time series (--between A B), or the top dyads (of --actor, or of all)."""
    from ..corpus.queries import dyad_clusters, dyad_series, resolve, top_dyads

    since, until = dates(since, until)

    def query(db: Any) -> tuple[list[dict[str, Any]], str]:
        if between and period:
            a, b = (resolve(db, x, level.value) for x in between)
            found = dyad_clusters(
                db, a, b, period=period, by=by.value, factuality=factuality, limit=limit
            )
            if not found:
                say(f"no event clusters of {a.label} and {b.label} in the {by.value} of {period}")
            return found, f"{a.label} – {b.label}: the {by.value} of {period}"
        if between:
            a, b = (resolve(db, x, level.value) for x in between)
            rows = dyad_series(
                db,
                a,
                b,
                by=by.value,
                since=since,
                until=until,
                factuality=factuality,
                directed=directed,
            )
            if not rows:
                say(f"no events between {a.label} and {b.label} in this period")
            return rows, f"{a.label} ({a.key}) – {b.label} ({b.key}), events by {by.value}"
        me = resolve(db, actor, level.value) if actor else None
        rows = top_dyads(
            db,
            level=level.value,
            actor=me,
            since=since,
            until=until,
            factuality=factuality,
            limit=limit,
        )
        return rows, f"Top dyads{' of ' + me.label if me else ''} ({level.value} level)"

    rows, title = run_query(store, query)
    if format == TableFormat.table:  # the columns that fit a terminal; exports keep them all
        rows = [_short_dyad_row(r) for r in rows]
    emit(rows, format, output, title)


def _short_dyad_row(r: dict[str, Any]) -> dict[str, Any]:
    if "mentions" in r and isinstance(r["mentions"], list):  # a cluster, with its evidence
        m = r["mentions"][0]
        return {
            "CAMEO": r["cameo"],
            "articles": r["num_articles"],
            "outlets": r["num_sources"],
            "first seen": r["first_seen"],
            "evidence": f"{m['text'][:160]} ({m['outlet']}, {m['doc_id']} {m['start']}–{m['end']})",
        }
    if "period" in r:
        return {
            "period": r["period"],
            "clusters": r["clusters"],
            "mentions": r["mentions"],
            "articles": r["articles"],
            "coop": r["verbal_cooperation"] + r["material_cooperation"],
            "conflict": r["verbal_conflict"] + r["material_conflict"],
            "Goldstein": r["goldstein_sum"],
            "mean": r["goldstein_mean"],
            "a→b": r["a_to_b"],
            "b→a": r["b_to_a"],
        }
    return {
        "dyad": f"{r['a_name']} – {r['b_name']}",
        "clusters": r["clusters"],
        "mentions": r["mentions"],
        "articles": r["articles"],
        "outlets": r["outlets"],
        "coop/conflict": f"{r['cooperation']}/{r['conflict']}",
        "Goldstein": r["goldstein_mean"],
        "seen": f"{r['first_seen']} – {r['last_seen']}",
    }


# --- changes ---------------------------------------------------------------------------


def changes(
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[
        Period, typer.Option(help="Without --since: the latest day, week or month.")
    ] = Period.week,
    level: LevelOpt = Level.entity,
    factuality: FactualityOpt = None,
    alpha: Annotated[float, typer.Option(help="Significance of the Poisson test.")] = 0.01,
    limit: LimitOpt = 20,
    store: StoreOpt = None,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """Surges, drops, new dyads, emerging actors and dyads warming or cooling: the latest
    period against its baseline, each flag with the events behind it."""
    from ..corpus.changes import changes as find_changes

    since, until = dates(since, until)
    found = run_query(
        store,
        lambda db: find_changes(
            db,
            since=since,
            until=until,
            by=by.value,
            level=level.value,
            factuality=factuality,
            alpha=alpha,
            limit=limit,
        ),
    )
    if format != TableFormat.table:
        rows = [dict(d, what="dyad") for d in found["dyads"]]
        rows += [dict(a, what="actor") for a in found["actors"]]
        emit(rows, format, output)
        return
    p, b = found["period"], found["baseline"]
    say(
        f"period {p['start']} – {p['end']} ({p['articles']} articles) against "
        f"{b['start']} – {b['end']} ({b['articles']} articles); Poisson test, alpha {alpha}"
    )
    dyad_rows = [
        {
            "change": d["change"],
            "dyad": f"{d['a_name']} – {d['b_name']}",
            "now": d["count"],
            "expected": d["expected"],
            "p": d["p_value"],
            "evidence": _sentence(d["evidence"]),
        }
        for d in found["dyads"]
    ]
    actor_rows = [
        {
            "change": a["change"],
            "actor": a["name"],
            "articles": a["articles"],
            "expected": a["expected"],
            "p": a["p_value"],
            "evidence": "; ".join(f"{e['title']} ({e['outlet']})" for e in a["evidence"][:2]),
        }
        for a in found["actors"]
    ]
    emit(dyad_rows, format, output, "Dyads (event clusters)")
    emit(
        actor_rows,
        format,
        None if output is None else output.with_suffix(".actors.txt"),
        "Actors (articles naming them)",
    )


def _sentence(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return ""
    e = evidence[0]
    text = " ".join((e.get("text") or "").split())
    return (
        f"{text[:140]}{'…' if len(text) > 140 else ''} ({e.get('outlet')}, {e.get('first_seen')})"
    )


# --- stances ---------------------------------------------------------------------------


def stances(
    actor: Annotated[str | None, typer.Option("--actor", help="Only this holder.")] = None,
    issue: Annotated[
        str | None, typer.Option(help="Only this issue (elections, trade...).")
    ] = None,
    by: Annotated[Period, typer.Option(help="Period of the series.")] = Period.month,
    level: LevelOpt = Level.entity,
    shifts: Annotated[
        bool, typer.Option("--shifts", help="Only the holders that changed side, with evidence.")
    ] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = 200,
    store: StoreOpt = None,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """Stances over time: favour/against per holder, issue and period, or the shifts."""
    from ..corpus.queries import resolve
    from ..corpus.stances import stance_series, stance_shifts

    since, until = dates(since, until)

    def query(db: Any) -> list[dict[str, Any]]:
        who = resolve(db, actor, level.value) if actor else None
        series = stance_shifts if shifts else stance_series
        return series(
            db, actor=who, issue=issue, by=by.value, since=since, until=until, limit=limit
        )

    rows = run_query(store, query)
    if shifts and format == TableFormat.table:
        rows = [
            {
                "holder": s["name"],
                "issue": s["issue"],
                "shift": f"{s['from']} ({s['before']}) -> {s['to']} ({s['after']})",
                "after": _sentence([s["evidence_after"] | {"first_seen": s["after"]}])
                if s["evidence_after"]
                else "",
            }
            for s in rows
        ]
    emit(rows, format, output, "Stance shifts" if shifts else "Stances over time")


# --- outlets ---------------------------------------------------------------------------


def outlets(
    focus: Annotated[str, typer.Option("--focus", help="The actor whose coverage is compared.")],
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only these outlets (repeatable).")
    ] = None,
    level: LevelOpt = Level.entity,
    since: SinceOpt = None,
    until: UntilOpt = None,
    store: StoreOpt = None,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """Each outlet's coverage of the focus side by side: articles, event mix, Goldstein mean,
    whom it quotes most, who takes positions in it."""
    from ..corpus.outlets import outlet_coverage
    from ..corpus.queries import resolve

    since, until = dates(since, until)

    def query(db: Any) -> tuple[Any, list[dict[str, Any]]]:
        who = resolve(db, focus, level.value)
        return who, outlet_coverage(db, who, outlets=outlet, since=since, until=until)

    who, rows = run_query(store, query)
    if format == TableFormat.table:
        rows = [
            {
                "outlet": r["outlet"],
                "articles": f"{r['articles']} ({r['share']:.0%})",
                "events": r["clusters"],
                "coop/conflict": f"{r['cooperation']}/{r['conflict']}",
                "Goldstein to focus": r["goldstein_to_focus"],
                "quotes most": ", ".join(f"{q['name']} ({q['quotes']})" for q in r["speakers"][:3]),
                "positions": ", ".join(
                    f"{h['name']} {h['favor']}+/{h['against']}-" for h in r["holders"][:3]
                ),
            }
            for r in rows
        ]
    emit(rows, format, output, f"Outlets on {who.label}")


# --- search ----------------------------------------------------------------------------


def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words that must all occur, "quoted phrases" (in that order), -word to '
            "exclude. Empty: the documents the filters keep, newest first."
        ),
    ] = "",
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only these outlets (repeatable).")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only documents naming this actor.")
    ] = None,
    level: LevelOpt = Level.entity,
    event: Annotated[
        str | None,
        typer.Option(
            "--event", help="Only documents with an event of this CAMEO code or prefix (04, 042)."
        ),
    ] = None,
    factuality: Annotated[
        list[str] | None,
        typer.Option(
            "--factuality",
            help="Only events of this factuality (repeatable): asserted, attempted, negated, "
            "hypothetical, future. Default: any; alone, documents with such an event.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows at most (1-200).")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many rows first (the next page).")] = 0,
    store: StoreOpt = None,
    format: TableFormatOpt = TableFormat.table,
    output: OutputOpt = None,
) -> None:
    """Full-text search of the stored articles, best match (BM25) first, with the hit in a
    snippet and its offsets in the text."""
    from ..corpus.queries import resolve
    from ..corpus.search import search as search_documents

    since, until = dates(since, until)

    def query_store(db: Any) -> list[dict[str, Any]]:
        who = resolve(db, actor, level.value) if actor else None
        return search_documents(
            db,
            query,
            since=since,
            until=until,
            outlets=outlet,
            actor=who,
            event=event,
            factuality=factuality,
            limit=limit,
            offset=offset,
        )

    rows = run_query(store, query_store)
    if not rows:
        say("no document matches")
    if format == TableFormat.table:  # the snippet with its hit in bold; exports keep all
        rows = [_short_search_row(r) for r in rows]
    emit(rows, format, output, f"Search: {query}" if query else "Documents")


def _short_search_row(r: dict[str, Any]) -> dict[str, Any]:
    start, end = r["snippet_hit_start"], r["snippet_hit_end"]
    snippet = Text(r["snippet"])
    if start is not None:
        snippet.stylize("bold", start, end)
    return {
        "published": r["published"],
        "outlet": r["outlet"] or "",
        "title": r["title"] or "",
        "score": r["score"],
        "snippet": snippet,
        "doc_id": r["doc_id"],
    }
