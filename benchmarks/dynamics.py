"""Top-10 opportunities and risks for Trump and for Clinton on the PolNeAR store, against the
gold of known 2016 happenings (`benchmarks/gold/dynamics_2016.yaml`).

    python benchmarks/dynamics.py [--store out/polnear.duckdb] [--k 10] [--show]

Prints, per focus and list, precision@k (items matching a gold happening of the same kind),
the items of the wrong polarity and the unmatched ones; `--show` lists every item with its
verdict. Needs the store of `python benchmarks/polnear_store.py`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOCI = ("Donald Trump", "Hillary Clinton")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--store", default=str(ROOT / "out" / "polnear.duckdb"))
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    if not Path(args.store).exists():
        print(f"no store at {args.store}: run python benchmarks/polnear_store.py", file=sys.stderr)
        return 0
    from realpolitik.corpus.assessment import assess_corpus
    from realpolitik.corpus.queries import resolve
    from realpolitik.eval.dynamics import load_gold, score_top
    from realpolitik.store import Store

    gold = load_gold()
    totals = {"correct": 0, "wrong_polarity": 0, "n": 0}
    with Store(args.store, read_only=True) as db:
        for focus in FOCI:
            found = assess_corpus(db, resolve(db, focus), limit=args.k)
            items = found["opportunities"] + found["risks"]
            scored = score_top(items, focus, gold, k=args.k)
            for key in ("opportunities", "risks"):
                s = scored[key]
                print(
                    f"{focus:<16} {key:<13} precision@{args.k} {s['precision']:.2f} "
                    f"({s['correct']}/{s['n']}; wrong polarity {s['wrong_polarity']}, "
                    f"unmatched {s['unmatched']})"
                )
                for t in totals:
                    totals[t] += s[t]
            if args.show:
                for it in scored["items"]:
                    print(
                        f"    [{it['verdict']:<14}] {it['kind'][:4]} {it['summary'][:110]}"
                        f"  {it.get('matched') or ''}"
                    )
    n = totals["n"] or 1
    print(
        f"all four lists: precision {totals['correct'] / n:.2f} ({totals['correct']}/{n}), "
        f"wrong polarity {totals['wrong_polarity']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
