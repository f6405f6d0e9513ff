"""`realpolitik serve`: the dashboard over a store (see realpolitik.server)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import StoreOpt, existing_store, say, usage_error


def serve(
    store: StoreOpt = None,
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind. 127.0.0.1 keeps the dashboard on this machine; "
            "0.0.0.0 opens it to the network."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    refresh: Annotated[
        float, typer.Option(help="Seconds between looks at the store for new documents.")
    ] = 5.0,
) -> None:
    """Explore the store in a browser: overview, actors, dyads, focus, documents, search,
    network; every page also as .json, its tables as .csv and .parquet. Read-only: it reads
    a snapshot of the store, so `analyze --store` can write the store meanwhile."""
    from ..server import serve as run
    from ..store import StoreError

    path = existing_store(store)
    if Path(path).expanduser().is_dir():  # the dashboard snapshots a file as writers go on
        usage_error(
            f"{path} is a folder: the dashboard serves a store file. Bring a "
            "lake into one first: realpolitik load LAKE --store FILE"
        )
    if not 0 < port < 65536:
        usage_error(f"--port {port} is not a port (1-65535)")
    say(f"realpolitik dashboard on http://{host}:{port}/  (store {path}; Ctrl-C stops)")
    try:
        run(path, host=host, port=port, refresh=refresh)
    except StoreError as exc:
        usage_error(exc)
