"""The fast paths of `changes` and `assess_corpus` against what they replace: scipy's tests
called one dyad at a time, and plain Python over the store's rows."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest
from scipy.stats import mannwhitneyu, poisson

from realpolitik.corpus import build
from realpolitik.corpus.assessment import (
    CLAIM_DAYS,
    MAX_POSTINGS,
    _Item,
    _merge,
    _parties,
    _Scope,
)
from realpolitik.corpus.changes import (
    ALPHA,
    MIN_COUNT,
    TONE_POINTS,
    _actor_windows,
    _asymptotic_p,
    _dyad_windows,
    _flags,
    _tones,
    windows,
)
from realpolitik.corpus.queries import period_bounds, resolve
from realpolitik.store import Store

from .corpus_fixtures import doc


def _samples(n: int, seed: int = 7) -> list[tuple[list[float], list[float]]]:
    """Goldstein-like samples: few distinct values (ties), continuous ones, tiny and large,
    all equal."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        n1, n2 = rng.randint(1, 25), rng.randint(1, 40)
        if k % 4 == 0:
            scale = [-10.0, -5.0, -2.0, 0.0, 1.0, 3.4, 7.0]
            x, y = [rng.choice(scale) for _ in range(n1)], [rng.choice(scale) for _ in range(n2)]
        elif k % 4 == 1:
            x = [rng.uniform(-10, 10) for _ in range(n1)]
            y = [rng.uniform(-10, 10) + 4 for _ in range(n2)]
        elif k % 4 == 2:
            x = [round(rng.uniform(-10, 10), 1) for _ in range(n1)]
            y = [round(rng.uniform(-6, 10), 1) for _ in range(n2)]
        else:
            x, y = [2.0] * n1, [2.0] * n2
        out.append((x, y))
    return out


def test_tone_p_values_are_scipys_to_the_last_bit():
    samples = _samples(2000)
    p_values, exact = _asymptotic_p(samples)
    for (x, y), p, is_exact in zip(samples, p_values.tolist(), exact.tolist(), strict=True):
        values = sorted(x + y)
        tied = any(a == b for a, b in zip(values, values[1:], strict=False))
        assert is_exact == ((len(x) <= 8 or len(y) <= 8) and not tied)
        if not is_exact:
            assert p == float(mannwhitneyu(x, y, alternative="two-sided").pvalue)

    def one_at_a_time(now: list[float], base: list[float]) -> tuple[str, float] | None:
        diff = sum(now) / len(now) - sum(base) / len(base)
        if abs(diff) < TONE_POINTS:
            return None
        p = float(mannwhitneyu(now, base, alternative="two-sided").pvalue)
        if p >= 0.1:
            return None
        return ("warming" if diff > 0 else "cooling"), round(p, 6)

    flags = _tones(samples, 0.1)
    assert flags == [one_at_a_time(x, y) for x, y in samples]
    assert sum(f is not None for f in flags) > 100
    assert _tones([], 0.1) == []


def test_poisson_flags_for_all_rows_are_the_tests_of_each_row():
    import numpy as np

    now = np.array([n for n in range(0, 30) for _ in range(0, 60, 3)], dtype=np.int64)
    base = np.array([b for _ in range(0, 30) for b in range(0, 60, 3)], dtype=np.int64)
    for exposure in (None, 0.05, 0.25, 1.0, 3.7):
        kinds, p_values = _flags(now, base, exposure, ALPHA, MIN_COUNT)
        for k, (n, b) in enumerate(zip(now.tolist(), base.tolist(), strict=True)):
            expected = None
            if exposure is not None:
                rate = max(b * exposure, 0.5 * exposure)
                if n >= MIN_COUNT and (p := float(poisson.sf(n - 1, rate))) < 0.01:
                    expected = "surge", round(p, 6)
                elif b * exposure >= MIN_COUNT and (p := float(poisson.cdf(n, rate))) < 0.01:
                    expected = "drop", round(p, 6)
            got = None if kinds[k] is None else (kinds[k], round(float(p_values[k]), 6))
            assert got == expected


