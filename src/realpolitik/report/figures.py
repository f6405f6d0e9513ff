"""The report's figures as hand-written inline SVG: the actor network and the dyad timeline.

No plotting library and nothing fetched: each function returns one `<svg>` element, laid out
deterministically (the same brief always gives the same picture), with every text escaped.
Hovering a node, an edge or a bar shows its details (SVG `<title>`).
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from html import escape
from typing import Any

COOPERATION = "#1a9850"
CONFLICT = "#d73027"
FOCUS_FILL = "#1f4e79"
NODE_FILL = "#9fb3c8"
INK = "#1b1f24"
MUTED = "#5c6670"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\""

WIDTH = 760
MAX_EDGES = 30  # drawn in the network figure, heaviest first
MAX_COUNTED_EDGES = 16  # beyond this many lines, the counts are left to the tooltips


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _n(x: float) -> str:
    """A coordinate, short: 12.5 not 12.500000001."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _signed(x: float) -> str:
    return f"{x:+.1f}"


# --- network -----------------------------------------------------------------------------


def network_svg(network: dict[str, Any]) -> str:
    """Actors on a circle (a country's actors side by side), directed edges between them:
    green for cooperation, red for conflict, wider for more events; the focus drawn dark."""
    nodes, edges = network["nodes"], network["edges"]
    if not nodes or not edges:
        return ""
    # a dense corpus: draw the heaviest pairs only (the table under the figure has them all)
    edges = sorted(edges, key=lambda e: -(e["cooperation"] + e["conflict"]))[:MAX_EDGES]
    counted = len(edges) <= MAX_COUNTED_EDGES  # numbers on the lines, while they stay legible
    n = len(nodes)
    most = max(node["events"] for node in nodes) or 1
    radius_of = {nd["code"]: 9 + 11 * math.sqrt(nd["events"] / most) for nd in nodes}
    ring = 120 if n <= 3 else min(200, 70 + 16 * n)
    cx, top = WIDTH / 2, 58
    reach = ring if n > 2 else 30  # two actors sit side by side: no height needed
    cy = top + reach
    height = int(cy + reach + 62 + 56)
    nodes = _circle_order(nodes, edges)
    pos: dict[str, tuple[float, float, float]] = {}
    for i, node in enumerate(nodes):
        angle = (math.pi if n == 2 else -math.pi / 2) + 2 * math.pi * i / n
        pos[node["code"]] = (cx + ring * math.cos(angle), cy + ring * math.sin(angle), angle)

    heaviest = max(max(e["cooperation"], e["conflict"]) for e in edges) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="figure network" {FONT}>',
        "<title>Actor network: who acts on whom, cooperation (green) and conflict (red)</title>",
    ]
    out.append('<g class="edges" fill="none">')
    labels = []
    taken: list[tuple[float, float]] = [(x, y) for x, y, _ in pos.values()]
    for edge in edges:
        kinds = [k for k in ("cooperation", "conflict") if edge[k]]
        for kind in kinds:
            bend = 0.14 if len(kinds) == 1 or kind == "cooperation" else 0.30
            width = 1.6 + 5.4 * edge[kind] / heaviest
            path, arrow, curve = _edge_shape(
                pos[edge["source"]],
                pos[edge["target"]],
                radius_of[edge["source"]],
                radius_of[edge["target"]],
                bend,
                width,
            )
            colour = COOPERATION if kind == "cooperation" else CONFLICT
            names = {nd["code"]: nd["name"] for nd in nodes}
            tip = (
                f"{names[edge['source']]} ({edge['source']}) → {names[edge['target']]} "
                f"({edge['target']}): {edge[kind]} {kind} event(s); Goldstein sum of the pair "
                f"{_signed(edge['goldstein'])}; {', '.join(edge['triggers'][:6])}"
            )
            out.append(
                f'<g class="edge {kind}"><title>{_e(tip)}</title>'
                f'<path d="{path}" stroke="{colour}" stroke-width="{_n(width)}" '
                f'stroke-opacity="0.85" stroke-linecap="round"/>'
                f'<polygon points="{arrow}" fill="{colour}"/></g>'
            )
            if not counted:
                continue
            mid = _free_spot(curve, taken)
            taken.append(mid)
            labels.append(
                f'<circle cx="{_n(mid[0])}" cy="{_n(mid[1])}" r="8.5" fill="#fff" '
                f'stroke="{colour}" stroke-width="1.5"/>'
                f'<text x="{_n(mid[0])}" y="{_n(mid[1] + 4)}" text-anchor="middle" '
                f'font-size="11" font-weight="700" fill="{colour}">{edge[kind]}</text>'
            )
    out.append("</g>")
    out.append('<g class="edge-counts">' + "".join(labels) + "</g>")

    out.append('<g class="nodes">')
    for node in nodes:
        x, y, angle = pos[node["code"]]
        r = radius_of[node["code"]]
        fill = FOCUS_FILL if node["focus"] else NODE_FILL
        out.append(
            f'<g class="node{" focus" if node["focus"] else ""}">'
            f"<title>{_e(node['name'])} ({_e(node['code'])}): {node['events']} event(s)</title>"
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}" stroke="#fff" '
            f'stroke-width="2"/>'
        )
        out.append(_node_label(x, y, angle, r, node))
        out.append("</g>")
    out.append("</g>")
    out.append(_network_legend(height, counted))
    out.append("</svg>")
    return "\n".join(out)


