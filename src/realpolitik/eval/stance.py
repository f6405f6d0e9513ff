"""Score stances and the opportunities-and-risks assessment on our own gold set.

The gold set (`benchmarks/gold/`, see its README) marks, in 16 PolNeAR political news
articles that are not the example, every stance an actor takes on an issue (holder span,
code, issue, favor/against, evidence sentence) and, for the article's focal actor, every
sentence describing an opportunity or a risk for it. It holds offsets only: the texts are
read from ../shared/data/quotes/polnear and checked against their sha256.

Stances: a predicted stance is right when a gold stance in the same document has the same
issue and polarity, an overlapping evidence sentence, and the same holder (the gold holder
span overlaps a mention of the predicted actor, or the codes are equal). Precision over
predicted stances, recall over gold stance rows; also issue+polarity with any holder.

Assessment: a predicted item is right when its evidence overlaps a gold sentence with the
same label. Two views: every item above the score threshold (the candidate pool), and the
ranked lists a reader sees (the top `LIMIT` per list), whose recall is capped by design.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, Document
from ..settings import Settings
from . import PR, REPO_ROOT, DataMissing, default_data_dir

GOLD = REPO_ROOT / "benchmarks" / "gold"


@dataclass
class StanceGoldResult:
    documents: int
    stances: PR = field(default_factory=PR)
    stances_any_holder: PR = field(default_factory=PR)
    assessment_pool: PR = field(default_factory=PR)
    assessment_pool_any_label: PR = field(default_factory=PR)
    assessment_lists: PR = field(default_factory=PR)
    by_label: dict[str, PR] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    data: str = ""
    split: str = "all"

    def rows(self) -> list[tuple[str, PR]]:
        return [
            ("stances (holder, issue, polarity, sentence)", self.stances),
            ("stances (issue, polarity, sentence; any holder)", self.stances_any_holder),
            ("assessment, every item above threshold (label)", self.assessment_pool),
            ("assessment, every item above threshold (any label)", self.assessment_pool_any_label),
            ("assessment, the ranked lists shown (top per list)", self.assessment_lists),
            *((f"  {label} (pool)", pr) for label, pr in sorted(self.by_label.items())),
        ]

    def to_dict(self, errors: int = 0) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "data": self.data,
            "figures": {name.strip(): pr.to_dict() for name, pr in self.rows()},
            "errors": self.errors[:errors],
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise DataMissing(f"gold file not found: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_gold(
    data: Path | None = None, gold: Path = GOLD
) -> tuple[list[dict], list[dict], list[dict], dict[str, str]]:
    """(documents, stances, assessment rows, texts by doc), texts checked against sha256."""
    root = (data or default_data_dir()) / "quotes" / "polnear" / "data"
    docs = _read_jsonl(gold / "documents.jsonl")
    texts: dict[str, str] = {}
    for d in docs:
        path = root / d["doc"]
        if not path.exists():
            raise DataMissing(f"PolNeAR text not found: {path}")
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != d["sha256"]:
            raise DataMissing(f"{path}: text differs from the one annotated (sha256)")
        texts[d["doc"]] = text
    return docs, _read_jsonl(gold / "stances.jsonl"), _read_jsonl(gold / "assessment.jsonl"), texts


def evaluate_stance_gold(
    data: Path | None = None,
    *,
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 2,
    on_document: Callable[[], None] | None = None,
    gold: Path = GOLD,
    split: str = "all",
) -> StanceGoldResult:
    """`split`: "dev" (the 8 PolNeAR dev-split articles: the cue lexicons were tuned on
    their errors), "train" (the 8 train-split articles: held out from that tuning) or "all".
    """
    from ..pipeline import Analyzer
    from ..stance.assess import LIMIT, assess

    docs, stances, assessment, texts = load_gold(data, gold)
    if split != "all":
        docs = [d for d in docs if d.get("split") == split]
    if limit:
        docs = docs[:limit]
    names = sorted({d["doc"] for d in docs})
    articles = [Article(text=texts[n], id=n, origin=n) for n in names]
    analyzed: dict[str, Document] = {}
    for doc in Analyzer(settings).analyze(articles, workers=workers):
        analyzed[doc.id] = doc
        if on_document:
            on_document()
    result = StanceGoldResult(documents=len(names), data=str(gold), split=split)
    for name in names:
        doc = analyzed[name]
        meta = [d for d in docs if d["doc"] == name]
        if any(d.get("stances_exhaustive") for d in meta):
            _score_stances(doc, [s for s in stances if s["doc"] == name], result)
        for d in meta:
            if not d.get("assessment_exhaustive") or not d.get("focus"):
                continue
            rows = [a for a in assessment if a["doc"] == name and a["focus"] == d["focus"]]
            pool = assess([doc], d["focus"], limit=1000)
            shown = assess([doc], d["focus"], limit=LIMIT)
            _score_items(doc, pool, rows, result, pool=True)
            _score_items(doc, shown, rows, result, pool=False)
    return result


def _score_stances(doc: Document, gold: list[dict[str, Any]], result: StanceGoldResult) -> None:
    mentions = {a.id: [(m.start, m.end) for m in a.mentions] for a in doc.actors}

    def same_holder(p: dict[str, Any], g: dict[str, Any]) -> bool:
        span = (g["actor_start"], g["actor_end"])
        if any(_overlap(span, m) for m in mentions.get(p["actor"], ())):
            return True
        return bool(g.get("code")) and g["code"] == p.get("code")

    def matches(p: dict[str, Any], g: dict[str, Any], holder: bool) -> bool:
        ev = (p["evidence"]["start"], p["evidence"]["end"])
        return (
            g["issue"] == p["issue"]
            and g["stance"] == p["stance"]
            and _overlap(ev, (g["evidence_start"], g["evidence_end"]))
            and (not holder or same_holder(p, g))
        )

    for holder, pr in ((True, result.stances), (False, result.stances_any_holder)):
        one = PR(n_pred=len(doc.stances), n_gold=len(gold))
        one.tp_pred = sum(any(matches(p, g, holder) for g in gold) for p in doc.stances)
        one.tp_gold = sum(any(matches(p, g, holder) for p in doc.stances) for g in gold)
        pr.add(one)
        if holder:
            for p in doc.stances:
                if not any(matches(p, g, True) for g in gold):
                    result.errors.append(
                        {
                            "doc": doc.id,
                            "kind": "stance not in gold",
                            "predicted": f"{p['name']} {p['issue']} {p['stance']}",
                            "evidence": p["evidence"]["text"][:160],
                        }
                    )


def _score_items(
    doc: Document,
    assessed: dict[str, Any],
    gold: list[dict[str, Any]],
    result: StanceGoldResult,
    pool: bool,
) -> None:
    predicted = [
        (label, (ev["start"], ev["end"]))
        for key, label in (("opportunities", "opportunity"), ("risks", "risk"))
        for item in assessed[key]
        for ev in item["evidence"][:1]
        if ev.get("doc_id") == doc.id
    ]
    spans = [(g["label"], (g["start"], g["end"])) for g in gold]

    def pr(any_label: bool, only: str | None = None) -> PR:
        pred = [p for p in predicted if only is None or p[0] == only]
        gl = [g for g in spans if only is None or g[0] == only]

        def hit(a, b):
            return _overlap(a[1], b[1]) and (any_label or a[0] == b[0])

        return PR(
            tp_pred=sum(any(hit(p, g) for g in gl) for p in pred),
            n_pred=len(pred),
            tp_gold=sum(any(hit(p, g) for p in pred) for g in gl),
            n_gold=len(gl),
        )

    if pool:
        result.assessment_pool.add(pr(False))
        result.assessment_pool_any_label.add(pr(True))
        for label in ("opportunity", "risk"):
            result.by_label.setdefault(label, PR()).add(pr(False, label))
    else:
        result.assessment_lists.add(pr(False))
