"""Verb patterns as data: read PETRARCH/Phoenix verb dictionaries and our JSONL form, and
compile them once into a lemma index the event coder matches on the dependency parse.

A pattern is a trigger (a verb lemma, or a noun for event nouns such as "summit") with a CAMEO
code and optional constraints read off the parse around it:

- `object`: words that must occur in the trigger's non-prepositional complements
  (direct object, particle, complement clause: "- * AID [070]" is "aid" there);
- `preps`: prepositional phrases, `(preposition, words)`: "- * (TO BORDER)" needs a "to" phrase
  holding "border" attached to the trigger or its object;
- `before`: words that must precede the trigger in the sentence ("FAILED_TO_*").

A word is a literal (compared with a token's lower-cased form and its lemma) or a synonym set
`&NAME`, any member of which will do. Actor slots say where the actors are when it is not the
usual subject -> object: `target`/`source` = "subject", "object", "prep:<p>" or "after:<p>"
(PETRARCH's `^` skipping the "<p>" phrase: "* IFTAR IN ^ +" is the phrase after "in X"); `target` =
"joint" (PETRARCH's `%` before the verb) needs a compound subject whose members act on each
other ("France and the Philippines agree"). A code
`[:054]` (secondary only) codes the event with the roles reversed; `[---]` blocks an event.

`data/events/verbs.jsonl` is built from the Phoenix CAMEO.2.0.txt by
`scripts/build_verb_patterns.py`; `data/events/verbs.local.jsonl` holds our hand-made additions
(event nouns, modern verbs) and wins over it. Users add their own files (JSONL, or PETRARCH
`.txt` verb dictionaries read as they are).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

DEFAULT_FILES = ("verbs.local.jsonl", "verbs.jsonl")

# Bare words after the verb that open a prepositional phrase in a pattern ("* WITH +").
PREPOSITIONS = frozenset(
    "about against among at before behind between by during for from in inside into of on "
    "onto over since through to toward towards under until upon with within without".split()
)


@dataclass(frozen=True)
class VerbPattern:
    """One trigger with its code and the parse constraints that select that code."""

    verb: str  # base form (lower case)
    code: str | None  # CAMEO code; None: matched, but no event ([---])
    pos: str = "VERB"  # VERB or NOUN
    object: tuple[str, ...] = ()
    preps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    before: tuple[str, ...] = ()
    source: str = "subject"
    target: str = "object"
    reverse: bool = False  # the code describes target -> source ([:054])
    origin: str = ""
    paired: str | None = None  # the reverse event's code ([032:033]: target -> source 033)
    # "RECENTLY_*", "*_TALKS": the last word before / the first word after touches the verb
    touch_before: bool = False
    touch_after: bool = False

    @property
    def specificity(self) -> int:
        words = len(self.object) + len(self.before) + sum(1 + len(w) for _, w in self.preps)
        return words + (self.target == "joint")

    def to_json(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if v not in ((), "", False, None)}
        d["code"] = self.code
        if self.source == "subject":
            d.pop("source")
        if self.target == "object":
            d.pop("target")
        if self.pos == "VERB":
            d.pop("pos")
        if self.preps:
            d["preps"] = [[p, list(w)] for p, w in self.preps]
        return d

    @classmethod
    def from_json(cls, d: dict) -> VerbPattern:
        return cls(
            verb=d["verb"],
            code=d.get("code"),
            pos=d.get("pos", "VERB"),
            object=tuple(d.get("object", ())),
            preps=tuple((p, tuple(w)) for p, w in d.get("preps", ())),
            before=tuple(d.get("before", ())),
            source=d.get("source", "subject"),
            target=d.get("target", "object"),
            reverse=bool(d.get("reverse", False)),
            origin=d.get("origin", ""),
            paired=d.get("paired"),
            touch_before=bool(d.get("touch_before", False)),
            touch_after=bool(d.get("touch_after", False)),
        )


@dataclass
class VerbDictionary:
    """Patterns plus synonym sets, as read from one or more files."""

    patterns: list[VerbPattern] = field(default_factory=list)
    synsets: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # listed inflection -> base form

    def extend(self, other: VerbDictionary) -> None:
        self.patterns += other.patterns
        for k, v in other.synsets.items():
            self.synsets[k] = self.synsets.get(k, frozenset()) | v
        for k, v in other.forms.items():
            self.forms.setdefault(k, v)

    def write_jsonl(self, path: str | Path) -> None:
        with open(path, "w", encoding="utf-8") as f:
            for name, members in sorted(self.synsets.items()):
                words = sorted(" ".join(m) for m in members)
                f.write(json.dumps({"synset": name, "words": words}) + "\n")
            for form, base in sorted(self.forms.items()):
                f.write(json.dumps({"form": form, "verb": base}) + "\n")
            for p in self.patterns:
                f.write(json.dumps(p.to_json()) + "\n")


# --- readers -----------------------------------------------------------------------------


def read_jsonl(path: str | Path) -> VerbDictionary:
    """Our format: one JSON object a line, a pattern, a synonym set or an inflected form."""
    out = VerbDictionary()
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            d = json.loads(line)
            if "synset" in d:
                out.synsets[d["synset"]] = frozenset(tuple(w.split()) for w in d["words"])
            elif "form" in d:
                out.forms[d["form"]] = d["verb"]
            else:
                out.patterns.append(VerbPattern.from_json(d))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{path}:{n}: not a verb-pattern record ({exc}); expected JSON with 'verb' "
                "and 'code', 'synset' and 'words', or 'form' and 'verb'"
            ) from exc
    return out


_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"\[([^\]]*)\]")
_PATTERN_TOKEN = re.compile(r"[(){}]|_?&\w+|_\*|[*+$%^]|_?[A-Za-z0-9][A-Za-z0-9'\-.]*")
ADJACENT = "_"  # a pattern word marked so must directly follow the one before it
BEFORE_WINDOW = 8  # tokens before a trigger a pattern's preceding words may be in


def read_petrarch(path: str | Path) -> VerbDictionary:
    """A PETRARCH/Phoenix verb dictionary (CAMEO.2.0.txt, PETR.Validate.verbs.txt) as it is.

    Synonym sets (`&NAME` then `+WORD` lines, defined before use), verb blocks
    (`--- NAME [code] ---`, verb lines with optional `{forms}` and `[code]`, then
    `- pattern [code]` lines that apply to every verb of the block). Transformations (`~`)
    are not read.
    """
    text = _XML_COMMENT.sub("", Path(path).read_text("utf-8", errors="replace"))
    out = VerbDictionary()
    raw_synsets: dict[str, list[str]] = {}
    synsets: dict[str, frozenset[tuple[str, ...]]] = {}
    synset: str | None = None
    block_code: str | None = None
    block_paired: str | None = None
    block_verbs: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []  # verb, before, after
    name = Path(path).name
    for n, raw in enumerate(text.splitlines(), 1):
        s = raw.split("#", 1)[0].split(";", 1)[0].strip()
        if not s and raw.strip():
            continue  # a comment line
        if not s:
            if synset:
                synsets = _expand_synsets(raw_synsets)
            synset = None
            continue
        if s.startswith("~"):
            continue
        if s.startswith("&"):
            synset = s.split()[0]
            raw_synsets[synset] = []
            continue
        if s.startswith("+") and synset:
            raw_synsets[synset].append(s[1:].strip())
            continue
        if synset:
            synsets = _expand_synsets(raw_synsets)
            synset = None
        if s.startswith("---"):
            block_verbs = []
            block_code, block_paired, _ = _codes(s)
            continue
        if s.startswith("-"):
            out.patterns += _block_patterns(s, synsets, block_verbs, f"{name}:{n}")
            continue
        # a verb line: a base form (or a multi-word form), its irregular forms, its code
        verb_line = _verb_line(s, (block_code, block_paired), f"{name}:{n}", out)
        if verb_line is not None:
            block_verbs.append(verb_line)
    out.synsets = _expand_synsets(raw_synsets)
    return out


def _block_patterns(
    s: str,
    synsets: dict[str, frozenset[tuple[str, ...]]],
    block_verbs: list[tuple[str, tuple[str, ...], tuple[str, ...]]],
    origin: str,
) -> list[VerbPattern]:
    """A `- pattern [code]` line, for each verb of its block."""
    parsed = _pattern(s, synsets)
    if parsed is None:
        return []
    code, paired, reverse, before, obj, preps, source, target, touch = parsed
    return [
        VerbPattern(
            verb,
            code,
            object=vaft + obj,
            preps=preps,
            before=vbef + before,
            source=source,
            target=target,
            reverse=reverse,
            origin=origin,
            paired=paired,
            touch_before=touch[0] and bool(before),
            touch_after=touch[1] and not vaft and bool(obj),
        )
        for verb, vbef, vaft in block_verbs
    ]


def _verb_line(
    s: str, block: tuple[str | None, str | None], origin: str, out: VerbDictionary
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """A verb line: its pattern (its own code, else the block's) and irregular forms go to
    `out`; returns (verb, words before it, words after it), None if it names no verb."""
    code, paired, reverse = _codes(s)
    body = _CODE.sub("", s)
    forms = " ".join(re.findall(r"\{([^}]*)\}", body))
    verb, bef, aft = _verb_phrase(re.sub(r"\{[^}]*\}", "", body))
    if not verb:
        return None
    for form in forms.split():
        f_verb, _, _ = _verb_phrase(form)
        if f_verb and f_verb != verb:
            out.forms.setdefault(f_verb, verb)
    own, own_paired = (code, paired) if _CODE.search(s) else block
    out.patterns.append(
        VerbPattern(
            verb, own, object=aft, before=bef, reverse=reverse, origin=origin, paired=own_paired
        )
    )
    return verb, bef, aft


def _codes(s: str) -> tuple[str | None, str | None, bool]:
    """(code, paired code, reverse) of a line's [..]: [190], [042:043], [:054], [---]."""
    m = _CODE.search(s)
    if not m:
        return None, None, False
    parts = [p.strip().replace("!", "") for p in m.group(1).split(":")]
    first = parts[0] if parts[0] and parts[0] != "---" else None
    second = parts[1] if len(parts) > 1 and parts[1] and parts[1] != "---" else None
    if first is None and second is not None and not parts[0]:
        return second, None, True
    return first, second, False


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", phrase.strip()) if w]


def _verb_phrase(phrase: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A verb line's phrase -> (verb, words before it, words after it).

    "+MEET_WITH" is "meet" then "with"; "KLM_NOP_+RST" marks "rst" as the verb.
    """
    words = _words(phrase.lstrip("+"))
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    k = marked[0] if marked else 0
    words = [w.lstrip("+").lower() for w in words]
    if not words:
        return "", (), ()
    return words[k], tuple(words[:k]), tuple(words[k + 1 :])


def _expand_synsets(raw: dict[str, list[str]]) -> dict[str, frozenset[tuple[str, ...]]]:
    """Synset members as word tuples; `+&OTHER` members pull in that set (one level deep)."""
    out: dict[str, frozenset[tuple[str, ...]]] = {}
    for name, members in raw.items():
        words: set[tuple[str, ...]] = set()
        for m in members:
            if m.startswith("&"):
                words |= {tuple(w.lower() for w in _words(x)) for x in raw.get(m.split()[0], [])}
            else:
                words.add(tuple(w.lower() for w in _words(m)))
        key = name.rstrip("_")
        out[key] = frozenset(w for w in words if w and not w[0].startswith("&"))
    return {k: v for k, v in out.items() if v}


def _pattern(s: str, synsets):
    """A `- ... * ... [code]` line -> (code, paired code, reverse, before, object, preps,
    source, target, (last word before touches the verb, first word after touches it))."""
    code, paired, reverse = _codes(s)
    body = _CODE.sub(" ", s[1:])
    # "MEMOS_ON_&TIETYPES": words joined by "_" are a phrase, each right after the one
    # before; words apart may have others between them
    toks = _PATTERN_TOKEN.findall(body.replace("_", " _"))
    touch_before = "_*" in toks
    toks = ["*" if t == "_*" else t for t in toks]
    if "*" not in toks:
        return None
    after_verb = toks[toks.index("*") + 1 :]
    touch_after = bool(after_verb) and after_verb[0].startswith("_") and after_verb[0] != "_*"
    line = _PatternLine(synsets)
    if not line.read(toks):
        return None
    return (
        code,
        paired,
        reverse,
        tuple(line.before),
        tuple(line.obj),
        tuple((p, tuple(w)) for p, w in line.preps),
        line.source,
        line.target,
        (touch_before, touch_after),
    )


@dataclass
class _PatternLine:
    """Reads a pattern line's tokens left to right: the words before the verb (`*`), its
    object words, prepositional phrases (bare or in parentheses) and the slots (`+` target,
    `$` source, `%` joint, `^` skipped) where they stand."""

    synsets: dict[str, frozenset[tuple[str, ...]]]
    before: list[str] = field(default_factory=list)
    obj: list[str] = field(default_factory=list)
    preps: list[tuple[str, list[str]]] = field(default_factory=list)
    source: str = "subject"
    target: str = "object"
    seen_verb: bool = False
    prev_word: bool = False
    paren: list[str] | None = None
    bare_prep: list[str] | None = None
    closed_prep: str | None = None  # "(AGAINST) +": the slot is that preposition's object
    skipped: str | None = None  # "* IFTAR IN ^ +": the phrase "^" skipped opened with "in"
    pending: str | None = None  # "+ HOSTING *": a slot before the words before the verb
    skips: int = 0  # "* TABASKI ^ $": actors "^" skipped after the object words

    def read(self, toks: list[str]) -> bool:
        """Read the tokens; False for a pattern PETRARCH ignores (an undefined synset)."""
        for t in toks:
            just_closed, self.closed_prep = self.closed_prep, None
            mark = ADJACENT if t.startswith("_") and self.prev_word else ""
            t = t.lstrip("_")
            self.prev_word = t not in "*(){}+$%^"
            if self._punctuation(t):
                continue
            slot = t in "+$%^"
            self._pending_slot(t, slot)
            if self._skip(t, slot):
                continue
            if slot:
                self._slot(t, just_closed)
            elif not self._word(t, mark):
                return False
        return True

    def _punctuation(self, t: str) -> bool:
        """The verb, braces and parentheses; True if `t` was one."""
        if t == "*":
            self.seen_verb = True
        elif t == "(":
            self.paren = []
        elif t == ")":
            if self.paren:
                self.preps.append((self.paren[0], self.paren[1:]))
                if len(self.paren) == 1:
                    self.closed_prep = self.paren[0]
            self.paren = None
        return t in "*{}()"

    def _pending_slot(self, t: str, slot: bool) -> None:
        """ "+ HOSTING *": a slot before the verb whose place is known at the next word."""
        if slot and not self.seen_verb and t in "+$":
            self.pending = t
        elif self.pending and not self.seen_verb and t not in "*(){}":
            # the actor right before "hosting", not the verb's subject
            where = f"before:{t.lower().lstrip('_')}"
            if self.pending == "+":
                self.target = where
            else:
                self.source = where
            self.pending = None

    def _skip(self, t: str, slot: bool) -> bool:
        """ "* TABASKI ^ $": a "^" after the object words skips an actor; the slot after it is
        the actor after the object words and the skipped ones. True if `t` was read so."""
        free = self.seen_verb and self.paren is None and not self.bare_prep
        if t == "^" and free and self.obj:
            self.skips += 1
            return True
        if slot and t in "+$" and free and self.skips:
            where = f"skip:{self.skips}"
            if t == "+":
                self.target = where
            else:
                self.source = where
            return True
        return False

    def _slot(self, t: str, just_closed: str | None) -> None:
        where = self._slot_place(just_closed)
        if t == "^" and self.seen_verb and self.paren is None and self.bare_prep:
            self.skipped = self.bare_prep[0]
        elif t == "+" and where == "object" and self.skipped:
            where = f"after:{self.skipped}"  # the next phrase after the skipped one
        if t in "+%":
            self.target = where
        if t == "%" and not self.seen_verb:
            self.target = "joint"  # "% * [030:030]": a compound subject, each on the others
        if t == "$":
            self.source = where
        if self.seen_verb and self.paren is None:
            self.bare_prep = None  # "* EID AT ^ WITH +": a word after a slot opens anew

    def _slot_place(self, just_closed: str | None) -> str:
        """Where a slot's actor stands: the subject, the object or a preposition's object."""
        if just_closed and self.seen_verb:
            return f"prep:{just_closed}"
        if self.paren == [] or (self.paren is None and self.bare_prep == []):
            return "object"
        if not self.seen_verb:
            return "subject"
        if self.paren:
            return f"prep:{self.paren[0]}"
        if self.bare_prep:
            return f"prep:{self.bare_prep[0]}"
        return "object"

    def _word(self, t: str, mark: str) -> bool:
        """A word of the pattern; False if it names a synset not defined."""
        w = t.lower()
        if t.startswith("&"):
            w = t.rstrip("_")
            if w not in self.synsets:
                return False  # PETRARCH ignores patterns with an undefined synset
        if not self.seen_verb:
            self.before.append(mark + w)
        elif self.paren is not None:
            self.paren.append(mark + w if self.paren else w)
        elif w in PREPOSITIONS and not self.bare_prep and not mark:
            self.bare_prep = [w]
            self.preps.append((w, []))
        elif self.bare_prep:
            self.preps[-1] = (self.preps[-1][0], [*self.preps[-1][1], mark + w])
        else:
            self.obj.append(mark + w)
        return True


def read_file(path: str | Path) -> VerbDictionary:
    """Our JSONL or a PETRARCH-format `.txt` verb dictionary, by extension."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"verb-pattern file {p} does not exist")
    return read_jsonl(p) if p.suffix == ".jsonl" else read_petrarch(p)


# --- the compiled index ------------------------------------------------------------------


@dataclass
class CompiledPatterns:
    """Trigger lemma -> its patterns, most specific first, each with the literal words it
    needs (a set test rejects most patterns at once); synsets indexed by their last word."""

    by_trigger: dict[tuple[str, str], list[tuple[frozenset[str], VerbPattern]]]
    forms: dict[str, str]
    synsets: dict[str, frozenset[tuple[str, ...]]]
    synset_last: dict[str, dict[str, list[tuple[str, ...]]]]  # name -> last word -> members
    # triggers with a pattern of their own, with no words around ("LEFT [032:033]"), so an
    # inflected form listed that way is a verb apart from its lemma's
    plain: frozenset[tuple[str, str]] = frozenset()

    def candidates(
        self, pos: str, lemma: str, lower: str
    ) -> list[tuple[frozenset[str], VerbPattern]]:
        """(literal words needed, pattern) for a token, most specific first."""
        key = "NOUN" if pos in ("NOUN", "PROPN") else "VERB"
        # a form the dictionary lists as a verb of its own ("LEFT [032:033]" beside "LEAVE
        # [012]") is that verb, as PETRARCH matches words, not lemmas
        found = self.by_trigger.get((key, lower)) if (key, lower) in self.plain else None
        if found is None:
            found = self.by_trigger.get((key, lemma))
        if found is None and lower != lemma:
            found = self.by_trigger.get((key, self.forms.get(lower, lower)))
        if found is None and lemma in self.forms:
            found = self.by_trigger.get((key, self.forms[lemma]))
        return found or []

    def members(self, word: str) -> frozenset[tuple[str, ...]] | tuple[tuple[str, ...], ...]:
        """The word sequences a pattern word stands for: a synset's members ("&CURRENCY"),
        else the word itself."""
        word = word.removeprefix(ADJACENT)
        return self.synsets.get(word, ()) if word.startswith("&") else ((word,),)

    def has_word(self, word: str, present: set[str]) -> bool:
        word = word.removeprefix(ADJACENT)
        if word.startswith("&"):
            by_last = self.synset_last.get(word, {})
            for w in present:
                for member in by_last.get(w, ()):
                    if all(x in present for x in member):
                        return True
            return False
        return word in present

    def in_order(self, words: tuple[str, ...], seq: list[tuple[str, str, int]]) -> bool:
        """The pattern's words occur in `seq` (tokens as (lower, lemma, index), in text order)
        as a phrase in order: each word (or a synset member's words, adjacent) after the last,
        right after it if marked `ADJACENT`."""
        pos = 0
        last = None  # document index of the last token matched
        for w in words:
            adjacent = w.startswith(ADJACENT) and last is not None
            w = w.removeprefix(ADJACENT)
            members = self.synsets.get(w, ()) if w.startswith("&") else ((w,),)
            nxt = None
            for j in range(pos, len(seq)):
                if adjacent and seq[j][2] != last + 1:
                    break
                for m in members:
                    if j + len(m) <= len(seq) and all(x in seq[j + k][:2] for k, x in enumerate(m)):
                        nxt = j + len(m)
                        break
                if nxt is not None:
                    break
            if nxt is None:
                return False
            pos, last = nxt, seq[nxt - 1][2]
        return True


def _literals(p: VerbPattern) -> frozenset[str]:
    words = [
        w.removeprefix(ADJACENT)
        for w in (*p.object, *p.before, *(x for _, ws in p.preps for x in ws))
    ]
    return frozenset(w for w in words if not w.startswith("&")) | {prep for prep, _ in p.preps}


def compile_patterns(dictionary: VerbDictionary) -> CompiledPatterns:
    by: dict[tuple[str, str], list[tuple[int, int, VerbPattern]]] = defaultdict(list)
    for order, p in enumerate(dictionary.patterns):
        by[(p.pos, p.verb)].append((-p.specificity, order, p))
    synset_last: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for name, members in dictionary.synsets.items():
        index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for m in members:
            index[m[-1]].append(m)
        synset_last[name] = dict(index)
    return CompiledPatterns(
        {
            k: [(_literals(p), p) for _, _, p in sorted(v, key=lambda t: t[:2])]
            for k, v in by.items()
        },
        dict(dictionary.forms),
        dict(dictionary.synsets),
        synset_last,
        frozenset((p.pos, p.verb) for p in dictionary.patterns if not p.specificity),
    )


def _data_path(name: str):
    return resources.files("realpolitik").joinpath("data/events", name)


@lru_cache(maxsize=8)
def load_patterns(files: tuple[str, ...] = (), defaults: bool = True) -> CompiledPatterns:
    """The compiled patterns of `files` (first wins on equal specificity), then the shipped ones.

    Cached: compiled once per process for each set of files.
    """
    d = VerbDictionary()
    for f in files:
        d.extend(read_file(f))
    if defaults:
        for name in DEFAULT_FILES:
            d.extend(read_jsonl(_data_path(name)))
    return compile_patterns(d)
