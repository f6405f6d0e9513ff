"""The event component: who did what to whom, read off the dependency parse.

For each sentence, in one pass over its tokens:

1. Triggers: a verb (or an event noun: "strike", "summit", "resignation") whose lemma has
   patterns in the verb dictionary (`patterns.py`, compiled once per process). The most
   specific pattern whose constraints hold on the parse (object words, prepositional phrases,
   preceding words) gives the CAMEO code; a `[---]` pattern or no code means no event.
2. Arguments: the subject (or the "by" agent of a passive) is the source; the direct object,
   passive subject or the pattern's prepositional object is the target. Subjects are inherited
   through xcomp chains ("agreed to lift" -> the subject of "agreed"), conjoined verbs and
   relative clauses; conjoined arguments ("X and Y agreed") give one event per pair. An argument
   is an actor if a token of its phrase (nearest the head first) lies in one of
   `doc._.actors`' mentions, looked up in a token -> actor index built once per document.
3. Only events with a source actor and a coded source or target are kept, never an actor
   acting on itself; a verb coded by its bare default (no pattern constraint met) needs a
   target actor too ("The technocrats argue" is no event).
4. Each event gets its factuality (`factuality.py`), date (`dates.py`), place (a GPE/LOC/FAC
   after "in"/"at" in its clause, with the country the actor knowledge base gives it), CAMEO ->
   PLOVER/quad class/Goldstein (`cameo.py`), and, where the learned classifier confidently
   disagrees with the pattern's class, its opinion (`model`).

Sentences with two coded actors where no pattern fires go to the classifier too; its
confident non-neutral verdicts are kept in `doc._.event_suggestions` (not events: they have no
trigger that a dictionary vouches for).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Actor
from .cameo import cameo_info
from .dates import clause_of, event_date
from .factuality import FUTURE, factuality
from .patterns import CompiledPatterns, VerbPattern, load_patterns

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("event_suggestions"):
    Doc.set_extension("event_suggestions", default=None)

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
INTENT_CODE = "030"
# Prepositions whose object is a target when the pattern's own slot holds no actor.
TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "at", "into")
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "outside"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
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
    ones; `actor_files`/`actor_defaults`: the actor knowledge base whose places locate events
    (the same as the actor component's, so it is loaded once)."""
    patterns = load_patterns(tuple(str(p) for p in verb_files), verb_defaults)
    kb_key = (tuple(str(p) for p in actor_files), actor_defaults)
    return EventCoder(patterns, second_opinion, kb_key)


@dataclass
class Participant:
    actor: Actor | None
    token: Token  # the argument's head

    def to_dict(self) -> dict[str, Any]:
        if self.actor is None:
            return {"actor": None, "text": _phrase(self.token), "code": None}
        return {"actor": self.actor.id, "text": self.mention_text(), "code": self.actor.code}

    def mention_text(self) -> str:
        """The text of the actor's mention the argument points at (else its phrase)."""
        head = self.token
        for m in self.actor.mentions:
            if m.start <= head.idx < m.end:
                return m.text
        at = {t.i for t in head.subtree}
        for m in self.actor.mentions:
            span = head.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.start in at:
                return m.text
        return _phrase(head)


