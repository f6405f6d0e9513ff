"""How the fields of actor records are read, whatever file they come from (YAML, JSONL,
TABARI dictionaries): names normalised for matching and turned into ids, dates, and the error
an unreadable one raises."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any


class KBError(ValueError):
    """A knowledge-base file or record that cannot be read; the message names it."""


def normalise(text: str) -> str:
    """The form names are matched in: NFKC, casefolded, curly quotes straightened, one space."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = text.replace("_", " ").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def slug(name: str) -> str:
    """A name as an id: "Vladimir Putin" -> vladimir-putin."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def parse_day(value: Any) -> date | None:
    """A date from YYYY-MM-DD, YYYYMMDD, YYMMDD (TABARI), a date object, or None."""
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return date.fromisoformat(s)
    if re.fullmatch(r"\d{4}-\d{2}", s):
        return date.fromisoformat(s + "-01")
    if re.fullmatch(r"\d{4}", s):
        return date(int(s), 1, 1)
    if re.fullmatch(r"\d{8}", s):
        return date(int(s[:4]), int(s[4:6]), int(s[6:]))
    if re.fullmatch(r"\d{6}", s):  # TABARI YYMMDD: 00-29 -> 20xx, else 19xx
        yy = int(s[:2])
        return date(2000 + yy if yy < 30 else 1900 + yy, int(s[2:4]), int(s[4:]))
    raise KBError(f"unreadable date {value!r} (use YYYY-MM-DD)")
