"""Scorers for the public benchmarks; `benchmarks/` and `realpolitik eval` run them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]


class DataMissing(FileNotFoundError):
    """A benchmark file is not where it was looked for; the message names the path."""


def default_data_dir() -> Path:
    """The shared benchmark data: ../shared/data next to the repository."""
    return REPO_ROOT.parent / "shared" / "data"


@dataclass
class PR:
    """Precision and recall counts: predictions that match gold, gold matched."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_gold / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return (
            2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        )

    def add(self, other: PR) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }
