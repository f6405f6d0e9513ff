"""Actors coded with an analyst's own TABARI/PETRARCH dictionaries, which give codes but no
kinds: state names before titles, names written with underscores, agents composed with the
actors they attach to, and coordinated places sharing an agent. The dictionaries and
sentences are made up here (names of a fictional world, as the PETRARCH test suite uses)."""

from __future__ import annotations

import pytest

import realpolitik
from realpolitik.records import Actor, Document
from realpolitik.settings import Settings

ACTORS = """\
VALMAR  [VAL]
+ORONDIL
NUMENOR  [NUM]
TIRION  [TIR]
LOSSARNACH  [LOS]
ALQUALONDE  [ALQ]
THARBAD  [THA]
LORD_OF_BELFALAS_HAVENS [BEL]
LEAGUE_OF_WATCHERS [NGW]
HARLOND_GUILD [HARGLD]
PELARGIR_ALLIANCE [IGOPEL]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
MINISTER  [~GOV]
PRIME_MINISTER  [~GOV]
PRESIDENT [~GOV]
GOVERNMENT  [~GOV]
LAWMAKER  [~LEG]
OFFICIAL  [~GOV]
AMBASSADOR [~GOV]
MEDIA {} [~MED]
ISLAMIST  [~MUS]
POLICE {} [~COP]
DIPLOMAT  [~GOV]
RELIEF_CORPS {}  [NGO~]
HUMAN_RIGHTS_ACTIVIST  [~OPP]
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("dictionaries")
    actors, agents = folder / "world.actors.txt", folder / "world.agents.txt"
    actors.write_text(ACTORS, "utf-8")
    agents.write_text(AGENTS, "utf-8")
    return Settings().with_(actor_files=(str(actors), str(agents)), actor_defaults=False)


def analyze(text: str, settings: Settings) -> Document:
    return realpolitik.analyze(text, published="2001-05-01", settings=settings)


def codes(text: str, settings: Settings) -> dict[str, str | None]:
    """Mention text -> code of its actor."""
    return {m.text: a.code for a in analyze(text, settings).actors for m in a.mentions}


def actor_at(doc: Document, text: str) -> Actor:
    for a in doc.actors:
        if any(m.text == text for m in a.mentions):
            return a
    raise AssertionError(f"no mention {text!r} in {[a.name for a in doc.actors]}")


def test_a_states_name_before_a_title_is_the_state(settings: Settings) -> None:
    # The title's country codes the person, whatever country the dictionary lists him under.
    doc = analyze("Numenor's cautious minister Orondil warned Tirion.", settings)
    assert actor_at(doc, "Numenor").code == "NUM"
    assert actor_at(doc, "Numenor").kind == "state"
    assert actor_at(doc, "Orondil").code == "NUMGOV"
    found = codes("Lossarnach President Imrazor appealed for calm in Numenor.", settings)
    assert found["Lossarnach President Imrazor"] == "LOSGOV"
    found = codes("Valmar's first Deputy Prime Minister Orondil left for Tirion.", settings)
    assert found["Valmar's first Deputy Prime Minister Orondil"] == "VALGOV"
    assert (
        codes("Tharbad met a senior Numenor official.", settings)["senior Numenor official"]
        == "NUMGOV"
    )


def test_names_written_with_underscores_match(settings: Settings) -> None:
    found = codes("Tirion warned the Lord of Belfalas_Havens.", settings)
    assert found["Lord of Belfalas_Havens"] == "BEL"


def test_an_adjective_opening_the_sentence_is_not_part_of_a_state(settings: Settings) -> None:
    found = codes("Wicked Numenor and good Tirion welcomed the talks.", settings)
    assert found["Numenor"] == "NUM"
    assert "Wicked Numenor" not in found


def test_coordinated_places_share_the_agent(settings: Settings) -> None:
    found = codes("Lawmakers in Numenor and Tirion welcomed the accord.", settings)
    assert found["Lawmakers in Numenor"] == "NUMLEG"
    assert found["Tirion"] == "TIRLEG"
    found = codes("The ambassadors of Valmar, Tharbad and Tirion met.", settings)
    assert found["ambassadors"] == "VALGOV"
    assert found["Tharbad"] == "THAGOV"
    assert found["Tirion"] == "TIRGOV"


def test_coordinated_agent_nouns_share_modifiers(settings: Settings) -> None:
    found = codes("The Numenor Islamist media and government warned Tirion.", settings)
    assert found["Numenor Islamist media"] == "NUMMUSMED"
    assert found["government"] == "NUMMUSGOV"


def test_agents_compose_as_petrarch_does(settings: Settings) -> None:
    # An organisation-type agent (NGO~) around a state and a role: NGO + VAL + GOV.
    assert (
        codes("A Relief Corps Valmar diplomat met Tirion.", settings)[
            "Relief Corps Valmar diplomat"
        ]
        == "NGOVALGOV"
    )
    # An organisation's people of another sector than its leadership compose with it.
    found = codes("The human rights activists of the League of Watchers met Tirion.", settings)
    assert found["human rights activists"] == "NGWOPP"
    found = codes("Human rights activists of Harlond Guild met Tirion.", settings)
    assert found["Human rights activists"] == "HARGLDOPP"


def test_no_plural_where_the_dictionary_lists_none(settings: Settings) -> None:
    # POLICE {}: "polices" is not the police.
    found = codes("Tirion restored ties with Numenor's polices.", settings)
    assert found.get("Numenor") == "NUM"
    assert "NUMCOP" not in found.values()


def test_a_parenthesised_acronym_is_the_name_before_it(settings: Settings) -> None:
    doc = analyze("Tirion and the Pelargir Alliance (PA) agree on fishing rights.", settings)
    alliance = actor_at(doc, "PA")
    assert alliance.code == "IGOPEL"
    assert [m.text for m in alliance.mentions] == ["Pelargir Alliance", "PA"]
