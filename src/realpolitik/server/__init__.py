"""The dashboard: `realpolitik serve --store FILE`, read-only pages over the corpus layer.

snapshot.py  what it reads: a private read-only copy of the store, kept current
params.py    the URL's filters, checked (a bad one is a 400 that says why)
views.py     one data function per page -> a plain dict (the page's `.json`)
render.py    a document's text cut at its records' offsets
app.py       routes, HTML/JSON/CSV/Parquet renderings, errors, security headers
templates/   Jinja2 pages (autoescaped); static/ the CSS, app.js and vendored ECharts
"""

from __future__ import annotations

from pathlib import Path

from .app import create_app
from .snapshot import Snapshot, StoreBusy

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(
    store: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    refresh: float = 5.0,
    log_level: str = "warning",
) -> None:
    """Serve the dashboard over `store` until interrupted (blocks)."""
    import signal
    import sys

    import uvicorn

    # uvicorn stops on SIGTERM, then raises it again for the handler it found: make that
    # handler an exit, so the snapshot's copy is removed below instead of left in /tmp
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    snapshot = Snapshot(store)
    snapshot.refresh()  # the first copy before the first request, when the store is free
    snapshot.start(refresh)
    try:
        uvicorn.run(
            create_app(snapshot), host=host, port=port, log_level=log_level, server_header=False
        )
    finally:
        snapshot.close()


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Snapshot", "StoreBusy", "create_app", "serve"]
