"""The watch loop: rounds of feed polls, each poll's new items stored, analyzed and built in.

    watcher = Watcher(["https://example.org/feed.xml"], "news.duckdb", analyzer)
    with watcher, stop_on_signals(watcher.stop):
        summary = watcher.run(every=900)        # every=None: one round, as --once

One poll of one feed: its validators are read from the store; the feed is fetched
(conditional GET); its unseen entries are claimed in the store; their pages are fetched
(robots.txt, a pause per host); the articles are stored (deduplicated by
`Store.add_and_yield`), the new ones analyzed with the watch's one Analyzer and stored as
documents; the items are settled and the poll recorded in one transaction; the corpus
tables are brought up to date. The store is open only for those steps, never while the
watch sleeps, so other commands (and the dashboard's snapshots) get their turn. Every poll
logs one line, after a `note` line for each article the store skipped as a duplicate (naming
the one it repeats) or kept under a new id; every round one more.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ..records import Article, Document
from ..settings import Settings
from ..sources import Failure, SourceError
from ..store import Store, StoreError
from ..store.store import AddNote, Duplicate
from .feeds import FeedEntry, FeedResponse, Fetcher
from .politeness import Disallowed
from .state import FeedState, ItemOutcome, utc_now
from .stop import StopFlag, Stopped

if TYPE_CHECKING:
    from ..pipeline import Analyzer

DEFAULT_DELAY = 1.0  # seconds between two requests to the same host
_INTERVAL = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def parse_interval(text: str) -> float:
    """Seconds in an interval written `30s`, `15m`, `1h`, `2h30m` (or plain seconds, `90`)."""
    text = text.strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        match = _INTERVAL.fullmatch(text)
        if not text or not match:
            raise ValueError(f"{text!r} is not an interval: write it like 30s, 15m, 1h or 2h30m")
        hours, minutes, secs = (int(g or 0) for g in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be longer than zero")
    return float(seconds)


def log_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def timestamp(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PollResult:
    """One poll of one feed: what it found and what became of it."""

    url: str
    status: int | None = None  # the feed's HTTP status (200, 304); None: the poll failed
    items: int = 0  # distinct entries in the feed
    new: int = 0  # entries claimed: unseen ones, and failed ones tried again
    stored: int = 0  # new documents
    known: int = 0  # articles stored and analyzed before (another feed, another command)
    duplicates: int = 0
    skipped: int = 0  # disallowed by robots.txt
    failed: int = 0  # items that could not be read or analyzed
    released: int = 0  # claimed, left for a later poll because the watch stopped
    error: str | None = None  # why the feed could not be polled
    corpus_error: str | None = None
    cut: str | None = None  # the feed had more entries than are read: what was left out
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)  # the failed items, by name
    # the store's notes on the articles: what a duplicate repeats, an id given another text
    notes: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.corpus_error is None

    def status_text(self) -> str:
        """The poll's outcome, as logged and kept in `feeds.last_status`."""
        if self.error is not None:
            return f"error: {self.error}"
        if self.status == 304:
            return "304 not modified"
        counts = [("items", self.items), ("new", self.new), ("stored", self.stored)]
        extra = [
            ("known", self.known),
            ("duplicates", self.duplicates),
            ("skipped", self.skipped),
            ("released", self.released),
        ]
        counts += [(k, v) for k, v in extra if v]
        text = f"{self.status} " + " ".join(
            f"{k}={v}" for k, v in [*counts, ("failed", self.failed)]
        )
        if self.cut:
            text += f"; {self.cut}"
        if self.corpus_error:
            text += f"; corpus build failed: {self.corpus_error}"
        return text

    def line(self) -> str:
        when = timestamp(self.started)
        return f"{when} poll {self.url} {self.status_text()} ({self.seconds:.1f} s)"


@dataclass
class WatchSummary:
    """What a whole watch did: its rounds, its failed polls and items, by name."""

    rounds: int = 0
    polls: int = 0
    stored: int = 0
    failed_polls: list[Failure] = field(default_factory=list)
    failed_items: list[Failure] = field(default_factory=list)
    notes: list[Failure] = field(default_factory=list)  # the store's notes on articles
    stopped_by: str | None = None  # the signal (or request) that ended it


