"""Sample PolNeAR article pairs for the story-clustering gold set (story_pairs.jsonl).

Deterministic (fixed seed, articles sorted by id) and independent of the system under
evaluation: it only uses a TF-IDF cosine of title + the first 600 characters of the text.

Candidate pairs: every pair of articles published at most 7 days apart. Pairs with a cosine
>= 0.9 are dropped (the same article reprinted on consecutive days; trivial). Then:

* high (40):   the top of the cosine ranking, 32 pairs across different outlets and 8 within
               one outlet (taken in rank order).
* medium (30): a random sample of the pairs between the 97th and 99.5th percentile of the
               cosine over all candidate pairs.
* random (30): a uniform random sample of the remaining candidate pairs.

No article occurs in more than 2 selected pairs, so a few articles cannot dominate the set.
Output (JSONL, one pair per line; titles/dates/outlets only, for the annotator, not committed):
  python benchmarks/gold/sample_story_pairs.py [--articles out/polnear-articles.jsonl]
                                               [--out out/story_pairs_sample.jsonl]
"""

import argparse
import datetime
import json
import os
import random

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20161108
WINDOW_DAYS = 7
PREFIX_CHARS = 600
DUPLICATE_COSINE = 0.9
N_HIGH_CROSS, N_HIGH_SAME = 32, 8
N_MEDIUM, N_RANDOM = 30, 30
MEDIUM_BAND = (97.0, 99.5)  # percentiles of the cosine over all candidate pairs
MAX_PER_ARTICLE = 2


def load(path):
    with open(path, encoding="utf-8") as f:
        arts = [json.loads(line) for line in f if line.strip()]
    return sorted(arts, key=lambda a: a["id"])


def candidate_pairs(arts):
    docs = [(a.get("title") or "") + "\n" + a["text"][:PREFIX_CHARS] for a in arts]
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs)
    S = (X @ X.T).toarray()
    days = [datetime.date.fromisoformat(a["published"]).toordinal() for a in arts]
    pairs = []
    for i in range(len(arts)):
        for j in range(i + 1, len(arts)):
            if abs(days[i] - days[j]) <= WINDOW_DAYS:
                pairs.append((round(float(S[i, j]), 6), i, j))
    # rank: cosine descending, ties by ids (stable)
    pairs.sort(key=lambda p: (-p[0], arts[p[1]]["id"], arts[p[2]]["id"]))
    return pairs


def sample(arts, pairs):
    rng = random.Random(SEED)
    uses = {}
    chosen = []  # (stratum, cos, i, j)
    taken = set()

    def ok(i, j):
        free = uses.get(i, 0) < MAX_PER_ARTICLE and uses.get(j, 0) < MAX_PER_ARTICLE
        return (i, j) not in taken and free

    def take(stratum, p):
        c, i, j = p
        taken.add((i, j))
        uses[i] = uses.get(i, 0) + 1
        uses[j] = uses.get(j, 0) + 1
        chosen.append((stratum, c, i, j))

    pairs = [p for p in pairs if p[0] < DUPLICATE_COSINE]

    def same(p):
        return arts[p[1]]["source"] == arts[p[2]]["source"]

    # high: rank order, cross-outlet and same-outlet quotas
    n_cross = n_same = 0
    for p in pairs:
        if n_cross == N_HIGH_CROSS and n_same == N_HIGH_SAME:
            break
        if not ok(p[1], p[2]):
            continue
        if same(p) and n_same < N_HIGH_SAME:
            take("high", p)
            n_same += 1
        elif not same(p) and n_cross < N_HIGH_CROSS:
            take("high", p)
            n_cross += 1

    # medium: random pairs in a percentile band of the cosine
    cos = np.array([p[0] for p in pairs])
    lo, hi = np.percentile(cos, MEDIUM_BAND)
    band = [p for p in pairs if lo <= p[0] < hi]
    rng.shuffle(band)
    n = 0
    for p in band:
        if n == N_MEDIUM:
            break
        if ok(p[1], p[2]):
            take("medium", p)
            n += 1

    # random: uniform over the remaining window pairs
    rest = list(pairs)
    rng.shuffle(rest)
    n = 0
    for p in rest:
        if n == N_RANDOM:
            break
        if ok(p[1], p[2]):
            take("random", p)
            n += 1
    return chosen, (float(lo), float(hi))


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", default=os.path.join(ROOT, "out", "polnear-articles.jsonl"))
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "story_pairs_sample.jsonl"))
    args = ap.parse_args()

    arts = load(args.articles)
    pairs = candidate_pairs(arts)
    chosen, (lo, hi) = sample(arts, pairs)
    order = {"high": 0, "medium": 1, "random": 2}
    chosen.sort(key=lambda c: (order[c[0]], -c[1], arts[c[2]]["id"], arts[c[3]]["id"]))
    with open(args.out, "w", encoding="utf-8") as f:
        for stratum, c, i, j in chosen:
            a, b = arts[i], arts[j]
            f.write(
                json.dumps(
                    {
                        "a": a["id"],
                        "b": b["id"],
                        "stratum": stratum,
                        "cosine": c,
                        "date_a": a["published"],
                        "date_b": b["published"],
                        "source_a": a["source"],
                        "source_b": b["source"],
                        "title_a": a.get("title"),
                        "title_b": b.get("title"),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    counts = {s: sum(1 for c in chosen if c[0] == s) for s in order}
    print(
        f"{len(arts)} articles, {len(pairs)} pairs within {WINDOW_DAYS} days; "
        f"medium band cosine [{lo:.3f}, {hi:.3f}); sampled {counts} -> {args.out}"
    )


if __name__ == "__main__":
    main()
