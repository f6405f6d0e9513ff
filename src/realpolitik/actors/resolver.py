"""The actor component: every person, organisation, state, faction and outlet in a document,
resolved to a coded identity (CAMEO) as it was on the article's date.

A document is read in five steps, each cheap (one pass over the tokens, then passes over the
few names found):

1. Dictionary matching (`matcher.py`): every knowledge-base name, longest match first, cased
   like a name.
2. Merging with the statistical NER: where both see a name the knowledge base wins ("Trump"
   tagged ORG is still the person); entities it does not know stay as uncoded actors when they
   look like actors (PERSON, ORG, GPE, NORP), junk aside ("Trumpworld", a publisher).
3. Phrases, coded compositionally from the parse:
   - a person's title joins the person: "Ukrainian President Volodymyr Zelensky" is one actor;
   - an agent noun with its modifiers is a generic actor: "a popular Russian tabloid" (RUSMED),
     "Russian police" (RUSCOP); with no nationality in the phrase, the country is the nearest
     one in the sentence, else the document's most mentioned one ("the technocrats" in an
     article about Russia: RUSELI, named "Russian technocrats");
   - metonyms stand for governments ("the Kremlin", and a capital used as an actor: "a cautious
     approach from Moscow" -> RUSGOV). A capital or city that is the object of a preposition of
     place ("in Moscow", "talks in Beijing", "arrived in Washington") is a location, coded with
     its country alone (RUS);
   - a state's name is coded with the country alone ("Russia", "the U.S." -> RUS, USA), as CAMEO
     coders do; its government is RUSGOV. Nationals ("Russians") are its people, coded RUSCVL;
   - a region's adjective before "nations"/"countries" is the region ("European nations": EUR);
   - coordinated nationalities share the agent noun ("US and British forces": USAMIL, GBRMIL);
     a place after an agent noun is its country ("rebels in the Ivory Coast": CIVREB);
   - an ethnic group is coded with the state it lives in ("ethnic Albanians in south Serbia":
     SRBCVL); an IGO's troops or agencies compose with it ("UN peacekeepers": IGOUNOMIL);
   - an unknown person with a title takes the title's agent and the country in context
     ("Judge Alejandro Rivera" near "Chilean": CHLJUD), an organisation's officer its code;
     "former"/"ousted" before a title makes its holder an elite (~ELI);
   - an agent noun with no nationality takes the state its people flee ("refugees fleeing
     the civil war in Liberia": LBRREF), whose border they are near, or where its clause's
     subject acts ("thousands of people blocked streets in Hong Kong": HKGCVL); "anti-Syria"
     is not Syrian; an unknown people's name ("Shona rebels") is an ethnic group, coded with
     the state near it; an organisation's workers and students are its country's LAB and EDU;
     a party's government with its country written is that state's government
     ("Nicaragua's Sandinista government": NICGOV); a human rights group of no stated
     country is an NGO (NGOHRI);
   - analysts' TABARI dictionaries give codes but no kinds: a state's own name before a title
     is the state, not a person ("Ithilen's minister X": the title's country codes X), names
     written with `_` match ("Dol_Amroth"), agents compose as PETRARCH composes them ("an MSF
     Arnor diplomat": NGO~ + ARN + ~GOV = NGOARNGOV; "activists of Amnesty": NGMOPP), places
     listed after an agent noun share it ("lawmakers in Fornost and Gondor": FORLEG, GONLEG),
     and coordinated agent nouns share their modifiers ("Danish Islamist media and
     government": DNKMUSGOV); a parenthesised acronym is the name before it ("(EU)");
   - peoples marked as ethnic groups in the country data ("Yoruba", "Karen") are coded with
     their state, their leaders and politicians as elites ("Yoruba leaders": NGAELI); a
     nationality before "minority"/"population" is a people living in another state;
     supporters of a former office holder are the opposition; people "expelled from" a state
     are its refugees (REF); an unknown association, forum or federation of no state is an
     NGO; a capital after "an embassy in" is the host government;
   - a town or city attacked, besieged, shelled, blockaded, put under curfew or sent aid
     stands for its people ("shelled Juba", "a curfew in Algiers": SDNCVL, DZACVL), an actor
     apart from the place. Places of a state founded lately are dated (Juba: SDN before South
     Sudan's independence in 2011).
4. Linking (`linking.py`): surnames, leader nouns ("the Russian leader" -> the Russian head of
   state mentioned in the document), definite titles ("the spokesman") and subject pronouns.
5. One `Actor` per real-world actor, numbered in order of first mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Actor
from .kb import (
    REGION_CODES,
    TRANSNATIONAL_CODES,
    ActorKB,
    Agent,
    Entry,
    load_kb,
    normalise,
    split_code,
)
from .linking import Reading, build_actors, link_mentions
from .lookup import _compose as compose_code
from .matcher import FUNCTION_WORDS, DocView, Match, NameMatcher, Target, compile_matcher

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "group"}
PLACE_WHATS = ("state", "capital", "city", "adjective")

# Prepositions that make a capital or city the place of an event, not an actor.
LOCATIVE_PREPS = frozenset(
    "in at inside outside near around across throughout within to into toward towards via "
    "through over between".split()
)
# Diplomatic missions: the capital they are in names the government that hosts them.
MISSION_NOUNS = frozenset({"embassy", "consulate", "legation", "nunciature"})
# Prepositions that say where the people of an agent noun are ("rebels in the Ivory Coast").
PLACE_PREPS = frozenset({"in", "inside", "within", "throughout", "across"})
# "from Moscow" is the government speaking, unless it follows a verb of motion.
MOTION_VERBS = frozenset(
    "fly return arrive come travel flee depart leave drive move head relocate evacuate".split()
)
# Title and modifier dependencies between a name and what precedes it.
TITLE_DEPS = frozenset({"compound", "amod", "nmod", "punct", "poss", "case"})
NP_DEPS = frozenset(
    {
        "det",
        "predet",
        "amod",
        "compound",
        "nummod",
        "nmod",
        "poss",
        "case",
        "advmod",
        "npadvmod",
        "quantmod",
        "punct",
    }
)
LEADING_SKIP_DEPS = frozenset(
    {"det", "predet", "nummod", "quantmod", "poss", "case", "punct", "advmod", "cc", "preconj"}
)
# Head nouns that turn an agent modifier into an actor ("nationalist voices").
PEOPLE_HEADS = frozenset(
    "voice voices circle circles camp figure figures official officials element elements group "
    "groups faction factions wing member members supporter supporters representative "
    "representatives source sources leader leaders forces force bloc blogger bloggers "
    "commentator commentators activist activists".split()
)
# Head nouns that make a nationality or region adjective the states themselves.
STATE_NOUNS = frozenset(
    "nation nations country countries state states power powers government governments "
    "capital capitals ally allies partner partners".split()
)
# Agent nouns that denote a whole government: they join its metonyms ("the administration").
GOVERNMENT_NOUNS = frozenset(
    "government administration authorities authority regime leadership cabinet".split()
)
# Syntactic roles in which an agent noun phrase is an actor (not a predicate or modifier).
ARGUMENT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "conj",
        "appos",
        "dative",
        "agent",
        "ROOT",
        "npadvmod",
        "poss",
        "dep",  # an argument the parser left unlabelled ("Quatar's emir, Sheikh Hamad, ...")
    }
)
# Sectors of actors that a generic noun denotes even when its country comes from context
# ("the technocrats" in an article on Russia). Others ("customers", "the company", "people")
# are actors only with a nationality written in the phrase ("Syrian refugees").
CONTEXT_SECTORS = frozenset(
    "GOV MIL COP JUD LEG OPP REB ELI MED SPY PTY RAD INS SEP UAF MOD IGO".split()
)
# People coded by their agent alone when no country is stated in their phrase ("students").
UNPLACED_SECTORS = frozenset({"EDU"})
# Modifiers that take a generic actor out of the country in context ("foreign leaders").
FOREIGN_WORDS = frozenset(
    {"foreign", "international", "overseas", "global", "world", "regional", "multinational"}
)
# Nouns for the leader of a state: "the Russian leader" is its head of state, if mentioned.
# Agents of the government (~GOV) even where the knowledge base has no such agent.
LEADER_NOUNS = frozenset({"leader", "president", "premier", "prime minister", "chancellor"})
LEADER_AGENT = Agent("leader", "~GOV", source="resolver: leader nouns")
# Nouns for a people living among others: a nationality before them names an ethnic group
# ("the Albanian population" in Montenegro is Montenegro's, MNECVL).
MINORITY_NOUNS = frozenset(
    "population populations minority minorities community communities diaspora".split()
)
# Head words of organisations that, named with no state, are non-governmental (NGO).
CIVIL_SOCIETY_HEADS = frozenset(
    "forum association federation foundation society network committee".split()
)
# Agents of a state's leadership: for an ethnic group's people they are its elites.
LEADERSHIP_AGENTS = frozenset({"~GOV", "~LEG", "~PTY", "~OPP"})
# Capitalised words of a title that name no organisation ("Deputy Prime Minister").
TITLE_MODIFIERS = frozenset(
    "deputy vice acting first second chief senior assistant associate executive interim "
    "principal permanent under".split()
)
# Words before a title saying its holder has left office: they are elites (~ELI), as
# Phoenix codes FORMER_PRESIDENT.
FORMER_WORDS = frozenset(
    "former ex ex- ousted deposed toppled overthrown exiled onetime one-time erstwhile".split()
)
FORMER_AGENT = Agent("former", "~ELI", source="resolver: former office holders")
# Nouns for the partisans of a person: of a former office holder, they are the opposition.
SUPPORTER_NOUNS = frozenset("supporters followers loyalists partisans".split())
OPPOSITION_AGENT = Agent("supporters", "~OPP", source="resolver: supporters of a former leader")
# A town or city attacked, besieged, shelled, put under curfew or sent aid stands for its
# people: CAMEO codes it as the country's civilians ("shelled Juba", "a curfew in Algiers",
# "the besieged town of Gorazde": SDNCVL, DZACVL, BIHCVL). Lemmas of the verbs whose object
# it is, of the words a locative phrase naming it attaches to ("targets in Jericho"), or of
# that word's subject or object ("imposed a curfew in Cizre", "battles raged in Baghdad").
ATTACK_VERBS = frozenset(
    "attack shell bomb bombard blockade besiege raid storm strike hit rocket target assault "
    "mortar strafe".split()
)
ATTACKED_WORDS = frozenset(
    "attack bomb bombard shell rocket raid blockade besiege target curfew bombing blast "
    "explosion shelling siege battle fighting clash blow aid delivery relief".split()
)  # not "strike" or "fire": "a strike in Paris", "a fire in Moscow" hit no one
ATTACKED_PARTICIPLES = frozenset({"besieged", "shelled", "bombed", "blockaded", "embattled"})
PLACE_NOUNS = frozenset("town city village capital port district suburb".split())
# Verbs whose place says where the people of an agent noun come from ("refugees fleeing the
# civil war in Liberia": LBRREF).
FLIGHT_VERBS = frozenset("flee escape leave".split())
# Verbs whose participle after a people says the state expelled them ("deported from X").
EXPULSION_VERBS = frozenset("expel deport evict banish".split())
# Quantity nouns before "of" and the people they count ("thousands of people").
QUANTITY_NOUNS = frozenset(
    "hundreds thousands millions dozens scores tens crowd crowds group groups number".split()
)


def _combined(agents: list[Agent]) -> Agent:
    """One agent for several in a phrase, their sectors in order ("Danish Islamist media":
    ~MUS + ~MED -> ~MUSMED), as PETRARCH composes them; the head noun's phrase names it."""
    prefix, sectors = "", []
    for a in agents:
        if a.code.endswith("~") and "~" not in a.code[:-1]:
            prefix = prefix or a.code[:-1]  # "An MSF Arnor diplomat": NGO~ + ~GOV -> NGOARNGOV
            continue
        if not a.code.startswith("~"):
            return agents[-1]
        code = a.code[1:]
        for i in range(0, len(code), 3):
            if code[i : i + 3] not in sectors:
                sectors.append(code[i : i + 3])
    head = agents[-1]
    return Agent(head.phrase, f"{prefix}~{''.join(sectors)}", head.aliases, head.source)


