"""Source and target spans on real news: ConfliBERT's `cameo_ner` sentences.

`../shared/data/eventdata/conflibert/cameo_ner/train.txt` holds 1,153 wire sentences, one
token per line with a BIO tag: `S` the source of the sentence's main event, `T` its target,
`R` a party of a reciprocal event (both source and target: "A and B met"). Only the main
event is marked. We carve a fixed held-out part out of that file: every fifth sentence
(index % 5 == 0, 231 sentences) is `dev`; the other 922 are `train`, the only ones the
argument-role model (`scripts/train_argument_roles.py`) learns from. `--split train` in the
CLI names the file; `part` picks dev (held out, the figure we report) or train.

Scores (see `ArgResult`):
- source and target span F1 over the main event (`main_event` flag), a predicted span
  matching a gold span when their token Jaccard is >= 0.5 ("overlap") or the tokens are
  the same ("exact"); an `R` span matches either role;
- precision over all events (every distinct predicted source/target span of the sentence);
- dyad recall: share of sentences with a gold source and target where one event has both
  right (any event, and the main event).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, Document
from ..settings import Settings
from . import PR, DataMissing, default_data_dir
from .quotes import jaccard

CAMEO_NER_FILE = Path("eventdata/conflibert/cameo_ner/train.txt")
DEV_EVERY = 5  # sentence k is held out when k % DEV_EVERY == 0
PARTS = ("dev", "train", "all", "unseen")
CLASSIFIER_FILE = Path("eventdata/conflibert/cameo_class/train.tsv")
JACCARD = 0.5

# no space before these tokens when the sentence is put back together
_NO_SPACE_BEFORE = {",", ".", ":", ";", ")", "]", "?", "!", "%", "'s", "'", "n't", "'re", "'ll"}
_NO_SPACE_AFTER = {"(", "[", "$"}


@dataclass
class ArgSentence:
    """One annotated sentence: its text (tokens rejoined), token offsets and gold spans."""

    index: int
    tokens: list[str]
    tags: list[str]
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text, self.offsets = detokenize(self.tokens)

    def spans(self, role: str) -> list[frozenset[int]]:
        """The token-index sets of the gold spans of `role` (S, T or R)."""
        out: list[frozenset[int]] = []
        cur: list[int] = []
        for i, tag in enumerate([*self.tags, "O"]):
            if cur and tag != f"I-{role}":  # a span ends where its role's I- tags stop
                out.append(frozenset(cur))
                cur = []
            if tag in (f"B-{role}", f"I-{role}"):  # a stray I- starts a span too
                cur.append(i)
        return out

    def gold(self, role: str) -> list[frozenset[int]]:
        """Gold spans for `source` or `target`: its own tag plus the reciprocal `R` spans."""
        return self.spans("S" if role == "source" else "T") + self.spans("R")

    def tokens_of(self, start: int, end: int) -> frozenset[int]:
        """The tokens a character span [start, end) of `text` overlaps."""
        return frozenset(i for i, (s, e) in enumerate(self.offsets) if s < end and start < e)

    def words(self, toks: frozenset[int]) -> str:
        return " ".join(self.tokens[i] for i in sorted(toks))


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join CoNLL tokens into text a parser reads as news; returns the text and offsets.

    The file splits what news text writes together: "3 , 000", "Arab - Israeli",
    "Saudi Arabia ’ s", "L ó pez"; those are joined again."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for k, tok in enumerate(tokens):
        if k and _spaced(tokens, k):
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), offsets


def _spaced(tokens: Sequence[str], k: int) -> bool:
    """Whether a space goes between token k - 1 and token k."""
    prev, tok = tokens[k - 1], tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
    before = tokens[k - 2] if k > 1 else ""
    if tok in _NO_SPACE_BEFORE and not (tok == "," and prev.isdigit() and nxt.isdigit()):
        return False
    if prev in _NO_SPACE_AFTER:
        return False
    if tok == "," or prev == ",":  # "3,000"
        return not (
            (tok == "," and prev.isdigit() and len(nxt) == 3 and nxt.isdigit())
            or (prev == "," and before.isdigit() and len(tok) == 3 and tok.isdigit())
        )
    if tok in ("-", "’s") or prev == "-":  # "Arab-Israeli", "Saudi Arabia’s"
        return False
    if tok == "’" and nxt == "s" or prev == "’" and tok == "s":
        return False
    # a lone accented letter the file split off a name: "L ó pez" is "López"
    return not (_lone_accent(tok) or _lone_accent(prev))


def _lone_accent(tok: str) -> bool:
    return len(tok) == 1 and tok.isalpha() and not tok.isascii()


def load_cameo_ner(path: Path) -> list[ArgSentence]:
    if not path.is_file():
        raise DataMissing(f"no cameo_ner file at {path}")
    sentences: list[ArgSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                sentences.append(ArgSentence(len(sentences), tokens, tags))
                tokens, tags = [], []
            continue
        word, tag = line.rsplit(" ", 1)
        tokens.append(word)
        tags.append(tag)
    return sentences


def part_of(
    sentences: Sequence[ArgSentence], part: str, data: Path | None = None
) -> list[ArgSentence]:
    """The fixed held-out `dev` part (every fifth sentence), the `train` rest, `all`, or
    `unseen`: the sentences the event-type classifier never saw (it learns from
    ConfliBERT's cameo_class file, which holds most cameo_ner sentences too; the events
    it suggests are only judged fairly on these)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    if part == "all":
        return list(sentences)
    if part == "unseen":
        path = (data or default_data_dir()) / CLASSIFIER_FILE
        if not path.is_file():
            raise DataMissing(f"no cameo_class file at {path}")
        lines = path.read_text("utf-8", errors="replace").splitlines()
        seen = {_letters(line.split("\t")[0]) for line in lines}
        return [s for s in sentences if _letters("".join(s.tokens)) not in seen]
    held = part == "dev"
    return [s for s in sentences if (s.index % DEV_EVERY == 0) == held]


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def cameo_ner_path(data: Path | None = None) -> Path:
    return (data or default_data_dir()) / CAMEO_NER_FILE


