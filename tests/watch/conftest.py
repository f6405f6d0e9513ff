"""Fixtures of the watch tests: a fresh local news site per test, one Analyzer for all."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from realpolitik.pipeline import Analyzer

from .news_site import FAST, NewsSite, QuietServer, handler_for


@pytest.fixture
def news() -> Iterator[NewsSite]:
    """A fresh local news site (its own server and port) for one test."""
    site = NewsSite()
    server = QuietServer(("127.0.0.1", 0), handler_for(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The pipeline, loaded once for every watch test (as a watch loads it once)."""
    analyzer = Analyzer(FAST)
    analyzer.load()
    return analyzer
