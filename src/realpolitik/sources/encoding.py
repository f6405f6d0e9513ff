"""Turn raw bytes into text; every reader decodes through `decode` (or `guess_encoding`).

In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16/32 without one, told by where
its NUL bytes fall; UTF-8, also when a few bytes in it are broken (they become U+FFFD); the
declared charset (`<meta charset>`, a Content-Type header); then a guess. A guess for text
that is mostly ASCII letters prefers the Western charsets (cp1252, then latin-1) over
their look-alikes (cp1250, Mac Roman: "naïve" read as "naďve"); other text (Cyrillic,
Greek, Central European) takes charset_normalizer's best match. Anything that is not UTF-8
or declared is reported as a warning, to go with the Article. Binary data is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes

from .errors import SourceError

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# UTF-8 with at most this many broken sequences (or one per thousand bytes) is still UTF-8,
# if it has at least as many well-formed non-ASCII characters: a damaged UTF-8 file.
_FEW_BAD_BYTES = 8
# Charsets that say "Western" to charset_normalizer and Python; cp1252 first: it is what
# "latin-1" means on the web, and latin-1 only where cp1252 leaves a byte undefined.
_WESTERN = ("cp1252", "latin_1")
_WESTERN_NAMES = {"cp1252", "windows_1252", "latin_1", "iso8859_1", "iso8859_15", "ascii"}
# Non-ASCII characters expected in Western text besides letters: typography and symbols.
_WESTERN_MARKS = set("“”‘’„‚«»‹›–—…•·°€£¥¢§¶©®™±×÷¿¡ºª¼½¾¹²³")
# How much more "chaos" (charset_normalizer's measure of odd characters) than the best match
# a Western charset may show and still win: a stray byte costs about 0.002-0.01; Czech read
# as cp1252 costs over 0.05.
_CHAOS_MARGIN = 0.02
# Fewer non-ASCII characters than this make a guess a low-confidence one.
_CONFIDENT_CHARS = 100
_SAMPLE = 64 * 1024  # bytes looked at for UTF-16/32 and binary data
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")


@dataclass(frozen=True)
class Guess:
    """How to decode some bytes: the codec, how many bytes of BOM to skip, and a warning
    (for a guessed charset or a damaged UTF-8 file) or None."""

    encoding: str
    bom: int = 0
    warning: str | None = None


def decode(
    data: bytes, name: str, declared: str | None = None, *, warnings: list[str] | None = None
) -> str:
    """The text in `data`; SourceError naming `name` for binary data.

    `declared` is a charset the input names for itself. A warning (guessed charset, broken
    UTF-8 bytes) is appended to `warnings` when given.
    """
    guess = guess_encoding(data, name, declared)
    text = data[guess.bom :].decode(guess.encoding, errors="replace")
    if guess.warning and warnings is not None:
        warnings.append(guess.warning)
    return text


def guess_encoding(data: bytes, name: str, declared: str | None = None) -> Guess:
    """The encoding of `data` (all of it, or the head of a stream: a character cut at the
    end is no evidence against UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Guess(encoding, len(bom))
    head = data[:_SAMPLE]
    if b"\x00" in head:
        wide = _wide_unicode(head)
        if wide:
            return Guess(wide)
    if looks_binary(head):
        raise SourceError(name, "binary data, not text or HTML")
    good, bad = _utf8_counts(data)
    if not bad:
        return Guess("utf-8")
    if good >= bad and bad <= max(_FEW_BAD_BYTES, len(data) // 1000):
        return Guess(
            "utf-8",
            warning=f"{bad} broken UTF-8 byte sequence(s) replaced by \ufffd "
            f"({good} good non-ASCII characters)",
        )
    declared = _codec(declared)
    if declared and not declared.startswith(("utf_16", "utf_32")):  # those were seen above
        for encoding in _WESTERN if declared in _WESTERN_NAMES else (declared,):
            if _decodes(data, encoding):
                return Guess(encoding)
    return _guessed(data, name)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean this is not text."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def _wide_unicode(head: bytes) -> str | None:
    """UTF-32 or UTF-16 (LE or BE) without a BOM: the one that decodes `head` into
    printable text with spaces or line breaks. Binary data fails: NULs, control characters,
    lone surrogates or code points past U+10FFFF turn up in it, or no white space."""
    for encoding in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        spaces = sum(c in " \t\n\r" for c in text)
        printable = sum(c.isprintable() for c in text) + spaces
        # Text has spaces or line breaks: a repeated binary pattern can be "printable", and
        # the wrong byte order reads U+0020 as U+2000.
        if text and printable >= 0.98 * len(text) and spaces >= 0.005 * len(text):
            return encoding
    return None


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(well-formed non-ASCII characters, broken sequences) when `data` is read as UTF-8;
    a sequence cut at the very end (a head of a stream) counts as neither."""
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(data, final=False)
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return _non_ascii(text) - bad, bad


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _codec(charset: str | None) -> str | None:
    """Python's name for a charset label, or None for an unknown one."""
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _guessed(data: bytes, name: str) -> Guess:
    """A charset guessed for non-UTF-8 text (see the module docstring), with its warning.

    The Western charset wins if charset_normalizer finds it as clean as its best match
    (cp1250 and cp1252 often tie on Western text) and the text looks Western; when the best
    match reads the bytes exactly as the Western charset does, it is named as that.
    """
    found = list(from_bytes(data))
    western = next((e for e in _WESTERN if _decodes(data, e)), None)
    if western and _looks_western(data, western) and (not found or _western_as_clean(found)):
        encoding = western
    elif found:
        encoding = _codec(found[0].encoding) or found[0].encoding
        if western and data.decode(encoding, errors="replace") == data.decode(western):
            encoding = western
    else:
        raise SourceError(name, "could not detect the text encoding (not UTF-8)")
    count = _non_ascii(data.decode(encoding, errors="replace"))
    if count >= _CONFIDENT_CHARS:
        return Guess(encoding)
    return Guess(
        encoding,
        warning=f"encoding guessed as {encoding} (not UTF-8; {count} non-ASCII characters)",
    )


def _western_as_clean(found: list[CharsetMatch]) -> bool:
    """A Western charset is among charset_normalizer's matches, with (about) the least chaos."""
    least = min(m.chaos for m in found)
    return any(
        _codec(m.encoding) in _WESTERN_NAMES and m.chaos <= least + _CHAOS_MARGIN for m in found
    )


def _looks_western(data: bytes, encoding: str) -> bool:
    """Mostly ASCII letters, and the rest Latin letters or Western typography (judged on
    the first 256 KB)."""
    text = data[: 4 * _SAMPLE].decode(encoding, errors="replace")
    ascii_letters = len(_ASCII_LETTERS.findall(text))
    others = _NON_ASCII.findall(text)
    if not ascii_letters or ascii_letters < 0.7 * (ascii_letters + len(others)):
        return False
    fitting = sum((c.isalpha() and c <= "\u024f") or c in _WESTERN_MARKS for c in others)
    return fitting >= 0.9 * len(others)
