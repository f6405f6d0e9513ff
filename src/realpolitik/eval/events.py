"""Event-coding accuracy on three public gold sets: PETRARCH-2 unit tests, PLOVER gold
records and the ConfliBERT CAMEO 5-class training split.

PETRARCH-2 (`eventdata/petrarch2/PETR.UnitTest.records.xml`, run with the `PETR.Validate.*`
actor, agent and verb dictionaries instead of the shipped ones, as PETRARCH runs them): a
sentence passes when the set of (source, target, CAMEO code) triples coded from it is exactly
the set its `<EventCoding>` lines give (none for `noevents`). Codes are read as in
`eval.actors` (upper case, `~GOV` as `---GOV`, a multi-code entry `FRO/BIL/SAM` as each of
its codes, so "The Shire" acting on Lorien is three triples). A missing target, or a target
phrase with no actor, is PETRARCH's `---`; an uncoded actor is `---` too, or its text in
quotes when the sentence expects that (PETRARCH's actor text for a new actor). Every event
counts, whatever its factuality: PETRARCH codes negated and hypothetical verbs alike.
Skipped (counted): categories the file's `<Include>` list leaves out (AGENTS, COMPOUNDx) and
`error` records, which test PETRARCH's input checks (malformed parse trees, datelines, its
discard lists), not coding.

PLOVER (`eventdata/plover/PLOVER_GSR_CAMEO.json`): the old PLOVER 0.5 label of each record is
read as a current type (`cameo.plover_v05_to_current`, with the record's mode). Labels the
2021 table splits (CONCEDE/RETREAT at 084, SANCTION 163 -> COERCE, FIGHT 191/192 -> COERCE)
are decided by the coded CAMEO code when it lies under the label's own root: "Serbia lifted
a night curfew", gold CONCEDE, coded 0813 (ease curfew), is RETREAT in the current scheme.
The sentence's "best" event is the first whose trigger overlaps a span the markup tags
`(EVT: ...)`, else its first event, among the events with a PLOVER type if any (PLOVER has
no type for a CAMEO 01 statement). Type accuracy: the best event's PLOVER type is the gold
type (no event, or a CAMEO 01 statement with no PLOVER type, is a miss). Full match: that
and its source and target countries (first segment of the code, as
`eval.actors.predicted_codes` reads it) are among the gold ones (a compound gold actor
matches any of its parts; a record with no gold target wants none, or, where it has several
sources, tagged `SRC/TAR` in the markup as acting on each other, another of them). The type
comes from the verb patterns; where they give none, from the learned classifier's
out-of-fold prediction (`training.plover_type_oof`: 5-fold CV over these records plus the CAMEO
manual's examples, near-duplicates of a fold's sentences kept out of its training, so no
record is typed by a model that saw it). The patterns-only figures are reported beside
(`type_accuracy_patterns_only`, `full_accuracy_patterns_only`).

ConfliBERT: `events.training.cross_validate` on its training split.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..events.suggested import suggested
from ..records import Actor, Article, Document
from ..settings import Settings
from . import DataMissing, default_data_dir
from .actors import (
    PETRARCH_DIR,
    PETRARCH_RECORDS,
    GoldActor,
    analyze_articles,
    load_plover,
    petrarch_codes,
    plover_path,
    predicted_codes,
    word_occurrences,
)

PETRARCH_VERBS = "PETR.Validate.verbs.txt"
PETRARCH_DICTIONARIES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
CONFLIBERT_FILE = Path("eventdata/conflibert/cameo_class/train.tsv")
NULL_ACTOR = "---"
TYPE_SOURCE = "verb patterns only (the classifier trained on these records is not consulted)"
OOF_FOLDS = 5

Triple = tuple[str, str, str]  # source code, target code, CAMEO code


def _share(hits: Iterable[bool]) -> float | None:
    hits = list(hits)
    return sum(hits) / len(hits) if hits else None


def _actors_by_id(document: Document) -> dict[str, Actor]:
    return {a.id: a for a in document.actors}


# --- PETRARCH-2 unit tests -----------------------------------------------------------


@dataclass
class PetrarchCase:
    """One unit-test sentence with the triples PETRARCH must code from it."""

    id: str
    category: str
    date: str | None  # ISO
    text: str
    expected: frozenset[Triple] = frozenset()  # empty: noevents
    skipped: str | None = None
    # the record's <Parse> is of other words than its <Text> ("The Calenardhon government"
    # parsed as "The Calenardhon Congresses"): its expected codes follow the parse
    parse_differs: bool = False


@dataclass
class CaseJudgement:
    case: str  # sentence id
    category: str
    text: str
    expected: list[Triple]
    predicted: list[Triple]
    parse_differs: bool = False

    @property
    def passed(self) -> bool:
        return set(self.expected) == set(self.predicted)

    @property
    def missing(self) -> list[Triple]:
        return sorted(set(self.expected) - set(self.predicted))

    @property
    def extra(self) -> list[Triple]:
        return sorted(set(self.predicted) - set(self.expected))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


@dataclass
class PetrarchEventResult:
    judgements: list[CaseJudgement]
    sentences: int
    skipped: dict[str, int]
    data: str = ""

    @property
    def n(self) -> int:
        return len(self.judgements)

    @property
    def pass_rate(self) -> float | None:
        return _share(j.passed for j in self.judgements)

    @property
    def parse_differs(self) -> list[str]:
        """Scored records whose <Parse> is of other words than their <Text>."""
        return [j.case for j in self.judgements if j.parse_differs]

    @property
    def pass_rate_text_parsed(self) -> float | None:
        """The pass rate on the records whose <Parse> is of their own <Text>."""
        return _share(j.passed for j in self.judgements if not j.parse_differs)

    def by_category(self) -> dict[str, dict[str, Any]]:
        cats: dict[str, list[CaseJudgement]] = {}
        for j in self.judgements:
            cats.setdefault(j.category, []).append(j)
        return {
            c: {
                "n": len(js),
                "passed": sum(j.passed for j in js),
                "rate": _share(j.passed for j in js),
            }
            for c, js in sorted(cats.items())
        }

    def failure_kinds(self) -> dict[str, int]:
        """Failing sentences by what went wrong (see `failure_kind`)."""
        return dict(Counter(failure_kind(j) for j in self.judgements if not j.passed).most_common())

    def errors(self, limit: int | None = None) -> list[CaseJudgement]:
        wrong = [j for j in self.judgements if not j.passed]
        return wrong if limit is None else wrong[:limit]

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        return {
            "benchmark": "events-petrarch",
            "data": self.data,
            "sentences": self.sentences,
            "scored": self.n,
            "skipped": dict(self.skipped),
            "pass_rate": self.pass_rate,
            "parse_differs": self.parse_differs,
            "pass_rate_text_parsed": self.pass_rate_text_parsed,
            "by_category": self.by_category(),
            "failure_kinds": self.failure_kinds(),
            "errors": [j.to_dict() for j in self.errors(errors)],
        }


def failure_kind(j: CaseJudgement) -> str:
    """What separates a failing sentence's triples from the expected ones, in a few words."""
    if not j.predicted:
        return "no event coded"
    if not j.expected:
        return "event coded, none expected"
    missing, extra = j.missing, j.extra
    if not missing:
        return "extra events"
    if not extra:
        return "missing events"
    pairs = {(s, t) for s, t, _ in j.expected}
    if {(s, t) for s, t, _ in extra} <= pairs:
        return "wrong code"
    codes = {c for _, _, c in j.expected}
    if {c for _, _, c in extra} <= codes:
        return "wrong actors"
    return "wrong actors and code"


