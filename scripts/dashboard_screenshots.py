"""Screenshots of every dashboard page, for docs/: the dashboard over a store, in headless
Chromium (Debian's `chromium`, driven by Playwright).

    python scripts/dashboard_screenshots.py [--store out/polnear.duckdb] [--out docs]

The PolNeAR store comes from `python benchmarks/polnear_store.py`. The views shown are the
ones an analyst of the 2016 campaign would open first: the overview, Donald Trump's page,
the Trump–Clinton dyad with the week of the first debate clicked open, Clinton's
opportunities and risks, an article with its records, a search and the network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.server import Snapshot, create_app  # noqa: E402

VIEWS = [  # (file, path, height)
    ("overview", "/", 1700),
    ("actor", "/actor?id=Q22686", 1500),
    ("dyad", "/dyad?a=Q22686&b=Hillary%20Clinton&by=week&period=2016-09-26#clusters", 1500),
    ("focus", "/focus?actor=Hillary%20Clinton&since=2016-07-01", 1400),
    # the first evidence sentence of the dyad view; a few lines of the article, no more
    ("document", None, 360),
    ("search", "/search?q=%22tax+returns%22&actor=Donald+Trump", 1200),
    ("network", "/network?since=2016-05-01&until=2016-10-31", 1000),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=str(ROOT / "out" / "polnear.duckdb"))
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument("--width", type=int, default=1400)
    args = ap.parse_args()
    import httpx
    import uvicorn
    from playwright.sync_api import sync_playwright

    snapshot = Snapshot(args.store)
    snapshot.refresh()
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(snapshot), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("REALPOLITIK_CHROMIUM") or shutil.which("chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, path, height in VIEWS:
            if path is None:  # the evidence behind the dyad view's first cluster
                dyad = httpx.get(base + VIEWS[2][1].replace("/dyad?", "/dyad.json?")).json()
                m = dyad["tables"]["clusters"][0]["mentions"][0]
                path = f"/document?id={m['doc_id']}&at={m['start']}-{m['end']}#hit"
            width = 960 if name == "document" else args.width
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            target = out / f"dashboard-{name}.png"
            page.screenshot(path=str(target))
            print(f"{target}  <- {path}")
            page.close()
        browser.close()
    server.should_exit = True
    snapshot.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
