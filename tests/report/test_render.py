"""Markdown and HTML rendering: sections, self-containment, figures, escaping."""

from __future__ import annotations

import re

from report_fixtures import assessment_for, make_doc

from realpolitik.report import build_brief, render_html, render_markdown, report
from realpolitik.report.figures import CONFLICT, COOPERATION, network_svg

NOTHING = {"opportunities": [], "risks": [], "factions": [], "stances": []}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_is_one_self_contained_file(corpus):
    html = render_html(build_brief(corpus, "RUS", assessment=assessment_for(corpus[0])))
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == 2  # network and timeline
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html
    assert not re.search(r"\ssrc=", html)
    external = re.findall(r'href="(https?://[^"]*)"', html)
    assert external and set(external) == {"https://news.example.org/talks"}  # the articles only
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("https://news.example.org/", "#doc-")) for h in hrefs)
    for section in (
        "Opportunities",
        "Risks",
        "Factions and their stances",
        "Key quotes",
        "Actor network",
        "Timeline",
        "Sources",
    ):
        assert f"<h2>{section}" in html
    assert "realpolitik 0." in html  # the method footer names the version


def test_html_sections_with_the_assessment(doc):
    html = render_html(build_brief([doc], "RUS", assessment=assessment_for(doc)))
    assert "Talks with the United States end Russia&#x27;s isolation" in html
    assert "score 0.90" in html
    assert "<blockquote><p>Russia welcomed talks with the United States.</p>" in html
    assert '<a href="https://news.example.org/talks">Example News</a>, 1 March 2025' in html
    assert '<span class="stance favor">favours</span>' in html
    assert '<span class="stance against">opposes</span>' in html
    assert "<h3>Other actors</h3>" in html
    assert "<h2>Timeline" not in html  # one document, one date
    assert html.index("<h2>Opportunities") < html.index("<h2>Risks") < html.index("<h2>Factions")


def test_empty_assessment_says_none_found(doc):
    html = render_html(build_brief([doc], "RUS", assessment=NOTHING))
    assert "No opportunities for Russia found in these articles." in html
    assert "No risks for Russia found in these articles." in html
    assert "No factions or stances found in these articles." in html
    md = render_markdown(build_brief([doc], "RUS", assessment=NOTHING))
    assert "_No opportunities for Russia found in these articles._" in md


def test_evidence_without_url_links_to_the_document_entry(doc):
    doc.url = None
    html = render_html(build_brief([doc], "RUS", assessment=assessment_for(doc)))
    assert '<a href="#doc-doc-a">Example News</a>' in html
    assert '<li id="doc-doc-a">' in html


def test_network_figure_colours_and_widths(doc):
    brief = build_brief([doc], "RUS")
    svg = network_svg(brief["network"])
    coop = re.findall(rf'<path d="[^"]+" stroke="{COOPERATION}" stroke-width="([\d.]+)"', svg)
    conflict = re.findall(rf'<path d="[^"]+" stroke="{CONFLICT}" stroke-width="([\d.]+)"', svg)
    assert len(coop) == 2 and len(conflict) == 1  # RUS->USA, USA->UKR; UKR->RUS
    assert max(map(float, coop)) > float(conflict[0])  # 2 events draw wider than 1
    assert svg.count("<polygon") == 3  # an arrowhead per edge
    for label in ("RUS", "Russia", "United States", "Ukraine", "cooperation", "conflict"):
        assert label in svg
    assert network_svg({"nodes": [], "edges": []}) == ""


def test_article_text_cannot_inject_markup():
    doc = make_doc(title=HOSTILE, url="javascript:alert(1)", source=HOSTILE, author=HOSTILE)
    doc.actors[1].name = HOSTILE  # United States, on the network figure
    doc.actors[3].name = HOSTILE  # the Kremlin, speaker of a key quote
    doc.quotes[2]["content"]["text"] = HOSTILE
    assessment = assessment_for(doc)
    assessment["opportunities"][0]["summary"] = HOSTILE
    assessment["opportunities"][0]["actors"] = [HOSTILE]
    assessment["opportunities"][0]["evidence"][0]["text"] = HOSTILE
    assessment["factions"][0]["name"] = HOSTILE
    brief = build_brief([doc], "RUS", assessment=assessment)
    html = render_html(brief)
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in html  # an unsafe url is not linked
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    md = render_markdown(brief)
    assert "<script" not in md and "<img" not in md
    assert "](javascript" not in md
    assert "&lt;script&gt;" in md


def test_markdown_has_the_same_sections_and_tables(corpus):
    md = render_markdown(build_brief(corpus, "RUS", assessment=assessment_for(corpus[0])))
    assert md.startswith("# Opportunities and risks for Russia\n")
    for heading in (
        "## Opportunities (1)",
        "## Risks (1)",
        "## Factions and their stances",
        "## Key quotes",
        "## Actor network",
        "## Timeline (per day)",
        "## Sources",
    ):
        assert heading in md
    assert "| `RUS` Russia | `USA` United States | 2 | 0 | +4.0 | welcomed, praised |" in md
    assert "| RUS–USA (United States) | 2025-03-05 | 0 | 2 | -6.0 |" in md
    assert "| **technocrats** (`RUSELI`) | Peace negotiations | favours |" in md
    assert "[Example News](https://news.example.org/talks), 1 March 2025" in md


def test_python_api_report_over_documents_and_a_store(tmp_path, corpus):
    from realpolitik.store import Store

    html = report(corpus, focus="Russia", format="html")
    assert "<svg" in html and "Opportunities and risks for Russia" in html
    path = tmp_path / "news.duckdb"
    with Store(path) as db:
        db.add_documents(corpus)
    md = report(store=path, focus="RUS", since="2025-03-04")
    assert "**Articles:** 2" in md


def test_evidence_the_summary_already_quotes_is_not_repeated(doc):
    assessment = assessment_for(doc)
    item = assessment["opportunities"][0]
    item["summary"] = item["evidence"][0]["text"]  # an extractive summary: the sentence itself
    brief = build_brief([doc], "RUS", assessment=assessment)
    html = render_html(brief)
    assert "<blockquote><p>Russia welcomed talks" not in html
    assert '<p class="from">— <a href="https://news.example.org/talks">Example News</a>' in html
    md = render_markdown(brief)
    assert "   > Russia welcomed talks" not in md
    assert "   — [Example News](https://news.example.org/talks), 1 March 2025" in md
