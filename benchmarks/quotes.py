"""Quote attribution on PolNeAR dev: exact-span F1 of source / cue / content (goal: beat the
published BiLSTM-CRF, >= 70 / 67 / 59), overlap F1 and relation F1.

Runs realpolitik.eval.quotes.evaluate_polnear (the same scorer as `realpolitik eval polnear`)
over the full pipeline and prints its table; see that module for how spans are compared.

    python benchmarks/quotes.py [--data ../shared/data] [--split dev] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.eval import DataMissing, default_data_dir  # noqa: E402
from realpolitik.eval.quotes import evaluate_polnear  # noqa: E402

GOAL = {"source": 0.70, "cue": 0.67, "content": 0.59}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data_dir(), help="(default: %(default)s)")
    ap.add_argument("--split", default="dev", help="dev (default), train or annotator-training")
    ap.add_argument("--workers", type=int, default=2, help="processes (default: %(default)s)")
    args = ap.parse_args()
    started = time.perf_counter()
    try:
        scores = evaluate_polnear(args.data, split=args.split, workers=args.workers)
    except DataMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    print(scores.table())
    met = "  ".join(
        f"{role} {scores.exact[role].f1:.1%} ({'>=' if scores.exact[role].f1 >= goal else '<'}"
        f" {goal:.0%})"
        for role, goal in GOAL.items()
    )
    print(f"exact F1 vs goal: {met}   [{time.perf_counter() - started:.0f}s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
