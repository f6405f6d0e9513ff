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

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy.special import ndtr
from scipy.stats import mannwhitneyu, poisson

from ..store import Store
from .queries import (
    QueryError,
    checked_limit,
    event_filters,
    level_columns,
    level_labels,
    no_period,
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
        raise no_period(store)
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
    checked_limit(limit)
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

    rows = _dyad_windows(con, level, w, factuality, min_count, exposure)
    kinds, p_values = _flags(rows["now"], rows["base"], exposure, alpha, min_count)
    toned = [  # pairs seen before, no surge or drop, enough scores on both sides
        k
        for k, before in enumerate(rows["before"])
        if before and kinds[k] is None and rows["g_now"][k] and rows["g_base"][k]
    ]
    tones = _tones([(rows["g_now"][k], rows["g_base"][k]) for k in toned], alpha_tone)
    tone_of = dict(zip(toned, tones, strict=True))
    dyads = []
    for k, (x, y, now, base, before) in enumerate(
        zip(
            rows["x"],
            rows["y"],
            rows["now"].tolist(),
            rows["base"].tolist(),
            rows["before"],
            strict=True,
        )
    ):
        if not before:
            flag = ("new", None) if now >= 2 else None
        elif kinds[k] is not None:
            flag = kinds[k], round(float(p_values[k]), 6)
        else:
            flag = tone_of.get(k)
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
    rows = _actor_windows(con, w, min_count)
    kinds, p_values = _flags(rows["now"], rows["base"], exposure, alpha, min_count)
    actors = []
    for k, (entity, now, base, ever) in enumerate(
        zip(
            rows["entity_id"],
            rows["now"].tolist(),
            rows["base"].tolist(),
            rows["ever"],
            strict=True,
        )
    ):
        if not ever and now >= min_count:
            flag = ("emerging", None)
        elif kinds[k] is None:
            flag = None
        else:
            flag = kinds[k], round(float(p_values[k]), 6)
            if flag[0] == "surge" and base <= 1:
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
    # ties end on the names: the same flags in the same order, however the rows came
    dyads.sort(key=lambda d: (rank[d["change"]], d["p_value"] or 0.0, -d["count"], d["a"], d["b"]))
    actors.sort(
        key=lambda d: (rank[d["change"]], d["p_value"] or 0.0, -d["articles"], d["entity_id"])
    )
    dyads, actors = dyads[:limit], actors[:limit]
    names = level_labels(store, level, {d["a"] for d in dyads} | {d["b"] for d in dyads})
    # apart: at code level "CHN" is a code's label, and also the id of the entity China
    entity_names = level_labels(store, "entity", {a["entity_id"] for a in actors})
    evidence = dyads_evidence(
        store, level, [(d["a"], d["b"]) for d in dyads], w["start"], w["end"], factuality
    )
    for d in dyads:
        d["a_name"], d["b_name"] = names.get(d["a"], d["a"]), names.get(d["b"], d["b"])
        d["evidence"] = evidence.get((d["a"], d["b"]), [])
    evidence = actors_evidence(store, [a["entity_id"] for a in actors], w["start"], w["end"])
    for a in actors:
        a["name"] = entity_names.get(a["entity_id"], a["entity_id"])
        a["evidence"] = evidence.get(a["entity_id"], [])
    return {
        "period": {"start": w["start"], "end": w["end"], "articles": now_docs},
        "baseline": {"start": w["base_start"], "end": w["base_end"], "articles": base_docs},
        "level": level,
        "alpha": alpha,
        "dyads": dyads,
        "actors": actors,
    }


def _dyad_windows(
    con: Any,
    level: str,
    w: dict[str, date],
    factuality: tuple[str, ...] | list[str] | None,
    min_count: int,
    exposure: float | None,
) -> dict[str, Any]:
    """Per pair (a <= b) that may be flagged (new, surge, drop or tone): its event clusters
    now and in the baseline, whether it was a pair before the period at all (any mention
    before, however coded), and where both windows hold `min_count` clusters, their Goldstein
    scores. The others (one cluster now, a baseline too small for a drop) are left out."""
    src, tgt = level_columns(level)
    where, params = event_filters(w["base_start"], w["end"], factuality)
    params.update(start=w["start"], min=int(min_count), exposure=exposure)
    rows = con.execute(
        f"""
        WITH m AS MATERIALIZED (  -- a cluster counts on its first day in the window
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id,
                   min(day) AS day, avg(goldstein::DECIMAL(9, 3)) AS g  -- exact: runs agree
            FROM corpus_event_mentions
            WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt} AND {where}
              {no_places(level)}
            GROUP BY ALL
        ), d AS (
            SELECT x, y, count(*) FILTER (day >= $start) AS now,
                   count(*) FILTER (day < $start) AS base
            FROM m GROUP BY x, y HAVING now > 0 OR base >= $min
        ), before AS NOT MATERIALIZED (  -- any mention, however coded, before the period
            SELECT {src} AS a, {tgt} AS b FROM corpus_event_mentions WHERE day < $start
        ), fresh AS (  -- a baseline of clusters is a pair seen before; the rest are looked up
            SELECT x, y FROM d WHERE base = 0 AND now >= least(2, $min)
        ), seen AS (
            SELECT x, y FROM fresh WHERE (x, y) IN (SELECT a, b FROM before)
            UNION
            SELECT x, y FROM fresh WHERE (y, x) IN (SELECT a, b FROM before)
        ), tone AS (
            SELECT m.x, m.y, list(m.g) FILTER (m.day >= $start) AS g_now,
                   list(m.g) FILTER (m.day < $start) AS g_base
            FROM m JOIN d ON d.x = m.x AND d.y = m.y
            WHERE d.now >= $min AND d.base >= $min
            GROUP BY m.x, m.y
        )
        SELECT d.x, d.y, d.now, d.base, d.base > 0 OR s.x IS NOT NULL AS before,
               t.g_now, t.g_base
        FROM d LEFT JOIN seen s ON s.x = d.x AND s.y = d.y
        LEFT JOIN tone t ON t.x = d.x AND t.y = d.y
        WHERE d.now >= least(2, $min) OR d.base * $exposure >= $min""",
        params,
    ).fetchall()
    columns = list(zip(*rows, strict=True)) or [()] * 7
    out = dict(zip(("x", "y", "now", "base", "before", "g_now", "g_base"), columns, strict=True))
    out["now"] = np.array(out["now"], dtype=np.int64)
    out["base"] = np.array(out["base"], dtype=np.int64)
    return out


def _actor_windows(con: Any, w: dict[str, date], min_count: int) -> dict[str, Any]:
    """Per entity (places aside) named now or in `min_count` baseline articles: its articles
    now and in the baseline, and whether it was named at all before the period."""
    rows = con.execute(
        """
        WITH named AS (  -- an article once per entity, in the window of its day
            SELECT entity_id, doc_id, published >= $start AS now FROM corpus_actor_entities
            WHERE published BETWEEN $base_start AND $end GROUP BY ALL
        ), win AS (
            SELECT entity_id, count(*) FILTER (now) AS now, count(*) FILTER (NOT now) AS base
            FROM named GROUP BY entity_id HAVING count(*) FILTER (now) > 0
                OR count(*) FILTER (NOT now) >= $min
        ), seen AS (  -- named before the period, when not in the baseline window
            SELECT DISTINCT entity_id FROM corpus_actor_entities
            WHERE published < $start
              AND entity_id IN (SELECT entity_id FROM win WHERE now > 0 AND base = 0)
        )
        SELECT w.entity_id, w.now, w.base, w.base > 0 OR s.entity_id IS NOT NULL AS ever
        FROM win w LEFT JOIN seen s USING (entity_id)
        WHERE w.entity_id NOT IN (SELECT entity_id FROM corpus_entities WHERE kind = 'location')""",
        {"start": w["start"], "end": w["end"], "base_start": w["base_start"], "min": min_count},
    ).fetchall()
    columns = list(zip(*rows, strict=True)) or [()] * 4
    out = dict(zip(("entity_id", "now", "base", "ever"), columns, strict=True))
    out["now"] = np.array(out["now"], dtype=np.int64)
    out["base"] = np.array(out["base"], dtype=np.int64)
    return out


def _expected(base: int, exposure: float | None) -> float | None:
    return None if exposure is None else round(base * exposure, 2)


def _flags(
    now: np.ndarray, base: np.ndarray, exposure: float | None, alpha: float, min_count: int
) -> tuple[list[str | None], np.ndarray]:
    """Surge or drop (or None) and its p-value, for every row of counts now and in the
    baseline: the Poisson tests of the module docstring, in one call for all the rows."""
    kinds: list[str | None] = [None] * len(now)
    if exposure is None or not len(now):
        return kinds, np.zeros(len(now))
    expected = base * exposure
    rate = np.maximum(expected, 0.5 * exposure)  # half an event: a floor for a zero baseline
    p_surge = poisson.sf(now - 1, rate)
    p_drop = poisson.cdf(now, rate)
    surge = (now >= min_count) & (p_surge < alpha)
    drop = ~surge & (expected >= min_count) & (p_drop < alpha)
    for k in np.flatnonzero(surge):
        kinds[k] = "surge"
    for k in np.flatnonzero(drop):
        kinds[k] = "drop"
    return kinds, np.where(surge, p_surge, p_drop)


def _tones(
    samples: list[tuple[list[float], list[float]]], alpha: float
) -> list[tuple[str, float] | None]:
    """warming / cooling (or None) for each dyad's Goldstein scores (now, before): the means
    differ by `TONE_POINTS` or more and a two-sided Mann-Whitney U test says so at `alpha`.

    The p-values are scipy's `mannwhitneyu(now, before)` (method "auto") to the last bit,
    without its millisecond of overhead a call: the normal approximation is computed for
    all the dyads at once, as scipy computes it, and scipy's exact test (no ties, a sample of
    8 or fewer) runs once for all the dyads of the same sample sizes."""
    diffs: dict[int, float] = {}
    for k, (now, base) in enumerate(samples):
        diff = sum(now) / len(now) - sum(base) / len(base)
        if abs(diff) >= TONE_POINTS:
            diffs[k] = diff
    tested = list(diffs)
    p_values, exact = _asymptotic_p([samples[k] for k in tested])
    p_of = dict(zip(tested, p_values.tolist(), strict=True))
    by_sizes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in np.flatnonzero(exact):
        k = tested[i]
        by_sizes[(len(samples[k][0]), len(samples[k][1]))].append(k)
    for ks in by_sizes.values():
        found = mannwhitneyu(
            np.array([samples[k][0] for k in ks]),
            np.array([samples[k][1] for k in ks]),
            alternative="two-sided",
            method="exact",
            axis=1,
        ).pvalue
        p_of.update(zip(ks, np.atleast_1d(found).tolist(), strict=True))
    flags: list[tuple[str, float] | None] = [None] * len(samples)
    for k, diff in diffs.items():
        if p_of[k] < alpha:
            flags[k] = ("warming" if diff > 0 else "cooling"), round(p_of[k], 6)
    return flags


def _asymptotic_p(samples: list[tuple[list[float], list[float]]]) -> tuple[np.ndarray, np.ndarray]:
    """For each pair of samples (x, y): scipy's two-sided Mann-Whitney p-value by the normal
    approximation, its tie and continuity corrections taken step for step as
    `scipy.stats.mannwhitneyu` takes them; and whether scipy's "auto" method would run the
    exact test instead (no ties and a sample of 8 or fewer), whose p-value is left to it."""
    if not samples:
        return np.zeros(0), np.zeros(0, dtype=bool)
    n1 = np.array([len(x) for x, _ in samples], dtype=np.int64)
    n2 = np.array([len(y) for _, y in samples], dtype=np.int64)
    n = n1 + n2
    group = np.repeat(np.arange(len(samples)), n)
    values = np.fromiter(
        (v for x, y in samples for v in (*x, *y)), dtype=np.float64, count=int(n.sum())
    )
    order = np.lexsort((values, group))  # by sample pair, then value
    ordered, in_group = values[order], group[order]
    new_run = np.ones(len(values), dtype=bool)  # a run: equal values of one pair (ties)
    new_run[1:] = (ordered[1:] != ordered[:-1]) | (in_group[1:] != in_group[:-1])
    firsts = np.flatnonzero(new_run)
    counts = np.diff(firsts, append=len(values))
    group_start = np.concatenate(([0], np.cumsum(n)[:-1]))
    # the mean rank of a run of ties, ranks counted from 1 within each pair
    mean_rank = firsts - group_start[in_group[firsts]] + 1 + (counts - 1) / 2
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(mean_rank, counts)
    in_x = np.arange(len(values)) - group_start[group] < n1[group]
    r1 = np.bincount(group[in_x], weights=ranks[in_x], minlength=len(samples))
    run_group = in_group[firsts]
    ties = np.bincount(
        run_group, weights=counts.astype(np.float64) ** 3 - counts, minlength=len(samples)
    )
    tied = np.bincount(run_group, weights=counts > 1, minlength=len(samples)) > 0
    exact = ((n1 <= 8) | (n2 <= 8)) & ~tied
    u1 = r1 - n1 * (n1 + 1) / 2
    u = np.maximum(u1, n1 * n2 - u1)
    s = np.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    with np.errstate(divide="ignore", invalid="ignore"):  # no spread at all: as scipy does
        z = (u - n1 * n2 / 2 - 0.5) / s
    return np.clip(ndtr(-z) * 2, 0.0, 1.0), exact


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
    src, tgt = level_columns(level)
    where, params = event_filters(start, end, factuality)
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
