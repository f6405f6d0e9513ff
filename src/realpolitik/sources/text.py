"""Plain-text articles, as copied or scraped from the web: title, byline, bio and leftovers.

A scraped text file often repeats its headline, ends with a comment form and navigation,
and names its author only in a bio line ("Professor Mark Galeotti is the author of ...").
`clean_text` turns such a file into an Article whose `text` is the body alone.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..records import Article
from ..settings import Settings
from .encoding import decode
from .errors import SourceError
from .reading import read_limited

_HONORIFIC = (
    r"(?:(?:Professor|Prof\.|Dr\.?|Sir|Dame|Ambassador|General|Gen\.|Col\.|Mr\.?|Ms\.?|Mrs\.?)\s+)"
)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|al|bin|la|le))*\s+[A-Z][\w'’-]+"
# "Professor Mark Galeotti is the author of ..." / "Jane Doe is a senior fellow at ..."
_BIO = re.compile(
    rf"^(?P<hon>{_HONORIFIC})?(?P<name>{_NAME})\s+(?:is|was|has been|serves as)\s+"
    r"(?:the\s+|an?\s+)?(?:author|co-?author|writer|editor|columnist|contributor|correspondent|"
    r"journalist|professor|lecturer|director|head|fellow|senior|non-?resident|visiting|"
    r"associate|assistant|research|former|honorary|emeritus|analyst|expert|founder|chair)"
)
_BYLINE = re.compile(
    rf"^(?:By|Written by|Author:)\s+(?P<hon>{_HONORIFIC})?(?P<name>{_NAME})\s*[,|]?.{{0,60}}$"
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:Published|Posted|Updated|Date)\s*:?\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<m1>{_MONTHS})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})|"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTHS})\.?,?\s+(?P<y2>\d{{4}}))\b.{{0,30}}$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?$")
# A word: a run of letters and digits, or one CJK character (those languages have no spaces).
_WORD = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+")
# A sentence: words up to a full stop, question or exclamation mark, within a line.
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]")
_SENTENCE_WORDS = 5


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(line patterns, end-of-article patterns) from data/boilerplate.txt."""
    lines, ends = [], []
    text = resources.files("realpolitik.data").joinpath("boilerplate.txt").read_text("utf-8")
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        target = lines
        if raw.startswith("END "):
            raw, target = raw[4:], ends
        target.append(re.compile(rf"^(?:{raw})$", re.I))
    return lines, ends


def _month_number(name: str) -> int:
    return [m[:3].lower() for m in _MONTHS.split("|")[:12]].index(name[:3].lower()) + 1


def parse_date_line(line: str) -> str | None:
    """ISO date from a line that is only a date ("March 7, 2025", "Published: 2025-03-07")."""
    m = _DATE_LINE.match(line.strip())
    if not m:
        return None
    if m["iso"]:
        iso = m["iso"]
    else:
        month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        iso = f"{int(year):04d}-{_month_number(month):02d}-{int(day):02d}"
    try:  # a day that exists: "February 30" or "2025-13-45" is not a date line
        return date.fromisoformat(iso).isoformat()
    except ValueError:
        return None


def _is_heading(line: str) -> bool:
    return len(line) <= 160 and not _SENTENCE_END.search(line) and len(line.split()) <= 20


def _words(line: str) -> set[str]:
    return set(re.findall(r"\w+", line.lower()))


def _repeats_title(line: str, title: str) -> bool:
    """A headline variant: same line, same text before the colon, or mostly the same words."""
    if line.lower() == title.lower():
        return True
    head = title.split(":")[0].strip().lower()
    if ":" in title and line.lower().startswith(head + ":"):
        return True
    a, b = _words(line), _words(title)
    return bool(a and b) and len(a & b) / len(a | b) >= 0.6


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text.replace("\ufeff", "")


