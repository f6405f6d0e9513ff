"""The date of an event: explicit and relative expressions resolved against the reference date.

`resolve(text, reference)` reads one date expression ("last Friday", "on Wednesday", "in 2017",
"yesterday", "next week", "March 3", "3 March 2024", "2024-03-03") and returns an ISO date
string at the precision stated: "2017", "2025-02", "2025-02-28". `event_date(trigger, ...)`
looks for such an expression in the trigger's clause and defaults to the reference date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date, timedelta

from spacy.tokens import Span, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = {m: i + 1 for i, m in enumerate(MONTHS)} | {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH["sept"] = 9
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_MONTH_YEAR = re.compile(r"\b([a-z]+)\.?\s+(\d{4})\b")
_REL_UNIT = re.compile(r"\b(last|next|this|past|coming)\s+(week|month|year)\b")
_AGO = re.compile(r"\b(\d+|a|an|one|two|three)\s+(day|week|month|year)s?\s+ago\b")
_WORDNUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def resolve(text: str, reference: date, future: bool = False) -> str | None:
    """The ISO date (at the precision given) of one expression, or None if it names no date.

    A bare weekday ("on Wednesday") is the latest such day before the reference date, or the
    next one when the event is in the future.
    """
    t = text.lower().strip()
    if m := _ISO.search(t):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    return _relative_day(t, reference) or _weekday(t, reference, future) or _calendar(t, reference)


def _relative_day(t: str, reference: date) -> str | None:
    """ "yesterday", "tomorrow", "today", "two days ago"."""
    if "yesterday" in t:
        return (reference - timedelta(days=1)).isoformat()
    if "tomorrow" in t:
        return (reference + timedelta(days=1)).isoformat()
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", t):
        return reference.isoformat()
    if m := _AGO.search(t):
        n = int(m[1]) if m[1].isdigit() else _WORDNUM[m[1]]
        return _shift(reference, m[2], -n)
    return None


def _weekday(t: str, reference: date, future: bool) -> str | None:
    """ "on Wednesday", "last Friday", "next Monday"."""
    for k, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", t):
            back = (reference.weekday() - k) % 7
            if re.search(rf"\bnext\s+{day}", t) or (future and "last" not in t):
                ahead = (k - reference.weekday()) % 7 or 7
                return (reference + timedelta(days=ahead)).isoformat()
            if re.search(rf"\blast\s+{day}", t):
                back = back or 7
            return (reference - timedelta(days=back)).isoformat()
    return None


def _calendar(t: str, reference: date) -> str | None:
    """ "3 March 2024", "March 3", "March 2024", "next month", "in 2017", "in March"."""
    if (m := _DAY_MONTH.search(t)) and m[2] in _MONTH:
        return _dated(int(m[3]) if m[3] else None, _MONTH[m[2]], int(m[1]), reference)
    if (m := _MONTH_DAY.search(t)) and m[1] in _MONTH and not _YEAR.fullmatch(m[2]):
        return _dated(int(m[3]) if m[3] else None, _MONTH[m[1]], int(m[2]), reference)
    if (m := _MONTH_YEAR.search(t)) and m[1] in _MONTH:
        return f"{int(m[2]):04d}-{_MONTH[m[1]]:02d}"
    if m := _REL_UNIT.search(t):
        step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[m[1]]
        return _shift(reference, m[2], step)
    if m := _YEAR.search(t):
        return m[1]
    for name, month in _MONTH.items():
        if len(name) > 3 and re.search(rf"\b{name}\b", t) and name != "may":
            year = reference.year if month <= reference.month else reference.year - 1
            return f"{year:04d}-{month:02d}"
    return None


def _safe(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _dated(year: int | None, month: int, day: int, reference: date) -> str | None:
    if year is None:  # the latest such day not after the reference date
        year = (
            reference.year
            if (month, day) <= (reference.month, reference.day)
            else reference.year - 1
        )
    return _safe(year, month, day)


def _shift(reference: date, unit: str, n: int) -> str:
    if unit == "day":
        return (reference + timedelta(days=n)).isoformat()
    if unit == "week":
        return (reference + timedelta(weeks=n)).isoformat()
    if unit == "month":
        y, m = divmod(reference.year * 12 + reference.month - 1 + n, 12)
        return f"{y:04d}-{m + 1:02d}"
    return f"{reference.year + n:04d}"


def clause_of(trigger: Token) -> Token:
    """The head of the clause a trigger sits in: itself if a verb, else its nearest verb."""
    tok = trigger
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def event_date(
    trigger: Token, reference: date, future: bool = False, ents: list[Span] | None = None
) -> str:
    """The date of the event `trigger` names: a date expression in its own phrase first (the
    2017 in "the 2017 missile strike"), then in its clause; else the reference date."""
    doc = trigger.doc
    for head in dict.fromkeys((trigger, clause_of(trigger))):
        lo, hi = head.left_edge.i, head.right_edge.i
        for ent in ents_within(list(doc.ents) if ents is None else ents, lo, hi):
            if ent.label_ not in ("DATE", "TIME") or ent.start < lo or ent.end - 1 > hi:
                continue
            if _inside_other_clause(doc[ent.start], head):
                continue
            found = resolve(ent.text, reference, future)
            if found:
                return found
    return reference.isoformat()


def ents_within(ents: list[Span], lo: int, hi: int) -> Iterator[Span]:
    """The entities of `ents` (in document order) that start in tokens `lo`..`hi`: found by
    bisection, so that a long document's events do not each read all its entities."""
    k = bisect_left(ents, lo, key=lambda ent: ent.start)
    while k < len(ents) and ents[k].start <= hi:
        yield ents[k]
        k += 1


def _inside_other_clause(tok: Token, head: Token) -> bool:
    """True if `tok` belongs to a clause nested under `head` (not to head's own clause)."""
    t = tok
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ in ("ccomp", "advcl", "relcl", "acl", "xcomp", "csubj") and t.pos_ in (
            "VERB",
            "AUX",
        ):
            return True
        t = t.head
    return False
