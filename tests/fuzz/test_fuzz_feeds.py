"""Fuzzing the feed readers (sources.web.parse_feed, feed files) and `*.urls` lists, with
item links to a real local server, to other schemes and to broken URLs.

Property and budget: see test_fuzz_text.py (REALPOLITIK_FUZZ_EXAMPLES, default 50).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from realpolitik.sources import SourceError, read_input
from realpolitik.sources.web import parse_feed, read_feed_file
from tests.fuzz.strategies import (
    PAGES,
    any_bytes,
    drain,
    feed_xml,
    fuzz,
    links,
    reader_settings,
)

pytestmark = pytest.mark.fuzz


@fuzz
@given(data=st.one_of(feed_xml(PAGES), any_bytes))
@example(data=b"")  # an empty feed: feedparser's result has no `version` (AttributeError)
def test_parse_feed_gives_a_feed_or_names_the_input(data: bytes) -> None:
    try:
        parse_feed(data, "fuzz.xml")
    except SourceError as exc:
        assert exc.input == "fuzz.xml"


@fuzz
@given(data=feed_xml(PAGES), suffix=st.sampled_from([".xml", ".rss", ".atom"]))
@example(data=b"", suffix=".xml")
def test_feed_files_give_articles_or_name_the_items(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        drain(lambda: read_feed_file(path, reader_settings()))
        drain(lambda: read_input(str(path), reader_settings()), may_raise=False)


@fuzz
@given(lines=st.lists(st.one_of(links(PAGES), st.just("# a comment")), max_size=6))
def test_url_lists_give_articles_or_name_the_lines(lines: list[str | None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.urls"
        path.write_text("\n".join(line or "" for line in lines), "utf-8", errors="surrogatepass")
        drain(lambda: read_input(str(path), reader_settings()), may_raise=False)
