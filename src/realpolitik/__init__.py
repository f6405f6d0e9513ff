"""realpolitik: who does what to whom in political news, with the evidence for every record.

>>> import realpolitik
>>> doc = realpolitik.analyze("The Kremlin welcomed Trump's overtures.", published="2025-03-07")
>>> [a.name for a in doc.actors]
>>> realpolitik.assess([doc], "RUS")["opportunities"]      # ranked, with evidence
>>> print(realpolitik.report([doc], focus="RUS", format="md"))
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import analyze, analyze_many, extract  # noqa: E402
from .records import Actor, Article, Document, Mention, Span  # noqa: E402
from .settings import Settings  # noqa: E402


def __getattr__(name: str):  # DuckDB and the report load only when asked for
    if name == "Store":
        from .store import Store

        return Store
    if name == "report":
        from .report import report

        return report
    if name == "assess":
        from .stance.assess import assess

        return assess
    raise AttributeError(name)


__all__ = [
    "Actor",
    "Article",
    "Document",
    "Mention",
    "Settings",
    "Span",
    "Store",
    "analyze",
    "analyze_many",
    "assess",
    "extract",
    "report",
]
