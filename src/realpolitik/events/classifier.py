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

`plover_type_oof` fits the same features to the 16 current PLOVER types, out of fold, for
`eval plover-gsr`'s second opinion where no verb pattern gives a type (no shipped model: the
PLOVER gold records it learns from are the benchmark itself).

The shipped artifact (`data/events/event_type.npz`, built by `scripts/train_event_classifier.py`)
holds the vocabulary, IDF weights, coefficients and the verb lexicon; loading and predicting
need only numpy and a spaCy pipeline, training and `cross_validate` need scikit-learn.
Training data: the ConfliBERT CAMEO 5-class training split, the CAMEO manual examples and the
PLOVER gold records (see `training_data`).
"""

from __future__ import annotations

import json
import math
import re
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .cameo import penta_class, read_icews_codes

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

# Hyper-parameters of the shipped model (chosen by cross-validation, see the training script).
DEFAULT_PARAMS: dict[str, Any] = {
    "C": 0.5,  # SVM regularisation
    "min_df": 2,  # features seen in fewer training sentences are dropped
    "block_weights": {"w": 1.0, "c": 1.0, "x": 2.0},  # word, char, event-cue blocks
    "extra_weight": 0.5,  # sample weight of CAMEO-manual and PLOVER sentences
}

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
class _Vectorizer:
    """Feature strings -> column indices, IDF weights; sublinear TF-IDF, L2 per block."""

    index: dict[str, int]
    idf: np.ndarray
    block_weights: dict[str, float]

    @classmethod
    def fit(
        cls, rows: Sequence[dict[str, Counter]], min_df: int, block_weights: dict[str, float]
    ) -> _Vectorizer:
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


def _softmax(scores: np.ndarray, scale: float) -> np.ndarray:
    z = scores * scale
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_scale(scores: np.ndarray, y: np.ndarray) -> float:
    """The factor on the scores (inverse softmax temperature) minimising out-of-fold log loss."""
    best, best_t = math.inf, 1.0
    for t in np.exp(np.linspace(math.log(0.1), math.log(30.0), 121)):
        p = _softmax(scores, float(t))[np.arange(len(y)), y]
        loss = -np.log(np.clip(p, 1e-12, None)).mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t


# --- the model --------------------------------------------------------------------------


class EventTypeClassifier:
    """Predicts a sentence's CAMEO penta class with a probability. `load()` the shipped one."""

    def __init__(
        self,
        vectorizer: _Vectorizer,
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
            vec = _Vectorizer(
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
            self._nlp = _load_nlp()
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
        return _softmax(self.scores(items), self.scale)

    def predict(self, items: Iterable) -> list[Prediction]:
        """The most likely class of each text, Doc or Span, with its probability."""
        return self._best(_softmax(self.scores(items), self.scale))

    def predict_features(self, features: Sequence[dict[str, Counter]]) -> list[Prediction]:
        """`predict` for featurized sentences (see `scores_of`)."""
        return self._best(_softmax(self.scores_of(features), self.scale))

    def _best(self, proba: np.ndarray) -> list[Prediction]:
        best = proba.argmax(axis=1)
        return [Prediction(self.labels[b], float(proba[k, b])) for k, b in enumerate(best)]

    # training --------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        rows: Sequence[dict[str, Counter]],
        labels: Sequence[int],
        lexicon: VerbLexicon,
        weights: Sequence[float] | None = None,
        params: dict[str, Any] | None = None,
        calibrate: bool = True,
        seed: int = 13,
        meta: dict[str, Any] | None = None,
        names: Sequence[str] = LABELS,
    ) -> EventTypeClassifier:
        """Fit on featurized sentences (`featurize`), `labels` indexing `names`; needs
        scikit-learn. The softmax scale is fitted on out-of-fold scores (`calibrate`)."""
        params = {**DEFAULT_PARAMS, **(params or {})}
        y = np.asarray(labels)
        w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
        vec, svm = _fit(rows, y, w, params)
        scale = 1.0
        if calibrate:
            scale = _fit_scale(*_oof_scores(rows, y, w, params, seed))
        coef = svm.coef_.T.astype(np.float32)
        intercept = svm.intercept_.astype(np.float32)
        meta = {**(meta or {}), "params": params}
        labels = [names[int(c)] for c in svm.classes_]
        return cls(vec, coef, intercept, scale, lexicon, meta, labels=labels)


def _fit(rows, y, w, params):
    from sklearn.svm import LinearSVC

    vec = _Vectorizer.fit(rows, params["min_df"], params["block_weights"])
    svm = LinearSVC(C=params["C"], max_iter=5000, random_state=0)
    svm.fit(vec.matrix(rows), y, sample_weight=w)
    return vec, svm


def _oof_scores(rows, y, w, params, seed, folds: int = 5):
    from sklearn.model_selection import StratifiedKFold

    # a class missing from a fold's training part (a rare PLOVER type) scores lowest there
    scores = np.full((len(y), int(y.max()) + 1), -10.0)
    with warnings.catch_warnings():  # classes rarer than `folds`: fewer test folds
        warnings.simplefilter("ignore", UserWarning)
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(y, y))
    for tr, te in splits:
        vec, svm = _fit([rows[i] for i in tr], y[tr], w[tr], params)
        scores[np.ix_(te, svm.classes_)] = svm.decision_function(vec.matrix([rows[i] for i in te]))
    return scores, y


