"""Build src/realpolitik/data/events/cameo.tsv from the public CAMEO and PLOVER tables.

    python scripts/build_event_tables.py [--source ../shared/data/eventdata]

Reads icews_r_pkg/cameo-codes.csv and plover/CAMEO2PLOVER-2021.txt under --source; the
output is committed, so this only needs running when the sources or the mapping rules change.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from realpolitik.events.cameo import TABLE, build_tables, write_table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "eventdata"
OUT = ROOT / "src" / "realpolitik" / "data" / "events"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="eventdata folder")
    ap.add_argument("--out", type=Path, default=OUT, help="folder to write cameo.tsv into")
    args = ap.parse_args()
    codes = build_tables(
        args.source / "icews_r_pkg" / "cameo-codes.csv",
        args.source / "plover" / "CAMEO2PLOVER-2021.txt",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    write_table(codes, args.out / TABLE)
    with_plover = sum(1 for c in codes if c.plover_event)
    print(f"{args.out / TABLE}: {len(codes)} codes, {with_plover} with a PLOVER type")


if __name__ == "__main__":
    main()
