"""Framing, as CAMEO codes it: an act that is promised, threatened, refused, asked for,
demanded or only stated is coded as that statement.

- "agreed/promised to V" is the commitment (03), "threatened to V" the threat (13, by what
  is threatened), "refused to V" the rejection (12), "urged Y to V" the appeal (02,
  parallel to V; the act asked for is no event of its own).
- With the shipped patterns (not a user's dictionary run alone, as PETRARCH's unit tests
  are), an act only stated is coded as the statement: intended ("will visit", "is ready to
  send", "plans to send": 03; an act of material conflict, one offered "unless ..." or
  vowed: 13), refused ("will not allow": 12), or demanded of another ("Russia said Sudan
  must return ...": 10, by the speaker). A threat with no target is aimed at whom its
  condition names ("... unless Israel ..."). "Blocked roads" (144, obstruct passage) is a
  protest by civilians; by a state's forces it is a blockade (191).

The verbs and the code tables are data: `lexicon.py` (`data/events/framing.json`).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..records import Span as TextSpan
from .factuality import ASSERTED, factuality
from .lexicon import (
    APPEAL_CODES,
    APPEAL_VERBS,
    DEMAND_CODES,
    INTENT_ADJECTIVES,
    INTENT_CODES,
    INTENT_VERBS,
    OBLIGATION_AUX,
    PLAN_VERBS,
    REFUSAL_CODES,
    REFUSAL_VERBS,
    REQUEST_VERBS,
    STATEMENT_VERBS,
    THREAT_CODES,
    THREAT_VERBS,
    VOW_VERBS,
)
from .parse import condition_clauses, governing_verb, reporting_head, subjects, verb_chain
from .participants import participants
from .patterns import VerbPattern
from .records import Event, Participant
from .state import DocState
from .triggers import Trigger

INTENT_CODE = "030"  # a bare "agreed to": express intent to cooperate
THREAT_CODE = "130"  # threaten, not specified below
REFUSAL_CODE = "120"
DEMAND_CODE = "100"
RALLY_CODE = "053"  # "urged the EC to support the PLO": rally support for the PLO
THREAT_ROOT = "13"
# Roots of material conflict (14 protest ... 20 mass violence): stated, they are threats.
THREAT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
# "blocked roads": CAMEO 144 (obstruct passage) is a protest by civilians; done by a state's
# forces it is 191 (impose blockade, restrict movement)
OBSTRUCT_CODE, BLOCKADE_CODE = "144", "191"
STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})


# --- requests --------------------------------------------------------------------------------


def fold_requests(found: list[Trigger], state: DocState) -> list[Trigger]:
    """ "called on Gondor to be allowed to leave Lorien": the act asked for is the request's
    content, no event of its own; with CAMEO's conventions the request is coded parallel to
    it ("urged Ukraine to withdraw its troops": 0256)."""
    requests = {
        f.token.i: k
        for k, f in enumerate(found)
        if f.token.pos_ == "VERB" and f.token.lemma_.lower() in REQUEST_VERBS
    }
    if not requests:
        return found
    kept: list[Trigger | None] = list(found)
    for k, f in enumerate(found):
        t = f.token
        asker = _requested(t, requests)
        if asker is None:
            continue
        kept[k] = None
        if (
            state.known.stated_acts
            and t.dep_ == "xcomp"
            and t.head.i == asker
            and t.head.lemma_.lower() in APPEAL_VERBS
        ):
            request = kept[requests[asker]]
            appeal = _appeal(f.events, request.events if request else [])
            if appeal and request:
                kept[requests[asker]] = replace(request, events=appeal)
    return [f for f in kept if f is not None]


def _requested(tok: Token, requests: dict[int, int]) -> int | None:
    """The request verb whose complement the verb is (in): "urged Y to V", "called on Y to be
    allowed to V"."""
    t = tok
    for _ in range(4):
        if t.dep_ not in ("xcomp", "ccomp") or t.head.i == t.i:
            return None
        t = t.head
        if t.i in requests:
            return t.i
    return None


