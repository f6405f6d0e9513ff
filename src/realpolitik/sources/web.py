"""Web inputs: a URL (an article page, a plain-text page or an RSS/Atom feed) and feed files.

A download is bounded in time (`settings.timeout` for each wait, twice that for the whole
response: `deadline_of`), size (`settings.max_bytes`) and redirects
(`settings.max_redirects`, each hop checked by `follow`); it connects to public addresses
only unless `settings.allow_private` (`network.py`). A URL that cannot be read raises
`SourceError`; inside a feed, each item that cannot be read is yielded as a `Failure` and
the rest go on, up to `MAX_FEED_ITEMS`. One `httpx.Client` serves a whole call, so a
feed's items reuse its connections.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import httpx

from ..records import Article
from ..settings import Settings
from .errors import Failure, SourceError
from .network import (
    PrivateAddress,
    cause_of,
    deadline,
    environment_proxies,
    new_transport,
    past_deadline,
)
from .text import require_article_text

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/xml",
    "text/xml",
}
# Servers often label files loosely; these bodies are sniffed for a feed (or HTML, or text).
LOOSE_TYPES = {"", "text/plain", "application/octet-stream", "binary/octet-stream"}
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
# A feed entry's own text replaces its unreadable page only if it is at least this long:
# a one-line teaser is not the article.
FALLBACK_MIN_CHARS = 500
# Entries read from one feed: a feed of 10,000 items is an archive, not news to fetch at once.
MAX_FEED_ITEMS = 1000

_PROLOG = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"  # XML declaration and comments
_FEED_START = re.compile(_PROLOG + rb"<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_START = re.compile(_PROLOG + rb"<(?:!doctype\s+html|html)\b", re.I | re.S)
_DNS_ERRORS = (
    "name or service not known",
    "nodename nor servname",
    "name resolution",
    "getaddrinfo",
)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "table", "tr", "figure", "figcaption", "hr",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template"}
_CONDITIONAL = {"if-none-match", "if-modified-since"}
_GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class Download:
    """A fetched response body and what the server said about it."""

    url: str  # final URL, after redirects
    media_type: str  # "text/html", lowercased, without parameters
    charset: str | None  # from the Content-Type header
    body: bytes
    status: int = 200  # 304: not modified since the validators sent (the body is empty)
    etag: str | None = None  # the validators to send next time (conditional GET)
    last_modified: str | None = None
    warnings: list[str] = field(default_factory=list)  # for the Article (extra["warnings"])


def new_client(settings: Settings) -> httpx.Client:
    """The HTTP client for one run: timeout and User-Agent from `settings`; connections to
    public addresses only unless `settings.allow_private` (see `network`). Redirects are
    followed by `follow`, not by httpx, so that each hop is checked."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        transport=new_transport(settings.allow_private),
        mounts=environment_proxies(),
    )


def read_url(url: str, settings: Settings) -> Iterator[Article | Failure]:
    """Articles from a URL: one for a page, one per item for a feed (failed items as Failures)."""
    url = url.strip()
    with new_client(settings) as client:
        download = fetch(client, url, settings)
        kind = kind_of_download(download, url)
        if kind == "feed":
            feed = parse_feed(
                download.body, url, content_type=download.media_type, base=download.url
            )
            yield from read_feed(feed, url, client, settings, base=download.url)
        else:
            yield article_from_download(download, kind, origin=url, settings=settings)


