"""The bad-input corpus of issue 15 (hardening): every case, its files, its command and what
must happen.

Each `Case` names the command line (`realpolitik extract|ingest|analyze|... ARGS`, run in the
case's own folder so inputs are named as a user types them), the environment variables it sets,
a `make(folder, url)` that writes its files there (huge ones streamed or made small on disk:
nothing large is ever committed), and its expectation: the exit code, the bad inputs that must be
named on stderr, the markers of the good inputs that must come out (in the records or the store),
and what must never appear (a leaked /etc/passwd, a second store). `benchmarks/robustness.py`
runs them as real subprocesses and classifies each (ok, named error, crash, hang, silent loss).

    python -m tests.badinputs OUT [--url http://127.0.0.1:PORT]   # write every case into OUT/

writes OUT/<case>/ (the files) and OUT/cases.json (commands and expectations). `{url}` in a
command or a file is the local HTTP server the benchmark starts (`serve_bad_site`); its
routes are described there.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

GIB = 1024**3

# --- texts ------------------------------------------------------------------------------


def good_text(marker: str, extra: str = "") -> str:
    """A short real-looking article whose body carries `marker` (a unique word) and `extra`."""
    return (
        f"Ministers meet in Geneva over the {marker} accord\n\n"
        f"The foreign minister of France met the German chancellor in Geneva on Tuesday to "
        f"discuss the {marker} accord on energy and security. {extra}Both sides said the talks "
        "were constructive and that a further round would follow next month.\n\n"
        "Officials in Berlin said the government would keep supporting sanctions, while Paris "
        "urged a faster path to a ceasefire. Analysts expect the dispute over gas prices to "
        "dominate the next meeting of European leaders in Brussels.\n"
    )


def good_html(marker: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in good_text(marker).split("\n\n")[1:])
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Ministers meet over the {marker} accord</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Ministers meet over the {marker} accord</h1>\n{paragraphs}</article>"
        "<footer>© Example News</footer></body></html>"
    )


JUNK_PAGE = (
    "<!doctype html><html><head><title>Example News</title></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
    "<li><a href='/politics'>Politics</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
    "<div class='cookie-banner'>We use cookies. <button>Accept all</button></div>"
    "</body></html>"
)

ACCENTS = "naïve café résumé “quoted” – déjà vu"


def long_text(chars: int, marker: str) -> str:
    """About `chars` characters of varied paragraphs, `marker`-start and -end words at both ends."""
    subjects = ["The minister", "The president", "A spokesman", "The envoy", "The chancellor"]
    verbs = ["said", "warned", "announced", "denied", "confirmed"]
    paragraphs, size, n = [f"{marker}start opens the record of the talks in Geneva."], 0, 0
    while size < chars:
        n += 1
        p = (
            f"{subjects[n % 5]} {verbs[n % 3]} on day {n} that the government of France would "
            f"send {n % 97} observers to the border, and that talks with Germany on item {n} "
            f"would continue in Brussels next week despite the dispute over gas prices."
        )
        paragraphs.append(p)
        size += len(p) + 2
    paragraphs.append(f"The record ends with {marker}end.")
    return "\n\n".join(paragraphs) + "\n"


# --- writing files ----------------------------------------------------------------------


def write(folder: Path, name: str | bytes, data: str | bytes) -> Path:
    path = Path(os.fsdecode(name)) if isinstance(name, bytes) else Path(name)
    path = folder / path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def write_inflating_gzip(path: Path, size: int, head: bytes = b"", tail: bytes = b"") -> None:
    """A one-member gzip file inflating to `size` bytes (head, spaces, tail), streamed: ~1 KB on
    disk per MB inflated, never `size` in memory."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    block = b" " * 2**20
    with path.open("wb") as fh:
        fh.write(squeeze.compress(head))
        left = size - len(head) - len(tail)
        while left > 0:
            fh.write(squeeze.compress(block[: min(left, len(block))]))
            left -= len(block)
        fh.write(squeeze.compress(tail))
        fh.write(squeeze.flush())


