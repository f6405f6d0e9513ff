"""`realpolitik actors lookup`, `analyze --actors` and `realpolitik eval actors-*`, end to end."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from realpolitik.actors.kb import ActorKB
from realpolitik.actors.lookup import lookup_actor
from realpolitik.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


# --- against the shipped knowledge base ------------------------------------------------


def test_lookup_putin_in_2025():
    res = run("actors", "lookup", "Putin", "--on", "2025-03-07")
    assert res.exit_code == 0, res.stderr
    assert "RUSGOV" in res.stdout and "Roles of" in res.stdout and "in force" in res.stdout
    assert "2025-03-07" in res.stdout


def test_lookup_putin_in_2005():
    res = run("actors", "lookup", "Putin", "--on", "2005-01-01", "--format", "json")
    assert res.exit_code == 0, res.stderr
    found = json.loads(res.stdout)
    assert found["code"] == "RUSGOV" and found["on"] == "2005-01-01"
    chosen = [e for e in found["entries"] if e["chosen"]]
    assert len(chosen) == 1 and any(r["in_force"] for r in chosen[0]["roles"])


def test_lookup_the_kremlin():
    res = run("actors", "lookup", "the Kremlin", "--on", "2025-03-07")
    assert res.exit_code == 0, res.stderr
    assert "RUSGOV" in res.stdout


def test_lookup_unknown_name_suggests_close_ones():
    res = run("actors", "lookup", "Vladimir Putni")
    assert res.exit_code == 1
    assert "no actor named 'Vladimir Putni'" in res.stderr
    assert "did you mean" in res.stderr and "Putin" in res.stderr


def test_analyze_with_a_users_actor_file(tmp_path):
    kb = tmp_path / "my.yaml"
    kb.write_text(
        "- name: Zorblax Quintavius\n"
        "  kind: person\n"
        "  aliases: [Quintavius]\n"
        "  country: LUX\n"
        "  roles:\n"
        "    - {code: LUXSPY, start: 2020-01-01, title: Spymaster of Luxembourg}\n"
    )
    text = tmp_path / "story.txt"
    text.write_text(
        "Zorblax Quintavius warned on Tuesday that the talks would fail. "
        "Quintavius did not say more."
    )
    res = run("analyze", text, "--actors", kb, "--published", "2025-03-07", "--quiet")
    assert res.exit_code == 0, res.stderr
    actors = json.loads(res.stdout)["actors"]
    zorblax = [a for a in actors if a["code"] == "LUXSPY"]
    assert zorblax and zorblax[0]["mentions"][0]["text"] == "Zorblax Quintavius"


# --- lookup logic on a knowledge base of our own (works whatever the shipped data) -------

USER_KB = """
- country: RUS
  name: Russia
  aliases: [Russian Federation]
  adjectives: [Russian, Russians]
  capital: Moscow
  cities: [Novosibirsk]
- agent: spokesman
  code: "~GOV"
  aliases: [spokeswoman]
- metonym: Kremlin
  code: RUSGOV
  aliases: [the Kremlin]
- name: Ivan Testov
  kind: person
  wikidata: Q999999999
  aliases: [Testov]
  roles:
    - {code: RUSGOV, start: 2012-05-07, end: 2020-01-15, title: Prime Minister}
    - {code: RUSMIL, start: 2020-01-16, title: Chief of Staff}
    - {code: RUSELI}