def read_feed_file(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    """Articles from a local RSS/Atom file: each item's page is fetched, or its content used."""
    from .reading import read_limited  # the one place that opens input files

    feed = parse_feed(read_limited(path, settings, name=str(path)), str(path))
    # Relative item links in a local file can only be resolved against the site's own link.
    base = _http_or_none(feed.get("feed", {}).get("link"))
    with new_client(settings) as client:
        yield from read_feed(feed, str(path), client, settings, base=base)


# --- downloading ------------------------------------------------------------------


def deadline_of(settings: Settings) -> float:
    """Seconds a whole fetch may take, redirects and body included: `settings.timeout` is
    the longest silence (connecting, each read), and a trickling server gets twice that."""
    return 2 * settings.timeout


@contextmanager
def follow(
    client: httpx.Client, url: str, settings: Settings, *, headers: dict[str, str] | None = None
) -> Iterator[httpx.Response]:
    """The response at the end of `url`'s redirects (any status), its body still to be read
    inside the block; the whole exchange, body included, within `deadline_of(settings)`.

    Each redirect is checked before it is followed (`_next_hop`: http(s) only, no
    credentials, at most `settings.max_redirects`), and each connection by the client's
    transport (public addresses only). Every failure, inside the block too, is a
    SourceError naming `url` and why; `headers` go with every hop."""
    target = urldefrag(url).url  # the fragment names a part of the page; the server never sees it
    with deadline(deadline_of(settings)):
        try:
            for _ in range(settings.max_redirects + 1):
                with client.stream("GET", target, headers=headers) as response:
                    if not response.has_redirect_location:  # 301, 302, 303, 307, 308
                        yield response
                        return
                    location = response.headers["location"]
                target = _next_hop(url, response.url, location)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL is no HTTPError
            raise SourceError(url, _http_failure(exc, target, url, settings)) from exc
    raise SourceError(url, f"too many redirects (more than {settings.max_redirects})")


def _next_hop(url: str, current: httpx.URL, location: str) -> str:
    """Where a redirect from `current` to `location` leads; SourceError (naming `url`, the
    input) for a Location that is not a URL, not http(s), or carries credentials."""
    try:
        target = current.join(location.strip())
    except httpx.InvalidURL as exc:
        raise SourceError(url, f"redirected to an invalid URL {location[:200]!r} ({exc})") from exc
    if target.scheme not in ("http", "https"):
        shown = location.strip()[:200]  # as sent: httpx writes file:///x as file:/x
        raise SourceError(url, f"refused: redirected to {shown}, not an http(s) URL")
    if target.userinfo:  # a server should not make us log in elsewhere; the password is not shown
        shown = target.copy_with(userinfo=b"")
        raise SourceError(url, f"refused: redirected to {shown} with a user name and password")
    return str(target.copy_with(fragment=None))


def fetch(
    client: httpx.Client, url: str, settings: Settings, *, headers: dict[str, str] | None = None
) -> Download:
    """Download `url`, redirects and body within `deadline_of(settings)` and
    `settings.max_bytes` (see `follow` for the checks on every hop).

    `headers` are sent with the request; with validators among them (If-None-Match,
    If-Modified-Since), a 304 answer is a Download with `status` 304 and no body.
    A SourceError names `url` and why it could not be read.
    """
    conditional = any(h.lower() in _CONDITIONAL for h in headers or {})
    until = time.monotonic() + deadline_of(settings)
    with follow(client, url, settings, headers=headers) as response:
        final = str(response.url)
        if response.status_code == 304 and conditional:
            return _not_modified(response, final)
        if not response.is_success:
            raise SourceError(url, _status_reason(response, final, url))
        content_type = response.headers.get("content-type", "")
        media_type = content_type.partition(";")[0].strip().lower()
        if not _may_be_supported(media_type):  # say so before downloading a PDF or video
            raise SourceError(url, _unsupported(media_type))
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > settings.max_bytes:
            raise SourceError(url, _too_big(settings, int(length)))
        body = bytearray()
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb hits the limit too
            body += chunk
            if len(body) > settings.max_bytes:
                raise SourceError(url, _too_big(settings))
            if time.monotonic() > until:  # through a proxy, the transport has no deadline
                raise SourceError(url, _too_slow(settings))
    charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    download = Download(
        url=urldefrag(final).url,
        media_type=media_type,
        charset=charset[1] if charset else None,
        body=bytes(body),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
    if download.body.startswith(_GZIP_MAGIC):  # httpx has undone any declared encoding
        download.body = _gunzip(download.body, url, settings)
        download.warnings.append(
            f"the server sent gzip-compressed bytes as {media_type or 'untyped data'} "
            "without saying so (no Content-Encoding); they were decompressed"
        )
    return download


def _gunzip(data: bytes, url: str, settings: Settings) -> bytes:
    """`data` decompressed, within `settings.max_bytes`; SourceError if it is broken."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, settings.max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(url, f"broken gzip data served as a page ({exc})") from exc
    if len(out) > settings.max_bytes:
        raise SourceError(url, _too_big(settings))
    if not inflater.eof:
        raise SourceError(url, "broken gzip data served as a page (it ends too soon)")
    return out


def _http_failure(exc: Exception, target: str, url: str, settings: Settings) -> str:
    """Why the request for `target` (a hop of input `url`) failed, in words for the user."""
    if isinstance(exc, httpx.TimeoutException):
        if past_deadline(exc):
            return _too_slow(settings)
        return f"timed out after {settings.timeout:g} s (raise it with REALPOLITIK_TIMEOUT)"
    refused = cause_of(exc, PrivateAddress)
    if refused is not None:
        where = target if target == urldefrag(url).url else f"redirected to {target}, which"
        return (
            f"refused: {where} resolves to {refused.address}, a {refused.kind} address; "
            "pass --allow-private-addresses or set REALPOLITIK_ALLOW_PRIVATE=1 "
            "to fetch from private networks"
        )
    if isinstance(exc, httpx.ConnectError):
        return _connect_reason(exc)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a valid http(s) URL ({exc})"
    if isinstance(exc, httpx.DecodingError):
        return f"broken compressed response ({exc})"
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "peer closed connection" in text:
            return f"the server closed the connection before the whole response was sent ({exc})"
        if "without sending a response" in text:
            return "the server closed the connection without answering"
        if "buffer too long" in text:  # h11 keeps at most 100 KiB of status line and headers
            return "the server's response headers are too long (over 100 KiB)"
        return f"the server's response is not valid HTTP ({exc})"
    if isinstance(exc, httpx.ReadError):
        return f"the connection broke while reading the response ({_detail(exc)})"
    return f"download failed: {_detail(exc)}"


def _detail(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _too_slow(settings: Settings) -> str:
    return (
        f"no complete response within {deadline_of(settings):g} s "
        "(the server sends too slowly; the limit is twice REALPOLITIK_TIMEOUT)"
    )


def _not_modified(response: httpx.Response, final: str) -> Download:
    """The Download of a 304 answer: no body, and the validators (the server may renew them)."""
    return Download(
        url=urldefrag(final).url,
        media_type="",
        charset=None,
        body=b"",
        status=304,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def _too_big(settings: Settings, size: int | None = None) -> str:
    what = f"response is {size:,} bytes, over" if size is not None else "response is over"
    return (
        f"{what} the {settings.max_bytes:,}-byte limit "
        "(raise it with --max-bytes or REALPOLITIK_MAX_BYTES)"
    )


def _status_reason(response: httpx.Response, final: str, url: str) -> str:
    code = response.status_code
    reason = f"HTTP {code} {response.reason_phrase}".rstrip()
    if final != urldefrag(url).url:
        reason += f" at {final}"
    if code in (401, 403):
        reason += " (the site refuses access: it may need a login or block automated clients)"
    elif code in (429, 503):
        reason += " (the site is busy or rate-limiting; try again later)"
    elif 300 <= code < 400:
        reason += " (a redirect without a usable Location)"
    return reason


def _connect_reason(exc: BaseException) -> str:
    """Tell a DNS failure from a refused or unreachable host."""
    cause: BaseException | None = exc
    while cause is not None:
        text = str(cause).lower()
        if any(marker in text for marker in _DNS_ERRORS):
            return "could not resolve the host name (check the URL or your network)"
        if isinstance(cause, ConnectionRefusedError) or "connection refused" in text:
            return "connection refused (nothing is listening at that address)"
        cause = cause.__cause__ or cause.__context__
    return f"could not connect ({exc})"


# --- what a download is -----------------------------------------------------------


def _may_be_supported(media_type: str) -> bool:
    return (
        media_type in HTML_TYPES
        or media_type in FEED_TYPES
        or media_type.endswith("+xml")
        or media_type in LOOSE_TYPES
    )


def _unsupported(media_type: str) -> str:
    return (
        f"unsupported content type {media_type or '(none given)'} "
        "(expected HTML, an RSS/Atom feed or plain text)"
    )


def kind_of_download(download: Download, name: str) -> str:
    """Which reader a download needs, "html", "feed" or "text": its Content-Type, or its body."""
    media, body = download.media_type, download.body
    if media in HTML_TYPES:
        return "html"
    if media in FEED_TYPES or media.endswith("+xml"):
        if _HTML_START.match(body):  # XHTML served as XML
            return "html"
        return "feed"
    if media in LOOSE_TYPES:
        if _FEED_START.match(body):
            return "feed"
        if media == "" and _HTML_START.match(body):
            return "html"
        if media in ("", "text/plain"):
            return "text"
    raise SourceError(name, _unsupported(media))


def article_from_download(
    download: Download, kind: str, *, origin: str, settings: Settings
) -> Article:
    """An Article from a downloaded page (HTML or plain text), with the download's warnings."""
    if not download.body.strip():
        raise SourceError(origin, "the server sent an empty page")
    if kind == "html":
        from .html import extract_html

        # The charset in the Content-Type header wins; without one, the page's <meta charset>.
        article = extract_html(
            download.body,
            url=download.url,
            origin=origin,
            settings=settings,
            charset=download.charset,
        )
    elif kind == "text":
        from .text import text_article

        article = text_article(download.body, origin, settings, charset=download.charset)
    else:
        raise SourceError(origin, "the link is itself a feed; nested feeds are not followed")
    article.url = download.url
    article.origin = origin
    if download.warnings:
        article.extra["warnings"] = [*download.warnings, *article.extra.get("warnings", [])]
    return article


# --- feeds ------------------------------------------------------------------------


def parse_feed(
    data: bytes,
    name: str,
    *,
    content_type: str | None = None,
    base: str | None = None,
    allow_empty: bool = False,
) -> Any:
    """The feedparser result for `data`; SourceError if it is not a feed with entries (with
    `allow_empty`, a well-formed feed without entries is fine: a watched feed may be empty)."""
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    if base:
        headers["content-location"] = base  # feedparser resolves relative links against it
    feed = feedparser.parse(data, response_headers=headers)
    if not feed.get("entries"):  # (a result with no feed in it lacks even `.version`)
        if feed.get("bozo"):
            problem = feed.get("bozo_exception") or "unreadable XML"
            raise SourceError(name, f"malformed feed, no entries could be read ({problem})")
        if not feed.get("version"):
            raise SourceError(name, "not an RSS or Atom feed")
        if not allow_empty:
            raise SourceError(name, "the feed has no entries")
    return feed


def capped_entries(entries: list[Any], name: str) -> tuple[list[Any], str | None]:
    """The first `MAX_FEED_ITEMS` entries of feed `name`, and the note saying it was cut
    (None when it was not): a feed of 10,000 items is not read whole."""
    limit = MAX_FEED_ITEMS
    if len(entries) <= limit:
        return entries, None
    note = (
        f"the feed {name} has {len(entries):,} items; only the first {limit:,} were read "
        "(the limit per feed)"
    )
    return entries[:limit], note


def read_feed(
    feed: Any, name: str, client: httpx.Client, settings: Settings, *, base: str | None = None
) -> Iterator[Article | Failure]:
    """One Article per distinct entry link; an entry whose page and content both fail is a Failure.

    Relative links are resolved against `base` (the feed's URL); the feed's title becomes the
    source of articles whose page does not name one. Only the first `MAX_FEED_ITEMS` entries
    are read; the first item yielded says so when there were more.
    """
    title = feed_title(feed)
    entries, cut = capped_entries(feed.entries, name)
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        link = entry_link(entry, base)
        if link is not None:
            if link in seen:
                continue
            seen.add(link)
        try:
            item: Article | Failure = read_entry(
                entry, link, client, settings, feed=name, number=number, feed_title=title
            )
        except SourceError as exc:
            item = Failure(exc.input, f"{exc.reason} (item {number} of feed {name})")
        if cut and isinstance(item, Article):
            item.extra.setdefault("warnings", []).append(cut)
        elif cut:
            item = Failure(item.input, f"{item.reason}; {cut}")
        cut = None
        yield item


def read_entry(
    entry: Any,
    link: str | None,
    client: httpx.Client,
    settings: Settings,
    *,
    feed: str,
    number: int,
    feed_title: str | None = None,
) -> Article:
    """The Article of entry `number` of `feed`: its page at `link` (see `entry_link`), or the
    entry's own content when the page cannot be read; the entry's title, author and date fill
    in what the page lacks. SourceError (naming the link or `feed:number`) if neither works."""
    article = _entry_article(entry, link, f"{feed}:{number}", client, settings)
    article.title = article.title or _clean(entry.get("title"))
    article.author = article.author or _entry_author(entry)
    article.published = article.published or _entry_date(entry)
    if feed_title and (not article.source or _is_host_of(article.source, article.url)):
        article.source = feed_title  # the feed names the outlet better than its host name
    article.extra["feed"] = feed
    return article


def feed_title(feed: Any) -> str | None:
    """The feed's own title (the outlet's name, usually), whitespace collapsed."""
    return _clean(feed.get("feed", {}).get("title"))


def _entry_article(
    entry: Any, link: str | None, where: str, client: httpx.Client, settings: Settings
) -> Article:
    content = _entry_text(entry)
    if link is None:
        if not content:
            raise SourceError(where, "the entry has neither a link nor any content")
        require_article_text(content, where, settings)  # a headline or a stray entity is not one
        return Article(text=content, origin=where)
    if not link.startswith(("http://", "https://")):
        problem = f"refused: the entry's link {link[:200]!r} is not an http(s) URL"
    else:
        try:
            download = fetch(client, link, settings)
            return article_from_download(
                download, kind_of_download(download, link), origin=link, settings=settings
            )
        except SourceError as exc:
            problem = exc.reason
    if len(content) < FALLBACK_MIN_CHARS:
        raise SourceError(link, problem)
    fallback = f"text from the feed entry; the page could not be read ({problem})"
    return Article(
        text=content,
        url=link,
        origin=link,
        extra={"fallback": fallback, "warnings": [fallback]},
    )


def entry_link(entry: Any, base: str | None) -> str | None:
    """The entry's page: its alternate link, resolved against the feed URL, without fragment."""
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link or not link.strip():
        return None
    link = link.strip()
    if base:
        link = urljoin(base, link)
    if not link.startswith(("http://", "https://")):
        return link  # refused by name as it is (urldefrag writes file:///x as file://x)
    return urldefrag(link).url


def _entry_text(entry: Any) -> str:
    """The entry's own text: its full content if given, else its summary."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        if not detail or not (detail.get("value") or "").strip():
            continue
        value = detail["value"]
        if "html" in (detail.get("type") or "text/html"):
            value = html_fragment_text(value)
        text = _paragraphs(value)
        if text:
            return text
    return ""


def html_fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), block elements as paragraphs."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return markup
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        if tag and tag.lower() not in _SKIP_TAGS:
            parts.append(el.text or "")
            for child in el:
                walk(child)
        if block:
            parts.append("\n\n")
        parts.append(el.tail or "")

    walk(root)
    return "".join(parts)


def _paragraphs(text: str) -> str:
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(b for b in blocks if b)


def _entry_author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    return _clean(detail.get("name")) or _clean(entry.get("author"))


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if parsed := entry.get(key):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _clean(value: Any) -> str | None:
    """A string with its whitespace collapsed, or None if there is nothing in it."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _is_host_of(name: str, url: str | None) -> bool:
    """Whether `name` is only the host of `url` ("example.org", "www.example.org:8080")."""
    if not url:
        return False
    parts = urlsplit(url)
    hosts = {parts.netloc.lower(), (parts.hostname or "").lower()}
    return name.lower().removeprefix("www.") in {h.removeprefix("www.") for h in hosts}


def _http_or_none(link: Any) -> str | None:
    return link if isinstance(link, str) and link.startswith(("http://", "https://")) else None
