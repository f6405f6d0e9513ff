"""The dashboard over HTTP (a real uvicorn on localhost): pages, JSON, downloads, filters,
errors, escaping, and that nothing writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .dashboard_fixtures import XSS_TEXT, free_port

TRUMP, PUTIN = "Q22686", "Q7747"
CLI = str(Path(sys.executable).parent / "realpolitik")

PAGES = [
    ("/", "overview"),
    (f"/actor?id={TRUMP}", "actor"),
    (f"/dyad?a={TRUMP}&b={PUTIN}", "dyad"),
    ("/focus?actor=Russia&level=country", "focus"),
    ("/focus", "focus"),
    ("/document?id=alaska", "document"),
    ("/network", "network"),
    ("/search", "search"),
]


def as_json(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/overview" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


@pytest.mark.parametrize(("url", "page"), PAGES)
def test_every_page_renders_and_is_also_json(http, url, page):
    r = http.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    data = http.get(as_json(url)).json()
    assert data["page"] == page
    # the page carries the same data, as JSON that no text can break out of
    blob = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', r.text, re.S)
    assert json.loads(blob.group(1)) == data


def test_overview_counts_the_store_and_ranks_the_pairs(http):
    d = http.get("/overview.json").json()
    assert d["period"]["documents"] == 6
    assert d["period"]["first"] == "2025-02-12"
    pairs = {frozenset((r["a"], r["b"])) for r in d["tables"]["dyads"]}
    assert frozenset((TRUMP, PUTIN)) in pairs
    series = [r for r in d["tables"]["series"] if {r["a"], r["b"]} == {TRUMP, PUTIN}]
    assert sum(r["clusters"] for r in series) == next(
        r["clusters"] for r in d["tables"]["dyads"] if {r["a"], r["b"]} == {TRUMP, PUTIN}
    )


def test_filters_live_in_the_url(http):
    everything = http.get(f"/dyad.json?a={TRUMP}&b={PUTIN}").json()["tables"]["series"]
    late = http.get(f"/dyad.json?a={TRUMP}&b={PUTIN}&since=2025-08-01").json()
    assert late["tables"]["series"]
    assert all(r["period"] >= "2025-07-28" for r in late["tables"]["series"])
    assert len(late["tables"]["series"]) < len(everything)
    one = http.get("/network.json?outlet=Capital Report").json()["tables"]["edges"]
    every = http.get("/network.json").json()["tables"]["edges"]
    assert 0 < len(one) < len(every)
    # the page links keep the filters
    html = http.get("/?since=2025-03-01&outlet=Wire Desk").text
    assert "since=2025-03-01&amp;outlet=Wire+Desk" in html


def test_a_bar_leads_to_its_clusters_and_their_sentences(http, live):
    d = http.get(f"/dyad.json?a={TRUMP}&b={PUTIN}&by=week").json()
    bar = next(r for r in d["tables"]["series"] if r["clusters"])
    c = http.get(f"/dyad.json?a={TRUMP}&b={PUTIN}&by=week&period={bar['period']}").json()
    clusters = c["tables"]["clusters"]
    assert len(clusters) == bar["clusters"]
    doc = http.get(f"/document.json?id={clusters[0]['mentions'][0]['doc_id']}").json()
    m = clusters[0]["mentions"][0]
    sentence = doc["text"][m["start"] : m["end"]]
    assert " ".join(sentence.split()) == m["text"]
    assert m["trigger"] in sentence
    html = http.get(f"/dyad?a={TRUMP}&b={PUTIN}&by=week&period={bar['period']}").text
    assert 'id="clusters"' in html and 'class="trigger"' in html


def test_actor_page_has_its_counterparts_roles_and_series(http):
    d = http.get(f"/actor.json?id={TRUMP}").json()
    assert d["actor"]["name"] == "Donald Trump"
    t = d["tables"]
    assert PUTIN in {r["b"] for r in t["counterparts"]}
    assert {r["role"] for r in t["series"]} == {"does", "receives"}
    assert any(r["code"].startswith("USA") for r in t["roles"])
    by_name = http.get("/actor.json?id=Donald Trump").json()
    assert by_name["actor"]["entity_id"] == TRUMP


def test_document_page_places_every_record_on_the_text(http):
    d = http.get("/document.json?id=putin-trump-dynamic&at=0-10").json()
    text = d["text"]
    assert d["hit"] == {"start": 0, "end": 10}
    assert {s["layer"] for s in d["spans"]} >= {"actor", "event", "argument", "quote"}
    for s in d["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    welcomed = next(e for e in d["tables"]["events"] if e["trigger"] == "welcomed")
    kremlin = text[welcomed["source_start"] : welcomed["source_end"]]
    assert "Kremlin" in kremlin  # the words that fill the role, from the store's offsets
    assert any(s["layer"] == "argument" and s["start"] == welcomed["source_start"]
               for s in d["spans"])  # fmt: skip
    for a in d["tables"]["actors"]:
        for m in a["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    html = http.get("/document?id=putin-trump-dynamic&at=0-10").text
    assert 'id="hit"' in html
    assert re.search(r'<a class="l-actor[^"]*" href="/actor\?id=Q7747"', html)


@pytest.mark.parametrize("table", ["dyads", "series", "actors"])
def test_tables_download_as_csv_and_parquet(http, table):
    rows = http.get("/overview.json").json()["tables"][table]
    r = http.get(f"/overview.csv?table={table}")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    got = list(csv.DictReader(io.StringIO(r.text)))
    assert len(got) == len(rows)
    assert set(got[0]) == set(rows[0])
    p = http.get(f"/overview.parquet?table={table}")
    assert p.status_code == 200
    t = pq.read_table(io.BytesIO(p.content))
    assert t.num_rows == len(rows) and set(t.column_names) == set(rows[0])


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("/overview.json?since=2025-13-01", 400, "not a date"),
        ("/overview.json?since=2025-09-01&until=2025-01-01", 400, "is after"),
        ("/overview.json?level=planet", 400, "unknown level"),
        ("/overview.json?by=year", 400, "unknown period"),
        ("/overview.json?factuality=rumoured", 400, "unknown factuality"),
        ("/overview.json?limit=100000", 400, "out of range"),
        ("/overview.json?limit=ten", 400, "not a whole number"),
        ("/actor.json?id=Nobody%20Atall", 404, "no actor"),
        ("/actor.json", 400, "give id="),
        ("/dyad.json?a=Q22686&b=Q22686", 400, "same actor"),
        ("/document.json?id=nope", 404, "no document"),
        ("/document.json?id=alaska&at=5-999999", 400, "outside"),
        ("/document.json?id=alaska&at=x", 400, "START-END"),
        ("/search.json?q=putin&event=war", 400, "not a CAMEO code"),
        ("/overview.csv?table=nope", 400, "no table"),
        ("/actor.json?id=" + "x" * 400, 400, "at most"),
        ("/nowhere.json", 404, "no page"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(http, url, code, says):
    r = http.get(url)
    assert r.status_code == code
    assert says in r.json()["error"]
    html = http.get(url.replace(".json", "", 1)) if ".json" in url else None
    if html is not None and not url.startswith("/nowhere"):
        assert html.status_code == code and says.split("=")[0] in html.text


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A request line sent as is: no client normalises the `..` away."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize(
    "target",
    [
        "/static/../app.py",
        "/static/../../store/store.py",
        "/static/%2e%2e/app.py",
        "/static/%2E%2E%2F%2E%2E%2Fstore%2Fstore.py",
        "/static/..%2f..%2f..%2fpyproject.toml",
        "/static//etc/passwd",
        "/static/vendor/../../templates/base.html",
    ],
)
def test_no_path_traversal_out_of_static(live, target):
    code, body = raw_get(live.port, target)
    assert code == 404
    assert b"def create_app" not in body and b"root:" not in body and b"{% block" not in body


def test_static_files_are_served(http):
    r = http.get("/static/vendor/echarts/echarts.min.js")
    assert r.status_code == 200 and len(r.content) > 500_000


def test_nothing_writes(http, live, dashboard_store):
    before = hashlib.sha256(dashboard_store.read_bytes()).hexdigest()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert http.request(method, "/overview.json").status_code == 405
    for url, _ in PAGES:
        http.get(url)
    assert hashlib.sha256(dashboard_store.read_bytes()).hexdigest() == before


def test_article_text_is_escaped_everywhere(http):
    for url in (
        "/document?id=xss",
        "/search?q=budapest",
        "/",
        f"/actor?id={TRUMP}",
        f"/dyad?a={TRUMP}&b={PUTIN}&period=2025-10-13&by=week",
    ):
        html = http.get(url).text
        assert "<script>window.__xss" not in html, url
        assert "<img src=x" not in html and "<b>" not in html, url
        # the page data cannot close its <script> element early
        blob = html.split('id="page-data">', 1)[1].split("</script>", 1)[0]
        assert "<" not in blob, url
    doc = http.get("/document?id=xss").text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in doc  # the title, as text
    assert "&#34;&gt;&lt;img src=x onerror=" in doc
    assert http.get("/document.json?id=xss").json()["text"] == XSS_TEXT


def test_serve_binds_to_localhost_by_default(dashboard_store, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [CLI, "serve", "--store", str(dashboard_store), "--port", str(port)],
        env={**os.environ, "TMPDIR": str(tmp_path)},  # where its snapshot goes
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
        bound = [line for line in listening.splitlines() if f":{port} " in line]
        assert bound and all("127.0.0.1:" in line for line in bound), bound
        assert list(tmp_path.glob("realpolitik-serve-*"))  # the snapshot, while it serves
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert not list(tmp_path.glob("realpolitik-serve-*"))  # and gone once it stops


def test_serve_without_a_store_says_so(tmp_path):
    r = subprocess.run(
        [CLI, "serve", "--store", str(tmp_path / "x.duckdb")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "no store at" in r.stderr


def test_search_finds_a_phrase_at_its_offsets_and_filters(http):
    from .dashboard_fixtures import PHRASE

    rows = http.get("/search.json", params={"q": f'"{PHRASE}"'}).json()["tables"]["results"]
    assert [r["doc_id"] for r in rows] == ["call-feb"]
    text = http.get("/document.json?id=call-feb").json()["text"]
    assert text[rows[0]["hit_start"] : rows[0]["hit_end"]].lower() == PHRASE
    wire = http.get("/search.json", params={"q": "putin", "outlet": "Wire Desk"}).json()
    assert wire["tables"]["results"]
    assert {r["outlet"] for r in wire["tables"]["results"]} == {"Wire Desk"}
    late = http.get("/search.json", params={"q": "putin", "since": "2025-08-01"}).json()
    assert {r["doc_id"] for r in late["tables"]["results"]} == {"alaska", "xss"}
    page = http.get("/search.json", params={"q": "putin", "limit": 1}).json()
    assert len(page["tables"]["results"]) == 1 and page["more"] is True
    assert http.get("/search.json", params={"q": "putin", "limit": 500}).status_code == 200
