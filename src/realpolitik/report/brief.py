"""What a report shows, as plain data: `build_brief(documents, focus)` -> a dict the renderers read.

The brief gathers, for one focal actor: the documents covered, the opportunities-and-risks
assessment (`realpolitik.stance.assess`), key quotes, the actor network (who acts on whom,
cooperation or conflict), a cooperation/conflict timeline per dyad for a corpus spanning more
than one date, and a templated summary paragraph. Everything is derived from the Documents'
records; nothing is generated. Every piece of evidence carries its document's id, title, url
and date, so a renderer can link it to its source without looking anything up.

    {
      "title": "Opportunities and risks for Russia",
      "focus": {"code": "RUS", "name": "Russia", "query": "Russia"},
      "period": {"since", "until", "first", "last"},      # asked for, and the articles' dates
      "documents": [{"id", "title", "url", "source", "author", "published", "events", "quotes"}],
      "assessment": {...},                                # `stance.assess`, evidence linked
      "quotes": [{"speaker", "code", "text", "doc_id", "title", "url", "published", ...}],
      "network": {"nodes": [{"code", "name", "events", "focus"}],
                  "edges": [{"source", "target", "cooperation", "conflict", "goldstein",
                             "triggers"}], "omitted", "cooperation", "conflict"},
      "timeline": None | {"unit": "day" | "week", "first", "last",
                          "dyads": [{"focus", "counterpart", "name", "events",
                                     "points": [{"date", "cooperation", "conflict",
                                                 "goldstein"}]}]},
      "summary": "Across 1 article (7 March 2025), ...",
      "counts": {"documents", "events", "quotes", "stances", "actors"},
      "version": "0.1.0",
    }
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..actors.codes import counterpart, is_code, segments
from ..actors.codes import in_focus as matches
from ..records import Document

NETWORK_FACTUALITY = ("asserted", "attempted")  # what happened or was tried, not what may
MAX_NODES = 14  # actors shown in the network figure; the rest are counted as omitted
MAX_QUOTES = 8
MAX_QUOTES_PER_SPEAKER = 2
MAX_DYADS = 4
WEEKLY_AFTER_DAYS = 60  # a timeline spanning more days than this counts by week

SECTOR_NAMES = {
    "GOV": "government",
    "MIL": "military",
    "MED": "media",
    "ELI": "elites",
    "OPP": "opposition",
    "CVL": "civilians",
    "BUS": "business",
    "LEG": "legislature",
    "JUD": "judiciary",
    "SPY": "intelligence",
    "COP": "police",
    "REB": "rebels",
    "PTY": "parties",
    "LAB": "labour",
    "REF": "refugees",
    "EDU": "education",
    "HRI": "human-rights groups",
    "NGO": "NGOs",
    "IGO": "international organisations",
}

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = re.compile(r"\W+")


class FocusError(ValueError):
    """A focus that is neither an actor code nor a name the knowledge base knows."""


# --- the focal actor ---------------------------------------------------------------------


def resolve_focus(query: str, on: date | None = None, kb: Any = None) -> dict[str, str]:
    """`{"code", "name", "query"}` for a focus given as a CAMEO code (RUS, RUSGOV) or a name
    ("Russia", "Putin", resolved in the actor knowledge base on `on`). Raises FocusError."""
    from ..actors.kb import load_kb
    from ..actors.lookup import lookup_actor

    text = (query or "").strip()
    if not text:
        raise FocusError("the focus is empty: give an actor code (RUS, RUSGOV) or a name")
    kb = kb if kb is not None else load_kb()
    if _is_code(text, kb):
        return {"code": text, "name": code_name(text, kb), "query": query}
    found = lookup_actor(text, kb, on=on)
    if found.code and not found.code.startswith("~"):
        chosen = next((e for e in found.entries if e.chosen), None)
        name = chosen.name if chosen else code_name(found.code, kb)
        return {"code": found.code, "name": name, "query": query}
    if _is_code(text.upper(), kb):
        return {"code": text.upper(), "name": code_name(text.upper(), kb), "query": query}
    hint = f" (did you mean: {', '.join(found.suggestions)}?)" if found.suggestions else ""
    raise FocusError(
        f"unknown focus {query!r}: not an actor code (like RUS or RUSGOV) nor a name in the "
        f"actor knowledge base{hint}; `realpolitik actors lookup NAME` shows what a name "
        "resolves to"
    )


def _is_code(text: str, kb: Any) -> bool:
    return is_code(text, kb.countries)


def code_name(code: str, kb: Any = None) -> str:
    """A readable name for an actor code: RUS -> Russia, RUSGOV -> Russia (government)."""
    if kb is None:
        from ..actors.kb import load_kb

        kb = load_kb()
    head = kb.country_name(code[:3])
    sectors = [SECTOR_NAMES.get(s, s) for s in segments(code[3:])]
    return f"{head} ({', '.join(sectors)})" if sectors else head


# --- the brief ---------------------------------------------------------------------------


@dataclass
class _Ctx:
    focus: dict[str, str]
    docs: list[Document]
    by_id: dict[str, dict[str, Any]]  # document id -> its entry in brief["documents"]
    kb: Any


def build_brief(
    documents: Iterable[Document],
    focus: str,
    since: str | date | None = None,
    until: str | date | None = None,
    *,
    assessment: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything a report on `focus` shows, from the documents published in [since, until].

    `assessment` is one already made (the `assess` contract); by default `assess` runs here.
    """
    from ..actors.kb import load_kb
    from ..stance.assess import assess

    since_s, until_s = _iso(since), _iso(until)
    docs = [d for d in documents if _in_range(d.published, since_s, until_s)]
    docs.sort(key=lambda d: (d.published or "", d.id))
    kb = load_kb()
    on = date.fromisoformat(until_s) if until_s else _latest(docs)
    resolved = resolve_focus(focus, on=on, kb=kb)
    entries = [_document_entry(d) for d in docs]
    ctx = _Ctx(resolved, docs, {e["id"]: e for e in entries}, kb)

    if assessment is None:
        assessment = assess(docs, resolved["code"])
    assessment = copy.deepcopy(assessment)
    given = assessment.get("focus") or {}
    named_by_code = focus.strip().upper() == resolved["code"]
    if named_by_code and given.get("name") and given.get("name") != given.get("code"):
        resolved["name"] = given["name"]  # the assessment may know a better name for a code
    _link_evidence(assessment, ctx)

    dates = sorted(d.published for d in docs if d.published)
    network = actor_network(ctx)
    brief: dict[str, Any] = {
        "title": f"Opportunities and risks for {resolved['name']}",
        "focus": resolved,
        "period": {
            "since": since_s,
            "until": until_s,
            "first": dates[0] if dates else None,
            "last": dates[-1] if dates else None,
        },
        "documents": entries,
        "assessment": assessment,
        "quotes": key_quotes(ctx, assessment),
        "network": network,
        "timeline": dyad_timeline(ctx),
        "counts": {
            "documents": len(docs),
            "events": sum(len(d.events) for d in docs),
            "quotes": sum(len(d.quotes) for d in docs),
            "stances": sum(len(d.stances) for d in docs),
            "actors": len({a.code or a.name for d in docs for a in d.actors}),
        },
        "version": __version__,
    }
    brief["summary"] = summarize(brief)
    return brief


