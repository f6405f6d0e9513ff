"""Watching feeds end to end: a real local news site whose feeds change between polls, a
real store, the real pipeline (one Analyzer for every test)."""

from __future__ import annotations

import re
from pathlib import Path

from realpolitik.sources import web
from realpolitik.store import Store
from realpolitik.watch import Watcher
from realpolitik.watch.state import MAX_ATTEMPTS
from tests.sources.test_web import article_page

from .news_site import FAST, STORIES, Item, NewsSite

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ poll (?P<url>\S+) (?P<status>.+) \(\d+\.\d s\)$"
)
NOTE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ note (?P<input>\S+): (?P<message>.+)$")
UA = FAST.user_agent


class Log(list):
    """The watcher's log lines, and the poll lines by feed."""

    def polls(self, url: str) -> list[str]:
        found = [LINE.match(line) for line in self]
        return [m["status"] for m in found if m and m["url"] == url]

    def notes(self) -> dict[str, str]:
        """The note lines, message by input."""
        found = [NOTE.match(line) for line in self]
        return {m["input"]: m["message"] for m in found if m}


def watcher(feeds: list[str], store: Path, analyzer, **kw) -> tuple[Watcher, Log]:
    log = Log()
    kw.setdefault("settings", FAST)
    kw.setdefault("delay", 0.05)
    return Watcher(feeds, store, analyzer, log=log.append, **kw), log


def rows(store: Path, sql: str) -> list[tuple]:
    with Store(store) as db:
        return db.con.execute(sql).fetchall()


def documents(store: Path) -> tuple[int, int]:
    """Documents in the store, and in its corpus tables."""
    [counts] = rows(
        store, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM corpus_documents)"
    )
    return counts


def test_new_items_are_analyzed_once_as_the_feed_changes(news: NewsSite, tmp_path, analyzer):
    first = [Item("a", "Defence fund", news.article("/news/a", 0))]
    first.append(Item("b", "Grain talks", news.article("/news/b", 1)))
    feed = news.feed("/feed.xml", first)
    store = tmp_path / "watch.duckdb"
    w, log = watcher([feed], store, analyzer)
    with w:
        w.round()
        assert log.polls(feed) == ["200 items=2 new=2 stored=2 failed=0"]
        assert documents(store) == (2, 2)

        # a new story appears at the top of the feed: only it is fetched and analyzed
        news.feed("/feed.xml", [Item("c", "Aid package", news.article("/news/c", 2)), *first])
        w.round()
        assert log.polls(feed)[-1] == "200 items=3 new=1 stored=1 failed=0"
        assert [news.hits(p) for p in ("/news/a", "/news/b", "/news/c")] == [1, 1, 1]

        w.round()  # unchanged: a conditional GET, answered 304
        assert log.polls(feed)[-1] == "304 not modified"
    feed_requests = [r for r in news.requests if r.path == "/feed.xml"]
    assert feed_requests[0].headers.get("If-None-Match") is None
    assert feed_requests[-1].headers["If-None-Match"] == rows(store, "SELECT etag FROM feeds")[0][0]
    assert feed_requests[-1].headers["If-Modified-Since"]
    assert {r.headers["User-Agent"] for r in news.requests} == {UA}
    assert news.hits("/robots.txt") == 1  # once per host per run
    assert documents(store) == (3, 3)
    assert rows(store, "SELECT item_key, status FROM feed_items ORDER BY item_key") == [
        ("a", "stored"), ("b", "stored"), ("c", "stored"),
    ]  # fmt: skip
    assert rows(store, "SELECT polls, failures, items, stored FROM feed_status") == [(3, 0, 3, 3)]
    round_lines = [line for line in log if " round " in line]
    assert len(round_lines) == 3 and "feeds=1 ok=1 failed=0 new=1 stored=1" in round_lines[1]


def test_robots_txt_disallow_skips_the_item_without_fetching_it(news, tmp_path, analyzer):
    news.page(
        "/robots.txt",
        "User-agent: realpolitik\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n",
        "text/plain",
    )
    items = [
        Item("open", "Drills", news.article("/news/drills", 3)),
        Item("closed", "Inspections", news.article("/private/inspections", 4)),
    ]
    feed = news.feed("/feed.xml", items)
    store = tmp_path / "watch.duckdb"
    w, log = watcher([feed], store, analyzer)
    with w:
        w.round()
        news.feed(
            "/feed.xml", [Item("new", "Ceasefire", news.article("/news/ceasefire", 5)), *items]
        )
        w.round()
    assert log.polls(feed) == [
        "200 items=2 new=2 stored=1 skipped=1 failed=0",
        "200 items=3 new=1 stored=1 failed=0",
    ]
    assert news.hits("/private/inspections") == 0
    assert news.hits("/robots.txt") == 1
    assert rows(store, "SELECT status FROM feed_items WHERE item_key = 'closed'") == [
        ("skipped: disallowed by robots.txt",)
    ]


