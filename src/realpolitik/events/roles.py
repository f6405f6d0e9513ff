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

import json
import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.index import actor_mentions, token_index
from ..records import Actor
from .suggested import suggested_events

MODEL_FILE = (
    "argument_roles.json"  # in realpolitik/data/events/, by scripts/train_argument_roles.py
)

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
MAX_ARCS = 4  # how far below its trigger a target candidate may sit
EDGE_PUNCT = frozenset({",", ";", ":", "-", "—", "–", '"', "'", "“", "”", "‘", "’"})


def phrase_top(tok: Token, trigger: Token | None = None, joint: bool = True) -> Token:
    """The head of the largest noun phrase `tok` sits inside, below the verb or trigger;
    with `joint`, the whole coordination ("Russia and the Syrian government")."""
    stop = {trigger.i} | {a.i for a in trigger.ancestors} if trigger is not None else set()
    top = tok
    while True:
        head = top.head
        if head.i == top.i or head.i in stop:
            return top
        if top.dep_ in INSIDE_NP and head.pos_ in NOUNS and (joint or top.dep_ != "conj"):
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


def argument_phrase(
    tok: Token, trigger: Token | None = None, joint: bool = True, preps: bool = True
) -> Span:
    """The noun phrase that fills a role whose head (or a name inside) is `tok`.

    Relative and adverbial clauses and the punctuation around them are left out; the
    phrase never reaches the trigger ("the attack of the rebels": the rebels, not the
    attack). Without `joint`, one conjunct of a coordination: wire annotation marks the
    targets of "sanctions on Pompeo, Azar and Bannon" one by one, and its sources jointly.
    Without `preps`, the prepositional phrases on the head other than "of" are left out
    ("Ukrainian forces [in the Crimea]")."""
    top = phrase_top(tok, trigger, joint)
    keep = [top]
    stack = list(top.children)
    while stack:
        child = stack.pop()
        if child.dep_ in CUT or (trigger is not None and child.i == trigger.i):
            continue
        if not joint and child.dep_ in ("conj", "cc") and child.head.i == top.i:
            continue
        if child.dep_ == "prep" and _temporal(child):  # "refugees [in May]"
            continue
        if not preps and child.dep_ == "prep" and child.head.i == top.i and child.lower_ != "of":
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


def named_in_sentence(tok: Token, actor: Actor) -> Token:
    """For a pronoun argument ("they said ..."), the head of its actor's mention earlier
    in the same sentence ("Iraqi militia groups said they will return"); else `tok`."""
    if tok.pos_ != "PRON":
        return tok
    doc = tok.doc
    for m in actor_mentions(doc, actor).within(tok.sent.start_char, tok.idx):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.pos_ != "PRON":
            return span.root
    return tok


# --- the events' roles, refined on the parse -------------------------------------------------


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the text [start, end) of `doc`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def refine_roles(
    doc: Doc,
    events: list[dict],
    actors: dict[str, Actor],
    model: RoleModel | None = None,
    index: list[Actor | None] | None = None,
) -> None:
    """Widen each event's source and target to the phrase that fills the role, let the
    role model pick a target where the patterns found no coded one, and flag each
    sentence's main event. `actors`: actor id -> Actor; `index`: their token index
    (`actors.index.token_index`), built here when not given."""
    if index is None:
        index = token_index(doc, actors.values())
    for e in events:
        trigger = token_at(doc, e["trigger"]["start"], e["trigger"]["end"])
        if trigger is None:
            continue
        for role in ("source", "target"):
            filler = e.get(role)
            if filler and filler.get("start") is not None:
                _widen(doc, filler, trigger, actors, role)
        _reciprocal(doc, e, index, actors)
        if model is not None:
            _choose_target(e, trigger, index, model, actors)
    mark_main_events(doc, events)


def settled(target: dict | None, actors: dict[str, Actor], source_code: str | None = None) -> bool:
    """Whether the patterns' target stands: a coded actor that is not a mere place (a place
    coded with its country is the scene more often than the target: "held talks in
    Jerusalem with Netanyahu")."""
    if not target or not target.get("code"):
        return False
    if source_code and target["code"][:3] == source_code[:3]:
        return False  # its own forces: "Russia has strengthened its forces in Crimea"
    actor = actors.get(target.get("actor"))
    return actor is None or actor.kind != "location"


