"""`actor_mentions`: each lookup answers as the scan of `actor.mentions` it replaces.

The scans are written out here as they stood in the stages (events/records.py, roles.py,
attackers.py, stance/component.py) and compared with the index on random mentions:
overlapping, starting or ending in whitespace, out of order, and appended between lookups as
the event stage does.
"""

from __future__ import annotations

import random

import pytest

from realpolitik.actors.index import actor_mentions
from realpolitik.pipeline import load_pipeline
from realpolitik.records import Actor, Mention
from realpolitik.settings import Settings


def covering(actor: Actor, char: int) -> Mention | None:
    return next((m for m in actor.mentions if m.start <= char < m.end), None)


def first_starting_in(doc, actor: Actor, tokens: set[int]) -> Mention | None:
    for m in actor.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.start in tokens:
            return m
    return None


def within(actor: Actor, start: int, end: int) -> list[Mention]:
    return [m for m in actor.mentions if start <= m.start and m.end <= end]


def first_in_sentence(doc, actor: Actor, sent_start: int) -> tuple[int, int] | None:
    for m in actor.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.sent.start == sent_start:
            return span.start, span.end
    return None


@pytest.fixture(scope="module")
def doc(example_path):
    nlp = load_pipeline(Settings())
    text = example_path.read_text(encoding="utf-8")
    return nlp(text[:6000])


def random_mention(rng: random.Random, size: int) -> Mention:
    start = rng.randrange(size)
    end = min(size, start + rng.randint(1, 40))
    return Mention(start, end, "")


@pytest.mark.parametrize("seed", range(12))
def test_lookups_match_the_scans(doc, seed: int) -> None:
    rng = random.Random(seed)
    size = len(doc.text)
    actor = Actor(id=f"a{seed}", name="A", mentions=[])
    actor.mentions.extend(random_mention(rng, size) for _ in range(rng.randint(0, 30)))
    index = actor_mentions(doc, actor)
    sents = sorted({t.sent.start for t in doc})
    for _ in range(40):
        if rng.random() < 0.3:  # the list grows while the document is coded
            actor.mentions.append(random_mention(rng, size))
        char = rng.randrange(size)
        assert index.covering(char) == covering(actor, char)
        assert index.starts_at(char) == any(m.start == char for m in actor.mentions)
        a = rng.randrange(size)
        b = min(size, a + rng.randint(0, 300))
        assert index.within(a, b) == within(actor, a, b)
        tok = doc[rng.randrange(len(doc))]
        subtree = {t.i for t in tok.subtree}
        assert index.first_starting_in(doc, subtree) == first_starting_in(doc, actor, subtree)
        sent = rng.choice(sents)
        assert index.first_in_sentence(doc, sent) == first_in_sentence(doc, actor, sent)
    assert actor_mentions(doc, actor) is index  # one index per actor and document


def test_a_replaced_list_is_indexed_afresh(doc) -> None:
    actor = Actor(id="a", name="A", mentions=[Mention(0, 5, "")])
    assert actor_mentions(doc, actor).covering(2) == Mention(0, 5, "")
    actor.mentions = [Mention(10, 20, "")]
    assert actor_mentions(doc, actor).covering(2) is None
    assert actor_mentions(doc, actor).covering(12) == Mention(10, 20, "")
