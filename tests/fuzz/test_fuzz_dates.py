"""Fuzzing date parsing: dump dates (dumps.iso_date) and date lines of text files
(text.parse_date_line). A date is a day that exists, in YYYY-MM-DD, or it is refused.

Budget: see test_fuzz_text.py (REALPOLITIK_FUZZ_EXAMPLES, default 50).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from realpolitik.sources.dumps import iso_date
from realpolitik.sources.text import parse_date_line
from tests.fuzz.strategies import fuzz

pytestmark = pytest.mark.fuzz

MONTHS = ["Jan", "Feb", "February", "Sept", "Sep.", "December", "Foo"]
YEARS = [0, 1, 99, 1799, 1800, 1970, 2017, 2099, 9999, 10000, 2**31]


@st.composite
def date_text(draw: st.DrawFn) -> str:
    y, m, d = draw(st.sampled_from(YEARS)), draw(st.integers(0, 13)), draw(st.integers(0, 32))
    sep = draw(st.sampled_from(["-", "/", ".", " ", ""]))
    name = draw(st.sampled_from(MONTHS))
    forms = [
        f"{y:04d}{sep}{m:02d}{sep}{d:02d}",
        f"{d}{sep}{m}{sep}{y}",
        f"{m}{sep}{d}{sep}{y}",
        f"{name} {d}, {y}",
        f"{d} {name} {y}",
        f"Published: {y:04d}-{m:02d}-{d:02d}",
        f"Tuesday, {name} {d}, {y}",
        f"{y:04d}-{m:02d}-{d:02d}T25:61:00+99:00",
    ]
    return draw(st.sampled_from(forms))


date_value = st.one_of(
    st.none(),
    date_text(),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@fuzz
@given(value=date_value, order=st.sampled_from([None, "DMY", "MDY"]))
@example(value=1e300, order=None)
@example(value=2**62, order=None)
def test_iso_date_is_a_real_day_or_a_value_error(value: object, order: str | None) -> None:
    try:
        day = iso_date(value, order)
    except ValueError as exc:
        assert str(exc)
        return
    if day is not None:
        assert dt.date.fromisoformat(day).year >= 1800


@fuzz
@given(line=st.one_of(date_text(), st.text(max_size=40)))
@example(line="February 30, 2025")  # read as 2025-02-30, a day that does not exist
@example(line="Published: 2025-13-45")
@example(line="0000-00-00")
def test_parse_date_line_is_a_real_day_or_none(line: str) -> None:
    day = parse_date_line(line)
    if day is not None:
        dt.date.fromisoformat(day)
