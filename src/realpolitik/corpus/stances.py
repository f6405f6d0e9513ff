"""Stances over time: who favours or opposes which issue, period by period, and who shifted.

A stance's holder is the corpus entity of the actor that holds it (a person, a government,
or a faction such as `RUSELI:technocrat`). Per holder, issue and period: the favour and
against counts, the net position (favour - against) and the balance ((f - a) / (f + a), from
-1 to +1). A *shift* is a holder whose balance on an issue changes sign between two periods
in which it took that position at least `min_count` times in all, reported with the last
evidence before and the first after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import Store
from .queries import ActorRef, actor_key, check_args, checked_limit, date_range, period_bounds


def stance_series(
    store: Store,
    *,
    actor: ActorRef | None = None,
    issue: str | None = None,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Rows (holder, issue, period, favor, against, net, balance, articles), by holder."""
    check_args(by=by)
    where, params = _where(store, actor, issue, since, until)
    params.update(by=by, limit=checked_limit(limit))
    rows = store.con.execute(
        f"""
        SELECT l.entity_id, any_value(e.name), s.issue,
               date_trunc($by, d.published)::DATE AS period,
               count(*) FILTER (s.stance = 'favor') AS favor,
               count(*) FILTER (s.stance = 'against') AS against,
               count(DISTINCT s.doc_id) AS articles
        FROM stances s
        JOIN corpus_actor_entities l ON l.doc_id = s.doc_id AND l.actor_id = s.actor
        JOIN corpus_entities e ON e.entity_id = l.entity_id
        JOIN corpus_documents d ON d.doc_id = s.doc_id
        WHERE {where}
        GROUP BY l.entity_id, s.issue, period
        ORDER BY l.entity_id, s.issue, period LIMIT $limit""",
        params,
    ).fetchall()
    out = []
    for entity, name, iss, period, favor, against, articles in rows:
        taken = favor + against
        out.append(
            {
                "entity_id": entity,
                "name": name,
                "issue": iss,
                "period": period,
                "favor": favor,
                "against": against,
                "net": favor - against,
                "balance": round((favor - against) / taken, 2) if taken else None,
                "articles": articles,
            }
        )
    return out


def _where(
    store: Store,
    actor: ActorRef | None,
    issue: str | None,
    since: str | date | None,
    until: str | date | None,
) -> tuple[str, dict[str, Any]]:
    first, last = period_bounds(store)
    where, params = date_range("d.published", since or first, until or last)
    where.insert(0, "s.stance IN ('favor', 'against')")
    if actor is not None:
        where.append(f"{actor_key(actor.level, 'l')} = $actor")
        params["actor"] = actor.key
    if issue:
        where.append("s.issue = $issue")
        params["issue"] = issue
    return " AND ".join(where), params


def top_holders(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    issue: str | None = None,
    doc_ids: list[str] | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """The entities taking most positions, with their favour/against counts per issue, the
    positions of the last quarter of the period and a trend: rising (the last quarter holds
    over 40% of them), fading (none in it), else steady."""
    where, params = _where(store, None, issue, since, until)
    if doc_ids is not None:
        where += " AND s.doc_id IN (SELECT unnest($docs))"
        params["docs"] = doc_ids
    params["limit"] = checked_limit(limit)
    first = date.fromisoformat(params.get("since", "1900-01-01"))
    last = date.fromisoformat(params.get("until", date.today().isoformat()))
    params["recent"] = last - (last - first) / 4
    rows = store.con.execute(
        f"""
        WITH t AS (
            SELECT l.entity_id, s.issue, count(*) FILTER (s.stance = 'favor') AS favor,
                   count(*) FILTER (s.stance = 'against') AS against,
                   count(*) FILTER (d.published >= $recent) AS recent
            FROM stances s
            JOIN corpus_actor_entities l ON l.doc_id = s.doc_id AND l.actor_id = s.actor
            JOIN corpus_documents d ON d.doc_id = s.doc_id
            WHERE {where} GROUP BY ALL
        )
        SELECT t.entity_id, e.name, e.kind, sum(favor + against) AS positions,
               sum(recent) AS recent,
               list({{'issue': issue, 'favor': favor, 'against': against}}
                    ORDER BY favor + against DESC) AS issues
        FROM t JOIN corpus_entities e USING (entity_id)
        GROUP BY ALL ORDER BY positions DESC, t.entity_id LIMIT $limit""",
        params,
    ).fetchall()
    keys = ("entity_id", "name", "kind", "positions", "recent", "issues")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for h in out:
        share = h["recent"] / h["positions"] if h["positions"] else 0.0
        h["trend"] = "rising" if share > 0.4 else "fading" if not h["recent"] else "steady"
    return out


def stance_shifts(
    store: Store,
    *,
    actor: ActorRef | None = None,
    issue: str | None = None,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    min_count: int = 2,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Holders whose balance on an issue changed sign between two periods, with evidence."""
    rows = stance_series(
        store, actor=actor, issue=issue, by=by, since=since, until=until, limit=10_000
    )
    shifts = []
    prev: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["entity_id"], r["issue"])
        before = prev.get(key)
        if r["net"] != 0:
            if (
                before is not None
                and (before["net"] > 0) != (r["net"] > 0)
                and before["favor"] + before["against"] + r["favor"] + r["against"] >= min_count
            ):
                shifts.append(
                    {
                        "entity_id": r["entity_id"],
                        "name": r["name"],
                        "issue": r["issue"],
                        "from": "favor" if before["net"] > 0 else "against",
                        "to": "favor" if r["net"] > 0 else "against",
                        "before": before["period"],
                        "after": r["period"],
                    }
                )
            prev[key] = r
    shifts.sort(key=lambda s: (s["after"], s["entity_id"]), reverse=True)
    shifts = shifts[: checked_limit(limit)]
    for sh in shifts:  # evidence for the shifts kept only
        sh["evidence_before"] = _evidence(
            store, sh["entity_id"], sh["issue"], sh["before"], by, last=True
        )
        sh["evidence_after"] = _evidence(
            store, sh["entity_id"], sh["issue"], sh["after"], by, last=False
        )
    return shifts


def _evidence(
    store: Store, entity: str, issue: str, period: date, by: str, last: bool
) -> dict[str, Any] | None:
    order = "DESC" if last else "ASC"
    row = store.con.execute(
        f"""
        SELECT s.doc_id, s.stance, s.evidence_start, s.evidence_end, d.published, ar.title,
               ar.source,
               substr(ar.text, s.evidence_start + 1, s.evidence_end - s.evidence_start)
        FROM stances s
        JOIN corpus_actor_entities l ON l.doc_id = s.doc_id AND l.actor_id = s.actor
        JOIN corpus_documents d ON d.doc_id = s.doc_id
        LEFT JOIN articles ar ON ar.id = s.doc_id
        WHERE l.entity_id = ? AND s.issue = ? AND date_trunc(?, d.published)::DATE = ?
          AND s.stance IN ('favor', 'against')
        ORDER BY d.published {order}, s.doc_id LIMIT 1""",
        [entity, issue, by, period],
    ).fetchall()
    if not row:
        return None
    keys = ("doc_id", "stance", "start", "end", "published", "title", "outlet", "text")
    return dict(zip(keys, row[0], strict=True))
