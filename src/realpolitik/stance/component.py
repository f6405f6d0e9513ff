"""The stance component: who favours or opposes what, and the opportunity/risk signals.

Reads what earlier stages set (`doc._.actors`, `doc._.quotes`) and the dependency parse;
sets two lists of plain dicts:

- `doc._.stances`: the dicts of `Stance` records (`records.py`): {actor, code, name, members,
  issue, issue_label, stance, cue, target, evidence}
  - the holder is the subject of a stance cue ("the technocrats argue for ..."), the noun
  a cue modifies ("the technocrats, weary of ..."), or the speaker of a quote; the issue is
  the nearest issue term the cue governs (data/stance/issues.yaml); the stance is the cue's
  own polarity (welcome, oppose), or for speech cues (contend, note) the polarity of the
  words around the issue in what is said ("any peace agreement now would signify defeat");
  negation flips it, and a term that undoes its issue ("sanction relief") flips it too.
- `doc._.signals`: sentences with opportunity or risk language (data/stance/cues.yaml):
  {kind, score, cues, actors, hedged, concessive, speaker, sentence}. The focal actor is
  chosen later (`realpolitik.stance.assess`), so signals are kept for every sentence.

Only sentences that contain a cue are looked at; matching is a dict lookup per token.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.index import actor_mentions, token_index
from ..quotes.records import Quote
from ..records import Span as TextSpan
from .lexicon import Hit, Lexicon, Term, load_lexicon, token_forms, user_files
from .records import Member, Stance, polarity_name

for _ext in ("stances", "signals"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

# Dependencies a cue climbs through to find the clause whose subject holds the stance.
_CLIMB = frozenset("xcomp advcl conj dobj pobj prep acomp attr oprd pcomp".split())
# A cue that modifies a noun: the noun holds the stance ("the technocrats, weary of war").
_MODIFIER = frozenset("amod acl appos relcl".split())
_SUBJECTS = frozenset(("nsubj", "csubj"))
_CLAUSES = frozenset("advcl ccomp relcl conj acl xcomp parataxis".split())


@Language.factory(
    "realpolitik_stance",
    assigns=["doc._.stances", "doc._.signals"],
    requires=["doc._.actors", "doc._.quotes", "token.dep", "token.lemma"],
    default_config={"stance_files": []},
)
def make_stance_component(nlp: Language, name: str, stance_files: list[str]) -> StanceComponent:
    return StanceComponent(load_lexicon(user_files(stance_files)))


class StanceComponent:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        forms = token_forms(doc)
        cues = self.lex.stance_cues.find(doc, forms)
        signals_hits = self.lex.assessment.find(doc, forms)
        if not cues and not signals_hits and not doc._.quotes and not doc._.events:
            doc._.stances, doc._.signals = [], []
            return doc
        text = doc.text  # rebuilt on every access: read once
        actor_at = token_index(doc)
        issues = self.lex.issue_terms.find(doc, forms)
        evaluation = {h.start: h for h in self.lex.evaluation.find(doc, forms)}
        found = Stances(self.lex, doc, text, actor_at, issues, evaluation)
        for cue in cues:
            found.from_cue(cue)
        for i, form in enumerate(forms):
            if form[0] in ("pro", "anti") and i + 2 < len(doc) and doc[i + 1].text == "-":
                found.from_affix(i)
        for event in doc._.events or ():
            found.from_event(event)
        for quote in doc._.quotes or ():
            found.from_quote(Quote.from_dict(quote))
        doc._.stances = [s.to_dict() for s in found.records()]
        doc._.signals = _signals(self.lex, doc, text, signals_hits, actor_at, forms, cues)
        return doc


class Stances:
    """Collects the stances of one document, one per (holder, issue, sentence)."""

    def __init__(
        self,
        lex: Lexicon,
        doc: Doc,
        text: str,
        actor_at: list[Any],
        issues: list[Hit],
        evaluation: dict[int, Hit],
    ) -> None:
        self.lex, self.doc, self.text, self.actor_at = lex, doc, text, actor_at
        self.issues, self.evaluation = issues, evaluation
        self.issue_at = {i: h for h in issues for i in range(h.start, h.end)}
        self.found: dict[tuple[str, str, int], Stance] = {}
        self.said: set[tuple[str, int]] = set()  # (actor, sentence start) of each found key
        # the issues by start, to find those inside a quote by bisection
        self.issues_by_start = sorted(range(len(issues)), key=lambda k: issues[k].start)
        self.issue_starts = [issues[k].start for k in self.issues_by_start]

    # --- from a cue word -----------------------------------------------------------

    def from_cue(self, cue: Hit) -> None:
        tok = self.doc[cue.start]
        holder_tok, clause = _holder(tok)
        if holder_tok is None:
            return
        actor, members = self._actor_in(holder_tok, skip=tok)
        if actor is None and holder_tok.pos_ != "PRON" and clause.dep_ in ("ccomp", "advcl"):
            # "X welcomed Y's overtures to reopen ..., hoping for ...": the small model often
            # hangs the participle on the inner clause; its subject is then the outer one's.
            holder_tok, clause = _holder(clause.head)
            if holder_tok is None:
                return
            actor, members = self._actor_in(holder_tok)
        if actor is None:
            return
        # The holder phrase, less the cue's own phrase when the cue modifies the holder.
        hold = {t.i for t in holder_tok.subtree} - {t.i for t in tok.subtree}
        issue = self._issue_near(tok, clause, hold)
        if issue is None:
            issue = self._foreign_target(tok, actor, cue)
            if issue is None:
                return
        if cue.term.kind == "speech":
            if self.doc[issue.start].dep_ == "dobj" and self.doc[issue.start].head.i == tok.i:
                polarity = 1  # "suggested retaliation", "proposed sanctions"
            else:
                polarity = self._evaluate(self.doc[issue.start])
            if polarity == 0:
                return
        elif cue.term.kind == "neutral":
            self._add(actor, members, issue, 0, tok.sent, cue_span=(cue.start, cue.end))
            return
        else:
            polarity = 1 if cue.term.kind == "favor" else -1
        if (
            _negated(tok)
            or (tok.i != clause.i and _negated(clause))
            or (tok.dep_ in ("xcomp", "pcomp") and tok.head.lemma_ in _NEGATING_GOVERNORS)
        ):
            polarity = -polarity
        polarity *= issue.term.polarity
        self._add(actor, members, issue, polarity, tok.sent, cue_span=(cue.start, cue.end))

    def _foreign_target(self, tok: Token, holder: Any, cue: Hit) -> Hit | None:
        """Praise or condemnation of another country's actor, with no issue named, is a
        stance on relations with it ("Trump openly admires Putin")."""
        if cue.term.kind == "speech" or not holder.code:
            return None
        for a in _directed_at(tok, self.actor_at):
            if a.code and a.code[:3] != holder.code[:3] and len(a.code) >= 3:
                # its first mention in the cue's sentence
                words = actor_mentions(self.doc, a).first_in_sentence(self.doc, tok.sent.start)
                if words is not None:
                    return Hit(*words, Term(("",), "bilateral_relations"))
        return None

    def _actor_in(self, head: Token, skip: Token | None = None) -> tuple[Any, list[Any]]:
        """The actor a holder phrase names, and the others it lists ("such as those on X").

        A possessor is not the holder: in "Trump's overtures ... hoping for" Trump does
        not hope, so the phrase has no actor."""
        actor = self.actor_at[head.i]
        members: list[Any] = []
        stack = [c for c in head.children if c.dep_ != "poss" and (skip is None or c.i != skip.i)]
        while stack:
            t = stack.pop()
            a = self.actor_at[t.i]
            if a is not None:
                if actor is None:
                    actor = a
                elif a.id != actor.id and a not in members:
                    members.append(a)
            stack.extend(
                c for c in t.children if c.dep_ != "poss" and (skip is None or c.i != skip.i)
            )
        return actor, members

    def _issue_near(self, cue: Token, clause: Token, hold: set[int]) -> Hit | None:
        """The issue term the cue governs: in its own subtree first, then in its clause's."""
        for scope in (cue, clause):
            hits = {}
            for t in scope.subtree:
                h = self.issue_at.get(t.i)
                if h is not None and t.i not in hold:
                    if scope.i != cue.i and _in_concession(t, scope, self.lex):
                        continue  # "despite X", "while X": not what the holder argues
                    hits[h.start] = h
            if hits:
                ranked = sorted(
                    hits.values(),
                    key=lambda h: (
                        _in_concession(self.doc[h.start], scope, self.lex),
                        h.start < cue.i,
                        abs(h.start - cue.i),
                    ),
                )
                return ranked[0]
        return None

    def _evaluate(self, tok: Token) -> int:
        """+1 / -1 / 0: do the words of the issue's own clause speak well or ill of it?"""
        clause = tok
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        score, negated = 0.0, False
        own = self.issue_at.get(tok.i)
        skip = range(own.start, own.end) if own is not None else range(tok.i, tok.i + 1)
        for t in _clause_tokens(clause, keep=tok):
            h = self.evaluation.get(t.i)
            if h is not None and t.i not in skip:
                score += h.term.weight if h.term.kind == "positive" else -h.term.weight
            if t.dep_ == "neg" or t.lower_ in self.lex.negation:
                negated = not negated if t.head.i == clause.i else negated
        if negated:
            score = -score
        return (score > 0) - (score < 0)

    # --- from "pro-Russian", "anti-NATO" ----------------------------------------------

    def from_affix(self, i: int) -> None:
        doc, target = self.doc, self.doc[i + 2]
        issue = self.issue_at.get(target.i)
        if issue is None:
            actor = self.actor_at[target.i]
            if actor is None or not actor.code or len(actor.code) != 3:
                return  # "pro-Russian": a state; "pro-business": not an issue we know
            issue = Hit(target.i, target.i + 1, Term(("",), "bilateral_relations"))
        noun = target.head
        while noun.pos_ not in ("NOUN", "PROPN") and noun.head.i != noun.i:
            noun = noun.head
        holder = next((c for c in noun.children if c.dep_ == "poss"), None)
        actor = self.actor_at[holder.i] if holder is not None else self.actor_at[noun.i]
        if actor is None:
            return
        polarity = (1 if doc[i].lower_ == "pro" else -1) * issue.term.polarity
        self._add(actor, [], issue, polarity, doc[i].sent, cue_span=(i, i + 3))

    # --- from a coded event ---------------------------------------------------------

    def from_event(self, event: dict[str, Any]) -> None:
        cameo = event.get("cameo") or ""
        rule = next(
            (
                self.lex.events[cameo[:k]]
                for k in range(len(cameo), 1, -1)
                if cameo[:k] in self.lex.events
            ),
            None,
        )
        src = (event.get("source") or {}).get("actor")
        if rule is None or not src:
            return
        actor = next((a for a in self.doc._.actors or () if a.id == src), None)
        trig = self.doc.char_span(
            event["trigger"]["start"], event["trigger"]["end"], alignment_mode="expand"
        )
        if actor is None or trig is None or rule[0] not in self.lex.issues:
            return
        polarity = 1 if rule[1] == "favor" else -1
        if event.get("factuality") == "negated":
            polarity = -polarity
        issue = Hit(trig.start, trig.end, Term(("",), rule[0]))
        self._add(actor, [], issue, polarity, trig.sent, cue_span=(trig.start, trig.end))

    # --- from a quote ------------------------------------------------------------

    def from_quote(self, quote: Quote) -> None:
        speaker = quote.speaker
        if speaker is None or not speaker.actor:
            return
        actor = next((a for a in self.doc._.actors or () if a.id == speaker.actor), None)
        content = quote.content
        span = self.doc.char_span(content.start, content.end, alignment_mode="expand")
        if actor is None or span is None:
            return
        lo = bisect_left(self.issue_starts, span.start)
        hi = bisect_left(self.issue_starts, span.end)
        inside = [self.issues[k] for k in sorted(self.issues_by_start[lo:hi])]
        sents = [self.doc[issue.start].sent for issue in inside]
        # what a cue already gave wins (what it gave before this quote)
        said = {s.start for s in sents if (actor.id, s.start) in self.said}
        for issue, sent in zip(inside, sents, strict=True):
            if sent.start in said:
                continue
            polarity = self._evaluate(self.doc[issue.start]) * issue.term.polarity
            if polarity:
                self._add(actor, [], issue, polarity, sent, None)

    # --- records ----------------------------------------------------------------

    def _add(
        self,
        actor: Any,
        members: list[Any],
        issue: Hit,
        polarity: int,
        sent: Span,
        cue_span: tuple[int, int] | None,
    ) -> None:
        key = (actor.id, issue.term.kind, sent.start)
        if key in self.found:
            return
        cue = None
        if cue_span is not None:
            c = self.doc[cue_span[0] : cue_span[1]]
            cue = self._text_span(c.start_char, c.end_char)
        it = self.doc[issue.start : issue.end]
        self.said.add((actor.id, sent.start))
        self.found[key] = Stance(
            actor=actor.id,
            code=actor.code,
            name=actor.name,
            members=tuple(Member.of(m) for m in members),
            issue=issue.term.kind,
            issue_label=self.lex.issues[issue.term.kind].label,
            stance=polarity_name(polarity),
            cue=cue,
            target=self._text_span(it.start_char, it.end_char),
            evidence=self._text_span(sent.start_char, sent.end_char),
        )

    def _text_span(self, start: int, end: int) -> TextSpan:
        return TextSpan(start, end, self.text[start:end])

    def records(self) -> list[Stance]:
        return sorted(self.found.values(), key=lambda s: (s.evidence.start, s.actor))