# --- training data ----------------------------------------------------------------------


def default_source() -> Path:
    """../shared/data/eventdata beside the repository, where the public event data lives."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "eventdata"


@dataclass
class Example:
    text: str
    label: int  # penta class
    source: str  # conflibert, cameo, plover


def read_conflibert(path: str | Path) -> list[Example]:
    """The ConfliBERT CAMEO 5-class split: `sentence<TAB>label` lines (CRLF)."""
    out = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rstrip("\r").rpartition("\t")
        if not sep or label.strip() not in {"0", "1", "2", "3", "4"}:
            raise ValueError(f"{path}:{n}: expected 'sentence<TAB>label 0-4', got {line[:80]!r}")
        out.append(Example(text.strip(), int(label), "conflibert"))
    return out


def read_cameo_examples(path: str | Path) -> list[Example]:
    """The CAMEO manual's example sentence per code (ICEWS cameo-codes.csv), penta-labelled."""
    return [
        Example(r["example"], penta_class(r["code"][:2]), "cameo")
        for r in read_icews_codes(path)
        if r["example"] and not r["example"].upper().startswith("NEED EXAMPLE")
    ]


def read_plover_examples(path: str | Path) -> list[Example]:
    """PLOVER gold records (old 0.5 labels), labelled by the CAMEO root each label recodes."""
    out = []
    for r in json.loads(Path(path).read_text("utf-8")):
        old = str(r.get("event", "")).upper()
        if old in _V05_ROOT and r.get("text"):  # skips the DOCUMENT header
            out.append(Example(r["text"].strip(), penta_class(_V05_ROOT[old]), "plover"))
    return out


# The CAMEO root each old PLOVER label was recoded from (PLOVER_GSR_CAMEO re-codes the CAMEO
# manual's examples: DEMAND = 10, SANCTION = 16, FIGHT = 19, ...).
_V05_ROOT = {
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "CONCEDE": "08",
    "RETREAT": "08",
    "INVESTIGATE": "09",
    "DEMAND": "10",
    "DISAPPROVE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
    "FIGHT": "19",
}


def training_data(
    source: str | Path | None = None, sources: Sequence[str] = ("conflibert", "cameo", "plover")
) -> list[Example]:
    """The training sentences from the public event data folder (`default_source()`)."""
    src = Path(source) if source else default_source()
    readers = {
        "conflibert": lambda: read_conflibert(src / "conflibert" / "cameo_class" / "train.tsv"),
        "cameo": lambda: read_cameo_examples(src / "icews_r_pkg" / "cameo-codes.csv"),
        "plover": lambda: read_plover_examples(src / "plover" / "PLOVER_GSR_CAMEO.json"),
    }
    out: list[Example] = []
    for name in sources:
        if name not in readers:
            raise ValueError(f"unknown training source {name!r}; use conflibert, cameo, plover")
        out += readers[name]()
    return out


def verb_dictionary_path(source: str | Path | None = None) -> Path:
    src = Path(source) if source else default_source()
    return src / "dictionaries" / "phoenix" / "CAMEO.2.0.txt"


