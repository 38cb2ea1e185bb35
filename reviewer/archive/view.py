"""What a batch is compared against in a stored archive (§7 内容雷同, C201–C205).

``ArchiveView`` holds the candidate index of the whole archive (each report's sampled n-gram keys,
organ key, year and path) and the archive-wide template counts; ``analyse_fingerprints`` places
every archived report in its pool as a ``StoredFingerprint``, fits the template model from the
stored counts and searches candidates on the stored keys. A report's fingerprint is read only when
the alignment compares with it (the same-organ history of a batch report, a candidate found) and
kept in a bounded cache; its document is a ``StoredDocument``, read only when its text is needed (a
passage verified or shown). The results equal those of comparing with every archived report's
fingerprint rebuilt from its document."""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
from typing import Any

import numpy as np

from reviewer.archive.records import decode
from reviewer.archive.store import template_counts, unpack_ints
from reviewer.similarity.analyse import index_row
from reviewer.similarity.fingerprint import Fingerprint
from reviewer.similarity.template import report_buckets

_CONNS: dict[tuple[str, int], sqlite3.Connection] = {}


def connection(path: str) -> sqlite3.Connection:
    """This process's reading connection to archive ``path`` (a forked alignment worker opens its own)."""
    key = (path, os.getpid())
    if key not in _CONNS:
        _CONNS[key] = sqlite3.connect(path, timeout=120.0, check_same_thread=False)
    return _CONNS[key]


def _document(path: str, rid: int) -> Any:
    from reviewer.similarity.archive import load_doc

    row = connection(path).execute("SELECT doc FROM reports WHERE rowid = ?", (rid,)).fetchone()
    if row is None:
        raise KeyError(f"archive {path}: report {rid} is gone")
    return load_doc(row[0])


class StoredDocument:
    """An archived ``Document`` read on first use of anything but its identity."""

    __slots__ = ("_db", "_rid", "_doc", "sha256", "path", "organ", "year")

    def __init__(self, db: str, rid: int, sha256: str, path: str, organ: str | None, year: int | None) -> None:
        self._db, self._rid, self._doc = db, rid, None
        self.sha256, self.path, self.organ, self.year = sha256, path, organ, year

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self._doc is None:
            self._doc = _document(self._db, self._rid)
        return getattr(self._doc, name)

    def __reduce__(self) -> tuple:
        return (_document, (self._db, self._rid))


class StoredFingerprint:
    """An archived report in an analysis pool: its identity at hand, its fingerprint read from the
    file on first use of anything else and kept in its view's bounded cache (per process: forked
    alignment workers read what they align with themselves), so memory does not grow with the
    archive's history."""

    __slots__ = ("_view", "pos", "key", "year", "path", "organ")

    def __init__(self, view: ArchiveView, pos: int) -> None:
        self._view, self.pos = view, pos
        self.key, self.year, self.path, self.organ = view.keys[pos], view.years[pos], view.paths[pos], view.organs[pos]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._view.get(self.pos), name)


def load_fingerprints(db: sqlite3.Connection, path: str, rids: list[int]) -> list[Fingerprint]:
    """The stored fingerprints of reports ``rids``, in that order."""
    out: dict[int, Fingerprint] = {}
    for c in range(0, len(rids), 500):
        part = rids[c : c + 500]
        marks = ",".join("?" * len(part))
        recs: dict[int, list] = {}
        for rid, *rec in db.execute(f"SELECT rid, name, dtype, shape, codec, data FROM fp_arrays WHERE rid IN ({marks})", part):
            recs.setdefault(rid, []).append(tuple(rec))
        for rid, sha, p, organ, key, year in db.execute(
                f"SELECT rowid, sha256, path, organ, organ_key, year FROM reports WHERE rowid IN ({marks})", part):
            doc = StoredDocument(path, rid, sha, p, organ, year)
            out[rid] = decode(recs[rid], path=p, organ=organ, key=key, year=year, doc=doc)
    return [out[r] for r in rids]


