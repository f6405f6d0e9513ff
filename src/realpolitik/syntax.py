"""What the dependency labels of spaCy's English models mean to realpolitik, in one place.

The actor, event, quote and stance stages all walk the parse (ClearNLP labels, as the
`en_core_web_*` pipelines assign them). They name the label groups here instead of spelling
label tuples out again, so a model with other labels is adapted in one file.
"""

from __future__ import annotations

SUBJECTS = frozenset({"nsubj", "csubj"})  # active subjects
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
ALL_SUBJECTS = SUBJECTS | PASSIVE_SUBJECTS
AGENT = "agent"  # "by" introducing a passive verb's doer
OBJECTS = frozenset({"dobj", "obj", "dative"})
CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl"})  # clauses hanging off a word
COMPLEMENTS = frozenset({"ccomp", "xcomp"})  # "said [that X attacked Y]", "tried [to meet]"
# dependents that end a noun phrase: what follows them is not part of the name
PHRASE_CUTS = frozenset({"relcl", "acl", "conj", "cc", "appos", "punct", "advcl", "prep"})
MODIFIERS = frozenset({"compound", "amod", "nmod", "poss", "case"})  # inside a name or title

# --- groups the actor stage reads noun phrases with --------------------------------------
TITLE = MODIFIERS | {"punct"}  # the words of a title before a name ("Ukrainian President")
NOUN_MODIFIERS = frozenset({"compound", "amod", "nmod"})  # a word modifying the noun after it
# dependents before a noun inside its phrase ("a popular Russian tabloid", "some 800,000 Kurds")
NOUN_PHRASE = frozenset(
    "det predet amod compound nummod nmod poss case advmod npadvmod quantmod punct".split()
)
# leading words a noun phrase's description leaves out ("the", "some 800,000", "both")
PHRASE_OPENERS = frozenset("det predet nummod quantmod poss case punct advmod cc preconj".split())
NOUN_SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # a noun as subject, active or passive
# roles in which a noun phrase is an argument (an actor), not a predicate or a modifier;
# "dep": an argument the parser left unlabelled ("Quatar's emir, Sheikh Hamad, ...")
ARGUMENTS = frozenset(
    "nsubj nsubjpass dobj pobj conj appos dative agent ROOT npadvmod poss dep".split()
)
