"""Article-body extraction score, as in the Zyte (Scrapinghub) article-extraction benchmark.

A text is cut into `\\w+` tokens and then into word 4-gram shingles, counted as a multiset
(a shingle that occurs twice in the truth must be found twice). A text shorter than four
tokens is one shingle: the whole token tuple. Per item:

    precision = |pred ∩ truth| / |pred|        recall = |pred ∩ truth| / |truth|

so every page weighs the same however long it is. Precision is averaged over the items with
a non-empty prediction, recall over the items with a non-empty truth (an empty prediction
costs recall, not precision); F1 is the harmonic mean of the two averages. `accuracy` is the
share of items whose token sequence equals the truth exactly. Each figure has a bootstrap
standard deviation over items (1000 resamples, fixed seed).
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of `text`; a text of fewer than n tokens is one shingle."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class ItemScore:
    """One page: shingle counts and the per-item precision, recall and exact match."""

    matched: int  # shingles of the prediction found in the truth (multiset intersection)
    predicted: int  # shingles in the prediction
    expected: int  # shingles in the truth
    exact: bool  # same token sequence

    @property
    def precision(self) -> float:
        if self.predicted == self.expected == self.matched:
            return 1.0  # both empty, or identical
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        if self.predicted == self.expected == self.matched:
            return 1.0
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_item(prediction: str, truth: str, n: int = SHINGLE_SIZE) -> ItemScore:
    pred, true = shingles(prediction, n), shingles(truth, n)
    return ItemScore(
        matched=sum((pred & true).values()),
        predicted=sum(pred.values()),
        expected=sum(true.values()),
        exact=tokenize(prediction) == tokenize(truth),
    )


def aggregate(scores: Sequence[ItemScore]) -> dict[str, float]:
    """Macro precision and recall over items, F1 of those averages, and exact-match accuracy."""
    precisions = [s.precision for s in scores if s.predicted]
    recalls = [s.recall for s in scores if s.expected]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "accuracy": statistics.fmean(s.exact for s in scores) if scores else 0.0,
    }


def bootstrap_std(
    scores: Sequence[ItemScore], resamples: int = 1000, seed: int = 0
) -> dict[str, float]:
    """Standard deviation of each aggregate figure over item resamples (with replacement)."""
    rng = random.Random(seed)
    runs = [aggregate(rng.choices(scores, k=len(scores))) for _ in range(resamples)]
    return {key: statistics.pstdev(run[key] for run in runs) for key in runs[0]} if runs else {}


def evaluate(
    predictions: Mapping[str, str],
    truth: Mapping[str, str],
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Scores of `predictions` against `truth` (both id -> text); a missing prediction is empty.

    Returns the aggregate figures, their bootstrap std under `"std"`, and the per-item
    scores under `"items"` (id -> ItemScore).
    """
    items = {key: score_item(predictions.get(key) or "", truth[key]) for key in truth}
    scores = list(items.values())
    result: dict[str, Any] = dict(aggregate(scores))
    result["std"] = bootstrap_std(scores, resamples, seed) if resamples else {}
    result["items"] = items
    result["n"] = len(scores)
    return result