def test_requests_to_one_host_are_spaced_by_the_delay(news, tmp_path, analyzer):
    """The politeness contract (a lower bound: sleeping never ends early)."""
    items = [Item(str(n), f"Story {n}", news.article(f"/news/{n}", n)) for n in range(3)]
    feed = news.feed("/feed.xml", items)
    w, _ = watcher([feed], tmp_path / "watch.duckdb", analyzer, delay=0.3)
    with w:
        w.round()
    arrivals = [r.at for r in news.requests]
    assert [r.path for r in news.requests] == [
        "/feed.xml", "/robots.txt", "/news/0", "/news/1", "/news/2",
    ]  # fmt: skip
    assert all(
        later - earlier >= 0.3 for earlier, later in zip(arrivals, arrivals[1:], strict=False)
    )


def test_dead_slow_and_malformed_feeds_fail_alone(news, tmp_path, analyzer, closed_port):
    good = news.feed(
        "/good.xml",
        [
            Item("a", "Vilnius summit", news.article("/news/vilnius", 7)),
            Item("tag:example.org,2026:no-link", "An entry with neither a link nor any text", None),
            Item("gone", "A story taken down", news.url("/news/gone")),
            Item("b", "Sudan vote", news.article("/news/sudan", 8)),
        ],
    )
    dead = f"http://127.0.0.1:{closed_port}/feed.xml"
    slow = news.page(
        "/slow.xml", "<rss version='2.0'><channel/></rss>", "application/rss+xml", delay=3.0
    )
    broken = news.page(
        "/broken.xml", '<rss version="2.0"><channel><title>x</chann', "application/rss+xml"
    )
    page = news.page(
        "/index.html", "<!DOCTYPE html><html><body><p>Home</p></body></html>", "text/html"
    )
    store = tmp_path / "watch.duckdb"
    w, log = watcher(
        [dead, slow, good, broken, page], store, analyzer, settings=FAST.with_(timeout=0.5)
    )
    with w:
        w.round()
    assert log.polls(dead) == ["error: connection refused (nothing is listening at that address)"]
    assert log.polls(slow)[0].startswith("error: timed out after 0.5 s")
    assert log.polls(broken)[0].startswith("error: malformed feed")
    assert log.polls(page) == ["error: not an RSS or Atom feed (the URL serves a page)"]
    assert log.polls(good) == ["200 items=4 new=4 stored=2 failed=2"]
    assert documents(store) == (2, 2)
    assert {f.input for f in w.summary.failed_polls} == {dead, slow, broken, page}
    assert sorted(f.reason for f in w.summary.failed_items) == [
        "HTTP 404 Not Found",
        "the entry has neither a link nor any content",
    ]
    assert rows(store, "SELECT url, failures FROM feeds WHERE failures > 0 ORDER BY url") == sorted(
        (url, 1) for url in (dead, slow, broken, page)
    )


def test_failed_items_are_retried_then_settled(news, tmp_path, analyzer):
    items = [
        Item("a", "Borders", news.article("/news/borders", 9)),
        Item("gone", "Gone", news.url("/news/gone")),
    ]
    feed = news.feed("/feed.xml", items)
    store = tmp_path / "watch.duckdb"
    w, log = watcher([feed], store, analyzer)
    with w:
        for _ in range(MAX_ATTEMPTS + 1):
            w.round()
        news.article("/news/gone", 6)  # too late: the item is settled as failed
        w.round()
    # while an item has tries left the feed is fetched in full (its validators are not kept)
    assert log.polls(feed) == [
        "200 items=2 new=2 stored=1 failed=1",
        "200 items=2 new=1 stored=0 failed=1",
        "200 items=2 new=1 stored=0 failed=1",
        "304 not modified",
        "304 not modified",
    ]
    assert news.hits("/news/gone") == MAX_ATTEMPTS and news.hits("/news/borders") == 1


