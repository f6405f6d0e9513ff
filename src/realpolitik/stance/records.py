"""The stance stage's records: who favours or opposes which issue, and the words that say so.

The component builds a `Stance` per (holder, issue, sentence) and sets `doc._.stances` to
their `to_dict()`, the document JSON's `stances` items (see `data/document.schema.json`);
`from_dict` reads one back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Actor
from ..records import Span as TextSpan


@dataclass(frozen=True)
class Member:
    """Another actor the holder phrase lists ("such as those on Tsargrad TV")."""

    actor: str  # the actor's document-local id
    code: str | None = None
    name: str | None = None

    @classmethod
    def of(cls, actor: Actor) -> Member:
        return cls(actor.id, actor.code, actor.name)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "code": self.code, "name": self.name}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Member:
        return cls(d["actor"], d.get("code"), d.get("name"))


@dataclass(frozen=True)
class Stance:
    """One stance: the holder (actor id, code, name), the issue, favor / against / neutral,
    the cue that expresses it (None when it comes from a quote), the words naming the issue
    (`target`) and the sentence (`evidence`)."""

    actor: str
    code: str | None
    name: str | None
    issue: str  # issue id from the taxonomy (data/stance/issues.yaml)
    issue_label: str
    stance: str  # favor, against, neutral
    cue: TextSpan | None
    target: TextSpan
    evidence: TextSpan
    members: tuple[Member, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "code": self.code,
            "name": self.name,
            "members": [m.to_dict() for m in self.members],
            "issue": self.issue,
            "issue_label": self.issue_label,
            "stance": self.stance,
            "cue": self.cue.to_dict() if self.cue is not None else None,
            "target": self.target.to_dict(),
            "evidence": self.evidence.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stance:
        cue = d.get("cue")
        return cls(
            actor=d["actor"],
            code=d.get("code"),
            name=d.get("name"),
            issue=d["issue"],
            issue_label=d.get("issue_label", d["issue"]),
            stance=d["stance"],
            cue=_text_span(cue) if cue is not None else None,
            target=_text_span(d["target"]),
            evidence=_text_span(d["evidence"]),
            members=tuple(Member.from_dict(m) for m in d.get("members", ())),
        )


def polarity_name(polarity: int) -> str:
    """The stance a signed polarity stands for: favor (> 0), against (< 0) or neutral."""
    return "favor" if polarity > 0 else "against" if polarity < 0 else "neutral"


def _text_span(d: dict[str, Any]) -> TextSpan:
    return TextSpan(d["start"], d["end"], d.get("text"))
