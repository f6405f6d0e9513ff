"""The event component: who did what to whom, read off the dependency parse.

For each sentence, in one pass over its tokens:

1. Triggers: a verb (or an event noun: "strike", "summit", "resignation") whose lemma has
   patterns in the verb dictionary (`patterns.py`, compiled once per process). The most
   specific pattern whose constraints hold on the parse (object words, prepositional phrases,
   preceding words) gives the CAMEO code; a `[---]` pattern or no code means no event.
   PETRARCH's phrase-level matching is kept: a pattern's words may stand anywhere in the
   verb's phrase (not in its clauses nor date phrases: "on Thursday" is never "* ON"), words
   joined by "_" in the dictionary must be adjacent. Among equally specific patterns, one
   whose words are the verb's object beats one whose words only stand in its prepositional
   phrases, and the one whose words come nearest the verb wins ("launched rocket fire
   against camps near the border": "* FIRE", not "* BORDER").
2. Arguments: the subject (or the "by" agent of a passive) is the source; the direct object,
   passive subject or the pattern's prepositional object is the target. Subjects are inherited
   through xcomp chains ("agreed to lift" -> the subject of "agreed"), conjoined verbs and
   relative clauses; a pronoun subject of a reported clause is the speaker ("Syria says it
   will ..."). Listed arguments give one event each: conjuncts ("X and Y agreed", "ties with
   A, B and C") and listed countries of an agent ("the ambassadors of A, B and C": each
   country's GOV). An argument is an actor if a token of its phrase (nearest the head first;
   for a target also in a participle on it: "memos sent by Bree") lies in one of
   `doc._.actors`' mentions, looked up in a token -> actor index built once per document.
   What a source gives of its own ("Syria offered its troops to Lebanon") is not the target;
   the party it goes to is.
3. Only events with a source actor and a coded source or target are kept, never an actor
   acting on itself; a verb coded by its bare default (no pattern constraint met) needs a
   target actor too ("The technocrats argue" is no event).
4. Framing, as CAMEO codes it: "agreed/promised to V" is the commitment (03), "threatened
   to V" the threat (13, by what is threatened), "refused to V" the rejection (12); a verb
   coded by its bare default gives way to the event noun it governs ("staged rallies"). With
   the shipped patterns (not a user's dictionary run alone, as PETRARCH's unit tests are), an
   act only stated is coded as the statement: intended ("will visit", "is ready to send",
   "plans to send": 03; an act of material conflict, one offered "unless ..." or vowed:
   13), refused ("will not allow": 12), or demanded of another ("Russia said Sudan must
   return ...": 10, by the speaker). "Blocked roads" (144, obstruct passage) is a protest by
   civilians; by a state's forces it is a blockade (191).
5. Each event gets its factuality (`factuality.py`), date (`dates.py`), place (a GPE/LOC/FAC
   after "in"/"at" in its clause, with the country the actor knowledge base gives it), CAMEO ->
   PLOVER/quad class/Goldstein (`cameo.py`), and, where the learned classifier confidently
   disagrees with the pattern's class, its opinion (`model`).

Sentences with two coded actors where no pattern fires go to the classifier too; its
confident non-neutral verdicts are kept in `doc._.event_suggestions` (not events: they have no
trigger that a dictionary vouches for).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.index import token_index
from ..records import Actor, Mention
from .cameo import cameo_info
from .dates import clause_of, event_date
from .factuality import ASSERTED, FUTURE, factuality
from .patterns import ADJACENT, CompiledPatterns, VerbPattern, load_patterns

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("event_suggestions"):
    Doc.set_extension("event_suggestions", default=None)


def _framing_table(name: str) -> dict[str, str]:
    """A CAMEO prefix -> framing code table from `data/events/framing.json`."""
    text = resources.files("realpolitik").joinpath("data/events/framing.json").read_text("utf-8")
    return dict(json.loads(text)[name])


SUBJECT_DEPS = ("nsubj", "csubj")
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
# Complements whose words an object pattern may name (not prepositional phrases, not reported
# speech: "said ... aid" is not "aid" as the object of "said").
OBJECT_DEPS = frozenset(
    "dobj nsubjpass attr oprd dative xcomp acomp prt advmod npadvmod compound amod nmod "
    "nummod".split()
)
# Verbs that only report speech: no event unless a pattern more specific than the bare verb
# codes them (the quote stage handles attribution).
REPORTING_VERBS = frozenset(
    "say tell add note remark state explain comment report write recall insist argue "
    "claim observe reply respond answer put describe call".split()
)
# Verbs of commitment: "agreed/offered/promised to V" is coded by them, not by V.
INTENT_VERBS = frozenset("agree offer promise pledge vow".split())
# "plans/intends to V": the act is stated as intended (CAMEO codes the statement, as for
# "will V": 03, or 13 for an act of material conflict).
PLAN_VERBS = frozenset("plan intend".split())
# "vowed to fight": a promise of material conflict is a threat (13); "agreed to postpone a
# demonstration" is not.
VOW_VERBS = frozenset("vow pledge promise swear".split())
INTENT_CODE = "030"
# "threatened to V": CAMEO codes the threat, its sub-code by what is threatened (the root of
# V's code: 16 reduce relations -> 131 threaten non-force, 163 sanctions -> 1312, 17
# coercion -> 132, 14 protest -> 133, 18-20 force -> 138). The tables of framing codes are
# data: `data/events/framing.json`.
THREAT_VERBS = frozenset({"threaten"})
THREAT_CODES = _framing_table("threat")
# "refused/declined to V": CAMEO's reject (12).
REFUSAL_VERBS = frozenset("refuse decline".split())
# Verbs whose subject, not their object, does the act of their complement ("promised Kyiv to
# withdraw"); for others the object does ("urged Kyiv to withdraw").
SUBJECT_CONTROL_VERBS = frozenset("promise vow pledge swear threaten".split())
# Verbs of asking: the act asked for ("urged Y to withdraw") is no event of its own.
REQUEST_VERBS = frozenset("call urge ask appeal demand request press plead implore".split())
APPEAL_VERBS = frozenset("call urge ask appeal press plead implore".split())  # not demands
REFUSAL_CODE = "120"
FRAMING_VERBS = INTENT_VERBS | THREAT_VERBS | REFUSAL_VERBS
# A stated intention ("X will visit Y", "is ready to contribute troops", "said they would
# boycott"): CAMEO codes the statement, express intent to cooperate (03, the sub-code
# parallel to the act's root) or, for an act of material conflict, a threat (13).
INTENT_CODES = _framing_table("intent")
THREAT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
INTENT_ADJECTIVES = frozenset("ready prepared willing determined poised".split())
# "Y must V", reported: CAMEO's demand (10), the sub-code parallel to V's root.
DEMAND_CODES = _framing_table("demand")
# Attacks (CAMEO 18-20) whose perpetrator is not named: the unidentified armed forces of the
# country where they happened, when a means of attack stands for them or the verb is passive
ATTACK_ROOTS = frozenset({"18", "19", "20"})
# ... of them, the ones done by someone unnamed: assault (18), force, small arms, artillery,
# air strikes (190, 193-195), mass violence (20); not blockade, occupation or a ceasefire
# violation
UNNAMED_ATTACKS = ("18", "190", "193", "194", "195", "20")
UNNAMED_SECTOR = "UAF"


def _unnamed_means() -> frozenset[str]:
    path = resources.files("realpolitik").joinpath("data/events/unnamed_attackers.json")
    return frozenset(w.lower() for w in json.loads(path.read_text("utf-8"))["nouns"])


MEANS_NOUNS = _unnamed_means()
# "urged Y to V": an appeal parallel to V (02x), 053 when V is support of a third party
APPEAL_CODES = _framing_table("appeal")
RALLY_CODE = "053"
DEMAND_CODE = "100"
OBLIGATION_AUX = frozenset({"must", "should"})
# "X will not allow / would not meet ...": a refused act of cooperation is CAMEO's reject (12).
REFUSAL_CODES = _framing_table("refusal")
# Verbs that report what their subject says (a reported clause's pronoun subject is theirs).
STATEMENT_VERBS = REPORTING_VERBS | frozenset(
    "announce declare confirm warn insist stress reiterate indicate".split()
)
# Prepositions whose object is a target when the pattern's own slot holds no actor.
TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "at", "into")
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
# "blocked roads": CAMEO 144 (obstruct passage) is a protest by civilians; done by a state's
# forces it is 191 (impose blockade, restrict movement)
OBSTRUCT_CODE, BLOCKADE_CODE = "144", "191"
STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
# CAMEO 13 threaten: with no target, the one its condition names ("... unless Israel ...")
THREAT_ROOT = "13"
CONDITION_MARKS = frozenset({"if", "unless"})
# CAMEO 14 protest: with no target of its own, the one its purpose names ("to demand reforms
# from the government", "in defiance of the authorities")
PROTEST_ROOT = "14"
PROTEST_NOUNS = frozenset("protest defiance opposition solidarity support".split())
BEFORE_WINDOW = 8  # tokens before a trigger a pattern's preceding words may be in
MODEL_MIN_PROBABILITY = 0.6
SUGGESTION_MIN_PROBABILITY = 0.7
# Sentences per document the classifier reads, so its cost stays bounded.
MAX_SUGGESTION_SENTENCES = 3
MAX_CHECKED_SENTENCES = 5


@Language.factory(
    "realpolitik_events",
    assigns=["doc._.events", "doc._.event_suggestions"],
    requires=["token.dep", "token.lemma", "doc.ents"],
    default_config={
        "verb_files": [],
        "verb_defaults": True,
        "second_opinion": True,
        "actor_files": [],
        "actor_defaults": True,
    },
)
def make_event_coder(
    nlp: Language,
    name: str,
    verb_files: list[str],
    verb_defaults: bool,
    second_opinion: bool,
    actor_files: list[str],
    actor_defaults: bool,
) -> EventCoder:
    """`verb_files`: extra pattern files (JSONL or PETRARCH .txt), winning over the shipped
    ones; `verb_defaults`: also the shipped patterns, and with them CAMEO's conventions for
    acts only stated (intended: 03/13, demanded: 10), which a dictionary run on its own (as
    PETRARCH runs its unit tests) does not apply; `actor_files`/`actor_defaults`: the actor
    knowledge base whose places locate events (the same as the actor component's, so it is
    loaded once)."""
    patterns = load_patterns(tuple(str(p) for p in verb_files), verb_defaults)
    kb_key = (tuple(str(p) for p in actor_files), actor_defaults)
    coder = EventCoder(patterns, second_opinion, kb_key, stated_acts=verb_defaults)
    coder.irregular = _irregular_verbs(nlp)
    return coder


def _irregular_verbs(nlp: Language) -> dict[str, set[str]]:
    """Irregular verb form -> its lemmas, from the pipeline's lemmatizer tables (empty for a
    pipeline without them: every form is then taken as it is lemmatized)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    except (KeyError, AttributeError, ValueError):
        return {}
    verbs = table.get("verb") or {}
    return {form: set(lemmas) for form, lemmas in verbs.items()}


