"""Persons and their titles: "Ukrainian President Volodymyr Zelensky" is one actor.

The title written before a name joins the person's mention and, for a known person, names the
role the text speaks of ("Anneliese Dodds, the UK development minister" is GBRGOV even a week
after her resignation). An unknown person with a title takes the title's agent and the
country in context ("Judge Alejandro Rivera" near "Chilean": CHLJUD), or an organisation's
code for its officer ("Arab League Secretary General Chedli Klibi": IGOARL). "Former" or
"ousted" before a title makes its holder an elite (~ELI).
"""

from __future__ import annotations

from ..syntax import TITLE
from .codes import compose, is_country_only, split_code
from .fields import normalise
from .generic import context_codable
from .kb import Agent, Entry
from .linking import NAME_SUFFIXES, Reading
from .state import DocState, Span, Unit, head_of, units_between
from .units import (
    PLACE_WHATS,
    agent_named,
    country_of_unit,
    derived_from_name,
    entry_of,
    publisher,
    surname_bearers,
)

# Phoenix codes FORMER_PRESIDENT as an elite: so are the holders of a title that is over.
FORMER_AGENT = Agent("former", "~ELI", source="resolver: former office holders")


def persons_named_in_full(state: DocState) -> dict[str, Entry]:
    """Person entries named in full (two words or more) in this document, by id."""
    found: dict[str, Entry] = {}
    for unit in state.units:
        if " " in state.text[unit.start_char : unit.end_char]:
            for key in unit.keys("entry"):
                for e in state.kb.entries_named(key):
                    if e.kind == "person":
                        found.setdefault(e.id, e)
    return found


def surnames_named_in_full(state: DocState) -> dict[str, list[Entry | None]]:
    """Surname -> the persons named in full in this document bearing it: the entries of
    `persons_named`, and (as None) the names of two words or more that NER alone found."""
    found: dict[str, list[Entry | None]] = {}
    for entry in state.persons_named.values():
        words = [w for w in normalise(entry.name).split() if w not in NAME_SUFFIXES]
        if len(words) > 1:
            found.setdefault(words[-1], []).append(entry)
    view, not_names = state.view, state.words.honorifics | NAME_SUFFIXES
    for unit in state.units:
        if unit.label != "PERSON" or unit.targets:
            continue
        words = [
            t
            for t in range(unit.start, unit.end)
            if view.capitalised[t] and view.norms[t] not in not_names
        ]
        if len(words) > 1 and words[-1] == unit.end - 1:
            found.setdefault(view.norms[unit.end - 1], []).append(None)
    return found


def is_person(state: DocState, unit: Unit) -> bool:
    """A unit naming a person (a place reading wins when NER calls the name a place:
    "Georgia"), or the surname of a person named in full ("Hassan" after "Maggie Hassan")."""
    if not unit.targets:
        return unit.label == "PERSON"
    if person_entry(state, unit) is None:
        persons = [e for k in unit.keys("entry") for e in state.kb.entries_named(k)]
        if not surname_bearers(state, unit, [e for e in persons if e.kind == "person"]):
            return False
    return not (unit.label in ("GPE", "NORP") and unit.whats & PLACE_WHATS)


def person_entry(state: DocState, unit: Unit) -> Entry | None:
    """The person a unit names: a person entry, or a name that a dictionary without kinds
    (TABARI) codes with a country alone, written as a person's: after a title ("Deputy
    Prime Minister Telemar") or tagged PERSON."""
    entry = entry_of(state, unit, person=True)
    if entry is not None or unit.whats & PLACE_WHATS:
        return entry
    other = entry_of(state, unit, person=False)
    if other is None or other.metonym or not is_country_only(other.code_on(state.day)):
        return None
    view, h = state.view, unit.end - 1
    if view.dep[h] in ("poss", "compound") and view.head[h] > h:
        return None  # a state before a title or role noun ("Ithilen's president")
    if (
        other.kind == "state"
        and normalise(other.name) in unit.keys("entry")
        and not _after_title(state, unit)
    ):
        return None  # the state's own name, not a synonym ("Dagolath", not "Telemar")
    if unit.label == "PERSON" or _after_title(state, unit):
        return other
    return None


def _after_title(state: DocState, unit: Unit) -> bool:
    view, k = state.view, unit.start - 1
    if k < 0 or view.dep[k] != "compound" or not (unit.start <= view.head[k] < unit.end):
        return False
    before = state.unit_at[k]
    return before is not None and "agent" in before.whats


