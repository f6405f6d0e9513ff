"""Full-text search over the corpus documents: words, "phrases", -exclusions, BM25-ranked.

    search(db, 'sanctions "foreign minister" -football', since="2016-01-01", outlets=["NYT"])

Every bare word must occur (AND); a "quoted phrase" must occur with its words in that order,
whatever whitespace or punctuation lies between them; `-word` (or `-"a phrase"`) excludes the
documents that have it. Documents rank by BM25 (k1 1.2, b 0.75) over the query's words, ties
newest first. Filters narrow to a period, outlets, documents naming an actor, documents with
an event of a CAMEO type (and factuality).

The index is the corpus tables `corpus_search_terms` (postings: term, document, count, token
positions) and `corpus_search_docs` (lengths), built by `corpus.build` over the title and the
text of each document. A term is a maximal run of letters and digits in lower case: `tokens`
gives in Python what build.py gets in SQL, so "O'Malley" is the terms `o malley`, and a query
word that splits into several terms ("al-Assad", "U.S.") is searched as a phrase.

Phrases are checked in SQL on the token positions the postings keep: a document has the
phrase where its i-th word sits at position p + i (a list intersection per document that has
all its words). Checking a regular expression on the texts of the candidates instead took
360 ms for "united states" on the 100,000-document benchmark (40,000 candidates), the
positions 25 ms; and unlike verifying only the best few hundred by BM25 in Python, no match
ranked lower is missed, so pages and offsets stay exact.

Each row's hit (`hit_start`, `hit_end`) is the first occurrence in the document text of the
first phrase, else of the rarest word (a whole word, any case): offsets into the text every
record's offsets point into, None when it occurs only in the title or the query is empty.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..store import Store
from .build import TEXT_SQL, TITLE_SQL
from .queries import ALL_FACTUALITY, ActorRef, QueryError, actor_key, date_range

K1, B = 1.2, 0.75  # BM25
MAX_WORDS = 20
MAX_LIMIT = 200
SNIPPET_CHARS = 200

# A term as build.TERM_RE2 finds it (`[\pL\pN]+`): `[^\W_]` is a letter or digit in Python.
# The two agree on every character of Python's Unicode version (newer ones: the index only).
_TERM = re.compile(r"[^\W_]+")
_PART = re.compile(r'(-?)(?:"([^"]*)(?:"|$)|([^\s"]+))')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")


def term(word: str) -> str:
    """A word as the index holds it: lower case. DuckDB lower-cases İ to i, Python to i and
    a combining dot (which is no letter, so it never belongs to a word otherwise)."""
    return word.lower().replace("\u0307", "")


def tokens(text: str) -> list[str]:
    """The terms of `text`, in order: what the index holds for it."""
    return [term(m.group()) for m in _TERM.finditer(text)]


@dataclass(frozen=True)
class Query:
    """A parsed query: words and phrases that must occur, those that must not."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded_words: tuple[str, ...] = ()
    excluded_phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def terms(self) -> list[str]:
        """The distinct terms that must occur, words first: the ones BM25 ranks by."""
        found = list(self.words) + [t for p in self.phrases for t in p]
        return list(dict.fromkeys(found))

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.excluded_words or self.excluded_phrases)


