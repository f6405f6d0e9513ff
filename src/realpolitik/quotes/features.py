"""The features the quote scorers weigh for a candidate cue, source or content span.

`candidates.Reader` attaches them to every candidate it reads off the parse (the cue head's
own features are `Reader.head_features`), so the trainer (`scripts/train_quote_model.py`) and
the component score the same features.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .marks import QuoteIndex, is_quote

if TYPE_CHECKING:
    from .candidates import Span


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16+"


def cue_span_features(doc: Doc, h: Token, i: int, j: int) -> list[str]:
    left = doc[i : h.i]
    right = doc[h.i + 1 : j]
    f = [f"nl={len(left)}", f"nr={len(right)}"]
    lemma = h.lemma_.lower()
    for t in left:
        f.append(f"l={t.lower_}")
        f.append(f"ldep={t.dep_}")
    for t in right:
        f.append(f"r={t.lower_}")
        f.append(f"rdep={t.dep_}")
    f.append(f"first={doc[i].lower_}")
    f.append(f"last={doc[j - 1].lower_}")
    f.append(f"lemma_last={lemma}|{doc[j - 1].lower_}")
    f.append(f"lemma_first={lemma}|{doc[i].lower_}")
    f.append(f"lastdep={doc[j - 1].dep_}")
    f.append(f"lemma_nr={lemma}|{len(right)}")
    f.append(f"after={doc[j].lower_ if j < len(doc) else '</d>'}")
    f.append(f"after_dep={doc[j].dep_ if j < len(doc) else '</d>'}")
    return f


def source_features(doc: Doc, c: Token, i: int, j: int, kind: str) -> list[str]:
    first, last = doc[i], doc[j - 1]
    return [
        f"kind={kind}",
        f"n={_bucket(j - i)}",
        f"pos={c.pos_}",
        f"kind_pos={kind}|{c.pos_}",
        f"first={first.lower_ if first.pos_ in ('DET', 'PRON', 'ADP') else first.pos_}",
        f"last_pos={last.pos_}",
        f"last_dep={last.dep_}",
        f"before={doc[i - 1].lower_ if i else '<d>'}",
        f"after={doc[j].lower_ if j < len(doc) else '</d>'}",
        f"ent={c.ent_type_ or '-'}",
    ]


def content_span_features(
    doc: Doc, h: Token, span: Span, text: str, quotes: QuoteIndex
) -> list[str]:
    first, last = doc[span.i], doc[span.j - 1]
    lemma = h.lemma_.lower()
    kind = span.kind
    # the word after a trailing comma or dash says what was left out (", which", ", though")
    j = span.j
    if j < len(doc) and doc[j].is_punct and not is_quote(doc[j].text):
        after2 = doc[j + 1].lower_ if j + 1 < len(doc) else "</d>"
    else:
        after2 = "-"
    closed = not first.is_alpha or first.pos_ in ("SCONJ", "DET", "ADP", "PRON")
    first_word = first.lower_ if closed else first.pos_
    # how the span sits with the quotations: exactly one, inside one, cutting one, or none
    qa, qb = quotes.at(span.start), quotes.at(max(span.end - 1, span.start))
    if qa is None and qb is None:
        quoting = "none"
    elif qa is not None and qa is qb:
        quoting = "whole" if (qa.start, qa.end) == (span.start, span.end) else "inside"
    else:
        quoting = "cuts"
    return [
        f"kind={kind}",
        f"lemma_kind={lemma}|{kind}",
        f"n={_bucket(span.j - span.i)}",
        f"first={first_word}",
        f"first_dep={first.dep_}",
        f"kind_first={kind}|{first.lower_}",
        f"last={last.text if last.is_punct else last.pos_}",
        f"kind_last={kind}|{last.text if last.is_punct else last.pos_}",
        f"after={doc[span.j].text if span.j < len(doc) else '</d>'}",
        f"after2={after2}",
        f"kind_after2={kind}|{after2}",
        f"lemma_after2={lemma}|{after2}",
        f"before={doc[span.i - 1].text if span.i else '<d>'}",
        f"parts={len(span.parts)}",
        f"quoted={is_quote(first.text)}|{is_quote(last.text)}",
        f"kind_quoting={kind}|{quoting}",
        f"kind_dep={kind}|{h.dep_}",
        f"kind_pos={kind}|{h.pos_}",
        f"kind_n={kind}|{_bucket(span.j - span.i)}",
        f"side={'in' if span.i <= h.i < span.j else 'after' if span.i > h.i else 'before'}",
    ]