"""


@pytest.fixture()
def user_kb(tmp_path):
    path = tmp_path / "kb.yaml"
    path.write_text(USER_KB)
    return path


def lookup(user_kb, *args):
    return run("actors", "lookup", *args, "--actors", user_kb, "--no-default-actors")


def test_dated_roles_choose_the_code(user_kb):
    kb = ActorKB.load([user_kb], default=False)
    assert lookup_actor("Testov", kb, on=date(2015, 1, 1)).code == "RUSGOV"
    assert lookup_actor("Testov", kb, on=date(2025, 1, 1)).code == "RUSMIL"
    early = lookup_actor("Ivan Testov", kb, on=date(2001, 1, 1))
    assert early.code == "RUSELI" and "undated" in early.reason
    roles = {r.code: r.in_force for r in early.entries[0].roles}
    assert roles == {"RUSGOV": False, "RUSMIL": False, "RUSELI": True}


def test_lookup_table_shows_entries_and_roles(user_kb):
    res = lookup(user_kb, "Testov", "--on", "2015-06-01")
    assert res.exit_code == 0, res.stderr
    out = res.stdout
    assert "RUSGOV" in out and "Q999999999" in out and "kb.yaml" in out
    assert "Roles of Ivan Testov" in out and "in force" in out and "not in force" in out


def test_lookup_json(user_kb):
    res = lookup(user_kb, "Ivan Testov", "--on", "2025-03-07", "--format", "json")
    found = json.loads(res.stdout)
    assert found["code"] == "RUSMIL" and found["found"]
    entry = found["entries"][0]
    assert entry["wikidata"] == "Q999999999" and entry["source"].endswith("kb.yaml")
    assert [(r["code"], r["start"], r["in_force"]) for r in entry["roles"]] == [
        ("RUSGOV", "2012-05-07", False),
        ("RUSMIL", "2020-01-16", True),
        ("RUSELI", None, False),
    ]


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("the Kremlin", "RUSGOV", ["Kremlin"]),
        ("spokeswoman", "~GOV", ["agent", "context"]),
        ("Russian spokesman", "RUSGOV", ["agent"]),
        ("Russian", "RUS", ["adjective"]),
        ("Moscow", "RUSGOV", ["capital", "metonym"]),
        ("Novosibirsk", "RUS", ["city"]),
        ("Russian Federation", "RUS", ["state"]),
    ],
)
def test_lookup_readings(user_kb, name, code, words):
    res = lookup(user_kb, name, "--format", "json")
    assert res.exit_code == 0, res.stderr
    found = json.loads(res.stdout)
    assert found["code"] == code
    for word in words:
        assert word in found["reason"] or word in res.stdout


def test_lookup_capital_table_says_metonym(user_kb):
    res = lookup(user_kb, "Moscow")
    assert res.exit_code == 0 and "metonym" in res.stdout and "RUSGOV" in res.stdout


def test_lookup_unknown_and_bad_input(user_kb, tmp_path):
    res = lookup(user_kb, "Testow")
    assert res.exit_code == 1 and "did you mean" in res.stderr and "Testov" in res.stderr
    res = lookup(user_kb, "Testov", "--on", "March 2025")
    assert res.exit_code == 2 and "--on March 2025" in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: X\n  kind: planet\n")
    res = run("actors", "lookup", "X", "--actors", bad)
    assert res.exit_code == 2 and "bad.yaml" in res.stderr and "planet" in res.stderr


# --- eval ------------------------------------------------------------------------------


def test_eval_without_data_exits_2(tmp_path):
    for command in ("actors-plover", "actors-petrarch"):
        res = run("eval", command, "--data", tmp_path, "--quiet")
        assert res.exit_code == 2 and "not found" in res.stderr and str(tmp_path) in res.stderr


def test_eval_actors_plover(shared_data):
    res = run(
        "eval",
        "actors-plover",
        "--data",
        shared_data,
        "--limit",
        "12",
        "--errors",
        "3",
        "--workers",
        "1",
        "--quiet",
    )
    assert res.exit_code == 0, res.stderr
    assert "Actor-code accuracy" in res.stdout and "country" in res.stdout
    res = run(
        "eval",
        "actors-plover",
        "--data",
        shared_data,
        "--limit",
        "12",
        "--errors",
        "2",
        "--workers",
        "1",
        "--format",
        "json",
        "--quiet",
    )
    result = json.loads(res.stdout)
    assert result["records"] == 12 and 0 <= result["code"] <= 1 and len(result["errors"]) <= 2


def test_eval_actors_petrarch(shared_data):
    res = run(
        "eval",
        "actors-petrarch",
        "--data",
        shared_data,
        "--limit",
        "10",
        "--workers",
        "1",
        "--format",
        "json",
        "--quiet",
    )
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)
    assert result["sentences"] == 10 and 0 <= result["accuracy"] <= 1
    assert "DEMO" in result["by_category"]
