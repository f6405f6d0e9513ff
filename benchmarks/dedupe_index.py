"""Start-up and memory of near-duplicate detection on a large synthetic store, before and after
the stored LSH index (store/dedupe.py, migrations 7 and 8). docs/near-duplicates.md has the
figures.

    python benchmarks/dedupe_index.py [--n 1000000] [--before-rev REV | --before DIR]
                                      [--work /tmp/dedupe-bench] [--new 100] [--keep]

1. Builds a store of `--n` articles at schema version 6 (the last one without the index),
   fast: the texts are short random word sequences, and their signatures are not MinHashes of
   those texts but drawn directly with numpy in bulk (each value the minimum of a text's worth
   of uniform 32-bit hashes, as a real MinHash value is), inserted through Arrow in chunks.
   `--new / 2` longer articles among them get their real `signature()`: the ones re-published.
2. Copies it and opens the copy with this checkout's code, which runs migrations 7 and 8 (the
   index, from the stored signatures): timed, with its peak RSS.
3. In a fresh subprocess per code path, on a fresh copy of the store, adds `--new` articles
   in batches of 32, one transaction each, as `analyze` does: half re-publications of stored
   articles with one word changed (near-duplicates), half new. It reports the time to open the
   store, to the first article stored or flagged (open + first batch: the old code builds its
   in-memory index there), the median later batch and the near-duplicate lookups' share of
   it, the close, the whole run and the peak RSS (`peak_rss_mb`); spaCy's model load, the same
   for both, is left out. Then, untimed, how many re-publications were flagged as duplicates of
   the article they re-publish (the LSH banding's recall: a one-word change of 400 words puts
   the Jaccard estimate around 0.97, where 5 x 25 bands miss about 1 in 25).

The old code path is a checkout of the code before the index: `--before DIR` (a folder with
its `src/`), or `--before-rev REV`, which makes a temporary `git worktree` of REV and removes it
at the end. Without either, only this checkout is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 200_000  # articles per bulk insert
TEXT_WORDS = 12  # words of a bulk article's text
LONG_WORDS = 400  # words of an article that gets re-published
BATCH = 32  # articles per transaction, as `analyze` adds them
_VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "po", "ru", "sa", "ti") for b in range(250)]


def build_store(path: Path, n: int, planted: list[tuple[str, str]]) -> None:
    """A schema-6 store of `n` synthetic articles, `planted` (id, text) ones among them."""
    import duckdb
    import numpy as np
    import pyarrow as pa

    from realpolitik.store.dedupe import NUM_PERM, signature, to_blob
    from realpolitik.store.migrations import MIGRATIONS

    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    for m in MIGRATIONS[:6]:
        con.execute(m.sql)
        con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [m.version, m.name])
    rng = np.random.default_rng(1)
    vocab = np.array(_VOCAB)
    shingles = TEXT_WORDS - 4
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        words = vocab[rng.integers(0, len(vocab), size=(size, TEXT_WORDS))]
        texts = [" ".join(row) for row in words.tolist()]
        uniform = rng.random((size, NUM_PERM))
        sigs = ((1.0 - uniform ** (1.0 / shingles)) * 2**32).astype("<u4")
        blobs = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(4 * NUM_PERM), size, [None, pa.py_buffer(sigs.tobytes())]
        ).cast(pa.binary())
        ids = [f"{i:016x}" for i in range(start, start + size)]
        _insert(con, ids, texts, blobs, rng)
    texts = [t for _, t in planted]
    blobs = pa.array([to_blob(signature(t)) for t in texts], pa.binary())
    _insert(con, [i for i, _ in planted], texts, blobs, rng)
    con.execute("CHECKPOINT")
    con.close()


def _insert(con, ids: list[str], texts: list[str], blobs, rng) -> None:
    import pyarrow as pa

    hashes = [f"{x:016x}" for x in rng.integers(0, 2**63, size=len(ids)).tolist()]
    days = rng.integers(0, 3650, size=len(ids)).astype("int32")
    table = pa.table(
        {
            "id": ids,
            "content_hash": hashes,
            "text": texts,
            "published": pa.array(days, pa.int32()).cast(pa.date32()),
            "source": ["synthetic"] * len(ids),
            "paragraphs": ["[]"] * len(ids),
            "extra": ["{}"] * len(ids),
            "minhash": blobs,
        }
    )
    con.register("_rows", table)
    con.execute("INSERT INTO articles BY NAME SELECT * FROM _rows")
    con.unregister("_rows")


def make_articles(count: int, seed: int = 5) -> tuple[list[tuple[str, str]], list[dict]]:
    """(id, text) of the stored articles to re-publish, and the `count` new articles: those
    re-publications, one word changed, and as many unrelated ones."""
    rng = random.Random(seed)
    half = count // 2
    planted = []
    for i in range(half):
        words = [rng.choice(_VOCAB) for _ in range(LONG_WORDS)]
        planted.append((f"planted-{i:04d}", " ".join(words)))
    new = []
    for i, (_, text) in enumerate(planted):
        words = text.split()
        words[rng.randrange(len(words))] = "changed"
        new.append({"id": f"republished-{i:04d}", "text": " ".join(words)})
    for i in range(count - half):
        words = [rng.choice(_VOCAB) for _ in range(LONG_WORDS)]
        new.append({"id": f"fresh-{i:04d}", "text": " ".join(words)})
    rng.shuffle(new)
    return planted, new


def measure(store: Path, articles: Path) -> dict:
    """Runs in the subprocess: add the articles as `analyze` does, timing each step."""
    t0 = time.perf_counter()
    from realpolitik.records import Article
    from realpolitik.store import AddResult, Store

    imported = time.perf_counter()
    lookups = _time_lookups()
    arts = [Article(**row) for row in json.loads(articles.read_text())]
    start = time.perf_counter()
    db = Store(store)
    opened = time.perf_counter()
    batches, lookup, result = [], [], AddResult()
    for i in range(0, len(arts), BATCH):
        t = time.perf_counter()
        lookups.clear()
        part = db.add_articles(arts[i : i + BATCH])
        batches.append(time.perf_counter() - t)
        lookup.append(sum(lookups))
        for field in ("added", "exact_duplicates", "near_duplicates", "unchanged"):
            setattr(result, field, getattr(result, field) + getattr(part, field))
    t = time.perf_counter()
    db.close()
    closed = time.perf_counter()
    rss_mb = peak_rss_mb()
    return {
        "import_s": imported - t0,
        "open_s": opened - start,
        "first_s": opened - start + batches[0],
        "later_ms": 1000 * statistics.median(batches[1:]) if len(batches) > 1 else None,
        "lookup_ms": 1000 * statistics.median(lookup[1:]) if len(lookup) > 1 else None,
        "close_s": closed - t,
        "total_s": closed - start,
        "rss_mb": rss_mb,
        "result": str(result),
        "republications": republications_found(store),
    }


def republications_found(store: Path) -> list[int]:
    """[flagged as duplicates of the article they re-publish, all re-publications]."""
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        [(found, total)] = con.execute(
            "SELECT count(*) FILTER (duplicate_of = replace(id, 'republished-', 'planted-')),"
            " count(*) FROM articles WHERE id LIKE 'republished-%'"
        ).fetchall()
    finally:
        con.close()
    return [found, total]


def _time_lookups() -> list[float]:
    """Time the near-duplicate lookups of either code: the stored index's one query per batch
    (`BandIndex.lookup`), or the in-memory index's query per article (`_near_duplicate`)."""
    from realpolitik.store import store

    try:
        from realpolitik.store.dedupe import BandIndex

        owner, name = BandIndex, "lookup"
    except ImportError:
        owner, name = store.Store, "_near_duplicate"
    spent: list[float] = []
    wrapped = getattr(owner, name)

    def timed(*args, **kw):
        t = time.perf_counter()
        try:
            return wrapped(*args, **kw)
        finally:
            spent.append(time.perf_counter() - t)

    setattr(owner, name, timed)
    return spent


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM where Linux has it, as `ru_maxrss` would
    count the parent's peak too (Linux keeps it across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_measure(src: Path, store: Path, articles: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, __file__, "--measure", str(store), str(articles)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def migrate_copy(base: Path, path: Path) -> dict:
    """Open a copy of the schema-6 store with this code (migration 7 backfills the index)."""
    shutil.copyfile(base, path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, __file__, "--migrate", str(path)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def open_store(path: Path) -> dict:
    """Runs in the subprocess: open (and so migrate) the store."""
    from realpolitik.store import Store

    t = time.perf_counter()
    Store(path).close()
    return {"s": time.perf_counter() - t, "rss_mb": peak_rss_mb()}


def print_table(n: int, rows: dict[str, dict], backfill: dict | None) -> None:
    print(f"\nnear-duplicate start-up on {n:,} stored articles, {BATCH} per batch")
    head = (
        "code",
        "open s",
        "first s",
        "later batch ms",
        "their lookup ms",
        "close s",
        "total s",
        "peak RSS MB",
        "re-publications found",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, r in rows.items():
        later = "-" if r["later_ms"] is None else f"{r['later_ms']:.0f}"
        lookup = "-" if r["lookup_ms"] is None else f"{r['lookup_ms']:.1f}"
        cells = (
            name,
            f"{r['open_s']:.2f}",
            f"{r['first_s']:.2f}",
            later,
            lookup,
            f"{r['close_s']:.2f}",
            f"{r['total_s']:.2f}",
            f"{r['rss_mb']:.0f}",
            "{} of {}".format(*r["republications"]),
        )
        print("| " + " | ".join(cells) + " |")
    for name, r in rows.items():
        print(f"{name}: {r['result']}")
    if backfill:
        print(
            f"migrations 7 and 8 (the index, from the stored signatures): {backfill['s']:.1f} s, "
            f"peak RSS {backfill['rss_mb']:.0f} MB"
        )


def _worktree(rev: str, into: Path) -> Path:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(into), rev],
        check=True,
        capture_output=True,
    )
    return into


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=1_000_000, help="stored articles")
    ap.add_argument("--new", type=int, default=100, help="articles added in the measured run")
    ap.add_argument("--work", type=Path, default=None, help="folder for the stores (a temp dir)")
    ap.add_argument("--before", type=Path, help="a checkout of the code before the index")
    ap.add_argument("--before-rev", help="a git revision to check out as the code before")
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    ap.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--migrate", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure or args.migrate:
        print(json.dumps(measure(*args.measure) if args.measure else open_store(args.migrate)))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="dedupe-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    before = args.before
    if args.before_rev:
        before = _worktree(args.before_rev, work / "before-code")
    try:
        return _run(args, work, before)
    finally:
        if args.before_rev:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)],
                check=False,
            )
        if not args.keep:
            for f in work.glob("*.duckdb*"):
                f.unlink()
            if args.work is None:
                shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path, before: Path | None) -> int:
    planted, new = make_articles(args.new)
    articles = work / "new-articles.json"
    articles.write_text(json.dumps(new))
    base = work / f"v6-{args.n}.duckdb"
    if base.exists():
        print(f"using the schema-6 store {base} (--keep made it)")
    else:
        t = time.perf_counter()
        build_store(base, args.n - len(planted), planted)
        print(f"built a schema-6 store of {args.n:,} articles in {time.perf_counter() - t:.1f} s")
    migrated = work / f"v7-{args.n}.duckdb"
    backfill = migrate_copy(base, migrated)
    rows = {}
    paths = {"before": (before, base), "after": (ROOT, migrated)} if before else {}
    paths = paths or {"after": (ROOT, migrated)}
    for name, (code, store) in paths.items():
        trial = work / f"{name}-trial.duckdb"
        shutil.copyfile(store, trial)
        rows[name] = run_measure(code / "src", trial, articles)
        trial.unlink()
    print_table(args.n, rows, backfill)
    return 0


if __name__ == "__main__":
    sys.exit(main())