_NORM = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def near_duplicate_groups(texts: Sequence[str], threshold: float = 0.7) -> list[int]:
    """A group id per text: texts sharing >= threshold of the shorter one's words share one.

    Catches exact repeats and paraphrases built on the same sentence ("Jordan and Britain
    have agreed to undertake joint military exercises" / "Japanese and the Australian armies
    have agreed to undertake joint military exercises").
    """
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, t in enumerate(texts):
        for w in set(_norm(t).split()):
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))
    inter = (m @ m.T).tocoo()
    sizes = np.asarray(m.sum(axis=1)).ravel()
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, v in zip(inter.row, inter.col, inter.data, strict=True):
        if i < j and v / min(sizes[i], sizes[j]) >= threshold:
            parent[find(i)] = find(j)
    return [int(find(i)) for i in range(len(texts))]


def train_model(
    source: str | Path | None = None,
    sources: Sequence[str] = ("conflibert", "cameo", "plover"),
    params: dict[str, Any] | None = None,
    seed: int = 13,
    nlp=None,
) -> EventTypeClassifier:
    """The model trained on all of `sources` (ConfliBERT at weight 1, the others lighter)."""
    params = {**DEFAULT_PARAMS, **(params or {})}
    src = Path(source) if source else default_source()
    data = training_data(src, sources)
    lexicon = read_verb_dictionary(verb_dictionary_path(src))
    nlp = nlp or _load_nlp()
    rows = [featurize(doc, lexicon) for doc in nlp.pipe([e.text for e in data], batch_size=64)]
    weights = [1.0 if e.source == "conflibert" else params["extra_weight"] for e in data]
    meta = {
        "trained_on": dict(Counter(e.source for e in data)),
        "verb_dictionary": verb_dictionary_path(src).name,
        "spacy_model": nlp.meta.get("name", ""),
    }
    model = EventTypeClassifier.train(
        rows, [e.label for e in data], lexicon, weights, params, seed=seed, meta=meta
    )
    model._nlp = nlp
    return model


def _load_nlp():
    from ..nlp import load_model
    from ..settings import Settings

    return load_model(Settings().model, disable=["ner"])


# --- cross-validation -------------------------------------------------------------------


def cross_validate(
    source: str | Path | None = None,
    folds: int = 5,
    seed: int = 13,
    n_jobs: int = 2,
    limit: int | None = None,
    extra: Sequence[str] = ("cameo", "plover"),
    params: dict[str, Any] | None = None,
    nlp=None,
) -> dict[str, Any]:
    """Stratified k-fold CV on the ConfliBERT training split: our model vs a TF-IDF+LR baseline.

    Folds are grouped so near-duplicate sentences (`near_duplicate_groups`: exact repeats and
    sentences sharing >= 70% of the shorter one's words) never straddle train and test. The
    extra sources (CAMEO manual examples, PLOVER gold records) are added to each fold's
    training part only, minus any sentence that near-duplicates one of that fold's test
    sentences. `limit` takes a stratified subset
    (for smoke tests). Returns per-class precision/recall/F1 and macro-F1 for both models.
    """
    from joblib import Parallel, delayed
    from sklearn.model_selection import StratifiedGroupKFold

    started = time.perf_counter()
    params = {**DEFAULT_PARAMS, **(params or {})}
    src = Path(source) if source else default_source()
    data = training_data(src, ("conflibert",))
    if limit and limit < len(data):
        from sklearn.model_selection import train_test_split

        data, _ = train_test_split(
            data, train_size=limit, stratify=[e.label for e in data], random_state=seed
        )
    more = training_data(src, extra) if extra else []
    lexicon = read_verb_dictionary(verb_dictionary_path(src))
    texts = [e.text for e in data] + [e.text for e in more]
    nlp = nlp or _load_nlp()
    rows = [featurize(doc, lexicon) for doc in nlp.pipe(texts, batch_size=64)]
    n = len(data)
    y = np.array([e.label for e in data])
    groups = near_duplicate_groups(texts)
    splits = list(
        StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(
            np.zeros(n), y, groups[:n]
        )
    )
    y_more = np.array([e.label for e in more], dtype=int)

    def run_fold(tr, te):
        test_groups = {groups[i] for i in te}
        keep = [k for k in range(len(more)) if groups[n + k] not in test_groups]
        train_rows = [rows[i] for i in tr] + [rows[n + k] for k in keep]
        train_y = np.concatenate([y[tr], y_more[keep]])
        w = np.concatenate([np.ones(len(tr)), np.full(len(keep), params["extra_weight"])])
        vec, svm = _fit(train_rows, train_y, w, params)
        ours = svm.predict(vec.matrix([rows[i] for i in te]))
        base = _baseline([texts[i] for i in tr], y[tr], [texts[i] for i in te])
        return te, ours, base, len(more) - len(keep)

    results = Parallel(n_jobs=n_jobs)(delayed(run_fold)(tr, te) for tr, te in splits)
    pred = np.zeros(n, dtype=int)
    base = np.zeros(n, dtype=int)
    dropped = 0
    for te, p, b, d in results:
        pred[te], base[te] = p, b
        dropped += d
    return {
        "n": n,
        "folds": folds,
        "seed": seed,
        "extra_sources": list(extra),
        "extra_sentences": len(more),
        "extra_dropped_as_test_duplicates": dropped,
        "duplicate_groups": n - len({groups[i] for i in range(n)}),
        "params": params,
        "labels": list(LABELS),
        "model": _scores(y, pred),
        "baseline": _scores(y, base),
        "baseline_name": "TF-IDF (sklearn defaults) + logistic regression, ConfliBERT only",
        "seconds": round(time.perf_counter() - started, 1),
    }


