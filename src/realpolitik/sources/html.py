"""HTML pages: the article body (trafilatura, checked against a second reading) and metadata.

`extract_html` reads a page twice with trafilatura: once favouring precision, once balanced.
The precise reading is kept unless it lost the article (it locked onto a small block the
balanced reading does not contain); headings and short paragraphs it dropped from inside the
article are put back from the balanced reading. Blocks before the article that repeat the
headline or standfirst, and boilerplate lines (newsletter boxes, share prompts) are dropped.
Title, author, date (htmldate, original publication date), outlet, canonical URL and
language come from JSON-LD, meta tags and the URL.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import BODY_XPATH

from ..records import Article
from ..settings import Settings
from .encoding import decode, maybe_gunzip
from .errors import SourceError
from .text import boilerplate_patterns

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_WORD = re.compile(r"\w+")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

# Options shared by both readings: no reader comments, keep tables, no link targets.
_COMMON = {"include_comments": False, "include_tables": True, "include_links": False}


def extract_html(
    html: str | bytes,
    *,
    url: str | None = None,
    origin: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """The Article in an HTML page; SourceError naming `origin` (or `url`) if it has none."""
    name = origin or url or "<html>"
    if isinstance(html, bytes):
        html = decode_html(html, name)
    if not html.strip():
        raise SourceError(name, "empty page: no HTML to read")
    tree = trafilatura.load_html(html)
    if tree is None or not len(tree):
        raise SourceError(name, "not an HTML page (nothing could be parsed)")
    meta = extract_metadata(copy.deepcopy(tree), default_url=url)
    blocks = article_blocks(tree, url=url, title=meta.title, description=meta.description)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise SourceError(
            name, "no article text found in the page (empty, truncated or only navigation)"
        )
    return Article(
        text=text,
        title=meta.title,
        author=meta.author,
        published=_iso_date(meta.date),
        url=meta.url or url,
        source=meta.sitename or _host(meta.url or url),
        language=page_language(tree),
        origin=origin or url,
    )


def read_html_file(path: Path, settings: Settings) -> Article:
    """An Article from a .html/.htm file, gzipped or not."""
    name = str(path)
    data = maybe_gunzip(path.read_bytes(), name)
    if not data.strip():
        raise SourceError(name, "empty file")
    return extract_html(decode_html(data, name), origin=name, settings=settings)


def decode_html(data: bytes, name: str) -> str:
    """Text of an HTML byte string, honouring a `<meta charset>` in its head."""
    declared = _META_CHARSET.search(data[:4096])
    return decode(data, name, declared[1].decode("ascii", "replace") if declared else None)


# --- the body ---------------------------------------------------------------------

# A reading favouring precision that is this short, and this much shorter than the balanced
# reading, has locked onto a fragment (a reprint notice, a teaser) instead of the article.
_FRAGMENT_CHARS = 500
_FRAGMENT_SHARE = 0.2
# This many blocks in a row that are each a whole link are a list of other stories.
_LINK_RUN = 3


def article_blocks(
    tree: HtmlElement,
    *,
    url: str | None = None,
    title: str | None = None,
    description: str | None = None,
) -> list[str]:
    """The article's paragraphs, headings, list items and table rows, in page order."""
    tree = copy.deepcopy(tree)
    _lift_embedded_posts(tree)
    _join_split_body(tree)
    precise = _read(tree, url, favor_precision=True)
    balanced = _read(tree, url)
    if _chars(precise) < _FRAGMENT_CHARS and _chars(precise) < _FRAGMENT_SHARE * _chars(balanced):
        blocks = balanced
    else:
        blocks = _fill_gaps(precise, balanced)
    titles = [title] if title else []
    titles += [" ".join(h.text_content().split()) for h in tree.iter("h1")][:3]
    links = {_key(a.text_content()) for a in tree.iter("a")}
    return _drop_leftovers(blocks, titles, links)


def _read(tree: HtmlElement, url: str | None, **options: bool) -> list[str]:
    doc = trafilatura.bare_extraction(copy.deepcopy(tree), url=url, **_COMMON, **options)
    if doc is None or doc.body is None:
        return []
    return _body_blocks(doc.body)


