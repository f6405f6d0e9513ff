"""URLs and feeds, fetched from a real HTTP server on localhost (see conftest.py)."""

from __future__ import annotations

import gzip
import socket
import struct
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from realpolitik.records import Article
from realpolitik.settings import Settings
from realpolitik.sources import Failure, SourceError, read_input, web
from realpolitik.sources.web import read_url
from tests.local_server import serving

FAST = Settings().with_(timeout=2.0)

PARAGRAPHS = [
    "The foreign ministers of France and Germany met in Berlin on Tuesday to discuss the "
    "future of European defence spending and the war in Ukraine, officials said.",
    "Speaking after the talks, the German minister said both governments were determined to "
    "keep supplying air defence systems to Kyiv for as long as the attacks continued.",
    "Her French counterpart warned that Europe could no longer rely on Washington alone and "
    "called for a joint procurement fund worth at least one hundred billion euros.",
    "Analysts in Brussels said the proposal faced resistance from fiscally cautious member "
    "states, but that the pressure from the battlefield was changing minds quickly.",
]


def article_page(title: str, paragraphs: list[str] = PARAGRAPHS, head: str = "") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><title>{escape(title)}</title>{head}</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{escape(title)}</h1>
{body}
</article>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>"""


def rss(title: str, items: list[dict[str, str]]) -> str:
    entries = "".join(
        "<item>"
        + "".join(f"<{key}>{escape(value)}</{key}>" for key, value in item.items())
        + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>{entries}"
        "</channel></rss>"
    )


def read(url: str, settings: Settings = FAST) -> list[Article | Failure]:
    return list(read_input(url, settings))


def only_failure(results: list[Article | Failure]) -> Failure:
    assert len(results) == 1 and isinstance(results[0], Failure), results
    return results[0]


def only_article(results: list[Article | Failure]) -> Article:
    assert len(results) == 1 and isinstance(results[0], Article), results
    return results[0]


# --- pages ------------------------------------------------------------------------


def test_html_page_becomes_an_article(site):
    url = site.page("/news/berlin-talks", article_page("Ministers agree on defence fund"))
    article = only_article(read(url))
    assert article.title == "Ministers agree on defence fund"
    assert "air defence systems to Kyiv" in article.text
    assert "Copyright" not in article.text
    assert article.url == url
    assert article.origin == url


def test_read_url_raises_for_a_bad_url_and_read_input_reports_it(site):
    url = site.url("/missing")
    with pytest.raises(SourceError) as info:
        list(read_url(url, FAST))
    assert info.value.input == url
    assert only_failure(read(url)).input == url


def test_redirect_chain_is_followed_and_final_url_kept(site):
    final = site.page("/story", article_page("Redirected story"))
    site.redirect("/r2", "/story", status=301)
    first = site.redirect("/r1", site.url("/r2"))
    article = only_article(read(first))
    assert article.url == final
    assert article.origin == first
    assert article.title == "Redirected story"


def test_too_many_redirects_fail(site):
    for i in range(5):
        site.redirect(f"/loop{i}", f"/loop{i + 1}")
    site.page("/loop5", article_page("Never reached"))
    failure = only_failure(read(site.url("/loop0"), FAST.with_(max_redirects=3)))
    assert failure.input == site.url("/loop0")
    assert "too many redirects" in failure.reason


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_names_the_url(site, status):
    url = site.page("/broken", "oops", "text/plain", status=status)
    failure = only_failure(read(url))
    assert failure.input == url
    assert f"HTTP {status}" in failure.reason
    assert url in str(failure)


def test_http_error_after_redirect_names_where(site):
    start = site.redirect("/moved", "/gone")
    failure = only_failure(read(start))
    assert failure.input == start
    assert "HTTP 404" in failure.reason and site.url("/gone") in failure.reason


def test_closed_port_fails(closed_port):
    url = f"http://127.0.0.1:{closed_port}/article"
    failure = only_failure(read(url))
    assert failure.input == url
    assert "connection refused" in failure.reason


def test_dns_failure_is_told_apart():
    from realpolitik.sources.web import _connect_reason

    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from exc
    except httpx.ConnectError as exc:
        assert "resolve the host name" in _connect_reason(exc)


def test_slow_server_times_out(site):
    url = site.page("/slow", article_page("Slow"), delay=1.0)
    failure = only_failure(read(url, FAST.with_(timeout=0.2)))
    assert failure.input == url
    assert "timed out after 0.2 s" in failure.reason


@pytest.mark.parametrize("send_length", [True, False])
def test_download_over_max_bytes_fails(site, send_length):
    huge = article_page("Huge", PARAGRAPHS * 400)
    assert len(huge) > 100_000
    url = site.page("/huge", huge, send_length=send_length)
    failure = only_failure(read(url, FAST.with_(max_bytes=50_000)))
    assert failure.input == url
    assert "50,000-byte limit" in failure.reason


def test_gzip_response_is_decompressed(site):
    url = site.page("/zipped", article_page("Compressed story"), compress=True)
    article = only_article(read(url))
    assert "joint procurement fund" in article.text


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        ("text/html; charset=windows-1251", ""),  # the header only
        ("text/html", '<meta charset="windows-1251">'),  # the page only
    ],
)
def test_non_utf8_page_is_decoded(site, content_type, head):
    russian = [
        "Министры иностранных дел Франции и Германии встретились во вторник в Берлине, чтобы "
        "обсудить будущее европейских расходов на оборону.",
        "После переговоров министр Германии заявил, что оба правительства намерены и дальше "
        "поставлять Киеву системы противовоздушной обороны.",
        "Его французский коллега предупредил, что Европа больше не может полагаться только на "
        "Вашингтон, и призвал создать совместный фонд закупок.",
    ]
    page = article_page("Министры договорились о фонде", russian, head).encode("windows-1251")
    url = site.page("/ru", page, content_type)
    article = only_article(read(url))
    assert "противовоздушной обороны" in article.text
    assert article.title == "Министры договорились о фонде"


def test_url_fragment_is_not_part_of_the_page(site):
    url = site.page("/frag", article_page("Fragment story"))
    article = only_article(read(url + "#comments"))
    assert article.url == url
    assert site.hits["/frag"] == 1


def test_plain_text_page(site):
    text = "Ministers agree on defence fund\n\n" + "\n\n".join(PARAGRAPHS)
    url = site.page("/story.txt", text, "text/plain; charset=utf-8")
    article = only_article(read(url))
    assert article.title == "Ministers agree on defence fund"
    assert article.text.startswith("The foreign ministers")
    assert article.url == url


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("application/pdf", b"%PDF-1.7\n" + bytes(200)),
        ("application/octet-stream", bytes(range(256))),
    ],
)
def test_unsupported_content_types_fail(site, content_type, body):
    url = site.page("/file", body, content_type)
    failure = only_failure(read(url))
    assert failure.input == url
    assert f"unsupported content type {content_type}" in failure.reason


def test_unsupported_type_is_refused_before_downloading_it(site):
    url = site.page("/big.pdf", b"%PDF-1.7\n" + bytes(200_000), "application/pdf")
    failure = only_failure(read(url, FAST.with_(max_bytes=50_000)))
    assert "unsupported content type application/pdf" in failure.reason


def test_missing_content_type_is_sniffed(site):
    html_url = site.page("/untyped.html", article_page("Untyped page"), None)
    assert only_article(read(html_url)).title == "Untyped page"
    binary_url = site.page("/untyped.bin", bytes(range(256)), None)
    assert "binary" in only_failure(read(binary_url)).reason


def test_empty_page_fails(site):
    url = site.page("/empty", b"")
    assert "empty" in only_failure(read(url)).reason


# --- feeds ------------------------------------------------------------------------


def test_rss_feed_with_one_broken_item(site):
    site.page("/a1", article_page("First story"))
    site.page("/a2", article_page("Second story", PARAGRAPHS[::-1]))
    published = format_datetime(datetime(2025, 3, 7, 10, 0, tzinfo=UTC), usegmt=True)
    feed = rss(
        "Example World News",
        [
            {"title": "First story", "link": "/a1", "pubDate": published},
            {"title": "Missing story", "link": site.url("/gone")},
            {"title": "Second story", "link": site.url("/a2#top")},
            {"title": "First again", "link": site.url("/a1")},  # a duplicate: fetched once
        ],
    )
    url = site.page("/feed.rss", feed, "application/rss+xml")
    results = read(url)
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert [a.title for a in articles] == ["First story", "Second story"]
    assert [a.url for a in articles] == [site.url("/a1"), site.url("/a2")]
    assert articles[0].published == "2025-03-07"  # from the entry: the page has no date
    assert all(a.source == "Example World News" for a in articles)  # better than "127.0.0.1"
    assert all(a.extra["feed"] == url for a in articles)
    assert len(failures) == 1
    assert failures[0].input == site.url("/gone")
    assert "HTTP 404" in failures[0].reason and url in failures[0].reason
    assert site.hits["/a1"] == 1


def test_the_page_names_its_outlet_better_than_the_feed(site):
    head = '<meta property="og:site_name" content="The Example Times">'
    site.page("/named", article_page("Named outlet", head=head))
    url = site.page("/n.rss", rss("Example Times - World", [{"link": "/named"}]), "text/xml")
    assert only_article(read(url)).source == "The Example Times"


def test_feed_title_is_the_source_when_the_page_names_none(site):
    site.page("/plain", "Ministers agree\n\n" + "\n\n".join(PARAGRAPHS), "text/plain")
    url = site.page("/f.rss", rss("Example World News", [{"link": "/plain"}]), "text/xml")
    article = only_article(read(url))
    assert article.source == "Example World News"


def test_atom_feed(site):
    site.page("/atom/1", article_page("Atom story"))
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <id>urn:example:feed</id>
  <updated>2025-03-08T09:00:00Z</updated>
  <entry>
    <title>Atom story</title>
    <id>urn:example:1</id>
    <link rel="alternate" href="{site.url("/atom/1")}"/>
    <author><name>Jane Roe</name></author>
    <published>2025-03-08T09:00:00Z</published>
    <updated>2025-03-08T09:00:00Z</updated>
    <summary>Ministers met in Berlin.</summary>
  </entry>
</feed>"""
    url = site.page("/atom.xml", feed, "application/atom+xml; charset=utf-8")
    article = only_article(read(url))
    assert article.title == "Atom story"
    assert article.author == "Jane Roe"
    assert article.published == "2025-03-08"
    assert article.url == site.url("/atom/1")
    assert "joint procurement fund" in article.text


