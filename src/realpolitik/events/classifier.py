"""The learned second opinion for an event's type: a sentence's CAMEO penta class.

Classes (Phoenix/ConfliBERT convention, see `cameo.penta_class`): 0 neutral (statements,
appeals), 1 verbal cooperation, 2 material cooperation, 3 verbal conflict (incl. 16 reduce
relations), 4 material conflict. The event coder asks it where no verb pattern fires or
patterns disagree.

The model is linear (a squared-hinge SVM, its scores turned into probabilities by a softmax of
the scores times a scale fitted on out-of-fold scores) over three blocks of TF-IDF features:

- word unigrams and bigrams,
- character 2-5-grams within words,
- event cues from the parse: the CAMEO roots and classes that the sentence's verbs (and
  event nouns) take in the Phoenix CAMEO.2.0 verb dictionary, with and without its
  object patterns, marked for the main verb and for intent/future framing ("agreed to
  lift", "will attack"), plus the main verb's lemma, its objects and complements.

`training.plover_type_oof` fits the same features to the 16 current PLOVER types, out of fold, for
`eval plover-gsr`'s second opinion where no verb pattern gives a type (no shipped model: the
PLOVER gold records it learns from are the benchmark itself).

The shipped artifact (`data/events/event_type.npz`, built by `scripts/train_event_classifier.py`)
holds the vocabulary, IDF weights, coefficients and the verb lexicon; loading and predicting
need only numpy and a spaCy pipeline. Training and `cross_validate` are in `training.py` and
need scikit-learn. Training data: the ConfliBERT CAMEO 5-class training split, the CAMEO
manual examples and the PLOVER gold records (see `training.training_data`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .cameo import penta_class

LABELS = (
    "neutral",
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)
ARTIFACT = "event_type.npz"
# The PLOVER-type model the event coder ships (`train_plover_model`): its honest figures are
# the out-of-fold ones `eval plover-gsr` prints (`plover_type_oof`), since it learns from the
# PLOVER gold records that benchmark scores.
PLOVER_ARTIFACT = "event_plover.npz"
FORMAT_VERSION = 1

# Verbs whose complement is intended, not done: "agreed to lift", "threatened to attack".
_INTENT_HEADS = frozenset(
    "agree promise pledge offer vow plan decide threaten warn prepare intend expect "
    "seek want hope propose consider ready willing able commit undertake".split()
)
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
_MODAL_AUX = frozenset({"may", "might", "could", "can", "should", "must"})
_ARG_DEPS = frozenset(
    "dobj xcomp ccomp prep aux neg auxpass acomp attr nsubjpass dative prt".split()
)


class Prediction(NamedTuple):
    label: str  # one of LABELS
    probability: float

    @property
    def penta_class(self) -> int:
        return LABELS.index(self.label)


# --- the CAMEO verb lexicon ------------------------------------------------------------


_CODE = re.compile(r"\[([^\]]*)\]")


def _code_of(line: str) -> str | None:
    """The CAMEO code of a dictionary line: [190] -> 190, [042:043] -> 042, [---] -> None."""
    m = _CODE.search(line)
    if not m:
        return None
    parts = [p for p in m.group(1).replace("!", "").split(":") if p and p != "---"]
    return parts[0] if parts and parts[0].isdigit() else None


@dataclass
class VerbLexicon:
    """Verb forms and object patterns -> CAMEO codes, from a PETRARCH-format verb dictionary.

    `verbs` maps a first word (base form or listed inflection, lower case) to entries
    (all words of the form, CAMEO code or None, the base form); `patterns` maps a base form to
    (words before the verb, words after it, code), where a word is a literal or the name of
    one of the `synsets` (`&WEAPON`), any member of which will do.
    """

    verbs: dict[str, list[tuple[tuple[str, ...], str | None, str]]] = field(default_factory=dict)
    patterns: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = field(
        default_factory=dict
    )
    synsets: dict[str, frozenset[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        d = {
            "verbs": self.verbs,
            "patterns": self.patterns,
            "synsets": {k: sorted(v) for k, v in self.synsets.items()},
        }
        return json.dumps(d, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> VerbLexicon:
        d = json.loads(text)
        return cls(
            {k: [(tuple(w), c, b) for w, c, b in v] for k, v in d["verbs"].items()},
            {k: [(tuple(b), tuple(a), c) for b, a, c in v] for k, v in d["patterns"].items()},
            {k: frozenset(v) for k, v in d["synsets"].items()},
        )

    def _present(self, word: str, words: set[str]) -> bool:
        if word.startswith("&"):
            return not self.synsets.get(word, frozenset()).isdisjoint(words)
        return word in words

    def hits(self, toks: Sequence[_Tok]) -> Iterable[tuple[int, str, int]]:
        """(token index, CAMEO code, pattern specificity: 0 for a bare verb) for a sentence."""
        n = len(toks)
        for i, t in enumerate(toks):
            if t.pos not in ("VERB", "NOUN", "ADJ"):
                continue
            entries = self.verbs.get(t.lemma, []) + (
                self.verbs.get(t.lower, []) if t.lower != t.lemma else []
            )
            for words, code, base in entries:
                if any(
                    i + k >= n or w not in (toks[i + k].lower, toks[i + k].lemma)
                    for k, w in enumerate(words[1:], 1)
                ):
                    continue
                if code:
                    yield i, code, 0
                patterns = self.patterns.get(base, ())
                if not patterns:
                    continue
                before = {x for u in toks[max(0, i - 8) : i] for x in (u.lower, u.lemma)}
                after = {x for u in toks[i + 1 : i + 12] for x in (u.lower, u.lemma)}
                for bef, aft, pcode in patterns:
                    if all(self._present(w, before) for w in bef) and all(
                        self._present(w, after) for w in aft
                    ):
                        yield i, pcode, len(bef) + len(aft)


def read_verb_dictionary(path: str | Path) -> VerbLexicon:
    """A `VerbLexicon` from a PETRARCH/Phoenix verb dictionary such as CAMEO.2.0.txt.

    Kept: verb blocks (`--- NAME [code] ---`), their verbs with inflections and own codes,
    synonym sets (`&FOOD`, by their last word), and `- ... * ... [code]` patterns reduced to
    the literal words before and after the verb (actor slots, prepositional grouping and
    order are dropped: this feeds a classifier's features, it is not an event coder).
    """
    synsets: dict[str, set[str]] = {}
    lex = VerbLexicon()
    patterns: dict[str, list] = defaultdict(list)
    in_verbs, current_syn, block_code = False, None, None
    block: list[str] = []
    for raw in Path(path).read_text("utf-8", errors="replace").splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_syn = None
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_syn = line.strip()
                synsets[current_syn] = set()
            elif line.startswith("+") and current_syn:
                words = line[1:].strip().strip("_").lower().replace("_", " ").split()
                if words:
                    synsets[current_syn].add(words[-1])
            continue
        if line.startswith("---"):
            block_code, block = _code_of(line), []
            continue
        if line.startswith("-"):
            code = _code_of(line)
            body = _CODE.sub("", line[1:])
            if code and "*" in body:
                bef, aft = _pattern_words(body, synsets)
                if bef or aft:
                    for verb in block:
                        patterns[verb].append((bef, aft, code))
            continue
        code = _code_of(line) or block_code
        body = _CODE.sub("", line)
        forms = re.findall(r"\{([^}]*)\}", body)
        word = re.sub(r"\{[^}]*\}", "", body).strip().lstrip("+").strip("_").lower()
        if not word:
            continue
        base = word.replace("_", " ")
        block.append(base)
        inflections = [f.lstrip("+").lower().replace("_", " ") for f in " ".join(forms).split()]
        for form in dict.fromkeys([base, *inflections]):
            words = tuple(form.split())
            lex.verbs.setdefault(words[0], []).append((words, code, base))
    lex.patterns = dict(patterns)
    lex.synsets = {k: frozenset(v) for k, v in synsets.items() if v}
    return lex


def _pattern_words(body: str, synsets: dict[str, set[str]]):
    before: list[str] = []
    after: list[str] = []
    seen_verb = False
    for tok in re.findall(r"&\w+|\*|[A-Za-z][A-Za-z'\-]*", re.sub(r"[{}()]", " ", body)):
        if tok == "*":
            seen_verb = True
            continue
        if tok.startswith("&") and not synsets.get(tok):
            continue  # an unknown or empty synonym set
        (after if seen_verb else before).append(tok if tok.startswith("&") else tok.lower())
    return tuple(before), tuple(after)


# --- features ---------------------------------------------------------------------------


class _Tok(NamedTuple):
    lower: str
    lemma: str
    pos: str
    dep: str
    head: int  # index within the sentence
    tag: str


def _tokens(span) -> list[_Tok]:
    """The sentence's non-space tokens; a head outside the sentence becomes -1."""
    kept = [t for t in span if not t.is_space]
    position = {t.i: k for k, t in enumerate(kept)}
    return [
        _Tok(t.lower_, t.lemma_.lower(), t.pos_, t.dep_, position.get(t.head.i, -1), t.tag_)
        for t in kept
    ]


def _char_ngrams(text: str, lo: int = 2, hi: int = 5) -> Iterable[str]:
    for word in text.split():
        w = f" {word} "
        for n in range(lo, hi + 1):
            if len(w) < n:
                break
            for k in range(len(w) - n + 1):
                yield w[k : k + n]


def featurize(span, lexicon: VerbLexicon) -> dict[str, Counter]:
    """Raw feature counts of one sentence (a spaCy Doc or Span), per block: w, c, x."""
    toks = _tokens(span)
    words = [t.lower for t in toks if t.pos not in ("PUNCT", "SPACE")]
    w = Counter(words)
    w.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    c = Counter(_char_ngrams(span.text.lower()))
    return {"w": w, "c": c, "x": _event_cues(toks, lexicon)}


def _event_cues(toks: list[_Tok], lexicon: VerbLexicon) -> Counter:
    """Cues from the verb lexicon's hits (their CAMEO roots and classes, in the main clause,
    stated as future, modal or intended) and from the sentence's main clause."""
    f: Counter = Counter()
    children: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(toks):
        if t.head != i and t.head >= 0:
            children[t.head].append(i)
    _pattern_cues(toks, lexicon, children, f)
    _clause_cues(toks, children, f)
    return f


def _pattern_cues(
    toks: list[_Tok], lexicon: VerbLexicon, children: dict[int, list[int]], f: Counter
) -> None:
    best: dict[int, tuple[str, int]] = {}
    for i, code, spec in lexicon.hits(toks):
        root = code[:2]
        if not ("01" <= root <= "20"):
            continue
        q = penta_class(root)
        kind = "v" if toks[i].pos == "VERB" else "n"
        f[f"{kind}r:{root}"] += 1
        f[f"{kind}q:{q}"] += 1
        if spec:
            f[f"pr:{root}"] += 1
            f[f"pq:{q}"] += 1
        if _is_main(toks, i):
            f[f"mr:{root}"] += 1
            f[f"mq:{q}"] += 1
        mood = _irrealis(toks, children, i)
        if mood:
            f[f"{mood}q:{q}"] += 1
            f[f"{mood}r:{root}"] += 1
        if i not in best or spec > best[i][1]:
            best[i] = (root, spec)
    for root, _ in best.values():
        f[f"b:{root}"] += 1
        f[f"bq:{penta_class(root)}"] += 1


def _is_main(toks: list[_Tok], i: int) -> bool:
    t = toks[i]
    if t.dep == "ROOT" or t.head < 0:
        return True
    return t.dep in ("xcomp", "ccomp", "conj") and toks[t.head].dep == "ROOT"


def _irrealis(toks: list[_Tok], children: dict[int, list[int]], i: int) -> str | None:
    for k in children[i]:
        if toks[k].dep == "aux" and toks[k].lower in _FUTURE_AUX:
            return "fut"
        if toks[k].dep == "aux" and toks[k].lower in _MODAL_AUX:
            return "mod"
    t = toks[i]
    if t.dep == "xcomp" and t.head >= 0 and toks[t.head].lemma in _INTENT_HEADS:
        return "int"
    return None


def _clause_cues(toks: list[_Tok], children: dict[int, list[int]], f: Counter) -> None:
    for i, t in enumerate(toks):
        if t.dep == "aux" and t.lower in _FUTURE_AUX | _MODAL_AUX:
            f[f"modal={t.lemma}"] += 1
        elif t.dep == "neg":
            f["neg"] += 1
        elif t.tag == "VBD":
            f["past"] += 1
        if t.dep != "ROOT":
            continue
        f[f"root={t.lemma}"] += 1
        for k in children[i]:
            a = toks[k]
            if a.dep in _ARG_DEPS:
                f[f"root_{a.dep}={a.lemma}"] += 1
                f[f"root_{a.dep}={t.lemma}|{a.lemma}"] += 1
            if a.dep == "xcomp":
                for m in children[k]:
                    if toks[m].dep == "dobj":
                        f[f"xcomp_dobj={a.lemma}|{toks[m].lemma}"] += 1


# --- vectors ----------------------------------------------------------------------------


@dataclass
class Vectorizer:
    """Feature strings -> column indices, IDF weights; sublinear TF-IDF, L2 per block."""

    index: dict[str, int]
    idf: np.ndarray
    block_weights: dict[str, float]

    @classmethod
    def fit(
        cls, rows: Sequence[dict[str, Counter]], min_df: int, block_weights: dict[str, float]
    ) -> Vectorizer:
        df: Counter = Counter()
        for row in rows:
            for block, feats in row.items():
                df.update(f"{block}:{k}" for k in feats)
        names = sorted(k for k, v in df.items() if v >= min_df)
        n = len(rows)
        idf = np.array([math.log((1 + n) / (1 + df[k])) + 1 for k in names], dtype=np.float32)
        return cls({k: i for i, k in enumerate(names)}, idf, dict(block_weights))

    def row(self, feats: dict[str, Counter]) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one sentence."""
        cols: list[int] = []
        vals: list[float] = []
        idf, log, by_block = self._idf_list, math.log, self._by_block
        for block, counts in feats.items():
            weight = self.block_weights.get(block, 0.0)
            if not weight:
                continue
            bc, bv = [], []
            get = by_block.get(block, {}).get
            for k, c in counts.items():
                j = get(k)
                if j is not None:
                    bc.append(j)
                    bv.append((1.0 + log(c)) * idf[j])
            if bc:
                scale = weight / (math.sqrt(sum(x * x for x in bv)) or 1.0)
                cols += bc
                vals += [x * scale for x in bv]
        return np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64)

    @cached_property
    def _by_block(self) -> dict[str, dict[str, int]]:
        """Block -> feature -> column (no "block:" key built per feature)."""
        out: dict[str, dict[str, int]] = {}
        for name, j in self.index.items():
            block, _, feature = name.partition(":")
            out.setdefault(block, {})[feature] = j
        return out

    @cached_property
    def _idf_list(self) -> list[float]:
        """The IDF weights as Python floats (indexing a numpy array per feature is slow)."""
        return self.idf.astype(float).tolist()

    def matrix(self, rows: Sequence[dict[str, Counter]]):
        from scipy import sparse

        data, indices, indptr = [], [], [0]
        for feats in rows:
            c, v = self.row(feats)
            indices.append(c)
            data.append(v)
            indptr.append(indptr[-1] + len(c))
        return sparse.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(rows), len(self.index)),
        )


def _blob(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(blob: np.ndarray) -> str:
    return blob.tobytes().decode("utf-8")


def softmax(scores: np.ndarray, scale: float) -> np.ndarray:
    z = scores * scale
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# --- the model --------------------------------------------------------------------------


class EventTypeClassifier:
    """Predicts a sentence's CAMEO penta class with a probability. `load()` the shipped one."""

    def __init__(
        self,
        vectorizer: Vectorizer,
        coef: np.ndarray,
        intercept: np.ndarray,
        scale: float,
        lexicon: VerbLexicon,
        meta: dict[str, Any] | None = None,
        nlp=None,
        labels: Sequence[str] = LABELS,
    ) -> None:
        self.labels = tuple(labels)  # class names, in the coefficients' column order
        self.vectorizer = vectorizer
        self.coef = coef  # (n_features, n_classes)
        self.intercept = intercept
        self.scale = scale
        self.lexicon = lexicon
        self.meta = meta or {}
        self._nlp = nlp

    # persistence ---------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: str | Path | None = None, nlp=None, artifact: str = ARTIFACT
    ) -> EventTypeClassifier:
        """The model at `path`, by default the one shipped in `data/events/` (`artifact`:
        `PLOVER_ARTIFACT` for the PLOVER-type model)."""
        if path is None:
            ref = resources.files("realpolitik").joinpath("data/events", artifact)
            with resources.as_file(ref) as p:
                return cls._read(Path(p), nlp)
        return cls._read(Path(path), nlp)

    @classmethod
    def _read(cls, path: Path, nlp) -> EventTypeClassifier:
        if not path.exists():
            raise FileNotFoundError(
                f"no event-type model at {path}; build it with scripts/train_event_classifier.py"
            )
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(_text(z["meta"]))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(
                    f"{path}: model format {meta.get('format')!r}, this version reads "
                    f"{FORMAT_VERSION}; retrain with scripts/train_event_classifier.py"
                )
            names = _text(z["vocabulary"]).split("\n")
            vec = Vectorizer(
                {k: i for i, k in enumerate(names)},
                z["idf"].astype(np.float32),
                meta["params"]["block_weights"],
            )
            coef = z["coef"].astype(np.float32)
            intercept = z["intercept"].astype(np.float32)
            lexicon = VerbLexicon.from_json(_text(z["lexicon"]))
        labels = meta.get("labels", LABELS)
        return cls(vec, coef, intercept, meta["scale"], lexicon, meta, nlp, labels)

    def save(self, path: str | Path) -> None:
        names = sorted(self.vectorizer.index, key=self.vectorizer.index.__getitem__)
        meta = {**self.meta, "format": FORMAT_VERSION, "labels": list(self.labels)}
        meta["scale"] = self.scale
        np.savez_compressed(
            path,
            meta=_blob(json.dumps(meta)),
            vocabulary=_blob("\n".join(names)),
            idf=self.vectorizer.idf.astype(np.float16),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
            lexicon=_blob(self.lexicon.to_json()),
        )

    # prediction ------------------------------------------------------------------------

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def _spans(self, items: Iterable) -> list:
        items = list(items)
        texts = [(k, x) for k, x in enumerate(items) if isinstance(x, str)]
        if texts:
            for (k, _), doc in zip(texts, self.nlp.pipe([x for _, x in texts]), strict=True):
                items[k] = doc
        return items

    def scores(self, items: Iterable) -> np.ndarray:
        """Raw class scores, one row per text, spaCy Doc or Span."""
        return self.scores_of([featurize(span, self.lexicon) for span in self._spans(items)])

    def scores_of(self, features: Sequence[dict[str, Counter]]) -> np.ndarray:
        """Raw class scores of featurized sentences (`featurize` with this model's lexicon),
        so two models over the same lexicon featurize a sentence once."""
        out = np.tile(self.intercept, (len(features), 1)).astype(np.float64)
        for k, feats in enumerate(features):
            cols, vals = self.vectorizer.row(feats)
            if len(cols):
                out[k] += vals @ self.coef[cols]
        return out

    def predict_proba(self, items: Iterable) -> np.ndarray:
        """Class probabilities (columns in `labels` order), one row per text, Doc or Span."""
        return softmax(self.scores(items), self.scale)

    def predict(self, items: Iterable) -> list[Prediction]:
        """The most likely class of each text, Doc or Span, with its probability."""
        return self._best(softmax(self.scores(items), self.scale))

    def predict_features(self, features: Sequence[dict[str, Counter]]) -> list[Prediction]:
        """`predict` for featurized sentences (see `scores_of`)."""
        return self._best(softmax(self.scores_of(features), self.scale))

    def _best(self, proba: np.ndarray) -> list[Prediction]:
        best = proba.argmax(axis=1)
        return [Prediction(self.labels[b], float(proba[k, b])) for k, b in enumerate(best)]


def load_nlp():
    """The spaCy pipeline features are read with: the default model, without NER."""
    from ..nlp import load_model
    from ..settings import Settings

    return load_model(Settings().model, disable=["ner"])
