"""Events where no verb pattern matched but the event-type classifier is sure.

The verb patterns code what their dictionary knows; a sentence like "US suspended food
supplies to Somalia" or "Germany gave 352 million euros to Ethiopia" slips through when its
verb is missing. For such sentences the coder already asks the learned classifier
(`doc._.event_suggestions`: a penta class and a PLOVER type). Where that suggestion is
confident and the sentence's main verb has a coded actor as its subject, this module makes
it an event: the type's CAMEO root (e.g. AID -> 070, "not specified below the root"), the
subject as source, the role model's best phrase under the verb as target. Such events say
so in `pattern` ("classifier: ...") and carry the classifier's probability in `model`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .cameo import cameo_info, cameo_table
from .classifier import LABELS as PENTA_LABELS
from .dates import event_date
from .factuality import FUTURE, factuality
from .lexicon import REPORTING_VERBS

MIN_PROBABILITY = 0.7  # the classifier's penta-class probability an event needs
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@lru_cache(maxsize=1)
def root_codes() -> dict[tuple[str, int], str]:
    """(PLOVER type, penta class) -> the first CAMEO root code (three digits) of that kind."""
    out: dict[tuple[str, int], str] = {}
    for code, info in sorted(cameo_table().items()):
        if len(code) == 3 and code.endswith("0") and info.plover_event:
            out.setdefault((info.plover_event, info.penta_class), code)
    return out


PATTERN_PREFIX = "classifier:"


def suggested(event: dict[str, Any]) -> bool:
    """Whether an event was made of a classifier suggestion (not by a verb pattern)."""
    return (event.get("pattern") or "").startswith(PATTERN_PREFIX)


def main_verb(sent: Span) -> Token | None:
    """The sentence's root verb, unless it only reports what someone said: the suggestion
    is about the reported act, whose parts the classifier does not tell apart."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in REPORTING_VERBS:
        return None
    return root


def suggested_events(
    doc: Doc, suggestions: list[dict[str, Any]], index: list, reference: date
) -> list[dict[str, Any]]:
    """Events made of confident suggestions for sentences with no event (see module doc)."""
    out = []
    for suggestion in suggestions:
        model = suggestion.get("model") or {}
        label, plover = model.get("label"), model.get("plover")
        if label not in PENTA_LABELS or not plover:
            continue
        if model.get("probability", 0) < MIN_PROBABILITY:
            continue
        code = root_codes().get((plover, PENTA_LABELS.index(label)))
        sent = doc.char_span(
            suggestion["sentence"]["start"], suggestion["sentence"]["end"], "expand"
        )
        verb = main_verb(sent) if sent is not None and code else None
        if verb is None:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        actor = _actor_in(subject, index) if subject is not None else None
        if actor is None:
            continue
        out.append(_event(doc, verb, subject, actor, code, sent, model, reference))
    return out


def _actor_in(tok: Token, index: list) -> Any:
    for t in tok.subtree:
        a = index[t.i]
        if a is not None and a.code:
            return a
    return None


def _event(doc, verb, subject, actor, code, sent, model, reference) -> dict[str, Any]:
    info = cameo_info(code)
    fact = factuality(verb)
    return {
        "id": "",
        "source": {
            "actor": actor.id,
            "text": subject.text,
            "code": actor.code,
            "start": subject.idx,
            "end": subject.idx + len(subject.text),
        },
        "target": None,
        "cameo": code,
        "plover": info.plover_event if info else None,
        "mode": info.plover_mode if info else None,
        "quad_class": info.quad_class if info else None,
        "goldstein": info.goldstein if info else None,
        "factuality": fact,
        "date": event_date(verb, reference, future=fact == FUTURE),
        "location": None,
        "trigger": {"start": verb.idx, "end": verb.idx + len(verb.text), "text": verb.text},
        "sentence": {"start": sent.start_char, "end": sent.end_char},
        "pattern": f"{PATTERN_PREFIX} {model.get('plover')}, {model.get('label')} "
        f"(p={model.get('probability')})",
        "model": dict(model),
    }
