"""``--archive`` on a cluster (§7 内容雷同, C201–C206): the archived reports, read by the workers
from the archive's Parquet dataset (``reviewer.archive.parquet``; a SQLite archive is exported
into the run's scratch folder first), join the parts of their organs as the embedded analysis
pools them (``similarity.analyse.analyse_fingerprints`` with an ``ArchiveView``):

- an archived report whose file is also in the batch (same sha256) is left out;
- the others count in the template model, serve as same-organ history and as candidates (their
  stored candidate-index row), after every batch report in the pool's order (``fidx`` = batch
  size + archive position), and are never aligned or written themselves;
- an archived report joins a copied passage's group (C202) when it is the source of a copied
  passage of the batch and no batch report has its path (``similarity.groups.copy_groups``).

Each read task takes a slice of the archive's index; which archived reports the batch holds (by
sha256) or names (by path) is found by one ``overlap`` task per digest part, so no task holds the
digests of the whole batch or archive. The documents of archived reports are read from the dataset
only where their text is used (a passage verified or shown, a report's own latest earlier report). The template model
counts each archived organ's stored buckets (``organs.parquet``, read by the task whose slice holds
the organ's first report), so no archived report's template n-grams are rebuilt; only an organ with
a report left out (its file is in the batch) has its buckets summed from its other reports, as the
embedded ``ArchiveView.template_model`` does.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.distributed import spill
from reviewer.errors import OperationalError

SLICE = 256  # archived reports per read task (4 row groups of an exported dataset)


def digest(text: str) -> int:
    """A 64-bit digest of a path or sha256 (how a read task tells the archive its batch)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def dataset(archive: str, scratch: Path) -> tuple[str, int]:
    """(the Parquet dataset of ``archive``, its reports): the folder itself, or the SQLite file
    exported into ``scratch``."""
    from reviewer.archive.parquet import _pyarrow, check_dataset, export_parquet
    from reviewer.similarity.archive import Archive, ArchiveError

    src = Path(archive)
    try:
        if src.is_dir():
            ds = check_dataset(src).resolve()
        else:
            ds = scratch / "archive"
            with Archive(src, create=False) as arc:
                export_parquet(arc.db, ds)
        n = _pyarrow().parquet.ParquetFile(ds / "index.parquet").metadata.num_rows
    except ArchiveError:
        raise
    except (OSError, sqlite3.DatabaseError, ValueError) as e:
        raise OperationalError(f"存档无法读取 {archive} (cannot read the archive): {' '.join(str(e).split())[:200]}") from None
    return str(ds), int(n)


_FILES: dict[str, tuple[dict[str, Any], list[int] | None]] = {}


def _files(ds: str) -> tuple[dict[str, Any], list[int] | None]:
    """This process's open tables of dataset ``ds`` and, when their row groups hold the same
    reports (``parquet.ALIGNED``), where each row group starts in the archive's order."""
    from reviewer.archive.parquet import ALIGNED, TABLES, _pyarrow

    if ds not in _FILES:
        pq = _pyarrow().parquet
        files = {t: pq.ParquetFile(Path(ds) / f"{t}.parquet") for t in TABLES}
        groups = {f.metadata.num_row_groups for f in files.values()}
        idx, rep = files["index"].metadata, files["reports"].metadata
        aligned = (len(groups) == 1 and all(ALIGNED in (f.schema_arrow.metadata or {}) for f in files.values())
                   and all(idx.row_group(g).num_rows == rep.row_group(g).num_rows for g in range(idx.num_row_groups)))
        starts = np.cumsum([0] + [idx.row_group(g).num_rows for g in range(idx.num_row_groups)]).tolist() if aligned else None
        _FILES[ds] = (files, starts)
    return _FILES[ds]


def _rows(ds: str, table: str, columns: list[str], shas: list[str], group: int | None = None) -> list[dict[str, Any]]:
    """The rows of ``table`` of reports ``shas``: from row group ``group`` (an aligned dataset),
    otherwise filtered from the whole table."""
    from reviewer.archive.parquet import _pyarrow

    if not shas:
        return []
    if group is not None and group >= 0:
        want = set(shas)
        return [r for r in _files(ds)[0][table].read_row_group(group, columns=columns).to_pylist() if r["sha256"] in want]
    pq = _pyarrow().parquet
    return pq.read_table(Path(ds) / f"{table}.parquet", columns=columns, filters=[("sha256", "in", shas)]).to_pylist()


_DOCS: dict[tuple[str, str], Any] = {}


