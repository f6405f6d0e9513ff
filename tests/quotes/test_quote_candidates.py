"""Content candidates read off the real parse: the spans the ranker may choose from."""

import pytest

from realpolitik.pipeline import load_pipeline
from realpolitik.quotes.attribution import Scored, decode
from realpolitik.quotes.candidates import Reader, Span
from realpolitik.quotes.marks import find_quotations
from realpolitik.settings import Settings


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings())


def contents(nlp, text: str, cue: str) -> dict[str, str]:
    """The content candidates of the head `cue`, text -> kind."""
    doc = nlp(text)
    head = next(t for t in doc if t.text == cue)
    cand = Reader(doc, text, find_quotations(text)).candidate(head)
    return {text[c.start : c.end]: c.kind for c in cand.contents}


def test_a_constituent_a_few_words_into_a_clause(nlp):
    found = contents(nlp, "The governor called for Trump to drop out of the race.", "called")
    assert found.get("Trump to drop out of the race") == "advcl_in"


def test_the_subject_of_a_cue_that_happens_to_it(nlp):
    found = contents(nlp, "Her view is shared by several senators.", "shared")
    assert found.get("Her view") == "subject"
    assert "subject" not in contents(nlp, "Zelensky answers\n\nHe spoke.", "answers").values()


def test_the_subject_of_a_perception_cue(nlp):
    found = contents(nlp, "Clinton seemed irritated by the question.", "seemed")
    assert any(
        kind.endswith("_subj")
        for text, kind in found.items()
        if text.startswith("Clinton seemed irritated")
    )


def test_that_before_a_quotation(nlp):
    text = "She told reporters that “I need you tomorrow,” and left."
    found = contents(nlp, text, "told")
    assert found.get("that “I need you tomorrow,”") == "quote_that"


def test_a_sure_cue_keeps_a_content_the_ranker_hesitates_over():
    span = Span("ccomp", 0, 1, 0, 5)
    thresholds = {"head": 0.3, "source": 0.5, "relation": 0.4, "content_weight": 0.5}
    sure = Scored(0.9, span, span, None, 0.0, p_content=0.3)
    doubtful = Scored(0.5, Span("cue", 2, 3, 10, 15), span, None, 0.0, p_content=0.3)
    kept = decode([sure, doubtful], thresholds)
    assert [a.cue for a in kept] == [span]
