"""The actor resolver on real text, with the real spaCy model and the shipped knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

import realpolitik
from realpolitik.actors.component import build_tables
from realpolitik.pipeline import load_pipeline
from realpolitik.records import Actor, Document
from realpolitik.settings import Settings
from realpolitik.sources.text import read_text_file

# name -> (code, kind) of every actor of the example, dated 2025-03-07 (the op-ed's week).
EXAMPLE_ACTORS = {
    "Kremlin": ("RUSGOV", "organization"),
    "Donald Trump": ("USAGOV", "person"),
    "Vladimir Putin": ("RUSGOV", "person"),
    "Volodymyr Zelensky": ("UKRGOV", "person"),
    "Dmitry Peskov": ("RUSGOV", "person"),
    "JD Vance": ("USAGOV", "person"),
    "Anneliese Dodds": ("GBRGOV", "person"),
    "Tsargrad TV": ("RUSMED", "media"),
    "Russian media": ("RUSMED", "group"),
    "popular Russian tabloid": ("RUSMED", "group"),
    "Russian technocrats": ("RUSELI", "group"),
    "Russian nationalist voices": ("RUSELI", "group"),
    "Russian elite": ("RUSELI", "group"),
    "seasoned Russian analyst": ("RUSELI", "group"),
    "Russian commentators": ("RUSMED", "group"),
    "Russian foreign ministry official": ("RUSGOV", "group"),
    "new U.S. administration": ("USAGOV", "organization"),
    "the West": ("WST", "group"),
    "Europe": ("EUR", "group"),
    "Russia": ("RUS", "state"),
    "Russians": ("RUSCVL", "group"),
    "United States": ("USA", "state"),
    "United Kingdom": ("GBR", "state"),
    "Syria": ("SYR", "state"),
    "Moscow": ("RUS", "location"),
    "Oval Office": ("USA", "location"),
}


@pytest.fixture(scope="module")
def example(example_path: Path) -> Document:
    article = read_text_file(example_path, Settings())
    article.published = "2025-03-07"
    return next(realpolitik.analyze_many([article]))


def by_name(doc: Document) -> dict[str, Actor]:
    return {a.name: a for a in doc.actors}


def mention_texts(actor: Actor) -> list[str]:
    return [m.text for m in actor.mentions]


def actor_of(doc: Document, text: str) -> Actor:
    """The actor one of whose mentions is exactly `text`."""
    found = [a for a in doc.actors if text in mention_texts(a)]
    assert len(found) == 1, (text, [(a.name, mention_texts(a)) for a in doc.actors])
    return found[0]


def test_example_actor_table(example: Document) -> None:
    table = {a.name: (a.code, a.kind) for a in example.actors}
    assert table == EXAMPLE_ACTORS
    actors = by_name(example)
    trump = actors["Donald Trump"]
    assert trump.wikidata == "Q22686" and (trump.country, trump.sector) == ("USA", "GOV")
    assert len(trump.mentions) >= 11
    # A title joins its person; the leader noun joins the head of state on the date.
    assert "erratic U.S. President" in mention_texts(trump)
    assert "Russian leader" in mention_texts(actors["Vladimir Putin"])
    # Metonyms: the Kremlin, and Moscow as an actor ("a cautious approach from Moscow").
    assert mention_texts(actors["Kremlin"]).count("Moscow") == 1
    # "European nations" and "Western nations" are Europe and the West.
    assert "European nations" in mention_texts(actors["Europe"])
    assert "Western nations" in mention_texts(actors["the West"])


def test_example_has_no_false_actors(example: Document, example_path: Path) -> None:
    raw = realpolitik.analyze(example_path.read_text("utf-8"), published="2025-03-07")
    for doc in (example, raw):
        names = {a.name for a in doc.actors}
        texts = {m.text for a in doc.actors for m in a.mentions}
        assert not names & {"Trump", "Anneliese", "Trumpworld", "Putin", "Osprey"}
        assert not any("Dynamic" in t or "Trumpworld" in t for t in texts)
        persons = {a.name for a in doc.actors if a.kind == "person"}
        assert "Osprey" not in persons and "Osprey Publishing" not in persons
    # The raw file's title and bio: the same actors, the publisher a business, not a person.
    assert by_name(raw)["Osprey Publishing"].code == "GBRBUS"


def test_example_ids_offsets_and_first_mention_order(example: Document) -> None:
    text = example.text
    firsts = []
    for n, actor in enumerate(example.actors, 1):
        assert actor.id == f"a{n}"
        starts = [m.start for m in actor.mentions]
        assert starts == sorted(starts)
        firsts.append(starts[0])
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text and m.text.strip() == m.text
    assert firsts == sorted(firsts)


def test_example_compounds_and_links(example: Document) -> None:
    actors = by_name(example)
    # "Ukrainian President Volodymyr Zelensky": one actor, the person (the mention includes
    # the title); no Ukraine actor.
    zelensky = mention_texts(actors["Volodymyr Zelensky"])
    assert zelensky[0] == "Ukrainian President Volodymyr Zelensky" and zelensky[1] == "Zelensky"
    assert "presidential spokesperson Dmitry Peskov" in mention_texts(actors["Dmitry Peskov"])
    assert not [a for a in example.actors if a.code == "UKR"]
    # "Trump-Putin summit": each name joins its person; "U.S.-Russian alliance": both states.
    summit = example.text.index("Trump-Putin")
    assert summit in [m.start for m in actors["Donald Trump"].mentions]
    assert summit + 6 in [m.start for m in actors["Vladimir Putin"].mentions]
    alliance = example.text.index("U.S.-Russian")
    assert alliance in [m.start for m in actors["United States"].mentions]
    assert alliance + 5 in [m.start for m in actors["Russia"].mentions]
    # Pronouns in subject position: "He noted" is Peskov, "They warn" the nationalists.
    assert "He" in mention_texts(actors["Dmitry Peskov"])
    assert "They" in mention_texts(actors["Russian nationalist voices"])
    assert {"They", "they"} <= set(mention_texts(actors["Kremlin"]))
    # An appositive title: "Anneliese Dodds, the UK development minister".
    assert "development minister" in mention_texts(actors["Anneliese Dodds"])


def test_roles_follow_the_article_date() -> None:
    text = "Donald Trump spoke to Vladimir Putin. Later Trump called JD Vance."
    codes = {}
    for day in ("2016-03-01", "2018-07-16", "2022-05-01", "2025-03-07"):
        doc = realpolitik.analyze(text, published=day)
        codes[day] = {a.name: a.code for a in doc.actors}
    assert [codes[d]["Donald Trump"] for d in sorted(codes)] == [
        "USAELI",
        "USAGOV",
        "USAELI",
        "USAGOV",
    ]
    assert codes["2022-05-01"]["JD Vance"] != "USAGOV"
    assert codes["2025-03-07"]["JD Vance"] == "USAGOV"
    assert codes["2018-07-16"]["Vladimir Putin"] == "RUSGOV"


def test_undated_document_uses_today() -> None:
    doc = realpolitik.analyze("Donald Trump spoke to reporters.")
    assert doc.meta["reference_date_source"].startswith("today")
    assert by_name(doc)["Donald Trump"].code == "USAGOV"  # his second term, from 2025


def test_user_file_adds_and_overrides_actors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        """
- name: Ivan Petrovsky
  kind: person
  country: RUS
  aliases: [Petrovsky]
  roles:
    - {code: RUSGOVMIL, start: 2024-01-01, title: Deputy Defence Minister}
