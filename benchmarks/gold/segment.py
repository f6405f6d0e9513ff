"""Sentence segmentation used to build the gold set (offsets only; no text is stored).

The gold files store character offsets; this splitter is only a convenience for the
annotator and for check_gold.py's boundary test. Python str indices into
open(path, encoding="utf-8").read().
"""

import re

ABBR = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "sgt",
    "st",
    "jan",
    "feb",
    "aug",
    "sens",
    "reps",
    "govs",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "u.s",
    "u.n",
    "d.c",
    "inc",
    "jr",
    "sr",
    "corp",
    "co",
    "rev",
    "prof",
    "pres",
    "ft",
    "mt",
    "p.m",
    "a.m",
    "u.k",
    "e.u",
    "n.y",
    "calif",
    "fla",
    "ariz",
    "mass",
    "ore",
    "va",
    "wis",
    "pa",
    "ky",
    "la",
    "tenn",
}


def sentences(text):
    spans = []
    for pm in re.finditer(r"[^\n]+", text):
        ps = pm.start()
        para = pm.group()
        start = 0
        for m in re.finditer(r"[.?!]+[\"'”’)\]]*(?=\s+[\"“‘'(\[A-Z0-9])", para):
            end = m.end()
            wm = re.search(r"([A-Za-z.]+)[.?!]+[\"'”’)\]]*$", para[start:end])
            w = wm.group(1).lower().rstrip(".") if wm else ""
            if m.group().startswith(".") and (w in ABBR or (len(w) == 1 and w.isalpha())):
                continue
            seg = para[start:end]
            s0 = start + (len(seg) - len(seg.lstrip()))
            if para[s0:end].strip():
                spans.append((ps + s0, ps + end))
            start = end
        seg = para[start:]
        s0 = start + (len(seg) - len(seg.lstrip()))
        e = len(para.rstrip())
        if para[s0:e].strip():
            spans.append((ps + s0, ps + e))
    return spans


if __name__ == "__main__":
    import sys

    t = open(sys.argv[1], encoding="utf-8").read()
    for i, (s, e) in enumerate(sentences(t)):
        print(f"[{i}] {t[s:e]}")
