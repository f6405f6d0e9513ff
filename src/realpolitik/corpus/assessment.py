"""Opportunities and risks for a focus across a corpus: about the focus, polarity for the focus,
one item per claim however many outlets carry it.

    assess_corpus(store, resolve(store, "Donald Trump"), since="2016-03-01")

Which sentences count. Only those in which the focus (its entity; at code or country level
every entity carrying the code) or one of its *rivals* takes part. The rivals are the
focus's direct counterparts in conflict: the entities with most conflictual event clusters
(CAMEO quad classes 3-4) with it in the period (for Trump in 2016: Clinton, Cruz, Rubio...).

Polarity for the focus. Opportunity and risk language is owned by the actor named nearest
before the cue in its sentence (else nearest after): "a poll showing Clinton gaining" is a
gain of Clinton's. A gain of the focus is its opportunity, a gain of a rival its risk, and
the other way round for trouble. Coded events: cooperation aimed at the focus (an
endorsement) is an opportunity and conflict aimed at it (criticism, an investigation) a risk;
conflict aimed at a rival by a third party is an opportunity, cooperation aimed at a rival
(Obama campaigning for Clinton) a risk. The focus's own acts and the focus attacking someone
are not items: they say nothing of the focus's prospects by themselves. Negated events are
left out; hypothetical and future ones count less.

One claim, one item. Sentences that report the same event cluster, or that share a story,
a kind and most of their content words, or that say nearly the same across stories, are
merged: the item keeps every article's evidence and says how many articles and outlets
carry it, when it was first and last seen, and its trend. Items are ranked by salience
(the strongest sentence) x recency (half-life of half the period) x spread
(1 + log of the articles + half the log of the outlets carrying it).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np

from ..stance.summary import summarize
from ..store import Store
from .queries import ActorRef, actor_key, checked_limit, period_bounds

LIMIT = 10
MAX_RIVALS = 5
# CAMEO roots that tell of someone's prospects: support, cooperation, aid and concessions
# (05-08) and demands, criticism, rejection, threats, protest, pressure and force (10-20);
# statements, appeals, intentions and meetings (01-04, 09) are left out.
TELLING_ROOTS = frozenset({"05", "06", "07", "08", *(str(r) for r in range(10, 21))})
FACTUALITY = {"asserted": 1.0, "attempted": 0.9, "future": 0.7, "hypothetical": 0.3}
MIN_SCORE = 0.4
MAX_EVIDENCE = 5
SELF_TALK = 0.3  # a cue about its own speaker's side: rhetoric more than prospects
MAX_POSTINGS = 50  # items sharing a word, beyond which the word proposes no candidates
SPREAD_ARTICLES, SPREAD_OUTLETS = 2.0, 1.0  # the weight of spread in the ranking
HALF_LIFE = 0.5  # of recency, as a share of the period
MIN_FOCUS_SHARE = 0.1  # of an article's actor mentions, for a rival's news to count
NEAR = 40  # characters between a cue and the mention of the actor it is read as about
CLAIM_DAYS = 10  # the same actor's same cue within this many days: one claim
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and for that with from this have has had are was were will would could might their "
    "they them its his her not but into over than then there which what when where who about "
    "also been being more most some such only just very said says she he".split()
)


@dataclass
class _Item:
    kind: str
    score: float
    doc_id: str
    start: int
    end: int
    text: str
    published: date | None
    outlet: str | None
    story: str | None
    basis: list[str]
    opp: float = 0.0
    risk: float = 0.0
    clusters: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    words: frozenset[str] = frozenset()

    def credit(self, good: bool, weight: float) -> None:
        """Add `weight` to the item's opportunity if `good`, else to its risk."""
        if good:
            self.opp += weight
        else:
            self.risk += weight


def rivals(store: Store, focus: ActorRef, since: Any = None, until: Any = None) -> list[dict]:
    """The focus's direct counterparts in conflict, most conflict clusters first."""
    from .queries import top_dyads

    dyads = top_dyads(store, actor=focus, since=since, until=until, limit=200)
    ranked = sorted(
        (d for d in dyads if d["conflict"] >= 1 and d["b"] != focus.key),
        key=lambda d: (-d["conflict"], -d["clusters"], d["b"]),
    )
    return [
        {"key": d["b"], "name": d["b_name"], "conflict": d["conflict"], "clusters": d["clusters"]}
        for d in ranked[:MAX_RIVALS]
    ]


