"""Actor-code accuracy: PLOVER gold records and PETRARCH-2 unit tests (goal: >= 90% on both).

Runs the two scorers of realpolitik.eval.actors (the same ones as `realpolitik eval
actors-plover` and `realpolitik eval actors-petrarch`) and prints their figures; see that
module for how the gold data is read and compared.

    python benchmarks/actors.py [--data ../shared/data] [--workers 2] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.eval import DataMissing, default_data_dir  # noqa: E402
from realpolitik.eval.actors import evaluate_petrarch, evaluate_plover  # noqa: E402


def pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:6.1%}"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data_dir(), help="(default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="processes (default: %(default)s)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N mismatches of each")
    args = ap.parse_args()
    try:
        started = time.perf_counter()
        plover = evaluate_plover(args.data, workers=args.workers)
        plover_seconds = time.perf_counter() - started
        started = time.perf_counter()
        petrarch = evaluate_petrarch(args.data, workers=args.workers)
        petrarch_seconds = time.perf_counter() - started
    except DataMissing as exc:
        print(f"benchmark data missing: {exc}", file=sys.stderr)
        return 2

    f = plover.figures()
    print(
        f"PLOVER gold records: {plover.records} sentences, {plover.n} gold actors "
        f"({plover.unlocated} not found in their sentence), {plover_seconds:.1f} s"
    )
    print(f"  {'':<15}{'n':>5}  country  sector  full code")
    for kind, k in {"all": f, **plover.by_kind()}.items():
        print(f"  {kind:<15}{k['n']:>5}  {pct(k['country'])}  {pct(k['sector'])}  {pct(k['code'])}")
    for j in plover.errors(args.errors):
        print(
            f"    {j.gold.record} {j.gold.role}: {j.gold.text!r} gold {j.gold.code} "
            f"{j.gold.sector or ''} predicted {j.predicted_code or '-'} "
            f"({j.predicted_text or 'no actor'})"
        )

    skipped = ", ".join(f"{n} {why}" for why, n in sorted(petrarch.skipped.items()))
    unscored = ", ".join(f"{n} {kind}" for kind, n in sorted(petrarch.unscored.items()))
    print(
        f"PETRARCH-2 unit tests: {petrarch.scored_sentences} of {petrarch.sentences} sentences "
        f"scored (skipped: {skipped}), {petrarch.n} expected actor codes (not scored: "
        f"{unscored}), {petrarch_seconds:.1f} s"
    )
    print(f"  {'all':<12}{petrarch.n:>5}  {pct(petrarch.accuracy)}")
    for category, k in petrarch.by_category().items():
        print(f"  {category:<12}{k['n']:>5}  {pct(k['accuracy'])}")
    for j in petrarch.errors(args.errors):
        print(
            f"    {j.sentence} ({j.category}): expected {j.code}, "
            f"predicted {' '.join(j.predicted) or '-'}"
        )

    print(
        f"actor-code accuracy: PLOVER {pct(f['code']).strip()} (country "
        f"{pct(f['country']).strip()}), PETRARCH-2 {pct(petrarch.accuracy).strip()}; "
        "goal >= 90% on both"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
