"""The stance component: who favours or opposes what, and the opportunity/risk signals.

Skeleton: sets `doc._.stances` and `doc._.signals` to empty lists until the component lands.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

for _ext in ("stances", "signals"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


@Language.factory(
    "realpolitik_stance",
    assigns=["doc._.stances", "doc._.signals"],
    requires=["doc._.actors", "doc._.events", "doc._.quotes"],
    default_config={},
)
def make_stance_component(nlp: Language, name: str) -> StanceComponent:
    return StanceComponent()


class StanceComponent:
    def __call__(self, doc: Doc) -> Doc:
        stances: list[dict[str, Any]] = []
        doc._.stances = stances
        doc._.signals = []
        return doc
