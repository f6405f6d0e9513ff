"""The 2016 dynamics gold (known happenings as opportunities/risks) and its top-k scorer."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from realpolitik.eval.dynamics import FOCI, GOLD_PATH, KINDS, load_gold, match_item, score_top


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def _item(kind, summary, *evidence):
    return {
        "kind": kind,
        "summary": summary,
        "evidence": [{"doc_id": "d", "start": 0, "end": len(t), "text": t} for t in evidence],
    }


def test_gold_loads_from_the_repository(gold):
    assert GOLD_PATH.is_file()
    assert len(gold) >= 60
    ids = [e["id"] for e in gold]
    assert len(ids) == len(set(ids))
    for e in gold:
        assert e["focus"] in FOCI
        assert e["kind"] in KINDS
        assert e["label"].strip() and "\n" not in e["label"]
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?", e["when"])


def test_at_least_15_entries_per_focus_and_kind(gold):
    counts = Counter((e["focus"], e["kind"]) for e in gold)
    for focus in FOCI:
        for kind in KINDS:
            assert counts[focus, kind] >= 15, (focus, kind, counts[focus, kind])


def test_every_regex_compiles(gold):
    for e in gold:
        assert e["patterns"], e["id"]
        for p in e["patterns"]:
            re.compile(p, re.IGNORECASE)


def test_poll_patterns_keep_the_direction(gold):
    trump = [e for e in gold if e["focus"] == "Donald Trump"]
    clinton = [e for e in gold if e["focus"] == "Hillary Clinton"]
    by_id = {e["id"]: e for e in gold}
    clinton_leads = _item(
        "opportunity", "", "Clinton leads Trump by 8 points in a new national poll."
    )
    trump_leads = _item("opportunity", "", "A new poll shows Trump leading Clinton by 3 points.")
    assert [i for i in match_item(clinton_leads, trump) if by_id[i]["kind"] == "opportunity"] == []
    assert "trump-risk-poll-trail" in match_item(clinton_leads, trump)
    assert "clinton-opp-poll-lead" in match_item(clinton_leads, clinton)
    assert "trump-opp-poll-lead" in match_item(trump_leads, trump)
    assert "clinton-risk-poll-trail" in match_item(trump_leads, clinton)
    assert [i for i in match_item(trump_leads, clinton) if by_id[i]["kind"] == "opportunity"] == []


def test_negated_endorsement_is_not_an_endorsement(gold):
    trump = [e for e in gold if e["focus"] == "Donald Trump"]
    refused = _item("risk", "", "The senator said he will not endorse Trump this year.")
    endorsed = _item("opportunity", "", "The governor endorsed Donald Trump on Friday.")
    assert "trump-opp-endorsed" not in match_item(refused, trump)
    assert "trump-risk-refuse-endorse" in match_item(refused, trump)
    assert "trump-opp-endorsed" in match_item(endorsed, trump)


def test_score_top_on_the_real_gold(gold):
    items = [
        # correct: a primary win is an opportunity for Trump
        _item(
            "opportunity",
            "Trump wins South Carolina",
            "Donald Trump won the South Carolina primary by a wide margin on Saturday.",
        ),
        # wrong polarity: trailing in a poll is a risk, listed as an opportunity
        _item("opportunity", "Poll standing", "Clinton leads Trump by 8 points in a new poll."),
        # unmatched: nothing in the gold
        _item("opportunity", "Factory visit", "Trump toured a furniture factory in Ohio."),
        # correct risk, matched on the summary alone
        _item("risk", "Trump University fraud suits go forward"),
        # wrong polarity risk: a Clinton email story is an opportunity for Trump
        _item("risk", "Emails", "The FBI is investigating Clinton's private email server."),
    ]
    res = score_top(items, "Donald Trump", gold)
    opp, risk = res["opportunities"], res["risks"]
    assert (opp["n"], opp["correct"], opp["wrong_polarity"], opp["unmatched"]) == (3, 1, 1, 1)
    assert opp["precision"] == pytest.approx(1 / 3)
    assert (risk["n"], risk["correct"], risk["wrong_polarity"], risk["unmatched"]) == (2, 1, 1, 0)
    assert risk["precision"] == pytest.approx(0.5)
    verdicts = [(d["list"], d["rank"], d["verdict"]) for d in res["items"]]
    assert verdicts == [
        ("opportunities", 1, "correct"),
        ("opportunities", 2, "wrong_polarity"),
        ("opportunities", 3, "unmatched"),
        ("risks", 1, "correct"),
        ("risks", 2, "wrong_polarity"),
    ]
    first = res["items"][0]
    assert "trump-opp-wins-primary" in first["matched_same_kind"]
    assert first["summary"] == "Trump wins South Carolina"
    assert "trump-risk-trump-university" in res["items"][3]["matched"]
    # the same email item is correct as a risk for Clinton
    res_c = score_top(items[4:], "Hillary Clinton", gold)
    assert res_c["risks"]["correct"] == 1
    assert "clinton-risk-emails" in res_c["items"][0]["matched_same_kind"]


SMALL_GOLD = """
entries:
- id: a-win
  focus: Donald Trump
  kind: opportunity
  label: wins
  when: 2016-02
  patterns: ['\\bTrump\\b[^.]{0,20}\\bwins\\b']
- id: a-loss
  focus: Donald Trump
  kind: risk
  label: loses
  when: 2016-02-01..2016-04
  patterns: ['\\bTrump\\b[^.]{0,20}\\bloses\\b']
- id: b-win
  focus: Hillary Clinton
  kind: opportunity
  label: wins
  when: 2016-02
  patterns: ['\\bClinton\\b[^.]{0,20}\\bwins\\b']
"""


def test_score_top_with_a_custom_gold_cuts_at_k(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(SMALL_GOLD, encoding="utf-8")
    gold = load_gold(path)
    assert [e["id"] for e in gold] == ["a-win", "a-loss", "b-win"]
    items = [_item("opportunity", f"Trump wins state {i}") for i in range(12)]
    items.insert(3, _item("risk", "Trump wins again"))
    items.append(_item("risk", "Clinton wins"))  # other focus only: unmatched for Trump
    res = score_top(items, "Donald Trump", gold, k=10)
    assert res["opportunities"] == {
        "precision": 1.0,
        "correct": 10,
        "wrong_polarity": 0,
        "unmatched": 0,
        "n": 10,
    }
    assert res["risks"] == {
        "precision": 0.0,
        "correct": 0,
        "wrong_polarity": 1,
        "unmatched": 1,
        "n": 2,
    }
    assert score_top([], "Donald Trump", gold)["opportunities"]["n"] == 0
    with pytest.raises(ValueError):
        score_top(items, "Bernie Sanders", gold)


def test_load_gold_rejects_bad_entries(tmp_path):
    bad_regex = SMALL_GOLD.replace("[^.]{0,20}", "[^.]{0,20}(", 1)
    assert bad_regex != SMALL_GOLD
    path = tmp_path / "bad.yaml"
    path.write_text(bad_regex, encoding="utf-8")
    with pytest.raises(ValueError, match="bad regex"):
        load_gold(path)
    path.write_text(SMALL_GOLD.replace("id: a-loss", "id: a-win"), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        load_gold(path)
    path.write_text(SMALL_GOLD.replace("kind: risk", "kind: threat"), encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load_gold(path)