def assess_corpus(
    store: Store,
    focus: ActorRef,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int = LIMIT,
) -> dict[str, Any]:
    """{"focus", "rivals", "period", "opportunities": [...], "risks": [...]} (see module doc)."""
    checked_limit(limit)
    first, last = period_bounds(store)
    since_d = date.fromisoformat(str(since)) if since else first
    until_d = date.fromisoformat(str(until)) if until else last
    rival_rows = rivals(store, focus, since_d, until_d)
    scope = _Scope(focus, [r["key"] for r in rival_rows], since_d, until_d)
    items = _sentence_items(store.con, scope)
    texts = _sentence_texts(store.con, [i for i in items if not i.text])
    for it in items:
        if not it.text:
            it.text = texts.get((it.doc_id, it.start), "")
        it.text = " ".join(it.text.split())
        it.words = frozenset(w for w in _WORD.findall(it.text.lower()) if w not in _STOP)
    merged = _merge(items)
    end = until_d or max((i.published for i in items if i.published), default=None)
    span = max(((until_d - since_d).days if since_d and until_d else 90), 28)
    ranked: dict[str, list[tuple[tuple[float, date], list[_Item]]]] = {
        "opportunity": [],
        "risk": [],
    }
    for group in merged:
        ranked[group[0].kind].append((_rank(group, end, span), group))
    out = {}
    for kind, groups in ranked.items():  # only the groups shown are made public
        groups.sort(key=lambda g: g[0])
        out[kind] = [_public(group, end, span) for _, group in groups[:limit]]
    return {
        "focus": {"level": focus.level, "key": focus.key, "name": focus.label},
        "rivals": rival_rows,
        "period": {"since": since_d, "until": until_d},
        "opportunities": out["opportunity"],
        "risks": out["risk"],
        "counts": {"sentences": len(items), "items": len(merged)},
    }


@dataclass(frozen=True)
class _Scope:
    """Whose news an assessment reads: the focus and its rivals, in [since, until]."""

    focus: ActorRef
    rival_keys: list[str]
    since: date | None
    until: date | None

    def documents_sql(self) -> str:
        """The documents naming the focus in the period (parameters `params()`)."""
        return (
            "SELECT doc_id FROM corpus_actor_entities l WHERE"
            f" {actor_key(self.focus.level, 'l')} = $focus"
            " AND l.published BETWEEN $since AND $until"
        )

    def params(self) -> dict[str, Any]:
        return {"focus": self.focus.key, "since": self.since, "until": self.until}


@dataclass
class _Parties:
    """In each document of the scope, the actors that are the focus or a rival (all that
    `side` tells apart: anyone else is on no side), every actor's mentions, and the
    document's facts."""

    sides: dict[str, dict[str, str]]  # doc_id -> actor_id -> "focus" | "rival"
    entities: dict[str, dict[str, str]]  # doc_id -> actor_id -> entity_id
    mentions: dict[str, list[tuple]]  # doc_id -> (start, end, actor_id, text), in order
    meta: dict[str, tuple]  # doc_id -> (published, outlet, story_id)


def _parties(con: Any, scope: _Scope) -> _Parties:
    level_col = actor_key(scope.focus.level, "l")
    sides: dict[str, dict[str, str]] = defaultdict(dict)
    entities: dict[str, dict[str, str]] = defaultdict(dict)
    for doc_id, actor_id, entity, is_focus in con.execute(
        f"""
        SELECT l.doc_id, l.actor_id, l.entity_id, {level_col} = $focus
        FROM corpus_actor_entities l
        WHERE {level_col} IN (SELECT unnest($keys)) AND l.doc_id IN ({scope.documents_sql()})""",
        scope.params() | {"keys": [scope.focus.key, *scope.rival_keys]},
    ).fetchall():
        if actor_id:
            sides[doc_id][actor_id] = "focus" if is_focus else "rival"
            entities[doc_id][actor_id] = entity
    # the documents' actor mentions as their JSON has them (the store writes both at once),
    # in the order Python sorts their tuples
    found = con.execute(
        f"""
        SELECT doc_id, start, "end", actor_id, coalesce(text, '') AS text FROM actor_mentions
        WHERE doc_id IN ({scope.documents_sql()})
        ORDER BY doc_id, start, "end", actor_id, text""",
        scope.params(),
    ).fetchnumpy()
    docs = found["doc_id"]
    every = list(
        zip(
            found["start"].tolist(),
            found["end"].tolist(),
            found["actor_id"].tolist(),
            found["text"].tolist(),
            strict=True,
        )
    )
    cuts = [0, *(np.flatnonzero(docs[1:] != docs[:-1]) + 1).tolist(), len(docs)]
    mentions = {docs[lo]: every[lo:hi] for lo, hi in itertools.pairwise(cuts) if lo < hi}
    meta = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT doc_id, published, outlet, story_id FROM corpus_documents"
            f" WHERE doc_id IN ({scope.documents_sql()})",
            scope.params(),
        ).fetchall()
    }
    return _Parties(dict(sides), dict(entities), mentions, meta)


