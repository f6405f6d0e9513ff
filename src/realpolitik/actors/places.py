"""Places in the parse: where the people of an agent noun are, and when a place is an actor.

- The place of an agent noun's people: "rebels in the Ivory Coast" (CIVREB), "villages near
  Macedonia's border", "refugees fleeing the civil war in Liberia" (LBRREF), "thousands of
  people blocked streets in Hong Kong" (HKGCVL), "Afghans deported from Pakistan".
- A capital or city that is the object of a preposition of place ("in Moscow", "arrived in
  Washington") or opens a dateline is a location, not its government.
- A town or city attacked, besieged, shelled, blockaded, put under curfew or sent aid stands
  for its people ("shelled Juba", "a curfew in Algiers": SDNCVL, DZACVL), an actor apart from
  the place.
"""

from __future__ import annotations

from collections.abc import Iterable

from .codes import REGION_CODES, TRANSNATIONAL_CODES, compose
from .state import DocState, Unit, head_of
from .units import country_of_unit, is_place

# --- where an agent noun's people are ------------------------------------------------------


def object_unit(
    state: DocState, h: int, preps: Iterable[str], after: int | None = None
) -> Unit | None:
    """The name read as the object of a preposition (one of `preps`) right after token
    `h` (or after token `after`): "Armenia" in "the president of Armenia"."""
    view = state.view
    after = h if after is None else after
    for p in range(after + 1, min(len(view.norms), after + 3)):
        if view.head[p] == h and view.dep[p] == "prep" and view.norms[p] in preps:
            for t in range(p + 1, min(len(view.norms), p + 5)):
                unit = state.unit_at[t]
                if view.head[t] == p and view.dep[t] == "pobj" and unit is not None:
                    return unit
    return None


def country_after(state: DocState, h: int, preps: tuple[str, ...] = ("of", "from")) -> str | None:
    """The country of a place in a prepositional phrase right after token `h`: "the
    president of Armenia", "Albanians in south Serbia" (with `preps=("in", "of")`)."""
    unit = object_unit(state, h, preps)
    return country_of_unit(state, unit) if unit is not None and is_place(state, unit) else None


def place_of(state: DocState, h: int) -> Unit | None:
    """A state, region or city where the actors of an agent noun are: "rebels in the
    Ivory Coast", "students throughout Indonesia" (a name not yet read as an actor)."""
    preps = state.words.place_prepositions
    unit = object_unit(state, h, preps) or _border_of(state, h)
    if unit is None:  # "lawmakers and officials in Fornost": after the last conjunct
        conjuncts = [
            c.i
            for c in state.doc[h].children
            if c.dep_ == "conj" and c.i > h and (u := state.unit_at[c.i]) and "agent" in u.whats
        ]
        if conjuncts:
            unit = object_unit(state, h, preps, after=max(conjuncts))
    if unit is None or unit.used or not is_place(state, unit):
        return None
    return unit if country_of_unit(state, unit) else None


def _border_of(state: DocState, h: int) -> Unit | None:
    """The state whose border an agent noun's people are near: "villages near
    Macedonia's border" (Macedonia)."""
    for p in state.doc[h].children:
        if p.dep_ != "prep" or p.lower_ not in ("near", "along", "on"):
            continue
        for o in p.children:
            if o.dep_ == "pobj" and o.lemma_.casefold() in state.words.border_nouns:
                for c in o.children:
                    unit = state.unit_at[c.i]
                    if c.dep_ == "poss" and unit is not None and "state" in unit.whats:
                        return unit
    return None


def origin_of(state: DocState, h: int) -> str | None:
    """The state an agent noun's people flee or leave: "refugees fleeing the civil war
    in Liberia" (a state named in the participle's phrase)."""
    for c in state.doc[h].children:
        if c.dep_ != "acl" or c.lemma_.casefold() not in state.words.flight_verbs:
            continue
        for t in c.subtree:
            unit = state.unit_at[t.i]
            if unit is not None and "state" in unit.whats and t.i > c.i:
                return country_of_unit(state, unit)
    return None


