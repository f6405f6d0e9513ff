"""Article-body extraction on the Zyte benchmark: realpolitik's extract_html vs trafilatura.

Runs our extractor and trafilatura's plain default (`trafilatura.extract(html)`) over the
181 pages of ../shared/data/extraction and prints precision, recall, F1 (word 4-gram
shingles, macro-averaged over pages) and exact-match accuracy, each with its bootstrap
standard deviation. See realpolitik.eval.extraction for the metric.

    python benchmarks/extraction.py [--data DIR] [--html-report PATH] [--predictions PATH]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402

from realpolitik.eval.extraction import ItemScore, evaluate  # noqa: E402
from realpolitik.sources.errors import SourceError  # noqa: E402
from realpolitik.sources.html import extract_html  # noqa: E402

FIGURES = ("precision", "recall", "f1", "accuracy")


def extract_page(job: tuple[str, str, str]) -> tuple[str, str, str, float]:
    """(id, our text, trafilatura default's text, seconds for ours) for one page."""
    item_id, path, url = job
    page = gzip.decompress(Path(path).read_bytes()).decode("utf-8")
    started = time.perf_counter()
    try:
        ours = extract_html(page, url=url, origin=path).text
    except SourceError:
        ours = ""
    took = time.perf_counter() - started
    reference = trafilatura.extract(page) or ""
    return item_id, ours, reference, took


def summary_line(name: str, result: dict) -> str:
    std = result["std"]
    cells = "  ".join(f"{result[k]:.3f} ± {std[k]:.3f}" for k in FIGURES)
    return f"{name:<26}{cells}"


def write_report(
    path: Path, ours: dict, reference: dict, urls: dict[str, str], figures: list[str]
) -> None:
    """A self-contained HTML table of per-page scores, worst (by our F1) first."""
    rows = []
    items: dict[str, ItemScore] = ours["items"]
    for item_id, score in sorted(items.items(), key=lambda kv: (kv[1].f1, kv[0])):
        ref = reference["items"][item_id]
        url = html.escape(urls[item_id])
        rows.append(
            f"<tr><td><code>{item_id[:12]}</code></td>"
            f"<td><a href='{url}'>{url}</a></td>"
            f"<td>{score.precision:.3f}</td><td>{score.recall:.3f}</td>"
            f"<td>{score.f1:.3f}</td><td>{'yes' if score.exact else ''}</td>"
            f"<td>{ref.f1:.3f}</td><td>{score.f1 - ref.f1:+.3f}</td></tr>"
        )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Extraction benchmark</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: right; }}
td:nth-child(2) {{ text-align: left; max-width: 40em; overflow: hidden; white-space: nowrap; }}
pre {{ background: #f6f6f6; padding: 1em; }}
</style></head><body>
<h1>Article-body extraction, {len(items)} pages</h1>
<pre>{html.escape(chr(10).join(figures))}</pre>
<table><thead><tr><th>id</th><th>url</th><th>P</th><th>R</th><th>F1</th><th>exact</th>
<th>trafilatura F1</th><th>difference</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
    path.write_text(page, "utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared/data/extraction",
        help="benchmark directory with ground-truth.json and html/ (default: %(default)s)",
    )
    ap.add_argument("--html-report", type=Path, help="write per-page scores to this HTML file")
    ap.add_argument("--predictions", type=Path, help="write our texts (id -> text) as JSON")
    ap.add_argument("--workers", type=int, default=2, help="processes (default: %(default)s)")
    args = ap.parse_args()
    truth_file = args.data / "ground-truth.json"
    if not truth_file.exists():
        print(f"benchmark data not found in {args.data}; pass --data DIR", file=sys.stderr)
        return 2

    truth = json.loads(truth_file.read_text("utf-8"))
    jobs = [
        (item_id, str(args.data / "html" / f"{item_id}.html.gz"), item["url"])
        for item_id, item in sorted(truth.items())
    ]
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        results = pool.map(extract_page, jobs, chunksize=4)
    wall = time.perf_counter() - started
    expected = {item_id: item["articleBody"] for item_id, item in truth.items()}
    ours = evaluate({r[0]: r[1] for r in results}, expected)
    reference = evaluate({r[0]: r[2] for r in results}, expected)
    ours_seconds = sum(r[3] for r in results)

    header = f"{'':<26}" + "  ".join(f"{k:<13}" for k in FIGURES)
    figures = [
        f"pages: {len(jobs)}  data: {args.data}",
        header,
        summary_line("realpolitik extract_html", ours),
        summary_line(f"trafilatura {trafilatura.__version__} default", reference),
        f"our extraction: {ours_seconds / len(jobs) * 1000:.0f} ms/page; "
        f"whole run {wall:.1f} s on {args.workers} workers",
    ]
    print("\n".join(figures))
    if args.predictions:
        args.predictions.write_text(
            json.dumps({r[0]: r[1] for r in results}, ensure_ascii=False, indent=1), "utf-8"
        )
    if args.html_report:
        urls = {item_id: item["url"] for item_id, item in truth.items()}
        write_report(args.html_report, ours, reference, urls, figures)
        print(f"per-page report: {args.html_report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
