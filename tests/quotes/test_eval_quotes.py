"""The PolNeAR scorer on a tiny hand-made brat annotation."""

from realpolitik.eval.quotes import (
    QuoteScores,
    Relation,
    load_polnear,
    read_brat,
    relations_of,
)

TEXT = "“We will win,” Smith said. Jones argued that taxes were too high."
#       0123456789012345678901234567890123456789012345678901234567890123
ANN = "\n".join(
    [
        "T1\tSource 15 20\tSmith",
        "T2\tCue 21 25\tsaid",
        "T3\tContent 0 14\t“We will win,”",
        "T4\tAttribution 21 25\tsaid",
        "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
        "T5\tSource 27 32\tJones",
        "T6\tCue 33 39\targued",
        "T7\tContent 40 50;51 64\tthat taxes were too high",
        "T8\tAttribution 33 39\targued",
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        "T9\tCue 0 1\tx",
        "T10\tAttribution-no-source 0 1\tx",
        "E3\tAttribution-no-source:T10 Cue:T9",
    ]
)


def test_read_brat_links_roles_and_keeps_discontinuous_spans():
    rels = read_brat(ANN)
    assert len(rels) == 2  # E3 has no content
    assert rels[0] == Relation(cue=((21, 25),), content=((0, 14),), source=((15, 20),))
    assert rels[1].content == ((40, 50), (51, 64))


def test_exact_trims_quote_marks_and_punctuation():
    gold = read_brat(ANN)
    pred = [
        Relation(cue=((21, 25),), content=((1, 12),), source=((15, 20),)),  # no marks or comma
        Relation(cue=((33, 39),), content=((40, 65),), source=((27, 32),)),
    ]
    s = QuoteScores()
    s.add(TEXT, gold, pred)
    for role in ("source", "cue", "content"):
        assert s.exact[role].f1 == 1.0
    assert s.relations.f1 == 1.0


def test_overlap_and_relations_count_partial_matches():
    gold = read_brat(ANN)
    pred = [
        # content misses "high": 4 of 5 words, Jaccard 0.8 -> overlap match, not exact
        Relation(cue=((33, 39),), content=((40, 60),), source=((27, 32),)),
        # a spurious attribution with no source
        Relation(cue=((21, 25),), content=((27, 32),), source=None),
    ]
    s = QuoteScores()
    s.add(TEXT, gold, pred)
    assert s.exact["content"].tp == 0
    assert s.overlap["content"].tp == 1
    assert s.exact["cue"].tp == 2
    assert s.exact["source"].precision == 1.0 and s.exact["source"].recall == 0.5
    assert s.relations.tp == 1 and s.relations.gold == 2 and s.relations.predicted == 2
    assert round(s.relations.f1, 3) == 0.5


def test_predicted_records_become_relations():
    quotes = [
        {
            "id": "q1",
            "kind": "direct",
            "speaker": {"actor": None, "text": "Smith", "start": 15, "end": 20},
            "cue": {"start": 21, "end": 25, "text": "said"},
            "content": {
                "start": 0,
                "end": 14,
                "text": TEXT[:14],
                "parts": [{"start": 0, "end": 14, "text": TEXT[:14]}],
            },
        }
    ]
    assert relations_of(quotes) == [
        Relation(cue=((21, 25),), content=((0, 14),), source=((15, 20),))
    ]


def test_load_polnear_dev_reads_one_annotation_per_text(shared_data):
    docs = load_polnear(shared_data, "dev")
    assert len(docs) == 84
    assert sum(len(d.relations) for d in docs) > 2000
    for d in docs[:5]:
        for r in d.relations:
            assert 0 <= r.cue[0][0] < r.cue[-1][1] <= len(d.text)


def test_load_polnear_every_annotator_repeats_the_texts_annotated_twice(shared_data):
    docs = load_polnear(shared_data, "dev", every_annotator=True)
    assert len(docs) == 94  # 84 texts, 94 .ann files
    assert len({d.annotation for d in docs}) == 94
    assert len({d.name for d in docs}) == 84


def test_eval_polnear_command_prints_the_figures(shared_data):
    import json

    from typer.testing import CliRunner

    from realpolitik.cli import app

    result = CliRunner().invoke(
        app,
        [
            "eval",
            "polnear",
            "--data",
            str(shared_data),
            "--split",
            "dev",
            "--limit",
            "2",
            "--workers",
            "1",
            "--quiet",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 2
    for role in ("source", "cue", "content"):
        assert 0.0 < figures["exact"][role]["f1"] <= 1.0
        assert 0.0 < figures["overlap"][role]["f1"] <= 1.0
    assert figures["relations"]["gold"] > 0