def expelled_from(state: DocState, h: int) -> str | None:
    """The state a people is expelled from, in a participle after it: "West Africans
    ordered out of Nigeria", "Afghans deported from Pakistan"."""
    for c in state.doc[h].children:
        if c.dep_ != "acl":
            continue
        lemma = c.lemma_.casefold()
        out = any(k.lower_ == "out" for k in c.children)
        if lemma not in state.words.expulsion_verbs and not (
            lemma in ("order", "force", "drive") and out
        ):
            continue
        for p in c.children:
            if p.dep_ not in ("prep", "prt") or p.lower_ not in ("from", "out"):
                continue
            for t in p.subtree:
                unit = state.unit_at[t.i]
                if unit is not None and "state" in unit.whats and t.dep_ == "pobj":
                    return country_of_unit(state, unit)
    return None


def subject_place(state: DocState, h: int) -> str | None:
    """The state or city where the subject of a verb acts, for an agent noun heading that
    subject (or counted in it: "thousands of people"): "Hundreds of thousands of people
    blocked streets in Hong Kong" (HKG)."""
    view, t = state.view, h
    if view.dep[t] == "pobj" and view.norms[view.head[t]] == "of":
        counted = view.head[view.head[t]]
        if view.norms[counted] in state.words.quantity_nouns:
            t = counted
    if view.dep[t] != "nsubj":
        return None
    verb = state.doc[view.head[t]]
    objects = [c for c in verb.children if c.dep_ == "dobj"]  # "blocked streets in X"
    for p in (c for k in (verb, *objects) for c in k.children):
        if p.dep_ != "prep" or p.lower_ not in state.words.place_prepositions:
            continue
        for o in p.children:
            unit = state.unit_at[o.i]
            if o.dep_ == "pobj" and unit is not None and is_place(state, unit):
                return country_of_unit(state, unit)
    return None


def conjunct_places(state: DocState, place: Unit) -> list[tuple[Unit, str]]:
    """The places listed after `place` ("Fornost and Gondor", "Arnor, Osgiliath and
    Gondor"): names of states right after it, joined by commas and "and"/"or", that the
    parse coordinates (with it, or, misattached, with the phrase it belongs to)."""
    view, out, t = state.view, [], place.end
    while t < len(view.norms) and view.norms[t] in (",", "and", "or"):
        k = t
        while k < len(view.norms) and view.norms[k] in (",", "and", "or"):
            k += 1
        unit = state.unit_at[k] if k < len(view.norms) else None
        if unit is None or unit.start != k or unit.used or not is_place(state, unit):
            break
        if view.dep[head_of(view, unit.start, unit.end)] != "conj":
            break
        country = country_of_unit(state, unit)
        if not country or (unit.whats & {"adjective", "capital", "city"}):
            break
        out.append((unit, country))
        t = unit.end
    return out


def shared_places(state: DocState, h: int) -> list[tuple[Unit, str]]:
    """The places of the agent noun an agent noun is coordinated with, when their
    phrase follows both: "lawmakers and officials in Fornost" (officials in Fornost)."""
    view = state.view
    g = view.head[h]
    if view.dep[h] != "conj" or g >= h:
        return []
    places = state.phrase_places.get(g, [])
    return places if places and places[0][0].start > h else []


# --- places as the scene of events -----------------------------------------------------------


def locative(state: DocState, head: int) -> bool:
    """The name is the object of a preposition of place ("in Moscow"), or a dateline
    ("MOSCOW (Reuters) -", "Washington, DC, United States: ...")."""
    view, doc, words = state.view, state.doc, state.words
    if _dateline(state, head):
        return True
    if view.dep[head] != "pobj":
        return False
    prep = view.head[head]
    word = view.norms[prep]
    if word in ("in", "at") and doc[view.head[prep]].lemma_.casefold() in words.mission_nouns:
        return False  # "an embassy in Tehran": accredited to the government there
    if word in words.locative_prepositions:
        return True
    return word == "from" and doc[view.head[prep]].lemma_ in words.motion_verbs


