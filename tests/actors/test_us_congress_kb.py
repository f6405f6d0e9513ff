"""The US Congress and executive actor file (`us_congress.jsonl`, built by
scripts/build_actor_kb.py from ../shared/data/actors/us_congress): what it says about known
members, that the knowledge-base loader reads it, and that a user who passes it as an extra
actor file gets American politicians coded by the knowledge base, not by the words around them.
"""

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

import realpolitik
from realpolitik import Settings
from realpolitik.actors.kb import ActorKB

ROOT = Path(__file__).resolve().parents[2]
CONGRESS = ROOT / "src" / "realpolitik" / "data" / "actors" / "us_congress.jsonl"
MARCH_2016 = date(2016, 3, 1)


@pytest.fixture(scope="module")
def build(request):
    """scripts/build_actor_kb.py as a module."""
    script = ROOT / "scripts" / "build_actor_kb.py"
    spec = importlib.util.spec_from_file_location("build_actor_kb", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actor_kb"] = module  # for its dataclasses
    request.addfinalizer(lambda: sys.modules.pop("build_actor_kb", None))
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(shared_data, build, tmp_path_factory) -> Path:
    """us_congress.jsonl built afresh from the shared data."""
    if not (shared_data / "actors" / "us_congress").is_dir():
        pytest.skip("../shared/data/actors/us_congress is not available")
    out = tmp_path_factory.mktemp("actors")
    assert build.main(["--data", str(shared_data), "--out", str(out)]) == 0
    return out / "us_congress.jsonl"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    """The default knowledge base with the committed file added, as a user adds it."""
    return ActorKB.load([CONGRESS])


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(actor_files=(str(CONGRESS),))


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


# --- the build step, on the real data ------------------------------------------------------


def test_a_rebuild_reproduces_the_committed_file(built):
    assert built.read_bytes() == CONGRESS.read_bytes()


def test_sanders_is_a_legislator_with_his_qid_in_2016(built):
    kb = ActorKB.load([built], default=False)
    sanders = kb.best_entry("Bernie Sanders", MARCH_2016)
    assert (sanders.name, sanders.wikidata, sanders.country) == ("Bernie Sanders", "Q359442", "USA")
    role = sanders.role_on(MARCH_2016)
    assert (role.code, role.title) == ("USALEG", "United States Senator from Vermont")
    assert sanders.role_on(date(1995, 6, 1)).title == "United States Representative from Vermont"
    assert kb.best_entry("Bernard Sanders", MARCH_2016) is sanders
    assert sanders.code_on(date(1985, 1, 1)) == "USA"  # before Congress: his country alone


def test_consecutive_terms_are_one_role(built):
    schumer = next(r for r in records(built) if r["wikidata"] == "Q380900")
    assert schumer["name"] == "Chuck Schumer"
    assert {"Charles Schumer", "Charles E. Schumer"} <= set(schumer["aliases"])
    senate = [r for r in schumer["roles"] if r["title"] == "United States Senator from New York"]
    assert len(senate) == 1 and senate[0]["start"] == "1999-01-06"


def test_names_as_news_write_them(build):
    schumer = {"first": "Charles", "middle": "E.", "nickname": "Chuck", "last": "Schumer"}
    names = build.congress_names(
        {**schumer, "official_full": "Charles E. Schumer"}, "Chuck Schumer"
    )
    assert names[0] == "Chuck Schumer"
    assert {"Charles Schumer", "Charles E. Schumer"} <= set(names)
    crawford = {"first": "Eric", "middle": "A.", "last": "Crawford"}
    crawford = build.congress_names(
        {**crawford, "official_full": 'Eric A. "Rick" Crawford'}, "Rick Crawford (politician)"
    )
    assert crawford[0] == "Rick Crawford" and "Eric A. Crawford" in crawford
    assert not any('"' in n for n in crawford)
    hill = build.congress_names({"first": "J.", "middle": "French", "last": "Hill"})
    assert "French Hill" in hill
    assert "Wasserman Schultz" in build.congress_names(
        {"first": "Debbie", "last": "Wasserman Schultz"}
    )
    assert "De La Cruz" not in build.congress_names({"first": "Monica", "last": "De La Cruz"})


# --- the committed file, loaded with the default knowledge ---------------------------------


def test_every_record_is_an_american_person_with_dated_roles():
    rows = records(CONGRESS)
    assert len(rows) > 550
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["kind"] == "person" and r["country"] == "USA" for r in rows)
    assert sum(1 for r in rows if r.get("wikidata")) > 530
    for row in rows:
        assert any("start" in role for role in row["roles"]), row["name"]


def test_a_person_the_other_files_know_is_one_record(kb):
    # Phoenix's entry for Pelosi (no QID, Speaker as USAGOVLEG) is replaced, not duplicated
    pelosi = kb.entries_named("Nancy Pelosi")
    assert [(e.id, e.wikidata) for e in pelosi] == [("nancy-pelosi", "Q170581")]
    assert pelosi[0].code_on(MARCH_2016) == "USALEG"
    assert not any(r.code == "USAGOVLEG" for r in pelosi[0].roles)
    # leaders.jsonl's George H. W. Bush gains his vice presidency
    bush = kb.entries["Q23505"]
    assert [e.id for e in kb.entries_named("George H.W. Bush")] == ["Q23505"]
    assert bush.role_on(date(1985, 1, 1)).title == "Vice President of the United States"
    assert bush.role_on(date(1990, 1, 1)).title == "President of the United States"
    assert bush.code_on(MARCH_2016) == "USAELI"


def test_people_the_curated_file_lists_are_left_to_it(kb):
    assert not any(r.get("wikidata") == "Q22686" for r in records(CONGRESS))
    trump = kb.best_entry("Donald Trump", MARCH_2016)
    assert trump.source.endswith("curated.yaml")


# --- through realpolitik.analyze, with the file passed as a user passes it -----------------


def person(doc, name: str):
    return next(a for a in doc.actors if a.kind == "person" and a.name == name)


def test_a_titled_senator_is_coded_as_a_legislator(settings):
    doc = realpolitik.analyze(
        "Senator Ted Cruz said the deal was a mistake.", published="2016-03-01", settings=settings
    )
    cruz = person(doc, "Ted Cruz")
    assert (cruz.code, cruz.wikidata) == ("USALEG", "Q2036942")


def test_a_known_persons_country_does_not_come_from_the_words_around_him(settings):
    doc = realpolitik.analyze(
        "Ted Cruz met the Russian ambassador in Washington on Tuesday.",
        published="2016-03-01",
        settings=settings,
    )
    cruz = person(doc, "Ted Cruz")
    assert cruz.code.startswith("USA") and not cruz.code.startswith("RUS")
    assert cruz.country == "USA"


def test_a_surname_joins_the_member_named_earlier(settings):
    doc = realpolitik.analyze(
        "Bernie Sanders criticized the trade deal on Tuesday. Sanders said it cost jobs.",
        published="2016-03-01",
        settings=settings,
    )
    sanders = person(doc, "Bernie Sanders")
    assert [m.text for m in sanders.mentions] == ["Bernie Sanders", "Sanders"]
    assert (sanders.code, sanders.wikidata) == ("USALEG", "Q359442")