def _sentence_items(con: Any, scope: _Scope) -> list[_Item]:
    """The sentences of the scope's documents that tell of the focus's prospects, each an
    item with its opportunity and risk (see the module docstring), strong enough to keep."""
    items: list[_Item] = []
    events: list[tuple[_Item, str, Any]] = []  # (item, doc_id, event id): clusters come last
    parties: _Parties | None = None
    # only the parts read (their text and quotes are most of the documents), in the
    # documents' own order: items tied in score keep it through the ranking
    reader = con.execute(
        "SELECT id, json_extract(document, ['$.events', '$.assessment.signals'])"
        f" FROM documents WHERE id IN ({scope.documents_sql()}) ORDER BY rowid",
        scope.params(),
    )
    while batch := reader.fetchmany(500):
        for doc_id, parts in batch:
            events_json, signals_json = parts or (None, None)
            doc_events = json.loads(events_json) if events_json else None
            signals = json.loads(signals_json) if signals_json else None
            if not doc_events and not signals:
                continue  # nothing said, nothing to assess
            if parties is None:  # on a cursor of its own: the reader still reads
                cursor = con.cursor()
                try:
                    parties = _parties(cursor, scope)
                finally:
                    cursor.close()
            found, found_events = _document_items(
                doc_id,
                doc_events or [],
                signals or [],
                parties.mentions.get(doc_id, []),
                parties.sides.get(doc_id, {}),
                parties.entities.get(doc_id, {}),
                parties.meta.get(doc_id, (None, None, None)),
            )
            items += found
            events += found_events
    _add_clusters(con, [e for e in events if e[0].score >= MIN_SCORE])
    return items


def _document_items(
    doc_id: str,
    doc_events: list[dict[str, Any]],
    signals: list[dict[str, Any]],
    mentions: list[tuple],
    sides: dict[str, str],
    entities: dict[str, str],
    meta: tuple,
) -> tuple[list[_Item], list[tuple[_Item, str, Any]]]:
    """The items of one document kept for their score, and the events behind them."""
    found = _DocumentItems(doc_id, mentions, sides, entities, meta)
    for sig in signals:
        found.add_signal(sig)
    for ev in doc_events:
        found.add_event(ev)
    return found.kept(), found.events


