"""Near-duplicates: an article's MinHash signature, and the stored index that finds candidates.

A signature (`signature`) is the datasketch MinHash of the case-folded text's word 5-grams:
NUM_PERM values, kept as little-endian uint32 in `articles.minhash`. Locality-sensitive
hashing cuts it into `bands` bands of `rows` values; two texts whose signatures agree on a
whole band are candidates, and a candidate is a near-duplicate when the share of equal values
(the Jaccard estimate) reaches the threshold. The banding (`banding`) is chosen for recall: a
pair at the threshold is a candidate at least 95% of the time (10 x 12 for 0.9 and 128 values:
96.4%), where datasketch's MinHashLSH default (5 x 25) finds it 31% of the time. Every candidate
is compared exactly, so more candidates cost comparisons, never false flags; the articles
flagged are those an in-memory MinHashLSH(params=banding(threshold)) would flag.

The index lives in the store, not in memory: `article_bands` (migrations 7, 8) has one row per
band of every original (`band_keys`: the band's values hashed to 64 bits) with an ART index
on the key, written in the transaction that stores the articles. A batch looks its keys up in
one indexed query (`BandIndex.lookup`), so opening a store costs nothing whatever its size, and
a lookup costs index probes, not a scan. docs/near-duplicates.md has the measurements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import duckdb
import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHash

# The signature in articles.minhash: datasketch MinHash (affine32 scheme, seed 1) of the
# case-folded text's word 5-grams, stored as NUM_PERM little-endian uint32 values.
NUM_PERM = 128
SHINGLE_WORDS = 5
SIGNATURE_BYTES = 4 * NUM_PERM
_SEED, _SCHEME, _DTYPE = 1, "affine32", "<u4"
_WORD = re.compile(r"\w+")

# The band hash (`band_keys`) is a storage format, like the signature: never change it.
_U64 = np.uint64


def signature(text: str) -> LeanMinHash | None:
    """MinHash of the text's word 5-grams (case-folded); None for a text without words."""
    words = _WORD.findall(text.casefold())
    if not words:
        return None
    n = SHINGLE_WORDS
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(m)


def to_blob(sig: LeanMinHash) -> bytes:
    """The signature as `articles.minhash` keeps it."""
    return sig.hashvalues.astype(_DTYPE).tobytes()


def from_blob(blob: bytes) -> LeanMinHash:
    """A signature kept as `to_blob` writes it (e.g. computed on a Ray worker)."""
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(blob, dtype=_DTYPE), scheme=_SCHEME)


