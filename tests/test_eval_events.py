"""Event scoring: PETRARCH-2 unit tests, PLOVER gold records, ConfliBERT (eval.events)."""

import json

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.eval.actors import GoldActor
from realpolitik.eval.events import (
    CaseJudgement,
    PetrarchCase,
    PloverEventRecord,
    best_event,
    evaluate_conflibert,
    evaluate_petrarch_events,
    evaluate_plover_events,
    failure_kind,
    load_petrarch_cases,
    predicted_triples,
    score_petrarch_events,
    score_plover_events,
    trigger_spans,
)
from realpolitik.records import Actor, Document


def event(source, target, cameo, plover=None, trigger=(0, 1), text=None):
    def part(actor_id):
        return {"actor": actor_id, "text": text or actor_id, "code": None} if actor_id else None

    return {
        "source": part(source),
        "target": part(target),
        "cameo": cameo,
        "plover": plover,
        "trigger": {"start": trigger[0], "end": trigger[1], "text": "x"},
    }


def document(events, **codes):
    actors = [Actor(id=k, name=k, code=v) for k, v in codes.items()]
    return Document(id="d", text="t", actors=actors, events=events)


# --- PETRARCH triples ------------------------------------------------------------------


def test_predicted_triples_spell_codes_as_petrarch_does():
    doc = document(
        [event("a", "b", "064"), event("c", None, "023"), event("d", "a", "190")],
        a="FRO/BIL",
        b="gon",
        c="~GOV",
        d=None,
    )
    assert predicted_triples(doc) == {
        ("FRO", "GON", "064"),
        ("BIL", "GON", "064"),
        ("---GOV", "---", "023"),
        ("---", "FRO", "190"),
        ("---", "BIL", "190"),
    }


def test_uncoded_actor_is_its_quoted_text_when_expected():
    doc = document([event("m", "g", "033", text="the Ministry of  Magic")], m=None, g="GON")
    expected = {('"THE MINISTRY OF MAGIC"', "GON", "033")}
    assert predicted_triples(doc, expected) == expected


def test_pass_needs_the_exact_set():
    cases = [
        PetrarchCase("A", "DEMO", None, "t", frozenset({("ARN", "GON", "064")})),
        PetrarchCase("B", "DEMO", None, "t", frozenset()),  # noevents
        PetrarchCase("C", "VERB", None, "t", frozenset({("ARN", "GON", "064")})),
        PetrarchCase("D", "ERROR", None, "t", skipped="error:dateline"),
    ]
    docs = [
        document([event("a", "g", "064")], a="ARN", g="GON"),
        document([]),
        document([event("a", "g", "064"), event("g", "a", "064")], a="ARN", g="GON"),
    ]
    result = score_petrarch_events(cases, docs)
    assert [j.passed for j in result.judgements] == [True, True, False]
    assert result.pass_rate == pytest.approx(2 / 3)
    assert result.skipped == {"error:dateline": 1}
    assert result.by_category()["DEMO"] == {"n": 2, "passed": 2, "rate": 1.0}
    assert result.failure_kinds() == {"extra events": 1}
    with pytest.raises(ValueError, match="scorable"):
        score_petrarch_events(cases, docs[:2])


@pytest.mark.parametrize(
    ("expected", "predicted", "kind"),
    [
        ([("A", "B", "01")], [], "no event coded"),
        ([], [("A", "B", "01")], "event coded, none expected"),
        ([("A", "B", "01")], [("A", "B", "02")], "wrong code"),
        ([("A", "B", "01")], [("A", "---", "01")], "wrong actors"),
        ([("A", "B", "01")], [("A", "C", "02")], "wrong actors and code"),
        ([("A", "B", "01"), ("A", "C", "01")], [("A", "B", "01")], "missing events"),
    ],
)
def test_failure_kind(expected, predicted, kind):
    assert failure_kind(CaseJudgement("s", "c", "t", expected, predicted)) == kind


