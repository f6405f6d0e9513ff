"""Loading the spaCy pipeline, with the tokenizer adapted to news text.

Everything that parses text (the analysis pipeline, the classifier and quote-model training
scripts, the evals) loads its model here, so every stage sees the same tokens.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_suffix_regex

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
