"""The dashboard in a real headless Chromium (Debian's `chromium`, driven by Playwright):
pages load without errors, charts draw, a click on a bar reaches the evidence sentence, the
search finds a phrase, and an article carrying script renders as text.

Skipped, with the reason, only where no browser can be had: `.ci/run` installs Debian's
chromium; REALPOLITIK_CHROMIUM names another binary."""

from __future__ import annotations

import os
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from .dashboard_fixtures import PHRASE

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = os.environ.get("REALPOLITIK_CHROMIUM") or shutil.which("chromium")
if not CHROMIUM:
    pytest.skip(
        "no chromium binary: `apt-get install chromium` (what .ci/run does) or set "
        "REALPOLITIK_CHROMIUM",
        allow_module_level=True,
    )
TRUMP, PUTIN = "Q22686", "Q7747"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


PAGES = [
    "/",
    f"/actor?id={TRUMP}",
    f"/dyad?a={TRUMP}&b={PUTIN}",
    "/focus?actor=Russia&level=country",
    "/document?id=putin-trump-dynamic",
    "/network",
    "/search?q=putin",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_loads_clean_and_draws_its_charts(live, page, path):
    page.goto(live.url + path)
    page.wait_for_load_state("networkidle")
    charts = page.locator("[data-chart]")
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("data-rendered") == "1", path
        assert chart.locator("svg").count() >= 1
    assert page.problems == [], page.problems


def click_first_bar(page) -> None:
    """Click the middle of the first non-empty bar of the dyad chart, where ECharts drew it."""
    x, y = page.evaluate(
        """() => {
        const el = document.querySelector('[data-chart="dyad-series"]');
        const chart = echarts.getInstanceByDom(el);
        const series = chart.getOption().series;
        for (let i = 0; i < series[0].data.length; i++) {
          for (let s = 0; s < series.length; s++) {
            const v = series[s].data[i];
            if (v > 0) {
              const pt = chart.convertToPixel({seriesIndex: s}, [i, v / 2]);
              const box = el.getBoundingClientRect();
              return [box.left + pt[0], box.top + pt[1]];
            }
          }
        }
        return null;
      }"""
    )
    page.mouse.click(x, y)


def test_a_click_on_a_bar_reaches_a_highlighted_evidence_sentence(live, page):
    page.goto(f"{live.url}/dyad?a={TRUMP}&b={PUTIN}&by=week")
    page.wait_for_load_state("networkidle")
    click_first_bar(page)
    page.wait_for_url("**period=*")
    clusters = page.locator("#clusters")
    assert clusters.is_visible()
    trigger = clusters.locator("mark.trigger").first
    assert trigger.is_visible() and trigger.inner_text().strip()
    clusters.locator("li.sentence a").first.click()
    page.wait_for_url("**/document?*at=*")
    page.wait_for_load_state("load")
    hit = page.locator("#hit")
    assert hit.is_visible() and "hit" in hit.get_attribute("class")
    page.wait_for_function(  # scrolled into the middle of the screen, not at its edge
        "() => { const r = document.getElementById('hit').getBoundingClientRect(); "
        "return r.top > 1 && r.bottom < window.innerHeight; }",
        timeout=10_000,
    )
    assert page.problems == []


def test_search_finds_a_known_phrase_and_opens_the_document_at_the_hit(live, page):
    page.goto(live.url + "/search")
    page.fill('input[name="q"]', f'"{PHRASE}"')
    page.click('form.search button[type="submit"]')
    page.wait_for_load_state("networkidle")
    results = page.locator("li.result")
    assert results.count() == 1
    assert results.first.locator("mark").inner_text().lower() == PHRASE
    results.first.locator("a.title").click()
    page.wait_for_url("**/document?id=call-feb*")
    hit_text = page.evaluate(
        "() => [...document.querySelectorAll('#text .hit')].map(e => e.textContent).join('')"
    )
    assert " ".join(hit_text.split()).lower() == PHRASE
    assert page.problems == []


def test_layers_toggle_on_the_document(live, page):
    page.goto(live.url + "/document?id=putin-trump-dynamic")
    events = page.locator("#text .l-event").first
    before = events.evaluate("e => getComputedStyle(e).backgroundColor")
    page.uncheck('input[data-layer="event"]')
    after = events.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after and "hide-event" in page.locator("#text").get_attribute("class")
    title = page.locator("#text .l-event").first.get_attribute("title")
    assert "CAMEO" in title  # hovering shows the record


def test_an_article_carrying_script_renders_inert(live, page):
    for path in ("/document?id=xss", "/search?q=budapest", f"/actor?id={TRUMP}"):
        page.goto(live.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0
    page.goto(live.url + "/document?id=xss")
    assert "<script>window.__xss = 1</script>" in page.locator("h1").inner_text()
    assert "<script>window.__xss = 3</script>" in page.locator("#text").inner_text()
    assert not [p for p in page.problems if "dialog" in p]


def test_a_node_of_the_network_opens_its_actor(live, page):
    page.goto(live.url + "/network")
    page.wait_for_load_state("networkidle")
    x, y, ids = page.evaluate(
        """() => {
        const el = document.querySelector('[data-chart="network"]');
        const chart = echarts.getInstanceByDom(el);
        const data = chart.getModel().getSeriesByIndex(0).getData();
        const pt = chart.convertToPixel({seriesIndex: 0}, data.getItemLayout(0));
        const box = el.getBoundingClientRect();
        const ids = [];
        for (let i = 0; i < data.count(); i++) { ids.push(data.getId(i)); }
        return [box.left + pt[0], box.top + pt[1], ids];
      }"""
    )
    page.mouse.click(x, y)
    # the node under the pointer (a neighbour's label may lie over the biggest one)
    page.wait_for_url("**/actor?id=*")
    assert parse_qs(urlparse(page.url).query)["id"][0] in ids
    assert page.locator("h1").is_visible()
    assert page.problems == []