def load_petrarch_cases(path: Path) -> list[PetrarchCase]:
    """The `<Sentence>` records of a PETRARCH unit-test file with their expected triples."""
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()
    include = set((root.findtext("Environment/Include") or "").split())
    cases = []
    for s in root.iter("Sentence"):
        day = s.get("date") or ""
        triples: set[Triple] = set()
        skipped = None
        if include and s.get("category", "") not in include:
            skipped = "category not in <Include>"
        for ec in s.findall("EventCoding"):
            if ec.get("error"):
                skipped = skipped or f"error:{ec.get('error')}"
            elif (ec.get("noevents") or "").strip().lower() != "true":
                triples.add(
                    (
                        _expected_code(ec.get("sourcecode")),
                        _expected_code(ec.get("targetcode")),
                        (ec.get("eventcode") or "").strip(),
                    )
                )
        cases.append(
            PetrarchCase(
                id=s.get("id", ""),
                category=s.get("category", ""),
                date=f"{day[:4]}-{day[4:6]}-{day[6:8]}" if re.fullmatch(r"\d{8}", day) else None,
                text=" ".join((s.findtext("Text") or "").split()),
                expected=frozenset(triples),
                skipped=skipped,
                parse_differs=_parse_differs(s.findtext("Text") or "", s.findtext("Parse")),
            )
        )
    return cases


