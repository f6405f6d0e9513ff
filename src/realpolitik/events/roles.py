"""The words that fill an event's roles, and which event of a sentence is its main one.

Two questions the verb patterns leave open, answered on the parse:

- `argument_phrase`: the whole noun phrase that fills a source or target slot. The actor
  stage marks the name ("Tillerson", "Russia"); the role is filled by the phrase around it
  ("US Secretary of State Rex Tillerson", "Russia's border posts", "the head of the World
  Health Organization"). Wire annotation (ConfliBERT `cameo_ner`) marks such phrases.
- `main_events`: the event a headline writer would pick from a sentence (`main_event`),
  scored by a small logistic model over the trigger's place in the parse and the event's
  shape, trained by `scripts/train_argument_roles.py` on the train part of `cameo_ner`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

NOUNS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
# a word inside a bigger noun phrase: "Russia['s] border posts", "the [US] embassy"
INSIDE_NP = frozenset(
    {"poss", "compound", "amod", "nmod", "nn", "npadvmod", "appos", "nummod", "conj"}
)
# prepositions whose object belongs to the phrase it hangs from: "the head [of] the WHO"
NP_PREPS = frozenset({"of"})
# dependents cut from a phrase: clauses and what only joins them
CUT = frozenset({"relcl", "acl", "advcl", "ccomp", "mark", "parataxis", "dep"})
TIME_ENTS = frozenset({"DATE", "TIME"})
EDGE_PUNCT = frozenset({",", ";", ":", "-", "—", "–", '"', "'", "“", "”", "‘", "’"})


def phrase_top(tok: Token, trigger: Token | None = None) -> Token:
    """The head of the largest noun phrase `tok` sits inside, below the verb or trigger."""
    stop = {trigger.i} | {a.i for a in trigger.ancestors} if trigger is not None else set()
    top = tok
    while True:
        head = top.head
        if head.i == top.i or head.i in stop:
            return top
        if top.dep_ in INSIDE_NP and head.pos_ in NOUNS:
            top = head
            continue
        if (
            top.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in NP_PREPS
            and head.head.pos_ in NOUNS
            and head.head.i not in stop
        ):
            top = head.head
            continue
        return top


def argument_phrase(tok: Token, trigger: Token | None = None) -> Span:
    """The noun phrase that fills a role whose head (or a name inside) is `tok`.

    Relative and adverbial clauses and the punctuation around them are left out; the
    phrase never reaches the trigger ("the attack of the rebels": the rebels, not the
    attack)."""
    top = phrase_top(tok, trigger)
    keep = [top]
    stack = list(top.children)
    while stack:
        child = stack.pop()
        if child.dep_ in CUT or (trigger is not None and child.i == trigger.i):
            continue
        if child.dep_ == "prep" and _temporal(child):  # "refugees [in May]"
            continue
        keep.append(child)
        stack.extend(child.children)
    keep.sort(key=lambda t: t.i)
    # a phrase is contiguous: stop at the first gap on either side of the top
    lo = hi = keep.index(top)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    words = keep[lo : hi + 1]
    while len(words) > 1 and (words[0].text in EDGE_PUNCT or words[0].dep_ == "cc"):
        words = words[1:]
    while len(words) > 1 and (words[-1].text in EDGE_PUNCT or words[-1].dep_ == "cc"):
        words = words[:-1]
    doc = tok.doc
    first, last = words[0].i, words[-1].i
    opened = sum(t.text == "(" for t in words) - sum(t.text == ")" for t in words)
    if opened > 0 and last + 1 < len(doc) and doc[last + 1].text == ")":
        last += 1  # "Amnesty International (AI)"
    return doc[first : last + 1]


def _temporal(prep: Token) -> bool:
    return any(t.ent_type_ in TIME_ENTS for t in prep.children)


def named_in_sentence(tok: Token, mentions) -> Token:
    """For a pronoun argument ("they said ..."), the head of its actor's mention earlier
    in the same sentence ("Iraqi militia groups said they will return"); else `tok`."""
    if tok.pos_ != "PRON":
        return tok
    sent = tok.sent
    doc = tok.doc
    for m in mentions:
        if sent.start_char <= m.start and m.end <= tok.idx:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.pos_ != "PRON":
                return span.root
    return tok
