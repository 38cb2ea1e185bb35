"""SQLite archive of parsed reports, so next year's batch is compared with last year's reports without
the old files (§7 内容雷同: copying from the organ's own past and from other organs, C201–C205).

A report is stored once, when it is archived: the parsed document (JSON, zlib-compressed: text,
sections, sentences, tables with their offsets), its fingerprint as typed binary arrays
(``reviewer.archive.records``), its row of the cross-organ candidate index (the sampled n-gram keys)
and its organ's template n-gram buckets. A later batch reads the candidate index and the template
counts of the whole archive, the fingerprints of the same-organ history and of the candidates
found, and a stored document only where a passage must be shown (``reviewer.archive.view``).

An archive written by a release that kept only the documents is refused until
``reviewer archive upgrade --archive FILE`` adds the stored fingerprints (one transaction)."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from reviewer.errors import OperationalError
from reviewer.model import Cell, Chrome, Document, Paragraph, Section, Sentence, Table
from reviewer.similarity.fingerprint import Fingerprint, fingerprint
from reviewer.similarity.organs import organ_key

SCHEMA_VERSION = 2
REPORTS = """
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    organ TEXT,
    organ_key TEXT NOT NULL,
    year INTEGER,
    doc BLOB NOT NULL,
    hashes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_organ ON reports(organ_key, year);
