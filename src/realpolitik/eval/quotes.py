"""Quote attribution on PolNeAR (political news attribution relations, brat standoff).

Gold: `quotes/polnear/data/<split>/text/<doc>.txt` and `attributions/<doc>_<annotator>.ann`.
A document annotated by more than one annotator is scored against the first annotation file
in name order (the dev split has 84 texts and 94 annotation files). Every `E` line is one
relation: its Cue, Content and (optional) Source spans; a span may be discontinuous
(`start end;start end`).

Three roles are scored, each as precision / recall / F1 over the document's spans:

- exact: spans are equal after trimming edge whitespace, quote marks and punctuation (every
  character that is not a letter or digit); a discontinuous span is compared by its extent,
  from the start of its first piece to the end of its last;
- overlap: the token Jaccard of the two spans (words of the pieces) is >= 0.5.

Spans are matched one to one, gold to prediction (greedy, best Jaccard first). A relation
is found when one predicted relation matches its cue and content by overlap, and its source
by overlap too (or both have none): relation F1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, Document
from ..settings import Settings
from . import DataMissing, default_data_dir

POLNEAR_DIR = Path("quotes/polnear/data")
SPLITS = ("train", "dev", "annotator-training")
ROLES = ("source", "cue", "content")
_WORD = re.compile(r"\w+")

Fragments = tuple[tuple[int, int], ...]


# --- gold -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """One attribution: cue and content, and a source unless none is given."""

    cue: Fragments
    content: Fragments
    source: Fragments | None = None

    def role(self, name: str) -> Fragments | None:
        return getattr(self, name)


@dataclass
class GoldDocument:
    name: str
    text: str
    relations: list[Relation] = field(default_factory=list)
    annotation: str = ""  # the .ann file read


def parse_fragments(offsets: str) -> Fragments:
    """`"12 20;22 30"` -> ((12, 20), (22, 30))."""
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


def read_brat(ann: str) -> list[Relation]:
    """The relations of a brat standoff annotation (the text of a .ann file)."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (kind, parse_fragments(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in cols[1].split()])  # type: ignore[misc]
    relations = []
    for args in events:
        roles: dict[str, list[Fragments]] = {}
        for role, ref in args:
            if ref in spans:
                roles.setdefault(role.rstrip("0123456789").lower(), []).append(spans[ref][1])
        if not roles.get("cue") or not roles.get("content"):
            continue
        content = tuple(sorted(p for frags in roles["content"] for p in frags))
        cue = tuple(sorted(p for frags in roles["cue"] for p in frags))
        source = roles.get("source")
        relations.append(Relation(cue, content, source[0] if source else None))
    return relations


def load_polnear(
    data: Path | None = None, split: str = "dev", every_annotator: bool = False
) -> list[GoldDocument]:
    """The documents of one PolNeAR split with their gold relations: the first annotator's
    of each text, or with `every_annotator` one document per annotation (texts repeat)."""
    if split not in SPLITS:
        raise DataMissing(f"unknown PolNeAR split {split!r}; use one of {', '.join(SPLITS)}")
    folder = (data or default_data_dir()) / POLNEAR_DIR / split
    texts, anns = folder / "text", folder / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise DataMissing(f"PolNeAR {split} split not found in {folder} (pass --data DIR)")
    by_doc: dict[str, list[Path]] = {}
    for ann in sorted(anns.glob("*.ann")):
        by_doc.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    docs = []
    for name, files in sorted(by_doc.items()):
        txt = texts / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text("utf-8")
        for ann in files if every_annotator else files[:1]:
            docs.append(GoldDocument(name, text, read_brat(ann.read_text("utf-8")), ann.name))
    return docs


# --- comparing spans --------------------------------------------------------------------


def trimmed(text: str, frags: Fragments) -> tuple[int, int]:
    """The extent of `frags` without edge whitespace, quote marks or punctuation."""
    start, end = frags[0][0], frags[-1][1]
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def words(text: str, frags: Fragments) -> frozenset[int]:
    """Start offsets of the words in `frags`: the token set for Jaccard."""
    return frozenset(m.start() for s, e in frags for m in _WORD.finditer(text, s, e))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class Counts:
    tp: int = 0
    gold: int = 0
    predicted: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.gold += other.gold
        self.predicted += other.predicted

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "gold": self.gold,
            "predicted": self.predicted,
        }


def match_exact(text: str, gold: Sequence[Fragments], pred: Sequence[Fragments]) -> int:
    """Spans equal after trimming, matched one to one."""
    remaining: dict[tuple[int, int], int] = {}
    for g in gold:
        key = trimmed(text, g)
        remaining[key] = remaining.get(key, 0) + 1
    tp = 0
    for p in pred:
        key = trimmed(text, p)
        if remaining.get(key):
            remaining[key] -= 1
            tp += 1
    return tp


