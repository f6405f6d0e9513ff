"""The command line, end to end: real files, real store, real model."""

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.store import Store

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 50)
    cp1251 = tmp_path / "russian.txt"
    cp1251.write_bytes(
        "Заголовок\n\nКремль приветствовал предложения Трампа о диалоге.".encode("cp1251")
    )
    broken = tmp_path / "broken.html"
    broken.write_text("<html><head><title>x</title></head><body><div><p>")
    return {
        "empty": empty,
        "binary": binary,
        "cp1251": cp1251,
        "broken": broken,
        "missing": tmp_path / "missing.txt",
    }


def test_analyze_example_jsonl(example_path):
    res = run("analyze", example_path, "--quiet")
    assert res.exit_code == 0, res.output
    (line,) = res.stdout.strip().splitlines()
    doc = json.loads(line)
    assert doc["title"] == "The Putin-Trump Dynamic: Opportunities and Risks for Russia"
    assert doc["author"] == "Mark Galeotti"
    assert "Leave a Reply" not in doc["text"] and "Back To Top" not in doc["text"]
    assert {"Vladimir Putin", "Dmitry Peskov"} <= {a["name"] for a in doc["actors"]}


def test_user_verb_patterns_win_and_a_bad_file_is_named(tmp_path):
    text = tmp_path / "urge.txt"
    text.write_text("Russia urged Ukraine on Monday.", "utf-8")

    def codes(*options) -> list[str]:
        res = run("analyze", text, "--quiet", *options)
        assert res.exit_code == 0, res.output
        return [e["cameo"] for e in json.loads(res.stdout)["events"]]

    assert codes() == ["020"]
    verbs = tmp_path / "verbs.txt"  # a PETRARCH-format dictionary, read as it is
    verbs.write_text("--- URGE  [024] ---\nURGE\n", "utf-8")
    assert codes("--verbs", verbs) == ["024"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"verb": \n', "utf-8")
    res = run("analyze", text, "--quiet", "--verbs", bad)
    assert res.exit_code == 2 and "bad.jsonl:1" in res.output


def test_bad_inputs_are_reported_and_the_rest_analyzed(tmp_path, example_path, bad_inputs):
    res = run(
        "analyze",
        bad_inputs["empty"],
        example_path,
        bad_inputs["binary"],
        bad_inputs["cp1251"],
        bad_inputs["missing"],
        bad_inputs["broken"],
        "--quiet",
    )
    assert res.exit_code == 1
    docs = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert len(docs) == 2  # the example and the cp1251 text
    assert any("Кремль" in d["text"] for d in docs)
    for name in ("empty", "binary", "missing", "broken"):
        assert str(bad_inputs[name]) in res.stderr
    assert "4 input(s) failed" in res.stderr


def test_store_keeps_what_it_had_when_later_inputs_fail(tmp_path, example_path, bad_inputs):
    db = tmp_path / "rp.duckdb"
    assert run("analyze", example_path, "--store", db, "--quiet").exit_code == 0
    with Store(db) as store:
        before = store.counts()
    res = run(
        "analyze", bad_inputs["binary"], example_path, bad_inputs["empty"], "--store", db, "--quiet"
    )
    assert res.exit_code == 1
    with Store(db) as store:
        assert store.counts() == before  # re-analysis replaced, nothing lost, nothing doubled
        assert before["documents"] == 1 and before["actor_mentions"] > 10


def test_ingest_twice_changes_nothing_then_analyze_stored(tmp_path, example_path):
    db = tmp_path / "rp.duckdb"
    assert run("ingest", example_path, "--store", db, "--quiet").exit_code == 0
    assert run("ingest", example_path, "--store", db, "--quiet").exit_code == 0
    with Store(db) as store:
        assert store.counts()["articles"] == 1 and store.counts()["documents"] == 0
    res = run("analyze", "--store", db, "--quiet")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["author"] == "Mark Galeotti"
    res = run("analyze", "--store", db, "--quiet")  # nothing left to analyze
    assert res.exit_code == 0 and res.stdout.strip() == ""
    shown = run(
        "show",
        json.loads(run("analyze", "--store", db, "--all", "-q").stdout)["id"],
        "--store",
        db,
        "--format",
        "json",
    )
    assert json.loads(shown.stdout)["title"].startswith("The Putin-Trump Dynamic")


def test_extract_jsonl(example_path, bad_inputs):
    res = run("extract", example_path, bad_inputs["empty"], "--format", "jsonl", "--quiet")
    assert res.exit_code == 1
    (row,) = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert row["path"] == str(example_path)
    assert row["author"] == "Mark Galeotti" and row["published"] is None
    assert row["text"].startswith("In Moscow")


def test_export_formats(tmp_path, example_path):
    db = tmp_path / "rp.duckdb"
    run("analyze", example_path, "--store", db, "--quiet")
    assert run("export", tmp_path / "pq", "--store", db, "--format", "parquet", "-q").exit_code == 0
    mentions = pq.read_table(tmp_path / "pq" / "actor_mentions.parquet")
    assert mentions.num_rows > 10
    out = tmp_path / "docs.jsonl"
    assert run("export", out, "--store", db, "--format", "jsonl", "-q").exit_code == 0
    paths = list(out.parent.glob("*.jsonl")) if out.is_file() else list(out.glob("*.jsonl"))
    assert json.loads(paths[0].read_text().splitlines()[0])["author"] == "Mark Galeotti"


def test_size_limit_is_a_clear_error(tmp_path, example_path):
    res = run("analyze", example_path, "--max-bytes", "1000", "--quiet")
    assert res.exit_code == 1 and "limit" in res.stderr and res.stdout.strip() == ""


def test_dump_rows_with_workers(tmp_path):
    p = tmp_path / "d.jsonl"
    rows = [
        {"id": f"r{i}", "text": f"Angela Merkel met Joe Biden in Berlin, story {i}."}
        for i in range(12)
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n{bad\n")
    res = run("analyze", p, "--workers", "2", "--quiet")
    assert res.exit_code == 1 and f"{p}:13" in res.stderr
    docs = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert [d["id"] for d in docs] == [r["id"] for r in rows]
    assert all(d["text"] == r["text"] for d, r in zip(docs, rows, strict=True))


ARTICLE_PAGE = """<html lang="en"><head><title>{title} | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2025-03-0{n}">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on day {n}, the Kremlin
said, as both governments pledged closer economic ties and criticised Western sanctions policy.</p>
<p>Foreign ministers Sergei Lavrov and Wang Yi joined the talks, which ran for three hours and
covered energy, trade settlement in national currencies and the war in Ukraine.</p>
<p>European officials in Brussels said they were watching the meeting closely.</p></article>
<footer>Copyright Daily Planet. All rights reserved.</footer></body></html>"""


def test_analyze_a_feed_with_a_failing_item(site, tmp_path):
    for n in (1, 2):
        site.page(f"/news/{n}", ARTICLE_PAGE.format(title=f"Putin and Xi meet, day {n}", n=n))
    items = "".join(
        f"<item><title>Story {n}</title><link>{site.url(f'/news/{n}')}</link></item>"
        for n in (1, 2, 3)  # /news/3 is a 404
    )
    feed = site.page(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Planet</title>{items}'
        "</channel></rss>",
        "application/rss+xml",
    )
    db = tmp_path / "rp.duckdb"
    res = run("analyze", feed, "--store", db, "--quiet")
    assert res.exit_code == 1 and "/news/3" in res.stderr and "404" in res.stderr
    docs = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert [d["title"] for d in docs] == ["Putin and Xi meet, day 1", "Putin and Xi meet, day 2"]
    assert docs[0]["author"] == "Lois Lane" and docs[0]["published"] == "2025-03-01"
    assert docs[0]["source"] == "Daily Planet" and docs[0]["url"] == site.url("/news/1")
    assert "Home" not in docs[0]["text"] and "Copyright" not in docs[0]["text"]
    assert {"Vladimir Putin", "Xi Jinping"} <= {a["name"] for a in docs[0]["actors"]}
    with Store(db) as store:
        assert store.counts()["documents"] == 2
        assert sorted(a.url for a in store.articles()) == [site.url("/news/1"), site.url("/news/2")]


def test_unreachable_url_is_reported(closed_port, example_path):
    url = f"http://127.0.0.1:{closed_port}/story"
    res = run("analyze", url, example_path, "--quiet")
    assert res.exit_code == 1 and url in res.stderr and "1 input(s) failed" in res.stderr
    assert len(res.stdout.strip().splitlines()) == 1


def test_show_by_prefix_and_last(tmp_path, example_path):
    db = tmp_path / "rp.duckdb"
    doc_id = json.loads(run("analyze", example_path, "--store", db, "-q").stdout)["id"]
    for args in (["--last"], [doc_id[:6]], [doc_id]):
        res = run("show", *args, "--store", db, "--format", "json")
        assert res.exit_code == 0 and json.loads(res.stdout)["id"] == doc_id
    res = run("show", "zzz", "--store", db)
    assert res.exit_code == 1 and "no document 'zzz'" in res.stderr
    listing = run("show", "--store", db)
    assert doc_id in listing.stdout


def test_published_default_is_stored_with_the_article(tmp_path, example_path):
    db = tmp_path / "rp.duckdb"
    res = run("analyze", example_path, "--published", "2025-03-07", "--store", db, "-q")
    assert res.exit_code == 0 and json.loads(res.stdout)["published"] == "2025-03-07"
    with Store(db) as store:
        (article,) = store.articles()
        assert article.published == "2025-03-07"
        assert store.get_document(article.id).meta["reference_date_source"] == "published"
