"""Who did it to whom: the source and target of a trigger, read off the parse.

The pattern names each role's slot: the subject (or the "by" agent of a passive), the
object (direct object, passive subject), a prepositional phrase ("prep:against"), the phrase
after the pattern's words, or the actor before one of them. Subjects are inherited through
xcomp chains ("agreed to lift" -> the subject of "agreed"), conjoined verbs and relative
clauses; a pronoun subject of a reported clause is the speaker ("Syria says it will ...").
Which actor fills a slot, one participant per listed actor, is `participants.py`'s business
(for a target also in a participle on its phrase: "memos sent by Bree"). What a source
gives of its own ("Syria offered its troops to Lebanon") is not the target; the party it
goes to is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from .attackers import ATTACK_ROOTS, attack_sources
from .lexicon import FRAMING_VERBS, PROTEST_NOUNS, REPORTING_VERBS, STATEMENT_VERBS
from .parse import (
    conjuncts,
    governing_verb,
    infinitive,
    object_tokens,
    objects,
    phrase_tokens,
    subjects,
    verb_chain,
)
from .participants import actor_token_near, coded, joint, participants, same_country
from .patterns import BEFORE_WINDOW, VerbPattern
from .records import Participant
from .state import DocState

# Prepositions whose object is a target when the pattern's own slot holds no actor.
TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "at", "into")
# CAMEO 14 protest: with no target of its own, the one its purpose names ("to demand reforms
# from the government", "in defiance of the authorities")
PROTEST_ROOT = "14"

# (source, target, code): one event's roles; the code when it is not the pattern's own
Roles = tuple[Participant, Participant | None, str | None]


def event_roles(tok: Token, pattern: VerbPattern, state: DocState) -> list[Roles]:
    """The (source, target) pairs the trigger gives events for under the pattern: only with
    a source actor and a coded source or target, never an actor acting on itself; a bare
    verb's default code needs a target actor too ("The technocrats argue" is no event)."""
    sources, targets = _slots(tok, pattern, state)
    code = pattern.code or ""
    if state.known.stated_acts and code[:2] in ATTACK_ROOTS:
        sources = attack_sources(tok, code, sources, state)
    if tok.pos_ == "NOUN" and len(sources) > 1 and not targets:
        # "a summit between X and Y", "the Trump-Putin summit": the first meets the rest
        sources, targets = sources[:1], sources[1:]
    sources = [s for s in sources if s.actor is not None] or sources[:1]
    targets = _other_party_targets(tok, pattern, sources, targets, state)
    if pattern.target != "none" and code.startswith(PROTEST_ROOT):
        if not any(t.actor is not None for t in targets):
            # "blocked roads to press their demands on the government": whom a protest is
            # aimed at stands in its purpose clause or its "in protest/defiance of" phrase
            targets = protested(tok, state) or targets
    targets = [t for t in targets if t.actor is not None] or targets[:1]
    targets = _not_the_source(tok, sources, targets, state)
    targets = _without_own_means(sources, targets)
    return _pairs(tok, pattern, sources, targets)


def _slots(
    tok: Token, pattern: VerbPattern, state: DocState
) -> tuple[list[Participant], list[Participant]]:
    """The participants in the pattern's source and target slots (reversed for `[:054]`)."""
    sources = slot(tok, pattern.source, "source", state)
    targets = slot(tok, pattern.target, "target", state)
    if pattern.target == "subject" and pattern.source == "subject" and tok.pos_ == "VERB":
        # "- NOTED + * [115]": the verb's subject is the target; the source is who
        # says so ("Falastur noted that Cirith Ungol regretted ...")
        outer = verb_chain(tok)[-1]
        if outer.dep_ == "ccomp" and outer.head.i != outer.i:
            sources = participants(subjects(outer.head), state, agents=True)
    if pattern.object:
        sources, targets = _slots_after_words(tok, pattern, sources, targets, state)
    if pattern.reverse:
        sources, targets = targets, sources
    return sources, targets


