"""Walking the dependency parse for the event stage: a trigger's phrase, subjects, objects,
prepositional phrases and the clauses around it.

Plain functions of spaCy tokens, no state: `triggers`, `arguments` and `framing` all read the
parse through them. The label groups shared with other stages are in `realpolitik.syntax`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..syntax import PHRASE_CUTS, SUBJECTS
from .lexicon import STATEMENT_VERBS, SUBJECT_CONTROL_VERBS

RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
# Complements whose words an object pattern may name (not prepositional phrases, not reported
# speech: "said ... aid" is not "aid" as the object of "said").
OBJECT_DEPS = frozenset(
    "dobj nsubjpass attr oprd dative xcomp acomp prt advmod npadvmod compound amod nmod "
    "nummod".split()
)
# Clauses hanging off a word: not part of its phrase ("efforts to end the fighting").
CLAUSE_DEPS = frozenset("ccomp advcl acl relcl xcomp conj parataxis".split())
# Dependents of a trigger that are not its phrase: clauses, conjuncts, punctuation.
NOT_PHRASE_DEPS = frozenset("ccomp xcomp advcl conj cc relcl punct parataxis".split())
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
CONDITION_MARKS = frozenset({"if", "unless"})
TEMPORAL_MARKS = frozenset("after before since when while as once until".split())


class PrepPhrase(NamedTuple):
    """A prepositional phrase on a trigger or its object: "sanctions [on] [Russia]"."""

    prep: str  # the preposition, lower case
    token: Token  # the preposition (or particle) itself
    objects: list[Token]


def words(tokens: Iterable[Token]) -> set[str]:
    """The tokens' words and lemmas, lower case."""
    out = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


def seq(tokens: Iterable[Token]) -> list[tuple[str, str, int]]:
    """(word, lemma, position) of the tokens in text order, for `CompiledPatterns.in_order`."""
    return [(t.lower_, t.lemma_.lower(), t.i) for t in sorted(tokens, key=lambda t: t.i)]


def conjuncts(tok: Token) -> list[Token]:
    """The token and the conjuncts after it ("X, Y and Z")."""
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i)]


def verb_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs it complements (xcomp, or acomp adjectives in between)."""
    chain = [tok]
    while chain[-1].dep_ in ("xcomp", "acomp") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def governing_verb(noun: Token) -> Token:
    """The verb a noun is the object (or prepositional object) of, else the noun itself."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return noun
    return head if head.pos_ == "VERB" else noun


def reporting_head(tok: Token) -> Token:
    """The verb that reports the clause the trigger is in, else the top of its verb chain."""
    top = verb_chain(tok)[-1]
    return top.head if top.dep_ == "ccomp" else top


def without_clauses(tok: Token) -> list[Token]:
    """The token's subtree minus the clauses in it ("efforts to end the fighting": the
    efforts, not the fighting)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [k for k in t.children if k.dep_ not in CLAUSE_DEPS]
    return out


def without_relatives(tok: Token) -> list[Token]:
    """The token's subtree minus relative clauses."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [k for k in t.children if k.dep_ != "relcl"]
    return out


def that_clause(tok: Token) -> bool:
    return any(k.dep_ == "mark" and k.lower_ == "that" for k in tok.children)


def participle(tok: Token) -> bool:
    """A participle modifying a noun, with no subject of its own ("sent by", "leading into")."""
    return (
        tok.dep_ == "acl"
        and tok.tag_ in ("VBN", "VBG")
        and not any(k.dep_ in ("nsubj", "nsubjpass") for k in tok.children)
    )


def temporal(tok: Token) -> bool:
    """A date or time phrase ("Thursday", "almost five years"), with no name in it."""
    return tok.ent_type_ in TEMPORAL_LABELS and not any(
        t.pos_ == "PROPN" and t.ent_type_ not in TEMPORAL_LABELS for t in tok.subtree
    )


def locative(prep: Token) -> bool:
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


def phrase_span(head: Token) -> Span:
    """The argument's noun phrase, without clauses hanging off it, as a span of the doc."""
    toks = [head]
    for k in head.subtree:
        if k.i == head.i:
            continue
        anc = k
        while anc.i != head.i and anc.dep_ not in PHRASE_CUTS:
            anc = anc.head
        if anc.i == head.i:
            toks.append(k)
    toks.sort(key=lambda t: t.i)
    return head.doc[toks[0].i : toks[-1].i + 1]


def phrase_tokens(tok: Token) -> list[Token]:
    """The trigger's phrase after it: its complements and prepositional phrases, not the
    clauses hanging off it nor date phrases ("on Thursday")."""
    out = []
    for k in tok.rights:
        if k.dep_ in NOT_PHRASE_DEPS:
            continue
        if k.dep_ == "prep" and all(temporal(g) for g in k.children if g.dep_ == "pobj"):
            if any(g.dep_ == "pobj" for g in k.children):
                continue
        out += without_clauses(k)
    return out


def object_tokens(tok: Token) -> list[Token]:
    """The trigger's complements, without relative clauses on them ("support a resolution
    that aims to tighten sanctions": the resolution, not the sanctions)."""
    statement = tok.lemma_.lower() in STATEMENT_VERBS
    out = [
        t
        for k in tok.children
        if k.dep_ in OBJECT_DEPS or (k.dep_ == "ccomp" and not statement and that_clause(k))
        for t in without_relatives(k)
    ]  # "allowed that Mordor isn't a really pleasant place": the clause is the object
    if tok.pos_ == "NOUN":
        out += list(tok.lefts)
    return out