_PARSE_LEAF = re.compile(r"\(([^\s()]+) ([^\s()]+)\)")
_PTB_ESCAPES = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": "", "''": ""}


def _parse_differs(text: str, parse: str | None) -> bool:
    """The treebank parse's words are not the text's (compared as letters and digits); a
    parse that stops early (the text's attribution clause left out) is the text's."""
    if not parse:
        return False
    leaves = "".join(_PTB_ESCAPES.get(w, w) for _, w in _PARSE_LEAF.findall(parse))

    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", s.lower())

    words, parsed = norm(text), norm(leaves)
    return not words.startswith(parsed) or not parsed


def _expected_code(code: str | None) -> str:
    code = " ".join((code or "").split()).upper()
    return code or NULL_ACTOR


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()).upper() + '"'


def participant_codes(
    participant: dict[str, Any] | None, actors: dict[str, Actor], wanted: set[str]
) -> list[str]:
    """A predicted event's source or target in PETRARCH's spelling: its actor's codes, or
    `---` for no actor or an uncoded one (its text in quotes if `wanted` expects that)."""
    if not participant or not participant.get("actor"):
        return [NULL_ACTOR]
    actor = actors.get(participant["actor"])
    if actor is not None and participant.get("code") and participant["code"] != actor.code:
        # one member of a listed agent ("the ambassadors of A, B and C"): its own code
        actor = replace(actor, code=participant["code"])
    codes = petrarch_codes(actor) if actor is not None else []
    if codes:
        return codes
    quoted = _quoted(participant.get("text") or "")
    return [quoted if quoted in wanted else NULL_ACTOR]


def predicted_triples(document: Document, expected: Iterable[Triple] = ()) -> set[Triple]:
    """The (source, target, CAMEO code) triples of a document's events."""
    wanted = {code for s, t, _ in expected for code in (s, t)}
    actors = _actors_by_id(document)
    out: set[Triple] = set()
    for e in document.events:
        code = e.get("cameo")
        if not code:
            continue
        for s in participant_codes(e.get("source"), actors, wanted):
            for t in participant_codes(e.get("target"), actors, wanted):
                out.add((s, t, code))
    return out


def score_petrarch_events(
    cases: Sequence[PetrarchCase], documents: Sequence[Document]
) -> PetrarchEventResult:
    """Judge the scorable `cases` against their analyzed `documents` (one each, in order)."""
    scorable = [c for c in cases if not c.skipped]
    if len(scorable) != len(documents):
        raise ValueError(f"{len(scorable)} scorable sentences but {len(documents)} documents")
    judgements = [
        CaseJudgement(
            c.id,
            c.category,
            c.text,
            sorted(c.expected),
            sorted(predicted_triples(doc, c.expected)),
            c.parse_differs,
        )
        for c, doc in zip(scorable, documents, strict=True)
    ]
    skipped = Counter(c.skipped for c in cases if c.skipped)
    return PetrarchEventResult(judgements, sentences=len(cases), skipped=dict(skipped))


