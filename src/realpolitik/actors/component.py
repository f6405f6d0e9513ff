"""The actor component: every person, organisation, state, faction and outlet in a document,
resolved to a coded identity (CAMEO) as it was on the article's date.

A document is read in steps, each cheap (one pass over the tokens, then passes over the few
names found), each in a module of its own:

1. names (`units.py`): every knowledge-base name, longest match first, cased like a name
   (`matcher.py`), merged with the statistical NER; entities the knowledge base does not know
   stay as uncoded actors when they look like actors (PERSON, ORG, GPE, NORP);
2. persons with their titles (`persons.py`): "Ukrainian President Volodymyr Zelensky";
3. agent phrases (`phrases.py`): "a popular Russian tabloid" (RUSMED), "US and British
   forces" (USAMIL, GBRMIL), "rebels in the Ivory Coast" (CIVREB);
4. the other names (`named.py`, `groups.py`): metonyms ("the Kremlin"), organisations,
   states, capitals as governments or as places (`places.py`), nationals ("Russians":
   RUSCVL), peoples and ethnic groups;
5. what needs every name read first: the members of organisations, supporters of former
   leaders, acronyms, the states ethnic groups live in, the country in context of generic
   actors (`generic.py`: "the technocrats" in an article on Russia: RUSELI) and the towns
   that stand for their attacked people;
6. linking (`linking.py`): surnames, leader nouns ("the Russian leader"), definite titles
   ("the spokesman") and subject pronouns join their actors; one `Actor` per real-world
   actor, numbered in order of first mention.

The knowledge base (`kb.py`), its compiled matcher and the word lists (`words.py`) are loaded
once per pipeline (`Tables`); what is learnt of one document lives in its `DocState`.
The date roles are read on is `doc._.reference_date`, which `pipeline.py` sets before the
components run (today if unset).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Actor
from .fields import normalise
from .generic import assign_context_countries
from .groups import assign_ethnic_countries, read_members, read_supporters
from .kb import ActorKB, load_kb
from .linking import build_actors, link_mentions
from .matcher import DocView, NameMatcher, compile_matcher
from .named import read_acronyms, read_other
from .persons import is_person, persons_named_in_full, read_person, surnames_named_in_full
from .phrases import read_agent_phrase
from .places import code_attacked_places
from .state import DocState, Tables
from .units import agent_like, find_units
from .words import Words, load_words

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


@Language.factory(
    "realpolitik_actors",
    assigns=["doc._.actors"],
    requires=[
        "doc.ents",
        "token.ent_type",
        "token.tag",
        "token.pos",
        "token.dep",
        "token.head",
        "token.is_sent_start",
        "token.lemma",
    ],
    default_config={"actor_files": [], "actor_defaults": True},
)
def make_actor_component(
    nlp: Language, name: str, actor_files: list[str], actor_defaults: bool
) -> ActorComponent:
    kb = load_kb(tuple(str(p) for p in actor_files), actor_defaults)
    return ActorComponent(build_tables(kb, nlp))


class ActorComponent:
    """Sets `doc._.actors`: the document's actors, coded on `doc._.reference_date`."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.token_cache: dict[int, tuple[str, str, bool, bool]] = {}  # across documents

    def __call__(self, doc: Doc) -> Doc:
        day = getattr(doc._, "reference_date", None) or date.today()
        view = DocView.read(doc, self.token_cache)
        doc._.actors = resolve(DocState(self.tables, doc, view, day))
        return doc


def resolve(state: DocState) -> list[Actor]:
    """The actors of one document, read in the steps the module's docstring lists."""
    find_units(state)
    state.persons_named = persons_named_in_full(state)
    state.surnames_named = surnames_named_in_full(state)
    for unit in state.units:
        if not unit.used and is_person(state, unit):
            read_person(state, unit)
    for unit in state.units:
        if not unit.used and agent_like(state, unit):
            read_agent_phrase(state, unit)
    for unit in state.units:
        if not unit.used:
            read_other(state, unit)
    read_members(state)
    read_supporters(state)
    read_acronyms(state)
    assign_ethnic_countries(state)
    assign_context_countries(state)
    code_attacked_places(state)
    for r in state.readings:  # a title in the text says which of a person's roles is meant
        if r.entry is not None and r.entry.id in state.titled_codes and r.kind == "person":
            r.code = state.titled_codes[r.entry.id]
    link_mentions(state.readings, state.view, state.day, state.words)
    return build_actors(state.readings, state.text)


# --- built once per pipeline -------------------------------------------------------------

_COMPILED: dict[int, tuple[ActorKB, NameMatcher, dict[str, Counter[str]]]] = {}


def build_tables(kb: ActorKB, nlp: Language) -> Tables:
    """What the component reads with. The matcher and the surname index are compiled once
    per knowledge base and process (knowledge bases are cached too: `load_kb`)."""
    words = load_words()
    compiled = _COMPILED.get(id(kb))
    if compiled is None or compiled[0] is not kb:
        compiled = (kb, _compile(kb, nlp, words), _surname_countries(kb))
        _COMPILED[id(kb)] = compiled
    return Tables(kb, compiled[1], words, english_adjectives(nlp), compiled[2])


def _compile(kb: ActorKB, nlp: Language, words: Words) -> NameMatcher:
    """The matcher of every knowledge-base name, tokenized as the pipeline tokenizes text."""

    def tokenize(names: list[str]) -> list[list[str]]:
        return [[t.text for t in doc] for doc in nlp.tokenizer.pipe(names)]

    matcher = compile_matcher(kb, tokenize)
    for noun in words.leader_nouns:  # leader nouns are agents even if the KB lacks them
        if noun not in kb.agents:
            matcher.add(noun.split(), "agent", noun)
    return matcher


def _surname_countries(kb: ActorKB) -> dict[str, Counter[str]]:
    """Surname -> countries of the person entries bearing it (how many)."""
    index: dict[str, Counter[str]] = {}
    for entry in kb.entries.values():
        words = entry.name.split()
        if entry.kind == "person" and len(words) > 1 and entry.country:
            index.setdefault(normalise(words[-1]), Counter())[entry.country] += 1
    return index


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
