"""Cutting a document's text at its records' offsets, for the document page.

Records overlap (a name inside a quote, a trigger inside a stance's evidence), so the text
is cut at every start and end into segments, each knowing the records over it; the
template wraps each in one element whose classes are its layers. One sweep over the
sorted boundaries: linear in the text's records, whatever their overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    text: str
    start: int
    layers: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    entity_id: str | None = None  # the actor mention's entity: the segment links to it
    hit: bool = False  # inside the span the URL's `at=` points at


def segments(
    text: str, spans: list[dict[str, Any]], hit: dict[str, int] | None = None
) -> list[Segment]:
    marks = list(spans)
    if hit:
        marks.append({"layer": "hit", "start": hit["start"], "end": hit["end"]})
    cuts = sorted({0, len(text), *(s["start"] for s in marks), *(s["end"] for s in marks)})
    opening: dict[int, list[int]] = {}
    for i, s in enumerate(marks):
        opening.setdefault(s["start"], []).append(i)
    active: set[int] = set()
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active.update(opening.get(a, ()))
        active = {i for i in active if marks[i]["end"] > a}
        seg = Segment(text[a:b], a)
        for i in sorted(active):
            s = marks[i]
            if s["layer"] == "hit":
                seg.hit = True
                continue
            if s["layer"] not in seg.layers:
                seg.layers.append(s["layer"])
            seg.records.append(s.get("record") or s["layer"])
            if s["layer"] == "actor" and s.get("entity_id"):
                seg.entity_id = s["entity_id"]
        out.append(seg)
    return out
