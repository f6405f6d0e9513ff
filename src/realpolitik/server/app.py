"""The dashboard's web application: routes, renderings, errors, headers.

    /                      overview           /network       the actor network
    /actor?id=Q22686       an actor           /search?q=...  full-text search
    /dyad?a=..&b=..        a pair             /focus?actor=  opportunities and risks
    /document?id=..        one article, with its records on the text

Each page is also `/PAGE.json` (its data function's dict), `/PAGE.csv` and `/PAGE.parquet`
(one of its tables: `?table=NAME`). Only GET; nothing writes. Query results are cached per
snapshot (a new snapshot of the store starts a new cache).
"""

from __future__ import annotations

import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..corpus.queries import QueryError
from . import views
from .params import BadRequest, Params, parse
from .snapshot import Snapshot, StoreBusy

HERE = Path(__file__).parent
FORMATS = ("json", "csv", "parquet")
CACHE_SIZE = 256
WARM_ACTORS = 5  # the most covered actors whose pages are computed with each snapshot
HEADERS = {
    # no inline script runs: page data travels in <script type="application/json">
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _Cache:
    """Page data by (snapshot generation, page, query string): a snapshot never changes."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._data: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get(self, key: tuple, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


def create_app(snapshot: Snapshot, *, cache: bool = True) -> Starlette:
    """The dashboard over `snapshot` (see `realpolitik.server.snapshot`)."""
    dashboard = _Dashboard(snapshot, _templates(), cache)
    if cache:
        snapshot.on_swap.append(dashboard.warm)
    routes = [
        Route("/", dashboard.endpoint),
        Route("/-/status.json", dashboard.status),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
        Route("/{page:str}.{fmt:str}", dashboard.endpoint),
        Route("/{page:str}", dashboard.endpoint),
    ]
    return Starlette(routes=routes)


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every text from an article is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_safe"] = _json_for_html
    env.globals["fmt"] = _cell
    from .render import segments

    env.globals["segments"] = segments
    return env


class _Dashboard:
    """The pages over one snapshot: their data (cached per snapshot), and its renderings."""

    def __init__(self, snapshot: Snapshot, env: jinja2.Environment, cache: bool) -> None:
        self.snapshot, self.env, self.cache = snapshot, env, cache
        self.pages = _Cache(CACHE_SIZE if cache else 0)

    def data_of(self, page: str, request: Request) -> tuple[dict[str, Any], Params]:
        p = parse(request.query_params)
        key = (self.snapshot.generation, page, str(request.query_params))
        with self.snapshot.reader() as store:
            if not self.cache:
                return views.PAGES[page](store, p), p
            return self.pages.get(key, lambda: views.PAGES[page](store, p)), p

    def warm(self, generation: int) -> None:
        """The views most visits start from, computed when a snapshot arrives: the landing
        page, the network, and the pages and focus assessments of the most covered actors
        (the slowest assessments, and the ones most asked for)."""
        from starlette.datastructures import QueryParams

        wanted = [("overview", QueryParams()), ("network", QueryParams())]
        for page, query in wanted:
            with self.snapshot.reader() as store:
                data = self.pages.get(
                    (generation, page, str(query)),
                    partial(views.PAGES[page], store, parse(query)),
                )
            if page == "overview":
                for a in data["tables"]["actors"][:WARM_ACTORS]:
                    wanted.append(("actor", QueryParams({"id": a["entity_id"]})))
                    wanted.append(("focus", QueryParams({"actor": a["entity_id"]})))

    def endpoint(self, request: Request) -> Response:
        page = request.path_params.get("page") or "overview"
        fmt = request.path_params.get("fmt") or "html"
        env = self.env
        if page not in views.PAGES or fmt not in (*FORMATS, "html"):
            return _error(request, 404, f"no page {request.url.path!r}", fmt, env)
        try:
            data, p = self.data_of(page, request)
        except (BadRequest, QueryError) as exc:
            return _error(request, 400, str(exc), fmt, env)
        except views.NotFound as exc:
            return _error(request, 404, str(exc), fmt, env)
        except StoreBusy as exc:
            return _error(request, 503, str(exc), fmt, env, {"Retry-After": "5"})
        return self.render(request, page, fmt, data, p)

    def render(
        self, request: Request, page: str, fmt: str, data: dict[str, Any], p: Params
    ) -> Response:
        """The page's data as JSON, one of its tables as CSV or Parquet, or its HTML."""
        if fmt == "json":
            return Response(_json(data), media_type="application/json", headers=HEADERS)
        if fmt in ("csv", "parquet"):
            try:
                return _download(data, page, fmt, request.query_params.get("table"))
            except BadRequest as exc:
                return _error(request, 400, str(exc), fmt, self.env)
        html = self.env.get_template(f"{page}.html").render(
            d=data, p=p, status=self.snapshot.status(), request=request, page=page
        )
        return HTMLResponse(html, headers=HEADERS)

    def status(self, request: Request) -> Response:
        return JSONResponse(self.snapshot.status(), headers=HEADERS)


def _error(
    request: Request,
    code: int,
    message: str,
    fmt: str,
    env: jinja2.Environment,
    headers: dict[str, str] | None = None,
) -> Response:
    headers = {**HEADERS, **(headers or {})}
    if fmt != "html":
        return JSONResponse({"error": message, "status": code}, status_code=code, headers=headers)
    html = env.get_template("error.html").render(
        code=code, message=message, request=request, page="error"
    )
    return HTMLResponse(html, status_code=code, headers=headers)


def _download(data: dict[str, Any], page: str, fmt: str, table: str | None) -> Response:
    tables = data.get("tables") or {}
    name = table or next(iter(tables), None)
    if name not in tables:
        raise BadRequest(
            f"no table {table!r} on this page: use table= one of {', '.join(tables) or 'none'}"
        )
    rows = [_flat(r) for r in tables[name]]
    filename = f"{page}-{name}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"', **HEADERS}
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        columns = list(dict.fromkeys(k for r in rows for k in r))
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=disposition)
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), out)
    return Response(
        out.getvalue(), media_type="application/vnd.apache.parquet", headers=disposition
    )


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Nested values (evidence lists, codes) as JSON text: one cell each."""
    return {
        k: json.dumps(v, default=str, ensure_ascii=False) if isinstance(v, (list, dict)) else v
        for k, v in row.items()
    }


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _json(data: Any) -> str:
    return json.dumps(data, default=_default, ensure_ascii=False)


def _json_for_html(data: Any) -> str:
    """JSON that cannot close the <script type="application/json"> it sits in."""
    text = _json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return jinja2.utils.markupsafe.Markup(
        text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)
