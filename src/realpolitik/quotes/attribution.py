"""Decoding: from a parsed Doc to its attributions (cue, source, content), with the model.

Only tokens whose lemma or form is a known cue (and colons) are looked at; a prefilter on
their words and dependencies drops most of them before their candidates are built. For the
rest, the candidates of `candidates.py` are scored and the best cue, source and content are
kept when the head scores above its threshold. Two cues that overlap keep the likelier one.
Rules settle the unambiguous direct quotes (`as_quotation`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .candidates import PUNCT_CUES, Reader, Span
from .marks import find_quotations
from .model import QuoteModel


@dataclass
class Attribution:
    cue: Span
    content: Span
    source: Span | None
    score: float
    # the likeliest source when none reached the threshold (the component keeps it when it
    # is a known actor)
    fallback: Span | None = None

    @property
    def kind(self) -> str:
        """direct: the content is a quotation (or a quotation split by the attribution)."""
        if self.content.kind.startswith("quote"):
            return "direct"
        return "indirect"


class CueGate:
    """The cue lexicon as string hashes, to find candidate heads with one vectorised test."""

    def __init__(self, model: QuoteModel) -> None:
        self.lemmas = np.array(sorted(get_string_id(s) for s in model.cue_lemmas), dtype=np.uint64)
        self.forms = np.array(sorted(get_string_id(s) for s in model.cue_forms), dtype=np.uint64)

    def heads(self, doc: Doc) -> np.ndarray:
        if not len(doc):
            return np.zeros(0, dtype=np.int64)
        arr = doc.to_array([LEMMA, LOWER])
        hit = np.isin(arr[:, 0], self.lemmas) | np.isin(arr[:, 1], self.forms)
        return np.flatnonzero(hit)


@dataclass
class Scored:
    """A candidate head with its best cue, content and source, and their probabilities."""

    p: float
    cue: Span
    content: Span
    source: Span | None
    p_source: float
    # the content ranker's probability of its choice (1.0 when a rule settled it): a head
    # whose content is a guess among many is more often a wrong relation than a right one
    p_content: float = 1.0


def attributions(doc: Doc, text: str, model: QuoteModel, gate: CueGate) -> list[Attribution]:
    """The attributions of `doc` (whose text is `text`), in document order."""
    th = model.thresholds
    # a head below the relation threshold cannot make one, whatever its content's score
    floor = max(th["head"], th.get("relation", 0.0))
    return decode(scored_heads(doc, text, model, gate, floor=floor), th)


def scored_heads(
    doc: Doc,
    text: str,
    model: QuoteModel,
    gate: CueGate,
    floor: float | None = None,
    prefloor: float | None = None,
) -> list[Scored]:
    """Every candidate head passing the prefilter and scoring at least `floor` (defaults: the
    model's thresholds)."""
    heads = gate.heads(doc)
    if not len(heads):
        return []
    reader = Reader(doc, text, find_quotations(text), lazy=True)
    floor = model.thresholds["head"] if floor is None else floor
    prefloor = model.thresholds["prefilter"] if prefloor is None else prefloor
    out = []
    for i in heads.tolist():
        head = doc[i]
        if head.is_punct and head.text not in PUNCT_CUES:
            continue
        cheap = reader.head_features(head)
        if model.prefilter.prob(cheap) < prefloor:
            continue
        cand = reader.candidate(head, cheap)
        if not cand.contents:
            continue
        p = model.head.prob(cand.features)
        if p < floor:
            continue
        reader.finish_contents(cand)
        cue, content, p_content = _cue_and_content(cand.cues, cand.contents, model)
        source, p_source = None, 0.0
        if cand.sources:
            source = max(cand.sources, key=lambda s: model.source.score(s.features))
            p_source = model.source.prob(source.features)
        quoted, settled = as_quotation(doc, text, cand.contents, content, cue, source, model)
        if settled:
            content, p_content = quoted, 1.0
        out.append(Scored(p, cue, content, source, p_source, p_content))
    return out


def _cue_and_content(
    cues: list[Span], contents: list[Span], model: QuoteModel
) -> tuple[Span, Span, float]:
    """The likeliest cue, then the likeliest content given it (where the content starts
    relative to the cue is one of its features), and that content's probability. Weighing
    the two best cues jointly with their contents did no better on PolNeAR dev."""
    cue = max(cues, key=lambda s: model.cue.score(s.features))
    scores = [model.content.score(content_features(s, cue)) for s in contents]
    best = max(range(len(scores)), key=scores.__getitem__)
    top = scores[best]
    return cue, contents[best], 1.0 / sum(math.exp(max(-30.0, x - top)) for x in scores)


def as_quotation(
    doc: Doc,
    text: str,
    contents: list[Span],
    content: Span,
    cue: Span,
    source: Span | None,
    model: QuoteModel,
) -> tuple[Span, bool]:
    """The content as a quotation where the quotation is what was said, and whether a rule
    settled it: a clause that is the quoted words, marks left out, becomes the quotation (the
    quotation split by the cue, "“...,” he said, “...”", when the second part opens right
    after the attribution); and a whole utterance quoted right after the cue wins over the
    clauses (`touches_quotation`), whichever the ranker preferred.
    """
    quotes = [c for c in contents if c.kind.startswith("quote")]
    if not quotes:
        return content, False
    if touches_quotation(doc, contents, cue, source):
        if content.kind.startswith("quote"):
            return content, True
        return max(quotes, key=lambda s: model.content.score(content_features(s, cue))), True
    if content.kind.startswith("quote"):
        return content, False
    extent = _alnum_extent(text, content.start, content.end)
    same = [q for q in quotes if _alnum_extent(text, q.start, q.end) == extent]
    if not same:
        return content, False
    quote = same[0]
    if quote.kind == "quote_before":
        after = next((q for q in quotes if q.kind == "quote_after"), None)
        split = next((q for q in quotes if q.kind == "quote_split"), None)
        if after is not None and split is not None and _only_punct(doc, cue.j, after.i, source):
            return split, True
    return quote, True


def _alnum_extent(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def touches_quotation(doc: Doc, contents: list[Span], cue: Span, source: Span | None) -> bool:
    """The unambiguous case: a whole utterance in quotation marks opens right after the cue
    (`remarked, “Russia cannot ...”`, `said: “...”`). The content is then a quotation (which
    one, or a split pair, the model decides). Measured on PolNeAR dev, the same rule for a
    quotation closing before the cue (`“...,” he said`) did worse than the model alone.
    """
    for c in contents:
        if not _utterance(doc, c):
            continue
        if c.kind == "quote_after" and _only_punct(doc, cue.j, c.i, source):
            return True
    return False


def _utterance(doc: Doc, c: Span) -> bool:
    """A quotation of a whole utterance: it opens with a capital and closes on punctuation."""
    text = doc[c.i : c.j].text
    body = text.strip("\"'“”‘’„«»‹› ")
    return bool(body) and body[0].isupper() and body[-1] in ".,!?…"


def _only_punct(doc: Doc, i: int, j: int, source: Span | None) -> bool:
    """Tokens [i, j) are punctuation or the source's words (at most 3 punctuation tokens)."""
    if j < i or j - i > 3 + (source.j - source.i if source else 0):
        return False
    for k in range(i, j):
        if source is not None and source.i <= k < source.j:
            continue
        if not (doc[k].is_punct or doc[k].is_space):
            return False
    return True


def content_features(content: Span, cue: Span) -> list[str]:
    """A content candidate's features, with where it starts relative to the chosen cue."""
    if content.i == cue.j:
        where = "at_cue_end"
    elif content.i > cue.j:
        where = "after_cue"
    elif content.j <= cue.i:
        where = "before_cue"
    else:
        where = "over_cue"
    gap = content.i - cue.j
    gap_name = str(gap) if 0 <= gap <= 3 else "far" if gap > 3 else "before"
    return [
        *content.features,
        f"where={where}",
        f"kind_where={content.kind}|{where}",
        f"kind_gap={content.kind}|{gap_name}",
    ]


def decode(scored: list[Scored], thresholds: dict[str, float]) -> list[Attribution]:
    """Heads above the head threshold that are likely relations, their sources above the
    source threshold, no overlaps.

    A relation is likely when the head's probability times its content's, the latter to the
    power `content_weight`, reaches `relation`: a sure cue may carry a content the ranker
    hesitates over, a doubtful one needs a clear content. On PolNeAR dev this does better
    for the content than a threshold on each."""
    found = []
    min_relation = thresholds.get("relation", 0.0)
    weight = thresholds.get("content_weight", 1.0)
    for s in scored:
        if s.p < thresholds["head"] or s.p * s.p_content**weight < min_relation:
            continue
        if s.p_source >= thresholds["source"]:
            found.append(Attribution(s.cue, s.content, s.source, s.p))
        else:
            found.append(Attribution(s.cue, s.content, None, s.p, fallback=s.source))
    return _without_overlaps(found)


def _without_overlaps(found: list[Attribution]) -> list[Attribution]:
    """The likeliest attributions whose cues share no position with a likelier one's (each
    cue holds its head, so none is empty); the positions taken are a set, so that a long
    document's attributions are not each compared with all those kept."""
    kept: list[Attribution] = []
    taken: set[int] = set()
    for a in sorted(found, key=lambda a: -a.score):
        cue = range(a.cue.start, a.cue.end)
        if taken.isdisjoint(cue):
            kept.append(a)
            taken.update(cue)
    return sorted(kept, key=lambda a: a.cue.start)
