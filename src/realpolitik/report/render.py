"""A brief (see `brief.py`) rendered as Markdown or as one self-contained HTML file.

The HTML carries its CSS and its SVG figures inline and loads nothing: no fonts, scripts or
images, and the only outward links are to the source articles (http/https URLs only). Every
piece of text from the articles is escaped, so an article cannot inject markup.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

from .brief import format_day, format_period
from .figures import CONFLICT, COOPERATION, MAX_EDGES, network_svg, timeline_svg

MAX_EVIDENCE = 3  # evidence spans shown per item
MAX_EVIDENCE_CHARS = 420
_WS = re.compile(r"\s+")
_WORDS = re.compile(r"\W+")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.I)


def _clean(text: Any, limit: int | None = None) -> str:
    """One line of text, whitespace collapsed, cut at `limit` characters on a word."""
    s = _WS.sub(" ", str(text or "")).strip().lstrip("•▪◦ ")  # no list bullets from the page
    if limit and len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return s


_QUOTE_MARKS = "\"'“”‘’«»„ "


def _unquoted(text: Any) -> str:
    """A quotation without the marks around it (the report adds its own)."""
    return _clean(text).strip(_QUOTE_MARKS)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None (no javascript:, data:, ...)."""
    return url if url and _SAFE_URL.match(url.strip()) else None