def _slots_after_words(
    tok: Token,
    pattern: VerbPattern,
    sources: list[Participant],
    targets: list[Participant],
    state: DocState,
) -> tuple[list[Participant], list[Participant]]:
    """Slots read off the pattern's words: the phrase after them, when the parse puts no
    actor where the slot is ("+ * MONEY $": "received money from Osgiliath"; "* LINKED":
    "believed linked to Al-Qaeda"), or after the actors "^" skips ("* TABASKI ^ $")."""
    if pattern.source.startswith("skip:"):
        sources = after_words(tok, pattern, state, int(pattern.source[5:]))
    elif pattern.source == "object" and not any(s.actor for s in sources):
        sources = after_words(tok, pattern, state) or sources
    if pattern.target.startswith("skip:"):
        targets = after_words(tok, pattern, state, int(pattern.target[5:]))
    elif (
        pattern.target == "object"
        and not any(t.actor for t in targets)
        and not joint(sources)  # "Israel and the Palestinians reached a consensus"
    ):
        targets = after_words(tok, pattern, state) or targets
    return sources, targets


def _other_party_targets(
    tok: Token,
    pattern: VerbPattern,
    sources: list[Participant],
    targets: list[Participant],
    state: DocState,
) -> list[Participant]:
    """ "Syria offered its troops to Lebanon": what the source gives of its own is not the
    target; the one it goes to (or comes from) is."""
    if (
        tok.pos_ == "VERB"
        and pattern.target == "object"
        and not pattern.reverse
        and sources
        and targets
        and all(t.actor is not None and same_country(sources[0], t) for t in targets)
    ):
        return other_party(tok, sources[0], state) or targets
    return targets


def _not_the_source(
    tok: Token, sources: list[Participant], targets: list[Participant], state: DocState
) -> list[Participant]:
    """ "has begun to question whether he has a future with the Orcs": a target found that is
    the source itself gives way to the next actor in the verb's phrase."""
    acting = {id(s.actor) for s in sources if s.actor is not None}
    if not (tok.pos_ == "VERB" and targets and acting):
        return targets
    if not all(id(t.actor) in acting for t in targets):
        return targets
    index = state.index
    later = [
        t
        for t in tok.subtree
        if t.i > tok.i and index[t.i] is not None and id(index[t.i]) not in acting
    ]
    if later:
        return participants(later[:1], state, agents=True)
    return targets


def _without_own_means(sources: list[Participant], targets: list[Participant]) -> list[Participant]:
    """ "forces launched artillery and rocket fire against guerrilla camps": a listed target
    coded as the source itself is its own means, not whom it acts on."""
    if not (sources and coded(sources[0]) and len(targets) > 1):
        return targets
    own = sources[0].to_dict()["code"]
    acting = {id(s.actor) for s in sources}  # "the encounter between X and Y": each way
    others = [
        t for t in targets if id(t.actor) in acting or not (coded(t) and t.to_dict()["code"] == own)
    ]
    return others or targets


def _pairs(
    tok: Token, pattern: VerbPattern, sources: list[Participant], targets: list[Participant]
) -> list[Roles]:
    if not targets and pattern.target in ("object", "joint") and joint(sources):
        # "Jordan and Britain have agreed": each with the other
        return [
            (s, t, None) for s in sources for t in sources if s.actor is not t.actor and coded(s)
        ]
    out: list[Roles] = []
    for s in sources or [None]:
        for t in targets or [None]:
            if s is None or not _keeps(tok, pattern, s, t):
                continue
            out.append((s, t, None))
            if pattern.paired and coded(t):
                # [032:033]: "X visited Y" is also Y hosting X
                out.append((t, s, pattern.paired))
    return out


