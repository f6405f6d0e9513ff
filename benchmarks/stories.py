"""Story clustering against our hand-labelled article pairs (`benchmarks/gold/story_pairs.jsonl`).

    python benchmarks/stories.py [--store out/polnear.duckdb] [--sweep]

A pair is predicted "same story" when the corpus layer put both articles in one story.
Prints precision, recall and F1 over all 100 pairs, per sampling stratum, and without the
pairs the labeller marked uncertain. `--sweep` also scores the pairwise rule alone (cosine of
the two articles' tf-idf vectors >= t, published within the window) for a range of t: how the
shipped threshold was chosen. Needs a store built by `python benchmarks/polnear_store.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold" / "story_pairs.jsonl"


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "n": len(pairs),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": prec,
        "recall": rec,
        "f1": f1,
    }


def line(name: str, s: dict[str, float]) -> str:
    return (
        f"{name:<22} n={s['n']:>3}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
        f"F1 {s['f1']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--store", default=str(ROOT / "out" / "polnear.duckdb"))
    ap.add_argument("--sweep", action="store_true")
    args = ap.parse_args()
    if not Path(args.store).exists():
        print(f"no store at {args.store}: run python benchmarks/polnear_store.py", file=sys.stderr)
        return 0
    from realpolitik.corpus.stories import THRESHOLD, WINDOW_DAYS, DocumentFrequencies
    from realpolitik.store import Store

    gold = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    with Store(args.store, read_only=True) as db:
        rows = db.con.execute(
            "SELECT doc_id, story_id, published, terms FROM corpus_documents"
        ).fetchall()
        df = DocumentFrequencies.from_bytes(
            db.con.execute("SELECT value FROM corpus_state WHERE key = 'df'").fetchone()[0]
        )
    story = {r[0]: r[1] for r in rows}
    day = {r[0]: r[2] for r in rows}
    missing = [g for g in gold if g["a"] not in story or g["b"] not in story]
    if missing:
        print(f"{len(missing)} gold pair(s) name articles not in the store", file=sys.stderr)
    scored = [g for g in gold if g not in missing]
    pred = [(story[g["a"]] == story[g["b"]], bool(g["same_story"])) for g in scored]
    print(f"stories (threshold {THRESHOLD}, window {WINDOW_DAYS} days) on {GOLD.name}:")
    print(line("all pairs", prf(pred)))
    for stratum in ("high", "medium", "random"):
        sub = [p for p, g in zip(pred, scored, strict=True) if g["stratum"] == stratum]
        print(line(f"  stratum {stratum}", prf(sub)))
    sure = [p for p, g in zip(pred, scored, strict=True) if not g.get("uncertain")]
    print(line("without uncertain", prf(sure)))
    if args.sweep:
        terms = {r[0]: r[3] for r in rows}
        ids = sorted({g["a"] for g in scored} | {g["b"] for g in scored})
        mat = df.matrix([terms[i] for i in ids])
        pos = {d: k for k, d in enumerate(ids)}
        sims = (mat @ mat.T).toarray()
        print("pairwise rule (cosine >= t and within the window):")
        for t in (0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.2, 0.3):
            p = [
                (
                    sims[pos[g["a"]], pos[g["b"]]] >= t
                    and abs((day[g["a"]] - day[g["b"]]).days) <= WINDOW_DAYS,
                    bool(g["same_story"]),
                )
                for g in scored
            ]
            print(line(f"  t = {t:.2f}", prf(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
