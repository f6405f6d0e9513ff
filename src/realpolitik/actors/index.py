"""Which actor each token belongs to: one index per document, shared by the later stages.

The actor stage sets `doc._.actors`; events and stances ask "is this token part of an actor's
mention, and whose?" many times per sentence. `token_index` answers all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from ..records import Actor


def token_index(doc: Doc, actors: Iterable[Actor] | None = None) -> list[Actor | None]:
    """Token i -> the actor one of whose mentions covers it (the first actor listed wins).

    `actors` defaults to `doc._.actors`. Built once per document: O(tokens + mentions).
    """
    index: list[Actor | None] = [None] * len(doc)
    for actor in doc._.actors or () if actors is None else actors:
        for m in actor.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                if index[i] is None:
                    index[i] = actor
    return index
