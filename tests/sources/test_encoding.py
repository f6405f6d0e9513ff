"""Decoding real bytes: Western charsets, damaged UTF-8, UTF-16/32 with and without BOM."""

import codecs
import gzip
from pathlib import Path

import pytest

from realpolitik.settings import Settings
from realpolitik.sources import Article, Failure, read_input
from realpolitik.sources.encoding import decode, guess_encoding
from realpolitik.sources.errors import SourceError

WESTERN = "The naïve café owner sent her résumé with “quotes” to the ministry.\n"
LATIN1 = "The naïve café owner sent her résumé with «quotes» to the ministry.\n"
RUSSIAN = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве.\n"
POLISH = "Zażółć gęślą jaźń — powiedział minister spraw zagranicznych w Warszawie.\n"
CZECH = "Vláda v Praze ve středu schválila nový rozpočet. Ministr řekl, že změny budou účinné.\n"


def decoded(data: bytes) -> tuple[str, list[str]]:
    warnings: list[str] = []
    return decode(data, "in.txt", warnings=warnings), warnings


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (WESTERN.encode("cp1252"), WESTERN),
        (LATIN1.encode("latin-1"), LATIN1),
    ],
    ids=["cp1252", "latin-1"],
)
def test_western_text_is_read_as_western(data: bytes, text: str):
    assert decoded(data) == (
        text,
        ["encoding guessed as cp1252 (not UTF-8; 6 non-ASCII characters)"],
    )


def test_declared_latin1_where_cp1252_leaves_a_byte_undefined():
    text = "Le ministre de l'Économie a présenté à Genève un budget réformé. \x81"
    assert decode(text.encode("latin-1"), "page.html", "ISO-8859-1") == text


def test_utf8_with_one_bad_byte_stays_utf8():
    data = bytearray(WESTERN.encode("utf-8"))
    data[data.index(b"ministry")] = 0x92  # one stray cp1252 apostrophe byte
    text, [warning] = decoded(bytes(data))
    assert text == WESTERN.replace("ministry", "\ufffdinistry")
    assert warning.startswith("1 broken UTF-8 byte sequence(s) replaced by \ufffd")


def test_utf8_with_many_bad_bytes_is_not_utf8():
    data = (WESTERN * 3).encode("cp1252") + "é".encode()
    text, [warning] = decoded(data)
    assert text.startswith(WESTERN) and "cp1252" in warning


@pytest.mark.parametrize(
    "encoding",
    ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32-be", "utf-32", "utf-8-sig"],
)
@pytest.mark.parametrize("text", [WESTERN, RUSSIAN], ids=["western", "russian"])
def test_unicode_with_and_without_bom(encoding: str, text: str):
    assert decoded(text.encode(encoding)) == (text, [])


def test_utf16_head_of_a_stream_cut_inside_a_character():
    data = (RUSSIAN * 2000).encode("utf-16-le")
    assert guess_encoding(data[:65535], "in.txt").encoding == "utf-16-le"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN * 3, "cp1251"), (POLISH, "cp1250"), (CZECH, "cp1250")],
    ids=["russian-cp1251", "polish-cp1250", "czech-cp1250"],
)
def test_other_single_byte_charsets_still_decode_right(text: str, encoding: str):
    got, warnings = decoded(text.encode(encoding))
    assert got == text
    assert all(w.startswith(f"encoding guessed as {encoding} (not UTF-8;") for w in warnings)


def test_a_confident_guess_has_no_warning():
    assert decoded((RUSSIAN * 3).encode("cp1251")) == (RUSSIAN * 3, [])


def test_declared_charset_is_not_a_guess():
    data = WESTERN.encode("cp1252")
    assert decode(data, "in.html", "iso-8859-1") == WESTERN  # latin-1 on the web is cp1252
    warnings: list[str] = []
    assert decode(RUSSIAN.encode("koi8-r"), "x", "koi8-r", warnings=warnings) == RUSSIAN
    assert warnings == []


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        b"\x00\x01\x02\x03" * 500,
        bytes(4096),
        Path("/bin/sh").read_bytes()[:20000] if Path("/bin/sh").exists() else b"\x7fELF\x00" * 99,
        gzip.compress(bytes(range(256)) * 100),
    ],
    ids=["png", "pattern", "zeros", "executable", "gzip"],
)
def test_binary_is_refused_by_name(data: bytes):
    with pytest.raises(SourceError, match="binary data, not text or HTML") as err:
        decode(data, "photo.txt")
    assert err.value.input == "photo.txt"


def test_a_text_file_carries_its_encoding_warning(tmp_path: Path):
    path = tmp_path / "cafe.txt"
    body = "Ministers met in Paris on Monday. " * 3
    path.write_bytes(f"Café talks\n\n{WESTERN}{body}".encode("cp1252"))
    [article] = list(read_input(str(path), Settings()))
    assert isinstance(article, Article)
    assert article.title == "Café talks" and "naïve café" in article.text
    assert article.extra["warnings"] == [
        "encoding guessed as cp1252 (not UTF-8; 7 non-ASCII characters)"
    ]


def test_utf32_file_is_an_article_and_binary_a_failure(tmp_path: Path):
    good, bad = tmp_path / "wide.txt", tmp_path / "image.txt"
    good.write_bytes((WESTERN * 3).encode("utf-32-le"))
    bad.write_bytes(codecs.BOM_UTF8[:1] + bytes(range(256)) * 50)
    article, failure = [*read_input(str(good)), *read_input(str(bad))]
    assert isinstance(article, Article) and "\x00" not in article.text
    assert failure == Failure(str(bad), "binary data, not text or HTML")
