"""Candidate attributions read off the parse: cue heads, and for each the spans that could be
its cue, its source and its content, each with the features the learned scorers weigh
(`features.py`).

A cue head is a token whose lemma is a known cue (the lexicon in `data/quotes/`), or a colon
introducing speech. For a head the candidates are few and come from the parse:

- cue: the head with its auxiliaries, negation and adverbs on the left, and particles,
  prepositional phrases, an open complement ("continued to call for", "are convinced"),
  the "it" of "as he put it," and a colon on the right (a few contiguous extents);
- source: subtrees of the subject (or of the governing verb's subject for an xcomp or a
  conjunct), of the agent ("by X"), of a possessor ("X's warning"), of the object of
  "according to", each whole and cut before an apposition or a relative clause;
- content: subtrees of the complement clause, open complement, object, attribute or
  prepositional object; the quotation opening right after the cue or closing right before
  it (both, for a quote split by its attribution); the rest of the sentence after the cue;
  the sentence before a parenthetical cue ("..., he said"), or around it ("The museum, he
  said, would ..."); the cue's whole clause ("X seems confident"); each clause without
  its trailing adjuncts (", which ...", ", known as ...") and cut at its first comma; and a
  quotation before the cue with its sentence's words leading into it ('X is "...," says Y');
  the subject of a cue that happens to it ("[Her view] is shared by ..."). Each clause also
  comes starting elsewhere, as annotators start it: a constituent a few words in ("plans
  for [X]", "for [X to resign]"), with the subject of a perception cue ("[Clinton seemed
  irritated]") or the noun a participle describes ("[a state known for ...]"), with a
  leading "But"; and a quotation with the "that" before it.

Reported speech stays in its cue's paragraph: a candidate crossing a line break is dropped,
unless it is a quotation (quotes may run over paragraphs).

The trainer (`scripts/train_quote_model.py`) and the component share this module, so what
is learned is what runs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .features import content_span_features, cue_span_features, source_features
from .marks import Quotation, QuoteIndex, is_quote

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "csubjpass"})
LEFT_CUE_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "prt"})
LEFT_NOUN_CUE_DEPS = frozenset({"det", "amod", "compound", "nummod", "advmod", "neg"})
RIGHT_CUE_DEPS = frozenset(
    {
        "prt",
        "prep",
        "pobj",
        "det",
        "amod",
        "compound",
        "punct",
        "dative",
        "agent",
        "poss",
        "case",
        "pcomp",
        "advmod",
        "neg",
        "aux",
        "auxpass",
        "npadvmod",
        "nummod",
        "xcomp",  # multi-word cues: "continued to call for", "are convinced"
        "acomp",
    }
)
TRAILING_DEPS = frozenset(
    {
        "advcl",
        "prep",
        "npadvmod",
        "appos",
        "relcl",
        "acl",
        "punct",
        "parataxis",
        "conj",
        "cc",
        "advmod",
    }
)
CUT_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "prep", "advcl"})
MAX_LEFT, MAX_RIGHT = 3, 5
# Punctuation that introduces speech: "Smith: ...", and the bar that signs a quoted tweet
# ("“...” ― Jane Doe").
PUNCT_CUES = frozenset({":", "―"})
MAX_SOURCE_TOKENS = 25
# Where reported content is often cut short ("to explore ways to reduce ..., known as HFCs")
CLAUSE_BREAKS = frozenset({",", ";", "--", "—", "–"})


@dataclass
class Span:
    """A candidate span: token range [i, j), its character extent and how it was found."""

    kind: str
    i: int
    j: int
    start: int
    end: int
    parts: tuple[tuple[int, int], ...] = ()
    features: list[str] = field(default_factory=list)


# Makes the content candidates of one cue head: emit(i, j, kind, parts=(), root=None)
Emit = Callable[..., Iterator[Span]]


@dataclass
class CueCandidate:
    head: Token
    sent_start: int  # token indices of the head's sentence
    sent_end: int
    features: list[str]
    cues: list[Span]
    sources: list[Span]
    contents: list[Span]


class Reader:
    """Per-document state for candidate generation: sentences and quotations, computed once."""

    def __init__(self, doc: Doc, text: str, quotes: list[Quotation], lazy: bool = False) -> None:
        self.doc = doc
        self.text = text
        # lazy: content candidates come without features until `finish_contents` (only the
        # heads that pass the head scorer need them)
        self.lazy = lazy
        self.quotes = QuoteIndex(quotes)
        # token offsets and the flags edge trimming needs, as lists: no Token objects made
        arr = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE, DEP, HEAD])
        self.starts: list[int] = arr[:, 0].tolist()
        # each token's head, as an index (HEAD is an offset, unsigned in the array)
        self.heads: list[int] = (np.arange(len(doc)) + arr[:, 5].astype(np.int64)).tolist()
        self.ends: list[int] = (arr[:, 0] + arr[:, 1]).tolist()
        punct = arr[:, 2].astype(bool)
        trimmable = punct | arr[:, 3].astype(bool) | (arr[:, 4] == get_string_id("cc"))
        for k in np.flatnonzero(punct).tolist():
            if is_quote(doc[k].text):
                trimmable[k] = False
        self.trimmable: list[bool] = trimmable.tolist()
        self.breaks: list[bool] = [
            bool(p) and doc[k].text in CLAUSE_BREAKS for k, p in enumerate(punct.tolist())
        ]
        sent = doc.to_array([SENT_START])
        self.sent_starts: list[int] = [*np.flatnonzero(sent == 1).tolist(), len(doc)]
        if not self.sent_starts or self.sent_starts[0] != 0:
            self.sent_starts.insert(0, 0)

    def char_span(self, i: int, j: int, kind: str) -> Span:
        """Token range [i, j) as a Span with character offsets (no trailing whitespace)."""
        return Span(kind, i, j, self.starts[i], self.ends[j - 1])

    def trim(self, i: int, j: int) -> tuple[int, int]:
        """[i, j) without edge punctuation (but quote marks), white space or conjunctions."""
        t = self.trimmable
        while i < j and t[i]:
            i += 1
        while j > i and t[j - 1]:
            j -= 1
        return i, j

    # --- candidates -------------------------------------------------------------------

    def sentence(self, tok: Token) -> tuple[int, int]:
        k = bisect_right(self.sent_starts, tok.i) - 1
        return self.sent_starts[k], self.sent_starts[k + 1]

    def head_features(self, head: Token) -> list[str]:
        """The cheap features of a candidate head: its words and dependencies only."""
        s0, s1 = self.sentence(head)
        return self._head_features(head, s0, s1)

    def candidate(self, head: Token, head_features: list[str] | None = None) -> CueCandidate:
        """The head with its cue, source and content candidates, and all its features."""
        s0, s1 = self.sentence(head)
        cues = list(self._cue_spans(head, s0, s1))
        cue_ends = sorted({c.j for c in cues})
        # the source is in the cue's paragraph (a headline is not the subject of its lede)
        sources = [s for s in self._sources(head, s0, s1) if not self._crosses_paragraph(s, head)]
        contents = list(self._contents(head, s0, s1, cue_ends))
        contents.extend(self._other_starts(head, contents))
        kinds = {c.kind for c in contents}
        if not self.lazy:
            self._context_features(contents, kinds)
        features = list(head_features or self._head_features(head, s0, s1))
        features.extend(f"src={s.kind}" for s in sources)
        features.extend(f"content={k}" for k in kinds)
        lemma = head.lemma_.lower()
        features.extend(f"lemma_content={lemma}|{k}" for k in kinds if k.startswith("quote"))
        if not sources:
            features.append("no_source")
            features.append(f"lemma_nosrc={lemma}")
        return CueCandidate(head, s0, s1, features, cues, sources, contents)

    def finish_contents(self, cand: CueCandidate) -> None:
        """The content candidates' features, left out by a lazy reader."""
        if not self.lazy:
            return
        for c in cand.contents:
            c.features = content_span_features(self.doc, cand.head, c, self.text, self.quotes)
        self._context_features(cand.contents, {c.kind for c in cand.contents})

    @staticmethod
    def _context_features(contents: list[Span], kinds: set[str]) -> None:
        """What else was on offer decides between a clause and a quote."""
        by_length = sorted({c.j - c.i for c in contents})
        for c in contents:
            c.features.extend(f"ctx={c.kind}|{k}" for k in kinds if k != c.kind)
            rank = by_length.index(c.j - c.i)
            rank_name = (
                "only"
                if len(by_length) == 1
                else "shortest"
                if rank == 0
                else "longest"
                if rank == len(by_length) - 1
                else "middle"
            )
            c.features.append(f"len_rank={rank_name}")
            c.features.append(f"kind_len_rank={c.kind}|{rank_name}")

    def _cue_spans(self, h: Token, s0: int, s1: int) -> Iterator[Span]:
        doc = self.doc
        lefts = [h.i]
        k = h.i - 1
        left_deps = LEFT_NOUN_CUE_DEPS if h.pos_ in ("NOUN", "PROPN") else LEFT_CUE_DEPS
        while k >= s0 and h.i - k <= MAX_LEFT:
            t = doc[k]
            if t.head.i != h.i and t.head.i not in lefts or t.dep_ not in left_deps:
                break
            lefts.append(k)
            k -= 1
        rights = [h.i + 1]
        k = h.i + 1
        while k < s1 and k - h.i <= MAX_RIGHT:
            t = doc[k]
            # "as one analyst put it, “...”": the object is the quotation's stand-in
            idiom = t.dep_ == "dobj" and t.lower_ == "it" and k + 1 < s1 and doc[k + 1].is_punct
            if (t.dep_ not in RIGHT_CUE_DEPS and not idiom) or is_quote(t.text):
                break
            if t.is_punct and t.text != ":":
                break
            rights.append(k + 1)
            if t.text == ":":
                break
            k += 1
        for i in lefts:
            for j in rights:
                span = self.char_span(i, j, "cue")
                span.features = cue_span_features(doc, h, i, j)
                yield span

    def _sources(self, h: Token, s0: int, s1: int) -> Iterator[Span]:
        seen: set[tuple[int, int]] = set()
        yield from self._argument_sources(h, seen)
        if h.text == ":":
            yield from self._colon_source(h, s0)
        elif h.text == "―":
            yield from self._signature_source(h)
        if h.pos_ in ("NOUN", "PROPN"):
            yield from self._noun_sources(h, seen)
        if h.lower_ == "according":
            for t in self.doc[h.i + 1 : min(h.i + 3, s1)]:
                if t.lower_ == "to":
                    for c in t.children:
                        if c.dep_ == "pobj":
                            yield from self._source_variants(c, "according", seen)
        # the head's own head when the cue is a participle modifying the speaker
        # ("a spokesman, speaking on condition of anonymity"): acl / relcl
        if h.dep_ in ("acl", "relcl") and h.head.pos_ in ("NOUN", "PROPN", "PRON"):
            yield from self._source_variants(h.head, "modified", seen, whole=False)

    def _argument_sources(self, h: Token, seen: set[tuple[int, int]]) -> Iterator[Span]:
        """The speaker among the arguments of the head (or of its governor): the subject,
        the agent ("by X"), the possessor ("X's warning"), the object of "according to"."""
        governors = [h]
        # An xcomp, a conjunct or a participle clause shares its governor's subject.
        if h.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl", "pcomp", "dep"):
            governors.append(h.head)
            if h.head.dep_ in ("xcomp", "conj", "aux") and h.head.head is not h.head:
                governors.append(h.head.head)
        for depth, g in enumerate(governors):
            for c in g.children:
                kind, arg = _source_argument(h, g, c)
                if kind is None or arg is None:
                    continue
                if depth and g is not h:
                    kind += "_gov"
                yield from self._source_variants(arg, kind, seen)

    def _colon_source(self, h: Token, s0: int) -> Iterator[Span]:
        """The words before a colon on its line ("Smith: ...")."""
        doc = self.doc
        k = h.i - 1
        while k > s0 and "\n" not in doc[k - 1].text and h.i - k < 8:
            k -= 1
        if k < h.i:
            span = self.char_span(k, h.i, "colon")
            span.features = source_features(doc, doc[h.i - 1], k, h.i, "colon")
            yield span

    def _signature_source(self, h: Token) -> Iterator[Span]:
        """The name after the bar that signs a quoted tweet, up to a comma, bracket or line end."""
        doc = self.doc
        k = h.i + 1
        while (
            k < len(doc) and "\n" not in doc[k].text and doc[k].text not in ",(" and (k - h.i < 8)
        ):
            k += 1
        if k > h.i + 1:
            span = self.char_span(h.i + 1, k, "signature")
            span.features = source_features(doc, doc[k - 1], h.i + 1, k, "signature")
            yield span

    def _noun_sources(self, h: Token, seen: set[tuple[int, int]]) -> Iterator[Span]:
        """The speaker of a noun cue: a proper-noun compound ("the Kremlin statement") or the
        object of "from", "by", "of" ("a warning from X")."""
        for c in h.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN":
                yield from self._source_variants(c, "compound", seen)
            elif c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                for cc in c.children:
                    if cc.dep_ == "pobj":
                        yield from self._source_variants(cc, "noun_" + c.lower_, seen)

    def _source_variants(
        self, c: Token, kind: str, seen: set[tuple[int, int]], whole: bool = True
    ) -> Iterator[Span]:
        doc = self.doc
        i, j = c.left_edge.i, c.right_edge.i + 1
        variants = []
        if whole:
            variants.append((i, j, kind))
        # cut before the first apposition / relative clause / comma on the right of the head
        cut = j
        for ch in c.rights:
            if ch.dep_ in CUT_DEPS:
                cut = min(cut, ch.left_edge.i)
        variants.append((i, cut, kind + "_cut"))
        # the head word with its compound/title modifiers only
        k = c.i
        while k > i and doc[k - 1].dep_ in ("compound", "amod", "det", "nmod", "poss", "case"):
            k -= 1
        variants.append((k, c.i + 1, kind + "_core"))
        for a, b, kd in variants:
            a, b = self.trim(a, b)
            if b <= a or (a, b) in seen or b - a > MAX_SOURCE_TOKENS:
                continue
            seen.add((a, b))
            span = self.char_span(a, b, kd)
            span.features = source_features(doc, c, a, b, kd)
            yield span

    def _contents(self, h: Token, s0: int, s1: int, cue_ends: list[int]) -> Iterator[Span]:
        emit: Emit = partial(self._emit, h, set())
        # quotations next to the cue (first: a clause that is exactly a quote is a quote)
        after = self._quote_after_cue(cue_ends[-1], s1)
        before = self._quote_before_cue(h, s0)
        yield from self._quotations(after, before, emit)
        yield from self._complements(h, cue_ends[-1], emit)
        if h.lower_ == "according":
            yield from self._according(h, s0, s1, emit)
        yield from self._dependents(h, emit)
        # the cue's whole clause ("X seems confident", "has been accused of ...")
        yield from emit(h.left_edge.i, h.right_edge.i + 1, "subtree")
        # everything the cue governs on its right ("accused the GOP of stoking ...")
        for n, j in enumerate(cue_ends):
            if h.right_edge.i + 1 > j:
                yield from emit(j, h.right_edge.i + 1, "right" if n == 0 else "right_ext", root=h)
        inside = self.quotes.at(h.idx)
        if inside is not None and after is None and before is None:
            yield from self._quote(inside, "quote_inside", emit)
        # the rest of the sentence after the cue (colon cues, "said" + bare clause)
        for n, j in enumerate(cue_ends):
            if j < s1:
                yield from emit(j, s1, "rest" if n == 0 else "rest_ext")
        if h.dep_ in ("parataxis", "ccomp", "ROOT") and h.left_edge.i > s0:
            yield from self._parenthetical(h, s0, s1, emit)

    def _emit(
        self,
        h: Token,
        seen: set[tuple[int, int]],
        i: int,
        j: int,
        kind: str,
        parts: tuple[tuple[int, int], ...] = (),
        root: Token | None = None,
    ) -> Iterator[Span]:
        """The content [i, j) of cue head `h` (trimmed; each extent once, `seen` holds those
        made), with its shorter variants: without trailing adjuncts (under `root`) and up to
        its first comma. `parts`: the pieces of a split quotation, which span it."""
        i, j = self.trim(i, j)
        if j <= i:
            return
        span = self.char_span(i, j, kind)
        if parts:
            span.start, span.end, span.parts = parts[0][0], parts[-1][1], parts
        key = (span.start, span.end)
        if not parts and not kind.startswith("quote") and self._crosses_paragraph(span, h):
            return  # reported speech stays in its cue's paragraph; only quotes run on
        if key not in seen:
            seen.add(key)
            if not self.lazy:
                span.features = content_span_features(self.doc, h, span, self.text, self.quotes)
            yield span
        if root is not None:
            # without the trailing adjuncts: ", which ...", ", known as ...", "after ..."
            for n, cut in enumerate(self._cuts(root, i, j)):
                yield from self._emit(h, seen, i, cut, f"{kind}_cut{min(n, 1)}")
        if not parts and not kind.startswith("quote") and "_" not in kind:
            # up to its first comma, whatever the parse says follows
            k = next((k for k in range(i + 2, j - 1) if self.breaks[k]), None)
            if k is not None:
                yield from self._emit(h, seen, i, k, f"{kind}_comma")

    def _quote_after_cue(self, cue_end: int, s1: int) -> Quotation | None:
        """The quotation opening after the cue: on the cue's line, or opening the next
        paragraph right after it (a colon ending the cue's paragraph)."""
        doc, text = self.doc, self.text
        for k in range(cue_end, min(len(doc), s1 + 2)):
            q = self.quotes.at(doc[k].idx)
            if q is not None and q.start >= doc[cue_end - 1].idx:
                gap = text[self.ends[cue_end - 1] : q.start]
                if "\n" not in gap or not gap.strip(" \n\t:,;—–-"):
                    return q
                return None
        return None

    def _quote_before_cue(self, h: Token, s0: int) -> Quotation | None:
        """The quotation closing before the cue, looking back over its source
        (“...,” IMF chief economist X said)."""
        doc = self.doc
        k = h.i - 1
        lo = max(k - 12, s0 - 1, 0)
        while k >= lo:
            q = self.quotes.at(doc[k].idx)
            if q is not None and q.end <= doc[h.i].idx:
                return q
            k -= 1
        return None

    def _quotations(
        self, after: Quotation | None, before: Quotation | None, emit: Emit
    ) -> Iterator[Span]:
        """The quotations after and before the cue, the pair of them (a quote split by its
        attribution), the one before with the words leading into it, and quotations chained
        over the following paragraphs."""
        if after is not None:
            yield from self._quote(after, "quote_after", emit)
        if before is not None:
            yield from self._quote(before, "quote_before", emit)
        if after is not None and before is not None:
            yield from self._quote_pair(before, after, emit)
        if before is not None:
            # the sentence's own words leading into the quotation: “X are "...," says Y`
            yield from self._lead_in(before, after, emit)
        last = after or before
        if last is not None:
            first = before or after
            for n, nxt in enumerate(self._following(last)):
                yield from self._quote_pair(first, nxt, emit, f"quote_chain{min(n, 2)}")

    @staticmethod
    def _complements(h: Token, cue_end: int, emit: Emit) -> Iterator[Span]:
        """All the complements after the cue together ("told [reporters] [that ...]")."""
        comps = [
            c
            for c in h.children
            if c.i >= cue_end and (c.dep_ in CONTENT_DEPS or c.dep_ in ("prep", "dative"))
        ]
        if len(comps) > 1:
            yield from emit(
                comps[0].left_edge.i, comps[-1].right_edge.i + 1, "complements", root=comps[-1]
            )

    def _according(self, h: Token, s0: int, s1: int, emit: Emit) -> Iterator[Span]:
        """What "according to X" attributes: the sentence after X, or before "according"."""
        for t in self.doc[h.i + 1 : min(h.i + 3, s1)]:
            if t.lower_ == "to":
                for p in t.children:
                    if p.dep_ == "pobj":
                        yield from emit(p.right_edge.i + 1, s1, "according_after")
        yield from emit(s0, h.i, "according_before")

    @staticmethod
    def _dependents(h: Token, emit: Emit) -> Iterator[Span]:
        """The clauses and phrases hanging from the cue: complements, objects (and their
        clauses), prepositional objects, following adverbial and participle clauses, the
        clause of a noun cue, and the subject of a cue that happens to it."""
        for c in h.children:
            if c.dep_ in CONTENT_DEPS:
                yield from emit(c.left_edge.i, c.right_edge.i + 1, c.dep_, root=c)
                if c.dep_ == "dobj":
                    yield from _object_clauses(c, emit)
            elif c.dep_ == "prep":
                for cc in c.children:
                    if cc.dep_ in ("pobj", "pcomp"):
                        yield from emit(
                            cc.left_edge.i, cc.right_edge.i + 1, "prep_" + c.lower_[:8], root=cc
                        )
            elif c.dep_ in ("acl", "advcl") and c.i > h.i:
                yield from emit(c.left_edge.i, c.right_edge.i + 1, c.dep_)
        if h.pos_ in ("NOUN", "PROPN"):
            for c in h.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and c.i > h.i:
                    yield from emit(c.left_edge.i, c.right_edge.i + 1, "noun_" + c.dep_)
        # the subject of a cue that happens to it ("[Her view] is shared by ...", "[His
        # behavior] has angered the party"), not of one it does ("Zelensky answers")
        passive = any(c.dep_ in ("nsubjpass", "dobj") for c in h.children)
        for c in h.children:
            if c.dep_ in SUBJECT_DEPS and c.i < h.i and passive:
                yield from emit(c.left_edge.i, c.right_edge.i + 1, "subject")

    def _parenthetical(self, h: Token, s0: int, s1: int, emit: Emit) -> Iterator[Span]:
        """A parenthetical cue ("..., he said"): the sentence before its clause, the sentence
        around it ("The museum, he said, would ..."), and the clause it hangs from."""
        doc, h_left = self.doc, h.left_edge.i
        yield from emit(s0, h_left, "before")
        if h.right_edge.i + 1 < s1:
            a, b = self.trim(s0, h_left)
            c, d = self.trim(h.right_edge.i + 1, s1)
            if b > a and d > c:
                parts = (
                    (doc[a].idx, doc[b - 1].idx + len(doc[b - 1])),
                    (doc[c].idx, doc[d - 1].idx + len(doc[d - 1])),
                )
                yield from emit(a, d, "around", parts)
        if h.dep_ == "parataxis":
            head = h.head
            yield from emit(head.left_edge.i, min(head.right_edge.i + 1, h_left), "governor")

    def _other_starts(self, h: Token, contents: list[Span]) -> Iterator[Span]:
        """The clauses of `contents` starting elsewhere, ending where they end: the first
        two constituents a few words in ("plans for [X]", "to address [X]", "for [X to
        resign]"), from the subject of a perception cue ("[Clinton seemed irritated]") or
        the noun a participle describes ("[a state known for ...]"), from a leading "But";
        and a quotation from the "that" before it ('said [that “...”]')."""
        seen = {(c.start, c.end) for c in contents}
        subjects = [c for c in h.children if c.dep_ in SUBJECT_DEPS and c.i < h.i]
        if h.dep_ in ("acl", "relcl") and h.head.i < h.i:  # "[a state known for ...]"
            subjects.append(h.head)
        for c in list(contents):
            if c.parts:
                continue
            for i, kind in self._restarts(h, c, subjects):
                span = self._restart(h, seen, i, c.j, kind)
                if span is not None:
                    yield span

    def _restarts(self, h: Token, c: Span, subjects: list[Token]) -> Iterator[tuple[int, str]]:
        """Where else the content `c` may start (see `_other_starts`), with the kind of each."""
        doc, i, j = self.doc, c.i, c.j
        if c.kind.startswith("quote"):
            if c.kind == "quote_after" and i and doc[i - 1].lower_ in ("that", "for"):
                yield i - 1, "quote_that"
            return
        # the first two constituents ending at j that start a few words in
        found = 0
        for k in range(i + 1, min(i + 7, j)):
            if self.trimmable[k] or not self._constituent(k, j):
                continue
            found += 1
            yield k, f"{c.kind}_in" if found == 1 else f"{c.kind}_in2"
            if found == 2:
                break
        if i and doc[i - 1].dep_ == "cc" and doc[i - 1].is_alpha and doc[i - 1].is_title:
            yield i - 1, f"{c.kind}_cc"
        for subject in subjects if i > h.i else ():
            yield self.trim(subject.left_edge.i, j)[0], f"{c.kind}_subj"

    def _restart(
        self, h: Token, seen: set[tuple[int, int]], i: int, j: int, kind: str
    ) -> Span | None:
        """The content [i, j) of cue head `h`, unless its extent is in `seen` or it leaves
        the head's paragraph."""
        span = self.char_span(i, j, kind)
        if (span.start, span.end) in seen or self._crosses_paragraph(span, h):
            return None
        seen.add((span.start, span.end))
        if not self.lazy:
            span.features = content_span_features(self.doc, h, span, self.text, self.quotes)
        return span

    def _constituent(self, i: int, j: int) -> bool:
        """Tokens [i, j) hang from one of them (punctuation aside)."""
        heads, trimmable = self.heads, self.trimmable
        roots = 0
        for k in range(i, j):
            if (not i <= heads[k] < j or heads[k] == k) and not trimmable[k]:
                roots += 1
                if roots > 1:
                    return False
        return roots == 1

    def _crosses_paragraph(self, span: Span, h: Token) -> bool:
        """A line break inside `span` or between it and the token `h`."""
        lo = min(span.start, self.starts[h.i])
        hi = max(span.end, self.ends[h.i])
        return "\n" in self.text[lo:hi]

    def _cuts(self, root: Token, i: int, j: int, most: int = 2) -> Iterator[int]:
        """Ends of [i, j) short of the root's trailing adjuncts, nearest cut first."""
        made = 0
        for c in reversed(list(root.rights)):
            if made == most or c.i >= j:
                if made == most:
                    return
                continue
            if c.dep_ not in TRAILING_DEPS:
                return
            cut = c.left_edge.i
            while cut > i and self.trimmable[cut - 1]:
                cut -= 1
            if c.dep_ != "punct" and cut > i:
                made += 1
                yield cut

    def _quote(self, q: Quotation, kind: str, emit) -> Iterator[Span]:
        doc = self.doc
        i, j = self._token_range(q.start, q.end)
        if i is None:
            return
        yield from emit(i, j, kind, q.parts if len(q.parts) > 1 else ())
        del doc

    def _quote_pair(
        self, a: Quotation, b: Quotation, emit, kind: str = "quote_split"
    ) -> Iterator[Span]:
        i, _ = self._token_range(a.start, a.end)
        _, j = self._token_range(b.start, b.end)
        if i is None or j is None:
            return
        yield from emit(i, j, kind, ((a.start, a.end), (b.start, b.end)))

    def _lead_in(self, q: Quotation, after: Quotation | None, emit) -> Iterator[Span]:
        """`q` (and the quotation `after` the cue) with the words of its sentence before it."""
        i, j = self._token_range(q.start, q.end)
        if i is None:
            return
        s0 = self.sentence(self.doc[i])[0]
        if s0 >= i or "\n" in self.text[self.starts[s0] : q.start]:
            return
        a, _ = self.trim(s0, i)
        if a >= i:
            return
        start = self.starts[a]
        yield from emit(a, j, "quote_lead")
        if after is not None:
            _, k = self._token_range(after.start, after.end)
            if k is not None:
                parts = ((start, q.end), (after.start, after.end))
                yield from emit(a, k, "quote_split_lead", parts)

    def _following(self, q: Quotation, most: int = 3) -> Iterator[Quotation]:
        """The quotations that follow `q` with only white space between (new paragraphs)."""
        quotes = self.quotes.quotes
        k = self.quotes.index(q)
        while most and k + 1 < len(quotes) and not self.text[q.end : quotes[k + 1].start].strip():
            k += 1
            q = quotes[k]
            most -= 1
            yield q

    def _token_range(self, start: int, end: int) -> tuple[int | None, int | None]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None, None
        return span.start, span.end

    def _head_features(self, h: Token, s0: int, s1: int) -> list[str]:
        lemma = h.lemma_.lower()
        f = [
            "bias",
            f"lemma={lemma}",
            f"lower={h.lower_}",
            f"tag={h.tag_}",
            f"dep={h.dep_}",
            f"lemma_dep={lemma}|{h.dep_}",
            f"lemma_tag={lemma}|{h.tag_}",
            f"head_dep={h.head.dep_}",
            f"head_lemma={h.head.lemma_.lower()}",
            f"first={h.i == s0}",
        ]
        deps = set()
        for c in h.children:
            d = c.dep_
            deps.add(d)
            if d in SUBJECT_DEPS:
                who = c.lower_ if c.pos_ == "PRON" else (c.ent_type_ or c.pos_)
                f.append(f"subj={who}")
                f.append(f"lemma_subj={lemma}|{c.ent_type_ or c.pos_}")
        for d in deps:
            f.append(f"child={d}")
            f.append(f"lemma_child={lemma}|{d}")
        f.append(f"dep_tag={h.dep_}|{h.tag_}")
        core = sorted(d for d in deps if d in SUBJECT_DEPS or d in CONTENT_DEPS)
        f.append(f"deps={'+'.join(core)}")
        if self.quotes.at(h.idx) is not None:
            f.append("in_quote")
        prev = self.doc[h.i - 1] if h.i > s0 else None
        nxt = self.doc[h.i + 1] if h.i + 1 < s1 else None
        f.append(f"prev={prev.lower_ if prev is not None else '<s>'}")
        f.append(f"next={nxt.lower_ if nxt is not None else '</s>'}")
        if nxt is not None:
            f.append(f"lemma_next={lemma}|{nxt.lower_}")
        return f