class EventCoder:
    """Sets `doc._.events` (event dicts, the document JSON's `events`) from the parse."""

    def __init__(
        self,
        patterns: CompiledPatterns,
        second_opinion: bool = True,
        kb_key: tuple[tuple[str, ...], bool] = ((), True),
    ) -> None:
        self.patterns = patterns
        self.kb_key = kb_key
        self.second_opinion = second_opinion
        self._classifier = None
        self._kb = None
        self._ents: list[Span] = []

    def __call__(self, doc: Doc) -> Doc:
        reference = getattr(doc._, "reference_date", None) or date.today()
        actors = list(getattr(doc._, "actors", None) or [])
        index = _token_index(doc, actors)
        self._ents = list(doc.ents)  # Doc.ents builds new spans on every access
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
            if not candidates:
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
        # "seeks to influence Trump", "agreed to lift sanctions": the inner verb is the event
        # (with the outer subject); the outer verb only frames it (see factuality).
        inner_heads = {t.head.i for t, _, _ in found if t.dep_ == "xcomp"}
        verbs = {t.i for t, _, _ in found if t.pos_ == "VERB"}
        out: list[dict] = []
        for tok, pattern, events in found:
            if tok.i in inner_heads and not pattern.specificity:
                continue
            if tok.pos_ == "NOUN" and _governing_verb(tok).i in verbs:
                continue  # "imposed sanctions": the verb's event already says it
            outer = matched.get(tok.head.i) if tok.dep_ == "xcomp" else None
            if outer is not None and tok.head.lemma_.lower() in INTENT_VERBS:
                # "agreed to lift sanctions on Y": CAMEO codes the promise (the outer verb)
                # with the inner verb's actors
                if not outer.specificity and not outer.code.startswith("03"):
                    # a bare "agreed to": CAMEO's express intent to cooperate (030)
                    outer = replace(outer, code=INTENT_CODE)
                events = [self._recode(e, outer, tok.head) for e in events]
            out += events
        return out

    def _match(
        self, tok: Token, candidates: list[tuple[frozenset[str], VerbPattern]], sent_start: int
    ) -> VerbPattern | None:
        if len(candidates) == 1 and not candidates[0][0] and not candidates[0][1].specificity:
            p = candidates[0][1]
            return p if p.code is None or _cameo(p.code) else None
        obj_words = _object_words(tok)
        prep_words = _prep_words(tok)
        start = max(sent_start, tok.i - BEFORE_WINDOW)
        before = _words(tok.doc[start : tok.i])
        near = obj_words | before | set(prep_words)
        for words in prep_words.values():
            near |= words
        has = self.patterns.has_word
        for literals, p in candidates:  # most specific first
            if not literals <= near:
                continue
            if p.code is not None and not _cameo(p.code):
                continue  # "+++", "xxy": not a CAMEO code, never an event
            if p.object and not all(has(w, obj_words) for w in p.object):
                continue
            if p.preps and not all(
                prep in prep_words and all(has(w, prep_words[prep]) for w in words)
                for prep, words in p.preps
            ):
                continue
            if p.before and not all(has(w, before) for w in p.before):
                continue
            if not self._in_order(tok, p, sent_start):
                continue
            return p
        return None

    def _in_order(self, tok: Token, p: VerbPattern, sent_start: int) -> bool:
        """The pattern's words as phrases, in order: the object words after the trigger,
        each preposition's words in its phrase, the preceding words before it."""
        in_order = self.patterns.in_order
        if len(p.object) > 1 and not in_order(p.object, _seq(_object_tokens(tok))):
            return False
        for prep, words in p.preps:
            if len(words) > 1 and not any(
                in_order(words, _seq(t for t in k.subtree if t.i != k.i))
                for k in _prep_heads(tok, prep)
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
        if pattern.reverse:
            sources, targets = targets, sources
        if tok.pos_ == "NOUN" and len(sources) > 1 and not targets:
            # "a summit between X and Y", "the Trump-Putin summit": the first meets the rest
            sources, targets = sources[:1], sources[1:]
        sources = [s for s in sources if s.actor is not None] or sources[:1]
        targets = [t for t in targets if t.actor is not None] or targets[:1]
        if not targets and pattern.target == "object" and _joint(sources):
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
                out.append(self._event(tok, pattern, s, t, sent, reference))
                if pattern.paired and _coded(t):
                    # [032:033]: "X visited Y" is also Y hosting X
                    out.append(self._event(tok, pattern, t, s, sent, reference, pattern.paired))
        return out

    def _slot(self, tok: Token, where: str, role: str, index) -> list[Participant]:
        if where == "none":
            return []
        heads: list[Token] = []
        if where == "subject":
            heads = _subjects(tok) if tok.pos_ == "VERB" else _noun_sources(tok, index)
        elif where == "object":
            heads = _objects(tok)
        elif where.startswith("prep:"):
            heads = _prep_objects(tok, where[5:])
            if not heads and role == "target":
                heads = _objects(tok)
        found = _participants(heads, index)
        if role == "target" and not any(p.actor for p in found):
            # no actor where the pattern says: a prepositional target ("impose on Russia"),
            # or the subject of a complement clause ("welcomed Trump's overtures to reopen")
            for prep in TARGET_PREPS:
                more = _participants(_prep_objects(tok, prep), index)
                if any(p.actor for p in more):
                    return more
            for k in tok.children:  # then the verb's other phrases, nearest first
                if k.dep_ == "prep" and k.lower_ not in TARGET_PREPS and k.i > tok.i:
                    more = _participants(_prep_objects(tok, k.lower_), index)
                    if any(p.actor for p in more):
                        return more
            if tok.pos_ == "VERB" and tok.lemma_.lower() not in REPORTING_VERBS:
                for k in tok.children:
                    if k.dep_ == "ccomp":
                        more = _participants(
                            [g for g in k.children if g.dep_ == "nsubj"][:1], index
                        )
                        if any(p.actor for p in more):
                            return more
        return found

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
            "pattern": pattern.origin,
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
            if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                country = self._country_of(name)
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
        bare_verb_sentences = {e["sentence"]["start"] for e in events if e["bare"]}
        from .classifier import LABELS, EventTypeClassifier

        if self._classifier is None:
            self._classifier = EventTypeClassifier.load()
        # a bare verb's default code is the one worth a second look
        coded_sentences = [s for s in coded_sentences if s.start_char in bare_verb_sentences][
            :MAX_CHECKED_SENTENCES
        ]
        spans = coded_sentences + uncoded
        predictions = self._classifier.predict(spans)
        by_start = {s.start_char: p for s, p in zip(spans, predictions, strict=True)}
        for e in events:
            p = by_start.get(e["sentence"]["start"])
            info = cameo_info(e["cameo"]) if e["cameo"] and e["cameo"].isdigit() else None
            if p is None or info is None:
                continue
            if p.probability >= MODEL_MIN_PROBABILITY and LABELS.index(p.label) != info.penta_class:
                e["model"] = {"label": p.label, "probability": round(p.probability, 3)}
        for s, p in zip(uncoded, predictions[len(coded_sentences) :], strict=True):
            if p.label != "neutral" and p.probability >= SUGGESTION_MIN_PROBABILITY:
                doc._.event_suggestions.append(
                    {
                        "sentence": {"start": s.start_char, "end": s.end_char},
                        "model": {"label": p.label, "probability": round(p.probability, 3)},
                    }
                )


# --- the parse ------------------------------------------------------------------------------


def _token_index(doc: Doc, actors: list[Actor]) -> list[Actor | None]:
    """Token i -> the actor one of whose mentions covers it (built once per document)."""
    index: list[Actor | None] = [None] * len(doc)
    for actor in actors:
        for m in actor.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                if index[i] is None:
                    index[i] = actor
    return index


def _words(tokens) -> set[str]:
    out = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


def _object_words(tok: Token) -> set[str]:
    words: set[str] = set()
    for k in tok.children:
        if k.dep_ in OBJECT_DEPS:
            words |= _words(k.subtree)
    if tok.pos_ == "NOUN":
        words |= _words(t for t in tok.lefts)
    return words


def _seq(tokens) -> list[tuple[str, str]]:
    return [(t.lower_, t.lemma_.lower()) for t in sorted(tokens, key=lambda t: t.i)]


def _object_tokens(tok: Token) -> list[Token]:
    out = [t for k in tok.children if k.dep_ in OBJECT_DEPS for t in k.subtree]
    if tok.pos_ == "NOUN":
        out += list(tok.lefts)
    return out


def _prep_heads(tok: Token, prep: str) -> list[Token]:
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass", "attr")]
    return [
        k
        for h in heads
        for k in h.children
        if k.dep_ in ("prep", "agent", "dative") and k.lower_ == prep
    ]


def _prep_words(tok: Token) -> dict[str, set[str]]:
    """Preposition -> words of its phrase, for phrases on the trigger or on its object."""
    out: dict[str, set[str]] = {}
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass", "attr")]
    for h in heads:
        for k in h.children:
            if k.dep_ in ("prep", "agent", "dative"):
                out.setdefault(k.lower_, set()).update(_words(t for t in k.subtree if t.i != k.i))
            elif k.dep_ == "prt":
                out.setdefault(k.lower_, set())
    return out


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i)]


