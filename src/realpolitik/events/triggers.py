"""Triggers: the words that report an event, and the verb pattern that codes each.

A trigger is a verb (or an event noun: "strike", "summit", "resignation") whose lemma has
patterns in the verb dictionary (`patterns.py`, compiled once per process). The most
specific pattern whose constraints hold on the parse (object words, prepositional phrases,
preceding words) gives the CAMEO code; a `[---]` pattern or no code means no event.
PETRARCH's phrase-level matching is kept: a pattern's words may stand anywhere in the verb's
phrase (not in its clauses nor date phrases: "on Thursday" is never "* ON"), words joined by
"_" in the dictionary must be adjacent. Among equally specific patterns, one whose words are
the verb's object beats one whose words only stand in its prepositional phrases, and the one
whose words come nearest the verb wins ("launched rocket fire against camps near the
border": "* FIRE", not "* BORDER").

Of the triggers of a sentence, `carriers` keeps those that carry an event of their own (not
a verb that only frames another, nor a light verb whose event noun says it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Span, Token

from .lexicon import REPORTING_VERBS
from .parse import (
    backdrop,
    governing_verb,
    main_clause,
    object_tokens,
    participle,
    phrase_of,
    phrase_tokens,
    seq,
    subjects,
    without_clauses,
    words,
)
from .patterns import ADJACENT, BEFORE_WINDOW, VerbPattern
from .state import DocState, Knowledge

if TYPE_CHECKING:
    from .records import Event

# A CAMEO-form code with a letter suffix, as PETRARCH's validation dictionary uses ("174K").
LETTERED_CODE = re.compile(r"\d{3,4}[A-Z]")


@dataclass
class Trigger:
    """A word of the sentence, the pattern that coded it and the events it gave."""

    token: Token
    pattern: VerbPattern
    events: list[Event] = field(default_factory=list)


def matches(sent: Span, state: DocState) -> Iterator[tuple[Token, VerbPattern]]:
    """The sentence's triggers, each with the pattern that codes it (a CAMEO code: not
    `[---]`; not a reporting verb's bare default: "said" is the quote stage's business)."""
    known = state.known
    for tok in sent:
        pos = tok.pos_
        if pos not in ("VERB", "NOUN"):
            continue
        candidates = known.patterns.candidates(pos, tok.lemma_.lower(), tok.lower_)
        if not candidates or (pos == "VERB" and not inflection(tok, known)):
            continue
        pattern = match(tok, candidates, sent.start, state)
        if pattern is None or pattern.code is None:
            continue
        if tok.lemma_.lower() in REPORTING_VERBS and not pattern.specificity:
            continue
        yield tok, pattern


def carriers(found: list[Trigger]) -> list[Trigger]:
    """The triggers that carry an event of their own.

    "seeks to influence Trump", "agreed to lift sanctions": the inner verb is the event (with
    the outer subject); the outer verb only frames it (see `framing` and factuality). An
    inner verb with a target of its own frames the outer one; one without ("urged Bree to
    help win a role") gives way to an outer verb that has a target. "staged rallies",
    "announced a suspension of air links": a verb coded by its bare default gives way to the
    event noun it governs; "imposed sanctions": the noun gives way to the verb's own event.
    """
    aimed = {f.token.i for f in found if any(e.has_target() for e in f.events)}
    inner_heads = {
        f.token.head.i
        for f in found
        if f.token.dep_ == "xcomp" and (f.token.i in aimed or f.token.head.i not in aimed)
    }
    found = [
        f
        for f in found
        if not (f.token.dep_ == "xcomp" and f.token.i not in aimed and f.token.head.i in aimed)
    ]
    light = {
        governing_verb(f.token).i
        for f in found
        if f.token.pos_ == "NOUN" and governing_verb(f.token).i != f.token.i
    }
    found = [
        f
        for f in found
        if not (f.token.pos_ == "VERB" and f.token.i in light and not f.pattern.specificity)
    ]
    verbs = {f.token.i for f in found if f.token.pos_ == "VERB"}
    return [f for f in found if _carries(f, found, inner_heads, verbs)]


def _carries(f: Trigger, found: list[Trigger], inner_heads: set[int], verbs: set[int]) -> bool:
    tok = f.token
    if tok.i in inner_heads and not f.pattern.specificity:
        return False
    if (
        backdrop(tok)
        and not any(e.has_target() for e in f.events)
        and any(g.token.i != tok.i and main_clause(g.token) for g in found)
    ):
        return False  # "X restored ties ... after crowds burned down its embassy"
    # "imposed sanctions": the verb's event already says it
    return not (tok.pos_ == "NOUN" and governing_verb(tok).i in verbs)


# --- is this word a form of its lemma? -----------------------------------------------------


def irregular_verbs(nlp: Language) -> dict[str, set[str]]:
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


def inflection(tok: Token, known: Knowledge) -> bool:
    """The word is a form of its lemma: regular, irregular (the lemmatizer's table) or
    listed by the verb dictionary; not a misspelling the lemmatizer's suffix rules
    read as one ("departes")."""
    lower, lemma = tok.lower_, tok.lemma_.lower()
    if lower == lemma or not known.irregular or not lower.isalpha():
        return True
    if lemma in known.irregular.get(lower, ()) or lower in known.patterns.forms:
        return True
    return lower in _regular_forms(lemma)


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


# --- which pattern ---------------------------------------------------------------------------


@dataclass
class _Around:
    """The words around a trigger that a pattern's words may name."""

    object: set[str]  # its complements
    preps: dict[str, set[str]]  # preposition -> words of its phrase (on it or its object)
    phrase: set[str]  # its whole phrase after it, prepositional phrases included
    nested: dict[str, set[str]]  # preposition -> words, for phrases deeper in the phrase
    before: set[str]  # the words just before it
    near: set[str]  # all of these


def _words_around(tok: Token, sent_start: int, state: DocState) -> _Around:
    obj = words(object_tokens(tok))
    preps: dict[str, set[str]] = {}
    for p in state.prep_phrases(tok):
        preps.setdefault(p.prep, set()).update(words(phrase_of(p.token, p.objects)))
    # PETRARCH's "* WORDS" is phrase-level: the words may also stand in the verb's
    # prepositional phrases ("acted on a resolution": "* &PREPOSIT1 RESOLUTION")
    phrase = phrase_tokens(tok)
    phrase_words = words(phrase)
    # and a pattern's prepositional phrase may hang deeper in it ("assurances on cultural
    # issues from Bree": "* ASSURANCES_ON &TIETYPES FROM"), with participles on the
    # phrase's nouns ("assurances on cultural issues sent from Bree")
    nested: dict[str, set[str]] = {}
    wide = phrase + [
        g for t in phrase for k in t.children if participle(k) for g in without_clauses(k)
    ]
    for t in wide:
        if t.dep_ == "prep" and t.head.i != tok.i:
            nested.setdefault(t.lower_, set()).update(words(k for k in t.subtree if k.i != t.i))
    start = max(sent_start, tok.i - BEFORE_WINDOW)
    before = words(tok.doc[start : tok.i])
    near = obj | before | set(preps) | phrase_words
    for ws in preps.values():
        near |= ws
    return _Around(obj, preps, phrase_words, nested, before, near)


def match(
    tok: Token,
    candidates: list[tuple[frozenset[str], VerbPattern]],
    sent_start: int,
    state: DocState,
) -> VerbPattern | None:
    """The pattern that codes the trigger: the most specific one whose constraints hold."""
    if len(candidates) == 1 and not candidates[0][0] and not candidates[0][1].specificity:
        p = candidates[0][1]
        return p if p.code is None or is_cameo(p.code) else None
    around = _words_around(tok, sent_start, state)
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
        if not literals <= around.near:
            continue  # words the pattern needs are missing: most patterns end here
        fit = _fit(tok, p, around, sent_start, state)
        if fit == "phrase":
            loose = loose or p
        elif fit == "object":
            found.append(p)
    if not found:
        return loose
    if len(found) == 1 or not found[0].object:
        return found[0]
    # equally specific object patterns: the one whose words cover the most of the
    # phrase ("a million austrian gold florin": &HYPERCURR, not &CURRENCY's "florin"),
    # then the one whose words come nearest the verb ("launched rocket fire against
    # camps near the border": "* FIRE", not "* BORDER")
    present = around.phrase | around.object
    known = state.known
    return min(
        (p for p in found if p.object),
        key=lambda p: (-_coverage(p, present, known), _distance(tok, p, known)),
    )


def _fit(
    tok: Token,
    p: VerbPattern,
    around: _Around,
    sent_start: int,
    state: DocState,
) -> str | None:
    """How the pattern's constraints hold on the parse: "object" (its words are the verb's
    object), "phrase" (they only stand in its phrase), or None (they do not hold)."""
    has = state.known.patterns.has_word
    if p.code is not None and not is_cameo(p.code):
        return None  # "+++", "xxy": not a CAMEO code, never an event
    fit = "object"
    if p.object and not all(has(w, around.object) for w in p.object):
        if not all(has(w, around.phrase) for w in p.object):
            return None
        fit = "phrase"
    if p.preps and not all(
        (prep in around.preps and all(has(w, around.preps[prep]) for w in ws))
        or (prep in around.nested and all(has(w, around.nested[prep]) for w in ws))
        for prep, ws in p.preps
    ):
        return None
    if p.before and not all(has(w, around.before) for w in p.before):
        return None
    if p.touch_before and not _touches(tok, p.before[-1], -1, state.known):
        return None  # "RECENTLY_*": not "recently did allow"
    if p.touch_after and not _touches(tok, p.object[0], 1, state.known):
        return None
    if p.target == "joint" and len(subjects(tok)) < 2:
        return None  # "% * [030:030]": only a compound subject
    if not _in_order(tok, p, sent_start, state):
        return None
    return fit


def is_cameo(code: str) -> bool:
    """A CAMEO-form event code, digits ("023", "1124"), not "+++", "xxy" or "---" (test
    dictionaries use digit codes outside the CAMEO table, so the table is not asked)."""
    return code.isdigit() or bool(LETTERED_CODE.fullmatch(code))


def _coverage(p: VerbPattern, present: set[str], known: Knowledge) -> int:
    """Words of text the pattern's object words match (a synset member counts its
    words)."""
    n = 0
    for w in p.object:
        w = w.removeprefix(ADJACENT)
        if not w.startswith("&"):
            n += 1
            continue
        members = known.patterns.synsets.get(w, ())
        n += max((len(m) for m in members if all(x in present for x in m)), default=0)
    return n


def _touches(tok: Token, word: str, side: int, known: Knowledge) -> bool:
    """`word` (a literal or a synset member) stands right before (side -1) or right after
    (side 1) the trigger."""
    doc = tok.doc
    for m in known.patterns.members(word):
        lo = tok.i - len(m) if side < 0 else tok.i + 1
        hi = lo + len(m)
        if lo < 0 or hi > len(doc):
            continue
        if all(x in (t.lower_, t.lemma_.lower()) for x, t in zip(m, doc[lo:hi], strict=True)):
            return True
    return False


def _distance(tok: Token, p: VerbPattern, known: Knowledge) -> int:
    """Tokens from the trigger to the first of the pattern's object words in its object."""
    heads = {m[0] for m in known.patterns.members(p.object[0])}
    near = [
        abs(t.i - tok.i)
        for t in object_tokens(tok)
        if t.lower_ in heads or t.lemma_.lower() in heads
    ]
    return min(near, default=len(tok.doc))


def _in_order(tok: Token, p: VerbPattern, sent_start: int, state: DocState) -> bool:
    """The pattern's words as phrases, in order: the object words after the trigger,
    each preposition's words in its phrase, the preceding words before it."""
    in_order = state.known.patterns.in_order
    if (
        len(p.object) > 1
        and not in_order(p.object, seq(object_tokens(tok)))
        and not in_order(p.object, seq(phrase_tokens(tok)))
    ):
        return False
    for prep, ws in p.preps:
        if len(ws) > 1 and not any(
            in_order(ws, seq(phrase_of(ph.token, ph.objects)))
            for ph in state.prep_phrases(tok)
            if ph.prep == prep
        ):
            return False
    if len(p.before) > 1:
        start = max(sent_start, tok.i - BEFORE_WINDOW)
        if not in_order(p.before, seq(tok.doc[start : tok.i])):
            return False
    return True