def _regular_forms(lemma: str) -> set[str]:
    """The regular inflections of a verb: 3rd person, past and participles."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stopped"
    return forms


@dataclass
class Participant:
    actor: Actor | None
    token: Token  # the argument's head
    # the code when it is not the actor's own: one member of a listed agent ("the
    # ambassadors of A, B and C": B's ambassadors are B's GOV)
    code: str | None = None
    listed: bool = False  # found in a list inside the argument phrase, not at its head

    def to_dict(self) -> dict[str, Any]:
        """The role's filler: actor id, code, and the words that fill it (start, end, text)."""
        start, end, text = self.span()
        if self.actor is None:
            return {"actor": None, "text": text, "code": None, "start": start, "end": end}
        code = self.code or self.actor.code
        return {"actor": self.actor.id, "text": text, "code": code, "start": start, "end": end}

    def span(self) -> tuple[int, int, str]:
        """The actor's mention the argument points at (else its noun phrase), as offsets."""
        head = self.token
        if self.actor is not None:
            for m in self.actor.mentions:
                if m.start <= head.idx < m.end:
                    return m.start, m.end, m.text
            at = {t.i for t in head.subtree}
            for m in self.actor.mentions:
                span = head.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and span.start in at:
                    return m.start, m.end, m.text
        words = _phrase_span(head)
        return words.start_char, words.end_char, words.text

    def mention_text(self) -> str:
        return self.span()[2]


