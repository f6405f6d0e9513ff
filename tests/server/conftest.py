"""Fixtures of the dashboard's tests: a store of real analysis and a live server over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from realpolitik.server import Snapshot, create_app

from .dashboard_fixtures import LiveServer, make_store


@pytest.fixture(scope="session")
def dashboard_store(tmp_path_factory) -> Path:
    """Built once per test process; tests that write take a copy (`store_copy`)."""
    return make_store(tmp_path_factory.mktemp("dashboard") / "store.duckdb")


@pytest.fixture()
def store_copy(dashboard_store, tmp_path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copyfile(dashboard_store, path)
    return path


@pytest.fixture(scope="session")
def live(dashboard_store) -> Iterator[LiveServer]:
    snapshot = Snapshot(dashboard_store)
    snapshot.refresh()
    with LiveServer(create_app(snapshot)) as server:
        server.snapshot = snapshot
        yield server
    snapshot.close()


@pytest.fixture(scope="session")
def http(live) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=60) as client:
        yield client