def _score(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "–"


def _stance_word(stance: str | None) -> str:
    return {"favor": "favours", "against": "opposes", "neutral": "neutral"}.get(
        stance or "", stance or "?"
    )


def _date_range(brief: dict[str, Any]) -> str:
    p = brief["period"]
    first, last = p["first"], p["last"]
    if p["since"] or p["until"]:
        asked = f"{format_day(p['since']) or '…'} – {format_day(p['until']) or '…'}"
        return f"{asked} (articles: {format_period(first, last)})" if first else asked
    return format_period(first, last)


def _faction_rows(assessment: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for f in assessment.get("factions") or []:
        who = f.get("name") or f.get("code") or "?"
        country = f.get("country")
        for st in f.get("stances") or []:
            rows.append({"who": who, "code": f.get("code"), "country": country, **st})
    return rows


def _other_stance_rows(assessment: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {"who": s.get("actor") or s.get("code") or "?", **s}
        for s in assessment.get("stances") or []
    ]
    first: dict[tuple, int] = {}
    for i, r in enumerate(rows):
        first.setdefault((r["who"], r.get("code")), i)
    return sorted(rows, key=lambda r: first[(r["who"], r.get("code"))])  # an actor's rows together


# --- HTML --------------------------------------------------------------------------------

CSS = """
:root { --ink:#1b1f24; --muted:#5c6670; --line:#dde2e7; --soft:#f4f6f8; --accent:#1f4e79;
  --coop:COOP; --conf:CONF; }
* { box-sizing: border-box; }
body { margin:0; background:#fff; color:var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 40px 28px 56px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--accent);
  font-weight: 700; margin: 0 0 4px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 5px;
  border-bottom: 1px solid var(--line); }
h2 .count { color: var(--muted); font-weight: 400; font-size: 15px; margin-left: 6px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.meta { color: var(--muted); margin: 0; font-size: 15px; }
.meta b { color: var(--ink); }
code { font: 13px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--soft); padding: 1px 5px; border-radius: 4px; }
.summary { font-size: 17px; background: var(--soft); border-radius: 8px; padding: 14px 18px;
  margin: 0; }
.none { color: var(--muted); font-style: italic; }
ol.items { list-style: none; padding: 0; margin: 0; counter-reset: item; }
ol.items > li { counter-increment: item; border: 1px solid var(--line); border-left-width: 5px;
  border-radius: 6px; padding: 12px 16px; margin: 0 0 12px; }
ol.items.opportunities > li { border-left-color: var(--coop); }
ol.items.risks > li { border-left-color: var(--conf); }
.item-head { display: flex; gap: 12px; align-items: baseline; }
.item-head .text { flex: 1; font-weight: 600; }
.item-head .text::before { content: counter(item) ". "; color: var(--muted); }
.score { font-size: 13px; color: var(--muted); white-space: nowrap; }
.chips { margin: 6px 0 2px; }
.chip { display: inline-block; font-size: 12.5px; background: #e8eef4; color: #23405c;
  border-radius: 10px; padding: 1px 9px; margin: 2px 4px 2px 0; }
.seen { font-size: 13px; color: var(--muted); }
blockquote { margin: 10px 0 0; padding: 4px 0 4px 14px; border-left: 3px solid var(--line);
  color: #2e353c; }
blockquote p { margin: 0; }
p.from { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
blockquote cite { display: block; font-style: normal; font-size: 13px; color: var(--muted);
  margin-top: 3px; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; font-size: 14.5px; }
th, td { text-align: left; vertical-align: top; padding: 7px 9px;
  border-bottom: 1px solid var(--line); }
th { font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.stance { display: inline-block; font-size: 12.5px; font-weight: 600; border-radius: 10px;
  padding: 1px 9px; white-space: nowrap; }
.stance.favor { background: #e3f4ea; color: #14713b; }
.stance.against { background: #fbe6e4; color: #a3231b; }
.stance.neutral { background: #eceff2; color: #4a525a; }
td .ev { color: #2e353c; font-size: 13.5px; }
.quotes { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.quote { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 0; }
.quote p { margin: 0 0 6px; }
.quote .who { font-size: 13px; color: var(--muted); }
.quote .who b { color: var(--ink); }
figure { margin: 8px 0 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
details { margin-top: 10px; font-size: 14px; }
summary { cursor: pointer; color: var(--accent); }
ul.sources { padding-left: 20px; }
ul.sources li { margin-bottom: 4px; }
footer { margin-top: 44px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 13px;
  color: var(--muted); }
@media (max-width: 700px) { .quotes { grid-template-columns: 1fr; } }
@media print { main { padding: 0; } ol.items > li, .quote { break-inside: avoid; } }
""".replace("COOP", COOPERATION).replace("CONF", CONFLICT)


def _h(text: Any) -> str:
    return escape(_clean(text), quote=True)


def _source_link(item: dict[str, Any]) -> str:
    """Where a piece of evidence comes from: a link to the article (its url, or its entry in
    the sources list), and its date."""
    url = safe_url(item.get("url"))
    href = url or f"#doc-{item.get('doc_id') or ''}"  # the article's entry under Sources
    link = f'<a href="{escape(href, quote=True)}">{_h(_link_text(item))}</a>'
    day = format_day(item.get("published"))
    return link + (f", {_h(day)}" if day else "")


def _link_text(item: dict[str, Any]) -> str:
    """What a link to a source reads: its outlet, else its title (short), else its id."""
    title = _clean(item.get("title"))
    if len(title) > 40 and ":" in title[5:]:
        title = title.split(":", 1)[0]  # "The Putin-Trump Dynamic: Opportunities ..." -> head
    return (
        _clean(item.get("source")) or _clean(title, 48) or f"document {item.get('doc_id') or '?'}"
    )


def _said_already(evidence: dict[str, Any], summary: Any) -> bool:
    """Whether the evidence text adds nothing to a summary extracted from it."""
    text = _WORDS.sub(" ", _clean(evidence.get("text")).casefold()).strip()
    return bool(text) and text in _WORDS.sub(" ", _clean(summary).casefold())


def _evidence_html(evidence: list[dict[str, Any]], summary: Any = None) -> str:
    out = []
    for ev in evidence[:MAX_EVIDENCE]:
        if _said_already(ev, summary):  # the summary quotes it whole: just say where from
            out.append(f'<p class="from">— {_source_link(ev)}</p>')
            continue
        out.append(
            f"<blockquote><p>{_h(_clean(ev.get('text'), MAX_EVIDENCE_CHARS))}</p>"
            f"<cite>— {_source_link(ev)}</cite></blockquote>"
        )
    if len(evidence) > MAX_EVIDENCE:
        out.append(f'<p class="seen">and {len(evidence) - MAX_EVIDENCE} more passage(s)</p>')
    return "".join(out)


def _items_html(items: list[dict[str, Any]], kind: str, focus_name: str) -> str:
    if not items:
        return f'<p class="none">No {kind} for {_h(focus_name)} found in these articles.</p>'
    out = [f'<ol class="items {kind}">']
    for item in items:
        chips = "".join(f'<span class="chip">{_h(a)}</span>' for a in item.get("actors") or [])
        seen = ""
        if (item.get("count") or 1) > 1:
            seen = (
                f'<div class="seen">seen {item["count"]} times, '
                f"{_h(format_period(item.get('first_seen'), item.get('last_seen')))}</div>"
            )
        chips = f'<div class="chips">{chips}</div>' if chips else ""
        out.append(
            f'<li><div class="item-head"><span class="text">{_h(item.get("summary"))}</span>'
            f'<span class="score">score {_score(item.get("score"))}</span></div>{chips}{seen}'
            f"{_evidence_html(item.get('evidence') or [], item.get('summary'))}</li>"
        )
    out.append("</ol>")
    return "".join(out)


def _stance_table_html(rows: list[dict[str, Any]], who: str) -> str:
    out = [
        f"<table><thead><tr><th>{_h(who)}</th><th>Issue</th><th>Stance</th><th>Evidence</th>"
        "</tr></thead><tbody>"
    ]
    for i, r in enumerate(rows):
        code = f" <code>{_h(r['code'])}</code>" if r.get("code") else ""
        ev = r.get("evidence") or []
        key = (r["who"], r.get("code"))
        if i and key == (rows[i - 1]["who"], rows[i - 1].get("code")):
            head = ""  # the row above spans this one: one actor, its stances side by side
        else:
            span = 1
            while (
                i + span < len(rows) and (rows[i + span]["who"], rows[i + span].get("code")) == key
            ):
                span += 1
            head = f'<td rowspan="{span}"><b>{_h(r["who"])}</b>{code}</td>'.replace(
                ' rowspan="1"', ""
            )
        evidence = "".join(
            f'<div class="ev">“{_h(_clean(_unquoted(e.get("text")), 260))}” '
            f'<span class="seen">— {_source_link(e)}</span></div>'
            for e in ev[:2]
        )
        stance = r.get("stance") or "neutral"
        out.append(
            f"<tr>{head}<td>{_h(r.get('issue_label') or r.get('issue'))}</td>"
            f'<td><span class="stance {_h(stance)}">{_h(_stance_word(stance))}</span></td>'
            f"<td>{evidence}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _stances_html(assessment: dict[str, Any]) -> str:
    factions, others = _faction_rows(assessment), _other_stance_rows(assessment)
    if not factions and not others:
        return '<p class="none">No factions or stances found in these articles.</p>'
    out = []
    if factions:
        out.append(_stance_table_html(factions, "Faction"))
    else:
        out.append('<p class="none">No factions found in these articles.</p>')
    if others:
        out.append("<h3>Other actors</h3>" + _stance_table_html(others, "Actor"))
    return "".join(out)


def _quotes_html(quotes: list[dict[str, Any]]) -> str:
    if not quotes:
        return '<p class="none">No quotes found in these articles.</p>'
    out = ['<div class="quotes">']
    for q in quotes:
        code = f" <code>{_h(q['code'])}</code>" if q.get("code") else ""
        out.append(
            f'<figure class="quote"><p>“{_h(_clean(_unquoted(q["text"]), MAX_EVIDENCE_CHARS))}”</p>'
            f'<div class="who"><b>{_h(q["speaker"])}</b>{code} · {_source_link(q)}</div>'
            "</figure>"
        )
    out.append("</div>")
    return "".join(out)


def _edge_words(edge: dict[str, Any]) -> str:
    """The words of an edge's first events: "The Kremlin / welcomed / Donald Trump's
    overtures" (from the events' argument spans), else its verbs."""
    shown = []
    for ev in edge.get("evidence") or []:
        parts = [(ev.get(k) or {}).get("text") for k in ("source", "trigger", "target")]
        if all(parts):
            shown.append(" / ".join(_clean(p, 60) for p in parts))
    return "; ".join(dict.fromkeys(shown)) or ", ".join(edge["triggers"][:5])


def _edges_table_html(network: dict[str, Any]) -> str:
    names = {n["code"]: n["name"] for n in network["nodes"]}
    rows = "".join(
        f"<tr><td><code>{_h(e['source'])}</code> {_h(names.get(e['source'], ''))}</td>"
        f"<td><code>{_h(e['target'])}</code> {_h(names.get(e['target'], ''))}</td>"
        f'<td class="num">{e["cooperation"]}</td><td class="num">{e["conflict"]}</td>'
        f'<td class="num">{e["goldstein"]:+.1f}</td><td>{_h(_edge_words(e))}</td>'
        "</tr>"
        for e in network["edges"]
    )
    return (
        "<details><summary>The events behind the figure</summary><table><thead><tr>"
        "<th>Source</th><th>Target</th><th>Coop.</th><th>Conflict</th><th>Goldstein</th>"
        "<th>In the text (source / trigger / target)</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def _network_html(brief: dict[str, Any]) -> str:
    network = brief["network"]
    svg = network_svg(network)
    if not svg:
        return (
            '<p class="none">No asserted or attempted events between two coded actors in these '
            "articles.</p>"
        )
    omitted = (
        f" {network['omitted']} less active actor(s) are left out." if network["omitted"] else ""
    )
    drawn = ""
    if len(network["edges"]) > MAX_EDGES:
        drawn = f" The {MAX_EDGES} busiest of {len(network['edges'])} pairs are drawn."
    return (
        f"<figure>{svg}<figcaption>Who acts on whom: events the articles assert or report as "
        f"attempted, by CAMEO actor code; {network['cooperation']} cooperative and "
        f"{network['conflict']} conflictual. {_h(omitted)} {_h(drawn)}</figcaption></figure>"
        + _edges_table_html(network)
    )


def _sources_html(brief: dict[str, Any]) -> str:
    out = ['<ul class="sources">']
    for d in brief["documents"]:
        title = _h(d["title"] or f"document {d['id']}")
        url = safe_url(d.get("url"))
        head = f'<a href="{escape(url, quote=True)}">{title}</a>' if url else f"<b>{title}</b>"
        bits = [b for b in (d.get("author"), d.get("source"), format_day(d.get("published"))) if b]
        out.append(
            f'<li id="doc-{_h(d["id"])}">{head}{" — " + _h(", ".join(bits)) if bits else ""} '
            f'<span class="seen">· <code>{_h(d["id"])}</code> · {d["events"]} events, '
            f"{d['quotes']} quotes</span></li>"
        )
    out.append("</ul>")
    return "".join(out)


def render_html(brief: dict[str, Any]) -> str:
    """The brief as one self-contained HTML page (inline CSS and SVG, nothing loaded)."""
    focus, a, counts = brief["focus"], brief["assessment"], brief["counts"]
    opportunities, risks = a.get("opportunities") or [], a.get("risks") or []
    n = counts["documents"]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(brief['title'])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        '<header><p class="kicker">realpolitik brief</p>',
        f"<h1>{_h(brief['title'])}</h1>",
        f'<p class="meta">Focus <b>{_h(focus["name"])}</b> <code>{_h(focus["code"])}</code>'
        f" · {_h(_date_range(brief))} · {n} article{'' if n == 1 else 's'}</p></header>",
        f'<p class="summary">{_h(brief["summary"])}</p>',
        f'<section><h2>Opportunities<span class="count">{len(opportunities)}</span></h2>'
        f"{_items_html(opportunities, 'opportunities', focus['name'])}</section>",
        f'<section><h2>Risks<span class="count">{len(risks)}</span></h2>'
        f"{_items_html(risks, 'risks', focus['name'])}</section>",
        f"<section><h2>Factions and their stances</h2>{_stances_html(a)}</section>",
        f'<section><h2>Key quotes<span class="count">{len(brief["quotes"])} of '
        f"{counts['quotes']}</span></h2>{_quotes_html(brief['quotes'])}</section>",
        f"<section><h2>Actor network</h2>{_network_html(brief)}</section>",
    ]
    if brief.get("timeline"):
        parts.append(
            "<section><h2>Timeline</h2><figure>"
            f"{timeline_svg(brief['timeline'])}<figcaption>Cooperation and conflict between "
            f"{_h(focus['name'])} and its most frequent counterparts.</figcaption></figure>"
            "</section>"
        )
    parts += [
        f"<section><h2>Sources</h2>{_sources_html(brief)}</section>",
        f"<footer>{_h(_method(brief))}</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _method(brief: dict[str, Any]) -> str:
    c = brief["counts"]
    return (
        f"Method: {c['documents']} article(s), {c['events']} coded events, {c['quotes']} quotes "
        f"and {c['stances']} stances extracted by realpolitik {brief['version']} (rule-based "
        "actor, CAMEO event, quote and stance extraction; the summary is templated from them, "
        "not generated). The network counts asserted and attempted events only; quad classes 1–2 "
        "are cooperation, 3–4 conflict."
    )


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md(text: Any, limit: int | None = None) -> str:
    """Text safe inside Markdown: one line, markup characters escaped, no raw HTML."""
    s = _clean(text, limit)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _md_url(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")  # parentheses, spaces, brackets encoded


def _md_source(item: dict[str, Any]) -> str:
    title = md(_link_text(item))
    url = safe_url(item.get("url"))
    link = f"[{title}]({_md_url(url)})" if url else f"{title} (`{md(item.get('doc_id'))}`)"
    day = format_day(item.get("published"))
    return link + (f", {md(day)}" if day else "")


def _md_items(items: list[dict[str, Any]], kind: str, focus_name: str) -> list[str]:
    if not items:
        return [f"_No {kind} for {md(focus_name)} found in these articles._", ""]
    out = []
    for i, item in enumerate(items, 1):
        bits = [f"score {_score(item.get('score'))}"]
        if item.get("actors"):
            bits.append("actors: " + ", ".join(md(a) for a in item["actors"]))
        if (item.get("count") or 1) > 1:
            period = format_period(item.get("first_seen"), item.get("last_seen"))
            bits.append(f"seen {item['count']} times, {md(period)}")
        out.append(f"{i}. **{md(item.get('summary'))}** — {' · '.join(bits)}")
        for ev in (item.get("evidence") or [])[:MAX_EVIDENCE]:
            if _said_already(ev, item.get("summary")):
                out += ["", f"   — {_md_source(ev)}"]
            else:
                text = md(ev.get("text"), MAX_EVIDENCE_CHARS)
                out += ["", f"   > {text}", f"   > — {_md_source(ev)}"]
        out.append("")
    return out


def _md_stances(rows: list[dict[str, Any]], who: str) -> list[str]:
    out = [f"| {who} | Issue | Stance | Evidence |", "|---|---|---|---|"]
    for r in rows:
        ev = (r.get("evidence") or [{}])[0]
        evidence = f"“{md(ev.get('text'), 200)}” ({_md_source(ev)})" if ev.get("text") else ""
        code = f" (`{md(r['code'])}`)" if r.get("code") else ""
        out.append(
            f"| **{md(r['who'])}**{code} | {md(r.get('issue_label') or r.get('issue'))} | "
            f"{md(_stance_word(r.get('stance')))} | {evidence} |"
        )
    return out + [""]


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as Markdown; the figures become tables of the same numbers."""
    focus, a, counts = brief["focus"], brief["assessment"], brief["counts"]
    opportunities, risks = a.get("opportunities") or [], a.get("risks") or []
    out = [
        f"# {md(brief['title'])}",
        "",
        f"**Focus:** {md(focus['name'])} (`{md(focus['code'])}`) · **Period:** "
        f"{md(_date_range(brief))} · **Articles:** {counts['documents']}",
        "",
        md(brief["summary"]),
        "",
        f"## Opportunities ({len(opportunities)})",
        "",
        *_md_items(opportunities, "opportunities", focus["name"]),
        f"## Risks ({len(risks)})",
        "",
        *_md_items(risks, "risks", focus["name"]),
        "## Factions and their stances",
        "",
    ]
    factions, others = _faction_rows(a), _other_stance_rows(a)
    if factions:
        out += _md_stances(factions, "Faction")
    if others:
        out += ["### Other actors", "", *_md_stances(others, "Actor")]
    if not factions and not others:
        out += ["_No factions or stances found in these articles._", ""]
    out += ["## Key quotes", ""]
    for q in brief["quotes"]:
        code = f" (`{md(q['code'])}`)" if q.get("code") else ""
        out += [
            f"> “{md(_unquoted(q['text']), MAX_EVIDENCE_CHARS)}”",
            ">",
            f"> — **{md(q['speaker'])}**{code}, {_md_source(q)}",
            "",
        ]
    if not brief["quotes"]:
        out += ["_No quotes found in these articles._", ""]
    out += ["## Actor network", ""]
    network = brief["network"]
    if network["edges"]:
        names = {n["code"]: n["name"] for n in network["nodes"]}
        out += [
            "Who acts on whom (asserted and attempted events; quad classes 1–2 cooperation, "
            "3–4 conflict):",
            "",
            "| Source | Target | Cooperation | Conflict | Goldstein sum | In the text |",
            "|---|---|---:|---:|---:|---|",
        ]
        for e in network["edges"]:
            out.append(
                f"| `{md(e['source'])}` {md(names.get(e['source'], ''))} | `{md(e['target'])}` "
                f"{md(names.get(e['target'], ''))} | {e['cooperation']} | {e['conflict']} | "
                f"{e['goldstein']:+.1f} | {md(_edge_words(e))} |"
            )
        out.append("")
    else:
        out += ["_No asserted or attempted events between two coded actors._", ""]
    timeline = brief.get("timeline")
    if timeline:
        out += [
            f"## Timeline (per {timeline['unit']})",
            "",
            "| Dyad | Date | Cooperation | Conflict | Mean Goldstein |",
            "|---|---|---:|---:|---:|",
        ]
        for d in timeline["dyads"]:
            for p in d["points"]:
                if p["cooperation"] or p["conflict"]:
                    g = "" if p["goldstein"] is None else f"{p['goldstein']:+.1f}"
                    out.append(
                        f"| {md(d['focus'])}–{md(d['counterpart'])} ({md(d['name'])}) | "
                        f"{p['date']} | {p['cooperation']} | {p['conflict']} | {g} |"
                    )
        out.append("")
    out += ["## Sources", ""]
    for d in brief["documents"]:
        bits = [b for b in (d.get("author"), d.get("source"), format_day(d.get("published"))) if b]
        title = md(d["title"] or f"document {d['id']}")
        url = safe_url(d.get("url"))
        head = f"[{title}]({_md_url(url)})" if url else f"**{title}**"
        out.append(f"- {head}{' — ' + md(', '.join(bits)) if bits else ''} (`{md(d['id'])}`)")
    out += ["", "---", "", f"_{md(_method(brief))}_", ""]
    return "\n".join(out)