class EventCoder:
    """Sets `doc._.events` (event dicts, the document JSON's `events`) from the parse."""

    def __init__(
        self,
        patterns: CompiledPatterns,
        second_opinion: bool = True,
        kb_key: tuple[tuple[str, ...], bool] = ((), True),
        stated_acts: bool = True,
    ) -> None:
        self.patterns = patterns
        self.irregular: dict[str, set[str]] = {}  # irregular verb form -> lemmas
        self.stated_acts = stated_acts
        self.kb_key = kb_key
        self.second_opinion = second_opinion
        self._classifier = None
        self._plover = None
        self._kb = None
        self._ents: list[Span] = []
        self._index: list[Actor | None] = []

    def __call__(self, doc: Doc) -> Doc:
        _PHRASES.clear()
        reference = getattr(doc._, "reference_date", None) or date.today()
        actors = list(getattr(doc._, "actors", None) or [])
        index = token_index(doc, actors)
        self._ents = list(doc.ents)  # Doc.ents builds new spans on every access
        self._unnamed: dict[str, Actor] = {}  # country -> its unidentified attackers
        self._index = index
        events: list[dict[str, Any]] = []
        coded_sentences: list[Span] = []
        uncoded: list[Span] = []
        for sent in doc.sents:
            if not any(a is not None and a.code for a in index[sent.start : sent.end]):
                continue  # no coded actor: no event can be kept
            found = self._code_sentence(sent, index, reference)
            if found:
                coded_sentences.append(sent)
                events += found
            elif (
                self.second_opinion
                and len(uncoded) < MAX_SUGGESTION_SENTENCES
                and _two_coded_actors(sent, index)
            ):
                uncoded.append(sent)
        if self._unnamed:
            doc._.actors = [*actors, *self._unnamed.values()]
        for k, e in enumerate(events, 1):
            e["id"] = f"e{k}"
        doc._.events = events
        doc._.event_suggestions = []
        if self.second_opinion and (events or uncoded):
            self._ask_classifier(doc, events, coded_sentences, uncoded)
        for e in events:
            del e["bare"]
        return doc

    # --- triggers and patterns -----------------------------------------------------------

    def _code_sentence(self, sent: Span, index: list, reference: date) -> list[dict]:
        found: list[tuple[Token, VerbPattern, list[dict]]] = []
        matched: dict[int, VerbPattern] = {}
        for tok in sent:
            pos = tok.pos_
            if pos not in ("VERB", "NOUN"):
                continue
            candidates = self.patterns.candidates(pos, tok.lemma_.lower(), tok.lower_)
            if not candidates or (pos == "VERB" and not self._inflection(tok)):
                continue
            pattern = self._match(tok, candidates, sent.start)
            if pattern is None or pattern.code is None:
                continue
            if tok.lemma_.lower() in REPORTING_VERBS and not pattern.specificity:
                continue
            matched[tok.i] = pattern
            events = self._events(tok, pattern, sent, index, reference)
            if events:
                found.append((tok, pattern, events))
        # "called on Gondor to be allowed to leave Lorien": the act asked for is the
        # request's content, no event of its own; with CAMEO's conventions the request is
        # coded parallel to it ("urged Ukraine to withdraw its troops": 0256)
        requests = {
            t.i: k
            for k, (t, _, _) in enumerate(found)
            if t.pos_ == "VERB" and t.lemma_.lower() in REQUEST_VERBS
        }
        if requests:
            kept = list(found)
            for k, (t, _, events) in enumerate(found):
                asker = _requested(t, requests)
                if asker is None:
                    continue
                kept[k] = None
                if (
                    self.stated_acts
                    and t.dep_ == "xcomp"
                    and t.head.i == asker
                    and t.head.lemma_.lower() in APPEAL_VERBS
                ):
                    r = requests[asker]
                    appeal = self._appeal(events, kept[r][2] if kept[r] else [])
                    if appeal and kept[r]:
                        kept[r] = (kept[r][0], kept[r][1], appeal)
            found = [f for f in kept if f is not None]
        # "seeks to influence Trump", "agreed to lift sanctions": the inner verb is the event
        # (with the outer subject); the outer verb only frames it (see factuality).
        # an inner verb with a target of its own frames the outer one; one without ("urged
        # Bree to help win a role") gives way to an outer verb that has a target
        aimed = {t.i for t, _, evs in found if any(_has_target(e) for e in evs)}
        inner_heads = {
            t.head.i
            for t, _, _ in found
            if t.dep_ == "xcomp" and (t.i in aimed or t.head.i not in aimed)
        }
        found = [
            f
            for f in found
            if not (f[0].dep_ == "xcomp" and f[0].i not in aimed and f[0].head.i in aimed)
        ]
        # "staged rallies", "announced a suspension of air links": a verb coded by its bare
        # default gives way to the event noun it governs
        light = {
            _governing_verb(t).i
            for t, _, _ in found
            if t.pos_ == "NOUN" and _governing_verb(t).i != t.i
        }
        found = [
            f
            for f in found
            if not (f[0].pos_ == "VERB" and f[0].i in light and not f[1].specificity)
        ]
        verbs = {t.i for t, _, _ in found if t.pos_ == "VERB"}
        out: list[dict] = []
        for tok, pattern, events in found:
            if tok.i in inner_heads and not pattern.specificity:
                continue
            if (
                _backdrop(tok)
                and not any(_has_target(e) for e in events)
                and any(t.i != tok.i and _main_clause(t) for t, _, _ in found)
            ):
                continue  # "X restored ties ... after crowds burned down its embassy"
            if tok.pos_ == "NOUN" and _governing_verb(tok).i in verbs:
                continue  # "imposed sanctions": the verb's event already says it
            # the verb that carries the act: the trigger, or the verb an event noun is the
            # object of ("threatened to institute a curfew", "will extend the curfew")
            anchor = _governing_verb(tok) if tok.pos_ == "NOUN" else tok
            outer = matched.get(anchor.head.i) if anchor.dep_ == "xcomp" else None
            framing = anchor.head.lemma_.lower() if anchor.dep_ == "xcomp" else ""
            code = pattern.code or ""
            if (
                self.stated_acts
                and framing in VOW_VERBS | PLAN_VERBS
                and (outer is None or not outer.specificity)
                and code[:2] in THREAT_ROOTS
            ):
                # "vowed to fight", "plans to impose restrictions": a stated act of material
                # conflict is a threat (13), by what is threatened
                threat = THREAT_CODES.get(code[:3]) or THREAT_CODES.get(code[:2], "130")
                origin = f"{pattern.origin}; local: a stated act of material conflict is 13"
                base = replace(pattern, code=threat, origin=origin)
                events = [self._recode(e, base, anchor.head) for e in events]
            elif (
                self.stated_acts
                and framing in PLAN_VERBS
                and (outer is None or not outer.specificity)
            ):
                # "plans to visit Y": a stated intent to cooperate (03, parallel to the act)
                sub = _parallel(INTENT_CODES, code)
                if sub:
                    origin = f"{pattern.origin}; local: a stated intent to cooperate is 03"
                    base = replace(pattern, code=sub, origin=origin)
                    events = [self._recode(e, base, anchor.head) for e in events]
            elif outer is not None and framing in INTENT_VERBS:
                # "agreed to lift sanctions on Y": CAMEO codes the promise (the outer verb)
                # with the inner verb's actors
                if not outer.specificity and not outer.code.startswith("03"):
                    # a bare "agreed to": CAMEO's express intent to cooperate (030)
                    outer = replace(outer, code=INTENT_CODE)
                events = [self._recode(e, outer, anchor.head) for e in events]
            elif outer is not None and framing in THREAT_VERBS and not outer.specificity:
                code = pattern.code or ""
                threat = THREAT_CODES.get(code[:3]) or THREAT_CODES.get(code[:2], outer.code)
                events = [self._recode(e, replace(outer, code=threat), anchor.head) for e in events]
            elif framing in REFUSAL_VERBS and (outer is None or not outer.specificity):
                # "refused to meet Y": CAMEO's reject (12), parallel to V ("meet": 125)
                base = outer or replace(pattern, origin="local: refuse to V")
                code = _parallel(REFUSAL_CODES, pattern.code or "") or REFUSAL_CODE
                refusal = replace(base, code=code)
                events = [self._recode(e, refusal, anchor.head) for e in events]
            elif self.stated_acts and anchor.pos_ == "VERB" and outer is None and events:
                events = self._stated(anchor, events, sent, index)
            if self.stated_acts:
                events = [self._threatened(e, anchor, index) for e in events]
            out += events
        # "vowed to attack Israel": the promise recoded from the inner verb and the outer
        # verb's own event are one event
        seen: set[tuple] = set()
        unique = []
        for e in out:
            key = (
                e["trigger"]["start"],
                e["cameo"],
                e["source"].get("actor"),
                (e["target"] or {}).get("actor"),
            )
            if key not in seen:
                seen.add(key)
                unique.append(e)
        return unique

    def _appeal(self, asked: list[dict], request: list[dict]) -> list[dict]:
        """The request's events recoded parallel to the act asked for (CAMEO 02x), or [] when
        CAMEO has no parallel appeal."""
        code = asked[0]["cameo"] if asked else ""
        sub = _parallel(APPEAL_CODES, code or "")
        if not sub or not request:
            return []
        out = []
        origin = f"local: an appeal for the act asked for ({code}) is CAMEO {sub}"
        for e in request:
            e = self._as_code(dict(e), sub, origin)
            if sub == RALLY_CODE:  # "urged the EC to support the PLO": support for the PLO
                e["target"] = asked[0]["target"]
            out.append(e)
        return out

    def _stated(self, tok: Token, events: list[dict], sent, index) -> list[dict]:
        """Recode an act that is only stated: intended (03/13) or demanded of another (10)."""
        code = events[0]["cameo"] or ""
        if _reported_obligation(tok):
            # "Russia said Sudan must return the helicopter": Russia demands it of Sudan
            speaker = _participants(_subjects(_reporting_head(tok)), index)
            addressee = events[0]["source"]
            sub = _parallel(DEMAND_CODES, code) or DEMAND_CODE
            if speaker and speaker[0].actor is not None and speaker[0].actor.code:
                out = []
                for e in events[:1]:
                    e = self._as_code(e, sub, "local: reported obligation is a demand (10)")
                    e["factuality"] = _statement_factuality(tok)  # the demand is made
                    e["source"] = speaker[0].to_dict()
                    e["target"] = addressee if addressee.get("actor") else e["target"]
                    if not e["target"] or e["target"].get("actor") != e["source"]["actor"]:
                        out.append(e)
                return out or events
            return events
        if _stated_intent(tok, negated=True) and code[:2] not in THREAT_ROOTS:
            sub = _parallel(REFUSAL_CODES, code)
            if sub:
                origin = "local: a stated refusal to cooperate is CAMEO reject (12)"
                events = [self._as_code(e, sub, origin) for e in events]
                for e in events:
                    e["factuality"] = _statement_factuality(tok)  # the refusal is made
                return events
            return events
        if not _stated_intent(tok):
            return events
        if code[:2] in THREAT_ROOTS or _unless(tok):
            # "will attack", "will withdraw its force unless ...": a threat
            sub = THREAT_CODES.get(code[:3]) or THREAT_CODES.get(code[:2], "130")
            origin = "local: a stated intent of material conflict is a threat (13)"
        else:
            sub = _parallel(INTENT_CODES, code)
            origin = "local: a stated intent to cooperate is CAMEO 03"
        if not sub:
            return events
        return [self._as_code(e, sub, origin) for e in events]

    def _as_code(self, e: dict, code: str, origin: str) -> dict:
        info = cameo_info(code)
        e.update(
            cameo=code,
            plover=info.plover_event if info else None,
            mode=info.plover_mode if info else None,
            quad_class=info.quad_class if info else None,
            goldstein=info.goldstein if info else None,
            pattern=f"{e['pattern']}; {origin}",
        )
        return e

    def _inflection(self, tok: Token) -> bool:
        """The word is a form of its lemma: regular, irregular (the lemmatizer's table) or
        listed by the verb dictionary; not a misspelling the lemmatizer's suffix rules
        read as one ("departes")."""
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if lower == lemma or not self.irregular or not lower.isalpha():
            return True
        if lemma in self.irregular.get(lower, ()) or lower in self.patterns.forms:
            return True
        return lower in _regular_forms(lemma)

    def _match(
        self, tok: Token, candidates: list[tuple[frozenset[str], VerbPattern]], sent_start: int
    ) -> VerbPattern | None:
        if len(candidates) == 1 and not candidates[0][0] and not candidates[0][1].specificity:
            p = candidates[0][1]
            return p if p.code is None or _cameo(p.code) else None
        obj_words = _object_words(tok)
        prep_words = _prep_words(tok)
        # PETRARCH's "* WORDS" is phrase-level: the words may also stand in the verb's
        # prepositional phrases ("acted on a resolution": "* &PREPOSIT1 RESOLUTION")
        phrase = _phrase_tokens(tok)
        phrase_words = _words(phrase)
        # and a pattern's prepositional phrase may hang deeper in it ("assurances on
        # cultural issues from Bree": "* ASSURANCES_ON &TIETYPES FROM")
        nested: dict[str, set[str]] = {}
        # (with participles on the phrase's nouns: "assurances on cultural issues sent from
        # Bree")
        wide = phrase + [
            g for t in phrase for k in t.children if _participle(k) for g in _without_clauses(k)
        ]
        for t in wide:
            if t.dep_ == "prep" and t.head.i != tok.i:
                nested.setdefault(t.lower_, set()).update(
                    _words(k for k in t.subtree if k.i != t.i)
                )
        start = max(sent_start, tok.i - BEFORE_WINDOW)
        before = _words(tok.doc[start : tok.i])
        near = obj_words | before | set(prep_words) | phrase_words
        for words in prep_words.values():
            near |= words
        has = self.patterns.has_word
        # a pattern whose object words stand in the verb's prepositional phrases only gives way
        # to an equally specific one whose words are its object ("launched rocket fire against
        # camps near the border": "* FIRE", not "* BORDER")
        loose: VerbPattern | None = None
        found: list[VerbPattern] = []
        for literals, p in candidates:  # most specific first
            if found and p.specificity < found[0].specificity:
                break
            if loose is not None and not found and p.specificity < loose.specificity:
                return loose
            if not literals <= near:
                continue
            if p.code is not None and not _cameo(p.code):
                continue  # "+++", "xxy": not a CAMEO code, never an event
            in_phrase = False
            if p.object and not all(has(w, obj_words) for w in p.object):
                if not all(has(w, phrase_words) for w in p.object):
                    continue
                in_phrase = True
            if p.preps and not all(
                (prep in prep_words and all(has(w, prep_words[prep]) for w in words))
                or (prep in nested and all(has(w, nested[prep]) for w in words))
                for prep, words in p.preps
            ):
                continue
            if p.before and not all(has(w, before) for w in p.before):
                continue
            if p.touch_before and not self._touches(tok, p.before[-1], -1):
                continue  # "RECENTLY_*": not "recently did allow"
            if p.touch_after and not self._touches(tok, p.object[0], 1):
                continue
            if p.target == "joint" and len(_subjects(tok)) < 2:
                continue  # "% * [030:030]": only a compound subject
            if not self._in_order(tok, p, sent_start):
                continue
            if in_phrase:
                loose = loose or p
                continue
            found.append(p)
        if not found:
            return loose
        if len(found) == 1 or not found[0].object:
            return found[0]
        # equally specific object patterns: the one whose words cover the most of the
        # phrase ("a million austrian gold florin": &HYPERCURR, not &CURRENCY's "florin"),
        # then the one whose words come nearest the verb ("launched rocket fire against
        # camps near the border": "* FIRE", not "* BORDER")
        words = _words(_phrase_tokens(tok)) | obj_words
        return min(
            (p for p in found if p.object),
            key=lambda p: (-self._coverage(p, words), self._distance(tok, p)),
        )

    def _coverage(self, p: VerbPattern, present: set[str]) -> int:
        """Words of text the pattern's object words match (a synset member counts its
        words)."""
        n = 0
        for w in p.object:
            w = w.removeprefix(ADJACENT)
            if not w.startswith("&"):
                n += 1
                continue
            members = self.patterns.synsets.get(w, ())
            n += max((len(m) for m in members if all(x in present for x in m)), default=0)
        return n

    def _touches(self, tok: Token, word: str, side: int) -> bool:
        """`word` (a literal or a synset member) stands right before (side -1) or right after
        (side 1) the trigger."""
        word = word.removeprefix(ADJACENT)
        members = self.patterns.synsets.get(word, ()) if word.startswith("&") else ((word,),)
        doc = tok.doc
        for m in members:
            lo = tok.i - len(m) if side < 0 else tok.i + 1
            hi = lo + len(m)
            if lo < 0 or hi > len(doc):
                continue
            if all(x in (t.lower_, t.lemma_.lower()) for x, t in zip(m, doc[lo:hi], strict=True)):
                return True
        return False

    def _distance(self, tok: Token, p: VerbPattern) -> int:
        """Tokens from the trigger to the first of the pattern's object words in its object."""
        first = p.object[0].removeprefix(ADJACENT)
        members = self.patterns.synsets.get(first, ()) if first.startswith("&") else ((first,),)
        heads = {m[0] for m in members}
        near = [
            abs(t.i - tok.i)
            for t in _object_tokens(tok)
            if t.lower_ in heads or t.lemma_.lower() in heads
        ]
        return min(near, default=len(tok.doc))

    def _in_order(self, tok: Token, p: VerbPattern, sent_start: int) -> bool:
        """The pattern's words as phrases, in order: the object words after the trigger,
        each preposition's words in its phrase, the preceding words before it."""
        in_order = self.patterns.in_order
        if (
            len(p.object) > 1
            and not in_order(p.object, _seq(_object_tokens(tok)))
            and not in_order(p.object, _seq(_phrase_tokens(tok)))
        ):
            return False
        for prep, words in p.preps:
            if len(words) > 1 and not any(
                in_order(words, _seq(_phrase_of(k, objs)))
                for name, k, objs in _prep_phrases(tok)
                if name == prep
            ):
                return False
        if len(p.before) > 1:
            start = max(sent_start, tok.i - BEFORE_WINDOW)
            if not in_order(p.before, _seq(tok.doc[start : tok.i])):
                return False
        return True

    # --- arguments ------------------------------------------------------------------------

    def _events(self, tok, pattern, sent, index, reference) -> list[dict]:
        sources = self._slot(tok, pattern.source, "source", index)
        targets = self._slot(tok, pattern.target, "target", index)
        if pattern.target == "subject" and pattern.source == "subject" and tok.pos_ == "VERB":
            # "- NOTED + * [115]": the verb's subject is the target; the source is who
            # says so ("Falastur noted that Cirith Ungol regretted ...")
            outer = _verb_chain(tok)[-1]
            if outer.dep_ == "ccomp" and outer.head.i != outer.i:
                sources = _participants(_subjects(outer.head), index, agent=self._agent_code)
        if pattern.object:
            # slots read off the pattern's words: the phrase after them, when the parse
            # puts no actor where the slot is ("+ * MONEY $": "received money from
            # Osgiliath"; "* LINKED": "believed linked to Al-Qaeda"), or after the actors
            # "^" skips ("* TABASKI ^ $")
            if pattern.source.startswith("skip:"):
                sources = self._after_words(tok, pattern, index, int(pattern.source[5:]))
            elif pattern.source == "object" and not any(s.actor for s in sources):
                sources = self._after_words(tok, pattern, index) or sources
            if pattern.target.startswith("skip:"):
                targets = self._after_words(tok, pattern, index, int(pattern.target[5:]))
            elif (
                pattern.target == "object"
                and not any(t.actor for t in targets)
                and not _joint(sources)  # "Israel and the Palestinians reached a consensus"
            ):
                targets = self._after_words(tok, pattern, index) or targets
        if pattern.reverse:
            sources, targets = targets, sources
        if self.stated_acts and (pattern.code or "")[:2] in ATTACK_ROOTS:
            # the place of a means of attack is no perpetrator ("a roadside bombing near the
            # town of Samarra killed"); with no perpetrator named, the unidentified attackers
            # of where it happened ("a car bomb killed ...", "were killed in Baghdad")
            sources = [s for s in sources if not _place_of_means(s.token)]
            unnamed_ok = (pattern.code or "").startswith(UNNAMED_ATTACKS)
            if unnamed_ok and not any(s.actor is not None and s.actor.code for s in sources):
                unnamed = self._unnamed_attacker(tok, index)
                sources = [unnamed] if unnamed is not None else sources
        if tok.pos_ == "NOUN" and len(sources) > 1 and not targets:
            # "a summit between X and Y", "the Trump-Putin summit": the first meets the rest
            sources, targets = sources[:1], sources[1:]
        sources = [s for s in sources if s.actor is not None] or sources[:1]
        if (
            tok.pos_ == "VERB"
            and pattern.target == "object"
            and not pattern.reverse
            and sources
            and targets
            and all(t.actor is not None and _same_country(sources[0], t) for t in targets)
        ):
            # "Syria offered its troops to Lebanon": what the source gives of its own is not
            # the target; the one it goes to (or comes from) is
            other = _other_party(tok, sources[0], index)
            if other:
                targets = other
        if (
            pattern.target != "none"
            and (pattern.code or "").startswith(PROTEST_ROOT)
            and not any(t.actor is not None for t in targets)
        ):
            # "blocked roads to press their demands on the government": whom a protest is
            # aimed at stands in its purpose clause or its "in protest/defiance of" phrase
            targets = self._protested(tok, index) or targets
        targets = [t for t in targets if t.actor is not None] or targets[:1]
        acting = {id(s.actor) for s in sources if s.actor is not None}
        if (
            tok.pos_ == "VERB"
            and targets
            and acting
            and all(id(t.actor) in acting for t in targets)
        ):
            # "has begun to question whether he has a future with the Orcs": the target
            # found is the source itself; the next actor in the verb's phrase
            later = [
                t
                for t in tok.subtree
                if t.i > tok.i and index[t.i] is not None and id(index[t.i]) not in acting
            ]
            if later:
                targets = _participants(later[:1], index, agent=self._agent_code)
        if sources and _coded(sources[0]) and len(targets) > 1:
            # "forces launched artillery and rocket fire against guerrilla camps": a listed
            # target coded as the source itself is its own means, not whom it acts on
            own = sources[0].to_dict()["code"]
            acting = {id(s.actor) for s in sources}  # "the encounter between X and Y": each way
            others = [
                t
                for t in targets
                if id(t.actor) in acting or not (_coded(t) and t.to_dict()["code"] == own)
            ]
            targets = others or targets
        if not targets and pattern.target in ("object", "joint") and _joint(sources):
            # "Jordan and Britain have agreed": each with the other
            return [
                self._event(tok, pattern, s, t, sent, reference)
                for s in sources
                for t in sources
                if s.actor is not t.actor and _coded(s)
            ]
        out = []
        for s in sources or [None]:
            for t in targets or [None]:
                if s is None or s.actor is None or not (_coded(s) or _coded(t)):
                    continue
                if not pattern.specificity and (t is None or t.actor is None):
                    if not (t is None and _coded(s) and _own_subject(s, tok)):
                        continue  # a bare verb's default code needs a target, or a coded
                        # subject of its own with nothing to aim at ("Jordan protested")
                if t is not None and s.actor is not None and s.actor is t.actor:
                    continue
                if t is not None and t.listed and _same_country(s, t):
                    continue  # "contentment at the alignment between the US and Russia"
                out.append(self._event(tok, pattern, s, t, sent, reference))
                if pattern.paired and _coded(t):
                    # [032:033]: "X visited Y" is also Y hosting X
                    out.append(self._event(tok, pattern, t, s, sent, reference, pattern.paired))
        return out

    def _unnamed_attacker(self, tok: Token, index) -> Participant | None:
        """The unidentified armed forces (UAF) of the country where an attack with no named
        perpetrator happened: its means ("a roadside bombing killed", "killed by an IED",
        "killed in a car bomb explosion") or, in the passive with no agent, the trigger
        stands for them."""
        means = None
        if tok.pos_ == "VERB":
            passive = any(k.dep_ in ("nsubjpass", "auxpass") for k in tok.children)
            agents = [g for k in tok.children if k.dep_ == "agent" for g in k.children]
            heads = [g for g in agents if g.dep_ == "pobj"]
            if not passive:
                heads += [k for k in tok.children if k.dep_ == "nsubj"]
            else:
                heads += [
                    g
                    for k in tok.children
                    if k.dep_ == "prep" and k.lower_ in ("in", "by")
                    for g in k.children
                    if g.dep_ == "pobj"
                ]
            means = next(
                (h for h in heads if index[h.i] is None and h.lemma_.lower() in MEANS_NOUNS),
                None,
            )
            if means is None and (not passive or agents):
                return None  # a perpetrator named, if not as an actor ("damaged by mining")
        elif tok.lemma_.lower() in MEANS_NOUNS:
            means = tok  # "a suicide car bombing in central Baghdad"
        else:
            return None
        place = self._location(tok) or self._located_actor(tok, index)
        country = place and place.get("country")
        if not country or len(country) != 3:
            return None
        doc = tok.doc
        lo = means.left_edge.i if means is not None else tok.i
        while lo < len(doc) and doc[lo].pos_ in ("DET", "PUNCT", "ADP"):
            lo += 1
        hi = (means.i if means is not None else tok.i) + 1
        span = doc[min(lo, hi - 1) : hi]
        mention = Mention(span.start_char, span.end_char, span.text, "unnamed attacker")
        actor = self._unnamed.get(country)
        if actor is None:
            taken = {a.id for a in getattr(doc._, "actors", None) or []}
            n = len(taken) + len(self._unnamed) + 1
            while f"a{n}" in taken:
                n += 1
            actor = Actor(
                f"a{n}",
                f"unidentified attackers ({place['name']})",
                code=country + UNNAMED_SECTOR,
                country=country,
                sector=UNNAMED_SECTOR,
                kind="group",
            )
            self._unnamed[country] = actor
        if all(m.start != mention.start for m in actor.mentions):
            actor.mentions.append(mention)
        return Participant(actor, means if means is not None else tok)

    def _located_actor(self, tok: Token, index) -> dict[str, Any] | None:
        """A place the resolver coded (with its country) in a locative phrase of the trigger's
        clause ("near the town of Samarra", which the tagger may not call a place)."""
        for t in clause_of(tok).subtree:
            actor = index[t.i]
            if actor is None or not actor.country or t.dep_ != "pobj":
                continue
            if _locative(t.head) and t.ent_type_ not in ("PERSON", "ORG"):
                return {"name": actor.name, "country": actor.country}
        return None

    def _actor_before_word(self, tok: Token, word: str, index) -> list[Token]:
        """ "+ HOSTING *": the actor nearest before the pattern's word that precedes the
        trigger ("Mordor will be hosting Osgiliath to celebrate ...")."""
        members = self.patterns.synsets.get(word, ()) if word.startswith("&") else ((word,),)
        firsts = {m[0] for m in members}
        start = max(tok.sent.start, tok.i - BEFORE_WINDOW)
        at = next(
            (
                t.i
                for t in reversed(tok.doc[start : tok.i])
                if t.lower_ in firsts or t.lemma_.lower() in firsts
            ),
            None,
        )
        if at is None:
            return []
        for t in reversed(tok.doc[tok.sent.start : at]):
            if index[t.i] is not None:
                return [t]
        return []

    def _after_words(
        self, tok: Token, pattern: VerbPattern, index, skip: int = 0
    ) -> list[Participant]:
        """The first actor in the trigger's phrase after the last of the pattern's object
        words (after `skip` others: "* TABASKI ^ $")."""
        last = pattern.object[-1].removeprefix(ADJACENT)
        members = self.patterns.synsets.get(last, ()) if last.startswith("&") else ((last,),)
        ends = {m[-1] for m in members}
        phrase = sorted(
            {t.i: t for t in (*_phrase_tokens(tok), *_object_tokens(tok))}.values(),
            key=lambda t: t.i,
        )
        at = next((t.i for t in phrase if t.lower_ in ends or t.lemma_.lower() in ends), None)
        if at is None:
            return []
        seen: list[int] = []
        for t in phrase:
            if t.i > at and index[t.i] is not None and t.dep_ == "pobj":
                if len(seen) < skip:
                    seen.append(t.i)
                    continue
                return _participants([t], index, agent=self._agent_code)
        return []

    def _slot(self, tok: Token, where: str, role: str, index) -> list[Participant]:
        if where in ("none", "joint"):
            return []
        heads: list[Token] = []
        if where == "subject":
            heads = _subjects(tok) if tok.pos_ == "VERB" else _noun_sources(tok, index)
            if not heads and role == "target" and tok.pos_ == "VERB":
                # "+ * FROM $": a target before the verb is its subject, passive or not
                # ("the militia was freed from Barad-dur")
                heads = [c for k in tok.children if k.dep_ == "nsubjpass" for c in _conjuncts(k)]
        elif where == "object":
            heads = _objects(tok)
        elif where.startswith("prep:"):
            heads = _prep_objects(tok, where[5:])
            if not heads and tok.pos_ == "NOUN" and _governing_verb(tok).i != tok.i:
                # "staged rallies against X": the parser may hang the noun's phrase on the verb
                heads = _prep_objects(_governing_verb(tok), where[5:])
            if not heads and role == "target":
                heads = _objects(tok)
        elif where.startswith("after:"):
            heads = _phrase_after(tok, where[6:], index)
        elif where.startswith("before:"):
            heads = self._actor_before_word(tok, where[7:], index)
        elif where.startswith("skip:"):
            return []  # read with the pattern's words (`_after_words`)
        found = _participants(heads, index, agent=self._agent_code)
        if role == "source" and found and not any(p.actor for p in found):
            # "Syria says it will not accept ...": a pronoun subject of a reported clause is
            # the speaker
            if all(p.token.pos_ == "PRON" for p in found) and tok.pos_ == "VERB":
                top = _verb_chain(tok)[-1]
                if top.dep_ == "ccomp" and top.head.lemma_.lower() in STATEMENT_VERBS:
                    more = _participants(_subjects(top.head), index)
                    if any(p.actor for p in more):
                        return more
        if role == "target" and heads and not any(p.actor for p in found):
            # "welcomed memos sent by Bree": an actor in a participle on the object
            more = _participants(heads, index, participles=True, agent=self._agent_code)
            if any(p.actor for p in more):
                return more
        if role == "target" and not any(p.actor for p in found):
            # no actor where the pattern says: a prepositional target ("impose on Russia"),
            # or the subject of a complement clause ("welcomed Trump's overtures to reopen")
            for prep in TARGET_PREPS:
                more = _participants(_prep_objects(tok, prep), index, True, self._agent_code)
                if any(p.actor for p in more):
                    return more
            for t in sorted(_phrase_tokens(tok), key=lambda t: t.i):
                # the parser may hang the phrase on the object ("contribute a million
                # florin to Gondor" with "florin" an adverb)
                if t.dep_ == "prep" and t.lower_ in TARGET_PREPS and t.head.i != tok.i:
                    if t.head.dep_ in ("advmod", "npadvmod", "dobj", "attr"):
                        more = _participants(_prep_objects(t.head, t.lower_), index)
                        if any(p.actor for p in more):
                            return more
            for k in tok.children:  # "gave Tanzania a grant"
                if k.dep_ == "dative" and k.pos_ in ("PROPN", "NOUN"):
                    more = _participants([k], index)
                    if any(p.actor for p in more):
                        return more
            for k in tok.children:  # then the verb's other phrases, nearest first
                if k.dep_ == "prep" and k.lower_ not in TARGET_PREPS and k.i > tok.i:
                    phrase_heads = _prep_objects(tok, k.lower_)
                    more = _participants(phrase_heads, index, True, self._agent_code)
                    if any(p.actor for p in more):
                        return more
            for k in tok.children:  # "threatened to cut off electricity to X"
                if k.dep_ == "xcomp" and k.pos_ == "VERB" and tok.lemma_.lower() in FRAMING_VERBS:
                    more = _participants(_objects(k), index)
                    for prep in TARGET_PREPS:
                        if not any(p.actor for p in more):
                            more = _participants(_prep_objects(k, prep), index)
                    if any(p.actor for p in more):
                        return more
            if tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORTING_VERBS:
                # "expressed hopes that Osgiliath could be drawn in": the content clause of
                # the verb or of its object noun
                clauses = [k for k in tok.children if k.dep_ == "ccomp"] + [
                    c
                    for o in tok.children
                    if o.dep_ == "dobj"
                    for c in o.children
                    if c.dep_ in ("acl", "ccomp")
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                ]
                for k in clauses:
                    subject = [g for g in k.children if g.dep_ in ("nsubj", "nsubjpass")]
                    more = _participants(subject[:1], index)
                    if any(p.actor for p in more):
                        return more
                for k in tok.children:
                    # "signed an accord to supply Gondor with wheat": whom its purpose is for
                    if (
                        k.dep_ == "advcl"
                        and k.i > tok.i
                        and k.pos_ == "VERB"
                        and any(g.dep_ == "aux" and g.lower_ == "to" for g in k.children)
                    ):
                        more = _participants(_objects(k), index)
                        if any(p.actor for p in more):
                            return more
        return found

    def _threatened(self, e: dict, verb: Token, index) -> dict:
        """A threat with no coded target (or one of its own country) is aimed at whom its
        condition names ("threatened to strike unless Israel rescinded ...", "will boycott
        if the president ...")."""
        target = (e["target"] or {}).get("code") or ""
        own = target[:3] == (e["source"].get("code") or "")[:3]  # "ban voting in Jerusalem"
        if not (e["cameo"] or "").startswith(THREAT_ROOT) or (target and not own):
            return e
        for k in _condition_clauses(verb):
            subjects = [g for g in k.children if g.dep_ in ("nsubj", "nsubjpass")]
            for p in _participants(subjects[:1], index, agent=self._agent_code):
                if p.actor is not None and p.actor.code and p.actor.id != e["source"]["actor"]:
                    e["target"] = p.to_dict()
                    return e
        return e

    def _protested(self, tok: Token, index) -> list[Participant]:
        """The actor a protest is aimed at, from its purpose clause ("to protest Sweden's
        decision", "to demand reforms from the government") or an "in protest/defiance of X"
        phrase on the verb."""
        verb = _governing_verb(tok) if tok.pos_ == "NOUN" else tok
        heads: list[Token] = []
        # the purpose may hang off the verb or off its object ("began a hunger strike to
        # protest", an infinitive the parser may read as a relative clause)
        nouns = [o for o in verb.children if o.dep_ == "dobj"] + ([tok] if tok.i != verb.i else [])
        for k in [*verb.children, *(k for o in nouns for k in o.children)]:
            if k.dep_ in ("advcl", "xcomp", "acl", "relcl") and k.pos_ == "VERB" and k.i > verb.i:
                if any(g.dep_ == "aux" and g.lower_ == "to" for g in k.children):
                    heads += _objects(k)
                    heads += [o for p, _, objs in _prep_phrases(k) for o in objs[:1]]
            elif k.dep_ == "prep" and k.lower_ == "in":
                for noun in (g for g in k.children if g.dep_ == "pobj"):
                    if noun.lemma_.lower() in PROTEST_NOUNS:
                        heads += [o for p, _, objs in _prep_phrases(noun) for o in objs[:1]]
        for h in heads:
            found = _participants([h], index, agent=self._agent_code)
            if any(p.actor is not None and p.actor.code for p in found):
                return [p for p in found if p.actor is not None]
        return []

    def _agent_code(self, noun: Token) -> str | None:
        """The code an agent noun gives its country ("president": `GOV`), from the actor
        knowledge base; for "Ithilen's president", which the resolver leaves as Ithilen."""
        if noun.pos_ != "NOUN":
            return None
        if self._kb is None:
            from ..actors.kb import load_kb

            self._kb = load_kb(*self.kb_key)
        from ..actors.kb import normalise
        from ..actors.matcher import pluralise

        agent = self._kb.agent(noun.text)
        if agent is None and noun.lower_ != noun.lemma_.lower():
            # a plural only where the agent has one ("POLICE {}" has none: "polices")
            agent = self._kb.agent(noun.lemma_)
            if agent is not None and not (
                agent.plurals and normalise(pluralise(noun.lemma_)) == normalise(noun.text)
            ):
                agent = None
        return agent.code.lstrip("~") if agent and agent.code.startswith("~") else None

    def _recode(self, e: dict, pattern: VerbPattern, tok: Token) -> dict:
        info = cameo_info(pattern.code) if pattern.code else None
        e.update(
            cameo=pattern.code,
            plover=info.plover_event if info else None,
            mode=info.plover_mode if info else None,
            quad_class=info.quad_class if info else None,
            goldstein=info.goldstein if info else None,
            trigger={"start": tok.idx, "end": tok.idx + len(tok.text), "text": tok.text},
            pattern=pattern.origin,
            bare=not pattern.specificity,
            factuality=factuality(tok),  # the promise is made, whatever becomes of it
        )
        return e

    def _event(self, tok, pattern, source, target, sent, reference, code=None) -> dict:
        code = code or pattern.code
        origin = pattern.origin
        if code == OBSTRUCT_CODE and self.stated_acts and _armed_state(source):
            # CAMEO 144 is civilians obstructing passage; armed forces closing a way is 191
            code, origin = BLOCKADE_CODE, f"{origin}; local: blocked by armed forces is 191"
        info = None
        if code and code.isdigit():
            info = cameo_info(code)
        fact = factuality(tok)
        return {
            "id": "",
            "source": source.to_dict(),
            "target": target.to_dict() if target else None,
            "cameo": code,
            "plover": info.plover_event if info else None,
            "mode": info.plover_mode if info else None,
            "quad_class": info.quad_class if info else None,
            "goldstein": info.goldstein if info else None,
            "factuality": fact,
            "date": event_date(tok, reference, future=fact == FUTURE, ents=self._ents),
            "location": self._location(tok),
            "trigger": {"start": tok.idx, "end": tok.idx + len(tok.text), "text": tok.text},
            "sentence": {"start": sent.start_char, "end": sent.end_char},
            "pattern": origin,
            "bare": not pattern.specificity,
        }

    def _location(self, tok: Token) -> dict[str, Any] | None:
        for head in (tok, clause_of(tok)):
            found = self._place_in(head.left_edge.i, head.right_edge.i)
            if found:
                return found
        return None

    def _place_in(self, lo: int, hi: int) -> dict[str, Any] | None:
        for ent in self._ents:
            if ent.start < lo or ent.end - 1 > hi or ent.label_ not in PLACE_LABELS | {"ORG"}:
                continue
            root = ent.root
            if root.dep_ == "pobj" and _locative(root.head):
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                country = self._country_of(name)
                actor = self._index[root.i] if root.i < len(self._index) else None
                if country is None and actor is not None and ent.label_ in PLACE_LABELS:
                    country = actor.country  # a place the resolver located ("Samarra")
                if ent.label_ == "ORG" and country is None:
                    continue  # an organisation, unless the knowledge base knows the place
                return {"name": name, "country": country}
        return None

    def _country_of(self, name: str) -> str | None:
        if self._kb is None:
            from ..actors.kb import load_kb

            self._kb = load_kb(*self.kb_key)
        return self._kb.country_of_place(name)

    # --- the learned second opinion --------------------------------------------------------

    def _ask_classifier(self, doc, events, coded_sentences, uncoded) -> None:
        """The learned second opinions: the penta class where a bare verb's default code
        gave the event (`model.label`, kept where it confidently disagrees), the PLOVER type
        where the CAMEO code has none (`model.plover`: CAMEO 01 statements), and both for
        uncoded sentences with two coded actors (`doc._.event_suggestions`)."""
        from .classifier import LABELS, featurize

        penta, plover = self._models()
        bare = {e["sentence"]["start"] for e in events if e["bare"]}
        untyped = {e["sentence"]["start"] for e in events if not e["plover"]}
        if plover is None:
            untyped = set()
        coded_sentences = [s for s in coded_sentences if s.start_char in bare | untyped][
            :MAX_CHECKED_SENTENCES
        ]
        spans = coded_sentences + uncoded
        features = [featurize(s, penta.lexicon) for s in spans]
        predictions = penta.predict_features(features)
        types = plover.predict_features(features) if plover else [None] * len(spans)
        by_start = {s.start_char: (p, t) for s, p, t in zip(spans, predictions, types, strict=True)}
        for e in events:
            start = e["sentence"]["start"]
            p, t = by_start.get(start, (None, None))
            info = cameo_info(e["cameo"]) if e["cameo"] and e["cameo"].isdigit() else None
            if p is None or info is None:
                continue
            if (
                start in bare
                and p.probability >= MODEL_MIN_PROBABILITY
                and LABELS.index(p.label) != info.penta_class
            ):
                e["model"] = {"label": p.label, "probability": round(p.probability, 3)}
            if t is not None and not e["plover"]:
                e.setdefault("model", {}).update(
                    plover=t.label, plover_probability=round(t.probability, 3)
                )
        n = len(coded_sentences)
        for s, p, t in zip(uncoded, predictions[n:], types[n:], strict=True):
            if p.label != "neutral" and p.probability >= SUGGESTION_MIN_PROBABILITY:
                model = {"label": p.label, "probability": round(p.probability, 3)}
                if t is not None:
                    model.update(plover=t.label, plover_probability=round(t.probability, 3))
                doc._.event_suggestions.append(
                    {"sentence": {"start": s.start_char, "end": s.end_char}, "model": model}
                )

    def _models(self):
        """The shipped penta-class and PLOVER-type models (loaded once; the PLOVER one only
        if it reads the sentence's features as the penta one does: the same verb lexicon)."""
        from .classifier import PLOVER_ARTIFACT, EventTypeClassifier

        if self._classifier is None:
            self._classifier = EventTypeClassifier.load()
            try:
                plover = EventTypeClassifier.load(artifact=PLOVER_ARTIFACT)
            except FileNotFoundError:
                plover = None
            same = plover is not None and (
                plover.lexicon.to_json() == self._classifier.lexicon.to_json()
            )
            self._plover = plover if same else None
        return self._classifier, self._plover


