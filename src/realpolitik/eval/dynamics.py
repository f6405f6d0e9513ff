"""Precision of the top opportunities and risks against known happenings of the 2016 race.

The gold (`benchmarks/gold/dynamics_2016.yaml`, see `benchmarks/gold/README.md`) lists well
known happenings of the 2016 US presidential campaign, each for a focus ("Donald Trump" or
"Hillary Clinton") and a kind: a Trump primary win is an opportunity for Trump, the FBI email
inquiry a risk for Clinton and an opportunity for Trump. Each entry carries case-insensitive
regexes that match sentences reporting the happening, written to keep its direction for the
focus (a sentence saying Clinton leads Trump is a Clinton lead and a Trump deficit, never a
Trump lead). It also has generic entries for recurring categories (leads or trails in a poll,
wins or loses a primary, gains an endorsement, a party figure refuses support, legal trouble,
remarks that draw condemnation).

`score_top` takes a ranked list of items (dicts with "kind", "summary" and "evidence", the
system's output for one focus) and scores the first k opportunities and the first k risks.
An item matches a gold entry of the focus when any of the entry's regexes matches its summary
or the text of any of its evidence sentences. An item is

* `correct` when it matches an entry of the same kind,
* `wrong_polarity` when it matches entries of the focus, but only ones of the other kind
  (it lists a risk as an opportunity, or the reverse),
* `unmatched` when it matches no entry of the focus.

precision = correct / (number of items scored in that list).

Limits. The gold is a list of known happenings, not an exhaustive annotation of the corpus:
an unmatched item may well be a true opportunity or risk that the gold does not list (or that
the regexes miss), so this precision is a lower bound. `wrong_polarity` counts items that
match the focus's happenings only with the opposite sign; it is an upper bound of the clear
polarity mistakes (a regex can also fire on a sentence that mentions the happening in passing,
or on one reporting both sides). Regexes work on the surface of a sentence, so they miss
paraphrases and can over-match; the per-entry corpus counts in the README say how often each
one fires on PolNeAR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

GOLD_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "gold" / "dynamics_2016.yaml"
FOCI = ("Donald Trump", "Hillary Clinton")
KINDS = ("opportunity", "risk")
REQUIRED = ("id", "focus", "kind", "label", "when", "patterns")
WHEN = re.compile(r"^\d{4}-\d{2}(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?$")
LISTS = {"opportunity": "opportunities", "risk": "risks"}


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def load_gold(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and check the gold entries (default: benchmarks/gold/dynamics_2016.yaml).

    The file is either a list of entries or a mapping with an "entries" list. Each entry has
    id (unique), focus, kind ("opportunity" or "risk"), label, when ("YYYY-MM[-DD]" or a
    "start..end" range) and patterns (a non-empty list of regexes, all of which must compile).
    Raises ValueError on a malformed entry.
    """
    src = Path(path) if path is not None else GOLD_PATH
    with src.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    entries = data.get("entries") if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise ValueError(f"{src}: expected a list of entries")
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ValueError(f"{src}: entry {n} is not a mapping")
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            raise ValueError(f"{src}: entry {entry.get('id', n)} lacks {', '.join(missing)}")
        eid = str(entry["id"])
        if eid in seen:
            raise ValueError(f"{src}: duplicate id {eid}")
        seen.add(eid)
        if entry["kind"] not in KINDS:
            raise ValueError(f"{src}: {eid}: kind must be one of {KINDS}")
        if not WHEN.match(str(entry["when"])):
            raise ValueError(f"{src}: {eid}: bad when {entry['when']!r}")
        patterns = entry["patterns"]
        if not isinstance(patterns, list) or not patterns:
            raise ValueError(f"{src}: {eid}: patterns must be a non-empty list")
        for pattern in patterns:
            try:
                _regex(str(pattern))
            except re.error as exc:
                raise ValueError(f"{src}: {eid}: bad regex {pattern!r}: {exc}") from exc
        out.append({**entry, "id": eid, "when": str(entry["when"])})
    return out


def item_texts(item: Mapping[str, Any]) -> list[str]:
    """The texts an item is matched on: its summary and each evidence sentence."""
    texts = [str(item["summary"])] if item.get("summary") else []
    for ev in item.get("evidence") or ():
        text = ev.get("text") if isinstance(ev, Mapping) else ev
        if text:
            texts.append(str(text))
    return texts


def entry_matches(entry: Mapping[str, Any], texts: Iterable[str]) -> bool:
    """Whether any regex of the entry matches any of the texts."""
    regexes = [_regex(str(p)) for p in entry["patterns"]]
    return any(rx.search(text) for text in texts for rx in regexes)


def match_item(item: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> list[str]:
    """Ids of the entries the item matches, in gold order."""
    texts = item_texts(item)
    return [str(e["id"]) for e in entries if entry_matches(e, texts)]


def _same_focus(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def score_top(
    items: Sequence[Mapping[str, Any]],
    focus: str,
    gold: Sequence[Mapping[str, Any]],
    k: int = 10,
) -> dict[str, Any]:
    """Score the first k opportunities and first k risks of `items` (ranked) for `focus`.

    Returns {"opportunities": stats, "risks": stats, "items": details}, where stats is
    {"precision", "correct", "wrong_polarity", "unmatched", "n"} (precision is 0.0 for an
    empty list) and details has, per scored item in list order (opportunities, then risks),
    its list, rank, kind, summary, matched ids (all, same kind, other kind) and verdict.
    """
    entries = [e for e in gold if _same_focus(str(e["focus"]), focus)]
    if not entries:
        raise ValueError(f"no gold entries for focus {focus!r}")
    kind_of = {str(e["id"]): e["kind"] for e in entries}
    result: dict[str, Any] = {}
    details: list[dict[str, Any]] = []
    for kind in KINDS:
        top = [it for it in items if str(it.get("kind", "")).lower() == kind][:k]
        counts = {"correct": 0, "wrong_polarity": 0, "unmatched": 0}
        for rank, item in enumerate(top, 1):
            matched = match_item(item, entries)
            same = [eid for eid in matched if kind_of[eid] == kind]
            other = [eid for eid in matched if kind_of[eid] != kind]
            verdict = "correct" if same else "wrong_polarity" if other else "unmatched"
            counts[verdict] += 1
            details.append(
                {
                    "list": LISTS[kind],
                    "rank": rank,
                    "kind": kind,
                    "summary": item.get("summary", ""),
                    "matched": matched,
                    "matched_same_kind": same,
                    "matched_other_kind": other,
                    "verdict": verdict,
                }
            )
        n = len(top)
        result[LISTS[kind]] = {
            "precision": counts["correct"] / n if n else 0.0,
            **counts,
            "n": n,
        }
    result["items"] = details
    return result