def jsonl(rows: list[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def rss_feed(items: list[str], title: str = "Example feed", doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
        f'<rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link>'
        f"<description>news</description>{''.join(items)}</channel></rss>\n"
    )


def rss_item(link: str | None, title: str = "An item", description: str = "") -> str:
    link_tag = f"<link>{link}</link>" if link else ""
    return f"<item><title>{title}</title>{link_tag}<description>{description}</description></item>"


def fill(text: str, url: str) -> str:
    """`text` with `{url}` replaced by the server's base URL, and `{urlHOST}` by the same
    server under another name for its host (`{url2130706433}`: http://2130706433:PORT)."""
    port = url.rsplit(":", 1)[-1]
    return re.sub(r"\{url([^}]*)\}", lambda m: f"http://{m[1]}:{port}" if m[1] else url, text)


# --- the cases --------------------------------------------------------------------------

Maker = Callable[[Path, str], None]


@dataclass
class Case:
    """One bad-input scenario: files, a command and what must happen.

    `argv` follows `realpolitik`; `{url}` in it (and in files) is the local server's base URL.
    Inputs are paths relative to the case's folder, which is the command's working directory.
    """

    name: str
    about: str
    argv: list[str]
    make: Maker | None = None  # writes the case's files into its folder
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    setup: list[list[str]] = field(default_factory=list)  # run first; each must exit 0
    parallel: list[list[str]] = field(default_factory=list)  # started together with argv
    exit: tuple[int, ...] = (1,)  # the exit codes that meet the expectation
    named: tuple[str, ...] = ()  # the bad inputs, each as it must appear whole on stderr
    kept: dict[str, str] = field(default_factory=dict)  # marker -> good input carrying it
    records: dict[str, dict[str, object]] = field(default_factory=dict)  # marker -> fields
    absent: tuple[str, ...] = ()  # must appear nowhere (stdout, stderr, output files)
    wrong: tuple[str, ...] = ()  # on stderr: the input is named, but with the wrong reason
    stderr_re: str | None = None  # the stderr must match this (why the input failed)
    outputs: tuple[str, ...] = ()  # files the records are written to (read with stdout)
    exists: dict[str, str | None] = field(default_factory=dict)  # path -> text still in it
    missing: tuple[str, ...] = ()  # paths that must not exist afterwards
    store: str | None = None  # DuckDB file whose stored article texts count as kept
    documents: int | None = None  # documents in `store` afterwards
    max_hits: dict[str, int] = field(default_factory=dict)  # server path -> most requests
    timeout: float = 60.0
    rss: bool = False  # the benchmark reports this case's peak RSS

    def to_json(self, url: str) -> dict[str, object]:
        d = asdict(self)
        d.pop("make")
        d["argv"] = [fill(a, url) for a in self.argv]
        d["named"] = [fill(n, url) for n in self.named]
        return d


def _files(**named: str | bytes) -> Maker:
    def make(folder: Path, url: str) -> None:
        for name, data in named.items():
            if isinstance(data, str):
                data = fill(data, url)
            write(folder, name, data)

    return make


def _both(*makers: Maker) -> Maker:
    def make(folder: Path, url: str) -> None:
        for m in makers:
            m(folder, url)

    return make


def _fifo(name: str) -> Maker:
    def make(folder: Path, url: str) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(folder / name)

    return make


def _bomb_html(folder: Path, url: str) -> None:
    write_inflating_gzip(folder / "bomb.html.gz", GIB, b"<html><body><p>", b"</p></body></html>")


def _inflating_jsonl(folder: Path, url: str) -> None:
    """rows.jsonl.gz: a good first row, then padding rows: inflates to ~3 MB, 50 KB on disk."""
    with gzip.open(folder / "rows.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "r1", "text": good_text("Gzrowone")}) + "\n")
        pad = " ".join(["filler"] * 200)
        for i in range(2, 3000):
            fh.write(json.dumps({"id": f"r{i}", "text": f"Row {i}. {pad}"}) + "\n")


def _deep_json(folder: Path, url: str) -> None:
    depth = 100_000
    row = '{"id": "deep", "text": "deep", "x": ' + "[" * depth + "]" * depth + "}"
    write(folder, "nested.jsonl", row + "\n" + json.dumps({"text": good_text("Deeprowtwo")}))


def _wide_csv(folder: Path, url: str) -> None:
    cols = [f"c{i}" for i in range(1_000_000)]
    text = good_text("Widecsv").replace("\n", " ")
    with (folder / "wide.csv").open("w", encoding="utf-8") as fh:
        fh.write(",".join(["text", *cols]) + "\n")
        fh.write('"' + text + '"' + "," * len(cols) + "\n")


def _nested_divs(folder: Path, url: str) -> None:
    depth = 100_000
    body = "<div>" * depth + good_text("Deepdivs").replace("\n\n", "</p><p>") + "</div>" * depth
    write(folder, "deep.html", f"<html><body><p>{body}</p></body></html>")


def _zero_byte_dir(folder: Path, url: str) -> None:
    for i in range(20):
        write(folder, f"zeros/empty{i:02d}.txt", b"")


def _giant_line(folder: Path, url: str) -> None:
    sentence = "The minister said the talks in Geneva would go on despite the dispute. "
    write(folder, "oneline.txt", "Giantline " + sentence * 70_000)  # ~5 MB, no newline


def _long(folder: Path, url: str) -> None:
    write(folder, "big.txt", long_text(1_200_000, "Longtext"))
    write(folder, "good1.txt", good_text("Goodone"))
    write(folder, "good2.txt", good_text("Goodtwo"))


def _encodings(folder: Path, url: str) -> None:
    def body(marker: str) -> str:
        return good_text(marker, f"{marker} {ACCENTS}. ")

    write(folder, "cp1252.txt", body("Wincp").encode("cp1252"))
    western = body("Latinone").replace("“", '"').replace("”", '"').replace("–", "-")
    write(folder, "latin1.txt", western.encode("latin-1"))
    bad = body("Badbyte").encode("utf-8").replace(b"Both sides", b"Both\xff sides")
    write(folder, "utf8-bad-byte.txt", bad)
    write(folder, "utf32.txt", body("Utfbom").encode("utf-32"))  # with BOM
    write(folder, "utf32-nobom.txt", body("Utfnobom").encode("utf-32-le"))
    write(folder, "utf16-nobom.txt", body("Utfsixteen").encode("utf-16-le"))
    cyrillic = (
        "Министр иностранных дел Франции встретился с канцлером Германии в Женеве во вторник. "
        "Стороны назвали переговоры конструктивными, и следующий раунд пройдёт в Брюсселе.\n"
    )
    write(folder, "cp1251.txt", cyrillic.encode("cp1251"))


def _dates(folder: Path, url: str) -> None:
    rows = [
        {"id": "d1", "published": "2017/2/7", "text": good_text("Dateslash")},
        {"id": "d2", "published": "07.02.2017", "text": good_text("Datedots")},
        {"id": "d3", "published": "Feb 7, 2017", "text": good_text("Datewords")},
        {"id": "d4", "published": 1486425600, "text": good_text("Dateepoch")},
        {"id": "d5", "published": "02/07/2017", "text": good_text("Dateambiguous")},
    ]
    write(folder, "dates.jsonl", jsonl(rows))


def _news_dump(folder: Path, url: str) -> None:
    rows = [
        {
            "id": "n1",
            "body": good_text("Columnbody"),
            "article_source_link": "https://example.org/n1",
            "publish_date": "2017-02-07",
        }
    ]
    write(folder, "news.jsonl", jsonl(rows))


def _copies(folder: Path, url: str) -> None:
    # long enough that one changed word leaves the near copy well above the 0.9 threshold
    text = good_text("Copyorig") + "\n" + long_text(1500, "Copymore")
    write(folder, "a.txt", text)
    write(folder, "b.txt", text)  # exact copy
    write(folder, "c.txt", text.replace("next month", "next week"))  # near copy


def _bad_paths(folder: Path, url: str) -> None:
    write(folder, "line\nbreak.txt", good_text("Newlinepath"))
    write(folder, "bad\nempty.txt", b"")
    write(folder, b"caf\xe9.txt", good_text("Latinpath"))
    write(folder, b"zzbadname\xff.txt", b"\x00\x00")


def _laughs(folder: Path, url: str) -> None:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE rss [\n" + "\n".join(ents) + "\n]>\n"
    write(folder, "laughs.xml", rss_feed([rss_item(None, "Laughs", "&lol9;")], doctype=doctype))


def _xxe(folder: Path, url: str) -> None:
    doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    filler = good_text("Xxefeed").replace("\n", " ")
    items = [rss_item(None, "&xxe;", f"&xxe; {filler}")]
    write(folder, "xxe.xml", rss_feed(items, doctype=doctype))


def _many_items(folder: Path, url: str) -> None:
    items = [rss_item(None, f"Item {i}", good_text(f"Item{i}")) for i in range(10_000)]
    write(folder, "many.xml", rss_feed(items))


GOOD = {"good.txt": good_text("Goodmark")}
KEEP_GOOD = {"Goodmark": "good.txt"}
ALLOW = {"REALPOLITIK_ALLOW_PRIVATE": "1"}
STORE = "s.duckdb"
# Why a private address is refused: its kind, or how to allow it ("connection refused" is not it).
SSRF_REASON = r"(?i)loopback|link-local|private|allow.private"
INGEST_GOOD = [["ingest", "good.txt", "--store", STORE, "-q"]]


def cases() -> list[Case]:
    """Every case of the corpus, in the order the benchmark runs them."""
    return [
        # --- names and values that look like rich markup ----------------------------------
        Case(
            "markup-names",
            "a missing `nope[/].txt` and an empty `empty [draft].txt` named whole",
            ["extract", "nope[/].txt", "empty [draft].txt", "good.txt"],
            _files(**{"empty [draft].txt": "", **GOOD}),
            named=("nope[/].txt", "empty [draft].txt"),
            kept=KEEP_GOOD,
        ),
        Case(
            "markup-jsonl-value",
            'a JSONL row with "published": "[/b]" is named with its value',
            ["extract", "rows.jsonl"],
            _files(
                **{
                    "rows.jsonl": jsonl(
                        [
                            {"id": "m1", "text": good_text("Markupok")},
                            {"id": "m2", "published": "[/b]", "text": good_text("Markupbad")},
                        ]
                    )
                }
            ),
            named=("rows.jsonl:2", "[/b]"),
            kept={"Markupok": "rows.jsonl:1"},
        ),
        Case(
            "markup-url",
            "a failing URL with ?q=[/] is named whole",
            ["extract", "{url}/missing?q=[/]", "good.txt"],
            _files(**GOOD),
            env=ALLOW,
            named=("{url}/missing?q=[/]",),
            kept=KEEP_GOOD,
        ),
        # --- size -----------------------------------------------------------------------
        Case(
            "long-text",
            "a 1.2 MB text (over spaCy's max_length) and two normal ones are all analyzed",
            ["analyze", "big.txt", "good1.txt", "good2.txt", "--workers", "1", "-o", "out.jsonl"],
            _long,
            exit=(0,),
            kept={
                "Longtextstart": "big.txt",
                "Longtextend": "big.txt",
                "Goodone": "good1.txt",
                "Goodtwo": "good2.txt",
            },
            outputs=("out.jsonl",),
            timeout=600,
            rss=True,
        ),
        Case(
            "impossible-date-line",
            "a text whose date line is February 30, 2025: analyzed without that date",
            ["analyze", "d.txt", "--workers", "1"],
            _files(**{"d.txt": "Talks in Geneva\n\nFebruary 30, 2025\n\n" + good_text("Baddate")}),
            exit=(0,),
            kept={"Baddate": "d.txt"},
            records={"Baddate": {"published": None}},
            timeout=180,
        ),
        Case(
            "giant-line",
            "a 5 MB text on a single line",
            ["extract", "oneline.txt"],
            _giant_line,
            exit=(0,),
            kept={"Giantline": "oneline.txt"},
        ),
        # --- options and settings -----------------------------------------------------------
        Case(
            "published-notadate",
            "analyze --published notadate: a usage error before any work",
            ["analyze", "good.txt", "--published", "notadate", "--workers", "1"],
            _files(**GOOD),
            exit=(2,),
            named=("notadate",),
        ),
        Case(
            "batch-size-negative",
            "analyze --batch-size -3: a usage error",
            ["analyze", "good.txt", "--batch-size", "-3", "--workers", "1"],
            _files(**GOOD),
            exit=(2,),
            named=("batch-size",),
        ),
        Case(
            "batch-size-zero",
            "analyze --batch-size 0: a usage error (not an empty run with exit 0)",
            ["analyze", "good.txt", "--batch-size", "0", "--workers", "1"],
            _files(**GOOD),
            exit=(2,),
            named=("batch-size",),
        ),
        Case(
            "env-timeout-abc",
            "REALPOLITIK_TIMEOUT=abc: a usage error naming the variable",
            ["extract", "good.txt"],
            _files(**GOOD),
            env={"REALPOLITIK_TIMEOUT": "abc"},
            exit=(2,),
            named=("REALPOLITIK_TIMEOUT",),
        ),
        Case(
            "env-max-bytes-negative",
            "REALPOLITIK_MAX_BYTES=-1: a usage error naming the variable",
            ["extract", "good.txt"],
            _files(**GOOD),
            env={"REALPOLITIK_MAX_BYTES": "-1"},
            exit=(2,),
            named=("REALPOLITIK_MAX_BYTES",),
        ),
        Case(
            "max-bytes-zero",
            "--max-bytes 0: a usage error",
            ["extract", "good.txt", "--max-bytes", "0"],
            _files(**GOOD),
            exit=(2,),
            named=("max-bytes",),
        ),
        Case(
            "export-onto-file",
            "export (a directory format) onto an existing regular file: refused, file kept",
            ["export", "out.parquet", "--store", STORE],
            _files(**GOOD, **{"out.parquet": "EARLIER FILE"}),
            setup=INGEST_GOOD,
            exit=(2,),
            named=("out.parquet",),
            exists={"out.parquet": "EARLIER FILE"},
        ),
        Case(
            "output-survives",
            "-o FILE when every input fails: the earlier file survives",
            ["extract", "missing.txt", "empty.txt", "-o", "out.jsonl"],
            _files(**{"empty.txt": "", "out.jsonl": '{"earlier": "EARLIER OUTPUT"}\n'}),
            named=("missing.txt", "empty.txt"),
            exists={"out.jsonl": "EARLIER OUTPUT"},
        ),
        Case(
            "output-is-directory",
            "-o names a directory: refused by name, no traceback",
            ["extract", "good.txt", "-o", "outdir"],
            _both(_files(**GOOD), lambda folder, url: (folder / "outdir").mkdir()),
            exit=(1, 2),
            named=("outdir",),
        ),
        *[
            Case(
                f"mistyped-store-{command}",
                f"{command} with a mistyped store: exit 2, no store created",
                [command, *args, "--store", "nosuch.duckdb"],
                exit=(2,),
                named=("nosuch.duckdb",),
                missing=("nosuch.duckdb",),
            )
            for command, args in (("export", ["outdir"]), ("show", []), ("quotes", []))
        ],
        Case(
            "store-not-duckdb",
            "show on a store that is a text file: named, the file untouched",
            ["show", "--store", "notes.duckdb"],
            _files(**{"notes.duckdb": "my notes, not a database\n"}),
            exit=(1, 2),
            named=("notes.duckdb",),
            exists={"notes.duckdb": "my notes, not a database"},
        ),
        Case(
            "store-zero-bytes",
            "show on a zero-byte store file: named, the file untouched",
            ["show", "--store", "zero.duckdb"],
            _files(**{"zero.duckdb": ""}),
            exit=(1, 2),
            named=("zero.duckdb",),
            exists={"zero.duckdb": None},
        ),
        Case(
            "store-is-directory",
            "show on a store that is a plain directory (not a lake): named",
            ["show", "--store", "adir"],
            lambda folder, url: (folder / "adir").mkdir(),
            exit=(1, 2),
            named=("adir",),
        ),
        Case(
            "output-unwritable",
            "-o in a folder that cannot be made (/proc): named, no traceback",
            ["extract", "good.txt", "-o", "/proc/nosuch/out.jsonl"],
            _files(**GOOD),
            exit=(1, 2),
            named=("/proc/nosuch/out.jsonl",),
        ),
        Case(
            "focus-empty",
            "analyze --focus '': a usage error",
            ["analyze", "good.txt", "--focus", "", "--workers", "1"],
            _files(**GOOD),
            exit=(2,),
            named=("focus",),
        ),
        Case(
            "env-lock-wait-abc",
            "REALPOLITIK_LOCK_WAIT=abc: a usage error naming the variable",
            ["ingest", "good.txt", "--store", STORE],
            _files(**GOOD),
            env={"REALPOLITIK_LOCK_WAIT": "abc"},
            exit=(2,),
            named=("REALPOLITIK_LOCK_WAIT",),
        ),
        Case(
            "show-markup-id",
            "show '[/]' on a real store: named whole",
            ["show", "[/]", "--store", STORE],
            _files(**GOOD),
            setup=INGEST_GOOD,
            named=("[/]",),
        ),
        # --- duplicates -------------------------------------------------------------------
        Case(
            "duplicate-ids",
            "two rows with id d1 and different texts: both texts kept, the clash noted",
            ["ingest", "dump.jsonl", "--store", STORE],
            _files(
                **{
                    "dump.jsonl": jsonl(
                        [
                            {"id": "d1", "text": good_text("Dupidone")},
                            {"id": "d1", "text": good_text("Dupidtwo")},
                        ]
                    )
                }
            ),
            exit=(0,),
            named=("d1",),
            kept={"Dupidone": "dump.jsonl:1", "Dupidtwo": "dump.jsonl:2"},
            store=STORE,
        ),
        Case(
            "copies-with-store",
            "an exact and a near copy with a store: analyzed once, both skips noted",
            ["analyze", "a.txt", "b.txt", "c.txt", "--store", STORE, "--workers", "1"],
            _copies,
            exit=(0,),
            named=("b.txt", "c.txt"),
            kept={"Copyorig": "a.txt"},
            store=STORE,
            documents=1,
            timeout=180,
        ),
        # --- encodings ------------------------------------------------------------------------
        Case(
            "encodings",
            "cp1252, latin-1, UTF-8 with one bad byte, UTF-32/16 (BOM or not), cp1251: read right",
            [
                "extract",
                "cp1252.txt",
                "latin1.txt",
                "utf8-bad-byte.txt",
                "utf32.txt",
                "utf32-nobom.txt",
                "utf16-nobom.txt",
                "cp1251.txt",
            ],
            _encodings,
            exit=(0,),
            kept={
                f"Wincp {ACCENTS}": "cp1252.txt",
                f"Latinone {ACCENTS}".replace("“", '"').replace("”", '"').replace("–", "-"): (
                    "latin1.txt"
                ),
                f"Badbyte {ACCENTS}": "utf8-bad-byte.txt",
                f"Utfbom {ACCENTS}": "utf32.txt",
                f"Utfnobom {ACCENTS}": "utf32-nobom.txt",
                f"Utfsixteen {ACCENTS}": "utf16-nobom.txt",
                "Министр иностранных дел": "cp1251.txt",
            },
        ),
        # --- pages --------------------------------------------------------------------------
        Case(
            "junk-page",
            "a page with only navigation and a cookie banner is a named failure",
            ["extract", "junk.html", "good.html"],
            _files(**{"junk.html": JUNK_PAGE, "good.html": good_html("Goodpage")}),
            named=("junk.html",),
            kept={"Goodpage": "good.html"},
        ),
        Case(
            "svg-as-html",
            "an .html file that is an SVG image: named, no traceback",
            ["extract", "pic.html", "good.txt"],
            _files(**{"pic.html": "<svg><a>HTML</a></svg>", **GOOD}),
            named=("pic.html",),
            kept=KEEP_GOOD,
        ),
        Case(
            "nested-divs",
            "HTML with 100,000 nested divs: read or named, bounded",
            ["extract", "deep.html", "good.txt"],
            _both(_nested_divs, _files(**GOOD)),
            exit=(0, 1),
            kept=KEEP_GOOD,
        ),
        # --- dumps ------------------------------------------------------------------------------
        Case(
            "dump-dates",
            "dump dates 2017/2/7, 07.02.2017, Feb 7, 2017, epoch seconds; 02/07/2017 refused",
            ["extract", "dates.jsonl"],
            _dates,
            named=("dates.jsonl:5", "02/07/2017"),
            kept={
                m: f"dates.jsonl:{i}"
                for i, m in enumerate(["Dateslash", "Datedots", "Datewords", "Dateepoch"], 1)
            },
            records={
                m: {"published": "2017-02-07"}
                for m in ("Dateslash", "Datedots", "Datewords", "Dateepoch")
            },
        ),
        Case(
            "columns-mapped",
            "--columns text=body,url=article_source_link maps a news dump",
            ["extract", "news.jsonl", "--columns", "text=body,url=article_source_link"],
            _news_dump,
            exit=(0,),
            kept={"Columnbody": "news.jsonl:1"},
            records={"Columnbody": {"url": "https://example.org/n1"}},
        ),
        Case(
            "columns-aliases",
            "a news dump (body, article_source_link, publish_date) read by default aliases",
            ["extract", "news.jsonl"],
            _news_dump,
            exit=(0,),
            kept={"Columnbody": "news.jsonl:1"},
            records={"Columnbody": {"url": "https://example.org/n1", "published": "2017-02-07"}},
        ),
        Case(
            "columns-missing",
            "--columns naming a column the file lacks: a named error for the file",
            ["extract", "news.jsonl", "--columns", "text=nosuchcolumn"],
            _news_dump,
            named=("news.jsonl", "nosuchcolumn"),
        ),
        Case(
            "csv-semicolons",
            "a `;`-separated CSV with quoted fields: read or named, no traceback",
            ["extract", "semi.csv", "good.txt"],
            _files(
                **{
                    "semi.csv": '"text";"id"\n"'
                    + good_text("Semicsv").replace("\n", " ")
                    + '";"1"\n',
                    **GOOD,
                }
            ),
            exit=(0, 1),
            kept=KEEP_GOOD,
        ),
        Case(
            "deep-json",
            "a JSONL row nested 100,000 levels deep is named; the next row is kept",
            ["extract", "nested.jsonl"],
            _deep_json,
            named=("nested.jsonl:1",),
            kept={"Deeprowtwo": "nested.jsonl:2"},
        ),
        Case(
            "wide-csv",
            "a CSV with a 1,000,000-column header: read or named, bounded",
            ["extract", "wide.csv"],
            _wide_csv,
            exit=(0, 1),
            timeout=90,
        ),
        Case(
            "jsonl-gz-over-limit",
            "a .jsonl.gz inflating past --max-bytes: rows before the limit kept, file named",
            ["extract", "rows.jsonl.gz", "--max-bytes", "100000"],
            _inflating_jsonl,
            named=("rows.jsonl.gz",),
            kept={"Gzrowone": "rows.jsonl.gz:1"},
        ),
        Case(
            "broken-parquet",
            "a truncated Parquet file is named",
            ["extract", "cut.parquet", "good.txt"],
            _files(**{"cut.parquet": b"PAR1\x00\x00\x00garbage", **GOOD}),
            named=("cut.parquet",),
            kept=KEEP_GOOD,
        ),
        # --- special files ------------------------------------------------------------------------
        Case(
            "fifo",
            "a FIFO given as input is named, not read forever",
            ["extract", "pipe.fifo", "good.txt"],
            _both(_fifo("pipe.fifo"), _files(**GOOD)),
            named=("pipe.fifo",),
            kept=KEEP_GOOD,
            timeout=30,
        ),
        Case(
            "fifo-in-directory",
            "a FIFO inside a directory input is named and skipped",
            ["extract", "folder"],
            _both(_fifo("folder/pipe"), _files(**{"folder/good.txt": good_text("Goodmark")})),
            named=("pipe",),
            kept={"Goodmark": "folder/good.txt"},
            timeout=30,
        ),
        Case(
            "dev-zero",
            "/dev/zero is named, not read until memory runs out",
            ["extract", "/dev/zero", "good.txt"],
            _files(**GOOD),
            named=("/dev/zero",),
            kept=KEEP_GOOD,
            timeout=30,
        ),
        Case(
            "html-gz-bomb",
            "a .html.gz inflating to 1 GB (1 MB on disk) is named, memory bounded",
            ["extract", "bomb.html.gz", "good.txt"],
            _both(_bomb_html, _files(**GOOD)),
            named=("bomb.html.gz",),
            kept=KEEP_GOOD,
            timeout=120,
            rss=True,
        ),
        Case(
            "empty-and-nul",
            "an empty file, a NUL-only file and a folder of 0-byte files are all named",
            ["extract", "empty.txt", "nul.txt", "zeros", "good.txt"],
            _both(_zero_byte_dir, _files(**{"empty.txt": "", "nul.txt": b"\x00" * 4096, **GOOD})),
            named=("empty.txt", "nul.txt", "zeros/empty00.txt", "zeros/empty19.txt"),
            kept=KEEP_GOOD,
        ),
        Case(
            "binary-as-text",
            "a PNG named .txt is named as binary",
            ["extract", "image.txt", "good.txt"],
            _files(**{"image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, **GOOD}),
            named=("image.txt",),
            kept=KEEP_GOOD,
        ),
        Case(
            "odd-paths",
            "paths with a newline and with non-UTF-8 bytes: good ones read, bad ones named",
            [
                "extract",
                "line\nbreak.txt",
                "bad\nempty.txt",
                os.fsdecode(b"caf\xe9.txt"),
                os.fsdecode(b"zzbadname\xff.txt"),
            ],
            _bad_paths,
            named=("empty.txt", "zzbadname"),
            kept={"Newlinepath": "break.txt", "Latinpath": "caf"},
        ),
        Case(
            "symlink-loop",
            "a directory holding a symlink to itself",
            ["extract", "loop"],
            _both(
                _files(**{"loop/good.txt": good_text("Goodmark")}),
                lambda folder, url: (folder / "loop" / "again").symlink_to(folder / "loop"),
            ),
            exit=(0, 1),
            kept={"Goodmark": "loop/good.txt"},
            timeout=30,
        ),
        Case(
            "stdin",
            "`-` reads standard input as one article",
            ["extract", "-"],
            stdin=good_text("Stdinmark").encode(),
            exit=(0,),
            kept={"Stdinmark": "-"},
        ),
        Case(
            "url-list-junk",
            "a .urls file with junk lines names each line",
            ["extract", "links.urls", "good.txt"],
            _files(**{"links.urls": "not a url\nftp://example.org/x\n# comment\n", **GOOD}),
            named=("links.urls:1", "links.urls:2"),
            kept=KEEP_GOOD,
        ),
        # --- schemes and addresses (SSRF) ---------------------------------------------------------
        Case(
            "file-and-ftp-urls",
            "file:// and ftp:// arguments get their own message, not 'no such file'",
            ["extract", "file:///etc/hostname", "ftp://example.org/a.txt", "good.txt"],
            _files(**GOOD),
            named=("file:///etc/hostname", "ftp://example.org/a.txt"),
            kept=KEEP_GOOD,
            wrong=("no such file",),
        ),
        Case(
            "ssrf-loopback",
            "a URL to 127.0.0.1 is refused (no request reaches the server)",
            ["extract", "{url}/page", "good.txt"],
            _files(**GOOD),
            named=("{url}/page",),
            kept=KEEP_GOOD,
            stderr_re=SSRF_REASON,
            max_hits={"/page": 0},
        ),
        Case(
            "ssrf-metadata",
            "a URL to 169.254.169.254 (cloud metadata) is refused at once",
            ["extract", "http://169.254.169.254/latest/meta-data/", "good.txt"],
            _files(**GOOD),
            env={"REALPOLITIK_TIMEOUT": "3"},
            named=("169.254.169.254",),
            kept=KEEP_GOOD,
            stderr_re=SSRF_REASON,
        ),
        Case(
            "ssrf-redirect",
            "a redirect to loopback is refused",
            ["extract", "{url}/redirect-loopback", "good.txt"],
            _files(**GOOD),
            named=("redirect-loopback",),
            kept=KEEP_GOOD,
            stderr_re=SSRF_REASON,
            max_hits={"/page": 0},
        ),
        Case(
            "ssrf-feed-items",
            "a feed file whose items point at 127.0.0.1, 169.254.169.254 and 10.x: each refused",
            ["extract", "feed.rss"],
            _files(
                **{
                    "feed.rss": rss_feed(
                        [
                            rss_item("{url}/page", "Loopback"),
                            rss_item("http://169.254.169.254/latest/meta-data/", "Metadata"),
                            rss_item("http://10.255.255.1/x", "Private"),
                        ]
                    )
                }
            ),
            env={"REALPOLITIK_TIMEOUT": "3"},
            named=("{url}/page", "169.254.169.254", "10.255.255.1"),
            stderr_re=SSRF_REASON,
            max_hits={"/page": 0},
        ),
        Case(
            "ssrf-numeric-forms",
            "loopback written as 2130706433, 0x7f.1 and [::ffff:127.0.0.1]: each refused",
            [
                "extract",
                "{url2130706433}/page",
                "{url0x7f.1}/page",
                "{url[::ffff:127.0.0.1]}/page",
                "good.txt",
            ],
            _files(**GOOD),
            named=("2130706433", "0x7f.1", "::ffff:127.0.0.1"),
            kept=KEEP_GOOD,
            stderr_re=SSRF_REASON,
            max_hits={"/page": 0},
        ),
        # --- slow and hostile servers (private addresses allowed: the server is local) ---------
        Case(
            "trickle-status",
            "a server trickling its status line byte by byte: a named failure in bounded time",
            ["extract", "{url}/trickle", "good.txt"],
            _files(**GOOD),
            env={**ALLOW, "REALPOLITIK_TIMEOUT": "2"},
            named=("{url}/trickle",),
            kept=KEEP_GOOD,
            timeout=45,
        ),
        Case(
            "gzip-bomb-in-feed",
            "a feed whose item serves a gzip bomb (Content-Encoding): the item named, bounded",
            ["extract", "{url}/feed-bomb.xml"],
            env=ALLOW,
            named=("{url}/bomb",),
            timeout=120,
            rss=True,
        ),
        Case(
            "endless-body",
            "a server sending its body forever, slowly: a named failure in bounded time",
            ["extract", "{url}/endless", "good.txt"],
            _files(**GOOD),
            env={**ALLOW, "REALPOLITIK_TIMEOUT": "2"},
            named=("{url}/endless",),
            kept=KEEP_GOOD,
            timeout=45,
        ),
        Case(
            "gzip-lying-type",
            "gzip bytes served as text/html without Content-Encoding",
            ["extract", "{url}/gzip-as-html", "good.txt"],
            _files(**GOOD),
            env=ALLOW,
            exit=(0, 1),
            kept=KEEP_GOOD,
        ),
        # --- feeds -------------------------------------------------------------------------------
        Case(
            "billion-laughs",
            "a feed with a billion-laughs entity expansion: named, bounded",
            ["extract", "laughs.xml", "good.txt"],
            _both(_laughs, _files(**GOOD)),
            named=("laughs.xml",),
            kept=KEEP_GOOD,
            absent=("lol" * 1000,),
            timeout=60,
            rss=True,
        ),
        Case(
            "empty-feed-file",
            "an empty .xml feed file is named",
            ["extract", "empty.xml", "good.txt"],
            _files(**{"empty.xml": "", **GOOD}),
            named=("empty.xml",),
            kept=KEEP_GOOD,
        ),
        Case(
            "feed-10000-items",
            "a feed file with 10,000 items (their own content, no links): bounded",
            ["extract", "many.xml", "-o", "out.jsonl"],
            _many_items,
            exit=(0, 1),
            kept={"Item0 ": "many.xml:1"},
            outputs=("out.jsonl",),
            timeout=120,
        ),
        Case(
            "empty-feed-url",
            "a URL answering an empty body labelled RSS is named",
            ["extract", "{url}/empty-feed", "good.txt"],
            _files(**GOOD),
            env=ALLOW,
            named=("{url}/empty-feed",),
            kept=KEEP_GOOD,
        ),
        Case(
            "xxe",
            "a feed with an external entity (file:///etc/passwd): never in the output",
            ["extract", "xxe.xml"],
            _xxe,
            exit=(0, 1),
            absent=("root:x:0:0",),
        ),
        # --- concurrency -------------------------------------------------------------------------
        Case(
            "two-analyze-one-store",
            "two analyze runs on one store at once: both finish, every document stored",
            ["analyze", "a.txt", "--store", STORE, "--workers", "1"],
            _files(**{"a.txt": good_text("Concurrenta"), "b.txt": good_text("Concurrentb")}),
            parallel=[["analyze", "b.txt", "--store", STORE, "--workers", "1"]],
            exit=(0,),
            kept={"Concurrenta": "a.txt", "Concurrentb": "b.txt"},
            store=STORE,
            documents=2,
            timeout=240,
        ),
    ]


# --- the local server -----------------------------------------------------------------------


class BadSite:
    """What the benchmark's local server serves, and how often each path was asked for.

    /page               a good article page
    /redirect-loopback  302 to /page on 127.0.0.1
    /trickle            its status line one byte every 0.5 s (for up to 2 minutes)
    /bomb               Content-Encoding: gzip, inflating to 1 GB (1 MB sent)
    /feed-bomb.xml      an RSS feed whose one item links to /bomb
    /gzip-as-html       gzip bytes labelled text/html, no Content-Encoding
    /empty-feed         an empty body labelled application/rss+xml
    /endless            a page whose body never ends (110 bytes every 0.1 s, for 2 minutes)
    anything else       404
    """

    def __init__(self) -> None:
        self.base = ""
        self.hits: Counter[str] = Counter()
        self._bomb: bytes | None = None

    def bomb(self) -> bytes:
        if self._bomb is None:
            squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
            block = b" " * 2**20
            self._bomb = b"".join(squeeze.compress(block) for _ in range(1024)) + squeeze.flush()
        return self._bomb


def _handler(site: BadSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: PLR0912 - one branch per route
            path = self.path.split("?")[0]
            site.hits[path] += 1
            try:
                if path == "/trickle":
                    self._trickle()
                elif path == "/page":
                    self._send(200, good_html("Servedpage").encode(), "text/html; charset=utf-8")
                elif path == "/redirect-loopback":
                    self._send(302, b"", "text/plain", {"Location": f"{site.base}/page"})
                elif path == "/bomb":
                    self._send(200, site.bomb(), "text/html", {"Content-Encoding": "gzip"})
                elif path == "/feed-bomb.xml":
                    feed = rss_feed([rss_item(f"{site.base}/bomb", "Bomb")])
                    self._send(200, feed.encode(), "application/rss+xml")
                elif path == "/empty-feed":
                    self._send(200, b"", "application/rss+xml")
                elif path == "/endless":
                    self._endless()
                elif path == "/gzip-as-html":
                    self._send(200, gzip.compress(good_html("Gzipped").encode()), "text/html")
                else:
                    self._send(404, b"not found", "text/plain")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up: as intended

        def _send(
            self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _trickle(self) -> None:
            started = time.monotonic()
            for byte in b"HTTP/1.1 200 OK\r\n" * 100:
                if time.monotonic() - started > 120:
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>")
            started = time.monotonic()
            while time.monotonic() - started < 120:
                self.wfile.write(b"more words " * 10)
                self.wfile.flush()
                time.sleep(0.1)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_bad_site() -> Iterator[BadSite]:
    """The local server of the corpus (routes in `BadSite`), in a thread, until the block ends."""
    from tests.local_server import serving

    site = BadSite()
    with serving(_handler(site)) as base:
        site.base = base
        yield site


# --- writing the corpus -------------------------------------------------------------------------


def make_case(case: Case, folder: Path, url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if case.make is not None:
        case.make(folder, url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the bad-input corpus into a folder.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the local server's base")
    parser.add_argument("--only", action="append", help="only this case (repeatable)")
    args = parser.parse_args(argv)
    chosen = [c for c in cases() if not args.only or c.name in args.only]
    for case in chosen:
        make_case(case, args.out / case.name, args.url)
    manifest = [c.to_json(args.url) for c in chosen]
    (args.out / "cases.json").write_text(
        json.dumps(manifest, indent=2, default=repr), encoding="utf-8"
    )
    print(f"{len(chosen)} case(s) written to {args.out}")


if __name__ == "__main__":
    main()