def _appeal(asked: list[Event], request: list[Event]) -> list[Event]:
    """The request's events recoded parallel to the act asked for (CAMEO 02x), or [] when
    CAMEO has no parallel appeal."""
    code = asked[0].cameo if asked else ""
    sub = parallel(APPEAL_CODES, code or "")
    if not sub or not request:
        return []
    out = []
    why = f"local: an appeal for the act asked for ({code}) is CAMEO {sub}"
    for e in request:
        e = copy(e).recode(sub, why)
        if sub == RALLY_CODE:  # "urged the EC to support the PLO": support for the PLO
            e.target = asked[0].target
        out.append(e)
    return out


# --- a trigger's framing -----------------------------------------------------------------------


@dataclass
class Frame:
    """A trigger's events and what frames them: the verb it is the complement of, if any."""

    anchor: Token  # the verb that carries the act: the trigger, or the verb of its event noun
    pattern: VerbPattern
    outer: VerbPattern | None  # the framing verb's own pattern ("agreed to V": AGREE's)
    verb: str  # the framing verb's lemma ("" when the act is not framed)
    events: list[Event]
    state: DocState

    @property
    def plain_outer(self) -> bool:
        """No framing verb with a pattern more specific than its bare default."""
        return self.outer is None or not self.outer.specificity


def frame(trigger: Trigger, matched: dict[int, VerbPattern], state: DocState) -> list[Event]:
    """The trigger's events as CAMEO codes their framing (see the module docstring)."""
    tok = trigger.token
    # the verb that carries the act: the trigger, or the verb an event noun is the object
    # of ("threatened to institute a curfew", "will extend the curfew")
    anchor = governing_verb(tok) if tok.pos_ == "NOUN" else tok
    framed = anchor.dep_ == "xcomp"
    f = Frame(
        anchor,
        trigger.pattern,
        matched.get(anchor.head.i) if framed else None,
        anchor.head.lemma_.lower() if framed else "",
        trigger.events,
        state,
    )
    events = f.events
    for rule in FRAMING_RULES:
        framed_events = rule(f)
        if framed_events is not None:
            events = framed_events
            break
    if state.known.stated_acts:
        events = [threat_target(e, anchor, state) for e in events]
    return events


def _vowed_conflict(f: Frame) -> list[Event] | None:
    """ "vowed to fight", "plans to impose restrictions": a stated act of material conflict is
    a threat (13), by what is threatened."""
    code = f.pattern.code or ""
    if not (
        f.state.known.stated_acts
        and f.verb in VOW_VERBS | PLAN_VERBS
        and f.plain_outer
        and code[:2] in THREAT_ROOTS
    ):
        return None
    origin = f"{f.pattern.origin}; local: a stated act of material conflict is 13"
    base = replace(f.pattern, code=threat_code(code, THREAT_CODE), origin=origin)
    return [_reframed(e, base, f.anchor.head) for e in f.events]


def _planned(f: Frame) -> list[Event] | None:
    """ "plans to visit Y": a stated intent to cooperate (03, parallel to the act)."""
    if not (f.state.known.stated_acts and f.verb in PLAN_VERBS and f.plain_outer):
        return None
    sub = parallel(INTENT_CODES, f.pattern.code or "")
    if not sub:
        return f.events
    origin = f"{f.pattern.origin}; local: a stated intent to cooperate is 03"
    base = replace(f.pattern, code=sub, origin=origin)
    return [_reframed(e, base, f.anchor.head) for e in f.events]


def _promised(f: Frame) -> list[Event] | None:
    """ "agreed to lift sanctions on Y": CAMEO codes the promise (the outer verb) with the
    inner verb's actors; a bare "agreed to" is express intent to cooperate (030)."""
    outer = f.outer
    if outer is None or f.verb not in INTENT_VERBS:
        return None
    if not outer.specificity and not outer.code.startswith("03"):
        outer = replace(outer, code=INTENT_CODE)
    return [_reframed(e, outer, f.anchor.head) for e in f.events]


