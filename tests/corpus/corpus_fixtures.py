"""Small hand-made corpora: Documents whose every offset points into their own text.

`doc(...)` writes a text from sentences, finds each actor's mentions in it by name, and
places events and signals on the sentences that hold their trigger, so the corpus layer
reads exactly what the pipeline would have stored, without running the pipeline.
"""

from __future__ import annotations

import itertools
from typing import Any

from realpolitik.records import Actor, Document, Mention

_ids = itertools.count(1)

PEOPLE = {
    "Donald Trump": ("USAELI", "Q22686"),
    "Trump": ("USAELI", "Q22686"),
    "Hillary Clinton": ("USAELI", None),
    "Clinton": (None, None),
    "Ted Cruz": ("USALEG", None),
    "Sen. Ted Cruz": ("USALEG", None),
    "Barack Obama": ("USAGOV", "Q76"),
}


def doc(
    id: str,
    published: str,
    outlet: str,
    title: str,
    sentences: list[str],
    actors: dict[str, list[str]],
    events: list[dict[str, Any]] = (),
    signals: list[dict[str, Any]] = (),
    codes: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
) -> Document:
    """`actors`: actor name -> the surface forms to find as its mentions.
    `events`: {"source", "target", "trigger", "cameo", "quad", "goldstein", "factuality"}
    with actor names and the trigger word. `signals`: {"cue", "kind", "weight"}."""
    text = " ".join(sentences)
    starts, pos = [], 0
    for s in sentences:
        starts.append((pos, pos + len(s)))
        pos += len(s) + 1
    recs: dict[str, Actor] = {}
    for k, (name, forms) in enumerate(actors.items(), 1):
        code, qid = PEOPLE.get(name, (None, None))
        if codes and name in codes:
            code = codes[name]
        kind = "state" if code and len(code) == 3 else "person" if name in PEOPLE else "group"
        kind = (kinds or {}).get(name, kind)
        a = Actor(f"a{k}", name, code, code[:3] if code else None, None, kind, qid)
        for form in forms:
            at = 0
            while (at := text.find(form, at)) != -1:
                a.mentions.append(Mention(at, at + len(form), form))
                at += len(form)
        a.mentions.sort(key=lambda m: m.start)
        recs[name] = a

    def sentence_of(offset: int) -> dict[str, Any]:
        for s, e in starts:
            if s <= offset < e:
                return {"start": s, "end": e, "text": text[s:e]}
        raise ValueError(offset)

    def ref(name: str | None) -> dict[str, Any] | None:
        if name is None:
            return None
        a = recs[name]
        return {"actor": a.id, "text": a.mentions[0].text, "code": a.code}

    evs = []
    for n, e in enumerate(events, 1):
        at = text.index(e["trigger"])
        evs.append(
            {
                "id": f"e{n}",
                "source": ref(e.get("source")),
                "target": ref(e.get("target")),
                "cameo": e.get("cameo", "111"),
                "plover": None,
                "quad_class": e.get("quad", 3),
                "goldstein": e.get("goldstein", -2.0),
                "factuality": e.get("factuality", "asserted"),
                "date": e.get("date", published),
                "trigger": {"start": at, "end": at + len(e["trigger"]), "text": e["trigger"]},
                "sentence": {k: v for k, v in sentence_of(at).items() if k != "text"},
            }
        )
    sigs = []
    for s in signals:
        at = text.index(s["cue"])
        sent = sentence_of(at)
        inside = [
            a.id
            for a in recs.values()
            if any(sent["start"] <= m.start < sent["end"] for m in a.mentions)
        ]
        sigs.append(
            {
                "kind": s["kind"],
                "opportunity": s.get("weight", 1.0) if s["kind"] == "opportunity" else 0.0,
                "risk": s.get("weight", 1.0) if s["kind"] == "risk" else 0.0,
                "cues": [
                    {
                        "term": s["cue"],
                        "kind": s["kind"],
                        "weight": s.get("weight", 1.0),
                        "start": at,
                        "end": at + len(s["cue"]),
                        "conceded": False,
                        "negated": False,
                    }
                ],
                "directed": [],
                "actors": inside,
                "hedged": False,
                "speaker": None,
                "sentence": sent,
            }
        )
    return Document(
        id=id,
        text=text,
        title=title,
        published=published,
        source=outlet,
        actors=list(recs.values()),
        events=evs,
        assessment={"focus": None, "opportunities": [], "risks": [], "signals": sigs},
        meta={"model": "hand-made"},
    )
