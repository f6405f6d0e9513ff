"""Dashboard response times: every JSON endpoint of `realpolitik serve`, over real HTTP.

    python benchmarks/dashboard.py [--docs 100000] [--store PATH] [--polnear PATH]
                                   [--urls 30] [--no-uncached]

For each of two stores, the synthetic corpus of `benchmarks/corpus.py` (100,000 documents,
about 1,000,000 events) and PolNeAR (`out/polnear.duckdb`, made by
`benchmarks/polnear_store.py`; skipped with a note when absent), a `Snapshot` of the store is
taken (the time of that first refresh is reported: the copy of the file, then bringing the
copy's corpus tables up to date, which builds whatever the store lacks, e.g. its search
index), the dashboard (`create_app`) is served by uvicorn on a free 127.0.0.1 port in a
thread of this process, and httpx requests each endpoint's `.json` one at a time, timed on
the client with the wall clock (request sent to body read):

    cold      each distinct URL the first time: the app computes the page. The app caches
              page data per snapshot, so this is what exploring the corpus costs  goal p95 < 300 ms
    warm      the same URLs again, answered from the cache (no goal)
    uncached  the same URLs once more on an app made with cache=False (no goal; a check
              that "cold" is the cost of the page, not of a first request)

The snapshot is taken before the app exists, so the app's warm-up (the landing page, the
network and the most covered actors' pages, computed when a snapshot arrives) does not run:
every URL measured cold is computed for that request.

Before an endpoint's URLs, one request of it outside the set (the first URL with an extra
`warmup=1`) loads what its queries read from the snapshot; its time is reported alone as
"first". Each endpoint has up to `--urls` distinct URLs, drawn from the store through the
query layer: the overview with periods, levels, outlets and factuality; the most active
actors and some of the tail; the most active dyads, some at a period of their series, at
code and country level; focus assessments of top actors; documents sampled at random, some
with a hit (`at=`); searches of common and rare title words, phrases, exclusions, with
filters and filters alone; the network over months, quarters, levels, outlets and sizes.
Percentiles are nearest-rank over the URLs that answered 200.

For every endpoint that misses its goal, its slowest cold URL is profiled: the view function
is called directly on a snapshot cursor, each call into the query layer
(`realpolitik.corpus.*`) timed, and its slowest SQL statements listed with the function that
runs them (what is left is Python: fetching rows, loops, statistics). Exits 1 when an
endpoint misses its goal or answers an error, else 0; search is "n/a" while
`realpolitik.corpus.search` does not exist.

The synthetic store: `--store` (default `out/bench-corpus.duckdb`, the one `corpus.py` leaves,
or `out/bench-dashboard-N.duckdb` for another `--docs N`) is used when it holds `--docs`
documents with the corpus built. Otherwise `python benchmarks/corpus.py --docs N --store PATH
--keep` is run first to make it (a few minutes at full size, its own figures printed as it
goes). `--docs 2000` gives a quick run. Neither store file is written: the snapshot copies
it into a temporary folder.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import math
import re
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import duckdb  # noqa: E402
import httpx  # noqa: E402
import uvicorn  # noqa: E402
from starlette.datastructures import QueryParams  # noqa: E402

from realpolitik.corpus import queries  # noqa: E402
from realpolitik.server import Snapshot, create_app, views  # noqa: E402
from realpolitik.server.params import parse  # noqa: E402
from realpolitik.store import Store  # noqa: E402

FULL_DOCS = 100_000
GOAL_MS = 300.0  # cold p95, per endpoint
ENDPOINTS = ("overview", "actor", "dyad", "focus", "document", "search", "network")
PROFILED = (  # the modules of realpolitik.corpus whose calls a profile times
    "queries",
    "profile",
    "changes",
    "stances",
    "outlets",
    "assessment",
    "document",
    "network",
    "search",
)
STOPWORDS = set(
    "about after again against their there these those which while would could should "
    "where being other under over says said with from that this have will into what when "
    "than then they them were been more most just like only also amid".split()
)
WORD = re.compile(r"[^\W_]+")  # a term as the search index holds it (search.tokens)


# --- the stores ------------------------------------------------------------------------


def corpus_state(path: Path) -> dict[str, int]:
    """Documents, corpus documents, search-indexed documents and `bench_meta` docs of the
    store at `path`, read without writing (0 for a table it lacks)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

        def count(table: str) -> int:
            return (
                con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0
            )

        meta = {}
        if "bench_meta" in tables:
            meta = dict(con.execute("SELECT key, value FROM bench_meta").fetchall())
        return {
            "documents": count("documents"),
            "corpus": count("corpus_documents"),
            "indexed": count("corpus_search_docs"),
            "meta_docs": int(meta.get("docs", 0)),
        }
    finally:
        con.close()