@pytest.fixture()
def busy_store(tmp_path):
    """Cruz and Trump quarrel in 2015, are quiet, and quarrel again; Clinton and Trump meet
    every week; one article names Trump twice over (two actors, one entity)."""
    docs = [
        doc(
            "old",
            "2015-06-01",
            "NYT",
            "An old quarrel",
            ["Sen. Ted Cruz criticized Trump."],
            {"Sen. Ted Cruz": ["Sen. Ted Cruz"], "Trump": ["Trump"]},
            events=[{"source": "Sen. Ted Cruz", "target": "Trump", "trigger": "criticized"}],
        )
    ]
    for week in range(10):
        day = date.fromordinal(date(2016, 1, 4).toordinal() + 7 * week).isoformat()
        docs.append(
            doc(
                f"w{week}",
                day,
                f"Outlet {week % 3}",
                f"Week {week}: Trump and Clinton",
                [
                    "Donald Trump attacked Hillary Clinton on trade.",
                    "Trump said he would win.",
                    "Sen. Ted Cruz criticized Trump again." if week >= 8 else "Polls moved.",
                ],
                {
                    "Donald Trump": ["Donald Trump"],
                    "Trump": ["Trump"],
                    "Hillary Clinton": ["Hillary Clinton"],
                    **({"Sen. Ted Cruz": ["Sen. Ted Cruz"]} if week >= 8 else {}),
                },
                events=[
                    {
                        "source": "Donald Trump",
                        "target": "Hillary Clinton",
                        "trigger": "attacked",
                        "goldstein": -4.0 + week,
                    },
                    *(
                        [{"source": "Sen. Ted Cruz", "target": "Trump", "trigger": "criticized"}]
                        if week >= 8
                        else []
                    ),
                ],
            )
        )
    path = tmp_path / "busy.duckdb"
    with Store(path) as db:
        db.add_documents(docs)
        build(db)
    return path


def test_change_windows_are_the_counts_of_the_rows(busy_store):
    with Store(busy_store, read_only=True) as db:
        w = windows(db, since="2016-02-22", until="2016-03-07")
        con = db.con
        places = {
            r[0]
            for r in con.execute(
                "SELECT entity_id FROM corpus_entities WHERE kind = 'location'"
            ).fetchall()
        }
        rows = con.execute(
            "SELECT source_entity, target_entity, cluster_id, day, goldstein, factuality"
            " FROM corpus_event_mentions"
        ).fetchall()
        clusters: dict[tuple, list] = defaultdict(list)
        before = set()
        for s, t, cid, day, g, fact in rows:
            if s and t and day is not None and day < w["start"]:
                before.add((min(s, t), max(s, t)))
            if not s or not t or s == t or s in places or t in places or day is None:
                continue
            if fact in ("asserted", "attempted") and w["base_start"] <= day <= w["end"]:
                clusters[(min(s, t), max(s, t), cid)].append((day, g))
        pairs: dict[tuple, dict] = defaultdict(lambda: {"now": [], "base": []})
        for (x, y, _), mentions in clusters.items():
            window = "now" if min(d for d, _ in mentions) >= w["start"] else "base"
            pairs[(x, y)][window].append(sum(g for _, g in mentions) / len(mentions))
        found = _dyad_windows(con, "entity", w, None, 1, 1.0)
        got = {
            (x, y): (now, base, before_, sorted(g_now or []), sorted(g_base or []))
            for x, y, now, base, before_, g_now, g_base in zip(
                found["x"],
                found["y"],
                found["now"].tolist(),
                found["base"].tolist(),
                found["before"],
                found["g_now"],
                found["g_base"],
                strict=True,
            )
        }
        expected = {
            p: (
                len(v["now"]),
                len(v["base"]),
                p in before,
                sorted(v["now"]) if v["now"] and v["base"] else [],
                sorted(v["base"]) if v["now"] and v["base"] else [],
            )
            for p, v in pairs.items()
        }
        assert got == expected  # Goldstein scores of whole points: exact sums
        assert any(not v[1] and v[2] for v in got.values())  # Cruz-Trump: seen in 2015 only

        named = con.execute(
            "SELECT entity_id, doc_id, published FROM corpus_actor_entities"
        ).fetchall()
        docs: dict[str, dict[str, set]] = defaultdict(lambda: {"now": set(), "base": set()})
        ever = set()
        for entity, doc_id, published in named:
            if published is not None and published < w["start"]:
                ever.add(entity)
            if entity not in places and published and w["base_start"] <= published <= w["end"]:
                docs[entity]["now" if published >= w["start"] else "base"].add(doc_id)
        found = _actor_windows(con, w, 1)
        got = dict(
            zip(
                found["entity_id"],
                zip(found["now"].tolist(), found["base"].tolist(), found["ever"], strict=True),
                strict=True,
            )
        )
        assert got == {e: (len(v["now"]), len(v["base"]), e in ever) for e, v in docs.items()}
        assert len(named) > len({(e, d) for e, d, _ in named})  # Trump twice in an article