def test_feed_recognised_from_body_when_served_as_text(site):
    site.page("/s1", article_page("Sniffed story"))
    url = site.page("/feed", rss("Sniffed", [{"link": "/s1"}]), "text/plain")
    assert only_article(read(url)).title == "Sniffed story"


def test_unreadable_item_falls_back_to_long_entry_content(site):
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    feed = rss(
        "Fallbacks",
        [
            {"title": "Full text in feed", "link": "/paywalled", "description": full},
            {"title": "Teaser only", "link": "/paywalled-too", "description": "Ministers met."},
        ],
    )
    url = site.page("/fallback.rss", feed, "application/rss+xml")
    results = read(url)
    article, failure = results
    assert isinstance(article, Article) and isinstance(failure, Failure)
    assert article.title == "Full text in feed"
    assert article.text.split("\n\n") == PARAGRAPHS
    assert "HTTP 404" in article.extra["fallback"]
    assert article.source == "Fallbacks"
    assert failure.input == site.url("/paywalled-too")


def test_malformed_feed_fails(site):
    truncated = '<?xml version="1.0"?><rss version="2.0"><channel><title>Cut &amp; off</ti'
    url = site.page("/bad.rss", truncated, "text/xml")
    failure = only_failure(read(url))
    assert failure.input == url
    assert "malformed feed" in failure.reason


