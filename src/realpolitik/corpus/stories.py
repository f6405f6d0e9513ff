"""Stories across outlets: articles about the same happening, clustered as they arrive.

How (the topic-detection-and-tracking recipe news aggregators use, kept incremental):

- an article is represented by the words and word pairs of its title (twice) and lead (the
  first `LEAD_WORDS` words), stop words dropped, hashed into 2^20 dimensions (no vocabulary
  to keep) and weighted by tf-idf; the document frequencies are a count vector kept in the
  store (`corpus_state`) and updated as articles arrive, so "Trump", in every 2016 article,
  weighs little and "Curiel" or "New Hampshire" much;
- the participants count too: the idf-weighted overlap of the two articles' corpus entities
  (entities named in over 5% of the articles, Trump and Clinton in 2016, weigh nothing) is
  added, times `PARTICIPANTS`, to the words' cosine;
- a new article joins the story of its most similar earlier article published within
  `WINDOW_DAYS` days, when that similarity reaches `THRESHOLD`; otherwise
  it starts a story of its own (single-link clustering bounded by the time window, so a
  story can grow over a week of follow-ups without chaining a whole year together);
- articles are taken in publication order, so adding them one by one or all at once gives
  the same stories (up to the corpus statistics, idf, at the time each arrives).

We chose hashed tf-idf over MinHash because MinHash estimates the overlap of word sequences
and finds near-copies (the store already flags those): two outlets' reports of one debate
share names and key words, rarely long runs of words. Over embeddings: no model to ship and a
cost of microseconds per article. `THRESHOLD` and `PARTICIPANTS` were set on our
hand-labelled article pairs (`benchmarks/gold/story_pairs.jsonl`, `python
benchmarks/stories.py`): words alone at 0.08 gave P 0.88 / R 0.71, with participants at 0.10
P 0.96 / R 0.71.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from datetime import date

import numpy as np
from scipy import sparse

DIM = 1 << 20
LEAD_WORDS = 120
WINDOW_DAYS = 3
THRESHOLD = 0.10
PARTICIPANTS = 0.2  # weight of the actors' overlap beside the words' cosine
COMMON_ENTITY = 0.05  # entities named in more of the articles than this carry no weight

_WORD = re.compile(r"[a-z][a-z0-9'’-]+")
STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours said says say told according
    new one two year years last first week monday tuesday wednesday thursday friday saturday
    sunday mr mrs ms like get got make made many much may might must people time just even
    still well back way going want think know see news image photo getty ap reuters""".split()
)


def terms(title: str | None, text: str) -> Counter[int]:
    """Hashed term counts of an article's title (counted twice) and lead."""
    counts: Counter[int] = Counter()
    lead = " ".join(text.split()[:LEAD_WORDS])
    for part, weight in ((title or "", 2), (lead, 1)):
        words = [w.strip("'’-") for w in _WORD.findall(part.casefold())]
        words = [w for w in words if len(w) > 2 and w not in STOP]
        for w in words:
            counts[_hash(w)] += weight
        for a, b in zip(words, words[1:], strict=False):
            counts[_hash(f"{a} {b}")] += weight
    return counts


def _hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & (DIM - 1)


def pack(counts: Counter[int]) -> bytes:
    """Term counts as bytes for `corpus_documents.terms`: uint32 indices then float32 counts."""
    idx = np.fromiter(counts.keys(), dtype="<u4", count=len(counts))
    val = np.fromiter(counts.values(), dtype="<f4", count=len(counts))
    return len(counts).to_bytes(4, "little") + idx.tobytes() + val.tobytes()


def unpack(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = int.from_bytes(blob[:4], "little")
    idx = np.frombuffer(blob, dtype="<u4", count=n, offset=4)
    val = np.frombuffer(blob, dtype="<f4", count=n, offset=4 + 4 * n)
    return idx, val


class DocumentFrequencies:
    """How many articles hold each hashed term: the idf of the tf-idf weights."""

    def __init__(self, df: np.ndarray | None = None, n: int = 0) -> None:
        self.df = df if df is not None else np.zeros(DIM, dtype=np.int32)
        self.n = n

    def add(self, blobs: list[bytes]) -> None:
        for blob in blobs:
            idx, _ = unpack(blob)
            self.df[idx] += 1
            self.n += 1

    def remove(self, blobs: list[bytes]) -> None:
        for blob in blobs:
            idx, _ = unpack(blob)
            self.df[idx] = np.maximum(self.df[idx] - 1, 0)
            self.n = max(self.n - 1, 0)

    def to_bytes(self) -> bytes:
        return self.n.to_bytes(8, "little") + self.df.astype("<i4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes | None) -> DocumentFrequencies:
        if not blob:
            return cls()
        n = int.from_bytes(blob[:8], "little")
        return cls(np.frombuffer(blob, dtype="<i4", offset=8).astype(np.int32), n)

    def matrix(self, blobs: list[bytes]) -> sparse.csr_matrix:
        """Rows of l2-normalised tf-idf vectors (sublinear tf)."""
        idf = np.log((self.n + 1) / (self.df + 1)).astype(np.float32) + 1.0
        rows, cols, vals = [], [], []
        for r, blob in enumerate(blobs):
            idx, val = unpack(blob)
            w = (1.0 + np.log(val)) * idf[idx]
            norm = float(np.sqrt((w * w).sum())) or 1.0
            rows.append(np.full(len(idx), r, dtype=np.int32))
            cols.append(idx.astype(np.int32))
            vals.append(w / norm)
        if not blobs:
            return sparse.csr_matrix((0, DIM), dtype=np.float32)
        return sparse.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(blobs), DIM),
            dtype=np.float32,
        )


