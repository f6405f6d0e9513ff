"""`realpolitik watch` live: a local news site whose feed grows while a watcher polls it.

    python benchmarks/watch_demo.py [--store out/watch-demo.duckdb] [--every 3s] [--polls 4]

Starts a local news site (an RSS feed answering conditional GETs with 304, article pages, a
robots.txt that closes /private/), runs `realpolitik watch FEED --store ... --every 3s` as a
subprocess, and adds articles to the feed between polls: two after the first poll, none after
the second (so the third is a 304), two more after the third, one of them a dead link. After
`--polls` polls it sends SIGTERM, then prints the watcher's log lines, its exit code and the
store's counts. The articles are PolNeAR dev texts (`../shared/data/quotes/polnear/data/dev/
text/*.txt`, read at run time, never copied here), or generated paragraphs when those are
absent. The store is made afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import queue
import signal
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "data" / "dev" / "text"
CLI = str(Path(sys.executable).parent / "realpolitik")


# --- the articles -----------------------------------------------------------------------


def polnear_articles(limit: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the longest-enough PolNeAR dev texts, in name order."""
    found = []
    for path in sorted(POLNEAR.glob("*.txt")) if POLNEAR.is_dir() else []:
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if len(blocks) >= 5:
            found.append((blocks[0].rstrip("."), blocks[1:]))
        if len(found) == limit:
            break
    return found


def generated_articles(limit: int) -> list[tuple[str, list[str]]]:
    """Distinct news-like stories, when the PolNeAR texts are not there."""
    actors = [
        ("Germany", "Berlin", "the German chancellor"),
        ("France", "Paris", "the French president"),
        ("Russia", "Moscow", "the Kremlin spokesman"),
        ("Ukraine", "Kyiv", "the Ukrainian foreign minister"),
        ("China", "Beijing", "the Chinese premier"),
        ("Japan", "Tokyo", "the Japanese prime minister"),
        ("Turkey", "Ankara", "the Turkish president"),
        ("Brazil", "Brasilia", "the Brazilian finance minister"),
    ]
    topics = ["energy prices", "grain exports", "border security", "arms control"]
    stories = []
    for n in range(limit):
        (a, city, leader), (b, _, other) = actors[n % 8], actors[(3 * n + 1) % 8]
        topic = topics[n % 4]
        stories.append(
            (
                f"{a} and {b} hold talks on {topic} ({n + 1})",
                [
                    f"Officials from {a} and {b} met in {city} on Tuesday for talks on {topic}, "
                    f"the {n + 1}th round this year, according to both governments.",
                    f"Speaking after the meeting, {leader} said {a} was ready to compromise "
                    f"but would not accept conditions that threatened its national interest.",
                    f"{other.capitalize()} accused {a} of delaying an agreement and warned "
                    f"that {b} could impose sanctions if no progress was made by the summer.",
                    f"Analysts said the dispute over {topic} had strained relations between "
                    f"the two countries since the election, and that a deal remained distant.",
                ],
            )
        )
    return stories


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>\n{body}\n"
        "</article><footer>Demo News. All rights reserved.</footer></body></html>"
    ).encode()


# --- the news site ----------------------------------------------------------------------


