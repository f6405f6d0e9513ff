"""HTML pages: the article body (trafilatura, read twice and reconciled) and its metadata.

`extract_html` first repairs two page layouts trafilatura misreads: embedded tweets are
lifted out of the social-widget boxes it drops, and an article body split into several
boxes around ads is joined. It then reads the page twice with trafilatura, favouring
precision and balanced. The precise reading is kept unless it caught only a fragment (a
reprint notice); subheadings and short paragraphs it dropped from *inside* the article are
put back from the balanced reading. Last, leftovers are dropped: the headline and dateline
repeated at the top, boilerplate blocks (newsletter boxes, "Related:" links, share prompts,
wire credits, copyright lines; see also data/boilerplate.txt) and runs of blocks that are
each a whole link (lists of other stories). Paragraphs are separated by blank lines.

Title, author, date (htmldate: the original publication date), outlet, canonical URL and
language come from JSON-LD, meta tags and the URL (trafilatura's metadata extraction).
Scored by `realpolitik.eval.extraction`; `benchmarks/extraction.py` prints the figures.
"""

from __future__ import annotations

import copy
import re
from itertools import dropwhile
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import Document, extract_metadata
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import BODY_XPATH

from ..records import Article
from ..settings import Settings
from .encoding import decode
from .errors import SourceError
from .reading import read_limited
from .text import boilerplate_patterns, require_article_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_WORD = re.compile(r"\w+")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

# Options shared by both readings: no reader comments, keep tables, no link targets.
_COMMON = {"include_comments": False, "include_tables": True, "include_links": False}


def _metadata(tree: HtmlElement, url: str | None, warnings: list[str]) -> Document:
    """trafilatura's metadata of the page (title, author, date, site); none, with a warning,
    when its date finder fails on a malformed tree (a bare `<svg>` root trips an assertion in
    lxml's drop_tree): the text can still be read."""
    try:
        return extract_metadata(copy.deepcopy(tree), default_url=url)
    except Exception as exc:  # noqa: BLE001 - any failure of the metadata libraries
        warnings.append(f"page metadata could not be read ({type(exc).__name__}); text only")
        return Document()


def extract_html(
    html: str | bytes,
    *,
    url: str | None = None,
    origin: str | None = None,
    settings: Settings | None = None,
    charset: str | None = None,
) -> Article:
    """The Article in an HTML page; SourceError naming `origin` (or `url`) if it has none,
    or only page furniture (see `text.require_article_text`).

    Bytes are decoded with `charset` (from a Content-Type header), else the page's
    `<meta charset>`, then detection; a guessed charset is a warning in `extra["warnings"]`.
    `url` is where the page was found; the Article's `url` is the page's canonical URL if it
    declares one.
    """
    settings = settings or Settings()
    name = origin or url or "<html>"
    warnings: list[str] = []
    if isinstance(html, bytes):
        html = decode_html(html, name, charset, warnings=warnings)
    if not html.strip():
        raise SourceError(name, "empty page: no HTML to read")
    tree = parse_html(html)
    if tree is None:
        raise SourceError(name, "not an HTML page (nothing could be parsed)")
    meta = _metadata(tree, url, warnings)
    blocks = article_blocks(tree, url=url, title=meta.title)
    if not blocks or (_chars(blocks) < _SHORT_CHARS and not _has_body_text(tree)):
        raise SourceError(
            name, "no article text found in the page (empty, truncated or only navigation)"
        )
    text = "\n\n".join(blocks)
    require_article_text(text, name, settings)
    canonical = meta.url if meta.url and meta.url.startswith(("http://", "https://")) else None
    site = meta.sitename or _host(canonical or url)
    return Article(
        text=text,
        title=_without_site_name(meta.title, site),
        author=meta.author,
        published=_iso_date(meta.date),
        url=canonical or url,
        source=site,
        language=page_language(tree),
        origin=origin or url,
        extra={"warnings": warnings} if warnings else {},
    )


def read_html_file(path: Path, settings: Settings, *, name: str | None = None) -> Article:
    """An Article from a .html/.htm file, gzipped or not (read within settings.max_bytes)."""
    name = name or str(path)
    data = read_limited(path, settings, name=name)
    if not data.strip():
        raise SourceError(name, "empty file")
    return extract_html(data, origin=name, settings=settings)


