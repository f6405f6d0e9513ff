"""Reading TABARI / PETRARCH actor and agent dictionaries as knowledge-base records.

The event-coding dictionaries of the field (Phoenix, the PETRARCH test suite, users' own) are
plain text, one phrase a line, words joined by `_` (a final `_` only marks a word end):

    VLADIMIR_PUTIN_              # a head phrase; `#` starts a comment
    +PRESIDENT_PUTIN_            # synonyms of the head
        [RUSELI 700101-990809]   # codes: dated (YYMMDD or YYYYMMDD) ...
        [RUSGOV >080508]         # ... from a date (`>`), or until one (`<`)
        [RUSELI]                 # undated: applies when no dated code does
    KREMLIN_ [RUSGOV]            # codes may follow the phrase on its line

A head with no code of its own shares the codes of the next block (as in PETRARCH), and
`[---]` is TABARI's null code ("recognised, not coded"), kept as the code `---`.

Agent dictionaries map role nouns to codes relative to the country in context
(`GOVERNMENT_SPOKES!PERSON! [~GOV]`, `HUMAN_RIGHTS_BODY [NGO~]`), with substitution sets
(`!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON`), explicit plurals (`LAWMAN {LAWMEN}`, `{}` for
none) and regular plurals, which PETRARCH forms itself and this reader adds as aliases.

`read_tabari(path)` yields records in the shape `kb.py` documents; a file is read as agents
when its codes are mostly `~` codes or it defines substitution sets. Lines it cannot use
(XML-ish `<...>` blocks, braces in actor files, codes without phrases, unreadable dates)
are skipped and counted in `report`, never fatal.
"""

from __future__ import annotations

import logging
import re
from calendar import monthrange
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .codes import REGION_CODES, TRANSNATIONAL_CODES, is_state_code
from .fields import KBError, normalise, parse_day, slug

log = logging.getLogger(__name__)

NULL_CODES = {"---", "+++", "###"}  # TABARI: recognise the phrase but code nothing

_BRACKET = re.compile(r"\[([^\[\]{}]*)(?:[\]}]|$)")  # also `[~ENV}` and an unclosed `[X`
_MARKER_DEF = re.compile(r"^!([A-Z0-9_]+)!\s*=\s*(.+)$", re.I)
_MARKER = re.compile(r"!([A-Z0-9_]+)!", re.I)
_ROLE = re.compile(
    r"""^(?P<code>[^\s<>]+)?\s*
        (?: (?P<op>[<>])\s*(?P<day>\d+)
          | (?P<start>\d+)\s*-\s*(?P<end>\d+)
          | (?P<bare>\d+) )?$""",
    re.X,
)
_TRAILING_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Za-z.&-]{2,6})\)$")

# Words that make a phrase an institution rather than a person's name.
_ORG_WORDS = set(
    """academy administration agency alliance army assembly association authority bank board
    brigade brigades bureau cabinet center centre chamber church coalition command commission
    committee company congress corporation council court department directorate embassy
    federation force forces foundation front fund government group guard guards house
    institute international junta kingdom league legislature liberation military ministry
    movement navy network news office organisation organization parliament party police
    presidency press radio regime republic secretariat senate service services society
    state states tribunal union university""".split()
)
# Kept in capitals when a phrase is turned into a display name.
_ACRONYMS = set(
    """AU EU UN US USA UK UAE NATO OPEC OECD OSCE IAEA UNICEF UNESCO UNHCR UNDP UNIFIL ASEAN
    ECOWAS OAS OIC ICC ICJ ICRC IMF WHO WTO WFP FAO ILO BBC CNN CIA FBI KGB FSB PLO PKK ANC
    SADC IGAD AMISOM MONUC MONUSCO UNAMID UNMIL""".split()
)
_NUMERALS = set("II III IV VI VII VIII IX XI XII XIII XIV XV XVI".split())
_TITLES = {"MR", "MRS", "MS", "DR", "ST", "JR", "SR"}
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la"}
_SMALL_WORDS |= {"le", "van", "von", "der", "den", "y", "e", "da", "do", "dos", "das", "bin"}
_SMALL_WORDS |= {"ibn", "el"}
_NOT_MAN_PLURALS = {"human", "german", "roman", "shaman", "ottoman", "talisman", "caiman"}
_PREPOSITIONS = {"of", "for", "to", "in", "at", "on", "with", "from", "against"}
_IRREGULAR_PLURALS = {"person": "people", "child": "children"}