def test_a_restart_refetches_and_reanalyzes_nothing(news, tmp_path, analyzer):
    items = [Item(str(n), f"Story {n}", news.article(f"/news/{n}", n)) for n in (0, 1)]
    feed = news.feed("/feed.xml", items)
    careless = news.feed("/careless.xml", items, kind="atom", etag=False)  # no 304 ever
    store = tmp_path / "watch.duckdb"
    first, _ = watcher([feed, careless], store, analyzer)
    with first:
        first.round()
    analyzed = rows(store, "SELECT id, analyzed_at FROM documents ORDER BY id")
    fetched = [news.hits("/news/0"), news.hits("/news/1")]  # once per feed that lists them
    second, log = watcher([feed, careless], store, analyzer)  # a new process, in effect
    with second:
        second.round()
    assert log.polls(feed) == ["304 not modified"]
    assert log.polls(careless) == ["200 items=2 new=0 stored=0 failed=0"]
    assert [news.hits("/news/0"), news.hits("/news/1")] == fetched == [2, 2]
    assert rows(store, "SELECT id, analyzed_at FROM documents ORDER BY id") == analyzed
    # the same stories in the second feed were stored once, and not analyzed twice
    assert rows(store, "SELECT feed_url, status FROM feed_items ORDER BY feed_url, item_key") == [
        (careless, "known"), (careless, "known"), (feed, "stored"), (feed, "stored"),
    ]  # fmt: skip


def test_a_feed_is_read_to_the_limit_per_feed_and_the_poll_says_so(
    news, tmp_path, analyzer, monkeypatch
):
    monkeypatch.setattr(web, "MAX_FEED_ITEMS", 2)  # the one limit, shared with `analyze`
    items = [Item(str(n), f"Story {n}", news.article(f"/news/{n}", n)) for n in range(3)]
    feed = news.feed("/feed.xml", items)
    store = tmp_path / "watch.duckdb"
    w, log = watcher([feed], store, analyzer)
    with w:
        w.round()
    cut = f"the feed {feed} has 3 items; only the first 2 were read (the limit per feed)"
    assert log.polls(feed) == [f"200 items=2 new=2 stored=2 failed=0; {cut}"]
    assert rows(store, "SELECT last_status FROM feeds") == [(log.polls(feed)[0],)]
    assert news.hits("/news/2") == 0
    assert rows(store, "SELECT item_key FROM feed_items ORDER BY item_key") == [("0",), ("1",)]


def test_duplicates_are_logged_naming_the_article_they_repeat(news, tmp_path, analyzer):
    title, paragraphs = STORIES[0]
    first = news.article("/news/fund", 0)
    again = news.article("/mirror/fund", 0)  # the same story under another link
    near = news.page(  # the story with one more word: a near duplicate
        "/news/fund-updated",
        article_page(title, [*paragraphs[:-1], paragraphs[-1] + " Updated."]),
        "text/html; charset=utf-8",
    )
    items = [Item("a", title, first), Item("b", title, again), Item("c", title, near)]
    feed = news.feed("/feed.xml", items)
    store = tmp_path / "watch.duckdb"
    w, log = watcher([feed], store, analyzer)
    with w:
        w.round()
    assert log.polls(feed) == ["200 items=3 new=3 stored=1 duplicates=2 failed=0"]
    [(original,)] = rows(store, "SELECT article_id FROM feed_items WHERE item_key = 'a'")
    notes = log.notes()
    assert notes[again] == f"skipped: exact duplicate of {original} ({first})"
    jaccard = r"\(Jaccard ~(0\.9\d|1\.00)\)"
    assert re.fullmatch(
        rf"skipped: near duplicate {jaccard} of {original} \({re.escape(first)}\)", notes[near]
    )
    assert set(notes) == {again, near}
    # each note comes before its poll's line, and the summary keeps them
    assert max(log.index(line) for line in log if " note " in line) < log.index(
        next(line for line in log if " poll " in line)
    )
    assert [(n.input, n.reason) for n in w.summary.notes] == [
        (again, notes[again]),
        (near, notes[near]),
    ]
    assert documents(store) == (1, 1)
    assert rows(
        store,
        "SELECT i.item_key, i.status, a.duplicate_of FROM feed_items i"
        " JOIN articles a ON a.id = i.article_id ORDER BY i.item_key",
    ) == [("a", "stored", None), ("b", "duplicate", None), ("c", "duplicate", original)]