def _keeps(tok: Token, pattern: VerbPattern, s: Participant, t: Participant | None) -> bool:
    """The pair makes an event: a source actor, something coded, two different parties."""
    if s.actor is None or not (coded(s) or coded(t)):
        return False
    if not pattern.specificity and (t is None or t.actor is None):
        # a bare verb's default code needs a target, or a coded subject of its own with
        # nothing to aim at ("Jordan protested")
        if not (t is None and coded(s) and _own_subject(s, tok)):
            return False
    if t is not None and s.actor is t.actor:
        return False
    # "contentment at the alignment between the US and Russia"
    return not (t is not None and t.listed and same_country(s, t))


# --- slots ------------------------------------------------------------------------------


def slot(tok: Token, where: str, role: str, state: DocState) -> list[Participant]:
    """The participants in one of a pattern's slots (`VerbPattern.source`/`target`)."""
    if where in ("none", "joint") or where.startswith("skip:"):
        return []  # "skip:": read with the pattern's words (`after_words`)
    heads = _slot_heads(tok, where, role, state)
    found = participants(heads, state, agents=True)
    if role == "source" and found and not any(p.actor for p in found):
        return _speaker(tok, found, state) or found
    if role == "target" and heads and not any(p.actor for p in found):
        # "welcomed memos sent by Bree": an actor in a participle on the object
        more = participants(heads, state, participles=True, agents=True)
        if any(p.actor for p in more):
            return more
    if role == "target" and not any(p.actor for p in found):
        for fallback in TARGET_FALLBACKS:
            more = fallback(tok, state)
            if more:
                return more
    return found


def _slot_heads(tok: Token, where: str, role: str, state: DocState) -> list[Token]:
    """The head words of the phrases in a slot."""
    if where == "subject":
        heads = subjects(tok) if tok.pos_ == "VERB" else _noun_sources(tok, state)
        if not heads and role == "target" and tok.pos_ == "VERB":
            # "+ * FROM $": a target before the verb is its subject, passive or not
            # ("the militia was freed from Barad-dur")
            heads = [c for k in tok.children if k.dep_ == "nsubjpass" for c in conjuncts(k)]
        return heads
    if where == "object":
        return objects(tok)
    if where.startswith("prep:"):
        heads = prep_objects(tok, where[5:], state)
        if not heads and tok.pos_ == "NOUN" and governing_verb(tok).i != tok.i:
            # "staged rallies against X": the parser may hang the noun's phrase on the verb
            heads = prep_objects(governing_verb(tok), where[5:], state)
        if not heads and role == "target":
            heads = objects(tok)
        return heads
    if where.startswith("after:"):
        return _phrase_after(tok, where[6:], state)
    if where.startswith("before:"):
        return _actor_before_word(tok, where[7:], state)
    return []


def _speaker(tok: Token, found: list[Participant], state: DocState) -> list[Participant]:
    """ "Syria says it will not accept ...": a pronoun subject of a reported clause is the
    speaker."""
    if all(p.token.pos_ == "PRON" for p in found) and tok.pos_ == "VERB":
        top = verb_chain(tok)[-1]
        if top.dep_ == "ccomp" and top.head.lemma_.lower() in STATEMENT_VERBS:
            more = participants(subjects(top.head), state)
            if any(p.actor for p in more):
                return more
    return []


# No actor where the pattern says the target is: where else to look, in this order.


def _first_with_actor(
    candidates: Iterable[list[Token]],
    state: DocState,
    participles: bool = False,
    agents: bool = False,
) -> list[Participant]:
    """The participants of the first list of heads that holds an actor."""
    for heads in candidates:
        more = participants(heads, state, participles=participles, agents=agents)
        if any(p.actor for p in more):
            return more
    return []


def _target_in_preps(tok: Token, state: DocState) -> list[Participant]:
    """A prepositional target ("impose on Russia")."""
    heads = (prep_objects(tok, prep, state) for prep in TARGET_PREPS)
    return _first_with_actor(heads, state, participles=True, agents=True)