@dataclass
class _Block:
    """One actor: a head phrase, its synonyms and its codes, as read."""

    phrase: str
    synonyms: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    comment: str = ""


def read_tabari(path: Path, report: Counter[str] | None = None) -> Iterator[dict[str, Any]]:
    """Records (kb.py's shape) from a TABARI/PETRARCH actor or agent dictionary.

    `report`, if given, counts what was read and what was skipped (and why).
    """
    path = Path(path)
    counts: Counter[str] = Counter() if report is None else report
    lines = _read_lines(path, counts)
    if is_agents_file(lines):
        records = list(_read_agents(lines, counts))
    else:
        group = "milnonstate" in path.name.lower()
        records = _read_actors(lines, counts, default_kind="group" if group else None)
    skipped = {k: v for k, v in counts.items() if k.startswith("skipped")}
    if skipped:
        log.info("%s: %d records; %s", path, len(records), skipped)
    yield from records


def is_agents_file(lines: list[str]) -> bool:
    """Agents define substitution sets or code mostly with `~` (`[~GOV]`, `[NGO~]`)."""
    tilde = plain = 0
    for line in lines:
        text = _strip_comment(line)[0].strip()
        if _MARKER_DEF.match(text):
            return True
        for code in _BRACKET.findall(text):
            if "~" in code:
                tilde += 1
            elif code.strip():
                plain += 1
    return tilde > plain


# --- reading ------------------------------------------------------------------------


def _read_lines(path: Path, counts: Counter[str]) -> list[str]:
    """The file's lines: UTF-8 where it is, else Windows-1252/Latin-1, line by line."""
    lines = []
    for raw in path.read_bytes().splitlines():
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            counts["lines not UTF-8"] += 1
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError:
                line = raw.decode("latin-1")
        if "Ã" in line or "Â" in line:  # UTF-8 read as Latin-1 somewhere upstream
            try:
                line = line.encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        lines.append(line)
    return lines


def _strip_comment(line: str) -> tuple[str, str]:
    """(text, comment): `#` starts a comment, and so does the old KEDS/TABARI `;`."""
    cut = min((i for i in (line.find("#"), line.find(";")) if i >= 0), default=-1)
    if cut < 0:
        return line, ""
    return line[:cut], line[cut + 1 :].strip()


def _content_lines(lines: list[str], counts: Counter[str]) -> Iterator[tuple[str, str]]:
    """(text, comment) of the lines that carry dictionary content."""
    in_xml_comment = False
    for line in lines:
        stripped = line.strip()
        if in_xml_comment:
            in_xml_comment = "-->" not in stripped
            continue
        if "---STOP---" in stripped:
            break
        if stripped.startswith("<"):  # <!-- ... --> comments and other XML-ish lines
            in_xml_comment = stripped.startswith("<!--") and "-->" not in stripped
            counts["skipped <...> lines"] += 1
            continue
        text, comment = _strip_comment(line)
        if text.strip():
            yield text, comment


def _read_actors(
    lines: list[str], counts: Counter[str], default_kind: str | None
) -> list[dict[str, Any]]:
    # A head with no code shares the codes of the next block that has some (PETRARCH).
    records: list[dict[str, Any]] = []
    by_slug: dict[str, list[dict[str, Any]]] = {}
    pending: list[_Block] = []
    for block in _read_blocks(lines, counts):
        if not block.roles:
            pending.append(block)
            continue
        for waiting in pending:
            waiting.roles = list(block.roles)
            counts["phrases sharing the next block's codes"] += 1
        for each in [*pending, block]:
            record = _actor_record(each, default_kind)
            if _merge_repeated(record, by_slug, counts):
                continue
            records.append(record)
        pending = []
    counts["skipped phrases without any code"] += len(pending)
    counts["actors"] += len(records)
    return records