def _holder(cue: Token) -> tuple[Token | None, Token]:
    """The subject holding the stance a cue expresses, and the clause head it was found at."""
    t = cue
    for _ in range(5):
        for child in t.children:
            if child.dep_ in _SUBJECTS:
                return child, t
        if t.dep_ in _MODIFIER and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return t.head, t
        if t.dep_ not in _CLIMB or t.head.i == t.i:
            break
        t = t.head
    return None, cue


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _in_concession(tok: Token, scope: Token, lex: Lexicon) -> bool:
    """Is `tok` inside a concessive part ("while damage has been done", "despite X") of scope?"""
    t = tok
    while t.i != scope.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ in lex.concessive:
            return True
        if t.dep_ == "advcl" and any(
            c.lower_ in lex.concessive for c in t.children if c.dep_ == "mark"
        ):
            return True
        t = t.head
    return False


def _clause_tokens(clause: Token, keep: Token) -> Iterable[Token]:
    """The tokens of a clause without its nested clauses (except the one holding `keep`)."""
    keep_path = {a.i for a in keep.ancestors} | {keep.i}
    stack = [clause]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            if c.dep_ in _CLAUSES and c.pos_ in ("VERB", "AUX") and c.i not in keep_path:
                continue
            stack.append(c)


# --- signals: opportunity and risk language --------------------------------------------


