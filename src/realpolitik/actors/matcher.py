"""Dictionary matching: every knowledge-base name found in a Doc, longest match first.

All names of the knowledge base (entries and their aliases, agent nouns with their plurals,
nationality adjectives, states, capitals and cities) are compiled once per knowledge base into
one table keyed by the normalised token texts of each name prefix ("vladimir", "vladimir
putin"), so matching a document is one left-to-right pass over its tokens with dict lookups.

A name only matches text cased like a name: every capitalised word of a person's,
organisation's or place's name must be capitalised in the text ("Bush" the president, not
"bush"), a short acronym must be in capitals ("RT", not "Rt."), a one-word name that is also
an English function word must be written in capitals ("US", not "us"; "May" and "Will" never
match alone), a one-word name opening a sentence must not be tagged as a verb or function word
("Chase the ball"), a compass point must follow "the" ("the West", not "Salina South"), and
nothing inside a date or number matches ("in May 2024"). Agent nouns ("police", "spokesman")
match in any case. Names inside hyphenated words match too ("U.S.-Russian").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, ORTH, POS, SENT_START, SPACY, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc

from .fields import normalise
from .kb import ActorKB

# Words of a name that may be written in lower case ("Organization of American States").
FUNCTION_WORDS = frozenset(
    "the of and for de del della da do dos das al el bin ibn van von der den la le les du des "
    "on in to at a an & y e".split()
)
# A one-word name that is also one of these must be written in capitals to match ("US", "IT").
_COMMON_WORDS = frozenset(STOP_WORDS)
# Parts of speech a sentence's first word has when it is no name, whatever its case.
_NOT_NAMES = frozenset(
    {"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ", "NUM"}
)
# A one-word name that is a compass point must follow "the" ("the West").
_DIRECTIONS = frozenset({"north", "south", "east", "west"})
_POS_NAMES = {int(v): k for k, v in _POS_IDS.items()}
_SIMPLE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
# Prefixes of hyphenated words whose parts are not separate mentions ("pro-Russian").
_BOUND_PREFIXES = frozenset({"pro", "anti", "non", "ex", "post", "pre", "neo", "semi", "quasi"})


@dataclass(frozen=True, slots=True)
class Target:
    """One reading of a matched name: where to look it up in the knowledge base."""

    what: str  # entry | agent | adjective | state | capital | city
    key: str  # the normalised name, as indexed by the knowledge base
    cased: tuple[int, ...]  # per token of the name: 1 capitalised, 2 upper case in the text


@dataclass(frozen=True, slots=True)
class Match:
    """Tokens [start, end) of a Doc (or characters of one hyphenated token) naming `targets`."""

    start: int
    end: int
    start_char: int
    end_char: int
    targets: tuple[Target, ...]


# NER labels of numbers and dates: no name inside one is an actor ("May" in "in May 2024").
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
_ATTRS = [ORTH, IDX, SENT_START, POS, TAG, DEP, HEAD, ENT_TYPE, SPACY]


@dataclass(slots=True)
class DocView:
    """The per-token facts the resolver needs, read from a Doc in one call (`Doc.to_array`)."""

    text: str
    norms: list[str]  # normalised token texts ("" for whitespace)
    texts: list[str]
    capitalised: list[bool]  # first character upper case
    upper: list[bool]  # all letters upper case ("US")
    idx: list[int]  # character offset of each token
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]  # absolute index of each token's head
    ent_label: list[str]  # "" outside entities
    sent_start: list[bool]
    sent_first: list[int]  # first token of each token's sentence
    sent_id: list[int]
    proper: list[bool]  # tagged PROPN
    numeric_ent: list[bool]  # inside a DATE, TIME, MONEY... entity

    @classmethod
    def read(cls, doc: Doc, cache: dict[int, tuple[str, str, bool, bool]]) -> DocView:
        """The view of `doc`; `cache` keeps each string's normal form across documents."""
        strings = doc.vocab.strings
        rows = doc.to_array(_ATTRS)
        signed = rows[:, [2, 6]].astype("int64")  # sentence starts (-1/0/1) and head offsets
        orths, idx, pos, tag, dep, ent, spaces = (
            rows[:, k].tolist() for k in (0, 1, 3, 4, 5, 7, 8)
        )
        starts, rel = signed[:, 0].tolist(), signed[:, 1].tolist()
        texts, norms, capitalised, upper = [], [], [], []
        for orth in orths:
            facts = cache.get(orth)
            if facts is None:
                text = strings[orth]
                norm = normalise(text) if text.strip() else ""
                facts = (text, norm, text[:1].isupper(), text.isupper())
                if len(cache) < 500_000:
                    cache[orth] = facts
            texts.append(facts[0])
            norms.append(facts[1])
            capitalised.append(facts[2])
            upper.append(facts[3])
        labels: dict[int, str] = {0: ""}
        for h in {*tag, *dep, *ent}:
            if h not in labels:
                labels[h] = strings[h] if h in strings else ""
        pos_s = [_POS_NAMES.get(p, "") for p in pos]
        ent_s = [labels[e] for e in ent]
        sent_first, sent_id = [], []
        first, sid = 0, -1
        for i, s in enumerate(starts):
            if s == 1 or i == 0:
                first, sid = i, sid + 1
            sent_first.append(first)
            sent_id.append(sid)
        # The text from the token texts and their trailing spaces: what `doc.text` returns,
        # without building a Token object per token.
        text = "".join([t + " " if sp else t for t, sp in zip(texts, spaces, strict=True)])
        return cls(
            text=text,
            norms=norms,
            texts=texts,
            capitalised=capitalised,
            upper=upper,
            idx=idx,
            pos=pos_s,
            tag=[labels[t] for t in tag],
            dep=[labels[d] for d in dep],
            head=[i + r for i, r in enumerate(rel)],
            ent_label=ent_s,
            sent_start=[s == 1 or i == 0 for i, s in enumerate(starts)],
            sent_first=sent_first,
            sent_id=sent_id,
            proper=[p == "PROPN" for p in pos_s],
            numeric_ent=[e in NUMERIC_LABELS for e in ent_s],
        )


