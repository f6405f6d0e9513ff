"""Loading the spaCy pipeline, with the tokenizer adapted to news text.

Everything that parses text (the analysis pipeline, the classifier and quote-model training
scripts, the evals) loads its model here, so every stage sees the same tokens.
"""

from __future__ import annotations

import os
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
    """`spacy.load(name, **kwargs)` with the news tokenizer rules, on one BLAS thread."""
    single_threaded_blas()
    nlp = spacy.load(name, **kwargs)
    adapt_tokenizer(nlp)
    return nlp


_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_blas() -> None:
    """One BLAS thread per process, unless the user set a thread count in the environment.

    Parallelism here is one process per core (`--workers`): BLAS threads on top of them
    only contend for the same cores. Importing realpolitik before numpy sets
    OPENBLAS_NUM_THREADS=1 (see `realpolitik/__init__.py`; on two cores a bare parse then
    runs about 10% faster, and two workers went from 1.55-1.60x to 1.64x the bare parse in
    `benchmarks/throughput.py`); where numpy came first, this limits BLAS at run time.
    """
    if any(os.environ.get(v) for v in _BLAS_ENV):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn; without it, leave BLAS be
        return
    threadpool_limits(limits=1, user_api="blas")


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
