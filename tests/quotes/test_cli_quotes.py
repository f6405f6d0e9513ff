"""`realpolitik quotes --actor NAME` over a real DuckDB store."""

import json

import pytest
from typer.testing import CliRunner

from realpolitik import analyze
from realpolitik.cli import app
from realpolitik.store import Store

runner = CliRunner()

MOSCOW = (
    "Kremlin warns Kyiv\n\n"
    "Kremlin spokesman Dmitry Peskov said that the talks would continue next week. "
    "“We are ready for dialogue,” Peskov told reporters."
)
KYIV = (
    "Zelensky answers\n\n"
    "Ukrainian President Volodymyr Zelensky said that Ukraine would never accept the terms."
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "quotes.duckdb"
    docs = [
        analyze(MOSCOW, published="2025-03-01", title="Kremlin warns Kyiv", source="TASS"),
        analyze(KYIV, published="2025-03-05", title="Zelensky answers", source="Kyiv Post"),
    ]
    with Store(path) as db:
        db.add_documents(docs)
    return path


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_quotes_by_actor_name_json(store_path):
    result = run("quotes", "--actor", "Peskov", "--store", store_path, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    assert {r["actor_name"] for r in rows} == {"Dmitry Peskov"}
    assert {r["code"] for r in rows} == {"RUSGOV"}
    assert all(r["title"] == "Kremlin warns Kyiv" and r["source"] == "TASS" for r in rows)
    assert all(r["published"] == "2025-03-01" for r in rows)
    contents = [r["content"] for r in rows]
    assert "that the talks would continue next week" in contents
    assert "“We are ready for dialogue,”" in contents


def test_quotes_by_code_and_date_range(store_path):
    rows = json.loads(
        run("quotes", "--actor", "UKRGOV", "--store", store_path, "-f", "json").stdout
    )
    assert [r["content"] for r in rows] == ["that Ukraine would never accept the terms"]
    later = run(
        "quotes",
        "--actor",
        "Peskov",
        "--store",
        store_path,
        "--since",
        "2025-03-02",
        "-f",
        "json",
    )
    assert json.loads(later.stdout) == []


def test_quotes_table_names_document_and_speaker(store_path):
    result = run("quotes", "--actor", "zelensky", "--store", store_path)
    assert result.exit_code == 0
    assert "Zelensky answers" in result.stdout
    assert "Kyiv Post" in result.stdout
    assert "2025-03-05" in result.stdout


def test_bad_date_is_a_clear_error(store_path):
    result = runner.invoke(
        app, ["quotes", "--actor", "x", "--store", str(store_path), "--since", "March"]
    )
    assert result.exit_code == 2
    assert "--since" in result.output