def _target_in_object_preps(tok: Token, state: DocState) -> list[Participant]:
    """The parser may hang the phrase on the object ("contribute a million florin to Gondor"
    with "florin" an adverb)."""
    heads = (
        prep_objects(t.head, t.lower_, state)
        for t in sorted(phrase_tokens(tok), key=lambda t: t.i)
        if t.dep_ == "prep"
        and t.lower_ in TARGET_PREPS
        and t.head.i != tok.i
        and t.head.dep_ in ("advmod", "npadvmod", "dobj", "attr")
    )
    return _first_with_actor(heads, state)


def _target_dative(tok: Token, state: DocState) -> list[Participant]:
    """ "gave Tanzania a grant"."""
    heads = ([k] for k in tok.children if k.dep_ == "dative" and k.pos_ in ("PROPN", "NOUN"))
    return _first_with_actor(heads, state)


def _target_in_other_preps(tok: Token, state: DocState) -> list[Participant]:
    """The verb's other phrases, nearest first."""
    heads = (
        prep_objects(tok, k.lower_, state)
        for k in tok.children
        if k.dep_ == "prep" and k.lower_ not in TARGET_PREPS and k.i > tok.i
    )
    return _first_with_actor(heads, state, participles=True, agents=True)


def _target_of_framed_act(tok: Token, state: DocState) -> list[Participant]:
    """ "threatened to cut off electricity to X": the target of the act framed."""
    if tok.lemma_.lower() not in FRAMING_VERBS:
        return []
    for k in tok.children:
        if k.dep_ == "xcomp" and k.pos_ == "VERB":
            more = participants(objects(k), state)
            for prep in TARGET_PREPS:
                if not any(p.actor for p in more):
                    more = participants(prep_objects(k, prep, state), state)
            if any(p.actor for p in more):
                return more
    return []