def _subjects(verb: Token) -> list[Token]:
    """The verb's logical subjects: nsubj, the agent of a passive, or inherited from the verb
    it complements (xcomp), the verb it is conjoined with, or the noun a relative clause
    modifies."""
    tok = verb
    for level in range(4):
        for k in tok.children:
            if k.dep_ in SUBJECT_DEPS or (level and k.dep_ == "nsubjpass"):
                if k.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return [tok.head]  # "Iran, which attacked Israel"
                return _conjuncts(k)
            if k.dep_ == "agent":
                objs = [g for g in k.children if g.dep_ == "pobj"]
                if objs:
                    return _conjuncts(objs[0])
        bare_participle = tok.tag_ == "VBN" and not any(
            k.dep_ in ("aux", "auxpass") for k in tok.children
        )
        if tok.dep_ == "advcl" and bare_participle:
            break
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
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass")]
    for h in heads:
        for k in h.children:
            if k.dep_ in ("prep", "agent", "dative") and k.lower_ == prep:
                objs = [g for g in k.children if g.dep_ == "pobj"]
                if objs:
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


def _participants(heads: list[Token], index) -> list[Participant]:
    return [Participant(_actor_near(h, index), h) for h in heads]


def _actor_near(head: Token, index, max_depth: int = 5) -> Actor | None:
    """The actor nearest the head of an argument phrase (breadth first, not into clauses or
    conjuncts, which are arguments of their own)."""
    frontier = [head]
    for _ in range(max_depth + 1):
        nxt = []
        for t in frontier:
            if index[t.i] is not None:
                return index[t.i]
            nxt += [
                k
                for k in t.children
                if k.dep_ not in ("conj", "cc", "relcl", "acl", "advcl", "ccomp", "punct")
            ]
        frontier = nxt
        if not frontier:
            break
    return None