def test_assessment_reads_the_mentions_and_order_of_the_documents(busy_store):
    with Store(busy_store, read_only=True) as db:
        focus = resolve(db, "Donald Trump")
        first, last = period_bounds(db)
        scope = _Scope(focus, ["Q1"], first, last)
        parties = _parties(db.con, scope)
        documents = db.con.execute("SELECT id, document FROM documents ORDER BY rowid").fetchall()
        for doc_id, document in documents:
            record = json.loads(document)
            mentions = sorted(
                (m["start"], m["end"], a["id"], m.get("text") or "")
                for a in record.get("actors") or []
                for m in a.get("mentions") or ()
            )
            assert parties.mentions.get(doc_id, []) == mentions
        read = db.con.execute(
            f"SELECT id FROM documents WHERE id IN ({scope.documents_sql()}) ORDER BY rowid",
            scope.params(),
        ).fetchall()
        assert [r[0] for r in read] == [d for d, _ in documents if d in parties.sides]


def _merge_pair_by_pair(items: list) -> list[list]:
    """`_merge` as first written: every candidate pair compared on its own."""
    items = sorted(items, key=lambda i: -i.score)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_cluster: dict = {}
    by_word: dict = defaultdict(list)
    for k, it in enumerate(items):
        for cid in it.clusters:
            if (it.kind, cid) in by_cluster:
                union(k, by_cluster[(it.kind, cid)])
            else:
                by_cluster[(it.kind, cid)] = k
        seen: set[int] = set()
        for w in it.words:
            postings = by_word[(it.kind, w)]
            if len(postings) > MAX_POSTINGS:
                postings.append(k)
                continue
            for j in postings:
                if j not in seen:
                    seen.add(j)
                    other = items[j]
                    jac = len(it.words & other.words) / (len(it.words | other.words) or 1)
                    if jac >= 0.6 or (jac >= 0.3 and it.story and it.story == other.story):
                        union(k, j)
            postings.append(k)
    by_claim: dict = defaultdict(list)
    for k, it in enumerate(items):
        if len(it.owners) == 1 and len(it.terms) == 1 and it.published is not None:
            by_claim[(it.kind, next(iter(it.owners)), next(iter(it.terms)))].append(k)
    for ks in by_claim.values():
        ks.sort(key=lambda k: items[k].published)
        anchor = ks[0]
        for k in ks[1:]:
            if (items[k].published - items[anchor].published).days <= CLAIM_DAYS:
                union(anchor, k)
            else:
                anchor = k
    groups: dict = defaultdict(list)
    for k, it in enumerate(items):
        groups[find(k)].append(it)
    return list(groups.values())


def test_merge_joins_the_same_pairs_as_comparing_each_pair():
    rng = random.Random(3)
    vocabulary = [f"word{k}" for k in range(60)] + ["common"] * 20
    template = _Item("", 0.0, "", 0, 0, "", None, None, None, [])
    items = []
    for k in range(400):
        words = frozenset(rng.sample(vocabulary, rng.randint(3, 12)))
        items.append(
            replace(
                template,
                kind=rng.choice(["opportunity", "risk"]),
                score=rng.choice([0.5, 0.8, 1.2, 2.0]),
                doc_id=f"d{k}",
                published=date(2016, 1, 1 + k % 28),
                story=rng.choice([None, "s1", "s2", "s3"]),
                basis=[],
                clusters={f"c{rng.randint(0, 300)}"} if k % 5 == 0 else set(),
                owners={rng.choice(["Q1", "Q2"])},
                terms={rng.choice(["gain", "loss", "lead"])},
                words=words,
            )
        )
    got = [[i.doc_id for i in g] for g in _merge(items)]
    expected = [[i.doc_id for i in g] for g in _merge_pair_by_pair(items)]
    assert got == expected
    assert len(got) < len(items)
