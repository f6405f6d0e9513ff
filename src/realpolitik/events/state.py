"""What the event stage works with: its knowledge (one per pipeline) and one document's state.

`Knowledge` is built once by the component's factory: the compiled verb patterns, the
lemmatizer's irregular verb forms, and the actor knowledge base (loaded on first use, to
place events and read agent nouns). `DocState` is made fresh for each document and passed
along every step of coding it: the token -> actor index, the entities, the unnamed
attackers registered so far and the prepositional phrases already read off the parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from .parse import PrepPhrase, find_prep_phrases
from .patterns import CompiledPatterns

if TYPE_CHECKING:
    from ..actors.kb import ActorKB


@dataclass
class Knowledge:
    """The verb patterns and actor knowledge the coder reads documents with.

    `stated_acts`: apply CAMEO's conventions for acts only stated ("will visit": 03,
    "must return": 10), as with the shipped patterns; a dictionary run on its own (as
    PETRARCH runs its unit tests) codes the act as it stands."""

    patterns: CompiledPatterns
    irregular: dict[str, set[str]] = field(default_factory=dict)  # irregular form -> lemmas
    stated_acts: bool = True
    kb_key: tuple[tuple[str, ...], bool] = ((), True)  # the actor component's files, defaults
    _kb: ActorKB | None = field(default=None, repr=False)

    @property
    def kb(self) -> ActorKB:
        """The actor knowledge base (the actor component's, so it is loaded once)."""
        if self._kb is None:
            from ..actors.kb import load_kb

            self._kb = load_kb(*self.kb_key)
        return self._kb

    def agent_code(self, noun: Token) -> str | None:
        """The code an agent noun gives its country ("president": `GOV`), from the actor
        knowledge base; for "Ithilen's president", which the resolver leaves as Ithilen."""
        if noun.pos_ != "NOUN":
            return None
        from ..actors.kb import normalise
        from ..actors.matcher import pluralise

        kb = self.kb
        agent = kb.agent(noun.text)
        if agent is None and noun.lower_ != noun.lemma_.lower():
            # a plural only where the agent has one ("POLICE {}" has none: "polices")
            agent = kb.agent(noun.lemma_)
            if agent is not None and not (
                agent.plurals and normalise(pluralise(noun.lemma_)) == normalise(noun.text)
            ):
                agent = None
        return agent.code.lstrip("~") if agent and agent.code.startswith("~") else None

    def country_of_place(self, name: str) -> str | None:
        return self.kb.country_of_place(name)


@dataclass
class DocState:
    """One document being coded: everything the steps share, in one place."""

    known: Knowledge
    doc: Doc
    reference: date  # relative dates resolve against it
    index: list[Actor | None]  # token i -> the actor whose mention covers it
    ents: list[Span]  # `doc.ents` once (spaCy builds new spans on every access)
    unnamed: dict[str, Actor] = field(default_factory=dict)  # country -> its unnamed attackers
    phrases: dict[int, list[PrepPhrase]] = field(default_factory=dict)  # token i -> its phrases

    def prep_phrases(self, tok: Token) -> list[PrepPhrase]:
        """The prepositional phrases on the token or its object (read once per token)."""
        found = self.phrases.get(tok.i)
        if found is None:
            found = self.phrases[tok.i] = find_prep_phrases(tok)
        return found
