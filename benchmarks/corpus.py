"""Corpus layer at scale: build, incremental update and queries on a synthetic store.

Generates a store of synthetic analyzed news (default 100,000 documents, about 1,000,000
events), written straight into the record tables (no text is analyzed), then measures with
the wall clock:

    corpus build, first docs      `corpus.build` of all but the last 1,000 documents (no goal)
    corpus update, last docs      the last 1,000 documents inserted, then `build`   goal < 10 s
    dyad_series (week)            the most active pair, by week                     goal <  1 s
    top_dyads (20)                                                                  goal <  1 s
    top_actors (20)                                                                 goal <  1 s
    changes (week)                                                                  goal <  1 s
    corpus report (md)            `report.corpus.corpus_report` when it exists      goal < 30 s
    peak memory                   ru_maxrss of this process                         goal <  2 GB

Each query runs once to warm up, then three times; the best of the three is reported. A
line beside the figures checks the stories found against the synthetic ones. Exits 1 when
a goal is missed (or the report fails), else 0.

    python benchmarks/corpus.py [--docs 100000] [--store out/bench-corpus.duckdb] [--keep]

`--docs 2000` gives a quick run. The synthetic store is generated in a child process (so
its memory does not count in the peak) as `<store>.generated.duckdb`, e.g.
`out/bench-corpus.generated.duckdb`, and copied to `--store`, where the corpus is built and
queried (and stays, to look at). With `--keep`, a generated store of the same `--docs` is
reused instead of generated again (which takes about 20 s at full size).

What the synthetic store looks like (all from one numpy seed, so every run is the same):
15 outlets, publication dates spread over 2025 in document order (the last 1,000 are the
latest days, as an update brings them); ~2,000 persons (40% with a Wikidata QID, Zipf-like
popularity, some changing role code during the year, named in full, with a middle initial
or by surname alone), 40 states, ~300 coded and uncoded organisations, groups, media and
places; ~10 actors per document with 1-5 mentions each; ~10 events per document between
its actors, with CAMEO codes, quad classes and Goldstein scores from the shipped CAMEO
table, mostly asserted and dated on the publication day. Every document belongs to a
synthetic story (a few days long, reported by several outlets): its title and ~150 words
of text mix the story's words, the names of its actors and a Zipf-distributed vocabulary
of 4,000 words, and about a third of its events are the story's happening between its two
main actors (its key is in `articles.extra`, `synthetic_story`, to check the clustering
against). The generator keeps the last documents in `bench_late_*` tables of the store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import resource
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402

from realpolitik.corpus import build  # noqa: E402
from realpolitik.corpus.changes import changes  # noqa: E402
from realpolitik.corpus.queries import dyad_series, resolve, top_actors, top_dyads  # noqa: E402
from realpolitik.store import Store  # noqa: E402

GENERATOR = 1  # bump when the synthetic data changes, so --keep regenerates
SEED = 42
LATE = 1000  # documents of the incremental update
START = date(2025, 1, 1)
DAYS = 365
SLOTS = 40  # story slots per day: a story starts on a day, in a slot (low slots are big)
STORY_WORDS = 25
VOCAB = 4000
TEXT_WORDS = 150
LATE_TABLES = ("articles", "documents", "actors", "actor_mentions", "events")
RECORD_TABLES = ("articles", "documents", "actors", "actor_mentions", "events")

GOALS = {  # figure -> seconds (None: reported, no goal)
    "corpus build, first docs": None,
    "corpus update, last docs": 10.0,
    "dyad_series (week)": 1.0,
    "top_dyads (20)": 1.0,
    "top_actors (20)": 1.0,
    "changes (week)": 1.0,
    "corpus report (md)": 30.0,
}
MEMORY_GOAL_MB = 2048.0

OUTLETS = [
    ("Reuters", 12),
    ("Associated Press", 11),
    ("BBC News", 9),
    ("The Guardian", 8),
    ("The New York Times", 8),
    ("The Washington Post", 7),
    ("Politico", 6),
    ("Al Jazeera", 6),
    ("Deutsche Welle", 5),
    ("France 24", 5),
    ("The Kyiv Independent", 4),
    ("TASS", 4),
    ("South China Morning Post", 4),
    ("Fox News", 6),
    ("CNN", 5),
]

STATES = [
    ("USA", "United States", "the U.S."),
    ("RUS", "Russia", "Russian Federation"),
    ("UKR", "Ukraine", "Ukraine"),
    ("CHN", "China", "People's Republic of China"),
    ("GBR", "United Kingdom", "Britain"),
    ("FRA", "France", "France"),
    ("DEU", "Germany", "Germany"),
    ("ISR", "Israel", "Israel"),
    ("IRN", "Iran", "Islamic Republic of Iran"),
    ("IND", "India", "India"),
    ("JPN", "Japan", "Japan"),
    ("TUR", "Turkey", "Turkiye"),
    ("POL", "Poland", "Poland"),
    ("SAU", "Saudi Arabia", "Saudi Arabia"),
    ("SYR", "Syria", "Syria"),
    ("EGY", "Egypt", "Egypt"),
    ("KOR", "South Korea", "Republic of Korea"),
    ("PRK", "North Korea", "DPRK"),
    ("BRA", "Brazil", "Brazil"),
    ("MEX", "Mexico", "Mexico"),
    ("CAN", "Canada", "Canada"),
    ("ITA", "Italy", "Italy"),
    ("ESP", "Spain", "Spain"),
    ("NLD", "Netherlands", "the Netherlands"),
    ("BEL", "Belgium", "Belgium"),
    ("SWE", "Sweden", "Sweden"),
    ("FIN", "Finland", "Finland"),
    ("NOR", "Norway", "Norway"),
    ("HUN", "Hungary", "Hungary"),
    ("QAT", "Qatar", "Qatar"),
    ("ARE", "United Arab Emirates", "the UAE"),
    ("IRQ", "Iraq", "Iraq"),
    ("AFG", "Afghanistan", "Afghanistan"),
    ("PAK", "Pakistan", "Pakistan"),
    ("VEN", "Venezuela", "Venezuela"),
    ("CUB", "Cuba", "Cuba"),
    ("ZAF", "South Africa", "South Africa"),
    ("NGA", "Nigeria", "Nigeria"),
    ("ETH", "Ethiopia", "Ethiopia"),
    ("LBN", "Lebanon", "Lebanon"),
]
SECTORS = {  # organisation sectors: code suffix -> name
    "GOV": "government",
    "MIL": "armed forces",
    "LEG": "parliament",
    "JUD": "supreme court",
    "OPP": "opposition",
    "MED": "state media",
    "COP": "police",
    "SPY": "intelligence service",
    "BUS": "business council",
}
PERSON_SECTORS = (["GOV"] * 5 + ["ELI"] * 3 + ["LEG"] * 3 + ["MIL"] * 2 + ["OPP"] * 2) + [
    "JUD",
    "BUS",
    "MED",
    "CVL",
]
IGOS = [
    ("IGOWSTNAT", "NATO"),
    ("IGOUNO", "United Nations"),
    ("IGOEUREEC", "European Union"),
    ("IGOUNOWHO", "World Health Organization"),
    ("IGOUNOIAE", "International Atomic Energy Agency"),
    ("IGOAFRAFU", "African Union"),
    ("IGOBUSIMF", "International Monetary Fund"),
    ("IGOBUSWTO", "World Trade Organization"),
]
# CAMEO root -> share of coded events (GDELT-like: talk dominates)
ROOT_WEIGHTS = dict(
    zip(
        [f"{r:02d}" for r in range(1, 21)],
        [14, 6, 7, 16, 8, 3, 3, 2, 2, 3, 8, 4, 4, 3, 2, 3, 4, 3, 4, 1],
        strict=True,
    )
)
VERBS = dict(  # a trigger word per CAMEO root
    zip(
        [f"{r:02d}" for r in range(1, 21)],
        (
            "said urged pledged met praised cooperated aided agreed investigated demanded "
            "criticized rejected threatened protested mobilized sanctioned arrested attacked "
            "shelled bombarded"
        ).split(),
        strict=True,
    )
)
FACTUALITY = [
    ("asserted", 0.82),
    ("hypothetical", 0.07),
    ("future", 0.04),
    ("negated", 0.04),
    ("attempted", 0.03),
]
SYLLABLES = (
    "ka lo mi ra ten vos shi dar bel nu ro tan vel gor li ma sen ko pra zu hel dim ar os fen "
    "ju nel bra stor wen qui del fa ris mon tra ga vin por sa lek hu bor ei"
).split()


# --- the synthetic store ---------------------------------------------------------------


def _zipf(n: int, s: float = 1.1, offset: float = 2.0) -> np.ndarray:
    p = 1.0 / (np.arange(n) + offset) ** s
    return p / p.sum()


def _words(
    rng: np.random.Generator, n: int, syllables: tuple[int, int], taken: set[str]
) -> list[str]:
    """`n` new words of 2 or 3 syllables (`syllables`: the range), none of them in `taken`."""
    out: list[str] = []
    for _ in range(1000 * n):
        if len(out) == n:
            return out
        k = int(rng.integers(syllables[0], syllables[1] + 1))
        w = "".join(rng.choice(SYLLABLES, k))
        if len(w) > 3 and w not in taken:
            taken.add(w)
            out.append(w)
    raise RuntimeError(f"cannot make {n} new words of {syllables} syllables")


class Universe:
    """The actors the synthetic news talks about, one array entry per entity."""

    def __init__(self, rng: np.random.Generator) -> None:
        taken: set[str] = set()
        self.vocab = np.array(_words(rng, VOCAB, (3, 3), taken), dtype=object)
        names, kinds, codes, qids, alt, short = [], [], [], [], [], []
        # persons: first names and surnames drawn so that some surnames are shared
        firsts = [w.capitalize() for w in _words(rng, 400, (2, 2), taken)]
        surnames = [w.capitalize() for w in _words(rng, 1600, (2, 3), taken)]
        state_p = _zipf(len(STATES), 1.3, 1.0)
        persons: set[str] = set()
        role2: list[str | None] = []
        while len(persons) < 2000:
            first, last = rng.choice(firsts), rng.choice(surnames)
            if f"{first} {last}" in persons:
                continue
            persons.add(f"{first} {last}")
            rank = len(names)
            country = STATES[rng.choice(len(STATES), p=state_p)][0]
            coded = rng.random() < 0.9
            sector = rng.choice(PERSON_SECTORS)
            names.append(f"{first} {last}")
            alt.append(f"{first} {rng.choice(list('ABCDEFGHJKLMNPRSTW'))}. {last}")
            short.append(last)
            kinds.append("person")
            codes.append(f"{country}{sector}" if coded else None)
            qids.append(f"Q{1000000 + rank}" if rank < 100 or rng.random() < 0.35 else None)
            # a role change during the year (an election, an appointment): ELI -> GOV etc.
            changed = coded and rng.random() < 0.15
            role2.append(f"{country}{rng.choice(PERSON_SECTORS)}" if changed else None)
        self.n_persons = len(names)
        for code, name, other in STATES:
            names.append(name)
            alt.append(other)
            short.append(name)
            kinds.append("state")
            codes.append(code)
            qids.append(None)
            role2.append(None)
        self.n_states = len(STATES)
        orgs = [(c, n, "organization") for c, n in IGOS]
        for code, country, _ in STATES[:25]:
            for suffix, what in SECTORS.items():
                orgs.append((f"{code}{suffix}", f"{country} {what}", "organization"))
        orgs += [
            (None, f"{w.capitalize()} Corporation", "organization")
            for w in _words(rng, 60, (2, 3), taken)
        ]
        self.n_orgs = len(orgs)
        sectors = ["PTY", "OPP", "CVL", "REB"] * 10
        movements = zip(sectors, _words(rng, len(sectors), (2, 3), taken), strict=True)
        others = [(f"USA{s}", f"{w.capitalize()} movement", "group") for s, w in movements]
        others += [(None, f"{w.capitalize()}s", "group") for w in _words(rng, 40, (2, 3), taken)]
        others += [(f"{STATES[i % 10][0]}MED", n, "media") for i, (n, _) in enumerate(OUTLETS)]
        self.n_others = len(others)
        places = [
            (STATES[int(i)][0], f"{w.capitalize()}burg", "location")
            for i, w in zip(
                rng.choice(len(STATES), 200, p=state_p),
                _words(rng, 200, (2, 3), taken),
                strict=True,
            )
        ]
        self.n_places = len(places)
        for code, name, kind in orgs + others + places:
            names.append(name)
            alt.append(name)
            short.append(name)
            kinds.append(kind)
            codes.append(code)
            qids.append(None)
            role2.append(None)
        self.name = np.array(names, dtype=object)
        self.alt = np.array(alt, dtype=object)
        self.short = np.array(short, dtype=object)
        self.kind = np.array(kinds, dtype=object)
        self.code = np.array(codes, dtype=object)
        self.code2 = np.array(role2, dtype=object)
        self.has_code2 = np.array([c is not None for c in role2])
        self.qid = np.array(qids, dtype=object)
        self.switch_day = rng.integers(60, DAYS - 60, len(names))
        p0 = 0
        self.persons = (p0, p0 + self.n_persons)
        self.states = (self.persons[1], self.persons[1] + self.n_states)
        self.orgs = (self.states[1], self.states[1] + self.n_orgs)
        self.others = (self.orgs[1], self.orgs[1] + self.n_others)
        self.places = (self.others[1], self.others[1] + self.n_places)
        # the CAMEO codes events are drawn from, weighted by root
        from realpolitik.events.cameo import cameo_table  # only here: the parent stays lean

        table = [
            c for c in cameo_table().values() if len(c.code) in (3, 4) and c.goldstein is not None
        ]
        w = np.array([ROOT_WEIGHTS[c.root] for c in table], dtype=float)
        per_root = {r: sum(1 for c in table if c.root == r) for r in ROOT_WEIGHTS}
        w /= np.array([per_root[c.root] for c in table], dtype=float)
        self.cameo_p = w / w.sum()
        self.cameo = np.array([c.code for c in table], dtype=object)
        self.quad = np.array([c.quad_class for c in table], dtype=np.int32)
        self.goldstein = np.array([c.goldstein for c in table], dtype=np.float64)
        self.plover = np.array([c.plover_event for c in table], dtype=object)
        self.verb = np.array([VERBS[c.root] for c in table], dtype=object)

    def draw(self, rng: np.random.Generator, span: tuple[int, int], n: int, s: float = 1.1):
        lo, hi = span
        return lo + rng.choice(hi - lo, n, p=_zipf(hi - lo, s))


class Stories:
    """What each (start day, slot) story is about: its actors, words and happening."""

    def __init__(self, rng: np.random.Generator, u: Universe) -> None:
        n = DAYS * SLOTS
        self.person1 = u.draw(rng, u.persons, n, 1.0)
        self.person2 = u.draw(rng, u.persons, n, 1.0)
        same = self.person2 == self.person1
        self.person2[same] = (self.person2[same] + 1 - u.persons[0]) % u.n_persons + u.persons[0]
        self.state = u.draw(rng, u.states, n, 1.3)
        self.org = u.draw(rng, u.orgs, n, 1.2)
        self.words = rng.integers(0, VOCAB, (n, STORY_WORDS))
        self.cameo = rng.choice(len(u.cameo), n, p=u.cameo_p)
        # the happening's pair, as columns of the document's actors: person->person/state/org
        pairs = np.array([(0, 1), (0, 2), (0, 3), (1, 2), (2, 0), (3, 0)])
        self.pair = pairs[rng.choice(len(pairs), n, p=[0.25, 0.3, 0.15, 0.1, 0.1, 0.1])]


def _pick(rng: np.random.Generator, choices: list[tuple[str, float]], n: int) -> np.ndarray:
    values = np.array([c[0] for c in choices], dtype=object)
    p = np.array([c[1] for c in choices], dtype=float)
    return values[rng.choice(len(values), n, p=p / p.sum())]


def _strings(values: Any) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def synthetic_batch(
    rng: np.random.Generator, u: Universe, st: Stories, first: int, n: int, total: int
) -> dict[str, pa.Table]:
    """The record-table rows of documents first .. first + n - 1 (of `total`)."""
    i = np.arange(first, first + n)
    day = (i * DAYS) // total
    published = np.datetime64(START.isoformat()) + day.astype("timedelta64[D]")
    pub_str = np.datetime_as_string(published, unit="D")
    back = rng.choice(3, n, p=[0.6, 0.25, 0.15])
    story = np.maximum(day - back, 0) * SLOTS + (SLOTS * rng.random(n) ** 2).astype(int)
    outlet = rng.choice(len(OUTLETS), n, p=np.array([o[1] for o in OUTLETS]) / 100.0)

    # --- actors: 4 of the story, then up to 7 more; duplicates dropped
    k = 11
    ent = np.empty((n, k), dtype=np.int64)
    ent[:, 0], ent[:, 1] = st.person1[story], st.person2[story]
    ent[:, 2], ent[:, 3] = st.state[story], st.org[story]
    for c in (4, 5, 6):
        ent[:, c] = u.draw(rng, u.persons, n)
    ent[:, 7] = u.draw(rng, u.states, n, 1.3)
    ent[:, 8] = u.draw(rng, u.orgs, n, 1.2)
    ent[:, 9] = u.draw(rng, u.others, n, 1.0)
    ent[:, 10] = u.draw(rng, u.places, n, 1.0)
    keep = np.ones((n, k), dtype=bool)
    keep[:, 4:] = rng.random((n, k - 4)) < 0.88
    for c in range(1, k):
        keep[:, c] &= ~(ent[:, :c] == ent[:, c : c + 1]).any(axis=1)
    actor_no = np.cumsum(keep, axis=1)  # a1, a2, ... over the kept columns
    variant = rng.choice(3, (n, k), p=[0.85, 0.07, 0.08])  # full, middle initial, surname
    is_person = ent < u.persons[1]
    is_state = (ent >= u.states[0]) & (ent < u.states[1])
    variant[~is_person] = 0
    variant[is_state & (rng.random((n, k)) < 0.2)] = 1  # "the U.S." for "United States"
    cell_name = np.where(
        variant == 0, u.name[ent], np.where(variant == 1, u.alt[ent], u.short[ent])
    )
    switched = u.has_code2[ent] & (day[:, None] >= u.switch_day[ent])
    cell_code = np.where(switched, u.code2[ent], u.code[ent])
    cell_qid = np.where(variant == 2, None, u.qid[ent])

    rows, cols = np.nonzero(keep)
    # --- texts: the story's words, the actors' names and the common vocabulary
    vocab_p = _zipf(VOCAB, 1.0, 3.0)
    kind = rng.random((n, TEXT_WORDS))
    common = u.vocab[rng.choice(VOCAB, (n, TEXT_WORDS), p=vocab_p)]
    story_w = u.vocab[st.words[story[:, None], rng.integers(0, STORY_WORDS, (n, TEXT_WORDS))]]
    pick_col = rng.integers(0, k, (n, TEXT_WORDS))
    pick_col = np.where(keep[np.arange(n)[:, None], pick_col], pick_col, pick_col % 4)
    names_w = cell_name[np.arange(n)[:, None], pick_col]
    tokens = np.where(kind < 0.3, story_w, np.where(kind < 0.42, names_w, common))
    title_w = u.vocab[st.words[story[:, None], rng.integers(0, STORY_WORDS, (n, 5))]]
    titles, texts, paragraphs, ids, hashes = [], [], [], [], []
    for r in range(n):
        words = list(tokens[r])
        words[0] = words[0].capitalize()
        paras = [" ".join(words[a:b]) + "." for a, b in ((0, 50), (50, 100), (100, TEXT_WORDS))]
        text = "\n\n".join(paras)
        spans, pos = [], 0
        for p in paras:
            spans.append({"start": pos, "end": pos + len(p)})
            pos += len(p) + 2
        t = list(title_w[r])
        t.insert(2, u.short[ent[r, 0]])
        t[0] = t[0].capitalize()
        titles.append(" ".join(t))
        texts.append(text)
        paragraphs.append(json.dumps(spans))
        h = hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()[:16]
        hashes.append(h)
        ids.append(h)
    ids_arr = np.array(ids, dtype=object)
    text_len = np.array([len(t) for t in texts])
    source = [OUTLETS[o][0] for o in outlet]
    articles = pa.table(
        {
            "id": _strings(ids),
            "content_hash": _strings(hashes),
            "url": _strings(
                f"https://news.example/{OUTLETS[o][0].lower().replace(' ', '-')}/{d}/{h}"
                for o, d, h in zip(outlet, pub_str, ids, strict=True)
            ),
            "title": _strings(titles),
            "author": _strings(None for _ in ids),
            "published": pa.array(published.astype("datetime64[D]"), type=pa.date32()),
            "source": _strings(source),
            "language": _strings("en" for _ in ids),
            "text": _strings(texts),
            "paragraphs": _strings(paragraphs),
            "origin": _strings("synthetic" for _ in ids),
            "extra": _strings(f'{{"synthetic_story": {s}}}' for s in story),
        }
    )
    documents = pa.table(
        {
            "id": _strings(ids),
            "published": articles["published"],
            "model": _strings("synthetic" for _ in ids),
            "meta": _strings('{"synthetic": true}' for _ in ids),
            "document": _strings(json.dumps({"id": h, "synthetic": True}) for h in ids),
        }
    )
    aid = np.array([f"a{j}" for j in range(k + 1)], dtype=object)
    a_code = cell_code[rows, cols]
    actors = pa.table(
        {
            "doc_id": _strings(ids_arr[rows]),
            "actor_id": _strings(aid[actor_no[rows, cols]]),
            "name": _strings(cell_name[rows, cols]),
            "code": _strings(a_code),
            "country": _strings(None if c is None else c[:3] for c in a_code),
            "sector": _strings(None if c is None or len(c) < 6 else c[3:6] for c in a_code),
            "kind": _strings(u.kind[ent[rows, cols]]),
            "wikidata": _strings(cell_qid[rows, cols]),
        }
    )
    # --- mentions: 2-5 for the story's actors, 1-3 for the others
    count = np.where(cols < 4, rng.integers(2, 6, len(rows)), rng.integers(1, 4, len(rows)))
    m_rows, m_cols = np.repeat(rows, count), np.repeat(cols, count)
    first_m = np.ones(len(m_rows), dtype=bool)
    first_m[1:] = (m_rows[1:] != m_rows[:-1]) | (m_cols[1:] != m_cols[:-1])
    m_text = np.where(
        first_m | (ent[m_rows, m_cols] >= u.persons[1]),
        cell_name[m_rows, m_cols],
        u.short[ent[m_rows, m_cols]],
    )
    m_start = (rng.random(len(m_rows)) * (text_len[m_rows] - 30)).astype(np.int32)
    mentions = pa.table(
        {
            "doc_id": _strings(ids_arr[m_rows]),
            "actor_id": _strings(aid[actor_no[m_rows, m_cols]]),
            "start": pa.array(m_start, type=pa.int32()),
            "end": pa.array(m_start + np.array([len(t) for t in m_text]), type=pa.int32()),
            "text": _strings(m_text),
        }
    )
    # --- events: ~10 a document; about half are the story's happening
    n_ev = rng.integers(8, 13, n)
    e_doc = np.repeat(np.arange(n), n_ev)
    e_no = np.arange(len(e_doc)) - np.repeat(np.cumsum(n_ev) - n_ev, n_ev) + 1
    ne = len(e_doc)
    is_story = rng.random(ne) < 0.35
    src_col = rng.integers(0, k, ne)
    src_col = np.where(keep[e_doc, src_col], src_col, src_col % 4)
    tgt_col = rng.integers(0, k, ne)
    tgt_col = np.where(keep[e_doc, tgt_col] & (tgt_col != src_col), tgt_col, (src_col + 1) % 4)
    pair = st.pair[story[e_doc]]
    src_col = np.where(is_story, pair[:, 0], src_col)
    tgt_col = np.where(is_story, pair[:, 1], tgt_col)
    no_target = ~is_story & (rng.random(ne) < 0.35)
    cameo = np.where(is_story, st.cameo[story[e_doc]], rng.choice(len(u.cameo), ne, p=u.cameo_p))
    # dates: mostly the publication day; some earlier days, months, years; some undated
    how = rng.choice(5, ne, p=[0.85, 0.07, 0.04, 0.02, 0.02])
    e_pub = published[e_doc]
    earlier = e_pub - rng.integers(1, 6, ne).astype("timedelta64[D]")
    e_date = np.where(how == 0, pub_str[e_doc], np.datetime_as_string(earlier, unit="D"))
    e_date = np.where(how == 2, pub_str[e_doc].astype("<U7"), e_date)
    e_date = np.where(how == 3, "2024", e_date)
    e_date = np.where(how == 4, None, e_date).astype(object)
    trig = ((e_no - 1 + rng.random(ne)) / n_ev[e_doc] * (text_len[e_doc] - 40)).astype(np.int32)
    verb = u.verb[cameo]
    t_id = np.where(no_target, None, aid[actor_no[e_doc, tgt_col]])
    t_text = np.where(no_target, None, cell_name[e_doc, tgt_col])
    t_code = np.where(no_target, None, cell_code[e_doc, tgt_col])
    events = pa.table(
        {
            "doc_id": _strings(ids_arr[e_doc]),
            "event_id": _strings(f"e{j}" for j in e_no),
            "source_actor": _strings(aid[actor_no[e_doc, src_col]]),
            "source_text": _strings(cell_name[e_doc, src_col]),
            "source_code": _strings(cell_code[e_doc, src_col]),
            "target_actor": _strings(t_id),
            "target_text": _strings(t_text),
            "target_code": _strings(t_code),
            "cameo": _strings(u.cameo[cameo]),
            "plover": _strings(u.plover[cameo]),
            "quad_class": pa.array(u.quad[cameo], type=pa.int32()),
            "goldstein": pa.array(u.goldstein[cameo], type=pa.float64()),
            "factuality": _strings(_pick(rng, FACTUALITY, ne)),
            "date": _strings(e_date),
            "trigger_start": pa.array(trig, type=pa.int32()),
            "trigger_end": pa.array(trig + np.array([len(v) for v in verb]), type=pa.int32()),
            "trigger_text": _strings(verb),
            "sentence_start": pa.array(np.maximum(trig - 60, 0), type=pa.int32()),
            "sentence_end": pa.array(trig + 40, type=pa.int32()),
        }
    )
    return {
        "articles": articles,
        "documents": documents,
        "actors": actors,
        "actor_mentions": mentions,
        "events": events,
    }


def generate(path: str, total: int, late: int) -> None:
    """Write the synthetic store: the first documents in the record tables, the last `late`
    in `bench_late_*` tables for the update. Runs in a child process (see `main`)."""
    rng = np.random.default_rng(SEED)
    u = Universe(rng)
    st = Stories(rng, u)
    with Store(path) as store:
        con = store.con
        skip = {"articles": " EXCLUDE (ingested_at)", "documents": " EXCLUDE (analyzed_at)"}
        for t in LATE_TABLES:
            columns = "*" + skip.get(t, "")
            con.execute(f"CREATE TABLE bench_late_{t} AS SELECT {columns} FROM {t} LIMIT 0")
        step = 5000
        for first in range(0, total, step):
            n = min(step, total - first)
            batch = synthetic_batch(rng, u, st, first, n, total)
            cut = max(0, min(n, total - late - first))  # the batch's rows before the late ones
            late_ids = batch["documents"]["id"].slice(cut)
            with store.transaction():
                for t, table in batch.items():
                    key = "id" if t in ("articles", "documents") else "doc_id"
                    is_late = pc.is_in(table[key], value_set=late_ids)
                    for target, part in (
                        (t, table.filter(pc.invert(is_late))),
                        (f"bench_late_{t}", table.filter(is_late)),
                    ):
                        if part.num_rows:
                            con.register("_bench_rows", part)
                            con.execute(f"INSERT INTO {target} BY NAME SELECT * FROM _bench_rows")
                            con.unregister("_bench_rows")
            print(f"  generated {first + n:,} / {total:,} documents", flush=True)
        con.execute("CREATE TABLE bench_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(
            "INSERT INTO bench_meta VALUES ('docs', ?), ('late', ?), ('generator', ?)",
            [str(total), str(late), str(GENERATOR)],
        )
        con.execute("CHECKPOINT")


def _meta(path: Path) -> dict[str, str]:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return {}
    try:
        return dict(con.execute("SELECT key, value FROM bench_meta").fetchall())
    except duckdb.Error:
        return {}
    finally:
        con.close()


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def add_late(store: Store) -> int:
    with store.transaction():
        for t in LATE_TABLES:
            store.con.execute(f"INSERT INTO {t} BY NAME SELECT * FROM bench_late_{t}")
    return store.con.execute("SELECT count(*) FROM bench_late_documents").fetchone()[0]


def story_check(store: Store) -> str:
    """The stories found against the synthetic ones: purity (the share of each found story's
    articles from its main synthetic story) and completeness (the converse)."""
    [(found, made, purity, completeness)] = store.con.execute(
        """
        WITH x AS (
            SELECT c.story_id AS found, a.extra->>'synthetic_story' AS made
            FROM corpus_documents c JOIN articles a ON a.id = c.doc_id
        ), n AS (SELECT found, made, count(*) AS n FROM x GROUP BY ALL)
        SELECT (SELECT count(DISTINCT found) FROM x), (SELECT count(DISTINCT made) FROM x),
               (SELECT sum(m) / sum(t) FROM (SELECT max(n) AS m, sum(n) AS t FROM n
                                            GROUP BY found)),
               (SELECT sum(m) / sum(t) FROM (SELECT max(n) AS m, sum(n) AS t FROM n
                                            GROUP BY made))"""
    ).fetchall()
    return (
        f"stories: {found:,} found for {made:,} synthetic ones (purity {purity:.3f}, "
        f"completeness {completeness:.3f})"
    )


# --- measuring -------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    fn()  # warm-up
    runs = [timed(fn) for _ in range(repeat)]
    return min(r[0] for r in runs), runs[-1][1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=100_000, help="documents in the store")
    ap.add_argument("--store", type=Path, default=ROOT / "out" / "bench-corpus.duckdb")
    ap.add_argument(
        "--keep", action="store_true", help="reuse the store generated by an earlier run"
    )
    args = ap.parse_args()
    if args.docs < 10:
        ap.error("--docs: give at least 10")
    path = args.store if args.store.is_absolute() else Path.cwd() / args.store
    late = min(LATE, args.docs // 2)
    results: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    errors: set[str] = set()  # figures that could not be measured because the code failed

    # the store as generated, kept beside the one measured (emptying the corpus tables of a
    # used store costs more than generating it again: DuckDB's deletes from indexed tables)
    generated = path.with_name(f"{path.stem}.generated{path.suffix}")
    meta = _meta(generated) if args.keep and generated.exists() else {}
    want = {"docs": str(args.docs), "late": str(late), "generator": str(GENERATOR)}
    if meta == want:
        print(f"reusing {generated} ({args.docs:,} synthetic documents)")
    else:
        _remove(generated)
        print(f"generating {args.docs:,} synthetic documents into {generated} (child process)")
        t = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(str(generated), args.docs, late)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            print(f"generating the store failed (exit code {child.exitcode})", file=sys.stderr)
            return 1
        print(f"generated in {time.perf_counter() - t:.1f} s")
    _remove(path)
    shutil.copyfile(generated, path)

    with Store(path) as store:
        counts = store.counts()
        size = path.stat().st_size / 2**20
        print(
            f"store: {counts['documents']:,} documents, {counts['actors']:,} actors, "
            f"{counts['actor_mentions']:,} mentions, {counts['events']:,} events before the "
            f"update (+{late:,} documents); {size:,.0f} MB"
        )
        first = counts["documents"]
        label = "corpus build, first docs"
        secs, res = timed(lambda: build(store))
        results[label] = secs
        notes[label] = f"{first:,} docs: {res}"
        print(f"{label}: {secs:.1f} s ({first / secs:,.0f} docs/s) -- {res}", flush=True)

        secs_add, added = timed(lambda: add_late(store))
        label = "corpus update, last docs"
        secs, res = timed(lambda: build(store))
        results[label] = secs
        notes[label] = f"{added:,} docs: {res}"
        print(
            f"{label}: {secs:.2f} s for {added:,} documents (their insert: {secs_add:.2f} s) "
            f"-- {res}",
            flush=True,
        )
        counts = store.counts()
        print(
            f"store after the update: {counts['documents']:,} documents, "
            f"{counts['events']:,} events"
        )
        print(story_check(store))

        dyads = top_dyads(store, limit=1)
        actors = top_actors(store, limit=1)
        if not dyads or not actors:
            print("the corpus has no dyad or actor: nothing to query", file=sys.stderr)
            return 1
        d = dyads[0]
        focus = actors[0]["name"]
        secs, ref = best_of(lambda: resolve(store, focus, "entity"))
        print(f"resolve({focus!r}): {secs:.3f} s -> {ref.key} (no goal)")
        a, b = resolve(store, d["a"], "entity"), resolve(store, d["b"], "entity")

        label = "dyad_series (week)"
        secs, rows = best_of(lambda: dyad_series(store, a, b, by="week"))
        results[label] = secs
        notes[label] = f"{a.label} / {b.label}: {len(rows)} weeks"
        print(f"{label}: {secs:.3f} s -- {notes[label]}, {d['clusters']:,} clusters")

        label = "top_dyads (20)"
        secs, rows = best_of(lambda: top_dyads(store, limit=20))
        results[label] = secs
        notes[label] = f"{len(rows)} dyads"
        print(f"{label}: {secs:.3f} s -- {len(rows)} dyads")

        label = "top_actors (20)"
        secs, rows = best_of(lambda: top_actors(store, limit=20))
        results[label] = secs
        notes[label] = f"{len(rows)} actors, first {rows[0]['name']} ({rows[0]['documents']:,})"
        print(f"{label}: {secs:.3f} s -- {notes[label]}")

        label = "changes (week)"
        secs, found = best_of(lambda: changes(store, by="week"))
        results[label] = secs
        notes[label] = f"{len(found['dyads'])} dyads, {len(found['actors'])} actors flagged"
        print(f"{label}: {secs:.3f} s -- {notes[label]}")

        # ---- corpus report: a placeholder until realpolitik.report.corpus exists ------------
        label = "corpus report (md)"
        try:
            from realpolitik.report.corpus import corpus_report  # type: ignore[import-not-found]
        except ImportError:
            corpus_report = None
        if corpus_report is None:
            results[label] = None
            notes[label] = "not available yet"
            print("corpus report: not available yet")
        else:
            try:
                secs, md = timed(lambda: corpus_report(store, focus=focus, format="md"))
            except Exception as exc:  # noqa: BLE001 - a report in the making: say why, go on
                results[label] = None
                notes[label] = f"failed: {type(exc).__name__}: {exc}"
                errors.add(label)
                print(f"{label}: {notes[label]}")
            else:
                results[label] = secs
                notes[label] = f"focus {focus}: {len(md):,} chars of Markdown"
                print(f"{label}: {secs:.2f} s -- {notes[label]}")
        # -------------------------------------------------------------------------------------

    memory = peak_mb()
    print(f"peak memory: {memory:,.0f} MB")
    print()
    print(f"{'figure':<28} {'measured':>12} {'goal':>10}  ok")
    failed = 0
    for label, goal in GOALS.items():
        value = results.get(label)
        if value is None:
            failed += label in errors
            mark = "NO" if label in errors else "-"
            what = "error" if label in errors else "n/a"
            print(f"{label:<28} {what:>12} {_goal(goal):>10}  {mark}  ({notes.get(label, '')})")
            continue
        ok = goal is None or value < goal
        failed += not ok
        mark = "-" if goal is None else "yes" if ok else "NO"
        print(f"{label:<28} {value:>10.3f} s {_goal(goal):>10}  {mark}")
    ok = memory < MEMORY_GOAL_MB
    failed += not ok
    print(f"{'peak memory':<28} {memory:>9,.0f} MB {'< 2 GB':>10}  {'yes' if ok else 'NO'}")
    print(f"\nthe store, built: {path}; as generated: {generated} (--keep reuses it)")
    return 1 if failed else 0


def _goal(goal: float | None) -> str:
    return "-" if goal is None else f"< {goal:g} s"


if __name__ == "__main__":
    sys.exit(main())