class _DocumentItems:
    """The items of one document being built, one per sentence, from its signals and events
    (see the module docstring); `sides` tells the focus's and the rivals' actors apart."""

    def __init__(
        self,
        doc_id: str,
        mentions: list[tuple],
        sides: dict[str, str],
        entities: dict[str, str],
        meta: tuple,
    ) -> None:
        self.mentions, self.sides, self.entities = mentions, sides, entities
        # the focus's and the rivals' mentions: a sentence naming none of them is no one's news
        self.party = [m for m in mentions if self.side(m[2])]
        self.party_starts = [m[0] for m in self.party]
        focal = sum(sides[m[2]] == "focus" for m in self.party)
        self.rival_news = 0.45 if focal >= MIN_FOCUS_SHARE * max(len(mentions), 1) else 0.0
        self._starts: list[int] = []  # of all the mentions, when a sentence first needs them
        self.by_sentence: dict[int, _Item] = {}
        self.events: list[tuple[_Item, str, Any]] = []  # (item, doc_id, event id)
        self.doc_id = doc_id
        self.item_at = partial(_item_at, self.by_sentence, doc_id, meta)  # sentence -> item

    def side(self, actor_id: str | None) -> str | None:
        """ "focus", "rival", or None for anyone else."""
        return self.sides.get(actor_id) if actor_id else None

    def add_signal(self, sig: dict[str, Any]) -> None:
        """A sentence's cues, owned by the actor named nearest them, and the evaluations
        aimed at an actor."""
        sent = sig.get("sentence") or {}
        lo = bisect_left(self.party_starts, sent.get("start", 0))
        if lo == len(self.party_starts) or self.party_starts[lo] >= sent.get("end", 0):
            return  # no owner of a cue here can be the focus or a rival
        inside = self._mentions_in(sent)
        for cue in sig.get("cues") or ():
            if not cue.get("negated"):
                self._add_cue(sig, sent, inside, cue)
        for d in sig.get("directed") or ():
            who = self.side(_owner(inside, d.get("start", 0), exact=True))
            if who is None:
                continue
            it = self.item_at(sent)
            bad_for_target = d.get("polarity", 0) < 0
            it.credit(bad_for_target if who == "rival" else not bad_for_target, 0.8)
            it.basis.append(
                f"{d.get('cue')} aimed at {'the focus' if who == 'focus' else 'a rival'}"
            )

    def _mentions_in(self, sent: dict[str, Any]) -> list[tuple]:
        if not self._starts:
            self._starts = [m[0] for m in self.mentions]
        starts = self._starts
        lo = bisect_left(starts, sent.get("start", 0))
        return self.mentions[lo : bisect_left(starts, sent.get("end", 0), lo)]

    def _add_cue(
        self, sig: dict[str, Any], sent: dict[str, Any], inside: list[tuple], cue: dict[str, Any]
    ) -> None:
        """A gain of the focus is its opportunity, a gain of a rival its risk; the other way
        round for trouble."""
        owner = _owner(inside, cue["start"], near=NEAR)
        who = self.side(owner)
        if who is None:
            return
        good = cue.get("kind") == "opportunity"
        if who == "rival":
            good = not good
        weight = float(cue.get("weight") or 0.5)
        weight *= 0.5 if cue.get("conceded") else 1.0
        weight *= 0.85 if sig.get("hedged") else 1.0
        speaker = (sig.get("speaker") or {}).get("actor")
        if speaker and self.side(speaker) == who:
            weight *= SELF_TALK  # "great danger", says Trump: his rhetoric
        it = self.item_at(sent)
        it.credit(good, weight)
        it.owners.add(self.entities[owner])
        it.terms.add(str(cue.get("term")))
        role = "the focus" if who == "focus" else "a rival"
        it.basis.append(f"cue '{cue.get('term')}' of {role}")

    def add_event(self, ev: dict[str, Any]) -> None:
        """Cooperation aimed at the focus is an opportunity, conflict aimed at it a risk; the
        other way round when aimed at a rival by a third party."""
        tgt = self.side((ev.get("target") or {}).get("actor"))
        if tgt is None:  # the cheapest test first: most events are aimed at no one here
            return
        src = self.side((ev.get("source") or {}).get("actor"))
        if src == tgt or src == "focus":
            return
        fact = FACTUALITY.get(ev.get("factuality") or "")
        quad = ev.get("quad_class")
        if fact is None or quad not in (1, 2, 3, 4) or not ev.get("sentence"):
            return
        if (ev.get("cameo") or "")[:2] not in TELLING_ROOTS:
            return
        cooperative = quad in (1, 2)
        weight = fact * (0.6 + 0.06 * abs(ev.get("goldstein") or 0.0))
        it = self.item_at(ev["sentence"])
        it.credit(cooperative if tgt == "focus" else not cooperative, weight)
        self.events.append((it, self.doc_id, ev.get("id")))
        s_text = (ev.get("source") or {}).get("text") or "?"
        t_text = (ev.get("target") or {}).get("text") or "?"
        it.basis.append(
            f"event: {s_text} {(ev.get('trigger') or {}).get('text')} {t_text} "
            f"(CAMEO {ev.get('cameo')}, {ev.get('factuality')})"
        )

    def kept(self) -> list[_Item]:
        """The items, each an opportunity or a risk, scored by how squarely they are about
        the focus, that are strong enough to keep."""
        kept = []
        for it in self.by_sentence.values():
            opp, risk = it.opp, it.risk
            if opp >= risk:
                it.kind, it.score = "opportunity", opp - 0.5 * risk
            else:
                it.kind, it.score = "risk", risk - 0.5 * opp
            lo = bisect_left(self.party_starts, it.start)
            # the focus's mentions are enough
            inside = self.party[lo : bisect_left(self.party_starts, it.end, lo)]
            it.score *= _about_focus(inside, self.side, self.rival_news)
            if it.score >= MIN_SCORE:
                kept.append(it)
        return kept


