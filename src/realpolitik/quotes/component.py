"""The attribution component: (speaker, cue, content) records with offsets.

Skeleton: sets `doc._.quotes` to an empty list until the extractor lands.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory(
    "realpolitik_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "doc.sents"],
    default_config={},
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()


class QuoteExtractor:
    def __call__(self, doc: Doc) -> Doc:
        quotes: list[dict[str, Any]] = []
        doc._.quotes = quotes
        return doc
