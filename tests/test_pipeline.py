import json
from importlib import resources

import jsonschema
import pytest

import realpolitik
from realpolitik.pipeline import Analyzer, ModelNotInstalled, load_pipeline
from realpolitik.records import Article, Document
from realpolitik.settings import Settings
from realpolitik.sources.text import read_text_file

SCHEMA = json.loads(
    resources.files("realpolitik.data").joinpath("document.schema.json").read_text()
)


@pytest.fixture(scope="module")
def example_doc(example_path) -> Document:
    art = read_text_file(example_path, Settings())
    return next(Analyzer().analyze([art]))


def test_document_matches_schema(example_doc):
    d = example_doc.to_dict()
    jsonschema.validate(d, SCHEMA)
    assert d["title"] == "The Putin-Trump Dynamic: Opportunities and Risks for Russia"
    assert d["author"] == "Mark Galeotti"
    # With no focal actor the document lists no ranked opportunities or risks.
    assert d["assessment"]["focus"] is None
    assert d["assessment"]["opportunities"] == [] and d["assessment"]["risks"] == []


def test_actor_mentions_are_offsets_into_text(example_doc):
    text = example_doc.text
    assert example_doc.actors
    for actor in example_doc.actors:
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text


def test_ner_entities_grouped_per_document(example_doc):
    by_name = {a.name: a for a in example_doc.actors}
    # Full name and surname mentions of one person are one actor.
    putin = by_name["Vladimir Putin"]
    assert putin.kind == "person" and len(putin.mentions) >= 3
    assert {"Vladimir Putin", "Putin"} <= {m.text for m in putin.mentions}
    assert "Dmitry Peskov" in by_name and "Volodymyr Zelensky" in by_name
    # The small model tags "Trump" PERSON in some sentences and ORG in others: still one actor.
    assert "Trump" not in by_name
    assert by_name["Donald Trump"].kind == "person" and len(by_name["Donald Trump"].mentions) >= 8
    assert by_name["Russia"].kind == "state"
    ids = [a.id for a in example_doc.actors]
    assert len(ids) == len(set(ids))


def test_undated_document_uses_today_and_says_so():
    doc = realpolitik.analyze("The Kremlin welcomed Donald Trump's overtures.")
    assert doc.published is None
    assert doc.meta["reference_date_source"].startswith("today")
    dated = realpolitik.analyze(
        "The Kremlin welcomed Donald Trump's overtures.", published="2025-03-07"
    )
    assert dated.meta["reference_date"] == "2025-03-07"


def test_api_analyze_keeps_text_exactly():
    text = "  Vladimir Putin met Chinese President Xi Jinping in Beijing.\n\nThey signed a deal.  "
    doc = realpolitik.analyze(text, title="Summit")
    assert doc.text == text and doc.title == "Summit"
    names = {a.name for a in doc.actors}
    assert {"Vladimir Putin", "Xi Jinping", "Beijing"} <= names


def test_analyze_many_two_workers_same_as_one():
    texts = [f"Emmanuel Macron called Olaf Scholz about Ukraine on day {i}." for i in range(40)]
    one = [d.to_dict() for d in realpolitik.analyze_many(texts, workers=1)]
    two = [d.to_dict() for d in realpolitik.analyze_many(texts, workers=2)]
    assert one == two and len(one) == 40


def test_analyze_many_accepts_articles_and_rows():
    docs = list(
        realpolitik.analyze_many(
            [
                Article(text="NATO warned Russia.", id="x1"),
                {
                    "id": "x2",
                    "text": "Germany supplied tanks to Ukraine.",
                    "published": "2023-01-25",
                },
            ]
        )
    )
    assert [d.id for d in docs] == ["x1", "x2"] and docs[1].published == "2023-01-25"


def test_pipeline_loaded_once_and_model_configurable():
    assert load_pipeline(Settings()) is load_pipeline(Settings().model)
    with pytest.raises(ModelNotInstalled, match="not installed"):
        load_pipeline("en_core_web_nonexistent")


def test_document_round_trip(example_doc):
    d = example_doc.to_dict()
    assert Document.from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_a_text_a_component_fails_on_loses_nothing_else(tmp_path):
    from spacy.language import Language

    from realpolitik.pipeline import analyze_batch, load_pipeline
    from realpolitik.records import Article

    # A pipeline instance of its own (the cache key differs), with a component that fails
    # on one text, as a bug in a real component would.
    extra = tmp_path / "extra.yaml"
    extra.write_text("- name: Jane Roe\n  kind: person\n  roles: [{code: GBRGOV}]\n")
    settings = Settings().with_(actor_files=(str(extra),))
    nlp = load_pipeline(settings)

    if "fail_on_boom" not in Language.factories:

        @Language.component("fail_on_boom")
        def fail_on_boom(doc):
            if "BOOM" in doc.text:
                raise ValueError("cannot analyze this")
            return doc

    nlp.add_pipe("fail_on_boom", last=True)
    texts = ["Vladimir Putin met Xi Jinping in Moscow.", "BOOM.", "Jane Roe spoke in London."]
    docs = analyze_batch([Article(text=t, published="2024-05-01") for t in texts], settings)
    assert [d.text for d in docs] == texts
    assert [bool(d.meta.get("error")) for d in docs] == [False, True, False]
    assert "ValueError: cannot analyze this" in docs[1].meta["error"]
    assert docs[1].actors == [] and {a.name for a in docs[2].actors} >= {"Jane Roe"}


def test_a_name_that_normalises_to_nothing_does_not_fail(shared_data):
    # This PolNeAR article once made surname linking fail (an empty name key).
    path = (
        shared_data / "quotes/polnear/data/dev/text/"
        "huff-post_2016-09-27_latinos-share-their-most-honest-.txt"
    )
    if not path.exists():
        pytest.skip(f"{path} is not available")
    article = Article(text=path.read_text(encoding="utf-8"), published="2016-09-27")
    doc = next(Analyzer().analyze([article]))
    assert "error" not in doc.meta and doc.actors


def test_news_tokenizer_splits_a_hanging_hyphen():
    from realpolitik.nlp import load_model

    nlp = load_model(Settings().model, disable=["parser", "ner", "tagger", "lemmatizer"])
    words = [t.text for t in nlp.make_doc("an anti- Gondor parade, pre- and post-war")]
    assert words == [
        "an",
        "anti",
        "-",
        "Gondor",
        "parade",
        ",",
        "pre",
        "-",
        "and",
        "post",
        "-",
        "war",
    ]
    assert [t.text for t in nlp.make_doc("e- ")] == ["e-"]  # a lone letter keeps its hyphen


def test_one_blas_thread_per_process_unless_the_user_says_otherwise():
    import os
    import subprocess
    import sys

    probe = (
        "import realpolitik, numpy; from threadpoolctl import threadpool_info; "
        "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}

    def threads(**extra) -> int:
        out = subprocess.run(
            [sys.executable, "-c", probe], env={**env, **extra}, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        return int(out.stdout)

    assert threads() == 1
    assert threads(OPENBLAS_NUM_THREADS="2") == 2