def _context_codable(agent_code: str) -> bool:
    """An agent whose actors are coded from the country in context: one of its sectors is
    in CONTEXT_SECTORS ("Moslem fundamentalist": ~MUSRAD)."""
    if "~" not in agent_code:
        return False
    sectors = agent_code.split("~", 1)[1]
    return any(sectors[i : i + 3] in CONTEXT_SECTORS for i in range(0, len(sectors), 3))


def _subsequence(short: str, long: str) -> bool:
    """`short`'s characters appear in `long` in order."""
    it = iter(long)
    return all(c in it for c in short)


def _bare_country(code: str | None) -> bool:
    """A code naming a state or region alone (RUS, EUR), not a sector or an IGO."""
    return bool(code) and len(code) == 3 and code not in TRANSNATIONAL_CODES


@Language.factory(
    "realpolitik_actors",
    assigns=["doc._.actors"],
    requires=["doc.ents", "token.dep", "token.pos"],
    default_config={"actor_files": [], "actor_defaults": True},
)
def make_actor_component(
    nlp: Language, name: str, actor_files: list[str], actor_defaults: bool
) -> ActorComponent:
    kb = load_kb(tuple(str(p) for p in actor_files), actor_defaults)
    return ActorComponent(kb, matcher_for(kb, nlp), english_adjectives(nlp))


def english_adjectives(nlp: Language) -> frozenset[str]:
    """The English adjectives the pipeline's lemmatizer knows (its WordNet index), empty if
    it has none: they tell a capitalised word from a name ("Evil Mordor" opening a sentence)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    table = lookups.get_table("lemma_index")
    return frozenset(table["adj"]) if "adj" in table else frozenset()


_MATCHERS: dict[int, tuple[ActorKB, NameMatcher]] = {}


def matcher_for(kb: ActorKB, nlp: Language) -> NameMatcher:
    """The compiled matcher of `kb`, built once per process (knowledge bases are cached too)."""
    cached = _MATCHERS.get(id(kb))
    if cached is None or cached[0] is not kb:

        def tokenize(names: list[str]) -> list[list[str]]:
            return [[t.text for t in doc] for doc in nlp.tokenizer.pipe(names)]

        matcher = compile_matcher(kb, tokenize)
        for noun in LEADER_NOUNS:  # leader nouns are agents even if the KB lacks them
            if noun not in kb.agents:
                matcher.add(noun.split(), "agent", noun)
        cached = (kb, matcher)
        _MATCHERS[id(kb)] = cached
    return cached[1]


_SURNAMES: dict[int, tuple[ActorKB, dict[str, Counter[str]]]] = {}


def surname_countries(kb: ActorKB) -> dict[str, Counter[str]]:
    """Surname -> countries of the person entries bearing it (how many), built once per
    knowledge base."""
    cached = _SURNAMES.get(id(kb))
    if cached is None or cached[0] is not kb:
        index: dict[str, Counter[str]] = {}
        for entry in kb.entries.values():
            words = entry.name.split()
            if entry.kind == "person" and len(words) > 1 and entry.country:
                index.setdefault(normalise(words[-1]), Counter())[entry.country] += 1
        cached = (kb, index)
        _SURNAMES[id(kb)] = cached
    return cached[1]


class ActorComponent:
    """Sets `doc._.actors`: the document's actors, coded on `doc._.reference_date`."""

    def __init__(
        self, kb: ActorKB, matcher: NameMatcher, adjectives: frozenset[str] = frozenset()
    ) -> None:
        self.kb = kb
        self.matcher = matcher
        self.adjectives = adjectives  # English adjectives, lower case
        self.token_cache: dict[int, tuple[str, str, bool, bool]] = {}

    def __call__(self, doc: Doc) -> Doc:
        day = getattr(doc._, "reference_date", None) or date.today()
        doc._.actors = DocResolution(self, doc, day).actors()
        return doc


@dataclass(eq=False)
class Unit:
    """A name found in the text: a dictionary match, an NER entity, or both."""

    start: int
    end: int
    start_char: int
    end_char: int
    targets: tuple[Target, ...] = ()
    label: str | None = None  # NER label
    country: str | None = None  # NER organisations named after a place ("Bank of England")
    code: str | None = None  # ... and their code, with a role noun ("Russian Defense Ministry")
    used: bool = False
    whats: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.whats = frozenset(t.what for t in self.targets)

    def keys(self, what: str) -> list[str]:
        return [t.key for t in self.targets if t.what == what]


