"""The stance and assessment lexicons (data/stance/*.yaml), compiled once per process.

Terms are matched on tokens by their lowercase form or their lemma, so a data file can
write "ride a tiger" or "riding a tiger", "sanction" or "sanctions". A one-word term may
be restricted to a part of speech with `lemma/POS`. Matching is a dict lookup per token
plus a walk along the (short) multi-word terms that start there: linear in the text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

DATA = resources.files("realpolitik") / "data" / "stance"


class LexiconError(ValueError):
    """A stance data file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    kind: str  # issue id, or cue kind: favor/against/speech/positive/.../opportunity/risk
    pos: str | None = None
    weight: float = 1.0
    polarity: int = 1  # -1: the term names the undoing of its issue ("sanction relief")
    text: str = ""


@dataclass(frozen=True)
class Hit:
    start: int  # token index
    end: int
    term: Term


@dataclass
class TermMatcher:
    """Finds the terms in a Doc: longest match first, no two hits overlapping."""

    by_first: dict[str, list[Term]] = field(default_factory=dict)

    def add(self, term: Term) -> None:
        bucket = self.by_first.setdefault(term.words[0], [])
        bucket.append(term)
        bucket.sort(key=lambda t: -len(t.words))

    def find(self, doc: Doc, forms: Sequence[tuple[str, ...]]) -> list[Hit]:
        """Hits in `doc`; `forms[i]` are the forms token i may match (see `token_forms`)."""
        hits: list[Hit] = []
        n, i = len(forms), 0
        while i < n:
            best = None
            for key in forms[i]:
                for term in self.by_first.get(key, ()):
                    k = len(term.words)
                    if best is not None and k <= len(best.term.words):
                        break
                    if i + k > n or (term.pos and doc[i].pos_ != term.pos):
                        continue
                    end = _match_at(forms, i, term.words)
                    if end is not None:
                        best = Hit(i, end, term)
                        break
            if best is not None:
                hits.append(best)
                i = best.end
            else:
                i += 1
        return hits


QUOTE_MARKS = frozenset("\"\u201c\u201d\u2018\u2019\u00ab\u00bb'")


def _match_at(forms: Sequence[tuple[str, ...]], i: int, words: tuple[str, ...]) -> int | None:
    """The end of `words` matched from token i, stepping over quote marks between words
    (Russia is \u201cback\u201d on the world stage); None if they do not match."""
    n, k = len(forms), i
    for j, w in enumerate(words):
        while j and k < n and forms[k][0] in QUOTE_MARKS:
            k += 1
        if k >= n or w not in forms[k]:
            return None
        k += 1
    return k


def token_forms(doc: Doc) -> list[tuple[str, ...]]:
    """The forms each token can match: its lowercase form and lemma, and for an -ing form
    the verb it comes from too (the small model lemmatizes "hoping" as "hop" and leaves
    "halting" as it is when it tags it a noun)."""
    out = []
    for t in doc:
        lower, lemma = t.lower_, t.lemma_.lower()
        if lower.endswith("ing") and len(lower) > 5:
            out.append((lower, lemma, lower[:-3], lower[:-3] + "e"))
        else:
            out.append((lower, lemma) if lemma != lower else (lower,))
    return out


@dataclass
class Issue:
    id: str
    label: str


@dataclass
class Lexicon:
    issues: dict[str, Issue]
    issue_terms: TermMatcher
    stance_cues: TermMatcher  # favor / against / neutral / speech
    evaluation: TermMatcher  # positive / negative
    negation: frozenset[str]
    assessment: TermMatcher  # opportunity / risk
    concessive: frozenset[str]
    hedges: frozenset[str]
    rivals: dict[str, frozenset[str]]
    events: dict[str, tuple[str, str]]  # CAMEO prefix -> (issue, stance)
    sources: tuple[str, ...]


def _split(phrase: str) -> tuple[tuple[str, ...], str | None]:
    phrase = phrase.strip().lower()
    pos = None
    if "/" in phrase and " " not in phrase:
        phrase, pos = phrase.rsplit("/", 1)
        pos = pos.upper()
    return tuple(_tokenize(phrase)), pos


