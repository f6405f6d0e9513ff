"""Actor-code accuracy on two public gold sets: PLOVER gold records and PETRARCH-2 unit tests.

PLOVER (`eventdata/plover/PLOVER_GSR_CAMEO.json`, the CAMEO manual's example sentences): each
gold source/target actor is an `actorText` in the sentence with a `code` (country, ISO3 or
`IGO`/`NGO`/`IMG`) and an optional `sector`. Each sentence is analyzed with the record's
`date` as its publication date (all are 2000-01-01, a placeholder: the sentences span the
1980s to the 2000s, so a leader's dated role is read on that day). The gold text is found in
the sentence, the predicted actor is the one whose mentions overlap it (at its first piece
first, then most), and three figures are scored: country accuracy (all gold actors), sector
accuracy (gold actors with a sector) and full-code accuracy (country, and sector where
given). Conventions of the gold, and how they are read:

- The occurrence meant is the one the record's markup tags (`(SRC: Romanian)`), counted in the
  de-tagged markup; text is searched whole-word, case-sensitively first, then ignoring case.
  `actorText` spanning a gap is written with `..`/`...` ("U.S. ... negotiators"): each piece is
  found. Text not in the sentence verbatim ("French warships" for "French and Egyptian
  warships") falls back to its words, and a word the gold misspells ("Ghanians" for the
  sentence's "Ghanaians") to the sentence word one letter away (words of 5+ letters). Gold text
  found nowhere counts as a miss (`located=False`).
- The predicted actor is the one at the gold phrase's head word ("refugees" in "refugees
  fleeing the civil war in Liberia", "Palestinians" in "Palestinians living in the West Bank":
  not the place named in its modifier), else the one at its first piece, else the one
  overlapping most.
- Sectors: `***` means unspecified (no sector scored). A sector may carry ethnic or religious
  codes after the first three letters (`CVLalb`, `REFKUR`, `GOVMOS`): only the first three are
  scored. The predicted code's sector is any 3-letter segment after its country
  (`IGOUNOREFHCR` has sectors UNO, REF, HCR), so agent compositions (`RUSGOVMIL`) count.
- `IGO`/`NGO`/`IMG` in the country slot: the predicted code's first segment must be the same
  type (`IGOUNO`, `IGOWSTNAT` are IGO). CAMEO codes an IGO's officials and organs as the IGO
  itself (Kofi Annan, the Security Council: `IGOUNO`), where the gold writes sector `GOV`: an
  IGO code with no other primary sector satisfies that; likewise for NGO and IMG leaders
  ("al-Qaeda leaders", `IMG GOV`: `IMGMUSALQ`).
- Real spelling variants are equated by `COUNTRY_EQUIVALENTS` and `SECTOR_EQUIVALENTS` (old
  CAMEO codes and gold typos, on both sides). Gold that is simply wrong (Amnesty and the Red
  Cross coded `IGO`, "Greek-Cypriot" coded `GRC`) is scored as it stands.

PETRARCH-2 (`eventdata/petrarch2/PETR.UnitTest.records.xml`, run with the `PETR.Validate.*`
actor and agent dictionaries instead of the shipped knowledge base): the expected actor codes
of a sentence are the distinct source and target codes of its `<EventCoding>` lines; a code is
found when some predicted actor of that sentence carries exactly that code (case-insensitive).
PETRARCH composes agents with the actor they attach to (`DNKMUSMED`, `NGOARN`) and writes a
missing country as `---` (`---GOV` for "a senior official"); a predicted agent code with no
country (`~GOV`) is read as `---GOV`. A dictionary entry with several codes (`THE_SHIRE
[FRO/BIL/SAM]`) stands for each of them: a predicted `FRO/BIL/SAM` carries FRO, BIL and SAM.
Records with `noevents` or `error` codings, and those of a category the file's `<Include>`
list leaves out (AGENTS, COMPOUNDx: PETRARCH does not run them), are skipped (counted), and
three kinds of expected
"code" name no actor and are not scored (counted): a quoted phrase (PETRARCH's actor text for
a new actor), a bare `---` (a noun phrase with no coded actor: "Lions", the missing target of
"said") and `###` (TABARI's discard code; its one entry is commented out of the test
dictionary).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..actors.codes import alternatives, segments
from ..records import Actor, Article, Document
from ..settings import Settings
from . import DataMissing, default_data_dir

PLOVER_FILE = Path("eventdata/plover/PLOVER_GSR_CAMEO.json")
PETRARCH_DIR = Path("eventdata/petrarch2")
PETRARCH_RECORDS = "PETR.UnitTest.records.xml"
PETRARCH_DICTIONARIES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")

# Spellings of one code, mapped to the current CAMEO one (applied to gold and predictions).
COUNTRY_EQUIVALENTS = {
    "JAP": "JPN",  # Japan, CAMEO 1.x (gold: "Tokyo", "Japan")
    "ITL": "ITA",  # Italy, CAMEO 1.x
    "VTN": "VNM",  # Vietnam, CAMEO 1.x ("Vietnamese-led forces")
    "PAL": "PSE",  # Palestinians, CAMEO 1.x
    "ROM": "ROU",  # Romania, pre-2002 ISO
    "TMP": "TLS",  # East Timor: CAMEO/Phoenix TMP, ISO TLS since 2002
}
SECTOR_EQUIVALENTS = {
    "CIV": "CVL",  # civilians: CIV is Côte d'Ivoire's country code, a gold typo for CVL
    "JRN": "MED",  # journalists / newspapers: CAMEO 1.1's JRN, now MED
    "MOS": "MUS",  # Muslim: CAMEO 1.1's MOS, MUS in the Phoenix/PETRARCH dictionaries
    "PKO": "MIL",  # peacekeepers: CAMEO's PKO; the gold codes peacekeeping troops MIL
}
TRANSNATIONAL = ("IGO", "NGO", "IMG")
# Organisations a knowledge base may put in the country slot; they are IGOs.
IGO_HEADS = {"NATO": "IGONAT", "UNO": "IGOUNO"}
# Primary sectors that say an IGO actor is something other than the organisation itself.
# (A religion code is part of an organisation's identity, not a function: IMGMUSALQ.)
_FUNCTIONAL_SECTORS = {
    "MIL", "COP", "REB", "OPP", "CVL", "MED", "REF", "JUD", "LEG", "BUS", "EDU", "HLH",
    "LAB", "SPY", "CRM", "UAF", "HRI", "REL", "AGR", "ENV", "DEV",
}  # fmt: skip
_TAG_OPEN = re.compile(r"\((?:SRC/TAR|SRC|TAR|EVT|LOC)\s*:\s*")
_GAP = re.compile(r"\s*\.{2,}\s*")
_WORD = re.compile(r"\w+")
_STOPWORDS = {"the", "of", "in", "a", "an", "and", "s", "to", "for", "from", "on", "at"}
# A quantity before the noun it counts: "Hundreds of thousands of people", "scores of".
_QUANTITY = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:hundreds|thousands|millions|dozens|scores|tens|group|number)"
    r"\s+of\s+)+",
    re.I,
)
# Words that open a noun phrase's post-modifier: the head is the last word before them
# ("refugees | fleeing the civil war in Liberia", "Prisoners | in East Timor's capital").
_POSTMODIFIER = re.compile(
    r"\s+(?:of|in|from|at|near|on|to|with|for|throughout|inside|across|operating|living|"
    r"fleeing|based|loyal|ordered|who|which|that)\s",
    re.I,
)


# --- shared --------------------------------------------------------------------------


def predicted_codes(actor: Actor) -> tuple[str | None, list[str]]:
    """(country, sectors) of a predicted actor: its code's first segment and the 3-letter
    segments after it, both with spelling variants equated; an uncoded actor's country field."""
    code = (actor.code or "").strip().upper().lstrip("~")
    if not code:
        return _country(actor.country), []
    for head, canonical in IGO_HEADS.items():
        if code.startswith(head):
            code = canonical + code[len(head) :]
    country, *sectors = segments(code)
    return _country(country), [_sector(s) for s in sectors]


