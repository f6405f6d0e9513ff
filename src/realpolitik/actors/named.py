"""Named actors that are not persons or agent phrases: metonyms, organisations, states,
capitals, cities, nationalities, and the NER entities the knowledge base does not know.

- A metonym stands for a government ("the Kremlin": RUSGOV), and so does a capital used as an
  actor ("a cautious approach from Moscow"), but not as the place of an event ("talks in
  Moscow": a location, coded RUS).
- A state's name is coded with the country alone ("Russia", "the U.S.": RUS, USA), as CAMEO
  coders do; an office named by its country ("US President") is its holder, found later.
- An entity the knowledge base does not know stays an uncoded actor when it looks like one
  (not "Trumpworld", a ticker or a publisher); one named as an association, forum or
  federation of no state is an NGO; a parenthesised acronym is the name before it ("(EU)").
"""

from __future__ import annotations

from .codes import REGION_CODES, compose, is_country_only, split_code
from .generic import adjective, state_kind
from .groups import read_adjective
from .kb import Agent, Entry
from .linking import Reading
from .matcher import FUNCTION_WORDS
from .places import locative
from .state import DocState, Unit, add, add_location, head_of, reading_at
from .units import (
    PLACE_WHATS,
    agent_named,
    derived_from_name,
    entry_of,
    names_leader,
    place_country,
    publisher,
)

KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "group"}


def read_other(state: DocState, unit: Unit) -> None:
    """Metonyms, named organisations, states, capitals, cities, nationalities, and the
    NER entities the knowledge base does not know."""
    unit.used = True
    head = head_of(state.view, unit.start, unit.end)
    count = len(state.readings)
    _read_named(state, unit, head)
    if len(state.readings) > count:
        state.reading_of[id(unit)] = state.readings[-1]


def _read_named(state: DocState, unit: Unit, head: int) -> None:
    if not unit.targets:
        _read_unknown(state, unit, head)
        return
    entry = entry_of(state, unit, person=False)
    whats = unit.whats
    place_key = next((t.key for t in unit.targets if t.what in PLACE_WHATS), None)
    if entry is not None and entry.metonym:
        _read_metonym(state, unit, entry, head, place_key)
    elif entry is not None and not place_key:  # a country's own names win over entries
        _read_entry(state, unit, entry, head)
    elif "capital" in whats:
        _read_capital(state, unit, head)
    elif "state" in whats:
        country = place_country(state, unit.keys("state")[0])
        if country:
            name, kind = state.kb.country_name(country), state_kind(country)
            add(state, unit.span, ("code", country), name, country, kind, "state", head, rank=2)
    elif "adjective" in whats:
        read_adjective(state, unit, head)
    elif "city" in whats:
        name = state.text[unit.start_char : unit.end_char]
        add_location(state, unit.span, head, name, place_country(state, unit.keys("city")[0]))


def _read_metonym(
    state: DocState, unit: Unit, entry: Entry, head: int, place_key: str | None
) -> None:
    """A metonym stands for its actor ("the Kremlin"), except as the place of an event."""
    code = entry.code_on(state.day)
    if locative(state, head) or not code:
        where = place_country(state, place_key or "") or split_code(code)[0]
        add_location(state, unit.span, head, entry.name, where)
    else:
        key = ("code", code)
        add(
            state,
            unit.span,
            key,
            entry.name,
            code,
            "organization",
            "metonym",
            head,
            rank=3,
            entry=entry,
        )


def _read_entry(state: DocState, unit: Unit, entry: Entry, head: int) -> None:
    """A named entry: a place, a state or region, an office ("US President"), or an actor."""
    code = entry.code_on(state.day)
    span = unit.span
    if code in REGION_CODES and locative(state, head):
        add_location(state, span, head, entry.name, code)
    elif is_country_only(code) and entry.kind == "location":  # "New York State"
        add_location(state, span, head, state.text[unit.start_char : unit.end_char], code)
    elif is_country_only(code):  # a state or a region named by an entry
        kind = state_kind(code) if entry.kind == "organization" else entry.kind
        add(state, span, ("code", code), entry.name, code, kind, "kb", head, rank=2, entry=entry)
    elif code and names_leader(state, unit):  # "US President": an office, its holder
        name = state.text[unit.start_char : unit.end_char]
        reading = add(
            state, span, ("code", code), name, code, "organization", "leader", head, rank=0
        )
        reading.leader = True
    else:
        key = ("entry", entry.id)
        add(state, span, key, entry.name, code, entry.kind, "kb", head, rank=3, entry=entry)


