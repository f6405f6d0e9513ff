"""The learned second opinion on a document's events (`classifier.py`'s shipped models).

Where a bare verb's default code gave an event, the penta-class model's confident
disagreement is kept on it (`model.label`); where the CAMEO code has no PLOVER type (CAMEO
01 statements), the PLOVER model's type (`model.plover`). Sentences with two coded actors
where no pattern fires get both as suggestions (`doc._.event_suggestions`): not events, as
no trigger that a dictionary vouches for carries them.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from .classifier import (
    LABELS,
    PLOVER_ARTIFACT,
    EventTypeClassifier,
    Prediction,
    featurize,
)
from .records import Event

MODEL_MIN_PROBABILITY = 0.6
SUGGESTION_MIN_PROBABILITY = 0.7
# Sentences per document the classifier reads, so its cost stays bounded.
MAX_SUGGESTION_SENTENCES = 3
MAX_CHECKED_SENTENCES = 5


class SecondOpinion:
    """The shipped penta-class and PLOVER-type models, loaded on first use."""

    def __init__(self) -> None:
        self._penta: EventTypeClassifier | None = None
        self._plover: EventTypeClassifier | None = None

    def ask(
        self, events: list[Event], coded: list[Span], uncoded: list[Span]
    ) -> list[dict[str, Any]]:
        """Set `model` on the events it has an opinion on (see the module docstring) and
        return the suggestions for the `uncoded` sentences."""
        penta, plover = self._models()
        bare = {e.sentence.start for e in events if e.bare}
        untyped = {e.sentence.start for e in events if not e.plover} if plover else set()
        checked = bare | untyped
        coded = [s for s in coded if s.start_char in checked][:MAX_CHECKED_SENTENCES]
        spans = coded + uncoded
        features = [featurize(s, penta.lexicon) for s in spans]
        predictions = penta.predict_features(features)
        types = plover.predict_features(features) if plover else [None] * len(spans)
        by_start = {s.start_char: (p, t) for s, p, t in zip(spans, predictions, types, strict=True)}
        for e in events:
            p, t = by_start.get(e.sentence.start, (None, None))
            if p is not None:
                _annotate(e, p, t, e.sentence.start in bare)
        n = len(coded)
        return [
            _suggestion(s, p, t)
            for s, p, t in zip(uncoded, predictions[n:], types[n:], strict=True)
            if p.label != "neutral" and p.probability >= SUGGESTION_MIN_PROBABILITY
        ]

    def _models(self) -> tuple[EventTypeClassifier, EventTypeClassifier | None]:
        """The shipped penta-class and PLOVER-type models (loaded once; the PLOVER one only
        if it reads the sentence's features as the penta one does: the same verb lexicon)."""
        if self._penta is None:
            self._penta = EventTypeClassifier.load()
            try:
                plover = EventTypeClassifier.load(artifact=PLOVER_ARTIFACT)
            except FileNotFoundError:
                plover = None
            same = plover is not None and (
                plover.lexicon.to_json() == self._penta.lexicon.to_json()
            )
            self._plover = plover if same else None
        return self._penta, self._plover


def _annotate(e: Event, p: Prediction, t: Prediction | None, bare: bool) -> None:
    """The models' opinion on one event: the penta class where a bare verb's default code
    gave it and the model confidently disagrees, the PLOVER type where its code has none."""
    info = e.info
    if info is None:
        return
    if (
        bare
        and p.probability >= MODEL_MIN_PROBABILITY
        and LABELS.index(p.label) != info.penta_class
    ):
        e.model = {"label": p.label, "probability": round(p.probability, 3)}
    if t is not None and not info.plover_event:
        e.model = e.model if e.model is not None else {}
        e.model.update(plover=t.label, plover_probability=round(t.probability, 3))


def _suggestion(s: Span, p: Prediction, t: Prediction | None) -> dict[str, Any]:
    model = {"label": p.label, "probability": round(p.probability, 3)}
    if t is not None:
        model.update(plover=t.label, plover_probability=round(t.probability, 3))
    return {"sentence": {"start": s.start_char, "end": s.end_char}, "model": model}
