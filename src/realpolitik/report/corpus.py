"""The corpus report: what changed, the dyads that matter, and the opportunities and risks
for a focus across a store of many articles, in a few pages.

    corpus_report(store, focus="Donald Trump", since="2016-01-01", format="md")

It leads with what changed in the latest month (`corpus.changes`), then the focus's main
dyads at entity level with their monthly series, the aggregated opportunities and risks
(`corpus.assessment`), factions and stance-holders with counts and shifts, the top speakers,
the outlets side by side and the stories most outlets told. Every list is capped (the rest is
one CLI command away, named under each section); Markdown for 1,000 articles stays well under
60 KB, and the HTML is one self-contained file (inline CSS and SVG, all text escaped).
"""

from __future__ import annotations

import html
import json
from datetime import date, timedelta
from typing import Any

from ..store import Store

CAP = 8
DYADS = 4
SPARK = "▁▂▃▄▅▆▇█"
CHANGE_TESTS = (  # how "What changed" decides, said the same way in both renderings
    "Poisson test, scaled by coverage; warming and cooling: the Goldstein scores of a dyad's "
    "happenings, Mann-Whitney U"
)


def build_corpus_brief(
    store: Store,
    focus: str,
    *,
    level: str = "entity",
    since: str | date | None = None,
    until: str | date | None = None,
    changes_since: str | date | None = None,
) -> dict[str, Any]:
    """Everything the corpus report shows, as plain data (the `--format json` output)."""
    from ..corpus.assessment import assess_corpus
    from ..corpus.changes import changes
    from ..corpus.outlets import outlet_coverage
    from ..corpus.queries import (
        actor_key,
        dyad_series,
        no_period,
        period_bounds,
        resolve,
        stories,
        top_dyads,
    )
    from ..corpus.stances import stance_shifts, top_holders

    q = focus.strip()
    if level == "entity" and q.isalpha() and q.isupper() and len(q) in (3, 6, 9):
        level = "country" if len(q) == 3 else "code"  # RUS, RUSGOV: a code, not one entity
    who = resolve(store, q, level)
    first, last = period_bounds(store)
    since_d = date.fromisoformat(str(since)) if since else first
    until_d = date.fromisoformat(str(until)) if until else last
    if since_d is None or until_d is None:
        raise no_period(store)
    counts = store.con.execute(
        "SELECT count(*), count(DISTINCT outlet) FROM corpus_documents"
        " WHERE published BETWEEN ? AND ?",
        [since_d, until_d],
    ).fetchone()
    recent = (
        date.fromisoformat(str(changes_since))
        if changes_since
        else max(since_d, until_d - timedelta(days=29))
    )
    found = changes(store, since=recent, until=until_d, level="entity", limit=200)
    mine = _mine(store, who)
    dyads = top_dyads(store, actor=who, since=since_d, until=until_d, limit=DYADS)
    for d in dyads:
        other = resolve(store, d["b"], who.level) if who.level == "entity" else None
        if other is None:
            from ..corpus.queries import ActorRef

            other = ActorRef(who.level, d["b"], d["b_name"])
        d["series"] = dyad_series(store, who, other, by="month", since=since_d, until=until_d)
    assessment = assess_corpus(store, who, since=since_d, until=until_d, limit=CAP)
    focus_docs = [
        r[0]
        for r in store.con.execute(
            f"SELECT DISTINCT doc_id FROM corpus_actor_entities WHERE {actor_key(who.level)} = ?"
            " AND published BETWEEN ? AND ?",
            [who.key, since_d, until_d],
        ).fetchall()
    ]
    recent_docs = store.con.execute(
        "SELECT DISTINCT entity_id FROM corpus_actor_entities WHERE doc_id IN ("
        f" SELECT doc_id FROM corpus_actor_entities WHERE {actor_key(who.level)} = ?"
        " AND published BETWEEN ? AND ?)",
        [who.key, found["period"]["start"], found["period"]["end"]],
    ).fetchall()
    near = {r[0] for r in recent_docs}  # named beside the focus in the latest period
    return {
        "title": f"The dynamic around {who.label}",
        "focus": {"level": who.level, "key": who.key, "name": who.label},
        "period": {"since": since_d, "until": until_d},
        "counts": {"articles": counts[0], "outlets": counts[1], "about_focus": len(focus_docs)},
        "changes": {
            "period": found["period"],
            "baseline": found["baseline"],
            "dyads": _some_of_each([d for d in found["dyads"] if mine(d["a"], d["b"])]),
            "elsewhere": [d for d in found["dyads"] if not mine(d["a"], d["b"])][: CAP // 2],
            "actors": [a for a in found["actors"] if a["entity_id"] in near][:CAP],
        },
        "dyads": dyads,
        "rivals": assessment["rivals"],
        "opportunities": assessment["opportunities"],
        "risks": assessment["risks"],
        "holders": top_holders(store, since=since_d, until=until_d, doc_ids=focus_docs, limit=CAP),
        "shifts": stance_shifts(store, since=since_d, until=until_d, limit=5),
        "speakers": _speakers(store, focus_docs),
        "outlets": outlet_coverage(store, who, since=since_d, until=until_d),
        "stories": stories(store, since=since_d, until=until_d, min_sources=2, limit=CAP),
    }


def _some_of_each(flags: list[dict[str, Any]], cap: int = CAP) -> list[dict[str, Any]]:
    """At most `cap` flags, every kind of change represented (a cooling beside the surges)."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for f in flags:
        kinds.setdefault(f["change"], []).append(f)
    picked = [group[0] for group in kinds.values()]
    picked += [f for f in flags if f not in picked][: max(cap - len(picked), 0)]
    return sorted(picked, key=flags.index)[:cap]


def _mine(store: Store, who: Any):
    """Whether an entity-level dyad involves the focus (at the focus's own level)."""
    if who.level == "entity":
        keys = {who.key}
    else:
        col = "code" if who.level == "code" else "substr(code, 1, 3)"
        keys = {
            r[0]
            for r in store.con.execute(
                f"SELECT DISTINCT entity_id FROM corpus_actor_entities WHERE {col} = ?",
                [who.key],
            ).fetchall()
        }

    def involves(a: str, b: str) -> bool:
        return a in keys or b in keys

    return involves


def _speakers(store: Store, doc_ids: list[str]) -> list[dict[str, Any]]:
    rows = store.con.execute(
        """
        SELECT e.name, count(*) AS quotes, count(DISTINCT q.doc_id) AS articles,
               arg_max(q.content_text, length(q.content_text)) AS sample,
               arg_max(q.doc_id, length(q.content_text)) AS doc_id
        FROM quotes q
        JOIN corpus_actor_entities l ON l.doc_id = q.doc_id AND l.actor_id = q.speaker_actor
        JOIN corpus_entities e ON e.entity_id = l.entity_id
        WHERE q.doc_id IN (SELECT unnest(?)) AND e.kind = 'person'
        GROUP BY e.name ORDER BY quotes DESC, e.name LIMIT ?""",
        [doc_ids, CAP],
    ).fetchall()
    keys = ("name", "quotes", "articles", "sample", "doc_id")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# --- Markdown ------------------------------------------------------------------------------


def _spark(values: list[int]) -> str:
    top = max(values, default=0)
    if not top:
        return "·" * len(values)
    return "".join(SPARK[min(len(SPARK) - 1, round(v / top * (len(SPARK) - 1)))] for v in values)


def _clip(text: str | None, n: int = 220) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1].rsplit(" ", 1)[0] + " …"


def _md(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|")


def render_corpus_markdown(b: dict[str, Any]) -> str:
    p, c = b["period"], b["counts"]
    out = [
        f"# {b['title']}",
        "",
        f"{c['articles']} articles from {c['outlets']} outlets, {p['since']} – {p['until']}; "
        f"{c['about_focus']} of them name {b['focus']['name']}.",
        "",
    ]
    if b["rivals"]:
        rivals = ", ".join(f"{r['name']} ({r['conflict']} conflictual)" for r in b["rivals"])
        out += [f"Main counterparts in conflict: {rivals}.", ""]
    ch = b["changes"]
    out += [
        f"## What changed ({ch['period']['start']} – {ch['period']['end']})",
        "",
        f"Against {ch['baseline']['start']} – {ch['baseline']['end']} "
        f"({ch['baseline']['articles']} articles; {CHANGE_TESTS}).",
        "",
    ]
    if not ch["dyads"]:
        out.append(f"- No dyad of {b['focus']['name']} changed significantly.")
    for d in ch["dyads"] + ch["elsewhere"]:
        ev = d["evidence"][0] if d["evidence"] else {}
        where = "" if d in ch["dyads"] else " (elsewhere in the corpus)"
        out.append(
            f"- **{d['change']}** {d['a_name']} – {d['b_name']}{where}: {d['count']} event "
            f"clusters (expected {d['expected']}). “{_clip(ev.get('text'), 160)}” "
            f"({ev.get('outlet')}, {ev.get('first_seen')})"
        )
    for a in ch["actors"]:
        titles = "; ".join(f"{_clip(e['title'], 70)} ({e['outlet']})" for e in a["evidence"][:2])
        out.append(
            f"- **{a['change']}** {a['name']}: named in {a['articles']} articles "
            f"(expected {a['expected']}). {titles}"
        )
    out += ["", "More: `realpolitik changes --since DATE`.", "", "## The dyads that matter", ""]
    for d in b["dyads"]:
        series = d["series"]
        coop = [r["verbal_cooperation"] + r["material_cooperation"] for r in series]
        conf = [r["verbal_conflict"] + r["material_conflict"] for r in series]
        out += [
            f"**{b['focus']['name']} – {d['b_name']}**: {d['clusters']} event clusters "
            f"({d['mentions']} mentions in {d['articles']} articles, {d['outlets']} outlets), "
            f"{d['cooperation']} cooperative, {d['conflict']} conflictual, Goldstein mean "
            f"{d['goldstein_mean']}.",
            "",
            f"    cooperation {_spark(coop)}  conflict {_spark(conf)}  "
            f"(monthly, {series[0]['period'] if series else ''} – "
            f"{series[-1]['period'] if series else ''})",
            "",
        ]
    out += [
        'More: `realpolitik dyads --between "A" "B" --by week`.',
        "",
    ]
    for key, label in (("opportunities", "Opportunities"), ("risks", "Risks")):
        out += [f"## {label} for {b['focus']['name']}", ""]
        if not b[key]:
            out += ["None found.", ""]
        for i, it in enumerate(b[key], 1):
            ev = it["evidence"][0]
            out.append(
                f"{i}. **{_clip(it['summary'], 200)}** — {it['num_articles']} article(s), "
                f"{it['num_sources']} outlet(s), {it['first_seen']} – {it['last_seen']}, "
                f"{it['trend']}. Evidence: {ev.get('outlet')}, {ev.get('published')} "
                f"(`{ev['doc_id']}` {ev['start']}–{ev['end']})."
            )
        out.append("")
    out += ["## Factions and stance-holders", ""]
    if b["holders"]:
        out += [
            "| holder | positions | last quarter | trend | main issues (favour/against) |",
            "|---|---|---|---|---|",
        ]
        for h in b["holders"]:
            issues = ", ".join(
                f"{i['issue']} {i['favor']}/{i['against']}" for i in (h["issues"] or [])[:3]
            )
            out.append(
                f"| {_md(h['name'])} | {h['positions']} | {h['recent']} | {h['trend']} | {issues} |"
            )
    for s in b["shifts"]:
        ev = s["evidence_after"] or {}
        out.append(
            f"- {s['name']} on {s['issue']}: {s['from']} ({s['before']}) → {s['to']} "
            f"({s['after']}). “{_clip(ev.get('text'), 140)}”"
        )
    out += ["", "More: `realpolitik stances --actor NAME`, `--shifts`.", "", "## Top speakers", ""]
    for s in b["speakers"]:
        out.append(
            f"- **{s['name']}**: {s['quotes']} quotes in {s['articles']} articles. "
            f"“{_clip(s['sample'], 140)}”"
        )
    out += ["", "## Outlets side by side", ""]
    out += [
        "| outlet | articles on focus | events | coop/conflict | Goldstein to focus |"
        " quotes most |",
        "|---|---|---|---|---|---|",
    ]
    for o in b["outlets"]:
        quoted = ", ".join(f"{q['name']} ({q['quotes']})" for q in o["speakers"][:3])
        out.append(
            f"| {_md(o['outlet'])} | {o['articles']} ({o['share']:.0%}) | {o['clusters']} | "
            f"{o['cooperation']}/{o['conflict']} | {o['goldstein_to_focus']} | {_md(quoted)} |"
        )
    out += ["", "## Stories told by most outlets", ""]
    for s in b["stories"]:
        out.append(
            f"- {_clip(s['title'], 110)} — {s['num_articles']} articles, {s['num_sources']} "
            f"outlets, {s['first_seen']} – {s['last_seen']}"
        )
    out += [
        "",
        "---",
        "Counts are event clusters (a happening once, however many articles report it); only "
        "asserted and attempted events. Full lists: `realpolitik dyads|changes|stances|outlets "
        "--format csv`.",
        "",
    ]
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:980px;margin:2em auto;
padding:0 1em;color:#1d2330}h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.8em;
border-bottom:1px solid #dde;padding-bottom:.2em}.lede{color:#445}.flag{display:inline-block;
min-width:5.5em;font-weight:600}.surge,.new,.emerging,.cooling{color:#b3261e}.drop{color:#1565c0}.warming{color:#2e7d32}
.grid{display:grid;grid-template-columns:repeat(2,1fr);gap:1em}.card{border:1px solid #dde;
border-radius:8px;padding:.7em 1em}.card h3{margin:.1em 0 .4em;font-size:1em}table{border-collapse:
collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:.3em .5em;
text-align:left;vertical-align:top}.ev{color:#555;font-size:.88em}.meta{color:#667;font-size:.85em}
ol li{margin-bottom:.6em}.opp{color:#1b5e20}.risk{color:#b3261e}.legend span{margin-right:1em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""))


def _bars(series: list[dict[str, Any]], width: int = 420, height: int = 90) -> str:
    """Monthly cooperation (green, up) and conflict (red, down) bars, as inline SVG."""
    if not series:
        return ""
    n = len(series)
    coop = [r["verbal_cooperation"] + r["material_cooperation"] for r in series]
    conf = [r["verbal_conflict"] + r["material_conflict"] for r in series]
    top = max(coop + conf + [1])
    mid, bw = height / 2, width / n
    parts = [f'<svg width="{width}" height="{height + 14}" role="img">']
    parts.append(f'<line x1="0" x2="{width}" y1="{mid}" y2="{mid}" stroke="#999"/>')
    for k, r in enumerate(series):
        x = k * bw + 1
        h1, h2 = coop[k] / top * (mid - 2), conf[k] / top * (mid - 2)
        tip = _e(f"{r['period']}: {coop[k]} cooperative, {conf[k]} conflictual")
        parts.append(
            f'<rect x="{x:.1f}" y="{mid - h1:.1f}" width="{bw - 2:.1f}" height="{h1:.1f}" '
            f'fill="#2e7d32"><title>{tip}</title></rect>'
            f'<rect x="{x:.1f}" y="{mid:.1f}" width="{bw - 2:.1f}" height="{h2:.1f}" '
            f'fill="#c62828"><title>{tip}</title></rect>'
        )
    parts.append(
        f'<text x="0" y="{height + 12}" font-size="10" fill="#667">{_e(series[0]["period"])}'
        f'</text><text x="{width}" y="{height + 12}" font-size="10" fill="#667" '
        f'text-anchor="end">{_e(series[-1]["period"])}</text></svg>'
    )
    return "".join(parts)


def render_corpus_html(b: dict[str, Any]) -> str:
    p, c, ch = b["period"], b["counts"], b["changes"]
    h = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(b['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(b['title'])}</h1>",
        f"<p class='lede'>{_e(c['articles'])} articles from {_e(c['outlets'])} outlets, "
        f"{_e(p['since'])} – {_e(p['until'])}; {_e(c['about_focus'])} name "
        f"{_e(b['focus']['name'])}.",
    ]
    if b["rivals"]:
        h.append(
            " Main counterparts in conflict: "
            + ", ".join(f"{_e(r['name'])} ({_e(r['conflict'])})" for r in b["rivals"])
            + "."
        )
    h.append("</p>")
    h.append(
        f"<h2>What changed, {_e(ch['period']['start'])} – {_e(ch['period']['end'])}</h2>"
        f"<p class='meta'>Against {_e(ch['baseline']['start'])} – {_e(ch['baseline']['end'])} "
        f"({_e(ch['baseline']['articles'])} articles; {_e(CHANGE_TESTS)}).</p><ul>"
    )
    if not ch["dyads"]:
        h.append(f"<li>No dyad of {_e(b['focus']['name'])} changed significantly.</li>")
    for d in ch["dyads"] + ch["elsewhere"]:
        ev = d["evidence"][0] if d["evidence"] else {}
        where = "" if d in ch["dyads"] else " <span class='meta'>(elsewhere)</span>"
        h.append(
            f"<li><span class='flag {_e(d['change'])}'>{_e(d['change'])}</span> "
            f"<b>{_e(d['a_name'])} – {_e(d['b_name'])}</b>{where}: {_e(d['count'])} event clusters "
            f"(expected {_e(d['expected'])})<div class='ev'>“{_e(_clip(ev.get('text'), 200))}” "
            f"— {_e(ev.get('outlet'))}, {_e(ev.get('first_seen'))}</div></li>"
        )
    for a in ch["actors"]:
        titles = "; ".join(f"{_clip(e['title'], 70)} ({e['outlet']})" for e in a["evidence"][:2])
        h.append(
            f"<li><span class='flag {_e(a['change'])}'>{_e(a['change'])}</span> "
            f"<b>{_e(a['name'])}</b>: named in {_e(a['articles'])} articles (expected "
            f"{_e(a['expected'])})<div class='ev'>{_e(titles)}</div></li>"
        )
    h.append("</ul><h2>The dyads that matter</h2><p class='legend meta'>")
    h.append("<span style='color:#2e7d32'>■ cooperation</span>")
    h.append("<span style='color:#c62828'>■ conflict</span> event clusters per month</p>")
    h.append("<div class='grid'>")
    for d in b["dyads"]:
        h.append(
            f"<div class='card'><h3>{_e(b['focus']['name'])} – {_e(d['b_name'])}</h3>"
            f"{_bars(d['series'])}<div class='meta'>{_e(d['clusters'])} clusters, "
            f"{_e(d['articles'])} articles, {_e(d['outlets'])} outlets; Goldstein mean "
            f"{_e(d['goldstein_mean'])}</div></div>"
        )
    h.append("</div>")
    for key, label, cls in (
        ("opportunities", "Opportunities", "opp"),
        ("risks", "Risks", "risk"),
    ):
        h.append(f"<h2 class='{cls}'>{label} for {_e(b['focus']['name'])}</h2><ol>")
        for it in b[key]:
            ev = it["evidence"][0]
            h.append(
                f"<li><b>{_e(_clip(it['summary'], 200))}</b><div class='meta'>"
                f"{_e(it['num_articles'])} article(s), {_e(it['num_sources'])} outlet(s), "
                f"{_e(it['first_seen'])} – {_e(it['last_seen'])}, {_e(it['trend'])}</div>"
                f"<div class='ev'>“{_e(_clip(ev.get('text'), 260))}” — {_e(ev.get('outlet'))}, "
                f"{_e(ev.get('published'))} <code>{_e(ev['doc_id'])}</code> "
                f"{_e(ev['start'])}–{_e(ev['end'])}</div></li>"
            )
        h.append("</ol>")
    h.append("<h2>Factions and stance-holders</h2><table><tr><th>holder</th>")
    h.append("<th>positions</th><th>last quarter</th><th>trend</th>")
    h.append("<th>main issues (favour/against)</th></tr>")
    for x in b["holders"]:
        issues = ", ".join(
            f"{i['issue']} {i['favor']}/{i['against']}" for i in (x["issues"] or [])[:3]
        )
        h.append(
            f"<tr><td>{_e(x['name'])}</td><td>{_e(x['positions'])}</td>"
            f"<td>{_e(x['recent'])}</td><td>{_e(x['trend'])}</td><td>{_e(issues)}</td></tr>"
        )
    h.append("</table><ul>")
    for s in b["shifts"]:
        ev = s["evidence_after"] or {}
        h.append(
            f"<li>{_e(s['name'])} on {_e(s['issue'])}: {_e(s['from'])} ({_e(s['before'])}) → "
            f"{_e(s['to'])} ({_e(s['after'])})<div class='ev'>“{_e(_clip(ev.get('text'), 180))}”"
            "</div></li>"
        )
    h.append("</ul><h2>Top speakers</h2><ul>")
    for s in b["speakers"]:
        h.append(
            f"<li><b>{_e(s['name'])}</b>: {_e(s['quotes'])} quotes in {_e(s['articles'])} "
            f"articles<div class='ev'>“{_e(_clip(s['sample'], 180))}”</div></li>"
        )
    h.append("</ul><h2>Outlets side by side</h2><table><tr><th>outlet</th><th>articles</th>")
    h.append("<th>events</th><th>coop/conflict</th><th>Goldstein to focus</th>")
    h.append("<th>quotes most</th></tr>")
    for o in b["outlets"]:
        quoted = ", ".join(f"{q['name']} ({q['quotes']})" for q in o["speakers"][:3])
        h.append(
            f"<tr><td>{_e(o['outlet'])}</td><td>{_e(o['articles'])} ({o['share']:.0%})</td>"
            f"<td>{_e(o['clusters'])}</td><td>{_e(o['cooperation'])}/{_e(o['conflict'])}</td>"
            f"<td>{_e(o['goldstein_to_focus'])}</td><td>{_e(quoted)}</td></tr>"
        )
    h.append("</table><h2>Stories told by most outlets</h2><ul>")
    for s in b["stories"]:
        h.append(
            f"<li>{_e(_clip(s['title'], 110))} <span class='meta'>{_e(s['num_articles'])} "
            f"articles, {_e(s['num_sources'])} outlets, {_e(s['first_seen'])} – "
            f"{_e(s['last_seen'])}</span></li>"
        )
    h.append(
        "</ul><p class='meta'>Counts are event clusters (a happening once, however many "
        "articles report it); only asserted and attempted events. Full lists: "
        "<code>realpolitik dyads|changes|stances|outlets --format csv</code>.</p></body></html>"
    )
    return "\n".join(h)


def corpus_report(
    store: Store,
    *,
    focus: str,
    level: str = "entity",
    since: str | date | None = None,
    until: str | date | None = None,
    changes_since: str | date | None = None,
    format: str = "md",
) -> str:
    """The corpus report on `focus` as Markdown, HTML or JSON. "What changed" covers the last
    30 days of the period, or the days since `changes_since`."""
    brief = build_corpus_brief(
        store, focus, level=level, since=since, until=until, changes_since=changes_since
    )
    if format == "json":
        return json.dumps(brief, ensure_ascii=False, indent=2, default=str) + "\n"
    if format == "html":
        return render_corpus_html(brief)
    return render_corpus_markdown(brief)