def _edge_shape(
    a: tuple[float, float, float],
    b: tuple[float, float, float],
    ra: float,
    rb: float,
    bend: float,
    width: float,
) -> tuple[str, str, tuple[tuple[float, float], ...]]:
    """A quadratic curve from the rim of a to the rim of b, bent to the right of its direction
    (so a->b and b->a never overlap), its arrowhead polygon, and the curve's three points."""
    (x1, y1, _), (x2, y2, _) = a, b
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    px, py = dy / dist, -dx / dist  # perpendicular
    qx, qy = (x1 + x2) / 2 + px * bend * dist, (y1 + y2) / 2 + py * bend * dist
    curve = ((x1, y1), (qx, qy), (x2, y2))  # centre to centre, for placing the count
    sx, sy = qx - x1, qy - y1
    sl = math.hypot(sx, sy) or 1.0
    x1, y1 = x1 + sx / sl * (ra + 3), y1 + sy / sl * (ra + 3)  # leave from a's rim
    # the arrow's tip sits on b's rim, along the curve's final direction
    tx, ty = x2 - qx, y2 - qy
    tl = math.hypot(tx, ty) or 1.0
    ux, uy = tx / tl, ty / tl
    tip_x, tip_y = x2 - ux * (rb + 2), y2 - uy * (rb + 2)
    size = 7 + 1.6 * width
    base_x, base_y = tip_x - ux * size, tip_y - uy * size
    half = size * 0.5
    arrow = " ".join(
        f"{_n(x)},{_n(y)}"
        for x, y in (
            (tip_x, tip_y),
            (base_x + uy * half, base_y - ux * half),
            (base_x - uy * half, base_y + ux * half),
        )
    )
    end_x, end_y = base_x + ux * 1.5, base_y + uy * 1.5  # the line ends under the arrowhead
    path = f"M{_n(x1)},{_n(y1)} Q{_n(qx)},{_n(qy)} {_n(end_x)},{_n(end_y)}"
    return path, arrow, curve


def _free_spot(
    curve: tuple[tuple[float, float], ...], taken: list[tuple[float, float]]
) -> tuple[float, float]:
    """A point on the curve for an edge's count, away from the nodes and the other counts."""
    (x0, y0), (qx, qy), (x2, y2) = curve
    best, room = (0.0, 0.0), -1.0
    for t in (0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75):
        x = (1 - t) ** 2 * x0 + 2 * t * (1 - t) * qx + t**2 * x2
        y = (1 - t) ** 2 * y0 + 2 * t * (1 - t) * qy + t**2 * y2
        gap = min((math.hypot(x - a, y - b) for a, b in taken), default=1e9)
        if gap >= 30:
            return x, y
        if gap > room:
            best, room = (x, y), gap
    return best


