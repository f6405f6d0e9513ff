"""A lake's bad parts are named, never a traceback (no Ray needed)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.scale.lake import load_lake
from realpolitik.store import Store, StoreError


def test_an_unreadable_manifest_is_named_and_skipped(tmp_path):
    lake = tmp_path / "lake[2016]"
    (lake / "_runs").mkdir(parents=True)
    (lake / "_runs" / "broken.json").write_text("{not json")
    with Store(tmp_path / "news.duckdb") as db:
        result = load_lake(lake, db)
    assert result.documents == 0 and [p for p, _ in result.unreadable] == [
        str(lake / "_runs" / "broken.json")
    ]
    loaded = CliRunner().invoke(app, ["load", str(lake), "--store", str(tmp_path / "s.duckdb")])
    assert loaded.exit_code == 1 and "broken.json: not a readable run manifest" in loaded.output
    assert "lake[2016]" in loaded.output  # a path, not rich markup
    with pytest.raises(StoreError, match="broken.json"):
        Store(lake)


def test_a_binary_url_list_fails_by_name(tmp_path):
    listed = tmp_path / "links[draft].urls"
    listed.write_bytes(b"\x00\x01\x02binary\x00\x00" * 10)
    done = CliRunner().invoke(app, ["extract", str(listed)])
    assert done.exit_code == 1
    assert "links[draft].urls: binary data, not text or HTML" in done.output
