"""The opportunities-and-risks assessment for a focal actor, over one document or a corpus.

`assess(documents, focus)` is the whole contract the report builds on:

    {
      "focus": {"code": "RUS", "name": "Russia", "query": "RUS"},
      "opportunities": [Item, ...],   # ranked, best first, short
      "risks": [Item, ...],
      "factions": [                   # sub-state groups of a country, stances side by side
        {"country": "RUS", "name": "technocrats", "code": "RUSELI", "members": [...],
         "stances": [{"issue": "peace_talks", "issue_label": "Peace negotiations",
                      "stance": "favor", "evidence": [Evidence, ...]}]}
      ],
      "stances": [                    # stances of the other actors (states, governments, people)
        {"actor": "Kremlin", "code": "RUSGOV", "issue": ..., "issue_label": ..., "stance": ...,
         "evidence": [Evidence, ...]}
      ],
      "documents": 1,
    }
    Item = {"summary": str, "score": float, "actors": [str, ...], "evidence": [Evidence, ...],
            "count": int, "first_seen": "YYYY-MM-DD" | None, "last_seen": ... | None,
            "basis": [str, ...]}   # why: the cue words, the coded events, the stances
    Evidence = {"doc_id": str, "start": int, "end": int, "text": str}

Where the items come from, for a focal actor F (a country code such as RUS matches every
RUS... actor; a full code such as RUSGOV matches only itself):

- opportunity/risk language in a sentence (the `signals` the stance component keeps:
  "gains", "back on the world stage"; "gamble", "unpredictable", "mishandling"), counted in
  full when the sentence names F and at a discount when it only sits in an article about F;
  hedged sentences and cues inside a concession ("despite the advantages ...") count less;
- coded events: cooperation directed at F is an opportunity, conflict directed at F a risk,
  conflict among F's rivals (data/stance/cues.yaml `rivals`) or pressure on them an
  opportunity; weighted by factuality (asserted 1, attempted .9, future .8, hypothetical .6;
  negated events are left out);
- stances: F's own factions taking opposite sides of an issue is a risk (a divided camp).

Items on the same sentence are one item; across documents, items whose wording is nearly
the same are merged, with counts and first/last seen dates. The lists are kept short.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from ..records import Actor, Document
from .lexicon import load_lexicon
from .summary import summarize

LIMIT = 8  # items per list
MIN_SCORE = 0.5
FACTUALITY = {"asserted": 1.0, "attempted": 0.9, "future": 0.8, "hypothetical": 0.6}
FACTION_SECTORS = frozenset(
    {
        "ELI",
        "MED",
        "OPP",
        "REB",
        "MIL",
        "CVL",
        "LEG",
        "BUS",
        "LAB",
        "REL",
        "EDU",
        "NGO",
        "SPY",
        "IGO",
    }
)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and for that with from this have has had are was were will would could might their "
    "they them its his her not but into over than then there which what when where who about "
    "also been being more most some such only just very".split()
)


def assess(
    documents: Iterable[Document], focus: str, limit: int = LIMIT, focus_name: str | None = None
) -> dict[str, Any]:
    """Ranked opportunities and risks for `focus` (a CAMEO code) across `documents`."""
    lex = load_lexicon()
    matcher = FocusMatcher(focus, lex.rivals)
    items: list[dict[str, Any]] = []
    stances: list[tuple[Document, dict[str, Any]]] = []
    factions_seen: dict[tuple[str, str], dict[str, Any]] = {}
    names: dict[str, int] = {}
    n_docs = 0
    for doc in documents:
        n_docs += 1
        actors = {a.id: a for a in doc.actors}
        for a in doc.actors:
            if matcher.is_focus(a.code) and a.kind in ("state", "organization", "person"):
                names[a.name] = names.get(a.name, 0) + len(a.mentions) * (
                    3 if a.kind == "state" else 1
                )
            if _is_faction(a):
                key = (a.country or "", _faction_name(a))
                factions_seen.setdefault(
                    key,
                    {
                        "country": a.country,
                        "name": key[1],
                        "code": a.code,
                        "members": [],
                        "stances": [],
                    },
                )
        relevance = matcher.relevance(doc)
        if relevance > 0:
            items.extend(_doc_items(doc, actors, matcher, relevance))
        stances.extend((doc, s) for s in doc.stances)
    factions, others = _stance_tables(stances, factions_seen, matcher)
    items.extend(_division_items(factions, matcher))
    merged = _merge(items)
    opportunities = [i for i in merged if i["kind"] == "opportunity" and i["score"] >= MIN_SCORE]
    risks = [i for i in merged if i["kind"] == "risk" and i["score"] >= MIN_SCORE]
    name = focus_name or (max(names, key=names.get) if names else focus)
    return {
        "focus": {"code": focus, "name": name, "query": focus},
        "opportunities": [_public(i) for i in opportunities[:limit]],
        "risks": [_public(i) for i in risks[:limit]],
        "factions": factions,
        "stances": others,
        "documents": n_docs,
    }


class FocusMatcher:
    def __init__(self, focus: str, rivals: dict[str, frozenset[str]]) -> None:
        self.focus = focus.upper()
        self.country = self.focus[:3]
        self.rivals = rivals.get(self.country, frozenset())

    def is_focus(self, code: str | None) -> bool:
        if not code:
            return False
        return code == self.focus or (len(self.focus) == 3 and code.startswith(self.focus))

    def is_rival(self, code: str | None) -> bool:
        return (
            bool(code)
            and not self.is_focus(code)
            and (code in self.rivals or code[:3] in self.rivals)
        )

    def relevance(self, doc: Document) -> float:
        """How much the document is about the focal actor: 0 (not at all) to 1."""
        total = focal = 0
        for a in doc.actors:
            n = len(a.mentions)
            total += n
            if self.is_focus(a.code):
                focal += n
        if not focal:
            return 0.0
        return min(1.0, 0.3 + 2 * focal / max(total, 1))


COLLECTIVE = frozenset(
    "elite elites establishment media press opposition public military "
    "army clergy intelligentsia leadership base diaspora".split()
)


def _is_faction(a: Actor) -> bool:
    """A sub-state group of a country: technocrats, nationalists, the elite, state media.

    Single generic speakers ("a seasoned analyst", "a popular tabloid") and named outlets
    are not factions (an outlet can be listed as a faction's member)."""
    if a.kind != "group" or (a.sector or "") not in FACTION_SECTORS:
        return False
    if not a.country or len(a.country) != 3:
        return False
    last = a.name.split()[-1].lower()
    return last in COLLECTIVE or (last.endswith("s") and not last.endswith("ss"))


def _faction_name(a: Actor) -> str:
    words = a.name.split()
    # "Russian nationalist voices" -> "nationalist voices": the country is a column.
    if len(words) > 1 and words[0][:1].isupper():
        words = words[1:]
    return " ".join(words)


# --- items from one document -------------------------------------------------------------


def _doc_items(
    doc: Document, actors: dict[str, Actor], m: FocusMatcher, relevance: float
) -> list[dict[str, Any]]:
    """The scored opportunity and risk items of one document: its signals and coded events
    for the focus, one item per sentence (two when it holds both in strength)."""
    sentences = _SentenceItems(doc)
    for sig in (doc.assessment or {}).get("signals") or ():
        _add_signal(sentences.item(sig["sentence"]), sig, actors, m, relevance)
    for e in doc.events:
        _add_event(sentences, e, actors, m)
    out = []
    for it in sentences.items():
        out.extend(_scored_items(doc, it))
    return out


class _SentenceItems:
    """The items of one document being built, one per sentence (its last paragraph's part)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_start: dict[int, dict[str, Any]] = {}

    def item(self, sentence: dict[str, Any]) -> dict[str, Any]:
        start, end = _paragraph_part(self.doc.text, sentence["start"], sentence["end"])
        it = self.by_start.get(start)
        if it is None:
            it = self.by_start[start] = {
                "doc": self.doc,
                "start": start,
                "end": end,
                "opportunity": 0.0,
                "risk": 0.0,
                "actors": [],
                "basis": [],
                "cues": [],
            }
        return it

    def items(self) -> Iterable[dict[str, Any]]:
        return self.by_start.values()


def _add_signal(
    it: dict[str, Any],
    sig: dict[str, Any],
    actors: dict[str, Actor],
    m: FocusMatcher,
    relevance: float,
) -> None:
    """Opportunity/risk language of a sentence, in full when the sentence names the focus and
    at a discount when it only sits in an article about it."""
    names = [actors[a] for a in sig.get("actors", ()) if a in actors]
    in_sentence = any(m.is_focus(a.code) for a in names)
    weight = 1.0 if in_sentence else 0.6 * relevance
    if sig.get("hedged"):
        weight *= 0.85
    if sig.get("speaker"):
        weight *= 1.1
    it["opportunity"] += weight * sig.get("opportunity", 0.0)
    it["risk"] += weight * sig.get("risk", 0.0)
    for a in names:
        _add_actor(it, a)
    cues = sorted(sig.get("cues", ()), key=lambda c: -c["weight"])
    if cues:
        it["cues"] += [(c["start"], c["weight"]) for c in cues]
        it["basis"].append("cues: " + ", ".join(c["term"] for c in cues))
    for d in sig.get("directed") or ():
        _add_directed(it, d, m)
    if not in_sentence and any(m.is_rival(a.code) for a in names):
        # Trouble for a rival, in an article about the focus, is its opportunity.
        it["opportunity"] += weight * sig.get("risk", 0.0)
        it["risk"] -= weight * sig.get("risk", 0.0)
        it["basis"].append(f"risk language about a rival of {m.focus}")


def _add_directed(it: dict[str, Any], d: dict[str, Any], m: FocusMatcher) -> None:
    """Condemned, sanctioned, threatened: a risk for the actor aimed at; praised, backed: an
    opportunity. Pressure on a rival is an opportunity for the focus."""
    if m.is_focus(d.get("code")):
        kind = "risk" if d["polarity"] < 0 else "opportunity"
        it[kind] += 0.9
        it["cues"].append((d["start"], 0.9))
        it["basis"].append(f"{d['cue']} aimed at {m.focus}")
    elif d["polarity"] < 0 and m.is_rival(d.get("code")):
        it["opportunity"] += 0.5
        it["basis"].append(f"{d['cue']} aimed at a rival of {m.focus}")


def _add_event(
    sentences: _SentenceItems, e: dict[str, Any], actors: dict[str, Actor], m: FocusMatcher
) -> None:
    """A coded event: cooperation directed at the focus is an opportunity, conflict directed
    at it a risk, conflict involving its rivals an opportunity; weighted by factuality."""
    fact = FACTUALITY.get(e.get("factuality") or "")
    quad = e.get("quad_class")
    if fact is None or quad is None:
        return
    src, tgt = e.get("source") or {}, e.get("target") or {}
    side = _event_side(quad, src.get("code"), tgt.get("code"), m)
    if side is None:
        return
    kind, why = side
    weight = fact * (0.7 + 0.05 * abs(e.get("goldstein") or 0.0))
    it = sentences.item(e["sentence"])
    it[kind] += weight
    for ref in (src, tgt):
        if ref.get("actor") in actors:
            _add_actor(it, actors[ref["actor"]])
    it["basis"].append(
        f"event: {src.get('text') or '?'} {e['trigger']['text']} {tgt.get('text') or '?'} "
        f"(CAMEO {e.get('cameo')}, {e.get('plover')}, {e.get('factuality')}; "
        f"{why} {m.focus})"
    )
    it["cues"].append((e["trigger"]["start"], 0.5 * weight))


def _event_side(
    quad: int, s_code: str | None, t_code: str | None, m: FocusMatcher
) -> tuple[str, str] | None:
    """Whether an event of quad class `quad` between the two codes is an opportunity or a
    risk for the focus, and why; None when it is neither."""
    if m.is_focus(t_code) and not m.is_focus(s_code):
        if quad in (1, 2):
            return "opportunity", "cooperation directed at"
        return "risk", "conflict directed at"
    if (
        quad in (3, 4)
        and (m.is_rival(s_code) or m.is_rival(t_code))
        and not (m.is_focus(s_code) or m.is_focus(t_code))
    ):
        return "opportunity", "conflict involving a rival of"
    return None


def _scored_items(doc: Document, it: dict[str, Any]) -> list[dict[str, Any]]:
    """A sentence's item as an opportunity or a risk (both, when it is strongly both)."""
    opp, risk = it["opportunity"], it["risk"]
    if min(opp, risk) >= 0.7:  # "in Russia's favor, perhaps even too favorably": both
        kinds = [("opportunity", 0.8 * opp), ("risk", 0.8 * risk)]
    elif opp >= risk:
        kinds = [("opportunity", opp - 0.5 * risk)]
    else:
        kinds = [("risk", risk - 0.5 * opp)]
    text = doc.text[it["start"] : it["end"]]
    return [
        {
            "kind": kind,
            "score": score,
            "summary": summarize(text, [(c - it["start"], w) for c, w in it["cues"]]),
            "actors": it["actors"],
            "evidence": [{"doc_id": doc.id, "start": it["start"], "end": it["end"], "text": text}],
            "dates": [doc.published] if doc.published else [],
            "basis": it["basis"],
            "count": 1,
        }
        for kind, score in kinds
    ]


def _add_actor(it: dict[str, Any], a: Actor) -> None:
    label = f"{a.name} ({a.code})" if a.code else a.name
    if label not in it["actors"]:
        it["actors"].append(label)


def _paragraph_part(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence the parser ran across a heading ("Riding the Tiger\\n\\nDespite ..."): the
    last paragraph of it."""
    cut = text.rfind("\n\n", start, end)
    if cut != -1 and text[cut:end].strip():
        start = cut + 2
    while start < end and text[start].isspace():
        start += 1
    return start, end


# --- stances and factions ------------------------------------------------------------------


def _stance_tables(
    stances: list[tuple[Document, dict[str, Any]]],
    factions_seen: dict[tuple[str, str], dict[str, Any]],
    m: FocusMatcher,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    factions = dict(factions_seen)
    others: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    doc_actors: dict[str, dict[str, Actor]] = {}
    for doc, s in stances:
        actors = doc_actors.setdefault(doc.id, {a.id: a for a in doc.actors})
        actor = actors.get(s.get("actor"))
        evidence = dict(s["evidence"], doc_id=doc.id)
        if actor is not None and _is_faction(actor):
            f = factions[(actor.country or "", _faction_name(actor))]
            for mem in s.get("members") or ():
                if mem["name"] not in f["members"]:
                    f["members"].append(mem["name"])
            row = next(
                (
                    r
                    for r in f["stances"]
                    if r["issue"] == s["issue"] and r["stance"] == s["stance"]
                ),
                None,
            )
            if row is None:
                row = {
                    "issue": s["issue"],
                    "issue_label": s.get("issue_label", s["issue"]),
                    "stance": s["stance"],
                    "evidence": [],
                }
                f["stances"].append(row)
            if len(row["evidence"]) < 3:
                row["evidence"].append(evidence)
        else:
            name = actor.name if actor else s.get("name") or "?"
            key = (name, s.get("code") or "", s["issue"], s["stance"])
            row = others.setdefault(
                key,
                {
                    "actor": name,
                    "code": s.get("code"),
                    "issue": s["issue"],
                    "issue_label": s.get("issue_label", s["issue"]),
                    "stance": s["stance"],
                    "evidence": [],
                },
            )
            if len(row["evidence"]) < 3:
                row["evidence"].append(evidence)
    # The focus's country first, then the factions with most stances.
    ranked = sorted(
        factions.values(),
        key=lambda f: (f["country"] != m.country, -len(f["stances"]), f["name"]),
    )
    ranked = [f for f in ranked if f["stances"] or f["country"] == m.country]
    focus_first = sorted(others.values(), key=lambda r: (not m.is_focus(r["code"]), r["actor"]))
    return ranked, focus_first


def _division_items(factions: list[dict[str, Any]], m: FocusMatcher) -> list[dict[str, Any]]:
    """The focus's own factions on opposite sides of one issue: a divided camp is a risk."""
    sides: dict[str, dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]] = {}
    for f in factions:
        if f["country"] != m.country:
            continue
        for row in f["stances"]:
            sides.setdefault(row["issue"], {}).setdefault(row["stance"], []).append((f, row))
    out = []
    for issue, by in sides.items():
        if not by.get("favor") or not by.get("against"):
            continue
        pro = ", ".join(f["name"] for f, _ in by["favor"])
        con = ", ".join(f["name"] for f, _ in by["against"])
        label = by["favor"][0][1]["issue_label"]
        evidence = [r["evidence"][0] for _, r in by["favor"] + by["against"]]
        out.append(
            {
                "kind": "risk",
                "score": 1.0 + 0.1 * len(evidence),
                "summary": f"A divided camp on {label.lower()}: {pro} in favour, {con} against",
                "actors": [f"{f['name']} ({f['code']})" for f, _ in by["favor"] + by["against"]],
                "evidence": evidence,
                "dates": [],
                "basis": [f"stances: {pro} favour, {con} oppose ({issue})"],
                "count": 1,
            }
        )
    return out


# --- merging across documents ----------------------------------------------------------------


def _key(summary: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(summary.lower()) if w not in _STOP)


def _merge(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Near-identical items (Jaccard >= 0.6 on their content words) become one, counted."""
    items = sorted(items, key=lambda i: -i["score"])
    merged: list[tuple[frozenset[str], dict[str, Any]]] = []
    by_word: dict[str, list[int]] = {}
    for it in items:
        key = _key(it["summary"])
        target = None
        candidates = {k for w in key for k in by_word.get(w, ())}
        for k in sorted(candidates):
            other_key, other = merged[k]
            if (
                other["kind"] == it["kind"]
                and key
                and (len(key & other_key) / len(key | other_key) >= 0.6)
            ):
                target = other
                break
        if target is None:
            merged.append((key, dict(it)))
            for w in key:
                by_word.setdefault(w, []).append(len(merged) - 1)
            continue
        target["count"] += it["count"]
        target["dates"] += it["dates"]
        for a in it["actors"]:
            if a not in target["actors"]:
                target["actors"].append(a)
        if len(target["evidence"]) < 3:
            target["evidence"].extend(it["evidence"][: 3 - len(target["evidence"])])
    out = []
    for _, it in merged:
        it["score"] = it["score"] * (1 + 0.25 * math.log(it["count"]))
        out.append(it)
    return sorted(out, key=lambda i: -i["score"])


def _public(it: dict[str, Any]) -> dict[str, Any]:
    dates = sorted(d for d in it.get("dates", ()) if d)
    return {
        "summary": it["summary"],
        "score": round(it["score"], 3),
        "actors": it["actors"],
        "evidence": it["evidence"],
        "count": it["count"],
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "basis": it["basis"],
    }