def _tokenize(phrase: str) -> list[str]:
    # The same splits spaCy's English tokenizer makes on these short phrases.
    out: list[str] = []
    for word in phrase.split():
        if word == "cannot":
            out += ["can", "not"]
        elif word.endswith("n't"):
            out += [word[:-3], "n't"]
        else:
            out.append(word)
    return out


def _terms(entries: Iterable[Any], kind: str, where: str) -> Iterable[Term]:
    for entry in entries or ():
        if isinstance(entry, str):
            text, weight, polarity = entry, 1.0, 1
        elif isinstance(entry, dict) and "term" in entry:
            text = str(entry["term"])
            weight = float(entry.get("weight", 1.0))
            polarity = int(entry.get("polarity", 1))
        else:
            raise LexiconError(f"{where}: a term must be a string or {{term: ...}}, not {entry!r}")
        words, pos = _split(text)
        if not words:
            raise LexiconError(f"{where}: empty term in {kind}")
        yield Term(words, kind, pos, weight, polarity, text)


def _read(path: Path | Any) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def user_files(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Extra stance files: $REALPOLITIK_STANCE (os.pathsep-separated), then `extra`."""
    env = [p for p in os.environ.get("REALPOLITIK_STANCE", "").split(os.pathsep) if p]
    return tuple(env) + tuple(extra)


@lru_cache(maxsize=4)
def load_lexicon(files: tuple[str, ...] = ()) -> Lexicon:
    """The shipped issues and cues, extended by `files` (same shapes, either or both parts)."""
    docs = [
        (str(DATA / "issues.yaml"), _read(DATA / "issues.yaml")),
        (str(DATA / "cues.yaml"), _read(DATA / "cues.yaml")),
    ]
    docs += [(f, _read(Path(f))) for f in files]
    issues: dict[str, Issue] = {}
    issue_terms, stance, evaluation, assessment = (
        TermMatcher(),
        TermMatcher(),
        TermMatcher(),
        TermMatcher(),
    )
    negation: set[str] = set()
    concessive: set[str] = set()
    hedges: set[str] = set()
    rivals: dict[str, set[str]] = {}
    events: dict[str, tuple[str, str]] = {}
    for where, data in docs:
        for item in data.get("issues") or ():
            if not isinstance(item, dict) or "id" not in item:
                raise LexiconError(f"{where}: every issue needs an id")
            iid = str(item["id"])
            issues.setdefault(iid, Issue(iid, str(item.get("label") or iid)))
            for term in _terms(item.get("terms"), iid, where):
                issue_terms.add(term)
        cues = data.get("stance") or {}
        for kind in ("favor", "against", "neutral", "speech"):
            for term in _terms(cues.get(kind), kind, where):
                stance.add(term)
        ev = data.get("evaluation") or {}
        for kind in ("positive", "negative"):
            for term in _terms(ev.get(kind), kind, where):
                evaluation.add(term)
        negation.update(str(w).lower() for w in ev.get("negation") or ())
        ass = data.get("assessment") or {}
        for kind in ("opportunity", "risk"):
            for term in _terms(ass.get(kind), kind, where):
                assessment.add(term)
        concessive.update(str(w).lower() for w in ass.get("concessive") or ())
        hedges.update(str(w).lower() for w in ass.get("hedge") or ())
        for code, rule in (data.get("events") or {}).items():
            if not isinstance(rule, dict) or rule.get("stance") not in ("favor", "against"):
                raise LexiconError(f"{where}: events.{code} needs an issue and a stance")
            events[str(code)] = (str(rule["issue"]), str(rule["stance"]))
        for code, others in (data.get("rivals") or {}).items():
            rivals.setdefault(str(code), set()).update(str(o) for o in others or ())
    return Lexicon(
        issues=issues,
        issue_terms=issue_terms,
        stance_cues=stance,
        evaluation=evaluation,
        negation=frozenset(negation),
        assessment=assessment,
        concessive=frozenset(concessive),
        hedges=frozenset(hedges),
        rivals={k: frozenset(v) for k, v in rivals.items()},
        events=events,
        sources=tuple(w for w, _ in docs),
    )