def test_feed_without_entries_fails(site):
    url = site.page("/empty.rss", rss("Nothing yet", []), "application/rss+xml")
    assert "no entries" in only_failure(read(url)).reason


def test_nested_feed_item_is_not_followed(site):
    inner = site.page("/inner.rss", rss("Inner", [{"link": "/x"}]), "application/rss+xml")
    url = site.page("/outer.rss", rss("Outer", [{"link": inner}]), "application/rss+xml")
    failure = only_failure(read(url))
    assert failure.input == inner
    assert "nested feeds" in failure.reason


def test_local_feed_file(site, tmp_path):
    site.page("/local1", article_page("Local feed story"))
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    feed = rss(
        "Saved Feed",
        [
            {"title": "Local feed story", "link": site.url("/local1")},
            {"title": "No link, only content", "description": full},
            {"title": "Broken link", "link": site.url("/nope")},
        ],
    )
    path = tmp_path / "saved.rss"
    path.write_text(feed, encoding="utf-8")
    results = read(str(path))
    assert [type(r) for r in results] == [Article, Article, Failure]
    fetched, inline, failure = results
    assert fetched.title == "Local feed story" and fetched.url == site.url("/local1")
    assert inline.title == "No link, only content"
    assert inline.text.startswith("The foreign ministers")
    assert inline.origin == f"{path}:2" and inline.source == "Saved Feed"
    assert failure.input == site.url("/nope") and str(path) in failure.reason