# --- the parse ------------------------------------------------------------------------------


def _words(tokens) -> set[str]:
    out = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


def _object_words(tok: Token) -> set[str]:
    return _words(_object_tokens(tok))


def _phrase_tokens(tok: Token) -> list[Token]:
    """The trigger's phrase after it: its complements and prepositional phrases, not the
    clauses hanging off it nor date phrases ("on Thursday")."""
    out = []
    for k in tok.rights:
        if k.dep_ in ("ccomp", "xcomp", "advcl", "conj", "cc", "relcl", "punct", "parataxis"):
            continue
        if k.dep_ == "prep" and all(_temporal(g) for g in k.children if g.dep_ == "pobj"):
            if any(g.dep_ == "pobj" for g in k.children):
                continue
        out += _without_clauses(k)
    return out


CLAUSE_DEPS = frozenset("ccomp advcl acl relcl xcomp conj parataxis".split())


def _without_clauses(tok: Token) -> list[Token]:
    """The token's subtree minus the clauses in it ("efforts to end the fighting": the
    efforts, not the fighting)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [k for k in t.children if k.dep_ not in CLAUSE_DEPS]
    return out


def _seq(tokens) -> list[tuple[str, str, int]]:
    return [(t.lower_, t.lemma_.lower(), t.i) for t in sorted(tokens, key=lambda t: t.i)]


def _object_tokens(tok: Token) -> list[Token]:
    """The trigger's complements, without relative clauses on them ("support a resolution
    that aims to tighten sanctions": the resolution, not the sanctions)."""
    statement = tok.lemma_.lower() in STATEMENT_VERBS
    out = [
        t
        for k in tok.children
        if k.dep_ in OBJECT_DEPS or (k.dep_ == "ccomp" and not statement and _that_clause(k))
        for t in _without_relatives(k)
    ]  # "allowed that Mordor isn't a really pleasant place": the clause is the object
    if tok.pos_ == "NOUN":
        out += list(tok.lefts)
    return out