def _country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()[:3]
    return COUNTRY_EQUIVALENTS.get(code, code)


def _sector(code: str | None) -> str | None:
    """The primary sector: first three letters, upper case; `***` (unspecified) is None."""
    if not code or not code.strip() or code.strip().startswith("*"):
        return None
    code = code.strip()[:3].upper()
    return SECTOR_EQUIVALENTS.get(code, code)


def _share(hits: Iterable[bool | None]) -> float | None:
    scored = [h for h in hits if h is not None]
    return sum(scored) / len(scored) if scored else None


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None,
    workers: int,
    on_document: Callable[[], None] | None,
) -> list[Document]:
    from ..api import analyze_many

    docs = []
    for doc in analyze_many(articles, workers=workers, settings=settings):
        docs.append(doc)
        if on_document:
            on_document()
    return docs


# --- PLOVER gold records -------------------------------------------------------------


@dataclass(frozen=True)
class GoldActor:
    """One source or target actor of a PLOVER gold record."""

    record: str  # record id
    role: str  # source | target
    text: str  # actorText
    code: str  # gold code as written (USA, IGO, JAP...)
    sector: str | None  # gold sector as written (GOV, CVLalb, ***...) or None

    @property
    def country(self) -> str | None:
        return _country(self.code)

    @property
    def primary_sector(self) -> str | None:
        return _sector(self.sector)

    @property
    def kind(self) -> str:
        """state | state+sector | transnational: the breakdown the figures are reported by."""
        if self.country in TRANSNATIONAL:
            return "transnational"
        return "state+sector" if self.primary_sector else "state"