"""
# rid is the rowid of the report in ``reports``: the order reports join an analysis in
STORED = """
CREATE TABLE IF NOT EXISTS fp_arrays (
    rid INTEGER NOT NULL, name TEXT NOT NULL, dtype TEXT NOT NULL, shape TEXT NOT NULL, codec TEXT NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (rid, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fp_index (
    rid INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, organ_key TEXT NOT NULL, year INTEGER,
    sample INTEGER NOT NULL, keys BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS fp_index_organ ON fp_index(organ_key, year);
CREATE TABLE IF NOT EXISTS organ_template (organ_key TEXT PRIMARY KEY, buckets BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS archive_meta (key TEXT PRIMARY KEY, value BLOB);
"""


def doc_from_dict(d: dict[str, Any]) -> Document:
    def build(cls, x):
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in x.items() if k in names})

    doc = Document(
        path=d["path"], sha256=d["sha256"], text=d["text"], format=d.get("format", "txt"), organ=d.get("organ"),
        year=d.get("year"), era=d.get("era"), title=d.get("title", ""), published=d.get("published"),
        meta=d.get("meta") or {},
    )
    doc.sections = [build(Section, s) for s in d.get("sections", [])]
    doc.paragraphs = [build(Paragraph, p) for p in d.get("paragraphs", [])]
    doc.sentences = [build(Sentence, s) for s in d.get("sentences", [])]
    doc.chrome = [build(Chrome, c) for c in d.get("chrome", [])]
    doc.doc_type = d.get("doc_type") or "report"
    doc.tables = [
        Table(t["start"], t["end"], [[build(Cell, c) for c in row] for row in t["rows"]], t.get("caption", ""), t.get("source", ""))
        for t in d.get("tables", [])
    ]
    return doc


def doc_blob(doc: Document) -> bytes:
    d = doc.to_dict()
    d["meta"] = json.loads(json.dumps(d.get("meta") or {}, ensure_ascii=False, default=str))
    return zlib.compress(json.dumps(d, ensure_ascii=False).encode("utf-8"), 6)


def load_doc(blob: bytes) -> Document:
    return doc_from_dict(json.loads(zlib.decompress(blob)))


class ArchiveError(OperationalError):
    """The archive file cannot be used; the message names the file and the reason."""


class OldArchive(ArchiveError):
    """An archive without stored fingerprints: ``reviewer archive upgrade`` adds them."""


class Archive:
    """One SQLite file. Write-ahead logging lets readers work while a writer adds; a second
    concurrent writer waits for the first (busy timeout) instead of failing with "database is
    locked", and ``add`` commits report by report (the document, its fingerprint, its index row and
    its organ's template buckets in one transaction), so an interrupted run keeps what it stored and
    a rerun adds the rest (rows are keyed by the file's sha256)."""

    BUSY_TIMEOUT_S = 120.0

    def __init__(self, path: str | Path, create: bool = True, upgrade: bool = False) -> None:
        p = Path(path)
        self.path = p
        if not create and not p.exists():
            raise ArchiveError(f"archive {p} does not exist")
        if p.exists() and p.is_dir():
            raise ArchiveError(f"archive {p} is a folder, not a SQLite file")
        try:
            self.db = sqlite3.connect(str(p), timeout=self.BUSY_TIMEOUT_S)
            cols, tables = self._open(create)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"archive {p} is not a reviewer archive ({e})") from None
        if not {"sha256", "organ_key", "doc"} <= cols:
            self.db.close()
            raise ArchiveError(f"archive {p} is not a reviewer archive (no table of stored reports)")
        self.old = "fp_index" not in tables
        if self.old and not upgrade:
            self.db.close()
            raise OldArchive(f"存档 {p} 为旧格式（未存指纹），请先运行 reviewer archive upgrade --archive {p}"
                             f" / archive {p} has no stored fingerprints: run `reviewer archive upgrade --archive {p}` once")
        self._dirty = False

    def _open(self, create: bool) -> tuple[set[str], set[str]]:
        """Columns of the reports table and the tables; a new (empty) file is made an archive first,
        another database never is. Switching a new file to WAL needs the file to itself, which
        SQLite's busy handler does not wait for when two runs create the same archive at once: that
        step is retried until the busy timeout."""
        import time

        deadline = time.monotonic() + self.BUSY_TIMEOUT_S
        while True:
            try:
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not tables and create:
                    self.db.execute("PRAGMA journal_mode=WAL")
                    self.db.executescript("BEGIN;" + REPORTS + STORED + "COMMIT;")
                    self.db.execute("INSERT OR IGNORE INTO archive_meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    self.db.commit()
                    tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                return {r[1] for r in self.db.execute("PRAGMA table_info(reports)")}, tables
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._dirty:
            from reviewer.archive.store import refresh_template_counts

            refresh_template_counts(self.db)
        self.db.commit()
        self.db.close()

    def add(self, doc: Document) -> bool:
        """Store a parsed report; returns False when the same file (sha256) is already stored. The
        fingerprint is taken of the document as it is stored (what a later batch compares)."""
        from reviewer.archive.store import store_fingerprint

        blob = doc_blob(doc)
        fp = fingerprint(load_doc(blob))
        with self.db:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO reports(sha256, path, organ, organ_key, year, doc, hashes) VALUES (?,?,?,?,?,?,?)",
                (doc.sha256, doc.path, doc.organ, organ_key(doc.organ, doc.path), doc.year, blob, b""),
            )
            if cur.rowcount <= 0:
                return False
            store_fingerprint(self.db, cur.lastrowid, doc.sha256, fp)
        self._dirty = True
        return True

    def upgrade(self) -> int:
        """Add the stored fingerprints of an archive that holds only documents, in one transaction
        (an interrupted upgrade leaves the archive as it was); returns the reports fingerprinted."""
        from reviewer.archive.store import refresh_template_counts, store_fingerprint

        n = 0
        with self.db:
            self.db.executescript("BEGIN;" + STORED)
            self.db.execute("INSERT OR REPLACE INTO archive_meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            done = {r[0] for r in self.db.execute("SELECT rid FROM fp_index")}
            for rid, sha, blob in self.db.execute("SELECT rowid, sha256, doc FROM reports ORDER BY rowid").fetchall():
                if rid not in done:
                    store_fingerprint(self.db, rid, sha, fingerprint(load_doc(blob)))
                    n += 1
            self.db.execute("UPDATE reports SET hashes = x''")
            refresh_template_counts(self.db)
        self.old = False
        return n

    def list(self) -> list[tuple[str, str | None, str, int | None, str]]:
        return list(self.db.execute("SELECT sha256, organ, organ_key, year, path FROM reports ORDER BY organ_key, year, path"))

    def documents(self) -> list[Document]:
        return [load_doc(b) for (b,) in self.db.execute("SELECT doc FROM reports ORDER BY rowid")]

    def fingerprints(self) -> list[Fingerprint]:
        """Every stored fingerprint, read from the stored arrays (the whole archive in memory:
        ``view`` is what a batch compares against)."""
        from reviewer.archive.view import load_fingerprints

        rids = [r for (r,) in self.db.execute("SELECT rid FROM fp_index ORDER BY rid")]
        return load_fingerprints(self.db, str(self.path), rids)

    def view(self) -> Any:
        """What a batch is compared against: ``reviewer.archive.view.ArchiveView``."""
        from reviewer.archive.view import ArchiveView

        return ArchiveView.open(self.db, str(self.path))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
