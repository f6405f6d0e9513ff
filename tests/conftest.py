"""Shared fixtures: paths to the example and shared data, and a real local HTTP server."""

from __future__ import annotations

import gzip
import os
import socket
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.local_server import serving

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "putin-trump-dynamic.txt"

# The tests' HTTP servers listen on 127.0.0.1, which realpolitik refuses to fetch from by
# default (sources/network.py). The opt-in is set for the whole session, in the environment
# so that subprocesses, CliRunner runs and Ray workers inherit it; tests/sources/test_ssrf.py
# removes it to show the refusal.
os.environ["REALPOLITIK_ALLOW_PRIVATE"] = "1"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.exists():
        pytest.skip("../shared/data is not available")
    return data


# --- a real HTTP server on localhost; each test registers its routes -----------------


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes


class Site:
    """The routes of the local server, and how often each path was requested."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()

    def url(self, path: str) -> str:
        return self.base + path

    def page(
        self,
        path: str,
        body: str | bytes,
        content_type: str | None = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        send_length: bool = True,
        compress: bool = False,
    ) -> str:
        """Serve `body` at `path` (with no Content-Type if it is None); returns the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        if compress:
            data = gzip.compress(data)
            all_headers["Content-Encoding"] = "gzip"
        self.routes[path] = Route(data, status, all_headers, delay, send_length)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(b"", status, {"Location": to})
        return self.url(path)

    def reset(self) -> None:
        self.routes.clear()
        self.hits.clear()


class _Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass made for each server

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.site.hits[path] += 1
        route = self.site.routes.get(path) or Route(
            b"not found", 404, {"Content-Type": "text/plain"}
        )
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            for i in range(0, len(route.body), 16384):
                self.wfile.write(route.body[i : i + 16384])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (over the size limit, or timed out): as intended

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def _server() -> Iterator[Site]:
    site = Site("")
    with serving(type("Handler", (_Handler,), {"site": site})) as base:
        site.base = base
        yield site


@pytest.fixture
def site(_server: Site) -> Iterator[Site]:
    """The local server with no routes yet; every unknown path is a 404."""
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def closed_port() -> int:
    """A localhost port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
