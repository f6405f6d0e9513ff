"""Tab-separated lines as GDELT and ICEWS publish them: no quoting, one record a line.

Neither format quotes its values (ICEWS readers pass `quote = ""`), so a value cannot hold
a tab or a line break: those become spaces. Empty and missing values are empty fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

_BREAKS = re.compile(r"[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def field(value: Any) -> str:
    """A value as a field: numbers as written (3.4, -10, 2019.0685), dates ISO, text with
    its tabs and line breaks turned into spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return _BREAKS.sub(" ", str(value))


def write_rows(out: IO[str], rows: Iterable[Sequence[Any]], header: Sequence[str] = ()) -> int:
    """Write `header` (if any) and `rows` as tab-separated lines; returns the rows written."""
    if header:
        out.write("\t".join(header) + "\n")
    n = 0
    for row in rows:
        out.write("\t".join(field(v) for v in row) + "\n")
        n += 1
    return n
