"""The command line under bad input (issue 15): no traceback, the input named, the rest of the
run goes on, nothing lost, a non-zero exit with a summary.

Real files, a real local HTTP server, real DuckDB stores; the `realpolitik` CLI through typer's
runner, and as a subprocess where a signal or a fresh environment is the point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.cli.common import Run, output_to
from realpolitik.records import Article, Document
from realpolitik.settings import Settings, SettingsError
from realpolitik.sources import Failure
from realpolitik.store import Store
from realpolitik.store.migrations import MIGRATIONS, SCHEMA_VERSION, schema_version

runner = CliRunner()
CLI = Path(sys.executable).with_name("realpolitik")


def run(*args: object, env: dict[str, str] | None = None):
    # catch_exceptions=False: a traceback fails the test instead of becoming an exit code
    return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def no_part_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Inputs whose names or values look like rich markup, and one good one."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text("The Kremlin welcomed talks with Washington on Monday, officials said.\n")
    empty = folder / "empty [draft].txt"
    empty.write_text("")
    rows = folder / "rows.jsonl"
    rows.write_text(
        json.dumps({"text": "Russia urged Ukraine to talk on Monday.", "published": "[/b]"})
        + "\n"
        + json.dumps({"text": "China warned Japan on Tuesday.", "published": "2024-01-02"})
        + "\n"
    )
    return {"good": good, "empty": empty, "rows": rows, "missing": folder / "nope[/].txt"}


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    """A store with two documents, one titled like markup (no model needed)."""
    path = tmp_path / "rp.duckdb"
    with Store(path) as db:
        db.add_documents(
            [
                Document(id="doc[/b]1", text="Talks.", title="Notes [/b] on [red]talks"),
                Document(id="plain2", text="More talks.", title="Plain", published="2024-01-02"),
            ]
        )
    return path


# --- 1. text from outside is printed as text, never as rich markup ---------------------------


def test_markup_in_input_names_and_values_is_printed_whole(inputs, tmp_path, site):
    url = site.page("/a?q=[/]", "nothing", status=404)
    out = tmp_path / "out.jsonl"
    res = run(
        "extract", inputs["missing"], inputs["empty"], inputs["rows"], inputs["good"], url,
        "-o", out, "--quiet",
    )  # fmt: skip
    assert res.exit_code == 1
    for name in ("nope[/].txt", "empty [draft].txt", "'[/b]'", "?q=[/]"):
        assert name in res.stderr, name
    assert "4 input(s) failed, 2 article(s) extracted" in res.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["path"] for r in rows] == [f"{inputs['rows']}:2", str(inputs["good"])]


def test_markup_in_inputs_does_not_stop_storing_the_good_ones(inputs, tmp_path):
    store = tmp_path / "rp.duckdb"
    res = run("ingest", *inputs.values(), "--store", store)
    assert res.exit_code == 1
    assert "nope[/].txt" in res.stderr and "empty [draft].txt" in res.stderr
    with Store(store, read_only=True) as db:
        assert db.counts()["articles"] == 2  # good.txt and the second row


def test_markup_in_stored_titles_and_ids(store_path):
    listed = run("show", "--store", store_path)
    assert listed.exit_code == 0
    assert "Notes [/b] on [red]talks" in listed.stdout and "doc[/b]1" in listed.stdout
    shown = run("show", "doc[/b]", "--store", store_path)
    assert shown.exit_code == 0 and "Notes [/b] on [red]talks" in shown.stdout
    missing = run("show", "[/]", "--store", store_path)
    assert missing.exit_code == 1 and "no document '[/]'" in missing.stderr


# --- notes: worth knowing, not failures ------------------------------------------------------


def test_notes_are_printed_listed_and_do_not_change_the_exit_code(capsys):
    run_ = Run(quiet=False)
    art = Article(text="x", id="a1", origin="feed [/].xml#3", extra={"warnings": ["cut [/b]"]})
    assert list(run_.articles([art, Article(text="y", id="a2")])) == [art, Article("y", "a2")]
    run_.note("rows.jsonl:2", "date guessed from the URL")
    run_.done = 2
    run_.finish("document(s) analyzed")  # no failures: returns, exit code 0
    err = capsys.readouterr().err
    assert "note feed [/].xml#3: cut [/b]" in err
    assert "2 note(s):" in err and "  - rows.jsonl:2: date guessed from the URL" in err
    assert "2 document(s) analyzed, no failures." in err


def test_notes_are_listed_beside_failures(capsys):
    run_ = Run(quiet=True)
    run_.note("a.txt", "no date")
    run_.fail(Failure("b [/i].txt", "empty file"))
    with pytest.raises(typer.Exit) as stop:
        run_.finish("x")
    assert stop.value.exit_code == 1
    err = capsys.readouterr().err
    assert "note a.txt" not in err  # quiet: not as it happens, but in the summary
    assert "1 note(s):\n  - a.txt: no date" in err and "  - b [/i].txt: empty file" in err


# --- 2. usage errors, not tracebacks; checked before any work --------------------------------


@pytest.mark.parametrize(
    "options",
    [
        ["--published", "notadate"],
        ["--batch-size", "-3"],
        ["--batch-size", "0"],
        ["--workers", "0"],
        ["--max-bytes", "0"],
        ["--max-bytes", "-1"],
        ["--focus", ""],
        ["--format", "xml"],
    ],
)
def test_bad_analyze_options_exit_2_before_the_store_is_made(options, inputs, tmp_path):
    store = tmp_path / "new.duckdb"
    res = run("analyze", inputs["good"], "--store", store, *options)
    assert res.exit_code == 2, res.output
    assert not store.exists()  # checked before the store (and the model) was opened


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REALPOLITIK_TIMEOUT", "abc"),
        ("REALPOLITIK_TIMEOUT", "-1"),
        ("REALPOLITIK_MAX_BYTES", "abc"),
        ("REALPOLITIK_MAX_BYTES", "-5"),
        ("REALPOLITIK_MAX_BYTES", "0"),
        ("REALPOLITIK_MAX_BYTES", "1e3"),
        ("REALPOLITIK_LOCK_WAIT", "soon"),
        ("REALPOLITIK_ALLOW_PRIVATE", "maybe"),
    ],
)
def test_a_bad_environment_variable_is_a_usage_error(name, value, inputs):
    res = run("extract", inputs["good"], env={name: value})
    assert res.exit_code == 2
    assert f"{name}={value!r}" in res.stderr and res.stdout == ""


def test_environment_numbers_and_flags_are_read_or_refused(monkeypatch):
    monkeypatch.setenv("REALPOLITIK_MAX_BYTES", " 4096 ")
    monkeypatch.setenv("REALPOLITIK_TIMEOUT", "2.5")
    monkeypatch.setenv("REALPOLITIK_ALLOW_PRIVATE", "yes")
    monkeypatch.setenv("REALPOLITIK_STORE", "")  # set but empty: the default
    settings = Settings()
    assert (settings.max_bytes, settings.timeout, settings.allow_private) == (4096, 2.5, True)
    assert settings.store == "realpolitik.duckdb"
    monkeypatch.setenv("REALPOLITIK_TIMEOUT", "nan")
    with pytest.raises(SettingsError, match="REALPOLITIK_TIMEOUT='nan'"):
        Settings()


def test_a_bad_environment_variable_in_a_fresh_process_names_itself(inputs):
    env = dict(os.environ, REALPOLITIK_TIMEOUT="abc")
    done = subprocess.run(
        [CLI, "extract", inputs["good"]], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "REALPOLITIK_TIMEOUT='abc'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("target", ["folder", "/proc/x", "file/below"])
def test_an_output_that_cannot_be_written_is_a_usage_error(target, inputs, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("a file, not a folder")
    out = target if target.startswith("/") else tmp_path / target
    res = run("extract", inputs["good"], "-o", out)
    assert res.exit_code == 2 and "error" in res.stderr
    assert (tmp_path / "file").read_text() == "a file, not a folder"


def test_export_checks_its_target_before_opening_the_store(store_path, tmp_path):
    regular = tmp_path / "tables.parquet"
    regular.write_text("keep me")
    res = run("export", regular, "--store", store_path, "--format", "parquet")
    assert res.exit_code == 2 and "is a file" in res.stderr
    assert regular.read_text() == "keep me"
    res = run("export", tmp_path / "x", "--store", store_path, "-f", "csv", "--factual-only")
    assert res.exit_code == 2 and not (tmp_path / "x").exists()


# --- 3. an output file is replaced whole, or kept ----------------------------------------------


def test_an_earlier_output_is_kept_when_every_input_fails(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"earlier": true}\n')
    res = run("extract", inputs["missing"], inputs["empty"], "-o", out)
    assert res.exit_code == 1
    assert out.read_text() == '{"earlier": true}\n'
    assert "not written" in res.stderr and no_part_files(tmp_path)
    res = run("extract", inputs["missing"], inputs["good"], "-o", out)  # some output: replaced
    assert res.exit_code == 1
    assert [json.loads(x)["path"] for x in out.read_text().splitlines()] == [str(inputs["good"])]
    assert no_part_files(tmp_path)


def test_an_output_file_is_not_touched_by_a_run_that_stops(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("the earlier report")
    with pytest.raises(KeyError), output_to(out) as fh:
        fh.write("half a report")
        raise KeyError("stopped")
    assert out.read_text() == "the earlier report" and no_part_files(tmp_path)
    with output_to(out) as fh:
        fh.write("the new report")
    assert out.read_text() == "the new report" and oct(out.stat().st_mode & 0o777) != "0o600"


def test_export_replaces_its_files_whole(store_path, tmp_path):
    out = tmp_path / "docs.jsonl"
    out.write_text("earlier\n")
    assert run("export", out, "--store", store_path, "-f", "jsonl", "-q").exit_code == 0
    assert len(out.read_text().splitlines()) == 2
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "mine.txt").write_text("not ours")
    assert run("export", folder, "--store", store_path, "-f", "csv", "-q").exit_code == 0
    assert (folder / "documents.csv").exists() and (folder / "mine.txt").read_text() == "not ours"
    assert no_part_files(tmp_path) and no_part_files(folder)


# --- 4. reading commands never create a store ---------------------------------------------------

READERS = [
    ["show"],
    ["show", "--last"],
    ["export", "OUT"],
    ["quotes", "--actor", "Putin"],
    ["quotes"],
    ["report", "--focus", "RUS"],
    ["dyads"],
    ["changes"],
    ["stances"],
    ["outlets", "--focus", "RUS"],
    ["search", "talks"],
    ["actors", "top"],
    ["corpus", "stories"],
    ["corpus", "build"],
    ["serve"],
]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_reading_command_with_no_store_exits_2_and_creates_none(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REALPOLITIK_STORE", raising=False)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    typo = tmp_path / "typo.duckdb"
    res = run(*args, "--store", typo)
    assert res.exit_code == 2 and f"no store at {typo}" in res.stderr
    res = run(*args)  # no --store, none here
    assert res.exit_code == 2 and "no store at realpolitik.duckdb" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["folder", "text", "empty"])
@pytest.mark.parametrize("command", [["show"], ["export", "OUT"], ["dyads"], ["ingest", "IN"]])
def test_a_store_that_is_not_one_is_a_clear_error(kind, command, inputs, tmp_path):
    bad = tmp_path / "bad.duckdb"
    if kind == "folder":
        bad.mkdir()
    elif kind == "text":
        bad.write_text("this is not a database\n")
    else:
        bad.write_bytes(b"")
    args = [{"OUT": str(tmp_path / "out"), "IN": str(inputs["good"])}.get(a, a) for a in command]
    res = run(*args, "--store", bad)
    assert res.exit_code == 2 and str(bad.name) in res.stderr
    assert "not a store" in res.stderr or "not a valid DuckDB" in res.stderr
    if kind == "text":
        assert bad.read_text() == "this is not a database\n"  # left as it was


def test_an_older_store_is_read_without_being_migrated(tmp_path):
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))  # the schema of the version before the current one
    for m in MIGRATIONS[:-1]:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            " name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        con.execute(m.sql)
        if m.backfill is not None:
            m.backfill(con)
        con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [m.version, m.name])
    con.close()
    before = old.read_bytes()
    res = run("show", "--store", old)
    assert res.exit_code == 0 and "Documents" in res.stdout
    assert run("export", tmp_path / "o.jsonl", "--store", old, "-f", "jsonl").exit_code == 0
    assert old.read_bytes() == before  # the user's file is not migrated by a reader
    con = duckdb.connect(str(old), read_only=True)
    assert schema_version(con) == SCHEMA_VERSION - 1
    con.close()


# --- 5. Ctrl-C during analyze with a store ---------------------------------------------------


def test_ctrl_c_during_analyze_keeps_what_is_stored(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i}.txt").write_text(
            f"Talks {i}\n\nPresident Putin met Chancellor Scholz in Berlin on Monday {i}. "
            "The Kremlin said Russia welcomed the talks and urged Ukraine to negotiate.\n"
        )
    store, out = tmp_path / "rp.duckdb", tmp_path / "docs.jsonl"
    out.write_text("earlier\n")
    proc = subprocess.Popen(
        [CLI, "analyze", folder, "--store", store, "--workers", "2", "-o", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 300
        while not any(p.stat().st_size for p in tmp_path.glob(".docs.jsonl.*.part")):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err and "run again to resume" in err
    assert out.read_text() == "earlier\n" and no_part_files(tmp_path)
    with Store(store, read_only=True) as db:
        counts = db.counts()
    assert f"{counts['documents']} document(s) stored" in err
    assert counts["articles"] >= counts["documents"]