class Site:
    """The feed (newest first) and the pages; changing the feed changes its ETag."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {
            "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
        }
        self.items: list[tuple[str, str]] = []  # (path, title)
        self.feed = b""
        self.stamp = ""
        self.lock = threading.Lock()

    def add(self, path: str, title: str, paragraphs: list[str] | None) -> None:
        """An item at the top of the feed; its page (no page: the link is dead)."""
        with self.lock:
            if paragraphs is not None:
                self.pages[path] = page(title, paragraphs)
            self.items.insert(0, (path, title))
            entries = "".join(
                f"<item><title>{escape(t)}</title><link>{{base}}{p}</link>"
                f"<guid isPermaLink='false'>demo:{p}</guid></item>"
                for p, t in self.items
            )
            self.feed = (
                "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                f"<title>Demo News</title><link>{{base}}/</link>{entries}</channel></rss>"
            ).encode()
            self.stamp = formatdate(time.time(), usegmt=True)


def serve(site: Site) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://{self.headers['Host']}"
            with site.lock:
                if self.path == "/feed.xml":
                    body = site.feed.replace(b"{base}", base.encode())
                    etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        return self.answer(304, b"", etag=etag)
                    return self.answer(200, body, "application/rss+xml", etag=etag)
                body = site.pages.get(self.path)
            if body is None:
                return self.answer(404, b"not found", "text/plain")
            kind = "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
            self.answer(200, body, kind)

        def answer(self, status: int, body: bytes, kind: str = "", etag: str = "") -> None:
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", site.stamp)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- the demo ---------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--store", default=str(ROOT / "out" / "watch-demo.duckdb"))
    ap.add_argument("--every", default="3s")
    ap.add_argument("--polls", type=int, default=4, help="polls before SIGTERM")
    args = ap.parse_args()

    texts = polnear_articles(8)
    source = f"PolNeAR dev texts ({POLNEAR})" if texts else "generated paragraphs"
    texts = texts or generated_articles(8)
    print(f"articles: {source}")
    store = Path(args.store)
    store.parent.mkdir(parents=True, exist_ok=True)
    for old in (store, store.with_name(store.name + ".wal")):
        old.unlink(missing_ok=True)

    site = Site()
    server, base = serve(site)
    stories = iter(enumerate(texts))

    def add_articles(n: int, dead: bool = False) -> None:
        for _ in range(n):
            number, (title, paragraphs) = next(stories)
            site.add(f"/articles/{number}.html", title, paragraphs)
        if dead:
            site.add("/articles/withdrawn.html", "A story taken down", None)

    add_articles(2)
    site.add("/private/members-only.html", "Members only", texts[-1][1])  # robots.txt: no
    additions = {1: lambda: add_articles(2), 3: lambda: add_articles(2, dead=True)}

    feed = f"{base}/feed.xml"
    command = [CLI, "watch", feed, "--store", str(store), "--every", args.every, "--delay", "0.2"]
    command.append("--allow-private-addresses")  # the demo's site is on 127.0.0.1
    print("$ " + " ".join(command[1:]).replace(str(ROOT) + "/", ""), flush=True)
    started = time.monotonic()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in proc.stderr:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    log, polls = [], 0
    while (line := lines.get()) is not None:
        log.append(line)
        print(f"  {line}", flush=True)
        if " poll " in line:
            polls += 1
            if polls in additions:
                additions[polls]()
            if polls == args.polls:
                proc.send_signal(signal.SIGTERM)
    code = proc.wait()
    server.shutdown()
    print(f"exit code {code} after {time.monotonic() - started:.1f} s")
    report(store)
    return 0 if code == 0 else 1


def report(store: Path) -> None:
    from realpolitik.store import Store

    with Store(store, read_only=True) as db:
        counts = db.counts()
        con = db.con
        [(corpus,)] = con.execute("SELECT count(*) FROM corpus_documents").fetchall()
        items = con.execute(
            "SELECT coalesce(status, '(claimed)'), count(*) FROM feed_items GROUP BY 1 ORDER BY 1"
        ).fetchall()
        [feed] = con.execute(
            "SELECT url, polls, failures, items, stored, skipped, failed, last_status "
            "FROM feed_status"
        ).fetchall()
    counts["corpus_documents"] = corpus
    print("store:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("feed_items:", ", ".join(f"{status} {n}" for status, n in items))
    url, polls, failures, n, stored, skipped, failed, last = feed
    print(
        f"feed_status: {url} polls={polls} failures={failures} items={n} stored={stored} "
        f"skipped={skipped} failed={failed} last_status={last!r}"
    )


if __name__ == "__main__":
    sys.exit(main())
