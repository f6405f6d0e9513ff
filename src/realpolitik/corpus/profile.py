"""One actor across the corpus: who it is, what it does and receives, what it says.

The dashboard's actor page and any script read these; like the rest of the query layer
they take an open `Store` and return plain rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import Store
from .queries import (
    ActorRef,
    check_args,
    checked_limit,
    event_filters,
    level_columns,
    period_bounds,
)

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """The entity's row with its documents, mentions and the span of its coverage."""
    rows = store.con.execute(
        """
        SELECT e.entity_id, e.name, e.kind, e.wikidata, e.country,
               count(DISTINCT l.doc_id), min(l.published), max(l.published)
        FROM corpus_entities e LEFT JOIN corpus_actor_entities l USING (entity_id)
        WHERE e.entity_id = ? GROUP BY ALL""",
        [entity_id],
    ).fetchall()
    if not rows:
        return None
    keys = (
        "entity_id",
        "name",
        "kind",
        "wikidata",
        "country",
        "documents",
        "first_seen",
        "last_seen",
    )
    return dict(zip(keys, rows[0], strict=True))


def actor_series(
    store: Store,
    actor: ActorRef,
    *,
    by: str = "week",
    since: str | date | None = None,
    until: str | date | None = None,
    factuality: tuple[str, ...] | list[str] | None = None,
    outlets: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Per period and role (`does`: the actor is the source; `receives`: the target), the
    event clusters by quad class. A cluster counts in the period of its first mention."""
    check_args(by=by)
    src, tgt = level_columns(actor.level)
    where, params = event_filters(
        since, until, factuality, bounds=period_bounds(store), outlets=outlets
    )
    params.update(me=actor.key, by=by)
    rows = store.con.execute(
        f"""
        WITH m AS (
            SELECT cluster_id, day, quad_class,
                   CASE WHEN {src} = $me THEN 'does' ELSE 'receives' END AS role
            FROM corpus_event_mentions
            WHERE ({src} = $me OR {tgt} = $me) AND {src} IS DISTINCT FROM {tgt}
              AND {where} AND day IS NOT NULL
        ), c AS (
            SELECT role, cluster_id, min(day) AS day, any_value(quad_class) AS q
            FROM m GROUP BY role, cluster_id
        )
        SELECT date_trunc($by, day)::DATE AS period, role, count(*) AS clusters,
               count(*) FILTER (q = 1), count(*) FILTER (q = 2), count(*) FILTER (q = 3),
               count(*) FILTER (q = 4)
        FROM c GROUP BY ALL ORDER BY period, role""",
        params,
    ).fetchall()
    keys = ("period", "role", "clusters", *QUADS)
    return [dict(zip(keys, r, strict=True)) for r in rows]


def actor_quotes(
    store: Store,
    entity_id: str,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """What the entity said: its quotes, newest first, each with its offsets."""
    first, last = period_bounds(store)
    rows = store.con.execute(
        """
        SELECT q.doc_id, q.quote_id, d.published, d.outlet, a.title, q.kind, q.cue_text,
               q.content_text, q.content_start, q.content_end
        FROM quotes q
        JOIN corpus_actor_entities l ON l.doc_id = q.doc_id AND l.actor_id = q.speaker_actor
        JOIN corpus_documents d ON d.doc_id = q.doc_id
        LEFT JOIN articles a ON a.id = q.doc_id
        WHERE l.entity_id = $e AND d.published BETWEEN CAST($since AS DATE)
              AND CAST($until AS DATE)
        ORDER BY d.published DESC, q.doc_id, q.content_start
        LIMIT $limit""",
        {
            "e": entity_id,
            "since": str(since or first or "0001-01-01"),
            "until": str(until or last or "9999-12-31"),
            "limit": checked_limit(limit),
        },
    ).fetchall()
    keys = (
        "doc_id",
        "quote_id",
        "published",
        "outlet",
        "title",
        "kind",
        "cue",
        "text",
        "start",
        "end",
    )
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for row in out:
        row["text"] = " ".join((row["text"] or "").split())
    return out
