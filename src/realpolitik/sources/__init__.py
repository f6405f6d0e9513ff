"""Sources: everything that turns an input (file, URL, feed, dump) into Articles.

`read_inputs` is the one entry point. It never raises for a bad input: it yields a
`Failure` naming it and goes on with the rest.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..records import Article
from ..settings import Settings
from .errors import Failure, SourceError
from .reading import STDIN, file_problem, input_files, read_limited, shown

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
DUMP_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet", ".jsonl.gz", ".csv.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
URL_LIST_SUFFIXES = (".urls",)  # a list of URLs, one per line (# starts a comment)
STDIN_NAME = "<stdin>"

__all__ = ["Article", "Failure", "SourceError", "read_input", "read_inputs", "kind_of"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def url_scheme(name: str) -> str | None:
    """The scheme of a URL-like name ("https", "file", "ftp"), lowercased; None for a path."""
    m = _SCHEME.match(name.strip())
    return m[1].lower() if m else None


def is_url(name: str) -> bool:
    """An http(s) URL, the only kind that is fetched."""
    return url_scheme(name) in ("http", "https")


def kind_of(name: str) -> str:
    """What reader handles `name`: url, html, dump, feed, urls (a list of URLs) or text;
    "unsupported-url" for any other scheme (file://, ftp://)."""
    low = name.lower()
    if scheme := url_scheme(name):
        return "url" if scheme in ("http", "https") else "unsupported-url"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(DUMP_SUFFIXES):
        return "dump"
    if low.endswith(FEED_SUFFIXES):
        return "feed"
    if low.endswith(URL_LIST_SUFFIXES):
        return "urls"
    return "text"


def unsupported_url(name: str) -> str:
    """Why a URL that is not http(s) is not read, and what to give instead."""
    scheme = url_scheme(name) or "?"
    if scheme == "file":
        path = url2pathname(urlsplit(name.strip()).path)
        return f"file:// URLs are not fetched: give the path {path} instead"
    return f"{scheme}:// is not supported: only http(s) URLs are fetched"


def read_input(name: str, settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Articles from one input; failures of single items (feed entries, dump rows) are yielded.

    `name` is a path (a directory: each regular file under it), an http(s) URL, or `-` for
    one text article on standard input. Every Failure names its input (`reading.shown`).
    """
    settings = settings or Settings()
    for item in _read(name, settings):
        if isinstance(item, Failure) and not item.input.isprintable():
            item = Failure(shown(item.input), item.reason)
        elif isinstance(item, Article) and item.origin and not item.origin.isprintable():
            item.origin = shown(item.origin)
        yield item


def _read(name: str, settings: Settings) -> Iterator[Article | Failure]:
    label = shown(name)
    kind = kind_of(name)
    try:
        if kind == "url":
            from .web import read_url

            yield from read_url(name, settings)
            return
        if kind == "unsupported-url":
            raise SourceError(label, unsupported_url(name))
        if name == STDIN:
            yield _stdin_article(settings)
            return
        if "\x00" in name:
            raise SourceError(label, "not a path: the name has a NUL character in it")
        path = Path(name)
        info = _stat(path, label)
        if stat.S_ISDIR(info.st_mode):
            empty = True
            for child in input_files(path):
                empty = False
                if isinstance(child, Failure):
                    yield child
                else:
                    yield from read_input(str(child), settings)
            if empty:
                raise SourceError(label, "an empty directory: no files to read")
            return
        if problem := file_problem(info, settings.max_bytes):
            raise SourceError(label, problem)
        yield from _read_file(path, kind, label, settings)
    except SourceError as exc:
        yield Failure(exc.input, exc.reason)
    except OSError as exc:
        yield Failure(label, f"could not read: {exc.strerror or exc}")


def _read_file(
    path: Path, kind: str, label: str, settings: Settings
) -> Iterator[Article | Failure]:
    """Articles from a regular file, by the reader for its `kind`."""
    if kind == "html":
        from .html import read_html_file

        yield read_html_file(path, settings, name=label)
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

        yield read_text_file(path, settings, name=label)


def _stat(path: Path, label: str) -> os.stat_result:
    """What `path` is; SourceError if there is nothing there to read."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise SourceError(label, "a symbolic link to nothing (its target is missing)") from None
        hint = " (a URL needs http:// or https://)" if path.parts[0].startswith("www.") else ""
        raise SourceError(label, f"no such file or directory{hint}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(label, "a symbolic link loop: it leads back to itself") from None
        raise


def _stdin_article(settings: Settings) -> Article:
    """Standard input as one article: HTML if it starts like a page, else text."""
    data = read_limited(STDIN, settings, name=STDIN_NAME)
    if _HTML_START.match(data[:4096]):
        from .html import extract_html

        return extract_html(data, origin=STDIN_NAME, settings=settings)
    from .text import text_article

    return text_article(data, STDIN_NAME, settings)


def read_inputs(
    names: Iterable[str], settings: Settings | None = None
) -> Iterator[Article | Failure]:
    settings = settings or Settings()
    for name in names:
        yield from read_input(name, settings)


def url_lines(path: Path, settings: Settings | None = None) -> Iterator[tuple[str, str]]:
    """(`file:line`, text) for each line of a `*.urls` file that is not blank or a `#` comment.
    Raises SourceError for a file that is not text."""
    from .encoding import decode

    name = shown(path)
    data = read_limited(path, settings or Settings(), name=name)
    for n, line in enumerate(decode(data, name).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            yield f"{name}:{n}", line


def read_url_list(path: Path, settings: Settings) -> Iterator[Article | Failure]:
    for where, line in url_lines(path, settings):
        if is_url(line):
            yield from read_input(line, settings)
        else:  # the same words as scale.inputs.read_unit
            yield Failure(where, f"not an http(s) URL: {line[:80]!r}")
