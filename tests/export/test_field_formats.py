"""The GDELT, PLOVER and ICEWS exports, read back with plain CSV and JSON readers and checked
column by column against the store they came from.

The store is real: the shipped op-ed analyzed by the pipeline, the same analysis stored again
as a syndicated copy (another outlet, with a URL: every happening is then mentioned by two
articles), and a short wire story whose meetings have places (a capital, a country, a US
city) and which has a CAMEO 01 statement (no PLOVER type). The corpus tables are built as
`analyze --store` builds them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.corpus import build
from realpolitik.corpus.build import founding_cluster_id
from realpolitik.events.cameo import cameo_info
from realpolitik.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from realpolitik.export.icews import COLUMNS as ICEWS_COLUMNS
from realpolitik.export.plover import PLOVER_QUAD
from realpolitik.pipeline import Analyzer
from realpolitik.records import Article, Document
from realpolitik.settings import Settings
from realpolitik.sources.text import read_text_file
from realpolitik.store import Store

runner = CliRunner()

WIRE = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday. "
    "The Kremlin declined to comment on the talks. "
    "Putin met Turkish President Recep Tayyip Erdogan in Turkey on Monday. "
    "President Joe Biden met Canadian Prime Minister Justin Trudeau in Chicago."
)
WIRE_URL = "https://www.example.org/2025/05/putin-xi"
COPY_URL = "https://news.example.com/putin-trump"
QUARTER_HOUR = re.compile(r"^\d{10}(00|15|30|45)00$")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of an unquoted tab-separated file, as GDELT and ICEWS files are read."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, example_path) -> Path:
    op_ed = read_text_file(example_path, Settings())
    op_ed.published = "2025-03-07"  # as `make demo` dates it
    wire = Article(
        text=WIRE,
        id="wire-putin-xi",
        title="Putin meets Xi in Beijing",
        published="2025-05-06",
        url=WIRE_URL,
        source="Example Wire",
    )
    op_ed_doc, wire_doc = Analyzer(Settings()).analyze([op_ed, wire], workers=1)
    copy = Document.from_dict(
        {**op_ed_doc.to_dict(), "id": "op-ed-syndicated", "url": COPY_URL, "source": "Syndicate"}
    )
    path = tmp_path_factory.mktemp("field-formats") / "rp.duckdb"
    with Store(path) as db:
        db.add_documents([op_ed_doc, copy, wire_doc])
        build(db)
    return path


@pytest.fixture(scope="module")
def store_facts(store_path) -> dict:
    """What the store says, to check the exports against: events, texts, cluster counts."""
    with Store(store_path, read_only=True) as db:
        con = db.con
        cols = [
            "doc_id", "event_id", "cameo", "plover", "mode", "quad_class", "goldstein",
            "factuality", "source_code", "source_text", "source_start", "target_code",
            "target_text", "target_start", "trigger_text", "trigger_start", "sentence_start",
            "sentence_end", "location", "source_actor", "target_actor",
        ]  # fmt: skip
        events = [
            dict(zip(cols, row, strict=True))
            for row in con.execute(f"SELECT {', '.join(cols)} FROM events").fetchall()
        ]
        texts = dict(con.execute("SELECT id, text FROM articles").fetchall())
        actors = {
            (d, a): (name, wikidata)
            for d, a, name, wikidata in con.execute(
                "SELECT doc_id, actor_id, name, wikidata FROM actors"
            ).fetchall()
        }
        clusters = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT cluster_id, num_mentions, num_sources, num_articles, first_day"
                " FROM corpus_event_cluster_stats"
            ).fetchall()
        }
        cluster_of = {
            (d, e): c
            for d, e, c in con.execute(
                "SELECT doc_id, event_id, cluster_id FROM corpus_event_mentions"
            ).fetchall()
        }
    coded = [e for e in events if e["cameo"]]
    return {
        "events": {(e["doc_id"], e["event_id"]): e for e in coded},
        "texts": texts,
        "actors": actors,
        "clusters": clusters,
        "cluster_of": cluster_of,
    }


@pytest.fixture(scope="module")
def gdelt_files(store_path, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("gdelt")
    res = run("export", out, "--store", store_path, "--format", "gdelt", "-q")
    assert res.exit_code == 0, res.output
    (events,) = out.glob("*.export.CSV")
    (mentions,) = out.glob("*.mentions.CSV")
    return events, mentions


def gdelt_events(path: Path) -> dict[int, dict[str, str]]:
    rows = read_tsv(path)
    assert rows and all(len(r) == 61 for r in rows)
    assert rows[0][0].isdigit()  # no header row
    return {int(r[0]): dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows}


def gdelt_mentions(path: Path) -> list[dict[str, str]]:
    rows = read_tsv(path)
    assert rows and all(len(r) == 16 for r in rows)
    return [dict(zip(MENTION_COLUMNS, r, strict=True)) for r in rows]


def extras(row: dict[str, str]) -> dict[str, str]:
    return dict(re.findall(r"<(\w+)>(.*?)</\1>", row["Extras"]))


def event_id_of(cluster: str) -> int:
    return int(cluster, 16) >> 1


# --- GDELT ---------------------------------------------------------------------------------


def test_gdelt_files_are_named_and_shaped_as_gdelt_publishes_them(gdelt_files):
    events, mentions = gdelt_files
    batch = events.name.removesuffix(".export.CSV")
    assert QUARTER_HOUR.match(batch) and mentions.name == f"{batch}.mentions.CSV"
    assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16
    assert EVENT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert EVENT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert EVENT_COLUMNS[-3:] == ("ActionGeo_FeatureID", "DATEADDED", "SOURCEURL")
    assert "\t" in events.read_text().splitlines()[0]


def test_gdelt_events_are_the_event_clusters_with_their_counts(gdelt_files, store_facts):
    events = gdelt_events(gdelt_files[0])
    clusters = store_facts["clusters"]
    # one row per happening: every cluster (all of them have a CAMEO code), under its id
    assert set(events) == {event_id_of(c) for c in clusters}
    by_cluster = {event_id_of(c): c for c in clusters}
    for gid, row in events.items():
        n_mentions, n_sources, n_articles, first_day = clusters[by_cluster[gid]]
        assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (
            str(n_mentions),
            str(n_sources),
            str(n_articles),
        )
        assert row["SQLDATE"] == first_day.strftime("%Y%m%d")
        assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        frac = ((first_day.month - 1) * 30 + first_day.day) / 365
        assert row["FractionDate"] == f"{first_day.year + frac:.4f}"
        assert QUARTER_HOUR.match(row["DATEADDED"])
        assert row["AvgTone"] == "" and row["Actor1Geo_Type"] == "" and row["Actor2Geo_Type"] == ""
    # the op-ed's happenings are each reported by the op-ed and its syndicated copy
    counts = Counter((r["NumMentions"], r["NumArticles"], r["NumSources"]) for r in events.values())
    assert counts[("2", "2", "1")] >= 10  # two articles, one with a known outlet
    assert counts[("1", "1", "1")] == 4  # the wire story's three meetings and a no comment


def test_gdelt_event_columns_come_from_the_founding_mention(gdelt_files, store_facts):
    events = gdelt_events(gdelt_files[0])
    founders = {
        event_id_of(c): key
        for key, c in store_facts["cluster_of"].items()
        if founding_cluster_id(*key) == c
    }
    assert set(founders) == set(events)
    for gid, row in events.items():
        e = store_facts["events"][founders[gid]]
        assert row["EventCode"] == e["cameo"]
        assert row["EventBaseCode"] == e["cameo"][:3] and row["EventRootCode"] == e["cameo"][:2]
        info = cameo_info(e["cameo"])
        assert row["QuadClass"] == str(info.quad_class) == str(e["quad_class"])
        assert float(row["GoldsteinScale"]) == info.goldstein == e["goldstein"]
        assert row["Actor1Code"] == (e["source_code"] or "")
        assert row["Actor2Code"] == (e["target_code"] or "")
        name, _ = store_facts["actors"].get((e["doc_id"], e["source_actor"]), (None, None))
        assert row["Actor1Name"] == (name or "").upper()
        if e["doc_id"] == "wire-putin-xi":
            assert row["SOURCEURL"] == WIRE_URL
        elif e["doc_id"] == "op-ed-syndicated":
            assert row["SOURCEURL"] == COPY_URL
        else:  # the op-ed has no URL: a citation
            assert "The Putin-Trump Dynamic" in row["SOURCEURL"]


def test_gdelt_actor_codes_are_split_into_their_columns(gdelt_files, store_facts):
    rows = list(gdelt_events(gdelt_files[0]).values())
    kremlin = [r for r in rows if r["Actor1Code"] == "RUSGOV" and r["Actor1Name"] == "KREMLIN"]
    assert kremlin, "the op-ed's 'The Kremlin welcomed Donald Trump's overtures'"
    row = kremlin[0]
    assert (row["Actor1CountryCode"], row["Actor1Type1Code"], row["Actor1Type2Code"]) == (
        "RUS",
        "GOV",
        "",
    )
    assert (
        row["Actor1KnownGroupCode"] == row["Actor1EthnicCode"] == row["Actor1Religion1Code"] == ""
    )
    for r in rows:
        for actor in ("Actor1", "Actor2"):
            code = r[f"{actor}Code"]
            if not code:
                assert r[f"{actor}Name"] == r[f"{actor}CountryCode"] == ""
                continue
            assert r[f"{actor}CountryCode"] == code[:3]  # all of the example's are states
            parts = [r[f"{actor}Type{i}Code"] for i in (1, 2, 3)]
            assert code == r[f"{actor}CountryCode"] + "".join(parts)


def test_gdelt_action_geography_from_the_event_location(gdelt_files, store_facts):
    rows = list(gdelt_events(gdelt_files[0]).values())
    geo = {
        r["ActionGeo_FullName"]: [r[f"ActionGeo_{c}"] for c in ("Type", "CountryCode", "FeatureID")]
        for r in rows
        if r["ActionGeo_FullName"]
    }
    assert geo == {
        "Beijing, China": ["4", "CH", ""],  # a world city: FIPS 10-4 code of China
        "Turkey": ["1", "TU", "TU"],  # a country: its code is its feature id
        "Chicago, United States": ["3", "US", ""],  # a US city
    }
    for r in rows:  # what no store column holds stays empty
        assert r["ActionGeo_Lat"] == r["ActionGeo_Long"] == r["ActionGeo_ADM1Code"] == ""


def test_gdelt_mentions_point_into_the_texts(gdelt_files, store_facts):
    events = gdelt_events(gdelt_files[0])
    mentions = gdelt_mentions(gdelt_files[1])
    texts = store_facts["texts"]
    assert len(mentions) == len(store_facts["events"])  # one per coded event of a document
    for row in mentions:
        tags = extras(row)
        key = (tags["DOC_ID"], tags["EVENT_ID"])
        e, text = store_facts["events"][key], texts[tags["DOC_ID"]]
        gid = int(row["GLOBALEVENTID"])
        assert gid == event_id_of(store_facts["cluster_of"][key]) and gid in events
        assert row["EventTimeDate"] == events[gid]["DATEADDED"]
        assert QUARTER_HOUR.match(row["MentionTimeDate"])
        assert text[int(row["ActionCharOffset"]) :].startswith(e["trigger_text"])
        assert text[int(row["Actor1CharOffset"]) :].startswith(e["source_text"])
        if e["target_code"]:
            assert text[int(row["Actor2CharOffset"]) :].startswith(e["target_text"])
        else:
            assert row["Actor2CharOffset"] == "-1"
        assert row["MentionDocLen"] == str(len(text))
        assert (row["InRawText"], row["Confidence"], row["MentionDocTone"]) == ("1", "", "")
        assert row["SentenceID"] == row["MentionDocTranslationInfo"] == ""
        assert tags["FACTUALITY"] == e["factuality"] and tags["CAMEO"] == e["cameo"]
    sites = {(r["MentionType"], r["MentionSourceName"], r["MentionIdentifier"]) for r in mentions}
    assert ("1", "example.org", WIRE_URL) in sites  # www. dropped, as GDELT's domains
    assert ("1", "news.example.com", COPY_URL) in sites
    assert any(t == "2" and "Galeotti" in ident for t, _, ident in sites)  # a citation


def test_gdelt_num_mentions_count_the_mention_rows(gdelt_files):
    events = gdelt_events(gdelt_files[0])
    per_event: dict[int, list[str]] = defaultdict(list)
    for row in gdelt_mentions(gdelt_files[1]):
        per_event[int(row["GLOBALEVENTID"])].append(extras(row)["DOC_ID"])
    assert set(per_event) == set(events)
    for gid, docs in per_event.items():
        assert events[gid]["NumMentions"] == str(len(docs))
        assert events[gid]["NumArticles"] == str(len(set(docs)))


def test_gdelt_factual_only_keeps_asserted_events(store_path, store_facts, tmp_path):
    res = run("export", tmp_path, "--store", store_path, "-f", "gdelt", "--factual-only", "-q")
    assert res.exit_code == 0, res.output
    events = gdelt_events(next(tmp_path.glob("*.export.CSV")))
    mentions = gdelt_mentions(next(tmp_path.glob("*.mentions.CSV")))
    asserted = [k for k, e in store_facts["events"].items() if e["factuality"] == "asserted"]
    assert 0 < len(mentions) == len(asserted) < len(store_facts["events"])
    assert {extras(r)["FACTUALITY"] for r in mentions} == {"asserted"}
    per_event = Counter(int(r["GLOBALEVENTID"]) for r in mentions)
    assert per_event.keys() == events.keys()
    assert all(events[gid]["NumMentions"] == str(n) for gid, n in per_event.items())


# --- PLOVER --------------------------------------------------------------------------------


def test_plover_records(store_path, store_facts, tmp_path):
    out = tmp_path / "events.jsonl"
    res = run("export", out, "--store", store_path, "--format", "plover", "-q")
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with_type = {k: e for k, e in store_facts["events"].items() if e["plover"]}
    assert len(records) == len(with_type) < len(store_facts["events"])  # CAMEO 01 is dropped
    for rec in records:
        key = (rec["doc_id"], rec["event_id"])
        e, text = with_type[key], store_facts["texts"][rec["doc_id"]]
        assert rec["id"] == f"{rec['doc_id']}-{rec['event_id']}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["date"])
        assert rec["event"] == [e["plover"]] and rec["quad_code"] == PLOVER_QUAD[e["plover"]]
        assert rec["mode"] == ([e["mode"]] if e["mode"] else [])
        assert rec["context"] == list(cameo_info(e["cameo"]).plover_context)
        assert rec["event_text"] == [e["trigger_text"]]
        assert (rec["cameo"], rec["goldstein"], rec["cameo_quad_class"]) == (
            e["cameo"],
            e["goldstein"],
            e["quad_class"],
        )
        assert rec["factuality"] == e["factuality"]
        assert rec["link"] == store_facts["cluster_of"][key]
        info = rec["text_info"]
        assert (info["start"], info["end"]) == (e["sentence_start"], e["sentence_end"])
        assert text[info["event_start"] : info["event_end"]] == e["trigger_text"]
        (source,) = rec["source"]
        name, wikidata = store_facts["actors"][(rec["doc_id"], e["source_actor"])]
        assert source["cameo_code"] == e["source_code"]
        assert (source["code"], source["sector"]) == (
            e["source_code"][:3],
            e["source_code"][3:] or None,
        )
        assert (source["identifier_id"], source["identifier_text"]) == (wikidata, name)
        assert text[source["start"] : source["end"]] == source["actor_text"] == e["source_text"]
        assert len(rec["recipient"]) == (1 if e["target_code"] else 0)
    wire = [r for r in records if r["doc_id"] == "wire-putin-xi"]
    assert [r["event_text"] for r in wire] == [["met"]] * 3  # not "declined" (to comment)
    beijing = next(r for r in wire if r["event_loc"]["name"] == "Beijing")
    assert beijing["event_loc"] == {"name": "Beijing", "cc3": "CHN"}
    assert beijing["cite_info"]["url"] == WIRE_URL and beijing["event"] == ["CONSULT"]
    wikidata_ids = {a["identifier_id"] for r in records for a in r["source"] + r["recipient"]}
    assert "Q22686" in wikidata_ids  # Donald Trump


def test_plover_into_a_folder(store_path, tmp_path):
    res = run("export", tmp_path, "--store", store_path, "-f", "plover", "--factual-only", "-q")
    assert res.exit_code == 0, res.output
    lines = (tmp_path / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and {json.loads(x)["factuality"] for x in lines} == {"asserted"}


# --- ICEWS ---------------------------------------------------------------------------------


def test_icews_file(store_path, store_facts, tmp_path):
    res = run("export", tmp_path, "--store", store_path, "--format", "icews", "-q")
    assert res.exit_code == 0, res.output
    header, *rows = read_tsv(tmp_path / "events.icews.tsv")
    assert header == list(ICEWS_COLUMNS) and len(header) == 20
    assert header[:8] == [
        "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
        "Event Text", "CAMEO Code", "Intensity",
    ]  # fmt: skip
    assert header[11:] == [
        "Story ID", "Sentence Number", "Publisher", "City", "District", "Province",
        "Country", "Latitude", "Longitude",
    ]  # fmt: skip
    assert len(rows) == len(store_facts["events"]) and all(len(r) == 20 for r in rows)
    records = [dict(zip(header, r, strict=True)) for r in rows]
    assert len({r["Event ID"] for r in records}) == len(records)
    stories = defaultdict(set)
    for r in records:
        assert 0 < int(r["Event ID"]) < 2**31 and 0 < int(r["Story ID"]) < 2**31
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["Event Date"])
        info = cameo_info(r["CAMEO Code"])
        assert re.fullmatch(r"\d{3,4}", r["CAMEO Code"])  # with its leading zero: "051"
        assert r["Event Text"] == info.name and float(r["Intensity"]) == info.goldstein
        stories[r["Story ID"]].add(r["Publisher"])
        assert r["Sentence Number"] == r["Latitude"] == r["Longitude"] == ""
    assert len(stories) == 3  # the op-ed, its copy, the wire story
    assert {"example.org", "news.example.com", ""} == {p for ps in stories.values() for p in ps}
    kremlin = next(r for r in records if r["Source Name"] == "Kremlin")
    assert (kremlin["Source Sectors"], kremlin["Source Country"]) == ("Government", "Russia")
    beijing = next(r for r in records if r["City"] == "Beijing")
    assert beijing["Country"] == "China" and beijing["Source Name"] == "Vladimir Putin"
    assert beijing["Target Country"] == "China" and beijing["Event Text"] == "Consult"
    turkey = next(r for r in records if r["Country"] == "Turkey")
    assert turkey["City"] == ""  # a country is no city


def test_factual_only_is_for_the_event_formats(store_path, tmp_path):
    res = run("export", tmp_path, "--store", store_path, "-f", "csv", "--factual-only")
    assert res.exit_code == 2 and "--factual-only" in res.output
