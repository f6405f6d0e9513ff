"""One-line summaries of evidence sentences, for the per-document and the corpus assessment.

Kept apart from the stance component so that reading a store (`realpolitik.corpus`) never
loads spaCy.
"""

from __future__ import annotations

import re

_LEAD = re.compile(
    r"^(?:[•\-\u2022*]\s*|(?:yet|however|additionally|instead|in essence|conversely|"
    r"moreover|meanwhile|still|so|and|but|indeed|also|thus|therefore)\b,?\s*)+",
    re.IGNORECASE,
)


def summarize(sentence: str, cues: list[tuple[int, float]] = (), max_words: int = 30) -> str:
    """A one-line summary of an evidence sentence: without leading connectives or bullets,
    and, when long, the comma-separated part that holds most cue weight, widened until it
    reads as a clause. `cues` are (offset into the sentence, weight)."""
    flat = " ".join(sentence.split())
    lead = len(flat) - len(_LEAD.sub("", flat))
    s = flat[lead:].strip()
    words = s.split()
    if len(words) > max_words:
        parts, spans, pos = [], [], 0
        for p in re.split(r"(?<=[,;:\u2014])\s+", s):
            at = s.find(p, pos)
            parts.append(p)
            spans.append((at + lead, at + lead + len(p)))
            pos = at + len(p)
        weight = [0.0] * len(parts)
        for off, w in cues:
            for k, (a, b) in enumerate(spans):
                if a <= off < b + 1:
                    weight[k] += w
                    break
        pick = max(range(len(parts)), key=lambda k: (weight[k], -k))
        lo = hi = pick

        def size() -> int:
            return sum(len(p.split()) for p in parts[lo : hi + 1])

        while size() < 12 and (lo > 0 or hi < len(parts) - 1):
            if hi < len(parts) - 1:
                hi += 1
            if size() < 12 and lo > 0:
                lo -= 1
        s = " ".join(parts[lo : hi + 1]).rstrip(",;:\u2014 ")
        words = s.split()
        if len(words) > max_words:
            s = " ".join(words[:max_words]).rstrip(",;:") + " …"
        if lo > 0:
            s = "… " + s
    return s[:1].upper() + s[1:]
