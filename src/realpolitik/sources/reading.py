"""The one place that opens input files: regular files only (or `-` for stdin), bounded.

`open_limited` gives a binary stream that gunzips as it reads (gzip data is told by its
magic bytes, whatever the file's name) and raises `SourceError` as soon as more than
`settings.max_bytes` have been read, so a gzip bomb or a file that grows is stopped at the
limit, not after it is in memory. A named pipe, a device (`/dev/zero`) or a socket is
refused by name when it is opened, before anything is read from it: it could block forever
or never end. `read_limited` is the whole content as bytes; `input_files` walks a directory."""

from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..settings import Settings
from .errors import Failure, SourceError

STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
_RAISE_IT = "raise it with --max-bytes or REALPOLITIK_MAX_BYTES"


def shown(name: str | os.PathLike[str]) -> str:
    """`name` as it can be printed and stored: undecodable bytes and control characters
    (a newline in a file name) written as escapes; an ordinary name is unchanged."""
    text = os.fspath(name)
    if text.isprintable():
        return text
    raw = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw)


def open_limited(
    path: str | os.PathLike[str], settings: Settings, *, name: str | None = None
) -> BinaryIO:
    """A binary stream of the file at `path` (`-`: stdin), gunzipped if it is gzip data.

    Raises SourceError naming `name` (default: the path) for anything but a regular file,
    and while reading, past `settings.max_bytes` (of the file, and of what it inflates to).
    """
    name = name or shown(path)
    limit = settings.max_bytes
    if os.fspath(path) == STDIN:
        if sys.stdin is None:
            raise SourceError(name, "there is no standard input to read")
        raw, owned = sys.stdin.buffer, ()  # read, but not closed: it is not ours
    else:
        raw = _open_regular(path, name, limit)
        owned = (raw,)
    stream = io.BufferedReader(_Limited(raw, limit, name, "is more than", owned), _CHUNK)
    try:
        if stream.peek(2)[:2] != GZIP_MAGIC:
            return stream
        inflated = gzip.GzipFile(fileobj=stream, mode="rb")
        # GzipFile leaves the stream it reads open; closing the result closes both.
        limited = _Limited(inflated, limit, name, "inflates to more than", (inflated, stream))
        return io.BufferedReader(limited, _CHUNK)
    except BaseException:
        stream.close()
        raise


def read_limited(
    path: str | os.PathLike[str], settings: Settings, *, name: str | None = None
) -> bytes:
    """The content of the file at `path` (`-`: stdin), gunzipped, within `settings.max_bytes`."""
    with open_limited(path, settings, name=name) as stream:
        return stream.read()


def input_files(top: Path) -> Iterator[Path | Failure]:
    """The regular files under directory `top` (symbolic links to files included), in sorted
    path order; anything else is a Failure naming it: a pipe, a device, a socket, a link to
    nothing, a directory that cannot be listed, a symbolic link to a directory (not followed:
    it may loop, or lead to files read already)."""
    try:
        entries = sorted(top.iterdir())
    except OSError as exc:
        yield Failure(shown(top), f"could not list the directory: {_reason(exc)}")
        return
    for entry in entries:
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            yield Failure(shown(entry), _unreadable(entry, exc))
            continue
        if stat.S_ISDIR(mode) and entry.is_symlink():
            yield Failure(
                shown(entry),
                "a symbolic link to a directory: not followed (give the directory itself)",
            )
        elif stat.S_ISDIR(mode):
            yield from input_files(entry)
        elif stat.S_ISREG(mode):
            yield entry
        else:
            yield Failure(shown(entry), f"{_kind(mode)}, not a regular file: not read")


def file_problem(info: os.stat_result, limit: int) -> str | None:
    """Why a file with this `stat` is not read (not a regular file, over `limit` bytes), or
    None if it can be."""
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, not a file"
    if not stat.S_ISREG(info.st_mode):
        return (
            f"{_kind(info.st_mode)}, not a regular file: not read "
            f"(give a file, or {STDIN} to read standard input)"
        )
    if info.st_size > limit:
        return f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit ({_RAISE_IT})"
    return None


def _open_regular(path: str | os.PathLike[str], name: str, limit: int) -> BinaryIO:
    """The file opened for reading if it is a regular file within `limit` bytes.

    Opened non-blocking, then checked: opening a named pipe without a writer returns at once
    instead of waiting, and nothing is read from it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if problem := file_problem(os.fstat(fd), limit):
            raise SourceError(name, problem)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _unreadable(path: Path, exc: OSError) -> str:
    if path.is_symlink():
        return "a symbolic link to nothing (its target is missing, or it loops)"
    return f"could not read: {_reason(exc)}"


class _Limited(io.RawIOBase):
    """A raw stream over `inner` that raises SourceError once more than `limit` bytes came.

    Broken gzip data (bad header, truncated, corrupt) is a SourceError too.
    """

    def __init__(
        self, inner: BinaryIO, limit: int, name: str, verb: str, owned: tuple[BinaryIO, ...]
    ) -> None:
        self._inner, self._limit, self._name, self._verb = inner, limit, name, verb
        self._owned = owned  # closed with this stream
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # One byte more than the limit allows tells "exactly at the limit" from "over it".
        want = min(len(buffer), self._limit + 1 - self._count)
        try:
            data = self._inner.read(want)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise SourceError(self._name, f"broken gzip data ({exc})") from exc
        n = len(data)
        if self._count + n > self._limit:
            if self._count >= self._limit:
                raise SourceError(
                    self._name, f"{self._verb} {self._limit:,} bytes, over the limit ({_RAISE_IT})"
                )
            # What fits goes out first (a dump keeps its rows before the limit); the next
            # read raises.
            n = self._limit - self._count
            self._count = self._limit + 1
        else:
            self._count += n
        buffer[:n] = data[:n]
        return n

    def close(self) -> None:
        if not self.closed:
            for stream in self._owned:
                stream.close()
        super().close()