def _that_clause(tok: Token) -> bool:
    return any(k.dep_ == "mark" and k.lower_ == "that" for k in tok.children)


def _without_relatives(tok: Token) -> list[Token]:
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [k for k in t.children if k.dep_ != "relcl"]
    return out


# `_prep_phrases` of the tokens of the document being coded (cleared for each document).
_PHRASES: dict[int, list[tuple[str, Token, list[Token]]]] = {}


def _prep_phrases(tok: Token) -> list[tuple[str, Token, list[Token]]]:
    """(preposition, its token, its objects) for each prepositional phrase on the trigger or
    on its object (`_phrase_of` gives the phrase's tokens). A particle followed by the object
    reads as a preposition ("clash over the efforts", parsed as particle + object:
    PETRARCH's "* OVER EFFORTS")."""
    found = _PHRASES.get(tok.i)
    if found is None:
        found = _PHRASES[tok.i] = _find_prep_phrases(tok)
    return found


def _find_prep_phrases(tok: Token) -> list[tuple[str, Token, list[Token]]]:
    out = []
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass", "attr")]
    for h in heads:
        for k in h.children:
            if k.dep_ in ("prep", "agent", "dative"):
                objs = [g for g in k.children if g.dep_ == "pobj"]
                if objs and all(_temporal(g) for g in objs):
                    continue  # "on Thursday": a date, never what a pattern's "* ON" means
                out.append((k.lower_, k, objs))
            elif k.dep_ == "prt":
                objs = [g for g in h.children if g.dep_ == "dobj" and g.i > k.i]
                out.append((k.lower_, k, objs))
    return out