def test_load_petrarch_cases(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(
        """<Validation><Environment><Include>DEMO</Include></Environment><Sentences>
<Sentence date="19950101" id="D-1" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>Arnor is about
 to restore ties with Gondor.</Text>
<Parse>(ROOT (S (NP (NNP Arnor)) (VP (VBZ is) (ADJP (RB about) (S (VP (TO to) (VP (VB restore)
 (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor)))))))) (. .)))</Parse></Sentence>
<Sentence date="19950101" id="D-2" category="DEMO">
<EventCoding noevents="True"></EventCoding><Text>Nothing, Arnor said.</Text>
<Parse>(ROOT (NP (NN Nothing)))</Parse></Sentence>
<Sentence date="19950101" id="D-3" category="DEMO">
<EventCoding noevents="True"></EventCoding><Text>The Arnor government left.</Text>
<Parse>(ROOT (S (NP (DT The) (JJ Arnor) (NNS Congresses)) (VP (VBD left)) (. .)))</Parse>
</Sentence>
<Sentence date="19950101" id="X-1" category="AGENTS">
<EventCoding sourcecode="A" targetcode="B" eventcode="01"></EventCoding><Text>x</Text></Sentence>
</Sentences></Validation>""",
        "utf-8",
    )
    a, b, d, c = load_petrarch_cases(path)
    assert a.expected == {("ARN", "GON", "064"), ("---GOV", "---", "023")}
    assert a.text == "Arnor is about to restore ties with Gondor." and a.date == "1995-01-01"
    assert b.expected == frozenset() and b.skipped is None
    assert c.skipped == "category not in <Include>"
    # a parse of the same words (or of their start) is the text's; of other words it is not
    assert not a.parse_differs and not b.parse_differs and d.parse_differs


# --- PLOVER types ----------------------------------------------------------------------


def test_trigger_spans_from_markup():
    text = "Libya has offered to hand over to Great Britain two of its nationals."
    markup = (
        "(SRC: Libya) has (EVT: offered to hand over) to (TAR: Great Britain) two of its nationals."
    )
    (span,) = trigger_spans(text, markup)
    assert text[span[0] : span[1]] == "offered to hand over"
    # markup that does not de-tag to the text: the phrase is searched
    (span,) = trigger_spans("Libya  has offered it.", "(SRC: Libya) has (EVT: offered) it.")
    assert span == (11, 18)


def test_best_event_prefers_the_gold_trigger():
    first, second = event("a", "b", "042", trigger=(0, 5)), event("a", "b", "190", trigger=(10, 15))
    assert best_event([second, first], [(12, 20)]) == (second, True)
    assert best_event([second, first], [(30, 40)]) == (first, False)
    assert best_event([], [(0, 1)]) == (None, False)


def test_best_event_prefers_events_with_a_plover_type():
    said = event("a", None, "010", None, trigger=(0, 4))  # a CAMEO 01 statement
    demand = event("a", "b", "100", "REQUEST", trigger=(10, 14))
    assert best_event([said, demand], [(0, 4)]) == (demand, False)
    assert best_event([said], [(0, 4)]) == (said, True)


def gold(role, code):
    return GoldActor("R", role, code, code, None)


def test_plover_type_and_full_match():
    records = [
        PloverEventRecord(
            "R1", None, "t", "FIGHT", "ASSAULT", [gold("source", "ISR")],
            [gold("target", "LBN"), gold("target", "SYR")], [(0, 5)],
        ),
        PloverEventRecord("R2", None, "t", "DEMAND", "REQUEST", [gold("source", "USA")], []),
        PloverEventRecord("R3", None, "t", "AGREE", "AGREE", [gold("source", "FRA")], []),
        PloverEventRecord("R4", None, "t", "AID", "AID", [gold("source", "FRA")], []),
        PloverEventRecord(
            "R5", None, "t", "AGREE", "AGREE", [gold("source", "HUN"), gold("source", "ROU")], []
        ),
        PloverEventRecord(
            "R6", None, "t", "AGREE", "AGREE", [gold("source", "HUN"), gold("source", "ROU")], []
        ),
        PloverEventRecord(
            "R7", None, "t", "AGREE", "AGREE", [gold("source", "HUN"), gold("source", "ROU")], []
        ),
    ]  # fmt: skip
    docs = [
        document([event("i", "s", "190", "ASSAULT", (0, 3))], i="ISRMIL", s="SYR"),
        document([event("u", "r", "100", "REQUEST")], u="USA", r="RUS"),  # a target not wanted
        document([event("f", None, "042", "CONSULT")], f="FRA"),
        document([]),
        # SRC/TAR gold: the sources act on each other, not on themselves
        document([event("r", "h", "030", "AGREE")], r="ROU", h="HUNGOV"),
        document([event("r", "h", "030", "AGREE")], r="ROU", h="ROUGOV"),
        document([event("r", None, "030", "AGREE")], r="ROU"),  # as the record has it
    ]
    result = score_plover_events(records, docs)
    assert [(j.type_ok, j.full_ok) for j in result.judgements] == [
        (True, True),
        (True, False),
        (False, False),
        (False, False),
        (True, True),
        (True, False),
        (True, True),
    ]
    assert result.type_accuracy == 5 / 7 and result.full_accuracy == 3 / 7
    assert result.no_event == 1
    assert result.judgements[0].at_trigger
    assert ("AGREE", "CONSULT", 1) in result.confusions()
    assert ("AID", "no event", 1) in result.confusions()
    assert result.by_type()["ASSAULT"] == {"n": 1, "type": 1.0, "full": 1.0}


# --- smoke runs on the shared data -----------------------------------------------------


def test_petrarch_smoke(shared_data):
    result = evaluate_petrarch_events(shared_data, limit=10)
    assert result.sentences == 10 and result.n == 10
    assert 0.0 <= result.pass_rate <= 1.0
    d = result.to_dict(errors=3)
    assert set(d["by_category"]) == {"DEMO"} and len(d["errors"]) <= 3
    json.dumps(d)


def test_plover_smoke(shared_data):
    result = evaluate_plover_events(shared_data, limit=10, second_opinion=False)
    assert result.n == 10
    assert all(j.gold_type == "AGREE" for j in result.judgements)
    assert "not consulted" in result.to_dict()["type_source"]
    json.dumps(result.to_dict(errors=5))


def test_plover_second_opinion_is_out_of_fold_and_reported_apart(shared_data):
    result = evaluate_plover_events(shared_data, limit=12)
    d = result.to_dict()
    assert "out-of-fold" in d["type_source"]
    assert d["type_accuracy_patterns_only"] <= d["type_accuracy"]
    assert all(j.type_from in ("patterns", "classifier", None) for j in result.judgements)


def test_plover_type_oof_never_sees_the_predicted_sentence(shared_data):
    from realpolitik.events.training import plover_type_oof

    texts = [
        "Russia attacked Ukraine with artillery.",
        "Russia attacked Ukraine with artillery.",  # a duplicate stays in one fold
        "France agreed to send aid to Mali.",
        "Germany will send aid to Mali.",
        "Protesters rallied against the government in Paris.",
        "Students demonstrated against the government in Rome.",
    ]
    types = ["ASSAULT", "ASSAULT", "AGREE", "AGREE", "PROTEST", "PROTEST"]
    out = plover_type_oof(texts, types, shared_data / "eventdata", folds=2)
    assert len(out) == 6 and all(t and 0.0 < p <= 1.0 for t, p in out)


def test_split_labels_are_decided_by_a_code_under_their_own_root():
    record = PloverEventRecord("R", None, "t", "CONCEDE", "CONCEDE")
    assert record.current_type("0814") == "RETREAT"  # ease state of emergency
    assert record.current_type("083") == "CONCEDE"
    assert PloverEventRecord("R", None, "t", "FIGHT", "ASSAULT").current_type("173") == "ASSAULT"
    assert PloverEventRecord("R", None, "t", "FIGHT", "ASSAULT").current_type("192") == "COERCE"


def test_conflibert_smoke(shared_data):
    result = evaluate_conflibert(shared_data, limit=100, folds=2, workers=1)
    assert result.figures["n"] == 100
    assert 0.0 <= result.macro_f1 <= 1.0 and 0.0 <= result.baseline_macro_f1 <= 1.0
    assert "macro-F1" in result.table()


def test_cli_petrarch_unit(shared_data):
    out = CliRunner().invoke(
        app, ["eval", "petrarch-unit", "--data", str(shared_data), "--limit", "5", "-q",
              "--workers", "1", "--errors", "2"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "Exact triple sets" in out.output and "DEMO" in out.output


def test_cli_plover_gsr_json(shared_data):
    out = CliRunner().invoke(
        app, ["eval", "plover-gsr", "--data", str(shared_data), "--limit", "5", "-q",
              "--workers", "1", "--format", "json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["n"] == 5


def test_cli_missing_data_exits_2(tmp_path):
    for command in ("petrarch-unit", "plover-gsr", "conflibert-cv"):
        out = CliRunner().invoke(app, ["eval", command, "--data", str(tmp_path), "-q"])
        assert out.exit_code == 2, (command, out.output)
