"""`realpolitik quotes`: what an actor said across the store (a skin over `Store.quotes_by`)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from .common import FormatOpt, StoreOpt, ViewFormat, day_option, read_store, say, wide_console

DateOpt = Annotated[str | None, typer.Option(help="ISO date (YYYY-MM-DD), inclusive.")]


def quotes(
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            "-a",
            help="Speaker: part of a resolved actor's name (Peskov), an actor code (RUSGOV) "
            "or part of the speaker's words in the text (tabloid). Default: every speaker.",
        ),
    ] = None,
    store: StoreOpt = None,
    since: DateOpt = None,
    until: DateOpt = None,
    format: FormatOpt = ViewFormat.table,
) -> None:
    """List what an actor said across the store, with document title, source and date."""
    since, until = day_option(since, "--since"), day_option(until, "--until")
    with read_store(store) as db:
        rows = db.quotes_by(actor or "", since=since, until=until)
        where = db.path
    if format == ViewFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say(f"no quotes{f' by {actor!r}' if actor else ''} in {where}")
        return
    title = f"Quotes: {actor}" if actor else "Quotes"
    table = Table("date", "document", "speaker", "cue", "said", title=title)
    for r in rows:
        speaker = r["actor_name"] or r["speaker"] or "-"
        if r["code"]:
            speaker += f" ({r['code']})"
        document = r["title"] or r["doc_id"]
        if r["source"]:
            document += f"\n{r['source']}"
        table.add_row(r["published"] or "-", document, speaker, r["cue"] or "-", r["content"])
    wide_console().print(table)