def read_person(state: DocState, unit: Unit) -> None:
    """A person's name, with the title written before it (coding an unknown person)."""
    view = state.view
    entry = person_entry(state, unit) if unit.targets else None
    unit.used = True
    before = _title_start(state, unit) - 1  # the token before the title
    agent, country = title_of(state, units_between(state, before + 1, unit.start))
    if agent is None and entry is not None:
        agent = _title_in_name(state, unit)  # the alias "President Boris Yeltsin"
    former = agent is not None and _former(state, before, unit.end)
    if former:  # "former president Carlos Menem", "ousted President Askar Akayev"
        agent = FORMER_AGENT
    start = unit.start
    if agent is not None or country is not None:  # the mention includes its title
        start = before + 1
        while start < unit.start and not view.texts[start][:1].isalnum():
            start += 1
    span = (start, unit.end, view.idx[start], unit.end_char)
    if entry is not None:
        reading = _known_person(state, unit, entry, span, agent, country, former)
    else:
        reading = _unknown_person(state, unit, span, agent, country)
        if reading is None:
            return
    reading.title = agent
    # An unknown person titled with no country: a leader or official of the country in
    # context ("President Dos Santos"), unless an organisation's ("Taliban spokesman X").
    first = view.sent_first[unit.start]
    owner = state.unit_at[before] if before >= first else None
    owned = owner is not None and before < view.head[before] < unit.end
    if entry is None and agent and not country and owned and reading.code is None:
        _code_as_officer(state, reading, owner)
    if (
        entry is None
        and agent
        and not country
        and not owned
        and context_codable(state.words, agent.code)
    ):
        reading.agent = agent
        state.pending.append(reading)
    else:
        state.readings.append(reading)


def _title_start(state: DocState, unit: Unit) -> int:
    """Where the title before a person's name starts ("Ukrainian President", "presidential
    spokesperson", "Russia's President"); the name's start if it has none."""
    view = state.view
    k = unit.start - 1
    first = view.sent_first[unit.start]
    while k >= first:
        h = view.head[k]
        if view.dep[k] == "case" and h == k - 1 and k - 1 < view.head[k - 1] < unit.end:
            k -= 1  # "Russia's President Putin": the "'s" of a possessor in the title
            continue
        if not (k < h < unit.end) or view.dep[k] not in TITLE:
            break
        other = state.unit_at[k]
        if other is not None and other is not unit and not _title_unit(state, other):
            break
        participle = view.dep[k] == "amod" and view.tag[k] in ("VBG", "VBN")
        if other is None and view.pos[k] not in ("ADJ", "PROPN", "NOUN", "PUNCT"):
            if not participle:  # "Jordan's visiting King Abdullah II"
                break
        if view.pos[k] == "PUNCT" and view.norms[k] not in ("-",):
            break
        k -= 1
    return k + 1


def _known_person(
    state: DocState,
    unit: Unit,
    entry: Entry,
    span: Span,
    agent: Agent | None,
    country: str | None,
    former: bool,
) -> Reading:
    """The reading of a knowledge-base person; their title may say which role is meant."""
    if former and (entry.country or country):
        # The text says the role is over, whatever the dates say.
        state.titled_codes[entry.id] = compose(country or entry.country, FORMER_AGENT.code)
    elif agent is not None:
        note_title(state, entry, country, agent)
    return Reading(
        *span,
        key=("entry", entry.id),
        name=entry.name,
        code=entry.code_on(state.day),
        kind="person",
        rule="kb",
        head=head_of(state.view, unit.start, unit.end),
        entry=entry,
        rank=3,
        country=entry.country,
    )


def _unknown_person(
    state: DocState, unit: Unit, span: Span, agent: Agent | None, country: str | None
) -> Reading | None:
    """The reading of a person the knowledge base does not know, coded from their title;
    None for a word built on a name ("Trumpworld") or a publisher."""
    view = state.view
    head = head_of(view, unit.start, unit.end)
    if derived_from_name(state, unit) or publisher(state, head):
        return None
    return Reading(
        *span,
        key=("name", " ".join(view.norms[unit.start : unit.end])),
        name=state.text[unit.start_char : unit.end_char],
        code=compose(country, agent.code) if agent else None,
        kind="person",
        rule="ner:PERSON",
        head=head,
        rank=1,
        country=country,
    )


def _code_as_officer(state: DocState, reading: Reading, owner: Unit) -> None:
    """An unknown person whose title is an organisation's: coded as the organisation ("Arab
    League Secretary General Chedli Klibi"; CAMEO codes Kofi Annan IGOUNO)."""
    org = entry_of(state, owner, person=False) if owner.targets else None
    code = org.code_on(state.day) if org and not org.metonym else None
    if code and not is_country_only(code) and not code.startswith("~"):
        reading.code, reading.country = code, split_code(code)[0]