class Watcher:
    """Polls feeds into a store, round after round, with one Analyzer for the whole watch."""

    def __init__(
        self,
        feeds: list[str],
        store: str | Path,
        analyzer: Analyzer,
        *,
        settings: Settings | None = None,
        delay: float = DEFAULT_DELAY,
        log: Callable[[str], None] = log_line,
        stop: StopFlag | None = None,
    ) -> None:
        self.feeds = feeds
        self.store_path = str(store)
        self.analyzer = analyzer
        self.settings = settings or analyzer.settings
        self.log = log
        self.stop = stop or StopFlag()
        self.fetcher = Fetcher(self.settings, delay=delay, stop=self.stop)
        self.summary = WatchSummary()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.fetcher.close()

    # --- the loop -----------------------------------------------------------------

    def run(self, every: float | None = None) -> WatchSummary:
        """Poll every feed, then again every `every` seconds (None: once) until stopped."""
        while not self.stop:
            started = time.monotonic()
            self.round(next_in=every)
            if every is None or not self.stop.sleep(started + every - time.monotonic()):
                break
        if self.stop:
            self.summary.stopped_by = self.stop.reason
            self.log(
                f"{timestamp()} stopped ({self.stop.reason}) after {self.summary.rounds} "
                f"round(s), {self.summary.stored} document(s) stored"
            )
        return self.summary

    def round(self, next_in: float | None = None) -> list[PollResult]:
        """Poll every feed once (fewer if the watch stops); log a summary line."""
        started = time.monotonic()
        results = []
        for url in self.feeds:
            if self.stop:
                break
            result = self.poll(url)
            if result is not None:
                results.append(result)
        self.summary.rounds += 1
        self.log(self._round_line(results, time.monotonic() - started, next_in))
        return results

    def _round_line(self, results: list[PollResult], seconds: float, next_in: float | None) -> str:
        failed = sum(not r.ok for r in results)
        line = (
            f"{timestamp()} round {self.summary.rounds} feeds={len(results)} "
            f"ok={len(results) - failed} failed={failed} new={sum(r.new for r in results)} "
            f"stored={sum(r.stored for r in results)} "
            f"failed_items={sum(r.failed for r in results)} ({seconds:.1f} s)"
        )
        if next_in is not None and not self.stop:
            at = datetime.now(UTC) + timedelta(seconds=max(0.0, next_in - seconds))
            line += f" next={timestamp(at)}"
        return line

    # --- one poll -----------------------------------------------------------------

    def poll(self, url: str) -> PollResult | None:
        """Poll one feed and log its line; None if the watch stopped before asking it."""
        result = PollResult(url)
        started = time.monotonic()
        try:
            self._poll(url, result)
        except Stopped:
            return None
        except SourceError as exc:
            result.error = exc.reason
            self._record_failure(url, result)
        except (StoreError, duckdb.Error) as exc:  # busy or broken: the next poll tries again
            result.error = f"store: {exc}" if isinstance(exc, duckdb.Error) else str(exc)
        result.seconds = time.monotonic() - started
        self._count(result)
        for note in result.notes:
            self.log(f"{timestamp(result.started)} note {note}")
        self.log(result.line())
        return result

    def _poll(self, url: str, result: PollResult) -> None:
        with self._state() as state:
            validators = state.validators(url)
        response = self.fetcher.feed(url, validators)
        result.status, result.cut = response.status, response.cut
        if response.status == 304:
            with self._state() as state, state.store.transaction():
                state.record_poll(
                    url,
                    result.status_text(),
                    ok=True,
                    validators=response.validators,
                    now=utc_now(),
                )
            return
        result.items = len(response.entries)
        with self._state() as state:
            claimed = state.claim(url, response.entries, utc_now())
        result.new = len(claimed)
        try:
            read, outcomes, left = self._read_items(response, claimed)
            with self._state() as state:
                self._store_poll(state, response, read, outcomes, left, result)
        except KeyboardInterrupt:  # a forced quit: give back the claims, not to wait an hour
            self._release(url, claimed)
            raise

    def _read_items(
        self, feed: FeedResponse, items: list[FeedEntry]
    ) -> tuple[list[tuple[FeedEntry, Article]], list[ItemOutcome], list[FeedEntry]]:
        """The articles of the claimed items, the outcomes of those that failed or were
        skipped, and the items left unread because the watch stopped."""
        read: list[tuple[FeedEntry, Article]] = []
        outcomes: list[ItemOutcome] = []
        for done, item in enumerate(items):
            try:
                read.append((item, self.fetcher.article(feed, item)))
            except Stopped:
                return read, outcomes, items[done:]
            except Disallowed as exc:
                outcomes.append(ItemOutcome(item, f"skipped: {exc.reason}"))
            except SourceError as exc:
                outcomes.append(ItemOutcome(item, f"failed: {exc.reason}"))
        return read, outcomes, []

    def _store_poll(
        self,
        state: FeedState,
        feed: FeedResponse,
        read: list[tuple[FeedEntry, Article]],
        outcomes: list[ItemOutcome],
        left: list[FeedEntry],
        result: PollResult,
    ) -> None:
        """Store the articles and their documents, then settle the items and record the poll
        in one transaction, then update the corpus tables."""
        db = state.store
        notes: list[AddNote] = []
        originals = {a.id for a in db.add_and_yield((a for _, a in read), on_note=notes.append)}
        result.notes = [Failure(n.input, str(n)) for n in notes]
        # the articles skipped as duplicates (one read twice in this poll keeps its id)
        repeats = {id(n.article) for n in notes if isinstance(n, Duplicate)}
        analyzed_before = _with_documents(db, originals)
        documents, analysis_failed = self._analyze(
            [a for _, a in read if a.id in originals and a.id not in analyzed_before]
        )
        if documents:
            db.add_documents(documents.values())
        for item, article in read:
            if article.id in analysis_failed:
                outcomes.append(ItemOutcome(item, f"failed: {analysis_failed[article.id]}"))
            elif article.id not in originals or id(article) in repeats:
                outcomes.append(ItemOutcome(item, "duplicate", article.id))
            elif article.id in analyzed_before:
                outcomes.append(ItemOutcome(item, "known", article.id))
            elif article.id in documents:
                outcomes.append(ItemOutcome(item, "stored", article.id))
            else:  # stopped before its analysis: the article is stored, the item is not
                left.append(item)
        self._tally(result, feed, outcomes, left)
        now = utc_now()
        with db.transaction():
            state.settle(feed.url, outcomes, now)
            state.release(feed.url, left)
            settled = not left and not state.unsettled(feed.url, feed.entries, now)
            state.record_poll(
                feed.url,
                result.status_text(),
                ok=True,
                validators=feed.validators if settled else None,
                now=now,
            )
        if documents:
            result.corpus_error = _build_corpus(db)

    def _analyze(self, articles: list[Article]) -> tuple[dict[str, Document], dict[str, str]]:
        """Documents of the articles, by id (a batch at a time: the watch may stop between
        batches), and why each failed analysis failed."""
        documents: dict[str, Document] = {}
        failed: dict[str, str] = {}
        unique = list({a.id: a for a in articles}.values())
        size = self.settings.batch_size
        for start in range(0, len(unique), size):
            if self.stop:
                break
            for doc in self.analyzer.analyze(unique[start : start + size], workers=1):
                if doc.meta.get("error"):
                    failed[doc.id] = doc.meta["error"]
                else:
                    documents[doc.id] = doc
        return documents, failed

    def _tally(
        self,
        result: PollResult,
        feed: FeedResponse,
        outcomes: list[ItemOutcome],
        left: list[FeedEntry],
    ) -> None:
        kinds = Counter(o.status.partition(":")[0] for o in outcomes)
        result.stored, result.known = kinds["stored"], kinds["known"]
        result.duplicates, result.skipped = kinds["duplicate"], kinds["skipped"]
        result.failed, result.released = kinds["failed"], len(left)
        result.failures = [
            Failure(o.item.link or f"{feed.url}:{o.item.number}", o.status.removeprefix("failed: "))
            for o in outcomes
            if o.failed
        ]

    def _record_failure(self, url: str, result: PollResult) -> None:
        try:
            with self._state() as state, state.store.transaction():
                state.record_poll(
                    url, result.status_text(), ok=False, validators=None, now=utc_now()
                )
        except StoreError:
            pass  # the poll's line says what failed; the store's trouble shows at the next one

    def _release(self, url: str, items: list[FeedEntry]) -> None:
        """Give back claims (settled items are left as they are); best effort."""
        try:
            with self._state() as state, state.store.transaction():
                state.release(url, items)
        except (StoreError, duckdb.Error):
            pass  # the claims lapse after CLAIM_LEASE

    def _count(self, result: PollResult) -> None:
        self.summary.polls += 1
        self.summary.stored += result.stored
        self.summary.failed_items += result.failures
        self.summary.notes += result.notes
        if not result.ok:
            self.summary.failed_polls.append(
                Failure(result.url, result.error or f"corpus build failed: {result.corpus_error}")
            )

    @contextmanager
    def _state(self) -> Iterator[FeedState]:
        """The store, open for one step of a poll."""
        with Store(self.store_path, settings=self.settings) as db:
            yield FeedState(db)


def _with_documents(db: Store, ids: set[str]) -> set[str]:
    rows = db.con.execute(
        "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [sorted(ids)]
    ).fetchall()
    return {r[0] for r in rows}


def _build_corpus(db: Store) -> str | None:
    """Bring the corpus tables up to date; why that failed, if it did (the documents stay)."""
    from ..corpus import build

    try:
        build(db)
    except (StoreError, ValueError) as exc:
        return str(exc)
    return None