def test_local_xml_file_that_is_not_a_feed(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    failure = only_failure(read(str(path)))
    assert failure.input == str(path)


def test_a_urls_file_lists_urls_to_fetch(site, tmp_path):
    one = site.page("/a", article_page("Ministers agree on defence fund"))
    two = site.page("/b", article_page("Second story on the same talks"))
    listed = tmp_path / "today.urls"
    listed.write_text(f"# the morning's links\n{one}\n\n{two}  # the second\nnot a url\n")
    items = read(str(listed))
    assert [i.url for i in items if isinstance(i, Article)] == [one, two]
    (bad,) = [i for i in items if isinstance(i, Failure)]
    assert bad.input == f"{listed}:5" and "not an http(s) URL" in bad.reason


# --- servers that misbehave at the HTTP level -------------------------------------------


class RawSite:
    """A local server whose paths answer with raw bytes, written by a function per path."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.answers: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.hits: Counter[str] = Counter()

    def serve(self, path: str, answer: Callable[[BaseHTTPRequestHandler], None]) -> str:
        self.answers[path] = answer
        return self.base + path


class _RawHandler(BaseHTTPRequestHandler):
    raw: RawSite

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.raw.hits[path] += 1
        try:
            self.raw.answers[path](self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as intended

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def raw() -> Iterator[RawSite]:
    site = RawSite("")
    with serving(type("Raw", (_RawHandler,), {"raw": site})) as base:
        site.base = base
        yield site


PAGE = article_page("Ministers agree on defence fund").encode()
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
QUICK = FAST.with_(timeout=0.5)  # a deadline of 1 s for the whole response


def send(*parts: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        for part in parts:
            handler.wfile.write(part)

    return answer


def trickle(data: bytes, every: float = 0.1) -> Callable[[BaseHTTPRequestHandler], None]:
    """Each byte of `data` on its own, `every` seconds apart: no single read waits long."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        for byte in data:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)

    return answer


def endless_chunks(size: int, every: float) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
        while True:
            handler.wfile.write(b"%x\r\n%s\r\n" % (size, b"a" * size))
            handler.wfile.flush()
            time.sleep(every)

    return answer


def with_length(body: bytes) -> bytes:
    return HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_trickled_status_line_meets_the_deadline(raw):
    url = raw.serve("/trickle-head", trickle(with_length(PAGE)))
    failure = only_failure(read(url, QUICK))
    assert failure.input == url
    assert failure.reason.startswith("no complete response within 1 s")


def test_trickled_body_meets_the_deadline(raw):
    head = HEAD + b"Content-Length: %d\r\n\r\n" % len(PAGE)
    url = raw.serve("/trickle-body", lambda h: (send(head)(h), trickle(PAGE)(h)))
    assert only_failure(read(url, QUICK)).reason.startswith("no complete response within 1 s")


def test_chunked_body_that_never_ends(raw):
    slow = raw.serve("/slow-chunks", endless_chunks(1, every=0.05))
    assert only_failure(read(slow, QUICK)).reason.startswith("no complete response within 1 s")
    fast = raw.serve("/fast-chunks", endless_chunks(16384, every=0))
    assert "50,000-byte limit" in only_failure(read(fast, QUICK.with_(max_bytes=50_000))).reason


def test_feed_that_never_ends(raw):
    start = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>'
    item = b"<item><title>Again</title><link>http://example.org/again</link></item>" * 100

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
        handler.wfile.write(start)
        while True:
            handler.wfile.write(item)

    url = raw.serve("/endless.rss", answer)
    failure = only_failure(read(url, QUICK.with_(max_bytes=200_000)))
    assert "200,000-byte limit" in failure.reason


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (HEAD + b"X-Padding: " + b"a" * 200_000 + b"\r\n\r\n" + PAGE, "headers are too long"),
        (HEAD + b"Content-Length: many\r\n\r\n" + PAGE, "bad Content-Length"),
        (HEAD + b"Content-Length: -5\r\n\r\n" + PAGE, "bad Content-Length"),
        (HEAD + b"Content-Length: 5\r\nContent-Length: 7\r\n\r\n" + PAGE, "conflicting"),
        (b"\x00\x01 not HTTP at all\r\n\r\n", "not valid HTTP"),
        (b"", "closed the connection without answering"),
        (HEAD + b"Content-Length: 50000\r\n\r\n" + PAGE[:100], "before the whole response"),
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\n100\r\nabc", "before the whole response"),
    ],
    ids=[
        "huge-header",
        "length-not-a-number",
        "negative-length",
        "two-lengths",
        "not-http",
        "no-answer",
        "closed-mid-body",
        "closed-mid-chunk",
    ],
)
def test_broken_responses_fail_by_name(raw, response, reason):
    url = raw.serve("/broken", send(response))
    failure = only_failure(read(url, QUICK))
    assert failure.input == url
    assert reason in failure.reason