def synthetic_store(path: Path, docs: int) -> Path | None:
    """The synthetic store of `docs` documents at `path`, made by benchmarks/corpus.py when
    it is not there (or holds another size, or its corpus is not built)."""

    def why_not() -> str | None:
        if not path.exists():
            return "it does not exist"
        try:
            s = corpus_state(path)
        except duckdb.Error as exc:
            return f"it cannot be read ({exc})"
        if s["meta_docs"] != docs or s["documents"] != docs:
            return f"it holds {s['documents']:,} documents, not {docs:,}"
        if s["corpus"] != docs:
            return f"its corpus tables hold {s['corpus']:,} of its {docs:,} documents"
        return None

    reason = why_not()
    if reason is None:
        return path
    cmd = [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--docs", str(docs)]
    cmd += ["--store", str(path), "--keep"]
    print(f"{path}: {reason}; making it: {' '.join(cmd[1:])}", flush=True)
    subprocess.call(cmd)  # exits 1 when one of its own goals is missed: the store is made
    reason = why_not()
    if reason is not None:
        print(f"{path}: still not usable ({reason})", file=sys.stderr)
        return None
    return path


class TimedSnapshot(Snapshot):
    """A snapshot that records how long copying the store's file took (`copy_seconds`),
    so that a refresh reads as the copy plus bringing the copy's corpus tables up to date."""

    copy_seconds = 0.0

    def _copy_to(self, target: Path) -> Any:
        t = time.perf_counter()
        try:
            return super()._copy_to(target)
        finally:
            self.copy_seconds = time.perf_counter() - t


# --- the URLs --------------------------------------------------------------------------


def url(page: str, **params: Any) -> str:
    """`/PAGE.json?...`; a list value repeats its parameter (outlet=A&outlet=B)."""
    query = urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
    return f"/{page}.json" + (f"?{query}" if query else "")


def months(first: date, last: date) -> list[tuple[str, str]]:
    """(first day, last day) of every calendar month from `first` to `last`."""
    out = []
    cur = date(first.year, first.month, 1)
    while cur <= last:
        nxt = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        out.append((cur.isoformat(), (nxt - timedelta(days=1)).isoformat()))
        cur = nxt
    return out


def spread(items: list[Any], n: int) -> list[Any]:
    """`n` items spread evenly over `items` (all of them when there are fewer)."""
    if len(items) <= n:
        return list(items)
    return [items[round(i * (len(items) - 1) / max(1, n - 1))] for i in range(n)]


def cycle(items: list[Any]) -> Iterator[Any]:
    """`items` over and over (nothing when empty)."""
    while items:
        yield from items


def distinct(urls: list[str], n: int) -> list[str]:
    return list(dict.fromkeys(urls))[:n]


def pick_urls(store: Store, n: int) -> dict[str, list[str]]:
    """Up to `n` distinct URLs per endpoint, drawn from the store (see the module doc)."""
    con = store.con
    first, last = queries.period_bounds(store)
    if first is None or last is None:
        raise SystemExit("the store has no dated corpus documents: nothing to ask the dashboard")
    month = months(first, last)
    quarters = [
        (month[i][0], month[min(i + 2, len(month) - 1)][1]) for i in range(0, len(month), 3)
    ]
    last30 = (last - timedelta(days=30)).isoformat()
    outlets = [
        r[0]
        for r in con.execute(
            "SELECT outlet FROM corpus_documents WHERE outlet IS NOT NULL"
            " GROUP BY 1 ORDER BY count(*) DESC, 1"
        ).fetchall()
    ]
    actors = queries.top_actors(store, limit=200)
    top = [a["entity_id"] for a in actors[:20]]
    tail = spread([a["entity_id"] for a in actors[40:]], 8)
    dyads = queries.top_dyads(store, limit=30)
    code_dyads = queries.top_dyads(store, level="code", limit=4)
    country_dyads = queries.top_dyads(store, level="country", limit=3)
    o1, o2 = (outlets + [None, None])[:2]
    filters: list[dict[str, Any]] = [
        {"by": "month"},
        {"by": "day", "since": month[-1][0], "until": month[-1][1]},
        {"since": quarters[0][0], "until": quarters[0][1]},
        {"outlet": o1},
        {"outlet": [o1, o2]},
        {"factuality": ["asserted", "negated"]},
        {"since": last30},
        {"since": month[len(month) // 2][0], "until": month[len(month) // 2][1], "outlet": o2},
    ]

    overview = [url("overview")]
    overview += [url("overview", **f) for f in filters]
    overview += [url("overview", level=lv) for lv in ("code", "country")]
    overview += [url("overview", level="country", by="month", outlet=o) for o in outlets[:3]]
    overview += [url("overview", since=a, until=b) for a, b in month]
    overview += [url("overview", since=a, until=b, by="day") for a, b in quarters]
    overview += [url("overview", limit=k) for k in (5, 50)]

    actor = [url("actor", id=a) for a in top]
    actor += [url("actor", id=a) for a in tail]
    actor += [url("actor", id=e, **f) for e, f in zip(cycle(top), filters, strict=False)]

    dyad = [url("dyad", a=d["a"], b=d["b"]) for d in dyads[:14]]
    for d in dyads[:5]:  # a bar of the series, as a click on it asks
        a, b = (queries.resolve(store, k, "entity") for k in (d["a"], d["b"]))
        series = queries.dyad_series(store, a, b, by="week")
        busiest = sorted(series, key=lambda r: -r["clusters"])[:2]
        dyad += [url("dyad", a=d["a"], b=d["b"], period=r["period"].isoformat()) for r in busiest]
    dyad += [url("dyad", a=d["a"], b=d["b"], level="code") for d in code_dyads]
    dyad += [url("dyad", a=d["a"], b=d["b"], level="country") for d in country_dyads]
    dyad += [
        url("dyad", a=d["a"], b=d["b"], **f) for d, f in zip(cycle(dyads), filters, strict=False)
    ]
    dyad += [url("dyad", a=d["a"], b=d["b"]) for d in dyads[14:]]

    focus = [url("focus")]
    focus += [url("focus", actor=a) for a in top[:12]]
    focus += [url("focus", actor=a) for a in tail[:4]]
    focus += [
        url("focus", actor=e, since=a, until=b)
        for e, (a, b) in zip(cycle(top), quarters, strict=False)
    ]
    coded = [a["entity_id"] for a in actors[:20] if a["code"]] or top
    focus += [url("focus", actor=e, level="code") for e in coded[:2]]
    focus += [url("focus", actor=e, since=last30) for e in top[2:4]]
    focus += [url("focus", actor=a) for a in top[12:]]

    sample = con.execute(
        "SELECT doc_id FROM (SELECT doc_id FROM corpus_documents ORDER BY doc_id)"
        " USING SAMPLE reservoir(40 ROWS) REPEATABLE (7)"
    ).fetchall()
    hits = con.execute(
        "SELECT doc_id, sentence_start, sentence_end FROM (SELECT * FROM events"
        " WHERE sentence_end > sentence_start ORDER BY doc_id, event_id)"
        " USING SAMPLE reservoir(6 ROWS) REPEATABLE (7)"
    ).fetchall()
    document = [url("document", id=d, at=f"{s}-{e}") for d, s, e in hits]  # a few with a hit
    document += [url("document", id=d) for (d,) in sample]

    search = search_urls(store, top, outlets, month, last30)

    network = [url("network")]
    network += [url("network", level=lv) for lv in ("code", "country")]
    network += [url("network", since=a, until=b) for a, b in quarters]
    network += [url("network", since=a, until=b) for a, b in month[::2]]
    network += [url("network", outlet=o) for o in outlets[:3]]
    network += [url("network", limit=k) for k in (40, 300)]
    network += [url("network", min=k) for k in (2, 5)]
    network += [url("network", factuality=["asserted", "negated", "hypothetical"])]
    network += [url("network", level="code", since=a, until=b) for a, b in quarters]
    network += [url("network", since=last30, outlet=[o1, o2])]
    network += [url("network", since=a, until=b, level="country") for a, b in month[1::2]]

    found = {
        "overview": overview,
        "actor": actor,
        "dyad": dyad,
        "focus": focus,
        "document": document,
        "search": search,
        "network": network,
    }
    return {k: distinct(v, n) for k, v in found.items()}


def search_urls(
    store: Store, top: list[str], outlets: list[str], month: list[tuple[str, str]], last30: str
) -> list[str]:
    """Searches of the store's own title words: common, rare, phrases, exclusions, with
    filters, and filters alone."""
    titles = [
        t
        for (t,) in store.con.execute(
            "SELECT title FROM (SELECT title FROM articles WHERE title IS NOT NULL ORDER BY id)"
            " USING SAMPLE reservoir(3000 ROWS) REPEATABLE (7)"
        ).fetchall()
    ]
    words = [[w.lower() for w in WORD.findall(t)] for t in titles]
    freq = Counter(w for ws in words for w in set(ws))
    usable = {
        w: c for w, c in freq.items() if len(w) >= 4 and w not in STOPWORDS and not w.isdigit()
    }
    ranked = sorted(usable, key=lambda w: (-usable[w], w))
    common = ranked[:8]
    rare = spread(sorted(w for w, c in usable.items() if c == 1), 6)
    phrases = []
    for ws in spread(words, 40):
        pairs = [(a, b) for a, b in zip(ws, ws[1:], strict=False) if a in usable and b in usable]
        if pairs:
            phrases.append(f'"{pairs[0][0]} {pairs[0][1]}"')
    phrases = phrases[:5]
    if len(common) < 7 or len(phrases) < 2 or len(top) < 3 or len(outlets) < 2:
        return [url("search", q=w) for w in common + rare + phrases]
    mid = month[len(month) // 2]
    out = [url("search", q=w) for w in common[:5]]
    out += [url("search", q=w) for w in rare]
    out += [url("search", q=p) for p in phrases]
    out += [url("search", q=f"{common[i]} {common[i + 1]}") for i in range(0, 6, 2)]
    out += [
        url("search", q=f"{common[0]} -{common[1]}"),
        url("search", q=f"{common[2]} {phrases[0]}"),
    ]
    out += [url("search", q=common[1], since=mid[0], until=mid[1])]
    out += [url("search", q=common[2], outlet=outlets[0])]
    out += [url("search", q=common[3], actor=top[0])]
    out += [url("search", q=common[4], event="04")]
    out += [url("search", q=common[0], factuality="negated")]
    out += [url("search", q=phrases[1], since=last30)]
    out += [url("search", actor=top[1]), url("search", actor=top[2], since=mid[0])]
    out += [url("search", event="19"), url("search", outlet=outlets[1], since=last30)]
    out += [url("search", q=common[5], limit=100), url("search", q=common[6], offset=20)]
    return out


# --- measuring -------------------------------------------------------------------------


@dataclass
class Pass:
    """One pass over an endpoint's URLs: the client's seconds of those answered 200, and the
    others as (url, status, message)."""

    seconds: list[float] = field(default_factory=list)
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    slowest: str = ""


@dataclass
class Endpoint:
    urls: list[str]
    first: Pass = field(default_factory=Pass)
    cold: Pass = field(default_factory=Pass)
    warm: Pass = field(default_factory=Pass)
    uncached: Pass | None = None
    note: str = ""  # why it was not measured

    @property
    def failed(self) -> bool:
        return any(
            p is not None and p.failures for p in (self.first, self.cold, self.warm, self.uncached)
        )

    @property
    def met(self) -> bool:
        return (
            not self.failed
            and bool(self.cold.seconds)
            and pct(self.cold.seconds, 95) * 1000 < GOAL_MS
        )


def fetch(client: httpx.Client, urls: list[str]) -> Pass:
    out = Pass()
    worst = -1.0
    for u in urls:
        t = time.perf_counter()
        r = client.get(u)  # reads the whole body
        secs = time.perf_counter() - t
        if r.status_code != 200:
            out.failures.append((u, r.status_code, _message(r)))
            continue
        out.seconds.append(secs)
        if secs > worst:
            worst, out.slowest = secs, u
    return out


def _message(r: httpx.Response) -> str:
    try:
        return str(r.json().get("error"))
    except ValueError:
        return r.text[:200]


def pct(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` of `values`."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


@contextmanager
def serving(app: Any) -> Iterator[httpx.Client]:
    """`app` served by uvicorn on a free 127.0.0.1 port in a thread; a client of it."""
    # IPPROTO_TCP, as uvicorn's own socket has: asyncio then sets TCP_NODELAY on each
    # connection (with proto 0 it does not, and every response waits ~40 ms for an ACK)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="critical", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.01)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def call_view(store: Store, u: str) -> dict[str, Any]:
    """The data of `/PAGE.json?...` from the view function itself, as the app computes it."""
    parts = urlsplit(u)
    page = parts.path.strip("/").removesuffix(".json") or "overview"
    return views.PAGES[page](store, parse(QueryParams(parts.query)))


def explain(snapshot: Snapshot, u: str) -> str:
    """Why `u` failed, from the view function called directly (a 500 says nothing)."""
    try:
        with snapshot.reader() as store:
            call_view(store, u)
    except Exception as exc:  # noqa: BLE001 - the message is what we want
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
    return "no error when the view is called directly"


@contextmanager
def timing_query_layer() -> Iterator[list[tuple[str, float]]]:
    """Times every call into the query layer (the public functions of the PROFILED modules
    of realpolitik.corpus) made while inside; calls made by other such calls count in their
    caller. Yields the list of (module.function, seconds) it fills."""
    calls: list[tuple[str, float]] = []
    depth = [0]
    patched: list[tuple[Any, str, Callable[..., Any]]] = []

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    calls.append((label, time.perf_counter() - t))

        return call

    for name in PROFILED:
        try:
            module = importlib.import_module(f"realpolitik.corpus.{name}")
        except ImportError:
            continue
        for attr, fn in list(vars(module).items()):
            if attr.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            setattr(module, attr, timed(fn, f"{name}.{attr}"))
            patched.append((module, attr, fn))
    try:
        yield calls
    finally:
        for module, attr, fn in patched:
            setattr(module, attr, fn)


class TimedConnection:
    """A DuckDB connection that records (caller, SQL, seconds) of every `execute`: the
    caller is the innermost function of realpolitik that issued it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sink: list[tuple[str, str, float]]):
        self._con, self._sink = con, sink

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        frame = sys._getframe(1)
        while frame is not None and "realpolitik" not in frame.f_code.co_filename:
            frame = frame.f_back
        caller = "?"
        if frame is not None:
            caller = (
                f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}:{frame.f_lineno}"
            )
        t = time.perf_counter()
        result = self._con.execute(sql, *args, **kwargs)
        self._sink.append((caller, sql, time.perf_counter() - t))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class TimedStore:
    """A `Store` whose `con` is a `TimedConnection`; everything else is the store's."""

    def __init__(self, store: Store, sink: list[tuple[str, str, float]]) -> None:
        self._store = store
        self.con = TimedConnection(store.con, sink)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def profile(snapshot: Snapshot, u: str, statements: int = 3) -> list[str]:
    """The view of `u` called directly: the time of each query-layer call in it, then its
    slowest SQL statements with the function that runs them."""
    sql: list[tuple[str, str, float]] = []
    with snapshot.reader() as store, timing_query_layer() as calls:
        t = time.perf_counter()
        call_view(TimedStore(store, sql), u)  # type: ignore[arg-type]
        total = time.perf_counter() - t
    by: dict[str, list[float]] = {}
    for label, secs in calls:
        by.setdefault(label, []).append(secs)
    parts = [
        f"{label}{f' x{len(s)}' if len(s) > 1 else ''} {sum(s) * 1000:,.0f}"
        for label, s in sorted(by.items(), key=lambda kv: -sum(kv[1]))
    ]
    rest = total - sum(secs for _, secs in calls)
    parts.append(f"the view's own SQL and Python {rest * 1000:,.0f}")
    lines = [f"{u}: view {total * 1000:,.0f} ms = " + " + ".join(parts)]
    in_sql = sum(secs for _, _, secs in sql)
    lines.append(f"    {len(sql)} SQL statements take {in_sql * 1000:,.0f} ms; the slowest:")
    for caller, text, secs in sorted(sql, key=lambda r: -r[2])[:statements]:
        short = " ".join(text.split())
        short = short if len(short) <= 90 else short[:87] + "..."
        lines.append(f"    {secs * 1000:>7,.0f} ms  {caller}  {short}")
    return lines


# --- one store -------------------------------------------------------------------------


def bench_store(label: str, path: Path, n: int, uncached: bool) -> int:
    """Measures the dashboard over the store at `path`; prints its table; returns the
    number of endpoints that missed their goal or failed."""
    s = corpus_state(path)
    size = path.stat().st_size / 2**20
    print(
        f"\n== {label}: {path} ({size:,.0f} MB; {s['documents']:,} documents, "
        f"{s['corpus']:,} in the corpus tables, {s['indexed']:,} in the search index)",
        flush=True,
    )
    snapshot = TimedSnapshot(path)
    try:
        t = time.perf_counter()
        snapshot.refresh()
        refresh = time.perf_counter() - t
        copy = snapshot.copy_seconds
        built = (
            ""
            if s["corpus"] == s["indexed"] == s["documents"]
            else (", which builds the corpus tables or search index the store lacks")
        )
        print(
            f"snapshot (first refresh): {refresh:.1f} s = copy {copy:.1f} s + "
            f"preparing the copy {refresh - copy:.1f} s{built}",
            flush=True,
        )
        with snapshot.reader() as store:
            t = time.perf_counter()
            urls = pick_urls(store, n)
            print(f"URLs drawn from the store in {time.perf_counter() - t:.1f} s", flush=True)
        results = {page: Endpoint(us) for page, us in urls.items()}
        if importlib.util.find_spec("realpolitik.corpus.search") is None:
            results["search"].note = "n/a (realpolitik.corpus.search does not exist yet)"
        todo = {p: e for p, e in results.items() if not e.note}

        with serving(create_app(snapshot)) as client:
            for page, e in todo.items():
                first = e.urls[0] + ("&" if "?" in e.urls[0] else "?") + "warmup=1"
                e.first = fetch(client, [first])
                e.cold = fetch(client, e.urls)
                e.warm = fetch(client, e.urls)
                cold = f"{pct(e.cold.seconds, 95) * 1000:,.0f} ms" if e.cold.seconds else "-"
                print(f"  {page}: {len(e.urls)} URLs, cold p95 {cold}", flush=True)
        if uncached:
            with serving(create_app(snapshot, cache=False)) as client:
                for e in todo.values():
                    e.uncached = fetch(client, e.urls)

        for e in todo.values():
            for p in (e.first, e.cold, e.warm, e.uncached):
                if p is not None and p.failures and p.failures[0][1] >= 500:
                    u = p.failures[0][0]
                    p.failures[0] = (u, p.failures[0][1], explain(snapshot, u))
        print_table(label, refresh, results, uncached)
        missed = [p for p, e in todo.items() if not e.met and not e.failed]
        if missed:
            print(
                f"\nwhere the time goes, slowest cold URL of each endpoint over {GOAL_MS:.0f} ms:"
            )
            for page in missed:
                print(
                    "\n".join("  " + line for line in profile(snapshot, results[page].cold.slowest))
                )
        return sum(1 for e in todo.values() if not e.met)
    finally:
        snapshot.close()


def _ms(values: list[float], p: float | None) -> str:
    if not values:
        return "-"
    v = (max(values) if p is None else pct(values, p)) * 1000
    return f"{v:,.1f}" if v < 10 else f"{v:,.0f}"


def print_table(label: str, refresh: float, results: dict[str, Endpoint], uncached: bool) -> None:
    head = (
        f"{'endpoint':<10} {'URLs':>4} {'first':>6} | {'cold p50':>8} {'p95':>6} {'max':>6} | "
        f"{'warm p50':>8} {'p95':>5} {'max':>5} |"
    )
    if uncached:
        head += f" {'uncached p50':>12} {'p95':>6} |"
    head += f" cold p95 < {GOAL_MS:.0f} ms"
    print(f"\n{label}: response times in ms, client side (snapshot refresh {refresh:.1f} s)")
    print(head)
    print("-" * len(head))
    notes = []
    for page in ENDPOINTS:
        e = results.get(page)
        if e is None:
            continue
        if e.note:
            print(f"{page:<10} {len(e.urls):>4} {e.note}")
            continue
        line = (
            f"{page:<10} {len(e.cold.seconds):>4} {_ms(e.first.seconds, 50):>6} | "
            f"{_ms(e.cold.seconds, 50):>8} {_ms(e.cold.seconds, 95):>6} "
            f"{_ms(e.cold.seconds, None):>6} | {_ms(e.warm.seconds, 50):>8} "
            f"{_ms(e.warm.seconds, 95):>5} {_ms(e.warm.seconds, None):>5} |"
        )
        if uncached and e.uncached is not None:
            line += f" {_ms(e.uncached.seconds, 50):>12} {_ms(e.uncached.seconds, 95):>6} |"
        line += " " + ("yes" if e.met else "NO")
        print(line)
        for name, p in (("cold", e.cold), ("warm", e.warm), ("uncached", e.uncached)):
            if p is not None and p.failures:
                u, status, msg = p.failures[0]
                notes.append(
                    f"  {page} {name}: {len(p.failures)} of {len(e.urls)} URLs failed, "
                    f"e.g. {status} on {u}: {msg}"
                )
    for note in notes:
        print(note)
    measured = [p for p in ENDPOINTS if p in results and not results[p].note]
    met = [p for p in measured if results[p].met]
    missed = [
        f"{p} ({'error' if results[p].failed else _ms(results[p].cold.seconds, 95) + ' ms'})"
        for p in measured
        if not results[p].met
    ]
    print(
        f"{label}: {len(met)} of {len(measured)} endpoints meet cold p95 < {GOAL_MS:.0f} ms"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=FULL_DOCS, help="documents of the synthetic store")
    ap.add_argument("--store", type=Path, help="the synthetic store (see above)")
    ap.add_argument("--polnear", type=Path, default=ROOT / "out" / "polnear.duckdb")
    ap.add_argument("--urls", type=int, default=30, help="distinct URLs per endpoint, at most")
    ap.add_argument(
        "--uncached",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure an app made with cache=False",
    )
    ap.add_argument("--only", choices=("synthetic", "polnear"), help="measure one store")
    args = ap.parse_args()
    if args.docs < 10:
        ap.error("--docs: give at least 10")
    if args.urls < 1:
        ap.error("--urls: give at least 1")
    store = args.store
    if store is None:
        name = "bench-corpus" if args.docs == FULL_DOCS else f"bench-dashboard-{args.docs}"
        store = ROOT / "out" / f"{name}.duckdb"
    store = store if store.is_absolute() else Path.cwd() / store
    failed = 0
    if args.only in (None, "synthetic"):
        path = synthetic_store(store, args.docs)
        if path is None:
            failed += 1
        else:
            failed += bench_store(f"synthetic ({args.docs:,} docs)", path, args.urls, args.uncached)
    if args.only in (None, "polnear"):
        if args.polnear.exists():
            failed += bench_store("PolNeAR", args.polnear, args.urls, args.uncached)
        else:
            print(
                f"\nPolNeAR: no store at {args.polnear}: run python "
                "benchmarks/polnear_store.py to measure it (skipped)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