def _body_blocks(body: etree._Element) -> list[str]:
    """One string per top-level block of trafilatura's output; list items one each.

    Loose text between blocks (an element's tail) is a block of its own.
    """
    blocks = [body.text or ""]
    for child in body:
        parts = [item for item in child if item.tag == "item"] if child.tag == "list" else [child]
        for part in parts:
            part = copy.copy(part)
            part.tail = None
            text = xmltotxt(part, include_formatting=False).strip()
            blocks.append(text.removeprefix("- ") if child.tag == "list" else text)
        blocks.append(child.tail or "")
    return [" ".join(b.split()) if "\n" not in b.strip() else b.strip() for b in blocks if b.strip()]


def _chars(blocks: list[str]) -> int:
    return sum(len(b) for b in blocks)


def _key(block: str) -> str:
    return " ".join(_WORD.findall(block.casefold()))


def _fill_gaps(precise: list[str], balanced: list[str]) -> list[str]:
    """`precise`, with the blocks the balanced reading has between two of its blocks.

    The precise reading drops subheadings and short paragraphs inside the article along
    with the boilerplate around it; what the balanced reading has *between* two blocks both
    readings share is article, unless it shouts (a related-story link in capitals) or is
    boilerplate.
    """
    if not precise:
        return balanced
    keys = [_key(b) for b in balanced]
    where: list[int | None] = []
    start = 0
    for block in precise:
        try:
            start = keys.index(_key(block), start) + 1
            where.append(start - 1)
        except ValueError:
            where.append(None)
    have = {_key(b) for b in precise}
    out: list[str] = []
    for i, block in enumerate(precise):
        out.append(block)
        here, after = where[i], where[i + 1] if i + 1 < len(where) else None
        if here is not None and after is not None:
            out += [
                b
                for b in balanced[here + 1 : after]
                if _key(b) not in have and not _shouting(b) and not boilerplate(b)
            ]
    return out


