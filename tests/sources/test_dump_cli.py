"""--columns and --date-order on the commands that read dumps."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app


def extract(*args: str):
    result = CliRunner().invoke(app, ["extract", *args])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, records


@pytest.mark.parametrize("command", ["extract", "ingest", "analyze"])
@pytest.mark.parametrize("spec", ["text", "body=text", "text=a,text=b"])
def test_bad_columns_syntax_is_a_usage_error_before_any_work(tmp_path: Path, command, spec):
    store = tmp_path / "s.duckdb"
    args = [command, str(tmp_path / "missing.jsonl"), "--columns", spec]
    if command != "extract":
        args += ["--store", str(store)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "--columns" in result.output
    assert not store.exists()  # nothing was done


def test_columns_and_date_order(tmp_path: Path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        json.dumps({"copy": "Putin met Xi.", "issued": "02/07/2017", "link": "https://e.org/1"})
        + "\n"
    )
    result, records = extract(str(p), "--columns", "text=copy,published=issued")
    assert result.exit_code == 1 and records == []
    assert "ambiguous date '02/07/2017'" in result.output and "--date-order" in result.output
    result, (record,) = extract(
        str(p), "--columns", "text=copy,published=issued", "--date-order", "dmy"
    )
    assert result.exit_code == 0, result.output
    assert (record["text"], record["published"], record["url"]) == (
        "Putin met Xi.",
        "2017-07-02",
        "https://e.org/1",
    )


def test_mapped_column_the_file_lacks_fails_the_run_by_name(tmp_path: Path):
    p = tmp_path / "d.csv"
    p.write_text("id,text\n1,Putin met Xi.\n")
    result, records = extract(str(p), "--columns", "published=issued")
    assert result.exit_code == 1 and records == []
    assert f"{p}: --columns maps published to 'issued'" in result.output


def test_bad_date_order_is_a_usage_error(tmp_path: Path):
    result, _ = extract(str(tmp_path / "x.jsonl"), "--date-order", "YMD")
    assert result.exit_code == 2
