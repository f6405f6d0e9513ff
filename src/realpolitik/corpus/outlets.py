"""Outlets side by side: how each one covers a focus actor.

Per outlet, over the articles that name the focus: how many (and their share of the outlet's
articles), the event clusters the focus takes part in and their mix (cooperation, conflict),
the mean Goldstein score of what is done *to* the focus (how others treat it, in that
outlet's telling), whom the outlet quotes most in those articles, and who takes positions in
them. "Breitbart vs The New York Times on Clinton" is one call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import Store
from .queries import FACTUALITY, ActorRef, actor_key, level_columns, period_bounds

SPEAKERS = 5


def outlet_coverage(
    store: Store,
    focus: ActorRef,
    *,
    outlets: list[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> list[dict[str, Any]]:
    """One row per outlet, most articles on the focus first."""
    first, last = period_bounds(store)
    col = actor_key(focus.level)
    l_col = actor_key(focus.level, "l")
    src, tgt = level_columns(focus.level)
    params: dict[str, Any] = {
        "focus": focus.key,
        "since": str(since or first),
        "until": str(until or last),
        "fact": list(FACTUALITY),
        "outlets": outlets or [],
        "all": not outlets,
    }
    con = store.con
    rows = con.execute(
        f"""
        WITH docs AS (
            SELECT d.doc_id, d.outlet FROM corpus_documents d
            WHERE d.published BETWEEN CAST($since AS DATE) AND CAST($until AS DATE)
              AND ($all OR d.outlet IN (SELECT unnest($outlets)))
        ), mine AS (
            SELECT DISTINCT l.doc_id FROM corpus_actor_entities l
            WHERE {l_col} = $focus AND l.doc_id IN (SELECT doc_id FROM docs)
        ), ev AS (
            SELECT m.outlet, m.cluster_id, any_value(m.quad_class) AS q,
                   avg(m.goldstein) FILTER ({tgt} = $focus) AS g_to
            FROM corpus_event_mentions m
            WHERE m.doc_id IN (SELECT doc_id FROM mine) AND m.factuality IN (SELECT unnest($fact))
              AND ({src} = $focus OR {tgt} = $focus)
            GROUP BY m.outlet, m.cluster_id
        )
        SELECT d.outlet, count(DISTINCT d.doc_id) AS total,
               count(DISTINCT d.doc_id) FILTER (d.doc_id IN (SELECT doc_id FROM mine)) AS articles,
               (SELECT count(*) FROM ev WHERE ev.outlet = d.outlet) AS clusters,
               (SELECT count(*) FROM ev WHERE ev.outlet = d.outlet AND q IN (1, 2)) AS coop,
               (SELECT count(*) FROM ev WHERE ev.outlet = d.outlet AND q IN (3, 4)) AS conflict,
               (SELECT round(avg(g_to), 2) FROM ev WHERE ev.outlet = d.outlet) AS g_to
        FROM docs d GROUP BY d.outlet ORDER BY articles DESC, d.outlet""",
        params,
    ).fetchall()
    speakers = _grouped(
        con.execute(
            f"""
            SELECT d.outlet, e.name, count(*) AS n
            FROM quotes q
            JOIN corpus_documents d ON d.doc_id = q.doc_id
            JOIN corpus_actor_entities l ON l.doc_id = q.doc_id AND l.actor_id = q.speaker_actor
            JOIN corpus_entities e ON e.entity_id = l.entity_id
            WHERE q.doc_id IN (SELECT doc_id FROM corpus_actor_entities WHERE {col} = $focus)
              AND d.published BETWEEN CAST($since AS DATE) AND CAST($until AS DATE)
            GROUP BY ALL ORDER BY d.outlet, n DESC, e.name""",
            {k: params[k] for k in ("focus", "since", "until")},
        ).fetchall(),
        ("name", "quotes"),
    )
    holders = _grouped(
        con.execute(
            f"""
            SELECT d.outlet, e.name, count(*) FILTER (s.stance = 'favor') AS favor,
                   count(*) FILTER (s.stance = 'against') AS against
            FROM stances s
            JOIN corpus_documents d ON d.doc_id = s.doc_id
            JOIN corpus_actor_entities l ON l.doc_id = s.doc_id AND l.actor_id = s.actor
            JOIN corpus_entities e ON e.entity_id = l.entity_id
            WHERE s.doc_id IN (SELECT doc_id FROM corpus_actor_entities WHERE {col} = $focus)
              AND d.published BETWEEN CAST($since AS DATE) AND CAST($until AS DATE)
              AND s.stance IN ('favor', 'against')
            GROUP BY ALL ORDER BY d.outlet, favor + against DESC, e.name""",
            {k: params[k] for k in ("focus", "since", "until")},
        ).fetchall(),
        ("name", "favor", "against"),
    )
    out = []
    for outlet, total, articles, clusters, coop, conflict, g_to in rows:
        if not articles:
            continue
        out.append(
            {
                "outlet": outlet,
                "articles": articles,
                "share": articles / total if total else 0.0,
                "clusters": clusters,
                "cooperation": coop,
                "conflict": conflict,
                "goldstein_to_focus": g_to,
                "speakers": speakers.get(outlet, [])[:SPEAKERS],
                "holders": holders.get(outlet, [])[:SPEAKERS],
            }
        )
    return out


def _grouped(rows: list[tuple], keys: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for outlet, *values in rows:
        out.setdefault(outlet, []).append(dict(zip(keys, values, strict=True)))
    return out
