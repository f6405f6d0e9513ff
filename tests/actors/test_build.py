"""The shipped actor knowledge base (scripts/build_actor_kb.py's output): it loads, it says
what the sources say about a few well-known actors, and a rebuild reproduces it."""

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from realpolitik.actors.kb import ActorKB, Entry, default_files

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "realpolitik" / "data" / "actors"
BUILT = ["countries.jsonl", "agents.jsonl", "phoenix.jsonl", "leaders.jsonl"]
MARCH_2025 = date(2025, 3, 7)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    """The built files only: a user's or the curated file must not hide what they say."""
    return ActorKB.load([DATA / name for name in BUILT], default=False)


def entry(kb: ActorKB, entry_id: str) -> Entry:
    return kb.entries[entry_id]


def test_the_built_files_are_the_default_knowledge():
    defaults = [path.name for path in default_files()]
    assert defaults[: len(BUILT)] == BUILT
    full = ActorKB.load()  # with curated.yaml, if it is there
    assert len(full.entries) > 20_000 and len(full.countries) > 200 and len(full.agents) > 2000


def test_putin_from_wikidata_and_phoenix(kb):
    putin = entry(kb, "Q7747")
    assert (putin.name, putin.wikidata, putin.kind, putin.country) == (
        "Vladimir Putin",
        "Q7747",
        "person",
        "RUS",
    )
    assert "Putin" in putin.aliases and "President Vladimir Putin" in putin.aliases  # Phoenix
    assert kb.best_entry("Putin", MARCH_2025) is putin
    role = putin.role_on(MARCH_2025)
    assert (role.code, role.title) == ("RUSGOV", "head of state")
    # 2008-2012 he was prime minister: Wikidata (head of government 2008-05-08..2012-05-07)
    # and Phoenix ([RUSGOV >080508]) agree that he was government, not a former leader
    role = putin.role_on(date(2009, 6, 1))
    assert (role.code, role.title, role.start) == ("RUSGOV", "head of government", date(2008, 5, 8))
    assert putin.code_on(date(1995, 1, 1)) == "RUSELI"  # Phoenix: [RUSELI 700101-990809]


def test_zelensky_from_wikidata(kb):
    zelensky = entry(kb, "Q3874799")
    assert zelensky.name == "Volodymyr Zelenskyy"  # the snapshot's label was "Zelenski"
    assert {"Volodymyr Zelensky", "Volodymyr Zelenski"} <= set(zelensky.aliases)
    assert zelensky.code_on(MARCH_2025) == "UKRGOV"
    assert zelensky.code_on(date(2018, 1, 1)) != "UKRGOV"  # in office from 2019-05-20


def test_trump_in_and_out_of_office(kb):
    trump = entry(kb, "Q22686")
    assert trump.code_on(date(2018, 1, 1)) == "USAGOV"
    assert trump.code_on(MARCH_2025) == "USAGOV"
    assert trump.code_on(date(2022, 6, 1)) == "USAELI"  # between terms: a former leader
    assert trump.role_on(MARCH_2025).title == "head of state and government"


def test_open_phoenix_terms_end_with_the_wikidata_term(kb):
    obama = entry(kb, "Q76")  # Phoenix (2014) has [USAGOV >090120], never closed
    assert "President Barack Obama" in obama.aliases
    assert obama.code_on(date(2012, 1, 1)) == "USAGOV"
    assert obama.code_on(MARCH_2025) == "USAELI"


def test_leaders_ids_are_qids_and_merged_phoenix_entries_left_phoenix():
    leaders = [json.loads(line) for line in (DATA / "leaders.jsonl").open(encoding="utf-8")]
    assert all(r["id"] == r["wikidata"] and r["id"].startswith("Q") for r in leaders)
    assert len({r["id"] for r in leaders}) == len(leaders)
    phoenix_ids = {json.loads(line)["id"] for line in (DATA / "phoenix.jsonl").open()}
    assert "vladimir-putin" not in phoenix_ids  # it is Q7747 now
    assert not phoenix_ids & {r["id"] for r in leaders}