def _former(state: DocState, k: int, end: int) -> bool:
    """A word before a person's title saying the role is over ("former", "ousted")."""
    view = state.view
    for t in range(max(view.sent_first[end - 1], k - 2), end):
        if (
            view.norms[t] in state.words.former_words
            and k < view.head[t] < end
            and view.head[t] != t
        ):
            return True
    return False


def _title_in_name(state: DocState, unit: Unit) -> Agent | None:
    """A title that a knowledge-base alias starts with ("President Boris Yeltsin")."""
    view, names = state.view, state.tables.matcher.names
    key = ""
    for t in range(unit.start, min(unit.end - 1, unit.start + 3)):
        key = f"{key} {view.norms[t]}".strip()
        agent = next(
            (agent_named(state, x.key) for x in names.get(key, ()) if x.what == "agent"), None
        )
        if agent is not None:
            return agent
    return None


def _title_unit(state: DocState, unit: Unit) -> bool:
    """A name that can be part of a person's title: an agent, a nationality, a state, a
    state's region ("Michigan Gov. Rick Snyder"), a capital or a government metonym
    ("Kremlin spokesman")."""
    if unit.whats & {"agent", "adjective", "state", "capital"}:
        return True
    entry = entry_of(state, unit, person=False) if unit.targets else None
    if entry is None:
        return False
    if entry.kind in ("state", "location") and is_country_only(entry.code_on(state.day)):
        return True  # a state or region named by an entry ("Fornost President X", "Texas")
    return entry.metonym


def title_of(state: DocState, units: list[Unit]) -> tuple[Agent | None, str | None]:
    """The agent noun (the rightmost) and the country of a title's names."""
    agent, country = None, None
    for u in units:
        for key in u.keys("agent"):
            agent = agent_named(state, key) or agent
        if country is None:
            country = country_of_unit(state, u)
    return agent, country


def note_title(state: DocState, entry: Entry, country: str | None, agent: Agent) -> None:
    """A title written with a known person names the role the text speaks of: it codes
    them if they ever held a role with that code ("Anneliese Dodds, the UK development
    minister" a week after her resignation: GBRGOV, not her later GBRLEG; "Russian
    President Boris Yeltsin" in a text misdated 2000: RUSGOV), or if the knowledge base
    gives them no role on the day. The dates decide only where the text gives no title."""
    composed = compose(country or entry.country, agent.code)
    code = entry.code_on(state.day)
    if not composed or composed == code:
        return
    held = any(role.code == composed for role in entry.roles)
    if held or entry.role_on(state.day) is None or is_country_only(code):
        state.titled_codes[entry.id] = composed


def appositive_person(state: DocState, start: int, h: int) -> Reading | None:
    """The person named in apposition right after an agent phrase ending at `h`:
    "Minister for Interior Aftab Sherpao", "Niger's ambassador Brah Mohamane"."""
    view = state.view
    for p in range(h + 1, min(len(view.norms), h + 8)):
        if view.dep[p] == "appos" and start <= view.head[p] <= h:
            for r in (*state.readings, *state.pending):
                if r.kind == "person" and r.start <= p < r.end and r.same_as is None:
                    return r
            return None
    return None


def attach_title(
    state: DocState,
    person: Reading,
    phrase: Reading,
    units: list[Unit],
    agent: Agent,
    country: str | None,
) -> None:
    """An appositive title: a mention of the person (the words after its place names),
    which codes an uncoded person. Its place names stay mentions of their own ("the UK")."""
    start = phrase.start
    for u in units:
        if "agent" not in u.whats:
            u.used = False
            if u.start == start:
                start = u.end
    while start < phrase.end - 1 and state.view.dep[start] == "case":
        start += 1  # "Niger's ambassador": the mention is "ambassador"
    start = min(start, phrase.end - 1)
    state.readings.append(
        Reading(
            start,
            phrase.end,
            state.view.idx[start],
            phrase.end_char,
            key=person.key,
            name=person.name,
            code=person.code,
            kind="person",
            rule="appos",
            head=phrase.head,
            rank=-1,
            same_as=person,
        )
    )
    if person.title is None:
        person.title = agent
    if person.entry is not None:
        note_title(state, person.entry, country, agent)
    elif person.code is None and country is not None:
        person.code, person.country = compose(country, agent.code), country
    elif (
        person.code is None
        and context_codable(state.words, agent.code)
        and person in state.readings
    ):
        # An unknown person with a title and no country: the country in context.
        state.readings.remove(person)
        person.agent = agent
        state.pending.append(person)
