"""Quotation marks: the quoted stretches of a text, in every common style.

Curly (“...”, ‘...’), straight ("...", '...'), guillemets («...», ‹...›) and low-9 („...“)
pairs. A quote left open at the end of a paragraph continues when the next paragraph opens
with a quotation mark (the convention for quotes running over several paragraphs), else it
ends with its paragraph. A straight or curly single quote counts only where it cannot be an
apostrophe (an opening mark after a space, a closing one not inside a word).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "„": "“", "«": "»", "»": "«", '"': '"', "''": "''", "``": "''"}
SINGLE_OPEN = {"‘": "’", "‹": "›", "'": "'", "‚": "‘"}
QUOTE_CHARS = frozenset("\"'“”‘’„‚«»‹›`")
# A character that could start or end a quotation: any quote mark or a newline.
_MARK = re.compile(r"''|``|[\"“”„«»‘’‚‹›'\n]")


def is_quote(token_text: str) -> bool:
    """A token made of quotation marks only (“, '', ``)."""
    return bool(token_text) and all(ch in QUOTE_CHARS for ch in token_text)


@dataclass(frozen=True)
class Quotation:
    """A quoted stretch `text[start:end]`, marks included; `parts` split it at paragraphs."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]


def find_quotations(text: str) -> list[Quotation]:
    """Paired quotations of `text` in order; nested quotes stay inside their outer one."""
    quotes: list[Quotation] = []
    open_at = -1  # start of the quote being read
    close = ""  # the mark that ends it
    parts: list[tuple[int, int]] = []
    part_start = -1
    n = len(text)
    for m in _MARK.finditer(text):
        i, ch, after = m.start(), m.group(), m.end()
        if open_at < 0:
            if ch in DOUBLE_OPEN and _can_open(text, i, after):
                open_at, part_start, close, parts = i, i, DOUBLE_OPEN[ch], []
            elif ch in SINGLE_OPEN and _can_open(text, i, after) and _single_opens(text, i):
                open_at, part_start, close, parts = i, i, SINGLE_OPEN[ch], []
            continue
        if ch == "\n":
            if i < part_start:
                continue
            # A paragraph ends inside the quote: it goes on if the next paragraph opens a quote.
            j = i
            while j < n and text[j].isspace():
                j += 1
            end = _rstrip(text, part_start, i)
            if j < n and (
                text[j] in DOUBLE_OPEN
                or text.startswith(close, j)
                or text.startswith("''", j)
                or text.startswith("``", j)
            ):
                parts.append((part_start, end))
                part_start = j
                continue
            parts.append((part_start, end))
            quotes.append(Quotation(open_at, end, tuple(parts)))
            open_at = -1
            continue
        if ch == close and _can_close(text, i, after, single=close in "'’‘"):
            if i == part_start:
                continue
            parts.append((part_start, after))
            quotes.append(Quotation(open_at, after, tuple(parts)))
            open_at = -1
    if open_at >= 0:
        end = _rstrip(text, part_start, n)
        if end > part_start + 1:
            parts.append((part_start, end))
            quotes.append(Quotation(open_at, end, tuple(parts)))
    return quotes


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _can_open(text: str, i: int, after: int) -> bool:
    """An opening mark: at the start, after a space or an opening bracket/dash, before a word."""
    prev = text[i - 1] if i else " "
    nxt = text[after] if after < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:/" or prev in QUOTE_CHARS) and not nxt.isspace()


def _single_opens(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return nxt.isalnum() or nxt in '“".'


def _can_close(text: str, i: int, after: int, single: bool) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[after] if after < len(text) else " "
    if single:
        # not an apostrophe inside a word (don’t) nor a plural possessive before a noun
        return (
            not nxt.isalnum()
            and (prev in ".,!?;:—–-…" or prev.isalnum())
            and not (prev == "s" and nxt == " " and i + 2 < len(text) and text[i + 2].islower())
        )
    return not prev.isspace() or nxt.isspace() or after == len(text)


class QuoteIndex:
    """Which quotation (if any) a character offset falls in, by binary search."""

    def __init__(self, quotes: list[Quotation]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]

    def at(self, offset: int) -> Quotation | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self.quotes[k].end:
            return self.quotes[k]
        return None

    def index(self, q: Quotation) -> int:
        return bisect_right(self._starts, q.start) - 1