def _iso(day: str | date | None) -> str | None:
    if day is None or day == "":
        return None
    if isinstance(day, date):
        return day.isoformat()
    return date.fromisoformat(str(day)).isoformat()  # ValueError names a bad date


def _in_range(published: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not published:
        return False  # an undated document cannot be placed in a date range
    day = published[:10]
    return (since is None or day >= since) and (until is None or day <= until)


def _latest(docs: list[Document]) -> date | None:
    days = [d.published[:10] for d in docs if d.published and _ISO_DAY.match(d.published[:10])]
    return date.fromisoformat(max(days)) if days else None


def _document_entry(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "author": doc.author,
        "published": doc.published,
        "events": len(doc.events),
        "quotes": len(doc.quotes),
    }


def _link_evidence(assessment: dict[str, Any], ctx: _Ctx) -> None:
    """Give every evidence span its document's title, url and date (in place)."""
    spans: list[dict[str, Any]] = []
    for key in ("opportunities", "risks", "stances"):
        for item in assessment.get(key) or []:
            spans.extend(item.get("evidence") or [])
    for faction in assessment.get("factions") or []:
        for stance in faction.get("stances") or []:
            spans.extend(stance.get("evidence") or [])
    only = ctx.docs[0].id if len(ctx.docs) == 1 else None
    texts = {d.id: d.text for d in ctx.docs}
    for ev in spans:
        doc_id = ev.get("doc_id") or only
        ev["doc_id"] = doc_id
        entry = ctx.by_id.get(doc_id or "", {})
        ev.setdefault("title", entry.get("title"))
        ev.setdefault("url", entry.get("url"))
        ev.setdefault("source", entry.get("source"))
        ev.setdefault("published", entry.get("published"))
        if not ev.get("text") and doc_id in texts and "start" in ev and "end" in ev:
            ev["text"] = texts[doc_id][ev["start"] : ev["end"]]


# --- key quotes --------------------------------------------------------------------------


def key_quotes(ctx: _Ctx, assessment: dict[str, Any], limit: int = MAX_QUOTES) -> list[dict]:
    """The quotes most worth reading: by or about the focus, or by a faction, first."""
    focus = ctx.focus["code"]
    faction_codes = {f.get("code") for f in assessment.get("factions") or [] if f.get("code")}
    faction_names = {
        (f.get("name") or "").casefold() for f in assessment.get("factions") or [] if f.get("name")
    }
    ranked = []
    for order, (doc, quote) in enumerate((d, q) for d in ctx.docs for q in d.quotes):
        content = quote.get("content") or {}
        text = (content.get("text") or "").strip()
        if not text:
            continue
        actors = {a.id: a for a in doc.actors}
        speaker = quote.get("speaker") or {}
        actor = actors.get(speaker.get("actor") or "")
        code = speaker.get("code") or (actor.code if actor else None)
        name = (actor.name if actor else None) or speaker.get("text") or "unattributed"
        by_focus = matches(code, focus)
        by_faction = code in faction_codes or any(
            n and n in (f"{name} {speaker.get('text') or ''}").casefold() for n in faction_names
        )
        about_focus = any(
            matches(a.code, focus)
            and any(
                content.get("start", 0) <= m.start and m.end <= content.get("end", 0)
                for m in a.mentions
            )
            for a in doc.actors
        )
        score = 3 * by_focus + 2 * by_faction + 1 * about_focus + 1 * bool(code or actor)
        score += 0.5 * (quote.get("kind") == "direct") + 0.5 * (len(text) >= 40)
        ranked.append(
            (
                -score,
                order,
                {
                    "speaker": name,
                    "code": code,
                    "text": text,
                    "kind": quote.get("kind"),
                    "doc_id": doc.id,
                    "title": doc.title,
                    "url": doc.url,
                    "source": doc.source,
                    "published": doc.published,
                    "start": content.get("start"),
                    "end": content.get("end"),
                    "by_focus": by_focus,
                    "by_faction": by_faction,
                    "about_focus": about_focus,
                },
            )
        )
    ranked.sort(key=lambda r: (r[0], r[1]))
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    per_speaker: Counter[str] = Counter()
    for _, _, q in ranked:  # one copy of a syndicated quote, and a few voices, not one
        key = _WORDS.sub(" ", q["text"].casefold()).strip()
        if key in seen or per_speaker[q["speaker"]] >= MAX_QUOTES_PER_SPEAKER:
            continue
        seen.add(key)
        per_speaker[q["speaker"]] += 1
        kept.append(q)
        if len(kept) == limit:
            break
    return kept


# --- the actor network -------------------------------------------------------------------


def kind_of(event: dict[str, Any]) -> str | None:
    """cooperation (quad class 1-2), conflict (3-4), or None (neutral or uncoded)."""
    quad = event.get("quad_class")
    if quad in (1, 2):
        return "cooperation"
    if quad in (3, 4):
        return "conflict"
    return None


def _coded_events(ctx: _Ctx) -> Iterable[tuple[Document, dict[str, Any], str, str, str]]:
    """(doc, event, source code, target code, kind) for the events the figures count."""
    for doc in ctx.docs:
        for ev in doc.events:
            if ev.get("factuality") not in NETWORK_FACTUALITY:
                continue
            src = (ev.get("source") or {}).get("code")
            tgt = (ev.get("target") or {}).get("code")
            kind = kind_of(ev)
            if src and tgt and src != tgt and kind:
                yield doc, ev, src, tgt, kind


MAX_EDGE_EVIDENCE = 3  # events kept as evidence of each edge of the network


def actor_network(ctx: _Ctx, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """Nodes (actor codes) and directed edges with cooperation/conflict counts."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    weight: Counter[str] = Counter()
    for doc, ev, src, tgt, kind in _coded_events(ctx):
        edge = edges.setdefault(
            (src, tgt),
            {
                "source": src,
                "target": tgt,
                "cooperation": 0,
                "conflict": 0,
                "goldstein": 0.0,
                "triggers": [],
                "evidence": [],
            },
        )
        if len(edge["evidence"]) < MAX_EDGE_EVIDENCE:
            edge["evidence"].append(_event_evidence(doc, ev))
        edge[kind] += 1
        edge["goldstein"] = round(edge["goldstein"] + float(ev.get("goldstein") or 0.0), 2)
        trigger = (ev.get("trigger") or {}).get("text")
        if trigger and trigger not in edge["triggers"]:
            edge["triggers"].append(trigger)
        weight[src] += 1
        weight[tgt] += 1
    focus = ctx.focus["code"]
    ranked = sorted(weight, key=lambda c: (not matches(c, focus), -weight[c], c))
    kept = set(ranked[:max_nodes])
    names = _names_by_code(ctx)
    nodes = [
        {
            "code": c,
            "name": names.get(c) or code_name(c, ctx.kb),
            "events": weight[c],
            "focus": matches(c, focus),
        }
        for c in sorted(kept, key=lambda c: (c[:3], c))  # a country's actors side by side
    ]
    kept_edges = [e for k, e in sorted(edges.items()) if k[0] in kept and k[1] in kept]
    return {
        "nodes": nodes,
        "edges": kept_edges,
        "omitted": len(weight) - len(kept),
        "cooperation": sum(e["cooperation"] for e in edges.values()),
        "conflict": sum(e["conflict"] for e in edges.values()),
    }


def _event_evidence(doc: Any, ev: dict[str, Any]) -> dict[str, Any]:
    """Where an event's words are: the document, and the spans of source, trigger, target."""

    def span(part: dict[str, Any] | None) -> dict[str, Any] | None:
        if not part or part.get("start") is None:
            return None
        return {"start": part["start"], "end": part["end"], "text": part.get("text")}

    return {
        "document": doc.id,
        "source": span(ev.get("source")),
        "trigger": span(ev.get("trigger")),
        "target": span(ev.get("target")),
    }


def _names_by_code(ctx: _Ctx) -> dict[str, str]:
    """The most mentioned name of each code across the documents: RUSGOV -> Kremlin."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in ctx.docs:
        for a in doc.actors:
            if a.code and a.kind not in ("location",):
                counts[a.code][a.name] += max(1, len(a.mentions))
    out = {}
    for code, names in counts.items():
        country = ctx.kb.countries.get(code)
        out[code] = country.name if country else names.most_common(1)[0][0]
    return out


# --- the timeline ------------------------------------------------------------------------


def dyad_timeline(ctx: _Ctx, max_dyads: int = MAX_DYADS) -> dict[str, Any] | None:
    """Cooperation and conflict per day (or week) between the focus and its top counterparts.

    An event is dated by the article that reports it (its published date, else the event's own
    full date). None when the documents span a single date: there is no time to plot.
    """
    focus = ctx.focus["code"]
    rows: list[tuple[str, str, str, float]] = []  # (day, counterpart, kind, goldstein)
    for doc, ev, src, tgt, kind in _coded_events(ctx):
        if matches(src, focus) == matches(tgt, focus):
            continue
        other = counterpart(tgt if matches(src, focus) else src, focus)
        day = (doc.published or "")[:10] or (ev.get("date") or "")
        if _ISO_DAY.match(day):
            rows.append((day, other, kind, float(ev.get("goldstein") or 0.0)))
    doc_days = {(d.published or "")[:10] for d in ctx.docs if d.published}
    if len(doc_days) < 2 or len({r[0] for r in rows}) < 1:
        return None
    first = date.fromisoformat(min(doc_days))
    last = date.fromisoformat(max(doc_days))
    unit = "week" if (last - first).days > WEEKLY_AFTER_DAYS else "day"
    step = timedelta(days=7 if unit == "week" else 1)

    def bucket(day: str) -> date:
        d = date.fromisoformat(day)
        return d - timedelta(days=d.weekday()) if unit == "week" else d

    start, end = bucket(first.isoformat()), bucket(last.isoformat())
    slots = []
    while start <= end:
        slots.append(start)
        start += step
    totals = Counter(r[1] for r in rows)
    top = sorted(totals, key=lambda c: (-totals[c], c))[:max_dyads]
    names = _names_by_code(ctx)
    dyads = []
    for other in top:
        cells: dict[date, dict[str, Any]] = {
            s: {"cooperation": 0, "conflict": 0, "goldstein": []} for s in slots
        }
        for day, who, kind, g in rows:
            if who == other:
                cell = cells[bucket(day)]
                cell[kind] += 1
                cell["goldstein"].append(g)
        points = [
            {
                "date": s.isoformat(),
                "cooperation": c["cooperation"],
                "conflict": c["conflict"],
                "goldstein": round(sum(c["goldstein"]) / len(c["goldstein"]), 2)
                if c["goldstein"]
                else None,
            }
            for s, c in cells.items()
        ]
        dyads.append(
            {
                "focus": focus,
                "counterpart": other,
                "name": names.get(other) or code_name(other, ctx.kb),
                "events": totals[other],
                "points": points,
            }
        )
    if not dyads:
        return None
    return {
        "unit": unit,
        "first": slots[0].isoformat(),
        "last": slots[-1].isoformat(),
        "dyads": dyads,
    }


# --- the summary -------------------------------------------------------------------------


def format_day(day: str | None) -> str:
    """2025-03-07 -> 7 March 2025 (other strings as they are)."""
    if not day or not _ISO_DAY.match(day[:10]):
        return day or ""
    d = date.fromisoformat(day[:10])
    return f"{d.day} {d.strftime('%B')} {d.year}"


def format_period(first: str | None, last: str | None) -> str:
    """A date range in words: '7 March 2025', '28 February – 7 March 2025'."""
    if not first:
        return "undated"
    if not last or first[:10] == last[:10]:
        return format_day(first)
    a, b = format_day(first), format_day(last)
    if first[:4] == last[:4] and _ISO_DAY.match(first[:10]):
        a = a.rsplit(" ", 1)[0]
        if first[:7] == last[:7]:
            a = a.split(" ", 1)[0]
    return f"{a} – {b}"


def _quoted(item: dict[str, Any]) -> str:
    return f"“{(item.get('summary') or '').strip().rstrip('.')}”"


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summarize(brief: dict[str, Any]) -> str:
    """A short paragraph written from the brief's data (templated: no generative model)."""
    name = brief["focus"]["name"]
    period = brief["period"]
    n_docs = brief["counts"]["documents"]
    a = brief["assessment"]
    opportunities, risks = a.get("opportunities") or [], a.get("risks") or []
    if n_docs == 0:
        return f"No articles were found for {name} in this period."
    period_words = format_period(period["first"], period["last"])
    out = [f"Across {_plural(n_docs, 'article')} ({period_words})"]
    if opportunities:
        out.append(
            f", the coverage sees {_plural(len(opportunities), 'opportunity', 'opportunities')} "
            f"for {name}, led by {_quoted(opportunities[0])}"
        )
        if risks:
            out.append(f"; the main risk is {_quoted(risks[0])}")
        out.append(".")
    elif risks:
        out.append(
            f", the coverage sees no clear opportunity for {name} but "
            f"{_plural(len(risks), 'risk')}, the main one {_quoted(risks[0])}."
        )
    else:
        out.append(f", no opportunities or risks for {name} were identified.")
    disagreements = _disagreements(a)
    if disagreements:
        out.append(" Factions disagree on " + _join(disagreements) + ".")
    net = brief["network"]
    coded = net["cooperation"] + net["conflict"]
    if coded:
        out.append(
            f" The articles report {_plural(coded, 'event')} between coded actors: "
            f"{net['cooperation']} cooperative, {net['conflict']} conflictual"
        )
        partners = _counterparts(brief)
        if partners:
            out.append(f"; {name}'s main counterparts are {_join(partners)}")
        out.append(".")
    return "".join(out)


def _disagreements(assessment: dict[str, Any]) -> list[str]:
    """'peace negotiations (technocrats for, nationalists against)' per issue that splits the
    focus's own country's factions; at most three issues, three factions a side."""
    by_issue: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, str] = {}
    country = ((assessment.get("focus") or {}).get("code") or "")[:3]
    for faction in assessment.get("factions") or []:
        if country and faction.get("country") != country:
            continue
        for st in faction.get("stances") or []:
            issue = st.get("issue") or ""
            labels[issue] = st.get("issue_label") or issue.replace("_", " ")
            by_issue[issue][st.get("stance") or ""].append(faction.get("name") or "?")
    out = []
    split = [(i, s) for i, s in by_issue.items() if s.get("favor") and s.get("against")]
    split.sort(key=lambda item: -(len(item[1]["favor"]) + len(item[1]["against"])))
    for issue, sides in split[:3]:
        out.append(
            f"{labels[issue].lower()} ({_join(sides['favor'][:3])} for, "
            f"{_join(sides['against'][:3])} against)"
        )
    return out


def _counterparts(brief: dict[str, Any]) -> list[str]:
    focus = brief["focus"]["code"]
    per: Counter[str] = Counter()
    names = {n["code"]: n["name"] for n in brief["network"]["nodes"]}
    for e in brief["network"]["edges"]:
        for mine, theirs in ((e["source"], e["target"]), (e["target"], e["source"])):
            if matches(mine, focus) and not matches(theirs, focus):
                per[counterpart(theirs, focus)] += e["cooperation"] + e["conflict"]
    return [
        f"{names.get(c) or code_name(c)} ({_plural(n, 'event')})" for c, n in per.most_common(3)
    ]