def petrarch_event_paths(data: Path | None = None) -> tuple[Path, tuple[str, ...], tuple[str, ...]]:
    """The unit-test records, their (actors, agents) dictionaries and their verb dictionary."""
    folder = (data or default_data_dir()) / PETRARCH_DIR
    names = (PETRARCH_RECORDS, *PETRARCH_DICTIONARIES, PETRARCH_VERBS)
    for name in names:
        if not (folder / name).exists():
            raise DataMissing(
                f"PETRARCH-2 unit-test file not found: {folder / name} (pass --data DIR)"
            )
    actors = tuple(str(folder / n) for n in PETRARCH_DICTIONARIES)
    return folder / PETRARCH_RECORDS, actors, (str(folder / PETRARCH_VERBS),)


def petrarch_event_settings(data: Path | None = None, base: Settings | None = None) -> Settings:
    """Settings with the PETR.Validate actor, agent and verb dictionaries only."""
    _, actors, verbs = petrarch_event_paths(data)
    return (base or Settings()).with_(
        actor_files=actors, actor_defaults=False, verb_files=verbs, verb_defaults=False
    )


def evaluate_petrarch_events(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
) -> PetrarchEventResult:
    """Code the PETRARCH-2 unit-test sentences with their own dictionaries and score the
    triples. `settings` gives the model etc.; its actor and verb files are replaced."""
    records, _, _ = petrarch_event_paths(data)
    cases = load_petrarch_cases(records)[:limit]
    scorable = [c for c in cases if not c.skipped]
    articles = [
        Article(text=c.text, id=f"{c.id}#{n}", published=c.date) for n, c in enumerate(scorable)
    ]
    run_settings = petrarch_event_settings(data, settings)
    result = score_petrarch_events(
        cases, analyze_articles(articles, run_settings, workers, on_document)
    )
    result.data = str(records)
    return result


# --- PLOVER gold records -------------------------------------------------------------


@dataclass
class PloverEventRecord:
    id: str
    date: str | None
    text: str
    label: str  # the PLOVER 0.5 label as written
    event: str  # the current PLOVER type (the label's usual successor)
    sources: list[GoldActor] = field(default_factory=list)
    targets: list[GoldActor] = field(default_factory=list)
    triggers: list[tuple[int, int]] = field(default_factory=list)  # (EVT: ...) spans in text
    mode: str | None = None  # the old mode

    def current_type(self, cameo: str | None = None) -> str:
        """The current type; a label that splits in the current scheme (CONCEDE/RETREAT,
        SANCTION/COERCE, FIGHT/ASSAULT/COERCE) is decided by the coded CAMEO code where that
        code is one the old label covers (`cameo.plover_v05_to_current`)."""
        from ..events.cameo import plover_v05_to_current

        code = cameo if cameo and cameo.isdigit() else None
        return plover_v05_to_current(self.label, cameo=code, mode=self.mode)


@dataclass
class TypeJudgement:
    record: str
    text: str
    gold_label: str
    gold_type: str
    gold_sources: list[str]  # countries
    gold_targets: list[str]
    events: int  # events coded in the sentence
    at_trigger: bool = False  # the best event's trigger overlaps the gold markup
    predicted_type: str | None = None
    cameo: str | None = None
    trigger: str | None = None
    source: str | None = None  # country
    target: str | None = None
    type_from: str | None = None  # "patterns", or "classifier" (out-of-fold)

    @property
    def type_ok(self) -> bool:
        return self.predicted_type is not None and self.predicted_type == self.gold_type

    @property
    def full_ok(self) -> bool:
        if not self.type_ok or self.source is None or self.source not in self.gold_sources:
            return False
        if self.gold_targets:
            return self.target in self.gold_targets
        if self.target is None:
            return True
        # "(SRC/TAR: X) and (SRC/TAR: Y) agreed": the record has no target, the markup says
        # they act on each other
        return self.target in self.gold_sources and self.target != self.source

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "type_ok": self.type_ok, "full_ok": self.full_ok}