def _threatened_to(f: Frame) -> list[Event] | None:
    """ "threatened to cut off electricity": the threat, by what is threatened."""
    outer = f.outer
    if outer is None or f.verb not in THREAT_VERBS or outer.specificity:
        return None
    threat = replace(outer, code=threat_code(f.pattern.code or "", outer.code))
    return [_reframed(e, threat, f.anchor.head) for e in f.events]


def _refused_to(f: Frame) -> list[Event] | None:
    """ "refused to meet Y": CAMEO's reject (12), parallel to V ("meet": 125)."""
    if f.verb not in REFUSAL_VERBS or not f.plain_outer:
        return None
    base = f.outer or replace(f.pattern, origin="local: refuse to V")
    code = parallel(REFUSAL_CODES, f.pattern.code or "") or REFUSAL_CODE
    refusal = replace(base, code=code)
    return [_reframed(e, refusal, f.anchor.head) for e in f.events]


def _only_stated(f: Frame) -> list[Event] | None:
    """An act not framed by a verb but only stated: demanded, refused or intended."""
    if not (f.state.known.stated_acts and f.anchor.pos_ == "VERB" and f.outer is None and f.events):
        return None
    for rule in (_demanded, _refused, _intended):
        stated = rule(f.anchor, f.events, f.state)
        if stated is not None:
            return stated
    return f.events


FRAMING_RULES: tuple[Callable[[Frame], list[Event] | None], ...] = (
    _vowed_conflict,
    _planned,
    _promised,
    _threatened_to,
    _refused_to,
    _only_stated,
)


def _reframed(e: Event, pattern: VerbPattern, verb: Token) -> Event:
    """The event coded by the framing verb's pattern, triggered by that verb."""
    e.cameo = pattern.code
    e.trigger = TextSpan(verb.idx, verb.idx + len(verb.text), verb.text)
    e.pattern = pattern.origin
    e.bare = not pattern.specificity
    e.factuality = factuality(verb)  # the promise is made, whatever becomes of it
    return e


# --- acts only stated ------------------------------------------------------------------------


def _demanded(tok: Token, events: list[Event], state: DocState) -> list[Event] | None:
    """ "Russia said Sudan must return the helicopter": Russia demands it of Sudan (10)."""
    if not _reported_obligation(tok):
        return None
    speaker = participants(subjects(reporting_head(tok)), state)
    if not (speaker and speaker[0].actor is not None and speaker[0].actor.code):
        return events
    addressee = events[0].source
    sub = parallel(DEMAND_CODES, events[0].cameo or "") or DEMAND_CODE
    out = []
    for e in events[:1]:
        e.recode(sub, "local: reported obligation is a demand (10)")
        e.factuality = _statement_factuality(tok)  # the demand is made
        e.source = speaker[0].placed()
        e.target = addressee if addressee.actor is not None else e.target
        if e.target is None or e.target.actor_id != e.source.actor_id:
            out.append(e)
    return out or events


def _refused(tok: Token, events: list[Event], state: DocState) -> list[Event] | None:
    """ "Syria will not allow ...": a stated refusal to cooperate is CAMEO's reject (12)."""
    code = events[0].cameo or ""
    if not _stated_intent(tok, negated=True) or code[:2] in THREAT_ROOTS:
        return None
    sub = parallel(REFUSAL_CODES, code)
    if not sub:
        return events
    for e in events:
        e.recode(sub, "local: a stated refusal to cooperate is CAMEO reject (12)")
        e.factuality = _statement_factuality(tok)  # the refusal is made
    return events


def _intended(tok: Token, events: list[Event], state: DocState) -> list[Event] | None:
    """ "X will visit Y": a stated intent to cooperate (03); "will attack", "will withdraw its
    force unless ...": a threat (13)."""
    if not _stated_intent(tok):
        return events
    code = events[0].cameo or ""
    if code[:2] in THREAT_ROOTS or _unless(tok):
        sub = threat_code(code, THREAT_CODE)
        why = "local: a stated intent of material conflict is a threat (13)"
    else:
        sub = parallel(INTENT_CODES, code)
        why = "local: a stated intent to cooperate is CAMEO 03"
    if not sub:
        return events
    return [e.recode(sub, why) for e in events]


