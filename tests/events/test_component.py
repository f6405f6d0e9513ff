"""The event component on the real model: the bundled example and unit sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

import realpolitik
from realpolitik.settings import Settings
from realpolitik.sources.text import read_text_file

PUBLISHED = "2025-03-07"


def _events(text: str, published: str = PUBLISHED) -> list[dict]:
    return realpolitik.analyze(text, published=published).to_dict()["events"]


def _one(text: str, published: str = PUBLISHED) -> dict:
    events = _events(text, published)
    assert len(events) == 1, events
    return events[0]


@pytest.fixture(scope="module")
def example(example_path: Path) -> dict:
    article = read_text_file(example_path, Settings())
    article.published = PUBLISHED
    return next(realpolitik.analyze_many([article])).to_dict()


def _find(doc: dict, trigger: str, source: str | None = None) -> dict:
    for e in doc["events"]:
        if e["trigger"]["text"] == trigger and (source is None or e["source"]["code"] == source):
            return e
    raise AssertionError(f"no event triggered by {trigger!r} in {doc['events']}")


# --- the example ------------------------------------------------------------------------------


def test_example_kremlin_welcomes_trumps_overtures(example):
    e = _find(example, "welcomed")
    assert (e["source"]["code"], e["target"]["code"]) == ("RUSGOV", "USAGOV")
    assert e["plover"] == "SUPPORT" and e["factuality"] == "asserted"


def test_example_oval_office_encounter_and_last_fridays_meeting(example):
    encounter = _find(example, "encounter")
    assert {encounter["source"]["code"], encounter["target"]["code"]} == {"UKRGOV", "USAGOV"}
    assert encounter["plover"] == "CONSULT"
    meeting = _find(example, "meeting")
    assert meeting["date"] == "2025-02-28"  # "last Friday" before 2025-03-07
    for trigger in ("encounter", "meeting"):  # a meeting between two is coded each way
        pairs = {
            (e["source"]["code"], e["target"]["code"])
            for e in example["events"]
            if e["trigger"]["text"] == trigger
        }
        assert pairs == {("UKRGOV", "USAGOV"), ("USAGOV", "UKRGOV")}


def test_example_putin_seeks_to_influence_trump_is_attempted(example):
    e = _find(example, "influence")
    assert (e["source"]["code"], e["target"]["code"]) == ("RUSGOV", "USAGOV")
    assert e["factuality"] == "attempted"


def test_example_2017_missile_strike_on_syria(example):
    e = _find(example, "strike")
    assert e["cameo"] == "195" and e["plover"] == "ASSAULT" and e["quad_class"] == 4
    assert (e["source"]["code"], e["target"]["code"]) == ("USAGOV", "SYR")
    assert e["date"] == "2017"
    assert e["factuality"] == "asserted"


def test_example_dodds_resigns_in_protest(example):
    e = _find(example, "resignation")
    assert e["source"]["code"] == "GBRGOV" and "Dodds" in e["source"]["text"]
    assert e["plover"] == "PROTEST"


def test_example_pressure_is_hypothetical_and_summit_is_future(example):
    pressure = _find(example, "pressure")
    assert (pressure["source"]["code"], pressure["target"]["code"]) == ("USAGOV", "UKRGOV")
    assert pressure["factuality"] == "hypothetical"
    summit = _find(example, "summit")
    assert summit["factuality"] == "future"
    assert {summit["source"]["code"], summit["target"]["code"]} == {"USAGOV", "RUSGOV"}


def test_example_events_point_into_the_text_and_at_actors(example):
    text = example["text"]
    ids = {a["id"] for a in example["actors"]}
    assert example["events"]
    for k, e in enumerate(example["events"], 1):
        assert e["id"] == f"e{k}"
        t = e["trigger"]
        assert text[t["start"] : t["end"]] == t["text"]
        s = e["sentence"]
        assert s["start"] <= t["start"] < t["end"] <= s["end"]
        for part in (e["source"], e["target"]):
            if part and part["actor"]:
                assert part["actor"] in ids
        assert e["source"]["actor"] is not None
        assert e["source"]["code"] or (e["target"] and e["target"]["code"])


# --- unit sentences ---------------------------------------------------------------------------


def test_subject_and_object():
    e = _one("Russia attacked Ukraine.")
    assert (e["source"]["code"], e["target"]["code"], e["cameo"]) == ("RUS", "UKR", "190")
    assert e["factuality"] == "asserted" and e["date"] == PUBLISHED


def test_passive_agent_is_the_source():
    e = _one("Ukraine was attacked by Russia.")
    assert (e["source"]["code"], e["target"]["code"]) == ("RUS", "UKR")


def test_conjoined_subjects_give_one_event_each():
    events = _events("France and Germany condemned Russia.")
    assert sorted(e["source"]["code"] for e in events) == ["DEU", "FRA"]
    assert all(e["target"]["code"] == "RUS" for e in events)


def test_relative_clause_subject_is_the_noun_it_modifies():
    e = _one("Iran, which attacked Israel, denied it.")
    assert (e["source"]["code"], e["target"]["code"]) == ("IRN", "ISR")


@pytest.mark.parametrize(
    ("sentence", "factuality"),
    [
        ("Russia did not attack Ukraine.", "negated"),
        ("Israel never attacked Iran.", "negated"),
        ("If Russia attacks Ukraine, NATO will respond.", "hypothetical"),
        ("Vladimir Putin will meet Volodymyr Zelensky.", "future"),
        ("Russia is set to meet Ukraine next week.", "future"),
        ("Russia tried to invade Ukraine.", "attempted"),
    ],
)
def test_factuality(sentence, factuality):
    events = [e for e in _events(sentence) if e["source"]["code"] in ("RUS", "RUSGOV", "ISR")]
    assert events and {e["factuality"] for e in events} == {factuality}


def test_xcomp_commitment_is_coded_by_the_outer_verb_with_the_inner_actors():
    # CAMEO codes "agreed to V" as the agreement (AGREE/03x), not as V done
    e = _one("China agreed to lift sanctions on Japan.")
    assert e["trigger"]["text"] == "agreed"
    assert (e["source"]["code"], e["target"]["code"]) == ("CHN", "JPN")
    assert e["factuality"] == "asserted"


def test_refusal_to_act_is_a_rejection():
    # CAMEO codes "refused to meet Y" as the refusal (reject proposal to meet, 125)
    e = _one("Russia refused to meet Ukraine.")
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == ("RUS", "UKR", "REJECT")
    assert e["cameo"] == "125" and e["factuality"] == "asserted"


def test_threat_is_coded_by_what_is_threatened():
    e = _one("Iran threatened to cut off electricity to Azerbaijan.")
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == ("IRN", "AZE", "THREATEN")
    assert e["cameo"].startswith("13")


def test_stated_intent_to_cooperate_is_cameo_03():
    e = _one("France will send troops to Mali.")
    assert e["cameo"].startswith("03") and e["plover"] == "AGREE"
    assert e["factuality"] == "future"  # the act itself has not happened


def test_reported_obligation_is_a_demand_by_the_speaker():
    e = _one("Russia said Sudan must return the helicopter.")
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == ("RUS", "SDN", "REQUEST")
    assert e["factuality"] == "asserted"  # the demand was made


def test_stated_refusal_with_a_pronoun_subject_is_the_speakers_rejection():
    e = _one("Syria said it would not allow the inspectors into Lebanon.")
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == ("SYR", "LBN", "REJECT")


def test_listed_targets_give_one_event_each():
    events = _events("Russia imposed sanctions on Iran, Syria and North Korea.")
    assert sorted(e["target"]["code"] for e in events) == ["IRN", "PRK", "SYR"]
    assert {e["source"]["code"] for e in events} == {"RUS"}


def test_listed_countries_of_an_agent_give_each_its_agent():
    events = _events("The ambassadors of France, Germany and Italy met the Russian president.")
    assert sorted(e["source"]["code"] for e in events) == ["DEUGOV", "FRAGOV", "ITAGOV"]


def test_light_verb_gives_way_to_the_event_noun():
    e = _one("Serbian students staged rallies against the government in Belgrade.")
    assert (e["trigger"]["text"], e["plover"]) == ("rallies", "PROTEST")
    e = _one("Italy announced a suspension of air links with Serbia.")
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == ("ITA", "SRB", "SANCTION")


def test_joint_subject_without_object_is_reciprocal():
    events = _events("Jordan and Britain have agreed.")
    pairs = {(e["source"]["code"], e["target"]["code"]) for e in events}
    assert pairs == {("JOR", "GBR"), ("GBR", "JOR")}


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Russia attacked Ukraine last Friday.", "2025-02-28"),
        ("The United States imposed sanctions on Iran yesterday.", "2025-03-06"),
        ("Barack Obama met Angela Merkel in Berlin on Wednesday.", "2025-03-05"),
    ],
)
def test_dates_resolve_against_the_publication_date(sentence, date):
    assert _one(sentence)["date"] == date


def test_location_of_a_meeting():
    e = _one("Barack Obama met Angela Merkel in Berlin on Wednesday.")
    assert e["location"] == {"name": "Berlin", "country": "DEU"}


def test_reporting_verbs_are_not_events():
    assert _events("Russia said that the weather was fine.") == []


def test_petrarch_verb_dictionary_codes_as_it_is(shared_data):
    """A PETRARCH-format dictionary passed as a user file is matched on the parse as shipped."""
    from realpolitik.events.component import EventCoder
    from realpolitik.events.patterns import load_patterns
    from realpolitik.pipeline import load_pipeline

    verbs = shared_data / "eventdata" / "petrarch2" / "PETR.Validate.verbs.txt"
    coder = EventCoder(load_patterns((str(verbs),), False), second_opinion=False)
    nlp = load_pipeline(Settings())
    doc = nlp("Russia abandoned diplomatic ties with Ukraine.", disable=["realpolitik_events"])
    (event,) = coder(doc)._.events
    assert event["cameo"] == "901"  # "- * DIPLOMATIC TIES [901]" under ABANDON
    assert event["source"]["code"] == "RUS"
    # "- &NEGATVAUXVRB * OVER EFFORTS [904]": the parser reads "over" as a particle and
    # "efforts" as the object; PETRARCH's phrase still matches
    doc = nlp("Russia didn't clash over the efforts of Ukraine.", disable=["realpolitik_events"])
    (event,) = coder(doc)._.events
    assert event["cameo"] == "904" and event["target"]["code"] == "UKR"


@pytest.fixture(scope="module")
def petrarch_coder(shared_data):
    """The event coder with the PETRARCH-2 validation verb dictionary, nothing else."""
    from realpolitik.events.component import EventCoder
    from realpolitik.events.patterns import load_patterns

    verbs = shared_data / "eventdata" / "petrarch2" / "PETR.Validate.verbs.txt"
    return EventCoder(load_patterns((str(verbs),), False), False, stated_acts=False)


def _coded(coder, text: str) -> set[tuple]:
    from realpolitik.pipeline import load_pipeline

    nlp = load_pipeline(Settings())
    doc = coder(nlp(text, disable=["realpolitik_events"]))
    return {
        (e["source"]["code"], (e["target"] or {}).get("code"), e["cameo"]) for e in doc._.events
    }


def test_compound_subject_pattern_is_reciprocal(petrarch_coder):
    # "- % * [030:030]" under AGREE: only for a compound subject, each with the other
    coded = _coded(petrarch_coder, "France and Germany agree that the dispute should be settled.")
    assert coded == {("FRA", "DEU", "030"), ("DEU", "FRA", "030")}


def test_a_date_phrase_is_never_a_patterns_preposition():
    # the Phoenix "- * ON [190]" (press on) under DEMAND must not fire on "on Thursday"
    events = _events("The United States demanded on Thursday that North Korea end its program.")
    assert events and all(e["plover"] == "REQUEST" for e in events), events


def test_untargeted_backdrop_clause_gives_way_to_the_main_event():
    # "after Georgian protesters burned down a warehouse" dates the main event, no event of
    # its own to count
    events = _events(
        "Russia restored diplomatic ties with Georgia after Georgian protesters burned down "
        "a warehouse."
    )
    assert [e["trigger"]["text"] for e in events] == ["restored"], events


def test_target_in_a_participle_on_the_object():
    events = _events("France welcomed the proposals sent by Germany.")
    assert {(e["source"]["code"], e["target"]["code"]) for e in events} == {("FRA", "DEU")}


def test_classifier_second_opinion_is_recorded_in_its_own_fields(example_path):
    from realpolitik.events.classifier import LABELS
    from realpolitik.pipeline import load_pipeline

    nlp = load_pipeline(Settings())
    doc = nlp(example_path.read_text("utf-8"))
    assert isinstance(doc._.event_suggestions, list)
    for item in doc._.event_suggestions + [e for e in doc._.events if "model" in e]:
        model = item["model"]
        assert "label" in model or "plover" in model
        if "label" in model:
            assert model["label"] in LABELS and 0 <= model["probability"] <= 1


def test_a_statement_gets_the_models_plover_type_beside_its_own_none():
    from realpolitik.events.cameo import PLOVER_TYPES

    e = _one("Russia announced a new policy towards Ukraine on Monday.")
    assert e["cameo"].startswith("01") and e["plover"] is None  # CAMEO 01 has no PLOVER type
    assert e["model"]["plover"] in PLOVER_TYPES and 0 < e["model"]["plover_probability"] <= 1


# --- CAMEO conventions the shipped patterns add ----------------------------------------------


def test_blocked_roads_are_a_protest_by_civilians_and_a_blockade_by_troops():
    protest = _one("Angry French workers blocked the bridge to Germany for three hours.")
    assert (protest["cameo"], protest["plover"]) == ("144", "PROTEST")
    blockade = _one("Israeli troops blocked roads into Gaza.")
    assert (blockade["cameo"], blockade["plover"]) == ("191", "COERCE")


def test_an_ultimatum_is_a_threat_to_its_addressee():
    e = _one("Peru has issued an ultimatum to Ecuador.")
    assert (e["cameo"], e["plover"], e["target"]["code"]) == ("139", "THREATEN", "ECU")


def test_expelling_inspectors_reduces_relations():
    e = _one("North Korea expelled inspectors of the International Atomic Energy Agency.")
    assert (e["cameo"], e["plover"]) == ("1662", "SANCTION")


def test_a_planned_act_of_coercion_is_a_threat():
    e = _one("Greece plans to impose restrictions on Turkey.")
    assert (e["plover"], e["source"]["code"], e["target"]["code"]) == ("THREATEN", "GRC", "TUR")
    assert e["cameo"].startswith("13") and e["factuality"] == "asserted"


def test_the_object_nearest_the_verb_picks_among_equal_patterns():
    # "* FIRE" (the object), not "* BORDER" (deep in its prepositional phrase)
    events = _events("Vietnamese forces launched rocket fire against camps near the Thai border.")
    assert events and {e["plover"] for e in events} == {"ASSAULT"}


def test_a_vow_recoded_from_the_inner_verb_is_one_event():
    e = _one("Hamas vowed to attack Israel.")
    assert (e["plover"], e["target"]["code"]) == ("THREATEN", "ISR")


def test_a_protest_is_aimed_at_whom_its_purpose_names():
    e = _one("Demonstrators blocked a road to show their disapproval of the United States.")
    assert (e["plover"], e["target"]["code"]) == ("PROTEST", "USA")
    strike = _events("Ethnic Turks began a hunger strike to protest against Sweden's decision.")
    assert {(e["plover"], e["target"]["code"]) for e in strike} >= {("PROTEST", "SWE")}


def test_words_in_a_relative_clause_are_not_the_objects():
    # "support * SANCTIONS" must not fire on the sanctions the resolution is about
    text = "Hungary said it will support a U.N. resolution that aims to tighten sanctions."
    e = _find({"events": _events(text)}, "support")
    assert e["plover"] == "AGREE" and e["cameo"].startswith("03")


def test_capturing_part_of_a_place_is_occupying_it_not_taking_part():
    e = _one("Burmese troops have captured part of a rebel stronghold on the Thai border.")
    assert e["cameo"] == "192"


def test_a_stated_withdrawal_of_inspectors_is_a_threat():
    text = "Kofi Annan announced that the UN will withdraw weapons inspectors from Iraq."
    e = _find({"events": _events(text)}, "withdraw")
    assert (e["plover"], e["target"]["code"]) == ("THREATEN", "IRQ")


def test_a_threat_is_aimed_at_whom_its_condition_names():
    text = "Russia has threatened to stop the talks if the United States deploys new missiles."
    e = _find({"events": _events(text)}, "threatened")
    assert (e["plover"], e["source"]["code"], e["target"]["code"]) == ("THREATEN", "RUS", "USA")


def test_a_listed_target_coded_as_the_source_is_its_own_means():
    text = "Vietnamese forces launched artillery and rocket fire against Kampuchean guerrillas."
    events = [e for e in _events(text) if e["trigger"]["text"] == "launched"]
    assert events and all(e["target"]["code"] != e["source"]["code"] for e in events)


def test_petrarch_forms_slots_and_codes_as_the_dictionary_says(petrarch_coder):
    coded = lambda text: _coded(petrarch_coder, text)  # noqa: E731
    # "LEFT [032:033]" is its own verb beside "LEAVE [012]": a visit and its hosting
    assert coded("The Russian foreign minister left for Paris on Wednesday for talks.") == {
        ("RUSGOV", "FRAGOV", "032"),
        ("FRAGOV", "RUSGOV", "033"),
    }
    # a hanging hyphen ends its word: "anti- Russia parade" parses as "anti-Russia parade"
    assert coded("Britain was seen to break into an anti- Russia parade.") == {
        ("GBR", "RUS", "1717")
    }
    # a dictionary's lettered code is a code
    assert coded("Russia will bargain for asylum in France.") == {("RUS", "FRA", "174K")}
    # "RECENTLY_*": only right before the verb
    assert coded("Russia recently allowed that France is a neat place.") == {("RUS", "FRA", "025")}
    assert coded("Russia recently did allow that France is a neat place.") == {
        ("RUS", "FRA", "080")
    }
    # "+ HOSTING * MAY_DAY $": the actor before "hosting", the one after "May Day"
    assert coded("Russia will be hosting Germany to celebrate May Day with France.") == {
        ("FRA", "RUS", "046")
    }
    # "+ * MONEY $": the source after the pattern's words; "+ * FROM $" on a passive
    assert coded("Iraq has received money from Syria.") == {("SYR", "IRQ", "071")}
    assert coded("The Iraqi militia was freed from Syria.") == {("SYR", "IRQUAF", "066")}
    # "- NOTED + * [115]": the verb's subject is the target, the one who noted the source
    assert coded("The French president noted that Russia regretted the refusal to talk.") == {
        ("FRAGOV", "RUS", "115")
    }
    # "* LINKED [111]": the target is the phrase after the pattern's words
    assert coded("A Pakistani woman believed linked to Al-Qaeda was extradited.") == {
        ("PAKCVL", "IMGMUSALQ", "111")
    }
    # the pattern covering more of the phrase wins: &HYPERCURR "austrian gold florin"
    assert coded("Russia will contribute a million austrian gold florin to France.") == {
        ("RUS", "FRA", "904")
    }


def test_a_list_read_as_an_appositive_gives_one_event_per_member():
    text = "Russia, China, France and Britain welcomed the resumption of ties with Iran."
    events = _events(text)
    assert {e["source"]["code"] for e in events} == {"RUS", "CHN", "FRA", "GBR"}
    assert {e["target"]["code"] for e in events} == {"IRN"}


def test_an_appeal_is_coded_parallel_to_the_act_asked_for():
    # "urged Ukraine to withdraw": Ukraine would withdraw (object control); Russia appeals
    # for de-escalation (0256), no withdrawal event
    e = _one("Russia urged Ukraine to withdraw its troops from Crimea.")
    assert (e["source"]["code"], e["target"]["code"], e["cameo"]) == ("RUS", "UKR", "0256")
    # support of a third party asked for: CAMEO 053 (rally support), aimed at that party
    e = _one("The Arab League urged the European Union to support the Palestinians.")
    assert (e["cameo"], e["target"]["code"]) == ("053", "PSECVL")
    # the act asked for is no event of its own
    e = _one("Russia called on Ukraine to be allowed to leave the talks.")
    assert (e["trigger"]["text"], e["target"]["code"]) == ("called", "UKR")


def test_a_misspelt_verb_is_no_trigger():
    assert _events("Ethiopia departes from Libya.") == []
    assert [e["trigger"]["text"] for e in _events("Ethiopia departs from Libya.")] == ["departs"]


def test_students_of_no_stated_country_are_an_actor():
    e = _one("Police arrested students in the capital.")
    assert (e["source"]["code"], e["target"]["code"]) == ("~COP", "~EDU")


def test_an_attack_with_no_named_perpetrator_is_by_the_places_unidentified_forces():
    # ICEWS/PLOVER: the unidentified armed forces (UAF) of the country where it happened,
    # found from the means of attack or the passive, with the means as its evidence
    text = (
        "Three US servicemen were killed by an improvised explosive device outside of the "
        "Iraqi city of Basra."
    )
    doc = realpolitik.analyze(text, published=PUBLISHED).to_dict()
    (e,) = doc["events"]
    assert (e["source"]["code"], e["target"]["code"], e["plover"]) == (
        "IRQUAF",
        "USAMIL",
        "ASSAULT",
    )
    actor = next(a for a in doc["actors"] if a["id"] == e["source"]["actor"])
    (m,) = actor["mentions"]
    assert text[m["start"] : m["end"]] == m["text"] == "improvised explosive device"
    # the place of the means is not the perpetrator
    e = _find(
        {"events": _events("A roadside bombing near the town of Samarra killed a U.S. soldier.")},
        "killed",
    )
    assert e["source"]["code"] == "IRQUAF"  # the role is filled by the whole phrase
    assert e["source"]["text"] == "A roadside bombing near the town of Samarra"
    # a named perpetrator stays: no unidentified forces
    e = _find({"events": _events("Russian troops killed two soldiers in Kharkiv.")}, "killed")
    assert e["source"]["code"] == "RUSMIL"
    e = _one("Two soldiers were shot in Kharkiv.")  # the passive with no agent: unnamed
    assert e["source"]["code"] == "UKRUAF"
    # an agent that is no actor is still named; taking voters off the rolls is no attack
    for text in (
        "In West Virginia, 300,000 acres of forest have been damaged by mountaintop mining.",
        "In Ohio, voters have been taken off the rolls in Democratic-leaning neighborhoods.",
    ):
        assert not any(e["source"]["code"].endswith("UAF") for e in _events(text)), text


def test_every_source_and_target_points_at_the_words_that_fill_it(example: dict) -> None:
    text = example["text"]
    filled = 0
    for e in example["events"]:
        for role in ("source", "target"):
            p = e[role]
            if p is None:
                continue
            assert 0 <= p["start"] < p["end"] <= len(text), (role, e)
            assert text[p["start"] : p["end"]] == p["text"], (role, e)
            filled += 1
    assert filled >= 2 * len(example["events"]) - 5  # nearly every event has both roles


def test_argument_spans_tell_two_mentions_of_one_actor_apart() -> None:
    text = "Russia said on Monday that Ukraine had attacked Russia's border posts."
    e = _one(text)
    assert (e["source"]["code"], e["target"]["code"]) == ("UKR", "RUS")
    assert e["source"]["start"] == text.index("Ukraine")
    assert e["target"]["start"] == text.index("Russia's")  # the second "Russia", not the first
