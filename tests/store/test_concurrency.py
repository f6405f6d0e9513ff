"""Several processes on one store (docs/concurrency.md), with real processes: the CLI as a
subprocess, and DuckDB's own file lock. A writer opens the file only to commit a batch;
everyone who finds it held waits (saying so), and a wait that runs out is a clear error."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import duckdb
import pytest

from realpolitik.records import Actor, Article, Document, Mention
from realpolitik.store import Store
from tests.local_server import serving

CLI = str(Path(sys.executable).with_name("realpolitik"))
WAIT = 120  # seconds a test waits for a process before it counts as hung

LEADERS = [
    "Vladimir Putin",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Xi Jinping",
    "Narendra Modi",
    "Recep Tayyip Erdogan",
    "Joe Biden",
    "Volodymyr Zelensky",
]
PLACES = ["Moscow", "Paris", "Berlin", "Beijing", "New Delhi", "Ankara", "Geneva", "Kyiv"]
ASKS = ["a ceasefire", "new sanctions", "a grain deal", "talks on energy", "a prisoner swap"]
ANSWERS = ["rejected the proposal", "welcomed the plan", "asked for more time", "said nothing"]


def text(n: int) -> str:
    """A short political news text, distinct from every other `n` (never a near-duplicate)."""
    r = random.Random(n)
    a, b = r.sample(LEADERS, 2)
    return (
        f"{a} met {b} in {r.choice(PLACES)} on day {n} of the crisis. {a} urged {b} to accept "
        f"{r.choice(ASKS)}, and {b} {r.choice(ANSWERS)}. Officials called meeting number {n} "
        f"{r.choice(['tense', 'useful', 'long', 'frank'])}."
    )


def write_texts(folder: Path, numbers: range) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"t{n:03d}.txt"
        path.write_text(text(n), encoding="utf-8")
        paths.append(str(path))
    return paths


def env(**extra: str) -> dict[str, str]:
    """The test's environment for a CLI process: wide lines (messages unbroken), the local
    server allowed, extras."""
    return {
        **os.environ,
        "COLUMNS": "1000",
        "REALPOLITIK_TIMEOUT": "60",
        "REALPOLITIK_ALLOW_PRIVATE": "1",
        **extra,
    }


def start(*args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=WAIT)
    return proc.returncode, out, err


def can_open(path: Path) -> bool:
    """Whether another process can open the store's file (read-only, without waiting)."""
    code = f"import duckdb\nduckdb.connect({str(path)!r}, read_only=True).close()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def rows(path: Path, query: str) -> list[tuple]:
    with Store(path, read_only=True) as db:
        return db.con.execute(query).fetchall()


