"""The watch state in a real store: claims, settling, release, lapsed claims, retries."""

from __future__ import annotations

from datetime import timedelta

from realpolitik.store import Store
from realpolitik.watch.feeds import FeedEntry, Validators
from realpolitik.watch.state import CLAIM_LEASE, MAX_ATTEMPTS, FeedState, ItemOutcome, utc_now

FEED = "https://news.example.org/feed.xml"


def entries(*keys: str) -> list[FeedEntry]:
    return [FeedEntry(k, n, f"https://news.example.org/{k}", {}) for n, k in enumerate(keys, 1)]


def keys(items: list[FeedEntry]) -> list[str]:
    return [i.key for i in items]


def test_a_claimed_item_is_not_claimed_again_until_settled_or_released(tmp_path):
    with Store(tmp_path / "s.duckdb") as db:
        state = FeedState(db)
        a, b, c = entries("a", "b", "c")
        assert keys(state.claim(FEED, [a, b], utc_now())) == ["a", "b"]
        # a second watcher (or poll) sees them claimed, and takes only the new one
        assert keys(state.claim(FEED, [a, b, c], utc_now())) == ["c"]
        with db.transaction():
            state.settle(FEED, [ItemOutcome(a, "stored", "doc-a")], utc_now())
            state.release(FEED, [b, c])  # stopped before reading them
        rows = db.con.execute("SELECT item_key, status, claimed_at FROM feed_items").fetchall()
        assert rows == [("a", "stored", None)]  # released new items are forgotten
        assert keys(state.claim(FEED, [a, b, c], utc_now())) == ["b", "c"]


def test_a_lapsed_claim_is_taken_over(tmp_path):
    with Store(tmp_path / "s.duckdb") as db:
        state = FeedState(db)
        (a,) = entries("a")
        state.claim(FEED, [a], utc_now() - CLAIM_LEASE - timedelta(minutes=1))  # its watcher died
        assert keys(state.claim(FEED, [a], utc_now())) == ["a"]
        assert keys(state.claim(FEED, [a], utc_now())) == []


def test_a_failed_item_is_retried_up_to_the_limit_and_keeps_its_feed_unsettled(tmp_path):
    with Store(tmp_path / "s.duckdb") as db:
        state = FeedState(db)
        a, b = entries("a", "b")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            assert keys(state.claim(FEED, [a, b], utc_now())) == (
                ["a", "b"] if attempt == 1 else ["b"]
            )
            with db.transaction():
                outcomes = [ItemOutcome(b, "failed: HTTP 404 Not Found")]
                if attempt == 1:
                    outcomes.append(ItemOutcome(a, "stored", "doc-a"))
                state.settle(FEED, outcomes, utc_now())
            assert state.unsettled(FEED, [a, b], utc_now()) == (attempt < MAX_ATTEMPTS)
        assert state.claim(FEED, [a, b], utc_now()) == []
        [(status, attempts)] = db.con.execute(
            "SELECT status, attempts FROM feed_items WHERE item_key = 'b'"
        ).fetchall()
        assert status == "failed: HTTP 404 Not Found" and attempts == MAX_ATTEMPTS
        # a released retry keeps its last status (it is not forgotten like a new item)
        with db.transaction():
            db.con.execute("UPDATE feed_items SET attempts = 1 WHERE item_key = 'b'")
        state.claim(FEED, [b], utc_now())
        with db.transaction():
            state.release(FEED, [b])
        assert db.con.execute(
            "SELECT status, claimed_at FROM feed_items WHERE item_key = 'b'"
        ).fetchall() == [("failed: HTTP 404 Not Found", None)]


def test_polls_are_counted_and_validators_kept_until_replaced(tmp_path):
    with Store(tmp_path / "s.duckdb") as db:
        state = FeedState(db)
        assert state.validators(FEED) == Validators()
        with db.transaction():
            state.record_poll(FEED, "error: timed out", ok=False, validators=None, now=utc_now())
            state.record_poll(FEED, "error: timed out", ok=False, validators=None, now=utc_now())
        assert db.con.execute("SELECT polls, failures FROM feeds").fetchall() == [(2, 2)]
        with db.transaction():
            new = Validators('"v1"', "Tue, 01 Dec 2026 08:00:00 GMT")
            state.record_poll(FEED, "200 items=0", ok=True, validators=new, now=utc_now())
            state.record_poll(FEED, "304 not modified", ok=True, validators=None, now=utc_now())
        assert state.validators(FEED) == new
        [row] = db.con.execute("SELECT url, polls, failures, items FROM feed_status").fetchall()
        assert row == (FEED, 4, 0, 0)