class NameMatcher:
    """All knowledge-base names, compiled for token matching. Build with `compile_matcher`."""

    def __init__(self) -> None:
        self.names: dict[str, tuple[Target, ...]] = {}  # "vladimir putin" -> readings
        self.prefixes: set[str] = set()  # proper prefixes of names: "vladimir"

    def __len__(self) -> int:
        return len(self.names)

    # --- building -------------------------------------------------------------------

    def add(self, tokens: Sequence[str], what: str, key: str) -> None:
        """Index one name, given as its tokens in their original case."""
        norms = [normalise(t) for t in tokens]
        if not norms or not all(norms):
            return
        # A word after a hyphen may be written in either case ("Barad-dur", "Al-Qaeda").
        cased = tuple(
            0 if k and tokens[k - 1] == "-" else _casing(tok, norm, what)
            for k, (tok, norm) in enumerate(zip(tokens, norms, strict=True))
        )
        joined = norms[0]
        for norm in norms[1:]:
            self.prefixes.add(joined)
            joined = f"{joined} {norm}"
        targets = self.names.get(joined, ())
        if any(t.what == what and t.key == key for t in targets):
            return  # the first spelling indexed decides the casing rule
        self.names[joined] = (*targets, Target(what, key, cased))

    # --- matching -------------------------------------------------------------------

    def find(self, view: DocView) -> list[Match]:
        """Non-overlapping matches, leftmost-longest, whose casing fits the text."""
        norms = view.norms
        names, prefixes = self.names, self.prefixes
        n = len(norms)
        found: list[Match] = []
        i = 0
        while i < n:
            key = norms[i]
            if key not in names and key not in prefixes:
                if "-" in key and len(key) > 2:
                    found.extend(self._hyphen_parts(view, i))
                i += 1
                continue
            best: Match | None = None
            j = i + 1
            while True:
                targets = names.get(key)
                if targets:
                    fitting = tuple(t for t in targets if self._fits(view, i, j, t))
                    if fitting:
                        best = Match(
                            i, j, view.idx[i], view.idx[j - 1] + len(view.texts[j - 1]), fitting
                        )
                if key not in prefixes or j >= n:
                    break
                key = f"{key} {norms[j]}"
                j += 1
            if best is None:
                i += 1
            else:
                found.append(best)
                i = best.end
        return found

    def _fits(self, view: DocView, start: int, end: int, target: Target) -> bool:
        if target.what == "agent":
            return True
        if len(target.cased) == end - start:
            for offset, must in enumerate(target.cased):
                if must and not (view.upper if must == 2 else view.capitalised)[start + offset]:
                    return False
        elif not self._fits_joined(view, start, end, target.cased):
            return False
        if any(view.numeric_ent[start:end]):
            return False  # "May" in "in May 2024"
        if end - start == 1 and target.what != "adjective":
            if target.key in _COMMON_WORDS and not view.upper[start]:
                return False
            if target.key in _DIRECTIONS and (start == 0 or view.norms[start - 1] != "the"):
                return False  # "the West", but not "Salina South", "West said"
            if view.sent_start[start] and view.pos[start] in _NOT_NAMES:
                return False  # "Chase the ball", "Will they ...": a verb, not a name
        return True

    @staticmethod
    def _fits_joined(view: DocView, start: int, end: int, cased: tuple[int, ...]) -> bool:
        """The casing rule for a name some of whose words are joined in one token, as
        TABARI dictionaries write them ("the Prince of Dol_Amroth"): word by word."""
        words = [w for t in range(start, end) for w in re.split(r"[_\s]+", view.texts[t]) if w]
        if len(words) != len(cased):
            return False
        return all(
            not must or (w.isupper() if must == 2 else w[:1].isupper())
            for w, must in zip(words, cased, strict=True)
        )

    def _hyphen_parts(self, view: DocView, i: int) -> list[Match]:
        """Names inside one hyphenated token: "U.S.-Russian" -> U.S., Russian."""
        text = view.texts[i]
        parts = text.split("-")
        if normalise(parts[0]) in _BOUND_PREFIXES:
            return []
        found, pos = [], 0
        for part in parts:
            key = normalise(part)
            targets = self.names.get(key, ())
            fitting = tuple(
                t
                for t in targets
                if len(t.cased) == 1
                and (part.isupper() if t.cased[0] == 2 else not t.cased[0] or part[:1].isupper())
            )
            if fitting and part:
                start = view.idx[i] + pos
                found.append(Match(i, i + 1, start, start + len(part), fitting))
            pos += len(part) + 1
        return found


