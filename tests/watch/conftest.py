"""Fixtures of the watch tests: a fresh local news site per test, one Analyzer for all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from realpolitik.pipeline import Analyzer
from tests.local_server import serving

from .news_site import FAST, NewsSite, handler_for


@pytest.fixture
def news() -> Iterator[NewsSite]:
    """A fresh local news site (its own server and port) for one test."""
    site = NewsSite()
    with serving(handler_for(site)) as base:
        site.base = base
        yield site


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The pipeline, loaded once for every watch test (as a watch loads it once)."""
    analyzer = Analyzer(FAST)
    analyzer.load()
    return analyzer