def parse_query(query: str | None) -> Query:
    """Bare words, "quoted phrases" (an unclosed quote ends with the query), -exclusions.
    Raises QueryError for more than MAX_WORDS words."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded_words: list[str] = []
    excluded_phrases: list[tuple[str, ...]] = []
    count = 0
    for m in _PART.finditer((query or "").translate(_QUOTES)):
        minus, quoted, bare = m.groups()
        found = tuple(tokens(quoted if quoted is not None else bare))
        count += len(found)
        if not found:
            continue
        if len(found) == 1:
            (excluded_words if minus else words).append(found[0])
        else:
            (excluded_phrases if minus else phrases).append(found)
    if count > MAX_WORDS:
        raise QueryError(
            f"the query has {count} words: give at most {MAX_WORDS} (phrases count their words)"
        )
    return Query(
        tuple(dict.fromkeys(words)),
        tuple(dict.fromkeys(phrases)),
        tuple(dict.fromkeys(excluded_words)),
        tuple(dict.fromkeys(excluded_phrases)),
    )


def search(
    store: Store,
    query: str | None,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    outlets: list[str] | None = None,
    actor: ActorRef | None = None,
    event: str | None = None,
    factuality: list[str] | tuple[str, ...] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Documents matching `query` (see the module docstring), best first; with an empty query
    and a filter, the documents the filters keep, newest first.

    Each row: doc_id, title, outlet, published, score (BM25, 4 decimals; None without
    words), hit_start and hit_end (offsets of the hit in the document text, or None),
    snippet (about 200 characters around the hit, whitespace collapsed), snippet_hit_start
    and snippet_hit_end (the hit inside the snippet, or None), matches (occurrences of the
    query's words and phrases in the text).

    `event`: a CAMEO code or prefix ("04", "042"); `factuality`: the events it counts (any
    factuality by default; alone, the document needs an event of one of them). Raises
    QueryError for a bad argument, and when the search index lacks corpus documents."""
    parsed = parse_query(query)
    limit, offset = _page(limit, offset)
    where, params = event_filters(since, until, outlets, actor, event, factuality)
    if not parsed and not where:
        raise QueryError(
            "an empty query: give words to search for, or a filter (since, until, outlets, "
            "actor, event, factuality) to list documents"
        )
    con = store.con
    [(n_docs, avg_length, missing)] = con.execute(
        """SELECT count(*), avg(length), (SELECT count(*) FROM corpus_documents) - count(*)
           FROM corpus_search_docs"""
    ).fetchall()
    if missing:
        raise QueryError(
            f"{missing} corpus document(s) are not in the search index yet: run "
            "`realpolitik corpus build` on this store"
        )
    df: dict[str, int] = {}
    if parsed.terms:
        df = dict(
            con.execute(
                "SELECT term, count(*) FROM corpus_search_terms"
                " WHERE term IN (SELECT unnest(?)) GROUP BY term",
                [parsed.terms],
            ).fetchall()
        )
        if len(df) < len(parsed.terms):  # a word no document has
            return []
    where += _excluded(parsed, params)
    params.update(limit=limit, offset=offset)
    if parsed.terms:
        rows = _ranked(con, parsed, df, n_docs, avg_length, where, params)
    else:
        rows = con.execute(
            f"""SELECT c.doc_id, c.published, c.outlet, NULL AS score
                FROM corpus_documents c WHERE {" AND ".join(where) or "TRUE"}
                ORDER BY c.published DESC NULLS LAST, c.doc_id
                LIMIT $limit OFFSET $offset""",
            params,
        ).fetchall()
    return _rows(con, rows, parsed, df)


def _page(limit: int, offset: int) -> tuple[int, int]:
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError) as exc:
        raise QueryError(f"limit {limit!r} and offset {offset!r} must be whole numbers") from exc
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit {limit} is out of range: give 1 to {MAX_LIMIT}")
    if offset < 0:
        raise QueryError(f"offset {offset} is negative: give 0 or more")
    return limit, offset


