"""The archive as a Parquet dataset (pyarrow), for runs that read it from shared storage: the same
records as the SQLite file, one table per kind of record.

    DIR/reports.parquet   sha256, path, organ, organ_key, year, doc (zlib JSON), in archive order
    DIR/arrays.parquet    sha256, name, dtype, shape, codec, data (``reviewer.archive.records``)
    DIR/index.parquet     sha256, organ_key, year, sample, keys (the candidate index row)
    DIR/organs.parquet    organ_key, first, buckets: each organ's template buckets (``organ_template``),
                          ordered by ``first``, the archive position of the organ's first report

The archive-wide template counts are a sum of the organs' buckets: a reader adds them up
(``import_parquet`` stores them; a dataset without ``organs.parquet`` has the buckets rebuilt from
the reports' masked texts).
A dataset is written to a temporary folder and renamed into place, so a reader never sees half of one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.errors import MissingExtra

TABLES = ("reports", "arrays", "index")  # one row per report (or per record of one), in archive order
ORGANS = "organs"  # one row per organ, in the order of its first report


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("Parquet 需要 pyarrow：pip install 'reviewer[dist]' / the Parquet archive needs pyarrow") from None
    return pyarrow


GROUP = 64  # reports per row group; row group ``g`` of every table in ``TABLES`` holds the same reports
ORGAN_GROUP = 64  # organs per row group of ``ORGANS`` (read by the range of ``first``)
ALIGNED = b"reviewer.group"  # schema metadata: the tables' row groups hold the same reports


def _schemas(pa: Any) -> dict[str, Any]:
    meta = {ALIGNED: str(GROUP).encode()}
    return {
        "reports": pa.schema([("sha256", pa.string()), ("path", pa.string()), ("organ", pa.string()), ("organ_key", pa.string()),
                              ("year", pa.int32()), ("doc", pa.binary())], metadata=meta),
        "arrays": pa.schema([("sha256", pa.string()), ("name", pa.string()), ("dtype", pa.string()), ("shape", pa.string()),
                             ("codec", pa.string()), ("data", pa.binary())], metadata=meta),
        "index": pa.schema([("sha256", pa.string()), ("organ_key", pa.string()), ("year", pa.int32()), ("sample", pa.int32()),
                            ("keys", pa.binary())], metadata=meta),
        ORGANS: pa.schema([("organ_key", pa.string()), ("first", pa.int64()), ("buckets", pa.binary())]),
    }


def export_parquet(db: sqlite3.Connection, out: str | Path) -> int:
    """Write the archive's records under ``out`` (replaced whole); returns the reports written.
    The reports are written ``GROUP`` at a time (one row group of each table), so neither the
    export nor a reader of one report holds the archive."""
    pa = _pyarrow()
    pq = pa.parquet
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    schemas = _schemas(pa)
    n = 0
    try:
        writers = {t: pq.ParquetWriter(tmp / f"{t}.parquet", schemas[t]) for t in TABLES}
        try:
            rids = [r for (r,) in db.execute("SELECT rowid FROM reports ORDER BY rowid")]
            for c in range(0, len(rids), GROUP):
                lo, hi = rids[c], rids[min(c + GROUP, len(rids)) - 1]
                rows = db.execute("SELECT rowid, sha256, path, organ, organ_key, year, doc FROM reports"
                                  " WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (lo, hi)).fetchall()
                sha_of = {r[0]: r[1] for r in rows}
                arr = db.execute("SELECT rid, name, dtype, shape, codec, data FROM fp_arrays WHERE rid BETWEEN ? AND ?"
                                 " ORDER BY rid, name", (lo, hi)).fetchall()
                idx = db.execute("SELECT rid, organ_key, year, sample, keys FROM fp_index WHERE rid BETWEEN ? AND ?"
                                 " ORDER BY rid", (lo, hi)).fetchall()
                tables = {
                    "reports": [r[1:] for r in rows],
                    "arrays": [(sha_of[r[0]], *r[1:]) for r in arr],
                    "index": [(sha_of[r[0]], *r[1:]) for r in idx],
                }
                for t, recs in tables.items():
                    cols = list(zip(*recs, strict=True)) if recs else [[] for _ in schemas[t]]
                    writers[t].write_table(pa.table(dict(zip(schemas[t].names, cols, strict=True)), schema=schemas[t]),
                                           row_group_size=max(1, len(recs)))
                n += len(rows)
        finally:
            for w in writers.values():
                w.close()
        _write_organs(db, rids, tmp / f"{ORGANS}.parquet", schemas[ORGANS])
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return n


def _write_organs(db: sqlite3.Connection, rids: list[int], path: Path, schema: Any) -> None:
    """The organs' template buckets, ordered by the archive position of each organ's first report."""
    pa = _pyarrow()
    at = {r: k for k, r in enumerate(rids)}
    firsts = dict(db.execute("SELECT organ_key, MIN(rid) FROM fp_index GROUP BY organ_key"))
    keys = sorted((k for k in firsts if firsts[k] in at), key=lambda k: at[firsts[k]])
    with pa.parquet.ParquetWriter(path, schema) as w:
        for c in range(0, max(1, len(keys)), ORGAN_GROUP):
            part = keys[c : c + ORGAN_GROUP]
            marks = ",".join("?" * len(part))
            got = dict(db.execute(f"SELECT organ_key, buckets FROM organ_template WHERE organ_key IN ({marks})", part)) if part else {}
            part = [k for k in part if k in got]
            w.write_table(pa.table({"organ_key": part, "first": [at[firsts[k]] for k in part], "buckets": [got[k] for k in part]},
                                   schema=schema), row_group_size=max(1, len(part)))


def check_dataset(src: str | Path) -> Path:
    """``src`` when it holds the three tables of an archive dataset."""
    src = Path(src)
    missing = [f"{t}.parquet" for t in TABLES if not (src / f"{t}.parquet").is_file()]
    if missing:
        from reviewer.similarity.archive import ArchiveError

        raise ArchiveError(f"{src} 不是存档的 Parquet 数据集（缺 {', '.join(missing)}） / not an archive dataset (missing {', '.join(missing)})")
    return src


def import_parquet(db: sqlite3.Connection, src: str | Path) -> tuple[int, int]:
    """Add the reports of dataset ``src`` not yet in the archive (by sha256), in one transaction;
    returns (added, already stored)."""
    from reviewer.archive.store import pack_ints, refresh_template_counts, unpack_ints
    from reviewer.similarity.shingle import N_TEMPLATE, shingles
    from reviewer.similarity.template import report_buckets

    pq = _pyarrow().parquet
    src = check_dataset(src)
    reports = pq.read_table(src / "reports.parquet").to_pylist()
    arrays: dict[str, list[tuple]] = {}
    for r in pq.read_table(src / "arrays.parquet").to_pylist():
        arrays.setdefault(r["sha256"], []).append((r["name"], r["dtype"], r["shape"], r["codec"], r["data"]))
    index = {r["sha256"]: r for r in pq.read_table(src / "index.parquet").to_pylist()}
    organs = ({r["organ_key"]: r["buckets"] for r in pq.read_table(src / f"{ORGANS}.parquet", columns=["organ_key", "buckets"]).to_pylist()}
              if (src / f"{ORGANS}.parquet").is_file() else {})
    added = skipped = 0
    with db:
        for r in reports:
            cur = db.execute("INSERT OR IGNORE INTO reports(sha256, path, organ, organ_key, year, doc, hashes) VALUES (?,?,?,?,?,?,?)",
                             (r["sha256"], r["path"], r["organ"], r["organ_key"], r["year"], r["doc"], b""))
            if cur.rowcount <= 0:
                skipped += 1
                continue
            added += 1
            rid = cur.lastrowid
            recs = arrays[r["sha256"]]
            db.executemany("INSERT INTO fp_arrays(rid, name, dtype, shape, codec, data) VALUES (?,?,?,?,?,?)", [(rid, *x) for x in recs])
            ix = index[r["sha256"]]
            db.execute("INSERT INTO fp_index(rid, sha256, organ_key, year, sample, keys) VALUES (?,?,?,?,?,?)",
                       (rid, r["sha256"], ix["organ_key"], ix["year"], ix["sample"], ix["keys"]))
            if ix["organ_key"] in organs:  # the organ's stored buckets (every report of it in the dataset)
                b = unpack_ints(organs[ix["organ_key"]])
            else:
                masked = next(zlib.decompress(x[4]).decode("utf-8") for x in recs if x[0] == "masked")
                b = report_buckets(shingles(masked, N_TEMPLATE))
            row = db.execute("SELECT buckets FROM organ_template WHERE organ_key = ?", (ix["organ_key"],)).fetchone()
            if row is not None:
                b = np.union1d(unpack_ints(row[0]), b).astype(np.int32)
            db.execute("INSERT OR REPLACE INTO organ_template(organ_key, buckets) VALUES (?, ?)", (ix["organ_key"], pack_ints(b)))
        refresh_template_counts(db)
    return added, skipped
