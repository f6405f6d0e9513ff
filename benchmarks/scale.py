"""Scale-out: documents per second for the local engine and the Ray engine on the same articles.

    python benchmarks/scale.py [--n 1000] [--warmup 24] [--configs local1,localall,ray1,ray2]

The articles are PolNeAR's (train, dev, annotator-training: 928, with their dates and
outlets) topped up to N with the article bodies of the extraction benchmark, written as one
Parquet dump in row groups of 25 under out/ (never committed: the texts are not ours). Each
configuration runs the real command in a fresh process, as a user would:

    local 1 worker    realpolitik analyze DUMP --workers 1 --output /dev/null
    local all workers realpolitik analyze DUMP                 (one per usable core)
    ray 1 / 2 actors  realpolitik analyze --engine ray DUMP --workers K --output-dir LAKE

and once more on the first `--warmup` articles, so the fixed cost (loading the model,
starting Ray and its actors, writing the lake) is measured apart:

    steady rate  = (N - warmup) / (T(N) - T(warmup))       documents per second
    efficiency   = rate(K workers) / (K x rate(local, 1 worker))

Prints a table; exits 0 with a note when PolNeAR is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from polnear_store import POLNEAR, polnear_rows  # noqa: E402

from realpolitik.pipeline import usable_cores  # noqa: E402

EXTRACTION = ROOT.parent / "shared" / "data" / "extraction" / "ground-truth.json"
EXE = Path(sys.executable).parent / "realpolitik"


def articles(n: int) -> list[dict]:
    rows = polnear_rows(splits=("train", "dev", "annotator-training"))
    for row in rows:
        row.pop("split", None)
    if len(rows) < n and EXTRACTION.exists():
        truth = json.loads(EXTRACTION.read_text("utf-8"))
        for key, item in sorted(truth.items()):
            if len(rows) >= n:
                break
            if len((item.get("articleBody") or "").split()) >= 100:
                rows.append(
                    {
                        "id": f"extraction-{key[:16]}",
                        "text": item["articleBody"],
                        "title": item.get("title"),
                        "author": None,
                        "published": None,
                        "source": None,
                    }
                )
    return rows[:n]


def write_dump(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=25)
    return path


def command(config: str, dump: Path, work: Path) -> list[str]:
    if config.startswith("local"):
        workers = ["--workers", "1"] if config == "local1" else []
        return [str(EXE), "analyze", str(dump), *workers, "--output", "/dev/null", "-q"]
    lake = work / f"lake-{config}"
    shutil.rmtree(lake, ignore_errors=True)
    k = config.removeprefix("ray")
    return [
        str(EXE),
        "analyze",
        "--engine",
        "ray",
        str(dump),
        "--workers",
        k,
        "--output-dir",
        str(lake),
        "-q",
    ]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def workers_of(config: str) -> int:
    if config == "localall":
        return usable_cores()
    return int(config.removeprefix("local").removeprefix("ray"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=24)
    ap.add_argument("--configs", default="local1,localall,ray1,ray2")
    args = ap.parse_args()
    if not (POLNEAR / "metadata.tsv").exists():
        print(f"PolNeAR is not at {POLNEAR}: nothing to measure", file=sys.stderr)
        return 0
    rows = articles(args.n)
    words = sum(len(r["text"].split()) for r in rows)
    work = Path(tempfile.mkdtemp(prefix="realpolitik-scale-"))
    full = write_dump(rows, ROOT / "out" / "scale" / "articles.parquet")
    small = write_dump(rows[: args.warmup], ROOT / "out" / "scale" / "warmup.parquet")
    print(
        f"{len(rows)} articles, {words:,} words; {usable_cores()} usable cores; "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    results = {}
    for config in args.configs.split(","):
        t_small = timed(command(config, small, work))
        t_full = timed(command(config, full, work))
        rate = (len(rows) - args.warmup) / max(t_full - t_small, 1e-9)
        results[config] = (t_full, t_small, rate)
        print(
            f"  {config:9} {t_full:7.1f} s for {len(rows)}, {t_small:5.1f} s for "
            f"{args.warmup}: {rate:5.2f} docs/s steady, {len(rows) / t_full:5.2f} overall",
            flush=True,
        )
    lakes = sorted(work.glob("lake-ray*"))
    if lakes:  # the time to bring a lake into a store (the corpus tables included)
        store = work / "loaded.duckdb"
        t_load = timed([str(EXE), "load", str(lakes[-1]), "--store", str(store), "-q"])
        print(
            f"  load      {t_load:7.1f} s: {len(rows) / t_load:.1f} docs/s into a fresh store",
            flush=True,
        )
    shutil.rmtree(work, ignore_errors=True)
    base = results.get("local1", (0, 0, 0))[2]
    print(
        f"\n{'engine':22} {'workers':>7} {'wall s':>8} {'fixed s':>8} {'docs/s':>7} "
        f"{'overall':>8} {'efficiency':>10}"
    )
    names = {"local1": "local", "localall": "local (all cores)", "ray1": "ray", "ray2": "ray"}
    for config, (t_full, t_small, rate) in results.items():
        k = workers_of(config)
        fixed = t_small - args.warmup / rate
        eff = f"{rate / (k * base):.0%}" if base else "-"
        print(
            f"{names.get(config, config):22} {k:>7} {t_full:>8.1f} {fixed:>8.1f} {rate:>7.2f} "
            f"{len(rows) / t_full:>8.2f} {eff:>10}"
        )
    print(
        f"\nper-core steady rate (local, 1 worker): {base:.2f} docs/s = "
        f"{base * 86400:,.0f} docs/day/core; words/s {base * words / len(rows):,.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