def test_connection_reset_mid_body_fails_by_name(raw):
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(HEAD + b"Content-Length: 50000\r\n\r\n" + PAGE[:100])
        handler.wfile.flush()
        time.sleep(0.1)  # the client is reading the body now
        # Close with a TCP reset (linger 0), not an orderly end of stream.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    url = raw.serve("/reset", answer)
    failure = only_failure(read(url, QUICK))
    assert failure.reason.startswith("the connection broke while reading the response")


def test_redirect_without_location(raw):
    url = raw.serve("/nowhere", send(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"))
    assert (
        "HTTP 302 Found (a redirect without a usable Location)"
        in only_failure(read(url, QUICK)).reason
    )


def test_location_with_spaces_and_unicode_is_followed(raw):
    location = "/café story?q=a b".encode()
    redirect = b"HTTP/1.1 301 Moved\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n"
    start = raw.serve("/moved", send(redirect))
    raw.serve("/caf%C3%A9%20story", send(with_length(PAGE)))
    article = only_article(read(start, QUICK))
    assert article.title == "Ministers agree on defence fund"
    assert article.url == raw.base + "/caf%C3%A9%20story?q=a%20b"


def test_gzip_bytes_served_as_html_are_decompressed_with_a_warning(raw):
    url = raw.serve("/lying", send(with_length(gzip.compress(PAGE))))
    article = only_article(read(url, QUICK))
    assert "joint procurement fund" in article.text
    assert "gzip-compressed bytes as text/html" in article.extra["warnings"][0]


def test_broken_gzip_served_as_html_fails_by_name(raw):
    url = raw.serve("/lying-badly", send(with_length(gzip.compress(PAGE)[:40])))
    assert "broken gzip data" in only_failure(read(url, QUICK)).reason


def test_a_feed_with_too_many_items_is_cut_with_a_note(site, monkeypatch):
    monkeypatch.setattr(web, "MAX_FEED_ITEMS", 30)
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    items = [{"title": f"Story {n}", "description": full} for n in range(100)]  # no links
    url = site.page("/big.rss", rss("Archive", items), "application/rss+xml")
    results = read(url)
    assert len(results) == 30 and all(isinstance(r, Article) for r in results)
    assert results[0].extra["warnings"] == [
        f"the feed {url} has 100 items; only the first 30 were read (the limit per feed)"
    ]
    assert not results[1].extra.get("warnings")


def test_a_linkless_entry_with_a_stray_word_is_no_article(site):
    """An entry without a link is read from its own text only if that is an article: an
    unexpanded entity (`&lol9;` of a billion-laughs feed) or a bare headline is named."""
    full = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    items = [{"title": "Stray", "description": "&amp;lol9"}, {"title": "Real", "description": full}]
    url = site.page("/mixed.rss", rss("Mixed", items), "application/rss+xml")
    results = read(url)
    assert isinstance(results[1], Article)
    assert isinstance(results[0], Failure) and "no article text" in results[0].reason
