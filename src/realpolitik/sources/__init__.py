"""Sources: everything that turns an input (file, URL, feed, dump) into Articles.

`read_inputs` is the one entry point. It never raises for a bad input: it yields a
`Failure` naming it and goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Article
from ..settings import Settings
from .errors import Failure, SourceError

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
DUMP_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet", ".jsonl.gz", ".csv.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
URL_LIST_SUFFIXES = (".urls",)  # a list of URLs, one per line (# starts a comment)

__all__ = ["Article", "Failure", "SourceError", "read_input", "read_inputs", "kind_of"]


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def kind_of(name: str) -> str:
    """What reader handles `name`: url, html, dump, feed, urls (a list of URLs) or text."""
    low = name.lower()
    if is_url(name):
        return "url"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(DUMP_SUFFIXES):
        return "dump"
    if low.endswith(FEED_SUFFIXES):
        return "feed"
    if low.endswith(URL_LIST_SUFFIXES):
        return "urls"
    return "text"


def read_input(name: str, settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Articles from one input; failures of single items (feed entries, dump rows) are yielded."""
    settings = settings or Settings()
    kind = kind_of(name)
    try:
        if kind == "url":
            from .web import read_url

            yield from read_url(name, settings)
            return
        path = Path(name)
        if not path.exists():
            raise SourceError(name, "no such file or directory")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from read_input(str(child), settings)
            return
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise SourceError(
                name,
                f"file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit "
                "(raise it with --max-bytes or REALPOLITIK_MAX_BYTES)",
            )
        if kind == "html":
            from .html import read_html_file

            yield read_html_file(path, settings)
        elif kind == "dump":
            from .dumps import read_dump

            yield from read_dump(path, settings)
        elif kind == "urls":
            yield from read_url_list(path, settings)
        elif kind == "feed":
            from .web import read_feed_file

            yield from read_feed_file(path, settings)
        else:
            from .text import read_text_file

            yield read_text_file(path, settings)
    except SourceError as exc:
        yield Failure(exc.input, exc.reason)
    except OSError as exc:
        yield Failure(name, f"could not read: {exc.strerror or exc}")


def read_inputs(
    names: Iterable[str], settings: Settings | None = None
) -> Iterator[Article | Failure]:
    settings = settings or Settings()
    for name in names:
        yield from read_input(name, settings)


def url_lines(path: Path) -> Iterator[tuple[str, str]]:
    """(`file:line`, text) for each line of a `*.urls` file that is not blank or a `#` comment.
    Raises SourceError for a file that is not text."""
    from .encoding import decode

    for n, line in enumerate(decode(path.read_bytes(), str(path)).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            yield f"{path}:{n}", line


def read_url_list(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    for where, line in url_lines(path):
        if is_url(line):
            yield from read_input(line, settings)
        else:
            yield Failure(where, f"not an http(s) URL: {line[:80]!r}")
