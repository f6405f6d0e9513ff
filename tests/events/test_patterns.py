"""The verb-pattern dictionary: PETRARCH-format reading, our JSONL form, compiling."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.events.patterns import (
    VerbDictionary,
    compile_patterns,
    load_patterns,
    read_jsonl,
    read_petrarch,
)

SAMPLE = """\
####### SYNONYM SETS #######

&FOOD
# a comment line inside a set
+RICE
+WHEAT_FLOUR

####### VERB PATTERNS #######

---  RUSH   [---]  ---
RUSH
SPEED {SPEEDING SPEEDS SPED }
+MEET_WITH {+MET_WITH}
- * AID                                               [070]         # RUSH
- * &FOOD                                             [073]         # RUSH
- * POLICE (TO BORDER)                                [153]         # RUSH
- * RECOGNITION (FROM) +                              [:054]        # GAIN
- * CLAIM (AGAINST) +                                 [115]         # FILE
"""


@pytest.fixture()
def sample(tmp_path: Path) -> VerbDictionary:
    path = tmp_path / "sample.verbs.txt"
    path.write_text(SAMPLE, "utf-8")
    return read_petrarch(path)


def _by(d: VerbDictionary, verb: str, code: str | None) -> list:
    return [p for p in d.patterns if p.verb == verb and p.code == code]


def test_petrarch_patterns_become_parse_constraints(sample):
    assert _by(sample, "rush", None)  # the block's null code
    (aid,) = _by(sample, "rush", "070")
    assert aid.object == ("aid",)
    (police,) = _by(sample, "rush", "153")
    assert police.object == ("police",) and police.preps == (("to", ("border",)),)
    (claim,) = _by(sample, "rush", "115")
    assert claim.preps == (("against", ()),) and claim.target == "prep:against"
    (recognition,) = _by(sample, "rush", "054")
    assert recognition.reverse
    assert sample.synsets["&FOOD"] == frozenset({("rice",), ("wheat", "flour")})
    assert sample.forms["sped"] == "speed"
    assert _by(sample, "meet", "070")[0].object == ("with", "aid")


def test_jsonl_round_trip(sample, tmp_path):
    path = tmp_path / "verbs.jsonl"
    sample.write_jsonl(path)
    again = read_jsonl(path)
    assert again.patterns == sample.patterns
    assert again.synsets == sample.synsets and again.forms == sample.forms


def test_compiled_lookup_by_lemma_and_inflection(sample):
    compiled = compile_patterns(sample)
    first = compiled.candidates("VERB", "rush", "rushed")
    assert first[0][1].specificity >= first[-1][1].specificity
    assert compiled.candidates("VERB", "sped", "sped")  # a listed irregular form
    assert compiled.has_word("&FOOD", {"wheat", "flour"})
    assert not compiled.has_word("&FOOD", {"flour"})


def test_shipped_patterns_load_once():
    assert load_patterns() is load_patterns()
    assert load_patterns().candidates("NOUN", "summit", "summit")


def test_bad_jsonl_line_names_the_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"code": "010"}\n', "utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        read_jsonl(path)


def test_petrarch_validation_dictionary_reads_as_it_is(shared_data):
    d = read_petrarch(shared_data / "eventdata" / "petrarch2" / "PETR.Validate.verbs.txt")
    assert len(d.patterns) > 500
    assert "&CURRENCY" in d.synsets
    compiled = compile_patterns(d)
    assert compiled.candidates("VERB", "abandon", "abandon")


def test_underscored_words_must_be_adjacent(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text(
        "--- WELCOME  [041] ---\nWELCOME\n- * MEMOS_ON_ECONOMY FROM [911]\n"
        "--- AGREE  [081] ---\nAGREE\n- % * [030:030]\n"
        "--- CELEBRATE  [181] ---\nCELEBRATE\n- * EID AT ^ WITH +  [043]\n",
        "utf-8",
    )
    d = read_petrarch(path)
    welcome = next(p for p in d.patterns if p.code == "911")
    assert welcome.object == ("memos", "_on", "_economy")  # "on" here is no phrase of its own
    assert welcome.preps == (("from", ()),)
    compiled = compile_patterns(d)
    seq = [("memos", "memo", 4), ("on", "on", 5), ("economy", "economy", 6)]
    assert compiled.in_order(welcome.object, seq)
    gap = [("memos", "memo", 4), ("on", "on", 5), ("the", "the", 6), ("economy", "economy", 7)]
    assert not compiled.in_order(welcome.object, gap)
    assert compiled.has_word("_economy", {"economy"})
    # "% * [030:030]": a compound subject acting on each other, more specific than the verb
    joint = next(p for p in d.patterns if p.code == "030")
    assert joint.target == "joint" and joint.specificity == 1
    # a slot ends a prepositional phrase: "WITH +" is a phrase of its own
    eid = next(p for p in d.patterns if p.code == "043")
    assert eid.preps == (("at", ()), ("with", ())) and eid.target == "prep:with"


def test_a_skipped_phrase_puts_the_target_in_the_next_one(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text("--- CELEBRATE  [181] ---\nCELEBRATE\n- * IFTAR IN ^ +  [045]\n", "utf-8")
    iftar = next(p for p in read_petrarch(path).patterns if p.code == "045")
    assert iftar.preps == (("in", ()),) and iftar.target == "after:in"


def test_a_form_listed_as_its_own_verb_wins_over_its_lemma(tmp_path):
    # PETRARCH matches words: "LEFT [032:033]" is not "LEAVE [012]" in the past tense
    path = tmp_path / "verbs.txt"
    path.write_text(
        "--- LEAVE  [012] ---\nLEAVE\n\n--- LEFT  [032:033] ---\nLEFT\n"
        "--- KILL  [190] ---\nKILL\n- * WOUNDED_AND_KILLED [---]\n",
        "utf-8",
    )
    compiled = compile_patterns(read_petrarch(path))
    (left,) = [p for _, p in compiled.candidates("VERB", "leave", "left")]
    assert (left.code, left.paired) == ("032", "033")
    assert [p.code for _, p in compiled.candidates("VERB", "leave", "leaves")] == ["012"]


def test_words_touching_the_verb_and_slots_around_pattern_words(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text(
        "--- ALLOW  [080] ---\nALLOW\n- RECENTLY_*  [025]\n- * REALLY_PLEASANT  [024]\n"
        "--- TALK  [040] ---\nTALK\n- WOULD_*_PEACE  [043]\n"
        "--- CELEBRATE  [181] ---\nCELEBRATE\n- + HOSTING * MAY_DAY $ [046]\n"
        "- + HOSTING * TABASKI ^ $ [042]\n",
        "utf-8",
    )
    d = read_petrarch(path)
    recently = next(p for p in d.patterns if p.code == "025")
    assert recently.before == ("recently",) and recently.touch_before
    pleasant = next(p for p in d.patterns if p.code == "024")
    assert not pleasant.touch_before and not pleasant.touch_after
    peace = next(p for p in d.patterns if p.code == "043")
    assert peace.touch_before and peace.touch_after and peace.object == ("peace",)
    may_day = next(p for p in d.patterns if p.code == "046")
    assert (may_day.target, may_day.source) == ("before:hosting", "object")
    tabaski = next(p for p in d.patterns if p.code == "042")
    assert tabaski.source == "skip:1"
    # the fields survive our JSONL form
    out = tmp_path / "verbs.jsonl"
    d.write_jsonl(out)
    again = read_jsonl(out)
    assert next(p for p in again.patterns if p.code == "043").touch_after
    assert next(p for p in again.patterns if p.code == "046").target == "before:hosting"