@dataclass
class PloverEventResult:
    judgements: list[TypeJudgement]
    data: str = ""
    type_source: str = TYPE_SOURCE

    @property
    def n(self) -> int:
        return len(self.judgements)

    @property
    def type_accuracy(self) -> float | None:
        return _share(j.type_ok for j in self.judgements)

    @property
    def full_accuracy(self) -> float | None:
        return _share(j.full_ok for j in self.judgements)

    @property
    def patterns_type_accuracy(self) -> float | None:
        """Type accuracy counting the verb patterns' types only."""
        return _share(j.type_ok and j.type_from == "patterns" for j in self.judgements)

    @property
    def patterns_full_accuracy(self) -> float | None:
        return _share(j.full_ok and j.type_from == "patterns" for j in self.judgements)

    @property
    def no_event(self) -> int:
        return sum(j.events == 0 for j in self.judgements)

    @property
    def off_trigger(self) -> int:
        """Sentences with events, none of them at the gold trigger."""
        return sum(j.events > 0 and not j.at_trigger for j in self.judgements)

    def by_type(self) -> dict[str, dict[str, Any]]:
        types: dict[str, list[TypeJudgement]] = {}
        for j in self.judgements:
            types.setdefault(j.gold_type, []).append(j)
        return {
            t: {
                "n": len(js),
                "type": _share(j.type_ok for j in js),
                "full": _share(j.full_ok for j in js),
            }
            for t, js in sorted(types.items())
        }

    def confusions(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """The commonest (gold type, predicted type or `none`) pairs among type misses."""
        pairs = Counter(
            (j.gold_type, j.predicted_type or ("no event" if not j.events else "no type"))
            for j in self.judgements
            if not j.type_ok
        )
        return [(g, p, n) for (g, p), n in pairs.most_common(limit)]

    def errors(self, limit: int | None = None) -> list[TypeJudgement]:
        wrong = [j for j in self.judgements if not j.full_ok]
        return wrong if limit is None else wrong[:limit]

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        return {
            "benchmark": "events-plover",
            "data": self.data,
            "type_source": self.type_source,
            "n": self.n,
            "type_accuracy": self.type_accuracy,
            "full_accuracy": self.full_accuracy,
            "type_accuracy_patterns_only": self.patterns_type_accuracy,
            "full_accuracy_patterns_only": self.patterns_full_accuracy,
            "typed_by_classifier": sum(j.type_from == "classifier" for j in self.judgements),
            "no_event": self.no_event,
            "off_trigger": self.off_trigger,
            "by_type": self.by_type(),
            "confusions": [list(c) for c in self.confusions()],
            "errors": [j.to_dict() for j in self.errors(errors)],
        }


_TAG = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC)\s*:\s*([^()]*)\)")


def trigger_spans(text: str, markup: str) -> list[tuple[int, int]]:
    """Spans in `text` of the phrases the markup tags `(EVT: ...)`.

    The markup with its tags removed is the text in most records, so the spans carry over;
    where it is not, each tagged phrase (or, failing that, each of its words) is searched.
    """
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    at, length = 0, 0
    for m in _TAG.finditer(markup):
        plain.append(markup[at : m.start()])
        length += m.start() - at
        phrase = m.group(2).strip()
        if m.group(1) == "EVT":
            spans.append((length, length + len(phrase)))
        plain.append(phrase)
        length += len(phrase)
        at = m.end()
    plain.append(markup[at:])
    if "".join(plain) == text:
        return spans
    found: list[tuple[int, int]] = []
    for m in _TAG.finditer(markup):
        if m.group(1) != "EVT":
            continue
        phrase = m.group(2).strip()
        hits = word_occurrences(text, phrase) if phrase else []
        if not hits:
            hits = [h for w in phrase.split() for h in word_occurrences(text, w)[:1]]
        found += hits[:1] if len(hits) == 1 or " " not in phrase else hits
    return found


