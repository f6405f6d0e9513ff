"""`realpolitik report` end to end: real files, real model, real store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()

TALKS = (
    "Kremlin welcomes talks\n\n"
    "The Kremlin welcomed Donald Trump's overtures to reopen dialogue with Russia. "
    'Dmitry Peskov said, "We are ready to talk to Washington."\n'
)
SANCTIONS = (
    "Moscow condemns sanctions\n\n"
    "Russia condemned the United States over new sanctions. The Kremlin accused Washington "
    "of hostility. Sergei Lavrov said that Moscow would respond.\n"
)


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_report_on_the_example_as_html(tmp_path, example_path):
    out = tmp_path / "report.html"
    res = run(
        "report",
        example_path,
        "--published",
        "2025-03-07",
        "--focus",
        "RUS",
        "--format",
        "html",
        "-o",
        out,
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Opportunities and risks for Russia</title>" in html
    assert "The Putin-Trump Dynamic" in html and "7 March 2025" in html
    assert "<svg" in html and "RUSGOV" in html
    assert "<script" not in html and not re.search(r'\ssrc="https?:', html)
    assert "<h2>Timeline" not in html  # a single article
    assert "1 document(s) reported, no failures." in res.stderr


def test_report_as_markdown_to_stdout_with_a_named_focus(example_path):
    res = run("report", example_path, "--published", "2025-03-07", "--focus", "Putin", "-q")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# Opportunities and risks for Vladimir Putin\n")
    assert "(`RUSGOV`)" in res.stdout and "## Actor network" in res.stdout
    assert res.stderr == ""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store with two analyzed articles, published four days apart."""
    folder = tmp_path_factory.mktemp("store")
    path = folder / "news.duckdb"
    for name, text, day in (
        ("talks.txt", TALKS, "2025-03-01"),
        ("sanctions.txt", SANCTIONS, "2025-03-05"),
    ):
        (folder / name).write_text(text, encoding="utf-8")
        res = run("analyze", folder / name, "--published", day, "--store", path, "-q")
        assert res.exit_code == 0, res.output
    return path


def test_report_on_a_store_has_a_timeline(store, tmp_path):
    out = tmp_path / "corpus.html"
    res = run("report", "--store", store, "--focus", "Russia", "--format", "html", "-o", out, "-q")
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<h2>Timeline</h2>" in html and html.count("<svg") == 2
    assert "RUS ↔ USA" in html
    assert "2 articles" in html and "1 – 5 March 2025" in html

    res = run("report", "--store", store, "--focus", "RUS", "-q")
    assert "## Timeline (per day)" in res.stdout
    assert re.search(r"\| RUS–USA \(United States\) \| 2025-03-05 \| 0 \| \d+ \|", res.stdout)


def test_report_on_a_store_in_a_date_range(store):
    res = run("report", "--store", store, "--focus", "RUS", "--since", "2025-03-02", "-q")
    assert res.exit_code == 0, res.output
    assert "**Articles:** 1" in res.stdout and "Moscow condemns sanctions" in res.stdout
    assert "## Timeline" not in res.stdout

    res = run("report", "--store", store, "--focus", "RUS", "--since", "2026-01-01")
    assert res.exit_code == 1
    assert "no documents" in res.stderr and "2026-01-01" in res.stderr


def test_a_bad_focus_is_a_usage_error(tmp_path):
    res = run("report", "--store", tmp_path / "s.duckdb", "--focus", "Xyzzyland")
    assert res.exit_code == 2
    assert "unknown focus 'Xyzzyland'" in res.stderr
    assert "realpolitik actors lookup" in res.stderr


def test_a_bad_date_is_a_usage_error(tmp_path):
    res = run("report", "--store", tmp_path / "s.duckdb", "--focus", "RUS", "--since", "last week")
    assert res.exit_code == 2
    assert "--since 'last week' is not a date" in res.stderr


def test_a_missing_store_is_named(tmp_path):
    res = run("report", "--store", tmp_path / "none.duckdb", "--focus", "RUS")
    assert res.exit_code == 2
    assert "none.duckdb" in res.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_bad_inputs_are_named_and_the_rest_reported(tmp_path):
    good = tmp_path / "talks.txt"
    good.write_text(TALKS, encoding="utf-8")
    out = tmp_path / "r.md"
    res = run(
        "report",
        tmp_path / "missing.txt",
        good,
        "--published",
        "2025-03-01",
        "--focus",
        "RUS",
        "-o",
        out,
    )
    assert res.exit_code == 1
    assert "missing.txt" in res.stderr and "1 input(s) failed" in res.stderr
    assert "Kremlin welcomes talks" in out.read_text(encoding="utf-8")


def test_inputs_are_stored_with_store(tmp_path):
    from realpolitik.store import Store

    good = tmp_path / "talks.txt"
    good.write_text(TALKS, encoding="utf-8")
    path = tmp_path / "s.duckdb"
    res = run("report", good, "--published", "2025-03-01", "--focus", "RUS", "--store", path, "-q")
    assert res.exit_code == 0, res.output
    with Store(path, read_only=True) as db:
        assert [d.title for d in db.documents()] == ["Kremlin welcomes talks"]


def test_report_as_json_is_the_brief(store):
    import json

    res = run("report", "--store", store, "--focus", "RUS", "--format", "json", "-q")
    assert res.exit_code == 0, res.output
    brief = json.loads(res.stdout)
    assert brief["focus"]["code"] == "RUS" and brief["counts"]["documents"] == 2
    assert {"opportunities", "risks", "factions"} <= set(brief["assessment"])
    assert brief["timeline"]  # two dates


def test_a_corpus_report_on_undated_documents_is_a_usage_error(tmp_path):
    """Files without dates make a store with no time axis: the corpus report says so (it
    was a TypeError traceback)."""
    for name, text in (("talks.txt", TALKS), ("sanctions.txt", SANCTIONS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "s.duckdb"
    res = run("analyze", tmp_path / "talks.txt", tmp_path / "sanctions.txt", "--store", path, "-q")
    assert res.exit_code == 0, res.output
    res = run("report", "--store", path, "--corpus", "--focus", "Russia", "-o", tmp_path / "r.html")
    assert res.exit_code == 2
    assert "none of the 2 documents has a publication date" in res.output
    assert not (tmp_path / "r.html").exists()