# --- scoring ------------------------------------------------------------------------------


def matches(pred: frozenset[int] | None, gold: Sequence[frozenset[int]], exact: bool) -> bool:
    if not pred:
        return False
    if exact:
        return any(pred == g for g in gold)
    return any(jaccard(pred, g) >= JACCARD for g in gold)


@dataclass
class ArgJudgement:
    """What was predicted for one sentence, as token sets, and which error it shows."""

    sentence: ArgSentence
    main: dict[str, frozenset[int] | None]  # role -> the main event's span
    events: list[tuple[frozenset[int] | None, frozenset[int] | None, str | None]]
    dyad_any: bool = False
    dyad_main: bool = False

    def ok(self, role: str) -> bool:
        return matches(self.main[role], self.sentence.gold(role), exact=False)

    def to_dict(self) -> dict[str, Any]:
        s = self.sentence
        return {
            "index": s.index,
            "text": s.text,
            "gold_source": [s.words(g) for g in s.gold("source")],
            "gold_target": [s.words(g) for g in s.gold("target")],
            "source": s.words(self.main["source"]) if self.main["source"] else None,
            "target": s.words(self.main["target"]) if self.main["target"] else None,
            "events": len(self.events),
            "error": error_kind(self),
        }


@dataclass
class ArgResult:
    part: str
    data: str = ""
    judgements: list[ArgJudgement] = field(default_factory=list)
    scores: dict[str, PR] = field(default_factory=dict)  # "source/overlap/main" -> PR
    dyad_any: int = 0
    dyad_main: int = 0
    dyad_gold: int = 0  # sentences with a gold source and a gold target

    @property
    def n(self) -> int:
        return len(self.judgements)

    def f1(self, role: str, rule: str = "overlap") -> float | None:
        return self.scores[f"{role}/{rule}/main"].f1

    @property
    def dyad_recall(self) -> float | None:
        return self.dyad_any / self.dyad_gold if self.dyad_gold else None

    @property
    def dyad_recall_main(self) -> float | None:
        return self.dyad_main / self.dyad_gold if self.dyad_gold else None

    def error_kinds(self) -> Counter[str]:
        return Counter(error_kind(j) for j in self.judgements if error_kind(j) != "right")

    def errors(self, limit: int | None = None, seed: int = 0) -> list[ArgJudgement]:
        wrong = [j for j in self.judgements if error_kind(j) != "right"]
        random.Random(seed).shuffle(wrong)
        return wrong[:limit]

    def to_dict(self, errors: int = 0) -> dict[str, Any]:
        return {
            "part": self.part,
            "data": self.data,
            "sentences": self.n,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "dyad_recall": self.dyad_recall,
            "dyad_recall_main": self.dyad_recall_main,
            "dyad_sentences": self.dyad_gold,
            "error_kinds": dict(self.error_kinds().most_common()),
            "errors": [j.to_dict() for j in self.errors(errors)],
        }


