"""Build the development store of the corpus layer: PolNeAR's 924 articles, analyzed.

    python benchmarks/polnear_store.py [--store out/polnear.duckdb] [--workers 2] [--limit N]

Reads `../shared/data/quotes/polnear/data/{train,dev}/text/*.txt` with their outlet, date,
title and author from `metadata.tsv`, writes them as a JSONL dump (under `out/`, never
committed: the texts are not ours), analyzes it into the store with `realpolitik analyze`,
and builds the corpus tables (`realpolitik corpus build`). Exits 0 with a note when the
data is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "data"
SPLITS = ("train", "dev")

OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}


_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u201e\u20ac\u2122\u0153\u0161]+")


def repair_title(title: str) -> str:
    """A title as its outlet wrote it: metadata.tsv has one stored as UTF-8 read as Latin-1
    and then decomposed ("PeA\u0303\u00b1a" for "Pe\u00f1a"). Texts are left as they are:
    the gold sets' offsets point into them."""
    title = unicodedata.normalize("NFC", title)

    def fix(m: re.Match) -> str:
        try:
            return m.group().encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group()

    return _MOJIBAKE.sub(fix, title)


def polnear_rows(root: Path = POLNEAR, splits: tuple[str, ...] = SPLITS) -> list[dict]:
    """One dump row per article of `splits`, with the metadata the corpus layer uses."""
    meta = {}
    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    rows = []
    for split in splits:
        for path in sorted((root / split / "text").glob("*.txt")):
            m = meta.get(path.stem, {})
            author = m.get("author")
            rows.append(
                {
                    "id": path.stem[:48],
                    "text": path.read_text(encoding="utf-8"),
                    "title": repair_title(m.get("title") or "") or None,
                    "author": None if author in (None, "", "None") else author,
                    "published": m.get("publication_date") or None,
                    "source": OUTLETS.get(m.get("publisher", ""), m.get("publisher")),
                    "split": split,
                }
            )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--store", default=str(ROOT / "out" / "polnear.duckdb"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    if not (POLNEAR / "metadata.tsv").exists():
        print(f"PolNeAR is not at {POLNEAR}: nothing to build", file=sys.stderr)
        return 0
    rows = polnear_rows()
    if args.limit:
        rows = rows[: args.limit]
    dump = ROOT / "out" / "polnear-articles.jsonl"
    dump.parent.mkdir(parents=True, exist_ok=True)
    with dump.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles -> {dump}", file=sys.stderr)
    exe = Path(sys.executable).parent / "realpolitik"
    cmd = [str(exe), "analyze", str(dump), "--store", args.store, "--workers", str(args.workers)]
    cmd += ["--quiet", "--output", "/dev/null"]
    rc = subprocess.call(cmd)
    if rc != 0:
        return rc
    return subprocess.call([str(exe), "corpus", "build", "--store", args.store])


if __name__ == "__main__":
    sys.exit(main())
