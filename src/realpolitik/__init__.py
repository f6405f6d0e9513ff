"""realpolitik: who does what to whom in political news, with the evidence for every record.

>>> import realpolitik
>>> doc = realpolitik.analyze("The Kremlin welcomed Trump's overtures.", published="2025-03-07")
>>> [a.name for a in doc.actors]
>>> realpolitik.assess([doc], "RUS")["opportunities"]      # ranked, with evidence
>>> print(realpolitik.report([doc], focus="RUS", format="md"))
"""

from __future__ import annotations

import os as _os
import sys as _sys

__version__ = "0.1.0"

# One BLAS thread per process: parallelism is one process per core (`--workers`), and on two
# cores OpenBLAS's own threads make even a single process parse ~10% slower
# (`benchmarks/throughput.py`). Set before numpy loads; a thread count the user set wins.
if "numpy" not in _sys.modules and not any(
    _os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
):
    _os.environ["OPENBLAS_NUM_THREADS"] = "1"

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
