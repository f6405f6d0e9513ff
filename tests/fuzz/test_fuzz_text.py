"""Fuzzing the text readers: encoding.decode, text.clean_text, text files, any input file.

Property: a reader returns Articles and Failures (or raises SourceError, naming the input),
never another exception, within the deadline. The budget is REALPOLITIK_FUZZ_EXAMPLES
examples per test (default 50; e.g. `REALPOLITIK_FUZZ_EXAMPLES=5000 pytest tests/fuzz`) and
REALPOLITIK_FUZZ_DEADLINE_MS per example (tests/fuzz/strategies.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from realpolitik.sources import SourceError, read_input
from realpolitik.sources.encoding import decode
from realpolitik.sources.text import clean_text, read_text_file
from tests.fuzz.strategies import (
    ENCODINGS,
    any_bytes,
    any_text,
    drain,
    fuzz,
    reader_settings,
)

pytestmark = pytest.mark.fuzz

SUFFIXES = [
    ".txt", "", ".html", ".htm", ".html.gz", ".jsonl", ".ndjson", ".jsonl.gz", ".csv", ".csv.gz",
    ".parquet", ".xml", ".rss", ".atom",
]  # fmt: skip


@fuzz
@given(raw=any_text)
# an impossible date line became Article.published ("2025-13-45"); analyze failed on it
@example(raw="Talks in Geneva\nPublished: 2025-13-45\nThe talks went on for a week, he said.")
def test_clean_text_gives_an_article_or_names_the_input(raw: str) -> None:
    drain(lambda: clean_text(raw, origin="fuzz.txt"))


@fuzz
@given(data=any_bytes, declared=st.one_of(st.none(), st.sampled_from([*ENCODINGS, "nonsense", ""])))
def test_decode_gives_text_or_names_the_input(data: bytes, declared: str | None) -> None:
    try:
        text = decode(data, "fuzz.bin", declared)
    except SourceError as exc:
        assert exc.input == "fuzz.bin"
        return
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates


readable = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\ufeff"),
    min_size=1,
    max_size=300,
)


@fuzz
@given(text=readable, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_decode_reads_unicode_back_whole(text: str, encoding: str) -> None:
    """UTF-8, and UTF-16/32 with a byte-order mark, are never misread."""
    assert decode(text.encode(encoding), "fuzz.txt") == text


@fuzz
@given(data=any_bytes)
def test_read_text_file_gives_an_article_or_names_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_bytes(data)
        drain(lambda: read_text_file(path, reader_settings()))


@fuzz
@given(data=any_bytes, suffix=st.sampled_from(SUFFIXES))
@example(data=b"", suffix=".xml")  # an empty feed file: AttributeError from feedparser's result
@example(data=b'{"text": "x", "y": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", suffix=".jsonl")
def test_read_input_never_raises_for_any_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        drain(lambda: read_input(str(path), reader_settings()), may_raise=False)
