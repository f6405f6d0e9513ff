"""Turn raw bytes into text: BOMs, declared charsets, then detection; reject binary data."""

from __future__ import annotations

import gzip

from charset_normalizer import from_bytes

from .errors import SourceError


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean this is not text."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def maybe_gunzip(data: bytes, name: str) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise SourceError(name, f"broken gzip data ({exc})") from exc
    return data


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode `data`, trying UTF-8 (with BOM), the declared charset, then detection."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    if looks_binary(data):
        raise SourceError(name, "binary data, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise SourceError(name, "could not detect the text encoding")
    return str(best)
