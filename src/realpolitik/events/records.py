"""The event stage's records: a participant filling a role, and the event itself.

Inside the stage they are typed objects holding the parse (tokens); the component turns
each event into the plain dict of the document JSON (`to_dict`, see
`data/document.schema.json`) when it sets `doc._.events`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Token

from ..actors.index import actor_mentions
from ..records import Actor
from ..records import Span as TextSpan
from .cameo import CameoCode, cameo_info
from .parse import phrase_span


@dataclass
class Participant:
    """The filler of an event's source or target role: an actor (or none) and its words."""

    actor: Actor | None
    token: Token  # the argument's head
    # the code when it is not the actor's own: one member of a listed agent ("the
    # ambassadors of A, B and C": B's ambassadors are B's GOV)
    code: str | None = None
    listed: bool = False  # found in a list inside the argument phrase, not at its head
    # the words that fill the role (start, end, text), fixed when an event takes the
    # participant (`placed`): an unnamed actor gains mentions as the document is coded
    words: tuple[int, int, str] | None = None

    @property
    def actor_id(self) -> str | None:
        return self.actor.id if self.actor is not None else None

    @property
    def effective_code(self) -> str | None:
        """The code the role is filled with: the participant's own, else its actor's."""
        return None if self.actor is None else self.code or self.actor.code

    def placed(self) -> Participant:
        """The participant with the words that fill its role fixed."""
        return self if self.words is not None else replace(self, words=self.span())

    def to_dict(self) -> dict[str, Any]:
        """The role's filler: actor id, code, and the words that fill it (start, end, text)."""
        start, end, text = self.span()
        if self.actor is None:
            return {"actor": None, "text": text, "code": None, "start": start, "end": end}
        code = self.code or self.actor.code
        return {"actor": self.actor.id, "text": text, "code": code, "start": start, "end": end}

    def span(self) -> tuple[int, int, str]:
        """The actor's mention the argument points at (else its noun phrase), as offsets."""
        if self.words is not None:
            return self.words
        head = self.token
        if self.actor is not None:
            mentions = actor_mentions(head.doc, self.actor)
            m = mentions.covering(head.idx)
            if m is None:
                m = mentions.first_starting_in(head.doc, {t.i for t in head.subtree})
            if m is not None:
                return m.start, m.end, m.text
        words = phrase_span(head)
        return words.start_char, words.end_char, words.text


@dataclass
class Event:
    """Who did what to whom: one coded event (the document JSON's `events` items)."""

    source: Participant
    target: Participant | None
    cameo: str | None
    factuality: str  # asserted, negated, hypothetical, future, attempted (`factuality.py`)
    trigger: TextSpan  # the word that reports it
    sentence: TextSpan
    pattern: str  # where the code came from: the dictionary's pattern, then local rules
    date: str | None = None
    location: dict[str, Any] | None = None  # {"name", "country"}
    bare: bool = False  # coded by a bare verb's default, no pattern constraint met
    model: dict[str, Any] | None = None  # the learned classifier's second opinion
    id: str = ""

    @property
    def info(self) -> CameoCode | None:
        """The CAMEO table's entry for the code (PLOVER type and mode, quad class, Goldstein)."""
        code = self.cameo
        return cameo_info(code) if code and code.isdigit() else None

    @property
    def plover(self) -> str | None:
        """The PLOVER event type of the code (None for CAMEO 01 statements)."""
        info = self.info
        return info.plover_event if info else None

    def has_target(self) -> bool:
        return self.target is not None and self.target.actor is not None

    def recode(self, code: str, why: str) -> Event:
        """The event coded `code` instead, `why` added to where its code came from."""
        self.cameo = code
        self.pattern = f"{self.pattern}; {why}"
        return self

    def to_dict(self) -> dict[str, Any]:
        info = self.info
        d: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target is not None else None,
            "cameo": self.cameo,
            "plover": info.plover_event if info else None,
            "mode": info.plover_mode if info else None,
            "quad_class": info.quad_class if info else None,
            "goldstein": info.goldstein if info else None,
            "factuality": self.factuality,
            "date": self.date,
            "location": self.location,
            "trigger": self.trigger.to_dict(),
            "sentence": self.sentence.to_dict(),
            "pattern": self.pattern,
        }
        if self.model is not None:
            d["model"] = self.model
        return d
