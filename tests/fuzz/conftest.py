"""The fuzz tests (Hypothesis) of every reader; see strategies.py for the budget."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches in a .hypothesis folder; not in the working tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "realpolitik-hypothesis")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: property-based fuzzing of a reader (Hypothesis)")
