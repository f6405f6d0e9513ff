"""Texts longer than a parse piece (`Settings.chunk_chars`) and than spaCy's `max_length`:
parsed in pieces, analyzed whole, every offset into the whole text."""

import json
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.pipeline import analyze_batch, chunk_text
from realpolitik.records import Article, Document
from realpolitik.settings import Settings

PARAGRAPH = (
    "Vladimir Putin met Xi Jinping in Beijing on Tuesday. Emmanuel Macron warned Russia "
    "that further escalation would have consequences. \u201cWe will not accept this deal,\u201d "
    "Olaf Scholz said in Berlin. NATO criticized China for its support of the sanctions."
)


def spans(document: Document) -> list[dict]:
    """Every record part of the Document JSON that points into the text (start, end, text)."""
    found = []

    def walk(x):
        if isinstance(x, dict):
            if {"start", "end", "text"} <= x.keys() and isinstance(x["start"], int):
                found.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(document.to_dict())
    return found


def test_pieces_join_back_and_end_at_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {k}. " + "word " * (k % 7) for k in range(200))
    pieces = chunk_text(text, 300)
    assert "".join(pieces) == text
    assert all(len(p) <= 300 for p in pieces) and len(pieces) > 5
    assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_a_giant_paragraph_is_cut_after_sentences_then_spaces_then_anywhere():
    sentences = "One two three. " * 100
    assert all(p.endswith(". ") for p in chunk_text(sentences, 100)[:-1])
    words = "word " * 100
    assert all(p.endswith(" ") for p in chunk_text(words, 48)[:-1])
    blob = "x" * 250
    assert chunk_text(blob, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert chunk_text("", 100) == [""] and chunk_text("short", 100) == ["short"]


def test_a_long_text_has_every_offset_into_the_whole_text():
    text = "\n\n".join(PARAGRAPH for _ in range(16))  # ~4,800 characters
    settings = Settings().with_(chunk_chars=1_000)
    assert len(chunk_text(text, 1_000)) >= 4
    [chunked] = analyze_batch([Article(text=text, published="2025-03-07")], settings)
    assert "error" not in chunked.meta and chunked.text == text
    found = spans(chunked)
    assert found and max(s["end"] for s in found) > len(text) - len(PARAGRAPH)
    for s in found:
        assert text[s["start"] : s["end"]] == s["text"]
    for event in chunked.to_dict()["events"]:
        assert 0 <= event["sentence"]["start"] < event["sentence"]["end"] <= len(text)
    # One actor across the pieces, mentioned in each paragraph.
    putin = next(a for a in chunked.actors if a.name == "Vladimir Putin")
    assert len(putin.mentions) == 16
    # Cut at paragraph breaks, the parse is the one of the whole text: the same records.
    [whole] = analyze_batch([Article(text=text, published="2025-03-07")], Settings())
    assert chunked.to_dict() == whole.to_dict()


def test_a_text_over_spacys_max_length_is_analyzed_with_the_rest_of_its_batch():
    # Mostly whitespace, so that it parses in seconds; the sentence sits past 1,000,000.
    sentence = "Vladimir Putin met Xi Jinping in Beijing on Tuesday."
    text = "Summit.\n\n" + " " * 1_000_000 + sentence
    texts = [PARAGRAPH, text, PARAGRAPH.replace("Putin", "Medvedev")]
    docs = analyze_batch([Article(text=t, published="2025-03-07") for t in texts], Settings())
    assert [d.text for d in docs] == texts
    assert not [d.meta["error"] for d in docs if "error" in d.meta]
    assert all(d.actors for d in docs)
    putin = next(a for a in docs[1].actors if a.name == "Vladimir Putin")
    [mention] = putin.mentions
    assert mention.start == len(text) - len(sentence)
    assert text[mention.start : mention.end] == "Vladimir Putin"
    assert docs[1].to_dict()["events"][0]["trigger"]["start"] > 1_000_000


def test_a_text_over_the_input_limit_is_refused_by_name_and_the_rest_analyzed():
    settings = Settings().with_(max_bytes=1_000)
    texts = ["NATO warned Russia.", "\u00e9" * 600, "Germany supplied tanks to Ukraine."]
    docs = analyze_batch(
        [Article(text=t, origin=f"in{k}.txt") for k, t in enumerate(texts)], settings
    )
    assert [d.text for d in docs] == texts
    assert [bool(d.meta.get("error")) for d in docs] == [False, True, False]
    assert "1,200 bytes" in docs[1].meta["error"] and "1,000 bytes" in docs[1].meta["error"]
    assert docs[1].meta["origin"] == "in1.txt" and docs[1].actors == []
    assert docs[0].actors and docs[2].actors


def test_an_articles_warnings_are_kept_in_the_document():
    warned = Article(text="NATO warned Russia.", extra={"warnings": ["decoded as cp1252"]})
    plain = Article(text="NATO warned Russia.", id="plain")
    docs = analyze_batch([warned, plain], Settings())
    assert docs[0].meta["warnings"] == ["decoded as cp1252"]
    assert "warnings" not in docs[1].meta


def test_a_stored_text_over_the_input_limit_is_named_and_the_rest_analyzed(tmp_path: Path):
    (tmp_path / "short.txt").write_text(PARAGRAPH, encoding="utf-8")
    (tmp_path / "long.txt").write_text("\n\n".join([PARAGRAPH] * 8), encoding="utf-8")
    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    inputs = [str(tmp_path / "short.txt"), str(tmp_path / "long.txt")]
    ingested = runner.invoke(app, ["ingest", *inputs, "--store", store, "--quiet"])
    assert ingested.exit_code == 0, ingested.output
    out = tmp_path / "docs.jsonl"
    analyzed = runner.invoke(
        app,
        ["analyze", "--store", store, "--workers", "1", "-o", str(out)],
        env={"REALPOLITIK_MAX_BYTES": "2000"},
    )
    assert analyzed.exit_code != 0
    assert "long.txt" in analyzed.output and "input limit of 2,000 bytes" in analyzed.output
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["text"] for d in written] == [PARAGRAPH]
