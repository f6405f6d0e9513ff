"""Politeness: a pause between two requests to one host, and each site's robots.txt.

robots.txt follows RFC 9309: it is read once per site per run (again after a day), through
the watch's own client, so with its User-Agent, under the same pause and the same checks
as every download (`sources.web.follow`: redirects followed and checked, public addresses
only, a deadline). A 4xx answer means no rules; a 5xx answer or an unreachable site means
"disallow everything" for a while (`UNREACHABLE_FOR`), and the article counts as failed,
to be tried at a later poll.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..settings import Settings
from ..sources import SourceError
from ..sources.web import follow
from .stop import StopFlag, Stopped

ROBOTS_MAX_AGE = 24 * 3600.0  # seconds a site's robots.txt is trusted (RFC 9309: a day at most)
UNREACHABLE_FOR = 600.0  # seconds before an unreadable robots.txt is asked for again
ROBOTS_MAX_BYTES = 512 * 1024  # the RFC's parsing limit is 500 KiB


class Disallowed(SourceError):
    """The site's robots.txt does not let us fetch this URL: it is skipped, not fetched."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class HostClock:
    """At least `delay` seconds between the end of one request to a host and the next one."""

    def __init__(self, delay: float, stop: StopFlag) -> None:
        self.delay = delay
        self.stop = stop
        self._free_since: dict[str, float] = {}

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Wait for the host of `url` (Stopped if the watch stops meanwhile: no new request
        once it stops); the request runs inside, and the host's pause starts when it ends."""
        host = host_of(url)
        last = self._free_since.get(host)
        wait = 0.0 if last is None else last + self.delay - time.monotonic()
        if not self.stop.sleep(wait):
            raise Stopped(url)
        try:
            yield
        finally:
            self._free_since[host] = time.monotonic()


class Robots:
    """Whether each URL may be fetched, by its site's robots.txt for our User-Agent."""

    def __init__(self, client: httpx.Client, clock: HostClock, settings: Settings) -> None:
        self.client = client
        self.clock = clock
        self.settings = settings
        self.agent = settings.user_agent
        # site -> (rules, when they expire, why the file could not be read)
        self._sites: dict[str, tuple[RobotFileParser, float, str | None]] = {}

    def check(self, url: str) -> None:
        """Nothing if `url` may be fetched; Disallowed if its robots.txt says no; SourceError
        if the robots.txt could not be read (a later poll tries again)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        known = self._sites.get(site)
        if known is None or known[1] <= time.monotonic():
            known = self._read(site)
            self._sites[site] = known
        rules, _, unreadable = known
        if unreadable:
            raise SourceError(url, f"not fetched: {site}/robots.txt {unreadable}")
        if not rules.can_fetch(self.agent, url):
            raise Disallowed(url, "disallowed by robots.txt")

    def _read(self, site: str) -> tuple[RobotFileParser, float, str | None]:
        robots_url = f"{site}/robots.txt"
        rules = RobotFileParser(robots_url)
        try:
            with self.clock.turn(robots_url):
                status, text = self._download(robots_url)
        except SourceError as exc:  # refused, unreachable, too slow, too many redirects
            return _unreadable(rules, f"could not be read: {exc.reason}")
        if status >= 500:
            return _unreadable(rules, f"answered HTTP {status}")
        if 200 <= status < 300:
            rules.parse(text.splitlines())
        else:  # 4xx (and a redirect loop's 3xx): the site sets no rules
            rules.allow_all = True
        return rules, time.monotonic() + ROBOTS_MAX_AGE, None

    def _download(self, url: str) -> tuple[int, str]:
        body = bytearray()
        with follow(self.client, url, self.settings) as response:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= ROBOTS_MAX_BYTES:
                    break
            status = response.status_code
        return status, bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", "replace")


def _unreadable(rules: RobotFileParser, why: str) -> tuple[RobotFileParser, float, str]:
    rules.disallow_all = True
    return rules, time.monotonic() + UNREACHABLE_FOR, why
