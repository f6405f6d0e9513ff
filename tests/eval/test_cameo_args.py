"""`eval cameo-args`: reading the cameo_ner file, matching spans, and a real run."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.eval.cameo_args import (
    ArgSentence,
    detokenize,
    evaluate_cameo_args,
    judge,
    load_cameo_ner,
    part_of,
    score,
)
from realpolitik.records import Document

TOKENS = "Around 3 , 000 Saudi Arabia ’ s troops attacked Arab - Israeli posts in L ó pez .".split()
TAGS = ["B-S", "I-S", "I-S", "I-S", "I-S", "I-S", "I-S", "I-S", "I-S", "O",
        "B-T", "I-T", "I-T", "I-T", "O", "O", "O", "O", "O"]  # fmt: skip


def test_detokenize_joins_what_news_writes_together() -> None:
    text, offsets = detokenize(TOKENS)
    assert text == "Around 3,000 Saudi Arabia’s troops attacked Arab-Israeli posts in López."
    assert [text[s:e] for s, e in offsets] == TOKENS


def test_gold_spans_and_a_reciprocal_party_counts_for_both_roles() -> None:
    s = ArgSentence(0, TOKENS, TAGS)
    assert [s.words(g) for g in s.gold("source")] == ["Around 3 , 000 Saudi Arabia ’ s troops"]
    assert [s.words(g) for g in s.gold("target")] == ["Arab - Israeli posts"]
    r = ArgSentence(1, ["A", "and", "B", "met", "."], ["B-R", "I-R", "I-R", "O", "O"])
    assert r.gold("source") == r.gold("target") == [frozenset({0, 1, 2})]


def _event(text: str, source: str, target: str | None, main: bool = False) -> dict:
    def part(words: str | None) -> dict | None:
        if words is None:
            return None
        start = text.index(words)
        return {
            "actor": None,
            "code": None,
            "text": words,
            "start": start,
            "end": start + len(words),
        }

    return {"source": part(source), "target": part(target), "cameo": "190", "main_event": main}


def test_main_event_is_scored_and_jaccard_half_is_a_match() -> None:
    s = ArgSentence(0, TOKENS, TAGS)
    doc = Document(id="d", text=s.text)
    doc.events = [
        _event(s.text, "posts", "López"),  # not the main event: wrong both ways
        _event(s.text, "Saudi Arabia’s troops", "Arab-Israeli posts", main=True),
    ]
    j = judge(s, doc)
    result = score([j], "dev")
    main = result.scores["source/overlap/main"]
    assert (main.tp_pred, main.n_pred, main.tp_gold, main.n_gold) == (1, 1, 1, 1)  # 5/9 >= 0.5
    assert result.scores["source/exact/main"].tp_pred == 0  # "Around 3,000" left out
    assert result.scores["target/exact/main"].f1 == 1.0
    every = result.scores["source/overlap/all"]
    assert (every.tp_pred, every.n_pred) == (1, 2)  # precision over all events
    assert result.dyad_recall == 1.0 and result.dyad_recall_main == 1.0
    doc.events[1]["main_event"] = False  # no flag: the first event stands for the sentence
    assert score([judge(s, doc)], "dev").dyad_recall_main == 0.0


def test_no_event_is_an_error_of_its_own() -> None:
    s = ArgSentence(0, TOKENS, TAGS)
    result = score([judge(s, Document(id="d", text=s.text))], "dev")
    assert result.error_kinds() == {"no event": 1}
    assert result.scores["source/overlap/main"].recall == 0.0


def test_a_real_run_on_the_held_out_part(shared_data: Path) -> None:
    path = shared_data / "eventdata/conflibert/cameo_ner/train.txt"
    if not path.is_file():
        pytest.skip(f"no cameo_ner data at {path}")
    sentences = load_cameo_ner(path)
    assert len(sentences) == 1153
    dev, train = part_of(sentences, "dev"), part_of(sentences, "train")
    assert len(dev) == 231 and len(train) == 922
    assert not {s.index for s in dev} & {s.index for s in train}
    result = evaluate_cameo_args(shared_data, part="dev", limit=12)
    assert result.n == 12
    for j in result.judgements:
        for src, tgt, _ in j.events:
            for toks in (src, tgt):
                assert toks is None or toks <= frozenset(range(len(j.sentence.tokens)))
    assert result.scores["source/overlap/main"].n_pred > 0
