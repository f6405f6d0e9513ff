"""The words and code tables the event stage reads the parse with, loaded once on import.

They are data, so an analyst edits them without touching code:
`data/events/framing.json` holds the framing verbs ("agreed to", "threatened to", "said")
and the CAMEO tables that recode a framed or stated act; `data/events/unnamed_attackers.json`
the means of attack that stand for an unnamed perpetrator ("a car bomb killed ...").
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _data(name: str) -> dict[str, Any]:
    text = resources.files("realpolitik").joinpath(f"data/events/{name}").read_text("utf-8")
    return json.loads(text)


_FRAMING = _data("framing.json")


def _words(name: str) -> frozenset[str]:
    return frozenset(_FRAMING["words"][name])


def _table(name: str) -> dict[str, str]:
    """A CAMEO prefix -> framing code table (`_parallel` in framing.py reads it)."""
    return dict(_FRAMING[name])


# Verbs that only report speech: no event unless a pattern more specific than the bare verb
# codes them (the quote stage handles attribution).
REPORTING_VERBS = _words("reporting_verbs")
# Verbs that report what their subject says (a reported clause's pronoun subject is theirs).
STATEMENT_VERBS = REPORTING_VERBS | _words("statement_verbs")
# "agreed/offered/promised to V" is coded by them, not by V.
INTENT_VERBS = _words("intent_verbs")
# "plans/intends to V": the act is stated as intended (03, or 13 for material conflict).
PLAN_VERBS = _words("plan_verbs")
# "vowed to fight": a promise of material conflict is a threat (13).
VOW_VERBS = _words("vow_verbs")
# "threatened to V": CAMEO codes the threat, its sub-code by what is threatened.
THREAT_VERBS = _words("threat_verbs")
# "refused/declined to V": CAMEO's reject (12).
REFUSAL_VERBS = _words("refusal_verbs")
FRAMING_VERBS = INTENT_VERBS | THREAT_VERBS | REFUSAL_VERBS
# Their subject, not their object, does the act of their complement ("promised Kyiv to
# withdraw"); for other verbs the object does ("urged Kyiv to withdraw").
SUBJECT_CONTROL_VERBS = _words("subject_control_verbs")
# Verbs of asking: the act asked for ("urged Y to withdraw") is no event of its own.
REQUEST_VERBS = _words("request_verbs")
APPEAL_VERBS = _words("appeal_verbs")  # requests that are appeals (02), not demands
INTENT_ADJECTIVES = _words("intent_adjectives")  # "is ready to send"
OBLIGATION_AUX = _words("obligation_auxiliaries")  # "Sudan must return", reported
PROTEST_NOUNS = _words("protest_nouns")  # "in protest/defiance of X"

# CAMEO prefix of the act -> the code of the framing event. threat: "threatened to V" (16
# reduce relations -> 131, 163 sanctions -> 1312, 17 coercion -> 132, 14 protest -> 133,
# 18-20 force -> 138); intent: "X will visit Y" (03, parallel to the act's root); refusal:
# "will not allow" (12); demand: "Y must V", reported (10); appeal: "urged Y to V" (02x,
# 053 when V is support of a third party).
THREAT_CODES = _table("threat")
INTENT_CODES = _table("intent")
REFUSAL_CODES = _table("refusal")
DEMAND_CODES = _table("demand")
APPEAL_CODES = _table("appeal")

# Nouns for a means of attack that stand where its perpetrator would ("a car bomb killed").
MEANS_NOUNS = frozenset(w.lower() for w in _data("unnamed_attackers.json")["nouns"])