class DocResolution:
    """The actors of one Doc; one instance per document."""

    def __init__(self, component: ActorComponent, doc: Doc, day: date) -> None:
        self.kb = component.kb
        self.matcher = component.matcher
        self.adjectives = component.adjectives
        self.doc = doc
        self.day = day
        self.view = DocView.read(doc, component.token_cache)
        self.text = self.view.text
        self.readings: list[Reading] = []
        self.units: list[Unit] = []
        self.unit_at: list[Unit | None] = [None] * len(self.view.norms)
        self.pending: list[Reading] = []  # generic actors awaiting a country from context
        self.titled_codes: dict[str, str] = {}  # entry id -> code its title in the text gives
        self.members: list[tuple[Reading, Unit | tuple]] = []  # "a WeWork spokesperson"
        self.reading_of: dict[int, Reading] = {}  # id(unit) -> its reading
        self.person_entries_named: dict[str, Entry] = {}  # persons named in full, by entry id
        self.titled_members: dict[int, Reading] = {}  # id(member title) -> person it names
        self.ethnic: list[tuple[Reading, str]] = []  # ethnic groups, with their nationality
        self.phrase_places: dict[int, list[tuple[Unit, str]]] = {}  # agent head -> its places
        # agent head -> the nationality and modifier agents written in its phrase
        self.phrase_modifiers: dict[int, tuple[str, list[Agent]]] = {}

    def actors(self) -> list[Actor]:
        self.find_units()
        self.person_entries_named = self._person_entries_in_doc()
        for unit in self.units:
            if not unit.used and self._is_person(unit):
                self.read_person(unit)
        for unit in self.units:
            if not unit.used and self._agent_like(unit):
                self.read_agent_phrase(unit)
        for unit in self.units:
            if not unit.used:
                self.read_other(unit)
        self.read_members()
        self.read_supporters()
        self.read_acronyms()
        self.assign_ethnic_countries()
        self.assign_context_countries()
        self.code_attacked_places()
        for r in self.readings:
            if r.entry is not None and r.entry.id in self.titled_codes and r.kind == "person":
                r.code = self.titled_codes[r.entry.id]
        link_mentions(self.readings, self.view, self.day)
        return build_actors(self.readings, self.text)

    # --- 1-2: names from the dictionary and from NER --------------------------------

    def find_units(self) -> None:
        view = self.view
        matches = self.matcher.find(view)
        by_token: dict[int, list[Match]] = {}
        for m in matches:
            for t in range(m.start, m.end):
                by_token.setdefault(t, []).append(m)
        dropped: set[int] = set()
        units: list[Unit] = []
        for ent in self.doc.ents:
            label = ent.label_
            if label not in ACTOR_LABELS:
                continue
            inside = {id(m): m for t in range(ent.start, ent.end) for m in by_token.get(t, ())}
            if not inside:
                units.append(self._ner_unit(ent.start, ent.end, label))
                continue
            found = sorted(inside.values(), key=lambda m: m.start_char)
            tail = self._titled_tail(ent.start, ent.end, label, found)
            if tail is not None:  # "Lossarnach President Imrazor" tagged ORG: a titled name
                units.extend(self._match_unit(m, None) for m in found)
                dropped.update(id(m) for m in found)
                units.append(self._ner_unit(tail, ent.end, "PERSON"))
                continue
            own = self._ner_overrides(ent.start, ent.end, label, found)
            if own is not None:
                dropped.update(id(m) for m in found)
                units.append(own)
            else:
                for m in found:
                    m_label = label if (m.start, m.end) == (ent.start, ent.end) else None
                    units.append(self._match_unit(m, m_label or label))
                    dropped.add(id(m))
        for m in matches:
            if id(m) not in dropped:
                units.append(self._match_unit(m, None))
        units.sort(key=lambda u: (u.start_char, u.end_char))
        self.units = units
        for u in units:
            for t in range(u.start, u.end):
                if self.unit_at[t] is None:
                    self.unit_at[t] = u

    def _match_unit(self, m: Match, label: str | None) -> Unit:
        return Unit(m.start, m.end, m.start_char, m.end_char, m.targets, label)

    def _ner_unit(self, start: int, end: int, label: str) -> Unit:
        view = self.view
        while end - start > 1 and not view.texts[start][:1].isalnum():
            start += 1  # "’s xCloud" -> "xCloud"
        # "Anneliese Dodds" tagged NORP "Anneliese" and nothing: a name that runs on is a person.
        if end - start == 1 and label != "PERSON" and view.head[start] == end:
            nxt = end
            if (
                nxt < len(view.norms)
                and view.proper[nxt]
                and view.capitalised[nxt]
                and not view.ent_label[nxt]
                and view.capitalised[start]
                and not self.kb.adjectives.get(view.norms[start])
            ):
                end, label = end + 1, "PERSON"
        # A trailing possessive is not part of the name: "Trump’s" -> "Trump".
        if end - start > 1 and view.norms[end - 1] in ("'s", "'"):
            end -= 1
        return Unit(
            start, end, view.idx[start], view.idx[end - 1] + len(view.texts[end - 1]), (), label
        )

    def _titled_tail(self, start: int, end: int, label: str, found: list[Match]) -> int | None:
        """Where the person's name starts in an entity that NER took for an organisation
        but that is a state, a title and a name ("Lossarnach President Imrazor"), else None."""
        view, last = self.view, found[-1]
        if label == "PERSON" or last.end >= end or not any(t.what == "agent" for t in last.targets):
            return None
        if self._agent(last.targets[0].key) is None or not self._names_leader_words(last):
            return None
        if not all(view.proper[t] and view.capitalised[t] for t in range(last.end, end)):
            return None
        first = found[0]
        if first is last or not any(
            t.what in PLACE_WHATS or t.what == "entry" for t in first.targets
        ):
            return None
        return last.end

    def _names_leader_words(self, m: Match) -> bool:
        """A match that is a personal title written with capitals ("President", "Prime
        Minister"), as before a name."""
        return all(self.view.capitalised[t] for t in range(m.start, m.end))

    def _ner_overrides(self, start: int, end: int, label: str, found: list[Match]) -> Unit | None:
        """An NER entity that wins over the dictionary names inside it, or None (they win).

        The entity wins where it has capitalised words of its own and the names inside are
        only places, role nouns or one-word entries: "Bank of England", "Tufts University",
        "Kanye West" are not England, a university or the West. A known person inside makes
        the dictionary win ("The Putin-Trump Dynamic" is Putin and Trump), unless the entity
        is a person with another first name ("Melania Trump" is not Donald Trump).
        """
        view = self.view
        covered = {t for m in found for t in range(m.start, m.end)}
        own = [
            t
            for t in range(start, end)
            if t not in covered
            and view.capitalised[t]
            and view.texts[t][:1].isalpha()
            and view.norms[t] not in FUNCTION_WORDS
        ]
        if not own:
            return None
        if (
            label == "PERSON"
            and own == [start]
            and view.sent_start[start]
            and view.norms[start] in self.adjectives
            and all(self._is_place(self._match_unit(m, None)) for m in found)
        ):
            return None  # "Evil Mordor, ...": an adjective opening the sentence, and a state
        last = found[-1]
        if (
            last.end == end
            and any(t.what == "adjective" for t in last.targets)
            and view.head[end - 1] >= end
            and view.pos[view.head[end - 1]] == "NOUN"
        ):
            return None  # "Radical French farmers": a nationality modifying a common noun
        persons = [
            (m, e)
            for m in found
            for k in (t.key for t in m.targets if t.what == "entry")
            for e in self.kb.entries_named(k)
            if e.kind == "person"
        ]
        if persons:
            m, _ = persons[0]
            if label == "PERSON" and len(found) == 1 and m.end - m.start == 1:
                if own[0] < m.start < own[-1]:
                    return self._ner_unit(start, end, label)  # "Omar Hassan al-Bashir"
            if label != "PERSON" or len(found) > 1 or m.end - m.start > 1 or own[-1] > m.start:
                return None
            first = view.norms[start]
            if any(e.name.split()[0].casefold() == first for _, e in persons):
                return self._match_unit_span(m, start)  # "Donald J. Trump": the same man
            return self._ner_unit(start, end, label)
        strong = [
            m
            for m in found
            if any(t.what == "entry" for t in m.targets)
            and m.end - m.start > 1
            or any(
                e.metonym
                for t in m.targets
                if t.what == "entry"
                for e in self.kb.entries_named(t.key)
            )
        ]
        if strong:
            return None
        unit = self._ner_unit(start, end, label)
        unit.country = next((c for m in found if (c := self._country_of_targets(m.targets))), None)
        agents = [self._agent(t.key) for m in found for t in m.targets if t.what == "agent"]
        if unit.country and agents and agents[-1] is not None:
            unit.code = self._compose(unit.country, agents[-1])  # "Russian Defense Ministry"
        return unit

    def _match_unit_span(self, m: Match, start: int) -> Unit:
        return Unit(start, m.end, self.view.idx[start], m.end_char, m.targets, "PERSON")

    # --- 3: phrases ---------------------------------------------------------------------

    def _person_entries_in_doc(self) -> dict[str, Entry]:
        """Person entries named in full (two words or more) in this document, by id."""
        found: dict[str, Entry] = {}
        for unit in self.units:
            if " " in self.text[unit.start_char : unit.end_char]:
                for key in unit.keys("entry"):
                    for e in self.kb.entries_named(key):
                        if e.kind == "person":
                            found.setdefault(e.id, e)
        return found

    def _entry(self, unit: Unit, person: bool) -> Entry | None:
        """The entry a unit names: a person (or not), the one named in full in the document
        if any, else the one with a role in force on the day, the latest-loaded first."""
        candidates = [
            e
            for key in unit.keys("entry")
            for e in self.kb.entries_named(key)
            if (e.kind == "person") == person
        ]
        if not candidates:
            return None
        if person:
            for e in candidates:
                if e.id in self.person_entries_named:
                    return e
        in_role = [e for e in candidates if any(r.dated and r.covers(self.day) for r in e.roles)]
        return (in_role or candidates)[0]

    def _is_person(self, unit: Unit) -> bool:
        if not unit.targets:
            return unit.label == "PERSON"
        if self._person_entry(unit) is None:
            return False
        # A place reading wins when NER calls the name a place ("Georgia").
        return not (unit.label in ("GPE", "NORP") and unit.whats & set(PLACE_WHATS))

    def _person_entry(self, unit: Unit) -> Entry | None:
        """The person a unit names: a person entry, or a name that a dictionary without kinds
        (TABARI) codes with a country alone, written as a person's: after a title ("Deputy
        Prime Minister Telemar") or tagged PERSON."""
        entry = self._entry(unit, person=True)
        if entry is not None or unit.whats & set(PLACE_WHATS):
            return entry
        other = self._entry(unit, person=False)
        if other is None or other.metonym or not _bare_country(other.code_on(self.day)):
            return None
        view, h = self.view, unit.end - 1
        if view.dep[h] in ("poss", "compound") and view.head[h] > h:
            return None  # a state before a title or role noun ("Ithilen's president")
        if (
            other.kind == "state"
            and normalise(other.name) in unit.keys("entry")
            and not self._after_title(unit)
        ):
            return None  # the state's own name, not a synonym ("Dagolath", not "Telemar")
        if unit.label == "PERSON" or self._after_title(unit):
            return other
        return None

    def _after_title(self, unit: Unit) -> bool:
        view, k = self.view, unit.start - 1
        if k < 0 or view.dep[k] != "compound" or not (unit.start <= view.head[k] < unit.end):
            return False
        before = self.unit_at[k]
        return before is not None and "agent" in before.whats

    def read_person(self, unit: Unit) -> None:
        view = self.view
        entry = self._person_entry(unit) if unit.targets else None
        unit.used = True
        # Absorb the title before the name: "Ukrainian President", "presidential spokesperson".
        k = unit.start - 1
        first = view.sent_first[unit.start]
        while k >= first:
            h = view.head[k]
            if view.dep[k] == "case" and h == k - 1 and k - 1 < view.head[k - 1] < unit.end:
                k -= 1  # "Russia's President Putin": the "'s" of a possessor in the title
                continue
            if not (k < h < unit.end) or view.dep[k] not in TITLE_DEPS:
                break
            other = self.unit_at[k]
            if other is not None and other is not unit and not self._title_unit(other):
                break
            participle = view.dep[k] == "amod" and view.tag[k] in ("VBG", "VBN")
            if other is None and view.pos[k] not in ("ADJ", "PROPN", "NOUN", "PUNCT"):
                if not participle:  # "Jordan's visiting King Abdullah II"
                    break
            if view.pos[k] == "PUNCT" and view.norms[k] not in ("-",):
                break
            k -= 1
        title_units = self._units_between(k + 1, unit.start)
        agent, country = self._title_of(title_units)
        if agent is None and entry is not None:
            agent = self._title_in_name(unit)  # the alias "President Boris Yeltsin"
        former = agent is not None and self._former(k, unit.end)
        if former:  # "former president Carlos Menem", "ousted President Askar Akayev"
            agent = FORMER_AGENT
        start = unit.start
        if agent is not None or country is not None:  # the mention includes its title
            start = k + 1
            while start < unit.start and not view.texts[start][:1].isalnum():
                start += 1
        span = (start, unit.end, view.idx[start], unit.end_char)
        if entry is not None:
            code = entry.code_on(self.day)
            if former and (entry.country or country):
                # The text says the role is over, whatever the dates say.
                self.titled_codes[entry.id] = self._compose(country or entry.country, agent)
            elif agent is not None:
                self._note_title(entry, country, agent)
            reading = Reading(
                *span,
                key=("entry", entry.id),
                name=entry.name,
                code=code,
                kind="person",
                rule="kb",
                head=self._head_of(unit.start, unit.end),
                entry=entry,
                rank=3,
                country=entry.country,
            )
        else:
            head = self._head_of(unit.start, unit.end)
            if self._derived_from_name(unit) or self._publisher(unit, head):
                return
            name = self.text[unit.start_char : unit.end_char]
            code = self._compose(country, agent) if agent else None
            reading = Reading(
                *span,
                key=("name", " ".join(view.norms[unit.start : unit.end])),
                name=name,
                code=code,
                kind="person",
                rule="ner:PERSON",
                head=self._head_of(unit.start, unit.end),
                rank=1,
                country=country,
            )
        reading.title = agent
        # An unknown person titled with no country: a leader or official of the country in
        # context ("President Dos Santos"), unless an organisation's ("Taliban spokesman X").
        owned = k >= first and self.unit_at[k] is not None and k < view.head[k] < unit.end
        if entry is None and agent and not country and owned and reading.code is None:
            # "Arab League Secretary General Chedli Klibi": the organisation's officer,
            # coded as the organisation (CAMEO codes Kofi Annan IGOUNO).
            owner = self.unit_at[k]
            org = self._entry(owner, person=False) if owner and owner.targets else None
            code = org.code_on(self.day) if org and not org.metonym else None
            if code and not _bare_country(code) and not code.startswith("~"):
                reading.code, reading.country = code, split_code(code)[0]
        if entry is None and agent and not country and not owned and _context_codable(agent.code):
            reading.agent = agent
            self.pending.append(reading)
        else:
            self.readings.append(reading)

    def _former(self, k: int, end: int) -> bool:
        """A word before a person's title saying the role is over ("former", "ousted")."""
        view = self.view
        for t in range(max(view.sent_first[end - 1], k - 2), end):
            if view.norms[t] in FORMER_WORDS and k < view.head[t] < end and view.head[t] != t:
                return True
        return False

    def _title_in_name(self, unit: Unit) -> Agent | None:
        """A title that a knowledge-base alias starts with ("President Boris Yeltsin")."""
        view, names = self.view, self.matcher.names
        key = ""
        for t in range(unit.start, min(unit.end - 1, unit.start + 3)):
            key = f"{key} {view.norms[t]}".strip()
            agent = next(
                (self._agent(x.key) for x in names.get(key, ()) if x.what == "agent"), None
            )
            if agent is not None:
                return agent
        return None

    def _title_unit(self, unit: Unit) -> bool:
        """A name that can be part of a person's title: an agent, a nationality, a state,
        a capital or a government metonym ("Kremlin spokesman")."""
        if unit.whats & {"agent", "adjective", "state", "capital"}:
            return True
        entry = self._entry(unit, person=False) if unit.targets else None
        if entry is not None and entry.kind == "state" and _bare_country(entry.code_on(self.day)):
            return True  # a state named by a dictionary entry ("Fornost President X")
        return entry is not None and entry.metonym

    def _units_between(self, start: int, end: int, mark: bool = True) -> list[Unit]:
        """The units in tokens [start, end), marked used unless `mark` is False."""
        units = []
        for t in range(start, end):
            u = self.unit_at[t]
            if u is not None and (not units or units[-1] is not u):
                units.append(u)
                u.used = u.used or mark
        return units

    def _title_of(self, units: list[Unit]) -> tuple[Agent | None, str | None]:
        """The agent noun (the rightmost) and the country of a title's names."""
        agent, country = None, None
        for u in units:
            for key in u.keys("agent"):
                agent = self._agent(key) or agent
            if country is None:
                country = self._country_of_unit(u)
        return agent, country

    def read_agent_phrase(self, unit: Unit) -> None:
        """A generic actor: an agent noun with its modifiers ("a popular Russian tabloid")."""
        view = self.view
        h = unit.end - 1
        np_end = h  # the last token whose modifiers belong to the phrase
        modifier = False  # "Israeli police custody": an actor only with its nationality
        if view.dep[h] in ("compound", "amod", "nmod") and view.head[h] > h:
            g = view.head[h]
            owner = self.unit_at[g]
            if owner is not None and "agent" in owner.whats and not owner.used:
                return  # a modifier of a later agent: read with that phrase
            if owner is not None and self._organisation_of_place(unit, owner):
                return  # "MSF Arnor": NGO~ + ARN -> NGOARN
            if owner is not None:
                return  # a person's title (read with the person) or a name's word
            if view.norms[g] in PEOPLE_HEADS:
                h = np_end = g
            else:
                np_end, modifier = g, True
        if not modifier and view.dep[h] not in ARGUMENT_DEPS:
            return  # a predicate ("Russia is a global leader"), not an actor
        head_norm = view.norms[h]
        leader_noun = head_norm in LEADER_NOUNS or " ".join(view.norms[h - 1 : h + 1]) in (
            LEADER_NOUNS
        )
        left = h
        first = view.sent_first[h]
        while left - 1 >= first:
            k = left - 1
            head = view.head[k]
            if view.dep[k] == "case" and head == k - 1 and k - 1 < view.head[k - 1] <= np_end:
                left = k  # "Montenegro's prime minister": the "'s" of a possessor
                continue
            if view.dep[k] in ("conj", "cc"):
                # Coordinated modifiers: "French and Egyptian warships", "US and British
                # forces" — the coordination's first member modifies the head noun.
                j = k
                while view.dep[j] in ("conj", "cc") and view.head[j] < j:
                    j = view.head[j]
                if j < k and view.dep[j] in NP_DEPS and j < view.head[j] <= np_end:
                    left = j
                    continue
                break
            if view.dep[k] not in NP_DEPS or not (k < head <= np_end):
                break
            owner = self.unit_at[k]
            if self._people_word(k):
                left = k  # "Turkish Kurd refugees": a people's name, not a person's
                continue
            if owner is not None and self._is_person(owner):
                # "the Bush administration": a leader's government, coded with its country;
                # otherwise a person before an agent noun is no part of the phrase.
                if view.norms[h] not in GOVERNMENT_NOUNS or head != h:
                    break
                left = owner.start
                continue
            left = k
        start = left
        while start < h and (
            view.dep[start] in LEADING_SKIP_DEPS or view.pos[start] in ("DET", "NUM", "PUNCT")
        ):
            start += 1
        start = min(start, unit.start)
        units = self._units_between(left, h + 1, mark=False)  # "Montenegro's prime minister"
        agent, country, org = None, None, None
        people = False  # an unknown people named in the phrase ("Tamil civilian refugees")
        agents: list[Agent] = []
        places: list[tuple[Unit, str]] = []
        for u in units:
            if self._agent_like(u):
                found = next(filter(None, map(self._agent, u.keys("agent"))), None)
                if found is not None:
                    agents.append(found)
                    agent = found
                u.used = True
            elif self._is_place(u) and self._against(u):
                u.used = True  # "an anti-Syria journalist" is not Syrian
            elif self._is_place(u):
                place_country = self._country_of_unit(u)
                country = country or place_country
                if place_country:
                    places.append((u, place_country))
                u.used = True
            elif u.label == "PERSON" or self._is_person(u):  # "Trump administration officials"
                country = country or self._country_of_unit(u) or self._surname_country(u)
            elif not u.targets and u.label in ("NORP", "GPE") and u.end - u.start == 1:
                people = u.used = True  # "Shona rebels": a people the knowledge base lacks
            else:
                org = u  # "a WeWork spokesperson", "Kremlin officials": the organisation's
        if agent is None:
            return
        if org is not None and country and view.norms[h] in GOVERNMENT_NOUNS:
            code = self._entry(org, person=False).code_on(self.day) if org.targets else None
            if not code or split_code(code)[0] == country:
                org.used = True  # "Nicaragua's Sandinista government": the state's government
                org = None
        if country and len(places) == 1 and org is None and not people:
            self.phrase_modifiers[h] = (country, agents[:-1])
        elif country is None and len(agents) == 1 and org is None and not people:
            # "the Danish Islamist media and government": the conjunct shares the first
            # noun's nationality and modifiers (DNKMUSGOV).
            g = view.head[h]
            if view.dep[h] == "conj" and g < h and g in self.phrase_modifiers:
                country, modifiers = self.phrase_modifiers[g]
                agents = [*modifiers, *agents]
        if len(agents) > 1:  # "Israeli intelligence officials": ISR + SPY + GOV
            agent = _combined(agents)
        if (
            places
            and all(self._ethnic_name(u) for u, _ in places)
            and (leader_noun or agent.code[:4] in LEADERSHIP_AGENTS)
        ):
            # An ethnic group has no government: its leaders and politicians are elites
            # ("Yoruba leaders", "Hausa politicians": NGAELI).
            agent = Agent(agent.phrase, "~ELI", agent.aliases, "resolver: ethnic group leaders")
        of_place: Unit | None = None
        if country is None:
            country = self._country_after(h)  # "the president of Armenia"
            if country is not None:
                of_place = self._object_unit(h, ("of", "from"))
        conjuncts = self._coordinated_places(places, start, h)
        if conjuncts:  # "US and British forces": USAMIL and GBRMIL
            *earlier, (last, country) = conjuncts
            start = last.start
            for u, c in earlier:
                self._add_conjunct(u, c, agent, h)
        if modifier and country is None:
            return  # "media coverage": a modifier with no nationality is no actor
        end, end_char = h + 1, view.idx[h] + len(view.texts[h])
        where = self._place_of(h) if country is None and not modifier else None
        inferred = False  # the country is said outside the phrase
        if country is None and where is None and not modifier:
            # "refugees fleeing the civil war in Liberia", "Hundreds of thousands of people
            # blocked streets in Hong Kong"
            country = self._origin_of(h) or self._subject_place(h)
            inferred = country is not None
        shared = None
        if country is None and where is None and not modifier:
            shared = self._shared_places(h)  # "lawmakers and officials in Fornost and Gondor"
            if shared:
                country = shared[0][1]
        if where is not None:  # "rebels in the Ivory Coast": the place is the phrase's
            country = self._country_of_unit(where)
            where.used = True
            if not any(view.dep[t] == "conj" for t in range(h + 1, where.start)):
                end, end_char = where.end, where.end_char  # not over "and officials"
        # Places coordinated with the phrase's place: one actor each, with the same agent
        # ("lawmakers in Fornost and Gondor", "the ambassadors of Arnor, Osgiliath and Gondor").
        more = self._conjunct_places(where or of_place) if where or of_place else []
        if where is not None:
            self.phrase_places[h] = [(where, country), *more]
        description = self.text[view.idx[start] : end_char]
        reading = Reading(
            start,
            end,
            view.idx[start],
            end_char,
            key=("generic",),
            name=description,
            code=None,
            kind="group",
            rule="agent",
            head=h,
            rank=1,
            agent=agent,
        )
        reading.definite = view.norms[left] == "the"
        # Whose spokesperson: "a WeWork spokesperson", "a spokesperson for the NYAG".
        names = [
            t
            for t in range(start, h)
            if self.unit_at[t] is None
            and view.proper[t]
            and not (view.sent_start[t] and view.dep[t] == "amod")  # "Radical French farmers"
            and view.ent_label[t] not in ("LOC", "GPE", "FAC")  # "Ankara's Cankaya district"
            and not self._people_word(t)  # "Turkish Kurd refugees"
            and view.norms[t] not in TITLE_MODIFIERS  # "Dagolath's Deputy Prime Minister"
        ]
        owner: Unit | tuple | None = org or self._owner_after(h)
        if owner is None and names:
            owner = ("name", " ".join(view.norms[t] for t in names))
        # A name in apposition after the title: "Niger's ambassador Brah Mohamane".
        titled = self._appositive_person(unit.start, h)
        if owner is not None:
            reading.rule = "member"
            self.members.append((reading, owner))
            if titled is not None:
                self.titled_members[id(reading)] = titled
            return
        if titled is not None:
            self._attach_title(titled, reading, units, agent, country)
            return
        # An appositive describes the name before it: "Anneliese Dodds, the UK ... minister".
        if view.dep[h] == "appos":
            person = self._reading_at(view.head[h])
            if person is not None and person.kind == "person":
                self._attach_title(person, reading, units, agent, country)
                return
        if people and country is None and not leader_noun:
            # An ethnic group's people are coded with the state they live in, found once all
            # names are read (`assign_ethnic_countries`): "Shona rebels" near "the Mozambique
            # government" are MOZREB.
            reading.agent = agent
            self.readings.append(reading)
            self.ethnic.append((reading, ""))
            return
        if leader_noun and view.tag[h] in ("NN", "NNP"):
            if country is None and not reading.definite:
                return  # "our new President": a company's, not a state's
            reading.leader = True  # "the Russian leader", "the president"
        elif country is None and agent.code.startswith("~HRI"):
            country = "NGO"  # "a human rights group" of no stated country: an NGO (NGOHRI)
        elif country is None and not _context_codable(agent.code):
            if agent.code[1:4] in UNPLACED_SECTORS and agent.code.startswith("~"):
                # "police arrested students": students of no stated country (~EDU)
                reading.code, reading.agent = agent.code, agent
                reading.key = ("generic", agent.code, self.doc[h].lemma_.casefold())
                self.readings.append(reading)
                return
            return  # "customers", "the company": coded only with a nationality in the phrase
        if country is None and any(
            view.norms[t] in FOREIGN_WORDS and self.unit_at[t] is None for t in range(start, h)
        ):
            return  # "other foreign leaders": not of the country in context, and of no other
        self._code_generic(reading, agent, country, explicit=country is not None and not inferred)
        for u, c in more:  # (a place already read has its actor: one per mention)
            u.used = True
            self._add_conjunct(u, c, agent, h)
        if country is not None and (
            any(view.norms[t] == "ethnic" for t in range(left, h))
            or (view.norms[h] in MINORITY_NOUNS and not any(self._ethnic_name(u) for u in units))
        ):
            # "ethnic Albanian guerrillas", "the Albanian population of the province": a
            # people living in another state, coded with it
            self.ethnic.append((reading, country))

    def _coordinated_places(
        self, places: list[tuple[Unit, str]], start: int, h: int
    ) -> list[tuple[Unit, str]]:
        """The places of a phrase when they are coordinated modifiers of different countries
        ("French and Egyptian warships"), else nothing (one actor: "U.S.-Russian talks")."""
        view = self.view
        if len({c for _, c in places}) < 2:
            return []
        if not any(view.dep[t] == "cc" for t in range(start, h)):
            return []
        if any(places[i][0].start == places[i + 1][0].start for i in range(len(places) - 1)):
            return []  # parts of one hyphenated word
        return places

    def _organisation_of_place(self, unit: Unit, place: Unit) -> bool:
        """An organisation-type agent (`NGO~`) naming a state's branch of it: "MSF Arnor"
        (NGOARN). Read as one actor; False if `unit` is not such an agent before a state."""
        if place.used or place.start != unit.end or not self._is_place(place):
            return False
        agent = next(filter(None, map(self._agent, unit.keys("agent"))), None)
        country = self._country_of_unit(place)
        if agent is None or not country or not agent.code.endswith("~"):
            return False
        if "~" in agent.code[:-1]:
            return False
        unit.used = place.used = True
        code = self._compose(country, agent)
        self._add(
            (unit.start, place.end, unit.start_char, place.end_char),
            ("code", code),
            self.text[unit.start_char : place.end_char],
            code,
            "organization",
            "agent",
            place.end - 1,
            rank=1,
        )
        return True

    def _ethnic_name(self, unit: Unit) -> bool:
        """A people's name the knowledge base marks as an ethnic group ("Yoruba")."""
        return any(key in self.kb.ethnic for key in unit.keys("adjective"))

    def _conjunct_places(self, place: Unit) -> list[tuple[Unit, str]]:
        """The places listed after `place` ("Fornost and Gondor", "Arnor, Osgiliath and
        Gondor"): names of states right after it, joined by commas and "and"/"or", that the
        parse coordinates (with it, or, misattached, with the phrase it belongs to)."""
        view, out, t = self.view, [], place.end
        while t < len(view.norms) and view.norms[t] in (",", "and", "or"):
            k = t
            while k < len(view.norms) and view.norms[k] in (",", "and", "or"):
                k += 1
            unit = self.unit_at[k] if k < len(view.norms) else None
            if unit is None or unit.start != k or unit.used or not self._is_place(unit):
                break
            if view.dep[self._head_of(unit.start, unit.end)] != "conj":
                break
            country = self._country_of_unit(unit)
            if not country or (unit.whats & {"adjective", "capital", "city"}):
                break
            out.append((unit, country))
            t = unit.end
        return out

    def _shared_places(self, h: int) -> list[tuple[Unit, str]]:
        """The places of the agent noun an agent noun is coordinated with, when their
        phrase follows both: "lawmakers and officials in Fornost" (officials in Fornost)."""
        view = self.view
        g = view.head[h]
        if view.dep[h] != "conj" or g >= h:
            return []
        places = self.phrase_places.get(g, [])
        return places if places and places[0][0].start > h else []

    def _add_conjunct(self, unit: Unit, country: str, agent: Agent, h: int) -> None:
        """An earlier member of coordinated modifiers, an actor of its own with the shared
        head noun: "US" in "US and British forces" is USAMIL, named "US forces"."""
        code = self._compose(country, agent)
        reading = Reading(
            unit.start,
            unit.end,
            unit.start_char,
            unit.end_char,
            key=("generic", code, self.doc[h].lemma_.casefold()),
            name=f"{self.text[unit.start_char : unit.end_char]} {self.view.texts[h]}",
            code=code,
            kind="group",
            rule="agent",
            head=unit.end - 1,
            rank=1,
            country=country,
            agent=agent,
        )
        self.readings.append(reading)

    def _names_leader(self, unit: Unit) -> bool:
        """A name ending in a singular leader noun ("US President", "Russian Prime Minister")."""
        view, last = self.view, unit.end - 1
        words = (view.norms[last], " ".join(view.norms[max(unit.start, last - 1) : unit.end]))
        return view.tag[last] in ("NN", "NNP") and any(w in LEADER_NOUNS for w in words)

    def _agent_like(self, unit: Unit) -> bool:
        """A role noun: an agent match that names no entry, or one word that is both an agent
        and an institution's alias ("Senate": coded from context, not as the US Senate)."""
        if "agent" not in unit.whats:
            return False
        entries = [e for k in unit.keys("entry") for e in self.kb.entries_named(k)]
        if not entries:
            return True
        return unit.end - unit.start == 1 and not any(
            e.metonym or e.kind == "person" for e in entries
        )

    def _surname_country(self, unit: Unit) -> str | None:
        """The country of most known persons with this surname, if most share one: "the
        Bush administration" is American, whichever Bush it was."""
        if unit.end - unit.start != 1:
            return None
        countries = surname_countries(self.kb).get(self.view.norms[unit.start])
        if not countries:
            return None
        (country, n), total = countries.most_common(1)[0], sum(countries.values())
        return country if n > total - n else None

    def _is_place(self, unit: Unit) -> bool:
        """A state, region, capital, city or nationality (also as a place entry)."""
        if unit.whats & set(PLACE_WHATS):
            return True
        entry = self._entry(unit, person=False) if unit.targets else None
        code = entry.code_on(self.day) if entry else None
        return entry is not None and not entry.metonym and _bare_country(code)

    def _object_unit(self, h: int, preps: Iterable[str], after: int | None = None) -> Unit | None:
        """The name read as the object of a preposition (one of `preps`) right after token
        `h` (or after token `after`): "Armenia" in "the president of Armenia"."""
        view = self.view
        after = h if after is None else after
        for p in range(after + 1, min(len(view.norms), after + 3)):
            if view.head[p] == h and view.dep[p] == "prep" and view.norms[p] in preps:
                for t in range(p + 1, min(len(view.norms), p + 5)):
                    unit = self.unit_at[t]
                    if view.head[t] == p and view.dep[t] == "pobj" and unit is not None:
                        return unit
        return None

    def _country_after(self, h: int, preps: tuple[str, ...] = ("of", "from")) -> str | None:
        """The country of a place in a prepositional phrase right after token `h`: "the
        president of Armenia", "Albanians in south Serbia" (with `preps=("in", "of")`)."""
        unit = self._object_unit(h, preps)
        return self._country_of_unit(unit) if unit is not None and self._is_place(unit) else None

    def _place_of(self, h: int) -> Unit | None:
        """A state, region or city where the actors of an agent noun are: "rebels in the
        Ivory Coast", "students throughout Indonesia" (a name not yet read as an actor)."""
        unit = self._object_unit(h, PLACE_PREPS) or self._border_of(h)
        if unit is None:  # "lawmakers and officials in Fornost": after the last conjunct
            conjuncts = [
                c.i
                for c in self.doc[h].children
                if c.dep_ == "conj" and c.i > h and (u := self.unit_at[c.i]) and "agent" in u.whats
            ]
            if conjuncts:
                unit = self._object_unit(h, PLACE_PREPS, after=max(conjuncts))
        if unit is None or unit.used or not self._is_place(unit):
            return None
        return unit if self._country_of_unit(unit) else None

    def _border_of(self, h: int) -> Unit | None:
        """The state whose border an agent noun's people are near: "villages near
        Macedonia's border" (Macedonia)."""
        for p in self.doc[h].children:
            if p.dep_ != "prep" or p.lower_ not in ("near", "along", "on"):
                continue
            for o in p.children:
                if o.dep_ == "pobj" and o.lemma_.casefold() in ("border", "frontier"):
                    for c in o.children:
                        unit = self.unit_at[c.i]
                        if c.dep_ == "poss" and unit is not None and "state" in unit.whats:
                            return unit
        return None

    def _origin_of(self, h: int) -> str | None:
        """The state an agent noun's people flee or leave: "refugees fleeing the civil war
        in Liberia" (a state named in the participle's phrase)."""
        for c in self.doc[h].children:
            if c.dep_ != "acl" or c.lemma_.casefold() not in FLIGHT_VERBS:
                continue
            for t in c.subtree:
                unit = self.unit_at[t.i]
                if unit is not None and "state" in unit.whats and t.i > c.i:
                    return self._country_of_unit(unit)
        return None

    def _expelled_from(self, h: int) -> str | None:
        """The state a people is expelled from, in a participle after it: "West Africans
        ordered out of Nigeria", "Afghans deported from Pakistan"."""
        for c in self.doc[h].children:
            if c.dep_ != "acl":
                continue
            lemma = c.lemma_.casefold()
            out = any(k.lower_ == "out" for k in c.children)
            if lemma not in EXPULSION_VERBS and not (lemma in ("order", "force", "drive") and out):
                continue
            for p in c.children:
                if p.dep_ not in ("prep", "prt") or p.lower_ not in ("from", "out"):
                    continue
                for t in p.subtree:
                    unit = self.unit_at[t.i]
                    if unit is not None and "state" in unit.whats and t.dep_ == "pobj":
                        return self._country_of_unit(unit)
        return None

    def _subject_place(self, h: int) -> str | None:
        """The state or city where the subject of a verb acts, for an agent noun heading that
        subject (or counted in it: "thousands of people"): "Hundreds of thousands of people
        blocked streets in Hong Kong" (HKG)."""
        view, t = self.view, h
        if view.dep[t] == "pobj" and view.norms[view.head[t]] == "of":
            counted = view.head[view.head[t]]
            if view.norms[counted] in QUANTITY_NOUNS:
                t = counted
        if view.dep[t] != "nsubj":
            return None
        verb = self.doc[view.head[t]]
        objects = [c for c in verb.children if c.dep_ == "dobj"]  # "blocked streets in X"
        for p in (c for k in (verb, *objects) for c in k.children):
            if p.dep_ != "prep" or p.lower_ not in PLACE_PREPS:
                continue
            for o in p.children:
                unit = self.unit_at[o.i]
                if o.dep_ == "pobj" and unit is not None and self._is_place(unit):
                    return self._country_of_unit(unit)
        return None

    def _against(self, unit: Unit) -> bool:
        """A place written after "anti-" ("anti-Syria", "anti-American"): it is opposed, not
        the actor's own."""
        view, k = self.view, unit.start
        if k >= 2 and view.norms[k - 1] == "-" and view.norms[k - 2] == "anti":
            return True
        return view.texts[k].casefold().startswith("anti-")

    def _owner_after(self, h: int) -> Unit | None:
        """The name after an agent noun that it belongs to: "a spokeswoman for Neumann"."""
        view = self.view
        end = min(len(view.norms), h + 4)
        for p in range(h + 1, end):
            if view.head[p] == h and view.dep[p] == "prep" and view.norms[p] in ("for", "of", "at"):
                for t in range(p + 1, min(len(view.norms), p + 6)):
                    if view.head[t] == p and view.dep[t] == "pobj":
                        unit = self.unit_at[t]
                        if unit is not None and not self._is_place(unit):
                            return unit
                        return None
        return None

    def _appositive_person(self, start: int, h: int) -> Reading | None:
        """The person named in apposition right after an agent phrase ending at `h`:
        "Minister for Interior Aftab Sherpao", "Niger's ambassador Brah Mohamane"."""
        view = self.view
        for p in range(h + 1, min(len(view.norms), h + 8)):
            if view.dep[p] == "appos" and start <= view.head[p] <= h:
                for r in (*self.readings, *self.pending):
                    if r.kind == "person" and r.start <= p < r.end and r.same_as is None:
                        return r
                return None
        return None

    def _attach_title(
        self,
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
        while start < phrase.end - 1 and self.view.dep[start] == "case":
            start += 1  # "Niger's ambassador": the mention is "ambassador"
        start = min(start, phrase.end - 1)
        self.readings.append(
            Reading(
                start,
                phrase.end,
                self.view.idx[start],
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
            self._note_title(person.entry, country, agent)
        elif person.code is None and country is not None:
            person.code, person.country = self._compose(country, agent), country
        elif person.code is None and _context_codable(agent.code) and person in self.readings:
            # An unknown person with a title and no country: the country in context.
            self.readings.remove(person)
            person.agent = agent
            self.pending.append(person)

    def _code_generic(
        self, reading: Reading, agent: Agent, country: str | None, *, explicit: bool
    ) -> None:
        """Code a generic actor from its country and agent; with no country yet, it waits
        for `assign_context_countries`."""
        reading.agent, reading.explicit = agent, explicit
        if country is None:
            self.pending.append(reading)
            return
        code = self._compose(country, agent)
        if reading.kind == "person":  # an unknown person coded from a title and context
            reading.code, reading.country = code, country
            self.readings.append(reading)
            return
        reading.code, reading.country = code, country
        phrase = agent.phrase.casefold()
        if code and code.endswith("GOV") and phrase in GOVERNMENT_NOUNS:
            reading.key, reading.kind = ("code", code), "organization"
        else:  # one actor per code and head noun: "protesters", "Protesters", "protester"
            reading.key = ("generic", code, self.doc[reading.head].lemma_.casefold())
        if explicit or self._proper_name(reading):
            pass
        elif reading.key[0] == "code":  # "the government" in an article on India
            reading.name = f"{self._adjective(country)} government"
        else:
            name = reading.name
            if self.view.sent_start[reading.start]:  # "Central banks said" -> "... central banks"
                name = name[:1].lower() + name[1:]
            reading.name = f"{self._adjective(country)} {name}"
        self.readings.append(reading)

    def read_other(self, unit: Unit) -> None:
        """Metonyms, named organisations, states, capitals, cities, nationalities, and the
        NER entities the knowledge base does not know."""
        unit.used = True
        head = self._head_of(unit.start, unit.end)
        span = (unit.start, unit.end, unit.start_char, unit.end_char)
        count = len(self.readings)
        self._read_named(unit, head, span)
        if len(self.readings) > count:
            self.reading_of[id(unit)] = self.readings[-1]

    def _read_named(self, unit: Unit, head: int, span: tuple[int, int, int, int]) -> None:
        if not unit.targets:
            self._read_unknown(unit, head)
            return
        entry = self._entry(unit, person=False)
        code = entry.code_on(self.day) if entry else None
        whats = unit.whats
        place_key = next((t.key for t in unit.targets if t.what in PLACE_WHATS), None)
        if entry is not None and entry.metonym:
            # A metonym stands for its actor, except as the place of an event.
            if self._locative(head) or not code:
                where = self._place(place_key or "") or split_code(code)[0]
                self._location(span, head, entry.name, where)
            else:
                self._add(
                    span,
                    ("code", code),
                    entry.name,
                    code,
                    "organization",
                    "metonym",
                    head,
                    rank=3,
                    entry=entry,
                )
        elif entry is not None and not place_key:  # a country's own names win over entries
            if code in REGION_CODES and self._locative(head):
                self._location(span, head, entry.name, code)
            elif _bare_country(code) and entry.kind == "location":  # "New York State"
                self._location(span, head, self.text[unit.start_char : unit.end_char], code)
            elif _bare_country(code):  # a state or a region named by an entry
                kind = self._state_kind(code) if entry.kind == "organization" else entry.kind
                self._add(
                    span, ("code", code), entry.name, code, kind, "kb", head, rank=2, entry=entry
                )
            elif code and self._names_leader(unit):  # "US President": an office, its holder
                reading = self._add(
                    span,
                    ("code", code),
                    self.text[span[2] : span[3]],
                    code,
                    "organization",
                    "leader",
                    head,
                    rank=0,
                )
                reading.leader = True
            else:
                self._add(
                    span,
                    ("entry", entry.id),
                    entry.name,
                    code,
                    entry.kind,
                    "kb",
                    head,
                    rank=3,
                    entry=entry,
                )
        elif "capital" in whats:
            country = self.kb.state_on(self.kb.capitals.get(unit.keys("capital")[0]), self.day)
            name = self.text[unit.start_char : unit.end_char]
            if self._locative(head) or not country:
                self._location(span, head, name, country)
            else:
                code = f"{country}GOV"
                self._add(
                    span,
                    ("code", code),
                    f"{self._adjective(country)} government",
                    code,
                    "organization",
                    "capital",
                    head,
                    rank=0,
                )
        elif "state" in whats:
            country = self._place(unit.keys("state")[0])
            if country:
                self._add(
                    span,
                    ("code", country),
                    self._country_name(country),
                    country,
                    self._state_kind(country),
                    "state",
                    head,
                    rank=2,
                )
        elif "adjective" in whats:
            self._read_adjective(unit, head)
        elif "city" in whats:
            name = self.text[unit.start_char : unit.end_char]
            self._location(span, head, name, self._place(unit.keys("city")[0]))

    def _read_adjective(self, unit: Unit, head: int) -> None:
        view = self.view
        country = self._adjective_country(unit.keys("adjective")[0])
        if not country:
            return
        h = unit.end - 1
        span = (unit.start, unit.end, unit.start_char, unit.end_char)
        modifier = view.dep[h] in ("amod", "compound", "nmod") and view.head[h] > h
        if (
            modifier
            and view.norms[view.head[h]] in STATE_NOUNS
            and self.unit_at[view.head[h]] is None
        ):
            g = view.head[h]
            end_char = view.idx[g] + len(view.texts[g])
            self._add(
                (unit.start, g + 1, unit.start_char, end_char),
                ("code", country),
                self._country_name(country),
                country,
                self._state_kind(country),
                "adjective",
                g,
                rank=1,
            )
        elif (
            modifier
            and view.norms[view.head[h]] in MINORITY_NOUNS
            and self.unit_at[view.head[h]] is None
            and not self._ethnic_name(unit)
        ):
            # "the Hungarian minority in Slovakia": a people living in another state, coded
            # with it once all names are read (SVKCVL)
            g = view.head[h]
            reading = self._add(
                (unit.start, g + 1, unit.start_char, view.idx[g] + len(view.texts[g])),
                ("people", country),
                self.text[unit.start_char : view.idx[g] + len(view.texts[g])],
                compose_code(country, "~CVL"),
                "group",
                "nationals",
                g,
                rank=2,
            )
            self.ethnic.append((reading, country))
        elif modifier and self._people_unit(view.head[h]) is not None:
            # "Iraqi Kurds": a people of the country, its civilians (CAMEO IRQCVL).
            people = self._people_unit(view.head[h])
            people.used = True
            self._add(
                (unit.start, people.end, unit.start_char, people.end_char),
                ("people", country),
                self.text[unit.start_char : people.end_char],
                compose_code(country, "~CVL"),
                "group",
                "nationals",
                people.end - 1,
                rank=2,
            )
        elif not modifier and (shared := self._shared_agent(h)) is not None:
            # "Sierra Leonean and Liberian refugees" parsed as "Sierra Leonean" and "Liberian
            # refugees": the adjective shares the agent noun of its conjunct (SLEREF).
            self._code_generic(
                Reading(
                    *span,
                    key=("generic",),
                    name=f"{self.text[unit.start_char : unit.end_char]} {shared[1]}",
                    code=None,
                    kind="group",
                    rule="agent",
                    head=h,
                    rank=1,
                ),
                shared[0],
                country,
                explicit=True,
            )
        elif not modifier and view.tag[h] in ("NNS", "NNPS"):
            # Nationals: "many Russians" are the country's people, its civilians (CAMEO
            # codes citizens, nationals and residents of a state {country}CVL).
            name = self.text[unit.start_char : unit.end_char]
            expelled_from = self._expelled_from(h)
            if expelled_from is not None:
                # "West Africans ordered out of Nigeria": displaced from that state (NGAREF)
                code = compose_code(expelled_from, "~REF")
                self._add(span, ("code", code), name, code, "group", "expelled", head, rank=2)
                return
            code = compose_code(country, "~CVL")
            reading = self._add(
                span, ("people", country), name, code, "group", "nationals", head, rank=2
            )
            if self._ethnic(unit.start, h):
                self.ethnic.append((reading, country))
        elif not self._ethnic_name(unit):  # "the Yoruba" is a people, not Nigeria
            self._add(
                span,
                ("code", country),
                self._country_name(country),
                country,
                self._state_kind(country),
                "adjective",
                head,
                rank=0,
            )

    def _people_word(self, k: int) -> bool:
        """One unknown capitalised word (untagged or tagged PERSON) between a nationality
        adjective and the noun it modifies ("Turkish Kurd refugees"): a people, not a
        person or an organisation."""
        view, unit = self.view, self.unit_at[k]
        if k == 0 or not view.proper[k]:
            return False
        if unit is not None and (unit.targets or unit.label != "PERSON" or unit.end - k != 1):
            return False
        before = self.unit_at[k - 1]
        return (
            before is not None
            and "adjective" in before.whats
            and view.dep[k] == "compound"
            and view.head[k] > k
        )

    def _shared_agent(self, h: int) -> tuple[Agent, str] | None:
        """The agent noun of a conjunct phrase that a lone nationality adjective shares: in
        "Sierra Leonean and Liberian refugees" parsed with "refugees" as the conjunct of
        "Leonean", the adjective's agent is "refugees" (when the conjunct has a nationality
        adjective of its own)."""
        view = self.view
        for c in self.doc[h].children:
            if c.dep_ != "conj" or c.i != h + 3 or view.norms[h + 1] != "and":
                continue
            head_unit, adjective = self.unit_at[c.i], self.unit_at[h + 2]
            if head_unit is None or adjective is None or "adjective" not in adjective.whats:
                continue
            agent = next(filter(None, map(self._agent, head_unit.keys("agent"))), None)
            if agent is not None and self._agent_like(head_unit):
                return agent, view.texts[c.i]
        return None

    def _people_unit(self, t: int) -> Unit | None:
        """An unknown people named in the plural at token `t` ("Kurds", tagged NORP)."""
        unit = self.unit_at[t]
        if unit is None or unit.used or unit.targets or unit.label != "NORP":
            return None
        return unit if self.view.tag[unit.end - 1] in ("NNS", "NNPS") else None

    def _read_unknown(self, unit: Unit, head: int) -> None:
        """An NER entity the knowledge base does not know: kept if it looks like an actor."""
        view = self.view
        text = self.text[unit.start_char : unit.end_char]
        label = unit.label or "ORG"
        if label == "PERSON":
            return  # read in read_person
        if not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
            return
        if text[:1] in "@#" or any(c.isdigit() or c in "=/" for c in text):
            return  # "@Ilhan", "Copper CMCU3", "Sterling GBP=": handles and tickers
        if self._derived_from_name(unit) or self._publisher(unit, head):
            return
        named = self._acronym_of(unit)
        if named is not None:  # "the European Union (EU)": a mention of the name before it
            self.readings.append(
                Reading(
                    unit.start,
                    unit.end,
                    unit.start_char,
                    unit.end_char,
                    key=named.key,
                    name=named.name,
                    code=named.code,
                    kind=named.kind,
                    rule="acronym",
                    head=head,
                    rank=-1,
                    same_as=named,
                )
            )
            return
        if label == "GPE":
            kind = "location"
        else:
            kind = KIND_OF_LABEL[label]
        norm = " ".join(n for n in view.norms[unit.start : unit.end] if n != "the")
        name = text[4:] if text.lower().startswith("the ") else text
        code = unit.code
        if label == "ORG" and self._civil_society(unit):
            code = self._compose("NGO", self._agent_in(unit)) or "NGO"
        self._add(
            (unit.start, unit.end, unit.start_char, unit.end_char),
            ("name", norm),
            name,
            code,
            kind,
            f"ner:{label}",
            head,
            rank=1,
            country=unit.country,
        )

    def _civil_society(self, unit: Unit) -> bool:
        """An organisation the knowledge base does not know, of no state (none or only a
        region in its name), named as an association, forum, federation...: a
        non-governmental organisation ("the Third World Water Forum", "the Association of
        African Jurists": NGO)."""
        if unit.country and unit.country not in REGION_CODES:
            return False
        view = self.view
        words = view.norms[unit.start : unit.end]
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        return head in CIVIL_SOCIETY_HEADS

    def _agent_in(self, unit: Unit) -> Agent | None:
        """The (last) role noun inside a name ("Jurists" in "Association of African Jurists")."""
        found = None
        for t in range(unit.start, unit.end):
            for target in self.matcher.names.get(self.view.norms[t], ()):
                if target.what == "agent" and (agent := self._agent(target.key)) is not None:
                    found = agent if agent.code.startswith("~") else found
        return found

    def read_acronyms(self) -> None:
        """Parenthesised acronyms no other step read: mentions of the name before them."""
        view = self.view
        for k in range(2, len(view.norms) - 1):
            if self.unit_at[k] is not None or view.norms[k - 1] != "(":
                continue
            named = self._acronym_at(k, k + 1)
            if named is None:
                continue
            self.readings.append(Reading.token_for(view, k, named, "acronym", same_as=named))

    def _acronym_of(self, unit: Unit) -> Reading | None:
        """The actor a parenthesised acronym abbreviates: the name right before the
        parenthesis whose capitalised words it takes the initials of ("the European Union
        (EU)", "Forces Armées (FA)")."""
        return self._acronym_at(unit.start, unit.end)

    def _acronym_at(self, k: int, end: int) -> Reading | None:
        view = self.view
        word = view.texts[k]
        if end - k != 1 or not word.isupper() or not 2 <= len(word) <= 6 or k < 2:
            return None
        if view.norms[k - 1] != "(" or end >= len(view.norms) or view.norms[end] != ")":
            return None
        named = self._reading_at(k - 2)
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

    def _derived_from_name(self, unit: Unit) -> bool:
        """A word built on a known name: "Trumpworld", "Putinism" (not an actor)."""
        if unit.end - unit.start != 1:
            return False
        word = self.view.texts[unit.start]
        for cut in range(len(word) - 2, 3, -1):
            rest = word[cut:]
            if not rest.isalpha() or not rest.islower():
                continue
            for t in self.matcher.names.get(word[:cut].casefold(), ()):
                if t.what == "entry":
                    return True
        return False

    def _publisher(self, unit: Unit, head: int) -> bool:
        """ "published by Osprey": the publisher of a book, not an actor of the text."""
        view = self.view
        by = view.head[head]
        if view.norms[by] != "by" or by == head:
            return False
        verb = view.head[by]
        return self.doc[verb].lemma_ in ("publish", "print", "edit", "produce", "distribute")

    def read_members(self) -> None:
        """People of an organisation are mentions of it ("a WeWork spokesperson" -> WeWork);
        of a coded person, coded from that person's country; of an unknown one, dropped."""
        by_name = {r.key: r for r in self.readings if r.key[0] == "name"}
        for reading, owner in self.members:
            found = (
                by_name.get(owner) if isinstance(owner, tuple) else self.reading_of.get(id(owner))
            )
            if found is None:
                continue
            agent = reading.agent
            if found.kind != "person" and agent is not None and self._org_body(found.code, agent):
                # An IGO's troops, staff or agencies: "United Nations peacekeepers" IGOUNOMIL,
                # an actor of their own (its officials and spokespeople are the IGO itself);
                # likewise an organisation's activists, fighters...: "the human rights
                # activists of Amnesty International" NGMOPP, as PETRARCH composes agents.
                code = f"{found.code}{agent.code[1:]}"
                reading.code, reading.country, reading.rule = code, split_code(code)[0], "agent"
                reading.key = ("generic", code, self.doc[reading.head].lemma_.casefold())
                self.readings.append(reading)
            elif found.kind != "person" and agent is not None and agent.code[1:4] in ("LAB", "EDU"):
                # "workers of the United Bus Company of Tehran", "students at Cumhuriyet
                # University": the country's labour or students (IRNLAB), not the company;
                # of an organisation with no known country, the country in context.
                country = found.country if found.country not in TRANSNATIONAL_CODES else None
                self._code_generic(reading, agent, country, explicit=country is not None)
            elif found.kind != "person":
                reading.same_as = found
                person = self.titled_members.get(id(reading))
                if person is not None and person.code is None and found.code:
                    # "Arab League Secretary General Chedli Klibi": the organisation's code.
                    person.code, person.country = found.code, found.country
                self.readings.append(reading)
            elif found.country and reading.agent is not None:
                self._code_generic(reading, reading.agent, found.country, explicit=True)

    def read_supporters(self) -> None:
        """Supporters of a former office holder are the opposition of the state they
        governed ("supporters of former President Ahmed Ben Bella": DZAOPP)."""
        view = self.view
        for t, norm in enumerate(view.norms):
            if norm not in SUPPORTER_NOUNS or self.unit_at[t] is not None:
                continue
            for p in self.doc[t].children:
                if p.dep_ != "prep" or p.lower_ != "of":
                    continue
                for o in p.children:
                    person = self._reading_at(o.i) if o.dep_ == "pobj" else None
                    if (
                        person is None
                        or person.kind != "person"
                        or person.title is not FORMER_AGENT
                    ):
                        continue
                    country = person.country or split_code(person.code)[0]
                    if not country or country in TRANSNATIONAL_CODES:
                        continue
                    code = self._compose(country, OPPOSITION_AGENT)
                    self._add(
                        (t, t + 1, view.idx[t], view.idx[t] + len(view.texts[t])),
                        ("generic", code, self.doc[t].lemma_.casefold()),
                        f"supporters of {person.name}",
                        code,
                        "group",
                        "supporters",
                        t,
                        rank=1,
                    )

    @staticmethod
    def _org_body(code: str | None, agent: Agent) -> bool:
        """An organisation's code (not a state's alone) with an agent of another sector than
        its leadership: its forces, civilian staff, agencies, activists ("UN peacekeepers")."""
        if not code or "/" in code or not agent.code.startswith("~"):
            return False
        if len(code) <= 3 and code not in TRANSNATIONAL_CODES:
            return False
        sector = agent.code[1:4]
        segments = {code[i : i + 3] for i in range(0, len(code), 3)}
        # (workers and students are their country's: LAB, EDU, read next)
        return sector not in ("GOV", "IGO", "ELI", "LAB", "EDU", "") and sector not in segments

    # --- context countries -------------------------------------------------------------

    def _ethnic(self, start: int, h: int) -> bool:
        """A demonym naming an ethnic group rather than a state's nationals: "ethnic
        Albanians", or "Albanians of southern Serbia" (a place of another state after it)."""
        view = self.view
        if start > 0 and view.norms[start - 1] == "ethnic":
            return True
        place = self._country_after(h, ("in", "of"))
        return place is not None and place != self._adjective_country(view.norms[h])

    def assign_ethnic_countries(self) -> None:
        """An ethnic group is coded with the state it lives in, as CAMEO codes minorities
        ("ethnic Albanians in Serbia": SRBCVL): the place after it, else the nearest other
        state in its sentence; with none, its nationality stays."""
        view = self.view
        for reading, nationality in self.ethnic:
            country = self._country_after(reading.head, ("in", "of"))
            if country in (None, nationality):
                sentence = view.sent_id[reading.head]
                near = sorted(
                    (abs(r.head - reading.head), r.head > reading.head, r.country)
                    for r in self.readings
                    if r is not reading
                    and r.key[0] in ("code", "location", "people", "generic")
                    and r.explicit
                    and r.country
                    and r.country != nationality
                    and r.country not in TRANSNATIONAL_CODES
                    and r.country not in REGION_CODES
                    and view.sent_id[r.head] == sentence
                    and (r, nationality) not in self.ethnic
                )
                country = near[0][2] if near else None
            if country is None:
                continue
            agent = reading.agent or Agent("people", "~CVL")
            code = self._compose(country, agent)
            reading.code, reading.country = code, country
            if reading.key[0] == "people":
                reading.key = ("people", country, nationality)
            else:
                reading.key = ("generic", code, self.doc[reading.head].lemma_.casefold())

    def assign_context_countries(self) -> None:
        """Generic actors with no nationality of their own take the nearest country in their
        sentence, else the document's most mentioned one ("the technocrats" -> Russian)."""
        if not self.pending:
            return
        view = self.view
        by_sentence: dict[int, list[tuple[int, str]]] = {}
        counts: Counter[str] = Counter()
        regions: Counter[str] = Counter()
        named: Counter[str] = Counter()  # countries of named actors: the last resort
        for r in self.readings:
            if r.entry is not None and r.country and not r.entry.metonym:
                if r.country not in TRANSNATIONAL_CODES and r.country not in REGION_CODES:
                    named[r.country] += 1
            # States, places, governments and nationalities say where a text is; outlets
            # and companies do not ("protesters ..., an Associated Press journalist said"),
            # and a region only when no state is named ("rioters" near "the West").
            if r.key[0] not in ("code", "location", "people", "generic") or not r.country:
                continue
            if r.country in TRANSNATIONAL_CODES or not r.explicit:
                continue
            if r.country in REGION_CODES:
                regions[r.country] += 1
                continue
            counts[r.country] += 1
            by_sentence.setdefault(view.sent_id[r.head], []).append((r.head, r.country))
        for near in by_sentence.values():
            near.sort()
        # A region only when no state is named; the countries of named actors (UNITA's
        # Angola for "President Dos Santos") only when no place is named at all.
        counts = counts or regions or named
        salient = counts.most_common(1)[0][0] if counts else None
        pending, self.pending = self.pending, []
        for reading in pending:
            near = by_sentence.get(view.sent_id[reading.head], [])
            before = [hc for hc in near if hc[0] < reading.head]
            if before:  # the nearest country before it in the sentence, else after it
                country = before[-1][1]
            elif near:
                country = near[0][1]
            else:
                country = salient
            agent = reading.agent
            if country is None and reading.kind == "person":
                self.readings.append(reading)
            elif country is None:  # no country anywhere: the agent code alone ("~GOV")
                reading.code = agent.code
                reading.key = ("generic", agent.code, agent.phrase.casefold())
                self.readings.append(reading)
            else:
                self._code_generic(reading, agent, country, explicit=False)

    # --- places standing for their people ----------------------------------------------

    def code_attacked_places(self) -> None:
        """Towns and cities that are attacked, besieged, put under curfew or sent aid are
        coded as their country's civilians ({country}CVL), an actor apart from the place."""
        for r in self.readings:
            if r.same_as is not None or r.kind not in ("location", "organization"):
                continue
            if r.rule not in ("location", "capital", "ner:GPE"):
                continue
            t = r.head
            if not self._attacked(t):
                continue
            country = r.country or self._country_of_place_phrase(t)
            if not country or country in TRANSNATIONAL_CODES or country in REGION_CODES:
                continue
            name = self.text[r.start_char : r.end_char]
            code = compose_code(country, "~CVL")
            r.code, r.country, r.kind, r.rule = code, country, "group", "attacked place"
            r.key, r.name = ("civilians", code, name.casefold()), name

    def _place_noun(self, t: int) -> int:
        """The noun a place name is "of" ("the town of Gorazde" -> town), else the name."""
        view = self.view
        p = view.head[t]
        if view.dep[t] == "pobj" and view.norms[p] == "of" and p != t:
            g = view.head[p]
            if self.doc[g].lemma_.casefold() in PLACE_NOUNS:
                return g
        return t

    def _attacked(self, t: int) -> bool:
        view, doc = self.view, self.doc
        n = self._place_noun(t)
        for k in (n, t):
            if any(
                c.dep_ == "amod" and c.text.casefold() in ATTACKED_PARTICIPLES
                for c in doc[k].children
            ):
                return True  # "the besieged town of Gorazde"
        g = view.head[n]
        if view.dep[n] in ("dobj", "nsubjpass") and doc[g].lemma_.casefold() in ATTACK_VERBS:
            return True  # "blockade Paris", "shelled the capital Juba"
        if view.dep[n] != "pobj" or view.norms[g] not in ("in", "at", "on", "near", "inside"):
            return False
        w = view.head[g]
        if doc[w].lemma_.casefold() in ATTACKED_WORDS:
            return True  # "targets in Jericho", "blew themselves up in Tel Aviv"
        return any(
            c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.casefold() in ATTACKED_WORDS
            for c in doc[w].children
        )  # "imposed a curfew in Cizre", "street battles raged in central Baghdad"

    def _country_of_place_phrase(self, t: int) -> str | None:
        """The country of a place the knowledge base does not know, from its phrase: "the
        Bosnian town of Gorazde", "the town of Cizre in southeastern Turkey"."""
        doc = self.doc
        n = self._place_noun(t)
        for k in {n, t}:
            for c in doc[k].children:
                unit = self.unit_at[c.i]
                if c.dep_ in ("amod", "compound", "poss") and unit is not None:
                    if self._is_place(unit) and (country := self._country_of_unit(unit)):
                        return country
        w = self.view.head[self.view.head[n]]  # the word "in the town of Cizre" attaches to
        for k in (n, w):
            for p in doc[k].children:
                if p.dep_ != "prep" or p.lower_ != "in" or p.i <= t:
                    continue
                for o in p.children:
                    unit = self.unit_at[o.i]
                    if o.dep_ == "pobj" and unit is not None and "state" in unit.whats:
                        return self._country_of_unit(unit)
        return None

    # --- helpers ------------------------------------------------------------------------

    def _add(
        self,
        span: tuple[int, int, int, int],
        key: tuple,
        name: str,
        code: str | None,
        kind: str,
        rule: str,
        head: int,
        *,
        rank: int,
        entry: Entry | None = None,
        country: str | None = None,
    ) -> Reading:
        start, end, start_char, end_char = span
        reading = Reading(
            start,
            end,
            start_char,
            end_char,
            key=key,
            name=name,
            code=code,
            kind=kind,
            rule=rule,
            head=head,
            entry=entry,
            rank=rank,
            country=country or (split_code(code)[0] if code else None),
        )
        self.readings.append(reading)
        return reading

    def _location(
        self, span: tuple[int, int, int, int], head: int, name: str, country: str | None
    ) -> None:
        """A place as the scene of events: one actor per place name, coded with its country."""
        self._add(
            span, ("location", name.casefold()), name, country, "location", "location", head, rank=1
        )

    def _locative(self, head: int) -> bool:
        """The name is the object of a preposition of place ("in Moscow"), or a dateline
        ("MOSCOW (Reuters) -", "Washington, DC, United States: ...")."""
        view = self.view
        if self._dateline(head):
            return True
        if view.dep[head] != "pobj":
            return False
        prep = view.head[head]
        word = view.norms[prep]
        if word in ("in", "at") and self.doc[view.head[prep]].lemma_.casefold() in MISSION_NOUNS:
            return False  # "an embassy in Tehran": accredited to the government there
        if word in LOCATIVE_PREPS:
            return True
        return word == "from" and self.doc[view.head[prep]].lemma_ in MOTION_VERBS

    def _dateline(self, t: int) -> bool:
        view = self.view
        unit = self.unit_at[t]
        start, end = (unit.start, unit.end) if unit else (t, t + 1)
        if (
            start > 0
            and "\n" not in view.texts[start - 1]
            and "\n" not in self.text[view.idx[start] - 1 : view.idx[start]]
        ):
            return False
        if end >= len(view.norms):
            return False
        after = view.norms[end]
        if after in ("(", "—", "–", "-"):
            return True
        return after == "," and end + 1 < len(view.norms) and view.ent_label[end + 1] == "GPE"

    def _head_of(self, start: int, end: int) -> int:
        """The token of [start, end) whose head lies outside it (the last one if several)."""
        heads = self.view.head
        for t in range(end - 1, start - 1, -1):
            if not (start <= heads[t] < end) or heads[t] == t:
                return t
        return end - 1

    def _reading_at(self, token: int) -> Reading | None:
        for r in reversed(self.readings):
            if r.start <= token < r.end:
                return r
        return None

    def _country_of_unit(self, unit: Unit) -> str | None:
        if unit.country:
            return unit.country
        c = self._country_of_targets(unit.targets)
        if c:
            return c
        entry = self._entry(unit, person=False) if unit.targets else None
        if entry is None and unit.targets:
            entry = self._entry(unit, person=True)
        if entry is not None:
            code = entry.code_on(self.day)
            return split_code(code)[0] if code else entry.country
        return None

    def _country_of_targets(self, targets: tuple[Target, ...]) -> str | None:
        for t in targets:
            if t.what == "adjective":
                return self._adjective_country(t.key)
            if t.what in ("state", "capital", "city"):
                return self._place(t.key)
        return None

    def _place(self, key: str) -> str | None:
        """The country of a state, capital or city name on the document's date."""
        return self.kb.state_on(self.kb.places.get(key), self.day)

    def _adjective_country(self, key: str) -> str | None:
        return self.kb.state_on(self.kb.adjectives.get(key), self.day)

    def _agent(self, key: str) -> Agent | None:
        return self.kb.agents.get(key) or (LEADER_AGENT if key in LEADER_NOUNS else None)

    def _note_title(self, entry: Entry, country: str | None, agent: Agent | None) -> None:
        """A title written with a known person names the role the text speaks of: it codes
        them if they ever held a role with that code ("Anneliese Dodds, the UK development
        minister" a week after her resignation: GBRGOV, not her later GBRLEG; "Russian
        President Boris Yeltsin" in a text misdated 2000: RUSGOV), or if the knowledge base
        gives them no role on the day. The dates decide only where the text gives no title."""
        composed = self._compose(country or entry.country, agent)
        code = entry.code_on(self.day)
        if not composed or composed == code:
            return
        held = any(role.code == composed for role in entry.roles)
        if held or entry.role_on(self.day) is None or _bare_country(code):
            self.titled_codes[entry.id] = composed

    def _compose(self, country: str | None, agent: Agent | None) -> str | None:
        if agent is None:
            return country
        if country is None:
            return None if "~" in agent.code[:-1] else agent.code
        return compose_code(country, agent.code)

    def _country_name(self, code: str) -> str:
        state = self.kb.countries.get(code)
        return state.name if state else code

    def _proper_name(self, reading: Reading) -> bool:
        """A description written like a name ("Securities and Exchange Commission")."""
        view = self.view
        words = [t for t in range(reading.start, reading.end) if view.texts[t][:1].isalpha()]
        if words and view.sent_start[words[0]]:
            words = words[1:]  # "Protesters said": capitalised as the first word only
        return bool(words) and all(
            view.capitalised[t] or view.norms[t] in FUNCTION_WORDS for t in words
        )

    def _adjective(self, code: str) -> str:
        state = self.kb.countries.get(code)
        if state and state.adjectives:
            singular = [a for a in state.adjectives if not a.endswith("s")]
            adjective = (singular or state.adjectives)[0]
            if not adjective.endswith("er"):  # "Hong Konger" is a noun: "Hong Kong police"
                return adjective
        return self._country_name(code)

    def _state_kind(self, code: str) -> str:
        return "group" if code in REGION_CODES else "state"