def decode_html(
    data: bytes, name: str, charset: str | None = None, *, warnings: list[str] | None = None
) -> str:
    """Text of an HTML byte string: `charset` if given, else the `<meta charset>` in its head.

    A UTF-8 page cut off in the middle of a character (a truncated download) loses that
    character, not its encoding. Warnings of `encoding.decode` go to `warnings`.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            data = data[: exc.start]
    if not charset and (declared := _META_CHARSET.search(data[:4096])):
        charset = declared[1].decode("ascii", "replace")
    return decode(data, name, charset, warnings=warnings)


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree; a fragment or bare text is read as the body of a page."""
    tree = trafilatura.load_html(html)
    if tree is None or not len(tree):
        tree = trafilatura.load_html(f"<html><body><div>{html}</div></body></html>")
    return tree if tree is not None and len(tree) else None


# --- the body ---------------------------------------------------------------------

# A reading favouring precision that is this short, and this much shorter than the balanced
# reading, has locked onto a fragment (a reprint notice, a teaser) instead of the article.
_FRAGMENT_CHARS = 500
_FRAGMENT_SHARE = 0.2
# This many blocks in a row that are each a whole link are a list of other stories.
_LINK_RUN = 3
# A result shorter than this is checked against the page: is there text outside links,
# navigation, header and footer at all?
_SHORT_CHARS = 200


def article_blocks(
    tree: HtmlElement,
    *,
    url: str | None = None,
    title: str | None = None,
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
        if child.tag == "table":
            blocks += [_table_text(child), child.tail or ""]
            continue
        parts = [item for item in child if item.tag == "item"] if child.tag == "list" else [child]
        for part in parts:
            part = copy.copy(part)
            part.tail = None
            text = xmltotxt(part, include_formatting=False).strip()
            blocks.append(text.removeprefix("- ") if child.tag == "list" else text)
        blocks.append(child.tail or "")
    return [_tidy(b) for b in blocks if b.strip()]


def _tidy(block: str) -> str:
    """Whitespace collapsed within lines; a block's own line breaks are kept."""
    return "\n".join(" ".join(line.split()) for line in block.strip().splitlines() if line.strip())


def _table_text(table: etree._Element) -> str:
    """A table as lines of cells joined by " | " (a one-cell layout table is just its text)."""
    lines: list[str] = []
    for row in table.iter("row"):
        cells = [" ".join(" ".join(cell.itertext()).split()) for cell in row.iter("cell")]
        line = " | ".join(c for c in cells if c)
        if line and (not lines or lines[-1] != line):
            lines.append(line)
    return "\n".join(lines)


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
    r"share (?:it|this (?:article|story)) with (?:a|your) friends?|"
    r"get the latest (?:news|updates|headlines|stories)|delivered (?:to|in) your inbox|"
    r"get the [\w ]{0,20} app\b)",
    re.I,
)
# Cookie and consent banners.
_CONSENT = re.compile(
    r"\b(?:(?:we|this (?:web)?site|our (?:web)?site) (?:and our partners )?uses? cookies|"
    r"(?:accept|allow|reject|manage) (?:all |our )?cookies|"
    r"cookies? (?:policy|settings|preferences)|"
    r"by (?:continuing|using|browsing)\b.{0,60}\b(?:cookies|you agree|you consent)|"
    r"we (?:and our partners )?(?:store and/or access|use technologies like cookies))",
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
    r"^(?:(?:copyright|©|\(c\))(?=.{0,60}\b(?:19|20)\d\d\b)[^.]{0,120}|"
    r".{0,80}\ball rights reserved\.?|print(?: this)? article|"
    r"order reprints|this copy is for your personal, non-commercial use only\b.*|"
    r"(?:write to|email|e-mail|contact) [\w .’'-]{0,40} at \S+@\S+|\S+@\S+\.\w+|"
    r"tell us what you think\W*|\[(\w+)\b[^\]]*\].*\[/\1\]|filed (?:under|in):.*|"
    r"(?:follow|reach|more)\b.{0,100}\b(?:https?://|twitter\.com/)\S+)$",
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
        or _CONSENT.search(line)
        or _CREDIT.match(line)
        or _FURNITURE.match(line)
    )