def load_plover_events(path: Path) -> list[PloverEventRecord]:
    """The gold records of PLOVER_GSR_CAMEO.json with their current event type."""
    from ..events.cameo import plover_v05_to_current

    raw = {r["id"]: r for r in json.loads(path.read_text("utf-8")) if r.get("id")}
    out = []
    for rec in load_plover(path):
        r = raw[rec.id]
        label = str(r.get("event") or "")
        mode = r.get("mode") if isinstance(r.get("mode"), str) else None
        out.append(
            PloverEventRecord(
                id=rec.id,
                date=rec.date,
                text=rec.text,
                label=label,
                event=plover_v05_to_current(label, mode=mode),
                sources=[a for a in rec.actors if a.role == "source"],
                targets=[a for a in rec.actors if a.role == "target"],
                triggers=trigger_spans(rec.text, rec.markup),
                mode=mode,
            )
        )
    return out


def best_event(
    events: Sequence[dict[str, Any]], triggers: Sequence[tuple[int, int]]
) -> tuple[dict[str, Any] | None, bool]:
    """The sentence's event the gold is about, and whether it is at a gold trigger: the
    first (in text order) whose trigger overlaps a gold trigger span, else the first. Events
    with a PLOVER type come first: PLOVER has none for CAMEO 01 statements ("announced"), so
    such an event is never the one a PLOVER record describes."""
    typed = [e for e in events if e.get("plover")]
    ordered = sorted(typed or events, key=lambda e: e["trigger"]["start"])
    for e in ordered:
        start, end = e["trigger"]["start"], e["trigger"]["end"]
        if any(min(end, b) > max(start, a) for a, b in triggers):
            return e, True
    return (ordered[0] if ordered else None), False


def _country_of(participant: dict[str, Any] | None, actors: dict[str, Actor]) -> str | None:
    if not participant or not participant.get("actor"):
        return None
    actor = actors.get(participant["actor"])
    return predicted_codes(actor)[0] if actor is not None else None


def judge_plover_event(record: PloverEventRecord, document: Document) -> TypeJudgement:
    event, at_trigger = best_event(document.events, record.triggers)
    j = TypeJudgement(
        record=record.id,
        text=record.text,
        gold_label=record.label,
        gold_type=record.event,
        gold_sources=sorted({a.country for a in record.sources if a.country}),
        gold_targets=sorted({a.country for a in record.targets if a.country}),
        events=len(document.events),
        at_trigger=at_trigger,
    )
    if event is None:
        return j
    actors = _actors_by_id(document)
    j.predicted_type = event.get("plover")
    j.type_from = "patterns" if j.predicted_type else None
    j.cameo = event.get("cameo")
    j.gold_type = record.current_type(j.cameo)
    j.trigger = event["trigger"]["text"]
    j.source = _country_of(event.get("source"), actors)
    j.target = _country_of(event.get("target"), actors)
    return j


def score_plover_events(
    records: Sequence[PloverEventRecord],
    documents: Sequence[Document],
    second_opinion: Sequence[tuple[str, float]] | None = None,
) -> PloverEventResult:
    """Judge each gold record against its analyzed document (same order). `second_opinion`:
    a (PLOVER type, probability) per record, from a model that never saw that record, taken
    where no pattern gives a type (with the actors of an untyped event, if any)."""
    if len(records) != len(documents):
        raise ValueError(f"{len(records)} gold records but {len(documents)} documents")
    judgements = [judge_plover_event(r, d) for r, d in zip(records, documents, strict=True)]
    if second_opinion is not None:
        for j, r, (label, _) in zip(judgements, records, second_opinion, strict=True):
            if j.predicted_type is None and label:
                j.predicted_type, j.type_from = label, "classifier"
                j.gold_type = r.current_type(None)
    return PloverEventResult(judgements)