def _target_in_content_clause(tok: Token, state: DocState) -> list[Participant]:
    """ "expressed hopes that Osgiliath could be drawn in": the subject of the content clause
    of the verb or of its object noun; "signed an accord to supply Gondor with wheat": whom
    its purpose is for."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in REPORTING_VERBS:
        return []
    clauses = [k for k in tok.children if k.dep_ == "ccomp"] + [
        c
        for o in tok.children
        if o.dep_ == "dobj"
        for c in o.children
        if c.dep_ in ("acl", "ccomp")
        and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
    ]
    clause_subjects = (
        [g for g in k.children if g.dep_ in ("nsubj", "nsubjpass")][:1] for k in clauses
    )
    found = _first_with_actor(clause_subjects, state)
    if found:
        return found
    purposes = (
        objects(k)
        for k in tok.children
        if k.dep_ == "advcl" and k.i > tok.i and k.pos_ == "VERB" and infinitive(k)
    )
    return _first_with_actor(purposes, state)


TARGET_FALLBACKS: tuple[Callable[[Token, DocState], list[Participant]], ...] = (
    _target_in_preps,
    _target_in_object_preps,
    _target_dative,
    _target_in_other_preps,
    _target_of_framed_act,
    _target_in_content_clause,
)


def after_words(
    tok: Token, pattern: VerbPattern, state: DocState, skip: int = 0
) -> list[Participant]:
    """The first actor in the trigger's phrase after the last of the pattern's object
    words (after `skip` others: "* TABASKI ^ $")."""
    ends = {m[-1] for m in state.known.patterns.members(pattern.object[-1])}
    phrase = sorted(
        {t.i: t for t in (*phrase_tokens(tok), *object_tokens(tok))}.values(),
        key=lambda t: t.i,
    )
    at = next((t.i for t in phrase if t.lower_ in ends or t.lemma_.lower() in ends), None)
    if at is None:
        return []
    seen = 0
    for t in phrase:
        if t.i > at and state.index[t.i] is not None and t.dep_ == "pobj":
            if seen < skip:
                seen += 1
                continue
            return participants([t], state, agents=True)
    return []


def _actor_before_word(tok: Token, word: str, state: DocState) -> list[Token]:
    """ "+ HOSTING *": the actor nearest before the pattern's word that precedes the
    trigger ("Mordor will be hosting Osgiliath to celebrate ...")."""
    firsts = {m[0] for m in state.known.patterns.members(word)}
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
        if state.index[t.i] is not None:
            return [t]
    return []


def _phrase_after(tok: Token, prep: str, state: DocState) -> list[Token]:
    """The object of the first prepositional phrase holding an actor after the trigger's
    `prep` phrase (PETRARCH's `^` skips a phrase: "celebrated Iftar in Osgiliath with the
    leaders of Gondor" for "* IFTAR IN ^ +")."""
    phrases = sorted(state.prep_phrases(tok), key=lambda p: p.token.i)
    start = next((p.token.i for p in phrases if p.prep == prep), None)
    if start is None:
        return []
    for p in phrases:
        if p.token.i > start and p.objects and actor_token_near(p.objects[0], state) is not None:
            return conjuncts(p.objects[0])
    return []


def _noun_sources(noun: Token, state: DocState) -> list[Token]:
    """Who carries out an event noun: its possessor ("Trump's summit"), actors among its
    modifiers ("the Trump-Putin summit"), "between X and Y", "of X" (resignation), else the
    subject of the verb it is the object of ("Trump surprised Russia with the strike")."""
    index = state.index
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
                return conjuncts(objs[0])
    # the verb whose object (or prepositional object) the noun is
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ != "dobj":
        return []
    if head.pos_ == "VERB":
        return subjects(head)
    return []


def prep_objects(tok: Token, prep: str, state: DocState) -> list[Token]:
    """The object of the token's first `prep` phrase that has one, with its conjuncts."""
    for p in state.prep_phrases(tok):
        if p.prep == prep and p.objects:
            return conjuncts(p.objects[0])
    return []


def other_party(verb: Token, source: Participant, state: DocState) -> list[Participant]:
    """Actors of another country than the source's in the verb's (or its object's)
    prepositional phrases: "offered its troops to Lebanon", "withdraw its troops from Lebanon"."""
    for prep, _, objs in state.prep_phrases(verb):
        if prep in TARGET_PREPS or prep in ("from", "for"):
            found = [
                p
                for p in participants(objs[:1] and conjuncts(objs[0]), state)
                if p.actor is not None and p.actor.code and not same_country(source, p)
            ]
            if found:
                return found
    return []


def protested(tok: Token, state: DocState) -> list[Participant]:
    """The actor a protest is aimed at, from its purpose clause ("to protest Sweden's
    decision", "to demand reforms from the government") or an "in protest/defiance of X"
    phrase on the verb."""
    verb = governing_verb(tok) if tok.pos_ == "NOUN" else tok
    heads: list[Token] = []
    # the purpose may hang off the verb or off its object ("began a hunger strike to
    # protest", an infinitive the parser may read as a relative clause)
    nouns = [o for o in verb.children if o.dep_ == "dobj"] + ([tok] if tok.i != verb.i else [])
    for k in [*verb.children, *(k for o in nouns for k in o.children)]:
        if k.dep_ in ("advcl", "xcomp", "acl", "relcl") and k.pos_ == "VERB" and k.i > verb.i:
            if infinitive(k):
                heads += objects(k)
                heads += [p.objects[0] for p in state.prep_phrases(k) if p.objects]
        elif k.dep_ == "prep" and k.lower_ == "in":
            for noun in (g for g in k.children if g.dep_ == "pobj"):
                if noun.lemma_.lower() in PROTEST_NOUNS:
                    heads += [p.objects[0] for p in state.prep_phrases(noun) if p.objects]
    for h in heads:
        found = participants([h], state, agents=True)
        if any(p.actor is not None and p.actor.code for p in found):
            return [p for p in found if p.actor is not None]
    return []


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