def _object_clauses(obj: Token, emit: Emit) -> Iterator[Span]:
    """The clause of a cue's object ("made the claim [that ...]"), and the object of its
    preposition ("questions about [how gender affected ...]")."""
    for cc in obj.children:
        if cc.dep_ in ("acl", "ccomp", "relcl", "prep"):
            yield from emit(cc.left_edge.i, cc.right_edge.i + 1, "dobj_" + cc.dep_)
        if cc.dep_ == "prep":
            for o in cc.children:
                if o.dep_ in ("pobj", "pcomp"):
                    yield from emit(o.left_edge.i, o.right_edge.i + 1, "dobj_prep_obj")


def _source_argument(h: Token, g: Token, c: Token) -> tuple[str | None, Token | None]:
    """The kind of source the dependent `c` of the governor `g` of cue head `h` is, and the
    token heading it (the object of "by" or "according to"): (None, None) when it is none."""
    if c.dep_ in SUBJECT_DEPS:
        return "subj", c
    if c.dep_ == "agent":
        return "agent", _pobj(c)
    if c.dep_ == "poss":
        return "poss", c
    if (
        c.dep_ == "prep"
        and c.lower_ in ("to", "from", "by")
        and h.lower_ in ("according", "accord")
    ):
        return "according", _pobj(c)
    if c.dep_ == "pobj" and g.lower_ in ("to",) and g.head.lower_ == "according":
        return "according", c
    return None, None


def _pobj(t: Token) -> Token | None:
    return next((x for x in t.children if x.dep_ == "pobj"), None)