def match_overlap(text: str, gold: Sequence[Fragments], pred: Sequence[Fragments]) -> int:
    """Spans with token Jaccard >= 0.5, matched one to one (best pairs first)."""
    gw = [words(text, g) for g in gold]
    pw = [words(text, p) for p in pred]
    pairs = []
    for i, g in enumerate(gw):
        for j, p in enumerate(pw):
            if g & p or (not g and not p):
                score = jaccard(g, p)
                if score >= 0.5:
                    pairs.append((score, i, j))
    used_g, used_p, tp = set(), set(), 0
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            tp += 1
    return tp


def _same(text: str, g: Fragments | None, p: Fragments | None) -> bool:
    if g is None or p is None:
        return g is None and p is None
    return jaccard(words(text, g), words(text, p)) >= 0.5


def match_relations(text: str, gold: Sequence[Relation], pred: Sequence[Relation]) -> int:
    """Relations whose cue, content and source all match by overlap, one to one."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j in used:
                continue
            if all(_same(text, g.role(r), p.role(r)) for r in ("cue", "content", "source")):
                used.add(j)
                tp += 1
                break
    return tp


@dataclass
class QuoteScores:
    """Exact and overlap counts per role, and relation counts, summed over documents."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    relations: Counts = field(default_factory=Counts)
    documents: int = 0
    data: str = ""

    def add(self, text: str, gold: Sequence[Relation], pred: Sequence[Relation]) -> None:
        self.documents += 1
        for role in ROLES:
            g = [s for r in gold if (s := r.role(role)) is not None]
            p = [s for r in pred if (s := r.role(role)) is not None]
            self.exact[role].add(Counts(match_exact(text, g, p), len(g), len(p)))
            self.overlap[role].add(Counts(match_overlap(text, g, p), len(g), len(p)))
        self.relations.add(Counts(match_relations(text, gold, pred), len(gold), len(pred)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "data": self.data,
            "exact": {r: c.to_dict() for r, c in self.exact.items()},
            "overlap": {r: c.to_dict() for r, c in self.overlap.items()},
            "relations": self.relations.to_dict(),
        }

    def table(self) -> str:
        lines = [
            f"PolNeAR: {self.documents} documents  {self.data}",
            f"{'':10}{'exact P':>9}{'R':>7}{'F1':>7}   {'overlap P':>9}{'R':>7}{'F1':>7}",
        ]
        for role in ROLES:
            e, o = self.exact[role], self.overlap[role]
            lines.append(
                f"{role:10}{e.precision:9.1%}{e.recall:7.1%}{e.f1:7.1%}   "
                f"{o.precision:9.1%}{o.recall:7.1%}{o.f1:7.1%}"
            )
        r = self.relations
        lines.append(
            f"{'relation':10}{'':23}   {r.precision:9.1%}{r.recall:7.1%}{r.f1:7.1%}"
            f"  ({r.gold} gold, {r.predicted} predicted)"
        )
        return "\n".join(lines)


def relations_of(quotes: Iterable[dict[str, Any]]) -> list[Relation]:
    """Predicted quote records (`Document.quotes`) as relations."""
    out = []
    for q in quotes:
        content = q.get("content")
        if not content:
            continue
        parts = content.get("parts") or [content]
        cue, speaker = q.get("cue"), q.get("speaker")
        out.append(
            Relation(
                cue=((cue["start"], cue["end"]),) if cue else (),
                content=tuple((p["start"], p["end"]) for p in parts),
                source=((speaker["start"], speaker["end"]),) if speaker else None,
            )
        )
    return out


def score_documents(gold: Sequence[GoldDocument], documents: Iterable[Document]) -> QuoteScores:
    scores = QuoteScores()
    for g, doc in zip(gold, documents, strict=True):
        scores.add(g.text, g.relations, relations_of(doc.quotes))
    return scores


def evaluate_polnear(
    data: Path | None = None,
    split: str = "dev",
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
) -> QuoteScores:
    """Run the pipeline over a PolNeAR split and score its quotes against the gold."""
    from ..pipeline import Analyzer

    data = data or default_data_dir()
    gold = load_polnear(data, split)[:limit]
    articles = [Article(text=g.text, id=g.name) for g in gold]

    def documents() -> Iterable[Document]:
        for doc in Analyzer(settings or Settings()).analyze(articles, workers=workers):
            if on_document:
                on_document()
            yield doc

    scores = score_documents(gold, documents())
    scores.data = str(data / POLNEAR_DIR / split)
    return scores
