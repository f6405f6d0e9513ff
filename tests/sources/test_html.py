import gzip
import json
from pathlib import Path

import pytest

from realpolitik.eval.extraction import evaluate, score_item, shingles, tokenize
from realpolitik.settings import Settings
from realpolitik.sources import Failure, read_input
from realpolitik.sources.errors import SourceError
from realpolitik.sources.html import extract_html, read_html_file

PARAGRAPHS = [
    "The foreign ministers of France and Germany met in Berlin on Tuesday to discuss a new "
    "package of sanctions against Moscow, officials said after the talks ended late at night.",
    "According to the statement released by both governments, the measures will target banks "
    "and energy companies that have helped finance the war, and they will take effect in April.",
    "Critics in parliament argued that the package came too late and would not change the "
    "course of the conflict, while supporters called it the strongest response so far.",
    "The ministers are expected to present the proposal to their European partners in Brussels "
    "next week, where several smaller states have already signalled their reservations.",
]

NAV = "Home World Politics Business Sport Opinion Subscribe"
FOOTER = "Copyright 2025 Example Media Group. Terms of use. Privacy policy. Contact us."

JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Paris and Berlin prepare new sanctions",
    "datePublished": "2025-03-04T09:30:00+01:00",
    "dateModified": "2025-03-05T12:00:00+01:00",
    "author": {"@type": "Person", "name": "Claire Dupont"},
    "publisher": {"@type": "Organization", "name": "Example Times"},
}


