"""`realpolitik watch` on the command line: --once for cron, and SIGTERM to a running watch."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.store import Store

from .news_site import Item, NewsSite
from .test_watcher import watcher

CLI = str(Path(sys.executable).parent / "realpolitik")
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_once_reports_a_dead_feed_by_name_and_exits_1(news: NewsSite, tmp_path, closed_port):
    good = news.feed("/feed.xml", [Item("a", "Drills", news.article("/news/a", 3))])
    dead = f"http://127.0.0.1:{closed_port}/rss"
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# our feeds\n{good}\n{dead}  # gone\n", "utf-8")
    store = tmp_path / "watch.duckdb"
    res = run("watch", listing, "--store", store, "--once", "--delay", "0", "--timeout", "1")
    assert res.exit_code == 1, res.output
    assert f"poll {good} 200 items=1 new=1 stored=1 failed=0" in res.output
    assert f"poll {dead} error: connection refused" in res.output
    assert "round 1 feeds=2 ok=1 failed=1 new=1 stored=1" in res.output
    assert "1 feed poll(s) failed" in res.output and f"- {dead}: connection refused" in res.output
    res = run("watch", good, "--store", store, "--once", "--delay", "0")
    assert res.exit_code == 0, res.output
    assert f"poll {good} 304 not modified" in res.output


def test_once_notes_a_duplicate_naming_the_article_it_repeats(news: NewsSite, tmp_path):
    first, again = news.article("/news/a", 4), news.article("/mirror/a", 4)
    feed = news.feed("/feed.xml", [Item("a", "IAEA", first), Item("b", "IAEA", again)])
    res = run("watch", feed, "--store", tmp_path / "w.duckdb", "--once", "--delay", "0")
    assert res.exit_code == 0, res.output  # a note, not a failure
    assert f"note {again}: skipped: exact duplicate of " in res.output
    assert f"poll {feed} 200 items=2 new=2 stored=1 duplicates=1 failed=0" in res.output
    assert "1 note(s):" in res.output and f"  - {again}: skipped: exact duplicate" in res.output


def test_bad_options_exit_2_naming_them(tmp_path):
    res = run("watch", "https://example.org/feed.xml", "--every", "15x", "--store", tmp_path / "s")
    assert res.exit_code == 2 and "--every" in res.output and "2h30m" in res.output
    missing = tmp_path / "feeds.txt"
    res = run("watch", missing, "--store", tmp_path / "s.duckdb")
    assert res.exit_code == 2 and str(missing) in res.output


def test_sigterm_stops_a_running_watch_between_writes(news: NewsSite, tmp_path, analyzer):
    first = [Item(str(n), f"Story {n}", news.article(f"/news/{n}", n)) for n in (0, 1)]
    feed = news.feed("/feed.xml", first)
    store = tmp_path / "watch.duckdb"
    proc = subprocess.Popen(
        [CLI, "watch", feed, "--store", store, "--every", "1s", "--delay", "0.05"],
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True)
    reader.start()
    log: list[str] = []
    try:
        log.append(_line_with(lines, " poll ", proc))
        assert f"poll {feed} 200 items=2 new=2 stored=2 failed=0 (" in log[-1]
        # three more stories, slow to serve: the signal comes while the first is read
        later = [
            Item(str(n), f"Story {n}", news.article(f"/news/{n}", n, delay=0.5)) for n in (2, 3, 4)
        ]
        news.feed("/feed.xml", [*later, *first])
        assert news.wait_for("/news/2")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=10)
    log += list(lines.queue)
    assert any("stopped (SIGTERM)" in line for line in log), log
    assert any("200 items=5 new=3 stored=0 released=3 failed=0" in line for line in log), log
    assert news.hits("/news/3") == 0  # nothing new is asked for once the watch stops
    with Store(store) as db:
        con = db.con
        # nothing half-written: no claims left, the unread items forgotten (new again),
        # every stored item has its document, and the corpus tables have them all
        assert con.execute(
            "SELECT count(*) FROM feed_items WHERE claimed_at IS NOT NULL"
        ).fetchall() == [(0,)]
        assert con.execute("SELECT item_key, status FROM feed_items ORDER BY 1").fetchall() == [
            ("0", "stored"),
            ("1", "stored"),
        ]
        assert con.execute(
            "SELECT count(*) FROM feed_items i JOIN documents d ON d.id = i.article_id"
        ).fetchall() == [(2,)]
        assert con.execute("SELECT count(*) FROM corpus_documents").fetchall() == [(2,)]
    # a later watch (another process, in effect) takes up exactly what was left
    again, again_log = watcher([feed], store, analyzer)
    with again:
        again.round()
    assert again_log.polls(feed) == ["200 items=5 new=3 stored=3 failed=0"]
    assert [news.hits(f"/news/{n}") for n in range(5)] == [1, 1, 2, 1, 1]


def _line_with(lines: queue.Queue[str], text: str, proc: subprocess.Popen) -> str:
    """The next stderr line of `proc` containing `text` (the model takes seconds to load)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1).rstrip("\n")
        except queue.Empty:
            assert proc.poll() is None, f"watch exited with {proc.returncode}"
            continue
        if text in line:
            return line
    raise AssertionError(f"no line with {text!r} from the watch")
