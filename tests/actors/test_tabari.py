"""Reading TABARI / PETRARCH dictionaries: actors with dated codes, agents with plurals and
substitution sets, and the odd lines real dictionaries contain."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from realpolitik.actors.kb import ActorKB
from realpolitik.actors.tabari import display_name, is_agents_file, plural_of, read_tabari

ACTORS = """\
# A test dictionary    (comments start with #)
<!-- an XML-ish comment
# that runs over
     several lines -->
VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
+PRESIDENT_PUTIN_   # a trailing comment
\t[RUSELI 700101-990809]
\t[RUSGOV 19991231 - 20080507]
\t[RUSGOV >080508]
\t[RUSELI]
KREMLIN_ [RUSGOV]
UN_ [IGOUNO]   [---]
U.N._
UN_SECRETARY_GENERAL
+UNSG
\t[IGOUNO]
ZIMBABWE
\t[RHO <790606]
\t[ZBW] # after independence
{ADMIN_BLOCK}
ENT
\t[ENT]
GONE_
\t[XXXGOV 2004017-20061201]
\t[XXXGOV 20060431-20070101]
\t[YYYGOV 1920030320-20060520]
ORPHAN_WITHOUT_CODE
"""

AGENTS = """\
<!-- agents -->
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES

SPOKES!PERSON! [~GOV] # substitution set: no plurals formed
!MINIST!_OF_SILLY_WALKS [~GOV]
PARTY [~PTY]
CONGRESS [~LEG]
FOREIGN_MINISTER [~GOVFRM]
MINISTER_OF_DEFENCE [~GOVMIL]
POLICE {} [ ~COP]
LAWMAN {LAWMEN} [~COP]
HUMAN_RIGHTS_BODY  [NGO~]
SECURITY_OFFICIALS [~GOV]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def by_name(records: list[dict]) -> dict[str, dict]:
    return {r["name"].casefold(): r for r in records}


def test_actor_phrases_synonyms_and_dated_codes(tmp_path):
    report: Counter[str] = Counter()
    records = by_name(read_tabari(write(tmp_path, "test.actors.txt", ACTORS), report))
    putin = records["vladimir putin"]
    assert putin["kind"] == "person"
    assert putin["aliases"] == ["Putin", "President Putin"]  # `_` ends a word; comments gone
    assert putin["roles"] == [
        {"code": "RUSELI", "start": "1970-01-01", "end": "1999-08-09"},
        {"code": "RUSGOV", "start": "1999-12-31", "end": "2008-05-07"},  # 8-digit, spaced
        {"code": "RUSGOV", "start": "2008-05-08"},  # `>`: from
        {"code": "RUSELI"},  # undated: the fallback
    ]
    assert records["zimbabwe"]["roles"] == [{"code": "RHO", "end": "1979-06-06"}, {"code": "ZBW"}]
    assert records["zimbabwe"]["kind"] == "state"
    assert records["kremlin"]["roles"] == [{"code": "RUSGOV"}]  # a code on the phrase's line
    assert records["un"]["roles"] == [{"code": "IGOUNO"}, {"code": "---"}]  # two on one line
    assert records["ent"]["roles"] == [{"code": "ENT"}]  # the code on the next line


def test_a_phrase_without_codes_shares_the_next_block(tmp_path):
    records = by_name(read_tabari(write(tmp_path, "test.actors.txt", ACTORS)))
    assert records["u.n."]["roles"] == [{"code": "IGOUNO"}]  # as PETRARCH reads it
    assert records["un secretary general"]["aliases"] == ["UNSG"]
    assert "orphan without code" not in records  # nothing follows: no code at all


def test_odd_lines_and_dates_are_skipped_or_repaired_and_counted(tmp_path):
    report: Counter[str] = Counter()
    records = by_name(read_tabari(write(tmp_path, "test.actors.txt", ACTORS), report))
    assert records["gone"]["roles"] == [
        {"code": "XXXGOV", "start": "2006-04-30", "end": "2007-01-01"},  # April 31st
        {"code": "YYYGOV", "start": "2003-03-20", "end": "2006-05-20"},  # 19+YYYYMMDD
    ]
    assert report["skipped codes with unreadable dates"] == 1  # 7 digits
    assert report["repaired dates"] == 2
    assert report["skipped {...} lines"] == 1
    assert report["skipped <...> lines"] == 1
    assert report["skipped phrases without any code"] == 1
    assert report["actors"] == len(records)