def _read_blocks(lines: list[str], counts: Counter[str]) -> list[_Block]:
    """The actors of a dictionary as written: head phrases with their synonyms and codes."""
    blocks: list[_Block] = []
    for text, comment in _content_lines(lines, counts):
        stripped = text.strip()
        if stripped.startswith("{") or ("{" in stripped and "[" not in stripped):
            counts["skipped {...} lines"] += 1
            continue
        if stripped.startswith("+"):
            if not blocks:
                counts["skipped synonyms before any phrase"] += 1
                continue
            phrase = _phrase(stripped[1:].split("[")[0], counts)
            if phrase:
                blocks[-1].synonyms.append(phrase)
            blocks[-1].roles.extend(_roles(stripped, counts))
        elif stripped.startswith("["):
            if not blocks:
                counts["skipped codes before any phrase"] += 1
                continue
            blocks[-1].roles.extend(_roles(stripped, counts))
        else:
            phrase = _phrase(stripped.split("[")[0], counts)
            if not phrase:
                counts["skipped lines without a phrase"] += 1
                continue
            blocks.append(_Block(phrase, roles=_roles(stripped, counts), comment=comment))
    return blocks


def _merge_repeated(
    record: dict[str, Any], by_slug: dict[str, list[dict[str, Any]]], counts: Counter[str]
) -> bool:
    """Merge a record into an earlier one of the same actor (True), or index it as new (False:
    the same name with other codes is another actor, given a numbered id)."""
    key = slug(record["name"])
    same = by_slug.setdefault(key, [])
    twin = next((r for r in same if _same_actor(r, record)), None)
    if twin is not None:  # the phrase again: one actor with all its names and codes
        known = {normalise(n) for n in [twin["name"], *twin["aliases"]]}
        twin["aliases"] += [a for a in record["aliases"] if normalise(a) not in known]
        twin["roles"] += [r for r in record["roles"] if r not in twin["roles"]]
        if record["kind"] == "person":
            twin["kind"] = "person"
        counts["repeated phrases merged"] += 1
        return True
    if same:  # the same name with other codes: another actor, not an override
        record["id"] = f"{key}-{len(same) + 1}"
    same.append(record)
    return False