@dataclass
class PloverRecord:
    id: str
    date: str | None
    text: str
    markup: str
    actors: list[GoldActor]


@dataclass
class ActorJudgement:
    """A gold actor against the predicted actor at its place in the sentence."""

    gold: GoldActor
    located: bool  # the gold text was found in the sentence
    predicted_code: str | None = None
    predicted_country: str | None = None
    predicted_text: str | None = None  # the overlapping mention
    country_ok: bool = False
    sector_ok: bool | None = None  # None: the gold has no sector
    code_ok: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["gold"]["kind"] = self.gold.kind
        return d


@dataclass
class PloverResult:
    judgements: list[ActorJudgement]
    records: int
    data: str = ""

    @property
    def n(self) -> int:
        return len(self.judgements)

    @property
    def country_accuracy(self) -> float | None:
        return _share(j.country_ok for j in self.judgements)

    @property
    def sector_accuracy(self) -> float | None:
        return _share(j.sector_ok for j in self.judgements)

    @property
    def code_accuracy(self) -> float | None:
        return _share(j.code_ok for j in self.judgements)

    @property
    def unlocated(self) -> int:
        return sum(not j.located for j in self.judgements)

    @property
    def uncoded(self) -> int:
        """Gold actors located in the text with no coded actor predicted there."""
        return sum(j.located and not j.predicted_code for j in self.judgements)

    def figures(self, judgements: Sequence[ActorJudgement] | None = None) -> dict[str, Any]:
        js = self.judgements if judgements is None else judgements
        return {
            "n": len(js),
            "with_sector": sum(j.sector_ok is not None for j in js),
            "country": _share(j.country_ok for j in js),
            "sector": _share(j.sector_ok for j in js),
            "code": _share(j.code_ok for j in js),
        }

    def by_kind(self) -> dict[str, dict[str, Any]]:
        kinds: dict[str, list[ActorJudgement]] = {}
        for j in self.judgements:
            kinds.setdefault(j.gold.kind, []).append(j)
        order = ("state", "state+sector", "transnational")
        return {k: self.figures(kinds[k]) for k in order if k in kinds}

    def errors(self, limit: int | None = None) -> list[ActorJudgement]:
        wrong = [j for j in self.judgements if not j.code_ok]
        return wrong if limit is None else wrong[:limit]

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        return {
            "benchmark": "actors-plover",
            "data": self.data,
            "records": self.records,
            **self.figures(),
            "unlocated": self.unlocated,
            "uncoded": self.uncoded,
            "by_kind": self.by_kind(),
            "errors": [j.to_dict() for j in self.errors(errors)],
        }


