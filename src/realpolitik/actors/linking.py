"""Within-document linking: which mentions name the same actor, and the Actor records.

Applied to the readings the resolver found, in this order:

- names: a surname the knowledge base does not know, alone or after an honorific ("Mrs.
  Vellozzi"), joins the one person of the document whose full name ends with it ("Galeotti"
  -> "Mark Galeotti", "Wasserman Schultz" -> "Debbie Wasserman Schultz"), whatever NER called
  it; shared by several persons who have one code on the day, it takes that code and joins
  none ("Clinton" with Bill and Hillary Clinton named: USAELI in 2016); a dictionary's
  titled duplicate joins the plain entry ("President Boris Yeltsin" -> "Boris Yeltsin"); an
  organisation NER found joins the known one it shortens ("Home Depot"
  -> "Home Depot Inc"). A one-word PERSON that joins nobody and has no title is dropped;
- definite titles: "the spokesman", "the president" join the latest person titled so before
  them ("presidential spokesperson Dmitry Peskov"), or whose role on the day is so titled;
- leader nouns: "the Russian leader", "an erratic U.S. President" join the person mentioned in
  the document who was that country's head of state (or government) on the day; with none
  mentioned they are the country's government (RUSGOV);
- subject pronouns: "he"/"she" as a subject joins the latest person in subject position, and
  "they" the latest organisation or group in subject position, at most three sentences back
  (no gender is known: "she" may join a man).

Each step walks the readings once (indexes by surname, title and sentence); nothing compares
every mention with every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..records import Actor, Mention
from ..syntax import NOUN_SUBJECTS
from .codes import split_code
from .kb import Agent, Entry
from .words import Words

if TYPE_CHECKING:
    from .matcher import DocView

PRONOUN_KINDS = {"he": ("person",), "she": ("person",), "they": ("organization", "group", "media")}
PRONOUN_REACH = 3  # sentences back a pronoun may look for its actor
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})  # after a surname


@dataclass(eq=False)
class Reading:
    """One mention of an actor, before mentions are grouped into actors by `key`."""

    start: int  # tokens [start, end)
    end: int
    start_char: int
    end_char: int
    key: tuple  # the actor it belongs to: ("entry", id), ("code", "RUSGOV"), ("name", ...)
    name: str  # the actor's name as this mention gives it
    code: str | None
    kind: str
    rule: str  # how it was found: kb, metonym, agent, capital, ner:ORG, pronoun...
    head: int  # its syntactic head token
    entry: Entry | None = None
    rank: int = 0  # how much its name and kind count for the actor (highest wins)
    country: str | None = None
    agent: Agent | None = None  # generic actors: the agent noun
    title: Agent | None = None  # persons: the agent noun of their title ("spokesperson")
    definite: bool = False  # "the spokesman"
    explicit: bool = True  # its country is written in the phrase, not taken from context
    leader: bool = False  # "the Russian leader": the head of state of `country`
    same_as: Reading | None = None  # a mention of that reading's actor

    @classmethod
    def token_for(
        cls, view: DocView, t: int, actor: Reading, rule: str, same_as: Reading | None = None
    ) -> Reading:
        """Token t as one more mention of `actor` (a pronoun, an acronym), ranked below it."""
        return cls(
            t,
            t + 1,
            view.idx[t],
            view.idx[t] + len(view.texts[t]),
            key=actor.key,
            name=actor.name,
            code=actor.code,
            kind=actor.kind,
            rule=rule,
            head=t,
            rank=-1,
            same_as=same_as,
        )


def link_mentions(readings: list[Reading], view: DocView, day: date, words: Words) -> None:
    """Join surnames, leader nouns, definite titles and pronouns to their actors (in place)."""
    readings.sort(key=lambda r: r.start_char)
    _link_surnames(readings, words.honorifics, day)
    _link_longer_names(readings)
    _link_short_names(readings, words.corporate_suffixes)
    readings[:] = [r for r in readings if not _lone_name(r, view, words.honorifics)]
    persons = [r for r in readings if r.kind == "person" and r.same_as is None]
    _link_titles(readings, persons, day)
    _link_leaders(readings, persons, day, words.leader_titles)
    _settle(readings)
    # "a spokeswoman for Neumann" where Neumann turned out a person: not Neumann himself.
    readings[:] = [r for r in readings if not (r.rule == "member" and r.kind == "person")]
    readings.extend(_pronouns(readings, view))
    readings.sort(key=lambda r: r.start_char)


def _settle(readings: list[Reading]) -> None:
    """Give each linked mention the identity of the actor it refers to."""
    for r in readings:
        root, hops = r.same_as, 0
        while root is not None and root.same_as is not None and hops < 10:
            root, hops = root.same_as, hops + 1
        if root is not None:
            r.key, r.code, r.kind, r.name = root.key, root.code, root.kind, root.name


def _lone_name(r: Reading, view: DocView, honorifics: frozenset[str]) -> bool:
    """A one-word person name from NER alone, never given in full nor with a title: too often
    a mislabelled word ("Berm", "Ubisoft") to keep as an actor."""
    if r.rule != "ner:PERSON" or " " in r.name or r.same_as is not None:
        return False
    return r.title is None and (r.start == 0 or view.norms[r.start - 1] not in honorifics)


def _link_surnames(readings: list[Reading], honorifics: frozenset[str], day: date) -> None:
    """A surname the knowledge base does not know, with or without an honorific ("Mrs.
    Vellozzi"), joins the one person of the document named in full with it; a surname of
    several persons who all have the same code on the day gets that code, joining none."""
    full: dict[str, dict[tuple, Reading]] = {}  # surname -> persons named in full, by key
    for r in readings:
        if r.kind != "person" or r.same_as is not None:
            continue
        if r.entry is None and _ends_in_acronym(r.name):
            continue  # "Junge SVP": a party's youth wing NER took for a person
        name = (r.entry.name if r.entry else r.key[1]).casefold()
        words = [w for w in name.split() if w not in honorifics and w not in NAME_SUFFIXES]
        if len(words) > 1:
            full.setdefault(words[-1], {}).setdefault(r.key, r)
        if len(words) > 2:  # "Debbie Wasserman Schultz" is "Wasserman Schultz" too
            full.setdefault(" ".join(words[-2:]), {}).setdefault(r.key, r)
    for r in readings:  # NER's label does not matter: "Sondland" tagged GPE is still him
        if r.key[0] != "name" or r.same_as is not None:
            continue
        parts = r.key[1].split()
        while len(parts) > 1 and parts[0] in honorifics:
            parts = parts[1:]  # "Mrs. Clinton", "Ambassador Sondland": the surname
        if not parts or len(parts) > 2:
            continue  # a name that normalises to nothing, or a name of its own
        named = full.get(" ".join(parts), {}).values()
        persons = {p.key: p for p in named if p.key != r.key}  # keys change as names join
        if len(persons) == 1:
            _join(r, next(iter(persons.values())), "surname")
        elif persons:
            _share_code(r, list(persons.values()), day)


def _ends_in_acronym(name: str) -> bool:
    """A name whose last word is an acronym after a word that is none ("Junge SVP")."""
    words = name.split()
    last = words[-1] if len(words) > 1 else ""
    return (
        len(last) > 1
        and last.isupper()
        and last.casefold() not in NAME_SUFFIXES
        and not words[0].isupper()
    )


def _share_code(r: Reading, persons: list[Reading], day: date) -> None:
    """ "Clinton" with Bill and Hillary Clinton named: both former office holders (USAELI)
    on the day, so "Clinton" is one too, whichever is meant."""
    codes = {p.entry.code_on(day) if p.entry else p.code for p in persons}
    code = codes.pop() if len(codes) == 1 else None
    if code:
        r.code, r.country, r.rule = code, split_code(code)[0], "surname"


def _link_longer_names(readings: list[Reading]) -> None:
    """Two entries for one person, one named with a title ("President Boris Yeltsin" and
    "Boris Yeltsin", as dictionaries built from several sources have): the longer joins the
    shorter when it ends with it."""
    by_name: dict[str, Reading] = {}
    for r in readings:
        if r.kind == "person" and r.entry is not None:
            by_name.setdefault(r.entry.name.casefold(), r)
    if len(by_name) < 2:
        return
    for r in readings:
        if r.kind != "person" or r.entry is None or r.same_as is not None:
            continue
        words = r.entry.name.casefold().split()
        for cut in range(1, min(len(words) - 1, 3)):
            target = by_name.get(" ".join(words[cut:]))
            if target is not None and target.key != r.key:
                _join(r, target, "same person")
                break


def _short_name(name: str, suffixes: frozenset[str]) -> str:
    words = name.casefold().replace("’", "'").split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].strip(",") in suffixes:
        words.pop()
    return " ".join(words)


def _link_short_names(readings: list[Reading], suffixes: frozenset[str]) -> None:
    """An organisation NER found joins the known one it names more briefly ("Home Depot" ->
    "Home Depot Inc")."""
    known: dict[str, Reading] = {}
    for r in readings:
        if r.key[0] == "entry" and r.kind in ("organization", "media"):
            known.setdefault(_short_name(r.name, suffixes), r)
    if not known:
        return
    for r in readings:
        if r.key[0] == "name" and r.kind == "organization":
            target = known.get(_short_name(r.name, suffixes))
            if target is not None:
                _join(r, target, "short name")


def _link_leaders(
    readings: list[Reading],
    persons: list[Reading],
    day: date,
    leader_titles: dict[str, tuple[str, ...]],
) -> None:
    by_country: dict[str, list[tuple[str, Reading]]] = {}  # country -> (role title, person)
    for p in persons:
        role = p.entry.role_on(day) if p.entry else None
        if role and role.title:
            country = split_code(p.code or role.code)[0] or ""
            by_country.setdefault(country, []).append((role.title.casefold(), p))
    for r in readings:
        if not r.leader or not r.country or r.same_as is not None:
            continue
        wanted = leader_titles.get(_leader_noun(r.name), leader_titles["leader"])
        person = _leader_in(by_country.get(r.country, []), wanted)
        if person is not None:
            _join(r, person, "leader")
        else:
            code = f"{r.country}GOV"
            r.key, r.code, r.kind, r.rank = ("code", code), code, "organization", 0


def _leader_noun(description: str) -> str:
    low = description.casefold()
    for noun in ("prime minister", "premier", "chancellor", "president"):
        if noun in low:
            return noun
    return "leader"


def _leader_in(candidates: list[tuple[str, Reading]], wanted: tuple[str, ...]) -> Reading | None:
    """The person whose role title makes them the leader: the first of the `wanted` titles
    (best first) that one of them holds."""
    best, best_rank = None, len(wanted)
    for title, p in candidates:
        for rank, word in enumerate(wanted[:best_rank]):
            # "President of Russia", not "Press Secretary of the President", "Vice President"
            if title.startswith(word) or word.startswith("head of") and word in title:
                best, best_rank = p, rank
                break
    return best


def _link_titles(readings: list[Reading], persons: list[Reading], day: date) -> None:
    """ "the spokesman", "the president" -> the latest person titled so before it, or whose
    role on the day is so titled ("President of Russia"). One pass in text order."""
    titled: dict[int, Reading] = {}  # id(agent) -> latest person with that title
    by_role: dict[str, Reading] = {}  # first words of a role title -> latest person
    is_person = {id(p) for p in persons}
    for r in readings:  # sorted by position
        if id(r) in is_person:
            if r.title is not None:
                titled[id(r.title)] = r
            role = r.entry.role_on(day) if r.entry else None
            words = role.title.casefold().split() if role and role.title else []
            for n in range(1, min(len(words), 3) + 1):
                by_role[" ".join(words[:n])] = r
        elif r.rule == "agent" and r.definite and not r.explicit and r.agent is not None:
            match = titled.get(id(r.agent))
            if match is None:
                phrases = (r.agent.phrase, *r.agent.aliases)
                match = next((m for ph in phrases if (m := by_role.get(ph.casefold()))), None)
            if match is not None:
                _join(r, match, "title")


def _pronouns(readings: list[Reading], view: DocView) -> list[Reading]:
    """Subject pronouns joined to the latest subject actor of a compatible kind."""
    subjects = [r for r in readings if view.dep[r.head] in NOUN_SUBJECTS]
    found: list[Reading] = []
    latest: dict[str, tuple[Reading, int]] = {}  # "he"/"they" -> (actor reading, sentence)
    si = 0
    for t, norm in enumerate(view.norms):
        if norm not in PRONOUN_KINDS or view.dep[t] not in NOUN_SUBJECTS:
            continue
        while si < len(subjects) and subjects[si].head < t:
            _note_subject(latest, subjects[si], view)
            si += 1
        slot = "they" if norm == "they" else "he"
        seen = latest.get(slot)
        if seen is None or view.sent_id[t] - seen[1] > PRONOUN_REACH:
            continue
        actor = seen[0]
        found.append(Reading.token_for(view, t, actor, "pronoun"))
        latest[slot] = (actor, view.sent_id[t])
    return found


def _note_subject(latest: dict[str, tuple[Reading, int]], r: Reading, view: DocView) -> None:
    if r.kind in PRONOUN_KINDS["he"]:
        latest["he"] = (r, view.sent_id[r.head])
    elif r.kind in PRONOUN_KINDS["they"]:
        latest["they"] = (r, view.sent_id[r.head])


def _join(r: Reading, target: Reading, rule: str) -> None:
    r.same_as, r.rule, r.rank = target, rule, -1
    r.key, r.code, r.kind = target.key, target.code, target.kind


# --- actors ----------------------------------------------------------------------------


def build_actors(readings: list[Reading], text: str) -> list[Actor]:
    """One Actor per key, numbered in order of first mention, mentions in text order."""
    groups: dict[tuple, list[Reading]] = {}
    for r in sorted(readings, key=lambda r: (r.start_char, -r.end_char)):
        groups.setdefault(r.key, []).append(r)
    actors = []
    for n, group in enumerate(groups.values(), 1):
        best = max(group, key=lambda r: r.rank)  # the first of the highest rank
        code = best.code
        country, sector = split_code(code)
        if code and code.startswith("~"):
            country, sector = None, code[1:4] or None
        elif not code:
            country = best.country
        mentions, seen = [], set()
        for r in group:
            if (r.start_char, r.end_char) not in seen:
                seen.add((r.start_char, r.end_char))
                mentions.append(
                    Mention(r.start_char, r.end_char, text[r.start_char : r.end_char], r.rule)
                )
        actors.append(
            Actor(
                id=f"a{n}",
                name=_display_name(best, group, text),
                code=code,
                country=country,
                sector=sector,
                kind=best.kind,
                wikidata=best.entry.wikidata if best.entry else None,
                mentions=mentions,
            )
        )
    return actors


def _display_name(best: Reading, group: list[Reading], text: str) -> str:
    """The canonical name, or for a dictionary written in capitals (TABARI) the longest
    spelling found in the text."""
    name = best.name
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters):
        spelled = [r for r in group if r.rule in ("kb", "metonym", "state")]
        if spelled:
            r = max(spelled, key=lambda r: r.end_char - r.start_char)
            surface = text[r.start_char : r.end_char]
            if not surface.isupper():
                return surface
        return name.title()
    return name
