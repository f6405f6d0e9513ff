"""Event coding: PETRARCH-2 unit tests (goal >= 85% of sentences), PLOVER gold records (type
>= 80%, full >= 65%) and the event-type classifier cross-validated on ConfliBERT (macro-F1
>= 0.75).

Runs the three scorers of realpolitik.eval.events (the same ones as `realpolitik eval
petrarch-unit`, `plover-gsr` and `conflibert-cv`) and prints their figures; see that module
for how the gold data is read and compared.

    python benchmarks/events.py [--data ../shared/data] [--workers 2] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.eval import DataMissing, default_data_dir  # noqa: E402
from realpolitik.eval.events import (  # noqa: E402
    evaluate_conflibert,
    evaluate_petrarch_events,
    evaluate_plover_events,
)


def pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:6.1%}"


def timed(run, *args, **kwargs):
    started = time.perf_counter()
    return run(*args, **kwargs), time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=default_data_dir(), help="(default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="processes (default: %(default)s)")
    ap.add_argument("--errors", type=int, default=0, help="print the first N failures of each")
    args = ap.parse_args()
    try:
        petrarch, petrarch_s = timed(evaluate_petrarch_events, args.data, workers=args.workers)
        plover, plover_s = timed(evaluate_plover_events, args.data, workers=args.workers)
        cv, cv_s = timed(evaluate_conflibert, args.data, workers=args.workers)
    except DataMissing as exc:
        print(f"benchmark data missing: {exc}", file=sys.stderr)
        return 2

    skipped = ", ".join(f"{n} {why}" for why, n in sorted(petrarch.skipped.items()))
    print(
        f"PETRARCH-2 unit tests: {petrarch.n} of {petrarch.sentences} sentences scored "
        f"(skipped: {skipped}), {petrarch_s:.1f} s"
    )
    print(f"  {'':<12}{'n':>5}  passed")
    print(f"  {'all':<12}{petrarch.n:>5}  {pct(petrarch.pass_rate)}")
    for category, k in petrarch.by_category().items():
        print(f"  {category:<12}{k['n']:>5}  {pct(k['rate'])}")
    kinds = ", ".join(f"{n} {kind}" for kind, n in petrarch.failure_kinds().items())
    print(f"  failing: {kinds or 'none'}")
    for j in petrarch.errors(args.errors):
        expected = "; ".join(" ".join(t) for t in j.expected) or "none"
        predicted = "; ".join(" ".join(t) for t in j.predicted) or "none"
        print(f"    {j.case} ({j.category}): expected {expected} | predicted {predicted}")

    print(
        f"PLOVER gold records: {plover.n} sentences, {plover.no_event} with no event, "
        f"{plover.off_trigger} with none at the gold trigger, {plover_s:.1f} s"
    )
    print(f"  event type from {plover.type_source}")
    print(f"  {'':<12}{'n':>5}    type    full")
    print(f"  {'all':<12}{plover.n:>5}  {pct(plover.type_accuracy)}  {pct(plover.full_accuracy)}")
    for event, k in plover.by_type().items():
        print(f"  {event:<12}{k['n']:>5}  {pct(k['type'])}  {pct(k['full'])}")
    misses = ", ".join(f"{g} as {p} {n}" for g, p, n in plover.confusions())
    print(f"  commonest type misses: {misses or 'none'}")
    for j in plover.errors(args.errors):
        print(
            f"    {j.record}: gold {'/'.join(j.gold_sources) or '-'} "
            f"{'/'.join(j.gold_targets) or '-'} {j.gold_type}, predicted {j.source or '-'} "
            f"{j.target or '-'} {j.predicted_type or '-'} ({j.cameo or 'no event'} {j.trigger!r})"
        )

    print(f"ConfliBERT cross-validation, {cv_s:.1f} s")
    print(cv.table())

    print(
        f"events: PETRARCH-2 {pct(petrarch.pass_rate).strip()} (goal >= 85%), PLOVER type "
        f"{pct(plover.type_accuracy).strip()} full {pct(plover.full_accuracy).strip()} "
        f"(goals >= 80%, >= 65%; verb patterns alone "
        f"{pct(plover.patterns_type_accuracy).strip()} / "
        f"{pct(plover.patterns_full_accuracy).strip()}), ConfliBERT macro-F1 "
        f"{cv.macro_f1:.3f} (baseline "
        f"{cv.baseline_macro_f1:.3f}; goal >= 0.75)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
