"""Actors across documents: every document actor resolves to one corpus entity with a stable id.

Within a document the resolver has already joined "Trump", "Donald J. Trump", "he" and "the
Republican nominee" into one actor; across documents this stage joins the actors:

- an actor with a Wikidata QID is the entity of that QID (`Q22686`);
- a state is the entity of its country code (`USA`, `RUS`): "America", "the U.S." alike;
- a person is keyed by the normalised full name (`person:bernie sanders`): case, accents,
  periods, middle initials ("Donald J. Trump") and titles ("Sen.", "Mr.") do not count, and a
  name the corpus also knows with a QID is that QID's entity;
- a surname alone ("Cruz", in a document that never gives the full name) is the corpus's most
  mentioned person of that surname ("Clinton" is Hillary Clinton in a 2016 store);
- a group or organisation listed in `data/corpus/entities.yaml` (or a user's file in
  REALPOLITIK_ENTITIES) is that entry's entity: "Republicans", "the GOP" and "Republican
  Party" are the Republican Party (`Q29468`);
- anything else (groups, organisations, outlets, places) is keyed by its normalised name
  within its code (`USAGOV:white house`, `-:tea party` for an uncoded one), plurals folded.

The entity's dated roles are the codes its actors carry in each document, with their dates
(view `corpus_entity_roles`): Trump is `USAELI` in 2016 and `USAGOV` in 2017.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TITLES = frozenset(
    "mr mrs ms miss dr sen senator rep representative gov governor president vice "
    "secretary gen general former sir lord prime minister chancellor speaker rev "
    "candidate nominee presidential businessman".split()
)
_PUNCT = re.compile(r"[^\w\s-]")
_ACRONYM = re.compile(r"\b(?:\w\.){2,}")
_SPACE = re.compile(r"[\s-]+")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """'Sen. Ted  Cruz' -> 'ted cruz'; 'Donald J. Trump' -> 'donald trump'; 'O’Malley' ->
    'omalley'. Case, accents, punctuation, middle initials and leading titles are dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "").replace("'", "")
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)  # G.O.P. -> gop
    if text.endswith(" s") or text.endswith("s’"):
        text = text[:-2]
    words = _SPACE.split(_PUNCT.sub(" ", text).strip())
    words = [w for w in words if w]
    while len(words) > 1 and (words[0] in TITLES or words[0] == "the"):
        words = words[1:]
    if len(words) > 2:  # middle initials: "donald j trump"
        words = [words[0], *[w for w in words[1:-1] if len(w) > 1], words[-1]]
    return " ".join(words)


def _fold_plural(norm: str) -> str:
    head, _, last = norm.rpartition(" ")
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


@dataclass(frozen=True)
class ActorRow:
    """One document actor, as the corpus layer reads it from the `actors` table."""

    doc_id: str
    actor_id: str
    name: str
    code: str | None
    country: str | None
    kind: str | None
    wikidata: str | None
    mentions: int = 1


@dataclass(frozen=True)
class KnownEntity:
    """An entry of data/corpus/entities.yaml (or a user's file): names that are one entity."""

    id: str
    name: str
    kind: str | None = None
    country: str | None = None


def load_known_entities(files: tuple[str, ...] = ()) -> dict[str, KnownEntity]:
    """Alias key (normalised, plural folded) -> entity, from the shipped file, then `files`
    (and REALPOLITIK_ENTITIES), later files winning. A bad file raises ValueError naming it."""
    import os
    from importlib import resources

    import yaml

    shipped = resources.files("realpolitik") / "data" / "corpus" / "entities.yaml"
    extra = tuple(p for p in os.environ.get("REALPOLITIK_ENTITIES", "").split(":") if p)
    found: dict[str, KnownEntity] = {}
    for source in (shipped, *extra, *files):
        try:
            path = Path(source) if isinstance(source, str) else source
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            for e in entries:
                known = KnownEntity(str(e["id"]), str(e["name"]), e.get("kind"), e.get("country"))
                for alias in [e["name"], *(e.get("aliases") or ())]:
                    found[_fold_plural(normalize_name(str(alias)))] = known
        except KeyError as exc:
            raise ValueError(
                f"corpus entity file {source}: an entry lacks {exc}; each needs id and name"
            ) from exc
        except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError) as exc:
            what = " ".join(str(exc).split())
            raise ValueError(f"corpus entity file {source}: {what}") from exc
    return found