def _reciprocal(doc: Doc, e: dict, index: list, actors: dict[str, Actor]) -> None:
    """ "Mexico and the United Kingdom signed an agreement": with no settled target, each
    party of a coordinated source is the other's target (the roles share one phrase)."""
    source, target = e.get("source") or {}, e.get("target")
    if source.get("start") is None or settled(target, actors):
        return
    words = doc.char_span(source["start"], source["end"], alignment_mode="expand")
    if words is None:
        return
    heads = [t for t in words if index[t.i] is not None and index[t.i].id == source.get("actor")]
    if not heads:
        return
    own = index[heads[0].i]
    for other in sorted({c for t in heads for c in t.conjuncts}, key=lambda t: t.i):
        actor = index[other.i]
        if actor is not None and actor.code and (own is None or actor.id != own.id):
            e["target"] = {
                "actor": actor.id,
                "text": source["text"],
                "code": actor.code,
                "start": source["start"],
                "end": source["end"],
            }
            return


def _widen(doc: Doc, filler: dict, trigger: Token, actors: dict[str, Actor], role: str) -> None:
    tok = token_at(doc, filler["start"], filler["end"])
    if tok is None:
        return
    actor = actors.get(filler.get("actor"))
    if actor is not None:
        tok = named_in_sentence(tok, actor)
    words = argument_phrase(tok, trigger, joint=role == "source")
    if words.start <= trigger.i < words.end:
        return  # a phrase around its own trigger is no argument
    filler.update(start=words.start_char, end=words.end_char, text=words.text)


def _choose_target(
    e: dict, trigger: Token, index: list, model: RoleModel, actors: dict[str, Actor]
) -> None:
    """Where the patterns found no settled target, the candidate the role model rates best.

    A settled target of the patterns stands: letting the model overrule coded targets
    costs 15 of the PETRARCH-2 unit tests and gains nothing on held-out cameo_ner."""
    target = e.get("target")
    if settled(target, actors, (e.get("source") or {}).get("code")):
        return
    source = e.get("source") or {}
    taken = (source.get("start"), source.get("end"))
    current = token_at(trigger.doc, target["start"], target["end"]) if target else None
    scored = [
        (model.prob(candidate_features(cand, phrase, trigger, current, index)), cand, phrase)
        for cand, phrase in target_candidates(trigger, taken)
    ]
    if not scored:
        return
    best_p, cand, phrase = max(scored, key=lambda x: x[0])
    if best_p <= model.threshold or (current is not None and cand.i == current.i):
        return
    actor = next((index[t.i] for t in phrase if index[t.i] is not None), None)
    e["target"] = {
        "actor": actor.id if actor is not None else None,
        "text": phrase.text,
        "code": actor.code if actor is not None else None,
        "start": phrase.start_char,
        "end": phrase.end_char,
    }
    e["pattern"] = f"{e.get('pattern') or ''}; target: role model ({best_p:.2f})".lstrip("; ")


# --- the role model: which phrase of a trigger's clause is its target --------------------


def target_candidates(trigger: Token, taken: tuple) -> list[tuple[Token, Span]]:
    """Noun phrases under the trigger (at most six arcs down), other than the source's:
    each with and without the prepositional phrases on its head."""
    out = []
    seen: set[tuple[int, int]] = set()
    for tok in trigger.subtree:
        if tok.pos_ not in NOUNS or tok.i == trigger.i or _arcs(tok, trigger) > MAX_ARCS:
            continue
        for preps in (True,):
            phrase = argument_phrase(tok, trigger, joint=False, preps=preps)
            key = (phrase.start, phrase.end)
            if key in seen or phrase.start <= trigger.i < phrase.end:
                continue
            if (phrase.start_char, phrase.end_char) == taken or phrase.root.i != tok.i:
                continue
            seen.add(key)
            out.append((tok, phrase))
    return out


def _arcs(tok: Token, top: Token) -> int:
    n = 0
    while tok.i != top.i and n < 9:
        tok = tok.head
        n += 1
    return n


def dep_path(tok: Token, trigger: Token) -> str:
    """The arcs from the trigger down to `tok`: "dobj", "prep:on>pobj", "dobj>prep:of>pobj"."""
    steps = []
    while tok.i != trigger.i and len(steps) < 6:
        steps.append(f"prep:{tok.lower_}" if tok.dep_ == "prep" else tok.dep_)
        tok = tok.head
    return ">".join(reversed(steps))


