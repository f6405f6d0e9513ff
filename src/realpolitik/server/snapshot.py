"""What the dashboard reads: a private, read-only snapshot of the store, kept current.

DuckDB lets one process write a database file and no other process open it meanwhile, not
even to read. A dashboard that kept the store open would stop `realpolitik analyze --store`
from writing; one that opened it per request would fail while analyze runs. So `serve`
reads a copy:

- the store's file (and its write-ahead log, if any) is copied under a shared lock held
  only for the copy; a writer starting just then waits for it (`Store` waits for a lock up
  to `Settings.lock_wait`, 10 minutes for a writer by default) and is never refused;
- corpus tables the store lacks (documents analyzed without `--store` building them, or
  an older schema) are built in the copy, never in the user's file;
- the copy is opened read-only and every request reads it on a cursor of its own;
- every `CHECK_EVERY` seconds the store's file is looked at; when it has changed and no
  writer holds it, a new copy is taken and swapped in. While a writer holds it, pages keep
  showing the last copy, and say so (`status()`). `analyze --store` holds the file only
  while it commits a batch, so during a long run the copy follows it batch by batch
  (docs/concurrency.md).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from ..store import Store, StoreError
from ..store.store import lock_holder

CHECK_EVERY = 5.0  # seconds between looks at the store's file


class StoreBusy(RuntimeError):
    """No snapshot yet, and the store is held by a writer: try again in a few seconds."""


@dataclass(frozen=True)
class _Version:
    mtime_ns: int
    size: int
    wal: int  # size of the write-ahead log, -1 when there is none


@dataclass
class _Copy:
    store: Store
    path: Path
    version: _Version
    taken_at: datetime
    documents: int


class Snapshot:
    """The store at `path`, as the dashboard reads it. `reader()` gives a `Store` for one
    request; `refresh()` takes a new copy when the file changed (called by a background
    thread once `start()`ed, and by `reader()` when there is no copy yet)."""

    def __init__(self, path: str | Path, *, workdir: str | Path | None = None) -> None:
        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise StoreError(
                f"no store at {self.path}: analyze articles into it first "
                "(`realpolitik analyze INPUTS --store FILE`)"
            )
        self._dir = Path(tempfile.mkdtemp(prefix="realpolitik-serve-", dir=workdir))
        self._lock = threading.Lock()  # one refresh at a time
        self._current: _Copy | None = None
        self._retired: list[_Copy] = []
        self._busy: str | None = None  # why the last look could not copy
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._warming: threading.Thread | None = None
        self.on_swap: list = []  # called with the new generation once a copy is swapped in

    # --- reading -----------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A store for one request, on its own cursor of the current copy."""
        current = self._current
        if current is None:
            self.refresh()
            current = self._current
            if current is None:
                raise StoreBusy(
                    f"{self.path} is being written by another process ({self._busy}); "
                    f"the dashboard shows it once the writer pauses: retry in "
                    f"{CHECK_EVERY:.0f} s"
                )
        store = current.store.cursor()
        try:
            yield store
        finally:
            store.close()

    @property
    def generation(self) -> int:
        """Counts the copies taken: a cache of query results is valid for one generation."""
        return self._generation

    def status(self) -> dict[str, object]:
        c = self._current
        return {
            "store": str(self.path),
            "snapshot_taken": c.taken_at.isoformat(timespec="seconds") if c else None,
            "documents": c.documents if c else 0,
            "writer_active": self._busy is not None,
            "writer": self._busy,
            "stale": c is not None and self._busy is not None,
        }

    # --- refreshing --------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take a new copy if the store changed since the last one and no writer holds it.
        Returns whether a new copy was swapped in."""
        if self._warming is not None:  # the last warm-up reads a copy a swap may retire
            self._warming.join(timeout=60)
        with self._lock:
            version = self._version()
            if self._current is not None and version == self._current.version:
                self._busy = None
                return False
            target = self._dir / f"snapshot-{self._generation + 1}.duckdb"
            try:
                version = self._copy_to(target)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot read store {self.path}: {exc}") from exc
                self._busy = lock_holder(str(exc))
                return False
            self._busy = None
            store = _prepare(target)
            [(docs,)] = store.con.execute("SELECT count(*) FROM corpus_documents").fetchall()
            old, self._current = self._current, _Copy(store, target, version, datetime.now(), docs)
            self._generation += 1
            generation = self._generation
            self._retire(old)
        if self.on_swap:  # in the background: requests are served meanwhile
            self._warming = threading.Thread(
                target=self._warm, args=(generation,), name="snapshot-warm", daemon=True
            )
            self._warming.start()
        return True

    def _warm(self, generation: int) -> None:
        for warm in self.on_swap:
            if generation != self._generation or self._stop.is_set():
                return  # a newer copy arrived, or the server stops: nothing to warm
            try:
                warm(generation)
            except Exception:  # noqa: BLE001 - a warm-up is an optimisation only
                pass

    def start(self, every: float = CHECK_EVERY) -> None:
        """Look at the store every `every` seconds in a background thread."""

        def loop() -> None:
            while not self._stop.wait(every):
                try:
                    self.refresh()
                except Exception as exc:  # noqa: BLE001 - keep serving the last copy
                    self._busy = f"refresh failed: {exc}"

        self._thread = threading.Thread(target=loop, name="snapshot-refresh", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        for thread in (self._thread, self._warming):  # a warm-up stops between two pages
            if thread is not None:
                thread.join(timeout=30)
        with self._lock:
            for c in [*self._retired, *([self._current] if self._current else [])]:
                c.store.close()
            self._current, self._retired = None, []
        shutil.rmtree(self._dir, ignore_errors=True)

    def _version(self) -> _Version:
        st = self.path.stat()
        wal = Path(f"{self.path}.wal")
        return _Version(st.st_mtime_ns, st.st_size, wal.stat().st_size if wal.exists() else -1)

    def _copy_to(self, target: Path) -> _Version:
        """Copy the file under a shared lock: no writer can start while it is held, and
        a writer that holds the file makes this raise (duckdb.IOException, "lock")."""
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            version = self._version()
            shutil.copyfile(self.path, target)
            wal = Path(f"{self.path}.wal")
            if wal.exists():  # a writer that did not checkpoint: its log is part of the data
                shutil.copyfile(wal, f"{target}.wal")
        finally:
            con.close()
        return version

    def _retire(self, old: _Copy | None) -> None:
        """Requests still reading the previous copy keep their cursors; it is closed one
        refresh later, and its file removed (an open file outlives its name on POSIX)."""
        for c in self._retired:
            c.store.close()
            for p in (c.path, Path(f"{c.path}.wal")):
                p.unlink(missing_ok=True)
        self._retired = [old] if old else []


def _prepare(target: Path) -> Store:
    """Bring the copy's schema and corpus tables up to date, then open it read-only."""
    from ..corpus import build, pending_documents

    with Store(target) as rw:  # the private copy: migrating and building here is harmless
        if pending_documents(rw):
            build(rw)
        rw.con.execute("CHECKPOINT")
    return Store(target, read_only=True)
