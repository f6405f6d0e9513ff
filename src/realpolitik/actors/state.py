"""What the actor component knows while it reads one document, passed from step to step.

`Tables` are built once per pipeline: the knowledge base, its compiled name matcher and the
word lists. `DocState` is built once per document: the names found in it (`units`), the
mentions read so far (`readings`) and the notes one step leaves for a later one (generic
actors awaiting a country, members awaiting their organisation...). Every step is a function
taking the DocState; nothing about a document outlives it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from .codes import split_code
from .kb import ActorKB, Agent, Entry
from .linking import Reading
from .matcher import DocView, Match, NameMatcher, Target
from .words import Words

Span = tuple[int, int, int, int]  # tokens [start, end), characters [start, end)


@dataclass(frozen=True)
class Tables:
    """What the component reads every document with, built once per pipeline."""

    kb: ActorKB
    matcher: NameMatcher
    words: Words
    english_adjectives: frozenset[str]  # lower case: they tell "Evil Mordor" from a name
    surnames: dict[str, Counter[str]]  # surname -> countries of the known persons bearing it


@dataclass(eq=False)
class Unit:
    """A name found in the text: a dictionary match, an NER entity, or both."""

    start: int
    end: int
    start_char: int
    end_char: int
    targets: tuple[Target, ...] = ()
    label: str | None = None  # NER label
    country: str | None = None  # NER organisations named after a place ("Bank of England")
    code: str | None = None  # ... and their code, with a role noun ("Russian Defense Ministry")
    used: bool = False
    whats: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.whats = frozenset(t.what for t in self.targets)

    @classmethod
    def of_match(cls, m: Match, label: str | None) -> Unit:
        return cls(m.start, m.end, m.start_char, m.end_char, m.targets, label)

    @property
    def span(self) -> Span:
        return (self.start, self.end, self.start_char, self.end_char)

    def keys(self, what: str) -> list[str]:
        return [t.key for t in self.targets if t.what == what]


@dataclass(eq=False)
class DocState:
    """One document being read: its tokens, the names in it, and the actors read so far."""

    tables: Tables
    doc: Doc
    view: DocView
    day: date  # the date roles are read on
    units: list[Unit] = field(default_factory=list)
    unit_at: list[Unit | None] = field(default_factory=list)  # token -> the unit covering it
    readings: list[Reading] = field(default_factory=list)
    pending: list[Reading] = field(default_factory=list)  # awaiting a country from context
    reading_of: dict[int, Reading] = field(default_factory=dict)  # id(unit) -> its reading
    persons_named: dict[str, Entry] = field(default_factory=dict)  # named in full, by entry id
    # surname -> the persons named in full bearing it (None: one the knowledge base lacks)
    surnames_named: dict[str, list[Entry | None]] = field(default_factory=dict)
    titled_codes: dict[str, str] = field(default_factory=dict)  # entry id -> its title's code
    members: list[tuple[Reading, Unit | tuple]] = field(default_factory=list)  # "a WeWork ..."
    titled_members: dict[int, Reading] = field(default_factory=dict)  # id(title) -> its person
    ethnic: list[tuple[Reading, str]] = field(default_factory=list)  # with their nationality
    phrase_places: dict[int, list[tuple[Unit, str]]] = field(default_factory=dict)  # by head
    # agent head -> the nationality and modifier agents written in its phrase
    phrase_modifiers: dict[int, tuple[str, list[Agent]]] = field(default_factory=dict)
    # shortcuts, read in every step: tables.kb, tables.words, view.text
    kb: ActorKB = field(init=False)
    words: Words = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.kb, self.words, self.text = self.tables.kb, self.tables.words, self.view.text


def add(
    state: DocState,
    span: Span,
    key: tuple,
    name: str,
    code: str | None,
    kind: str,
    rule: str,
    head: int,
    *,
    rank: int,
    entry: Entry | None = None,
    country: str | None = None,
) -> Reading:
    """A new reading of the document, its country that of its code unless given."""
    start, end, start_char, end_char = span
    reading = Reading(
        start,
        end,
        start_char,
        end_char,
        key=key,
        name=name,
        code=code,
        kind=kind,
        rule=rule,
        head=head,
        entry=entry,
        rank=rank,
        country=country or (split_code(code)[0] if code else None),
    )
    state.readings.append(reading)
    return reading


def add_location(state: DocState, span: Span, head: int, name: str, country: str | None) -> None:
    """A place as the scene of events: one actor per place name, coded with its country."""
    key = ("location", name.casefold())
    add(state, span, key, name, country, "location", "location", head, rank=1)


def reading_at(state: DocState, token: int) -> Reading | None:
    """The latest reading covering a token."""
    for r in reversed(state.readings):
        if r.start <= token < r.end:
            return r
    return None


def head_of(view: DocView, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one if several)."""
    heads = view.head
    for t in range(end - 1, start - 1, -1):
        if not (start <= heads[t] < end) or heads[t] == t:
            return t
    return end - 1


def units_between(state: DocState, start: int, end: int, mark: bool = True) -> list[Unit]:
    """The units in tokens [start, end), marked used unless `mark` is False."""
    units: list[Unit] = []
    for t in range(start, end):
        u = state.unit_at[t]
        if u is not None and (not units or units[-1] is not u):
            units.append(u)
            u.used = u.used or mark
    return units


def word_end(view: DocView, t: int) -> int:
    """The character offset where token t ends."""
    return view.idx[t] + len(view.texts[t])