# The share of pairs exactly at the threshold that the banding must make candidates.
CANDIDATE_RECALL = 0.95


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """The probability that two signatures agreeing on a `jaccard` share of their values agree
    on at least one whole band: 1 - (1 - J**rows)**bands."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


@lru_cache
def banding(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) for `threshold`: the largest rows per band r, with NUM_PERM // r
    bands, that makes a pair at the threshold a candidate with probability CANDIDATE_RECALL or
    more (fewer, longer bands: fewer chance candidates). For 0.9: 10 x 12, 96.4% (9 x 13 would
    be 92.9%). datasketch's MinHashLSH picks 5 x 25 (31%), weighing false candidates as much as
    missed ones; here a false candidate only costs a comparison. A threshold no banding reaches
    (near 0) gets one value per band, the most candidates."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(
            f"near_duplicate_threshold {threshold} is not a Jaccard similarity: give one "
            "between 0 and 1 (0.9 by default)"
        )
    rows = max(
        (
            r
            for r in range(1, NUM_PERM + 1)
            if candidate_probability(threshold, NUM_PERM // r, r) >= CANDIDATE_RECALL
        ),
        default=1,
    )
    return NUM_PERM // rows, rows


def band_keys(values: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """The (n, bands) int64 keys of n signatures given as an (n, NUM_PERM) array: band j is
    values j*rows .. (j+1)*rows - 1, hashed. Equal bands give equal keys; unequal ones collide
    with odds of about 2**-64, and a collision only adds a candidate that is then compared."""
    n = len(values)
    cut = np.asarray(values, dtype=_U64)[:, : bands * rows].reshape(n, bands, rows)
    # seeded by the band's number, then a multiply-xorshift round per value (uint64 wraps)
    h = np.repeat(((np.arange(bands, dtype=_U64) + 1) * _U64(0x9E3779B97F4A7C15))[None], n, 0)
    for i in range(rows):
        h ^= cut[:, :, i]
        h *= _U64(0xFF51AFD7ED558CCD)
        h ^= h >> _U64(32)
    # splitmix64's finalizer
    h ^= h >> _U64(30)
    h *= _U64(0xBF58476D1CE4E5B9)
    h ^= h >> _U64(27)
    h *= _U64(0x94D049BB133111EB)
    h ^= h >> _U64(31)
    return h.view(np.int64)


def signature_matrix(blobs: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Stored signatures (a binary column without nulls) as an (n, NUM_PERM) uint32 array."""
    if isinstance(blobs, pa.ChunkedArray):
        blobs = blobs.combine_chunks()
    if len(blobs) == 0:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    wide = pa.types.is_large_binary(blobs.type)
    offsets = np.frombuffer(blobs.buffers()[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[blobs.offset : blobs.offset + len(blobs) + 1]
    if blobs.null_count or (np.diff(offsets) != SIGNATURE_BYTES).any():
        raise ValueError(
            f"articles.minhash holds a value that is not a {SIGNATURE_BYTES}-byte signature"
        )
    data = np.frombuffer(blobs.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view(_DTYPE).reshape(-1, NUM_PERM)


def backfill(con: duckdb.DuckDBPyConnection, bands: int, rows: int) -> None:
    """Fill `article_bands` from every stored original's signature, cut `bands` x `rows`: one
    INSERT ... SELECT through a vectorised function, so it streams and sees the transaction's
    own writes. Migration 7 runs it; so does `BandIndex` when the banding changes."""
    name = "realpolitik_band_keys"

    def keys(blobs: pa.ChunkedArray) -> pa.Array:
        flat = band_keys(signature_matrix(blobs), bands, rows).ravel()
        starts = np.arange(0, len(flat) + 1, bands, dtype=np.int32)
        return pa.ListArray.from_arrays(pa.array(starts), pa.array(flat))

    con.create_function(
        name, keys, [duckdb.sqltype("BLOB")], duckdb.sqltype("BIGINT[]"), type="arrow"
    )
    try:
        con.execute(
            f"INSERT INTO article_bands (key, id) SELECT unnest({name}(minhash)), id"
            " FROM articles WHERE duplicate_of IS NULL AND minhash IS NOT NULL"
        )
    finally:
        con.remove_function(name)
    con.execute("DELETE FROM article_band_scheme")
    con.execute(
        "INSERT INTO article_band_scheme (bands, rows_per_band) VALUES (?, ?)", [bands, rows]
    )


class BandIndex:
    """The stored originals' band keys (`article_bands`), seen through one connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, threshold: float) -> None:
        self._con = con
        self.threshold = threshold
        self.bands, self.rows = 0, 0  # the threshold's banding, known at the first lookup
        self._checked = False  # whether the stored keys are cut as this threshold needs

    def forget(self) -> None:
        """Check the banding again: a rolled-back transaction may have undone a rebuild."""
        self._checked = False

    def lookup(self, signatures: dict[str, LeanMinHash]) -> BatchLookup:
        """The stored candidates of a batch's signatures: one indexed query for all their keys,
        one for the candidates' signatures."""
        self._check_banding()
        ids = list(signatures)
        values = np.array([signatures[i].hashvalues for i in ids], dtype=np.uint32)
        keys = band_keys(values.reshape(-1, NUM_PERM), self.bands, self.rows)
        stored: dict[int, list[str]] = defaultdict(list)
        if keys.size:
            for key, id in self._con.execute(candidates_query(keys)).fetchall():
                stored[key].append(id)
        return BatchLookup(
            self,
            keys={id: row.tolist() for id, row in zip(ids, keys, strict=True)},
            stored=stored,
            signatures=self._signatures({id for found in stored.values() for id in found}),
            pending={i: np.asarray(s.hashvalues, dtype=np.uint32) for i, s in signatures.items()},
        )

    def add(self, ids: list[str], keys: list[list[int]]) -> None:
        """Index new originals: their band keys, in the caller's transaction."""
        if ids:
            table = pa.table(
                {
                    "key": pa.array([k for row in keys for k in row], pa.int64()),
                    "id": pa.array([i for i, row in zip(ids, keys, strict=True) for _ in row]),
                }
            )
            self._con.register("_bands", table)
            try:
                self._con.execute("INSERT INTO article_bands (key, id) SELECT key, id FROM _bands")
            finally:
                self._con.unregister("_bands")

    def _signatures(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored signatures of `ids`, through the primary key's index (as literals, as in
        `candidates_query`)."""
        wanted = ",".join(_sql_string(i) for i in ids)
        if not wanted:
            return {}
        rows = self._con.execute(
            f"SELECT id, minhash FROM articles WHERE id IN ({wanted}) AND minhash IS NOT NULL"
        ).fetchall()
        return {id: np.frombuffer(blob, dtype=_DTYPE) for id, blob in rows}

    def _check_banding(self) -> None:
        """Rebuild the stored keys, once, if they were cut for another threshold's banding."""
        if self._checked:
            return
        self.bands, self.rows = banding(self.threshold)
        found = self._con.execute("SELECT bands, rows_per_band FROM article_band_scheme").fetchall()
        if found != [(self.bands, self.rows)]:
            self._con.execute("DELETE FROM article_bands")
            backfill(self._con, self.bands, self.rows)
        self._checked = True


class BatchLookup:
    """One batch's near-duplicate search: its keys' stored candidates, and the originals it
    adds as it goes (an article may repeat one earlier in its own batch)."""

    def __init__(
        self,
        index: BandIndex,
        keys: dict[str, list[int]],
        stored: dict[int, list[str]],
        signatures: dict[str, np.ndarray],
        pending: dict[str, np.ndarray],
    ) -> None:
        self._index = index
        self._keys = keys
        self._candidates = stored  # key -> ids of the originals with that band key
        self._signatures = signatures  # of the candidates, then of this batch's originals
        self._pending = pending  # the batch's own signatures, by id
        self._added: list[str] = []

    def near_duplicate(self, id: str) -> str | None:
        """The most similar original sharing a band with article `id` whose Jaccard estimate
        reaches the threshold (the highest id among equals), if any."""
        sig = self._pending[id]
        found = {k for key in self._keys[id] for k in self._candidates.get(key, ())}
        scored = [
            (np.count_nonzero(sig == self._signatures[k]) / NUM_PERM, k)
            for k in found
            if k in self._signatures
        ]
        best = max(scored, default=None)
        return best[1] if best and best[0] >= self._index.threshold else None

    def add_original(self, id: str) -> None:
        """Article `id` of this batch is an original: later ones may repeat it."""
        self._signatures[id] = self._pending[id]
        for key in self._keys[id]:
            self._candidates.setdefault(key, []).append(id)
        self._added.append(id)

    def save(self) -> None:
        """Store the band keys of the batch's originals (after the articles themselves)."""
        self._index.add(self._added, [self._keys[i] for i in self._added])


def candidates_query(keys: np.ndarray) -> str:
    """The query for the stored originals that have one of `keys`. The keys are literals, not
    a list parameter: DuckDB probes an index for constants only, and scans the table else."""
    wanted = ",".join(str(k) for k in np.unique(keys).tolist())
    return f"SELECT DISTINCT key, id FROM article_bands WHERE key IN ({wanted})"


def _sql_string(value: str) -> str:
    """`value` as a DuckDB string literal (a NUL, which a literal cannot hold, as chr(0))."""
    return "'" + value.replace("'", "''").replace("\x00", "' || chr(0) || '") + "'"
