"""The learned part of quote attribution: four linear scorers over the parse candidates.

`data/quotes/model.json.gz` holds, for each scorer, a bias and feature weights (logistic
regression, trained by `scripts/train_quote_model.py` on PolNeAR's train split; no text of
the corpus is in it, only feature names and weights), the decision thresholds tuned on the
dev split, and the cue lexicon the candidate heads are gated by:

- `prefilter`: is this candidate head worth reading (its words and dependencies only, so
  most heads are dropped before their candidates are built);
- `head`: is this candidate head a cue at all;
- `cue`: which extent around the head is the cue;
- `source`: which candidate is the source (or none, below `thresholds.source`);
- `content`: which candidate is the content (a head is dropped when its probability
  times the best content's, to the power `thresholds.content_weight`, is below
  `thresholds.relation`, where present).

Loaded once per process (`load_model` is cached).
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

MODEL_FILE = "model.json.gz"


@dataclass(frozen=True)
class LinearScorer:
    bias: float
    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        get = self.weights.get
        return self.bias + sum(map(get, features, repeat(0.0, len(features))))

    def prob(self, features: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(features)))))


@dataclass(frozen=True)
class QuoteModel:
    prefilter: LinearScorer
    head: LinearScorer
    cue: LinearScorer
    source: LinearScorer
    content: LinearScorer
    thresholds: dict[str, float]
    cue_lemmas: frozenset[str]
    cue_forms: frozenset[str]
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuoteModel:
        def scorer(name: str) -> LinearScorer:
            return LinearScorer(float(d[name]["bias"]), dict(d[name]["weights"]))

        return cls(
            prefilter=scorer("prefilter"),
            head=scorer("head"),
            cue=scorer("cue"),
            source=scorer("source"),
            content=scorer("content"),
            thresholds=dict(d["thresholds"]),
            cue_lemmas=frozenset(d["cue_lemmas"]),
            cue_forms=frozenset(d["cue_forms"]),
            meta=dict(d.get("meta", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        def scorer(s: LinearScorer) -> dict[str, Any]:
            return {"bias": s.bias, "weights": dict(sorted(s.weights.items()))}

        return {
            "meta": self.meta,
            "thresholds": self.thresholds,
            "cue_lemmas": sorted(self.cue_lemmas),
            "cue_forms": sorted(self.cue_forms),
            "prefilter": scorer(self.prefilter),
            "head": scorer(self.head),
            "cue": scorer(self.cue),
            "source": scorer(self.source),
            "content": scorer(self.content),
        }

    def save(self, path: Path) -> None:
        data = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            f.write(data)


def model_path() -> Path:
    return Path(str(resources.files("realpolitik") / "data" / "quotes" / MODEL_FILE))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> QuoteModel:
    """The trained quote model (the shipped one unless `path` names another)."""
    p = Path(path) if path else model_path()
    try:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            return QuoteModel.from_dict(json.load(f))
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"quote model not found at {p}; train it with scripts/train_quote_model.py"
        ) from exc