def _phrase_of(prep: Token, objs: list[Token]) -> list[Token]:
    """The tokens of a phrase `_prep_phrases` found (a particle's: its object's)."""
    if prep.dep_ == "prt":
        return [t for o in objs for t in o.subtree]
    return [t for t in prep.subtree if t.i != prep.i]


def _prep_words(tok: Token) -> dict[str, set[str]]:
    """Preposition -> words of its phrase, for phrases on the trigger or on its object."""
    out: dict[str, set[str]] = {}
    for prep, k, objs in _prep_phrases(tok):
        out.setdefault(prep, set()).update(_words(_phrase_of(k, objs)))
    return out


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i)]


def _subjects(verb: Token) -> list[Token]:
    """The verb's logical subjects: nsubj, the agent of a passive, or inherited from the verb
    it complements (xcomp), the verb it is conjoined with, or the noun a relative clause
    modifies."""
    tok = verb
    for level in range(4):
        subjects = [
            k for k in tok.children if k.dep_ in SUBJECT_DEPS or (level and k.dep_ == "nsubjpass")
        ]
        for k in subjects:
            if k.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return [tok.head]  # "Iran, which attacked Israel"
        if subjects:
            # "Old foes Gondor and Osgiliath have renewed ...": the parser may give two
            return [c for k in subjects for c in _conjuncts(k)]
        for k in tok.children:
            if k.dep_ == "agent":
                objs = [g for g in k.children if g.dep_ == "pobj"]
                if objs:
                    return _conjuncts(objs[0])
        bare_participle = tok.tag_ == "VBN" and not any(
            k.dep_ in ("aux", "auxpass") for k in tok.children
        )
        if tok.dep_ == "advcl" and bare_participle:
            break
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() not in SUBJECT_CONTROL_VERBS:
            # "urged Ukraine to withdraw": the outer verb's object does the inner act
            objects = [k for k in tok.head.children if k.dep_ == "dobj" and k.i < tok.i]
            if objects:
                return _conjuncts(objects[0])
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            if not any(k.dep_ == "nsubjpass" for k in tok.children):
                return [tok.head]
        break
    return []


