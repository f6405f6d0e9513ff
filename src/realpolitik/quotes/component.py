"""The attribution component: who said what, as (speaker, cue, content) records with offsets.

Reads the parse and `doc._.actors` (set by `realpolitik_actors`); builds a `Quote` (see
`records.py`) per attribution and sets `doc._.quotes` to their dicts (the `quotes` section of
`data/document.schema.json`):

    {"id": "q1", "kind": "direct" | "indirect",
     "speaker": {"actor", "text", "start", "end", "code", "name"} | None,
     "cue": {"start", "end", "text"} | None,
     "content": {"start", "end", "text", "parts"?}}

Direct quotes are those whose content is a quotation; `parts` lists the pieces of a content
split by its attribution ("'...,' he said, '...'") or running over several paragraphs. The
speaker is the actor one of whose mentions covers the source's head word (else overlaps the
source most), so pronouns the resolver linked ("He noted ...") and generic actors ("a popular
Russian tabloid", RUSMED) come out with their actor's id, code and name.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp import doc_text
from ..records import Actor
from ..records import Span as TextSpan
from .attribution import Attribution, CueGate, attributions
from .candidates import Span
from .model import load_model
from .records import Content, Quote, Speaker

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory(
    "realpolitik_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "token.lemma", "doc.sents", "doc._.actors"],
    default_config={"model_path": None},
)
def make_quote_extractor(nlp: Language, name: str, model_path: str | None) -> QuoteExtractor:
    return QuoteExtractor(model_path)


class QuoteExtractor:
    def __init__(self, model_path: str | None = None) -> None:
        self.model = load_model(model_path)
        self.gate = CueGate(self.model)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = attributions(doc, text, self.model, self.gate)
        speakers = SpeakerIndex(doc._.actors or [])
        quotes = [quote_record(f"q{n}", a, doc, text, speakers) for n, a in enumerate(found, 1)]
        doc._.quotes = [q.to_dict() for q in quotes]
        return doc


class SpeakerIndex:
    """Actor mentions sorted by start, to find the actor behind a source span."""

    def __init__(self, actors: list[Actor]) -> None:
        # sorted on offsets only: two actors may share a span, and actors do not compare
        mentions = sorted(
            ((m.start, m.end, a) for a in actors for m in a.mentions), key=lambda m: m[:2]
        )
        self._starts = [m[0] for m in mentions]
        self._mentions = mentions
        self._longest = max((e - s for s, e, _ in mentions), default=0)

    def actor(self, start: int, end: int, head: int) -> tuple[Actor | None, bool]:
        """The actor whose mention covers `head` (a char offset), else the one overlapping
        [start, end) most; and whether it covers the head."""
        lo = bisect_left(self._starts, start - self._longest)
        best, best_overlap = None, 0
        for k in range(lo, len(self._mentions)):
            s, e, actor = self._mentions[k]
            if s >= end:
                break
            if s <= head < e:
                return actor, True
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = actor, overlap
        return best, False


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start, end, text[start:end])


def quote_record(qid: str, a: Attribution, doc: Doc, text: str, speakers: SpeakerIndex) -> Quote:
    """The Quote of one attribution, its speaker resolved to an actor where one is named."""
    speaker = _speaker(a.source, doc, text, speakers)[0] if a.source else None
    if speaker is None and a.fallback is not None:
        # an unlikely source is still the speaker when its head word names a known actor
        candidate, covers_head = _speaker(a.fallback, doc, text, speakers)
        if candidate.actor is not None and covers_head:
            speaker = candidate
    c = a.content
    parts = tuple(_span(text, s, e) for s, e in c.parts)
    content = Content(c.start, c.end, text[c.start : c.end], parts)
    return Quote(qid, a.kind, speaker, _span(text, a.cue.start, a.cue.end), content)


def _speaker(source: Span, doc: Doc, text: str, speakers: SpeakerIndex) -> tuple[Speaker, bool]:
    """The speaker a source names, and whether its actor's mention covers the source's head."""
    root = doc[source.i : source.j].root
    actor, covers_head = speakers.actor(source.start, source.end, root.idx)
    words = text[source.start : source.end]
    return Speaker.of(actor, source.start, source.end, words), covers_head