def load_plover(path: Path) -> list[PloverRecord]:
    """The gold records of PLOVER_GSR_CAMEO.json (the DOCUMENT header is skipped)."""
    import json

    records = []
    for rec in json.loads(path.read_text("utf-8")):
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        actors = []
        for role in ("source", "target"):
            value = rec.get(role)
            if not isinstance(value, list):  # "", None, or a stray word ("diplomatic")
                continue
            for a in value:
                if isinstance(a, dict) and a.get("actorText", "").strip() and a.get("code"):
                    actors.append(
                        GoldActor(
                            record=rec["id"],
                            role=role,
                            text=" ".join(a["actorText"].split()),
                            code=a["code"].strip(),
                            sector=a.get("sector") or None,
                        )
                    )
        info = rec.get("textInfo")
        records.append(
            PloverRecord(
                id=rec["id"],
                date=rec.get("date"),
                text=rec["text"],
                markup=info.get("markup", "") if isinstance(info, dict) else "",
                actors=actors,
            )
        )
    return records


def _pattern(phrase: str) -> str:
    """Regex for `phrase` as whole words, any run of spaces between them."""
    words = [re.escape(w) for w in phrase.split()]
    body = r"\s+".join(words)
    if re.match(r"\w", phrase):
        body = r"(?<!\w)" + body
    if re.search(r"\w$", phrase):
        body += r"(?!\w)"
    return body


