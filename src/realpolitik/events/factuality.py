"""Factuality of an event: asserted, negated, hypothetical, future or attempted.

Rules over the trigger's own dependents and the chain of clauses that govern it (an xcomp,
ccomp, clause or noun it sits in), closest cue first:

- negated: a negator on the trigger or a governing verb ("did not attack", "never met"), or a
  governing verb of refusal ("refused to meet");
- hypothetical: a modal ("might pressure"), a conditional clause ("if they attack"), a verb or
  noun of hope/fear/expectation governing it ("The hope is that Trump might pressure ...",
  "speculate whether ..."), a modifier such as "potential";
- future: "will"/"shall", "is set to", "is going to", a governing verb of planning or promise
  ("plans to meet", "agreed to lift"), a modifier such as "impending" or "planned";
- attempted: a governing verb of trying ("seeks to influence", "tried to", "attempted").

The cue lexicons are data (`data/events/factuality.json`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

ASSERTED, NEGATED, HYPOTHETICAL, FUTURE, ATTEMPTED = (
    "asserted",
    "negated",
    "hypothetical",
    "future",
    "attempted",
)
# Dependencies through which a governing word frames what it governs.
CLIMB_DEPS = frozenset(
    "xcomp ccomp advcl conj acl relcl pcomp pobj prep dobj nsubj nsubjpass attr "
    "compound amod appos oprd".split()
)
# Dependencies that stay within one clause (an xcomp shares its governor's auxiliaries:
# "will try to meet"; a ccomp or adverbial clause has its own).
CLAUSE_INTERNAL_DEPS = frozenset(
    "xcomp pobj prep dobj nsubj nsubjpass attr compound amod appos oprd".split()
)
MAX_LEVELS = 4


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    text = resources.files("realpolitik").joinpath("data/events/factuality.json").read_text()
    return {k: frozenset(v) for k, v in json.loads(text).items() if not k.startswith("_")}


def factuality(trigger: Token) -> str:
    """The factuality of the event whose trigger is `trigger` (see the module docstring)."""
    c = cues()
    tok = trigger
    dep_in = None  # how the previous level attaches to this one
    same_clause = True  # auxiliaries and negation scope over the trigger's own clause only
    for level in range(MAX_LEVELS + 1):
        found = _cue_at(tok, level, dep_in, same_clause, c)
        if found:
            return found
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            break
        dep_in = tok.dep_
        same_clause = same_clause and dep_in in CLAUSE_INTERNAL_DEPS
        tok = tok.head
    return ASSERTED


def _lemmas(tok: Token) -> set[str]:
    """The token's lemma and base forms guessed from its spelling (the lemmatizer reads
    "hoping" as "hop")."""
    w = tok.lower_
    out = {tok.lemma_.lower(), w}
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            out |= {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.add(stem[:-1])
    return out


def _cue_at(tok: Token, level: int, dep_in: str | None, same_clause: bool, c) -> str | None:
    """The factuality a cue at this level of the climb gives: the governing word itself
    (not the trigger), then the word's dependents (negation, auxiliaries, marks, modifiers)."""
    if level > 0 and dep_in in ("xcomp", "ccomp", "pobj", "prep", "dobj", "acl", "advcl", "nsubj"):
        found = _framing_word(tok, dep_in, c)
        if found:
            return found
    for k in tok.children:
        if not same_clause and k.dep_ in ("neg", "aux", "advmod"):
            continue
        found = _dependent_cue(k, tok, c)
        if found:
            return found
        # "The hope is that ...": a clause whose copula has a hope/fear noun as subject
        if (
            level > 0
            and dep_in == "ccomp"
            and k.dep_ == "nsubj"
            and k.lemma_.lower() in c["hypothetical_nouns"]
        ):
            return HYPOTHETICAL
    return None


def _framing_word(tok: Token, dep_in: str, c) -> str | None:
    """A governing word that frames what it governs: "refused to", "tried to", "hope that",
    "plans to", "an attempt to", "a plan to"."""
    lemmas = _lemmas(tok)
    verbal = tok.pos_ in ("VERB", "AUX")
    noun_clause = tok.pos_ == "NOUN" and dep_in == "acl"
    if not lemmas.isdisjoint(c["negating_verbs"]) and dep_in in ("xcomp", "dobj", "pcomp", "ccomp"):
        return NEGATED
    if not lemmas.isdisjoint(c["attempt_verbs"]) and dep_in in ("xcomp", "dobj"):
        return ATTEMPTED
    if (
        not lemmas.isdisjoint(c["hypothetical_verbs"])
        and verbal
        and dep_in in ("xcomp", "ccomp", "prep")
    ):
        return HYPOTHETICAL
    if not lemmas.isdisjoint(c["future_verbs"]) and verbal and dep_in == "xcomp":
        # "is set to" needs its copula; "agreed to", "plans to" do not
        if "set" not in lemmas or any(k.lemma_ == "be" for k in tok.children):
            return FUTURE
    if noun_clause and not lemmas.isdisjoint(c["attempt_nouns"]):
        return ATTEMPTED
    if noun_clause and not lemmas.isdisjoint(c["future_nouns"]):
        return FUTURE
    if (
        not lemmas.isdisjoint(c["hypothetical_nouns"])
        and tok.pos_ == "NOUN"
        and dep_in in ("acl", "ccomp")
    ):
        return HYPOTHETICAL
    return None


def _dependent_cue(k: Token, tok: Token, c) -> str | None:
    """A dependent of the word that marks it: "not", "never", "will", "might", "if",
    "impending", "potential"."""
    kl = k.lower_
    if k.dep_ == "neg" or (k.dep_ == "advmod" and kl == "never"):
        return NEGATED
    if k.dep_ == "aux" and kl in c["future_aux"]:
        return FUTURE
    if k.dep_ == "aux" and kl in c["modal_aux"]:
        return HYPOTHETICAL
    if k.dep_ == "mark" and kl in c["conditional_marks"] and tok.dep_ in ("advcl", "ccomp"):
        return HYPOTHETICAL
    if k.dep_ in ("amod", "compound") and kl in c["future_modifiers"]:
        return FUTURE
    if k.dep_ in ("amod", "compound") and kl in c["hypothetical_modifiers"]:
        return HYPOTHETICAL
    return None
