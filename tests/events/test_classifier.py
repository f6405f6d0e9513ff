"""The event-type classifier: the shipped artifact, its features, and the CV harness."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from realpolitik.events.classifier import (
    LABELS,
    EventTypeClassifier,
    featurize,
    read_verb_dictionary,
)
from realpolitik.events.training import near_duplicate_groups, read_conflibert
from realpolitik.settings import DEFAULT_MODEL


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_MODEL, disable=["ner"])


@pytest.fixture(scope="module")
def model(nlp):
    return EventTypeClassifier.load(nlp=nlp)


def test_the_shipped_artifact_loads_and_says_what_it_is(nlp):
    model = EventTypeClassifier.load(nlp=nlp)
    assert model.meta["labels"] == list(LABELS)
    assert model.meta["trained_on"]["conflibert"] > 1000
    assert model.coef.shape == (len(model.vectorizer.index), len(LABELS))


# Unambiguous in CAMEO terms: shelling 194, food aid 073, threat 13, praise 051,
# an appeal 02 (neutral in the penta scheme), signing an agreement 057 (a verbal act).
SENTENCES = {
    "Russian troops shelled the city.": "material_conflict",
    "Germany sent 500 tons of food aid to Sudan.": "material_cooperation",
    "Iran threatened to close the Strait of Hormuz.": "verbal_conflict",
    "The foreign minister praised the peace initiative.": "verbal_cooperation",
    "The UN called on both sides to exercise restraint.": "neutral",
    "The two leaders signed a trade agreement.": "verbal_cooperation",
    "Police arrested the opposition leader.": "material_conflict",
}


def test_predicts_sensible_classes(model):
    predictions = model.predict(list(SENTENCES))
    assert [p.label for p in predictions] == list(SENTENCES.values())
    assert all(0.0 <= p.probability <= 1.0 for p in predictions)
    assert predictions[0].penta_class == 4


def test_probabilities_are_distributions(model):
    proba = model.predict_proba(list(SENTENCES) + [""])
    assert proba.shape == (len(SENTENCES) + 1, len(LABELS))
    assert np.all((proba >= 0) & (proba <= 1))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.predict([]) == []


def test_docs_and_sentence_spans_are_accepted(model, nlp):
    text = "Russian troops shelled the city. The rebels released twenty hostages."
    doc = nlp(text)
    first, second = list(doc.sents)
    by_span = model.predict([first, second])
    by_text = model.predict([first.text, second.text])
    assert [p.label for p in by_span] == ["material_conflict", "material_cooperation"]
    assert [p.label for p in by_text] == [p.label for p in by_span]
    # a sentence parsed inside its document may parse a little differently than alone
    assert [p.probability for p in by_text] == pytest.approx(
        [p.probability for p in by_span], abs=0.05
    )
    assert model.predict([nlp(first.text)])[0].label == "material_conflict"


def test_save_and_load_round_trip(model, nlp, tmp_path):
    path = tmp_path / "model.npz"
    model.save(path)
    again = EventTypeClassifier.load(path, nlp=nlp)
    texts = list(SENTENCES)
    assert np.allclose(again.predict_proba(texts), model.predict_proba(texts), atol=1e-3)


def test_a_missing_or_foreign_artifact_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.npz"):
        EventTypeClassifier.load(tmp_path / "nothere.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, meta=np.frombuffer(b'{"format": 99}', dtype=np.uint8))
    with pytest.raises(ValueError, match="format 99"):
        EventTypeClassifier.load(bad)


VERBS = """\
&WEAPON
+MISSILE
+ROCKET_

####### VERB PATTERNS #######

---  ATTACK   [190]  ---
BOMB  [195]
SHELL
- * &WEAPON                                   [194]         # SHELL
- * (WITH ROCKETS)                            [194]         # SHELL

---  PROMISE   [030]  ---
+PROMISE_TO {+PROMISED_TO +PROMISES_TO}
PLEDGE
"""


def test_verb_dictionary_reader_and_lexicon_cues(tmp_path, nlp):
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS)
    lex = read_verb_dictionary(path)
    assert lex.synsets["&WEAPON"] == frozenset({"missile", "rocket"})
    assert ("bomb",) in [w for w, _, _ in lex.verbs["bomb"]]
    assert lex.patterns["shell"][0] == ((), ("&WEAPON",), "194")
    cues = featurize(nlp("The army shelled the town with a missile."), lex)["x"]
    assert cues["vr:19"] >= 2  # the block default 190 and the pattern 194
    assert cues["pr:19"] == 1 and cues["mq:4"] >= 1
    cues = featurize(nlp("They pledged to bomb the bridge."), lex)["x"]
    assert cues["intq:4"] == 1  # bombing, but only promised
    assert cues["mr:03"] == 1


def test_near_duplicates_share_a_group():
    texts = [
        "The United States suspended military aid to Pakistan.",
        "The United States suspended military aid to Pakistan!",
        "The United States suspended military aid to Guatemala.",
        "Rebels shelled the capital overnight.",
    ]
    groups = near_duplicate_groups(texts)
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_conflibert_reader_names_bad_lines(tmp_path):
    path = tmp_path / "train.tsv"
    path.write_bytes(b"Troops attacked the town.\t4\r\nNo label here\r\n")
    with pytest.raises(ValueError, match=r"train.tsv:2"):
        read_conflibert(path)
    path.write_bytes(b"Troops attacked the town.\t4\r\nLeaders met.\t1\r\n")
    assert [(e.text, e.label) for e in read_conflibert(path)] == [
        ("Troops attacked the town.", 4),
        ("Leaders met.", 1),
    ]


def test_cross_validation_smoke_run(shared_data, nlp):
    pytest.importorskip("sklearn")
    from realpolitik.events.training import cross_validate, format_cv_table

    result = cross_validate(
        shared_data / "eventdata", folds=3, limit=150, n_jobs=1, extra=("plover",), nlp=nlp
    )
    assert result["n"] == 150 and result["folds"] == 3
    for name in ("model", "baseline"):
        scores = result[name]
        assert set(scores["per_class"]) == set(LABELS)
        assert sum(c["support"] for c in scores["per_class"].values()) == 150
        assert 0.0 <= scores["macro_f1"] <= 1.0
        assert np.array(scores["confusion"]).sum() == 150
    table = format_cv_table(result)
    assert "macro-F1" in table and "material_conflict" in table


def test_the_shipped_plover_type_model_predicts_current_plover_types(nlp):
    from realpolitik.events.cameo import PLOVER_TYPES
    from realpolitik.events.classifier import PLOVER_ARTIFACT

    plover = EventTypeClassifier.load(nlp=nlp, artifact=PLOVER_ARTIFACT)
    assert sorted(plover.labels) == sorted(PLOVER_TYPES)
    assert plover.meta["trained_on"]["plover"] > 300 and plover.meta["trained_on"]["cameo"] > 200
    texts = ["Russian troops shelled the city.", "Germany sent 500 tons of food aid to Sudan."]
    assert [p.label for p in plover.predict(texts)] == ["ASSAULT", "AID"]
    proba = plover.predict_proba(texts)
    assert proba.shape == (2, len(PLOVER_TYPES)) and np.allclose(proba.sum(axis=1), 1.0)
    # one featurization serves both models (same verb lexicon)
    penta = EventTypeClassifier.load(nlp=nlp)
    feats = [featurize(d, penta.lexicon) for d in nlp.pipe(texts)]
    assert [p.label for p in plover.predict_features(feats)] == ["ASSAULT", "AID"]
