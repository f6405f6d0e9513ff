"""One feed, fetched politely: a conditional GET, its entries keyed, an entry's article read.

Every request of a watch goes through one `Fetcher`: one HTTP client (one User-Agent, the
settings' timeout and size limits), a pause between requests to the same host, and the
site's robots.txt before an article is fetched. Feeds themselves are fetched without asking
robots.txt: the user named them. Entries are read with `sources.web`, as `realpolitik
analyze FEED-URL` reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, content_hash
from ..settings import Settings
from ..sources import SourceError, is_url, web
from ..sources.web import (
    entry_link,
    feed_title,
    fetch,
    kind_of_download,
    new_client,
    parse_feed,
    read_entry,
)
from .politeness import HostClock, Robots
from .stop import StopFlag

_COMMENT = re.compile(r"(?:^|\s)#")  # a comment starts a line, or follows a space


@dataclass(frozen=True)
class Validators:
    """What the server said about the feed's last version, sent back in a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, with the key that tells it apart from the feed's other entries."""

    key: str  # its id (RSS guid, Atom id), else its link, else a hash of its title and text
    number: int  # its position in the feed, from 1
    link: str | None  # its page, resolved against the feed's URL
    entry: Any = field(compare=False, repr=False)  # the feedparser entry


@dataclass
class FeedResponse:
    """A feed as fetched: 200 with its entries, or 304 (not modified) with none."""

    url: str
    status: int
    validators: Validators
    entries: list[FeedEntry] = field(default_factory=list)
    title: str | None = None
    cut: str | None = None  # the note when the feed has more entries than are read


class Fetcher:
    """The network side of a watch: feeds, robots.txt and articles, one client for the run."""

    def __init__(self, settings: Settings, *, delay: float, stop: StopFlag) -> None:
        self.settings = settings
        self.client = new_client(settings)
        self.clock = HostClock(delay, stop)
        self.robots = Robots(self.client, self.clock, settings)

    def close(self) -> None:
        self.client.close()

    def feed(self, url: str, validators: Validators) -> FeedResponse:
        """The feed at `url`, asked for only if changed since `validators`; SourceError if it
        cannot be read or is not a feed (Stopped if the watch stops before it is asked)."""
        with self.clock.turn(url):
            download = fetch(self.client, url, self.settings, headers=validators.headers())
        renewed = Validators(download.etag, download.last_modified)
        if download.status == 304:  # the server may renew the validators, or not repeat them
            kept = renewed if renewed.etag or renewed.last_modified else validators
            return FeedResponse(url, 304, kept)
        if kind_of_download(download, url) != "feed":
            raise SourceError(url, "not an RSS or Atom feed (the URL serves a page)")
        parsed = parse_feed(
            download.body,
            url,
            content_type=download.media_type,
            base=download.url,
            allow_empty=True,
        )
        # cut as `analyze FEED-URL` cuts a feed, and said in the same words
        capped, cut = web.capped_entries(parsed.entries, url)
        entries = feed_entries(capped, base=download.url)
        return FeedResponse(url, download.status, renewed, entries, feed_title(parsed), cut)

    def article(self, feed: FeedResponse, item: FeedEntry) -> Article:
        """The article of one entry: robots.txt asked, then its page read as `analyze` reads
        a feed's entries. Disallowed if robots.txt says no, SourceError if it cannot be read."""
        if item.link and is_url(item.link):
            self.robots.check(item.link)
            with self.clock.turn(item.link):
                return self._read(feed, item)
        return self._read(feed, item)  # no page to fetch: the entry's own content, if any

    def _read(self, feed: FeedResponse, item: FeedEntry) -> Article:
        return read_entry(
            item.entry,
            item.link,
            self.client,
            self.settings,
            feed=feed.url,
            number=item.number,
            feed_title=feed.title,
        )


def feed_entries(raw: list[Any], base: str | None) -> list[FeedEntry]:
    """The distinct entries among a feed's `raw` feedparser entries (a repeated key or link
    counts once), keyed, numbered by their place in the feed."""
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        link = entry_link(entry, base)
        key = entry_key(entry, link)
        if key in seen or (link is not None and link in seen):
            continue
        seen.update(k for k in (key, link) if k)
        entries.append(FeedEntry(key, number, link, entry))
    return entries


def entry_key(entry: Any, link: str | None) -> str:
    """What identifies an entry across polls: its id, else its link, else its words."""
    ident = entry.get("id")
    if isinstance(ident, str) and ident.strip():
        return ident.strip()
    if link:
        return link
    words = " ".join(str(entry.get(k) or "") for k in ("title", "summary"))
    return f"hash:{content_hash(words)}"


def read_feed_list(names: list[str]) -> list[str]:
    """Feed URLs from the command line: each name a URL, or a file of URLs (one per line,
    `#` starts a comment). Duplicates count once; SourceError names a bad file or line."""
    urls: list[str] = []
    for name in names:
        if is_url(name.strip()):
            urls.append(name.strip())
            continue
        path = Path(name).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise SourceError(
                name, f"not a feed URL, and not a readable list of them ({why})"
            ) from exc
        for number, line in enumerate(lines, start=1):
            url = _COMMENT.split(line.strip(), 1)[0].strip()
            if url and not is_url(url):
                raise SourceError(f"{name}:{number}", f"{url!r} is not an http(s) URL")
            if url:
                urls.append(url)
    return list(dict.fromkeys(urls))
