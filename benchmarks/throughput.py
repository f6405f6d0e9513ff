"""Speed budget: full realpolitik analysis vs a bare spaCy parse of the same texts.

Both run in this one process on the same texts (the article bodies of the extraction
benchmark) with the same model. Prints words/second for each and the ratios:

    full/bare (1 worker)   goal >= 0.8
    full/bare (all workers: one per usable core, the default of `analyze`)
                           goal >  1.6 on 2 cores  (bare parse is single-process)

    python benchmarks/throughput.py [--data ../shared/data/extraction] [--repeat 2] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.nlp import load_model  # noqa: E402
from realpolitik.pipeline import Analyzer, load_pipeline, usable_cores  # noqa: E402
from realpolitik.records import Article  # noqa: E402
from realpolitik.settings import Settings  # noqa: E402


def load_texts(data: Path, limit: int | None) -> list[str]:
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    texts = [item["articleBody"] for _, item in sorted(truth.items())]
    return texts[:limit] if limit else texts


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/extraction")
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts")
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs for each measurement")
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    if not (args.data / "ground-truth.json").exists():
        print(f"benchmark data not found in {args.data}; pass --data DIR", file=sys.stderr)
        return 2

    settings = Settings().with_(model=args.model)
    texts = load_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    articles = [Article(text=t, published="2025-03-07") for t in texts]
    nlp = load_pipeline(settings)
    bare = load_model(settings.model)  # the same model and tokenizer, without our components
    analyzer = Analyzer(settings)

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=settings.batch_size):
            pass

    def run_full(workers: int) -> None:
        for _ in analyzer.analyze(articles, workers=workers):
            pass

    # Warm up both (lazy tables, first-batch allocations).
    run_bare_small = lambda: list(bare.pipe(texts[:8]))  # noqa: E731
    run_bare_small()
    list(analyzer.analyze(articles[:8], workers=1))
    assert nlp is analyzer.nlp

    # Interleaved, best of each: a machine whose speed drifts during the run (other load,
    # throttling) then biases no measurement against the others.
    cores = usable_cores()
    bare_t, full1_t, full2_t = [], [], []
    for _ in range(args.repeat):
        bare_t.append(timed(run_bare))
        full1_t.append(timed(lambda: run_full(1)))
        full2_t.append(timed(lambda: run_full(cores)))
    t_bare, t_full1, t_full2 = min(bare_t), min(full1_t), min(full2_t)
    print(
        f"texts: {len(texts)}  words: {words:,}  model: {settings.model}  components: "
        f"{', '.join(nlp.pipe_names)}"
    )
    print(f"bare spaCy parse (1 process)   {t_bare:7.2f} s  {words / t_bare:9,.0f} words/s")
    print(f"realpolitik analyze, 1 worker  {t_full1:7.2f} s  {words / t_full1:9,.0f} words/s")
    print(
        f"realpolitik analyze, {cores} workers {t_full2:7.2f} s  {words / t_full2:9,.0f} words/s"
        f"  (all usable cores)"
    )
    r1, r2 = t_bare / t_full1, t_bare / t_full2
    verdict = {True: "OK", False: "BELOW GOAL"}
    print(f"ratio full/bare, 1 worker:  {r1:.2f}x  (goal >= 0.80) {verdict[r1 >= 0.8]}")
    goal = 0.8 * cores  # 1.6 on two cores
    print(f"ratio full/bare, {cores} workers: {r2:.2f}x  (goal >  {goal:.2f}) {verdict[r2 > goal]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
