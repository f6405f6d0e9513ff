"""The records realpolitik produces: an ingested Article and the analyzed Document.

The Document's JSON form is the project's contract (see `data/document.schema.json`):
every later stage fills in its lists, and every record points back into `text` with
character offsets. Fields are only ever added, never renamed or removed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

_WS = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Stable id of a text: sha256 of its whitespace-normalised, case-folded form (16 hex)."""
    norm = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """A stretch of the document text, `text[start:end]`."""

    start: int
    end: int
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.text is not None:
            d["text"] = self.text
        return d


@dataclass
class Article:
    """One ingested piece of text, before analysis.

    `text` is the clean body; `paragraphs` are spans into it. `origin` names the
    input it came from (a path, a URL, `dump.jsonl:17`), for error reports and provenance.
    """

    text: str
    id: str = ""
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    source: str | None = None  # outlet / site name
    language: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    origin: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)
        if not self.paragraphs:
            self.paragraphs = split_paragraphs(self.text)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        return d


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans: blocks separated by blank lines (or single newlines if there are none)."""
    sep = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", text) else re.compile(r"\n")
    spans, pos = [], 0
    for m in list(sep.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            spans.append(Span(s, e))
        if m:
            pos = m.end()
    return spans


# --- analysis records -------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str | None = None  # NER label or resolver rule that produced it

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Actor:
    id: str
    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None  # person, organization, state, group, media, ...
    wikidata: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass
class Document:
    """The analysis of one Article. `to_dict()` is the JSON contract."""

    id: str
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    actors: list[Actor] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)
    assessment: dict[str, Any] = field(
        default_factory=lambda: {"focus": None, "opportunities": [], "risks": []}
    )
    meta: dict[str, Any] = field(default_factory=dict)  # model name, version, reference date...

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "url": self.url,
            "source": self.source,
            "language": self.language,
            "text": self.text,
            "actors": [a.to_dict() for a in self.actors],
            "events": list(self.events),
            "quotes": list(self.quotes),
            "stances": list(self.stances),
            "assessment": dict(self.assessment),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        actors = [
            Actor(
                **{k: v for k, v in a.items() if k != "mentions"},
                mentions=[Mention(**m) for m in a.get("mentions", [])],
            )
            for a in d.get("actors", [])
        ]
        return cls(
            id=d["id"],
            text=d["text"],
            title=d.get("title"),
            author=d.get("author"),
            published=d.get("published"),
            url=d.get("url"),
            source=d.get("source"),
            language=d.get("language"),
            actors=actors,
            events=list(d.get("events", [])),
            quotes=list(d.get("quotes", [])),
            stances=list(d.get("stances", [])),
            assessment=dict(
                d.get("assessment") or {"focus": None, "opportunities": [], "risks": []}
            ),
            meta=dict(d.get("meta", {})),
        )