def _dateline(state: DocState, t: int) -> bool:
    view = state.view
    unit = state.unit_at[t]
    start, end = (unit.start, unit.end) if unit else (t, t + 1)
    if (
        start > 0
        and "\n" not in view.texts[start - 1]
        and "\n" not in state.text[view.idx[start] - 1 : view.idx[start]]
    ):
        return False
    if end >= len(view.norms):
        return False
    after = view.norms[end]
    if after in ("(", "—", "–", "-"):
        return True
    return after == "," and end + 1 < len(view.norms) and view.ent_label[end + 1] == "GPE"


# --- places standing for their people ----------------------------------------------------


def code_attacked_places(state: DocState) -> None:
    """Towns and cities that are attacked, besieged, put under curfew or sent aid are
    coded as their country's civilians ({country}CVL), an actor apart from the place."""
    for r in state.readings:
        if r.same_as is not None or r.kind not in ("location", "organization"):
            continue
        if r.rule not in ("location", "capital", "ner:GPE"):
            continue
        t = r.head
        if not _attacked(state, t):
            continue
        country = r.country or _country_of_place_phrase(state, t)
        if not country or country in TRANSNATIONAL_CODES or country in REGION_CODES:
            continue
        name = state.text[r.start_char : r.end_char]
        code = compose(country, "~CVL")
        r.code, r.country, r.kind, r.rule = code, country, "group", "attacked place"
        r.key, r.name = ("civilians", code, name.casefold()), name


def _place_noun(state: DocState, t: int) -> int:
    """The noun a place name is "of" ("the town of Gorazde" -> town), else the name."""
    view = state.view
    p = view.head[t]
    if view.dep[t] == "pobj" and view.norms[p] == "of" and p != t:
        g = view.head[p]
        if state.doc[g].lemma_.casefold() in state.words.place_nouns:
            return g
    return t


def _attacked(state: DocState, t: int) -> bool:
    view, doc, words = state.view, state.doc, state.words
    n = _place_noun(state, t)
    for k in (n, t):
        if any(
            c.dep_ == "amod" and c.text.casefold() in words.attacked_participles
            for c in doc[k].children
        ):
            return True  # "the besieged town of Gorazde"
    g = view.head[n]
    if view.dep[n] in ("dobj", "nsubjpass") and doc[g].lemma_.casefold() in words.attack_verbs:
        return True  # "blockade Paris", "shelled the capital Juba"
    if view.dep[n] != "pobj" or view.norms[g] not in ("in", "at", "on", "near", "inside"):
        return False
    w = view.head[g]
    if doc[w].lemma_.casefold() in words.attacked_words:
        return True  # "targets in Jericho", "blew themselves up in Tel Aviv"
    return any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.casefold() in words.attacked_words
        for c in doc[w].children
    )  # "imposed a curfew in Cizre", "street battles raged in central Baghdad"


def _country_of_place_phrase(state: DocState, t: int) -> str | None:
    """The country of a place the knowledge base does not know, from its phrase: "the
    Bosnian town of Gorazde", "the town of Cizre in southeastern Turkey"."""
    doc = state.doc
    n = _place_noun(state, t)
    for k in {n, t}:
        for c in doc[k].children:
            unit = state.unit_at[c.i]
            if c.dep_ in ("amod", "compound", "poss") and unit is not None:
                if is_place(state, unit) and (country := country_of_unit(state, unit)):
                    return country
    w = state.view.head[state.view.head[n]]  # the word "in the town of Cizre" attaches to
    for k in (n, w):
        for p in doc[k].children:
            if p.dep_ != "prep" or p.lower_ != "in" or p.i <= t:
                continue
            for o in p.children:
                unit = state.unit_at[o.i]
                if o.dep_ == "pobj" and unit is not None and "state" in unit.whats:
                    return country_of_unit(state, unit)
    return None