def error_kind(j: ArgJudgement) -> str:
    """One label for what went wrong in a sentence (the note's error categories)."""
    s = j.sentence
    gold_s, gold_t = s.gold("source"), s.gold("target")
    src_ok = not gold_s or j.ok("source")
    tgt_ok = not gold_t or j.ok("target")
    if src_ok and tgt_ok:
        return "right"
    if not j.events:
        return "no event"
    if not src_ok and not tgt_ok:
        return "both wrong"
    role, gold = ("source", gold_s) if not src_ok else ("target", gold_t)
    pred = j.main[role]
    if pred is None:
        return f"{role} missing"
    if any(pred & g for g in gold):
        return f"{role} span too {'long' if len(pred) > max(map(len, gold)) else 'short'}"
    if role == "source" and any(pred == t for t in gold_t):
        return "source and target swapped"
    return f"{role} another phrase"


def _span(s: ArgSentence, participant: dict[str, Any] | None) -> frozenset[int] | None:
    if not participant or participant.get("start") is None:
        return None
    toks = s.tokens_of(participant["start"], participant["end"])
    return toks or None


def judge(s: ArgSentence, doc: Document) -> ArgJudgement:
    events = [
        (_span(s, e.get("source")), _span(s, e.get("target")), e.get("cameo")) for e in doc.events
    ]
    main_events = [e for e in doc.events if e.get("main_event")] or doc.events[:1]
    main = main_events[0] if main_events else {}
    j = ArgJudgement(
        s, {"source": _span(s, main.get("source")), "target": _span(s, main.get("target"))}, events
    )
    gold_s, gold_t = s.gold("source"), s.gold("target")
    if gold_s and gold_t:
        both = [
            matches(src, gold_s, exact=False) and matches(tgt, gold_t, exact=False)
            for src, tgt, _ in events
        ]
        j.dyad_any = any(both)
        j.dyad_main = (
            bool(both)
            and matches(j.main["source"], gold_s, False)
            and matches(j.main["target"], gold_t, False)
        )
    return j


def score(judgements: Sequence[ArgJudgement], part: str) -> ArgResult:
    result = ArgResult(part, judgements=list(judgements))
    for role in ("source", "target"):
        for rule in ("overlap", "exact"):
            exact = rule == "exact"
            main, every = PR(), PR()
            for j in judgements:
                gold = j.sentence.gold(role)
                main.n_gold += len(gold)
                every.n_gold += len(gold)
                pred = j.main[role]
                if pred:
                    main.n_pred += 1
                    main.tp_pred += matches(pred, gold, exact)
                main.tp_gold += sum(matches(pred, [g], exact) for g in gold)
                k = 0 if role == "source" else 1
                spans = {e[k] for e in j.events if e[k]}
                every.n_pred += len(spans)
                every.tp_pred += sum(matches(p, gold, exact) for p in spans)
                every.tp_gold += sum(any(matches(p, [g], exact) for p in spans) for g in gold)
            result.scores[f"{role}/{rule}/main"] = main
            result.scores[f"{role}/{rule}/all"] = every
    for j in judgements:
        if j.sentence.gold("source") and j.sentence.gold("target"):
            result.dyad_gold += 1
            result.dyad_any += j.dyad_any
            result.dyad_main += j.dyad_main
    return result


def evaluate_cameo_args(
    data: Path | None = None,
    *,
    part: str = "dev",
    limit: int | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    on_document: Callable[[], None] | None = None,
) -> ArgResult:
    """Analyse each sentence of `part` as its own document and score its events' arguments."""
    from ..api import analyze_many

    path = cameo_ner_path(data)
    sentences = part_of(load_cameo_ner(path), part, data)[:limit]
    articles = [Article(text=s.text, id=f"cameo-ner-{s.index}") for s in sentences]
    judgements = []
    documents = analyze_many(articles, workers=workers, settings=settings)
    for s, doc in zip(sentences, documents, strict=True):
        judgements.append(judge(s, doc))
        if on_document:
            on_document()
    result = score(judgements, part)
    result.data = str(path)
    return result
