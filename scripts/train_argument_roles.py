"""Train the argument-role model: which phrase of an event's clause is its target.

    .venv/bin/python scripts/train_argument_roles.py [--data ../shared/data]

Reads the train part of ConfliBERT's `cameo_ner` (the 922 sentences whose index % 5 != 0;
the dev fifth stays held out for `realpolitik eval cameo-args`), runs the pipeline without
the role stage, and for every event whose source matches the annotated source lists the
noun phrases under its trigger (`events.roles.target_candidates`), each labelled by whether
it matches the annotated target (token Jaccard >= 0.5). A logistic regression over their
binary features (`candidate_features`) is written to
src/realpolitik/data/events/argument_roles.json (weights by feature name, ~10 KB).
The threshold is chosen by 5-fold cross-validation on the train part.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from realpolitik.actors.index import token_index
from realpolitik.eval import default_data_dir
from realpolitik.eval.cameo_args import cameo_ner_path, load_cameo_ner, matches, part_of
from realpolitik.events.roles import (
    MODEL_FILE,
    RoleModel,
    candidate_features,
    refine_roles,
    target_candidates,
    token_at,
)
from realpolitik.pipeline import load_pipeline, make_doc
from realpolitik.records import Article
from realpolitik.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "realpolitik" / "data" / "events" / MODEL_FILE
C = 0.5  # inverse regularisation: few examples, many sparse features


def examples(data: Path) -> tuple[list[list[str]], list[int], list[int]]:
    """Feature lists, labels and sentence ids (for grouped folds) of the target candidates."""
    sentences = part_of(load_cameo_ner(cameo_ner_path(data)), "train")
    nlp = load_pipeline(Settings())
    feats, labels, groups = [], [], []
    with nlp.select_pipes(disable=["realpolitik_roles"]):
        docs = nlp.pipe(make_doc(nlp, Article(text=s.text)) for s in sentences)
        for s, doc in zip(sentences, docs, strict=True):
            gold_s, gold_t = s.gold("source"), s.gold("target")
            if not gold_t or not doc._.events:
                continue
            actors = {a.id: a for a in doc._.actors or ()}
            events = doc._.events
            refine_roles(doc, events, actors)  # the phrases, as the role stage widens them
            index = token_index(doc, actors.values())
            for e in events:
                src = e.get("source") or {}
                if src.get("start") is None:
                    continue
                if gold_s and not matches(s.tokens_of(src["start"], src["end"]), gold_s, False):
                    continue
                trigger = token_at(doc, e["trigger"]["start"], e["trigger"]["end"])
                target = e.get("target")
                current = token_at(doc, target["start"], target["end"]) if target else None
                for cand, phrase in target_candidates(trigger, (src["start"], src["end"])):
                    toks = s.tokens_of(phrase.start_char, phrase.end_char)
                    feats.append(candidate_features(cand, phrase, trigger, current, index))
                    labels.append(int(matches(toks, gold_t, False)))
                    groups.append(s.index)
    return feats, labels, groups


def to_dicts(feats: list[list[str]]) -> list[dict[str, int]]:
    return [dict.fromkeys(f, 1) for f in feats]


def best_threshold(feats, labels, groups) -> tuple[float, float]:
    """The probability cut with the best out-of-fold F1 of 'this candidate is the target'."""
    y = np.array(labels)
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(feats, y, groups):
        vec = DictVectorizer()
        x = vec.fit_transform(to_dicts([feats[i] for i in train]))
        model = LogisticRegression(C=C, max_iter=2000).fit(x, y[train])
        oof[test] = model.predict_proba(vec.transform(to_dicts([feats[i] for i in test])))[:, 1]
    best = (0.5, 0.0)
    for t in np.arange(0.2, 0.8, 0.05):
        pred = oof > t
        tp = int((pred & (y == 1)).sum())
        p = tp / max(int(pred.sum()), 1)
        r = tp / max(int(y.sum()), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1]:
            best = (round(float(t), 2), f1)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    feats, labels, groups = examples(args.data)
    threshold, f1 = best_threshold(feats, labels, groups)
    vec = DictVectorizer()
    x = vec.fit_transform(to_dicts(feats))
    model = LogisticRegression(C=C, max_iter=2000).fit(x, np.array(labels))
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    about = {
        "what": "target chooser of events.roles (logistic regression over binary features)",
        "trained_on": "ConfliBERT cameo_ner train.txt, sentences with index % 5 != 0",
        "candidates": len(labels),
        "positives": int(sum(labels)),
        "sentences": len(set(groups)),
        "cv_f1": round(f1, 4),
        "C": C,
    }
    role_model = RoleModel(weights, round(float(model.intercept_[0]), 4), threshold, about)
    args.out.write_text(json.dumps(role_model.to_dict(), indent=1) + "\n", "utf-8")
    print(
        f"{len(labels)} candidates ({sum(labels)} targets) from {len(set(groups))} sentences; "
        f"5-fold F1 {f1:.3f} at threshold {threshold}; {len(weights)} weights -> {args.out} "
        f"({time.perf_counter() - t0:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
