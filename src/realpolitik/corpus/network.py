"""The actor network: who acts on whom, for a period, outlets and factuality.

Nodes are actors (at entity, code or country level) and edges the pairs between them,
weighted by event clusters (either direction), coloured by their mean Goldstein score.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import Store
from .queries import (
    check_args,
    checked_limit,
    event_filters,
    level_columns,
    level_labels,
    no_places,
    period_bounds,
)


def network(
    store: Store,
    *,
    level: str = "entity",
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    outlets: list[str] | None = None,
    min_clusters: int = 1,
    limit: int = 150,
) -> dict[str, list[dict[str, Any]]]:
    """{"nodes": [...], "edges": [...]}: the `limit` busiest pairs with at least
    `min_clusters` clusters, and the actors they join (with their clusters in all)."""
    check_args(level=level)
    src, tgt = level_columns(level)
    where, params = event_filters(
        since, until, factuality, bounds=period_bounds(store), outlets=outlets
    )
    params.update(limit=checked_limit(limit), min=max(1, int(min_clusters)))
    rows = store.con.execute(
        f"""
        WITH c AS (
            SELECT least({src}, {tgt}) AS x, greatest({src}, {tgt}) AS y, cluster_id,
                   avg(goldstein) AS g, any_value(quad_class) AS q
            FROM corpus_event_mentions
            WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt} AND {where}
                  {no_places(level)}
            GROUP BY 1, 2, 3
        )
        SELECT x, y, count(*) AS clusters, count(*) FILTER (q IN (1, 2)),
               count(*) FILTER (q IN (3, 4)), round(avg(g), 2)
        FROM c GROUP BY x, y HAVING count(*) >= $min
        ORDER BY clusters DESC, x, y LIMIT $limit""",
        params,
    ).fetchall()
    keys = ("a", "b", "clusters", "cooperation", "conflict", "goldstein_mean")
    edges = [dict(zip(keys, r, strict=True)) for r in rows]
    weight: dict[str, int] = {}
    for e in edges:
        for k in (e["a"], e["b"]):
            weight[k] = weight.get(k, 0) + e["clusters"]
    names = level_labels(store, level, set(weight))
    kinds: dict[str, str] = {}
    if level == "entity" and weight:
        kinds = dict(
            store.con.execute(
                "SELECT entity_id, kind FROM corpus_entities WHERE entity_id IN (SELECT unnest(?))",
                [sorted(weight)],
            ).fetchall()
        )
    nodes = [
        {"id": k, "name": names.get(k, k), "kind": kinds.get(k), "clusters": w}
        for k, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    for e in edges:
        e["a_name"], e["b_name"] = names.get(e["a"], e["a"]), names.get(e["b"], e["b"])
    return {"nodes": nodes, "edges": edges}