_TARGET_PREPS = frozenset("against on at toward towards with over upon".split())


# Verbs that negate the verb they govern: "declined to threaten", "failed to improve".
_NEGATING_GOVERNORS = frozenset("decline refuse fail avoid neglect".split())


def _negated_cue(tok: Token, lex: Lexicon) -> bool:
    """Is the cue negated: "hardly improved", "did not welcome", "no gains", "declined to
    threaten"?"""
    if tok.dep_ in ("xcomp", "pcomp") and tok.head.lemma_ in _NEGATING_GOVERNORS:
        return True
    for t in (tok, tok.head):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in lex.negation):
                return True
        if t.dep_ not in ("amod", "dobj", "xcomp", "acomp", "attr"):
            break
    return False


def _directed_at(tok: Token, actor_at: list[Any]) -> list[Any]:
    """The actors a cue is aimed at: its object ("condemned North Korea"), or the object
    of a preposition after it ("retaliate against Russia", "sanctions on Iran")."""
    out: list[Any] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in _TARGET_PREPS):
            heads = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            for h in heads:
                for t in (h, *(g for g in h.children if g.dep_ in ("poss", "compound", "conj"))):
                    a = actor_at[t.i]
                    if a is not None and a not in out:
                        out.append(a)
    return out


def _speakers(doc: Doc, sents: Iterable[Span]) -> dict[int, Any]:
    """The speaker of the first quote (that has one) whose content overlaps each sentence,
    by the sentence's start; sentences are found by bisection, not read for each quote."""
    marked = sorted(sents, key=lambda s: s.start_char)
    ends = [s.end_char for s in marked]
    speaker_of: dict[int, Any] = {}
    for q in doc._.quotes or ():
        if not q.get("content") or not q.get("speaker"):
            continue
        qs, qe = q["content"]["start"], q["content"]["end"]
        k = bisect_right(ends, qs)
        while k < len(marked) and marked[k].start_char < qe:
            speaker_of.setdefault(marked[k].start, q["speaker"])
            k += 1
    return speaker_of