def load_document(ds: str, sha256: str, group: int = -1) -> Any:
    """The archived document ``sha256`` of dataset ``ds`` (in row group ``group`` when known; the
    last few kept per process)."""
    from reviewer.similarity.archive import load_doc

    doc = _DOCS.get((ds, sha256))
    if doc is None:
        rows = _rows(ds, "reports", ["sha256", "doc"], [sha256], group)
        if not rows:
            raise KeyError(f"archive {ds}: report {sha256} is gone")
        doc = _DOCS[(ds, sha256)] = load_doc(rows[0]["doc"])
        while len(_DOCS) > 64:
            _DOCS.pop(next(iter(_DOCS)))
    return doc


class ParquetDocument:
    """An archived ``Document`` read from the dataset on first use of anything but its identity
    (pickled as its reference, so a part's archived reports move without their texts)."""

    __slots__ = ("_ds", "_group", "sha256", "path", "organ", "year")

    def __init__(self, ds: str, group: int, sha256: str, path: str, organ: str | None, year: int | None) -> None:
        self._ds, self._group, self.sha256, self.path, self.organ, self.year = ds, group, sha256, path, organ, year

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(load_document(self._ds, self.sha256, self._group), name)

    def __reduce__(self) -> tuple:
        return (ParquetDocument, (self._ds, self._group, self.sha256, self.path, self.organ, self.year))


_ORGANS: dict[str, tuple[Any, list[tuple[int, int]] | None] | None] = {}


def organ_rows(ds: str, first: int, count: int) -> dict[str, np.ndarray]:
    """The stored template buckets of the organs whose first report is at ``first .. first +
    count - 1`` (row groups chosen by their range of ``first``); empty for a dataset without them."""
    from reviewer.archive.parquet import ORGANS, _pyarrow
    from reviewer.archive.store import unpack_ints

    if ds not in _ORGANS:
        path = Path(ds) / f"{ORGANS}.parquet"
        if not path.is_file():
            _ORGANS[ds] = None
        else:
            f = _pyarrow().parquet.ParquetFile(path)
            col = f.schema_arrow.get_field_index("first")
            ranges: list[tuple[int, int]] | None = []
            for g in range(f.metadata.num_row_groups):
                st = f.metadata.row_group(g).column(col).statistics
                if st is None or not st.has_min_max:
                    ranges = None
                    break
                ranges.append((int(st.min), int(st.max)))
            _ORGANS[ds] = (f, ranges)
    got = _ORGANS[ds]
    if got is None:
        return {}
    f, ranges = got
    groups = [g for g, (lo, hi) in enumerate(ranges) if hi >= first and lo < first + count] if ranges is not None else range(f.metadata.num_row_groups)
    out = {}
    for g in groups:
        for r in f.read_row_group(g, columns=["organ_key", "first", "buckets"]).to_pylist():
            if first <= r["first"] < first + count:
                out[r["organ_key"]] = unpack_ints(r["buckets"])
    return out


@dataclass
class Stored:
    """An archived report in a part: its place in the pool, fingerprint, stored candidate-index row
    (``None`` when sampled otherwise than the analysis samples) and whether it may join a group
    (no batch report has its path: ``overlap``)."""

    fidx: int
    fp: Any
    row: np.ndarray | None
    groupable: bool


@dataclass
class Slice:
    """What a read task gives one part: its archived reports (every one of the slice: those also in
    the batch are left out by ``make_part``, told by ``overlap``) and the stored template buckets
    of its organs whose first report is in the slice."""

    stored: list[Stored]
    organs: dict[str, np.ndarray]


def _split(values: np.ndarray, parts: int, *columns: np.ndarray) -> list[tuple[np.ndarray, ...] | None]:
    """``values`` (digests) and ``columns`` alongside, one tuple per digest part (``None``: none)."""
    at = values % parts
    out: list[tuple[np.ndarray, ...] | None] = []
    for d in range(parts):
        sel = at == d
        out.append((values[sel], *(c[sel] for c in columns)) if sel.any() else None)
    return out


def batch_digests(items: list[Any], parts: int) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """The digests of a read task's reviewed files, one piece per digest part (``digest % parts``):
    (sha256 digests, path digests) of that part."""
    docs = [it.doc for it in items if it.doc is not None]
    shas = _split(np.array([digest(d.sha256) for d in docs], dtype=np.int64), parts)
    paths = _split(np.array([digest(d.path) for d in docs], dtype=np.int64), parts)
    empty = np.zeros(0, np.int64)
    return [(s[0] if s else empty, q[0] if q else empty) if s or q else None for s, q in zip(shas, paths, strict=True)]