def test_six_digit_years_before_1930_are_not_read_as_20xx(tmp_path):
    path = write(tmp_path, "old.txt", "OLD_LEADER_  # CountryInfo.txt\n\t[AFGELI 250101-331108]\n")
    [record] = read_tabari(path)
    assert record["roles"] == [{"code": "AFGELI", "start": "1925-01-01", "end": "1933-11-08"}]


def test_latin1_and_broken_bytes_do_not_stop_the_reader(tmp_path):
    raw = "JOS\xc9_MAR\xcdA_ [ESPGOV]\n+CAF\xc9\n".encode("latin-1") + b"BAD_\xff\xfe [XXX]\n"
    records = by_name(read_tabari(write(tmp_path, "latin1.txt", raw)))
    assert records["josé maría"]["roles"] == [{"code": "ESPGOV"}]
    assert [a.casefold() for a in records["josé maría"]["aliases"]] == ["café"]
    assert len(records) == 2


def test_milnonstate_files_hold_groups(tmp_path):
    path = write(tmp_path, "Phoenix.MilNonState.actors.txt", "ABU_SAYYAF_GROUP_ [IMGSEAMUSASF]\n")
    assert [r["kind"] for r in read_tabari(path)] == ["group"]


def test_agents_with_sets_plurals_and_odd_codes(tmp_path):
    report: Counter[str] = Counter()
    # the file name does not say "agents": the content does
    records = read_tabari(write(tmp_path, "roles.txt", AGENTS), report)
    agents = {r["agent"]: r for r in records}
    assert agents["spokesman"] == {
        "agent": "spokesman",
        "code": "~GOV",
        "aliases": ["spokesmen", "spokeswoman", "spokeswomen", "spokesperson"],
        "plurals": False,  # every plural is listed: the matcher forms none
    }
    assert agents["minister of silly walks"]["aliases"] == [
        "ministers of silly walks",
        "ministry of silly walks",
        "ministries of silly walks",
    ]
    assert agents["party"]["aliases"] == ["parties"]  # regular plurals, as PETRARCH forms them
    assert agents["congress"]["aliases"] == ["congresses"]
    assert agents["foreign minister"]["aliases"] == ["foreign ministers"]
    assert agents["minister of defence"]["aliases"] == ["ministers of defence"]
    assert agents["police"] == {  # {}: no plural at all ("polices" is no police)
        "agent": "police",
        "code": "~COP",
        "aliases": [],
        "plurals": False,
    }
    assert agents["lawman"]["aliases"] == ["lawmen"]  # {LAWMEN}: the plural given
    assert agents["human rights body"]["code"] == "NGO~"  # organisation before the country
    assert agents["security officials"]["aliases"] == []  # plural already
    assert agents["deparment of environment"]["code"] == "~ENV"  # `[~ENV}` repaired
    assert "islamic extremist" not in agents
    assert report["skipped agents without a code"] == 1
    assert report["repaired brackets"] == 1


def test_agents_files_are_told_by_their_content():
    assert is_agents_file(AGENTS.splitlines())
    assert not is_agents_file(ACTORS.splitlines())
    assert is_agents_file(["GOVERNMENT [~GOV]", "MINISTRY [~GOV]"])