- name: Tsargrad TV
  kind: media
  country: RUS
  aliases: [Tsargrad]
  roles:
    - {code: RUSGOVMED, start: 2015-01-01, title: State-aligned channel}
""",
        "utf-8",
    )
    settings = Settings().with_(actor_files=(str(path),))
    text = "Ivan Petrovsky told Tsargrad TV that Petrovsky would not resign."
    doc = realpolitik.analyze(text, published="2025-03-07", settings=settings)
    actors = by_name(doc)
    assert actors["Ivan Petrovsky"].code == "RUSGOVMIL"
    assert mention_texts(actors["Ivan Petrovsky"]) == ["Ivan Petrovsky", "Petrovsky"]
    assert actors["Tsargrad TV"].code == "RUSGOVMED"
    # Without the file: the shipped entry, and an uncoded NER person at most.
    default = realpolitik.analyze(text, published="2025-03-07")
    assert by_name(default)["Tsargrad TV"].code == "RUSMED"
    assert by_name(default).get("Ivan Petrovsky", Actor("", "")).code is None


def test_compound_phrases() -> None:
    doc = realpolitik.analyze(
        "Russian police detained dozens of protesters in Saint Petersburg. "
        "Ukrainian President Volodymyr Zelensky condemned the arrests. "
        "A Kremlin spokesman said the detentions were lawful.",
        published="2024-06-01",
    )
    assert actor_of(doc, "Russian police").code == "RUSCOP"
    zelensky = actor_of(doc, "Ukrainian President Volodymyr Zelensky")
    assert zelensky.code == "UKRGOV" and zelensky.kind == "person"
    assert not [a for a in doc.actors if a.code == "UKR"]
    assert actor_of(doc, "Saint Petersburg").kind == "location"
    # An organisation's spokesman speaks for it: a mention of the Kremlin (RUSGOV).
    assert actor_of(doc, "Kremlin spokesman").code == "RUSGOV"


def test_capital_as_place_or_government() -> None:
    doc = realpolitik.analyze(
        "Officials met for talks in Beijing on Monday. Washington warned that the "
        "sanctions would stay. The reaction from Moscow was cautious.",
        published="2024-06-01",
    )
    beijing = actor_of(doc, "Beijing")
    assert (beijing.kind, beijing.code) == ("location", "CHN")
    assert actor_of(doc, "Washington").code == "USAGOV"
    assert actor_of(doc, "Moscow").code == "RUSGOV"


def test_leader_noun_and_definite_title() -> None:
    with_name = realpolitik.analyze(
        "Vladimir Putin hosted the talks. The Russian leader said little. "
        "Presidential spokesman Dmitry Peskov declined to comment. Later the spokesman "
        "called the talks useful.",
        published="2024-06-01",
    )
    putin, peskov = by_name(with_name)["Vladimir Putin"], by_name(with_name)["Dmitry Peskov"]
    assert "Russian leader" in mention_texts(putin)
    assert "spokesman" in mention_texts(peskov)
    alone = realpolitik.analyze("The Russian leader said little.", published="2024-06-01")
    assert actor_of(alone, "Russian leader").code == "RUSGOV"


def test_subject_pronouns_join_the_latest_subject() -> None:
    doc = realpolitik.analyze(
        "Dmitry Peskov spoke on Monday. He said the nationalists were angry. "
        "The hardliners in Moscow disagree. They want more.",
        published="2024-06-01",
    )
    assert mention_texts(by_name(doc)["Dmitry Peskov"]) == ["Dmitry Peskov", "He"]
    hardliners = actor_of(doc, "hardliners in Moscow")  # the place says whose they are
    assert "They" in mention_texts(hardliners)
    assert hardliners.code == "RUSELI"


def test_common_words_are_not_names() -> None:
    doc = realpolitik.analyze(
        "May I add that the bush was trimmed? Chase the ball. Let us go. We will see in May.",
        published="2024-06-01",
    )
    assert doc.actors == []
    us = realpolitik.analyze("The US and the UK signed a deal.", published="2024-06-01")
    assert {a.code for a in us.actors} == {"USA", "GBR"}


def test_matcher_is_compiled_once() -> None:
    # How fast it compiles is measured by benchmarks/throughput.py, not asserted here.
    nlp = load_pipeline(Settings())
    tables = nlp.get_pipe("realpolitik_actors").tables
    assert build_tables(tables.kb, nlp).matcher is tables.matcher
    assert len(tables.matcher) > 20_000


def codes_of(text: str, published: str = "2000-01-01") -> dict[str, str | None]:
    """Mention text -> code of its actor."""
    doc = realpolitik.analyze(text, published=published)
    return {m.text: a.code for a in doc.actors for m in a.mentions}


def test_nationals_are_civilians() -> None:
    codes = codes_of("British nationals and many Libyans left. Some 800,000 Iraqi Kurds fled.")
    assert codes["British nationals"] == "GBRCVL"
    assert codes["Libyans"] == "LBYCVL"
    assert codes["Iraqi Kurds"] == "IRQCVL"


def test_coordinated_nationalities_share_the_agent() -> None:
    codes = codes_of("French and Egyptian warships launched war games. Croat forces attacked.")
    assert codes["French"] == "FRAMIL"
    assert codes["Egyptian warships"] == "EGYMIL"
    assert codes["Croat forces"] == "HRVMIL"


def test_igo_bodies_and_ethnic_groups() -> None:
    codes = codes_of(
        "Rebels seized weapons from United Nations peacekeepers. "
        "Ethnic Albanians in south Serbia demand autonomy."
    )
    assert codes["United Nations peacekeepers"] == "IGOUNOMIL"
    assert codes["Albanians"] == "SRBCVL"


def test_titled_unknown_and_former_persons() -> None:
    codes = codes_of(
        "Judge Alejandro Rivera opened investigations against 28 Chilean officials. "
        "An Argentine judge ordered former president Carlos Menem to appear."
    )
    assert codes["Judge Alejandro Rivera"] == "CHLJUD"
    assert codes["former president Carlos Menem"] == "ARGELI"


def test_a_leaders_administration_is_the_government() -> None:
    codes = codes_of("The Bush administration declared that China must drop barriers.")
    assert codes["Bush administration"] == "USAGOV"


def test_attacked_places_stand_for_their_people() -> None:
    codes = codes_of(
        "Sudanese rebels shelled the southern regional capital Juba. "
        "The president imposed a curfew in Algiers. "
        "U.N. helicopters evacuated the wounded from the besieged Bosnian town of Gorazde. "
        "Israeli tanks fired at targets in Jericho. "
        "Authorities imposed a curfew in the town of Cizre in southeastern Turkey."
    )
    assert codes["Juba"] == "SDNCVL"  # in Sudan until South Sudan's independence (2011)
    assert codes["Algiers"] == "DZACVL"
    assert codes["Gorazde"] == "BIHCVL"
    assert codes["Jericho"] == "PSECVL"
    assert codes["Cizre"] == "TURCVL"


def test_places_of_events_stay_locations() -> None:
    codes = codes_of(
        "In Moscow, officials met. Talks in Algiers ended. Tehran denied it. "
        "Dockers held a strike in Marseille."
    )
    assert codes["Moscow"] == "RUS"
    assert codes["Marseille"] == "FRA"  # a labour strike hits no one
    assert codes["Algiers"] == "DZA"
    assert codes["Tehran"] == "IRNGOV"


def test_a_new_states_places_are_dated() -> None:
    assert codes_of("Rebels shelled Juba.", published="2015-01-01")["Juba"] == "SSDCVL"
    assert codes_of("Rebels shelled Juba.", published="2000-01-01")["Juba"] == "SDNCVL"


def test_agent_phrases_with_their_country_elsewhere() -> None:
    codes = codes_of(
        "The UN will feed refugees fleeing the civil war in Liberia. "
        "Guards tortured scores of Sierra Leonean and Liberian refugees. "
        "Iranian authorities pressured workers of the United Bus Company of Tehran. "
        "Hundreds of thousands of people blocked streets in Hong Kong. "
        "Albanians seized villages near Macedonia's border with Bulgaria."
    )
    assert codes["refugees"] == "LBRREF"
    assert codes["Sierra Leonean"] == "SLEREF"
    assert codes["Liberian refugees"] == "LBRREF"
    assert codes["workers"] == "IRNLAB"  # the company's workers, not the company
    assert codes["people"] == "HKGCVL"
    assert codes["villages near Macedonia"] == "MKDCVL"


def test_phrases_that_are_not_what_their_names_say() -> None:
    codes = codes_of(
        "A prominent anti-Syria journalist was killed in eastern Beirut. "
        "Nicaragua's Sandinista government ordered La Prensa closed. "
        "Radical French farmers said they would march. "
        "Turkey will allow 13,000 Turkish Kurd refugees to return."
    )
    assert codes["prominent anti-Syria journalist"] == "LBNMED"  # not Syrian
    assert codes["Sandinista government"] == "NICGOV"  # a government, in office or not
    assert codes["Radical French farmers"] == "FRAAGR"  # not an organisation "Radical French"
    assert codes["Turkish Kurd refugees"] == "TURREF"  # "Kurd" is no person


def test_unknown_peoples_live_in_the_state_near_them() -> None:
    codes = codes_of(
        "The Mozambique government accepted demands from Shona rebels. "
        "The Sri Lankan army held thousands of Tamil civilian refugees."
    )
    assert codes["Shona rebels"] == "MOZREB"
    assert "REF" in codes["Tamil civilian refugees"][3:]
    assert codes["Tamil civilian refugees"].startswith("LKA")


def test_members_that_are_not_their_organisation() -> None:
    codes = codes_of(
        "Turkish police stopped a march by students at Cumhuriyet University. "
        "Croatian authorities ignored refugees' rights, a human rights group said."
    )
    assert codes["students"] == "TUREDU"  # a university's students: the country's
    assert codes["human rights group"] == "NGOHRI"  # of no stated country: an NGO


def test_ethnic_groups_have_elites_not_governments() -> None:
    codes = codes_of(
        "Igbo leaders met Kachin politicians. Karen rebels attacked a Thai border post. "
        "The Hungarian minority in Slovakia protested."
    )
    assert codes["Igbo leaders"] == "NGAELI"  # an ethnic group's leaders are elites
    assert codes["Kachin politicians"] == "MMRELI"
    assert codes["Karen rebels"] == "MMRREB"  # its own state, not the Thai one nearby
    assert codes["Hungarian minority"] == "SVKCVL"  # a minority: the state it lives in


def test_an_ethnic_name_alone_is_not_its_state() -> None:
    codes = codes_of("Karen Bass said the Zulu were proud.")
    assert "NGA" not in codes.values() and "ZAF" not in codes.values()


def test_provinces_embassies_and_unknown_associations() -> None:
    codes = codes_of(
        "The government of Sindh province banned rallies. "
        "Chile opened an embassy in Ankara. "
        "The Global Water Forum and the Federation of African Journalists (FAJ) met."
    )
    assert codes["government"] == "PAKGOV"
    assert codes["Ankara"] == "TURGOV"  # an embassy is accredited to the host government
    assert codes["The Global Water Forum"] == "NGO"  # an association of no state: an NGO
    assert codes["the Federation of African Journalists"] == "NGOMED"
    assert codes["FAJ"] == "NGOMED"  # the acronym is the name before it


def test_supporters_and_the_expelled() -> None:
    codes = codes_of(
        "Supporters of ousted president Mohamed Morsi marched. "
        "Benin opened its borders to Ghanaians expelled from Nigeria."
    )
    assert codes["Supporters"] == "EGYOPP"
    assert codes["Ghanaians"] == "NGAREF"
