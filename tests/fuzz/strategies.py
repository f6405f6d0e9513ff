"""What the fuzz tests share: the budget, the input strategies, and two real local servers.

Budget: `REALPOLITIK_FUZZ_EXAMPLES` examples per reader (default 50, the CI budget) and
`REALPOLITIK_FUZZ_DEADLINE_MS` per example (default 10000: "within a bounded time", with room
for a loaded machine). The bigger run: `REALPOLITIK_FUZZ_EXAMPLES=5000 pytest tests/fuzz`
(`-m "not fuzz"` leaves the folder out of a run). No example database is written
(`database=None`): a failure prints its input, which becomes an `@example(...)` in the test.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import threading
from contextlib import suppress
from http.server import BaseHTTPRequestHandler

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from realpolitik.settings import Settings
from tests.local_server import serving

EXAMPLES = int(os.environ.get("REALPOLITIK_FUZZ_EXAMPLES", "50"))
DEADLINE_MS = int(os.environ.get("REALPOLITIK_FUZZ_DEADLINE_MS", "10000"))

# REALPOLITIK_FUZZ_GENERATED_ONLY=1 skips the explicit @example regressions: a known crash
# then does not stop the search for new ones.
PHASES = [
    p for p in Phase if p != Phase.explicit or not os.environ.get("REALPOLITIK_FUZZ_GENERATED_ONLY")
]

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE_MS,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    phases=PHASES,
)


def reader_settings(**changes: object) -> Settings:
    """Small limits, so a generated input can reach them, and a short network timeout."""
    base = {"max_bytes": 200_000, "timeout": 2.0}
    base.update(changes)
    return Settings().with_(**base)


# --- text and bytes --------------------------------------------------------------------------

SENTENCES = [
    "The foreign minister of France met the German chancellor in Geneva on Tuesday.",
    "Russia warned Ukraine that the talks would fail without a ceasefire.",
    "“We will not accept this,” the spokesman said.",
    "Officials in Berlin said the government would keep supporting sanctions.",
]
LINES = [
    "The Putin-Trump Dynamic: Opportunities and Risks",
    "By Jane Doe",
    "By Professor Mark Galeotti, Moscow",
    "March 7, 2025",
    "Published: 2025-03-07",
    "7 Sept. 2025",
    "Published: 2025-13-45",
    "February 30, 2025",
    "Professor Mark Galeotti is the author of many books.",
    "Back To Top",
    "Leave a Reply",
    "Share this:",
    "Cookie settings",
    "",
    " ",
    "\t",
    "\r",
    "\u00a0",
    "\ufeff",
    "[/b] [red]markup[/red] [/]",
    *SENTENCES,
]
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "cp1252",
    "latin-1",
    "cp1251",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "mac_roman",
]

scraped_text = st.lists(
    st.one_of(st.sampled_from(LINES), st.text(max_size=80)), min_size=0, max_size=30
).map("\n".join)
any_text = st.one_of(scraped_text, st.text(max_size=2000))


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str] = any_text) -> bytes:
    """A text in some encoding (unencodable characters replaced), maybe damaged or gzipped."""
    data = draw(texts).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=4)) + data[at:]  # a few broken bytes
    if draw(st.integers(0, 9)) == 0:
        data = gzip.compress(data)
    return data


any_bytes = st.one_of(st.binary(max_size=4096), encoded())

# --- HTML ----------------------------------------------------------------------------------

TAGS = [
    "html", "head", "body", "title", "meta", "div", "p", "article", "main", "section", "nav",
    "header", "footer", "aside", "script", "style", "a", "h1", "h2", "ul", "ol", "li",
    "table", "tr", "td", "br", "span", "iframe", "blockquote", "figure", "figcaption", "svg",
    "math", "template", "noscript", "time", "pre", "code", "form", "button", "img",
]  # fmt: skip
ATTRS = [
    ("class", ["article-body", "cookie-banner", "nav", "related", "twitter-tweet", "content"]),
    ("id", ["main", "content", "comments"]),
    ("lang", ["en", "de", "xx-INVALID", "", "zh-Hant-TW"]),
    ("charset", ["utf-8", "windows-1252", "nonsense", ""]),
    ("href", ["/", "https://example.org/a", "javascript:x()", "file:///etc/passwd", "%zz"]),
    ("name", ["author", "description", "date", "og:title"]),
    ("property", ["og:title", "article:published_time", "og:site_name"]),
    ("content", ["Jane Doe", "2025-03-07", "2025-02-30", "99999-01-01", "[/]", ""]),
    ("datetime", ["2025-03-07T10:00:00Z", "not a date"]),
]
FRAGMENTS = ["&amp;", "&#0;", "&#x110000;", "&nbsp;", "<!--", "-->", "]]>", "<![CDATA[", "<", "&"]


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    attr = st.sampled_from(ATTRS).flatmap(lambda a: st.sampled_from(a[1]).map(lambda v: (a[0], v)))

    @st.composite
    def make(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        attrs = "".join(f' {k}="{v}"' for k, v in draw(st.lists(attr, max_size=3)))
        inner = "".join(draw(st.lists(children, max_size=5)))
        closed = draw(st.integers(0, 9)) > 0  # sometimes left open
        return f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else "")

    return make()


html_leaf = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(FRAGMENTS), st.text(max_size=40))
html_fragment = st.recursive(html_leaf, _element, max_leaves=40)
json_ld = st.dictionaries(
    st.sampled_from(["@type", "headline", "author", "datePublished", "publisher", "name"]),
    st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=10), max_size=3)),
).map(lambda d: f'<script type="application/ld+json">{json.dumps(d)}</script>')
html_page = st.builds(
    lambda head, body, ld: (
        f"<!doctype html><html><head>{ld}{head}</head><body>{body}</body></html>"
    ),
    st.lists(html_fragment, max_size=3).map("".join),
    st.lists(html_fragment, max_size=8).map("".join),
    st.one_of(st.just(""), json_ld),
)
any_html = st.one_of(html_page, html_fragment, st.text(max_size=500))

# --- JSON, dumps ------------------------------------------------------------------------------

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.sampled_from(["2017/2/7", "07.02.2017", "Feb 7, 2017", "02/07/2017", "[/b]", "1486425600"]),
)
json_value = st.recursive(
    json_scalar,
    lambda c: st.one_of(
        st.lists(c, max_size=4), st.dictionaries(st.text(max_size=8), c, max_size=4)
    ),
    max_leaves=20,
)
COLUMNS = [
    "id", "text", "title", "author", "published", "date", "url", "source", "language", "body",
    "content", "article_source_link", "link", "pubDate", "timestamp", "headline", "outlet",
]  # fmt: skip
column_name = st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8))
dump_row = st.dictionaries(
    column_name, st.one_of(json_value, st.sampled_from(SENTENCES)), max_size=8
)
jsonl_line = st.one_of(
    dump_row.map(lambda r: json.dumps(r, allow_nan=True)),
    json_value.map(lambda v: json.dumps(v, allow_nan=True)),
    st.text(max_size=60),
)
cell = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=40), json_scalar.map(str))

# --- feeds ---------------------------------------------------------------------------------

FEED_DATES = [
    "Tue, 07 Feb 2017 10:00:00 GMT",
    "2017-02-07T10:00:00+01:00",
    "not a date",
    "Mon, 31 Feb 2017 99:99:99 XYZ",
    "",
]


def links(base: str) -> st.SearchStrategy[str | None]:
    """Item links: none, relative, the local server's pages, other schemes, broken URLs. None
    needs DNS or leaves the machine."""
    return st.one_of(
        st.none(),
        st.sampled_from(
            [
                "",
                "/page",
                "page.html",
                f"{base}/page",
                f"{base}/missing",
                f"{base}/page#frag",
                "file:///etc/passwd",
                "ftp://127.0.0.1:1/x",
                "javascript:alert(1)",
                "mailto:a@example.org",
                "http://127.0.0.1:1/closed",
                "http://user:pw@127.0.0.1:1/",
                "http://[::1",
                "http://%zz/",
                "http:///nohost",
                "[/]",
            ]
        ),
        st.text(max_size=20),
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feed_xml(draw: st.DrawFn, base: str) -> bytes:
    """An RSS 2.0, Atom or RDF document with generated items (raw or escaped fields)."""
    kind = draw(st.sampled_from(["rss", "atom", "rdf"]))
    field = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=60))
    raw = draw(st.booleans())  # unescaped fields: a malformed feed

    def val(text: str) -> str:
        return text if raw else _escape(text)

    items = []
    for _ in range(draw(st.integers(0, 5))):
        link = draw(links(base))
        link_xml = "" if link is None else val(link)
        title, body, when = draw(field), draw(field), draw(st.sampled_from(FEED_DATES))
        if kind == "atom":
            items.append(
                f'<entry><title>{val(title)}</title><link href="{link_xml}"/>'
                f'<updated>{when}</updated><content type="html">{val(body)}</content></entry>'
            )
        else:
            link_tag = "" if link is None else f"<link>{link_xml}</link>"
            items.append(
                f"<item><title>{val(title)}</title>{link_tag}<pubDate>{when}</pubDate>"
                f"<description>{val(body)}</description></item>"
            )
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    if kind == "atom":
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{"".join(items)}</feed>'
    elif kind == "rdf":
        doc = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel>'
            f"{''.join(items)}</rdf:RDF>"
        )
    else:
        doc = f'<rss version="2.0"><channel><title>T</title>{"".join(items)}</channel></rss>'
    data = (head + doc).encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]  # truncated
    return data


# --- the local servers ---------------------------------------------------------------------

GOOD_PAGE = (
    "<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
    + "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    + "</article></body></html>"
).encode()


class _Pages(BaseHTTPRequestHandler):
    """/page: a good article; anything else: 404."""

    def do_GET(self) -> None:
        found = self.path.split("?")[0] in ("/page", "/other")
        body = GOOD_PAGE if found else b"not found"
        with suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8" if found else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


_pages = serving(_Pages)
PAGES = _pages.__enter__()  # for the whole test session: a daemon thread


class RawServer:
    """A local TCP server that answers every request to /r with the bytes set by `respond`
    (status line, headers and body as given, then it closes), and any other path with a
    good article page (where generated redirects lead)."""

    def __init__(self) -> None:
        self.response = b""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def respond(self, raw: bytes) -> str:
        self.response = raw
        return f"{self.base}/r"

    def _serve(self) -> None:
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn, suppress(OSError):
            conn.settimeout(3)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b"/"
            if path.split(b"?")[0] == b"/r":
                conn.sendall(self.response)
            else:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(GOOD_PAGE)).encode()
                    + b"\r\nConnection: close\r\n\r\n"
                    + GOOD_PAGE
                )


RAW = RawServer()


# --- the property every reader must have -------------------------------------------------------


def check_item(item: object) -> None:
    """An Article with text, a real publication day (or none) and JSON-able fields, or a
    Failure naming its input."""
    from datetime import date

    from realpolitik.records import Article
    from realpolitik.sources import Failure

    assert isinstance(item, Article | Failure), f"{type(item).__name__} yielded"
    if isinstance(item, Failure):
        assert isinstance(item.input, str) and item.input
        assert isinstance(item.reason, str) and item.reason
        return
    assert isinstance(item.text, str) and item.text.strip()
    item.text.encode("utf-8")  # no lone surrogates: it must print and store
    if item.published is not None:
        date.fromisoformat(item.published)  # a day that exists
    json.dumps(item.to_dict(), allow_nan=False)


def drain(produce, *, may_raise: bool = True) -> list[object]:
    """Everything `produce()` yields (or returns, for a single Article), each checked. Only
    a SourceError may escape a reader (none at all with `may_raise=False`)."""
    from realpolitik.sources import SourceError

    try:
        result = produce()
        items = list(result) if not hasattr(result, "text") else [result]
    except SourceError as exc:
        assert may_raise, f"SourceError escaped: {exc}"
        assert exc.input and exc.reason
        return []
    for item in items:
        check_item(item)
    return items