def _oof_types(records: Sequence[PloverEventRecord], settings: Settings | None, data: Path | None):
    from ..events.training import plover_type_oof
    from ..nlp import load_model

    model = (settings or Settings()).model
    nlp = load_model(model, disable=["ner"])
    source = (data or default_data_dir()) / "eventdata"
    return plover_type_oof(
        [r.text for r in records], [r.event for r in records], source, OOF_FOLDS, nlp=nlp
    )


def evaluate_plover_events(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
    second_opinion: bool = True,
) -> PloverEventResult:
    """Code the PLOVER gold sentences (with the shipped dictionaries) and score event type
    and (source, target, type). `second_opinion`: where no verb pattern gives a type, take
    the event-type classifier's out-of-fold prediction (`training.plover_type_oof`: no
    record is typed by a model trained on it); the patterns-only figures are kept beside."""
    path = plover_path(data)
    records = load_plover_events(path)[:limit]
    articles = [Article(text=r.text, id=r.id, published=r.date) for r in records]
    documents = analyze_articles(articles, settings, workers, on_document)
    for doc in documents:  # typed by the shipped classifier, which learned from these records
        doc.events = [e for e in doc.events if not suggested(e)]
    oof = _oof_types(records, settings, data) if second_opinion else None
    result = score_plover_events(records, documents, oof)
    result.data = str(path)
    if oof is not None:
        only = result.patterns_type_accuracy or 0.0
        result.type_source = (
            "verb patterns; where none gives a type, the learned classifier's out-of-fold "
            f"prediction ({OOF_FOLDS}-fold CV over these records + the CAMEO manual examples, "
            "near-duplicates of test sentences dropped, so no record is typed by a model "
            f"trained on it; the shipped model, which learns from all of them, is not used "
            f"here): {sum(j.type_from == 'classifier' for j in result.judgements)} "
            f"records typed so; patterns alone: type {only:.1%}, "
            f"full {result.patterns_full_accuracy or 0.0:.1%}"
        )
    return result


# --- ConfliBERT 5-class cross-validation ---------------------------------------------


@dataclass
class ConfliBertResult:
    """`events.training.cross_validate`'s figures for our model and the baseline."""

    figures: dict[str, Any]
    data: str = ""

    @property
    def macro_f1(self) -> float:
        return self.figures["model"]["macro_f1"]

    @property
    def baseline_macro_f1(self) -> float:
        return self.figures["baseline"]["macro_f1"]

    def table(self) -> str:
        from ..events.training import format_cv_table

        return format_cv_table(self.figures)

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        return {"benchmark": "events-conflibert-cv", "data": self.data, **self.figures}


def conflibert_path(data: Path | None = None) -> Path:
    path = (data or default_data_dir()) / CONFLIBERT_FILE
    if not path.exists():
        raise DataMissing(f"ConfliBERT training split not found: {path} (pass --data DIR)")
    return path


def evaluate_conflibert(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 2,
    on_document: Callable[[], None] | None = None,
    folds: int = 5,
) -> ConfliBertResult:
    """Cross-validate the event-type classifier on the ConfliBERT training split (`limit`:
    a stratified subset of N sentences). `settings` gives the spaCy model for the features."""
    from ..events.training import cross_validate
    from ..nlp import load_model

    path = conflibert_path(data)
    model = (settings or Settings()).model
    try:
        nlp = load_model(model, disable=["ner"])
    except OSError as exc:
        from ..pipeline import ModelNotInstalled

        raise ModelNotInstalled(f"spaCy model {model!r} is not installed") from exc
    figures = cross_validate(path.parents[2], folds=folds, n_jobs=workers, limit=limit, nlp=nlp)
    return ConfliBertResult(figures, data=str(path))