class Gate:
    """A page the test holds back: an `analyze` reading it waits, with the store released,
    until the test opens the gate."""

    def __init__(self, body: str) -> None:
        self.asked = threading.Event()
        self.opened = threading.Event()
        self.body = body.encode("utf-8")

    @contextmanager
    def serving(self) -> Iterator[str]:
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                gate.asked.set()
                gate.opened.wait(WAIT)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(gate.body)))
                self.end_headers()
                self.wfile.write(gate.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        try:
            with serving(Handler) as base:
                yield f"{base}/held-back.html"
        finally:
            self.opened.set()


def page(n: int) -> str:
    return (
        f"<html><head><title>Meeting {n}</title></head><body><article>"
        f"<h1>Meeting {n}</h1><p>{text(n)}</p><p>{text(n + 1000)}</p></article></body></html>"
    )


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with two documents (made by hand: no model loaded in the test process), copied
    by each test that writes."""
    path = tmp_path_factory.mktemp("stored") / "news.duckdb"
    putin = "Vladimir Putin"
    docs = []
    for day, n in enumerate((897, 903), start=1):  # texts that name him
        at = text(n).index(putin)
        mention = Mention(at, at + len(putin), putin)
        actor = Actor("a1", putin, "RUSGOV", country="RUS", kind="person", mentions=[mention])
        docs.append(Document(f"seed-{n}", text(n), published=f"2025-03-0{day}", actors=[actor]))
    with Store(path) as db:
        db.add_documents(docs)
    return path


def copy_of(stored: Path, tmp_path: Path) -> Path:
    target = tmp_path / "news.duckdb"
    target.write_bytes(stored.read_bytes())
    return target


# --- the store's file between batches -----------------------------------------------------


def test_a_store_that_does_not_hold_its_file_lets_other_processes_in_between(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path):
        assert not can_open(path)  # by default the file is held while the store is open
    db = Store(path, hold=False)
    try:
        db.release()
        assert can_open(path)
        db.add_articles([Article(text=text(1), origin="a.txt")])  # opens, commits, closes
        assert can_open(path)
        with db.held():  # reads and the writes that depend on them: nobody in between
            db.add_articles([Article(text=text(2), origin="b.txt")])
            assert not can_open(path)
        assert can_open(path)
        assert sum(1 for _ in db.articles()) == 2  # reading pages opens it again, then lets go
        assert can_open(path)
    finally:
        db.close()
    with pytest.raises(Exception, match="closed"):
        db.counts()


# --- writers and readers together -----------------------------------------------------------


def test_while_analyze_runs_another_analyze_show_and_report_all_get_in(stored, tmp_path):
    """The first run is held back mid-run by a page it reads, as a long run would be. The
    second, started with it, finishes meanwhile instead of failing or waiting for the whole
    first run; `show` and `report` read the store; then the first run finishes, and every
    document of both is stored once."""
    path = copy_of(stored, tmp_path)
    shared = tmp_path / "shared.txt"  # read by both runs: stored and analyzed once
    shared.write_text(text(500), encoding="utf-8")

    def analyze(name: str, numbers: range, *more: str) -> subprocess.Popen[str]:
        return start(
            "analyze",
            *write_texts(tmp_path / name, numbers),
            str(shared),
            *more,
            "--store",
            str(path),
            "--workers",
            "1",
            "--output",
            str(tmp_path / f"{name}.jsonl"),
        )

    gate = Gate(page(9))
    with gate.serving() as url:
        first, second = analyze("first", range(0, 4), url), analyze("second", range(100, 104))
        assert gate.asked.wait(WAIT), "the first run never asked for the page"
        runs = [finish(second)]
        show = subprocess.run(
            [CLI, "show", "--store", str(path)], capture_output=True, text=True, env=env()
        )
        report = subprocess.run(
            [CLI, "report", "--store", str(path), "--focus", "RUS"],
            capture_output=True,
            text=True,
            env=env(),
        )
        assert first.poll() is None  # all of that while the first run was running
        gate.opened.set()
        runs.append(finish(first))
    for code, _, err in runs:
        assert code == 0, err
        assert "Traceback" not in err
    assert show.returncode == 0, show.stderr
    assert "Documents" in show.stdout and "Meeting 9" not in show.stdout  # not stored yet
    assert report.returncode == 0, report.stderr
    assert "Vladimir Putin" in report.stdout
    [(articles, ids, originals)] = rows(
        path,
        "SELECT count(*), count(DISTINCT id), count(*) FILTER (duplicate_of IS NULL) FROM articles",
    )
    assert articles == ids == originals == 2 + 4 + 4 + 1 + 1  # seeds, texts, shared, page
    [(documents, doc_ids)] = rows(path, "SELECT count(*), count(DISTINCT id) FROM documents")
    assert documents == doc_ids == articles
    [(shared_rows,)] = rows(path, f"SELECT count(*) FROM articles WHERE origin = '{shared}'")
    assert shared_rows == 1


def test_a_reader_waits_for_the_writer_and_says_so(stored, tmp_path):
    path = copy_of(stored, tmp_path)
    writer = duckdb.connect(str(path))  # another process's write, as far as `show` can tell
    try:
        show = start("show", "--store", str(path))
        said = ""
        while show.stderr and (line := show.stderr.readline()):
            said += line
            if "waiting up to" in line:
                break
        assert f"store {path} is in use by another process" in said
        assert "waiting up to 60 s" in said  # a reader's default wait
    finally:
        writer.close()
    code, out, err = finish(show)
    assert code == 0, said + err
    assert "Documents" in out


# --- a wait that runs out --------------------------------------------------------------------


def test_a_reader_whose_wait_runs_out_gets_a_clear_error(stored, tmp_path):
    path = copy_of(stored, tmp_path)
    writer = duckdb.connect(str(path))
    try:
        code, out, err = finish(start("show", "--store", str(path), REALPOLITIK_LOCK_WAIT="0.5"))
    finally:
        writer.close()
    assert code == 2
    assert "Traceback" not in err
    assert f"cannot open store {path}: it is in use by another process" in err
    assert "REALPOLITIK_LOCK_WAIT" in err


def test_an_analyze_whose_wait_runs_out_stops_cleanly_and_says_how_to_go_on(stored, tmp_path):
    path = copy_of(stored, tmp_path)
    gate = Gate(page(8))
    with gate.serving() as url:
        analyze = start(
            "analyze",
            *write_texts(tmp_path / "texts", range(30, 32)),
            url,
            "--store",
            str(path),
            "--workers",
            "1",
            "--output",
            str(tmp_path / "out.jsonl"),
            REALPOLITIK_LOCK_WAIT="1",
        )
        assert gate.asked.wait(WAIT), "analyze never asked for the page"
        writer = duckdb.connect(str(path))  # taken while analyze reads its inputs
        try:
            gate.opened.set()
            code, _, err = finish(analyze)
        finally:
            writer.close()
    assert code == 1, err
    assert "Traceback" not in err
    assert f"cannot open store {path}: it is in use by another process" in err
    assert "The run stopped there" in err and "Run the same command again" in err
    [(articles, documents)] = rows(
        path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM documents)"
    )
    assert (articles, documents) == (2, 2)  # as before the run: nothing half-written
