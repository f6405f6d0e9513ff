"""Change detection: what moved in the latest period, against each dyad's and actor's baseline.

    changes(store, since="2016-07-01")   # the period since that day, against the time before
    changes(store, by="week")             # the latest week, against the weeks before it

For every dyad (a pair of actors at the chosen level, either direction) and every entity, the
count of the latest period is set against its own baseline: the count in the baseline
window (by default four times the latest period's length, right before it), scaled by how
many articles each window holds. Scaling by the articles is the exposure of a Poisson model:
twice the coverage gives twice the events, which is no surge.

- **surge**: at least `min_count` in the period and P(X >= count | baseline rate) < `alpha`;
- **drop**: a baseline rate of at least `min_count` and P(X <= count | rate) < `alpha`;
- **warming / cooling**: a pair moving toward or away from each other: the Goldstein scores
  of its happenings now against before (at least `min_count` in each window) differ by
  `TONE_POINTS` or more in mean, and a Mann-Whitney U test says so at `TONE_ALPHA`;
- **new dyad**: a pair with at least 2 event clusters now and none in the whole corpus before;
- **emerging actor**: an entity named in at least `min_count` articles now and in none before
  (or far more than its baseline, tested like a surge on articles).

Why a Poisson test rather than ACLED Trendfinder's fixed thresholds (e.g. +25% on the
average of the preceding periods): event counts per dyad are small integers, where a fixed
percentage flags 1 -> 2 as a surge of 100% and misses 40 -> 55; the Poisson tail adapts to the
baseline level, and the exposure term removes the swings of the corpus's own volume.
Every flag carries the event clusters (or articles) behind it, with their sentences.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from scipy.stats import mannwhitneyu, poisson

from ..store import Store
from .queries import (
    QueryError,
    _columns,
    _filters,
    _labels,
    _limit,
    no_places,
    period_bounds,
)

ALPHA = 0.01
MIN_COUNT = 3
BASELINE_FACTOR = 4
TONE_ALPHA = 0.1  # a tone flag asks for a look: small samples, a looser test
TONE_POINTS = 2.0  # Goldstein points between the means, for a change of tone
EVIDENCE = 3


def windows(
    store: Store,
    since: str | date | None = None,
    until: str | date | None = None,
    by: str = "week",
    baseline_factor: int = BASELINE_FACTOR,
) -> dict[str, date]:
    """The latest period [start, end] and its baseline [base_start, start - 1 day]."""
    first, last = period_bounds(store)
    if last is None:
        raise QueryError("the corpus tables are empty: run `realpolitik corpus build` first")
    end = date.fromisoformat(str(until)) if until else last
    if since:
        start = date.fromisoformat(str(since))
    elif by == "day":
        start = end
    elif by == "week":
        start = end - timedelta(days=6)
    elif by == "month":
        start = end - timedelta(days=29)
    else:
        raise QueryError(f"unknown period {by!r}: use day, week or month")
    if start > end:
        raise QueryError(f"--since {start} is after the end of the period ({end})")
    length = (end - start).days + 1
    base_start = max(first or start, start - timedelta(days=baseline_factor * length))
    return {"start": start, "end": end, "base_start": base_start, "base_end": start - timedelta(1)}


def changes(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    by: str = "week",
    level: str = "entity",
    factuality: tuple[str, ...] | list[str] | None = None,
    alpha: float = ALPHA,
    alpha_tone: float = TONE_ALPHA,
    min_count: int = MIN_COUNT,
    limit: int = 20,
) -> dict[str, Any]:
    """Flags for the latest period: {"period", "baseline", "dyads": [...], "actors": [...]}."""
    _limit(limit)
    w = windows(store, since, until, by)
    con = store.con
    articles = dict(
        con.execute(
            """SELECT CASE WHEN published >= $start THEN 'now' ELSE 'base' END, count(*)
               FROM corpus_documents WHERE published BETWEEN $base_start AND $end GROUP BY 1""",
            {"start": w["start"], "end": w["end"], "base_start": w["base_start"]},
        ).fetchall()
    )
    now_docs, base_docs = articles.get("now", 0), articles.get("base", 0)
    exposure = now_docs / base_docs if base_docs else None

    src, tgt = _columns(level)
    where, params = _filters(w["base_start"], w["end"], factuality)
    params["start"] = w["start"]
    places = no_places(level)
    dyad_rows = con.execute(
        f"""
        WITH m AS (
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id,
                   min(day) AS day, avg(goldstein) AS g
            FROM corpus_event_mentions
            WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt} AND {where}
              {places}
            GROUP BY ALL
        )
        SELECT x, y, count(*) FILTER (day >= $start) AS now,
               count(*) FILTER (day < $start) AS base,
               CASE WHEN count(*) FILTER (day >= $start) >= {int(min_count)}
                     AND count(*) FILTER (day < $start) >= {int(min_count)}
                    THEN list(g) FILTER (day >= $start) END AS g_now,
               CASE WHEN count(*) FILTER (day >= $start) >= {int(min_count)}
                     AND count(*) FILTER (day < $start) >= {int(min_count)}
                    THEN list(g) FILTER (day < $start) END AS g_base
        FROM m GROUP BY x, y HAVING count(*) FILTER (day >= $start) > 0
            OR count(*) FILTER (day < $start) >= {int(min_count)}""",
        params,
    ).fetchall()
    before = _seen_before(con, src, tgt, w["start"], {(r[0], r[1]) for r in dyad_rows})
    dyads = []
    for x, y, now, base, g_now, g_base in dyad_rows:
        if (x, y) not in before:
            flag = ("new", None) if now >= 2 else None
        else:
            flag = _flag(now, base, exposure, alpha, min_count)
            if flag is None and g_now and g_base:
                flag = _tone(g_now, g_base, alpha_tone)
        if flag is not None:
            kind, p = flag
            dyads.append(
                {
                    "a": x,
                    "b": y,
                    "change": kind,
                    "count": now,
                    "baseline": base,
                    "expected": _expected(base, exposure),
                    "p_value": p,
                }
            )
    actor_rows = con.execute(
        """
        WITH win AS (
            SELECT entity_id, count(DISTINCT doc_id) FILTER (published >= $start) AS now,
                   count(DISTINCT doc_id) FILTER (published < $start) AS base
            FROM corpus_actor_entities
            WHERE published BETWEEN $base_start AND $end
              AND entity_id NOT IN (SELECT entity_id FROM corpus_entities WHERE kind = 'location')
            GROUP BY entity_id HAVING now > 0 OR base >= $min
        ), seen AS (  -- named at all before the period (the baseline window or earlier)
            SELECT DISTINCT entity_id FROM corpus_actor_entities
            WHERE published < $start AND entity_id IN (SELECT entity_id FROM win WHERE now > 0)
        )
        SELECT w.entity_id, w.now, w.base,
               CASE WHEN w.base > 0 OR s.entity_id IS NOT NULL THEN 1 ELSE 0 END AS ever
        FROM win w LEFT JOIN seen s USING (entity_id)""",
        {"start": w["start"], "end": w["end"], "base_start": w["base_start"], "min": min_count},
    ).fetchall()
    actors = []
    for entity, now, base, ever in actor_rows:
        if ever == 0 and now >= min_count:
            flag = ("emerging", None)
        else:
            flag = _flag(now, base, exposure, alpha, min_count)
            if flag and flag[0] == "surge" and base <= 1:
                flag = ("emerging", flag[1])
        if flag is not None:
            kind, p = flag
            actors.append(
                {
                    "entity_id": entity,
                    "change": kind,
                    "articles": now,
                    "baseline": base,
                    "expected": _expected(base, exposure),
                    "p_value": p,
                }
            )
    rank = {"surge": 0, "new": 1, "emerging": 1, "cooling": 2, "warming": 2, "drop": 3}
    dyads.sort(key=lambda d: (rank[d["change"]], d["p_value"] or 0.0, -d["count"], d["a"]))
    actors.sort(key=lambda d: (rank[d["change"]], d["p_value"] or 0.0, -d["articles"]))
    dyads, actors = dyads[:limit], actors[:limit]
    names = _labels(store, level, {d["a"] for d in dyads} | {d["b"] for d in dyads})
    names.update(_labels(store, "entity", {a["entity_id"] for a in actors}))
    evidence = dyads_evidence(
        store, level, [(d["a"], d["b"]) for d in dyads], w["start"], w["end"], factuality
    )
    for d in dyads:
        d["a_name"], d["b_name"] = names.get(d["a"], d["a"]), names.get(d["b"], d["b"])
        d["evidence"] = evidence.get((d["a"], d["b"]), [])
    evidence = actors_evidence(store, [a["entity_id"] for a in actors], w["start"], w["end"])
    for a in actors:
        a["name"] = names.get(a["entity_id"], a["entity_id"])
        a["evidence"] = evidence.get(a["entity_id"], [])
    return {
        "period": {"start": w["start"], "end": w["end"], "articles": now_docs},
        "baseline": {"start": w["base_start"], "end": w["base_end"], "articles": base_docs},
        "level": level,
        "alpha": alpha,
        "dyads": dyads,
        "actors": actors,
    }


def _expected(base: int, exposure: float | None) -> float | None:
    return None if exposure is None else round(base * exposure, 2)


def _flag(
    now: int, base: int, exposure: float | None, alpha: float, min_count: int
) -> tuple[str, float] | None:
    if exposure is None:
        return None
    rate = max(base * exposure, 0.5 * exposure)  # half an event: a floor for a zero baseline
    if now >= min_count and (p := float(poisson.sf(now - 1, rate))) < alpha:
        return "surge", round(p, 6)
    if base * exposure >= min_count and (p := float(poisson.cdf(now, rate))) < alpha:
        return "drop", round(p, 6)
    return None


def _tone(now: list[float], base: list[float], alpha: float) -> tuple[str, float] | None:
    """warming / cooling: the Goldstein scores of the dyad's happenings now against before
    (Mann-Whitney U, two-sided), when the means differ by at least `TONE_POINTS`."""
    diff = sum(now) / len(now) - sum(base) / len(base)
    if abs(diff) < TONE_POINTS:
        return None
    p = float(mannwhitneyu(now, base, alternative="two-sided").pvalue)
    if p >= alpha:
        return None
    return ("warming" if diff > 0 else "cooling"), round(p, 6)


def _seen_before(con: Any, src: str, tgt: str, start: date, pairs: set[tuple]) -> set[tuple]:
    if not pairs:
        return set()
    rows = con.execute(
        f"""SELECT DISTINCT least({src}, {tgt}), greatest({src}, {tgt})
            FROM corpus_event_mentions WHERE day < ? AND {src} IS NOT NULL
            AND {tgt} IS NOT NULL""",
        [start],
    ).fetchall()
    return {tuple(r) for r in rows} & pairs


def dyads_evidence(
    store: Store,
    level: str,
    pairs: list[tuple[str, str]],
    start: date,
    end: date,
    factuality: tuple[str, ...] | list[str] | None = None,
    limit: int = EVIDENCE,
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """For each (a, b) with a <= b, its most reported event clusters in [start, end], each with
    one sentence: one query for all the pairs."""
    if not pairs:
        return {}
    src, tgt = _columns(level)
    where, params = _filters(start, end, factuality)
    params.update(xs=[p[0] for p in pairs], ys=[p[1] for p in pairs], limit=limit)
    rows = store.con.execute(
        f"""
        WITH pairs AS (SELECT unnest($xs) AS x, unnest($ys) AS y),
        m AS (
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id, doc_id,
                   event_id, outlet, day, cameo
            FROM corpus_event_mentions
            WHERE {where} AND {src} IN (SELECT x FROM pairs UNION SELECT y FROM pairs)
              AND {tgt} IN (SELECT x FROM pairs UNION SELECT y FROM pairs)
        ), c AS (
            SELECT m.x, m.y, cluster_id, count(DISTINCT doc_id) AS articles,
                   count(DISTINCT outlet) AS outlets, min(day) AS first_seen,
                   arg_min(doc_id, (day, doc_id)) AS doc_id,
                   arg_min(event_id, (day, doc_id)) AS event_id,
                   arg_min(cameo, (day, doc_id)) AS cameo
            FROM m JOIN pairs p ON p.x = m.x AND p.y = m.y
            GROUP BY m.x, m.y, cluster_id
            QUALIFY row_number() OVER (PARTITION BY m.x, m.y
                ORDER BY count(DISTINCT doc_id) DESC, min(day) DESC, cluster_id) <= $limit
        )
        SELECT c.x, c.y, c.cluster_id, c.articles, c.outlets, c.first_seen, c.doc_id, c.cameo,
               e.source_text, e.trigger_text, e.target_text, e.sentence_start, e.sentence_end,
               substr(ar.text, e.sentence_start + 1, e.sentence_end - e.sentence_start),
               ar.title, ar.source
        FROM c JOIN events e ON e.doc_id = c.doc_id AND e.event_id = c.event_id
        LEFT JOIN articles ar ON ar.id = c.doc_id
        ORDER BY c.x, c.y, c.articles DESC, c.first_seen DESC, c.cluster_id""",
        params,
    ).fetchall()
    keys = (
        "cluster_id",
        "articles",
        "outlets",
        "first_seen",
        "doc_id",
        "cameo",
        "source",
        "trigger",
        "target",
        "start",
        "end",
        "text",
        "title",
        "outlet",
    )
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for x, y, *values in rows:
        out.setdefault((x, y), []).append(dict(zip(keys, values, strict=True)))
    return out


def actors_evidence(
    store: Store, entities: list[str], start: date, end: date, limit: int = EVIDENCE
) -> dict[str, list[dict[str, Any]]]:
    """For each entity, the articles of [start, end] naming it most, with the first mention."""
    if not entities:
        return {}
    rows = store.con.execute(
        """
        WITH l AS (
            SELECT entity_id, doc_id, actor_id, published FROM corpus_actor_entities
            WHERE entity_id IN (SELECT unnest($ents)) AND published BETWEEN $start AND $end
        ), r AS (
            SELECT l.entity_id, l.doc_id, l.published, count(*) AS mentions,
                   min(m."start") AS s, min(m."end") AS e
            FROM l JOIN actor_mentions m ON m.doc_id = l.doc_id AND m.actor_id = l.actor_id
            WHERE m.doc_id IN (SELECT doc_id FROM l)
            GROUP BY l.entity_id, l.doc_id, l.published
            QUALIFY row_number() OVER (PARTITION BY l.entity_id
                                       ORDER BY count(*) DESC, l.published DESC, l.doc_id)
                    <= $limit
        )
        SELECT r.entity_id, r.doc_id, ar.title, ar.source, r.published, r.mentions, r.s, r.e
        FROM r LEFT JOIN articles ar ON ar.id = r.doc_id
        ORDER BY r.entity_id, r.mentions DESC, r.published DESC, r.doc_id""",
        {"ents": entities, "start": start, "end": end, "limit": limit},
    ).fetchall()
    keys = ("doc_id", "title", "outlet", "published", "mentions", "start", "end")
    out: dict[str, list[dict[str, Any]]] = {}
    for entity, *values in rows:
        out.setdefault(entity, []).append(dict(zip(keys, values, strict=True)))
    return out