def _read_capital(state: DocState, unit: Unit, head: int) -> None:
    """A capital: its government as an actor ("a cautious approach from Moscow"), a
    location as the place of an event ("talks in Moscow")."""
    capital = state.kb.capitals.get(unit.keys("capital")[0])
    country = state.kb.state_on(capital, state.day)
    if locative(state, head) or not country:
        name = state.text[unit.start_char : unit.end_char]
        add_location(state, unit.span, head, name, country)
        return
    code = f"{country}GOV"
    name = f"{adjective(state, country)} government"
    add(state, unit.span, ("code", code), name, code, "organization", "capital", head, rank=0)


def _read_unknown(state: DocState, unit: Unit, head: int) -> None:
    """An NER entity the knowledge base does not know: kept if it looks like an actor."""
    view = state.view
    text = state.text[unit.start_char : unit.end_char]
    label = unit.label or "ORG"
    if label == "PERSON":
        return  # read in read_person
    if not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
        return
    if text[:1] in "@#" or any(c.isdigit() or c in "=/" for c in text):
        return  # "@Ilhan", "Copper CMCU3", "Sterling GBP=": handles and tickers
    if derived_from_name(state, unit) or publisher(state, head):
        return
    named = _acronym_at(state, unit.start, unit.end)
    if named is not None:  # "the European Union (EU)": a mention of the name before it
        state.readings.append(Reading.token_for(view, unit.start, named, "acronym", named))
        return
    norm = " ".join(n for n in view.norms[unit.start : unit.end] if n != "the")
    name = text[4:] if text.lower().startswith("the ") else text
    code = unit.code
    if label == "ORG" and _civil_society(state, unit):
        agent = _agent_in(state, unit)
        code = compose("NGO", agent.code) if agent else "NGO"
    kind, rule, country = KIND_OF_LABEL[label], f"ner:{label}", unit.country
    add(state, unit.span, ("name", norm), name, code, kind, rule, head, rank=1, country=country)


def _civil_society(state: DocState, unit: Unit) -> bool:
    """An organisation the knowledge base does not know, of no state (none or only a
    region in its name), named as an association, forum, federation...: a
    non-governmental organisation ("the Third World Water Forum", "the Association of
    African Jurists": NGO)."""
    if unit.country and unit.country not in REGION_CODES:
        return False
    words = state.view.norms[unit.start : unit.end]
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head in state.words.civil_society_heads


def _agent_in(state: DocState, unit: Unit) -> Agent | None:
    """The (last) role noun inside a name ("Jurists" in "Association of African Jurists")."""
    found = None
    for t in range(unit.start, unit.end):
        for target in state.tables.matcher.names.get(state.view.norms[t], ()):
            if target.what == "agent" and (agent := agent_named(state, target.key)) is not None:
                found = agent if agent.code.startswith("~") else found
    return found


# --- acronyms -------------------------------------------------------------------------------


def read_acronyms(state: DocState) -> None:
    """Parenthesised acronyms no other step read: mentions of the name before them."""
    view = state.view
    for k in range(2, len(view.norms) - 1):
        if state.unit_at[k] is not None or view.norms[k - 1] != "(":
            continue
        named = _acronym_at(state, k, k + 1)
        if named is None:
            continue
        state.readings.append(Reading.token_for(view, k, named, "acronym", same_as=named))


def _acronym_at(state: DocState, k: int, end: int) -> Reading | None:
    """The actor a parenthesised acronym at tokens [k, end) abbreviates: the name right
    before the parenthesis whose capitalised words it takes the initials of ("the European
    Union (EU)", "Forces Armées (FA)")."""
    view = state.view
    word = view.texts[k]
    if end - k != 1 or not word.isupper() or not 2 <= len(word) <= 6 or k < 2:
        return None
    if view.norms[k - 1] != "(" or end >= len(view.norms) or view.norms[end] != ")":
        return None
    named = reading_at(state, k - 2)
    if named is None or named.end != k - 1:
        return None
    words = [
        view.texts[t].upper()
        for t in range(named.start, named.end)
        if view.texts[t][:1].isalpha() and view.norms[t] not in FUNCTION_WORDS
    ]
    initials, letters = "".join(w[0] for w in words), "".join(words)
    acronym = word.replace(".", "")
    if not initials or acronym[0] != initials[0]:
        return None
    # Every word's initial, in order, and other letters of the words: "CFVC" for
    # "Ceasefire Violations Committee".
    return named if _subsequence(initials, acronym) and _subsequence(acronym, letters) else None


def _subsequence(short: str, long: str) -> bool:
    """`short`'s characters appear in `long` in order."""
    it = iter(long)
    return all(c in it for c in short)
