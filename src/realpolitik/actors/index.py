"""Which actor each token belongs to: one index per document, shared by the later stages.

The actor stage sets `doc._.actors`; events and stances ask "is this token part of an actor's
mention, and whose?" many times per sentence. `token_index` answers all of them at once.
They also ask, for each argument or cue, which of an actor's mentions is at a place (the one
a word points at, the first in a phrase or a sentence): `actor_mentions` indexes an actor's
mentions once per document, so that on a long text, where an actor has thousands, the
answer does not cost a pass over them all.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

from ..records import Actor, Mention


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


def actor_mentions(doc: Doc, actor: Actor) -> ActorMentions:
    """The index of `actor`'s mentions in `doc`, built on first use and kept with the doc."""
    by_actor = _MENTIONS.get(doc)
    if by_actor is None:
        by_actor = _MENTIONS[doc] = {}
    found = by_actor.get(id(actor))
    if found is None or found.actor is not actor:
        found = by_actor[id(actor)] = ActorMentions(actor)
    return found


class ActorMentions:
    """One actor's mentions in one document, indexed, for the lookups the later stages make
    for each argument or cue: the mention at a character, the first one starting in a
    phrase, the first one in a sentence. Each answers as a scan of `actor.mentions` in
    order would (the first listed mention wins), in time that does not grow with their
    number.

    The list may grow as a document is coded (the event stage adds the mentions of unnamed
    attackers): mentions appended since the last lookup are indexed at the next one. It
    holds offsets only, never the doc or its spans (the doc is a weak key of `_MENTIONS`),
    and little of them: two machine integers a mention, one entry a sentence.
    """

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self._reset()

    def _reset(self) -> None:
        self._list = self.actor.mentions
        # by start character: the starts (sorted) and each one's position in the list
        self._starts = array("q")
        self._order = array("q")
        self._longest = 0  # the longest mention, in characters: how far back one can cover
        self._chars = 0  # mentions indexed by character so far
        self._by_sent: dict[int, int] = {}  # sentence start token -> first position in it
        self._sents = 0  # mentions indexed by sentence so far

    def _fresh(self) -> list[Mention]:
        """The actor's mentions, the index reset if the list was replaced or shortened."""
        mentions = self.actor.mentions
        if mentions is not self._list or len(mentions) < max(self._chars, self._sents):
            self._reset()
        return mentions

    def _index_chars(self) -> list[Mention]:
        mentions = self._fresh()
        if self._chars == 0 and mentions:
            pairs = sorted((m.start, k) for k, m in enumerate(mentions))
            self._starts = array("q", (s for s, _ in pairs))
            self._order = array("q", (k for _, k in pairs))
        else:
            for k in range(self._chars, len(mentions)):
                at = bisect_right(self._starts, mentions[k].start)
                self._starts.insert(at, mentions[k].start)
                self._order.insert(at, k)
        for m in mentions[self._chars :]:
            self._longest = max(self._longest, m.end - m.start)
        self._chars = len(mentions)
        return mentions

    def _starting(self, lo: int, hi: int | None) -> list[int]:
        """The positions, in list order, of the mentions starting in [lo, hi) (hi None: on)."""
        a = bisect_left(self._starts, lo)
        b = len(self._starts) if hi is None else bisect_left(self._starts, hi)
        return sorted(self._order[a:b])

    def covering(self, char: int) -> Mention | None:
        """The first listed mention with `start <= char < end`."""
        mentions = self._index_chars()
        best = None
        k = bisect_right(self._starts, char) - 1
        while k >= 0 and self._starts[k] > char - self._longest:
            pos = self._order[k]
            if mentions[pos].end > char and (best is None or pos < best):
                best = pos
            k -= 1
        return None if best is None else mentions[best]

    def starts_at(self, char: int) -> bool:
        """Whether a mention starts at `char`."""
        self._index_chars()
        k = bisect_left(self._starts, char)
        return k < len(self._starts) and self._starts[k] == char

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions within the text [start, end), in list order."""
        mentions = self._index_chars()
        found = (mentions[k] for k in self._starting(start, end + 1))
        return [m for m in found if m.end <= end]

    def first_starting_in(self, doc: Doc, tokens: set[int]) -> Mention | None:
        """The first listed mention whose tokens (`doc.char_span(..., alignment_mode=
        "expand")`) start at one of `tokens`."""
        if not tokens:
            return None
        mentions = self._index_chars()
        # A mention's tokens start at the token its first character is in, or at the next
        # one when that character is the token's trailing space: so its first character
        # lies from the token before the first of `tokens` to the token after the last.
        lo, hi = min(tokens), max(tokens) + 1
        for k in self._starting(
            doc[lo - 1].idx if lo else 0, doc[hi].idx if hi < len(doc) else None
        ):
            m = mentions[k]
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.start in tokens:
                return m
        return None

    def first_in_sentence(self, doc: Doc, sent_start: int) -> tuple[int, int] | None:
        """The tokens (start, end) of the first listed mention whose tokens start in the
        sentence that starts at token `sent_start` (as `span.sent.start` finds it)."""
        mentions = self._fresh()
        for k in range(self._sents, len(mentions)):
            m = mentions[k]
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                self._by_sent.setdefault(span.sent.start, k)
        self._sents = len(mentions)
        k = self._by_sent.get(sent_start)
        if k is None:
            return None
        span = doc.char_span(mentions[k].start, mentions[k].end, alignment_mode="expand")
        return span.start, span.end


_MENTIONS: WeakKeyDictionary[Doc, dict[int, ActorMentions]] = WeakKeyDictionary()
