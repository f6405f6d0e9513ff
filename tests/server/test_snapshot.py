"""The dashboard beside a writer: it reads a snapshot, never blocks the writer, never
corrupts, and shows new documents once the writer lets go. Real processes, real locks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from realpolitik.server import Snapshot, StoreBusy, create_app
from realpolitik.store import Store

from .dashboard_fixtures import LiveServer

CLI = str(Path(sys.executable).parent / "realpolitik")


def hold_for_writing(path: Path, flag: Path) -> subprocess.Popen:
    """A process holding the store open for writing until `flag` appears."""
    code = textwrap.dedent(
        f"""
        import os, time
        from realpolitik.store import Store
        db = Store({str(path)!r})
        print("holding", flush=True)
        while not os.path.exists({str(flag)!r}):
            time.sleep(0.05)
        db.close()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def wait_for(check, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def test_pages_keep_the_last_snapshot_while_a_writer_holds_the_store(store_copy, tmp_path):
    snap = Snapshot(store_copy)
    try:
        assert snap.refresh()
        with snap.reader() as db:
            [(n,)] = db.con.execute("SELECT count(*) FROM corpus_documents").fetchall()
        flag = tmp_path / "release"
        writer = hold_for_writing(store_copy, flag)
        store_copy.touch()  # the file changed: a refresh would copy it, if it could
        assert snap.refresh() is False
        status = snap.status()
        assert (
            status["writer_active"]
            and status["stale"]
            and "held by process" in str(status["writer"])
        )
        with snap.reader() as db:  # still served, from the copy
            assert db.con.execute("SELECT count(*) FROM corpus_documents").fetchall() == [(n,)]
        flag.touch()
        assert writer.wait(timeout=60) == 0
        assert snap.refresh() is True
        assert snap.status()["writer_active"] is False
    finally:
        snap.close()


def test_no_snapshot_yet_and_a_writer_holds_the_store_is_a_503(store_copy, tmp_path):
    flag = tmp_path / "release"
    writer = hold_for_writing(store_copy, flag)
    snap = Snapshot(store_copy)
    try:
        with pytest.raises(StoreBusy, match="being written"):
            with snap.reader():
                pass
        with LiveServer(create_app(snap)) as server:
            r = httpx.get(server.url + "/overview.json", timeout=30)
            assert r.status_code == 503 and r.headers["retry-after"] == "5"
            assert "retry" in r.json()["error"]
            flag.touch()
            assert writer.wait(timeout=60) == 0
            assert httpx.get(server.url + "/overview.json", timeout=60).status_code == 200
    finally:
        flag.touch()
        snap.close()


def test_a_writer_waits_for_the_snapshots_short_lock_instead_of_failing(store_copy):
    reader = duckdb.connect(str(store_copy), read_only=True)  # as a snapshot copy holds it
    code = f"from realpolitik.store import Store\nStore({str(store_copy)!r}).close()\nprint('ok')"
    writer = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(1.0)  # the writer is now waiting on the lock
    assert writer.poll() is None
    reader.close()
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert out.strip() == "ok"


def test_a_writer_that_waits_too_long_gets_a_clear_error(store_copy):
    reader = duckdb.connect(str(store_copy), read_only=True)
    try:
        code = (
            "from realpolitik.store import Store, StoreError\n"
            f"try:\n    Store({str(store_copy)!r}, lock_wait=0.3)\n"
            "except StoreError as e:\n    print(e)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        ).stdout
        assert "cannot open store" in out and "lock" in out
    finally:
        reader.close()


def test_serve_beside_analyze_writing_the_same_store(store_copy, tmp_path):
    """The real thing: `realpolitik analyze --store` writes while the dashboard serves; the
    writer is never refused and the new document appears on the dashboard afterwards."""
    snap = Snapshot(store_copy)
    snap.refresh()
    snap.start(every=0.2)
    text = tmp_path / "new.txt"
    text.write_text(
        "Emmanuel Macron met Vladimir Putin in Moscow on Monday. Macron urged Putin to accept "
        "a ceasefire in Ukraine, and Putin rejected the proposal.",
        encoding="utf-8",
    )
    try:
        with (
            LiveServer(create_app(snap)) as server,
            httpx.Client(base_url=server.url, timeout=60) as http,
        ):
            before = http.get("/overview.json").json()["period"]["documents"]
            analyze = subprocess.Popen(
                [
                    CLI,
                    "analyze",
                    str(text),
                    "--store",
                    str(store_copy),
                    "--published",
                    "2025-11-03",
                    "--output",
                    str(tmp_path / "out.jsonl"),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            while analyze.poll() is None:  # the dashboard answers all along
                assert http.get("/overview.json").status_code == 200
                time.sleep(0.2)
            assert analyze.returncode == 0, analyze.stderr.read()
            wait_for(
                lambda: http.get("/-/status.json").json()["documents"] == before + 1,
                "the new document on the dashboard",
            )
            assert http.get("/overview.json").json()["period"]["documents"] == before + 1
    finally:
        snap.close()
    with Store(store_copy, read_only=True) as db:  # and the store itself is sound
        assert db.counts()["documents"] == before + 1
