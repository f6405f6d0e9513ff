"""Long texts: peak memory and time of `realpolitik analyze` on one text of 1 MB, 5 MB...

A text over spaCy's `max_length` (1,000,000 characters) is parsed in pieces of
`Settings.chunk_chars` characters and analyzed whole (pipeline.parse_long). This prints, for
each size, the peak resident memory and wall time of `realpolitik analyze BIG.txt --workers 1`
(a subprocess each, measured with wait4), the documents written and any failures; then the
same for one run of a 1.2 MB text between two short ones, which must give three documents.

The texts are synthetic (generated here, into a temporary folder): paragraphs of sentences in
which known actors meet, warn, criticize and quote each other, mixed with sentences that
name no one; `--density` is the share of the former (0.25 gives about as many events and
quotes per character as the bundled example article).

    python benchmarks/long_text.py [--sizes 1,5] [--density 0.25] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("realpolitik")

PEOPLE = [
    "Vladimir Putin",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Xi Jinping",
    "Volodymyr Zelensky",
    "Donald Trump",
    "Recep Tayyip Erdogan",
    "Narendra Modi",
    "Dmitry Peskov",
    "Antony Blinken",
]
GROUPS = [
    "NATO",
    "Russia",
    "Ukraine",
    "China",
    "the European Union",
    "Germany",
    "France",
    "Turkey",
    "India",
    "the United Nations",
    "the Kremlin",
    "the White House",
]
PLACES = ["Moscow", "Beijing", "Kyiv", "Paris", "Berlin", "Ankara", "New Delhi", "Brussels"]
WHEN = ["on Monday", "on Tuesday", "last week", "on Friday", "in March", "yesterday"]
POLITICAL = [
    "{a} met {b} in {p} {d} to discuss a ceasefire.",
    "{a} criticized {b} for its support of the sanctions.",
    "{a} warned {b} that further escalation would have consequences.",
    "{a} praised {b} for its role in the negotiations {d}.",
    "{a} threatened to impose new tariffs on {b}.",
    "{a} signed an agreement with {b} in {p} {d}.",
    "{a} called on {b} to withdraw its troops.",
    "\u201cWe will not accept any deal that ignores our interests,\u201d {a} said in {p}.",
    "{a} said that {b} had broken its promises.",
    "Officials in {p} expect {a} to visit {b} {d}.",
]
NEUTRAL = [
    "The talks lasted for several hours and covered a wide range of topics.",
    "Prices for grain and fuel have risen sharply over the past year.",
    "Analysts expect the figures for the second quarter to be revised.",
    "The weather in the region has been unusually dry this season.",
    "Many of the details of the plan have not yet been made public.",
    "The report runs to more than two hundred pages and includes several annexes.",
]


def paragraph(rng: random.Random, density: float) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        if rng.random() < density:
            a, b = rng.sample(PEOPLE + GROUPS, 2)
            template = rng.choice(POLITICAL)
            sentences.append(template.format(a=a, b=b, p=rng.choice(PLACES), d=rng.choice(WHEN)))
        else:
            sentences.append(rng.choice(NEUTRAL))
    return " ".join(sentences)


def synthetic_text(chars: int, density: float = 0.25, seed: int = 0) -> str:
    """Paragraphs separated by blank lines, at least `chars` characters in all."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        parts.append(paragraph(rng, density))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)


def run(paths: list[Path], out: Path) -> dict:
    """`realpolitik analyze PATHS --workers 1`: exit code, peak RSS (MB), wall time, documents."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(CLI), "analyze", *map(str, paths), "--workers", "1", "-o", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    docs = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return {
        "exit": proc.returncode,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "seconds": seconds,
        "documents": len(docs),
        "errors": [d["meta"]["error"] for d in docs if d["meta"].get("error")],
        "records": sum(len(d["events"]) + len(d["quotes"]) for d in docs),
        "stderr": stderr.strip().splitlines()[-1:] if proc.returncode else [],
    }


def report(name: str, chars: int, r: dict) -> None:
    print(
        f"{name:<28} {chars:>11,} {r['exit']:>4} {r['peak_rss_mb']:>9,.0f} {r['seconds']:>8.1f}"
        f" {r['documents']:>4} {r['records']:>9,}  {'; '.join(r['errors'] + r['stderr'])[:80]}",
        flush=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="1,5", help="text sizes in MB (millions of characters)")
    ap.add_argument("--density", type=float, default=0.25, help="share of political sentences")
    ap.add_argument("--keep", type=Path, default=None, help="write the texts here, and keep them")
    ap.add_argument("--no-mixed", action="store_true", help="skip the 1.2 MB + 2 short texts run")
    args = ap.parse_args()
    if not CLI.exists():
        print(f"{CLI} not found: run with the project's .venv/bin/python", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(
            f"{'run':<28} {'characters':>11} {'exit':>4} {'peak MB':>9} {'seconds':>8}"
            f" {'docs':>4} {'ev+quotes':>9}  failures"
        )
        for mb in (float(s) for s in args.sizes.split(",") if s):
            text = synthetic_text(int(mb * 1_000_000), args.density)
            path = folder / f"long-{mb:g}MB.txt"
            path.write_text(text, encoding="utf-8")
            report(f"one text of {mb:g} MB", len(text), run([path], folder / f"{mb:g}MB.jsonl"))
        if not args.no_mixed:
            paths = []
            for name, size, seed in (
                ("short-a", 3_000, 1),
                ("long", 1_200_000, 2),
                ("short-b", 4_000, 3),
            ):
                paths.append(folder / f"{name}.txt")
                paths[-1].write_text(synthetic_text(size, args.density, seed), encoding="utf-8")
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            report("1.2 MB between 2 short", chars, run(paths, folder / "mixed.jsonl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
