"""Scorers for the public benchmarks; `benchmarks/` and `realpolitik eval` run them."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


class DataMissing(FileNotFoundError):
    """A benchmark file is not where it was looked for; the message names the path."""


def default_data_dir() -> Path:
    """The shared benchmark data: ../shared/data next to the repository."""
    return REPO_ROOT.parent / "shared" / "data"
