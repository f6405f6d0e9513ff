"""The bad-input corpus (tests/badinputs.py) and its runner (benchmarks/robustness.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.badinputs import cases, main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"html-gz-bomb", "long-text", "giant-line", "wide-csv", "deep-json", "nested-divs"}


def test_every_case_is_complete_and_named_once() -> None:
    all_cases = cases()
    names = [c.name for c in all_cases]
    assert len(names) == len(set(names))
    for case in all_cases:
        assert case.argv and case.about
        assert case.exit, case.name
        # a case that expects a failure names what must fail
        assert 0 in case.exit or case.named or case.exists or case.missing, case.name


def test_the_corpus_is_written_into_a_folder(tmp_path: Path) -> None:
    light = [c.name for c in cases() if c.name not in HEAVY]
    main([str(tmp_path), "--url", "http://127.0.0.1:9", *[f"--only={n}" for n in light]])
    manifest = json.loads((tmp_path / "cases.json").read_text("utf-8"))
    assert [c["name"] for c in manifest] == light
    assert (tmp_path / "markup-names" / "empty [draft].txt").read_bytes() == b""
    assert (tmp_path / "fifo" / "pipe.fifo").is_fifo()
    feed = (tmp_path / "ssrf-feed-items" / "feed.rss").read_text("utf-8")
    assert "http://127.0.0.1:9/page" in feed and "{url}" not in feed


def test_the_runner_classifies_real_cli_runs(tmp_path: Path) -> None:
    """Two cases the CLI has always met: the runner says ok and exits 0."""
    report = tmp_path / "results.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "robustness.py"),
            "--json",
            str(report),
            "--only",
            "markup-names",
            "--only",
            "empty-and-nul",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    results = {r["case"]: r for r in json.loads(report.read_text())}
    assert results["markup-names"]["verdict"] == "ok", results["markup-names"]
    assert results["empty-and-nul"]["verdict"] == "ok", results["empty-and-nul"]
    assert "cases 2  ok 2" in run.stdout
    assert run.returncode == 0