class ArchiveView:
    CACHE = 512  # fingerprints kept per process (a batch report aligns with <= own_limit + top_k)

    def __init__(self, path: str, rows: list[tuple], flat: np.ndarray, offsets: np.ndarray, counts: np.ndarray) -> None:
        self.path = path
        self.rids = np.array([r[0] for r in rows], dtype=np.int64)
        self.shas = [r[1] for r in rows]
        self.keys = [r[2] for r in rows]
        self.years = [r[3] for r in rows]
        self.samples = np.array([r[4] for r in rows], dtype=np.int64)
        self.paths = [r[5] for r in rows]
        self.organs = [r[6] for r in rows]
        self.flat, self.offsets = flat, offsets  # the candidate index rows, concatenated
        self.counts = counts  # organs of the archive per template bucket
        self.live: list[int] = list(range(len(rows)))
        self.reads = 0  # fingerprints read from the file in this process
        self._cache: OrderedDict[int, Fingerprint] = OrderedDict()

    @classmethod
    def open(cls, db: sqlite3.Connection, path: str) -> ArchiveView:
        rows, parts = [], []
        for rid, sha, key, year, sample, blob, p, organ in db.execute(
                "SELECT i.rid, i.sha256, i.organ_key, i.year, i.sample, i.keys, r.path, r.organ"
                " FROM fp_index i JOIN reports r ON r.rowid = i.rid ORDER BY i.rid"):
            rows.append((rid, sha, key, year, sample, p, organ))
            parts.append(unpack_ints(blob))
        offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(x) for x in parts])
        flat = np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, np.int32)
        return cls(path, rows, flat, offsets, template_counts(db))

    def __len__(self) -> int:
        return len(self.rids)

    # -- the hooks of ``analyse_fingerprints`` -------------------------------------------------
    def stubs(self, seen: set[str]) -> list[StoredFingerprint]:
        """The archived reports that join the pool (a file also in the batch is compared as the
        batch's), in the order they were archived."""
        self.live = [i for i, s in enumerate(self.shas) if s not in seen]
        return [StoredFingerprint(self, i) for i in self.live]

    def index_rows(self, sample: int) -> list[np.ndarray]:
        """The candidate index rows of the pooled archived reports (rebuilt from the stored
        fingerprint where the index was sampled differently)."""
        return [self.flat[self.offsets[i] : self.offsets[i + 1]] if self.samples[i] == sample else index_row(self.get(i), sample)
                for i in self.live]

    def template_model(self, pool: list[Any], nb: int, by_key: dict[str, list[int]], p: Any) -> Any:
        """The template model ``TemplateModel.fit`` would learn from every pooled report: the
        stored archive counts, less the organs' buckets of archived reports left out of the pool,
        plus each batch organ's buckets its archived reports do not have."""
        from reviewer.similarity.template import TemplateModel

        tm = TemplateModel(p.template_share, p.template_min_organs).fit(np.zeros(0, np.uint64) for _ in by_key)
        counts = self.counts.copy()
        db = connection(self.path)
        live = set(self.live)
        dropped = {self.keys[i] for i in range(len(self.rids)) if i not in live}
        own: dict[str, np.ndarray] = {}
        for k in dropped:
            counts[self._organ_buckets(db, k)] -= 1
            rest = [pool[j].pos for j in by_key.get(k, []) if j >= nb]
            b = report_buckets(np.concatenate([self.get(i).thashes for i in rest])) if rest else np.zeros(0, np.int32)
            counts[b] += 1
            own[k] = b
        for k, idx in by_key.items():
            mine = [pool[j] for j in idx if j < nb]
            if not mine:
                continue
            b = report_buckets(np.concatenate([f.thashes for f in mine]))
            if any(j >= nb for j in idx):
                b = np.setdiff1d(b, own[k] if k in own else self._organ_buckets(db, k), assume_unique=True)
            counts[b] += 1
        tm.counts_ = counts
        return tm

    def fill(self, pool: list[Any], nb: int, by_key: dict[str, list[int]], cands: list[list[tuple[int, int]]]) -> None:
        """Before the alignment: read at once the fingerprints it compares with (the archived
        reports of each batch organ earlier than its latest batch year, and the candidates found)
        when they fit the cache; otherwise each is read where it is first needed."""
        need: set[int] = set()
        for idx in by_key.values():
            years = [pool[j].year for j in idx if j < nb and pool[j].year is not None]
            if years:
                top = max(years)
                need.update(pool[j].pos for j in idx if j >= nb and pool[j].year is not None and pool[j].year < top)
        need.update(pool[j].pos for c in cands for j, _ in c if j >= nb)
        if len(need) <= self.CACHE:
            order = sorted(need)
            for i, f in zip(order, self._load(order), strict=True):
                self._keep(i, f)

    # -- reading -------------------------------------------------------------------------------
    def get(self, pos: int) -> Fingerprint:
        """The fingerprint of archived report ``pos`` (read on a cache miss)."""
        f = self._cache.get(pos)
        if f is not None:
            self._cache.move_to_end(pos)
            return f
        (f,) = self._load([pos])
        self._keep(pos, f)
        return f

    def _keep(self, pos: int, f: Fingerprint) -> None:
        self._cache[pos] = f
        while len(self._cache) > self.CACHE:
            self._cache.popitem(last=False)

    def _load(self, positions: list[int]) -> list[Fingerprint]:
        self.reads += len(positions)
        return load_fingerprints(connection(self.path), self.path, [int(self.rids[i]) for i in positions])

    @staticmethod
    def _organ_buckets(db: sqlite3.Connection, key: str) -> np.ndarray:
        row = db.execute("SELECT buckets FROM organ_template WHERE organ_key = ?", (key,)).fetchone()
        return unpack_ints(row[0]) if row else np.zeros(0, np.int32)