def find_prep_phrases(tok: Token) -> list[PrepPhrase]:
    """The prepositional phrases on the trigger or on its object, dates left out ("on
    Thursday" is never what a pattern's "* ON" means). A particle followed by the object
    reads as a preposition ("clash over the efforts", parsed as particle + object:
    PETRARCH's "* OVER EFFORTS"). `DocState.prep_phrases` keeps them per token."""
    out = []
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass", "attr")]
    for h in heads:
        for k in h.children:
            if k.dep_ in ("prep", "agent", "dative"):
                objs = [g for g in k.children if g.dep_ == "pobj"]
                if objs and all(temporal(g) for g in objs):
                    continue
                out.append(PrepPhrase(k.lower_, k, objs))
            elif k.dep_ == "prt":
                objs = [g for g in h.children if g.dep_ == "dobj" and g.i > k.i]
                out.append(PrepPhrase(k.lower_, k, objs))
    return out


def phrase_of(prep: Token, objs: list[Token]) -> list[Token]:
    """The tokens of a phrase `find_prep_phrases` found (a particle's: its object's)."""
    if prep.dep_ == "prt":
        return [t for o in objs for t in o.subtree]
    return [t for t in prep.subtree if t.i != prep.i]


def subjects(verb: Token) -> list[Token]:
    """The verb's logical subjects: nsubj, the agent of a passive, or inherited from the verb
    it complements (xcomp), the verb it is conjoined with, or the noun a relative clause
    modifies."""
    tok = verb
    for level in range(4):
        found = [k for k in tok.children if k.dep_ in SUBJECTS or (level and k.dep_ == "nsubjpass")]
        for k in found:
            if k.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return [tok.head]  # "Iran, which attacked Israel"
        if found:
            # "Old foes Gondor and Osgiliath have renewed ...": the parser may give two
            return [c for k in found for c in conjuncts(k)]
        agent = passive_agent(tok)
        if agent is not None:
            return conjuncts(agent)
        if tok.dep_ == "advcl" and _bare_participle(tok):
            break
        handed = _handed_down_subjects(tok)
        if handed:
            return handed
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head.i != tok.i:
            tok = tok.head  # the subject of the verb it complements or is conjoined with
            continue
        break
    return []


def passive_agent(verb: Token) -> Token | None:
    """The object of the verb's first "by" agent phrase that has one."""
    for k in verb.children:
        if k.dep_ == "agent":
            objs = [g for g in k.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _bare_participle(tok: Token) -> bool:
    return tok.tag_ == "VBN" and not any(k.dep_ in ("aux", "auxpass") for k in tok.children)


def _handed_down_subjects(tok: Token) -> list[Token]:
    """The doers of a verb with no subject of its own, where its head names them: the outer
    verb's object ("urged Ukraine to withdraw"), the noun a relative clause modifies."""
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() not in SUBJECT_CONTROL_VERBS:
        objects = [k for k in tok.head.children if k.dep_ == "dobj" and k.i < tok.i]
        if objects:
            return conjuncts(objects[0])
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if not any(k.dep_ == "nsubjpass" for k in tok.children):
            return [tok.head]
    return []


def objects(verb: Token) -> list[Token]:
    """The verb's object (direct, passive subject, dative, attribute) and its conjuncts."""
    for dep in ("dobj", "nsubjpass", "dative", "attr"):
        for k in verb.children:
            if k.dep_ == dep:
                return conjuncts(k)
    if verb.dep_ == "relcl" and any(k.dep_ == "nsubj" for k in verb.children):
        return [verb.head]  # "the deal that Russia signed"
    return []


def condition_clauses(verb: Token) -> list[Token]:
    """The "if"/"unless" clauses on a verb, the verbs it complements, then inside its phrase,
    nearest first."""
    chain = verb_chain(verb)
    around = [k for t in chain for k in t.children] + sorted(
        (t for t in verb.subtree if t.i != verb.i), key=lambda t: abs(t.i - verb.i)
    )
    return [
        k
        for k in dict.fromkeys(around)
        if k.dep_ == "advcl"
        and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in k.children)
    ]


def backdrop(tok: Token) -> bool:
    """The trigger is in a temporal clause that dates another event ("after crowds burned
    down its embassy")."""
    clause = verb_chain(tok)[-1] if tok.pos_ == "VERB" else tok
    return clause.dep_ == "advcl" and any(
        k.dep_ == "mark" and k.lower_ in TEMPORAL_MARKS for k in clause.children
    )


def main_clause(tok: Token) -> bool:
    """The trigger carries its sentence's main clause (directly or through an xcomp)."""
    top = verb_chain(tok)[-1] if tok.pos_ == "VERB" else governing_verb(tok)
    return top.dep_ == "ROOT" or (top.dep_ == "ccomp" and top.head.dep_ == "ROOT")


def infinitive(verb: Token) -> bool:
    """The verb has a "to" ("to protest", "to supply")."""
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in verb.children)
