"""The corpus query layer: plain records for the CLI, the report and any other rendering.

Every function takes an open `Store` and returns lists of dicts (one per row, so
`pandas.DataFrame(rows)` or `pyarrow.Table.from_pylist(rows)` takes them as they are).

Actors are named at one of three levels:
- `entity`: one corpus entity (`Q22686`, "Donald Trump", "Trump", `person:bernie sanders`);
- `code`: a CAMEO actor code, whoever carries it (`USAGOV`, `USAELI`);
- `country`: the first three letters of the code (`USA`, `RUS`).

Series count *event clusters* (a happening once, however many articles report it) and, beside
them, raw mentions; by default only asserted and attempted events count. A cluster is one
CAMEO root between two actors, so its mentions share one quad class (`any_value` takes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..store import Store

LEVELS = ("entity", "code", "country")
PERIODS = ("day", "week", "month")
FACTUALITY = ("asserted", "attempted")
ALL_FACTUALITY = ("asserted", "attempted", "negated", "hypothetical", "future")
MAX_LIMIT = 10_000


class QueryError(ValueError):
    """A query the corpus cannot answer as asked: the message says what to change."""


class UnknownActor(QueryError):
    """The corpus has no actor of that name, id or code."""


@dataclass(frozen=True)
class ActorRef:
    """An actor at a level: `key` is what the corpus tables hold, `label` what people read."""

    level: str
    key: str
    label: str


# --- naming actors ---------------------------------------------------------------------


def find_entities(store: Store, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Entities whose id, name or any document name matches `query`, most documents first.

    An exact id or name beats a partial one; "Trump" finds Donald Trump through the names
    his document actors carry."""
    q = (query or "").strip()
    if not q:
        raise QueryError("an empty actor name: give a name (Donald Trump), id or code")
    rows = store.con.execute(
        """
        WITH named AS (
            SELECT l.entity_id, max(CASE
                     WHEN lower(e.entity_id) = lower($q) OR lower(e.name) = lower($q) THEN 3
                     WHEN lower(a.name) = lower($q) THEN 2
                     ELSE 1 END) AS score
            FROM corpus_actor_entities l
            JOIN corpus_entities e USING (entity_id)
            JOIN actors a ON a.doc_id = l.doc_id AND a.actor_id = l.actor_id
            WHERE lower(e.entity_id) = lower($q) OR contains(lower(e.name), lower($q))
               OR contains(lower(a.name), lower($q))
            GROUP BY l.entity_id
        )
        SELECT e.entity_id, e.name, e.kind, e.wikidata, e.country, n.score,
               (SELECT count(DISTINCT doc_id) FROM corpus_actor_entities x
                WHERE x.entity_id = e.entity_id) AS documents
        FROM named n JOIN corpus_entities e USING (entity_id)
        ORDER BY n.score DESC, documents DESC, e.entity_id
        LIMIT $limit""",
        {"q": q, "limit": checked_limit(limit)},
    ).fetchall()
    keys = ("entity_id", "name", "kind", "wikidata", "country", "score", "documents")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def resolve(store: Store, query: str, level: str = "entity") -> ActorRef:
    """An actor given by name, entity id or code, at `level` (see the module docstring)."""
    check_args(level=level)
    q = (query or "").strip()
    if level != "entity" and q.isupper() and q.isalpha() and len(q) % 3 == 0:
        key = q[:3] if level == "country" else q
        return ActorRef(level, key, _code_label(key))
    found = _entity_by_id(store, q) or find_entities(store, q, limit=1)
    if not found:
        raise UnknownActor(
            f"no actor {query!r} in the corpus: `realpolitik actors top` lists the entities"
        )
    entity = found[0]
    if level == "entity":
        return ActorRef(level, entity["entity_id"], entity["name"])
    code = main_code(store, entity["entity_id"])
    if code is None:
        raise QueryError(
            f"{entity['name']} has no actor code, so there is no {level} level for it: "
            "use --level entity"
        )
    key = code[:3] if level == "country" else code
    return ActorRef(level, key, _code_label(key))


