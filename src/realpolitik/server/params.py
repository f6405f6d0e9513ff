"""The dashboard's URL parameters, read and checked once: a bad one is a 400 that says why.

Filters live in the URL (`?since=2016-03-01&outlet=CNN&outlet=Politico&level=entity`), so
every view can be bookmarked and shared; the same names work on every page and on its
`.json`, `.csv` and `.parquet` renderings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from ..corpus.queries import ALL_FACTUALITY, LEVELS, PERIODS

MAX_LIMIT = 500  # rows per table a page shows; downloads take the same limit
MAX_TEXT = 300  # characters of a name or query
_EVENT = re.compile(r"^\d{2,4}$")


class BadRequest(ValueError):
    """A parameter the dashboard cannot use: answered with 400 and this message."""


@dataclass
class Params:
    """Every parameter a page may read, checked; `query` keeps them for links and forms."""

    since: str | None = None
    until: str | None = None
    outlets: list[str] = field(default_factory=list)
    level: str = "entity"
    by: str = "week"
    factuality: list[str] | None = None
    limit: int = 20
    offset: int = 0
    query: dict[str, Any] = field(default_factory=dict)
    raw: QueryParams | None = None

    def text(self, name: str, required: bool = False) -> str | None:
        """A free-text parameter (an actor, a document id, a search), trimmed and bounded."""
        value = (self.raw.get(name) if self.raw is not None else None) or ""
        value = value.strip()
        if len(value) > MAX_TEXT:
            raise BadRequest(f"{name} is {len(value)} characters long: {MAX_TEXT} at most")
        if "\x00" in value:
            raise BadRequest(f"{name} holds a NUL character")
        if required and not value:
            raise BadRequest(f"give {name}= in the URL")
        return value or None

    def day(self, name: str) -> str | None:
        return _day(self.raw.get(name) if self.raw is not None else None, name)

    def event(self) -> str | None:
        value = self.text("event")
        if value and not _EVENT.match(value):
            raise BadRequest(f"event {value!r} is not a CAMEO code: give 2 to 4 digits (04, 042)")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        return _int(self.raw.get(name) if self.raw is not None else None, name, default, low, high)

    def link(self, **changes: Any) -> str:
        """This view's query string with some parameters changed (None drops one)."""
        q = dict(self.query)
        for k, v in changes.items():
            if v is None:
                q.pop(k, None)
            else:
                q[k] = v
        return urlencode(
            [(k, x) for k, v in q.items() for x in (v if isinstance(v, list) else [v])]
        )


def parse(qp: QueryParams, *, default_limit: int = 20, default_by: str = "week") -> Params:
    """Check the common filters; page-specific ones are read with `Params.text` and co."""
    facts = [f for f in qp.getlist("factuality") if f.strip()]  # "" is the form's "any"
    unknown_fact = [f for f in facts if f not in ALL_FACTUALITY]
    if unknown_fact:
        raise BadRequest(
            f"unknown factuality {', '.join(map(repr, unknown_fact))}: use "
            f"{', '.join(ALL_FACTUALITY)}"
        )
    level = qp.get("level") or "entity"
    if level not in LEVELS:
        raise BadRequest(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    by = qp.get("by") or default_by
    if by not in PERIODS:
        raise BadRequest(f"unknown period by={by!r}: use one of {', '.join(PERIODS)}")
    since, until = _day(qp.get("since"), "since"), _day(qp.get("until"), "until")
    if since and until and since > until:
        raise BadRequest(f"since {since} is after until {until}")
    outlets = [o.strip() for o in qp.getlist("outlet") if o.strip()]
    if len(outlets) > 50 or any(len(o) > MAX_TEXT for o in outlets):
        raise BadRequest("too many or too long outlet= parameters: 50 of 300 characters at most")
    p = Params(
        since=since,
        until=until,
        outlets=outlets,
        level=level,
        by=by,
        factuality=facts or None,
        limit=_int(qp.get("limit"), "limit", default_limit, 1, MAX_LIMIT),
        offset=_int(qp.get("offset"), "offset", 0, 0, 100_000),
        raw=qp,
    )
    p.query = {  # what links and downloads carry on: the parameters given, without blanks
        k: (vs if len(vs) > 1 else vs[0])
        for k in dict.fromkeys(qp.keys())
        if (vs := [v for v in qp.getlist(k) if v.strip()])
    }
    return p


def _day(value: str | None, name: str) -> str | None:
    if value is None or value.strip() == "":
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise BadRequest(f"{name}={value[:40]!r} is not a date: use YYYY-MM-DD") from exc


def _int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        n = int(value)
    except ValueError as exc:
        raise BadRequest(f"{name}={value[:40]!r} is not a whole number") from exc
    if not low <= n <= high:
        raise BadRequest(f"{name}={n} is out of range: give {low} to {high}")
    return n