def _objects(verb: Token) -> list[Token]:
    for dep in ("dobj", "nsubjpass", "dative", "attr"):
        for k in verb.children:
            if k.dep_ == dep:
                return _conjuncts(k)
    if verb.dep_ == "relcl" and any(k.dep_ == "nsubj" for k in verb.children):
        return [verb.head]  # "the deal that Russia signed"
    return []


def _prep_objects(tok: Token, prep: str) -> list[Token]:
    for k, _, objs in _prep_phrases(tok):
        if k == prep and objs:
            return _conjuncts(objs[0])
    return []


def _condition_clauses(verb: Token) -> list[Token]:
    """The "if"/"unless" clauses on a verb, the verbs it complements, then inside its phrase,
    nearest first."""
    chain = _verb_chain(verb)
    around = [k for t in chain for k in t.children] + sorted(
        (t for t in verb.subtree if t.i != verb.i), key=lambda t: abs(t.i - verb.i)
    )
    return [
        k
        for k in dict.fromkeys(around)
        if k.dep_ == "advcl"
        and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in k.children)
    ]


def _phrase_after(tok: Token, prep: str, index) -> list[Token]:
    """The object of the first prepositional phrase holding an actor after the trigger's
    `prep` phrase (PETRARCH's `^` skips a phrase: "celebrated Iftar in Osgiliath with the
    leaders of Gondor" for "* IFTAR IN ^ +")."""
    phrases = sorted(_prep_phrases(tok), key=lambda p: p[1].i)
    start = next((k.i for name, k, _ in phrases if name == prep), None)
    if start is None:
        return []
    for _, k, objs in phrases:
        if k.i > start and objs and _actor_token_near(objs[0], index) is not None:
            return _conjuncts(objs[0])
    return []


def _noun_sources(noun: Token, index) -> list[Token]:
    """Who carries out an event noun: its possessor ("Trump's summit"), actors among its
    modifiers ("the Trump-Putin summit"), "between X and Y", "of X" (resignation), else the
    subject of the verb it is the object of ("Trump surprised Russia with the strike")."""
    out: list[Token] = []
    for k in noun.doc[noun.left_edge.i : noun.i]:
        if index[k.i] is not None and k.dep_ in ("poss", "compound", "amod", "nmod", "pobj"):
            if not out or index[out[-1].i] is not index[k.i]:
                out.append(k)
    if out:
        return out
    for k in noun.rights:
        if k.dep_ == "prep" and k.lower_ in ("between", "among", "by"):
            objs = [g for g in k.children if g.dep_ == "pobj"]
            if objs:
                return _conjuncts(objs[0])
    # the verb whose object (or prepositional object) the noun is
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ != "dobj":
        return []
    if head.pos_ == "VERB":
        return _subjects(head)
    return []