def _add_clusters(con: Any, events: list[tuple[_Item, str, Any]]) -> None:
    """The event clusters of the items' events: one query for the documents that have any."""
    if not events:
        return
    clusters: dict[str, dict[str, str]] = defaultdict(dict)
    for doc_id, event_id, cid in con.execute(
        "SELECT doc_id, event_id, cluster_id FROM corpus_event_mentions"
        " WHERE doc_id IN (SELECT unnest(?))",
        [sorted({doc_id for _, doc_id, _ in events})],
    ).fetchall():
        clusters[doc_id][event_id] = cid
    for it, doc_id, event_id in events:
        if cid := clusters[doc_id].get(event_id):
            it.clusters.add(cid)


PRONOUNS = frozenset("he she him her his hers they them their it its i we you".split())


def _about_focus(
    inside: list[tuple], side: Callable[[str], str | None], rival_news: float
) -> float:
    """How squarely a sentence is about the focus: named in it (1), there only as a pronoun
    (0.7), or not there, its rival's news only (0.45, and only in an article that names the
    focus in a tenth of its actor mentions). On PolNeAR the first kind is right four times as
    often as the last (`benchmarks/dynamics.py`)."""
    pronoun = False
    for _, _, actor, text in inside:
        if side(actor) == "focus":
            if text.casefold() not in PRONOUNS:
                return 1.0
            pronoun = True
    # a rival's news counts for the focus only in an article about the focus (`rival_news`)
    return 0.7 if pronoun else rival_news


def _item_at(found: dict[int, _Item], doc_id: str, meta: tuple, s: dict[str, Any]) -> _Item:
    """The item of the sentence `s` of a document, made on first use."""
    it = found.get(s["start"])
    if it is None:
        published, outlet, story = meta
        it = found[s["start"]] = _Item(
            "",
            0.0,
            doc_id,
            s["start"],
            s["end"],
            s.get("text") or "",
            published,
            outlet,
            story,
            [],
        )
    return it


def _owner(
    mentions: list[tuple], at: int, exact: bool = False, near: int | None = None
) -> str | None:
    """The actor of the mention nearest before `at` (else nearest after) in the sentence,
    within `near` characters of it if given."""
    if exact:
        for start, end, actor, *_ in mentions:
            if start <= at < end:
                return actor
    before = [m for m in mentions if m[1] <= at and (near is None or at - m[1] <= near)]
    if before:
        return before[-1][2]
    after = [m for m in mentions if m[0] >= at and (near is None or m[0] - at <= near)]
    return after[0][2] if after else None


def _sentence_texts(con: Any, items: list[_Item]) -> dict[tuple[str, int], str]:
    if not items:
        return {}
    rows = con.execute(
        """
        WITH w AS (SELECT unnest($ids) AS id, unnest($starts) AS s, unnest($ends) AS e)
        SELECT w.id, w.s, substr(a.text, w.s + 1, w.e - w.s)
        FROM w JOIN articles a ON a.id = w.id""",
        {
            "ids": [i.doc_id for i in items],
            "starts": [i.start for i in items],
            "ends": [i.end for i in items],
        },
    ).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def _merge(items: list[_Item]) -> list[list[_Item]]:
    """Groups of items making one claim (see the module docstring), strongest first."""
    items = sorted(items, key=lambda i: -i.score)
    groups = _UnionFind(len(items))
    _join_same_content(items, groups)
    _join_same_claim(items, groups)
    merged: dict[int, list[_Item]] = defaultdict(list)
    for k, it in enumerate(items):
        merged[groups.find(k)].append(it)
    return list(merged.values())