def article_page(paragraphs: list[str] = PARAGRAPHS, *, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    menu = "".join(f'<li><a href="/{w}">{w}</a></li>' for w in NAV.split())
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="{charset}">
<title>Paris and Berlin prepare new sanctions | Example Times</title>
<meta property="og:title" content="Paris and Berlin prepare new sanctions">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Claire Dupont">
<meta property="article:published_time" content="2025-03-04T09:30:00+01:00">
<link rel="canonical" href="https://news.example.org/world/sanctions-2025">
<script type="application/ld+json">{json.dumps(JSON_LD)}</script>
</head><body>
<header><nav><ul>{menu}</ul></nav></header>
<main><article>
<h1>Paris and Berlin prepare new sanctions</h1>
<p class="byline">By Claire Dupont, 4 March 2025</p>
<div class="article-body">
{body}
</div>
</article></main>
<footer><p>{FOOTER}</p></footer>
</body></html>"""


# --- extraction -------------------------------------------------------------------


def test_article_text_and_metadata():
    art = extract_html(article_page(), url="https://news.example.org/world/sanctions-2025?x=1")
    assert art.title == "Paris and Berlin prepare new sanctions"
    assert art.author == "Claire Dupont"
    assert art.published == "2025-03-04"
    assert art.source == "Example Times"
    assert art.url == "https://news.example.org/world/sanctions-2025"
    assert art.language == "en"
    assert art.text == "\n\n".join(PARAGRAPHS)


def test_navigation_and_footer_are_dropped():
    art = extract_html(article_page())
    for leftover in ("Subscribe", "Privacy policy", "Copyright 2025", "Home World"):
        assert leftover not in art.text


def test_paragraph_spans_point_into_text():
    art = extract_html(article_page())
    assert [art.text[p.start : p.end] for p in art.paragraphs] == PARAGRAPHS


def test_source_falls_back_to_the_host_and_date_to_meta_tags():
    page = f"""<html><head><title>A report</title>
    <meta name="date" content="2024-11-20"></head><body><article>
    {"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article></body></html>"""
    art = extract_html(page, url="https://www.example.com/a/report.html")
    assert art.source == "example.com"
    assert art.published == "2024-11-20"
    assert art.url == "https://www.example.com/a/report.html"
    assert art.text.startswith("The foreign ministers")


def test_non_utf8_bytes_follow_the_meta_charset():
    russian = [
        "Министры иностранных дел Франции и Германии встретились во вторник в Берлине, "
        "чтобы обсудить новый пакет санкций, сообщили официальные лица после переговоров.",
        "Согласно заявлению обоих правительств, меры затронут банки и энергетические компании, "
        "которые помогали финансировать войну, и вступят в силу в апреле этого года.",
        "Критики в парламенте утверждали, что пакет запоздал и не изменит хода конфликта, "
        "тогда как сторонники назвали его самым сильным ответом на сегодняшний день.",
    ]
    data = article_page(russian, charset="windows-1251").encode("windows-1251")
    art = extract_html(data, origin="page.html")
    assert art.text == "\n\n".join(russian)


def test_latin1_bytes_without_declaration_are_detected():
    french = [
        "Les ministres des Affaires étrangères se sont réunis à Berlin mardi pour préparer "
        "un nouveau paquet de sanctions, ont déclaré des responsables après les entretiens.",
        "Selon le communiqué publié par les deux gouvernements, les mesures viseront des banques "
        "et des sociétés énergétiques, et elles entreront en vigueur en avril prochain.",
    ]
    page = article_page(french).replace('<meta charset="utf-8">', "")
    art = extract_html(page.encode("latin-1"), origin="fr.html")
    assert "étrangères" in art.text and "sociétés énergétiques" in art.text


def test_gzipped_file(tmp_path: Path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(article_page().encode("utf-8")))
    art = read_html_file(path, Settings())
    assert art.text == "\n\n".join(PARAGRAPHS)
    assert art.origin == str(path)
    assert art.title == "Paris and Berlin prepare new sanctions"


def test_read_input_dispatches_html_files(tmp_path: Path):
    path = tmp_path / "page.htm"
    path.write_text(article_page(), "utf-8")
    [art] = list(read_input(str(path)))
    assert not isinstance(art, Failure)
    assert art.author == "Claire Dupont"


def test_truncated_html_still_yields_its_text():
    page = article_page()
    cut = page.index(PARAGRAPHS[2]) + 60  # in the middle of the third paragraph
    art = extract_html(page[:cut], origin="cut.html")
    assert PARAGRAPHS[0] in art.text and PARAGRAPHS[1] in art.text
    assert art.text.endswith(PARAGRAPHS[2][:60].strip())


def test_utf8_bytes_cut_inside_a_character():
    data = article_page(["Überraschung in Köln: " + PARAGRAPHS[0], "Zweiter Absatz über Ärger"])
    data = data.encode("utf-8")
    cut = data.index("Ärger".encode()) + 1  # between the two bytes of "Ä"
    art = extract_html(data[:cut], origin="cut.html")
    assert art.text.startswith("Überraschung in Köln:")
    assert art.text.endswith("Zweiter Absatz über")


def test_embedded_tweet_is_kept():
    tweet = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">'
        "We will not accept these sanctions and will respond in kind.</p>&mdash; Ministry "
        '(@ministry) <a href="https://twitter.com/x/status/1">March 4, 2025</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script></div>'
    )
    page = article_page().replace(f"<p>{PARAGRAPHS[2]}</p>", tweet + f"<p>{PARAGRAPHS[2]}</p>")
    art = extract_html(page)
    assert "We will not accept these sanctions" in art.text


@pytest.mark.parametrize(
    "content",
    ["", "   \n\t  ", "<html><head><title>Nothing</title></head><body></body></html>"],
)
def test_page_without_text_is_an_error_naming_the_file(tmp_path: Path, content: str):
    path = tmp_path / "empty.html"
    path.write_text(content, "utf-8")
    with pytest.raises(SourceError) as err:
        read_html_file(path, Settings())
    assert err.value.input == str(path)
    assert str(path) in str(err.value)


def test_broken_html_without_text_is_an_error():
    with pytest.raises(SourceError, match="no article text"):
        extract_html("<html><body><div><script>var a = 1;", origin="broken.html")


def test_binary_file_is_an_error(tmp_path: Path):
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(SourceError, match="binary") as err:
        read_html_file(path, Settings())
    assert err.value.input == str(path)


def test_binary_file_is_a_failure_through_read_input(tmp_path: Path):
    path = tmp_path / "data.html.gz"
    path.write_bytes(gzip.compress(b"\x00\x01\x02\x03" * 500))
    [failure] = list(read_input(str(path)))
    assert isinstance(failure, Failure) and failure.input == str(path)


# --- the benchmark metric ---------------------------------------------------------


def test_identical_texts_score_one():
    text = "The ministers met in Berlin on Tuesday to discuss sanctions."
    s = score_item(text, text)
    assert (s.precision, s.recall, s.f1, s.exact) == (1.0, 1.0, 1.0, True)


def test_disjoint_texts_score_zero():
    s = score_item("one two three four five", "six seven eight nine ten")
    assert (s.precision, s.recall, s.f1, s.exact) == (0.0, 0.0, 0.0, False)


def test_shingles_are_word_4grams_counted_as_a_multiset():
    assert tokenize("It's 10:30, isn't it?") == ["It", "s", "10", "30", "isn", "t", "it"]
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    assert shingles("too short") == {("too", "short"): 1}
    assert shingles("  ") == {}


def test_partial_overlap_and_punctuation():
    truth = "a b c d e f g h"  # 5 shingles
    s = score_item("a b c d e f, plus extra words here", truth)
    assert s.matched == 3 and s.expected == 5 and s.predicted == 7
    assert s.precision == pytest.approx(3 / 7) and s.recall == pytest.approx(3 / 5)
    assert score_item("A, b; c... d!", "a b c d").exact is False  # case counts
    assert score_item("a, b; c... d!", "a b c d").exact is True  # punctuation does not


def test_evaluate_macro_averages_items():
    truth = {"x": "a b c d e", "y": "f g h i j"}
    result = evaluate({"x": "a b c d e", "y": "f g h i z"}, truth, resamples=200)
    assert result["precision"] == pytest.approx((1 + 0.5) / 2)
    assert result["recall"] == pytest.approx((1 + 0.5) / 2)
    assert result["f1"] == pytest.approx(0.75)
    assert result["accuracy"] == 0.5
    assert result["n"] == 2 and set(result["items"]) == {"x", "y"}
    again = evaluate({"x": "a b c d e", "y": "f g h i z"}, truth, resamples=200)
    assert result["std"] == again["std"]  # fixed seed
    assert result["std"]["f1"] > 0


def test_missing_prediction_costs_recall_not_precision():
    truth = {"x": "a b c d e", "y": "f g h i j"}
    result = evaluate({"x": "a b c d e"}, truth, resamples=0)
    assert result["precision"] == 1.0 and result["recall"] == 0.5


# --- on the benchmark pages -------------------------------------------------------

BENCHMARK_PAGES = 3


def test_benchmark_pages_are_extracted_well(shared_data: Path):
    data = shared_data / "extraction"
    if not (data / "ground-truth.json").exists():
        pytest.skip("extraction benchmark data is not available")
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    for item_id in sorted(truth)[:: len(truth) // BENCHMARK_PAGES][:BENCHMARK_PAGES]:
        path = data / "html" / f"{item_id}.html.gz"
        page = gzip.decompress(path.read_bytes())
        art = extract_html(page, url=truth[item_id]["url"], origin=str(path))
        score = score_item(art.text, truth[item_id]["articleBody"])
        assert score.f1 > 0.8, (item_id, score)
        assert art.title and art.published


# --- junk pages: navigation and a cookie banner are not an article ----------------

JUNK_PAGE = """<!doctype html><html><head><title>Example News</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
</nav></header>
<div id="cookie-banner"><p>We use cookies to give you the best experience on our website.</p>
<button>Accept all</button><button>Manage preferences</button></div>
<main><div class="section"><h2>Latest news</h2><p>Weather: 12°C, cloudy</p>
<p>Markets open</p><p>Sign in or register</p></div></main>
<footer><p>Example Media Group</p></footer></body></html>"""


def test_a_page_of_furniture_is_a_named_failure(tmp_path: Path):
    path = tmp_path / "front [page].html"
    path.write_text(JUNK_PAGE, "utf-8")
    [failure] = list(read_input(str(path)))
    assert failure == Failure(str(path), "no article text (only 12 words of page furniture)")


def test_a_cookie_banner_alone_is_no_article():
    page = JUNK_PAGE.replace("<main>", "<main><!--").replace("</main>", "--></main>")
    with pytest.raises(SourceError, match="no article text"):
        extract_html(page, origin="cookies.html")


def test_a_furniture_page_at_a_url_is_a_named_failure(site):
    url = site.page("/front", JUNK_PAGE)
    [failure] = list(read_input(url))
    assert isinstance(failure, Failure) and failure.input == url
    assert failure.reason == "no article text (only 12 words of page furniture)"


def test_a_short_article_page_is_kept():
    page = "<html><body><main><p>Russia urged Ukraine on Monday to return to talks.</p></main>"
    assert extract_html(page).text == "Russia urged Ukraine on Monday to return to talks."


def test_encoding_guess_is_a_warning_of_the_page():
    french = [p.replace("officials", "les fonctionnaires à Genève") for p in PARAGRAPHS]
    page = article_page(french).replace('<meta charset="utf-8">', "").encode("cp1252")
    art = extract_html(page, origin="fr.html")
    assert "fonctionnaires à Genève" in art.text
    assert art.extra["warnings"] == [
        "encoding guessed as cp1252 (not UTF-8; 2 non-ASCII characters)"
    ]