def plover_type_oof(
    texts: Sequence[str],
    types: Sequence[str],
    source: str | Path | None = None,
    folds: int = 5,
    seed: int = 13,
    params: dict[str, Any] | None = None,
    nlp=None,
) -> list[tuple[str, float]]:
    """Out-of-fold PLOVER-type predictions (type, probability) for labelled sentences.

    A linear model over the same features as the penta-class model, with the 16 current
    PLOVER types as classes. Each fold's sentences are predicted by a model trained on the
    CAMEO manual's examples (labelled with their code's PLOVER type) and the other folds,
    minus any sentence that near-duplicates one of the fold's (`near_duplicate_groups`; the
    PLOVER gold records re-code the CAMEO manual's examples). No sentence is predicted by a
    model that saw it, so the figures it enters stay honest.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    from .cameo import PLOVER_TYPES

    params = {**DEFAULT_PARAMS, **(params or {})}
    src = Path(source) if source else default_source()
    manual = plover_manual_examples(src)
    lexicon = read_verb_dictionary(verb_dictionary_path(src))
    all_texts = list(texts) + [t for t, _ in manual]
    nlp = nlp or _load_nlp()
    rows = [featurize(doc, lexicon) for doc in nlp.pipe(all_texts, batch_size=64)]
    n = len(texts)
    index = {t: k for k, t in enumerate(PLOVER_TYPES)}
    y_all = np.array([index[t] for t in list(types) + [t for _, t in manual]])
    y = y_all[:n]
    groups = near_duplicate_groups(all_texts)
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    out: list[tuple[str, float]] = [("", 0.0)] * n
    with warnings.catch_warnings():  # types rarer than `folds` records: fewer test folds
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(np.zeros(n), y, groups[:n]))
    for tr, te in splits:
        test_groups = {groups[i] for i in te}
        keep = [j for j in range(n, len(all_texts)) if groups[j] not in test_groups]
        train = list(tr) + keep
        w = np.array([1.0 if j < n else params["extra_weight"] for j in train])
        vec, svm = _fit([rows[j] for j in train], y_all[train], w, params)
        scores = svm.decision_function(vec.matrix([rows[i] for i in te]))
        proba = _softmax(np.atleast_2d(scores), 1.0)
        for r, i in enumerate(te):
            best = int(proba[r].argmax())
            out[i] = (PLOVER_TYPES[int(svm.classes_[best])], float(proba[r, best]))
    return out


def plover_manual_examples(source: Path) -> list[tuple[str, str]]:
    """(example sentence, PLOVER type of its code) from the CAMEO manual (`cameo-codes.csv`)."""
    from .cameo import plover_for

    return [
        (r["example"], p.event)
        for r in read_icews_codes(source / "icews_r_pkg" / "cameo-codes.csv")
        if r["example"] and not r["example"].upper().startswith("NEED EXAMPLE")
        for p in [plover_for(r["code"])]
        if p is not None
    ]


def train_plover_model(
    texts: Sequence[str],
    types: Sequence[str],
    source: str | Path | None = None,
    params: dict[str, Any] | None = None,
    nlp=None,
) -> EventTypeClassifier:
    """The shipped PLOVER-type model: the features and fit of `plover_type_oof`, trained on
    all the labelled sentences given (the PLOVER gold records) and the CAMEO manual's
    examples. Its honest accuracy is `plover_type_oof`'s, never its own on those records."""
    from .cameo import PLOVER_TYPES

    params = {**DEFAULT_PARAMS, **(params or {})}
    src = Path(source) if source else default_source()
    manual = plover_manual_examples(src)
    lexicon = read_verb_dictionary(verb_dictionary_path(src))
    nlp = nlp or _load_nlp()
    all_texts = list(texts) + [t for t, _ in manual]
    rows = [featurize(doc, lexicon) for doc in nlp.pipe(all_texts, batch_size=64)]
    index = {t: k for k, t in enumerate(PLOVER_TYPES)}
    y = [index[t] for t in list(types) + [t for _, t in manual]]
    w = [1.0] * len(texts) + [params["extra_weight"]] * len(manual)
    meta = {
        "trained_on": {"plover": len(texts), "cameo": len(manual)},
        "verb_dictionary": verb_dictionary_path(src).name,
        "spacy_model": nlp.meta.get("name", ""),
    }
    model = EventTypeClassifier.train(rows, y, lexicon, w, params, meta=meta, names=PLOVER_TYPES)
    model._nlp = nlp
    return model