def _circle_order(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[dict]:
    """The order around the circle with the fewest crossing edges (tried exhaustively for up
    to 7 actors; the given order, a country's actors together, for more or on a tie)."""
    n = len(nodes)
    if n <= 3 or n > 7:
        return nodes
    codes = [nd["code"] for nd in nodes]
    pairs = {tuple(sorted((e["source"], e["target"]))) for e in edges}

    def crossings(order: tuple[str, ...]) -> int:
        at = {c: i for i, c in enumerate(order)}
        chords = [tuple(sorted((at[a], at[b]))) for a, b in pairs]
        return sum(
            1
            for i, (a, b) in enumerate(chords)
            for c, d in chords[i + 1 :]
            if a < c < b < d or c < a < d < b
        )

    best = min(
        ((codes[0], *rest) for rest in itertools.permutations(codes[1:])),
        key=crossings,
    )
    by_code = {nd["code"]: nd for nd in nodes}
    return [by_code[c] for c in best]


def _node_label(x: float, y: float, angle: float, r: float, node: dict[str, Any]) -> str:
    """The code (bold) and the name under it, placed outward from the circle."""
    cos, sin = math.cos(angle), math.sin(angle)
    lx, ly = x + cos * (r + 8), y + sin * (r + 8)
    if cos > 0.3:
        anchor = "start"
    elif cos < -0.3:
        anchor = "end"
    else:
        anchor = "middle"
    if anchor == "middle":
        ly = ly + 12 if sin > 0 else ly - 18  # below the bottom node, above the top one
    else:
        ly -= 2
    weight = "700" if node["focus"] else "600"
    return (
        f'<text x="{_n(lx)}" y="{_n(ly)}" text-anchor="{anchor}" font-size="13" '
        f'fill="{INK}" stroke="#fff" stroke-width="4" paint-order="stroke">'
        f'<tspan font-weight="{weight}">{_e(node["code"])}</tspan>'
        f'<tspan x="{_n(lx)}" dy="15" font-size="11.5" fill="{MUTED}">'
        f"{_e(_short(node['name']))}</tspan></text>"
    )


def _network_legend(height: int, counted: bool = True) -> str:
    y = height - 26
    return (
        f'<g class="legend" font-size="12" fill="{MUTED}">'
        f'<line x1="24" y1="{y}" x2="56" y2="{y}" stroke="{COOPERATION}" stroke-width="4"/>'
        f'<text x="62" y="{y + 4}">cooperation (quad class 1–2)</text>'
        f'<line x1="250" y1="{y}" x2="282" y2="{y}" stroke="{CONFLICT}" stroke-width="4"/>'
        f'<text x="288" y="{y + 4}">conflict (3–4)</text>'
        f'<circle cx="412" cy="{y}" r="7" fill="{FOCUS_FILL}"/>'
        f'<text x="424" y="{y + 4}">focus</text>'
        f'<circle cx="480" cy="{y}" r="7" fill="{NODE_FILL}"/>'
        f'<text x="492" y="{y + 4}">other actors</text>'
        f'<text x="24" y="{y + 20}">Arrow: from the actor to its target · '
        f"{'number and line width' if counted else 'line width'}: events · circle size: the "
        "events an actor takes part in</text>"
        "</g>"
    )


# --- timeline ----------------------------------------------------------------------------

PANEL = 150  # height of one dyad's panel
PLOT_LEFT, PLOT_RIGHT = 56, WIDTH - 20


def timeline_svg(timeline: dict[str, Any] | None) -> str:
    """Small multiples, one panel per dyad on a shared time axis and scale: cooperation events
    as green bars above the line, conflict as red bars below it."""
    if not timeline or not timeline.get("dyads"):
        return ""
    dyads = timeline["dyads"]
    slots = [p["date"] for p in dyads[0]["points"]]
    peak = max(max(p["cooperation"], p["conflict"]) for d in dyads for p in d["points"]) or 1
    head = 40
    height = head + PANEL * len(dyads) + 8
    plot_w = PLOT_RIGHT - PLOT_LEFT
    step = plot_w / len(slots)
    bar = max(2.0, min(22.0, step * 0.7))
    unit = "week of " if timeline["unit"] == "week" else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" class="figure timeline" {FONT}>',
        "<title>Cooperation and conflict over time, per dyad</title>",
        f'<g class="legend" font-size="12" fill="{MUTED}">'
        f'<rect x="{PLOT_LEFT}" y="12" width="12" height="12" fill="{COOPERATION}"/>'
        f'<text x="{PLOT_LEFT + 18}" y="22">cooperation events (up)</text>'
        f'<rect x="{PLOT_LEFT + 190}" y="12" width="12" height="12" fill="{CONFLICT}"/>'
        f'<text x="{PLOT_LEFT + 208}" y="22">conflict events (down)</text>'
        f'<text x="{PLOT_RIGHT}" y="22" text-anchor="end">per {timeline["unit"]}, by article '
        "date · over a bar: mean Goldstein</text></g>",
    ]
    ticks = _tick_indexes(len(slots))
    for i, dyad in enumerate(dyads):
        y0 = head + PANEL * i
        base = y0 + 34 + (PANEL - 56) / 2
        half = (PANEL - 56) / 2 - 2
        out.append('<g class="dyad">')
        out.append(
            f'<text x="{PLOT_LEFT}" y="{y0 + 16}" font-size="13" fill="{INK}">'
            f'<tspan font-weight="600">{_e(dyad["focus"])} ↔ {_e(dyad["counterpart"])}</tspan>'
            f'<tspan fill="{MUTED}"> {_e(dyad["name"])} · {dyad["events"]} event(s)</tspan>'
            "</text>"
        )
        out.append(
            f'<line x1="{PLOT_LEFT}" y1="{_n(base)}" x2="{PLOT_RIGHT}" y2="{_n(base)}" '
            f'stroke="#c8ced4"/>'
            f'<text x="{PLOT_LEFT - 6}" y="{_n(base - half + 8)}" text-anchor="end" '
            f'font-size="10" fill="{COOPERATION}">{peak} ▲</text>'
            f'<text x="{PLOT_LEFT - 6}" y="{_n(base + 4)}" text-anchor="end" '
            f'font-size="10" fill="{MUTED}">0</text>'
            f'<text x="{PLOT_LEFT - 6}" y="{_n(base + half)}" text-anchor="end" '
            f'font-size="10" fill="{CONFLICT}">{peak} ▼</text>'
        )
        for j, p in enumerate(dyad["points"]):
            x = PLOT_LEFT + step * j + (step - bar) / 2
            g = (
                "no events"
                if p["goldstein"] is None
                else f"mean Goldstein {_signed(p['goldstein'])}"
            )
            tip = (
                f"{dyad['focus']} ↔ {dyad['counterpart']}, {unit}{p['date']}: "
                f"{p['cooperation']} cooperation, {p['conflict']} conflict, {g}"
            )
            parts = []
            if p["cooperation"]:
                h = half * p["cooperation"] / peak
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(base - h)}" width="{_n(bar)}" height="{_n(h)}" '
                    f'fill="{COOPERATION}"/>'
                )
            if p["conflict"]:
                h = half * p["conflict"] / peak
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(base)}" width="{_n(bar)}" height="{_n(h)}" '
                    f'fill="{CONFLICT}"/>'
                )
            if parts and step >= 34:  # room to print the mean Goldstein score above the bar
                top = base - half * p["cooperation"] / peak - 4
                parts.append(
                    f'<text x="{_n(x + bar / 2)}" y="{_n(top)}" text-anchor="middle" '
                    f'font-size="9.5" fill="{MUTED}">{_signed(p["goldstein"])}</text>'
                )
            if parts:
                out.append(f"<g><title>{_e(tip)}</title>{''.join(parts)}</g>")
        for j in ticks:
            x = PLOT_LEFT + step * j + step / 2
            out.append(
                f'<text x="{_n(x)}" y="{_n(y0 + PANEL - 8)}" text-anchor="middle" '
                f'font-size="10" fill="{MUTED}">{_e(_short_day(slots[j], with_year=j == 0))}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _tick_indexes(n: int, most: int = 8) -> list[int]:
    if n <= most:
        return list(range(n))
    every = math.ceil((n - 1) / (most - 1))
    return sorted({*range(0, n, every), n - 1} - {i for i in range(n - every // 2, n - 1)})


def _short_day(day: str, with_year: bool = False) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if with_year else "")