@pytest.mark.parametrize(
    ("phrase", "plural"),
    [
        ("minister", "ministers"),
        ("secretary", "secretaries"),
        ("attorney", "attorneys"),
        ("congress", "congresses"),
        ("spokesman", "spokesmen"),
        ("human", "humans"),
        ("spokesman for the opposition", "spokesmen for the opposition"),
        ("troops", None),
        ("Russian", "Russians"),
        ("CONGRESS", "CONGRESSES"),
    ],
)
def test_plural_of(phrase, plural):
    assert plural_of(phrase) == plural


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("VLADIMIR PUTIN", "Vladimir Putin"),
        ("UN SECRETARY GENERAL", "UN Secretary General"),
        ("BASHAR AL-ASSAD", "Bashar Al-Assad"),
        ("MINISTRY OF THE INTERIOR", "Ministry of the Interior"),
        ("U.N. MONITOR", "U.N. Monitor"),
        ("NATO", "NATO"),
        ("UN Secy Gen", "UN Secy Gen"),
        ("SEAN O'BRIEN", "Sean O'Brien"),
        ("UNITED NATIONS CHILDREN'S FUND", "United Nations Children's Fund"),
        ("ELIZABETH II", "Elizabeth II"),
    ],
)
def test_display_name(phrase, name):
    assert display_name(phrase) == name


def test_petrarch_validation_dictionaries_load_as_they_are(shared_data):
    folder = shared_data / "eventdata" / "petrarch2"
    kb = ActorKB.load(
        [folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"], default=False
    )
    [gollum] = kb.entries_named("Smeagol")  # a synonym of GOLLUM
    assert gollum.name == "Gollum"
    assert gollum.code_on(date(1990, 1, 1)) == "HOB"  # [HOB < 950601]
    assert gollum.code_on(date(1997, 1, 1)) == "HOBGOV"  # [HOBGOV 19950601 - 19990815]
    assert gollum.code_on(date(2005, 1, 1)) == "HOBREB"  # [HOBREB > 990816]
    [sam] = kb.entries_named("Sam Gamgee")
    assert sam.code_on(date(2010, 1, 10)) == "ORCHOB"  # the narrower restriction wins
    assert sam.code_on(date(2011, 1, 10)) == "HOBMIL"
    assert sam.code_on(date(2020, 1, 1)) == "HOBELI"
    assert kb.best_entry("U.S.", date(2000, 1, 1)).code_on(date(2000, 1, 1)) == "USA"
    assert kb.best_entry("Interpol", date(2000, 1, 1)).code_on(date(2000, 1, 1)) == "IGOCOPITP"
    assert kb.best_entry("Zimbabwe", date(1975, 1, 1)).code_on(date(1975, 1, 1)) == "RHO"
    assert kb.best_entry("Zimbabwe", date(1985, 1, 1)).code_on(date(1985, 1, 1)) == "ZBW"
    assert kb.agent("congresswomen").code == "~LEG"  # CONGRESS!PERSON!
    assert kb.agent("ministries of silly walks").code == "~GOV"  # !MINST!_OF_SILLY_WALKS
    assert kb.agent("attorneys general").code == "~GOV"  # {ATTORNEYS_GENERAL}
    assert kb.agent("golden geese").code == "~GGS"
    assert kb.agent("human rights body").code == "NGO~"
    assert kb.agent("ambassadors").code == "~GOV"  # a regular plural


def test_universal_petrarch_dictionaries_load_as_they_are(shared_data):
    folder = shared_data / "eventdata" / "universal_petrarch"
    kb = ActorKB.load(
        [folder / "PETR_Validate_actors_2_02.txt", folder / "PETR_Validate_agents_2_02.txt"],
        default=False,
    )
    assert kb.best_entry("Putin", date(2014, 1, 1)).code_on(date(2014, 1, 1)) == "RUSGOV"
    assert kb.best_entry("Zurich", date(2014, 1, 1)).code_on(date(2014, 1, 1)) == "CHE"
    assert kb.agent("police").code == "~COP"


def test_phoenix_dictionaries_read_whole(shared_data):
    folder = shared_data / "actors" / "phoenix_petrarch2"
    report: Counter[str] = Counter()
    actors = list(read_tabari(folder / "Phoenix.Countries.actors.txt", report))
    assert len(actors) > 15_000
    assert sum(report[k] for k in report if k.startswith("skipped")) < 20
    agents = list(read_tabari(folder / "Phoenix.agents.txt"))
    assert all("agent" in a for a in agents) and len(agents) > 2000