def test_countries(kb):
    russia = kb.countries["RUS"]
    assert russia.name == "Russia"
    assert {"Russian", "Russians"} <= set(russia.adjectives)
    assert russia.capital == "Moscow"
    assert kb.country_of_adjective("Russians") == "RUS"
    assert kb.country_of_place("Russian Federation") == "RUS"
    assert kb.capitals["kyiv"] == kb.capitals["kiev"] == "UKR"
    assert kb.country_of_place("Türkiye") == kb.country_of_place("Turkiye") == "TUR"
    assert kb.country_of_place("Czechia") == "CZE"
    assert kb.countries["SWZ"].name == "Eswatini"
    assert kb.countries["MKD"].name == "North Macedonia"
    assert kb.country_of_place("Juba") == "SSD"
    assert kb.country_of_adjective("Kosovar") == "KSV"  # Phoenix's code for Kosovo
    assert kb.country_of_adjective("French") == "FRA"
    assert kb.country_of_adjective("British") == "GBR"
    assert kb.country_of_adjective("Yoruba") == kb.country_of_adjective("Igbo") == "NGA"
    assert kb.country_of_place("the Emirates") == "ARE"
    assert kb.capitals["khatmandu"] == "NPL"
    assert kb.country_of_place("Jericho") == "PSE"
    assert kb.country_of_place("Northern Ireland") == "GBR"


def test_places_of_a_new_state_are_the_old_ones_before_it(kb):
    assert kb.countries["SSD"].start == date(2011, 7, 9)
    assert kb.state_on("SSD", date(2000, 1, 1)) == "SDN"
    assert kb.state_on("SSD", date(2011, 7, 9)) == "SSD"
    assert kb.state_on("RUS", date(1995, 1, 1)) == "RUS"  # no start: as it is
    assert kb.state_on(None, date(1995, 1, 1)) is None


def test_cameo_regions(kb):
    assert kb.country_of_adjective("European") == "EUR"
    assert kb.country_of_adjective("Western") == "WST"
    assert kb.country_of_place("Middle East") == "MEA"
    assert kb.countries["AFR"].name == "Africa"


def test_agents(kb):
    # Phoenix codes a bare "spokesman" [~MED] (CAMEO: an organisation's spokesperson);
    # the build codes it as speaking for the government, as "government spokesman" is
    assert kb.agent("spokesman").code == "~GOV"
    assert kb.agent("spokeswomen").code == "~GOV"
    assert kb.agent("military spokesman").code == "~MIL"
    assert kb.agent("foreign ministers").code.startswith("~GOV")
    assert kb.agent("police").code == "~COP"


def test_phoenix_keeps_organisations_and_metonyms_not_country_names(kb):
    assert kb.best_entry("Kremlin", MARCH_2025).code_on(MARCH_2025) == "RUSGOV"
    assert kb.best_entry("United Nations", MARCH_2025).code_on(MARCH_2025) == "IGOUNO"
    assert kb.best_entry("Taliban", MARCH_2025).kind == "group"
    assert kb.entries_named("Russia") == []  # a place: countries.jsonl has it
    assert kb.entries_named("Afghanistan") == []
    helmand = kb.entries_named("Helmand")  # a province Phoenix codes as the country
    assert [(e.kind, e.code_on(MARCH_2025)) for e in helmand] == [("location", "AFG")]


def test_a_rebuild_reproduces_the_committed_files(shared_data, tmp_path, monkeypatch):
    script = ROOT / "scripts" / "build_actor_kb.py"
    spec = importlib.util.spec_from_file_location("build_actor_kb", script)
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_actor_kb", build)  # for its dataclasses
    spec.loader.exec_module(build)
    assert build.main(["--data", str(shared_data), "--out", str(tmp_path)]) == 0
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_regnal_names_and_common_misspellings(kb):
    day = date(1990, 1, 1)
    assert kb.best_entry("King Hassan", day).wikidata == "Q69103"  # Hassan II without numeral
    assert kb.best_entry("King Hassan", day).code_on(day) == "MARGOV"
    assert kb.best_entry("Francois Mitterand", day).code_on(day) == "FRAGOV"
