"""Opening inputs: regular files only (or `-` for stdin), bounded while reading, named.

The CLI tests run `realpolitik` in a subprocess with a timeout: a reader that blocks on a
pipe fails the test instead of hanging the suite.
"""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from realpolitik.settings import Settings
from realpolitik.sources import Article, Failure, kind_of, read_input, read_inputs
from realpolitik.sources.errors import SourceError
from realpolitik.sources.reading import input_files, open_limited, read_limited

CLI = str(Path(sys.executable).with_name("realpolitik"))
STORY = (
    "Kremlin welcomes talks\n\n"
    "The Kremlin welcomed the overtures of Washington to reopen a dialogue with Moscow on "
    "Tuesday. Dmitry Peskov said that Russia was ready to talk, and that the first meeting "
    "could take place in Riyadh within weeks.\n"
)


def cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [CLI, *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def write_gzip(path: Path, line: bytes, size: int) -> None:
    """A gzip file that inflates to `size` bytes of `line`, written in pieces."""
    chunk = line * (1024 * 1024 // len(line))
    with gzip.open(path, "wb", compresslevel=1) as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)


# --- read_limited / open_limited --------------------------------------------------


def test_regular_and_gzipped_files_are_read(tmp_path: Path):
    plain, packed = tmp_path / "a.txt", tmp_path / "a.txt.gz"
    plain.write_bytes(b"x" * 1000)
    packed.write_bytes(gzip.compress(b"y" * 1000))
    assert read_limited(plain, Settings(max_bytes=1000)) == b"x" * 1000
    assert read_limited(packed, Settings(max_bytes=1000)) == b"y" * 1000


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(SourceError, match="file is 1,001 bytes, over the 1,000-byte limit") as e:
        read_limited(path, Settings(max_bytes=1000))
    assert e.value.input == str(path)


def test_gzip_is_stopped_at_the_limit_while_inflating(tmp_path: Path):
    path = tmp_path / "bomb.html.gz"
    write_gzip(path, b"<p>spam</p>\n", 64 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # the file itself is within the limit
    with open_limited(path, Settings(max_bytes=1024 * 1024)) as stream:
        assert stream.read(12) == b"<p>spam</p>\n"  # read as a stream
        with pytest.raises(SourceError, match="inflates to more than 1,048,576 bytes") as e:
            stream.read()
    assert e.value.input == str(path)


def test_the_limit_holds_while_reading_not_by_stat_alone():
    """/proc files say they are 0 bytes long; their content still counts."""
    path = Path("/proc/self/maps")
    if not path.exists():
        pytest.skip("no /proc")
    assert path.stat().st_size == 0
    with pytest.raises(SourceError, match="is more than 10 bytes"):
        read_limited(path, Settings(max_bytes=10))


def test_broken_gzip_is_named(tmp_path: Path):
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(os.urandom(50_000))[:2000])
    with pytest.raises(SourceError, match="broken gzip data") as e:
        read_limited(path, Settings())
    assert e.value.input == str(path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_before_reading(device: str):
    [failure] = list(read_input(device, Settings()))
    assert failure == Failure(
        device, "a device, not a regular file: not read (give a file, or - to read standard input)"
    )


def test_a_named_pipe_is_refused_and_the_run_goes_on(tmp_path: Path, example_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    res = cli("extract", str(fifo), str(example_path), "--format", "text")
    assert res.returncode == 1
    assert b"The Putin-Trump Dynamic" in res.stdout
    assert b"pipe.txt: a named pipe (FIFO), not a regular file" in res.stderr


PEAK_RSS = """
import sys
from realpolitik.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
# the high-water mark of this program's memory (VmHWM: it starts again at exec, unlike the
# ru_maxrss of a forked child, which counts the memory of the process that forked it)
hwm = next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
sys.stderr.write("peak-kb " + hwm.split()[1] + "\\n")
sys.exit(code)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_gzip_bomb_is_stopped_without_inflating_it(tmp_path: Path):
    """The inflated size counts against the limit while inflating: peak memory stays far
    below the 256 MB the file inflates to (it was above it when the file was inflated whole)."""
    bomb = tmp_path / "bomb.html.gz"
    write_gzip(bomb, b"<p>spam spam spam</p>\n", 256 * 1024 * 1024)
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, "extract", str(bomb)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "REALPOLITIK_MAX_BYTES": "4000000"},
        timeout=120,
    )
    assert proc.returncode == 1
    assert b"bomb.html.gz: inflates to more than 4,000,000 bytes" in proc.stderr
    peak_kb = int(proc.stderr.rsplit(b"peak-kb ", 1)[1].split()[0])
    assert peak_kb < 200 * 1024


# --- standard input ---------------------------------------------------------------


def test_dash_reads_standard_input_as_one_article():
    res = cli("extract", "-", "--format", "text", stdin=STORY.encode("cp1252"))
    assert res.returncode == 0, res.stderr
    assert b"Dmitry Peskov said" in res.stdout


def test_standard_input_is_bounded_too():
    res = cli("extract", "-", stdin=b"word " * 300_000, env={"REALPOLITIK_MAX_BYTES": "100000"})
    assert res.returncode == 1
    assert b"<stdin>: is more than 100,000 bytes, over the limit" in res.stderr


# --- names and schemes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("file:///tmp/news/a.txt", "file:// URLs are not fetched: give the path /tmp/news/a.txt"),
        ("ftp://example.org/a.txt", "ftp:// is not supported: only http(s) URLs are fetched"),
        ("s3://bucket/key.jsonl", "s3:// is not supported: only http(s) URLs are fetched"),
        ("www.example.org/news", "no such file or directory (a URL needs http:// or https://)"),
    ],
)
def test_urls_that_are_not_http_are_named_for_what_they_are(name: str, reason: str):
    [failure] = list(read_input(name, Settings()))
    assert isinstance(failure, Failure) and failure.input == name
    assert failure.reason.startswith(reason)


def test_kind_of_urls():
    assert kind_of("https://example.org/a.html") == "url"
    assert kind_of("HTTP://EXAMPLE.ORG/") == "url"
    assert kind_of("file:///x.txt") == "unsupported-url"
    assert kind_of("notes.txt") == "text"


def test_url_list_names_each_line_that_is_not_http(tmp_path: Path):
    listing = tmp_path / "links.urls"
    listing.write_text("ftp://old.example.org/a\nnot a url\n", "utf-8")
    failures = list(read_input(str(listing), Settings()))
    assert failures == [
        Failure(f"{listing}:1", "not an http(s) URL: 'ftp://old.example.org/a'"),
        Failure(f"{listing}:2", "not an http(s) URL: 'not a url'"),
    ]


def test_a_name_with_brackets_is_named_whole(tmp_path: Path):
    path = tmp_path / "empty [draft].txt"
    path.write_text("")
    res = cli("extract", str(path))
    assert res.returncode == 1
    assert f"{path}: empty file".encode() in res.stderr


# --- directories and unusual files ------------------------------------------------


def test_directory_names_pipes_and_links_it_does_not_follow(tmp_path: Path):
    top = tmp_path / "news"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text(STORY, "utf-8")
    os.mkfifo(top / "pipe")
    (top / "sub" / "loop").symlink_to(top)
    (top / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(read_input(str(top), Settings()))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Failure"]
    reasons = {i.input: i.reason for i in items if isinstance(i, Failure)}
    assert reasons == {
        str(top / "gone.txt"): "a symbolic link to nothing (its target is missing, or it loops)",
        str(top / "pipe"): "a named pipe (FIFO), not a regular file: not read",
        str(top / "sub" / "loop"): (
            "a symbolic link to a directory: not followed (give the directory itself)"
        ),
    }


def test_an_empty_directory_is_named(tmp_path: Path):
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    items = list(read_input(str(tmp_path / "empty"), Settings()))
    assert items == [Failure(str(tmp_path / "empty"), "an empty directory: no files to read")]


def test_directory_files_in_sorted_order(tmp_path: Path):
    for name in ("b.txt", "a/z.txt", "a.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(STORY)
    assert [p.relative_to(tmp_path).as_posix() for p in input_files(tmp_path)] == [
        "a/z.txt",
        "a.txt",
        "b.txt",
    ]


def test_a_file_that_vanishes_before_it_is_read_is_named(tmp_path: Path):
    (tmp_path / "a.txt").write_text(STORY, "utf-8")
    (tmp_path / "b.txt").write_text(STORY, "utf-8")
    items = read_input(str(tmp_path), Settings())
    assert isinstance(next(items), Article)
    (tmp_path / "b.txt").unlink()  # listed already, gone now
    assert list(items) == [
        Failure(str(tmp_path / "b.txt"), "could not read: No such file or directory")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_that_cannot_be_read_is_named(tmp_path: Path):
    path = tmp_path / "secret.txt"
    path.write_text(STORY, "utf-8")
    path.chmod(0)
    [failure] = list(read_input(str(path), Settings()))
    assert failure == Failure(str(path), "could not read: Permission denied")


def test_odd_file_names_are_printable_in_messages_and_origins(tmp_path: Path):
    undecodable = os.fsdecode(bytes(tmp_path) + b"/bad\xffname.txt")
    Path(undecodable).write_text(STORY, "utf-8")
    newline = tmp_path / "two\nlines.txt"
    newline.write_text("")
    items = list(read_inputs([undecodable, str(newline)], Settings()))
    assert items[0].origin == f"{tmp_path}/bad\\xffname.txt"
    assert items[1] == Failure(f"{tmp_path}/two\\nlines.txt", "empty file")
    res = cli("extract", str(tmp_path), "--format", "jsonl")
    assert res.returncode == 1
    assert b"two\\nlines.txt: empty file" in res.stderr
    assert b"Traceback" not in res.stderr
