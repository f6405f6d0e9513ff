"""Build `src/realpolitik/data/events/verbs.jsonl` from the Phoenix CAMEO.2.0 verb dictionary.

    python scripts/build_verb_patterns.py [--source PATH/TO/CAMEO.2.0.txt] [--output FILE]

The source defaults to ../shared/data/eventdata/dictionaries/phoenix/CAMEO.2.0.txt.

The output is our JSONL pattern format (see `realpolitik.events.patterns`): synonym sets,
inflected forms, then one pattern a line in the dictionary's order. Hand-made additions live in
`verbs.local.jsonl`, which is not touched here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.events.patterns import read_petrarch  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared/data/eventdata/dictionaries/phoenix/CAMEO.2.0.txt"
OUTPUT = ROOT / "src/realpolitik/data/events/verbs.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args()
    if not args.source.exists():
        print(f"{args.source} not found; pass --source PATH/TO/CAMEO.2.0.txt", file=sys.stderr)
        return 2
    d = read_petrarch(args.source)
    seen = set()
    unique = []
    for p in d.patterns:  # the dictionary repeats some lines verbatim
        key = (p.verb, p.code, p.pos, p.object, p.preps, p.before, p.source, p.target, p.reverse)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    d.patterns = unique
    d.write_jsonl(args.output)
    print(
        f"{args.output}: {len(d.patterns)} patterns, {len(d.synsets)} synonym sets, "
        f"{len(d.forms)} inflected forms from {args.source.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