def _day(value: str | date | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise QueryError(f"{name} {value!r} is not a date: use YYYY-MM-DD") from exc


def event_filters(
    since: str | date | None,
    until: str | date | None,
    outlets: list[str] | None,
    actor: ActorRef | None,
    event: str | None,
    factuality: list[str] | tuple[str, ...] | None,
) -> tuple[list[str], dict[str, Any]]:
    """Conditions on `corpus_documents c`, with their named parameters."""
    where, params = date_range("c.published", _day(since, "since"), _day(until, "until"))
    if isinstance(outlets, str):
        outlets = [outlets]
    if outlets:
        where.append("c.outlet IN (SELECT unnest($outlets))")
        params["outlets"] = list(outlets)
    if actor is not None:
        where.append(
            "c.doc_id IN (SELECT doc_id FROM corpus_actor_entities"
            f" WHERE {actor_key(actor.level)} = $actor)"
        )
        params["actor"] = actor.key
    if isinstance(factuality, str):
        factuality = [factuality]
    fact = list(factuality or [])
    if bad := [f for f in fact if f not in ALL_FACTUALITY]:
        raise QueryError(f"unknown factuality {', '.join(bad)}: use {', '.join(ALL_FACTUALITY)}")
    if event is not None and event != "":
        event = str(event).strip()
        if not re.fullmatch(r"\d{2,4}", event):
            raise QueryError(
                f"event {event!r} is not a CAMEO code: give 2 to 4 digits (04, 042, a root 19)"
            )
    if event or fact:
        kind = ["starts_with(cameo, $event)"] if event else []
        kind += ["factuality IN (SELECT unnest($fact))"] if fact else []
        where.append(
            f"c.doc_id IN (SELECT doc_id FROM corpus_event_mentions WHERE {' AND '.join(kind)})"
        )
        params.update({"event": event} if event else {})
        params.update({"fact": fact} if fact else {})
    return where, params


def _phrase_docs(phrase: tuple[str, ...], key: str, params: dict[str, Any]) -> str:
    """A query of the documents where the phrase's words stand in order: positions p of its
    first word such that word i is at p + i, for every i (a list intersection per document,
    no positions unnested)."""
    joins, starts = [], "s0.positions"
    for i, t in enumerate(phrase):
        params[f"{key}_{i}"] = t
        if i:
            joins.append(
                f"JOIN corpus_search_terms s{i} ON s{i}.doc_id = s0.doc_id"
                f" AND s{i}.term = ${key}_{i}"
            )
            starts = f"list_intersect({starts}, list_transform(s{i}.positions, lambda x: x - {i}))"
    return f"""
        SELECT s0.doc_id FROM corpus_search_terms s0 {" ".join(joins)}
        WHERE s0.term = ${key}_0 AND len({starts}) > 0"""


def _excluded(parsed: Query, params: dict[str, Any]) -> list[str]:
    where = []
    if parsed.excluded_words:
        where.append(
            "c.doc_id NOT IN (SELECT doc_id FROM corpus_search_terms"
            " WHERE term IN (SELECT unnest($excluded)))"
        )
        params["excluded"] = list(parsed.excluded_words)
    for k, phrase in enumerate(parsed.excluded_phrases):
        where.append(f"c.doc_id NOT IN ({_phrase_docs(phrase, f'x{k}', params)})")
    return where


def _ranked(
    con: Any,
    parsed: Query,
    df: dict[str, int],
    n_docs: int,
    avg_length: float,
    where: list[str],
    params: dict[str, Any],
) -> list[tuple]:
    """(doc_id, published, outlet, score) of the page, by BM25 over the query's terms."""
    terms = parsed.terms
    params.update(
        terms=terms,
        idf=[_idf(n_docs, df[t]) for t in terms],
        n_terms=len(terms),
        avg_length=float(avg_length or 1.0),
    )
    for k, phrase in enumerate(parsed.phrases):
        where.append(f"c.doc_id IN ({_phrase_docs(phrase, f'p{k}', params)})")
    return con.execute(
        f"""
        WITH q AS (SELECT unnest($terms) AS term, unnest($idf) AS idf),
        hits AS (
            SELECT p.doc_id,
                   sum(q.idf * p.tf * {K1 + 1} / (p.tf + {K1} * (1 - {B} + {B} * d.length
                       / $avg_length))) AS score
            FROM corpus_search_terms p JOIN q USING (term)
            JOIN corpus_search_docs d USING (doc_id)
            WHERE p.term IN (SELECT unnest($terms))
            GROUP BY p.doc_id HAVING count(*) = $n_terms
        )
        SELECT h.doc_id, c.published, c.outlet, round(h.score, 4) AS score
        FROM hits h JOIN corpus_documents c USING (doc_id)
        WHERE {" AND ".join(where) or "TRUE"}
        ORDER BY score DESC, c.published DESC NULLS LAST, h.doc_id
        LIMIT $limit OFFSET $offset""",
        params,
    ).fetchall()


def _idf(n_docs: int, df: int) -> float:
    """BM25's inverse document frequency, Lucene's form: never negative."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def _rows(con: Any, rows: list[tuple], parsed: Query, df: dict[str, int]) -> list[dict]:
    """The page's rows with their titles, hits, snippets and match counts."""
    texts = _texts(con, [r[0] for r in rows])
    # the hit: the first phrase, else the rarest word; the next ones if it is only in the title
    wanted = list(parsed.phrases) + [(w,) for w in sorted(parsed.words, key=lambda w: df[w])]
    out = []
    for doc_id, published, outlet, score in rows:
        title, text = texts.get(doc_id, (None, ""))
        hit = next((h for p in wanted for h in occurrences(text, p)), None)
        matches = sum(sum(1 for _ in occurrences(text, p)) for p in wanted)
        start, end = hit or (None, None)
        snippet, s_start, s_end = make_snippet(text, start, end)
        out.append(
            {
                "doc_id": doc_id,
                "title": title,
                "outlet": outlet,
                "published": published,
                "score": score,
                "hit_start": start,
                "hit_end": end,
                "snippet": snippet,
                "snippet_hit_start": s_start,
                "snippet_hit_end": s_end,
                "matches": matches,
            }
        )
    return out


def _texts(con: Any, ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """Title and text (build.TITLE_SQL, build.TEXT_SQL) of the documents `ids`.

    Articles first, selected by rowid: DuckDB keeps long texts ZSTD-compressed, and fetching
    20 of them through a filter on `id` took 45 ms on PolNeAR (4.6 KB a text), by rowid 10 ms
    (2 ms on the 100,000 short texts of the benchmark). The documents' JSON, 30 KB each, is
    read only for a document without an article row or title."""
    found = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            """SELECT id, title, text FROM articles WHERE rowid IN
               (SELECT rowid FROM articles WHERE id IN (SELECT unnest(?)))""",
            [ids],
        ).fetchall()
    }
    rest = [i for i in ids if found.get(i, (None,))[0] is None]
    if rest:
        for doc_id, title, text in con.execute(
            f"""SELECT d.id, {TITLE_SQL}, {TEXT_SQL}
                FROM documents d LEFT JOIN articles a ON a.id = d.id
                WHERE d.id IN (SELECT unnest(?))""",
            [rest],
        ).fetchall():
            found[doc_id] = (title, text or "")
    return found