def _cameo(code: str) -> bool:
    """A CAMEO-form event code, digits ("023", "1124"), not "+++", "xxy" or "---" (test
    dictionaries use digit codes outside the CAMEO table, so the table is not asked)."""
    return code.isdigit()


def _own_subject(source: Participant, verb: Token) -> bool:
    """The source is the verb's own subject (not inherited, not a passive's agent) and the
    verb frames no complement verb ("proposed to take up" is the inner verb's business)."""
    return (
        source.token.dep_ == "nsubj"
        and source.token.head.i == verb.i
        and not any(k.dep_ == "xcomp" for k in verb.children)
    )


def _joint(sources: list[Participant]) -> bool:
    """Two or more distinct actors as a joint subject."""
    return len({id(s.actor) for s in sources if s.actor is not None}) >= 2


def _coded(p: Participant | None) -> bool:
    return p is not None and p.actor is not None and bool(p.actor.code)


def _two_coded_actors(sent: Span, index) -> bool:
    seen = {id(a) for a in index[sent.start : sent.end] if a is not None and a.code}
    return len(seen) >= 2 and any(t.pos_ == "VERB" for t in sent)


def _phrase(head: Token) -> str:
    """The argument's noun phrase, without clauses hanging off it."""
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
    doc = head.doc
    return doc[toks[0].i : toks[-1].i + 1].text