def word_occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of `phrase`: exact case if any, else ignoring case."""
    pattern = _pattern(phrase)
    found = [m.span() for m in re.finditer(pattern, text)]
    return found or [m.span() for m in re.finditer(pattern, text, re.I)]


def _one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by at most one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _misspelt(text: str, word: str) -> list[tuple[int, int]]:
    """Occurrences of a sentence word one letter away from `word` (5+ letters): the gold's
    typo of a word that is in the sentence ("Ghanians" for "Ghanaians")."""
    if len(word) < 5:
        return []
    w = word.casefold()
    return [m.span() for m in _WORD.finditer(text) if _one_edit(m.group().casefold(), w)]


def head_word(phrase: str) -> str:
    """The head word of a gold actor text: the last word before its post-modifier, a
    parenthesis or a comma ("refugees" in "refugees fleeing the civil war in Liberia"), after
    any quantity ("people" in "Hundreds of thousands of people")."""
    phrase = _QUANTITY.sub("", phrase)
    core = _POSTMODIFIER.split(f"{phrase} ", maxsplit=1)[0]
    core = re.split(r"[(,]", core, maxsplit=1)[0]
    words = _WORD.findall(core)
    return words[-1] if words else ""


def _tagged_occurrence(markup: str, phrase: str, role: str = "") -> int:
    """Which occurrence of `phrase` the markup tags as this role's actor (0 = the first),
    counted in the markup with its tags removed; 0 when the markup does not tag it."""
    tags = {"source": r"SRC/TAR|SRC", "target": r"SRC/TAR|TAR"}.get(role, r"SRC/TAR|SRC|TAR")
    head = r"\((?:" + tags + r")\s*:\s*" + _pattern(phrase)
    tag = re.search(head + r"\s*\)", markup) or re.search(head, markup, re.I)
    if not tag:
        return 0
    before = _TAG_OPEN.sub("", markup[: tag.start()])
    return len(word_occurrences(before, phrase))


def locate(text: str, actor_text: str, markup: str = "", role: str = "") -> list[tuple[int, int]]:
    """Character spans of a gold actor text in the sentence, in the order of the actor text
    (several for a gapped or non-verbatim one); empty if it is not there at all."""
    pieces = [p for p in _GAP.split(actor_text.strip()) if p.strip()]
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        found = word_occurrences(text, piece)
        if found:
            k = _tagged_occurrence(markup, piece, role) if len(found) > 1 else 0
            spans.append(found[min(k, len(found) - 1)])
    if len(spans) == len(pieces):
        return spans
    # Not verbatim ("French warships" for "French and Egyptian warships"): its words.
    spans = []
    for word in _WORD.findall(actor_text):
        if word.casefold() in _STOPWORDS or len(word) < 2:
            continue
        found = word_occurrences(text, word) or _misspelt(text, word)
        if found:
            spans.append(found[0])
    return spans


def head_span(
    text: str, actor_text: str, spans: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """The span of the head word of the gold text's first piece, inside its located span;
    None when the first piece was not found verbatim."""
    if not spans:
        return None
    first = _GAP.split(actor_text.strip())[0]
    start, end = spans[0]
    if not word_occurrences(text[start:end], first):
        return None
    word = head_word(first)
    found = word_occurrences(text[start:end], word) if word else []
    if not found:
        return None
    s, e = found[-1]
    return start + s, start + e


def actor_at(
    actors: Sequence[Actor],
    spans: Sequence[tuple[int, int]],
    head: tuple[int, int] | None = None,
) -> tuple[Actor, str]:
    """The predicted actor at the gold text, and the text of its overlapping mention.

    Preferred: an actor at the phrase's head word `head` ("refugees" in "refugees fleeing
    the civil war in Liberia"), then one at the first span (the head of "U.S. ...
    negotiators", which names the country), then the most overlap, then a coded actor.
    Raises LookupError if none overlaps.
    """
    best: tuple[bool, bool, int, bool, int] | None = None
    chosen: tuple[Actor, str] | None = None
    for n, actor in enumerate(actors):
        overlap, at_first, at_head, mention_text = 0, False, False, ""
        for m in actor.mentions:
            if head is not None and min(head[1], m.end) > max(head[0], m.start):
                at_head = True
            for i, (start, end) in enumerate(spans):
                o = min(end, m.end) - max(start, m.start)
                if o > 0:
                    overlap += o
                    at_first = at_first or i == 0
                    mention_text = mention_text or m.text
        if overlap:
            key = (at_head, at_first, overlap, bool(actor.code), -n)
            if best is None or key > best:
                best, chosen = key, (actor, mention_text)
    if chosen is None:
        raise LookupError("no predicted actor at the gold text")
    return chosen


def judge_actor(gold: GoldActor, record: PloverRecord, document: Document) -> ActorJudgement:
    spans = locate(record.text, gold.text, record.markup, gold.role)
    no_sector = False if gold.primary_sector else None
    if not spans:
        return ActorJudgement(gold, located=False, sector_ok=no_sector)
    try:
        head = head_span(record.text, gold.text, spans)
        actor, mention = actor_at(document.actors, spans, head)
    except LookupError:
        return ActorJudgement(gold, located=True, sector_ok=no_sector)
    country, sectors = predicted_codes(actor)
    country_ok = country is not None and country == gold.country
    sector_ok: bool | None = None
    if gold.primary_sector:
        sector_ok = gold.primary_sector in sectors
        if not sector_ok and gold.country in TRANSNATIONAL and gold.primary_sector == "GOV":
            # The organisation itself: IGOUNO for Kofi Annan or the Security Council.
            sector_ok = country == gold.country and not (set(sectors) & _FUNCTIONAL_SECTORS)
    return ActorJudgement(
        gold,
        located=True,
        predicted_code=actor.code or actor.country,
        predicted_country=country,
        predicted_text=mention,
        country_ok=country_ok,
        sector_ok=sector_ok,
        code_ok=country_ok and sector_ok is not False,
    )


def score_plover(records: Sequence[PloverRecord], documents: Sequence[Document]) -> PloverResult:
    """Judge every gold actor of `records` against the analyzed `documents` (same order)."""
    if len(records) != len(documents):
        raise ValueError(f"{len(records)} gold records but {len(documents)} documents")
    judgements = [
        judge_actor(gold, rec, doc)
        for rec, doc in zip(records, documents, strict=True)
        for gold in rec.actors
    ]
    return PloverResult(judgements, records=len(records))


def plover_path(data: Path | None = None) -> Path:
    path = (data or default_data_dir()) / PLOVER_FILE
    if not path.exists():
        raise DataMissing(f"PLOVER gold records not found: {path} (pass --data DIR)")
    return path


def evaluate_plover(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
) -> PloverResult:
    """Analyze the PLOVER gold sentences (dated as the records are) and score their actors.

    `data` is the folder holding `eventdata/` (default ../shared/data); `limit` takes the
    first N records only.
    """
    path = plover_path(data)
    records = load_plover(path)[:limit]
    articles = [Article(text=r.text, id=r.id, published=r.date) for r in records]
    result = score_plover(records, analyze_articles(articles, settings, workers, on_document))
    result.data = str(path)
    return result


# --- PETRARCH-2 unit tests -----------------------------------------------------------


@dataclass
class PetrarchSentence:
    id: str
    category: str
    date: str | None  # ISO
    text: str
    expected: list[str] = field(default_factory=list)  # distinct codes, in order of appearance
    unscored: list[str] = field(default_factory=list)  # expectations naming no actor
    skipped: str | None = None  # noevents | error:<kind>


@dataclass
class CodeJudgement:
    sentence: str
    category: str
    code: str  # expected
    found: bool
    predicted: list[str]  # codes of the sentence's predicted actors (normalised)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PetrarchResult:
    judgements: list[CodeJudgement]
    sentences: int  # sentences read
    scored_sentences: int
    skipped: dict[str, int]  # reason -> sentences
    unscored: dict[str, int]  # expectations that name no actor, by kind
    data: str = ""

    @property
    def n(self) -> int:
        return len(self.judgements)

    @property
    def accuracy(self) -> float | None:
        return _share(j.found for j in self.judgements)

    def by_category(self) -> dict[str, dict[str, Any]]:
        cats: dict[str, list[CodeJudgement]] = {}
        for j in self.judgements:
            cats.setdefault(j.category, []).append(j)
        return {
            c: {"n": len(js), "accuracy": _share(j.found for j in js)}
            for c, js in sorted(cats.items())
        }

    def errors(self, limit: int | None = None) -> list[CodeJudgement]:
        wrong = [j for j in self.judgements if not j.found]
        return wrong if limit is None else wrong[:limit]

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        return {
            "benchmark": "actors-petrarch",
            "data": self.data,
            "sentences": self.sentences,
            "scored_sentences": self.scored_sentences,
            "skipped": dict(self.skipped),
            "unscored": dict(self.unscored),
            "n": self.n,
            "accuracy": self.accuracy,
            "by_category": self.by_category(),
            "errors": [j.to_dict() for j in self.errors(errors)],
        }


def load_petrarch(path: Path) -> list[PetrarchSentence]:
    """The `<Sentence>` records of a PETRARCH unit-test file. Sentences of a category its
    `<Environment><Include>` list leaves out (PETRARCH does not run them) are skipped."""
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()
    include = set((root.findtext("Environment/Include") or "").split())
    sentences = []
    for s in root.iter("Sentence"):
        day = s.get("date") or ""
        sent = PetrarchSentence(
            id=s.get("id", ""),
            category=s.get("category", ""),
            date=f"{day[:4]}-{day[4:6]}-{day[6:8]}" if re.fullmatch(r"\d{8}", day) else None,
            text=" ".join((s.findtext("Text") or "").split()),
        )
        if include and sent.category not in include:
            sent.skipped = "category not in <Include>"
        for ec in s.findall("EventCoding"):
            if ec.get("error"):
                sent.skipped = f"error:{ec.get('error')}"
            elif (ec.get("noevents") or "").strip().lower() == "true":
                sent.skipped = sent.skipped or "noevents"
            for key in ("sourcecode", "targetcode"):
                code = (ec.get(key) or "").strip().upper()
                if not code:
                    continue
                found = sent.unscored if unscored_kind(code) else sent.expected
                if code not in found:
                    found.append(code)
        sentences.append(sent)
    return sentences


def unscored_kind(code: str) -> str | None:
    """What an expected PETRARCH "code" that names no actor is, or None for a real code."""
    if code.startswith('"'):
        return "actor text"
    return {"---": "null actor ---", "###": "discard code ###"}.get(code)


def petrarch_codes(actor: Actor) -> list[str]:
    """A predicted actor's codes in PETRARCH's spelling: upper case, `~GOV` (no country) as
    `---GOV`, and a multi-code dictionary entry (`FRO/BIL/SAM`) as each of its codes."""
    codes = alternatives((actor.code or "").strip().upper())
    return ["---" + c[1:] if c.startswith("~") else c for c in codes]


def score_petrarch(
    sentences: Sequence[PetrarchSentence], documents: Sequence[Document]
) -> PetrarchResult:
    """Judge each expected code of the scorable `sentences` against the analyzed
    `documents` (one per scorable sentence, in order)."""
    scorable = [s for s in sentences if not s.skipped and s.expected]
    if len(scorable) != len(documents):
        raise ValueError(f"{len(scorable)} scorable sentences but {len(documents)} documents")
    judgements = []
    for sent, doc in zip(scorable, documents, strict=True):
        predicted = sorted({c for a in doc.actors for c in petrarch_codes(a)})
        for code in sent.expected:
            judgements.append(
                CodeJudgement(sent.id, sent.category, code, code in predicted, predicted)
            )
    skipped = Counter(s.skipped or "no expected codes" for s in sentences if s not in scorable)
    return PetrarchResult(
        judgements,
        sentences=len(sentences),
        scored_sentences=len(scorable),
        skipped=dict(skipped),
        unscored=dict(
            Counter(unscored_kind(c) for s in sentences if not s.skipped for c in s.unscored)
        ),
    )


def petrarch_paths(data: Path | None = None) -> tuple[Path, tuple[str, ...]]:
    """The unit-test records and the (actors, agents) dictionaries they are coded with."""
    folder = (data or default_data_dir()) / PETRARCH_DIR
    paths = [folder / name for name in (PETRARCH_RECORDS, *PETRARCH_DICTIONARIES)]
    for path in paths:
        if not path.exists():
            raise DataMissing(f"PETRARCH-2 unit-test file not found: {path} (pass --data DIR)")
    return paths[0], tuple(str(p) for p in paths[1:])


def petrarch_settings(data: Path | None = None, base: Settings | None = None) -> Settings:
    """Settings with the PETR.Validate dictionaries instead of the shipped knowledge base."""
    _, dictionaries = petrarch_paths(data)
    return (base or Settings()).with_(actor_files=dictionaries, actor_defaults=False)


def evaluate_petrarch(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
) -> PetrarchResult:
    """Analyze the PETRARCH-2 unit-test sentences with their own dictionaries and score the
    actor codes they expect. `settings` gives the model etc.; its actor files are replaced."""
    records, _ = petrarch_paths(data)
    sentences = load_petrarch(records)[:limit]
    scorable = [s for s in sentences if not s.skipped and s.expected]
    articles = [
        Article(text=s.text, id=f"{s.id}#{n}", published=s.date) for n, s in enumerate(scorable)
    ]
    run_settings = petrarch_settings(data, settings)
    result = score_petrarch(
        sentences, analyze_articles(articles, run_settings, workers, on_document)
    )
    result.data = str(records)
    return result
