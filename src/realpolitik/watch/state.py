"""What a watch keeps in the store between polls: the `feeds` and `feed_items` tables.

An item is *claimed* (a `feed_items` row with `claimed_at` set, committed) before its page
is fetched, so a second watcher on the same store leaves it alone; it is *settled* (its
`status` set, the claim cleared) in the transaction that records the poll, after its
article and document are stored. An item still claimed when a watch stops is released
(a never-read item's row is deleted: it is new again); a claim left by a watcher that
died lapses after `CLAIM_LEASE`. A failed item is tried again at later polls, up to
`MAX_ATTEMPTS` in all. A feed's validators are kept only once all its entries are
settled, so a feed with items still to retry is fetched in full next time, not 304.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..store import Store
from .feeds import FeedEntry, Validators

MAX_ATTEMPTS = 3
CLAIM_LEASE = timedelta(hours=1)


def utc_now() -> datetime:
    """Now, as the naive UTC time the state tables hold."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one claimed item: 'stored', 'known' (its article was analyzed
    before), 'duplicate', 'skipped: ...' or 'failed: ...'."""

    item: FeedEntry
    status: str
    article_id: str | None = None

    @property
    def failed(self) -> bool:
        return self.status.startswith("failed")


class FeedState:
    """The watch state of one store; the caller holds the store open (and its transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    def validators(self, url: str) -> Validators:
        rows = self.con.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", [url]
        ).fetchall()
        return Validators(*rows[0]) if rows else Validators()

    def claim(self, url: str, entries: list[FeedEntry], now: datetime) -> list[FeedEntry]:
        """Claim the entries no one has settled or is reading: new ones, failed ones with
        attempts left, and lapsed claims. Returns them, in feed order (one transaction)."""
        with self.store.transaction():
            rows = self.con.execute(
                "SELECT item_key, claimed_at, status, attempts FROM feed_items"
                " WHERE feed_url = ? AND item_key IN (SELECT unnest(?))",
                [url, [e.key for e in entries]],
            ).fetchall()
            known = {
                key: (claimed_at, status, attempts) for key, claimed_at, status, attempts in rows
            }
            claimed = [e for e in entries if e.key not in known or _claimable(*known[e.key], now)]
            new = [(url, e.key, e.link, now, now) for e in claimed if e.key not in known]
            if new:
                self.con.executemany(
                    "INSERT INTO feed_items (feed_url, item_key, link, first_seen, claimed_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    new,
                )
            again = [e.key for e in claimed if e.key in known]
            if again:
                self.con.execute(
                    "UPDATE feed_items SET claimed_at = ? "
                    "WHERE feed_url = ? AND item_key IN (SELECT unnest(?))",
                    [now, url, again],
                )
        return claimed

    def settle(self, url: str, outcomes: Iterable[ItemOutcome], now: datetime) -> None:
        """Record what became of claimed items, and clear their claims."""
        rows = [(o.status, o.article_id, now, url, o.item.key) for o in outcomes]
        if rows:
            self.con.executemany(
                "UPDATE feed_items SET status = ?, article_id = ?, settled_at = ?,"
                " attempts = attempts + 1, claimed_at = NULL"
                " WHERE feed_url = ? AND item_key = ?",
                rows,
            )

    def release(self, url: str, items: Iterable[FeedEntry]) -> None:
        """Give back claims not carried out (the watch is stopping): a never-settled item is
        forgotten, so the next poll finds it new; a retried one keeps its last status; a
        settled one is left as it is."""
        keys = [i.key for i in items]
        if not keys:
            return
        self.con.execute(
            "DELETE FROM feed_items WHERE feed_url = ? AND item_key IN (SELECT unnest(?))"
            " AND status IS NULL",
            [url, keys],
        )
        self.con.execute(
            "UPDATE feed_items SET claimed_at = NULL"
            " WHERE feed_url = ? AND item_key IN (SELECT unnest(?))",
            [url, keys],
        )

    def unsettled(self, url: str, entries: list[FeedEntry], now: datetime) -> bool:
        """Whether any of `entries` is still claimed or has a retry left."""
        rows = self.con.execute(
            "SELECT claimed_at, status, attempts FROM feed_items"
            " WHERE feed_url = ? AND item_key IN (SELECT unnest(?))",
            [url, [e.key for e in entries]],
        ).fetchall()
        return any(
            claimed_at is not None or _retry_left(status, attempts)
            for claimed_at, status, attempts in rows
        )

    def record_poll(
        self, url: str, status: str, *, ok: bool, validators: Validators | None, now: datetime
    ) -> None:
        """Count a poll of the feed, with its status line; new `validators` replace the
        kept ones (None keeps them)."""
        self.con.execute("INSERT INTO feeds (url) VALUES (?) ON CONFLICT DO NOTHING", [url])
        self.con.execute(
            "UPDATE feeds SET last_polled = ?, last_status = ?, polls = polls + 1,"
            " failures = CASE WHEN ? THEN 0 ELSE failures + 1 END WHERE url = ?",
            [now, status, ok, url],
        )
        if validators is not None:
            self.con.execute(
                "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
                [validators.etag, validators.last_modified, url],
            )


def _retry_left(status: str | None, attempts: int) -> bool:
    return status is not None and status.startswith("failed") and attempts < MAX_ATTEMPTS


def _claimable(
    claimed_at: datetime | None, status: str | None, attempts: int, now: datetime
) -> bool:
    if claimed_at is not None:
        return claimed_at < now - CLAIM_LEASE  # its watcher died: the claim lapsed
    return status is None or _retry_left(status, attempts)