def candidate_features(
    cand: Token, phrase: Span, trigger: Token, current: Token | None, index: list
) -> list[str]:
    """Binary features of one target candidate (names `key=value`)."""
    actor = next((index[t.i] for t in phrase if index[t.i] is not None), None)
    path = dep_path(cand, trigger)
    first = path.split(">")[0]
    preps = [step[5:] for step in path.split(">") if step.startswith("prep:")]
    prep = preps[-1] if preps else "none"  # the preposition the candidate hangs from
    ents = {t.ent_type_ for t in phrase if t.ent_type_} or {"none"}
    feats = [
        f"path={path}",
        f"first={first}",
        f"depth={min(path.count('>') + 1, 4)}",
        f"pos={cand.pos_}",
        f"lemma={cand.lemma_.lower()}",
        f"trigger_pos={trigger.pos_}",
        f"after={cand.i > trigger.i}",
        f"coded={actor is not None and bool(actor.code)}",
        f"actor_kind={actor.kind if actor is not None else 'none'}",
        f"rule={current is not None and current.i == cand.i}",
        f"rule_none={current is None}",
        f"first_x_coded={first}|{actor is not None and bool(actor.code)}",
        f"len={min(len(phrase), 6)}",
        f"prep={prep}",
        f"trigger_x_prep={trigger.lemma_.lower()}|{prep}",
    ]
    feats += [f"ent={x}" for x in sorted(ents)]
    feats += [f"prep_x_ent={prep}|{x}" for x in sorted(ents)]
    return feats


@dataclass
class RoleModel:
    """A logistic model over binary features, stored as JSON (weights by feature name)."""

    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    about: dict[str, Any] = field(default_factory=dict)

    def prob(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }


@lru_cache(maxsize=1)
def load_role_model() -> RoleModel | None:
    """The committed role model, or None when it has not been trained."""
    path = resources.files("realpolitik").joinpath("data/events", MODEL_FILE)
    if not path.is_file():
        return None
    d = json.loads(path.read_text("utf-8"))
    return RoleModel(d["weights"], d["bias"], d["threshold"], about=d.get("about", {}))


class ArgumentRoles:
    """Sets the phrases of `doc._.events`' roles, better targets, `main_event`, and turns
    confident classifier suggestions into events (`events.suggested`)."""

    def __init__(self, model: RoleModel | None, suggestions: bool = True) -> None:
        self.model = model
        self.suggestions = suggestions

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.events or []
        actors = {a.id: a for a in doc._.actors or ()}
        pending = (doc._.event_suggestions or []) if self.suggestions else []
        if not events and not pending:
            return doc
        index = token_index(doc, actors.values())
        if pending:
            reference = getattr(doc._, "reference_date", None) or date.today()
            made = suggested_events(doc, pending, index, reference)
            for k, e in enumerate(made, len(events) + 1):
                e["id"] = f"e{k}"
            taken = {e["sentence"]["start"] for e in made}
            doc._.event_suggestions = [x for x in pending if x["sentence"]["start"] not in taken]
            events = doc._.events = [*events, *made]
        if events:
            refine_roles(doc, events, actors, self.model, index)
        return doc


@Language.factory(
    "realpolitik_roles",
    requires=["doc._.events", "doc._.event_suggestions", "doc._.actors", "token.dep", "token.pos"],
    assigns=["doc._.events", "doc._.event_suggestions"],
    default_config={"role_model": True, "suggested_events": True},
)
def make_argument_roles(
    nlp: Language, name: str, role_model: bool, suggested_events: bool
) -> ArgumentRoles:
    return ArgumentRoles(load_role_model() if role_model else None, suggested_events)


def mark_main_events(doc: Doc, events: list[dict]) -> None:
    """`main_event`: per sentence, the event whose trigger stands highest in the parse
    (nearest the root), with a target before without, then the first."""
    best: dict[int, tuple[tuple, int]] = {}
    for k, e in enumerate(events):
        e["main_event"] = False
        trigger = token_at(doc, e["trigger"]["start"], e["trigger"]["end"])
        if trigger is None:
            continue
        depth = sum(1 for _ in trigger.ancestors)
        key = (depth, e.get("target") is None, trigger.i)
        sent = e["sentence"]["start"]
        if sent not in best or key < best[sent][0]:
            best[sent] = (key, k)
    for _, k in best.values():
        events[k]["main_event"] = True
