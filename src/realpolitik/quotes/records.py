"""The quote stage's records: who said what, as speaker, cue and content with offsets.

The component builds a `Quote` per attribution and sets `doc._.quotes` to their `to_dict()`,
the document JSON's `quotes` items (see `data/document.schema.json`); `from_dict` reads one
back, so later stages can work on typed quotes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records import Actor
from ..records import Span as TextSpan


@dataclass(frozen=True)
class Speaker:
    """The words naming who spoke (`text[start:end]`) and the actor they resolve to, if any."""

    start: int
    end: int
    text: str
    actor: str | None = None  # the actor's document-local id
    code: str | None = None
    name: str | None = None

    @classmethod
    def of(cls, actor: Actor | None, start: int, end: int, text: str) -> Speaker:
        if actor is None:
            return cls(start, end, text)
        return cls(start, end, text, actor.id, actor.code, actor.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "code": self.code,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(d["start"], d["end"], d["text"], d.get("actor"), d.get("code"), d.get("name"))


@dataclass(frozen=True)
class Content:
    """What was said: one stretch of text, or the `parts` of one split by its attribution
    ("“...,” he said, “...”") or running over paragraphs; start and end span them all."""

    start: int
    end: int
    text: str
    parts: tuple[TextSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Content:
        parts = tuple(_text_span(p) for p in d.get("parts", ()))
        return cls(d["start"], d["end"], d["text"], parts)


@dataclass(frozen=True)
class Quote:
    """One attribution: the document JSON's `quotes` items."""

    id: str
    kind: str  # direct (the content is a quotation) or indirect
    speaker: Speaker | None
    cue: TextSpan | None  # the words that report the speech ("said", "according to")
    content: Content

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker is not None else None,
            "cue": self.cue.to_dict() if self.cue is not None else None,
            "content": self.content.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        speaker, cue = d.get("speaker"), d.get("cue")
        return cls(
            id=d["id"],
            kind=d["kind"],
            speaker=Speaker.from_dict(speaker) if speaker is not None else None,
            cue=_text_span(cue) if cue is not None else None,
            content=Content.from_dict(d["content"]),
        )


def _text_span(d: dict[str, Any]) -> TextSpan:
    return TextSpan(d["start"], d["end"], d["text"])