def threat_target(e: Event, verb: Token, state: DocState) -> Event:
    """A threat with no coded target (or one of its own country) is aimed at whom its
    condition names ("threatened to strike unless Israel rescinded ...", "will boycott
    if the president ...")."""
    target = (e.target.effective_code if e.target is not None else None) or ""
    own = target[:3] == (e.source.effective_code or "")[:3]  # "ban voting in Jerusalem"
    if not (e.cameo or "").startswith(THREAT_ROOT) or (target and not own):
        return e
    for k in condition_clauses(verb):
        clause_subjects = [g for g in k.children if g.dep_ in ("nsubj", "nsubjpass")]
        for p in participants(clause_subjects[:1], state, agents=True):
            if p.actor is not None and p.actor.code and p.actor.id != e.source.actor_id:
                e.target = p.placed()
                return e
    return e


def blockade(code: str | None, source: Participant) -> bool:
    """CAMEO 144 is civilians obstructing passage; a state's armed or governing body
    (its code's sector: "ISRMIL") closing a way imposes a blockade (191)."""
    if code != OBSTRUCT_CODE or source.actor is None:
        return False
    return (source.effective_code or "")[3:6] in STATE_FORCE_SECTORS


# --- reading the statement ---------------------------------------------------------------------


def parallel(table: dict[str, str], code: str) -> str | None:
    """The entry for the longest prefix of `code` in `table`."""
    for n in (4, 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def threat_code(code: str, default: str | None) -> str | None:
    """The threat (13x) parallel to what is threatened (its CAMEO code)."""
    return THREAT_CODES.get(code[:3]) or THREAT_CODES.get(code[:2], default)


def _statement_factuality(tok: Token) -> str:
    """The factuality of the statement that carries a demand or refusal: the reporting
    verb's ("Russia said Sudan must ..."), else asserted ("Syria will not allow ...")."""
    top = verb_chain(tok)[-1]
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in STATEMENT_VERBS:
        return factuality(top.head)
    return ASSERTED


def _reported_obligation(tok: Token) -> bool:
    """ "Russia said Sudan must return ...": a must/should clause under a reporting verb,
    with its own subject."""
    top = verb_chain(tok)[-1]
    if top.dep_ != "ccomp" or top.head.lemma_.lower() not in STATEMENT_VERBS | {"remind"}:
        return False
    has_subject = any(k.dep_ in ("nsubj", "nsubjpass") for k in top.children)
    return has_subject and any(
        k.dep_ == "aux" and k.lower_ in OBLIGATION_AUX for t in verb_chain(tok) for k in t.children
    )


def _unless(tok: Token) -> bool:
    """The act is stated on a condition the addressee can meet ("... unless X does Y")."""
    return any(
        k.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in k.children)
        for t in verb_chain(tok)
        for k in t.children
    )


def _stated_intent(tok: Token, negated: bool = False) -> bool:
    """ "X will visit Y", "is ready to contribute", "said they would boycott": an act stated
    as intended (not conditional; not negated, or, with `negated`, negated: "will not
    allow")."""
    chain = verb_chain(tok)
    kids = [k for t in chain for k in t.children]
    if any(k.dep_ == "mark" and k.lower_ in ("if", "unless") for k in kids):
        return False
    if any(k.dep_ == "neg" for k in kids) != negated:
        return False
    if any(k.dep_ == "aux" and k.lower_ in ("will", "shall", "'ll", "wo") for k in kids):
        return True
    if any(t.lemma_.lower() in INTENT_ADJECTIVES for t in chain[1:]):
        return True
    top = chain[-1]
    reported = top.dep_ == "ccomp" and top.head.lemma_.lower() in STATEMENT_VERBS
    return reported and any(k.dep_ == "aux" and k.lower_ in ("would", "'d") for k in kids)