def _governing_verb(noun: Token) -> Token:
    """The verb a noun is the object (or prepositional object) of, else the noun itself."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return noun
    return head if head.pos_ == "VERB" else noun


def _participants(
    heads: list[Token], index, participles: bool = False, agent=None
) -> list[Participant]:
    """The actors of argument phrases, one participant per listed actor: "ties with A, B
    and C" (the actor nearest the head and its conjuncts), "the ambassadors of A, B and C"
    (each country with the agent's sector)."""
    out: list[Participant] = []
    seen: set[tuple[int, str | None]] = set()

    def add(p: Participant) -> None:
        key = (id(p.actor), p.code)
        if p.actor is None or key not in seen:
            seen.add(key)
            out.append(p)

    for h in heads:
        found = _actor_token_near(h, index, participles=participles)
        if found is None and h.dep_ == "conj" and h.head.i < h.i:
            # "Ithilen's sheep and goats of Gondor": the parser hangs the last conjunct's
            # "of" phrase on the first; it is the last conjunct's when the first has its own
            first = h.head
            if _actor_token_near(first, index) is not None:
                found = next(
                    (
                        g
                        for k in first.children
                        if k.dep_ == "prep" and k.i > h.i and k.lower_ in ("of", "from")
                        for g in k.children
                        if g.dep_ == "pobj" and index[g.i] is not None
                    ),
                    None,
                )
        if found is None:
            add(Participant(None, h))
            continue
        actor = index[found.i]
        code = None
        if found.dep_ == "poss" and index[found.head.i] is None and agent and actor.code:
            # "Ithilen's president": the country's agent
            suffix = agent(found.head)
            code = actor.code + suffix if suffix and len(actor.code) == 3 else None
        add(Participant(actor, h if found.i == h.i else found, code))
        if found.i != h.i:
            for c in _listed_with(found, index):
                add(Participant(index[c.i], c, listed=True))
            continue
        for c in _listed_with(h, index):  # "Fornost and the evil Gondor" parsed as a modifier
            if index[c.i] is not actor:
                add(Participant(index[c.i], c))
        # "the ambassadors of A, B and C": the agent's actor is A's; B and C get its sector
        country = _agent_country(h, actor, index)
        if country is not None:
            suffix = actor.code[len(index[country.i].code) :]
            for c in _listed_with(country, index):
                other = index[c.i]
                if other is not index[country.i] and other.code and suffix:
                    # the resolver may have given it an agent of the list already ("DEUGOV",
                    # "GONLEG" in "lawmakers and officials in Fornost and Gondor"): the
                    # country's part of its code with this agent's sector
                    code = other.code[: len(index[country.i].code)] + suffix
                    add(Participant(other, c, None if code == other.code else code))
    return out


def _listed_with(tok: Token, index) -> list[Token]:
    """Actors coordinated with `tok`: its conjuncts, or a modifier with its own "and" (the
    parser reads "Fornost and the evil Gondor" as a modifier of Gondor)."""
    out = [c for c in tok.conjuncts if index[c.i] is not None]
    for k in tok.lefts:
        if (
            k.dep_ in ("nmod", "compound", "amod")
            and index[k.i] is not None
            and index[k.i] is not index[tok.i]
            and any(g.dep_ in ("cc", "conj") for g in k.children)
        ):
            out.append(k)
            out += [c for c in k.conjuncts if index[c.i] is not None and c.i != tok.i]
    listed = any(k.dep_ == "conj" for k in tok.children)
    for k in tok.rights:
        # "Mordor, the Shire, Fornost and Bree": the parser may read the second member of a
        # list of names as an appositive of the first
        if (
            k.dep_ == "appos"
            and tok.doc[k.left_edge.i - 1].text == ","
            and (listed or any(g.dep_ == "conj" for g in k.children))
            and index[k.i] is not None
            and index[k.i] is not index[tok.i]
            and index[k.i].code
            and index[tok.i].code
        ):
            out.append(k)
            out += [c for c in k.conjuncts if index[c.i] is not None and c.i != tok.i]
    return out


def _agent_country(head: Token, actor: Actor, index) -> Token | None:
    """The country whose agent the head is ("ambassadors of Arnor", "lawmakers in Gondor"):
    a listed actor in the head's "of"/"in"/"from" phrase whose code the agent's extends."""
    if not actor.code:
        return None
    for k in head.children:
        if k.dep_ != "prep" or k.lower_ not in ("of", "in", "from"):
            continue
        for p in k.children:
            other = index[p.i] if p.dep_ == "pobj" else None
            if (
                other is not None
                and other is not actor
                and other.code
                and actor.code.startswith(other.code)
                and len(actor.code) > len(other.code)
                and any(index[c.i] is not None for c in p.conjuncts)
            ):
                return p
    return None


def _actor_token_near(
    head: Token, index, max_depth: int = 5, participles: bool = False
) -> Token | None:
    """The token of the actor nearest the head of an argument phrase (breadth first, not
    into clauses or conjuncts, which are arguments of their own; with `participles`, into
    participles modifying a noun: "memos sent by Bree", "the roads leading into Mordor")."""
    frontier = [head]
    for _ in range(max_depth + 1):
        nxt = []
        for t in frontier:
            if index[t.i] is not None:
                return t
            nxt += [
                k
                for k in t.children
                if k.dep_ not in ("conj", "cc", "relcl", "acl", "advcl", "ccomp", "punct")
                or (participles and _participle(k))
            ]
        frontier = nxt
        if not frontier:
            break
    return None


def _participle(tok: Token) -> bool:
    """A participle modifying a noun, with no subject of its own ("sent by", "leading into")."""
    return (
        tok.dep_ == "acl"
        and tok.tag_ in ("VBN", "VBG")
        and not any(k.dep_ in ("nsubj", "nsubjpass") for k in tok.children)
    )


def _cameo(code: str) -> bool:
    """A CAMEO-form event code, digits ("023", "1124"), not "+++", "xxy" or "---" (test
    dictionaries use digit codes outside the CAMEO table, so the table is not asked)."""
    return code.isdigit() or bool(_LETTERED_CODE.fullmatch(code))


# A CAMEO-form code with a letter suffix, as PETRARCH's validation dictionary uses ("174K").
_LETTERED_CODE = re.compile(r"\d{3,4}[A-Z]")


def _own_subject(source: Participant, verb: Token) -> bool:
    """The source is the verb's own subject (not inherited, not a passive's agent) and the
    verb frames no complement verb ("proposed to take up" is the inner verb's business),
    unless it is a threat, promise or refusal ("Iran threatened to cut off electricity")."""
    return (
        source.token.dep_ == "nsubj"
        and source.token.head.i == verb.i
        and (
            verb.lemma_.lower() in FRAMING_VERBS
            or not any(k.dep_ == "xcomp" for k in verb.children)
        )
    )


def _parallel(table: dict[str, str], code: str) -> str | None:
    """The entry for the longest prefix of `code` in `table`."""
    for n in (4, 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _place_of_means(tok: Token) -> bool:
    """The token stands in a locative phrase on a means of attack ("a roadside bombing near
    the town of Samarra")."""
    t = tok
    for _ in range(5):
        if t.head.i == t.i:
            return False
        if t.dep_ == "prep" and _locative(t) and t.head.lemma_.lower() in MEANS_NOUNS:
            return True
        t = t.head
    return False


def _locative(prep: Token) -> bool:
    """A preposition placing what it governs: "in X", "outside of X", and "of X" on a noun
    so placed ("in a residential sector of eastern Beirut", "outside of the city of Basra")."""
    for _ in range(4):
        if prep.lower_ in LOCATIVE_PREPS:
            return True
        if prep.lower_ != "of" or prep.head.i == prep.i:
            return False
        noun = prep.head
        if noun.lower_ in LOCATIVE_PREPS:
            return True  # "outside of"
        if noun.dep_ != "pobj" or noun.pos_ not in ("NOUN", "PROPN"):
            return False
        prep = noun.head
    return False


def _requested(tok: Token, requests) -> int | None:
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


def _verb_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs it complements (xcomp, or acomp adjectives in between)."""
    chain = [tok]
    while chain[-1].dep_ in ("xcomp", "acomp") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _reporting_head(tok: Token) -> Token:
    top = _verb_chain(tok)[-1]
    return top.head if top.dep_ == "ccomp" else top


def _statement_factuality(tok: Token) -> str:
    """The factuality of the statement that carries a demand or refusal: the reporting
    verb's ("Russia said Sudan must ..."), else asserted ("Syria will not allow ...")."""
    top = _verb_chain(tok)[-1]
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in STATEMENT_VERBS:
        return factuality(top.head)
    return ASSERTED


def _reported_obligation(tok: Token) -> bool:
    """ "Russia said Sudan must return ...": a must/should clause under a reporting verb,
    with its own subject."""
    top = _verb_chain(tok)[-1]
    if top.dep_ != "ccomp" or top.head.lemma_.lower() not in STATEMENT_VERBS | {"remind"}:
        return False
    has_subject = any(k.dep_ in ("nsubj", "nsubjpass") for k in top.children)
    return has_subject and any(
        k.dep_ == "aux" and k.lower_ in OBLIGATION_AUX for t in _verb_chain(tok) for k in t.children
    )


def _unless(tok: Token) -> bool:
    """The act is stated on a condition the addressee can meet ("... unless X does Y")."""
    return any(
        k.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in k.children)
        for t in _verb_chain(tok)
        for k in t.children
    )


def _stated_intent(tok: Token, negated: bool = False) -> bool:
    """ "X will visit Y", "is ready to contribute", "said they would boycott": an act stated
    as intended (not conditional; not negated, or, with `negated`, negated: "will not
    allow")."""
    chain = _verb_chain(tok)
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


def _other_party(verb: Token, source: Participant, index) -> list[Participant]:
    """Actors of another country than the source's in the verb's (or its object's)
    prepositional phrases: "offered its troops to Lebanon", "withdraw its troops from Lebanon"."""
    for prep, _, objs in _prep_phrases(verb):
        if prep in TARGET_PREPS or prep in ("from", "for"):
            found = [
                p
                for p in _participants(objs[:1] and _conjuncts(objs[0]), index)
                if p.actor is not None and p.actor.code and not _same_country(source, p)
            ]
            if found:
                return found
    return []


TEMPORAL_MARKS = frozenset("after before since when while as once until".split())


def _backdrop(tok: Token) -> bool:
    """The trigger is in a temporal clause that dates another event ("after crowds burned
    down its embassy")."""
    clause = _verb_chain(tok)[-1] if tok.pos_ == "VERB" else tok
    return clause.dep_ == "advcl" and any(
        k.dep_ == "mark" and k.lower_ in TEMPORAL_MARKS for k in clause.children
    )


def _main_clause(tok: Token) -> bool:
    """The trigger carries its sentence's main clause (directly or through an xcomp)."""
    top = _verb_chain(tok)[-1] if tok.pos_ == "VERB" else _governing_verb(tok)
    return top.dep_ == "ROOT" or (top.dep_ == "ccomp" and top.head.dep_ == "ROOT")


def _has_target(event: dict) -> bool:
    return bool(event["target"] and event["target"].get("actor"))


def _same_country(a: Participant, b: Participant) -> bool:
    if a.actor is None or b.actor is None:
        return False
    ca, cb = (p.actor.country or (p.actor.code or "")[:3] for p in (a, b))
    return bool(ca) and ca == cb


def _joint(sources: list[Participant]) -> bool:
    """Two or more distinct actors as a joint subject."""
    return len({id(s.actor) for s in sources if s.actor is not None}) >= 2


def _armed_state(p: Participant | None) -> bool:
    """The participant is a state's armed or governing body (its code's sector: "ISRMIL")."""
    if p is None or p.actor is None:
        return False
    code = p.code or p.actor.code or ""
    return code[3:6] in STATE_FORCE_SECTORS


def _coded(p: Participant | None) -> bool:
    return p is not None and p.actor is not None and bool(p.actor.code)


def _two_coded_actors(sent: Span, index) -> bool:
    seen = {id(a) for a in index[sent.start : sent.end] if a is not None and a.code}
    return len(seen) >= 2 and any(t.pos_ == "VERB" for t in sent)


def _phrase(head: Token) -> str:
    """The argument's noun phrase, without clauses hanging off it."""
    return _phrase_span(head).text


def _phrase_span(head: Token) -> Span:
    """The argument's noun phrase, without clauses hanging off it, as a span of the doc."""
    toks = [head]
    for k in head.subtree:
        if k.i == head.i:
            continue
        anc = k
        ok = True
        while anc.i != head.i:
            if anc.dep_ in ("relcl", "acl", "conj", "cc", "appos", "punct", "advcl", "prep"):
                ok = False
                break
            anc = anc.head
        if ok:
            toks.append(k)
    toks.sort(key=lambda t: t.i)
    return head.doc[toks[0].i : toks[-1].i + 1]


def _temporal(tok: Token) -> bool:
    """A date or time phrase ("Thursday", "almost five years"), with no name in it."""
    return tok.ent_type_ in TEMPORAL_LABELS and not any(
        t.pos_ == "PROPN" and t.ent_type_ not in TEMPORAL_LABELS for t in tok.subtree
    )
