"""The `realpolitik` command: a thin typer skin over the Python API.

Every command reports a bad input by name, goes on with the rest, and exits 1 at the end
with a summary of what failed. Records go to stdout (or --output); progress and the
summary go to stderr, so `realpolitik analyze ... > out.jsonl` stays clean.

One module per group of commands: `documents` (extract, ingest, analyze, show, export),
`actors`, `eval`; `common` holds the options and the run summary they share.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import corpus, documents, lake, quotes, serve, watch
from .actors import actors_app
from .common import make_settings
from .eval import eval_app
from .report import report

app = typer.Typer(
    help="Who does what to whom in political news, with the evidence for every record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Who does what to whom in political news, with the evidence for every record."""
    if "--help" not in sys.argv[1:]:  # (click parses a command's --help after this)
        make_settings()  # a bad environment variable (REALPOLITIK_TIMEOUT=abc) exits 2 here


for command in (
    documents.extract,
    documents.ingest,
    documents.analyze,
    documents.show,
    documents.export,
    report,
):
    app.command()(command)
app.command()(quotes.quotes)
app.command()(serve.serve)
app.command()(lake.load)
app.command()(watch.watch)
for command in (corpus.dyads, corpus.changes, corpus.stances, corpus.outlets, corpus.search):
    app.command()(command)
actors_app.command("top")(corpus.actors_top)
app.add_typer(actors_app, name="actors")
app.add_typer(corpus.corpus_app, name="corpus")
app.add_typer(eval_app, name="eval")


def main() -> None:  # pragma: no cover
    app()


__all__ = ["app", "main"]