def _entity_by_id(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """The entity of exactly this id (a link from a page names entities so): no search."""
    rows = store.con.execute(
        "SELECT entity_id, name FROM corpus_entities WHERE entity_id = ?", [entity_id]
    ).fetchall()
    return [{"entity_id": r[0], "name": r[1]} for r in rows]


def main_code(store: Store, entity_id: str) -> str | None:
    row = store.con.execute(
        "SELECT code FROM corpus_entity_roles WHERE entity_id = ?"
        " ORDER BY documents DESC, code LIMIT 1",
        [entity_id],
    ).fetchall()
    return row[0][0] if row else None


def _code_label(code: str) -> str:
    try:
        from ..report.brief import code_name

        return code_name(code)
    except Exception:  # noqa: BLE001 - a label is a nicety; the code itself still reads
        return code


def actor_key(level: str, alias: str = "") -> str:
    """The SQL expression of `corpus_actor_entities` naming an actor at `level`."""
    p = f"{alias}." if alias else ""
    if level == "entity":
        return f"{p}entity_id"
    return f"{p}code" if level == "code" else f"substr({p}code, 1, 3)"


def level_columns(level: str) -> tuple[str, str]:
    if level == "entity":
        return "source_entity", "target_entity"
    if level == "code":
        return "source_code", "target_code"
    return "substr(source_code, 1, 3)", "substr(target_code, 1, 3)"


def date_range(
    column: str, since: str | date | None, until: str | date | None, until_column: str = ""
) -> tuple[list[str], dict[str, Any]]:
    """Conditions (named parameters $since, $until) for `column` in [since, until]; with
    `until_column`, for a span [column, until_column] that overlaps it."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if since is not None:
        where.append(f"{until_column or column} >= CAST($since AS DATE)")
        params["since"] = str(since)
    if until is not None:
        where.append(f"{column} <= CAST($until AS DATE)")
        params["until"] = str(until)
    return where, params


def no_places(level: str) -> str:
    """`AND ...` keeping places out of entity-level dyads: a place ("Iowa" in "Cruz won
    Iowa") is where something happened, not a party to it."""
    if level != "entity":
        return ""
    return (
        "AND source_entity NOT IN (SELECT entity_id FROM corpus_entities"
        " WHERE kind = 'location') AND target_entity NOT IN (SELECT entity_id"
        " FROM corpus_entities WHERE kind = 'location')"
    )


def check_args(*, by: str | None = None, level: str | None = None) -> None:
    """A period (`by`) or level the layer knows, else a QueryError that lists them."""
    if by is not None and by not in PERIODS:
        raise QueryError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    if level is not None and level not in LEVELS:
        raise QueryError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")


def checked_limit(limit: int) -> int:
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise QueryError(f"limit {limit} is out of range: give 1 to {MAX_LIMIT}")
    return int(limit)


def event_filters(
    since: str | date | None,
    until: str | date | None,
    factuality: tuple[str, ...] | list[str] | None,
    alias: str = "",
    bounds: tuple[date | None, date | None] | None = None,
    outlets: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    fact = tuple(factuality or FACTUALITY)
    if bad := [f for f in fact if f not in ALL_FACTUALITY]:
        raise QueryError(f"unknown factuality {', '.join(bad)}: use {', '.join(ALL_FACTUALITY)}")
    p = f"{alias}." if alias else ""
    where = [f"{p}factuality IN (SELECT unnest($fact))"]
    params: dict[str, Any] = {"fact": list(fact)}
    if outlets:
        where.append(f"{p}outlet IN (SELECT unnest($outlets))")
        params["outlets"] = list(outlets)
    if since is None or until is None:
        # by default the corpus's own period: an article of 2016 recalling a vote of 2002
        # keeps its mention, but series and rankings are about the time the corpus covers
        first, last = bounds or (None, None)
        since = since if since is not None else first
        until = until if until is not None else last
    dated, dates = date_range(f"{p}day", since, until)
    where += dated
    params.update(dates)
    return " AND ".join(where), params


# --- dyads -----------------------------------------------------------------------------


def dyad_series(
    store: Store,
    a: ActorRef,
    b: ActorRef,
    *,
    by: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    directed: bool = False,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Per period, the events between `a` and `b` (both ways, or a -> b if `directed`):
    clusters and mentions, by quad class, Goldstein sum and mean (over clusters). Periods
    with nothing in them between the first and last are rows of zeros. A cluster counts in
    the period of its first (filtered) mention."""
    check_args(by=by)
    if a.level != b.level:
        raise QueryError("both actors of a dyad must be at the same level")
    src, tgt = level_columns(a.level)
    where, params = event_filters(
        since, until, factuality, bounds=period_bounds(store), outlets=outlets
    )
    params.update(a=a.key, b=b.key, by=by)
    pair = f"({src} = $a AND {tgt} = $b)"
    if not directed:
        pair = f"({pair} OR ({src} = $b AND {tgt} = $a))"
    rows = store.con.execute(
        f"""
        WITH m AS (
            SELECT cluster_id, day, doc_id, outlet, goldstein, quad_class, {src} = $a AS a_to_b
            FROM corpus_event_mentions WHERE {pair} AND {where} AND day IS NOT NULL
        ), c AS (
            SELECT cluster_id, min(day) AS day, avg(goldstein) AS g, any_value(quad_class) AS q,
                   bool_or(a_to_b) AS ab, bool_or(NOT a_to_b) AS ba, count(*) AS n
            FROM m GROUP BY cluster_id
        ), a AS (
            SELECT date_trunc($by, day)::DATE AS period, count(DISTINCT doc_id) AS articles,
                   count(DISTINCT outlet) AS outlets
            FROM m GROUP BY 1
        )
        SELECT date_trunc($by, c.day)::DATE AS period, count(*) AS clusters,
               sum(n)::INTEGER AS mentions, any_value(a.articles) AS articles,
               any_value(a.outlets) AS outlets,
               count(*) FILTER (q = 1) AS verbal_cooperation,
               count(*) FILTER (q = 2) AS material_cooperation,
               count(*) FILTER (q = 3) AS verbal_conflict,
               count(*) FILTER (q = 4) AS material_conflict,
               round(sum(g), 2) AS goldstein_sum, round(avg(g), 2) AS goldstein_mean,
               count(*) FILTER (ab) AS a_to_b, count(*) FILTER (ba) AS b_to_a
        FROM c LEFT JOIN a ON a.period = date_trunc($by, c.day)::DATE
        GROUP BY 1 ORDER BY 1""",
        params,
    ).fetchall()
    keys = (
        "period",
        "clusters",
        "mentions",
        "articles",
        "outlets",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "goldstein_sum",
        "goldstein_mean",
        "a_to_b",
        "b_to_a",
    )
    found = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    return _fill(found, by, keys)


def _fill(found: dict[date, dict[str, Any]], by: str, keys: tuple[str, ...]) -> list[dict]:
    if not found:
        return []
    periods = sorted(found)
    out, cur = [], periods[0]
    while cur <= periods[-1]:
        row = found.get(cur) or {k: 0 for k in keys} | {
            "period": cur,
            "goldstein_sum": 0.0,
            "goldstein_mean": None,
        }
        out.append(row)
        cur = _next(cur, by)
    return out


def _next(day: date, by: str) -> date:
    from datetime import timedelta

    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7)
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def top_dyads(
    store: Store,
    *,
    level: str = "entity",
    actor: ActorRef | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    limit: int = 20,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The most active pairs (either direction), by event clusters; of one actor if given.
    At entity level, places (kind `location`: "Iowa" in "Cruz won Iowa") are no party."""
    check_args(level=level)
    if actor is not None and actor.level != level:
        level = actor.level
    src, tgt = level_columns(level)
    where, params = event_filters(
        since, until, factuality, bounds=period_bounds(store), outlets=outlets
    )
    params["limit"] = checked_limit(limit)
    mine = no_places(level)
    if actor is not None:
        params["me"] = actor.key
        mine += f" AND ({src} = $me OR {tgt} = $me)"
    rows = store.con.execute(
        f"""
        WITH m AS (
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id, day,
                   doc_id, outlet, goldstein, quad_class
            FROM corpus_event_mentions
            WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt} AND {where} {mine}
        ), top AS (  -- rank the pairs first; the details only for the ones shown
            SELECT x, y, count(DISTINCT cluster_id) AS clusters FROM m GROUP BY x, y
            ORDER BY clusters DESC, x, y LIMIT $limit
        ), mt AS (SELECT m.* FROM m SEMI JOIN top USING (x, y)
        ), c AS (
            SELECT x, y, cluster_id, avg(goldstein) AS g, any_value(quad_class) AS q
            FROM mt GROUP BY x, y, cluster_id
        ), d AS (
            SELECT x, y, count(*) AS mentions, count(DISTINCT doc_id) AS articles,
                   count(DISTINCT outlet) AS outlets, min(day) AS first_seen,
                   max(day) AS last_seen
            FROM mt GROUP BY x, y
        )
        SELECT c.x, c.y, count(*) AS clusters, any_value(d.mentions), any_value(d.articles),
               any_value(d.outlets), count(*) FILTER (q IN (1, 2)) AS cooperation,
               count(*) FILTER (q IN (3, 4)) AS conflict, round(avg(g), 2) AS goldstein_mean,
               any_value(d.first_seen), any_value(d.last_seen)
        FROM c JOIN d USING (x, y)
        GROUP BY c.x, c.y ORDER BY clusters DESC, c.x, c.y LIMIT $limit""",
        params,
    ).fetchall()
    names = level_labels(store, level, {r[0] for r in rows} | {r[1] for r in rows})
    out = []
    for x, y, clusters, mentions, arts, outlets, coop, conf, g, first, last in rows:
        if actor is not None and y == actor.key:
            x, y = y, x
        out.append(
            {
                "a": x,
                "a_name": names.get(x, x),
                "b": y,
                "b_name": names.get(y, y),
                "clusters": clusters,
                "mentions": mentions,
                "articles": arts,
                "outlets": outlets,
                "cooperation": coop,
                "conflict": conf,
                "goldstein_mean": g,
                "first_seen": first,
                "last_seen": last,
            }
        )
    return out


def level_labels(store: Store, level: str, keys: set[str]) -> dict[str, str]:
    if level != "entity":
        return {k: _code_label(k) for k in keys}
    rows = store.con.execute(
        "SELECT entity_id, name FROM corpus_entities WHERE entity_id IN (SELECT unnest(?))",
        [sorted(keys)],
    ).fetchall()
    return dict(rows)


def top_actors(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    kind: str | None = None,
    limit: int = 20,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Entities by activity: the documents naming them, their mentions, the event clusters
    they take part in (as source, as target), with their codes (most used first); in the
    articles of `outlets` only, if given."""
    where, params = date_range("l.published", since, until)
    where.insert(0, "TRUE")
    params["limit"] = checked_limit(limit)
    if outlets:
        where.append(
            "l.doc_id IN (SELECT doc_id FROM corpus_documents"
            " WHERE outlet IN (SELECT unnest($outlets)))"
        )
        params["outlets"] = list(outlets)
    if kind:
        where.append("e.kind = $kind")
        params["kind"] = kind
    ev_where, ev_params = event_filters(
        since, until, None, bounds=period_bounds(store), outlets=outlets
    )
    params.update(ev_params)
    kinds = "JOIN corpus_entities e USING (entity_id)" if kind else ""
    rows = store.con.execute(
        f"""
        WITH ranked AS (  -- rank first; codes only for the ones shown
            SELECT l.entity_id, count(DISTINCT l.doc_id) AS documents
            FROM corpus_actor_entities l {kinds}
            WHERE {" AND ".join(where)} GROUP BY l.entity_id
            ORDER BY documents DESC, l.entity_id LIMIT $limit
        ), docs AS (
            SELECT l.entity_id, any_value(r.documents) AS documents,
                   list(DISTINCT l.code) FILTER (l.code IS NOT NULL) AS codes,
                   mode(l.code) AS code
            FROM corpus_actor_entities l JOIN ranked r USING (entity_id)
            WHERE {" AND ".join(w for w in where if not w.startswith("e."))}
            GROUP BY l.entity_id
        ), ev AS (
            SELECT entity_id, count(DISTINCT cluster_id) FILTER (side = 's') AS as_source,
                   count(DISTINCT cluster_id) FILTER (side = 't') AS as_target
            FROM (SELECT source_entity AS entity_id, cluster_id, 's' AS side
                  FROM corpus_event_mentions
                  WHERE {ev_where} AND source_entity IN (SELECT entity_id FROM ranked)
                  UNION ALL
                  SELECT target_entity, cluster_id, 't' FROM corpus_event_mentions
                  WHERE {ev_where} AND target_entity IN (SELECT entity_id FROM ranked))
            GROUP BY entity_id
        )
        SELECT e.entity_id, e.name, e.kind, e.wikidata, d.code, d.codes, d.documents,
               coalesce(ev.as_source, 0), coalesce(ev.as_target, 0)
        FROM docs d JOIN corpus_entities e USING (entity_id)
        LEFT JOIN ev USING (entity_id)
        ORDER BY d.documents DESC, e.entity_id""",
        params,
    ).fetchall()
    keys = (
        "entity_id",
        "name",
        "kind",
        "wikidata",
        "code",
        "codes",
        "documents",
        "events_as_source",
        "events_as_target",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def entity_roles(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """The codes an entity carries, with the dates of the documents that give each."""
    rows = store.con.execute(
        "SELECT code, first_seen, last_seen, documents FROM corpus_entity_roles"
        " WHERE entity_id = ? ORDER BY first_seen, code",
        [entity_id],
    ).fetchall()
    return [
        dict(zip(("code", "first_seen", "last_seen", "documents"), r, strict=True)) for r in rows
    ]


def stories(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    min_sources: int = 1,
    limit: int = 20,
    latest: bool = False,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Stories by spread: the outlets and articles reporting them, latest first among equals
    (`latest`: the most recent first, then by spread)."""
    where, params = date_range("first_seen", since, until, until_column="last_seen")
    order = "num_sources DESC, num_articles DESC, last_seen DESC"
    if latest:
        order = "last_seen DESC, num_sources DESC, num_articles DESC"
    where.append("num_sources >= $min")
    params.update(min=min_sources, limit=checked_limit(limit))
    if outlets:  # stories one of these outlets told (with all their articles)
        where.append(
            "story_id IN (SELECT story_id FROM corpus_documents"
            " WHERE outlet IN (SELECT unnest($outlets)))"
        )
        params["outlets"] = list(outlets)
    rows = store.con.execute(
        f"""SELECT story_id, title, num_articles, num_sources, first_seen, last_seen,
                   (SELECT arg_min(d.doc_id, d.published) FROM corpus_documents d
                    WHERE d.story_id = s.story_id) AS first_doc
            FROM corpus_story_stats s WHERE {" AND ".join(where)}
            ORDER BY {order}, story_id
            LIMIT $limit""",
        params,
    ).fetchall()
    keys = (
        "story_id",
        "title",
        "num_articles",
        "num_sources",
        "first_seen",
        "last_seen",
        "first_doc",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def coverage(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    outlets: list[str] | None = None,
) -> dict[str, Any]:
    """What the corpus holds for a period and outlets: {"documents", "outlets", "first",
    "last", "corpus_first", "corpus_last", "by_outlet": [{"outlet", "articles"}...]}, where
    `by_outlet` lists every outlet (to choose from) with its articles in the period."""
    corpus_first, corpus_last = period_bounds(store)
    dated, params = date_range("published", since, until)
    chosen = list(dated)
    if outlets:
        chosen.append("outlet IN (SELECT unnest($outlets))")
    [(docs, n_outlets, first, last)] = store.con.execute(
        "SELECT count(*), count(DISTINCT outlet), min(published), max(published)"
        f" FROM corpus_documents WHERE {' AND '.join(chosen) or 'TRUE'}",
        {**params, **({"outlets": list(outlets)} if outlets else {})},
    ).fetchall()
    rows = store.con.execute(
        f"SELECT coalesce(outlet, '(none)'), count(*) FILTER ({' AND '.join(dated) or 'TRUE'})"
        " FROM corpus_documents GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ).fetchall()
    return {
        "documents": docs,
        "outlets": n_outlets,
        "first": first,
        "last": last,
        "corpus_first": corpus_first,
        "corpus_last": corpus_last,
        "by_outlet": [{"outlet": o, "articles": n} for o, n in rows],
    }


def period_bounds(store: Store) -> tuple[date | None, date | None]:
    row = store.con.execute("SELECT min(published), max(published) FROM corpus_documents")
    return tuple(row.fetchone())  # type: ignore[return-value]


def no_period(store: Store) -> QueryError:
    """Why the corpus has no period (`period_bounds` gave None): no documents, or none dated."""
    [(n,)] = store.con.execute("SELECT count(*) FROM corpus_documents").fetchall()
    if not n:
        return QueryError("the corpus tables are empty: run `realpolitik corpus build` first")
    return QueryError(
        f"none of the {n:,} documents has a publication date, and the corpus follows time: "
        "analyze with --published DATE, or from a dump with a published column"
    )


def dyad_clusters(
    store: Store,
    a: ActorRef,
    b: ActorRef,
    *,
    period: str | date,
    by: str = "week",
    factuality: tuple[str, ...] | list[str] | None = None,
    limit: int = 50,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The event clusters behind one bar of a dyad's series (the period starting on `period`,
    as `dyad_series` labels it), each with every mention as evidence: document, outlet, date,
    trigger and the sentence's offsets and text."""
    check_args(by=by)
    try:
        start = date.fromisoformat(str(period))
    except ValueError as exc:
        raise QueryError(f"period {period!r} is not a date: use YYYY-MM-DD") from exc
    end = _next(start, by)
    src, tgt = level_columns(a.level)
    where, params = event_filters(
        None, None, factuality, alias="m", bounds=(None, None), outlets=outlets
    )
    params.update(a=a.key, b=b.key, start=start, end=end)
    limit = checked_limit(limit)
    rows = store.con.execute(
        f"""
        WITH c AS (  -- the clusters whose first (filtered) mention falls in the period
            SELECT m.cluster_id, min(m.day) AS first_day
            FROM corpus_event_mentions m
            WHERE (({src} = $a AND {tgt} = $b) OR ({src} = $b AND {tgt} = $a)) AND {where}
            GROUP BY m.cluster_id
            HAVING min(m.day) >= $start AND min(m.day) < $end
        )
        SELECT m.cluster_id, m.doc_id, m.event_id, m.day, m.outlet, m.cameo, m.quad_class,
               m.goldstein, m.factuality, e.source_text, e.trigger_text, e.target_text,
               e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end,
               substr(ar.text, e.sentence_start + 1, e.sentence_end - e.sentence_start),
               ar.title, ar.url
        FROM corpus_event_mentions m JOIN c USING (cluster_id)
        JOIN events e ON e.doc_id = m.doc_id AND e.event_id = m.event_id
        LEFT JOIN articles ar ON ar.id = m.doc_id
        WHERE {where}
        ORDER BY c.first_day, m.cluster_id, m.day, m.doc_id""",
        params,
    ).fetchall()
    clusters: dict[str, dict[str, Any]] = {}
    for (
        cid,
        doc_id,
        event_id,
        day,
        outlet,
        cameo,
        quad,
        g,
        fact,
        s_text,
        trig,
        t_text,
        t_start,
        t_end,
        s_start,
        s_end,
        sentence,
        title,
        url,
    ) in rows:
        c = clusters.setdefault(
            cid,
            {
                "cluster_id": cid,
                "cameo": cameo,
                "quad_class": quad,
                "goldstein": g,
                "first_seen": day,
                "mentions": [],
            },
        )
        c["mentions"].append(
            {
                "doc_id": doc_id,
                "event_id": event_id,
                "day": day,
                "outlet": outlet,
                "factuality": fact,
                "source": s_text,
                "trigger": trig,
                "target": t_text,
                "trigger_start": t_start,
                "trigger_end": t_end,
                "start": s_start,
                "end": s_end,
                "text": " ".join((sentence or "").split()),
                "title": title,
                "url": url,
            }
        )
    out = list(clusters.values())[:limit]
    for c in out:
        c["num_articles"] = len({m["doc_id"] for m in c["mentions"]})
        c["num_sources"] = len({m["outlet"] for m in c["mentions"] if m["outlet"]})
    return out


def dyad_stories(
    store: Store,
    a: ActorRef,
    b: ActorRef,
    *,
    by: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    outlets: list[str] | None = None,
    per_period: int = 3,
) -> list[dict[str, Any]]:
    """Under each bar of `dyad_series`: the stories whose articles report events between
    `a` and `b` in that period, most articles first (`per_period` at most)."""
    check_args(by=by)
    src, tgt = level_columns(a.level)
    where, params = event_filters(
        since, until, factuality, alias="m", bounds=period_bounds(store), outlets=outlets
    )
    params.update(a=a.key, b=b.key, by=by, n=checked_limit(per_period))
    rows = store.con.execute(
        f"""
        WITH m AS (
            SELECT DISTINCT date_trunc($by, m.day)::DATE AS period, m.doc_id
            FROM corpus_event_mentions m
            WHERE (({src} = $a AND {tgt} = $b) OR ({src} = $b AND {tgt} = $a)) AND {where}
              AND m.day IS NOT NULL
        ), s AS (
            SELECT m.period, d.story_id, any_value(st.title) AS title,
                   count(DISTINCT m.doc_id) AS articles, count(DISTINCT d.outlet) AS outlets,
                   min(m.doc_id) AS doc_id
            FROM m JOIN corpus_documents d USING (doc_id)
            JOIN corpus_stories st USING (story_id)
            GROUP BY m.period, d.story_id
        )
        SELECT period, story_id, title, articles, outlets, doc_id FROM s
        QUALIFY row_number() OVER (PARTITION BY period ORDER BY articles DESC, story_id) <= $n
        ORDER BY period, articles DESC, story_id""",
        params,
    ).fetchall()
    keys = ("period", "story_id", "title", "articles", "outlets", "doc_id")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def dyads_series(
    store: Store,
    pairs: list[tuple[str, str]],
    *,
    level: str = "entity",
    by: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Small multiples: for several pairs (keys at `level`, either direction) at once, the
    event clusters per period, with cooperation and conflict; one query for all of them.
    Rows (a, b, period, clusters, cooperation, conflict), periods without events left out."""
    check_args(by=by)
    check_args(level=level)
    if not pairs:
        return []
    src, tgt = level_columns(level)
    where, params = event_filters(
        since, until, factuality, bounds=period_bounds(store), outlets=outlets
    )
    params.update(xs=[min(p) for p in pairs], ys=[max(p) for p in pairs], by=by)
    rows = store.con.execute(
        f"""
        WITH want AS (SELECT unnest($xs) AS x, unnest($ys) AS y),
        m AS (
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id, day,
                   quad_class
            FROM corpus_event_mentions
            WHERE {src} IN (SELECT x FROM want UNION SELECT y FROM want)
              AND {tgt} IN (SELECT x FROM want UNION SELECT y FROM want)
              AND {where} AND day IS NOT NULL
        ), c AS (
            SELECT x, y, cluster_id, min(day) AS day, any_value(quad_class) AS q
            FROM m SEMI JOIN want USING (x, y) GROUP BY x, y, cluster_id
        )
        SELECT x, y, date_trunc($by, day)::DATE AS period, count(*) AS clusters,
               count(*) FILTER (q IN (1, 2)) AS cooperation,
               count(*) FILTER (q IN (3, 4)) AS conflict
        FROM c GROUP BY ALL ORDER BY x, y, period""",
        params,
    ).fetchall()
    keys = ("a", "b", "period", "clusters", "cooperation", "conflict")
    return [dict(zip(keys, r, strict=True)) for r in rows]
