from pathlib import Path

import pytest

from realpolitik.settings import Settings
from realpolitik.sources import Failure, read_input
from realpolitik.sources.errors import SourceError
from realpolitik.sources.text import clean_text, parse_date_line, read_text_file


def test_example_title_author_and_no_leftovers(example_path):
    art = read_text_file(example_path, Settings())
    assert art.title == "The Putin-Trump Dynamic: Opportunities and Risks for Russia"
    assert art.author == "Mark Galeotti"
    assert art.text.startswith("In Moscow, there is a palpable sense")
    assert art.text.endswith("the unpredictable realm of Trumpworld.")
    for leftover in (
        "Leave a Reply",
        "Your email address",
        "Required fields",
        "Back To Top",
        "Double-Edged Sword",
        "is the author of",
        "Osprey",
    ):
        assert leftover not in art.text
    assert "Riding the Tiger: A Complex Balancing Act" in art.text  # a real subheading stays
    assert "author of Putin’s Wars" in art.extra["author_bio"]


def test_paragraph_spans_point_into_text(example_path):
    art = read_text_file(example_path, Settings())
    assert len(art.paragraphs) == 12
    for p in art.paragraphs:
        chunk = art.text[p.start : p.end]
        assert chunk == chunk.strip() and "\n\n" not in chunk
    assert art.text[art.paragraphs[0].start :].startswith("In Moscow")


def test_id_is_stable_content_hash(example_path):
    a = read_text_file(example_path, Settings())
    b = read_text_file(example_path, Settings())
    assert a.id == b.id and len(a.id) == 16


def test_byline_and_date_lines_at_top():
    art = clean_text(
        "Sanctions tighten again\nBy Jane Roe | Reuters\nMarch 7, 2025\n\n"
        "The EU agreed new sanctions on Friday. Ministers met in Brussels.\n"
    )
    assert art.title == "Sanctions tighten again"
    assert art.author == "Jane Roe"
    assert art.published == "2025-03-07"
    assert art.text == "The EU agreed new sanctions on Friday. Ministers met in Brussels."


def test_bio_inside_the_body_is_kept():
    body = (
        "John Smith is a professor at Harvard who said things.\n\nMore text.\n\n"
        "Third paragraph.\n\nFourth paragraph here.\n\nFifth and last paragraph."
    )
    art = clean_text("A headline\n\n" + body)
    assert art.author is None
    assert art.text.startswith("John Smith is a professor")


@pytest.mark.parametrize(
    "line,iso",
    [
        ("March 7, 2025", "2025-03-07"),
        ("7 March 2025", "2025-03-07"),
        ("Published: 2025-03-07", "2025-03-07"),
        ("Friday, Mar. 7, 2025", "2025-03-07"),
        ("The summit was on March 7, 2025 and went well.", None),
    ],
)
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


def test_empty_file_fails_by_name(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n")
    (item,) = read_input(str(p))
    assert isinstance(item, Failure) and item.input == str(p) and "empty" in item.reason


def test_only_leftovers_is_an_error():
    with pytest.raises(SourceError, match="no article text"):
        clean_text("Leave a Reply\n\nBack To Top\n")


def test_binary_file_fails(tmp_path: Path):
    p = tmp_path / "photo.txt"
    p.write_bytes(bytes(range(256)) * 40)
    (item,) = read_input(str(p))
    assert isinstance(item, Failure) and "binary" in item.reason


@pytest.mark.parametrize("encoding", ["cp1251", "latin-1", "utf-16"])
def test_non_utf8_text_is_decoded(tmp_path: Path, encoding):
    text = (
        (
            "Заголовок статьи\n\nКремль приветствовал предложения Трампа о возобновлении диалога. "
            "Песков выразил удовлетворение."
        )
        if encoding == "cp1251"
        else (
            "Le titre\n\nLe Kremlin a salué l'ouverture de Trump. Les négociations à Genève "
            "reprendront après l'été, déclare-t-on à Moscou."
        )
    )
    p = tmp_path / f"article-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    (art,) = read_input(str(p))
    assert not isinstance(art, Failure), art
    assert art.text == text.split("\n\n", 1)[1]


def test_missing_file_and_size_limit(tmp_path: Path):
    (missing,) = read_input(str(tmp_path / "nope.txt"))
    assert isinstance(missing, Failure) and "no such file" in missing.reason
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    (item,) = read_input(str(big), Settings().with_(max_bytes=1000))
    assert isinstance(item, Failure) and "limit" in item.reason and "--max-bytes" in item.reason


def test_directory_reads_every_file_and_reports_bad_ones(tmp_path: Path, example_path):
    (tmp_path / "a.txt").write_text(example_path.read_text("utf-8"), "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    items = list(read_input(str(tmp_path)))
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]


# --- page furniture: a text with no sentence is not an article --------------------

MENU_TEXT = "Example News\n\nHome | World | Politics | Sport\n\nSearch\n\nSign in\n\nWeather 12°C\n"


def test_menu_leftovers_are_not_an_article(tmp_path: Path):
    path = tmp_path / "menu [saved].txt"
    path.write_text(MENU_TEXT, "utf-8")
    (item,) = read_input(str(path))
    assert item == Failure(str(path), "no article text (only 10 words of page furniture)")


@pytest.mark.parametrize(
    "body",
    [
        "Russia urged Ukraine on Monday.",  # one short sentence is text
        "Кремль приветствовал предложения Трампа о диалоге.",
        "北京外交部发言人周二表示，中方愿意继续推动和谈。",  # no spaces, still a sentence
        " ".join(["word"] * 25),  # enough words, whatever their shape
    ],
)
def test_a_short_real_text_is_still_an_article(body: str):
    assert clean_text(f"Headline\n\n{body}\n").text == body


def test_the_floor_is_a_setting():
    text = "A headline\n\nTalks resumed in Geneva on Monday."
    assert clean_text(text, settings=Settings(min_words=25)).text.startswith("Talks")
    with pytest.raises(SourceError, match=r"no article text \(only 6 words of page furniture\)"):
        clean_text(text.replace(".", ""), settings=Settings(min_words=25))
    assert clean_text(text.replace(".", ""), settings=Settings(min_words=3)).text
