"""Loading the spaCy pipeline, with the tokenizer adapted to news text.

Everything that parses text (the analysis pipeline, the classifier and quote-model training
scripts, the evals) loads its model here, so every stage sees the same tokens.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

# The text a Doc was made from, kept by the pipeline: `Doc.text` rebuilds it token by token,
# which costs a component as much as its own work on a long article.
if not Doc.has_extension("source_text"):
    Doc.set_extension("source_text", default=None)

# A hyphen left hanging before a space ends a word of its own: "an anti- Gondor parade" is
# "anti", "-", "Gondor" (spaCy keeps "anti-" whole and misparses the phrase around it).
HANGING_HYPHEN = r"(?<=[A-Za-z]{2})-$"


def load_model(name: str, **kwargs: Any) -> Language:
    """`spacy.load(name, **kwargs)` with the news tokenizer rules."""
    nlp = spacy.load(name, **kwargs)
    adapt_tokenizer(nlp)
    return nlp


def adapt_tokenizer(nlp: Language) -> None:
    suffixes = list(nlp.Defaults.suffixes or ())
    if HANGING_HYPHEN not in suffixes:
        nlp.tokenizer.suffix_search = compile_suffix_regex([*suffixes, HANGING_HYPHEN]).search


def doc_text(doc: Doc) -> str:
    """The Doc's text: the one it was made from when the pipeline kept it, else rebuilt."""
    text = doc._.source_text
    if text is None or not len(doc):
        return doc.text
    last = doc[-1]
    return text if last.idx + len(last.text_with_ws) == len(text) else doc.text
