"""A real news site on localhost for the watch tests: article pages, feeds that change
between polls (with ETag and Last-Modified, answering conditional GETs with 304), a
robots.txt, slow routes; it records every request."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler

from realpolitik.settings import Settings
from tests.sources.test_web import article_page

# Settings for the tests: short timeouts, serial analysis.
FAST = Settings().with_(timeout=1.0, workers=1)

# Distinct news stories, several sentences each, so that extraction keeps them and the
# store does not take one for a near-duplicate of another.
STORIES: list[tuple[str, list[str]]] = [
    (
        "France and Germany back a European defence fund",
        [
            "The foreign ministers of France and Germany met in Berlin on Tuesday to discuss "
            "the future of European defence spending and the war in Ukraine, officials said.",
            "Speaking after the talks, the German minister said both governments were "
            "determined to keep supplying air defence systems to Kyiv for as long as the "
            "attacks continued.",
            "Her French counterpart warned that Europe could no longer rely on Washington "
            "alone and called for a joint procurement fund worth at least one hundred billion "
            "euros.",
            "Analysts in Brussels said the proposal faced resistance from fiscally cautious "
            "member states, but that pressure from the battlefield was changing minds quickly.",
        ],
    ),
    (
        "Grain corridor talks resume in Istanbul",
        [
            "Negotiators from Russia and Ukraine returned to Istanbul on Monday for a new round "
            "of talks on shipping grain through the Black Sea, Turkish officials said.",
            "The Turkish foreign minister said Ankara would guarantee the safety of the "
            "vessels and urged both delegations to reach a deal before the harvest.",
            "Moscow has demanded that Western sanctions on its agricultural bank be lifted "
            "before it agrees to any extension of the corridor.",
            "United Nations officials warned that food prices in East Africa would rise again "
            "if the ships stayed in port for another month.",
        ],
    ),
    (
        "Senate approves a new aid package after a long night",
        [
            "The United States Senate approved a sixty billion dollar aid package for Ukraine "
            "and Israel early on Wednesday after an all-night session.",
            "The Senate majority leader said the vote showed that America would not abandon "
            "its allies, while several Republican senators criticised the cost of the bill.",
            "The package now goes to the House of Representatives, where the speaker has "
            "refused to promise a vote before the spring recess.",
            "The White House urged the House to act quickly, saying that Ukrainian forces were "
            "running short of artillery shells along the front.",
        ],
    ),
    (
        "China holds military drills near Taiwan",
        [
            "China launched large military drills around Taiwan on Saturday, two days after "
            "the island's president returned from a visit to Central America.",
            "The Chinese defence ministry said the exercises were a stern warning to "
            "separatist forces, and dozens of aircraft crossed the median line of the strait.",
            "Taiwan's government condemned the drills and said its armed forces were "
            "monitoring the situation closely.",
            "Japan expressed serious concern and asked Beijing to respect the peace and "
            "stability of the region, its chief cabinet secretary told reporters in Tokyo.",
        ],
    ),
    (
        "Iran and the IAEA agree on new inspections",
        [
            "Iran agreed on Thursday to let inspectors from the International Atomic Energy "
            "Agency reinstall cameras at two nuclear sites, the agency's director said in "
            "Vienna.",
            "The director general said the deal was an important step, but warned that Tehran "
            "still had to explain traces of uranium found at an undeclared site.",
            "Iran's foreign minister said his country had shown good faith and accused the "
            "European powers of failing to keep their own commitments.",
            "Diplomats in Vienna said the agreement could open the way for a resumption of "
            "the talks on the nuclear deal later this year.",
        ],
    ),
    (
        "India and Pakistan renew the ceasefire in Kashmir",
        [
            "India and Pakistan agreed on Friday to observe the ceasefire along the Line of "
            "Control in Kashmir, the two armies said in a joint statement.",
            "The statement followed talks between the directors general of military "
            "operations, who spoke on a hotline that had been silent for months.",
            "Pakistan's prime minister welcomed the agreement and said his government was "
            "ready to discuss every outstanding issue with New Delhi.",
            "Indian officials were more cautious and said the army would respond firmly to "
            "any attack on its posts.",
        ],
    ),
    (
        "Brazil's president courts investors in Beijing",
        [
            "Brazil's president arrived in Beijing on Tuesday for a state visit aimed at "
            "doubling trade with China, his largest commercial partner.",
            "The Brazilian leader said the two countries should trade in their own currencies "
            "and criticised the dominance of the dollar in world commerce.",
            "China's president praised the visit and promised to buy more beef and soy from "
            "Brazilian farmers, state media reported.",
            "The United States said it respected Brazil's right to choose its partners but "
            "warned against relying on Chinese telecommunications equipment.",
        ],
    ),
    (
        "NATO leaders gather in Vilnius",
        [
            "NATO leaders gathered in Vilnius on Tuesday for a summit dominated by Ukraine's "
            "request for a clear path to membership of the alliance.",
            "The secretary general said the allies would reaffirm that Ukraine's future lies "
            "in NATO, but that no invitation could be issued while the war continued.",
            "Ukraine's president called the lack of a timetable absurd and said uncertainty "
            "was a weakness that Moscow would exploit.",
            "Turkey lifted its objection to Sweden's accession on the eve of the summit after "
            "talks with the Swedish prime minister.",
        ],
    ),
    (
        "Security Council votes on Sudan",
        [
            "The United Nations Security Council voted on Monday to extend its mission in "
            "Sudan for another six months, despite objections from the military government.",
            "The British ambassador said the council could not abandon the people of Darfur "
            "while the fighting between the army and the paramilitary forces went on.",
            "Russia and China abstained, arguing that the resolution interfered in the "
            "internal affairs of a sovereign state.",
            "Aid agencies said more than four million people had fled their homes since the "
            "war began in April.",
        ],
    ),
    (
        "Poland and Lithuania tighten their borders",
        [
            "Poland and Lithuania said on Wednesday they would close more crossings on their "
            "borders with Belarus after a rise in attempted illegal entries.",
            "The Polish interior minister accused Minsk of organising the flights that brought "
            "migrants to the border and said Warsaw would send more troops.",
            "The Belarusian foreign ministry rejected the accusations and said its neighbours "
            "were violating the rights of refugees.",
            "The European Commission said it stood in solidarity with the two member states "
            "and would propose new sanctions against airlines involved.",
        ],
    ),
]


@dataclass
class Item:
    """One entry of a served feed; `link=None` leaves the link out."""

    guid: str
    title: str
    link: str | None


def rss(title: str, items: list[Item]) -> str:
    parts = []
    for item in items:
        link = f"<link>{escape(item.link)}</link>" if item.link else ""
        parts.append(
            f'<item><title>{escape(item.title)}</title>{link}<guid isPermaLink="false">'
            f"{escape(item.guid)}</guid><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>{''.join(parts)}"
        "</channel></rss>"
    )


def atom(title: str, items: list[Item]) -> str:
    entries = "".join(
        f"<entry><id>{escape(i.guid)}</id><title>{escape(i.title)}</title>"
        + (f'<link rel="alternate" href="{escape(i.link)}"/>' if i.link else "")
        + "<updated>2026-12-01T08:00:00Z</updated></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:feed</id><updated>2026-12-01T08:00:00Z</updated>"
        f"{entries}</feed>"
    )


@dataclass
class Route:
    body: bytes
    content_type: str
    status: int = 200
    delay: float = 0.0
    validators: bool = False  # send ETag/Last-Modified and answer conditional GETs with 304
    last_modified: str = ""


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived


@dataclass
class NewsSite:
    """The routes of one local server and every request it received."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def url(self, path: str) -> str:
        return self.base + path

    def article(self, path: str, story: int, *, delay: float = 0.0) -> str:
        title, paragraphs = STORIES[story]
        self.routes[path] = Route(
            article_page(title, paragraphs).encode(), "text/html; charset=utf-8", delay=delay
        )
        return self.url(path)

    def feed(self, path: str, items: list[Item], *, kind: str = "rss", etag: bool = True) -> str:
        """Serve (or change) a feed; with `etag`, conditional GETs of it get 304 until then."""
        body = (rss if kind == "rss" else atom)(f"Example News {path}", items).encode()
        media = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        stamp = formatdate(time.time(), usegmt=True)
        self.routes[path] = Route(body, media, validators=etag, last_modified=stamp)
        return self.url(path)

    def page(self, path: str, body: str, content_type: str, *, status: int = 200, delay=0.0):
        self.routes[path] = Route(body.encode(), content_type, status=status, delay=delay)
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(r.path == path for r in self.requests)

    def wait_for(self, path: str, timeout: float = 60.0) -> bool:
        """Block until `path` has been requested (at least once)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: self.hits(path) > 0, timeout)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        with self.site.arrived:
            self.site.requests.append(Request(path, dict(self.headers), time.monotonic()))
            self.site.arrived.notify_all()
        route = self.site.routes.get(path) or Route(b"not found", "text/plain", status=404)
        if route.delay:
            time.sleep(route.delay)
        headers = {"Content-Type": route.content_type}
        if route.validators:
            headers |= {"ETag": _etag(route.body), "Last-Modified": route.last_modified}
            if self.headers.get("If-None-Match") == headers["ETag"]:
                return self._send(304, headers, b"")
        self._send(route.status, headers, route.body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (it timed out): as intended

    def log_message(self, format: str, *args: object) -> None:
        pass


def handler_for(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    """The request handler class of a server that serves `site`."""
    return type("Handler", (_Handler,), {"site": site})