def _same_actor(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two records of one phrase denote one actor: the same codes, or a person's codes
    within the same country (a minister listed twice)."""
    if a["roles"] == b["roles"]:
        return True
    if "person" not in (a["kind"], b["kind"]):
        return False
    countries = {r["code"][:3] for r in a["roles"]}
    return bool(countries) and countries == {r["code"][:3] for r in b["roles"]}


def _actor_record(block: _Block, default_kind: str | None) -> dict[str, Any]:
    kind = _kind(block, default_kind)
    names: list[str] = []
    for phrase in [block.phrase, *block.synonyms]:
        match = _TRAILING_ACRONYM.match(phrase)
        forms = [match["name"], match["short"]] if match else [phrase]
        for form in forms:
            name = display_name(form, acronyms=kind in ("organization", "group", "media"))
            if name and normalise(name) not in {normalise(n) for n in names}:
                names.append(name)
    return {"name": names[0], "kind": kind, "aliases": names[1:], "roles": block.roles}


def _kind(block: _Block, default_kind: str | None) -> str:
    """person, media, state, location, organization (or the file's default, e.g. group)."""
    codes = [r["code"] for r in block.roles if r["code"] not in NULL_CODES]
    dated = [r for r in block.roles if r.get("start") or r.get("end")]
    if "countryinfo" in block.comment.lower():  # Phoenix: generated from leader lists
        if looks_like_person(block.phrase, min_words=1, max_words=10):
            return "person"
    official = any(r["code"][3:6] in ("GOV", "ELI") for r in dated)
    official |= any(r["code"][:3] in TRANSNATIONAL_CODES for r in dated)  # IGO officials
    if looks_like_person(block.phrase) and (official or any(c.endswith("ELI") for c in codes)):
        return "person"
    if default_kind:
        return default_kind
    if codes and all(c.endswith("MED") for c in codes):
        return "media"
    if codes and all(c in REGION_CODES for c in codes):
        return "location"
    if codes and all(is_state_code(c) for c in codes):
        return "state"
    return "organization"


def looks_like_person(phrase: str, min_words: int = 2, max_words: int = 6) -> bool:
    """A phrase shaped like a personal name: a few words, none an institution's."""
    words = [w.strip(".,'()-") for w in re.split(r"[\s_]+", phrase.lower())]
    words = [w for w in words if w]
    if not min_words <= len(words) <= max_words or any(ch.isdigit() for ch in phrase):
        return False
    return not any(w in _ORG_WORDS for w in words)


def _roles(text: str, counts: Counter[str]) -> list[dict[str, Any]]:
    roles = []
    for content in _BRACKET.findall(text):
        role = _role(content, counts)
        if role is not None:
            roles.append(role)
    if re.search(r"\[[^\]]*}", text) or (text.count("[") > text.count("]")):
        counts["repaired brackets"] += 1
    return roles


def _role(content: str, counts: Counter[str]) -> dict[str, Any] | None:
    """`RUSGOV >080508` -> {code, start}; None (counted) if it cannot be read."""
    match = _ROLE.match(content.strip())
    code = (match["code"] or "").upper() if match else ""
    if not match or not (code in NULL_CODES or re.fullmatch(r"[A-Z0-9~/]*[A-Z][A-Z0-9~/]*", code)):
        counts["skipped unreadable codes"] += 1
        return None
    role: dict[str, Any] = {"code": code}
    try:
        if match["op"] == "<":
            role["end"] = _day(match["day"], counts)
        elif match["op"] == ">":
            role["start"] = _day(match["day"], counts)
        elif match["start"]:
            start, end = _day(match["start"], counts), _day(match["end"], counts)
            if start > end and len(match["start"]) == 6:  # YY read as 20YY, meant 19YY
                start = start.replace(year=start.year - 100)
                counts["repaired dates"] += 1
            if start > end:
                counts["skipped codes ending before they start"] += 1
                return None
            role["start"], role["end"] = start, end
        elif match["bare"]:  # `[MNEGOV 20121204]`: a date with no sign reads as "from"
            role["start"] = _day(match["bare"], counts)
    except ValueError:  # KBError included
        counts["skipped codes with unreadable dates"] += 1
        return None
    for key in ("start", "end"):
        if key in role:
            role[key] = role[key].isoformat()
    return role


def _day(text: str, counts: Counter[str]) -> date:
    """A TABARI date; obvious slips are repaired: a day past the month's end, `19YYYYMMDD`."""
    if len(text) == 10 and text[:2] in ("19", "20"):
        text = text[2:]
        counts["repaired dates"] += 1
    if len(text) not in (6, 8):
        raise KBError(f"unreadable date {text!r}")
    try:
        return parse_day(text)  # type: ignore[return-value]
    except ValueError:
        first = parse_day(text[:-2] + "01")  # raises if the month is wrong too
        assert first is not None
        last = monthrange(first.year, first.month)[1]
        if int(text[-2:]) <= last:
            raise
        counts["repaired dates"] += 1
        return first.replace(day=last)


# --- agents ---------------------------------------------------------------------------


def _read_agents(lines: list[str], counts: Counter[str]) -> Iterator[dict[str, Any]]:
    markers: dict[str, list[str]] = {}
    for text, _comment in _content_lines(lines, counts):
        stripped = text.strip()
        definition = _MARKER_DEF.match(stripped)
        if definition:
            items = [i.strip() for i in definition[2].split(",") if i.strip()]
            markers[definition[1].upper()] = items
            continue
        codes = _BRACKET.findall(stripped)
        code = codes[0].strip().upper().replace(" ", "") if codes else ""
        if not code:
            counts["skipped agents without a code"] += 1
            continue
        if "]" not in stripped:
            counts["repaired brackets"] += 1
        head = stripped.split("[")[0]
        plurals: list[str] | None = None
        if "{" in head:
            if "}" not in head:
                counts["skipped unclosed {"] += 1
                continue
            plural = head[head.index("{") + 1 : head.index("}")]
            plurals = [plural] if plural.strip() else []
            head = head[: head.index("{")]
        if _MARKER.search(head):
            phrases = _expand_markers(head, markers, counts)
            plurals = []  # the set gives every form; PETRARCH forms no plurals here
        else:
            phrases = [head]
        forms = [p for p in (_phrase(p, counts).lower() for p in phrases) if p]
        if not forms:
            counts["skipped agents without a phrase"] += 1
            continue
        if plurals is None:
            plurals = [p for p in (plural_of(f) for f in forms) if p]
        else:
            plurals = [p for p in (_phrase(p, counts).lower() for p in plurals) if p]
        names = list(dict.fromkeys([*forms, *plurals]))
        counts["agents"] += 1
        # The plurals are all here (`{}`: none), so none is formed later ("polices").
        yield {"agent": names[0], "code": code, "aliases": names[1:], "plurals": False}


def _expand_markers(head: str, markers: dict[str, list[str]], counts: Counter[str]) -> list[str]:
    """`SPOKES!PERSON!` -> SPOKESMAN, SPOKESMEN, ... (every item of the set, in place)."""
    match = _MARKER.search(head)
    if match is None:
        return [head]
    items = markers.get(match[1].upper())
    if items is None:
        counts["skipped undefined substitution markers"] += 1
        return []
    out = []
    for item in items:
        out.extend(
            _expand_markers(head[: match.start()] + item + head[match.end() :], markers, counts)
        )
    return out


def plural_of(phrase: str) -> str | None:
    """The regular plural of a noun phrase ("foreign minister" -> "foreign ministers"; the
    noun before a preposition: "ministers of defence"). None if it already looks plural."""
    words = phrase.split(" ")
    after = [i for i, w in enumerate(words) if i > 0 and w in _PREPOSITIONS]
    at = after[0] - 1 if after else len(words) - 1
    word = words[at].lower()
    if not word or not word[-1].isalpha():
        return None
    if word in _IRREGULAR_PLURALS:
        plural = _IRREGULAR_PLURALS[word]
    elif word.endswith("man") and word not in _NOT_MAN_PLURALS:
        plural = word[:-3] + "men"
    elif word.endswith("is") and len(word) > 3:
        plural = word[:-2] + "es"
    elif word.endswith(("ss", "us", "x", "z", "ch", "sh")):
        plural = word + "es"
    elif word.endswith("s"):
        return None  # already plural ("officials", "troops")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        plural = word[:-1] + "ies"
    else:
        plural = word + "s"
    original = words[at]  # keep its case: Russian -> Russians, CONGRESS -> CONGRESSES
    if original.isupper():
        plural = plural.upper()
    else:
        same = next(
            (i for i, (a, b) in enumerate(zip(word, plural, strict=False)) if a != b), len(word)
        )
        plural = original[:same] + plural[same:]
    return " ".join([*words[:at], plural, *words[at + 1 :]])


# --- phrases and names ----------------------------------------------------------------


def _phrase(raw: str, counts: Counter[str]) -> str:
    """A dictionary phrase as words: `VLADIMIR_PUTIN_` -> `VLADIMIR PUTIN`."""
    if "\ufffd" in raw:  # a character lost before the file reached us
        counts["skipped phrases with lost characters"] += 1
        return ""
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip(" +")


def display_name(phrase: str, acronyms: bool = True) -> str:
    """A readable name for a dictionary phrase in capitals: `UN_SECRETARY_GENERAL` ->
    "UN Secretary General", `AL-QAEDA` -> "Al-Qaeda"; mixed-case phrases are kept.
    With `acronyms`, a short single word stays in capitals (IMF, NATO, UNDP)."""
    words = phrase.split()
    if acronyms and len(words) == 1 and len(phrase) <= 5 and phrase.isupper():
        return phrase
    return " ".join(_display_word(w, first=(i == 0)) for i, w in enumerate(words))


def _display_word(word: str, first: bool) -> str:
    if any(c.islower() for c in word):
        return word
    bare = word.rstrip(".,")
    letters = "".join(c for c in word if c.isalpha())
    if not letters or bare in _ACRONYMS or (not first and bare in _NUMERALS):
        return word
    if bare in _TITLES:
        return word.capitalize()
    if "." in word and all(len(p) <= 1 for p in word.split(".")):
        return word  # initials: U.N., K., V.
    if not re.search(r"[AEIOUY]", letters):
        return word  # NGO, UNSC, FSB
    lower = word.lower()
    if not first and lower in _SMALL_WORDS:
        return lower
    return "-".join(_capitalise(part) for part in lower.split("-"))


def _capitalise(part: str) -> str:
    if "'" in part:
        head, _, tail = part.partition("'")
        if len(head) == 1:  # o'brien, d'ivoire
            return head.upper() + "'" + _capitalise(tail)
        return _capitalise(head) + "'" + tail  # children's
    if part.startswith("mc") and len(part) > 3:
        return "Mc" + part[2:].capitalize()
    return part.capitalize()
