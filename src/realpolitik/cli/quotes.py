"""`realpolitik quotes`: what an actor said across the store (a skin over `Store.quotes_by`)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from ..settings import Settings
from .common import FormatOpt, StoreOpt, ViewFormat, err, open_store, wide_console

DateOpt = Annotated[str | None, typer.Option(help="ISO date (YYYY-MM-DD), inclusive.")]


def quotes(
    actor: Annotated[
        str,
        typer.Option(
            "--actor",
            "-a",
            help="Speaker: part of a resolved actor's name (Peskov), an actor code (RUSGOV) "
            "or part of the speaker's words in the text (tabloid).",
        ),
    ],
    store: StoreOpt = None,
    since: DateOpt = None,
    until: DateOpt = None,
    format: FormatOpt = ViewFormat.table,
) -> None:
    """List what an actor said across the store, with document title, source and date."""
    from datetime import date

    for name, value in (("--since", since), ("--until", until)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                err.print(f"[red]error[/red] {name} {value!r} is not an ISO date (YYYY-MM-DD)")
                raise typer.Exit(2) from exc
    with open_store(store, Settings()) as db:
        rows = db.quotes_by(actor, since=since, until=until)
    if format == ViewFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        err.print(f"no quotes by {actor!r} in {store or Settings().store}", highlight=False)
        return
    table = Table("date", "document", "speaker", "cue", "said", title=f"Quotes: {actor}")
    for r in rows:
        speaker = r["actor_name"] or r["speaker"] or "-"
        if r["code"]:
            speaker += f" ({r['code']})"
        document = r["title"] or r["doc_id"]
        if r["source"]:
            document += f"\n{r['source']}"
        table.add_row(r["published"] or "-", document, speaker, r["cue"] or "-", r["content"])
    wide_console().print(table)
