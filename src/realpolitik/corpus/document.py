"""One stored document with every record placed on its text: the dashboard's document page.

`document_layers` reads the flat record tables (not the document JSON), so a page of a
long article costs a few indexed lookups; every span is a pair of character offsets into
`text`, the text the records were extracted from.
"""

from __future__ import annotations

from typing import Any

from ..store import Store

LAYERS = ("actor", "event", "argument", "quote", "stance")


def document_layers(store: Store, doc_id: str) -> dict[str, Any] | None:
    """{"doc_id", "title", "url", "outlet", "author", "published", "story_id", "text",
    "spans": [{"layer", "start", "end", "record"}...], "actors", "events", "quotes",
    "stances"}; None when the store has no such document."""
    con = store.con
    rows = con.execute(
        """
        SELECT d.id, coalesce(a.title, d.document->>'title'), coalesce(a.url, d.document->>'url'),
               coalesce(a.source, d.document->>'source'), coalesce(a.author, d.document->>'author'),
               d.published, c.story_id, coalesce(a.text, d.document->>'text')
        FROM documents d LEFT JOIN articles a ON a.id = d.id
        LEFT JOIN corpus_documents c ON c.doc_id = d.id
        WHERE d.id = ?""",
        [doc_id],
    ).fetchall()
    if not rows:
        return None
    keys = ("doc_id", "title", "url", "outlet", "author", "published", "story_id", "text")
    out: dict[str, Any] = dict(zip(keys, rows[0], strict=True))
    actors, events, quotes, stances = _records(con, doc_id)
    spans = _spans(actors, events, quotes, stances)
    n = len(out["text"] or "")
    out["spans"] = [
        s
        for s in spans
        if s["start"] is not None and s["end"] is not None and 0 <= s["start"] < s["end"] <= n
    ]
    out.update(actors=actors, events=events, quotes=quotes, stances=stances)
    return out


def _records(con: Any, doc_id: str) -> tuple[list, list, list, list]:
    """The document's actors (with mentions), events, quotes and stances, from the tables."""
    actors = _rows(
        con,
        """
        SELECT a.actor_id, a.name, a.code, a.kind, a.wikidata, l.entity_id,
               list({'start': m.start, 'end': m."end", 'text': m.text} ORDER BY m.start)
        FROM actors a
        LEFT JOIN corpus_actor_entities l ON l.doc_id = a.doc_id AND l.actor_id = a.actor_id
        LEFT JOIN actor_mentions m ON m.doc_id = a.doc_id AND m.actor_id = a.actor_id
        WHERE a.doc_id = ? GROUP BY ALL ORDER BY min(m.start) NULLS LAST, a.actor_id""",
        doc_id,
        ("actor_id", "name", "code", "kind", "wikidata", "entity_id", "mentions"),
    )
    events = _rows(
        con,
        """
        SELECT event_id, source_actor, source_text, trigger_text, target_actor, target_text,
               cameo, plover, quad_class, goldstein, factuality, date, trigger_start,
               trigger_end, sentence_start, sentence_end, source_start, source_end,
               target_start, target_end, main_event
        FROM events WHERE doc_id = ? ORDER BY trigger_start, event_id""",
        doc_id,
        (
            "event_id",
            "source_actor",
            "source",
            "trigger",
            "target_actor",
            "target",
            "cameo",
            "plover",
            "quad_class",
            "goldstein",
            "factuality",
            "date",
            "start",
            "end",
            "sentence_start",
            "sentence_end",
            "source_start",
            "source_end",
            "target_start",
            "target_end",
            "main_event",
        ),
    )
    quotes = _rows(
        con,
        """
        SELECT quote_id, kind, speaker_actor, speaker_text, cue_text, content_text,
               content_start, content_end, speaker_start, speaker_end
        FROM quotes WHERE doc_id = ? ORDER BY content_start, quote_id""",
        doc_id,
        (
            "quote_id",
            "kind",
            "speaker_actor",
            "speaker",
            "cue",
            "content",
            "start",
            "end",
            "speaker_start",
            "speaker_end",
        ),
    )
    stances = _rows(
        con,
        """
        SELECT actor, issue, stance, evidence_start, evidence_end
        FROM stances WHERE doc_id = ? ORDER BY evidence_start""",
        doc_id,
        ("actor", "issue", "stance", "start", "end"),
    )
    return actors, events, quotes, stances


def _spans(actors: list, events: list, quotes: list, stances: list) -> list[dict[str, Any]]:
    """Every record as a span of the text, with the layer it belongs to and its label."""
    names = {a["actor_id"]: a["name"] for a in actors}
    entities = {a["actor_id"]: a["entity_id"] for a in actors}
    spans: list[dict[str, Any]] = []
    for a in actors:
        a["mentions"] = [m for m in a["mentions"] or [] if m["start"] is not None]
        for m in a["mentions"]:
            spans.append(
                {
                    "layer": "actor",
                    "start": m["start"],
                    "end": m["end"],
                    "record": f"{a['name']} ({a['code'] or a['kind'] or 'actor'})",
                    "entity_id": a["entity_id"],
                }
            )
    for e in events:
        who = f"{e['source'] or names.get(e['source_actor']) or '?'}"
        whom = f"{e['target'] or names.get(e['target_actor']) or '-'}"
        spans.append(
            {
                "layer": "event",
                "start": e["start"],
                "end": e["end"],
                "record": f"CAMEO {e['cameo']} {who} → {whom} ({e['factuality']})",
            }
        )
        for role, name in (("source", who), ("target", whom)):  # the words filling the roles
            spans.append(
                {
                    "layer": "argument",
                    "start": e[f"{role}_start"],
                    "end": e[f"{role}_end"],
                    "record": f"{role} of CAMEO {e['cameo']} ({e['trigger']}): {name}",
                }
            )
    for q in quotes:
        spans.append(
            {
                "layer": "quote",
                "start": q["start"],
                "end": q["end"],
                "record": f"quote of {q['speaker'] or names.get(q['speaker_actor']) or '?'}",
                "entity_id": entities.get(q["speaker_actor"]),
            }
        )
    for s in stances:
        spans.append(
            {
                "layer": "stance",
                "start": s["start"],
                "end": s["end"],
                "record": f"{names.get(s['actor'], s['actor'])}: {s['stance']} {s['issue']}",
            }
        )
    return spans


def _rows(con: Any, sql: str, doc_id: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [dict(zip(keys, r, strict=True)) for r in con.execute(sql, [doc_id]).fetchall()]
