"""The opportunities-and-risks assessment for a focal actor, over one document or a corpus.

`assess(documents, focus)` is the whole contract the report builds on:

    {
      "focus": {"code": "RUS", "name": "Russia", "query": "RUS"},
      "opportunities": [Item, ...],   # ranked, best first, short
      "risks": [Item, ...],
      "factions": [                   # sub-state groups of a country, stances side by side
        {"country": "RUS", "name": "technocrats", "code": "RUSELI",
         "stances": [{"issue": "peace_talks", "issue_label": "Peace negotiations",
                      "stance": "favor", "evidence": [Evidence, ...]}]}
      ],
      "stances": [                    # stances of the other actors (states, governments, people)
        {"actor": "Kremlin", "code": "RUSGOV", "issue": ..., "issue_label": ..., "stance": ...,
         "evidence": [Evidence, ...]}
      ],
      "documents": 1,
    }
    Item = {"summary": str, "score": float, "actors": [str, ...], "evidence": [Evidence, ...],
            "count": int, "first_seen": "YYYY-MM-DD" | None, "last_seen": ... | None}
    Evidence = {"doc_id": str, "start": int, "end": int, "text": str}

Skeleton: returns the shape with empty lists until the assessment lands.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..records import Document


def assess(documents: Iterable[Document], focus: str) -> dict[str, Any]:
    docs = list(documents)
    return {
        "focus": {"code": focus, "name": focus, "query": focus},
        "opportunities": [],
        "risks": [],
        "factions": [],
        "stances": [],
        "documents": len(docs),
    }
