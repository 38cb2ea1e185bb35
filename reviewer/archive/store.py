"""Writing an archived report's derived records (``reviewer.similarity.archive`` holds the file):
its fingerprint arrays, its row of the candidate index and its organ's template buckets, plus the
archive-wide template counts every later batch starts from (§7 内容雷同: template wording shared by
many organs is not copying)."""

from __future__ import annotations

import sqlite3
import zlib

import numpy as np

from reviewer.archive.records import encode
from reviewer.similarity.fingerprint import Fingerprint
from reviewer.similarity.template import BUCKET_BITS, report_buckets

SAMPLE = 4  # the candidate index's 1-in-k n-gram sample (``analyse.Params.sample``)
def pack_ints(a: np.ndarray) -> bytes:
    return zlib.compress(np.ascontiguousarray(a, dtype="<i4").tobytes(), 1)


def unpack_ints(b: bytes) -> np.ndarray:
    return np.frombuffer(zlib.decompress(b), dtype="<i4")


def store_fingerprint(db: sqlite3.Connection, rid: int, sha256: str, fp: Fingerprint) -> None:
    """Inside the caller's transaction: the records of report ``rid``."""
    from reviewer.similarity.analyse import index_row

    db.executemany("INSERT OR REPLACE INTO fp_arrays(rid, name, dtype, shape, codec, data) VALUES (?,?,?,?,?,?)",
                   [(rid, *r) for r in encode(fp)])
    db.execute("INSERT OR REPLACE INTO fp_index(rid, sha256, organ_key, year, sample, keys) VALUES (?,?,?,?,?,?)",
               (rid, sha256, fp.key, fp.year, SAMPLE, pack_ints(index_row(fp, SAMPLE))))
    row = db.execute("SELECT buckets FROM organ_template WHERE organ_key = ?", (fp.key,)).fetchone()
    b = report_buckets(fp.thashes)
    if row is not None:
        b = np.union1d(unpack_ints(row[0]), b).astype(np.int32)
    db.execute("INSERT OR REPLACE INTO organ_template(organ_key, buckets) VALUES (?, ?)", (fp.key, pack_ints(b)))
    db.execute("DELETE FROM archive_meta WHERE key IN ('template_counts', 'template_generation')")


def generation(db: sqlite3.Connection) -> str:
    n, top = db.execute("SELECT COUNT(*), MAX(rid) FROM fp_index").fetchone()
    return f"{n}:{top}"


def template_counts(db: sqlite3.Connection) -> np.ndarray:
    """For each template bucket, how many organs of the archive use it (cached in the file by
    ``refresh_template_counts``; summed from the organs' buckets when the cache is stale)."""
    gen = generation(db)
    rows = dict(db.execute("SELECT key, value FROM archive_meta WHERE key IN ('template_counts', 'template_generation')"))
    if rows.get("template_generation") == gen and "template_counts" in rows:
        return np.frombuffer(zlib.decompress(rows["template_counts"]), dtype="<i4").astype(np.int32)
    counts = np.zeros(1 << BUCKET_BITS, dtype=np.int32)
    chunk: list[np.ndarray] = []
    for (b,) in db.execute("SELECT buckets FROM organ_template"):
        chunk.append(unpack_ints(b))
        if sum(len(c) for c in chunk) > 4_000_000:
            counts += np.bincount(np.concatenate(chunk), minlength=1 << BUCKET_BITS).astype(np.int32)
            chunk = []
    if chunk:
        counts += np.bincount(np.concatenate(chunk), minlength=1 << BUCKET_BITS).astype(np.int32)
    return counts


def refresh_template_counts(db: sqlite3.Connection) -> None:
    """Store the archive-wide template counts for the archive as it is (one transaction)."""
    with db:
        db.execute("DELETE FROM archive_meta WHERE key IN ('template_counts', 'template_generation')")
        gen = generation(db)  # read inside the write transaction: no other writer adds meanwhile
        counts = template_counts(db)
        db.executemany("INSERT INTO archive_meta(key, value) VALUES (?, ?)",
                       [("template_counts", zlib.compress(counts.astype("<i4").tobytes(), 6)), ("template_generation", gen)])
