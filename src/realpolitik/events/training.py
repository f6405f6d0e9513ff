"""Training the event-type classifier (`classifier.py`) and measuring it: the public training
data, the fit (scikit-learn), cross-validation on ConfliBERT against a TF-IDF baseline, and
the PLOVER-type model with its out-of-fold predictions.

`scripts/train_event_classifier.py` builds the shipped artifacts with `train_model` and
`train_plover_model`; `realpolitik eval conflibert-cv` runs `cross_validate`, and
`eval plover-gsr` takes its second opinion from `plover_type_oof`.
"""

from __future__ import annotations

import json
import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .cameo import penta_class, read_icews_codes
from .classifier import (
    LABELS,
    EventTypeClassifier,
    Vectorizer,
    VerbLexicon,
    featurize,
    load_nlp,
    read_verb_dictionary,
    softmax,
)

# Hyper-parameters of the shipped model (chosen by cross-validation, see the training script).
DEFAULT_PARAMS: dict[str, Any] = {
    "C": 0.5,  # SVM regularisation
    "min_df": 2,  # features seen in fewer training sentences are dropped
    "block_weights": {"w": 1.0, "c": 1.0, "x": 2.0},  # word, char, event-cue blocks
    "extra_weight": 0.5,  # sample weight of CAMEO-manual and PLOVER sentences
}


def fit_classifier(
    rows: Sequence[dict[str, Counter]],
    labels: Sequence[int],
    lexicon: VerbLexicon,
    weights: Sequence[float] | None = None,
    params: dict[str, Any] | None = None,
    calibrate: bool = True,
    seed: int = 13,
    meta: dict[str, Any] | None = None,
    names: Sequence[str] = LABELS,
    nlp=None,
) -> EventTypeClassifier:
    """A classifier fitted on featurized sentences (`featurize`), `labels` indexing `names`;
    needs scikit-learn. The softmax scale is fitted on out-of-fold scores (`calibrate`).
    `nlp`: the pipeline it featurizes texts with (by default loaded when first needed)."""
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
    return EventTypeClassifier(vec, coef, intercept, scale, lexicon, meta, nlp, labels)


def _fit(rows, y, w, params):
    from sklearn.svm import LinearSVC

    vec = Vectorizer.fit(rows, params["min_df"], params["block_weights"])
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


def _fit_scale(scores: np.ndarray, y: np.ndarray) -> float:
    """The factor on the scores (inverse softmax temperature) minimising out-of-fold log loss."""
    best, best_t = math.inf, 1.0
    for t in np.exp(np.linspace(math.log(0.1), math.log(30.0), 121)):
        p = softmax(scores, float(t))[np.arange(len(y)), y]
        loss = -np.log(np.clip(p, 1e-12, None)).mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t


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
    nlp = nlp or load_nlp()
    rows = [featurize(doc, lexicon) for doc in nlp.pipe([e.text for e in data], batch_size=64)]
    weights = [1.0 if e.source == "conflibert" else params["extra_weight"] for e in data]
    meta = {
        "trained_on": dict(Counter(e.source for e in data)),
        "verb_dictionary": verb_dictionary_path(src).name,
        "spacy_model": nlp.meta.get("name", ""),
    }
    return fit_classifier(
        rows, [e.label for e in data], lexicon, weights, params, seed=seed, meta=meta, nlp=nlp
    )


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
    nlp = nlp or load_nlp()
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
    nlp = nlp or load_nlp()
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
        proba = softmax(np.atleast_2d(scores), 1.0)
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
    nlp = nlp or load_nlp()
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
    return fit_classifier(rows, y, lexicon, w, params, meta=meta, names=PLOVER_TYPES, nlp=nlp)


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
