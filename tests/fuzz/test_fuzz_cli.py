"""Fuzzing the CLI end to end (typer's runner, in process): `extract` and `ingest` over
generated files with hostile names (rich markup, spaces, newlines, quotes) and contents.

Property: the command exits 0 or 1, never with another exception, and every input is
accounted for: read (a record's path) or named on stderr. Budget: see test_fuzz_text.py.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.sources.reading import shown
from tests.fuzz.strategies import (
    any_bytes,
    any_html,
    encoded,
    fuzz,
    jsonl_line,
)

pytestmark = pytest.mark.fuzz
runner = CliRunner()

name_text = st.text(
    alphabet=st.sampled_from("abcXYZ019 []\\:*?\"'<>|()&;$`!#%{}\n\té€ж"), min_size=1, max_size=16
).filter(lambda n: n.strip(". ") != "")
SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ""]


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(SUFFIXES))
    if suffix == ".html":
        data = draw(
            st.one_of(any_html.map(lambda h: h.encode("utf-8", "surrogatepass")), any_bytes)
        )
    elif suffix == ".jsonl":
        lines = draw(st.lists(jsonl_line, max_size=4))
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
    else:
        data = draw(st.one_of(encoded(), any_bytes))
    return draw(name_text) + suffix, data


@fuzz
@given(
    files=st.lists(input_file(), min_size=1, max_size=4, unique_by=lambda f: f[0]),
    command=st.sampled_from(["extract", "ingest"]),
)
def test_every_input_is_read_or_named(files: list[tuple[str, bytes]], command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = os.getcwd()
        os.chdir(tmp)
        try:
            names = []
            for name, data in files:
                Path(name).write_bytes(data)
                names.append(f"./{name}" if name.startswith("-") else name)
            store = ["--store", str(Path(tmp) / "fuzz.duckdb")] if command == "ingest" else []
            result = runner.invoke(app, [command, *names, *store, "--max-bytes", "200000"])
        finally:
            os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if command == "extract":
        # JSON Lines end at "\n" only (str.splitlines would also cut at U+2028 in a text)
        paths = [json.loads(line)["path"] for line in result.stdout.split("\n") if line]
        for name in names:
            read = any(p == shown(name) or p.startswith(shown(name) + ":") for p in paths)
            assert read or shown(name) in result.stderr, f"{name!r} neither read nor named"