class _UnionFind:
    """Disjoint sets of 0..n-1; a set is named by its smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _join_same_content(items: list[_Item], groups: _UnionFind) -> None:
    """Items of a kind reporting the same event cluster, or sharing most of their content
    words (some, within a story)."""
    by_cluster: dict[tuple[str, str], int] = {}
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)
    sizes = [len(it.words) for it in items]
    for k, it in enumerate(items):
        for cid in it.clusters:
            if (it.kind, cid) in by_cluster:
                groups.union(k, by_cluster[(it.kind, cid)])
            else:
                by_cluster[(it.kind, cid)] = k
        candidates: set[int] = set()  # the earlier items sharing a word with this one
        for w in it.words:
            postings = by_word[(it.kind, w)]
            if len(postings) <= MAX_POSTINGS:  # beyond, a common word: rarer ones will do
                candidates.update(postings)
            postings.append(k)
        words, size, story = it.words, sizes[k], it.story
        for j in candidates:
            other = items[j]
            inter = len(words & other.words)
            jac = inter / ((size + sizes[j] - inter) or 1)  # |a | b| = |a| + |b| - |a & b|
            if jac >= 0.6 or (jac >= 0.3 and story and story == other.story):
                groups.union(k, j)


def _join_same_claim(items: list[_Item], groups: _UnionFind) -> None:
    """The same actor's same cue in one news cycle ("Clinton ... leads", "Trump ... scandal")."""
    by_claim: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        if len(it.owners) == 1 and len(it.terms) == 1 and it.published is not None:
            by_claim[(it.kind, next(iter(it.owners)), next(iter(it.terms)))].append(k)
    for ks in by_claim.values():  # windows anchored at their first item: no chaining
        ks.sort(key=lambda k: items[k].published)
        anchor = ks[0]
        for k in ks[1:]:
            if (items[k].published - items[anchor].published).days <= CLAIM_DAYS:
                groups.union(anchor, k)
            else:
                anchor = k


def _rank(group: list[_Item], end: date | None, span_days: int) -> tuple[float, date]:
    """The sort key of a group among its kind: rank score (down), first seen (up)."""
    standing = _Standing.of(group, end, span_days)
    return -standing.rank_score, standing.days[0] if standing.days else date.min


@dataclass
class _Standing:
    """What ranks a group: its strongest item, its days, articles and outlets."""

    best: _Item
    days: list[date]
    docs: set[str]
    outlets: set[str]
    rank_score: float

    @classmethod
    def of(cls, group: list[_Item], end: date | None, span_days: int) -> _Standing:
        best = max(group, key=lambda i: i.score)
        days = sorted(i.published for i in group if i.published)
        docs = {i.doc_id for i in group}
        outlets = {i.outlet for i in group if i.outlet}
        recency = 1.0
        if end and days:
            recency = 0.5 ** (max((end - days[-1]).days, 0) / max(span_days * HALF_LIFE, 7))
        spread = (
            1 + SPREAD_ARTICLES * math.log(len(docs)) + SPREAD_OUTLETS * math.log(len(outlets) or 1)
        )
        return cls(best, days, docs, outlets, round(best.score * recency * spread, 3))


def _public(group: list[_Item], end: date | None, span_days: int) -> dict[str, Any]:
    standing = _Standing.of(group, end, span_days)
    best, days, docs, outlets = standing.best, standing.days, standing.docs, standing.outlets
    last = days[-1] if days else None
    basis = Counter(b for i in group for b in i.basis)
    evidence = []
    for it in sorted(group, key=lambda i: (-i.score, i.published or date.min)):
        if it.doc_id in {e["doc_id"] for e in evidence}:
            continue
        evidence.append(
            {
                "doc_id": it.doc_id,
                "start": it.start,
                "end": it.end,
                "text": it.text,
                "published": it.published,
                "outlet": it.outlet,
            }
        )
        if len(evidence) == MAX_EVIDENCE:
            break
    return {
        "kind": best.kind,
        "summary": summarize(best.text),
        "score": round(best.score, 3),
        "rank_score": standing.rank_score,
        "num_articles": len(docs),
        "num_sources": len(outlets),
        "first_seen": days[0] if days else None,
        "last_seen": last,
        "trend": _trend(days, end, span_days),
        "clusters": sorted({c for i in group for c in i.clusters}),
        "basis": [b for b, _ in basis.most_common(4)],
        "evidence": evidence,
    }


def _trend(days: list[date], end: date | None, span_days: int) -> str:
    """rising / steady / fading: the item's articles in the last quarter of the period
    against its earlier pace; 'single' for one article."""
    if len(days) < 2 or end is None:
        return "single"
    quarter = timedelta(days=max(span_days // 4, 7))
    recent = sum(d > end - quarter for d in days)
    earlier = len(days) - recent
    if recent and (
        not earlier or recent / quarter.days > earlier / max(span_days - quarter.days, 1) * 1.5
    ):
        return "rising"
    if not recent:
        return "fading"
    return "steady"
