"""The event component: who did what to whom, read off the dependency parse.

For each sentence with a coded actor, in one pass:

1. `triggers`: the verbs and event nouns a verb pattern codes, and the pattern for each.
2. `arguments`: each trigger's source and target, as the pattern's slots say; only pairs
   with a source actor and a coded party make events.
3. `triggers.carriers`: of the sentence's triggers, those that carry an event of their own;
   `framing`: a promised, threatened, refused, asked-for or only stated act coded as CAMEO
   codes the statement.
4. Each event gets its factuality (`factuality.py`), date (`dates.py`), place (`places.py`),
   CAMEO -> PLOVER/quad class/Goldstein (`cameo.py`), and where the learned classifier
   confidently disagrees with a bare verb's code, its opinion (`second_opinion.py`).

What one document's coding shares (the token -> actor index, ...) is a `state.DocState`.
An attack with no named perpetrator is registered with the actor stage as an unnamed actor
(`attackers.py`), hence `doc._.actors` among what this component assigns.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors.index import token_index
from ..records import Actor
from ..records import Span as TextSpan
from .arguments import event_roles
from .dates import event_date
from .factuality import FUTURE, factuality
from .framing import BLOCKADE_CODE, blockade, fold_requests, frame
from .patterns import CompiledPatterns, VerbPattern, load_patterns
from .places import location
from .records import Event, Participant
from .second_opinion import MAX_SUGGESTION_SENTENCES, SecondOpinion
from .state import DocState, Knowledge
from .triggers import Trigger, carriers, irregular_verbs, matches

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("event_suggestions"):
    Doc.set_extension("event_suggestions", default=None)


@Language.factory(
    "realpolitik_events",
    assigns=["doc._.events", "doc._.event_suggestions", "doc._.actors"],
    requires=[
        "doc._.actors",
        "doc.ents",
        "doc.sents",
        "token.dep",
        "token.pos",
        "token.tag",
        "token.lemma",
        "token.ent_type",
    ],
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
    PETRARCH runs its unit tests) does not apply; `second_opinion`: ask the learned
    classifier (`second_opinion.py`); `actor_files`/`actor_defaults`: the actor knowledge
    base whose places locate events (the same as the actor component's, so it is loaded
    once)."""
    return EventCoder(
        load_patterns(tuple(str(p) for p in verb_files), verb_defaults),
        second_opinion,
        (tuple(str(p) for p in actor_files), actor_defaults),
        stated_acts=verb_defaults,
        irregular=irregular_verbs(nlp),
    )


class EventCoder:
    """Sets `doc._.events` (event dicts, the document JSON's `events`) from the parse.

    Reads `doc._.actors` (and `doc._.reference_date`, which relative dates resolve
    against, set by the pipeline before the components run)."""

    def __init__(
        self,
        patterns: CompiledPatterns,
        second_opinion: bool = True,
        kb_key: tuple[tuple[str, ...], bool] = ((), True),
        stated_acts: bool = True,
        irregular: dict[str, set[str]] | None = None,
    ) -> None:
        self.known = Knowledge(patterns, irregular or {}, stated_acts, kb_key)
        self.opinion = SecondOpinion() if second_opinion else None

    def __call__(self, doc: Doc) -> Doc:
        reference = getattr(doc._, "reference_date", None) or date.today()
        actors = list(getattr(doc._, "actors", None) or [])
        index = token_index(doc, actors)
        state = DocState(self.known, doc, reference, index, list(doc.ents))
        events: list[Event] = []
        coded: list[Span] = []
        uncoded: list[Span] = []
        for sent in doc.sents:
            if not any(a is not None and a.code for a in index[sent.start : sent.end]):
                continue  # no coded actor: no event can be kept
            found = code_sentence(sent, state)
            if found:
                coded.append(sent)
                events += found
            elif (
                self.opinion is not None
                and len(uncoded) < MAX_SUGGESTION_SENTENCES
                and _two_coded_actors(sent, index)
            ):
                uncoded.append(sent)
        for k, e in enumerate(events, 1):
            e.id = f"e{k}"
        suggestions = []
        if self.opinion is not None and (events or uncoded):
            suggestions = self.opinion.ask(events, coded, uncoded)
        doc._.events = [e.to_dict() for e in events]
        doc._.event_suggestions = suggestions
        return doc


def code_sentence(sent: Span, state: DocState) -> list[Event]:
    """The events of one sentence (see the module docstring)."""
    found: list[Trigger] = []
    matched: dict[int, VerbPattern] = {}
    for tok, pattern in matches(sent, state):
        matched[tok.i] = pattern
        events = [
            make_event(tok, pattern, source, target, sent, state, code)
            for source, target, code in event_roles(tok, pattern, state)
        ]
        if events:
            found.append(Trigger(tok, pattern, events))
    found = fold_requests(found, state)
    out: list[Event] = []
    for trigger in carriers(found):
        out += frame(trigger, matched, state)
    return _distinct(out)


def make_event(
    tok: Token,
    pattern: VerbPattern,
    source: Participant,
    target: Participant | None,
    sent: Span,
    state: DocState,
    code: str | None = None,
) -> Event:
    """The event the trigger gives under the pattern for one pair of participants (`code`:
    when it is not the pattern's own, as for the reverse of a paired pattern)."""
    code = code or pattern.code
    origin = pattern.origin
    if state.known.stated_acts and blockade(code, source):
        code, origin = BLOCKADE_CODE, f"{origin}; local: blocked by armed forces is 191"
    fact = factuality(tok)
    return Event(
        source=source.placed(),
        target=target.placed() if target is not None else None,
        cameo=code,
        factuality=fact,
        date=event_date(tok, state.reference, future=fact == FUTURE, ents=state.ents),
        location=location(tok, state),
        trigger=TextSpan(tok.idx, tok.idx + len(tok.text), tok.text),
        sentence=TextSpan(sent.start_char, sent.end_char),
        pattern=origin,
        bare=not pattern.specificity,
    )


def _distinct(events: list[Event]) -> list[Event]:
    """ "vowed to attack Israel": the promise recoded from the inner verb and the outer verb's
    own event are one event."""
    seen: set[tuple] = set()
    unique = []
    for e in events:
        key = (
            e.trigger.start,
            e.cameo,
            e.source.actor_id,
            e.target.actor_id if e.target is not None else None,
        )
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


def _two_coded_actors(sent: Span, index: list[Actor | None]) -> bool:
    seen = {id(a) for a in index[sent.start : sent.end] if a is not None and a.code}
    return len(seen) >= 2 and any(t.pos_ == "VERB" for t in sent)
