"""The Python API; the CLI is a thin skin over these calls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .records import Article, Document
from .settings import Settings
from .sources import Failure, read_inputs


def _as_article(item: str | Article | dict[str, Any], published: str | None = None) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(text=item, published=published)
    from .sources.dumps import article_from_row

    return article_from_row(item, where=str(item.get("id", "<dict>")))


def analyze(
    text: str, published: str | None = None, *, settings: Settings | None = None, **fields: Any
) -> Document:
    """Analyze one text exactly as given (offsets refer to it). `fields`: title, url, author..."""
    from .pipeline import Analyzer  # spaCy loads only when something is analyzed

    article = Article(text=text, published=published, **fields)
    return next(Analyzer(settings).analyze([article], workers=1))


def analyze_many(
    items: Iterable[str | Article | dict[str, Any]],
    *,
    workers: int = 1,
    settings: Settings | None = None,
) -> Iterator[Document]:
    """Documents for many texts, Articles or row dicts (with a `text` key), streamed in order."""
    from .pipeline import Analyzer

    return Analyzer(settings).analyze((_as_article(i) for i in items), workers=workers)


def extract(
    inputs: Iterable[str], *, settings: Settings | None = None
) -> Iterator[Article | Failure]:
    """Articles (or Failures) from files, URLs, feeds and dumps, without analysis."""
    return read_inputs(inputs, settings)