def assign_stories(
    new: list[tuple[str, date | None, bytes]],
    known: list[tuple[str, date | None, bytes, str]],
    df: DocumentFrequencies,
    threshold: float = THRESHOLD,
    window: int = WINDOW_DAYS,
    participants: dict[str, set[str]] | None = None,
    weights: dict[str, float] | None = None,
) -> dict[str, str]:
    """Story ids for `new` (doc_id, published, terms), in publication order, given the `known`
    articles of the window (doc_id, published, terms, story_id). A new story's id is the id of
    its first article. Undated articles are stories of their own. `participants` (doc id ->
    entity ids) and their `weights` add the weighted overlap of the two articles' actors."""
    participants, weights = participants or {}, weights or {}
    order = sorted(range(len(new)), key=lambda i: (new[i][1] or date.max, new[i][0]))
    ids = [k[0] for k in known] + [new[i][0] for i in order]
    days = [k[1] for k in known] + [new[i][1] for i in order]
    stories = [k[3] for k in known] + [""] * len(new)
    n_known, n = len(known), len(ids)
    if not new:
        return {}
    matrix = df.matrix([k[2] for k in known] + [new[i][2] for i in order])
    words = (matrix[n_known:] @ matrix.T).tocsr()
    total = (
        words.astype(np.float64) + _participant_overlap(ids, n_known, words, participants, weights)
    ).tocsr()
    total.data[total.data < threshold] = 0
    total.eliminate_zeros()
    day_num = np.array([d.toordinal() if d else -(10**9) for d in days])
    out: dict[str, str] = {}
    for row, pos in enumerate(range(n_known, n)):
        story = ids[pos]
        if days[pos] is not None:
            lo, hi = total.indptr[row], total.indptr[row + 1]
            js, ss = total.indices[lo:hi], total.data[lo:hi]
            # earlier articles (known, or new and already placed) within the window
            ok = (js < pos) & (np.abs(day_num[js] - day_num[pos]) <= window)
            if ok.any():
                js, ss = js[ok], ss[ok]
                story = stories[js[ss == ss.max()].max()]  # ties: the latest article
        stories[pos] = story
        out[ids[pos]] = story
    return out


def _participant_overlap(
    ids: list[str],
    n_known: int,
    words: sparse.csr_matrix,
    participants: dict[str, set[str]],
    weights: dict[str, float],
) -> sparse.csr_matrix:
    """`PARTICIPANTS` x the weighted Jaccard of the actors of each new article and each
    article it shares words with (`overlap`, as sparse products: no loop over pairs)."""
    n = len(ids)
    ents = sorted({e for i in ids for e in participants.get(i, ())})
    if not ents:
        return sparse.csr_matrix(words.shape, dtype=np.float64)
    col = {e: c for c, e in enumerate(ents)}
    rows, cols = [], []
    for r, i in enumerate(ids):
        for e in participants.get(i, ()):
            rows.append(r)
            cols.append(col[e])
    w = np.array([weights.get(e, 0.0) for e in ents], dtype=np.float64)
    member = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(ents)))
    total_w = member @ w
    inter = (member[n_known:].multiply(w) @ member.T).tocsr()
    inter = inter.multiply(words.astype(bool)).tocsr()  # only pairs the words already link
    ri, ci = inter.nonzero()
    if not len(ri):
        return sparse.csr_matrix(words.shape, dtype=np.float64)
    shared = np.asarray(inter[ri, ci], dtype=np.float64).ravel()
    union = total_w[n_known + ri] + total_w[ci] - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(union > 0, PARTICIPANTS * shared / union, 0.0)
    return sparse.csr_matrix((value, (ri, ci)), shape=words.shape)


def overlap(a: set[str], b: set[str], weights: dict[str, float]) -> float:
    """Weighted Jaccard of two articles' actors: each entity counts by its idf (0 for the
    entities of over `COMMON_ENTITY` of the articles, such as the two candidates of 2016)."""
    union = sum(weights.get(e, 0.0) for e in a | b)
    return sum(weights.get(e, 0.0) for e in a & b) / union if union else 0.0


def entity_weights(doc_freq: dict[str, int], n_docs: int) -> dict[str, float]:
    """idf weights of entities from the number of articles naming each."""
    return {
        e: math.log(n_docs / df) if df < COMMON_ENTITY * n_docs else 0.0
        for e, df in doc_freq.items()
        if df
    }
