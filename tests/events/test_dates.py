"""Date expressions resolved against a reference date."""

from __future__ import annotations

from datetime import date

import pytest

from realpolitik.events.dates import resolve

REF = date(2025, 3, 7)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Friday", "2025-02-28"),
        ("on Wednesday", "2025-03-05"),
        ("in 2017", "2017"),
        ("yesterday", "2025-03-06"),
        ("next week", "2025-03-14"),
        ("last month", "2025-02"),
        ("March 3", "2025-03-03"),
        ("3 March 2024", "2024-03-03"),
        ("2024-03-03", "2024-03-03"),
        ("two weeks ago", "2025-02-21"),
        ("December 24", "2024-12-24"),
        ("the weekend", None),
    ],
)
def test_resolve(text, expected):
    assert resolve(text, REF) == expected


def test_a_bare_weekday_of_a_future_event_is_the_next_one():
    assert resolve("on Wednesday", REF, future=True) == "2025-03-12"
