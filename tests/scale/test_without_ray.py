"""Without the optional extra, `--engine ray` says how to get it (and the base install works)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "putin-trump-dynamic.txt"

# `ray` made unimportable in a fresh interpreter, as on a machine without realpolitik[ray]
NO_RAY = """
import sys
sys.modules["ray"] = None
from realpolitik.cli import app
app(sys.argv[1:])
"""


def test_engine_ray_without_ray_says_how_to_install_it(tmp_path):
    lake = tmp_path / "lake"
    cmd = [sys.executable, "-c", NO_RAY, "analyze", "--engine", "ray", str(EXAMPLE)]
    done = subprocess.run(
        [*cmd, "--output-dir", str(lake)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "pip install 'realpolitik[ray]'" in done.stderr
    assert not lake.exists()  # nothing half-written
