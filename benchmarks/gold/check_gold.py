"""Validate the realpolitik gold set (stances, opportunity/risk assessment) against PolNeAR.

Re-reads every annotated text, checks its sha256, that every offset lies inside the text,
that evidence/assessment spans start and end at sentence-like boundaries (never mid-word),
that actor spans are whole tokens lying in or before their evidence sentence, that every row
belongs to a listed (doc, focus) pair, and prints counts.

  python benchmarks/gold/check_gold.py [--polnear /work/shared/data/quotes/polnear/data]
Exit status 1 if any check fails.
"""

import argparse
import collections
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_gold import ISSUES  # noqa: E402  (one list of issue ids for both scripts)

DEFAULT_ROOT = os.environ.get("POLNEAR_DATA", "/work/shared/data/quotes/polnear/data")
OPENERS = "\"'“‘([«"
CLOSERS = ".?!\"'”’)]…:;"


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sentence_boundary_errors(text, s, e):
    errs = []
    if not (0 <= s < e <= len(text)):
        return [f"span {s}:{e} outside text of length {len(text)}"]
    if s > 0 and not text[s - 1].isspace():
        errs.append(f"start {s} not preceded by whitespace")
    if not (text[s].isupper() or text[s].isdigit() or text[s] in OPENERS):
        errs.append(f"start {s} does not open a sentence ({text[s]!r})")
    if e < len(text) and not text[e].isspace():
        errs.append(f"end {e} not followed by whitespace")
    last = text[e - 1]
    if not (last in CLOSERS or last.isalnum() and (e == len(text) or text[e] == "\n")):
        errs.append(f"end {e} does not close a sentence ({last!r})")
    return errs


def token_errors(text, s, e):
    if not (0 <= s < e <= len(text)):
        return [f"actor span {s}:{e} outside text"]
    errs = []
    if s > 0 and text[s - 1].isalnum():
        errs.append(f"actor start {s} mid-word")
    if e < len(text) and text[e].isalnum():
        errs.append(f"actor end {e} mid-word")
    return errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=DEFAULT_ROOT)
    args = ap.parse_args()
    docs, stances, assess = load("documents.jsonl"), load("stances.jsonl"), load("assessment.jsonl")
    problems = []
    texts = {}
    pairs = set()
    for d in docs:
        path = os.path.join(args.polnear, d["doc"])
        if not os.path.exists(path):
            problems.append(f"{d['doc']}: file missing")
            continue
        text = open(path, encoding="utf-8").read()
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != d["sha256"]:
            problems.append(f"{d['doc']}: sha256 differs (text changed)")
        texts[d["doc"]] = text
        pairs.add((d["doc"], d["focus"]))
        if d["split"] != d["doc"].split("/")[0]:
            problems.append(f"{d['doc']}: split field {d['split']}")
    for i, r in enumerate(stances, 1):
        where = f"stances.jsonl:{i}"
        text = texts.get(r["doc"])
        if text is None:
            problems.append(f"{where}: document not listed in documents.jsonl")
            continue
        if r["issue"] not in ISSUES:
            problems.append(f"{where}: unknown issue {r['issue']}")
        if r["stance"] not in ("favor", "against", "neutral"):
            problems.append(f"{where}: bad stance {r['stance']}")
        s, e = r["evidence_start"], r["evidence_end"]
        problems += [f"{where}: {m}" for m in sentence_boundary_errors(text, s, e)]
        a0, a1 = r["actor_start"], r["actor_end"]
        problems += [f"{where}: {m}" for m in token_errors(text, a0, a1)]
        if text[a0:a1] != r["actor"]:
            problems.append(f"{where}: actor surface form does not match the text at its offsets")
        if a0 >= e:
            problems.append(f"{where}: actor mention after the evidence sentence")
    seen = set()
    for i, r in enumerate(assess, 1):
        where = f"assessment.jsonl:{i}"
        text = texts.get(r["doc"])
        if text is None or (r["doc"], r["focus"]) not in pairs:
            problems.append(f"{where}: (doc, focus) not listed in documents.jsonl")
            continue
        if r["label"] not in ("opportunity", "risk"):
            problems.append(f"{where}: bad label {r['label']}")
        problems += [f"{where}: {m}" for m in sentence_boundary_errors(text, r["start"], r["end"])]
        key = (r["doc"], r["focus"], r["start"], r["end"])
        if key in seen:
            problems.append(f"{where}: duplicate sentence")
        seen.add(key)

    # counts
    print(
        f"documents: {len({d['doc'] for d in docs})} "
        f"({collections.Counter(d['split'] for d in {x['doc']: x for x in docs}.values())}), "
        f"(doc, focus) pairs: {len(docs)}, "
        f"with assessment: {sum(d['assessment_exhaustive'] for d in docs)}"
    )
    tuples = {(r["doc"], r["code"] or r["actor"], r["issue"], r["stance"]) for r in stances}
    print(
        f"stances: {len(stances)} rows (evidence sentences); {len(tuples)} distinct "
        f"(doc, holder code, issue, stance) tuples"
    )
    print("  by stance:", dict(collections.Counter(r["stance"] for r in stances).most_common()))
    print("  by issue: ", dict(collections.Counter(r["issue"] for r in stances).most_common()))
    print(f"assessment: {len(assess)} sentences")
    print("  by label: ", dict(collections.Counter(r["label"] for r in assess).most_common()))
    print("  by focus: ", dict(collections.Counter(r["focus"] for r in assess).most_common()))
    print("per document (stances / opportunity / risk):")
    for d in docs:
        n_st = sum(r["doc"] == d["doc"] for r in stances)
        lab = collections.Counter(
            r["label"] for r in assess if (r["doc"], r["focus"]) == (d["doc"], d["focus"])
        )
        print(
            f"  {d['doc']:<72} {str(d['focus']):<10} {n_st:>3} / "
            f"{lab['opportunity']:>3} / {lab['risk']:>3}"
        )
    if problems:
        print(f"\n{len(problems)} PROBLEM(S):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
