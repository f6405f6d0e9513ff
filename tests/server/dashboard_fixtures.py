"""A small store of real analysis for the dashboard's tests: the shipped op-ed and four short
reports written for these tests (the real events of 2025 between Trump and Putin, in our own
words), plus an article whose title and body carry script and HTML injections. Every record
comes out of the real pipeline (spaCy and our components), so the pages show what they will
show on any store."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from realpolitik import analyze_many
from realpolitik.corpus import build
from realpolitik.records import Article
from realpolitik.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "putin-trump-dynamic.txt"

XSS_TITLE = 'Breaking <script>window.__xss = 1</script> "><img src=x onerror="window.__xss=2">'
XSS_TEXT = (
    "Vladimir Putin warned Donald Trump on Tuesday. "
    '<script>window.__xss = 3</script> "><img src=x onerror="window.__xss=4"> '
    "Trump said he would meet Putin in Budapest to discuss a ceasefire in Ukraine."
)
# a phrase the search test looks for, and the article that has it
PHRASE = "phone call lasting more than two hours"

REPORTS = [
    (
        "call-feb",
        "2025-02-12",
        "Wire Desk",
        "Trump and Putin speak by phone, agree to start talks on Ukraine",
        "Donald Trump and Vladimir Putin held a phone call lasting more than two hours on "
        "Wednesday. Trump said the two leaders agreed to have their teams start negotiations "
        "on ending the war in Ukraine. Putin invited Trump to visit Moscow. Ukrainian "
        "President Volodymyr Zelensky said Kyiv must take part in any talks about its future.",
    ),
    (
        "oval-office",
        "2025-03-01",
        "Capital Report",
        "Oval Office meeting between Trump and Zelensky ends in a shouting match",
        "Donald Trump accused Volodymyr Zelensky of gambling with World War Three during a "
        "meeting in the Oval Office on Friday. Vice President JD Vance criticized Zelensky "
        "for ingratitude. Zelensky left the White House without signing the minerals deal. "
        "European leaders pledged to support Ukraine.",
    ),
    (
        "call-march",
        "2025-03-18",
        "Wire Desk",
        "Putin agrees to pause strikes on energy sites after call with Trump",
        "Vladimir Putin agreed to halt attacks on Ukrainian energy infrastructure for thirty "
        "days after a phone call with Donald Trump on Tuesday. Putin rejected a full "
        "ceasefire. The Kremlin demanded that Western countries stop military aid to Kyiv. "
        "Zelensky said Ukraine would support the partial truce.",
    ),
    (
        "alaska",
        "2025-08-15",
        "Capital Report",
        "Trump meets Putin in Alaska; no ceasefire agreement",
        "Donald Trump met Vladimir Putin at a military base in Anchorage, Alaska, on Friday. "
        "Trump praised the meeting as productive but said there was no deal yet. Putin "
        "thanked Trump and proposed that the next meeting take place in Moscow. Zelensky "
        "warned that Russia was stalling while its attacks continued.",
    ),
]


def articles() -> list[Article]:
    out = [
        Article(
            id="putin-trump-dynamic",
            text=EXAMPLE.read_text(encoding="utf-8"),
            title="The Putin-Trump Dynamic: Opportunities and Risks for Russia",
            published="2025-03-07",
            source="Example Op-Ed",
        )
    ]
    out += [
        Article(id=i, text=text, title=title, published=day, source=outlet)
        for i, day, outlet, title, text in REPORTS
    ]
    out.append(
        Article(
            id="xss",
            text=XSS_TEXT,
            title=XSS_TITLE,
            published="2025-10-16",
            source='Outlet <b>"quoted"</b>',
        )
    )
    return out


def make_store(path: Path) -> Path:
    """Analyze the articles into a store at `path`, with its corpus tables built."""
    arts = articles()
    with Store(path) as db:
        db.add_articles(arts)
        db.add_documents(analyze_many(arts, workers=1))
        build(db)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the dashboard over `snapshot` on a free local port, in a thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
