"""`realpolitik actors`: look into the actor knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .common import (
    ActorsOpt,
    FormatOpt,
    NoDefaultActorsOpt,
    ViewFormat,
    actor_settings,
    error,
    make_settings,
    usage_error,
    wide_console,
)

if TYPE_CHECKING:
    from ..actors.lookup import Lookup

# --- actors: the knowledge base --------------------------------------------------------

actors_app = typer.Typer(
    help="The actor knowledge base (lookup) and the corpus's entities (top).",
    no_args_is_help=True,
)


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
    from ..actors.kb import KBError, load_kb, parse_day
    from ..actors.lookup import lookup_actor

    try:
        day = parse_day(on)
    except KBError as exc:
        usage_error(f"--on {on}: {exc}")
    settings = make_settings(**actor_settings(actors, no_default_actors))
    try:
        kb = load_kb(settings.actor_files, settings.actor_defaults)
    except KBError as exc:
        usage_error(exc)
    result = lookup_actor(name, kb, on=day)
    if not result.found:
        hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
        error(f"no actor named {name!r} in the knowledge base{hint}")
        raise typer.Exit(1)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print_lookup(result, wide_console())


def print_lookup(result: Lookup, console: Console) -> None:
    """A lookup as rich tables: the chosen code and reason, then every reading of the name."""
    console.print(
        Text.assemble(
            (result.query, "bold"),
            f" on {result.on}: ",
            (result.code or "-", "bold green"),
            f"  ({result.reason})",
        ),
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
