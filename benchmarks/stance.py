"""Stances and opportunity/risk sentences: precision/recall on our own gold set.

    python benchmarks/stance.py            # same as `realpolitik eval stance-gold`

The gold set is in benchmarks/gold/ (offsets into PolNeAR texts read from ../shared/data).
"""

from __future__ import annotations

import sys

from realpolitik.cli import app

if __name__ == "__main__":
    sys.exit(app(["eval", "stance-gold", *sys.argv[1:]]))
