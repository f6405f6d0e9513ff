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
