"""Person-actor coverage on PolNeAR: the share of person mentions that get a CAMEO code and a
Wikidata QID, with the shipped actor knowledge base and with extra actor files added to it.

    python benchmarks/actor_coverage.py [--extra-actors FILE ...] [--workers 2] [--limit N]
        [--top 30] [--sample 40] [--seed 2016] [--rebuild]

Analyzes PolNeAR's articles (read by `polnear_store.polnear_rows`; 2016 US political news
from seven outlets) into two stores under `out/actor-coverage/` (never committed: the texts
are not ours), one with the default knowledge base and one with the `--extra-actors` files
passed as a user passes them (`Settings.actor_files`, the CLI's `--actors`); a store already
there is reused unless `--rebuild`. Counts every mention of every actor of kind "person":
coded (any code) and linked (a QID), overall and by outlet. `--top` lists the most mentioned
persons left uncoded; `--sample` draws coded person mentions at random (fixed seed) with their
sentence, to check by hand that each person's country is right. Goal: >= 70% coded, >= 50%
with a QID. Exits 0 with a note when PolNeAR is absent.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polnear_store import POLNEAR, polnear_rows  # noqa: E402

import realpolitik  # noqa: E402
from realpolitik import Document, Settings, Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONGRESS = ROOT / "src" / "realpolitik" / "data" / "actors" / "us_congress.jsonl"
STORES = ROOT / "out" / "actor-coverage"
GOAL_CODED, GOAL_QID = 0.70, 0.50


@dataclass
class Coverage:
    """Person mentions of one outlet (or all): how many, coded, linked to Wikidata."""

    docs: int = 0
    mentions: int = 0
    coded: int = 0
    linked: int = 0

    def add(self, doc: Document) -> None:
        self.docs += 1
        for actor in doc.actors:
            if actor.kind == "person":
                n = len(actor.mentions)
                self.mentions += n
                self.coded += n if actor.code else 0
                self.linked += n if actor.wikidata else 0

    @property
    def coded_share(self) -> float:
        return self.coded / self.mentions if self.mentions else 0.0

    @property
    def linked_share(self) -> float:
        return self.linked / self.mentions if self.mentions else 0.0


@dataclass
class Measure:
    """The coverage of one store, overall and by outlet."""

    label: str
    overall: Coverage = field(default_factory=Coverage)
    outlets: dict[str, Coverage] = field(default_factory=dict)

    @classmethod
    def of(cls, label: str, docs: list[Document]) -> Measure:
        measure = cls(label)
        for doc in docs:
            measure.overall.add(doc)
            measure.outlets.setdefault(doc.source or "?", Coverage()).add(doc)
        return measure


def build_store(path: Path, settings: Settings, limit: int, workers: int) -> None:
    """Analyze PolNeAR into a new store at `path` with these settings."""
    rows = polnear_rows()
    if limit:
        rows = rows[:limit]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    docs = realpolitik.analyze_many(rows, workers=workers, settings=settings)
    with Store(path, settings=settings) as store:
        stored = store.add_documents(docs)
    print(f"  {stored} documents -> {path} ({time.perf_counter() - started:.0f} s)")


def read_store(path: Path) -> list[Document]:
    with Store(path, read_only=True) as store:
        return list(store.documents())


def print_table(before: Measure, after: Measure) -> None:
    b_label, a_label = before.label[:10], after.label[:10]
    print(
        f"\n{'outlet':<28}{'docs':>5}{'persons':>9}  {'coded':>11}{'':11}  {'with QID':>11}\n"
        f"{'':<42}{b_label:>11}{a_label:>11}  {b_label:>11}{a_label:>11}"
    )
    rows = [("all", before.overall, after.overall)]
    rows += [
        (o, before.outlets[o], after.outlets.get(o, Coverage())) for o in sorted(before.outlets)
    ]
    for name, b, a in rows:
        print(
            f"{name:<28}{b.docs:>5}{b.mentions:>9}  {b.coded_share:>11.1%}{a.coded_share:>11.1%}"
            f"  {b.linked_share:>11.1%}{a.linked_share:>11.1%}"
        )
    a = after.overall
    print(
        f"\n({after.label}: {a.mentions} person mentions) goal: >= {GOAL_CODED:.0%} coded "
        f"({a.coded_share:.1%}, {'met' if a.coded_share >= GOAL_CODED else 'missed'}), "
        f">= {GOAL_QID:.0%} with a QID "
        f"({a.linked_share:.1%}, {'met' if a.linked_share >= GOAL_QID else 'missed'})"
    )


def print_top(docs: list[Document], n: int, label: str) -> None:
    """The most mentioned person names without a code, and without a QID."""
    uncoded: Counter[str] = Counter()
    unlinked: Counter[str] = Counter()
    for doc in docs:
        for actor in doc.actors:
            if actor.kind == "person":
                if not actor.code:
                    uncoded[actor.name] += len(actor.mentions)
                if not actor.wikidata:
                    unlinked[f"{actor.name} ({actor.code or '-'})"] += len(actor.mentions)
    for title, counts in (("uncoded", uncoded), ("without a QID", unlinked)):
        print(f"\ntop {n} person names {title} ({label}), by mentions:")
        for name, count in counts.most_common(n):
            print(f"  {count:5}  {name}")


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` around the span [start, end) (split at . ! ? and newlines)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return " ".join(text[left:right].split())


def print_sample(docs: list[Document], n: int, seed: int, label: str) -> None:
    """`n` coded person mentions drawn at random (fixed seed), to check their countries."""
    mentions = [
        (doc, actor, mention)
        for doc in docs
        for actor in doc.actors
        if actor.kind == "person" and actor.code
        for mention in actor.mentions
    ]
    print(f"\n{n} coded person mentions at random (seed {seed}, {label}):")
    for k, (doc, actor, mention) in enumerate(random.Random(seed).sample(mentions, n), 1):
        sentence = sentence_at(doc.text, mention.start, mention.end)
        print(f"{k:3}. {actor.name} [{actor.code}] {actor.wikidata or ''} ({doc.published})")
        print(f"     {mention.text!r}: {sentence[:300]}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--extra-actors",
        type=Path,
        nargs="+",
        default=[CONGRESS],
        help="actor files added to the default (default: %(default)s)",
    )
    ap.add_argument("--stores", type=Path, default=STORES, help="(default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="processes (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--rebuild", action="store_true", help="analyze again into fresh stores")
    ap.add_argument("--top", type=int, default=0, help="print the N most mentioned uncoded names")
    ap.add_argument("--sample", type=int, default=0, help="print N coded mentions at random")
    ap.add_argument("--seed", type=int, default=2016, help="of the sample (default: %(default)s)")
    args = ap.parse_args()
    if not (POLNEAR / "metadata.tsv").exists():
        print(f"PolNeAR is not at {POLNEAR}: nothing to measure", file=sys.stderr)
        return 0
    for path in args.extra_actors:
        if not path.exists():
            print(f"no actor file {path}", file=sys.stderr)
            return 2
    extra = tuple(str(p.resolve()) for p in args.extra_actors)
    suffix = f"-{args.limit}" if args.limit else ""
    stem = "+".join(p.stem for p in args.extra_actors)
    configs = [
        ("default", Settings(actor_files=()), args.stores / f"default{suffix}.duckdb"),
        ("+" + stem, Settings(actor_files=extra), args.stores / f"with-{stem}{suffix}.duckdb"),
    ]
    measures, docs = [], []
    for label, settings, path in configs:
        if args.rebuild or not path.exists():
            print(f"analyzing PolNeAR with the {label} actor knowledge base ...")
            build_store(path, settings, args.limit, args.workers)
        docs = read_store(path)
        measures.append(Measure.of(label, docs))
    print("person actor mentions with a code and with a Wikidata QID (PolNeAR)")
    print_table(*measures)
    if args.top:
        print_top(docs, args.top, configs[-1][0])
    if args.sample:
        print_sample(docs, args.sample, args.seed, configs[-1][0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