def _drop_leftovers(blocks: list[str], titles: list[str], links: set[str]) -> list[str]:
    """Without headline, dateline and links at the edges, boilerplate blocks and link lists.

    `links` are the texts of the page's links: a run of blocks that are each a whole link
    is a list of other stories.
    """
    out = [_CLICK_TO_TWEET.sub("", b) for b in blocks]
    out = [b for b in out if not boilerplate(b)]
    out = _without_link_runs(out, links)
    # The head of the article: headline, dateline, bare URL (line by line in the first block).
    while out:
        lines = list(dropwhile(lambda line: _heading_leftover(line, titles), out[0].split("\n")))
        if lines:
            out[0] = "\n".join(lines)
            break
        out.pop(0)
    while out and _BARE_URL.match(out[-1]):
        out.pop()
    return _without_tag_lists(out)


def _heading_leftover(line: str, titles: list[str]) -> bool:
    return (
        any(_same_words(line, t) for t in titles) or _dateline(line) or bool(_BARE_URL.match(line))
    )


def _without_link_runs(blocks: list[str], links: set[str]) -> list[str]:
    is_link = [len(b) < 150 and _key(b) in links for b in blocks]
    keep = [True] * len(blocks)
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and is_link[end]:
            end += 1
        if end - start >= _LINK_RUN:
            keep[start:end] = [False] * (end - start)
        start = max(end, start + 1)
    return [b for b, k in zip(blocks, keep, strict=True) if k]


def _without_tag_lists(blocks: list[str]) -> list[str]:
    """Without a "Tags" label and the comma-separated list of tags that follows it."""
    out: list[str] = []
    after_label = False
    for block in blocks:
        if _TAGS.match(block):
            after_label = True
        elif not (after_label and "," in block):
            out.append(block)
            after_label = False
    return out


_BARE_URL = re.compile(r"^(?:https?://|www\.|twitter\.com/)\S+$", re.I)
_TAGS = re.compile(r"^(?:tags?|tagged|keywords|topics)\s*:?$", re.I)


# "5:45 AM PST 11/19/2019 by Jane Doe", "sexta-feira, 22 de outubro de 2010 às 20:13",
# "Updated at 1:23 p.m.", "Reading time: 2 minutes"
_DATELINE = re.compile(
    r"\b(?:\d{1,2}:\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?:19|20)\d{2}-\d{2}-\d{2}|"
    r"\d{1,2},? (?:19|20)\d{2}|de (?:19|20)\d{2})\b|"
    r"^(?:updated|published|posted|last updated)\b|\b(?:min(?:ute)?s? read|reading time|"
    r"tempo de leitura|lesezeit|temps de lecture)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
_UPDATED = re.compile(r"^(?:updated|published|posted|last updated)\b", re.I)
_CLICK_TO_TWEET = re.compile(r"\s*Click To Tweet$", re.I)


def _dateline(block: str) -> bool:
    """A short line with a date or time that is not a sentence: a dateline or a byline."""
    if len(block) >= 90 or len(block.split()) > 14 or not _DATELINE.search(block):
        return False
    return not _SENTENCE_END.search(block) or bool(_UPDATED.match(block))


def _same_words(block: str, title: str) -> bool:
    """The block is the headline (or a variant of it): mostly the same words.

    A sentence (a lede that retells the headline) must match it almost word for word.
    """
    a, b = set(_WORD.findall(block.casefold())), set(_WORD.findall(title.casefold()))
    share = len(a & b) / len(a | b) if a and b else 0.0
    return share >= (0.9 if _SENTENCE_END.search(block) else 0.6)


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


def _has_body_text(tree: HtmlElement) -> bool:
    """Any text outside links, navigation, header, footer, scripts and the head?"""
    outside = (
        "//text()[normalize-space()][not(ancestor::a or ancestor::nav or ancestor::header or"
        " ancestor::footer or ancestor::script or ancestor::style or ancestor::noscript or"
        " ancestor::head)]"
    )
    return any(_WORD.search(t) for t in tree.xpath(outside))


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """The title without a trailing site name: "Sanctions - Example Times" -> "Sanctions"."""
    if not title or not site:
        return title
    for sep in (" - ", " | ", " – ", " — ", " :: ", " · "):
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and _key(tail) in (_key(site), _key(site).replace(" ", "")):
            return head.strip()
    return title


def _iso_date(value: str | None) -> str | None:
    return value if value and re.match(r"^\d{4}-\d{2}-\d{2}$", value) else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
