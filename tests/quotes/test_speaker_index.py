"""Speakers behind sources when the actor resolver gives two actors the same span."""

from realpolitik.pipeline import load_pipeline
from realpolitik.quotes.component import QuoteExtractor, SpeakerIndex
from realpolitik.records import Actor, Mention
from realpolitik.settings import Settings

TEXT = "The spokesman said that the talks would resume on Monday."


def _actors(text: str) -> list[Actor]:
    start = text.index("The spokesman")
    end = start + len("The spokesman")
    mention = Mention(start, end, text[start:end])
    return [
        Actor("a1", "Spokesman A", code="RUSGOV", mentions=[mention]),
        Actor("a2", "Spokesman B", code="USAGOV", mentions=[Mention(start, end, mention.text)]),
    ]


def test_actors_sharing_a_span_do_not_break_the_index():
    actors = _actors(TEXT)
    index = SpeakerIndex(actors)
    actor, covers_head = index.actor(0, len("The spokesman"), TEXT.index("spokesman"))
    assert actor in actors
    assert covers_head


def test_quotes_of_a_doc_whose_actors_share_a_span():
    nlp = load_pipeline(Settings())
    doc = nlp.make_doc(TEXT)
    for name, proc in nlp.pipeline:
        if name == "realpolitik_quotes":
            break
        doc = proc(doc)
    doc._.actors = _actors(TEXT)
    doc = QuoteExtractor()(doc)
    said = [q for q in doc._.quotes if q["cue"]["text"] == "said"]
    assert len(said) == 1
    assert said[0]["speaker"]["actor"] in ("a1", "a2")
    assert said[0]["speaker"]["text"] == "The spokesman"
