"""One data function per page, as Datasette has: each returns the page's facts as a plain
dict, served as `.json` and rendered by the page's template, so page and API never disagree.

Every function takes a `Store` (a snapshot's cursor) and the checked `Params`, calls the
corpus query layer (`realpolitik.corpus`: the same calls as the CLI) and returns
{"page", "title", "tables": {name: rows}, ...}. `tables` are what `.csv` and `.parquet`
download (`?table=NAME`, the first by default).
"""

from __future__ import annotations

from typing import Any

from ..corpus import queries
from ..corpus.queries import ActorRef
from ..store import Store
from .params import BadRequest, Params


class NotFound(LookupError):
    """No such document or actor in the store: answered with 404 and this message."""


def overview(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.changes import changes

    period = queries.coverage(store, since=p.since, until=p.until, outlets=p.outlets or None)
    by_outlet = period.pop("by_outlet")
    docs = period["documents"]
    kw = _filters(p)
    top = queries.top_dyads(store, level=p.level, limit=min(p.limit, 12), **kw)
    series = queries.dyads_series(
        store, [(d["a"], d["b"]) for d in top], level=p.level, by=p.by, **kw
    )
    flags: dict[str, Any] = {"dyads": [], "actors": [], "period": None}
    if docs:
        flags = changes(
            store,
            since=p.since,
            until=p.until,
            by=p.by,
            level=p.level,
            factuality=p.factuality,
            limit=10,
        )
    return {
        "page": "overview",
        "title": "Overview",
        "period": period,
        "changes": {k: flags.get(k) for k in ("period", "baseline")},
        "tables": {
            "dyads": top,
            "series": series,
            "dyad_changes": _no_evidence(flags["dyads"]),
            "actor_changes": _no_evidence(flags["actors"]),
            "stories": queries.stories(  # told by two outlets or more: news, not columns
                store,
                since=p.since,
                until=p.until,
                min_sources=2,
                limit=10,
                latest=True,
                outlets=p.outlets or None,
            ),
            "actors": queries.top_actors(
                store, since=p.since, until=p.until, limit=10, outlets=p.outlets or None
            ),
            "outlets": by_outlet,
        },
        "evidence": {
            "dyads": {f"{d['a']}|{d['b']}": d.get("evidence", []) for d in flags["dyads"]},
            "actors": {a["entity_id"]: a.get("evidence", []) for a in flags["actors"]},
        },
    }


def actor(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.outlets import outlet_coverage
    from ..corpus.profile import actor_quotes, actor_series, entity
    from ..corpus.stances import stance_series

    ref = _actor(store, p.text("id", required=True), "entity")
    info = entity(store, ref.key)
    if info is None:  # pragma: no cover - resolve found it
        raise NotFound(f"no actor {ref.key!r} in the store")
    kw = _filters(p)
    return {
        "page": "actor",
        "title": info["name"],
        "actor": info,
        "tables": {
            "series": actor_series(store, ref, by=p.by, **kw),
            "counterparts": queries.top_dyads(store, actor=ref, limit=min(p.limit, 50), **kw),
            "roles": queries.entity_roles(store, ref.key),
            "quotes": actor_quotes(
                store, ref.key, since=p.since, until=p.until, limit=min(p.limit, 100)
            ),
            "stances": stance_series(store, actor=ref, by="month", since=p.since, until=p.until),
            "outlets": outlet_coverage(
                store, ref, outlets=p.outlets or None, since=p.since, until=p.until
            ),
        },
    }


def dyad(store: Store, p: Params) -> dict[str, Any]:
    a = _actor(store, p.text("a", required=True), p.level)
    b = _actor(store, p.text("b", required=True), p.level)
    if a.key == b.key:
        raise BadRequest(f"a and b are the same actor ({a.label}): give two actors")
    period = p.day("period")
    kw = _filters(p)
    series = queries.dyad_series(store, a, b, by=p.by, **kw)
    out: dict[str, Any] = {
        "page": "dyad",
        "title": f"{a.label} – {b.label}",
        "a": vars(a),
        "b": vars(b),
        "period": period,
        "tables": {
            "series": series,
            "stories": queries.dyad_stories(store, a, b, by=p.by, **kw),
        },
    }
    if period:
        out["tables"]["clusters"] = queries.dyad_clusters(
            store,
            a,
            b,
            period=period,
            by=p.by,
            factuality=p.factuality,
            outlets=p.outlets or None,
            limit=min(p.limit, 200),
        )
    return out


def focus(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.assessment import assess_corpus

    name = p.text("actor")
    out: dict[str, Any] = {"page": "focus", "title": "Focus assessment", "tables": {}}
    if not name:  # a form and the actors to choose from
        out["tables"]["actors"] = queries.top_actors(store, since=p.since, until=p.until, limit=20)
        return out
    ref = _actor(store, name, p.level)
    found = assess_corpus(store, ref, since=p.since, until=p.until, limit=min(p.limit, 50))
    out["title"] = f"Opportunities and risks for {ref.label}"
    out["focus"] = vars(ref)
    out["period"] = found.get("period")
    out["tables"] = {
        "opportunities": found["opportunities"],
        "risks": found["risks"],
        "rivals": found.get("rivals", []),
    }
    return out


def document(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.document import LAYERS, document_layers

    doc_id = p.text("id", required=True)
    found = document_layers(store, doc_id)
    if found is None:
        raise NotFound(f"no document {doc_id!r} in the store")
    at = p.text("at")
    hit = None
    if at:
        try:
            start, end = (int(x) for x in at.split("-", 1))
        except ValueError as exc:
            raise BadRequest(f"at={at!r}: give START-END character offsets") from exc
        if not 0 <= start < end <= len(found["text"] or ""):
            raise BadRequest(f"at={at!r} is outside the document's {len(found['text'])} characters")
        hit = {"start": start, "end": end}
    text = found.pop("text") or ""
    spans = found.pop("spans")
    return {
        "page": "document",
        "title": found["title"] or found["doc_id"],
        "document": {
            k: v for k, v in found.items() if k not in ("actors", "events", "quotes", "stances")
        },
        "text": text,
        "hit": hit,
        "layers": LAYERS,
        "spans": spans,
        "tables": {k: found[k] for k in ("events", "quotes", "actors", "stances")},
    }


def search(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.search import search as run

    q = p.text("q") or ""
    actor_name = p.text("actor")
    event = p.event()
    out: dict[str, Any] = {"page": "search", "title": "Search", "q": q, "tables": {}}
    if not q and not (actor_name or event or p.outlets or p.since or p.until):
        out["tables"]["results"] = []
        return out
    ref = _actor(store, actor_name, p.level) if actor_name else None
    size = min(p.limit, 199)  # one row more than shown says whether there is a next page
    rows = run(
        store,
        q,
        since=p.since,
        until=p.until,
        outlets=p.outlets or None,
        actor=ref,
        event=event,
        factuality=p.factuality,
        limit=size + 1,
        offset=p.offset,
    )
    out["more"] = len(rows) > size
    out["tables"]["results"] = rows[:size]
    out["title"] = f"Search: {q}" if q else "Search"
    return out


def network(store: Store, p: Params) -> dict[str, Any]:
    from ..corpus.network import network as graph

    found = graph(
        store,
        level=p.level,
        min_clusters=p.integer("min", 1, 1, 10_000),
        limit=p.limit if "limit" in p.query else 120,
        **_filters(p),
    )
    return {
        "page": "network",
        "title": "Actor network",
        "tables": {"edges": found["edges"], "nodes": found["nodes"]},
    }


PAGES = {
    "overview": overview,
    "actor": actor,
    "dyad": dyad,
    "focus": focus,
    "document": document,
    "search": search,
    "network": network,
}


def _filters(p: Params) -> dict[str, Any]:
    return {
        "since": p.since,
        "until": p.until,
        "factuality": p.factuality,
        "outlets": p.outlets or None,
    }


def _actor(store: Store, name: str | None, level: str) -> ActorRef:
    try:
        return queries.resolve(store, name or "", level)
    except queries.UnknownActor as exc:
        raise NotFound(str(exc).split(":")[0]) from exc


def _no_evidence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "evidence"} for r in rows]