class EntityIndex:
    """What the corpus already knows: person names -> entity, surnames -> their persons.

    Built from the stored links (`from_rows`) and extended as new actors are resolved, so an
    incremental build resolves a new article exactly as a rebuild would, given the same names.
    """

    def __init__(self, known: dict[str, KnownEntity] | None = None) -> None:
        self.by_person: dict[str, str] = {}  # normalised full name -> entity id
        self.by_surname: dict[str, Counter[str]] = defaultdict(Counter)
        self.known = known if known is not None else {}

    def learn(self, rows: Iterable[tuple[str, str | None, str, int]]) -> None:
        """(name, kind, entity_id, weight) of actors already linked."""
        for name, kind, entity_id, weight in rows:
            if kind != "person":
                continue
            norm = normalize_name(name)
            if not norm:
                continue
            if " " in norm:
                self.by_person.setdefault(norm, entity_id)
                self.by_surname[norm.rsplit(" ", 1)[1]][entity_id] += weight
            elif entity_id.startswith("Q"):
                self.by_person.setdefault(norm, entity_id)

    def resolve(self, actor: ActorRow) -> str:
        """The entity id of one document actor."""
        norm = normalize_name(actor.name or "")
        if actor.wikidata:
            return actor.wikidata
        if actor.kind != "person" and (known := self.known.get(_fold_plural(norm))):
            return known.id
        if actor.kind == "state" and actor.code:
            return actor.code[:3]
        if actor.kind == "person" and norm:
            if norm in self.by_person:
                return self.by_person[norm]
            if " " not in norm and (found := self.by_surname.get(norm)):
                return found.most_common(1)[0][0]
            return f"person:{norm}"
        return f"{actor.code or '-'}:{_fold_plural(norm) or (actor.name or '?').casefold()}"

    def resolve_all(self, actors: list[ActorRow]) -> list[str]:
        """Entity ids of a batch: full names and QIDs first, so a surname alone in the batch
        finds a full name that arrives in the same batch."""
        self.learn(
            (a.name, a.kind, a.wikidata, a.mentions)
            for a in actors
            if a.wikidata and a.kind == "person"
        )
        full = [a for a in actors if a.kind == "person" and " " in normalize_name(a.name or "")]
        self.learn((a.name, a.kind, self.resolve(a), a.mentions) for a in full)
        return [self.resolve(a) for a in actors]


def entity_rows(
    links: Iterable[tuple[str, str, str | None, str | None, str | None, int]],
    known: dict[str, KnownEntity] | None = None,
):
    """Entity table rows from (entity_id, name, kind, wikidata, country, weight) of its actors:
    the most used full name, kind and country of each entity (a listed entity's own)."""
    listed = {k.id: k for k in (known or {}).values()}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    qids: dict[str, str] = {}
    for entity_id, name, kind, wikidata, country, weight in links:
        # a full name beats a surname however often the surname is used alone
        words = (name or "").strip().split()
        titled = bool(words) and words[0].casefold().rstrip(".") in TITLES
        names[entity_id][name] += weight * (10 if len(words) > 1 else 1) * (0.3 if titled else 1)
        kinds[entity_id][kind or ""] += weight
        if country:
            countries[entity_id][country] += weight
        if wikidata:
            qids[entity_id] = wikidata
    for entity_id, counter in names.items():
        if entity_id in listed:
            k = listed[entity_id]
            qid = k.id if k.id[:1] == "Q" and k.id[1:].isdigit() else None
            yield {
                "entity_id": k.id,
                "name": k.name,
                "kind": k.kind,
                "wikidata": qid,
                "country": k.country,
            }
            continue
        yield {
            "entity_id": entity_id,
            "name": _untitled(counter.most_common(1)[0][0]) or entity_id,
            "kind": kinds[entity_id].most_common(1)[0][0] or None,
            "wikidata": qids.get(entity_id),
            "country": countries[entity_id].most_common(1)[0][0] if countries[entity_id] else None,
        }


def _untitled(name: str | None) -> str | None:
    """'Sen. Ted Cruz' -> 'Ted Cruz': a display name without a leading title."""
    words = (name or "").split()
    if len(words) > 2 and words[0].casefold().rstrip(".") in TITLES:
        return " ".join(words[1:])
    return name