def _signals(
    lex: Lexicon,
    doc: Doc,
    text: str,
    hits: list[Hit],
    actor_at: list[Any],
    forms: list[tuple[str, ...]],
    stance_cues: list[Hit] = (),
) -> list[dict[str, Any]]:
    """Opportunity/risk language per sentence, and evaluations aimed at an actor.

    A negated cue counts for the other side ("the meeting hardly improved relations" is a
    risk); a cue in a concession counts for less. A stance cue aimed at an actor
    ("condemned North Korea", "praised Russia") is kept as `directed`: {actor, polarity},
    which the assessment reads as a risk or an opportunity for that actor."""
    by_sent: dict[int, list[Hit]] = {}
    sent_of: dict[int, Span] = {}
    for h in list(hits) + [c for c in stance_cues if c.term.kind in ("favor", "against")]:
        s = doc[h.start].sent
        by_sent.setdefault(s.start, []).append(h)
        sent_of[s.start] = s
    for i, form in enumerate(forms):
        if form[0] in ("pro", "anti") and i + 2 < len(doc) and doc[i + 1].text == "-":
            s = doc[i].sent
            by_sent.setdefault(s.start, [])
            sent_of[s.start] = s
    speaker_of = _speakers(doc, sent_of.values())
    out = []
    for start, sent_hits in sorted(by_sent.items()):
        sent = sent_of[start]
        cues, directed = [], []
        kinds = {"opportunity": 0.0, "risk": 0.0}
        for h in sent_hits:
            tok = doc[h.start]
            negated = _negated_cue(tok, lex)
            if h.term.kind in ("favor", "against"):
                polarity = (1 if h.term.kind == "favor" else -1) * (-1 if negated else 1)
                for a in _directed_at(tok, actor_at):
                    directed.append(
                        {
                            "actor": a.id,
                            "code": a.code,
                            "polarity": polarity,
                            "cue": h.term.text,
                            "start": tok.idx,
                        }
                    )
                continue
            conceded = _conceded(tok, sent, lex)
            weight = h.term.weight * (0.3 if conceded else 1.0)
            kind = h.term.kind
            if negated:
                kind = "risk" if kind == "opportunity" else "opportunity"
                weight *= 0.8
            kinds[kind] += weight
            cues.append(
                {
                    "term": h.term.text,
                    "kind": kind,
                    "weight": round(weight, 3),
                    "start": tok.idx,
                    "end": doc[h.end - 1].idx + len(doc[h.end - 1]),
                    "conceded": conceded,
                    "negated": negated,
                }
            )
        for i in range(sent.start, sent.end - 2):  # "pro-Moscow advisers", "anti-Russian"
            if forms[i][0] in ("pro", "anti") and doc[i + 1].text == "-":
                a = actor_at[i + 2]
                if a is not None:
                    directed.append(
                        {
                            "actor": a.id,
                            "code": a.code,
                            "start": doc[i].idx,
                            "polarity": 1 if forms[i][0] == "pro" else -1,
                            "cue": f"{forms[i][0]}-",
                        }
                    )
        if not cues and not directed:
            continue
        kind = max(kinds, key=kinds.get)
        actors = []
        for i in range(sent.start, sent.end):
            a = actor_at[i]
            if a is not None and a.id not in actors:
                actors.append(a.id)
        hedged = any(forms[i][0] in lex.hedges for i in range(sent.start, sent.end))
        speaker = speaker_of.get(start)
        out.append(
            {
                "kind": kind,
                "score": round(kinds[kind] - 0.5 * min(kinds.values()), 3),
                "opportunity": round(kinds["opportunity"], 3),
                "risk": round(kinds["risk"], 3),
                "cues": cues,
                "directed": directed,
                "actors": actors,
                "hedged": hedged,
                "speaker": speaker,
                "sentence": {
                    "start": sent.start_char,
                    "end": sent.end_char,
                    "text": text[sent.start_char : sent.end_char],
                },
            }
        )
    return out


def _conceded(tok: Token, sent: Span, lex: Lexicon) -> bool:
    """A cue inside a "despite ..." / "while ..." part of its sentence counts for less."""
    t = tok
    while t.head.i != t.i:
        if t.lower_ in lex.concessive and t.dep_ in ("mark", "prep"):
            return True
        if any(
            c.lower_ in lex.concessive and c.dep_ in ("mark", "prep")
            for c in t.children
            if c.i < tok.i
        ) and t.dep_ in ("advcl", "pobj", "prep"):
            return True
        t = t.head
    return t.i != tok.i and any(
        c.lower_ in lex.concessive and c.dep_ == "prep" and tok.i in {x.i for x in c.subtree}
        for c in t.children
    )