def _shouting(block: str) -> bool:
    letters = [c for c in block if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


# --- boilerplate ------------------------------------------------------------------

# "Related: ...", "READ MORE: ...", "Also on rt.com ...": links to other stories.
_RELATED = re.compile(
    r"^(?:related|read more|see more|more|also on [\w.]+|also read|read also|recommended|"
    r"don'?t miss|most read\b.*|you (?:may|might) also like|more from [\w .]+|further reading)"
    r"\s*(?:[:|\-–—…]|\.\.\.|$)",
    re.I,
)
# Newsletter boxes, share and follow prompts, app advertisements.
_PROMO = re.compile(
    r"\b(?:subscribe to (?:the |our )?[\w.’' ]{0,40}newsletters?|newsletter$|"
    r"sign up for [\w.’' ]{0,40}(?:newsletter|today)|"
    r"click here (?:to (?:get|subscribe|sign|download|read)|for more)|"
    r"follow (?:us|him|her|them|[\w.]+) on (?:twitter|facebook|instagram)|follow (?:him|her|us) @|"
    r"share it with|get the latest|delivered (?:to|in) your inbox|get the [\w ]{0,20} app\b)",
    re.I,
)
# Credits that close wire stories: "Reporting by ...", "X contributed to this report".
_CREDIT = re.compile(
    r"^(?:\(?(?:additional )?reporting by\b|[\w .,'’]+ contributed (?:to this report|reporting)|"
    r"(?:source|sources|editing by)\s*:)",
    re.I,
)
# Page furniture: copyright notices, print and reprint links, contact lines, shortcodes.
_FURNITURE = re.compile(
    r"^(?:(?:copyright|©)\b.{0,120}|.{0,80}\ball rights reserved\.?|print(?: this)? article|"
    r"order reprints|this copy is for your personal, non-commercial use only\b.*|"
    r"(?:write to|email|e-mail|contact) [\w .’'-]{0,40} at \S+@\S+|\S+@\S+\.\w+|"
    r"tell us what you think\W*|\[(\w+)\b[^\]]*\].*\[/\1\])$",
    re.I,
)


def boilerplate(block: str) -> bool:
    """A block that is page furniture rather than article: a promo, a link list, a credit."""
    line = " ".join(block.split())
    if len(line) > 300:
        return False
    line_patterns, end_patterns = boilerplate_patterns()
    if any(p.match(line) for p in line_patterns) or any(p.match(line) for p in end_patterns):
        return True
    return bool(
        (len(line) < 250 and _RELATED.match(line))
        or _PROMO.search(line)
        or _CREDIT.match(line)
        or _FURNITURE.match(line)
    )


def _drop_leftovers(blocks: list[str], titles: list[str], links: set[str]) -> list[str]:
    """Without the headline and dateline at the top, boilerplate blocks and link lists.

    `links` are the texts of the page's links: a run of blocks that are each a whole link
    is a list of other stories.
    """
    out = [_CLICK_TO_TWEET.sub("", b) for b in blocks]
    while out and (any(_same_words(out[0], t) for t in titles) or _dateline(out[0])):
        out.pop(0)
    out = [b for b in out if not boilerplate(b)]
    is_link = [len(b) < 150 and _key(b) in links for b in out]
    keep = [True] * len(out)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and is_link[j]:
            j += 1
        if j - i >= _LINK_RUN:
            keep[i:j] = [False] * (j - i)
        i = j + 1 if j == i else j
    return [b for b, k in zip(out, keep, strict=True) if k]


# "5:45 AM PST 11/19/2019 by Jane Doe", "sexta-feira, 22 de outubro de 2010 às 20:13",
# "Updated at 1:23 p.m.", "Reading time: 2 minutes"
_DATELINE = re.compile(
    r"\b(?:\d{1,2}:\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?:19|20)\d{2}-\d{2}-\d{2}|"
    r"\d{1,2},? (?:19|20)\d{2}|de (?:19|20)\d{2})\b|"
    r"^(?:updated|published|posted|last updated)\b|\b(?:min(?:ute)?s? read|reading time|"
    r"tempo de leitura|lesezeit|temps de lecture)\b",
    re.I,
)
_CLICK_TO_TWEET = re.compile(r"\s*Click To Tweet$", re.I)


def _dateline(block: str) -> bool:
    return len(block) < 90 and len(block.split()) <= 14 and bool(_DATELINE.search(block))


def _same_words(block: str, title: str) -> bool:
    """The block is the headline (or a variant of it): mostly the same words."""
    a, b = set(_WORD.findall(block.casefold())), set(_WORD.findall(title.casefold()))
    return bool(a and b) and len(a & b) >= 0.6 * len(a | b)


# --- page repairs before reading --------------------------------------------------

_SKIPPED = {"script", "style", "noscript"}


def _lift_embedded_posts(tree: HtmlElement) -> None:
    """Take embedded tweets out of the widget boxes that trafilatura drops as social boilerplate.

    An embedded post quotes someone (often an actor of the story) and is part of the article.
    """
    for quote in tree.xpath("//blockquote[contains(concat(' ', @class, ' '), ' twitter-tweet ')]"):
        box = quote
        parent = box.getparent()
        while parent is not None and parent.tag not in ("body", "article", "html"):
            others = [c for c in parent if c is not box and c.tag not in _SKIPPED]
            if others or (parent.text or "").strip():
                break
            box, parent = parent, parent.getparent()
        if box is not quote and parent is not None:
            quote.tail = box.tail
            parent.replace(box, quote)


def _join_split_body(tree: HtmlElement) -> None:
    """Join an article body that the page splits into several boxes around ads.

    trafilatura reads the first box with an article-body class; when the same box (same tag
    and class, same <article>, no headline of its own) comes again, its content is moved
    into the first one.
    """
    matches = BODY_XPATH[0](tree)
    if len(matches) < 2:
        return
    first = matches[0]
    home = next(first.iterancestors("article"), None)
    for twin in matches[1:]:
        if (
            twin.tag != first.tag
            or twin.get("class") != first.get("class")
            or next(twin.iterancestors("article"), None) is not home
            or twin.find(".//h1") is not None
            or first in twin.iterancestors()
            or twin in first.iterancestors()
        ):
            continue
        for child in list(twin):
            first.append(child)
        twin.getparent().remove(twin)


# --- metadata ---------------------------------------------------------------------


def page_language(tree: HtmlElement) -> str | None:
    """The page's declared language (html lang, content-language or og:locale), e.g. "en"."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')='content-language'"
        " or @name='language' or @property='og:locale' or @itemprop='inLanguage']/@content"
    )
    for value in candidates:
        value = (value or "").strip()
        if _LANG.match(value):
            return value.replace("_", "-").split("-")[0].lower()
    return None


def _iso_date(value: str | None) -> str | None:
    return value if value and re.match(r"^\d{4}-\d{2}-\d{2}$", value) else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