def occurrences(text: str, phrase: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of the terms `phrase` in `text`, in order: whole
    words, any case, anything but letters and digits between them."""
    words = "[\\W_]+".join(f"({re.escape(t)})" for t in phrase)
    # IGNORECASE finds a superset of the words whose `term` is the query's; keep those
    for m in re.finditer(rf"(?<![^\W_]){words}(?![^\W_])", text, re.IGNORECASE):
        if all(term(m.group(i)) == t for i, t in enumerate(phrase, 1)):
            yield m.start(), m.end()


def make_snippet(
    text: str, start: int | None, end: int | None, width: int = SNIPPET_CHARS
) -> tuple[str, int | None, int | None]:
    """About `width` characters of `text` around [start, end) (its beginning without a hit),
    cut at whitespace, whitespace collapsed; and the hit's offsets inside it."""
    if start is None or end is None:
        hi = min(len(text), width)
        if hi < len(text) and not text[hi].isspace():
            hi = _last_space(text, 0, hi, default=hi)
        return " ".join(text[:hi].split()), None, None
    room = max(width - (end - start), 0)
    lo = max(0, start - room // 2)
    hi = min(len(text), end + room - (start - lo))
    lo = max(0, min(lo, hi - width))  # near the end, the room left goes before the hit
    if lo > 0 and not text[lo - 1].isspace():  # from the first word that starts inside
        space = _SPACE.search(text, lo, start)
        lo = space.end() if space else start
    if hi < len(text) and not text[hi].isspace():  # to the last word that ends inside
        hi = _last_space(text, end, hi, default=end)
    before = _SPACE.sub(" ", text[lo:start]).lstrip()
    hit = _SPACE.sub(" ", text[start:end])
    after = _SPACE.sub(" ", text[end:hi]).rstrip()
    return before + hit + after, len(before), len(before) + len(hit)


def _last_space(text: str, lo: int, hi: int, default: int) -> int:
    found = default
    for m in _SPACE.finditer(text, lo, hi):
        found = m.start()
    return found
