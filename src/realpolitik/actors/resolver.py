"""The actor component: groups the named entities of a document into actors.

For now an actor is a group of NER mentions (PERSON, ORG, GPE, NORP) naming the same
thing: the same normalised name, or a surname that matches a full name mentioned in the
same document ("Trump" -> "Donald Trump"). The knowledge-base resolver (codes, dated roles,
metonyms) plugs in here and keeps this contract: `doc._.actors` is a list of `Actor`.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Actor, Mention

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "location", "NORP": "group"}
_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


def normalise_name(text: str) -> str:
    """Key under which mentions of one name are grouped: no 'the', no possessive, casefolded."""
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip()))
    return re.sub(r"\s+", " ", name).casefold()


def display_name(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).strip()


def group_entities(doc: Doc, labels: tuple[str, ...] = ACTOR_LABELS) -> list[Actor]:
    """One Actor per distinct name, surnames joined to the full name they abbreviate.

    Mentions of one name are grouped whatever label NER gave each (the small model calls
    "Trump" PERSON in one sentence and ORG in the next); the actor's kind is the label most
    of its mentions carry.
    """
    groups: dict[str, list[Mention]] = {}
    text = doc.text  # built anew on every access: read it once
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        key = normalise_name(ent.text)
        if not key:
            continue
        # Trim a trailing possessive from the evidence span too: "Trump’s" -> "Trump".
        end_char = ent.end_char
        m = _POSSESSIVE.search(ent.text)
        if m and m.start() > 0:
            end_char = ent.start_char + m.start()
        groups.setdefault(key, []).append(
            Mention(ent.start_char, end_char, text[ent.start_char : end_char], ent.label_)
        )

    # Surname linking: a one-word name joins the single multi-word person name ending in it.
    full_names: dict[str, list[str]] = {}
    for key, mentions in groups.items():
        if " " in key and _label_of(mentions) == "PERSON":
            full_names.setdefault(key.rsplit(" ", 1)[1], []).append(key)
    for key in list(groups):
        if " " not in key and len(full_names.get(key, [])) == 1:
            groups[full_names[key][0]].extend(groups.pop(key))

    actors = []
    ordered = sorted(groups.values(), key=lambda ms: min(m.start for m in ms))
    for n, mentions in enumerate(ordered, 1):
        mentions.sort(key=lambda m: m.start)
        name = max((display_name(m.text) for m in mentions), key=len)
        kind = KIND_OF_LABEL[_label_of(mentions)]
        actors.append(Actor(id=f"a{n}", name=name, kind=kind, mentions=mentions))
    return actors


def _label_of(mentions: list[Mention]) -> str:
    """The label most mentions carry (ties: the first mention's)."""
    counts = Counter(m.label for m in mentions)
    return max(counts, key=lambda label: (counts[label], label == mentions[0].label))


@Language.factory(
    "realpolitik_actors",
    assigns=["doc._.actors"],
    requires=["doc.ents"],
    default_config={"actor_files": [], "actor_defaults": True},
)
def make_actor_component(
    nlp: Language, name: str, actor_files: list[str], actor_defaults: bool
) -> ActorComponent:
    return ActorComponent()


class ActorComponent:
    """Sets `doc._.actors` from the document's named entities."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = group_entities(doc)
        return doc
