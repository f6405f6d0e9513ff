"""Fuzzing the HTML reader (sources.html): generated pages, fragments, broken markup, bytes.

Property and budget: see test_fuzz_text.py (REALPOLITIK_FUZZ_EXAMPLES, default 50).
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from realpolitik.sources.html import extract_html, read_html_file
from tests.fuzz.strategies import (
    ENCODINGS,
    any_bytes,
    any_html,
    drain,
    fuzz,
    reader_settings,
)

pytestmark = pytest.mark.fuzz


@fuzz
@given(page=any_html, url=st.sampled_from([None, "https://example.org/a", "not a url", "[/]"]))
# an <svg> root: htmldate's cleaning asserted (lxml drop_tree on the root)
@example(page="<SVG>HTML<A>", url=None)
def test_extract_html_gives_an_article_or_names_the_page(page: str, url: str | None) -> None:
    drain(lambda: extract_html(page, url=url, origin="fuzz.html", settings=reader_settings()))


@fuzz
@given(
    data=st.one_of(
        st.tuples(any_html, st.sampled_from(ENCODINGS)).map(
            lambda p: p[0].encode(p[1], errors="replace")
        ),
        any_bytes,
    ),
    gz=st.booleans(),
)
@example(data=b"<SVG><A>HTML", gz=False)
def test_read_html_file_gives_an_article_or_names_the_file(data: bytes, gz: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("fuzz.html.gz" if gz else "fuzz.html")
        path.write_bytes(gzip.compress(data) if gz else data)
        drain(lambda: read_html_file(path, reader_settings()))