def read_archive(ds: str, first: int, count: int, n: int, parts: int, sample: int, scratch: str) -> spill.Pieces:
    """The archived reports ``first .. first + count - 1``: one ``Slice`` per part of their organs,
    then, per digest part, the (digest, place, organ part) of their sha256s and of their paths
    (what ``overlap`` matches with the batch's)."""
    from reviewer.archive.records import decode
    from reviewer.archive.store import unpack_ints
    from reviewer.distributed.stages import part_of

    files, starts = _files(ds)
    # (row group or -1, index rows) of the slice
    slices: list[tuple[int, list[dict[str, Any]]]] = []
    if starts is not None:
        for g in range(len(starts) - 1):
            if starts[g + 1] > first and starts[g] < first + count:
                rows = files["index"].read_row_group(g, columns=["sha256", "sample", "keys"]).to_pylist()
                lo = max(first, starts[g])
                slices.append((g, rows[lo - starts[g] : min(first + count, starts[g + 1]) - starts[g]]))
    else:
        at = 0
        rows = []
        for batch in files["index"].iter_batches(batch_size=1024, columns=["sha256", "sample", "keys"]):
            if at + batch.num_rows > first:
                rows += batch.slice(max(0, first - at), first + count - max(at, first)).to_pylist()
            at += batch.num_rows
            if at >= first + count:
                break
        slices.append((-1, rows))
    out = [Slice([], {}) for _ in range(parts)]
    for k, b in organ_rows(ds, first, count).items():
        out[part_of(k, parts)].organs[k] = b
    sha_d, path_d, place, where = [], [], [], []
    pos = first
    for g, index in slices:
        places = {r["sha256"]: pos + k for k, r in enumerate(index)}
        pos += len(index)
        meta = {r["sha256"]: r for r in _rows(ds, "reports", ["sha256", "path", "organ", "organ_key", "year"], list(places), g)}
        recs: dict[str, list] = {}
        for r in _rows(ds, "arrays", ["sha256", "name", "dtype", "shape", "codec", "data"], list(meta), g):
            recs.setdefault(r["sha256"], []).append((r["name"], r["dtype"], r["shape"], r["codec"], r["data"]))
        for r in index:
            m = meta[r["sha256"]]
            doc = ParquetDocument(ds, g, r["sha256"], m["path"], m["organ"], m["year"])
            fp = decode(recs[r["sha256"]], path=m["path"], organ=m["organ"], key=m["organ_key"], year=m["year"], doc=doc)
            row = unpack_ints(r["keys"]) if r["sample"] == sample else None
            q = part_of(fp.key, parts)
            out[q].stored.append(Stored(n + places[r["sha256"]], fp, row, True))
            sha_d.append(digest(r["sha256"]))
            path_d.append(digest(fp.path))
            place.append(n + places[r["sha256"]])
            where.append(q)
    fidx, organ_part = np.array(place, dtype=np.int64), np.array(where, dtype=np.int32)
    by_sha = _split(np.array(sha_d, dtype=np.int64), parts, fidx, organ_part)
    by_path = _split(np.array(path_d, dtype=np.int64), parts, fidx, organ_part)
    keys = [(s, q) if s or q else None for s, q in zip(by_sha, by_path, strict=True)]
    return spill.write_pieces(scratch, "archived", [*(x if x.stored or x.organs else None for x in out), *keys])


def overlap(d: int, parts: int, scratch: str, reads: list[spill.Pieces], stored: list[spill.Pieces]) -> spill.Pieces | None:
    """Digest part ``d``: the archived reports whose file is also in the batch (same sha256: left
    out of the pool) and those whose path a batch report has (may join no copy group), one
    ``(left out, no group)`` pair of place sets per organ part. Holds the batch's and the
    archive's digests of one digest part."""
    got = spill.column(reads, parts + d)
    if not got:
        return None
    shas = np.sort(np.concatenate([g[0] for g in got]))
    paths = np.sort(np.concatenate([g[1] for g in got]))
    out: list[tuple[set[int], set[int]]] = [(set(), set()) for _ in range(parts)]
    for by_sha, by_path in spill.column(stored, parts + d):
        for keys, table, k in ((by_sha, shas, 0), (by_path, paths, 1)):
            if keys is None or not len(table):
                continue
            h, fidx, q = keys
            at = np.minimum(np.searchsorted(table, h), len(table) - 1)
            for j in np.flatnonzero(table[at] == h):
                out[int(q[j])][k].add(int(fidx[j]))
    return spill.write_pieces(scratch, "overlap", [x if x[0] or x[1] else None for x in out])


def chosen_sources(*found: list[tuple[int, int, int, str]]) -> set[int]:
    """The archived reports that join the groups: of the archived sources of the batch's copied
    passages (``(report, passage, source, path)`` per passage, from every part), the first met
    of each path in batch order, as ``copy_groups`` pools them."""
    first: dict[str, tuple[int, int, int]] = {}
    for f in found:
        for q, k, s, path in f:
            if path not in first or (q, k) < first[path][:2]:
                first[path] = (q, k, s)
    return {s for _, _, s in first.values()}