def _casing(token: str, norm: str, what: str) -> int:
    """How a word of a name must be written in the text: 0 any case (agent nouns, "of"),
    2 in capitals (short acronyms: "RT" is not "Rt."), 1 capitalised (the rest)."""
    if what == "agent" or not token[:1].isupper() or norm in FUNCTION_WORDS:
        return 0
    letters = [c for c in token if c.isalpha()]
    if 2 <= len(letters) <= 3 and token.isupper():
        return 2
    return 1


def name_variants(kb: ActorKB) -> Iterable[tuple[str, str, str]]:
    """(name as written, what it is, knowledge-base key) for every name to match."""
    for entry in kb.entries.values():
        for alias in (entry.name, *entry.aliases):
            yield alias, "entry", normalise(alias)
    seen = set()
    for agent in kb.agents.values():
        if id(agent) in seen:
            continue
        seen.add(id(agent))
        for phrase in (agent.phrase, *agent.aliases):
            key = normalise(phrase)
            if kb.agents.get(key) is not agent:
                continue  # a later file redefined this phrase
            yield phrase, "agent", key
            plural = pluralise(phrase)
            if agent.plurals and normalise(plural) not in kb.agents:
                yield plural, "agent", key
    for country in kb.countries.values():
        for name in (country.name, *country.aliases):
            yield name, "state", normalise(name)
        for adjective in country.adjectives:
            yield adjective, "adjective", normalise(adjective)
        if country.capital:
            for capital in (country.capital, *country.capital_aliases):  # Kyiv, Kiev
                yield capital, "capital", normalise(capital)
        for city in country.cities:
            yield city, "city", normalise(city)


def pluralise(phrase: str) -> str:
    """The regular English plural of a phrase's last word (spokesman -> spokesmen)."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith("man"):
        plural = last[:-3] + "men"
    elif low.endswith("person"):
        plural = last[:-6] + "people"
    elif low.endswith("y") and low[-2:-1] not in set("aeiou"):
        plural = last[:-1] + "ies"
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


_LEADING_THE = re.compile(r"^the\s+", re.I)


def compile_matcher(
    kb: ActorKB, tokenize: Callable[[list[str]], Iterable[list[str]]]
) -> NameMatcher:
    """The matcher for every name of `kb`; `tokenize` splits names as the pipeline splits text.

    Plain names (letters and spaces) are split on spaces; the rest go through `tokenize`
    (the pipeline's tokenizer), so "U.S." and "Al-Qaeda" are split exactly as in documents.
    A leading "the" is dropped: "the Kremlin" is matched as "Kremlin".
    """
    matcher = NameMatcher()
    pending: list[tuple[str, str, str]] = []
    for name, what, key in name_variants(kb):
        name = _LEADING_THE.sub("", name.replace("_", " ").strip())
        if not name:
            continue
        if _SIMPLE.fullmatch(name):
            matcher.add(name.split(" "), what, key)
        else:
            pending.append((name, what, key))
    names = tokenize([name for name, _, _ in pending])
    for (_, what, key), tokens in zip(pending, names, strict=True):
        matcher.add(tokens, what, key)
    return matcher
