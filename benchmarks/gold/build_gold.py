"""Build stances.jsonl, assessment.jsonl and documents.jsonl from annotations.py.

Offsets are Python str indices into open(path, encoding="utf-8").read(); the PolNeAR texts
themselves are never copied. Usage:
  python benchmarks/gold/build_gold.py [--polnear /work/shared/data/quotes/polnear/data]
"""

import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from annotations import DOCS  # noqa: E402
from segment import sentences  # noqa: E402

DEFAULT_ROOT = "/work/shared/data/quotes/polnear/data"
ISSUES = {
    "peace_talks",
    "sanctions",
    "security_guarantees",
    "alliances",
    "bilateral_relations",
    "trade",
    "elections",
    "aid",
    "territorial_control",
    "military_action",
    "immigration",
    "healthcare",
    "nuclear_weapons",
    "human_rights",
    "energy",
    "terrorism",
    "other",
}


def find_actor(text, actor, lo, hi):
    prefix = actor.endswith("*")  # "Name*": match a prefix of a (mis-encoded) token
    actor = actor.rstrip("*")
    pat = re.escape(actor)
    if actor[:1].isalnum():
        pat = r"(?<![\w])" + pat
    if actor[-1:].isalnum() and not prefix:
        pat = pat + r"(?![\w])"
    hits = [m for m in re.finditer(pat, text[lo:hi])]
    return [(lo + m.start(), lo + m.end()) for m in hits]


def actor_span(text, sents, actor, ev, actor_sent):
    s, e = sents[ev]
    hits = find_actor(text, actor, s, e)
    if not hits and actor_sent is not None:
        hits = find_actor(text, actor, *sents[actor_sent])
    if not hits:  # nearest preceding mention
        hits = find_actor(text, actor, 0, s)[-1:]
    if not hits:
        raise ValueError(f"actor {actor!r} not found for sentence {ev}")
    a0, a1 = hits[0]
    # extend a mention that ends inside a (mis-encoded) token, e.g. names with mojibake
    while a1 < len(text) and not text[a1].isspace() and text[a1] not in ",.;:'\"()”’":
        a1 += 1
    return a0, a1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=DEFAULT_ROOT)
    args = ap.parse_args()
    stances, assessment, documents = [], [], []
    for d in DOCS:
        path = os.path.join(args.polnear, d["doc"])
        text = open(path, encoding="utf-8").read()
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        sents = sentences(text)
        split = d["doc"].split("/")[0]
        for row in d["stances"]:
            ev, actor, code, issue, stance, target = row[:6]
            actor_sent = row[6] if len(row) > 6 else None
            assert issue in ISSUES, issue
            assert stance in ("favor", "against", "neutral"), stance
            a0, a1 = actor_span(text, sents, actor, ev, actor_sent)
            s, e = sents[ev]
            stances.append(
                {
                    "doc": d["doc"],
                    "actor": text[a0:a1],
                    "actor_start": a0,
                    "actor_end": a1,
                    "code": code,
                    "issue": issue,
                    "stance": stance,
                    "target": target,
                    "evidence_start": s,
                    "evidence_end": e,
                }
            )
        foci = d["assess"] or {None: (None, {"opportunity": [], "risk": []})}
        for focus, (name, labels) in foci.items():
            seen = {}
            for label in ("opportunity", "risk"):
                for i in labels[label]:
                    assert i not in seen, (d["doc"], i, "labelled twice")
                    seen[i] = label
            for i in sorted(seen):
                if focus is None:
                    break
                s, e = sents[i]
                assessment.append(
                    {
                        "doc": d["doc"],
                        "focus": focus,
                        "focus_name": name,
                        "start": s,
                        "end": e,
                        "label": seen[i],
                    }
                )
            documents.append(
                {
                    "doc": d["doc"],
                    "focus": focus,
                    "focus_name": name,
                    "split": split,
                    "stances_exhaustive": True,
                    "assessment_exhaustive": focus is not None,
                    "sha256": sha,
                    "n_sentences": len(sents),
                }
            )
    for name, rows in (("stances", stances), ("assessment", assessment), ("documents", documents)):
        with open(os.path.join(HERE, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(
        f"{len(documents)} (doc, focus) pairs, {len(stances)} stances, "
        f"{len(assessment)} assessment sentences"
    )


if __name__ == "__main__":
    main()