def require_article_text(text: str, name: str, settings: Settings) -> None:
    """SourceError naming `name` if `text` is page furniture rather than an article: fewer
    than `settings.min_words` words and not one sentence of five words or more.

    A cookie banner and a menu are not an article; "Russia urged Ukraine on Monday." is.
    Used for pages and text files; rows of a dump are taken as given.
    """
    words = 0
    for words, _ in enumerate(_WORD.finditer(text), 1):
        if words >= settings.min_words:
            return
    if any(len(_WORD.findall(s)) >= _SENTENCE_WORDS for s in _SENTENCE.findall(text)):
        return
    many = "word" if words == 1 else "words"
    raise SourceError(name, f"no article text (only {words} {many} of page furniture)")


def clean_text(
    raw: str,
    *,
    origin: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """An Article from scraped plain text: title, author, date and a clean body; SourceError
    if none is left, or only page furniture (`require_article_text`)."""
    lines = [ln.strip() for ln in _normalise(raw).split("\n")]
    line_patterns, end_patterns = boilerplate_patterns()
    nonempty = [i for i, ln in enumerate(lines) if ln]
    if not nonempty:
        raise SourceError(origin or "<text>", "empty: no text to analyze")

    lines = _without_footer(lines, nonempty, end_patterns)

    author = published = bio = None
    body: list[str] = []
    seen_body = False
    # Bio lines are looked for only among the last lines of the text.
    tail = {i for i in [j for j, ln in enumerate(lines) if ln][-3:]}
    for i, ln in enumerate(lines):
        if not ln:
            if body and body[-1] != "":
                body.append("")
            continue
        if any(p.match(ln) for p in line_patterns):
            continue
        if not seen_body:
            if title is None and _is_heading(ln):
                title = ln
                continue
            if title is not None and _is_heading(ln) and _repeats_title(ln, title):
                continue
            if published is None and (date := parse_date_line(ln)):
                published = date
                continue
            if author is None and (m := _BYLINE.match(ln)):
                author = m["name"]
                continue
        if i in tail and len(ln) < 400 and (m := _BIO.match(ln)):
            # A bio line names the author; it is not part of the argument.
            author = author or m["name"]
            bio = ln
            continue
        seen_body = True
        body.append(ln)
    while body and body[-1] == "":
        body.pop()
    text = "\n".join(body)
    # Paragraphs are blank-line separated in the output, whatever the input used.
    text = re.sub(r"\n(?!\n)", "\n\n", re.sub(r"\n{2,}", "\n", text))
    if not text.strip():
        raise SourceError(origin or "<text>", "no article text left after removing page leftovers")
    require_article_text(text, origin or "<text>", settings or Settings())
    extra = {"author_bio": bio} if bio else {}
    return Article(
        text=text, title=title, author=author, published=published, origin=origin, extra=extra
    )


def _without_footer(
    lines: list[str], nonempty: list[int], end_patterns: list[re.Pattern[str]]
) -> list[str]:
    """Comment forms and footers cut off: the lines before the first end marker in the last
    40% of the text (`nonempty`: the indices of the lines with text)."""
    first_tail = nonempty[int(len(nonempty) * 0.6)] if len(nonempty) > 4 else len(lines)
    for i in range(first_tail, len(lines)):
        if any(p.match(lines[i]) for p in end_patterns):
            return lines[:i]
    return lines


def read_text_file(path: Path, settings: Settings, *, name: str | None = None) -> Article:
    """An Article from a text file (`-`: standard input), read within settings.max_bytes."""
    name = name or str(path)
    return text_article(read_limited(path, settings, name=name), name, settings)


def text_article(
    data: bytes, name: str, settings: Settings, *, charset: str | None = None
) -> Article:
    """An Article from the bytes of a text file or page; `charset` is what the source
    declares, if anything. A guessed charset is a warning in `extra["warnings"]`."""
    if not data.strip():
        raise SourceError(name, "empty file")
    warnings: list[str] = []
    article = clean_text(
        decode(data, name, charset, warnings=warnings), origin=name, settings=settings
    )
    if warnings:
        article.extra["warnings"] = article.extra.get("warnings", []) + warnings
    return article