def _baseline(train_texts, train_y, test_texts):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=2000))
    return model.fit(train_texts, train_y).predict(test_texts)


def _scores(y: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(
        y, pred, labels=range(len(LABELS)), zero_division=0
    )
    return {
        "per_class": {
            LABELS[k]: {
                "precision": float(p[k]),
                "recall": float(r[k]),
                "f1": float(f[k]),
                "support": int(s[k]),
            }
            for k in range(len(LABELS))
        },
        "macro_f1": float(np.mean(f)),
        "accuracy": float(accuracy_score(y, pred)),
        "confusion": confusion_matrix(y, pred, labels=range(len(LABELS))).tolist(),
    }


def format_cv_table(result: dict[str, Any]) -> str:
    """The `cross_validate` result as a plain-text table: per class P/R/F1, both models."""
    lines = [
        f"ConfliBERT CAMEO 5-class training split: n={result['n']}, "
        f"{result['folds']}-fold stratified CV (seed {result['seed']}), "
        f"near-duplicates grouped ({result['duplicate_groups']} merged)",
        f"extra training data per fold: {', '.join(result['extra_sources']) or 'none'} "
        f"({result['extra_sentences']} sentences, "
        f"{result['extra_dropped_as_test_duplicates']} dropped as test near-duplicates)",
        "",
        f"{'class':<22}{'support':>8}   {'ours P':>7}{'R':>7}{'F1':>7}   "
        f"{'base P':>7}{'R':>7}{'F1':>7}",
    ]
    ours, base = result["model"], result["baseline"]
    for label in result["labels"]:
        o, b = ours["per_class"][label], base["per_class"][label]
        lines.append(
            f"{label:<22}{o['support']:>8}   {o['precision']:>7.3f}{o['recall']:>7.3f}"
            f"{o['f1']:>7.3f}   {b['precision']:>7.3f}{b['recall']:>7.3f}{b['f1']:>7.3f}"
        )
    lines += [
        f"{'macro-F1':<22}{'':>8}   {'':>14}{ours['macro_f1']:>7.3f}   {'':>14}"
        f"{base['macro_f1']:>7.3f}",
        f"{'accuracy':<22}{'':>8}   {'':>14}{ours['accuracy']:>7.3f}   {'':>14}"
        f"{base['accuracy']:>7.3f}",
        "",
        f"ours: {DESCRIPTION}",
        f"baseline: {result['baseline_name']}",
        f"({result['seconds']} s)",
    ]
    return "\n".join(lines)


DESCRIPTION = (
    "linear SVM over word 1-2-grams, char 2-5-grams and CAMEO verb-lexicon/parse cues, "
    "+ CAMEO manual and PLOVER gold sentences"
)
