"""Stopping a watch: a flag that SIGINT/SIGTERM set, and sleeps that end when it is set.

The handler only sets the flag; the watcher looks at it between steps, so the write under
way finishes (a store transaction is never cut in two). A second signal quits at once with
KeyboardInterrupt: the open transaction is rolled back.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

SLICE = 0.2  # seconds: how soon a sleep notices the flag


class Stopped(Exception):
    """Raised where a watch gives up waiting because it was asked to stop."""


class StopFlag:
    """Set once (by a signal, or by `set()` from any thread); false until then."""

    def __init__(self) -> None:
        self.reason: str | None = None

    def set(self, reason: str = "request") -> None:
        if self.reason is None:
            self.reason = reason

    def __bool__(self) -> bool:
        return self.reason is not None

    def sleep(self, seconds: float) -> bool:
        """Sleep `seconds` in short slices; False as soon as the flag is set."""
        deadline = time.monotonic() + seconds
        while not self:
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(left, SLICE))
        return False


@contextmanager
def stop_on_signals(flag: StopFlag) -> Iterator[StopFlag]:
    """While inside, SIGINT and SIGTERM set `flag` (a second one raises KeyboardInterrupt);
    the previous handlers come back on the way out. Main thread only, as signals are."""

    def handle(signum: int, frame: object) -> None:
        if flag:
            raise KeyboardInterrupt(signal.Signals(signum).name)
        flag.set(signal.Signals(signum).name)  # nothing else here: no I/O in a handler

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield flag
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
